"""Stance of a claim: assertion, denial, opinion, prediction, order_or_threat or other.

Lexical rules from data/lexicons/stance.yaml (cue lemmas, content patterns) plus one syntactic
test: a direct quotation that opens with a bare imperative verb ("Block this industrial area …",
"Let them go forever") reports an order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from wartrace.config import load_yaml

ORDER = ("denial", "order_or_threat", "prediction", "opinion", "other")


@dataclass(frozen=True)
class StanceLexicon:
    cues: dict[str, frozenset[str]]
    content: dict[str, re.Pattern | None]


def build_stance_lexicon() -> StanceLexicon:
    data = load_yaml("lexicons/stance.yaml")
    cues = {k: frozenset((data.get(k) or {}).get("cue") or ()) for k in ORDER}
    content = {}
    for k in ORDER:
        pats = (data.get(k) or {}).get("content") or []
        content[k] = re.compile("|".join(f"(?:{p})" for p in pats), re.I) if pats else None
    return StanceLexicon(cues, content)


_CLAUSE_OPENERS = {"and", "so", "but", "then", "just", "please", "now"}


def _has_imperative(doc, start: int, end: int) -> bool:
    """A clause in the quotation opens with a bare verb: "Block this area", "…, keep the highest ranking"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    for tok in span:
        if tok.tag_ != "VB" or tok.dep_ not in ("ROOT", "ccomp", "conj", "parataxis"):
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "expl") for c in tok.children):
            continue
        prev = doc[tok.i - 1] if tok.i > span.start else None
        if prev is None or prev.is_punct or prev.lower_ in _CLAUSE_OPENERS:
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if tok.lower_ in ("be", "do") and nxt is not None and nxt.lower_ in ("you", "not"):
                continue
            return True
    return False


def classify(lex: StanceLexicon, cue_lemma: str | None, content_text: str, doc=None,
             direct_spans: list[tuple[int, int]] = ()) -> str:
    text = " ".join(content_text.split()).strip("“”\"' ")
    for kind in ORDER:
        if cue_lemma and cue_lemma in lex.cues[kind]:
            return kind
        if kind == "order_or_threat" and doc is not None and any(_has_imperative(doc, s, e)
                                                                 for s, e in direct_spans):
            return kind
        pat = lex.content[kind]
        if pat is not None and pat.search(text):
            return kind
    return "assertion"
