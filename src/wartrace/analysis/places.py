"""Places: find toponyms in a document and resolve each to coordinates.

Recognition (English): spaCy's GPE/LOC/FAC entities, plus a gazetteer phrase lookup over
the capitalised tokens so names the small model misses or mislabels (Popasna as ORG,
Avdiivka as PERSON) are still found; "X Oblast", "the X region", "the region of X",
"X district", "near X", "outskirts of X" set cues. Russian and Ukrainian text (no spaCy
parse) goes through natasha's NER and the gazetteer's Cyrillic names (analysis/russian.py).

Resolution scores every gazetteer candidate of a mention by population and feature
type (the gazetteer's prior), cues, a containment hint ("Popasna, in the eastern region
of Luhansk"; "Long Beach, CA"), the countries and divisions the document's other places
fall in, and their distance to the candidate; two passes let the document's
unambiguous places settle the ambiguous ones. Each mention is resolved on its own, so
one failure costs that mention only.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from wartrace.analysis.gazetteer import (
    ZERO_WIDTH,
    Candidate,
    Gazetteer,
    haversine_km,
    load_gazetteer,
    norm,
    romanisation_variants,
    to_place,
    unit_matches,
)
from wartrace.analysis.not_places import blocked_tokens
from wartrace.analysis.place_mentions import Mention
from wartrace.analysis.registry import component
from wartrace.model import Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Entity labels a gazetteer match may override when the whole entity is a place name
# (the small English model calls many Ukrainian towns ORG or PERSON).
OVERRIDABLE = {"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}
NEVER_PLACE = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}

ADMIN_WORDS = {"oblast", "region", "province", "state", "krai", "governorate", "prefecture", "county", "parish",
               "district", "raion", "municipality", "territory", "oblast'",
               "obl"}  # "Donetsk Obl", UCDP's abbreviation: the oblast, not the city
CITY_WORDS = {"city", "town", "village", "settlement", "port", "capital", "hamlet", "suburb", "outskirts"}
LOCATIVE = {"in", "near", "at", "from", "to", "outside", "around", "into", "toward", "towards", "across", "through",
            "of", "via", "nearby", "north", "south", "east", "west", "beyond", "outskirts"}
SKIP_LEADING = {"the", "The"}

TOP_K = 30
# Weights of the document context: share of the other places in the candidate's country and
# division, and closeness to the nearest of them. COUNTRY_W was picked among 3.0/3.75/4.5/6.0 on
# the LGL and TR-News evaluation sets (the differences are within 0.3 points).
COUNTRY_W, ADMIN_W, NEAR_W, NEAR_KM = 3.75, 2.5, 1.5, 150.0
# A namesake a hundred times smaller than the name's big city (London, Kentucky beside London)
# gets half the country support when neither its division nor its neighbourhood backs it: one
# mention of New York makes the US likelier, not Kentucky's London. (LGL +14, TR-News +1, GWN +4.)
BIG_CITY_POP, NAMESAKE_RATIO, COUNTRY_ONLY_DISCOUNT = 100_000, 100, 0.5
# Capitalised words that name towns somewhere but in prose almost never do.
COMMON_WORDS = {"south", "north", "east", "west", "central", "airport", "station", "city", "police", "army",
                "union", "liberty", "independence", "victory", "mobile", "reading", "march", "may", "june", "july",
                "august", "god", "love", "hope", "friendship", "university", "college", "church", "street", "road",
                "president", "minister", "defense", "defence", "national", "federal", "republic", "republican",
                "democrat", "commander", "general", "colonel", "major", "captain", "sergeant", "said", "today",
                "village", "town", "region", "district", "oblast", "near", "bridge", "plant", "hill", "height",
                "checkpoint", "highway", "airfield", "base", "river", "lake", "mount", "port", "peninsula",
                "baltic", "earth", "congress", "peace", "nord", "soviet", "western", "eastern", "northern",
                "southern", "orient", "occident", "globe", "world", "homeland", "motherland"}
# Parliaments that share a town's name: "the Duma" and "the State Duma" are Russia's, not Douma
# in Syria (GeoNames: Dūmā); "the Rada", "Verkhovna Rada" Ukraine's, not Radā' in Yemen.
PARLIAMENTS = {"duma", "rada", "knesset", "sejm", "majlis"}
PARLIAMENT_BEFORE = {"the", "state", "verkhovna", "city"}
# Head nouns of buildings and sites: "Trump Tower", "Rogers Centre", "Alder Hey Children's Hospital",
# "Pearl Harbor", "Nile Delta" end in a word that is also a place's name somewhere (Tower in Ireland,
# Centre in Burkina Faso); as the last word of a longer name it is never that place. (A name on its
# own, "Delta" the Canadian city, is still looked up.)
FACILITY_WORDS = {"centre", "center", "tower", "towers", "hospital", "cathedral", "harbor", "harbour", "wing", "hall",
                  "gardens", "garden", "square", "park", "castle", "museum", "palace", "hotel", "prison", "jail",
                  "market", "stadium", "arena", "plaza", "mall", "library", "temple", "mosque", "basilica", "chapel",
                  "academy", "institute", "school", "court", "building", "house", "terminal", "pier"}
# Natural features: "North Island", "Silicon Valley", "Nile Delta" are not Iceland (Ísland), Valley
# (Alabama) or Delta (British Columbia); nor, unlike a building, named after a town before them.
NATURAL_WORDS = {"delta", "island", "islands", "isle", "bay", "valley", "beach", "creek", "canyon", "ridge", "forest"}
HEAD_WORDS = FACILITY_WORDS | NATURAL_WORDS


# ---- recognition (English) ---------------------------------------------------------------
def _cue_before(doc, i: int) -> str | None:
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


def _names_a_parliament(doc, ts: int, te: int, key: str) -> bool:
    return key in PARLIAMENTS and ts > 0 and doc[ts - 1].lower_ in PARLIAMENT_BEFORE


def _cue_after(doc, j: int) -> tuple[str | None, int]:
    """Cue from the word right after the span (exclusive end token j): "Oblast", "region", "County"."""
    if j < len(doc):
        w = doc[j].lower_
        if w in ADMIN_WORDS:
            return ("admin2" if w in {"county", "parish", "district", "raion", "municipality"} else "admin"), j + 1
        if w in {"city", "town", "village", "settlement", "hamlet"}:
            return "city", j + 1
    return None, j


def _match_gazetteer(doc, gaz: Gazetteer, start: int, end: int) -> list[tuple[int, int, str]]:
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


def english_mentions(doc, gaz: Gazetteer, focus: set[str]) -> list[Mention]:
    mentions: list[Mention] = []
    taken = [False] * len(doc)
    for t in blocked_tokens(doc, lambda text: norm(text) in gaz.index):
        taken[t] = True  # "The Washington Post", "Manchester City", "Oleksandr Kamyshin": not places
    sent_of = {}
    for si, s in enumerate(doc.sents):
        for t in range(s.start, s.end):
            sent_of[t] = si

    def add(ts: int, te: int, label: str | None, key: str | None = None) -> None:
        if ts >= te or any(taken[ts:te]):
            return
        cue = _cue_before(doc, ts)
        after, te2 = _cue_after(doc, te)
        span = doc[ts:te]
        k = key or norm(span.text)
        if after:
            longer = norm(doc[ts:te2].text)
            if longer in gaz.index:  # "Luhansk Oblast" as one name
                k, te = longer, te2
            cue = after if cue is None else cue
        if k in gaz.demonyms or _names_a_parliament(doc, ts, te, k):
            return
        last = k.rsplit(" ", 1)[-1]
        if cue is None and " " in k and last in ADMIN_WORDS - {"state"}:  # not "Arizona State University"  # "Donetsk region" matched as one name
            cue = "admin2" if last in {"county", "parish", "district", "raion"} else "admin"
        for t in range(ts, te):
            taken[t] = True
        span = doc[ts:te]
        lead = len(span.text) - len(span.text.lstrip(ZERO_WIDTH))  # the span starts at the name's first letter
        mentions.append(Mention(span.start_char + lead, span.end_char, span.text[lead:], k, cue, label, sent_of.get(ts, 0),
                                settlement=_settlement_word(doc, ts, te)))

    # 0. Districts named after their centre ("Starobeshivskyi district", "Amvrosievsky region",
    #    "Shakhtyor district"): placed at the centre town, and a hint for the villages they hold.
    for a in range(len(doc) - 1):
        t = doc[a]
        if taken[a] or not _NAME_WORD.match(t.text) or not t.text[:1].isupper() or len(t) < 5:
            continue
        b = a + 1
        while b < len(doc) and doc[b].text in {"'", "’", "-"} | {"s"} and b - a < 3:
            b += 1  # "Pereval'skiy" split by the tokenizer
        if b >= len(doc) or doc[b].lower_ not in DISTRICT_WORDS or any(taken[a:b]):
            continue
        stem = _district_stem(norm(doc[a:b].text).replace(" ", ""))
        if stem is None:
            continue  # "Bakhmut district" is found as a name; "School District" is none
        before = len(mentions)
        add(a, b + 1, "DISTRICT", "")
        if len(mentions) > before:
            mentions[-1].cue, mentions[-1].district = "admin2", stem
    # 1. spaCy's place entities, each narrowed to its gazetteer name when it has one.
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        ts, te = ent.start, ent.end
        while ts < te and (doc[ts].text in SKIP_LEADING or doc[ts].is_punct):
            ts += 1
        while te > ts and (doc[te - 1].is_punct or doc[te - 1].lower_ in {"'s", "’s"}):
            te -= 1
        if ts >= te:
            continue
        longer = _longer_division_name(doc, gaz, ts, te)
        if longer:  # "Trinidad and Tobago" where the small model tagged "Trinidad" alone
            te = longer
        key = norm(doc[ts:te].text)
        # "Novomykhailivka village", "Ilovaysk Town": the name, with "village" as its cue; but
        # "Birkdale Village" is a shopping centre's own name, so a capitalised "Village" is
        # taken off only a name of the war's countries.
        if te - ts > 1 and key not in gaz.index and (doc[te - 1].text in SETTLEMENT_WORDS or doc[
                te - 1].lower_ in SETTLEMENT_WORDS and _focus_name(gaz, norm(doc[ts:te - 1].text), focus)):
            te -= 1
            key = norm(doc[ts:te].text)
        if key in COMMON_WORDS or _acronym_without_country(doc[ts:te].text, key, gaz):
            continue
        if _names_a_building(doc, te) and not _strong_town(gaz, key):
            continue  # "St. Peter's Basilica" with "St. Peter's" tagged GPE: not Saint Peter, Minnesota
        if key in gaz.index:
            add(ts, te, ent.label_, key)
            continue
        words = key.split(" ")
        if len(words) > 1 and words[-1] in ADMIN_WORDS | {"city"}:
            short = " ".join(words[:-1])
            if _known(gaz, short):
                cue = "city" if words[-1] == "city" else ("admin2" if words[-1] in {"county", "parish", "district"} else "admin")
                before = len(mentions)
                add(ts, te, ent.label_, short)
                if len(mentions) > before:
                    mentions[-1].cue = cue
                continue
        # Only a name that ends the entity is its place: "eastern Ukraine", "North Texas";
        # not "Red" in "Red River" nor "Donetsk" in "Donetsk People's Republic".
        inner = [m for m in _match_gazetteer(doc, gaz, ts, te)
                 if m[1] == te and not (m[1] - m[0] == 1 and doc[m[0]].lower_ in COMMON_WORDS | HEAD_WORDS)]
        if not inner and doc[te - 1].lower_ in FACILITY_WORDS and te - ts <= 4:
            # "Toronto General Hospital" (FAC): the town the building is named after.
            inner = [m for m in _match_gazetteer(doc, gaz, ts, te - 1) if m[0] == ts
                     and doc[m[0]].lower_ not in COMMON_WORDS and _strong_town(gaz, m[2])]
        if inner:
            for a, b, k in inner:
                add(a, b, ent.label_, k)
        else:
            add(ts, te, ent.label_, key)  # unknown to the gazetteer: kept, placed by context later

    # 2. Gazetteer names spaCy did not call places.
    ent_label = {}
    for ent in doc.ents:
        for t in range(ent.start, ent.end):
            ent_label[t] = (ent.label_, ent.start, ent.end)
    person_parts = {t.text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent}
    for a, b, key in _match_gazetteer(doc, gaz, 0, len(doc)):
        if any(taken[a:b]):
            continue
        lab = ent_label.get(a)
        # the entity is this name ("the European Union" counts as "European Union")
        whole = lab is not None and lab[2] == b and (lab[1] == a or lab[1] == a - 1 and doc[a - 1].lower_ == "the")
        cands = gaz.lookup_key(key)
        if not cands:
            continue
        # The war's own toponyms, capitalised mid-sentence, are places whatever the small
        # model thought ("Sievierodonetsk overnight" as TIME, "Popasnaya" as PERSON).
        regional = any(c.country in focus for c in cands[:3]) and (
            not doc[a].is_sent_start or _cue_after(doc, b)[0] is not None
            or (doc[a].pos_ == "PROPN" or doc[a].ent_type_ or _alone(doc, b)) and not doc[a].is_stop
            and doc[a].lower_ not in COMMON_WORDS)
        # A city of 100,000 or more under its own name, which the small model took for a group
        # or a date ("rebels from Aleppo" as NORP, "in Winnipeg" as DATE).
        big = whole and cands[0].feature == "city" and cands[0].population >= BIG_CITY_POP and not cands[0].alternate \
            and doc[a].pos_ == "PROPN" and b - a == 1
        # "Greer, South Carolina" (Greer tagged NORP): a town followed by the division it lies in.
        big = big or whole and lab[0] in ("NORP", "PERSON") and _followed_by_its_division(doc, gaz, b, cands)
        if lab and lab[0] in NEVER_PLACE and not (regional or big):
            continue
        if lab and lab[0] not in OVERRIDABLE | NEVER_PLACE:
            continue
        # "BEIRUT: The body of ...", "CHARLESTON, W.Va. -": a dateline, in capitals before a colon or comma.
        dateline = doc[a].is_sent_start and text_upper(doc[a:b].text) and b < len(doc) \
            and doc[b].text in {":", ",", "-", "—", "–", "("} and (cands[0].population >= 50_000 or cands[0].feature in (
                "country", "admin1"))
        if not regional and not dateline and not any(t.pos_ == "PROPN" for t in doc[a:b]):
            continue
        cue = _cue_before(doc, a) or _cue_after(doc, b)[0]
        locative = a > 0 and doc[a - 1].lower_ in LOCATIVE
        best = cands[0]
        strong = (best.feature in ("country", "facility") or best.population >= 50_000
                  or best.feature == "admin1" and best.population >= 1_000_000)
        located = bool(cue or locative) and (strong or best.population >= 1000)
        if b - a == 1 and (doc[a].lower_ in COMMON_WORDS or doc[a].lower_ in HEAD_WORDS and a > 0
                           and doc[a - 1].text[:1].isupper() and not doc[a - 1].is_sent_start):
            continue
        kind = lab[0] if lab else None
        text = doc[a:b].text
        if len(text) <= 3 and not text.isupper() and not text.endswith(".") or _acronym_without_country(text, key, gaz):
            continue  # "La" is not Louisiana without its dot; "NATO" is not Nato, Philippines
        # "Google" (Topeka's name for a month) or "Stalin" (Donetsk's old name) tagged ORG/PERSON are
        # not places; a war-region town's former name in two words or on its own line is
        # ("Krasnyy Luch", now Khrustalnyi; "Stakhanov", now Kadiivka).
        former_name = regional and best.country in focus and best.population >= 10_000 and (
            b - a > 1 or doc[a].is_sent_start and _alone(doc, b))
        if kind and best.alternate and not _spelling_of(text, best.name) and not former_name:
            continue
        if kind in NEVER_PLACE or kind == "NORP":
            if not (regional or big):
                continue
        elif lab and not whole:
            # A place inside an organisation's name ("Luhansk Regional Military Administration")
            # names the place only when it is a country or division, or a regional town that
            # the name merely lists ("Kherson, Mykolaiv and Odesa" tagged ORG).
            inside_name = b < lab[2] and doc[b].is_alpha and doc[b].text[:1].isupper()
            opens = a == lab[1] or a == lab[1] + 1 and doc[lab[1]].lower_ == "the"  # the name starts with it
            # "Rapides Parish Fire District", "Alexandria Police Department", "Kharkiv City Council":
            # the place a local institution is named after; "Toronto General Hospital", "Gwinnett
            # Medical Center": a building named after its town.
            local = b < lab[2] and (doc[b].lower_ in INSTITUTION_WORDS or opens and lab[2] - b <= 3
                                    and doc[lab[2] - 1].lower_ in FACILITY_WORDS) and (
                strong or best.population >= 1000 and doc[lab[2] - 1].lower_ not in FOUNDER_HEADS
                or best.feature == "admin2")
            # "Vancouver Coastal Health Authority", "Springfield Science Museum": a name that opens
            # with a city names the city it serves.
            named_for = opens and lab[0] in ("ORG", "FAC") and best.feature == "city" \
                and best.population >= CITY_IN_NAME_POP and not best.alternate
            if not (best.feature in ("country", "admin1", "admin2") or local or named_for
                    or regional and not inside_name):
                continue
        elif kind == "PERSON":
            # "Avdiivka" and "Tamil Nadu" tagged PERSON; "Jordan said", after "Michael Jordan", stays a person.
            # "Klamath Falls, Oregon" tagged PERSON: a town followed by the division it lies in.
            # "in Cirencester" tagged PERSON: a town of some size right after "in" or "near" that
            # names nobody else in the document.
            town_after_in = a > 0 and doc[a - 1].lower_ in {"in", "near", "outside"} and best.feature == "city" \
                and best.population >= 10_000 and not best.alternate
            if doc[a:b].text in person_parts or not (strong or big or town_after_in or regional and best.population >= 1000
                                                     or locative and regional):
                continue
        elif not (regional or strong or located):
            # Without spaCy's support a capitalised word is a place when it names a big or
            # regional place or follows a locative cue: "Pearson" is a town somewhere too.
            continue
        add(a, b, "GAZ" if not lab else f"GAZ/{lab[0]}", key)
    # 3. Unknown capitalised names that a cue marks as a settlement ("near Chervonosilske
    #    village", "the village of Nikishine"): resolved later by spelling similarity.
    for a in range(len(doc)):
        t = doc[a]
        if taken[a] or not t.is_alpha or not t.text[:1].isupper() or t.lower_ in COMMON_WORDS or len(t) < 5:
            continue
        b = a + 1
        while b < len(doc) and not taken[b] and doc[b].is_alpha and doc[b].text[:1].isupper() and b - a < 3:
            b += 1
        cue = _cue_before(doc, a) or _cue_after(doc, b)[0]
        if cue == "city" and (doc[a].ent_type_ in ("", "GPE", "LOC", "FAC", "ORG", "PERSON", "NORP")):
            add(a, b, "CUE")
    mentions.sort(key=lambda m: m.start)
    return mentions


DISTRICT_WORDS = {"district", "raion", "rayon", "region"}
SETTLEMENT_WORDS = {"village", "villages", "town", "settlement", "hamlet"}
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:['’][^\W\d_]+)?$")
_ADJ_ENDINGS = ("skyi", "skiy", "skii", "skyy", "sky", "skaya", "ska", "ske", "skoe", "skoye", "skoho", "skogo",
                "skoi", "skoy", "skyi")


def _followed_by_its_division(doc, gaz: Gazetteer, b: int, cands: list[Candidate]) -> bool:
    """ "X, State": a comma, then a first-level division or country holding one of X's candidates."""
    if b + 1 >= len(doc) or doc[b].text != ",":
        return False
    after = _match_gazetteer(doc, gaz, b + 1, min(len(doc), b + 4))
    if not after or after[0][0] != b + 1:
        return False
    boxes = [c for c in gaz.lookup_key(after[0][2])[:3] if c.feature in ("admin1", "country")]
    return any(c.feature == "city" and any(
        c.country == box.country and (box.feature == "country" or c.admin1_code == box.admin1_code) for box in boxes)
        for c in cands[:TOP_K])


