"""Whether a gazetteer name the small English model did not call a place is one: each clue a
named predicate over a `NameInText`, and `keep` the order they are asked in.

The war's own toponyms, capitalised mid-sentence, are places whatever the model thought
("Sievierodonetsk overnight" as TIME, "Popasnaya" as PERSON); a big city under its own name is
one ("rebels from Aleppo" as NORP); a dateline is one ("BEIRUT: ..."); a capitalised word that
is a town somewhere but names something else here is not ("Google", "Stalin", "NATO", "La").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wartrace.analysis.gazetteer import Candidate, Gazetteer
from wartrace.analysis.places.clues import (
    acronym_without_country,
    cue_after,
    cue_before,
    followed_by_its_division,
    spelling_of,
    stands_alone,
    text_upper,
)
from wartrace.analysis.places.words import (
    BIG_CITY_POP,
    COMMON_WORDS,
    FACILITY_WORDS,
    FOUNDER_HEADS,
    HEAD_WORDS,
    INSTITUTION_WORDS,
    LOCATIVE,
    SETTLEMENT_WORDS,
)

# spaCy labels: a gazetteer match may override these when the whole entity is a place name (the
# small English model calls many Ukrainian towns ORG or PERSON); these it never overrides.
OVERRIDABLE = {"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}
NEVER_PLACE = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
CITY_IN_NAME_POP = 50_000
DATELINE_PUNCT = {":", ",", "-", "—", "–", "("}


@dataclass(frozen=True)
class NameInText:
    """A gazetteer name at tokens [a, b) of a parse, its candidates (likeliest first), and the
    spaCy entity over its first token as (label, start, end), if any."""
    doc: Any
    gaz: Gazetteer
    a: int
    b: int
    key: str
    cands: list[Candidate]
    entity: tuple[str, int, int] | None
    focus: frozenset[str] | set[str]
    person_parts: frozenset[str] | set[str] = frozenset()  # words of the document's multi-word PERSON entities

    @property
    def best(self) -> Candidate:
        return self.cands[0]

    @property
    def text(self) -> str:
        return self.doc[self.a:self.b].text

    @property
    def label(self) -> str | None:
        return self.entity[0] if self.entity else None


def entities_by_token(doc) -> dict[int, tuple[str, int, int]]:
    """Token index -> (label, start, end) of the spaCy entity over it."""
    return {t: (ent.label_, ent.start, ent.end) for ent in doc.ents for t in range(ent.start, ent.end)}


def person_words(doc) -> frozenset[str]:
    """The words of the document's PERSON entities of two words or more ("Michael Jordan")."""
    return frozenset(t.text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent)


def is_whole_entity(n: NameInText) -> bool:
    """The entity is this name ("the European Union" counts as "European Union")."""
    doc, a, b, lab = n.doc, n.a, n.b, n.entity
    return lab is not None and lab[2] == b and (lab[1] == a or lab[1] == a - 1 and doc[a - 1].lower_ == "the")


def is_regional(n: NameInText) -> bool:
    """A name of the war's countries written as a name: mid-sentence, before a division word, or
    a proper noun / entity / line of its own that is no stop word or common word."""
    doc, a, b = n.doc, n.a, n.b
    return bool(any(c.country in n.focus for c in n.cands[:3]) and (
        not doc[a].is_sent_start or cue_after(doc, b)[0] is not None
        or (doc[a].pos_ == "PROPN" or doc[a].ent_type_ or stands_alone(doc, b)) and not doc[a].is_stop
        and doc[a].lower_ not in COMMON_WORDS))


def is_big_city(n: NameInText) -> bool:
    """A city of 100,000 or more under its own name, which the small model took for a group or a
    date ("rebels from Aleppo" as NORP, "in Winnipeg" as DATE); or a town the model took for a
    group or a person, followed by the division it lies in ("Greer, South Carolina")."""
    doc, a, b, c = n.doc, n.a, n.b, n.best
    whole = is_whole_entity(n)
    big = whole and c.feature == "city" and c.population >= BIG_CITY_POP and not c.alternate \
        and doc[a].pos_ == "PROPN" and b - a == 1
    return bool(big or whole and n.label in ("NORP", "PERSON") and followed_by_its_division(doc, n.gaz, b, n.cands))


def is_dateline(n: NameInText) -> bool:
    """ "BEIRUT: The body of ...", "CHARLESTON, W.Va. -": in capitals at a sentence's start,
    before a colon, comma or dash, and a big place or a country or division."""
    doc, a, b, c = n.doc, n.a, n.b, n.best
    return bool(doc[a].is_sent_start and text_upper(doc[a:b].text) and b < len(doc)
                and doc[b].text in DATELINE_PUNCT and (c.population >= 50_000 or c.feature in ("country", "admin1")))


def has_proper_noun(n: NameInText) -> bool:
    return any(t.pos_ == "PROPN" for t in n.doc[n.a:n.b])


def is_strong(c: Candidate) -> bool:
    """A country, a facility, a place of 50,000 or a first-level division of a million."""
    return c.feature in ("country", "facility") or c.population >= 50_000 \
        or c.feature == "admin1" and c.population >= 1_000_000


def follows_locative(n: NameInText) -> bool:
    """After "in", "near", "north of" ..."""
    return n.a > 0 and n.doc[n.a - 1].lower_ in LOCATIVE


