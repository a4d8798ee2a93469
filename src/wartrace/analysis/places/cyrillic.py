"""Place mentions in Russian and Ukrainian text (transcripts, articles): the Cyrillic recogniser.

natasha's NER (trained on Russian news) finds LOC spans; a scan of capitalised Cyrillic
words against the gazetteer's Cyrillic names finds those it misses (it handles Ukrainian
only roughly). Names decline ("под Попасной", "у Попасній"), so both sides are compared
by the gazetteer's inflection-free stem when the exact form is unknown.

Transcripts get one more pass: a speech recogniser that has rarely heard a name writes it
lower-case and a letter off ("под попаса" for «под Попасной»). A word after a locative
preposition whose stem is within one letter of a name in the ASR hint vocabulary
(data/asr-vocabulary.yaml, the conflict's best-known places) is taken as that name, labelled
"ASR" so a reader sees it was matched approximately.
"""
from __future__ import annotations

import re

from wartrace.analysis.gazetteer import Gazetteer, norm, stem_cyrillic
from wartrace.analysis.places.mention import Mention
from wartrace.analysis.places.words import CYRILLIC_ADMIN_WORDS, CYRILLIC_LOCATIVE, CYRILLIC_SETTLEMENT_WORDS

WORD = re.compile(r"\w[\w'’ʼ-]*")
# what joins the names of an enumeration («Стрілеча, Огірцеве, Вовчанськ», «Селидово, Доброволье и Горняк»)
LIST_JOINT = re.compile(r"\s*(?:,\s*)?(?:и|і|й|та|,)?\s*$")


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


def _key_for(gaz: Gazetteer, text: str) -> str | None:
    """The gazetteer key for a name as written, or its stem key ('~stem') when only that matches."""
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
    return None


def _asr_names() -> dict[str, str]:
    """Stem -> the Cyrillic name as the ASR hint vocabulary writes it (Russian and Ukrainian)."""
    from wartrace.config import load_yaml

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
    spans: list[tuple] = []  # start, end, key, cue, label
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(a: int, b: int, label: str) -> None:
        name = text[a:b]
        # "Луганской области": the division, when the next word says so.
        nxt = re.match(r"\s+([\w]+)", text[b:])
        cue = None
        if nxt and nxt.group(1).lower() in CYRILLIC_ADMIN_WORDS:
            full = text[a:b + nxt.end()]
            key = _key_for(gaz, full)
            if key:
                b, name, cue = b + nxt.end(), full, "admin"
            else:
                key = _key_for(gaz, name)
                cue = "admin"
        else:
            key = _key_for(gaz, name)
        if key is None or not free(a, b):
            return
        taken.append((a, b))
        spans.append((a, b, key, cue, label))

    if re.search(r"[\u0400-\u04FF]", text):
        try:
            seg, ner = _natasha(resources)
            from natasha import Doc

            d = Doc(text)
            d.segment(seg)
            d.tag_ner(ner)
            for s in d.spans:
                if s.type == "LOC":
                    add(s.start, s.stop, "LOC")
        except Exception:  # noqa: BLE001 - without natasha the gazetteer scan below still runs
            pass
    words = list(WORD.finditer(text))
    small: list[tuple[int, int]] = []  # villages too small to take on their own
    prev_word = ""
    sentence_start = True
    for n, m in enumerate(words):
        w = m.group(0)
        if w[0].isupper() and not (sentence_start and prev_word not in CYRILLIC_LOCATIVE):
            nxt = words[n + 1] if n + 1 < len(words) else None
            tries = [(m.start(), m.end())]
            if nxt is not None and nxt.group(0)[0].isupper() and text[m.end():nxt.start()].isspace():
                tries.insert(0, (m.start(), nxt.end()))
            for a, b in tries:
                if not free(a, b):
                    continue
                key = _key_for(gaz, text[a:b])
                if key is None:
                    continue
                cands = gaz.lookup_key(key)
                if cands and (prev_word in CYRILLIC_LOCATIVE or prev_word in CYRILLIC_SETTLEMENT_WORDS or cands[0].feature != "city"
                              or cands[0].population >= 5000):
                    add(a, b, "GAZ")
                    break
                if cands:
                    small.append((a, b))
        sentence_start = bool(re.match(r"\s*[.!?]", text[m.end():m.end() + 3]))
        prev_word = w.lower()
    # a small village listed beside a place already taken is a place too
    grew = True
    while grew:
        grew = False
        for a, b in list(small):
            if free(a, b) and any(_joined(text, b, s) or _joined(text, e, a) for s, e in taken):
                add(a, b, "GAZ")
                small.remove((a, b))
                grew = True
    if transcript:
        names = _asr_names()
        for n, m in enumerate(words[1:], 1):
            name = misheard_name(m.group(0), names) if words[n - 1].group(0).lower() in CYRILLIC_LOCATIVE else None
            key = _key_for(gaz, name) if name else None
            if key and free(m.start(), m.end()):
                taken.append((m.start(), m.end()))
                spans.append((m.start(), m.end(), key, None, "ASR"))
    out = []
    for a, b, key, cue, label in sorted(spans):
        out.append(Mention(a, b, text[a:b], key, cue, label))
    return out