def text_upper(text: str) -> bool:
    """All capitals and at least four letters: a dateline, not an acronym (NATO is caught elsewhere)."""
    return text.isupper() and sum(ch.isalpha() for ch in text) >= 4


def _alone(doc, b: int) -> bool:
    """A name opening a sentence that ends with it or with a comma after it ("Marinka",
    "Dokuchayevsk, Donetsk region"): a heading or a place line, where the small model reads
    an unknown word as a common noun."""
    return b == len(doc) or doc[b].text in {",", ";", ":"} or doc[b].is_sent_start


def _strong_town(gaz: Gazetteer, key: str) -> bool:
    """A name whose likeliest bearer is a city or a division ("Toronto", "Butler County"), not the
    family name a building may also carry ("Shawnee Park", "Pearl Harbor")."""
    cands = gaz.lookup_key(key)
    return bool(cands) and (cands[0].population >= 50_000 or cands[0].feature in ("admin1", "admin2", "country"))


def _known(gaz: Gazetteer, key: str) -> bool:
    """A name the gazetteer holds, directly or under the other romanisation (Lutugyne)."""
    return key in gaz.index or any(v in gaz.index for v in romanisation_variants(key))


def _focus_name(gaz: Gazetteer, key: str, focus: set[str]) -> bool:
    if not _known(gaz, key):
        return False
    cands = gaz.lookup_key(key) or gaz.lookup_variants(key)
    return any(c.country in focus for c in cands[:3])


