"""Russian and Ukrainian events that did not happen as told: a trigger governed by a word of intent,
attempt or threat takes that modality, as English "wanted to kill", "tried to storm" and "threatened
to strike" do, and carries no toll of its own. Sentences quoted from the pages named."""
from __future__ import annotations

import pytest

from wartrace.api import analyse

CASES = [
    # https://ua.news/ru/war-vs-rf/okkupanty-nachali-obstrelivat-odesshhinu-iz-okkupirovannogo-kryma-vms-vsu
    ("«К сожалению, российские «мироносцы» и дальше пытаются подло обстреливать Одесщину из оккупированного "
     "Севастополя и Крыма, но Украинская ПВО останавливает их кровожадные планы», - говорится в сообщении.",
     "attempted"),
    # https://vgolos.ua/news/vorog-obstrilyav-ochakiv-kasetnimi-snaryadami_1419017.html
    ("“Ворог, крім відверто брехливої агітації, планує провокативні обстріли цивільного населення з метою "
     "звинувачення Збройних Сил України і створенні негативного іміджу української влади”, – інформує "
     "командування «Південь».", "planned"),
    # https://mykrym.net/world/nakanune-vtorzheniya-v-ukrainu-putin-prigrozil-dzhonsonu-raketnym-udarom
    ("Перед полномасштабным вторжением в Украину президент России Владимир Путин угрожал ракетным ударом "
     "тогдашнему премьер-министру Великобритании Борису Джонсону.", "threatened"),
    # https://censor.net/ua/news/3341393/rashysty_z_gradiv_obstrilyaly_prykordonni_terytoriyi_kryvorizkogo_rayionu_na_dnipropetrovschyni
    ("Протягом дня окупанти кілька разів з \"Градів\" обстріляли прикордонні території Криворізького району.",
     "happened"),
    # https://censor.net/ru/news/3341393/rashisty_iz_gradov_obstrelyali_prigranichnye_territorii_krivorojskogo_rayiona_dnepropetrovskoyi_oblasti
    ("Российские оккупанты 14 мая обстреливали территорию Днепропетровской области.", "happened"),
]


@pytest.mark.parametrize("text,modality", CASES, ids=[m + str(i) for i, (_, m) in enumerate(CASES)])
def test_intent_attempt_and_threat_are_not_happenings(text, modality):
    events = analyse(text).to_dict()["events"]
    assert events, text
    assert events[0]["modality"] == modality

