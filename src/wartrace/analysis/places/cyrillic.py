"""Place mentions in Russian and Ukrainian text (transcripts, articles): the Cyrillic recogniser.

natasha's NER (trained on Russian news) finds LOC spans; a scan of capitalised Cyrillic
words against the gazetteer's Cyrillic names finds those it misses (it handles Ukrainian
only roughly). Names decline ("под Попасной", "у Попасній"), so both sides are compared
by the gazetteer's inflection-free stem when the exact form is unknown.

Before those, three passes for what neither finds: a raion, hromada or starosta district named by
its adjective («Ясиноватскому району», «Марганецькій громаді», «Стецьківського старостату», placed
at the centre town the adjective names) and the land around a town («на Нікопольщині»), a region
the gazetteer does not list («ДНР», data/places/cyrillic_regions.yaml), and a name written lower
case on purpose («у москві»). After them, an oblast's adjective whose noun an earlier oblast of the
sentence carried («над Воронежской областью, восемь – над Ростовской»).
A sentence's first word is a place only after a preposition, or when it is a big Ukrainian city's
name as written («Одеса та район, …»).

Round 3 (issue 23, dev batch 5): a codifier hromada or raion by its name («Межівській громаді», at
Межова); the adjectives of divisions sharing one plural noun («Брянской и Калужской областями»); a
declined name the stemmer misses, by its hard consonant or pymorphy3's lemma («у Костянтинівці»,
«у Кривому Розі»: slavic_lemmas.py); a village the gazetteer lacks, after a settlement noun and before
the division that places it («поселок Запесочье Погарского района»); a front-line village as a verb's
object when no dictionary reads its name otherwise («атакував Великий Бурлук»); a first name before a
surname is a person («Вадим Філашкін»), not the village Вадим.

Transcripts get one more pass: a speech recogniser that has rarely heard a name writes it
lower-case and a letter off ("под попаса" for «под Попасной»). A word after a locative
preposition whose stem is within one letter of a name in the ASR hint vocabulary
(data/asr-vocabulary.yaml, the conflict's best-known places) is taken as that name, labelled
"ASR" so a reader sees it was matched approximately.
"""
from __future__ import annotations

import re
from functools import lru_cache

from wartrace.analysis.actors import find_actor_mentions
from wartrace.analysis.gazetteer import Gazetteer, norm, stem_cyrillic
from wartrace.analysis.places.mention import UNKNOWN_VILLAGE, Mention
from wartrace.analysis.places.slavic_lemmas import first_name, lemma_key, not_a_village_name, two_word_stem
from wartrace.analysis.places.words import (
    BIG_CITY_POP,
    CYRILLIC_ADMIN_WORDS,
    CYRILLIC_COMMUNITY_WORDS,
    CYRILLIC_FORCE_GROUP_WORDS,
    CYRILLIC_LOCATIVE,
    CYRILLIC_LOWERCASE_NAMES,
    CYRILLIC_OBLAST_BODY_WORDS,
    CYRILLIC_RAION_WORDS,
    CYRILLIC_SENTENCE_INITIAL_WORDS,
    CYRILLIC_SETTLEMENT_WORDS,
    CYRILLIC_SHCHYNA_ENDINGS,
)
from wartrace.config import load_yaml

BODY_NAME_WORDS = CYRILLIC_OBLAST_BODY_WORDS | CYRILLIC_FORCE_GROUP_WORDS
WORD = re.compile(r"\w[\w'’ʼ-]*")
# what joins the names of an enumeration («Стрілеча, Огірцеве, Вовчанськ», «Селидово, Доброволье и Горняк»),
# and the two ends of a road («на трассе Хомутовка–Калиновка», «автодороге Гирьи — Песчаное»)
LIST_JOINT = re.compile(r"\s*(?:,\s*)?(?:и|і|й|та|,|[–—-])?\s*$")


def _natasha(resources):
    def load():
        from natasha import NewsEmbedding, NewsNERTagger, Segmenter

        return Segmenter(), NewsNERTagger(NewsEmbedding())

    return resources.get("natasha", load) if resources is not None else load()