def _district_stem(word: str) -> str | None:
    """'starobeshivskiy' -> 'starobeshiv': the centre's name inside a raion's adjective."""
    for e in _ADJ_ENDINGS:
        if word.endswith(e) and len(word) - len(e) >= 4:
            return word[: -len(e)]
    return None


def _settlement_word(doc, ts: int, te: int) -> bool:
    """ "the village of X", "X village", "X town": the text itself says X is a settlement."""
    words = SETTLEMENT_WORDS
    before = [t.lower_ for t in doc[max(0, ts - 2):ts]]
    return (te < len(doc) and doc[te].lower_ in words) or doc[te - 1].text in words or (len(before) == 2 and before[1] == "of"
                                                          and before[0] in words) or (
        bool(before) and before[-1] in words)


def _names_a_building(doc, te: int) -> bool:
    """Whether the entity ending at token `te` goes on, past the model's boundary, into a
    building's name: a capitalised facility word, perhaps after a possessive ("St. Peter's Basilica")."""
    k = te + 1 if te < len(doc) and doc[te].lower_ in {"'s", "’s"} else te
    return k < len(doc) and doc[k].text[:1].isupper() and doc[k].lower_ in FACILITY_WORDS | FOUNDER_HEADS


def _longer_division_name(doc, gaz: Gazetteer, ts: int, te: int) -> int | None:
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


