"""Names of before the 2016 and 2024 renamings (issue 23, point 6): data/gazetteer/former_names.yaml
ties each to the codifier settlement that bears it now, and the gazetteer indexes it with the
spellings it derives for any name. The English strings are UCDP GED `where_description` fields
of the evaluation's dev split, each with the event's point as UCDP gives it."""
from __future__ import annotations

import pytest

from place_checks import assert_ucdp_row_within_25_km
from wartrace.analysis.gazetteer import load_gazetteer
from wartrace.analysis.katottg import former_names, read_settlements
from wartrace.config import load_yaml


def test_every_former_name_names_one_settlement_and_has_a_source():
    rows = load_yaml("gazetteer/former_names.yaml")["entries"]
    tied = former_names(read_settlements())  # raises on an entry that names no settlement, or several
    assert len(tied) == len(rows)
    assert all(f.source.startswith("http") for f in tied)
    assert {f.settlement.oblast for f in tied} == {"Донецька", "Луганська"}


def test_a_former_name_finds_the_renamed_town_before_its_namesake_village():
    # Donetsk Oblast still has a village called Krasnyi Lyman; the town renamed Lyman is the larger
    gaz = load_gazetteer()
    lyman = [c for c in gaz.lookup("Krasny Lyman") if c.name == "Lyman"]
    assert lyman and lyman[0].admin1 == "Donetsk Oblast" and lyman[0].population > 10_000


@pytest.mark.parametrize("text, point", [
    ("Krasny Lyman, Donetsk region", (48.985278, 37.811111)),
    ("in the area of \u200b\u200bthe village of Kominternove", (47.174126, 37.814764)),  # Pikuzy since 2016
    ("near the village of Orlovo-Ivanovka", (48.172573, 38.464269)),  # Sulynivka since 2024
    ("near the village. Orlovo - Ivanivka, Shakhtarskyi district, Donetsk region", (48.172573, 38.464269)),
])
def test_ucdp_former_names_resolve_within_25_km(resources, text, point):
    assert_ucdp_row_within_25_km(resources, text, point)
