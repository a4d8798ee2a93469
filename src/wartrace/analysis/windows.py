"""Bounded analysis of long documents: analyse them in windows, then put the results together.

A parser's memory grows with the length of what it is given at once (a megabyte of emoji
took 4.5 GB; one 100,000-character sentence 1.15 GB). A document longer than
`window_chars`, or holding a run of text with no sentence end longer than `sentence_chars`,
is cut at paragraph and sentence ends into windows of at most `window_chars` (and never
above spaCy's `nlp.max_length`); an over-long sentence is cut at spaces into pieces of at
most `sentence_chars`, each analysed alone. Every span is shifted back to offsets in the
whole document, and claim and event ids are renumbered across windows (references between
them follow), so the result reads as one analysis. What a window boundary costs: a claim
or coreference that straddles it is not seen.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Callable, Sequence

from wartrace.model import Analysis, Document

# a sentence ends at . ! ? … (then space) or at a blank line; a paragraph at a blank line
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n\s*\n")
ID = re.compile(r"^([A-Za-z]+)(\d+)$")


def needs_windows(text: str, window_chars: int, sentence_chars: int) -> bool:
    if len(text) > window_chars:
        return True
    if len(text) <= sentence_chars:
        return False
    last = 0
    for m in SENTENCE_END.finditer(text):
        if m.start() - last > sentence_chars:
            return True
        last = m.end()
    return len(text) - last > sentence_chars


def _cut(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Pieces of at most `limit` characters, cut after a space where there is one."""
    pieces = []
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut + 1 if cut > start else start + limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def windows(text: str, window_chars: int, sentence_chars: int) -> list[tuple[int, int]]:
    """(start, end) character ranges covering the text, in order, none over the limits."""
    segments, last = [], 0
    for m in SENTENCE_END.finditer(text):
        segments.append((last, m.end()))
        last = m.end()
    if last < len(text):
        segments.append((last, len(text)))
    out: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    for s, e in segments:
        if e - s > sentence_chars:  # an over-long sentence: its pieces stand alone
            if cur:
                out.append(cur)
                cur = None
            out.extend(_cut(text, s, e, sentence_chars))
        elif cur and e - cur[0] <= window_chars:
            cur = (cur[0], e)
        else:
            if cur:
                out.append(cur)
            cur = (s, e)
    if cur:
        out.append(cur)
    return [(s, e) for s, e in out if text[s:e].strip()]


def _shift(obj, offset: int, seen: set[int]) -> None:
    """Add offset to every start/end pair inside a result (spans, places, claimants, …);
    an object reachable twice (an event's place is also in the places list) moves once."""
    if id(obj) in seen:
        return
    if dataclasses.is_dataclass(obj):
        seen.add(id(obj))
        names = {f.name for f in dataclasses.fields(obj)}
        if {"start", "end"} <= names and isinstance(obj.start, int):
            obj.start += offset
            obj.end += offset
        for name in names - {"document"}:
            _shift(getattr(obj, name), offset, seen)
    elif isinstance(obj, list):
        for x in obj:
            _shift(x, offset, seen)


def _renumber(items: list, counter: dict[str, int], mapping: dict[str, str], window: int) -> None:
    for it in items:
        m = ID.match(it.id)
        if m:
            counter[m.group(1)] = counter.get(m.group(1), 0) + 1
            new = f"{m.group(1)}{counter[m.group(1)]}"
        else:
            new = f"{it.id}-w{window}"
        mapping[it.id] = new
        it.id = new


def merge(document: Document, parts: Sequence[tuple[int, Analysis]]) -> Analysis:
    """One Analysis of the whole document from its windows' analyses (offset, analysis)."""
    whole = Analysis(document=document)
    counter: dict[str, int] = {}
    for k, (offset, part) in enumerate(parts):
        _shift(part, offset, set())
        claim_ids: dict[str, str] = {}
        event_ids: dict[str, str] = {}
        _renumber(part.claims, counter, claim_ids, k)
        _renumber(part.events, counter, event_ids, k)
        for c in part.claims:
            c.events = [event_ids.get(e, e) for e in c.events]
            c.parent = claim_ids.get(c.parent, c.parent) if c.parent else None
        for e in part.events:
            e.claims = [claim_ids.get(c, c) for c in e.claims]
        whole.places += part.places
        whole.dates += part.dates
        whole.hedges += part.hedges
        whole.claims += part.claims
        whole.events += part.events
        whole.errors += [f"window {k + 1}: {x}" for x in part.errors]
    return whole


def analyse_in_windows(run: Callable[[list[Document]], list[Analysis]], docs: Sequence[Document],
                       window_chars: int, sentence_chars: int, batch: int = 8) -> list[Analysis]:
    """Like `run(docs)`, with long documents analysed window by window (a few windows at a time)."""
    results: list[Analysis] = []
    short: list[tuple[int, Document]] = []
    order: dict[int, Analysis] = {}
    for i, doc in enumerate(docs):
        if not needs_windows(doc.text, window_chars, sentence_chars):
            short.append((i, doc))
            continue
        ranges = windows(doc.text, window_chars, sentence_chars)
        parts: list[tuple[int, Analysis]] = []
        for j in range(0, len(ranges), batch):
            chunk = ranges[j:j + batch]
            pieces = [dataclasses.replace(doc, text=doc.text[s:e], meta=dict(doc.meta, window=[s, e]))
                      for s, e in chunk]
            parts += [(s, a) for (s, _), a in zip(chunk, run(pieces))]
        order[i] = merge(doc, parts)
    if short:
        for (i, _), a in zip(short, run([d for _, d in short])):
            order[i] = a
    results = [order[i] for i in range(len(docs))]
    return results
