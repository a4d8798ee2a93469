"""Names that contain a place's name but are not places: publishers, newspapers, broadcasters,
sports clubs, companies (data/not_places.yaml and the actor registry's news outlets), and people
whose surname is a town's name ("Oleksandr Kamyshin" is no event in Kamyshin, Russia; "Palin",
once the text has named Sarah Palin, is no Palín, Guatemala).

    blocked_tokens(doc, is_place_name, keeps_place, weak_place)   # token indices the places component must not geocode
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from wartrace.analysis.actors import load_actors
from wartrace.config import load_yaml

MEDIA_TYPES = {"news_outlet", "news_agency"}
LOCATIVE = {"in", "near", "at", "from", "outside", "to", "into", "around", "of"}
# Before a bare surname, only these say the word is a town all the same ("in Manning"): "at",
# "to" and "of" are as often said of a person ("directed at Palin", "the heir to Peyton Manning").
PERSON_WORD_LOCATIVE = {"in", "near", "outside", "outskirts", "into"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
POSSESSIVE = {"'s", "’s"}
NAME_BEFORE_TEAM = 3  # the most capitalised words of a town or state before a team's name


@lru_cache(maxsize=1)
def _data() -> tuple[re.Pattern, frozenset[str], dict[str, list[tuple[str, ...]]], frozenset[str]]:
    data = load_yaml("not_places.yaml")
    names = {n for group in data["organisations"].values() for n in group["names"]}
    for actor in load_actors().actors:
        if actor.type in MEDIA_TYPES:
            names.update([actor.name, *actor.aliases])
    names = {re.sub(r"^(?:The|the)\s+", "", str(n)) for n in names if len(str(n)) > 3}
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    # not before "Airport": "Antonov Airport" is Hostomel's airfield, named after the maker
    pattern = re.compile(rf"(?<![\w-])(?:(?:The|the)\s+)?(?:{body})(?![\w-])(?!\s+(?:[Aa]irport|[Aa]irfield))")
    heads = frozenset(str(w) for w in data["organisation_heads"]["words"])
    teams: dict[str, list[tuple[str, ...]]] = {}
    for league in data["team_names"].values():
        for name in league["names"]:
            words = tuple(str(name).split())
            teams.setdefault(words[-1], []).append(words)
    leader_heads = frozenset(str(w) for w in data["leader_heads"]["words"])
    return pattern, heads, teams, leader_heads


def blocked_tokens(doc, is_place_name: Callable[[str], bool],
                   keeps_place: Callable[[str], bool] = lambda _: True,
                   weak_place: Callable[[str], bool] = lambda _: False) -> set[int]:
    """`is_place_name(text)`: whether the gazetteer knows `text` as a place ("Nova Kakhovka",
    which the small model may tag PERSON, stays a place); `keeps_place(word)`: whether a word
    stays a place though it ends a person's name elsewhere in the text (a town of the war's
    countries, a country, a division word: "Clark County’s" tagged PERSON); `weak_place(word)`:
    whether the gazetteer knows it only as a village or under another name."""
    pattern, heads, _, leader_heads = _data()
    out: set[int] = set()
    for m in pattern.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    for ent in doc.ents:
        if ent.label_ == "ORG" and len(ent) > 1 and ent[-1].text in heads:
            out.update(range(ent.start, ent.end))  # "the Kharkiv Times", "Odesa FC"
        elif ent.label_ == "PERSON" and ent.end < len(doc) and doc[ent.end].text in leader_heads:
            out.update(range(ent.start, ent.end))  # "the Bush administration"
        elif _full_name(doc, ent, is_place_name):
            # a given name then a surname ("Alexander Suvorov", "Oleksandr Kamyshin"): the surname is
            # the person's, not a town's; "in Kryvyi Rih" tagged PERSON stays a place
            out.update(range(ent.start, ent.end))
    out |= _team_tokens(doc)
    out |= _person_word_tokens(doc, is_place_name, keeps_place, weak_place)
    return out


def _full_name(doc, ent, is_place_name: Callable[[str], bool]) -> bool:
    """A PERSON entity of two words or more, capitalised, that is no place's name and follows no
    locative word."""
    toks = [t for t in ent if t.lower_ not in POSSESSIVE]  # "Sri Lanka's" is Sri Lanka's name
    return ent.label_ == "PERSON" and len(toks) > 1 and ent[0].is_title \
        and not is_place_name(doc[toks[0].i:toks[-1].i + 1].text) \
        and not (ent.start > 0 and doc[ent.start - 1].lower_ in LOCATIVE)


def _person_word_tokens(doc, is_place_name, keeps_place, weak_place) -> set[int]:
    """Each other mention of the surname of a person's full name the text gives: "Palin" after
    "Sarah Palin", "Manning" after "Peyton Manning", "Luck" after "Andrew Luck", unless a locative
    word says it is a town ("in Manning") or it is part of a longer place's name ("Trump Tower").
    Only the last word of the name is taken (any word after the given name of a longer one), and
    only where the text gives the full name at least as often as it puts the word after a locative
    word ("in Dublin"), or the gazetteer knows the word only as a village or under another name
    (`weak_place`: "Lohan", not Lagan', Russia): the small model
    also tags "Laurel County Clerk Dean Johnson", "Egypt Dan Kurtzer" and "Historic Dublin"
    PERSON. A surname that `keeps_place` (a country, a town of the war's countries, "County") is
    left alone."""
    full: dict[str, int] = {}
    for ent in doc.ents:
        toks = [t for t in ent if t.lower_ not in POSSESSIVE]  # "Sarah Palin's"
        if not (_full_name(doc, ent, is_place_name) and all(t.is_alpha or t.text == "." for t in toks)):
            continue
        # the surname is the last word, or any word after the given name in a longer entity: a
        # headline's verb joins the name ("Lindsay Lohan Checks Into Betty Ford Clinic")
        for last in toks[1:] if len(toks) > 2 else toks[-1:]:
            if last.is_alpha and last.is_title and len(last) > 2 and not last.is_stop:
                full[last.text] = full.get(last.text, 0) + 1
    if not full:
        return set()
    # The model's place label counts against the full name only where a locative word says the
    # word is a place ("in Dublin"): "Palin fired the board", "saw Chohan" tagged GPE or FAC are
    # the person named in full elsewhere.
    as_place: dict[str, int] = {}
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS and ent.start > 0 and doc[ent.start - 1].lower_ in PERSON_WORD_LOCATIVE:
            for t in ent:
                as_place[t.text] = as_place.get(t.text, 0) + 1
    words = {w for w, n in full.items() if not keeps_place(w) and (n >= as_place.get(w, 0) or weak_place(w))}
    in_place = {t for e in doc.ents if e.label_ in PLACE_LABELS and len(e) > 1 for t in range(e.start, e.end)}
    out = set()
    for t in doc:
        if t.text in words and t.i not in in_place and not (t.i > 0 and doc[t.i - 1].lower_ in PERSON_WORD_LOCATIVE):
            out.add(t.i)
    return out


def _team_tokens(doc) -> set[int]:
    """A town's or state's name before a sports team's name ("the Indianapolis Colts", "Kansas
    City Chiefs", "North Carolina Tar Heels", "Evansville's Purple Aces"): the club, not the town."""
    _, _, teams, _ = _data()
    out: set[int] = set()
    for t in doc:
        for words in teams.get(t.text, ()):
            start = t.i - len(words) + 1
            if start < 1 or tuple(x.text for x in doc[start:t.i + 1]) != words:
                continue
            if t.i + 1 < len(doc) and doc[t.i + 1].is_alpha and doc[t.i + 1].is_title:
                continue  # the name goes on: "the Charleston Gold Dome Lions Club"
            k = start
            if k >= 2 and doc[k - 1].lower_ in POSSESSIVE:
                k -= 1
            first = k
            while first > 0 and k - first < NAME_BEFORE_TEAM and doc[first - 1].is_alpha \
                    and doc[first - 1].is_title and doc[first - 1].lower_ != "the":
                first -= 1
            if first < k:
                out.update(range(first, t.i + 1))
    return out
