"""Bounded analysis (issue 21): long documents and over-long sentences go to the parser in
windows, and the results read as one analysis of the whole document."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wartrace.analysis.pipeline import Pipeline
from wartrace.analysis.windows import needs_windows, windows
from wartrace.model import Document

SENTENCE = "Russian artillery shelled Kharkiv on Monday and the governor said three civilians were hurt"


@settings(max_examples=200, deadline=None, database=None)
@given(text=st.text(alphabet=st.sampled_from("ab .!?\n\u2026\U0001F600"), max_size=3000),
       window=st.integers(50, 800), sentence=st.integers(10, 300))
def test_windows_cover_the_text_within_the_limits(text, window, sentence):
    ranges = windows(text, window, sentence)
    assert all(e - s <= max(window, sentence) for s, e in ranges)
    assert all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:]))
    covered = "".join(text[s:e] for s, e in ranges)
    gaps = [text[a[1]:b[0]] for a, b in zip([(0, 0)] + ranges, ranges + [(len(text), len(text))])]
    assert all(not g.strip() for g in gaps)  # only blank stretches are left out
    assert len(covered.split()) == len(text.split()) or any(e - s == sentence for s, e in ranges)


def test_an_overlong_sentence_is_cut_at_spaces():
    text = " ".join([SENTENCE] * 120) + "."
    assert needs_windows(text, 100_000, 5_000)
    ranges = windows(text, 100_000, 5_000)
    assert len(ranges) >= 2 and all(e - s <= 5_000 for s, e in ranges)
    assert all(text[e - 1] == " " for _, e in ranges[:-1])  # never inside a word
    assert not needs_windows(SENTENCE + ". " + SENTENCE + ".", 100_000, 5_000)


@pytest.fixture(scope="module")
def pipeline(resources):
    return Pipeline(resources)


def test_the_parser_never_sees_more_than_a_window(pipeline, monkeypatch):
    seen = []
    nlp = pipeline.resources.nlp
    real_pipe = nlp.pipe

    def pipe(texts, **kw):
        texts = list(texts)
        seen.extend(len(t) for t in texts)
        return real_pipe(texts, **kw)

    monkeypatch.setattr(nlp, "pipe", pipe)
    long_sentence = " ".join([SENTENCE] * 140) + "."
    doc = Document(id="sha256:" + "1" * 64, text=long_sentence, language="en", published="2022-05-02")
    [result] = pipeline([doc])
    assert seen and max(seen) <= pipeline.sentence_chars
    assert result.document is doc
    for p in result.places:
        assert long_sentence[p.start:p.end] == p.text
    assert len({p.start for p in result.places}) == len(result.places)


def test_windowed_results_are_offsets_into_the_whole_document(pipeline, seed_path):
    seed = seed_path.read_text().split("\n", 1)[1]
    text = seed + "\n\n" + seed
    one = pipeline([Document(id="sha256:" + "2" * 64, text=seed, language="en", published="2022-04-22")])[0]
    old = (pipeline.window_chars, pipeline.sentence_chars)
    pipeline.window_chars = len(seed) + 10  # the doubled seed needs two windows
    try:
        two = pipeline([Document(id="sha256:" + "3" * 64, text=text, language="en", published="2022-04-22")])[0]
    finally:
        pipeline.window_chars, pipeline.sentence_chars = old
    assert len(two.places) == 2 * len(one.places) and len(two.claims) == 2 * len(one.claims)
    shift = len(seed) + 2
    assert [(p.start, p.end) for p in two.places] == \
        [(p.start, p.end) for p in one.places] + [(p.start + shift, p.end + shift) for p in one.places]
    for p in two.places:
        assert text[p.start:p.end] == p.text
    for c in two.claims:
        for span in c.content + ([c.cue] if c.cue else []):
            assert text[span.start:span.end] == span.text
    ids = [c.id for c in two.claims]
    assert len(set(ids)) == len(ids) and len({e.id for e in two.events}) == len(two.events)
    known = set(ids)
    assert all(set(e.claims) <= known for e in two.events)