def _acronym_without_country(text: str, key: str, gaz: Gazetteer) -> bool:
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


def _spelling_of(text: str, name: str) -> bool:
    """Whether an alternate name is a spelling of the entry's name (Popasnaya, Kiev) rather
    than another name altogether (Stalin for Donetsk)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(norm(text), norm(name)) >= 60


CITY_IN_NAME_POP = 50_000
# Institutions more often named after a founder or patron than after a small town ("Cornell
# University", "Carnegie Library", "Glenrock State Conservation Area"): only a city or division names them.
FOUNDER_HEADS = {"university", "college", "library", "academy", "institute", "hotel", "area", "basilica"}
INSTITUTION_WORDS = {"police", "fire", "sheriff", "county", "city", "school", "schools", "department", "high",
                     "university", "college", "hospital", "airport", "council", "township", "public", "municipal",
                     "district", "regional", "area", "chamber", "community", "state"}
NON_PLACE_HEADS = {"union", "nations", "platform", "council", "alliance", "organization", "organisation", "agency",
                   "ministry", "stream", "pipeline", "forces", "army", "navy", "party", "committee", "court", "fund",
                   "bank", "group", "company", "corporation", "summit", "conference", "treaty", "agreement",
                   "accords", "war", "games", "cup", "league", "festival", "slavic", "republic"}


# ---- resolution ---------------------------------------------------------------------------
CONTAINER_GAP = re.compile(
    r"^\s*(?:,|\(|,?\s*in)\s*(?:the\s+)?(?:[a-z-]+\s+){0,2}(?:(?:region|oblast|province|state|county|district|area)\s+of\s+)?$",
    re.I)


def _containers(text: str, mentions: list[Mention]) -> dict[int, list[tuple[int, float]]]:
    """mention index -> [(index of a mention that may say where it lies, weight)].

    "X, Y" and "X, in the eastern region of Y" are strong hints; a division named later in
    the same sentence ("near the village of X, Y district, Donetsk region") a weaker one."""
    out: dict[int, list[tuple[int, float]]] = {}
    for i in range(len(mentions) - 1):
        a = mentions[i]
        for j in range(i + 1, min(i + 4, len(mentions))):
            b = mentions[j]
            gap = text[a.end:b.start]
            if j == i + 1 and len(gap) <= 40 and CONTAINER_GAP.match(gap):
                out.setdefault(i, []).append((j, 4.0))
            elif len(gap) <= 100 and not re.search(r"[.;!?]\s", gap) and b.sent == a.sent:
                out.setdefault(i, []).append((j, 2.0))
    return out


def _contains(container: Candidate, c: Candidate) -> bool:
    if container.feature == "country":
        return c.country == container.country and c.feature != "country"
    if container.feature == "admin1":
        return c.country == container.country and c.admin1_code == container.admin1_code and c.feature != "admin1"
    if container.feature == "admin2":
        # Our cities carry no second-level code, so a county holds the towns of its division
        # near its point: "Maidstone, Kent" is Kent in England, not Kent, Washington.
        return c.feature in ("city", "facility") and c.country == container.country \
            and c.admin1_code == container.admin1_code \
            and haversine_km(c.lat, c.lon, container.lat, container.lon) <= ADMIN2_KM
    return False


ADMIN2_KM = 60.0  # an English county or a US county is rarely more than this from its point to its edge


CUE_BONUS = {
    "admin": {"admin1": 4.0, "admin2": 2.0, "city": -1.5, "country": -2.0},
    "admin2": {"admin2": 4.0, "admin1": -1.0},
    "city": {"city": 1.5, "admin1": -3.0, "country": -3.0},
}


def _postal_candidates(gaz: Gazetteer, text: str, m: Mention, prev: Mention | None) -> list[Candidate]:
    """'Long Beach, CA': a two-letter postal code right after "place," names a US state."""
    if prev is None or not re.fullmatch(r"[A-Z]{2}", m.text) or not re.fullmatch(r"\s*,\s*", text[prev.end:m.start]):
        return []
    e = gaz.postal.get("US", {}).get(m.text)
    return [gaz.candidate(e)] if e is not None else []


def resolve(mentions: list[Mention], gaz: Gazetteer, text: str, prior_country: str | None = None,
            errors: list[str] | None = None, focus: set[str] = frozenset()) -> list[Place]:
    containers = _containers(text, mentions)
    full: list[list[Candidate]] = []
    for m in mentions:
        if m.district:
            allc = gaz.district_centres(m.district)
            full.append(allc)
            m.cands = allc
            continue
        allc = gaz.lookup_key(m.key) if m.key else []
        if m.key and not m.key.startswith("~"):
            have = {c.idx for c in allc}
            allc = allc + [c for c in gaz.lookup_variants(m.key) if c.idx not in have]
        if not allc and m.key and not m.key.startswith("~") and m.cue == "city":
            allc = gaz.fuzzy(m.key)  # "near Iloviaks town": only where a cue says it is a settlement
        full.append(allc)
        m.cands = allc[:TOP_K]
    for i, links in containers.items():
        # A small village named with its division may rank below TOP_K namesakes: keep the
        # ones inside any division the container could be.
        if len(full[i]) > TOP_K:
            boxes = [c for j, _w in links for c in full[j][:5] if c.feature in ("admin1", "country")]
            extra = [c for c in full[i][TOP_K:] if any(_contains(b, c) for b in boxes)]
            mentions[i].cands = mentions[i].cands + extra[:TOP_K]
    for i, m in enumerate(mentions):
        if not m.cands:
            pc = _postal_candidates(gaz, text, m, mentions[i - 1] if i else None)
            if pc:
                m.cands = pc
    base: list[list[float]] = []
    for m in mentions:
        bonus = CUE_BONUS.get(m.cue or "", {})
        # "Cambridge" is a city's own name in England: a Luhansk quarter that GeoNames also
        # lists as "Cambridge" gets no bonus for lying in the war's region (but "Odessa", a
        # spelling of Odesa, keeps it beside Odessa, Texas).
        big_elsewhere = any(not c.alternate and c.population >= BIG_CITY_POP and c.country not in focus for c in m.cands)
        row = []
        for c in m.cands:
            s = c.prior + bonus.get(c.feature, 0.0)
            if prior_country and c.country == prior_country:
                s += 2.0
            if c.country in focus and not (c.alternate and big_elsewhere and not _spelling_of(m.text, c.name)):
                s += gaz.focus_bonus(c)
            row.append(s)
        base.append(row)
    for i, links in containers.items():
        a = mentions[i]
        for j, weight in links:
            b = mentions[j]
            hit_a, hit_b = set(), set()
            for ai, ca in enumerate(a.cands):
                for bi, cb in enumerate(b.cands):
                    # divisions rank low by population (a county has none in our tables): look at all
                    if (bi < 10 or cb.feature == "admin2") and _contains(cb, ca):
                        hit_a.add(ai)
                        hit_b.add(bi)
            for ai in hit_a:
                base[i][ai] += weight
            for bi in hit_b:
                # a county has no population in our tables to lift it: the town it holds must
                base[j][bi] += weight if b.cands[bi].feature == "admin2" else weight / 2
    best = [max(range(len(r)), key=r.__getitem__) if r else None for r in base]
    shares = [_top_shares(r) for r in base]
    scores = base
    for _round in range(2):
        scores = []
        for i, m in enumerate(mentions):
            try:
                scores.append(_context_scores(i, mentions, base, best, shares))
            except Exception as exc:  # noqa: BLE001 - one mention's failure must not drop the others
                if errors is not None:
                    errors.append(f"places: {m.text!r}: {type(exc).__name__}: {exc}")
                scores.append(base[i])
        best = [max(range(len(r)), key=r.__getitem__) if r else None for r in scores]
    for m, s in zip(mentions, scores):
        m.scores = s
    _one_sense_per_document(mentions, containers)
    places = []
    best_done: set[int] = set()
    for i, m in enumerate(mentions):
        if best[i] is None:
            hint = _district_hint(i, mentions, containers, best, gaz)
            if hint is not None:  # "Chervonosilske village, Amvrosievsky region": a village we lack
                p = _district_place(m, hint[1], 0.3)
                p.name = hint[0].text
                places.append(p)
                best_done.add(i)
            continue
        order = sorted(range(len(m.cands)), key=lambda k: -m.scores[k])
        c = m.cands[order[0]]
        top = m.scores[order[0]]
        conf = 1.0 / sum(math.exp(m.scores[k] - top) for k in order)
        hint = _district_hint(i, mentions, containers, best, gaz)
        if hint is not None:
            place = _near_hint(m, c, hint, full[i], m.scores[order[0]])
            if place is not None:
                places.append(place)
                continue
        if m.district:
            places.append(_district_place(m, c, round(conf, 3)))
            continue
        box = _stated_division(i, mentions, containers, best, focus, text)
        if box is not None and c.feature in FINE_FEATURES and not _contains(box, c):
            # "Novokaterynivka village, Starobeshivskyi district, Donetsk region" where our
            # gazetteer knows only namesakes elsewhere: the division the text states is the
            # truest point we have, not a village 500 km away.
            places.append(to_place(box, m.text, m.start, m.end, 0.3, [m.cands[k] for k in order[:3]]))
            continue
        town = _stated_town(i, mentions, containers, best, focus, text)
        if town is not None and c.feature in FINE_FEATURES and haversine_km(c.lat, c.lon, town.lat, town.lon) > 2 * HINT_KM \
                and not _same_division(town, c):
            # "near Pisky village, Donetsk" where our gazetteer knows only Piskys in Poltava and
            # Mykolaiv: the town the village is named by is the truest point we have.
            places.append(to_place(town, m.text, m.start, m.end, 0.3, [m.cands[k] for k in order[:3]]))
            continue
        places.append(to_place(c, m.text, m.start, m.end, round(conf, 3), [m.cands[k] for k in order[1:4]]))
    places += [p for k, p in _placed_by_context(mentions, best) if k not in best_done]
    places.sort(key=lambda p: p.start)
    return places


def _one_sense_per_document(mentions: list[Mention], containers: dict) -> None:
    """A name repeated in one document means one place: "Parkland, Florida" in the lead settles
    the bare "Parkland" of later paragraphs, which alone would go to the larger Parkland,
    Washington. A mention the text places ("X, Y") leads, else the surest one; only mentions
    with the lead's cue follow ("Georgia" after "the state of Georgia" does not make an
    article's other Georgias the US state). LGL +6, TR-News +3, GWN +1 hits."""
    groups: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        if m.cands and m.scores and m.key and not m.district:
            groups.setdefault(m.key, []).append(i)
    for group in groups.values():
        placed = [i for i in group if any(w >= 4 for _j, w in containers.get(i, []))]
        if len(group) < 2:
            continue
        lead = mentions[max(placed or group, key=lambda i: _sureness(mentions[i]))]
        k = max(range(len(lead.cands)), key=lead.scores.__getitem__)
        chosen = lead.cands[k].idx
        for i in group:
            m = mentions[i]
            if m is lead or m.cue != lead.cue or i in placed:
                continue
            for j, c in enumerate(m.cands):
                if c.idx == chosen:
                    m.scores = list(m.scores)
                    m.scores[j] = max(m.scores) + ONE_SENSE_MARGIN
                    break


