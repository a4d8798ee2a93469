"""The incident page shows each claim in its language, with the English translation of a recorded
claim beside it (issue 23 point 5): a Russian transcript's claim next to Whisper's English for the
same seconds, both escaped."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from wartrace.model import Document
from wartrace.store import custody
from wartrace.store.analyses import global_id, save_analysis
from wartrace.store.db import Store
from wartrace.store.models import DocumentRow, IncidentMemberRow, IncidentRow
from wartrace.web import WebSettings, create_app
from wartrace.web.translations import claim_translation

# What Whisper base wrote for the espeak-ng recording of evaluation/asr.py's Russian script
# («Это командир. Возьмите пленных под Попасной и расстреляйте их всех. …»), transcribed and
# translated, with its one time-coded segment each.
HEARD = "Эта команда. В Дмитрии пемных под попаса и расстаряйте их всех. Никто не должен их больше увидеть."
TRANSLATED = "This is a commandeer. Vodmytik. Mykolaiv. Popasna. Iras. Rite. Sikh. Nobody wants to see them."
# a hostile recording can make Whisper write anything, markup included
HOSTILE = "<script>alert(1)</script>"


def _segment(text: str, start: float, end: float, offset: int = 0) -> dict:
    return {"start": start, "end": end, "text": text, "char_start": offset, "char_end": offset + len(text)}


def _row(doc_id: str, kind: str, text: str, language: str, parent: str | None, meta: dict) -> DocumentRow:
    return DocumentRow(id=doc_id, kind=kind, title=f"{kind} of intercept.wav", text=text, language=language,
                       parent_id=parent, captured_at=custody.utcnow(), tool_version="test", size=len(text), meta=meta)


@pytest.fixture(scope="module")
def page(tmp_path_factory, resources):
    from wartrace.analysis.pipeline import analyse_batch

    tmp = tmp_path_factory.mktemp("web-translations")
    store = Store(f"sqlite:///{tmp}/wartrace.db")
    rec, tr, en = "sha256:" + "a1" * 32, "sha256:" + "b2" * 32, "sha256:" + "c3" * 32
    translated = TRANSLATED + " " + HOSTILE
    with store.session() as s:
        s.add(_row(rec, "audio", "", "ru", None, {"duration": 7.98}))
        s.add(_row(tr, "transcript", HEARD, "ru", rec, {"segments": [_segment(HEARD, 0.0, 7.98)]}))
        s.add(_row(en, "transcript-translation", translated, "en", tr,
                   {"segments": [_segment(translated, 0.0, 7.98)], "translation_of": tr}))
        s.commit()
        (analysis,) = analyse_batch([Document(id=tr, text=HEARD, kind="transcript", language="ru")], resources)
        assert analysis.events, analysis.claims
        save_analysis(s, analysis, ["test"])
        s.add(IncidentRow(id="inc-popasna", event_type=analysis.events[0].event_type, title="Order at Popasna",
                          place="Popasna", independent_origins=1, suggested_status="single-source",
                          status="single-source", summary={}, updated_at=custody.utcnow()))
        s.flush()
        s.add(IncidentMemberRow(incident_id="inc-popasna", document_id=tr, event_id=global_id(tr, "e1")))
        s.commit()
    app = create_app(store, WebSettings(secret_key="test-secret", secure_cookies=False))
    client = TestClient(app, follow_redirects=False)
    yield {"html": client.get("/incidents/inc-popasna").text,
           "json": client.get("/api/incidents/inc-popasna").json(), "translation": en, "analysis": analysis}
    store.close()


def test_a_recorded_claim_is_shown_in_russian_with_its_english_translation(page):
    html = page["html"]
    claim = next(c for c in page["analysis"].claims if "расстаряйте" in c.content[0].text)
    quoted = re.search(r'<blockquote lang="ru">(.*?)</blockquote>', html, re.S)
    assert quoted and claim.content[0].text in quoted.group(1), html
    english = re.search(r'<blockquote class="translation" lang="en">(.*?)</blockquote>', html, re.S)
    assert english and TRANSLATED in english.group(1)
    assert f'href="/documents/{quote(page["translation"], safe="")}"' in english.group(1)  # its document, linked
    # untrusted text is escaped, never markup
    assert HOSTILE not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in english.group(1)
    views = [v for g in page["json"]["origins"] for v in g["claims"]]
    assert views and all(v["language"] == "ru" and v["translation"]["document_id"] == page["translation"]
                         for v in views)


def test_the_translation_is_the_english_said_over_the_claims_seconds():
    text = "Это командир. Возьмите пленных под Попасной."
    src = {"segments": [_segment("Это командир.", 0.0, 1.6), _segment("Возьмите пленных под Попасной.", 1.6, 4.0, 14)]}
    en_text = "This is the commander. Take the prisoners near Popasna."
    dst = {"segments": [_segment("This is the commander.", 0.0, 1.6),
                        _segment("Take the prisoners near Popasna.", 1.6, 4.0, 23)]}
    second = (text.index("Возьмите"), len(text))
    got = claim_translation([second], src, "sha256:en", en_text, dst)
    assert got.text == "Take the prisoners near Popasna." and not got.whole
    # without segments to align on, the whole translation stands for the claim, and says so
    whole = claim_translation([second], {}, "sha256:en", en_text, {})
    assert whole.text == en_text and whole.whole
