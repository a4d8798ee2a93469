"""Place mentions in an English parse, in four passes over the tokens, each taking what the
earlier ones left:

0. districts named after their centre ("Starobeshivskyi district", "Amvrosievsky region");
1. spaCy's GPE/LOC/FAC entities, each narrowed to its gazetteer name when it has one;
2. gazetteer names spaCy did not call places (Popasna as ORG, Avdiivka as PERSON), where the
   named predicates of predicates.py say so;
3. unknown capitalised names a cue marks as a settlement ("near Chervonosilske village");
4. names the gazetteer knows only under a near spelling ("Novotoshkivka", "Donetsk aiport"), on
   a line of their own or beside a settlement's cue.
"X Oblast", "the X region", "the region of X", "X district", "near X" set each mention's cue.
"""
from __future__ import annotations

from wartrace.analysis.gazetteer import ZERO_WIDTH, Gazetteer, norm
from wartrace.analysis.not_places import blocked_tokens
from wartrace.analysis.places.clues import (
    NAME_WORD,
    acronym_without_country,
    cue_after,
    cue_before,
    district_stem,
    focus_name,
    known_name,
    longer_division_name,
    match_gazetteer,
    names_a_building,
    names_a_parliament,
    settlement_word,
    stands_alone,
    strong_town,
)
from wartrace.analysis.places.mention import Mention
from wartrace.analysis.places.predicates import NEVER_PLACE, NameInText, entities_by_token, keep, person_words
from wartrace.analysis.places.words import (
    ADMIN_WORDS,
    COMMON_WORDS,
    DISTRICT_WORDS,
    FACILITY_WORDS,
    HEAD_WORDS,
    SETTLEMENT_WORDS,
)

PLACE_LABELS = {"GPE", "LOC", "FAC"}
SKIP_LEADING = {"the", "The"}


class MentionCollector:
    """The mentions found so far in one parse and the tokens they (or names that are no places:
    "The Washington Post", "Oleksandr Kamyshin") have taken; a later pass skips taken tokens."""

    def __init__(self, doc, gaz: Gazetteer):
        self.doc, self.gaz = doc, gaz
        self.mentions: list[Mention] = []
        self.taken = [False] * len(doc)
        blocked = blocked_tokens(doc, lambda text: names_a_division(gaz, norm(text)),
                                 lambda w: keeps_place(gaz, w), lambda w: weak_place(gaz, w))
        for t in blocked:
            self.taken[t] = True
        self.sent_of = {t: si for si, s in enumerate(doc.sents) for t in range(s.start, s.end)}

    def add(self, ts: int, te: int, label: str | None, key: str | None = None) -> Mention | None:
        """Take tokens [ts, te) as a mention (with the division word after it when the longer name
        is known: "Luhansk Oblast"); None when a token is taken, or it is a demonym or a parliament."""
        doc, gaz, taken = self.doc, self.gaz, self.taken
        if ts >= te or any(taken[ts:te]):
            return None
        cue = cue_before(doc, ts)
        after, te2 = cue_after(doc, te)
        span = doc[ts:te]
        k = key or norm(span.text)
        if after:
            longer = norm(doc[ts:te2].text)
            if longer in gaz.index:  # "Luhansk Oblast" as one name
                k, te = longer, te2
            cue = after if cue is None else cue
        if k in gaz.demonyms or names_a_parliament(doc, ts, te, k):
            return None
        last = k.rsplit(" ", 1)[-1]
        if cue is None and " " in k and last in ADMIN_WORDS - {"state"}:  # not "Arizona State University"
            cue = "admin2" if last in {"county", "parish", "district", "raion"} else "admin"  # "Donetsk region" as one name
        for t in range(ts, te):
            taken[t] = True
        span = doc[ts:te]
        lead = len(span.text) - len(span.text.lstrip(ZERO_WIDTH))  # the span starts at the name's first letter
        mention = Mention(span.start_char + lead, span.end_char, span.text[lead:], k, cue, label,
                          self.sent_of.get(ts, 0), settlement=settlement_word(doc, ts, te))
        self.mentions.append(mention)
        return mention


def names_a_division(gaz: Gazetteer, key: str) -> bool:
    """A gazetteer name, or one followed by a division word ("Luhansk Obl", which the small
    model tags PERSON): not a given name and a surname."""
    head, _, last = key.rpartition(" ")
    return key in gaz.index or bool(head) and last in ADMIN_WORDS and head in gaz.index


WAR_TOWN_POP = 10_000
MILLION_CITY_POP = 1_000_000  # "Breitbart London" tagged PERSON does not hide London