ONE_SENSE_MARGIN = 1.0  # the led mention's confidence then reflects the lead's choice, not its own doubt


def _sureness(m: Mention) -> float:
    top = max(m.scores)
    return 1.0 / sum(math.exp(s - top) for s in m.scores)


FINE_FEATURES = ("city", "admin2", "facility")
HINT_KM = 45.0  # a raion is some 30-60 km across: a village named with it lies this close to its centre


def _district_place(m: Mention, centre: Candidate, conf: float) -> Place:
    return Place(text=m.text, start=m.start, end=m.end, name=m.text, lat=round(centre.lat, 5),
                 lon=round(centre.lon, 5), country=centre.country, feature="admin2", confidence=min(conf, 0.5),
                 geonameid=None, admin1=centre.admin1,
                 alternatives=[{"name": centre.name, "geonameid": centre.geonameid, "reason": "district centre"}])


def _district_hint(i: int, mentions: list[Mention], containers: dict, best: list[int | None],
                   gaz: Gazetteer) -> tuple[Mention, Candidate] | None:
    """The district a settlement is said to lie in ("Pisky village, Yasynuvata district",
    "Chervonosilske, Amvrosievsky region"), as its centre town, when the text states one."""
    m = mentions[i]
    if m.district or not (m.settlement or m.cue == "city" or m.label == "CUE"):
        return None
    for j, _w in containers.get(i, []):
        b = mentions[j]
        if best[j] is None or b.cue not in ("admin2", "admin"):
            continue
        c = b.cands[best[j]]
        if c.feature == "city" and c.country in gaz.focus_countries:
            return b, c
    return None


