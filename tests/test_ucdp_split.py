"""The UCDP place strings' dev/test split (evaluation/geo.py): fixed by the string alone."""
from __future__ import annotations

from wartrace.evaluation.geo import ucdp_split


def test_split_is_a_fixed_third_by_the_string():
    strings = [f"near the village of Place{i}, Donetsk region" for i in range(3000)]
    parts = [ucdp_split(s) for s in strings]
    assert parts == [ucdp_split(s) for s in strings]  # the same string always falls on the same side
    assert 0.30 < parts.count("test") / len(parts) < 0.37
    assert ucdp_split("near the village of Kryvaya Luka, Donetsk region") == "dev"