# Russian spellings of Ukrainian place names differ in a few regular suffixes: Катериновка /
# Катеринівка, Киселевка / Киселівка, Родинское / Родинське, Первомайского / Первомайське.
# The gazetteer (KATOTTG) writes most villages in Ukrainian only; a Russian stem is tried in its
# Ukrainian spelling when it matches nothing as written.
RU_TO_UK_STEM = [(re.compile(r"(?:о|е|ё)вк$"), "івк"), (re.compile(r"([сц])ког$"), r"\1ьк"),
                 (re.compile(r"([сц])к$"), r"\1ьк")]


# The oblique case endings of an adjective (norm()'s spelling, й -> и): a village named by one
# («Високе», «Привільне», «Первомайське») declines as an adjective («по Високому», «біля
# Привільного», «у Первомайському»), which the stemmer's noun endings do not strip.
ADJECTIVE_OBLIQUE = re.compile(r"(?:ому|ого|ими|ыми|іи|ои|оі|ою|им|ым|ім|ом|ем|ему|его|ую)$")


def _key_for(gaz: Gazetteer, text: str, adjective: bool = False) -> str | None:
    """The gazetteer key for a name as written, or its stem key ('~stem') when only that matches;
    with `adjective` (a word after a preposition of place or a settlement noun), also the stem of a
    one-word name declined as an adjective («по Високому» -> Високе)."""
    k = norm(text)
    if k in gaz.index:
        return k
    st = stem_cyrillic(text)
    if st in gaz.stems:
        return "~" + st
    for pattern, repl in RU_TO_UK_STEM:
        uk = pattern.sub(repl, st)
        if uk != st and uk in gaz.stems:
            return "~" + uk
    if adjective and " " not in k:
        bare = ADJECTIVE_OBLIQUE.sub("", k)
        if bare != k and len(bare) >= 4 and bare in gaz.stems:
            return "~" + bare
    pair = two_word_stem(text)
    if pair and pair in gaz.stems:
        return "~" + pair
    return lemma_key(gaz, text)


SENTENCE_INITIAL_KEYS = frozenset(norm(w) for w in CYRILLIC_SENTENCE_INITIAL_WORDS)
LOWERCASE_STEMS = frozenset(stem_cyrillic(name) for name in CYRILLIC_LOWERCASE_NAMES)

# A raion's adjective in norm()'s spelling (й -> и): its centre's name, -ськ-/-цьк- (Ukrainian) or
# -ск-/-цк- (Russian), a case ending: «Ясиноватскому», «Белгородского», «Дніпровському», «Покровському».
RAION_ADJECTIVE = re.compile(r"(\w{3,}?)([сц]ь?к)(?:ии|ыи|ои|ого|ому|ом|ым|им|ая|ую|ое|ие|ые|их|ых|ими|ыми|іи|оі|а|у|е|і)")
# a centre whose adjective inserts -ов-/-ев-/-ів- or -ан-/-ян- (Дніпро -> Дніпровський, Буча ->
# Бучанський; Харків -> Харківський keeps it)
LINKING_VOWEL = re.compile(r"(?:ов|ев|ів|ан|ян)$")
# «на Нікопольщині», «Сумщина»: the land around a town, by the town's name
SHCHYNA = re.compile(r"(\w{3,}?)ь?щин(?:" + "|".join(sorted(CYRILLIC_SHCHYNA_ENDINGS, key=len, reverse=True)) + ")")


def raion_centre(gaz: Gazetteer, adjective: str):
    """(stem key, town) of the town a raion's or community's adjective names, when the gazetteer
    knows one in the war's countries: the town as spelled inside the adjective, with its -ськ/-ск
    when it has one (Покровськ, Донецьк), without it (Ясиноватая, Белгород), with the -к the
    adjective drops (Стецьківка -> Стецьківський, Тягинка -> Тягинська), with -ець for -ецьк
    (Марганець -> Марганецька), or without a linking -ов-/-ан- (Дніпро, Буча)."""
    m = RAION_ADJECTIVE.fullmatch(norm(adjective))
    if m is None:
        return None
    base = m.group(1)
    bare = LINKING_VOWEL.sub("", base)
    # «Нікопольського», «Ізмаїльський», «Путивльську»: the soft sign before -ськ- is the town's own (Нікополь)
    for stem in (base + m.group(2), base, base + "к", base + m.group(2)[0], bare, base.rstrip("ь")):
        if len(stem) < (3 if stem == bare != base else 4) or stem not in gaz.stems:
            continue
        towns = [c for c in gaz.lookup_key("~" + stem) if c.country in gaz.focus_countries and c.feature == "city"]
        if towns:
            return "~" + stem, max(towns, key=lambda c: c.population)
    return None