def is_located(n: NameInText) -> bool:
    """A cue or a locative word says it is a place, and it is one of some size (1,000 people)."""
    cue = cue_before(n.doc, n.a) or cue_after(n.doc, n.b)[0]
    return bool(cue or follows_locative(n)) and (is_strong(n.best) or n.best.population >= 1000)


def is_common_word(n: NameInText) -> bool:
    """One word that in prose is a common word ("Reading", "March"), or a building's or feature's
    head word after a capitalised word ("Rogers Centre", "Silicon Valley")."""
    doc, a = n.doc, n.a
    return n.b - a == 1 and (doc[a].lower_ in COMMON_WORDS or doc[a].lower_ in HEAD_WORDS and a > 0
                             and doc[a - 1].text[:1].isupper() and not doc[a - 1].is_sent_start)


def is_short_or_acronym(n: NameInText) -> bool:
    """ "La" is not Louisiana without its dot; "NATO" is not Nato, Philippines."""
    text = n.text
    return len(text) <= 3 and not text.isupper() and not text.endswith(".") \
        or acronym_without_country(text, n.key, n.gaz)


def is_former_name(n: NameInText) -> bool:
    """A war-region town's former name, in two words or on its own line ("Krasnyy Luch", now
    Khrustalnyi; "Stakhanov", now Kadiivka)."""
    doc, a, b, c = n.doc, n.a, n.b, n.best
    return bool(is_regional(n) and c.country in n.focus and c.population >= 10_000 and (
        b - a > 1 or doc[a].is_sent_start and stands_alone(doc, b)))


def is_another_name(n: NameInText) -> bool:
    """Tagged by the model and only another name of its place, not a spelling of it: "Google"
    (Topeka's name for a month), "Stalin" (Donetsk's old name) are no places; a former name is,
    and so is a village's name of before its renaming ("Kominternove", now Pikuzy; former_names.yaml)."""
    return bool(n.label and n.best.alternate and not spelling_of(n.text, n.best.name) and not is_former_name(n)
                and not n.gaz.is_former_name(n.key, n.cands[:3]))


def names_place_inside_entity(n: NameInText) -> bool:
    """A place inside an organisation's name ("Luhansk Regional Military Administration") names
    the place when it is a country or division; a local institution's place ("Rapides Parish Fire
    District", "Kharkiv City Council", "Toronto General Hospital"); the city a name opens with
    ("Vancouver Coastal Health Authority"); or a regional town the name merely lists ("Kherson,
    Mykolaiv and Odesa" tagged ORG)."""
    doc, a, b, lab, best = n.doc, n.a, n.b, n.entity, n.best
    inside_name = b < lab[2] and doc[b].is_alpha and doc[b].text[:1].isupper()
    opens = a == lab[1] or a == lab[1] + 1 and doc[lab[1]].lower_ == "the"  # the name starts with it
    local = b < lab[2] and (doc[b].lower_ in INSTITUTION_WORDS or opens and lab[2] - b <= 3
                            and doc[lab[2] - 1].lower_ in FACILITY_WORDS) and (
        is_strong(best) or best.population >= 1000 and doc[lab[2] - 1].lower_ not in FOUNDER_HEADS
        or best.feature == "admin2")
    named_for = opens and lab[0] in ("ORG", "FAC") and best.feature == "city" \
        and best.population >= CITY_IN_NAME_POP and not best.alternate
    # "Troyitske, Luhansk Obl" with "Luhansk Obl" tagged PERSON, "Ilovaysk Town/City Donetsk" tagged
    # ORG: a division word ends the name, a settlement word follows the town's
    divided = b < len(doc) and (b + 1 == lab[2] and cue_after(doc, b)[0] in ("admin", "admin2")
                                or doc[b].lower_ in SETTLEMENT_WORDS)
    return bool(best.feature in ("country", "admin1", "admin2") or local or named_for
                or is_regional(n) and (not inside_name or divided))


def is_place_tagged_person(n: NameInText) -> bool:
    """ "Avdiivka" and "Tamil Nadu" tagged PERSON; "Jordan said", after "Michael Jordan", stays a
    person. A town of some size right after "in" or "near" ("in Cirencester") that names nobody
    else in the document is a place."""
    doc, a, best = n.doc, n.a, n.best
    regional = is_regional(n)
    town_after_in = a > 0 and doc[a - 1].lower_ in {"in", "near", "outside"} and best.feature == "city" \
        and best.population >= 10_000 and not best.alternate
    return n.text not in n.person_parts and bool(
        is_strong(best) or is_big_city(n) or town_after_in or regional and best.population >= 1000
        or follows_locative(n) and regional)


def keep(n: NameInText) -> bool:
    """Whether a gazetteer name the model did not call a place is taken as one."""
    label = n.label
    regional, big = is_regional(n), is_big_city(n)
    if label in NEVER_PLACE and not (regional or big):
        return False
    if label is not None and label not in OVERRIDABLE | NEVER_PLACE:
        return False  # GPE, LOC, FAC: the entity pass had it
    if not regional and not is_dateline(n) and not has_proper_noun(n):
        return False
    if is_common_word(n) or is_short_or_acronym(n) or is_another_name(n):
        return False
    if label in NEVER_PLACE or label == "NORP":
        return regional or big
    if label is not None and not is_whole_entity(n):
        return names_place_inside_entity(n)
    if label == "PERSON":
        return is_place_tagged_person(n)
    # Without spaCy's support a capitalised word is a place when it names a big or regional
    # place or follows a locative cue: "Pearson" is a town somewhere too.
    return regional or is_strong(n.best) or is_located(n)
