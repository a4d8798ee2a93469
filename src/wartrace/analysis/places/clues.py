"""Clues around a name in an English parse, each a small test read by the recogniser
(english.py, predicates.py): the cue words before and after it, the longest gazetteer names over
a run of tokens, whether it names a parliament, a building, a district's centre, an acronym."""
from __future__ import annotations

import re

from wartrace.analysis.gazetteer import ZERO_WIDTH, Candidate, Gazetteer, norm, romanisation_variants
from wartrace.analysis.places.words import (
    ADMIN_WORDS,
    CITY_WORDS,
    DISTRICT_ADJECTIVE_ENDINGS,
    FACILITY_WORDS,
    FOUNDER_HEADS,
    PARLIAMENT_BEFORE,
    PARLIAMENTS,
    SETTLEMENT_WORDS,
    TOP_K,
)

NAME_WORD = re.compile(r"^[^\W\d_]+(?:['’][^\W\d_]+)?$")


def cue_before(doc, i: int) -> str | None:
    """Cue from the words before token i: "the city of", "the eastern region of", "near"."""
    words = [t.lower_ for t in doc[max(0, i - 4):i]]
    if len(words) >= 1 and words[-1] == "of" and len(words) >= 2:
        w = words[-2]
        if w in ADMIN_WORDS:
            return "admin2" if w in {"county", "parish", "district", "raion"} else "admin"
        if w in CITY_WORDS:
            return "city"
    if words and words[-1] in {"near", "outside", "outskirts"}:
        return "city"
    return None


def names_a_parliament(doc, ts: int, te: int, key: str) -> bool:
    return key in PARLIAMENTS and ts > 0 and doc[ts - 1].lower_ in PARLIAMENT_BEFORE


def cue_after(doc, j: int) -> tuple[str | None, int]:
    """Cue from the word right after the span (exclusive end token j): "Oblast", "region", "County"."""
    if j < len(doc):
        w = doc[j].lower_
        if w in ADMIN_WORDS:
            return ("admin2" if w in {"county", "parish", "district", "raion", "municipality"} else "admin"), j + 1
        if w in {"city", "town", "village", "settlement", "hamlet"}:
            return "city", j + 1
    return None, j


def match_gazetteer(doc, gaz: Gazetteer, start: int, end: int) -> list[tuple[int, int, str]]:
    """Longest gazetteer names over tokens [start, end): (token start, token end, key)."""
    out = []
    i = start
    first_words, index, max_words = gaz.first_words, gaz.index, gaz.max_words
    while i < end:
        tok = doc[i]
        text = tok.text.lstrip(ZERO_WIDTH)
        if not text[:1].isupper() or norm(text) not in first_words:
            i += 1
            continue
        found = None
        for n in range(min(max_words, end - i), 0, -1):
            span = doc[i:i + n]
            if not span[-1].text[:1].isalnum() and n > 1:
                continue
            key = norm(span.text)
            if key in index:
                found = (i, i + n, key)
                break
        if found:
            out.append(found)
            i = found[1]
        else:
            i += 1
    return out


def followed_by_its_division(doc, gaz: Gazetteer, b: int, cands: list[Candidate]) -> bool:
    """ "X, State": a comma, then a first-level division or country holding one of X's candidates."""
    if b + 1 >= len(doc) or doc[b].text != ",":
        return False
    after = match_gazetteer(doc, gaz, b + 1, min(len(doc), b + 4))
    if not after or after[0][0] != b + 1:
        return False
    boxes = [c for c in gaz.lookup_key(after[0][2])[:3] if c.feature in ("admin1", "country")]
    return any(c.feature == "city" and any(
        c.country == box.country and (box.feature == "country" or c.admin1_code == box.admin1_code) for box in boxes)
        for c in cands[:TOP_K])


def text_upper(text: str) -> bool:
    """All capitals and at least four letters: a dateline, not an acronym (NATO is caught elsewhere)."""
    return text.isupper() and sum(ch.isalpha() for ch in text) >= 4


def stands_alone(doc, b: int) -> bool:
    """A name opening a sentence that ends with it or with a comma after it ("Marinka",
    "Dokuchayevsk, Donetsk region"): a heading or a place line, where the small model reads
    an unknown word as a common noun."""
    return b == len(doc) or doc[b].text in {",", ";", ":"} or doc[b].is_sent_start