@lru_cache(maxsize=1)
def _russian_raions() -> dict[str, tuple[str, str]]:
    """{raion adjective's stem («борисовск»): (centre town, its oblast)}, data/places/russian_raions.yaml."""
    out = {}
    for oblast, raions in load_yaml("places/russian_raions.yaml")["raions"].items():
        for raion, centre in raions.items():
            m = RAION_ADJECTIVE.fullmatch(norm(raion))
            if m:
                out[m.group(1) + m.group(2)] = (centre, oblast)
    return out


def russian_raion_centre(gaz: Gazetteer, adjective: str):
    """(key, town) of the centre of a Russian border raion («Беловского» -> Белая, Kursk Oblast;
    «Борисовском» -> Борисовка, Belgorod Oblast): GeoNames lists no Russian raions, and the biggest
    town the adjective spells is often elsewhere (Belovo, Kemerovo; Barysaw, Belarus)."""
    m = RAION_ADJECTIVE.fullmatch(norm(adjective))
    found = _russian_raions().get(m.group(1) + m.group(2)) if m else None
    key = _key_for(gaz, found[0]) if found else None
    towns = [c for c in gaz.lookup_key(key) if c.country == "RU" and c.admin1 == found[1]] if key else []
    return (key, max(towns, key=lambda c: c.population)) if towns else None


def unit_centre(gaz: Gazetteer, adjective: str):
    """(stem key, town) of the centre of the codifier's hromada or raion of this name («Межівській» ->
    Межова, «Середино-Будської» -> Середина-Буда), for the adjectives raion_centre cannot read."""
    parts = norm(adjective).split(" ")
    last = RAION_ADJECTIVE.fullmatch(parts[-1])  # «Вознесенському» -> вознесенськ, as stem_cyrillic cuts «Вознесенський»
    stem = " ".join([stem_cyrillic(p) for p in parts[:-1]] + [last.group(1) + last.group(2) if last else stem_cyrillic(parts[-1])])
    key = gaz.unit_centres.get(stem) or gaz.unit_centres.get(stem_cyrillic(adjective))
    towns = [c for c in gaz.lookup_key(key) if c.country == "UA" and c.feature == "city"] if key else []
    return (key, max(towns, key=lambda c: c.population)) if towns else None


@lru_cache(maxsize=1)
def _region_names() -> list[tuple[tuple[str, ...], str]]:
    """(the stems of a region's name, word by word; its gazetteer key), data/places/cyrillic_regions.yaml."""
    out = []
    for region in load_yaml("places/cyrillic_regions.yaml")["regions"]:
        for name in region["names"]:
            out.append((tuple(stem_cyrillic(w) for w in name.split()), norm(region["place"])))
    return sorted(out, key=lambda t: -len(t[0]))


def _asr_names() -> dict[str, str]:
    """Stem -> the Cyrillic name as the ASR hint vocabulary writes it (Russian and Ukrainian)."""
    out: dict[str, str] = {}
    for place in load_yaml("asr-vocabulary.yaml")["places"]:
        for lang in ("ru", "uk"):
            if place.get(lang):
                out.setdefault(stem_cyrillic(place[lang]), place[lang])
    return out


def misheard_name(word: str, names: dict[str, str]) -> str | None:
    """The hint-vocabulary name a recogniser's spelling stands for: same stem, the stem
    extended by an ending the stemmer does not know ("харківний"), or one letter off in a
    stem of five letters or more, with the first three letters right ("попаса" for Попасна)."""
    from rapidfuzz.distance import Levenshtein

    st = stem_cyrillic(word)
    if len(st) < 4:
        return None
    for stem, name in names.items():
        if st == stem or (len(stem) >= 5 and st.startswith(stem)):
            return name
    for stem, name in names.items():
        if len(stem) >= 5 and st[:3] == stem[:3] and Levenshtein.distance(st, stem) <= 1:
            return name
    return None


