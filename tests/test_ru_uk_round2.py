"""Russian and Ukrainian analysis, second round (issue 23): the kinds of sentence batch 2's dev rows
brought that the first rules missed. Places: a hromada or starosta district by its adjective, the
-щина land around a town, a raion adjective with a linking -ан-, an oblast adjective whose noun an
earlier oblast carried. Events: a strike told by its blast or its shrapnel wounds, repelling
assaults, a Ukrainian subject shared by two verbs, «ворог» in Ukrainian text with no claimant of
known side, a Russian grouping of forces. Real sentences: dev rows of tests/data/ru_uk_dev.yaml
(which gives each one's source address). Read from the contract JSON `wartrace extract` prints."""
from __future__ import annotations

import pytest

from contract_output import RU_FORCES, UA_FORCES, extract, place
from wartrace.analysis.gazetteer import load_gazetteer
from wartrace.analysis.places.cyrillic import cyrillic_mentions


def events(text: str, event_type: str) -> list[dict]:
    found = [e for e in extract(text)["events"] if e["event_type"] == event_type]
    assert found, extract(text)["events"]
    return found


# --- places ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, surface, admin1", [
    # uk-206: a hromada by its adjective (Марганець -> Марганецька), and the land around Nikopol
    ("Дрон-камікадзе поцілив по Марганецькій громаді, що на Нікопольщині.", "Марганецькій громаді",
     "Dnipropetrovsk Oblast"),
    ("Дрон-камікадзе поцілив по Марганецькій громаді, що на Нікопольщині.", "Нікопольщині", "Dnipropetrovsk Oblast"),
    # uk-210: a raion adjective with a linking -ан- (Буча -> Бучанський)
    ("\"Унаслідок ворожої атаки у Бучанському районі травмовано людину.\" - написав він у телеграмі.",
     "Бучанському районі", "Kyiv Oblast"),
    # uk-224: a hromada named after a village in -инка (Тягинка -> Тягинська)
    ("Цієї ночі російська армія вдарила трьома безпілотниками типу “Shahed” по Високому Тягинської громади "
     "Херсонської області.", "Тягинської громади", "Kherson Oblast"),
])
def test_community_and_area_words(text, surface, admin1):
    assert place(text, surface)["admin1"] == admin1


def test_starosta_district_by_its_village():
    # uk-218: Стецьківка -> Стецьківський старостат (not the town Stetsky the bare stem would give)
    p = place("Крім того, він повідомив, що ворог атакував дроном автівку поблизу Стецьківського старостату.",
              "Стецьківського старостату")
    assert p["name"] == "Stetskivka"


def test_village_named_by_an_adjective_in_an_oblique_case():
    # uk-224: «по Високому» is the village Високе, declined as the adjective it is
    text = ("Цієї ночі російська армія вдарила трьома безпілотниками типу “Shahed” по Високому Тягинської громади "
            "Херсонської області.")
    p = place(text, "Високому")
    assert p["name"] == "Vysoke" and p["admin1"] == "Kherson Oblast"


def test_surname_declined_as_an_adjective_is_no_village():
    # only after a preposition of place or a settlement noun: «Зеленському» opening a clause is a surname
    assert not extract("Зеленському передали список.")["places"]


@pytest.mark.parametrize("text, surface, admin1", [
    # ru-232, ru-224: the oblast noun carried by an earlier oblast of the sentence
    ("Так, 11 из них сбили над территорией Воронежской области, восемь – над Ростовской, по шесть дронов "
     "уничтожила в Курской области и Республике Крым.", "Ростовской", "Rostov Oblast"),
    ("Группировки войск ВС РФ за минувшую неделю освободили по два населенных пункта в ДНР и Запорожской "
     "области и один - в Харьковской.", "Харьковской", "Kharkiv Oblast"),
])
def test_elliptic_oblast_adjective(text, surface, admin1):
    assert place(text, surface)["admin1"] == admin1


def test_adjective_without_an_earlier_oblast_is_no_oblast():
    # the same adjective with no oblast before it in its sentence is not taken as one
    gaz = load_gazetteer()
    text = "Освободили два населенных пункта в Запорожской области. Один - в Харьковской."
    assert not [m for m in cyrillic_mentions(text, gaz) if m.text == "Харьковской"]
    assert [m for m in cyrillic_mentions(text.replace(". Один", ", один"), gaz) if m.text == "Харьковской"]


# --- events ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "За даними штабу, зафіксовано вибухи в районі цілі та масштабну пожежу на території підприємства.",  # uk-242
    "Само транспортное средство загорелось при детонации БПЛА, добавил Гладков.",  # ru-204
    "В городе Грайворон FPV-дрон взорвался у многоквартирного дома.",  # ru-214
    "Мужчина был доставлен в больницу с проникающим ранением грудной клетки и осколочным ранением плеча.",  # ru-210
    "Пострадавший получил минно-взрывную травму, множественные осколочные ранения рук и ног, а также ожоги.",  # ru-202
    "Дрон-камікадзе поцілив по Марганецькій громаді, що на Нікопольщині.",  # uk-206
])
def test_strike_told_by_its_blast_or_wounds(text):
    assert events(text, "Explosions/Remote violence")


def test_wound_of_no_stated_kind_is_no_event():
    # uk-226 names no weapon: no event is made up
    assert not extract("Поранені не менше семи людей.")["events"]


def test_drone_drop_is_a_drone_strike_by_the_drone_owner():
    # ru-222: «при сбросе взрывчатки с дрона ВСУ»
    ev = events("Ранее сообщалось, что четверо детей пострадали в Донецкой Народной Республике при сбросе "
                "взрывчатки с дрона ВСУ.", "Explosions/Remote violence")[0]
    assert ev["sub_event_type"] == "Air/drone strike" and ev["actors"]["actor1"] == UA_FORCES


@pytest.mark.parametrize("text", [
    # uk-236: who stopped the assaults, not the attackers of the genitive
    "На Олександрівському напрямку від початку доби українські оборонці зупинили 11 штурмів ворожих військ.",
    # uk-234: the subject of «стримують» is that of «відбили» too
    "Сили оборони стримують натиск та вже відбили 50 атак.",
])
def test_the_side_that_repels(text):
    assert events(text, "Battles")[0]["actors"]["actor1"] == UA_FORCES


@pytest.mark.parametrize("text", [
    "Раніше моніторингові пабліки повідомляли про атаку ворожих дронів.",  # uk-212
    "Крім того, він повідомив, що ворог атакував дроном автівку поблизу Стецьківського старостату.",  # uk-218
    "\"Їх врятувало укриття, до якого вони встигли дістатися до моменту ворожого обстрілу\", – зазначив голова ОВА.",
])
def test_enemy_in_ukrainian_text_is_russia(text):
    assert events(text, "Explosions/Remote violence")[0]["actors"]["actor1"] == RU_FORCES


def test_enemy_in_russian_text_has_no_default_side():
    # Russian is written from either side: «противник» with no claimant names none
    evs = [e for e in extract("Противник нанес удар по городу.")["events"]]
    assert evs and all(e["actors"]["actor1"] is None for e in evs)


def test_russian_grouping_of_forces():
    # ru-226: the Russian MoD's formula for its units' fire on enemy troops
    text = ("\"Подразделения группировки войск \"Север\" нанесли поражение живой силе и технике четырех "
            "механизированных, егерской, десантно-штурмовой бригад, штурмового полка ВСУ и двух бригад теробороны.")
    assert events(text, "Battles")[0]["actors"]["actor1"] == RU_FORCES