def _near_hint(m: Mention, chosen: Candidate, hint: tuple[Mention, Candidate], allc: list[Candidate],
               score: float) -> Place | None:
    """The namesake within the stated district when the best-scored one lies elsewhere;
    the district's centre when the gazetteer knows none there (villages missing from cities500)."""
    dm, centre = hint
    named = [c for c in allc if c.units and dm.district and unit_matches(dm.district, c.units)]
    if named:  # the codifier puts a namesake in the hromada or raion the text names (issue 23)
        c = max(named, key=lambda c: c.prior)
        return None if c.idx == chosen.idx else to_place(c, m.text, m.start, m.end, 0.5, [chosen])
    if haversine_km(chosen.lat, chosen.lon, centre.lat, centre.lon) <= HINT_KM:
        return None
    near = [c for c in allc if haversine_km(c.lat, c.lon, centre.lat, centre.lon) <= HINT_KM]
    if near:
        c = max(near, key=lambda c: c.prior)
        return to_place(c, m.text, m.start, m.end, 0.5, [chosen])
    p = _district_place(m, centre, 0.3)
    p.name = dm.text
    return p


_LIST_NEXT = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)[A-Z]")


def _stated_division(i: int, mentions: list[Mention], containers: dict, best: list[int | None],
                     focus: set[str], text: str) -> Candidate | None:
    """The first-level division or country the text says mention i lies in, if any: right
    after it ("X, Donetsk region") or, for a settlement, later in the sentence."""
    m = mentions[i]
    for j, w in containers.get(i, []):
        if best[j] is None:
            continue
        c = mentions[j].cands[best[j]]
        if w < 4 and not (m.settlement or m.cue == "city" or c.country in focus):
            continue  # "Loyola University in Los Angeles ... Arizona State": no statement of where
        if c.feature != "admin1":
            continue
        if mentions[j].cue == "admin":  # "Donetsk region", "Luhansk Oblast"
            return c
        # "Holliday, Missouri": but not "Miami, West Palm Beach, New York, and Detroit" (a list)
        # nor "McAuliffe of McLean, former Del. Brian Moran" (an abbreviation).
        after = text[mentions[j].end:mentions[j].end + 12]
        if w >= 4 and not mentions[j].text.endswith(".") and not _LIST_NEXT.match(after):
            return c
    return None


