"""Real sentences of the shared corpus for tests, read at test time from the evaluation data
(never copied into the repository): a case names a document and a short anchor inside it."""
from __future__ import annotations

import json
import re
from functools import lru_cache

import pytest

from wartrace.evaluation.report import eval_dir

SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")


@lru_cache(maxsize=None)
def _corpus(name: str) -> dict[str, str]:
    path = eval_dir() / "corpus" / name
    if not path.exists():
        pytest.skip(f"the shared corpus {path} is not here")
    out = {}
    for d in map(json.loads, path.open(encoding="utf-8")):
        key = str(d.get("id") or d.get("link"))
        out[key] = d.get("text") or f"{d.get('title', '')}. {d.get('description', '')}"
    return out


def corpus_document(doc_id: str, name: str = "war_news_2022_2024.jsonl") -> str:
    """The whole text of one document of the shared corpus."""
    return _corpus(name)[doc_id]


def corpus_text(doc_id: str, start: str, end: str | None = None, name: str = "war_news_2022_2024.jsonl") -> str:
    """The sentence of document `doc_id` that contains `start`, or the passage from that sentence
    to the one containing `end`. RSS items are named by their link."""
    text = _corpus(name)[doc_id].replace("\n", " ")
    a = text.index(start)
    b = text.index(end, a) if end else a
    starts = [0] + [m.end() for m in SENTENCE_END.finditer(text)]
    first = max(s for s in starts if s <= a)
    last = min((s for s in starts if s > b), default=len(text))
    return text[first:last].strip()


@lru_cache(maxsize=None)
def _ecbplus() -> dict[str, list[str]]:
    path = eval_dir() / "linking" / "ecbplus_dev.jsonl"
    if not path.exists():
        pytest.skip(f"ECB+ {path} is not here")
    return {row["doc_name"]: list(row["sentences"]) for row in map(json.loads, path.open(encoding="utf-8"))}


def ecb_sentences(doc_name: str) -> list[str]:
    """The lines of one ECB+ dev document (its first line is the page's address)."""
    return _ecbplus()[doc_name]
