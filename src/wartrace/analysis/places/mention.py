"""A place name found in a text, with its gazetteer candidates: what the English and the Cyrillic
recognisers (english.py, cyrillic.py) hand to resolution (resolution.py)."""
from __future__ import annotations

from dataclasses import dataclass, field

from wartrace.analysis.gazetteer import Candidate

UNKNOWN_VILLAGE = "SETTLEMENT"  # the label of a Cyrillic village named by a settlement noun that the gazetteer lacks


@dataclass
class Mention:
    start: int
    end: int
    text: str
    key: str
    cue: str | None = None  # admin | admin2 | city | None
    label: str | None = None  # spaCy label, or "GAZ" for a gazetteer-only match
    sent: int = 0
    cands: list[Candidate] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    district: str | None = None  # stem of a raion's adjective ("starobeshiv" of "Starobeshivskyi district")
    settlement: bool = False  # a word beside it says village, town or settlement
    pinned: int | None = None  # the gazetteer entry the text itself fixes (a Russian raion's centre town)