def strong_town(gaz: Gazetteer, key: str) -> bool:
    """A name whose likeliest bearer is a city or a division ("Toronto", "Butler County"), not the
    family name a building may also carry ("Shawnee Park", "Pearl Harbor")."""
    cands = gaz.lookup_key(key)
    return bool(cands) and (cands[0].population >= 50_000 or cands[0].feature in ("admin1", "admin2", "country"))


def known_name(gaz: Gazetteer, key: str) -> bool:
    """A name the gazetteer holds, directly or under the other romanisation (Lutugyne)."""
    return key in gaz.index or any(v in gaz.index for v in romanisation_variants(key))


def focus_name(gaz: Gazetteer, key: str, focus: set[str]) -> bool:
    if not known_name(gaz, key):
        return False
    cands = gaz.lookup_key(key) or gaz.lookup_variants(key)
    return any(c.country in focus for c in cands[:3])


def district_stem(word: str) -> str | None:
    """'starobeshivskiy' -> 'starobeshiv': the centre's name inside a raion's adjective."""
    for e in DISTRICT_ADJECTIVE_ENDINGS:
        if word.endswith(e) and len(word) - len(e) >= 4:
            return word[: -len(e)]
    return None


def settlement_word(doc, ts: int, te: int) -> bool:
    """ "the village of X", "X village", "X town": the text itself says X is a settlement."""
    words = SETTLEMENT_WORDS
    before = [t.lower_ for t in doc[max(0, ts - 2):ts]]
    return (te < len(doc) and doc[te].lower_ in words) or doc[te - 1].text in words or (len(before) == 2 and before[1] == "of"
                                                          and before[0] in words) or (
        bool(before) and before[-1] in words)


def names_a_building(doc, te: int) -> bool:
    """Whether the entity ending at token `te` goes on, past the model's boundary, into a
    building's name: a capitalised facility word, perhaps after a possessive ("St. Peter's Basilica")."""
    k = te + 1 if te < len(doc) and doc[te].lower_ in {"'s", "’s"} else te
    return k < len(doc) and doc[k].text[:1].isupper() and doc[k].lower_ in FACILITY_WORDS | FOUNDER_HEADS


def longer_division_name(doc, gaz: Gazetteer, ts: int, te: int) -> int | None:
    """The end of a country's or division's name that starts with an entity and runs past it
    in the same sentence ("Trinidad" + "and Tobago", "Bosnia" + "and Herzegovina")."""
    sent_end = doc[ts].sent.end
    own = norm(doc[ts:te].text)
    for n in range(min(gaz.max_words, sent_end - ts), te - ts, -1):
        if not doc[ts + n - 1].text[:1].isalnum():
            continue
        key = norm(doc[ts:ts + n].text)
        if key != own and key in gaz.index:
            cands = gaz.lookup_key(key)
            if cands and cands[0].feature in ("country", "admin1") and not cands[0].alternate:
                return ts + n
    return None


def acronym_without_country(text: str, key: str, gaz: Gazetteer) -> bool:
    """An all-capitals word of up to four letters names a place only as a country's or
    state's code we list (US, UK, UAE); otherwise it is an acronym (NATO, EU, SBU). A short
    word with a capital inside ("MoD", "DoJ") is an acronym too, never Maud, Oklahoma."""
    if len(text) <= 4 and text.isalpha() and text[:1].isupper() and not text.isupper() and any(ch.isupper() for ch in text[1:]):
        return key not in gaz.acronyms
    if not (text.isupper() and len(key.replace(" ", "")) <= 4) or key in gaz.acronyms:
        return False
    cands = gaz.lookup_key(key)
    if re.fullmatch(r"(?:[A-Z]\.){2,3}", text) and cands and cands[0].population >= 50_000:
        return False  # "D.C.", "L.A.": a dotted abbreviation of a big place, not an organisation's acronym
    return not any(c.feature in ("country", "admin1") for c in cands[:3])


def spelling_of(text: str, name: str) -> bool:
    """Whether an alternate name is a spelling of the entry's name (Popasnaya, Kiev) rather
    than another name altogether (Stalin for Donetsk)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(norm(text), norm(name)) >= 60

