"""Russian and Ukrainian text as words with lemmas, cases and (Russian) dependencies.

    sents = parse_slavic(text, "uk", resources)
    [(w.text, w.lemma, w.case) for w in sents[0].words]

Ukrainian is split into sentences and words by tokenize-uk, Russian by razdel (natasha's
segmenter); each word gets its lemma and grammatical case from pymorphy3 (pymorphy3-dicts-ru /
-uk), so a speech verb or a trigger is matched by lemma in every aspect, gender and tense.
Russian sentences also get natasha's dependency parse (head and relation of each word), which
claims and events read for the subject of a verb; Ukrainian has no parser in reach and is read
by its morphology and word order instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
SLAVIC = ("ru", "uk")
APOSTROPHES = "'’ʼ`"
PARSES_KEPT = 256  # parsed documents kept for the next component (more than a batch)
# pymorphy's capitalised-word tags that say a word is a person's name
NAME_TAGS = {"Name", "Surn", "Patr"}
FUNCTION_POS = {"PREP", "CONJ", "PRCL", "NPRO", "ADVB", "INTJ"}


@dataclass
class Word:
    i: int  # index in its sentence
    text: str
    start: int
    end: int
    lemma: str
    pos: str | None
    case: str | None
    tags: frozenset = frozenset()
    head: int | None = None  # Russian: index of the head word in the sentence, None for the root
    rel: str | None = None

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass
class Sentence:
    start: int
    end: int
    words: list[Word] = field(default_factory=list)

    def children(self, w: Word) -> list[Word]:
        return [c for c in self.words if c.head == w.i]


@lru_cache(maxsize=2)
def morph(lang: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


def _natasha_syntax(resources):
    def load():
        from natasha import NewsEmbedding, NewsSyntaxParser, Segmenter

        return Segmenter(), NewsSyntaxParser(NewsEmbedding())

    return resources.get("natasha.syntax", load) if resources is not None else load()


def _align(text: str, pieces: list[str], offset: int = 0) -> list[tuple[str, int, int]]:
    """Offsets of tokens a tokenizer returned as strings, found in order in `text`."""
    out, pos = [], 0
    for p in pieces:
        at, end = text.find(p, pos), None
        if at < 0:  # tokenize-uk writes «пʼятьох» with a plain apostrophe: find it as written
            m = re.compile("".join("['’ʼ`]" if ch in APOSTROPHES else re.escape(ch) for ch in p)).search(text, pos)
            if m is None:
                continue
            at, end = m.start(), m.end()
        end = end if end is not None else at + len(p)
        out.append((text[at:end], offset + at, offset + end))
        pos = end
    return out


def _word(i: int, text: str, start: int, end: int, lang: str) -> Word:
    parses = morph(lang).parse(re.sub("[’ʼ`]", "'", text))  # the dictionaries write the plain apostrophe
    best = parses[0]
    if text[:1].isupper() and best.tag.POS not in FUNCTION_POS:
        # a capitalised word: prefer its reading as a name when it has one («Федорова»)
        best = next((p for p in parses if NAME_TAGS & set(p.tag.grammemes)), best)
    elif text[:1].islower() and NAME_TAGS & set(best.tag.grammemes):
        # a lower-case word is no name: pymorphy3-dicts-uk's first reading of «українська» («українська
        # авіація завдала 15 ударів») is a surname; its first other reading in the same case
        # (the adjective's, not the noun «українськ» in the genitive)
        plain = [p for p in parses if not NAME_TAGS & set(p.tag.grammemes)]
        best = next((p for p in plain if p.tag.case == best.tag.case), plain[0] if plain else best)
    grams = frozenset(best.tag.grammemes)
    return Word(i, text, start, end, best.normal_form.replace("ё", "е"), best.tag.POS, best.tag.case, grams)


def _ukrainian(text: str) -> list[Sentence]:
    import tokenize_uk

    out = []
    for sent, s0, s1 in _align(text, tokenize_uk.tokenize_sents(text)):
        words = _align(sent, tokenize_uk.tokenize_words(sent), s0)
        out.append(Sentence(s0, s1, [_word(i, w, a, b, "uk") for i, (w, a, b) in enumerate(words)]))
    return out


def _russian(text: str, resources) -> list[Sentence]:
    from natasha import Doc

    seg, syntax = _natasha_syntax(resources)
    doc = Doc(text)
    doc.segment(seg)
    doc.parse_syntax(syntax)
    out = []
    for s in doc.sents:
        ids = {t.id: k for k, t in enumerate(s.tokens)}
        words = []
        for k, t in enumerate(s.tokens):
            w = _word(k, t.text, t.start, t.stop, "ru")
            w.head, w.rel = ids.get(t.head_id), t.rel
            words.append(w)
        out.append(Sentence(s.start, s.stop, words))
    return out


def parse_slavic(text: str, lang: str, resources=None) -> list[Sentence]:
    """The sentences of a Russian ("ru") or Ukrainian ("uk") text."""
    return _russian(text, resources) if lang == "ru" else _ukrainian(text)


def slavic_sentences(ctx) -> list[Sentence]:
    """The parsed sentences of a context's Russian or Ukrainian document, parsed once for the
    claims and events components (kept in ctx.resources under the text itself: an id is the
    caller's to choose, and two texts given one id must not share a parse)."""
    key = (ctx.document.language, ctx.document.id, ctx.document.text)
    cache = ctx.resources.get("slavic.parses", dict) if ctx.resources is not None else {}
    if key not in cache:
        # a batch's documents go through claims, then all through events: keep a batch's worth
        while len(cache) >= PARSES_KEPT:
            cache.pop(next(iter(cache)))
        cache[key] = parse_slavic(ctx.document.text, ctx.document.language, ctx.resources)
    return cache[key]


def lemma_key(phrase: str, lang: str) -> tuple[str, ...]:
    """A phrase as its words' lemmas ("по данным" -> ("по", "данные")), for matching lexicon entries
    written in any form against text."""
    return tuple(morph(lang).parse(w)[0].normal_form.replace("ё", "е")
                 for w in re.findall(r"[\w'’ʼ-]+", phrase.lower()))


def find_sequence(words: list[Word], key: tuple[str, ...], gap: int = 0) -> list[tuple[int, int]]:
    """(first, last) word indices where the lemmas (or lower-case forms) of `key` occur in order,
    with at most `gap` words between consecutive parts."""
    out = []
    n = len(key)
    for i, w in enumerate(words):
        if not _is(w, key[0]):
            continue
        j, k, ok = i, 1, True
        while k < n and ok:
            nxt = next((m for m in range(j + 1, min(len(words), j + 2 + gap)) if _is(words[m], key[k])), None)
            ok = nxt is not None
            j = nxt if ok else j
            k += 1
        if ok:
            out.append((i, j))
    return out


def _is(w: Word, part: str) -> bool:
    return w.lemma == part or w.lower == part
