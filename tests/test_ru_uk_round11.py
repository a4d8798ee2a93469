"""Russian and Ukrainian perpetrator sides, eleventh round (issue 23): rules from the misses of batch 11
of tests/data/ru_uk_dev.yaml, labelled before the product was run on it and scored once blind (side
accuracy 0.813), then read as dev (each sentence quoted from the page its row gives as source_url; the
row id is beside it). Triggers: a raid («налёт»), a clearing completed, pushing back, infiltrating groups,
neutralising a drone, a strike carried out («здійснити удар») and a flag raised over a place; «поведать»
as a verb of report; the Unmanned Systems Forces as «СБС». Syntax: a downing's subject that natasha makes
an object before the verb, shared by a conjoined verb, and no subject in a counting adverb; a subject
after its verb past an ordinal in figures, or after a fronted object with adverbs or a prepositional
phrase between. Read from the contract JSON `wartrace extract` prints."""
from __future__ import annotations

import pytest

from contract_output import BATTLES, DEVELOPMENTS, RU_FORCES, STRIKE, UA_FORCES, doer, event, extract


def test_a_raid_of_drones():
    # ru-11033, https://www.gazeta.ru/army/news/2025/10/17/26977334.shtml (was: no event)
    text = ("В поселке Каланчак во время налета украинских беспилотников загорелся топливный резервуар на "
            "территории автомобильной заправочной станции.")
    assert doer(text, STRIKE) == UA_FORCES


@pytest.mark.parametrize("text, side", [
    # ru-11037, https://www.gazeta.ru/army/news/2025/12/02/27317029.shtml (was: no event)
    ("2 декабря в оборонном ведомстве объявили, что подразделения российской группировки войск «Центр» "
     "завершили зачистку Красноармейска от украинских военных.", RU_FORCES),
    # uk-11063, https://izvestia.kiev.ua/item/show/161507 (was: no event)
    ("Військові зазначили, що росіяни використовують стару тактику: інфільтрують окремі групи в район "
     "непідконтрольних їм селищ з метою зняти постановочні відео з триколором, зімітувати нібито контроль і "
     "видати втрати за успіхи.", RU_FORCES),
    # uk-11041, https://glavred.net/ukraine/vsu-vybili-okkupantov-iz-naselennogo-punkta-na-hersonshchine-i-vzyali-mnogo-plennyh-10406318.html
    # (was: no event)
    ("У неділю вранці, 4 вересня, бійці Збройних сил України підняли синьо-жовтий прапор над селищем міського "
     "типу Високопілля у Бериславському районі Херсонської області.", UA_FORCES),
])
def test_ground_fighting_triggers(text, side):
    assert doer(text, BATTLES) == side


def test_pushing_back_is_ground_fighting():
    # ru-11079, https://censor.net/ru/photonews/3337274/voiny_72yi_ombr_osvobodili_naselennyyi_punkt_i_vzyali_v_plen_neskolkih_okkupantov_foto
    # (was: no event; its doer, a brigade by number and honorific name, is still not read)
    text = ("Наши бойцы 72-й ОМБр им. Черных Запорожцев продолжают оттеснять оккупантов с украинской земли в "
            "своей зоне ответственности.")
    assert event(text, BATTLES)["trigger"]["text"] == "оттеснять"


def test_a_commander_who_tells_of_battles_is_their_claimant_not_their_doer():
    # ru-11045, http://fraza.com/news/364445-syrskij-rasskazal-o-tekuschih-bojah-za-pokrovsk (was: Ukraine's)
    text = "Главнокомандующий ВСУ Александр Сырский поведал о боях за Покровск."
    assert doer(text, BATTLES) is None
    assert [c["claimant"]["text"] for c in extract(text)["claims"]] == ["Главнокомандующий ВСУ Александр Сырский"]


@pytest.mark.parametrize("text, side", [
    # ru-11019, https://nsn.fm/incident/za-noch-nad-rossiei-sbili-26-ukrainskih-bpla (was: no event)
    ("Ранее средства ПВО нейтрализовали над Россией четыре дрона ВСУ.", RU_FORCES),
    # ru-11049, https://www.vesti.ru/article/4889848 (was: no side)
    ("ПВО России вскоре обнаружили и уничтожили три украинских БПЛА.", RU_FORCES),
    # ru-11016, https://nsn.fm/incident/za-noch-nad-rossiei-sbili-26-ukrainskih-bpla (was: Russia's; nobody is named)
    ("Более 20 беспилотников ВСУ самолетного типа ликвидировали над территорией России минувшей ночью.", None),
])
def test_who_downed(text, side):
    assert doer(text, DEVELOPMENTS) == side


def test_subject_after_a_fronted_object_past_an_adverb():
    # uk-11064, https://izvestia.kiev.ua/item/show/161507 (was: no side)
    text = ("Кожну з таких груп систематично знищують українські підрозділи, але командири 20-ї армії РФ продовжують "
            "звітувати про вигадані досягнення, щоб задовольнити вище командування.")
    assert doer(text, BATTLES) == UA_FORCES


def test_strike_carried_out_by_a_regiment_after_its_verb():
    # uk-11048, https://suspilne.media/1107500-vnoci-droni-atakuvali-razanskij-npz-ta-naftobazu-v-okupovanomu-lugansku/
    # (was: no side)
    text = ("За його словами, по Рязанському НПЗ удар здійснив 14-й полк СБС у взаємодії із Силами спеціальних "
            "операцій, ГУР та іншими складниками Сил оборони.")
    assert doer(text, STRIKE) == UA_FORCES