_SETTLEMENT_THEN_TOWN = re.compile(r"^\s*(?:village|town|settlement)\s*[,(]\s*$", re.I)


def _stated_town(i: int, mentions: list[Mention], containers: dict, best: list[int | None],
                 focus: set[str], text: str) -> Candidate | None:
    """The town of the war's countries that a village is named by, right after it ("near Pisky
    village, Donetsk", "the village of Vesele (Donetsk)"): the village lies near it."""
    m = mentions[i]
    if not (m.settlement or m.cue == "city"):
        return None
    nxt = [(i + 1, 4.0)] if i + 1 < len(mentions) and _SETTLEMENT_THEN_TOWN.match(
        text[m.end:mentions[i + 1].start]) else []
    for j, w in containers.get(i, []) + nxt:
        if w >= 4 and best[j] is not None:
            c = mentions[j].cands[best[j]]
            if c.feature == "city" and c.country in focus:
                return c
    return None


def _same_division(town: Candidate, village: Candidate) -> bool:
    """Whether the village we found lies in the town's own division: "Shyrokyne village,
    Donetsk" names the oblast that shares the town's name, and the village is right."""
    return village.country == town.country and village.admin1_code == town.admin1_code


def _top_shares(row: list[float], k: int = 3) -> list[tuple[int, float]]:
    """The k best candidates of a mention with their softmax share of its score."""
    if not row:
        return []
    order = sorted(range(len(row)), key=row.__getitem__, reverse=True)[:k]
    top = row[order[0]]
    total = sum(math.exp(row[j] - top) for j in order)
    return [(j, math.exp(row[j] - top) / total) for j in order]