def keeps_place(gaz: Gazetteer, word: str) -> bool:
    """A word that stays a place though it ends a person's name elsewhere in the text: a
    country, a first-level division, a town of 10,000 people or more in the war's countries
    under its own name (Jordan, Kamyshin, Volodymyr), or a division's or a building's word
    ("Clark County’s" tagged PERSON)."""
    if word.lower() in ADMIN_WORDS | SETTLEMENT_WORDS | HEAD_WORDS | COMMON_WORDS:
        return True
    return any(c.feature in ("country", "admin1") or not c.alternate and (
        c.country in gaz.focus_countries and c.population >= WAR_TOWN_POP or c.population >= MILLION_CITY_POP)
        for c in gaz.lookup_key(norm(word))[:3])


def weak_place(gaz: Gazetteer, word: str) -> bool:
    """A word the gazetteer knows only under another name, or as a village of under 10,000
    people ("Lohan": Lagan', Russia): a person's full name in the text outweighs it."""
    cands = gaz.lookup_key(norm(word))[:3]
    return bool(cands) and all(c.alternate or c.feature == "city" and c.population < WAR_TOWN_POP for c in cands)


def english_mentions(doc, gaz: Gazetteer, focus: set[str]) -> list[Mention]:
    col = MentionCollector(doc, gaz)
    district_mentions(col)
    entity_mentions(col, focus)
    gazetteer_mentions(col, focus)
    cued_mentions(col)
    near_spelled_mentions(col)
    col.mentions.sort(key=lambda m: m.start)
    return col.mentions


def district_mentions(col: MentionCollector) -> None:
    """Districts named after their centre ("Starobeshivskyi district", "Amvrosievsky region",
    "Shakhtyor district"): placed at the centre town, and a hint for the villages they hold."""
    doc, taken = col.doc, col.taken
    for a in range(len(doc) - 1):
        t = doc[a]
        if taken[a] or not NAME_WORD.match(t.text) or not t.text[:1].isupper() or len(t) < 5:
            continue
        b = a + 1
        while b < len(doc) and doc[b].text in {"'", "’", "-", "s"} and b - a < 3:
            b += 1  # "Pereval'skiy" split by the tokenizer
        if b >= len(doc) or doc[b].lower_ not in DISTRICT_WORDS or any(taken[a:b]):
            continue
        stem = district_stem(norm(doc[a:b].text).replace(" ", ""))
        if stem is None:
            continue  # "Bakhmut district" is found as a name; "School District" is none
        mention = col.add(a, b + 1, "DISTRICT", "")
        if mention is not None:
            mention.cue, mention.district = "admin2", stem


def entity_mentions(col: MentionCollector, focus: set[str]) -> None:
    """spaCy's place entities, each narrowed to its gazetteer name when it has one."""
    doc, gaz = col.doc, col.gaz
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
        longer = longer_division_name(doc, gaz, ts, te)
        if longer:  # "Trinidad and Tobago" where the small model tagged "Trinidad" alone
            te = longer
        key = norm(doc[ts:te].text)
        mid = next((k for k in range(ts + 1, te - 1) if doc[k].lower_ in SETTLEMENT_WORDS), None)
        if mid is not None and key not in gaz.index and focus_name(gaz, norm(doc[ts:mid].text), focus):
            # "near Zhdanivka Town Donetsk region" tagged as one FAC: the town, then what follows it
            col.add(ts, mid, ent.label_, norm(doc[ts:mid].text))
            ts = mid + 1
            key = norm(doc[ts:te].text)
        # "Novomykhailivka village", "Ilovaysk Town": the name, with "village" as its cue; but
        # "Birkdale Village" is a shopping centre's own name, so a capitalised "Village" is
        # taken off only a name of the war's countries.
        if te - ts > 1 and key not in gaz.index and (doc[te - 1].text in SETTLEMENT_WORDS or doc[
                te - 1].lower_ in SETTLEMENT_WORDS and focus_name(gaz, norm(doc[ts:te - 1].text), focus)):
            te -= 1
            key = norm(doc[ts:te].text)
        if key in COMMON_WORDS or acronym_without_country(doc[ts:te].text, key, gaz):
            continue
        if names_a_building(doc, te) and not strong_town(gaz, key):
            continue  # "St. Peter's Basilica" with "St. Peter's" tagged GPE: not Saint Peter, Minnesota
        if key in gaz.index:
            col.add(ts, te, ent.label_, key)
            continue
        words = key.split(" ")
        if len(words) > 1 and words[-1] in ADMIN_WORDS | {"city"}:
            short = " ".join(words[:-1])
            if known_name(gaz, short):
                cue = "city" if words[-1] == "city" else ("admin2" if words[-1] in {"county", "parish", "district"} else "admin")
                mention = col.add(ts, te, ent.label_, short)
                if mention is not None:
                    mention.cue = cue
                continue
        # Only a name that ends the entity is its place: "eastern Ukraine", "North Texas";
        # not "Red" in "Red River" nor "Donetsk" in "Donetsk People's Republic".
        inner = [m for m in match_gazetteer(doc, gaz, ts, te)
                 if m[1] == te and not (m[1] - m[0] == 1 and doc[m[0]].lower_ in COMMON_WORDS | HEAD_WORDS)]
        if not inner and doc[te - 1].lower_ in FACILITY_WORDS and te - ts <= 4:
            # "Toronto General Hospital" (FAC): the town the building is named after.
            inner = [m for m in match_gazetteer(doc, gaz, ts, te - 1) if m[0] == ts
                     and doc[m[0]].lower_ not in COMMON_WORDS and strong_town(gaz, m[2])]
        if inner:
            for a, b, k in inner:
                col.add(a, b, ent.label_, k)
        else:
            col.add(ts, te, ent.label_, key)  # unknown to the gazetteer: kept, placed by context later


