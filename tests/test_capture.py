"""Capture: formats, idempotence, bad inputs, on SQLite and PostgreSQL."""
from __future__ import annotations

import gzip
import json

from sqlalchemy import func, select

from wartrace.capture.service import capture_paths
from wartrace.store.blobs import sha256_bytes
from wartrace.store.models import CustodyRow, DocumentRow

HTML = b"""<!doctype html><html><head><title>Shelling in Kharkiv</title>
<meta name="author" content="Olena Kovalenko"><meta property="article:published_time" content="2022-05-04">
<link rel="canonical" href="https://example.org/news/kharkiv-shelling"></head>
<body><nav>Home | World | Sport</nav><article><h1>Shelling in Kharkiv</h1>
<p>Russian artillery shelled a residential district of Kharkiv on Tuesday morning, the regional governor said.</p>
<p>Emergency services reported that three civilians were killed and eleven were injured in the attack.</p>
<p>Ukraine's General Staff said the shelling came from positions near Belgorod across the border.</p>
</article><footer>Copyright</footer></body></html>"""

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>War desk</title><link>https://example.org</link>
<item><title>Strike on Odesa port</title><description>A missile strike hit grain silos in Odesa.</description>
<link>https://example.org/1</link><pubDate>Sat, 23 Jul 2022 10:00:00 GMT</pubDate></item>
<item><title>Evacuation from Lysychansk</title><description>Civilians left Lysychansk by bus.</description>
<link>https://example.org/2</link><pubDate>Sun, 24 Jul 2022 09:30:00 GMT</pubDate></item>
</channel></rss>"""


def _docs(store):
    with store.session() as s:
        return {r.id: r for r in s.scalars(select(DocumentRow))}


def test_seed_metadata_and_idempotence(store, seed_path):
    raw = seed_path.read_bytes()
    first = capture_paths(store, [str(seed_path)])
    assert not first.failed and len(first.captured) == 1
    doc = _docs(store)[f"sha256:{sha256_bytes(raw)}"]
    assert doc.published == "2022-04-22"
    assert doc.language == "en"
    assert doc.text.startswith("Ukrainian military intelligence")  # the date line is not text
    assert store.blobs.get(sha256_bytes(raw)) == raw  # the raw copy is byte-identical
    again = capture_paths(store, [str(seed_path)])
    assert not again.captured and [d["id"] for d in again.already] == [doc.id]
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(DocumentRow)) == 1
        assert s.scalar(select(func.count()).select_from(CustodyRow)) == 1


def test_html_feed_and_corpora(store, tmp_path):
    (tmp_path / "page.html").write_bytes(HTML)
    (tmp_path / "feed.rss").write_bytes(RSS)
    rows = [{"body": "Drone attack on Kyiv overnight.", "day": "2022-10-17", "head": "Kyiv drones", "outlet": "X"},
            {"body": "Explosions in Melitopol.", "day": "2022-10-18", "head": "Melitopol", "outlet": "Y"}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    (tmp_path / "c.csv").write_text('body,day,head,outlet\n"Shelling of Nikopol, again.",2022-08-10,Nikopol,Z\n')
    result = capture_paths(store, [str(tmp_path)], mapping={"text": "body", "published": "day", "title": "head",
                                                             "source": "outlet"})
    assert not result.failed, result.failed
    docs = _docs(store).values()
    html = next(d for d in docs if d.kind == "html")
    assert html.title == "Shelling in Kharkiv" and html.author == "Olena Kovalenko"
    assert "three civilians were killed" in html.text and "Home | World" not in html.text
    assert html.url == "https://example.org/news/kharkiv-shelling" and html.published.startswith("2022-05-04")
    entries = sorted((d for d in docs if d.kind == "feed-entry"), key=lambda d: d.published)
    assert [e.title for e in entries] == ["Strike on Odesa port", "Evacuation from Lysychansk"]
    assert entries[0].published.startswith("2022-07-23") and entries[0].parent_id
    corpus_rows = {d.title: d for d in docs if d.kind == "corpus-row"}
    assert corpus_rows["Kyiv drones"].published == "2022-10-17" and corpus_rows["Kyiv drones"].source == "X"
    assert corpus_rows["Nikopol"].text == "Shelling of Nikopol, again."


def test_shared_corpus_formats_capture_without_a_map(store, tmp_path):
    """The eval corpora's field names are recognised (text, published, title, date_published, desc, …)."""
    lines = [json.dumps({"date_published": "2022-01-01 13:01:11+00:00", "title": "A headline",
                         "description": "A standfirst.", "link": "https://example.org/a", "source_feed": "cnn"}),
             json.dumps({"url": "https://example.org/b", "date": "2022-02-28", "site": "bbc.co.uk",
                         "title": "Another headline", "desc": ""})]
    (tmp_path / "items.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    result = capture_paths(store, [str(tmp_path / "items.jsonl.gz")])
    assert not result.failed
    rows = sorted((d for d in _docs(store).values() if d.kind == "corpus-row"), key=lambda d: d.published)
    assert rows[0].text == "A headline\n\nA standfirst." and rows[0].source == "cnn"
    assert rows[1].text == "Another headline" and rows[1].published == "2022-02-28"


def test_bad_inputs_each_named_and_batch_goes_on(store, tmp_path, seed_path):
    bad = {
        "empty.txt": b"",
        "junk.txt": bytes(range(256)) * 4,
        "latin1.txt": "Kyiv \u00e9t\u00e9".encode("latin-1"),
        "image.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
        "broken.html": b"<html><body><div></div></body></html>",
        "broken.rss": b"<?xml version='1.0'?><rss><channel><item><title>unterminated",
        "broken.jsonl": b"{not json\n",
        "broken.csv": b"a,b\n\"unclosed,1\n",
        "broken.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage",
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 6000)
    good = tmp_path / "good.txt"
    good.write_bytes(seed_path.read_bytes())
    result = capture_paths(store, [str(tmp_path / n) for n in bad] + [str(big), str(good)], max_bytes=5000)
    errors = {r["path"].rsplit("/", 1)[-1].split(":")[0]: r["error"] for r in result.failed}
    assert set(errors) == set(bad) | {"big.txt"}, errors
    assert "empty" in errors["empty.txt"]
    assert "binary" in errors["junk.txt"]
    assert "UTF-8" in errors["latin1.txt"]
    assert "unsupported file type" in errors["image.png"]
    assert "HTML" in errors["broken.html"]
    assert "feed" in errors["broken.rss"]
    assert "JSON" in errors["broken.jsonl"]
    assert "CSV" in errors["broken.csv"]
    assert "PDF" in errors["broken.pdf"]
    assert "limit" in errors["big.txt"]
    assert all("\n" not in e for e in errors.values())
    assert [d["path"] for d in result.captured] == [str(good)]


def test_pdf_text_layer(store, tmp_path):
    import subprocess

    import pytest

    pytest.importorskip("weasyprint")
    from weasyprint import HTML as WHTML

    pdf = tmp_path / "report.pdf"
    WHTML(string="<h1>Report</h1><p>Shelling hit Kramatorsk railway station.</p>").write_pdf(pdf)
    result = capture_paths(store, [str(pdf)])
    assert not result.failed
    doc = next(iter(_docs(store).values()))
    assert doc.kind == "pdf" and "Kramatorsk railway station" in doc.text
    assert subprocess  # keeps import local to this test


def test_stdin_capture(store, monkeypatch):
    import io
    import sys

    data = b"date 2023-06-06\nThe Kakhovka dam was destroyed overnight."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    result = capture_paths(store, ["-"])
    assert not result.failed
    doc = next(iter(_docs(store).values()))
    assert doc.published == "2023-06-06" and doc.text == "The Kakhovka dam was destroyed overnight."


def test_internal_error_on_one_input_keeps_the_others(store, tmp_path, monkeypatch):
    """A bug while reading one input rolls back only that input; earlier ones in the batch stay."""
    import wartrace.capture.dispatch as dispatch

    names = []
    for i in range(4):
        p = tmp_path / f"r{i}.txt"
        p.write_text(f"Report {i} from Zaporizhzhia.")
        names.append(str(p))
    real = dispatch.read_text

    def flaky(raw, name):
        if name.endswith("r2.txt"):
            raise RuntimeError("reader bug")
        return real(raw, name)

    monkeypatch.setattr(dispatch, "read_text", flaky)
    result = capture_paths(store, names)
    assert [f["path"] for f in result.failed] == [names[2]] and "internal error" in result.failed[0]["error"]
    assert sorted(d["path"] for d in result.captured) == [names[0], names[1], names[3]]
    assert len(_docs(store)) == 3
