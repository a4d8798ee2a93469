"""Names that contain a place's name but are not places: publishers, newspapers, broadcasters,
sports clubs, companies (data/not_places.yaml and the actor registry's news outlets), and people
whose surname is a town's name ("Oleksandr Kamyshin" is no event in Kamyshin, Russia).

    blocked_tokens(doc)   # token indices the places component must not geocode
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from wartrace.analysis.actors import load_actors
from wartrace.config import load_yaml

MEDIA_TYPES = {"news_outlet", "news_agency"}
LOCATIVE = {"in", "near", "at", "from", "outside", "to", "into", "around", "of"}


@lru_cache(maxsize=1)
def _data() -> tuple[re.Pattern, frozenset[str]]:
    data = load_yaml("not_places.yaml")
    names = {n for group in data["organisations"].values() for n in group["names"]}
    for actor in load_actors().actors:
        if actor.type in MEDIA_TYPES:
            names.update([actor.name, *actor.aliases])
    names = {re.sub(r"^(?:The|the)\s+", "", str(n)) for n in names if len(str(n)) > 3}
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:(?:The|the)\s+)?(?:{body})(?![\w-])")
    heads = frozenset(str(w) for w in data["organisation_heads"]["words"])
    return pattern, heads


def blocked_tokens(doc, is_place_name: Callable[[str], bool]) -> set[int]:
    """`is_place_name(text)`: whether the gazetteer knows `text` as a place ("Nova Kakhovka",
    which the small model may tag PERSON, stays a place)."""
    pattern, heads = _data()
    out: set[int] = set()
    for m in pattern.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    for ent in doc.ents:
        if ent.label_ == "ORG" and len(ent) > 1 and ent[-1].text in heads:
            out.update(range(ent.start, ent.end))  # "the Kharkiv Times", "Odesa FC"
        elif ent.label_ == "PERSON" and len(ent) > 1 and ent[0].is_title and not is_place_name(ent.text) \
                and not (ent.start > 0 and doc[ent.start - 1].lower_ in LOCATIVE):
            # a given name then a surname ("Alexander Suvorov", "Oleksandr Kamyshin"): the surname is
            # the person's, not a town's; "in Kryvyi Rih" tagged PERSON stays a place
            out.update(range(ent.start, ent.end))
    return out