def _context_scores(i: int, mentions: list[Mention], base: list[list[float]], best: list[int | None],
                    shares: list[list[tuple[int, float]]] | None = None) -> list[float]:
    m = mentions[i]
    if not m.cands:
        return []
    others = [(mentions[j].cands[best[j]], j) for j in range(len(mentions)) if j != i and best[j] is not None
              and mentions[j].key != m.key]
    if not others:
        return list(base[i])
    n = len(others)
    countries: dict[str, float] = {}
    admins: dict[tuple, float] = {}
    points = []
    for c, _j in others:
        if c.country:
            countries[c.country] = countries.get(c.country, 0.0) + 1.0
        if c.feature != "country" and c.admin1_code:
            admins[(c.country, c.admin1_code)] = admins.get((c.country, c.admin1_code), 0.0) + 1.0
        if c.feature in ("city", "facility", "admin2"):
            points.append((c.lat, c.lon, 1.0))
    # The runners-up of the other mentions count too, by their share of the mention's score:
    # Platte County and Columbus, both with namesakes in several states, can settle on the pair
    # that lies together even when one's leader is elsewhere. (LGL Acc@161 +16 hits.)
    for _c, j in others:
        for k, w in (shares[j] if shares is not None else _top_shares(base[j])):
            c2 = mentions[j].cands[k]
            if k != best[j] and w >= 0.1 and c2.feature in ("city", "facility", "admin2"):
                points.append((c2.lat, c2.lon, w))
    top_pop = max((c.population for c in m.cands if c.feature == "city"), default=0)
    out = []
    for k, c in enumerate(m.cands):
        s = base[i][k]
        country = COUNTRY_W * countries.get(c.country, 0.0) / n if c.country else 0.0
        admin = near = 0.0
        if c.feature != "country" and c.admin1_code:
            admin = ADMIN_W * admins.get((c.country, c.admin1_code), 0.0) / n
        if points and c.feature in ("city", "facility", "admin2", "other"):
            near = NEAR_W * max(w * math.exp(-haversine_km(c.lat, c.lon, la, lo) / NEAR_KM)
                                for la, lo, w in points[:60])
        if top_pop >= BIG_CITY_POP and c.population * NAMESAKE_RATIO < top_pop and admin == 0.0 \
                and near < NEAR_W * 0.2:
            country *= COUNTRY_ONLY_DISCOUNT
        out.append(s + country + admin + near)
    return out


def _placed_by_context(mentions: list[Mention], best: list[int | None]) -> list[tuple[int, Place]]:
    """Mentions the gazetteer lacks (streets, buildings, quarters), put at the last town the
    document named before them, or at its first town when they come before any ("Frenchmen
    Street" in a lead, "New Orleans" after), with low confidence: better an approximate point than none."""
    towns = [(m.start, m.cands[best[i]]) for i, m in enumerate(mentions)
             if best[i] is not None and m.cands[best[i]].feature in ("city", "admin2", "facility")]
    out = []
    for i, m in enumerate(mentions):
        if best[i] is not None or not towns:
            continue
        words = m.text.split()
        if m.label in ("FAC", "LOC", "GPE") and m.text[:1].isupper() and (
                len(words) >= 2 or m.label == "FAC" or m.settlement) and not any(w.lower() in NON_PLACE_HEADS for w in words):
            earlier = [t for t in towns if t[0] < m.start]
            town = earlier[-1][1] if earlier else towns[0][1]
            out.append((i, Place(text=m.text, start=m.start, end=m.end, name=m.text, lat=round(town.lat, 5),
                             lon=round(town.lon, 5), country=town.country, feature="other", confidence=0.1,
                             geonameid=None, admin1=town.admin1,
                             alternatives=[{"name": town.name, "geonameid": town.geonameid,
                                            "reason": "not in the gazetteer; placed at the nearest town named before it (or the first one named)"}])))
    return out


# ---- component -------------------------------------------------------------------------------
def find_places(ctx, gaz: Gazetteer, focus: set[str]) -> list[Place]:
    doc = ctx.doc
    text = ctx.document.text
    meta = ctx.document.meta or {}
    prior = meta.get("country_hint")  # ISO2 a caller knows the document is about, if any
    errors = ctx.analysis.errors
    if doc is not None:
        mentions = english_mentions(doc, gaz, focus)
    else:
        from wartrace.analysis.russian import cyrillic_mentions

        mentions = cyrillic_mentions(text, gaz, ctx.resources,  # Russian/Ukrainian (or other unparsed) text
                                     transcript=ctx.document.kind == "transcript")
    return resolve(mentions, gaz, text, prior, errors, focus)


@dataclass(frozen=True)
class PlacesConfig:
    # ISO2 countries whose places win ties of name (a village named in a war report is likelier
    # the one near the front line); None: data/gazetteer/focus.yaml's countries
    focus_countries: tuple[str, ...] | None = None


@component("places", config=PlacesConfig, assigns=("places",))
def make_places(resources, config: PlacesConfig):
    gaz = resources.get("gazetteer", load_gazetteer)
    focus = set(config.focus_countries) if config.focus_countries is not None else set(gaz.focus_countries)

    def places(ctx) -> None:
        ctx.analysis.places = find_places(ctx, gaz, focus)

    return places