def gazetteer_mentions(col: MentionCollector, focus: set[str]) -> None:
    """Gazetteer names spaCy did not call places, where predicates.keep says they are."""
    doc, gaz = col.doc, col.gaz
    entity_at, person_parts = entities_by_token(doc), person_words(doc)
    for a, b, key in match_gazetteer(doc, gaz, 0, len(doc)):
        if any(col.taken[a:b]):
            continue
        cands = gaz.lookup_key(key)
        if not cands:
            continue
        lab = entity_at.get(a)
        if keep(NameInText(doc, gaz, a, b, key, cands, lab, focus, person_parts)):
            col.add(a, b, "GAZ" if not lab else f"GAZ/{lab[0]}", key)


def cued_mentions(col: MentionCollector) -> None:
    """Unknown capitalised names that a cue marks as a settlement ("near Chervonosilske
    village", "the village of Nikishine"): resolved later by spelling similarity."""
    doc, taken = col.doc, col.taken
    for a in range(len(doc)):
        t = doc[a]
        if taken[a] or not t.is_alpha or not t.text[:1].isupper() or t.lower_ in COMMON_WORDS or len(t) < 5:
            continue
        b = a + 1
        while b < len(doc) and not taken[b] and doc[b].is_alpha and doc[b].text[:1].isupper() and b - a < 3:
            b += 1
        cue = cue_before(doc, a) or cue_after(doc, b)[0]
        if cue == "city" and (doc[a].ent_type_ in ("", "GPE", "LOC", "FAC", "ORG", "PERSON", "NORP")):
            col.add(a, b, "CUE")


NEAR_SPELLED_WORDS = 3  # the longest run of words tried
HYPHENS = {"-", "‐", "‑"}


def near_spelled_mentions(col: MentionCollector) -> None:
    """Names the gazetteer knows only under another spelling ("Novotoshkivka" for Novotoshkivske,
    "Stanitsa Luhanska", "Donetsk aiport"): a run of words opening with an unknown capitalised
    one, on a line of its own or beside a settlement's cue, kept when Gazetteer.fuzzy finds a
    front-line settlement or facility spelled nearly so (longest run first); more nearly where
    the text names no front-line place."""
    doc, gaz, taken = col.doc, col.gaz, col.taken
    lone = not any(names_the_front_line(gaz, m) for m in col.mentions)
    people = person_words(doc)  # "Bogdanov, 39, is ..." after "Andrei Bogdanov": no Bohdanove
    for a in range(len(doc)):
        t = doc[a]
        if taken[a] or not t.is_alpha or not t.text[:1].isupper() or t.is_stop or t.lower_ in COMMON_WORDS \
                or t.ent_type_ in NEVER_PLACE or t.text in people or lone and t.ent_type_ == "PERSON":
            continue  # "Kristin, ..." in US local news is no Krysyne
        if a > 0 and doc[a - 1].text in HYPHENS:
            continue  # the second half of "Kalinovo-Borschevatoye"
        opens_line = a == 0 or t.is_sent_start or doc[a - 1].is_punct
        cued = cue_before(doc, a) == "city"  # "near", "the village of": not "of" nor "to" alone
        for b in range(min(len(doc), a + NEAR_SPELLED_WORDS), a, -1):
            if any(taken[a:b]) or not all(x.is_alpha for x in doc[a:b]):
                continue
            key = norm(doc[a:b].text)
            if key in gaz.index:
                break  # a name the other passes have judged
            if b < len(doc) and (doc[b].text in HYPHENS or doc[b].is_alpha and doc[b].text[:1].isupper()):
                continue  # a longer name goes on ("Stanychno-Luhansk district")
            # a settlement's cue only: "Maryino district" is a raion's name, not a village's
            if (cued or cue_after(doc, b)[0] == "city" or opens_line and stands_alone(doc, b)) and gaz.fuzzy(key, lone):
                col.add(a, b, "NEAR", key)
                break


def names_the_front_line(gaz: Gazetteer, m: Mention) -> bool:
    """Whether a mention's likeliest place lies in a front-line oblast (or is one)."""
    cands = gaz.district_centres(m.district) if m.district else gaz.lookup_key(m.key) if m.key else []
    return bool(cands) and gaz.in_frontline(cands[0])
