"""The word lists the place recognisers and resolver read (data/places/english_words.yaml and
cyrillic_words.yaml, where each list says why it holds what it holds), and the two numbers both share."""
from __future__ import annotations

from wartrace.config import load_yaml


def word_lists(file: str) -> dict[str, list[str]]:
    """The lists of data/`file`, each checked to say why it holds what it holds."""
    out = {}
    for name, entry in load_yaml(file).items():
        words = entry["words"]
        if not entry.get("why") or not all(isinstance(w, str) for w in words):
            raise ValueError(f"data/{file}: {name} needs a why and words that are strings")
        out[name] = words
    return out


_LISTS = word_lists("places/english_words.yaml")
ADMIN_WORDS = frozenset(_LISTS["admin_words"])
CITY_WORDS = frozenset(_LISTS["city_words"])
SETTLEMENT_WORDS = frozenset(_LISTS["settlement_words"])
DISTRICT_WORDS = frozenset(_LISTS["district_words"])
DISTRICT_ADJECTIVE_ENDINGS = tuple(_LISTS["district_adjective_endings"])  # in the order they are tried
LOCATIVE = frozenset(_LISTS["locative_words"])
COMMON_WORDS = frozenset(_LISTS["common_words"])
PARLIAMENTS = frozenset(_LISTS["parliaments"])
PARLIAMENT_BEFORE = frozenset(_LISTS["parliament_before"])
FACILITY_WORDS = frozenset(_LISTS["facility_words"])
NATURAL_WORDS = frozenset(_LISTS["natural_words"])
HEAD_WORDS = FACILITY_WORDS | NATURAL_WORDS
FOUNDER_HEADS = frozenset(_LISTS["founder_heads"])
INSTITUTION_WORDS = frozenset(_LISTS["institution_words"])
NON_PLACE_HEADS = frozenset(_LISTS["non_place_heads"])

# Russian and Ukrainian (places/cyrillic.py)
_CYRILLIC = word_lists("places/cyrillic_words.yaml")
CYRILLIC_LOCATIVE = frozenset(_CYRILLIC["locative_words"])
CYRILLIC_SETTLEMENT_WORDS = frozenset(_CYRILLIC["settlement_words"])
CYRILLIC_ADMIN_WORDS = frozenset(_CYRILLIC["admin_words"])
CYRILLIC_OBLAST_BODY_WORDS = frozenset(_CYRILLIC["oblast_body_words"])
CYRILLIC_FORCE_GROUP_WORDS = frozenset(_CYRILLIC["force_group_words"])
CYRILLIC_RAION_WORDS = frozenset(_CYRILLIC["raion_words"])
CYRILLIC_COMMUNITY_WORDS = frozenset(_CYRILLIC["community_words"])
CYRILLIC_SHCHYNA_ENDINGS = tuple(_CYRILLIC["shchyna_endings"])
CYRILLIC_LOWERCASE_NAMES = tuple(_CYRILLIC["lowercase_names"])
CYRILLIC_SENTENCE_INITIAL_WORDS = frozenset(_CYRILLIC["sentence_initial_words"])

TOP_K = 30  # candidates kept per mention (resolution), and looked at for "X, State" (clues.py)

# A city this big is a place under its own name whatever the small model tagged it; and a
# namesake a hundred times smaller beside it gets less country support (resolution.py).
BIG_CITY_POP = 100_000