def _joined(text: str, left_end: int, right_start: int) -> bool:
    """Whether only an enumeration's comma or conjunction lies between two names."""
    return 0 <= left_end <= right_start and right_start - left_end <= 6 and bool(
        LIST_JOINT.fullmatch(text[left_end:right_start]))


def cyrillic_mentions(text: str, gaz: Gazetteer, resources=None, transcript: bool = False) -> list:
    """The place mentions of a Russian or Ukrainian text (and the Cyrillic names of any text), in
    the order of the passes that find them: a pass never takes a span an earlier one took."""
    return _CyrillicScan(text, gaz).run(resources, transcript)


class _CyrillicScan:
    """One text's scan: the spans taken so far and the mentions found."""

    def __init__(self, text: str, gaz: Gazetteer) -> None:
        self.text, self.gaz = text, gaz
        self.spans: list[tuple] = []  # start, end, key, cue, label
        # a country or town inside a registered body's name is no place of what happens («сообщили в
        # Минобороны России» is not the village Ross'); one-word aliases («Россия») stay places
        self.taken: list[tuple[int, int]] = [(a, b) for a, b, _ in find_actor_mentions(text) if " " in text[a:b].strip()]
        self.districts: dict[tuple[int, int], str] = {}
        self.pins: dict[tuple[int, int], int] = {}  # span -> the one gazetteer entry it names (a Russian raion's centre)
        self.words = list(WORD.finditer(text))
        # «голова Донецької ОВА», «Донецкой областной прокуратуры»: the oblast's authority, and «Южной
        # группировки войск»: a unit; the adjective names the body, it is no place
        self.taken += [(w.start(), w.end()) for w, nxt in zip(self.words, self.words[1:])
                       if w.group(0)[:1].isupper() and nxt.group(0).lower() in BODY_NAME_WORDS
                       and text[w.end():nxt.start()].isspace()]

    def run(self, resources, transcript: bool) -> list:
        if re.search(r"[\u0400-\u04FF]", self.text):
            self.structured_names()
            self.natasha_names(resources)
        small, unknown = self.capitalised_names()
        for a, b, key in _elliptic_oblasts(self.text, self.words, self.gaz, self.spans):
            self.take(a, b, key, "admin", "ELLIPSIS")
        self.grow_lists(small)
        villages = _unknown_villages(self.text, unknown, self.spans)
        self.taken += [(a, b) for a, b in villages]
        if transcript:
            self.misheard_names()
        text = self.text
        out = [Mention(a, b, text[a:b], key, cue, label, district=self.districts.get((a, b)), pinned=self.pins.get((a, b)),
                       settlement=_after_settlement_noun(text, a))
               for a, b, key, cue, label in sorted(self.spans)]
        # no candidates: resolution places each at the division its sentence names (resolution._district_hint)
        out += [Mention(a, b, text[a:b], "", "city", UNKNOWN_VILLAGE, settlement=True) for a, b in villages]
        return sorted(out, key=lambda m: m.start)

    def free(self, a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in self.taken)

    def take(self, a: int, b: int, key: str, cue: str | None, label: str) -> bool:
        if not self.free(a, b):
            return False
        last = self.text[a:b].split()[-1].lower()
        if cue is None and last in CYRILLIC_ADMIN_WORDS and last not in CYRILLIC_RAION_WORDS:
            cue = "admin"  # natasha's «Белгородской области»: an oblast, which says where a village before it lies
        self.taken.append((a, b))
        self.spans.append((a, b, key, cue, label))
        return True

    def add(self, a: int, b: int, label: str, adjective: bool = False) -> None:
        """A name the gazetteer knows; "Луганской области": the division, when the next word says so."""
        text, gaz = self.text, self.gaz
        name = text[a:b]
        nxt = re.match(r"\s+([\w]+)", text[b:])
        cue = None
        if nxt and nxt.group(1).lower() in CYRILLIC_ADMIN_WORDS:
            full = text[a:b + nxt.end()]
            key = _key_for(gaz, full)
            if key:
                b, name, cue = b + nxt.end(), full, "admin"
            else:
                key = _key_for(gaz, name, adjective)
                cue = "admin"
        else:
            key = _key_for(gaz, name, adjective)
        if key is not None:
            self.take(a, b, key, cue, label)

    def structured_names(self) -> None:
        """Raions, regions, lower-case and coordinated division names, found by their form."""
        text, words, gaz = self.text, self.words, self.gaz
        for a, b, key, cue, label, district in (_raion_spans(text, words, gaz) + _region_spans(words, gaz)
                                                + _lowercase_spans(words, gaz) + _coordinated_spans(text, words, gaz)):
            if not self.take(a, b, key, cue, label):
                continue
            if district:
                self.districts[(a, b)] = district
            elif label == "RAION" and (russian := russian_raion_centre(gaz, text[a:b].split()[0])):
                self.pins[(a, b)] = russian[1].idx

    def natasha_names(self, resources) -> None:
        """natasha's LOC entities that the gazetteer knows."""
        try:
            seg, ner = _natasha(resources)
            from natasha import Doc

            d = Doc(self.text)
            d.segment(seg)
            d.tag_ner(ner)
            for s in d.spans:
                if s.type == "LOC":
                    self.add(s.start, s.stop, "LOC")
        except Exception:  # noqa: BLE001 - without natasha the gazetteer scan below still runs
            pass

    def capitalised_names(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The gazetteer scan of capitalised words and word pairs; returns the villages too small to
        take on their own and the names after a settlement noun that the gazetteer lacks."""
        text, words, gaz = self.text, self.words, self.gaz
        small: list[tuple[int, int]] = []
        unknown: list[tuple[int, int]] = []
        prev_word = ""
        sentence_start = True
        for n, m in enumerate(words):
            w = m.group(0)
            # «Мария Захарова», «Вадим Філашкін»: the word after a first name is a surname, whatever village bears it
            after_first_name = n > 0 and _person_pair(text, words, n - 1)
            if w[0].isupper() and not after_first_name and (not (sentence_start and prev_word not in CYRILLIC_LOCATIVE)
                                                            or big_city_as_written(gaz, w)):
                nxt = words[n + 1] if n + 1 < len(words) else None
                tries = [(m.start(), m.end())]
                if nxt is not None and nxt.group(0)[0].isupper() and text[m.end():nxt.start()].isspace():
                    tries.insert(0, (m.start(), nxt.end()))
                    if _person_pair(text, words, n):  # «Вадим Філашкін», «Ольга Ковитиди»: a person, not the villages Вадим, Ольга
                        tries = tries[:1]
                if nxt is not None and nxt.group(0).lower() in CYRILLIC_ADMIN_WORDS and self.free(m.start(), nxt.end()) \
                        and _key_for(gaz, text[m.start():nxt.end()]):
                    self.add(m.start(), m.end(), "GAZ")  # «громади Сумської області»: the oblast, whatever a village «Сумське» says
                for a, b in tries:
                    if self.free(a, b):
                        found = self.try_name(a, b, w, prev_word)
                        if found == "taken":
                            break
                        if found == "small":
                            small.append((a, b))
                if prev_word in CYRILLIC_SETTLEMENT_WORDS and self.free(m.start(), m.end()) and _key_for(gaz, w, True) is None:
                    unknown.append((m.start(), m.end()))
            sentence_start = bool(re.match(r"\s*[.!?]", text[m.end():m.end() + 3]))
            prev_word = w.lower()
        return small, unknown

    def try_name(self, a: int, b: int, w: str, prev_word: str) -> str | None:
        """"taken" when text[a:b] is taken as a place, "small" for a village too small to take on
        its own, None when the gazetteer does not know it."""
        text, gaz = self.text, self.gaz
        adjective = prev_word in CYRILLIC_LOCATIVE or prev_word in CYRILLIC_SETTLEMENT_WORDS
        key = _key_for(gaz, text[a:b], adjective)
        if key is None:
            return None
        cands = gaz.lookup_key(key)
        # a village of the war's countries under a name that is no person's or body's («атакував
        # Великий Бурлук») is taken as it stands; a surname needs a preposition or a population
        # (not a quoted name, «Град», «Восток»; not an adjective, «голова Харківської ОВА»)
        village = (cands and cands[0].country in gaz.focus_countries and text[a - 1:a] not in QUOTE_MARKS
                   and not DIVISION_ADJECTIVE.fullmatch(norm(w)) and not not_a_village_name(text[a:b].split()[-1]))
        # a town abroad that only a Cyrillic alternate name matches is a big one («Вашингтон»), not
        # Sealy, Texas for «Сили оборони»
        abroad = cands and all(c.country not in gaz.focus_countries and c.alternate for c in cands) \
            and cands[0].population < BIG_CITY_POP
        if cands and (adjective or cands[0].feature != "city" or cands[0].population >= 5000 and not abroad or village):
            self.add(a, b, "GAZ", adjective)
            return "taken"
        return "small" if cands else None

    def grow_lists(self, small: list[tuple[int, int]]) -> None:
        """A small village listed beside a place already taken is a place too."""
        grew = True
        while grew:
            grew = False
            for a, b in list(small):
                if self.free(a, b) and any(_joined(self.text, b, s) or _joined(self.text, e, a) for s, e in self.taken):
                    self.add(a, b, "GAZ")
                    small.remove((a, b))
                    grew = True

    def misheard_names(self) -> None:
        """In a transcript, a word after a locative preposition that sounds like a known name."""
        names = _asr_names()
        words = self.words
        for n, m in enumerate(words[1:], 1):
            name = misheard_name(m.group(0), names) if words[n - 1].group(0).lower() in CYRILLIC_LOCATIVE else None
            key = _key_for(self.gaz, name) if name else None
            if key:
                self.take(m.start(), m.end(), key, None, "ASR")


_LAST_WORD = re.compile(r"(\w+)\s+$")


def _after_settlement_noun(text: str, a: int) -> bool:
    """«село Журавлевка», «в поселке Пески»: the text says the name is a settlement's, so the raion or
    oblast named after it says where it lies (resolution._district_hint)."""
    m = _LAST_WORD.search(text, max(0, a - 30), a)
    return m is not None and m.group(1).lower() in CYRILLIC_SETTLEMENT_WORDS


VILLAGE_DIVISION_GAP = 100  # characters between such a village and the division that says where it lies


def _unknown_villages(text: str, unknown: list[tuple[int, int]], spans: list[tuple]) -> list[tuple[int, int]]:
    """«деревней Обеста и селом Локоть Рыльского района Курской области»: a capitalised name after a
    settlement noun that no gazetteer entry answers to, kept when a raion, community or oblast follows it
    in the same sentence, where it is placed (the village is real; its point is its division's)."""
    divisions = [a for a, b, _key, cue, label in spans if cue in ("admin", "admin2") or label in ("RAION", "COMMUNITY")
                 or text[a:b].split()[-1].lower() in CYRILLIC_ADMIN_WORDS | CYRILLIC_COMMUNITY_WORDS]
    return [(a, b) for a, b in unknown
            if any(b < d <= b + VILLAGE_DIVISION_GAP and not re.search(r"[.!?]\s", text[b:d]) for d in divisions)]


def _person_pair(text: str, words: list, n: int) -> bool:
    """«Вадим Філашкін», «Володимир Зеленський»: a capitalised first name (word n) and the capitalised word
    after it; not when that word and the next make a division («біля Вовчанська Харківської області»,
    where pymorphy3 also knows «Вовчанська» as a name)."""
    if n + 1 >= len(words):
        return False
    first, second = words[n].group(0), words[n + 1].group(0)
    third = words[n + 2].group(0).lower() if n + 2 < len(words) else ""
    division = second.lower() in CYRILLIC_ADMIN_WORDS or (DIVISION_ADJECTIVE.fullmatch(norm(second)) is not None
                                                         and third in CYRILLIC_ADMIN_WORDS | CYRILLIC_COMMUNITY_WORDS)
    return first[0].isupper() and second[0].isupper() and text[words[n].end():words[n + 1].start()].isspace() \
        and not division and first_name(first)


def _raion_spans(text: str, words: list, gaz: Gazetteer) -> list[tuple]:
    """«Ясиноватскому району», «Белгородского района»: the raion, placed at its centre town;
    «Марганецькій громаді», «Стецьківського старостату»: a community, placed at its centre town;
    «на Нікопольщині»: the land around a town, placed at the town."""
    out = []
    for n, m in enumerate(words):
        if m.group(0)[0].isupper() and (sh := SHCHYNA.fullmatch(norm(m.group(0)))) \
                and _key_for(gaz, m.group(0)) is None:
            town = _town(gaz, sh.group(1))
            if town is not None:
                out.append((m.start(), m.end(), town[0], None, "AREA", None))
        nxt = words[n + 1] if n + 1 < len(words) else None
        if nxt is None or not (m.group(0)[0].isupper() and text[m.end():nxt.start()].isspace()):
            continue
        community = nxt.group(0).lower() in CYRILLIC_COMMUNITY_WORDS
        if not (community or nxt.group(0).lower() in CYRILLIC_RAION_WORDS):
            continue
        # the codifier's own community or raion of that name first: «Очаковской общины» is Очаків's, not a
        # village Очаківське that the adjective also spells
        found = russian_raion_centre(gaz, m.group(0)) or unit_centre(gaz, m.group(0)) or raion_centre(gaz, m.group(0))
        if found is None:
            continue
        key, town = found
        if community:  # a community is no raion: no raion's villages to hint, the town itself
            out.append((m.start(), nxt.end(), key, None, "COMMUNITY", None))
            continue
        # resolution places a district at its centre among the war's towns of like spelling (and
        # hints its villages by the codifier's raions, which are Ukraine's); a Russian raion
        # («Белгородского района») stays the town itself, lest a Ukrainian Bilohorodka near the
        # front outrank Belgorod there
        district = norm(town.name).replace(" ", "") if town.country == "UA" else None
        out.append((m.start(), nxt.end(), key, "admin2", "RAION", district))
    return out


def _town(gaz: Gazetteer, stem: str):
    """(stem key, town) of a town of the war's countries whose stem is `stem` or `stem` less a soft sign."""
    for st in (stem, stem.rstrip("ь")):
        if len(st) >= 4 and st in gaz.stems:
            towns = [c for c in gaz.lookup_key("~" + st) if c.country in gaz.focus_countries and c.feature == "city"]
            if towns:
                return "~" + st, max(towns, key=lambda c: c.population)
    return None


# an oblast's adjective, feminine, in any case: «Ростовской», «Харківській», «Калужскую»
OBLAST_ADJECTIVE = re.compile(r"\w{3,}[сц]ь?к(?:ои|ая|ую|ою|ии|а|у|іи|оі)")
OBLAST_NOUNS = ("области", "області")


def _elliptic_oblasts(text: str, words: list, gaz: Gazetteer, spans: list[tuple]) -> list[tuple]:
    """«восемь – над Ростовской», «один – в Харьковской»: an oblast's adjective with its noun left
    out because an earlier oblast of the sentence carried it («над территорией Воронежской
    области, восемь – над Ростовской»). Taken only after such an oblast and when the adjective
    with «области»/«області» is an oblast the gazetteer knows."""
    named = [a for a, b, _key, _cue, _label in spans
             if any(w in text[a:b].lower() for w in ("област", "обл."))]
    out = []
    for n, m in enumerate(words):
        w = m.group(0)
        nxt = words[n + 1] if n + 1 < len(words) else None
        if not (w[0].isupper() and OBLAST_ADJECTIVE.fullmatch(norm(w))):
            continue
        if nxt is not None and (nxt.group(0)[0].isupper() or nxt.group(0).lower() in CYRILLIC_ADMIN_WORDS):
            continue  # «Донецкой Народной», «Ростовской области»: not elliptic
        start = text.rfind(".", 0, m.start()) + 1
        if not any(start <= a < m.start() for a in named):
            continue
        for noun in OBLAST_NOUNS:
            key = _key_for(gaz, f"{w} {noun}")
            if key and any(c.feature == "admin1" for c in gaz.lookup_key(key)):
                out.append((m.start(), m.end(), key))
                break
    return out


# what joins the adjectives of divisions that share one noun: «Первомайському, Вознесенському й Баштанському районах»
QUOTE_MARKS = ("«", '"', "„", "“")
# any adjective of a division or body («Запорізької», «Харківської», «Белгородского»)
DIVISION_ADJECTIVE = re.compile(r"\w{3,}[сцз]ь?к\w{1,3}")
ADJECTIVE_JOINT = re.compile(r"\s*,\s*|\s+(?:и|і|й|та)\s+|\s*,\s*(?:и|і|й|та)\s+")
OBLAST_WORDS = ("област", "регион", "регіон")
CONJUNCTIONS = ("и", "і", "й", "та")


def _coordinated_spans(text: str, words: list, gaz: Gazetteer) -> list[tuple]:
    """The divisions named by adjectives before the one that carries their shared plural noun: «над
    Брянской и Калужской областями», «Великолепетихского и Горностаевского округов», «у Первомайському,
    Вознесенському й Баштанському районах». Each adjective agrees in case with the last (same ending) and
    is an oblast the gazetteer knows with the noun, or a raion or community whose centre it names."""
    out = []
    for n, noun in enumerate(words):
        low = noun.group(0).lower()
        if n < 3 or low not in CYRILLIC_ADMIN_WORDS | CYRILLIC_RAION_WORDS | CYRILLIC_COMMUNITY_WORDS:
            continue
        last = words[n - 1]
        if not (last.group(0)[0].isupper() and text[last.end():noun.start()].isspace()):
            continue
        ending = norm(last.group(0))[-2:]
        j = n - 1
        while j >= 1:
            i = j - 1 - (words[j - 1].group(0) in CONJUNCTIONS and j >= 2)  # the adjective before a joining «й»
            adj = words[i]
            if not (ADJECTIVE_JOINT.fullmatch(text[adj.end():words[j].start()]) and adj.group(0)[0].isupper()
                    and norm(adj.group(0)).endswith(ending)):
                break
            if low.startswith(OBLAST_WORDS):
                key = next((k for noun_form in OBLAST_NOUNS if (k := _key_for(gaz, f"{adj.group(0)} {noun_form}"))
                            and any(c.feature == "admin1" for c in gaz.lookup_key(k))), None)
                if key:
                    out.append((adj.start(), adj.end(), key, "admin", "LIST", None))
            elif found := unit_centre(gaz, adj.group(0)) or raion_centre(gaz, adj.group(0)):
                # the key is the unit's own (its centre): the sentence's other places choose among namesakes
                out.append((adj.start(), adj.end(), found[0], None, "LIST", None))
            j = i
    return out


def _region_spans(words: list, gaz: Gazetteer) -> list[tuple]:
    """«в ДНР», «Донецкой Народной Республике»: the oblast the name stands for (cyrillic_regions.yaml)."""
    out = []
    for stems, key in _region_names():
        if key not in gaz.index:
            continue
        for n in range(len(words) - len(stems) + 1):
            run = words[n:n + len(stems)]
            if tuple(stem_cyrillic(w.group(0)) for w in run) == stems:
                out.append((run[0].start(), run[-1].end(), key, "admin", "REGION", None))
    return out


def _lowercase_spans(words: list, gaz: Gazetteer) -> list[tuple]:
    """«у москві»: a name Ukrainian writing may put in lower case on purpose."""
    out = []
    for m in words:
        if m.group(0).islower() and stem_cyrillic(m.group(0)) in LOWERCASE_STEMS and (key := _key_for(gaz, m.group(0))):
            out.append((m.start(), m.end(), key, None, "LOWER", None))
    return out


def big_city_as_written(gaz: Gazetteer, word: str) -> bool:
    """A sentence's first word that is, exactly as written, the name of a Ukrainian city of 100,000
    or more («Одеса та район, будьте в укриттях!»), unless it is also a common word or surname
    (data/places/cyrillic_words.yaml sentence_initial_words)."""
    key = norm(word)
    if key in SENTENCE_INITIAL_KEYS or key not in gaz.index:
        return False
    return any(c.country == "UA" and c.feature == "city" and c.population >= BIG_CITY_POP
               for c in gaz.lookup_key(key))

