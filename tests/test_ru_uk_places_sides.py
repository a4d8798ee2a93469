"""Russian and Ukrainian place recognition and perpetrator sides (issue 23): raion adjectives, «ДНР»
as a region, names written lower case, a big city opening a sentence; the side of a downed or fired
weapon, a Russian grouping of forces, Ukrainian verb forms the dictionary misreads. Real sentences:
dev rows of tests/data/ru_uk_dev.yaml (which gives each one's source address) and, where marked,
news pages quoted with their address. Read from the contract JSON `wartrace extract` prints."""
from __future__ import annotations

import pytest

from contract_output import RU_FORCES, UA_FORCES, extract, place
from wartrace.analysis.actors import side_of_actor
from wartrace.analysis.gazetteer import load_gazetteer
from wartrace.analysis.places.cyrillic import big_city_as_written


def actor1(text: str, event_type: str) -> str | None:
    events = [e for e in extract(text)["events"] if e["event_type"] == event_type]
    assert events, extract(text)["events"]
    return events[0]["actors"]["actor1"]


# --- places ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, surface, admin1", [
    # uk-058: a Ukrainian raion adjective in the dative, the raion named after Dnipro
    ("На Дніпропетровщині вдень 23 квітня російські окупанти вдарили по Дніпровському району.",
     "Дніпровському району", "Dnipropetrovsk Oblast"),
    # ru-104: a Russian spelling (Ясиноватский, Ukrainian Ясинуватський) of a Donetsk raion
    ("Пушилин уточнил, что в течение дня ВСУ наносили удары по нескольким районам Донецка, а также по "
     "Светлодарску, Макеевке, Ясиноватой и Ясиноватскому району.", "Ясиноватскому району", "Donetsk Oblast"),
])
def test_raion_adjective_is_the_raion(text, surface, admin1):
    p = place(text, surface)
    assert p["feature"] == "admin2" and p["admin1"] == admin1


def test_russian_raion_placed_at_its_own_centre():
    # ru-094: «Белгородского района» at Belgorod, not a Ukrainian namesake of like spelling
    p = place("В селе Нечаевка Белгородского района из-за удара беспилотника по частному домовладению женщина "
              "получила контузию.", "Белгородского района")
    assert p["admin1"] == "Belgorod Oblast"


@pytest.mark.parametrize("text", [
    # ru-140
    "ВС России освободили Димитров, Родинское, Артемовку и Вольное в ДНР, сообщило Минобороны РФ.",
    # radio1.ru/news/specoperaciya-na-ukraine/v-minoboroni-dolozhili-ob-uspehah-vs-rf-v-zone-svo (quoting the MoD)
    "Подразделения Южной группировки войск продолжили продвижение в глубину обороны противника и освободили "
    "город Часов Яр ДНР.",
])
def test_dnr_is_donetsk_oblast(text):
    assert place(text, "ДНР")["name"] == "Donetsk Oblast"


def test_lower_case_moscow():
    # uk-019: «у москві», lower case as Ukrainian writing allows since 2022
    text = ("За даними слідства, 62-річного харків’янина завербували російські спецслужби через його дружину, "
            "яка проживає у москві та працює на фсб.")
    assert place(text, "москві")["name"] == "Moscow"


def test_big_city_opening_a_sentence():
    # uk-064: the quotation opens with the city's name
    text = ("«Одеса та район, будьте в укриттях! Ворог атакує ударними безпілотниками! - написав Кіпер в "
            "офіційному повідомленні.")
    assert place(text, "Одеса")["name"] == "Odesa"


def test_city_name_that_is_a_common_word_does_not_open_as_a_place():
    gaz = load_gazetteer()
    assert big_city_as_written(gaz, "Одеса") and not big_city_as_written(gaz, "Суми")


# --- perpetrator sides ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, event_type, expected", [
    # uk-034: a shot to the head of a prisoner is a killing, by the Russian occupier
    ("“На кадрах видно, як російський окупант свідомо стріляє в голову українському військовополоненому”, "
     "– сказав омбудсман.", "Violence against civilians", RU_FORCES),
    # uk-056: «била» is бити's past, not the noun било
    ("Армія РФ била безпілотниками та артилерію по самому Нікополю, Марганецькій, Мирівській, Покровській "
     "громадах.", "Explosions/Remote violence", RU_FORCES),
    # uk-074: troops entering a town
    ("За інформацією Суспільного, українські бійці вже увійшли до районів міста, які раніше були під "
     "контролем російських військ.", "Battles", UA_FORCES),
    # ru-136: «"Южная" группировка войск», a Russian grouping of forces, its quoted adjective parsed apart
    ("По данным ведомства, «Южная» группировка войск благодаря решительным действиям взяла под свой контроль "
     "поселок Щербиновка.", "Battles", RU_FORCES),
    # radio1.ru (above): the grouping is the subject of both conjoined verbs
    ("Подразделения Южной группировки войск продолжили продвижение в глубину обороны противника и освободили "
     "город Часов Яр ДНР.", "Battles", RU_FORCES),
    # ru-157: whoever guides a Russian missile strikes for Russia
    ("СБУ обвинила двух жителей Харьковской области в том, что они навели российскую ракету на цель в селе "
     "Гроза.", "Explosions/Remote violence", RU_FORCES),
    # ru-110: the fall of a Ukrainian air-defence missile
    ("Ранее в военном ведомстве сообщили, что разрушения в Киеве вызваны падением украинской ракеты ПВО.",
     "Explosions/Remote violence", UA_FORCES),
])
def test_perpetrator_side(text, event_type, expected):
    assert actor1(text, event_type) == expected


def test_downed_weapon_names_the_shooter_only_when_a_doer_is_named():
    # ru-151: who shoots down Ukrainian drones is Russia's air defence
    assert actor1("Силы ПВО за ночь сбили 11 украинских БПЛА над регионами России, сообщили в Минобороны РФ.",
                  "Strategic developments") == RU_FORCES
    # ru-146: a passive with no doer named stays without one
    assert actor1("По данным Минобороны России, в течение ночи были перехвачены 46 украинских беспилотников над "
                  "восемью российскими регионами.", "Strategic developments") is None


def test_ukrainian_gerund_is_its_verb():
    # uk-017: «затримавши» is затримати, an arrest by the SBU
    text = ("Служба безпеки України запобігла теракту в Харкові, затримавши агента фсб, який намагався встановити "
            "розтяжку з бойовою гранатою Ф-1 у міському парку.")
    assert side_of_actor(actor1(text, "Strategic developments")) == "UA"


def test_a_country_inside_a_bodys_name_is_no_place():
    # RIA/TASS daily summaries: «…, сообщили в Минобороны России» (the ministry, not the village Ross')
    from wartrace.api import analyse

    out = analyse("Подразделения группировки войск «Центр» улучшили положение по переднему краю, "
                  "сообщили в Минобороны России.").to_dict()
    assert not [p for p in out["places"] if p["text"] == "России"], out["places"]
    assert out["claims"] and out["claims"][0]["claimant"]["text"] == "Минобороны России"
