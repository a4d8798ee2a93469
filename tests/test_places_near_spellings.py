"""Typos and variant romanisations (issue 23, point 6): a name nothing else resolves is compared
with the front-line oblasts' settlements and facilities (Gazetteer.fuzzy); and namesakes of one
oblast are told apart by the other places the text names. The strings are UCDP GED
`where_description` fields of the evaluation's dev split, each with the event's point as UCDP
gives it."""
from __future__ import annotations

import pytest

from place_checks import assert_ucdp_row_within_25_km, fine_places
from wartrace.analysis.gazetteer import haversine_km, load_gazetteer
from wartrace.evaluation.geo import ucdp_split


def test_near_spellings_are_front_line_places_only():
    gaz = load_gazetteer()
    assert [c.name for c in gaz.fuzzy("iloviaks")][:1] == ["Ilovays’k"]  # two letters swapped twice
    assert all((c.country, c.admin1_code) in gaz.frontline for c in gaz.fuzzy("novotoshkivka"))
    assert gaz.fuzzy("abyss") == [] and gaz.fuzzy("washington") == []


@pytest.mark.parametrize("text, point", [
    ("near Iloviaks town, Donetsk", (47.926000, 38.194000)),
    ("Donetsk aiport", (48.075000, 37.725556)),
    ("Luhanks airport", (48.417384, 39.374681)),
    ("Novotoshkivka", (48.724788, 38.632320)),
    ("Hnutov", (47.210270, 37.752730)),
    ("near the Golmovsky settlement", (48.404444, 38.081667)),
])
def test_ucdp_near_spellings_resolve_within_25_km(resources, text, point):
    assert_ucdp_row_within_25_km(resources, text, point)


@pytest.mark.parametrize("text, point", [
    # a word of a longer name is no near spelling of its own ("Stanychno" is no Stanychne)
    ("near Komyshne, Stanychno-Luhansk district, Luhansk region", (48.715473, 39.666954)),
    # a raion's name before "district" is no village's ("Maryino" is no Markyne)
    ("Krasnogorivka town, Maryino district, Donetsk region", (48.006667, 37.512778)),
])
def test_parts_of_longer_names_are_not_fuzzed(resources, text, point):
    assert ucdp_split(text) == "dev"
    fine = fine_places(resources, text)
    assert fine and all(haversine_km(p.lat, p.lon, *point) <= 25 for p in fine[:1]), fine


@pytest.mark.parametrize("text, point", [
    # two Opytnes in Donetsk Oblast (by Bakhmut, the larger, and by Avdiivka); two Veseles
    ("Opytne, five kilometers from Donetsk", (48.096377, 37.722250)),
    ("the village of Vesele on the northwestern outskirts of Donetsk", (48.000000, 37.805278)),
])
def test_the_namesake_nearest_the_other_named_place_wins(resources, text, point):
    assert ucdp_split(text) == "dev"
    fine = fine_places(resources, text)
    assert haversine_km(fine[0].lat, fine[0].lon, *point) <= 25, fine[0]


def test_a_text_naming_no_front_line_place_needs_a_nearer_spelling():
    gaz = load_gazetteer()
    assert gaz.fuzzy("novotoshkivka", lone=True)  # 92: a UCDP string of its own
    assert not gaz.fuzzy("iloviaks", lone=True)  # 85: only beside a front-line place ("Donetsk")
    assert gaz.fuzzy("sizoe") and not gaz.fuzzy("prisi", lone=True)  # five letters: Syze, but no Pryshyb
