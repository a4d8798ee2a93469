"""The perpetrator evaluation reads the side from the product's contract JSON (issue 18)."""
from __future__ import annotations

import hashlib

import pytest

from wartrace.evaluation.perpetrators import (
    RU,
    UA,
    UNKNOWN,
    labelled_gold,
    labelled_report,
    predicted_side,
    read_labels,
    side_of,
    ucdp_side,
)


def test_sides_of_ucdp_names():
    assert ucdp_side("Government of Ukraine") == UA and ucdp_side("DPR") == RU
    assert ucdp_side("United Armed Forces of Novorossiya") == RU
    # UCDP's name for the separatists says "Eastern Ukraine": a word match would call it Ukraine's side
    assert ucdp_side("Supporters of independence for Eastern Ukraine") == RU
    with pytest.raises(KeyError):
        ucdp_side("Some new armed group")


def test_sides_of_product_actors_follow_the_registry():
    assert side_of("Military Forces of Ukraine (2019-)") == UA and side_of("Civilians (Ukraine)") == UA
    assert side_of("Wagner Group") == RU and side_of("Military Forces of Russia (2000-)") == RU
    assert side_of(None) == UNKNOWN


def test_first_violent_event_with_a_doer_gives_the_side():
    extract = {"events": [
        {"event_type": "Strategic developments", "actors": {"actor1": "Government of Ukraine (2019-)"}},
        {"event_type": "Violence against civilians", "actors": {"actor1": None, "actor2": "Civilians (Ukraine)"}},
        {"event_type": "Explosions/Remote violence", "actors": {"actor1": "Military Forces of Russia (2000-)"}},
    ]}
    assert predicted_side(extract) == RU
    assert predicted_side({"events": extract["events"][:2]}) == UNKNOWN


def test_hand_labels_match_their_headlines_and_score_the_named_side():
    data = [{"id": "1", "source_headline": "a"}, {"id": "2", "source_headline": "b"},
            {"id": "3", "source_headline": "c"}]
    sha = {k: hashlib.sha256(k.encode()).hexdigest()[:12] for k in "abc"}
    labels = {"1": ("RU", sha["a"]), "2": ("NONE", sha["b"]), "3": ("BOTH", sha["c"])}
    gold = labelled_gold(data, labels)
    assert gold == [(0, RU), (1, UNKNOWN)]  # BOTH is left out
    text = "\n".join(labelled_report(gold, [UA, UNKNOWN, RU], skipped=1))
    assert "| accuracy (no doer named = unknown) | 0.500 |" in text
    assert "| the opposite side named (the most dangerous error) | 1 |" in text
    with pytest.raises(ValueError, match="checksum"):
        labelled_gold(data, {"1": ("RU", "000000000000")})


def test_the_label_file_holds_every_third_headline_with_known_labels():
    labels = read_labels()
    assert len(labels) == 997 and {lab for lab, _ in labels.values()} <= {"RU", "UA", "NONE", "BOTH", "UNSURE"}
