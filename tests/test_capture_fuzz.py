"""Property tests (Hypothesis) over every capture reader and the extract entry point.

Whatever the bytes (random, a valid sample mutated, a container cut short), a reader gives
a document or a one-line bad-input reason, never another exception; capture stores the
document whole or reports it, never half; extract gives one result per document with every
span inside the text. Bounded: few examples, no deadline per example (CI stays fast); the
long fuzz session is reported in docs/EVALUATION.md.
"""
from __future__ import annotations

import gzip
import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wartrace.capture.dispatch import read_item
from wartrace.capture.errors import BadInput
from wartrace.capture.items import Item

ROWS = [{"text": "Shelling hit Kharkiv on Monday, the governor said.", "title": "Kharkiv", "published": "2022-05-02"},
        {"body": "Drones struck Odesa port overnight.", "headline": "Odesa", "date": "2022-07-23"}]
SAMPLES = {
    "a.txt": b"date 2022-04-22\nUkrainian intelligence released an intercepted call near Popasna.",
    "a.html": b"<!doctype html><html><head><title>Strike</title></head><body><article><p>"
              b"A missile strike hit a residential block in Dnipro on Saturday, officials said, and rescuers "
              b"worked through the night.</p></article></body></html>",
    "a.rss": b"<?xml version='1.0'?><rss version='2.0'><channel><title>Desk</title><item><title>Strike on Odesa"
             b"</title><description>Missiles hit grain silos.</description></item></channel></rss>",
    "a.jsonl": "".join(json.dumps(r) + "\n" for r in ROWS).encode(),
    "a.jsonl.gz": gzip.compress("".join(json.dumps(r) + "\n" for r in ROWS).encode()),
    "a.csv": b"text,title,published\n\"Shelling of Nikopol, again.\",Nikopol,2022-08-10\n",
    "a.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >>"
             b" endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


@st.composite
def mutated(draw, sample: bytes) -> bytes:
    """A valid sample with a few bytes flipped, inserted or deleted, or cut short."""
    data = bytearray(sample)
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "dup"]))
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[i] = draw(st.integers(0, 255))
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[i:i + draw(st.integers(1, 8))]
        elif op == "truncate":
            del data[i:]
        else:
            data[i:i] = data[i:i + draw(st.integers(1, 64))] * draw(st.integers(1, 50))
    return bytes(data)


def _one_line(exc: BadInput) -> None:
    assert exc.reason and "\n" not in exc.reason and "Traceback" not in exc.reason


def _check_item(item: Item) -> None:
    assert isinstance(item.text, str) and isinstance(item.raw, bytes)
    for child in item.children:
        assert isinstance(child.text, str) and any(ch.isalnum() for ch in child.text)
    for _where, reason in item.errors:
        assert "\n" not in reason


def _read(name: str, raw: bytes) -> None:
    try:
        item = read_item(name, raw, {}, {"max_inflated": 1 << 20})
    except BadInput as exc:
        _one_line(exc)
        return
    _check_item(item)


@pytest.mark.parametrize("name", sorted(SAMPLES))
@FUZZ
@given(data=st.data())
def test_every_reader_on_mutated_and_random_bytes(name, data):
    raw = data.draw(st.one_of(mutated(SAMPLES[name]), st.binary(max_size=600)))
    _read(name, raw)


@FUZZ
@given(depth=st.integers(1, 3000), junk=st.binary(max_size=40), cut=st.integers(0, 400))
def test_nesting_and_truncated_containers(depth, junk, cut):
    _read("n.jsonl", b"[" * depth + junk + b"]" * (depth // 2) + b"\n")
    _read("n.jsonl", b'{"text": "Strike on Kyiv.", "x": ' + b"[" * depth + b"]" * depth + b"}\n")
    gz = gzip.compress(SAMPLES["a.jsonl"] * 20)
    _read("t.jsonl.gz", gz[:cut])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("x.jsonl", SAMPLES["a.jsonl"])
    _read("z.jsonl.gz", buf.getvalue()[:cut or None])


@FUZZ
@given(text=st.text(max_size=300), extra=st.dictionaries(st.text(max_size=8), st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=20), max_size=4))
def test_corpus_rows_of_any_json(text, extra):
    row = dict(extra, text=text)
    _read("r.jsonl", json.dumps(row).encode() + b"\n")
    cells = b"text,title\n" + json.dumps(text).encode() + b",t\n"
    _read("r.csv", cells)


def test_capture_stores_whole_or_reports(store, tmp_path):
    """Through the capture service: each mutated input is stored (with its custody entry) or
    named with a one-line reason; the store verifies afterwards."""
    from wartrace.capture.service import capture_paths
    from wartrace.store.verify import verify_store

    seen = []

    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(name=st.sampled_from(sorted(SAMPLES)), data=st.data())
    def run(name, data):
        raw = data.draw(mutated(SAMPLES[name]))
        path = tmp_path / f"{len(seen)}-{name}"
        path.write_bytes(raw)
        result = capture_paths(store, [str(path)], max_bytes=1 << 16)
        for f in result.failed:
            assert "\n" not in f["error"] and "internal error" not in f["error"], f
        seen.append(path)

    run()
    report = verify_store(store)
    assert report.ok, report.problems[:3]


@pytest.mark.slow
def test_extract_entry_point_on_arbitrary_text(tmp_path, resources):
    from wartrace.analysis.pipeline import Pipeline
    from wartrace.extract_inputs import documents_from_inputs

    pipeline = Pipeline(resources)

    @settings(max_examples=15, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(raw=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(lambda t: t.encode("utf-8")),
                         mutated(SAMPLES["a.txt"])))
    def run(raw):
        path = tmp_path / "in.txt"
        path.write_bytes(raw)
        docs, failures = documents_from_inputs([str(path)])
        for f in failures:
            assert "\n" not in f["error"]
        assert len(docs) + len(failures) == 1
        for a in pipeline(docs):
            n = len(a.document.text)
            spans = [(p.start, p.end) for p in a.places] + [(d.start, d.end) for d in a.dates]
            assert all(0 <= s <= e <= n for s, e in spans)

    run()
