"""IHL indicators of Russian and Ukrainian events (events_slavic.py): the English rules of
data/ihl_rules.yaml read through glosses, each word as its English gloss
(data/events/ihl_gloss_ru_uk.yaml), so both languages get the same indicators as English.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from wartrace.analysis.ihl import EventFacts, indicators
from wartrace.analysis.slavic_text import Sentence, find_sequence, lemma_key
from wartrace.config import load_yaml
from wartrace.model import Event


@dataclass(frozen=True)
class Gloss:
    words: dict[str, dict[tuple[str, ...], str]]  # lang -> lemma key -> English gloss
    victims: dict[str, dict[str, list[tuple[str, ...]]]]  # kind -> lang -> lemma keys


@lru_cache(maxsize=1)
def load_gloss() -> Gloss:
    d = load_yaml("events/ihl_gloss_ru_uk.yaml")
    words = {lang: {lemma_key(k, lang): v for k, v in d["gloss"][lang].items()} for lang in ("ru", "uk")}
    victims = {kind: {lang: [lemma_key(p, lang) for p in by[lang]] for lang in ("ru", "uk")}
               for kind, by in d["victims"].items()}
    return Gloss(words, victims)


class _Text:
    """What ihl.find_phrase reads of a spaCy Doc: a slice's text."""

    def __init__(self, text: str, words: list["_GlossToken"]):
        self.text, self.words = text, words

    def __getitem__(self, span: slice) -> "_Text":
        ws = self.words[span]
        return _Text(self.text[ws[0].idx:ws[-1].idx + len(ws[-1])] if ws else "", ws)


@dataclass
class _GlossToken:
    """A Russian or Ukrainian word as the IHL rules read a spaCy token: its English gloss as the lemma."""
    lower_: str
    lemma_: str
    idx: int
    i: int
    length: int
    doc: _Text | None = None

    def __len__(self) -> int:
        return self.length


def _gloss_tokens(s: Sentence, text: str, lang: str, gloss: Gloss) -> list[_GlossToken]:
    toks: list[_GlossToken] = []
    glossed = {}
    for key, english in gloss.words[lang].items():
        for a, b in find_sequence(s.words, key):
            glossed[a] = (english, b)
    k = 0
    while k < len(s.words):
        w = s.words[k]
        english, b = glossed.get(k, (w.lemma, k))
        for part in english.split():  # a gloss of several words ("maternity hospital") is several tokens
            toks.append(_GlossToken(part.lower(), part.lower(), w.start, len(toks), s.words[b].end - w.start))
        k = b + 1
    doc = _Text(text, toks)
    for t in toks:
        t.doc = doc
    return toks


def _victim_kind(s: Sentence, lang: str, gloss: Gloss) -> str | None:
    for kind in ("prisoners", "civilians"):
        if any(find_sequence(s.words, key) for key in gloss.victims[kind][lang]):
            return kind
    return None


def ihl_of(ev: Event, s: Sentence, text: str, lang: str) -> list:
    """The IHL indicators of data/ihl_rules.yaml the event's sentence supports."""
    gloss = load_gloss()
    toks = _gloss_tokens(s, text, lang, gloss)
    facts = EventFacts(sub_event_type=ev.sub_event_type, modality=ev.modality, victim_kind=_victim_kind(s, lang, gloss),
                       perpetrator=ev.actor1 is not None, clause=toks, sentence=toks,
                       trigger=(ev.trigger.start, ev.trigger.end) if ev.trigger else None)
    return indicators(facts)
