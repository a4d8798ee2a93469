"""Ukrainian settlements under their Russian spellings (issue 23, point 6): the KATOTTG villages
also answer to the Russian form of their name and its romanisations (katottg.yaml:
russian_forms), and the codifier's namesakes get GeoNames' namesakes one to one. The English
strings are UCDP GED `where_description` fields of the evaluation's dev split, each with the
event's point as UCDP gives it."""
from __future__ import annotations

import pytest

from place_checks import assert_ucdp_row_within_25_km, places_of
from wartrace.analysis.gazetteer import load_gazetteer
from wartrace.analysis.katottg import russian_forms, russian_latin


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()



@pytest.mark.parametrize("ukrainian,russian,latin", [
    ("Степанівка", "степановка", "stepanovka"), ("Опитне", "опытное", "opytnoye"), ("Андріївка", "андреевка", "andreyevka"),
    ("Піски", "пески", "peski"), ("Оленівка", "еленовка", "yelenovka"), ("Станиця Луганська", "станица луганская",
                                                                         "stanitsa luganskaya"),
    ("Кам'янка", "каменка", "kamenka"), ("Василівка", "васильевка", "vasilyevka")])
def test_russian_spelling_of_a_ukrainian_name(ukrainian, russian, latin):
    forms = russian_forms(ukrainian)
    assert russian in forms
    assert latin in russian_latin(russian)


def test_a_russian_text_spelling_finds_the_donbas_village(gaz):
    # «Еленовка» is Оленівка (Olenivka, Donetsk Oblast) in Russian-language reports
    place = gaz.geocode("Еленовка")
    assert place.name == "Olenivka" and place.admin1 == "Donetsk Oblast"


@pytest.mark.parametrize("text,point", [
    ("Stanitsa Luganskaya town, Lugansk region", (48.694329, 39.453292)),
    ("Stanytsya Luganska village", (48.694329, 39.453292)),
    ("near Kamenka, Bakhmut district, Donetsk region", (48.245770, 38.485801)),
    ("near the village of Kryvaya Luka, Donetsk region", (48.871492, 37.900712)),
])
def test_ucdp_russian_spellings_resolve_within_25_km(resources, text, point):
    assert_ucdp_row_within_25_km(resources, text, point)


def test_namesakes_in_one_oblast_get_their_own_geonames_points(gaz):
    # Donetsk Oblast has two Opytnes in GeoNames (near Bakhmut and near Avdiivka): each codifier
    # Opytne takes one, so the one of the Avdiivka hromada is no longer put at Avdiivka's centre
    opytne = [c for c in gaz.lookup("Opytne") if c.admin1 == "Donetsk Oblast"]
    near_avdiivka = [c for c in opytne if c.units and c.units[0].startswith("avdi")]
    assert len(near_avdiivka) == 1 and near_avdiivka[0].geonameid and not near_avdiivka[0].placement


def test_an_alternate_name_does_not_take_a_citys_point(gaz):
    # GeoNames lists Oleksiivka among Chystiakove's (Torez's) names; the city keeps its own
    # point and its own hromada, the village of Oleksiivka does not take it
    city = next(c for c in gaz.lookup("Torez") if c.country == "UA")
    assert city.name == "Chystyakove" and city.units and city.units[0].startswith("chyst")


def test_an_english_abbreviation_is_not_a_guessed_russian_reading(resources):
    # Рів (Riv) read as Russian Ров would make "Rev." a place: guessed readings need 5 letters
    assert not places_of(resources, "The Rev. John Smith led the service.")
