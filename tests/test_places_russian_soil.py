"""Villages and the country on Russian soil in Russian-language reports: a village named with the
Russian raion or oblast it lies in is placed there, never at a Ukrainian namesake, and «России» is
Russia, not Ross' in Belarus. The sentences are quoted from the reports named beside them."""
from __future__ import annotations

import pytest

from wartrace import api


def _places(text: str) -> dict[str, dict]:
    return {p["text"]: p for p in api.analyse(text, language="ru").to_dict()["places"]}


@pytest.mark.parametrize("text,village", [
    # https://novideo.rbc.ru/politics/13/09/2022/632039879a794765f0b822fa
    ("Село Журавлевка в Белгородской области попало под обстрел, сообщил губернатор Вячеслав Гладков в Telegram.",
     "Журавлевка"),
    # http://www.sb.by/articles/selo-v-belgorodskoy-oblasti-rf-snova-obstrelyali-so-storony-ukrainy.html
    ("Со стороны Украины вновь обстреляно село Журавлевка в Белгородской области России.", "Журавлевка"),
    # https://nsn.fm/amp/incident/belgorodskii-gubernator-rasskazal-ob-obstrelah-regiona-za-poslednie-sutki
    ("По словам губернатора, ВСУ выпустили 11 артиллерийских снарядов по селу Журавлевка, три - по селу Устинка "
     "в Белгородском районе.", "Устинка"),
])
def test_a_village_named_with_its_russian_division_stays_in_russia(text, village):
    place = _places(text)[village]
    assert place["country"] == "RU" and place["admin1"] == "Belgorod Oblast"


@pytest.mark.parametrize("text", [
    # https://prufy.ru/news/chp/124068-ukraina_obstrelyala_dva_sela_belgorodskoy_oblasti_rossii
    "Украина обстреляла два села Белгородской области России – Головчино и Журавлевка.",
    # http://www.sb.by/articles/selo-v-belgorodskoy-oblasti-rf-snova-obstrelyali-so-storony-ukrainy.html
    "Со стороны Украины вновь обстреляно село Журавлевка в Белгородской области России.",
])
def test_russia_in_the_genitive_is_the_country(text):
    place = _places(text)["России"]
    assert (place["country"], place["feature"]) == ("RU", "country")


@pytest.mark.parametrize("text,raion,centre,oblast", [
    # https://nsn.fm/amp/incident/belgorodskii-gubernator-rasskazal-ob-obstrelah-regiona-za-poslednie-sutki
    ("Кроме того, минометному обстрелу и двум атакам с беспилотников подвергся хутор Лозовая Рудка в Борисовском "
     "районе.", "Борисовском районе", "Borisovka", "Belgorod Oblast"),
    # ru_uk_dev.yaml ru-513 (dev), https://www.gazeta.ru/army/news/2025/10/22/27009128.shtml
    ("Украинский беспилотник подорвал трактор с двумя мирными жителями на автодороге Гирьи — Песчаное в Беловском "
     "районе Курской области.", "Беловском районе", "Belaya", "Kursk Oblast"),
])
def test_a_russian_raion_is_placed_at_its_own_centre(text, raion, centre, oblast):
    """GeoNames lists no Russian raions: «Борисовском» is Borisovka's raion, not Barysaw (Belarus);
    «Беловском» is Belaya's, not Belovo (Kemerovo). data/places/russian_raions.yaml."""
    place = _places(text)[raion]
    assert (place["name"], place["country"], place["admin1"]) == (centre, "RU", oblast)
