"""A caller's batch is analysed a chunk of documents at a time (data/pipeline.yaml analysis_chunk_docs):
the Russian parse the claims and events components share is made once per document however large
the batch, and chunking changes no result."""
from __future__ import annotations

import hashlib

import pytest

from wartrace.analysis import slavic_text
from wartrace.analysis.pipeline import AnalysisConfig, analyse_batch
from wartrace.analysis.resources import Resources
from wartrace.evaluation.ru_uk import load_rows
from wartrace.model import Document

COMPONENTS = ["places", "dates", "hedges", "claims", "genres", "events"]


@pytest.fixture(scope="module")
def russian_docs():
    # dev rows only: the held-out ("test") rows of the development set are never read by tests
    rows = [r for r in load_rows() if r["lang"] == "ru" and r.get("split") == "dev"][:6]
    assert len(rows) == 6
    return [Document(id="sha256:" + hashlib.sha256(r["text"].encode()).hexdigest(), text=r["text"],
                     language="ru") for r in rows]


def _config(chunk: int) -> AnalysisConfig:
    base = AnalysisConfig.current(COMPONENTS)
    return AnalysisConfig(base.components, {**base.settings, "analysis_chunk_docs": chunk})


def test_each_document_is_parsed_once_when_the_batch_outgrows_the_parse_cache(russian_docs, monkeypatch):
    # a parse cache smaller than the batch: without chunks the events component finds the claims'
    # parses evicted and parses every document again
    monkeypatch.setattr(slavic_text, "PARSES_KEPT", 2)
    calls: list[str] = []
    real = slavic_text.parse_slavic

    def counting(text, lang, resources=None):
        calls.append(text)
        return real(text, lang, resources)

    monkeypatch.setattr(slavic_text, "parse_slavic", counting)
    analyse_batch(russian_docs, resources=Resources(), config=_config(2))
    assert sorted(calls) == sorted(d.text for d in russian_docs)


def test_chunks_change_no_result(russian_docs):
    resources = Resources()
    whole = analyse_batch(russian_docs, resources=resources, config=_config(100))
    chunked = analyse_batch(russian_docs, resources=resources, config=_config(4))
    assert [a.to_json() for a in chunked] == [a.to_json() for a in whole]
    assert any(a.claims for a in whole) and any(a.events for a in whole)
