"""The workbench in a real browser: Playwright driving Debian's Chromium against a live server.

Demo data: the seed and two linking fixtures (articles written for wartrace's tests),
captured, analysed with the real pipeline and linked, plus an article carrying script
payloads. Screenshots of the main pages go to docs/screenshots/ (shown in docs/WEB.md).
Any JavaScript dialog fails the test: a payload that ran would open one.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
import threading
import time
import wave
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
# docs/screenshots/ is refreshed on request only (WARTRACE_SCREENSHOTS=docs/screenshots): a test run
# must not rewrite tracked files
SHOTS = Path(os.environ.get("WARTRACE_SCREENSHOTS") or Path(tempfile.gettempdir()) / "wartrace-screenshots")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PASSWORD = "browser test password"
HOSTILE = ("date 2023-09-07\n"
           "Residents of Izium said soldiers detained a school teacher on Thursday. <script>alert(1)</script> "
           "The mayor said <img src=x onerror=alert(1)> the detention was confirmed by two relatives.\n")


def _chromium_or_skip() -> None:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI (scripts/system-deps.sh installs it)")
        pytest.skip(f"{CHROMIUM} is not installed (bash scripts/system-deps.sh)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wav(path: Path, seconds: float = 4.0, rate: int = 8000) -> bytes:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(int(seconds * rate) * 2))
    return path.read_bytes()


@pytest.fixture(scope="module")
def demo(tmp_path_factory, resources):
    """A store with demo data and two accounts, served by uvicorn on a free loopback port."""
    _chromium_or_skip()
    import uvicorn

    from wartrace.store import custody
    from wartrace.store.db import Store
    from wartrace.store.models import DocumentRow, EventRow, IncidentMemberRow
    from wartrace.store.users import add_user
    from wartrace.web import WebSettings, create_app
    from wartrace.web.demo import capture_and_analyse, link

    tmp = tmp_path_factory.mktemp("browser")
    corpus = tmp / "fixtures.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for name in ("market_strike", "two_cities"):  # three reports of one strike; one type, two cities
            f = REPO / "tests" / "fixtures" / "linking" / f"{name}.yaml"
            for d in yaml.safe_load(f.read_text(encoding="utf-8"))["documents"]:
                out.write(json.dumps({k: d.get(k) for k in ("text", "published", "title", "source")}) + "\n")
    hostile = tmp / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    seed = tmp / "seed.txt"
    shutil.copy(REPO / "samples" / "cnn-2022-04-22-popasna-intercept.txt", seed)
    store = Store(f"sqlite:///{tmp}/wartrace.db")
    # a recording with its transcript, stored as the audio capture stores them (the transcript
    # is analysed below with everything else)
    data = _wav(tmp / "intercept.wav")
    sha = store.blobs.put(data)
    text = "This is the commander. Take the prisoners near Popasna and shoot them all."
    with store.session() as s:
        s.add(DocumentRow(id=f"sha256:{sha}", kind="audio", title="intercept.wav", text="", tool_version="test",
                          captured_at=custody.utcnow(), media_type="audio/wav", size=len(data),
                          meta={"duration": 4.0, "analyse": False}))
        s.add(DocumentRow(id="sha256:" + "cd" * 32, kind="transcript", title="intercept.wav (transcript)", text=text,
                          parent_id=f"sha256:{sha}", captured_at=custody.utcnow(), tool_version="test", size=len(text),
                          published="2022-04-22", language="en", meta={"segments": [
                              {"start": 0.0, "end": 1.5, "text": "This is the commander.", "char_start": 0, "char_end": 22},
                              {"start": 2.25, "end": 3.9, "text": text[23:], "char_start": 23, "char_end": len(text)}]}))
        s.commit()
    summary = capture_and_analyse(store, [str(seed), str(corpus), str(hostile)], resources=resources)
    assert not summary["failed"] and summary["analysed"] >= 4
    link(store, resources)

    with store.session() as s:
        add_user(s, "ana", "analyst", PASSWORD)
        add_user(s, "vic", "viewer", PASSWORD)
        s.commit()
        seed_doc = s.query(DocumentRow.id).filter(DocumentRow.origin_path == str(seed)).scalar()
        hostile_doc = s.query(DocumentRow.id).filter(DocumentRow.origin_path == str(hostile)).scalar()
        # the seed's own incident: the one holding its event at Popasna (the order to kill prisoners)
        seed_incident = s.query(IncidentMemberRow.incident_id).join(
            EventRow, EventRow.id == IncidentMemberRow.event_id).filter(
            IncidentMemberRow.document_id == seed_doc, EventRow.place == "Popasna").first()
        hostile_incident = s.query(IncidentMemberRow.incident_id).filter(
            IncidentMemberRow.document_id == hostile_doc).first()
    assert seed_incident and hostile_incident, "linking put the seed and the hostile article in incidents"

    port = _free_port()
    app = create_app(store, WebSettings(secret_key="browser-test", secure_cookies=False))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield {"base": f"http://127.0.0.1:{port}", "store": store, "seed_incident": seed_incident[0],
           "hostile_doc": hostile_doc, "hostile_incident": hostile_incident[0], "recording": sha}
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser(demo):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh context per test; a dialog or a CSP violation fails the test."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 860})
    pg = ctx.new_page()
    problems: list[str] = []

    def on_dialog(d):
        problems.append(f"dialog fired: {d.type} {d.message!r}")
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("console", lambda m: problems.append(f"console: {m.text}") if "Content Security Policy" in m.text else None)
    yield pg
    ctx.close()
    assert not problems, problems


def until(page, predicate: str, timeout_s: float = 10.0) -> None:
    """Poll a predicate with evaluate (wait_for_function evaluates strings, which the CSP forbids)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, f"timed out waiting for {predicate}"
        time.sleep(0.05)


def login(page, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"{base}/incidents")


def shot(page, name: str, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def test_incident_list_filters_and_search(page, demo):
    base = demo["base"]
    login(page, base, "vic")
    rows = page.locator("#incident-list tbody tr")
    total = rows.count()
    assert total >= 3
    page.fill("form.filters input[name=q]", "Kramatorsk")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**q=Kramatorsk**")
    found = rows.count()
    assert 1 <= found < total
    assert "Kramatorsk" in rows.first.inner_text() or "market" in rows.first.inner_text().lower()
    page.goto(f"{base}/incidents")
    shot(page, "incidents")


def test_timeline_filter(page, demo):
    base = demo["base"]
    login(page, base, "vic")
    page.goto(f"{base}/timeline")
    page.wait_for_selector("#timeline[data-count]")
    before = int(page.get_attribute("#timeline", "data-count"))
    assert before == page.locator("#timeline rect.item").count() and before >= 3
    assert page.locator("#timeline rect.item.range").count() + page.locator("#timeline rect.item.point").count() == before
    shot(page, "timeline")
    # filter to the month of the market strike: fewer bars, all from that month
    page.fill("#timeline-filters input[name=from]", "2023-09-01")
    page.fill("#timeline-filters input[name=to]", "2023-09-30")
    page.click("#timeline-filters button[type=submit]")
    page.wait_for_selector(f"#timeline[data-count]:not([data-count='{before}'])")
    after = int(page.get_attribute("#timeline", "data-count"))
    assert 1 <= after < before
    titles = page.locator("#timeline rect.item title").all_text_contents()
    assert all("2023-09" in t for t in titles)
    assert "from=2023-09-01" in page.url  # the filtered view can be bookmarked


def test_map_draws_incidents_offline(page, demo):
    base = demo["base"]
    login(page, base, "vic")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}/map")
    page.wait_for_selector("#map[data-pins]")
    placed = int(page.get_attribute("#map", "data-pins")) + int(page.get_attribute("#map", "data-areas"))
    assert placed >= 3
    page.wait_for_selector("#map .leaflet-overlay-pane path, #map .leaflet-marker-icon")
    page.wait_for_timeout(500)  # outlines finish drawing
    assert page.locator("#map .leaflet-pane path").count() > 3  # the Natural Earth outlines
    assert all(u.startswith(base) for u in requests), "nothing is fetched from outside (no CDN, no tiles by default)"
    shot(page, "map")


def test_open_incident_and_see_highlighted_evidence(page, demo):
    base = demo["base"]
    login(page, base, "vic")
    inc = demo["seed_incident"]
    page.click(f"#incident-list a[href='/incidents/{inc}']")
    page.wait_for_url(f"{base}/incidents/{inc}")
    evidence = page.locator("#evidence .evidence .text")
    assert evidence.count() >= 1
    marks = page.locator("#evidence mark.hl")
    assert marks.count() >= 3
    assert page.locator("#evidence mark.hl-place").count() >= 1
    assert "Popasna" in page.locator("#evidence mark.hl-place").all_inner_texts()
    assert page.locator("#evidence mark.hl-claim, #evidence mark.hl-claimant").count() >= 1
    assert page.locator("#origins .origin").count() >= 1
    shot(page, "incident", full_page=True)


def test_analyst_changes_status(page, demo):
    base = demo["base"]
    login(page, base, "ana")
    inc = demo["seed_incident"]
    page.goto(f"{base}/incidents/{inc}")
    current = page.inner_text("#status")
    new = "disputed" if current != "disputed" else "corroborated"
    page.select_option("#status-form select[name=status]", new)
    page.fill("#status-form input[name=reason]", "the Russian MoD denies it; checked by the desk")
    page.click("#status-form button[type=submit]")
    page.wait_for_url(f"{base}/incidents/{inc}#history")
    assert page.inner_text("#status") == new
    row = page.locator("#history tr.review-row").last.inner_text()
    assert "ana" in row and new in row and "the Russian MoD denies it" in row
    from wartrace.store.custody import entries_for

    with demo["store"].session() as s:
        entries = [e for e in entries_for(s, inc) if e.action == "review_status"]
    assert entries and entries[-1].actor == "ana" and entries[-1].detail["new"] == new


def test_viewer_is_refused(page, demo):
    base = demo["base"]
    login(page, base, "vic")
    inc = demo["seed_incident"]
    page.goto(f"{base}/incidents/{inc}")
    assert page.locator("#status-form").count() == 0
    assert "can read but not review" in page.inner_text("#review")
    status = page.evaluate("""async (inc) => {
        const s = await (await fetch('/api/session')).json();
        const body = new URLSearchParams({status: 'verified', reason: 'sneaky', csrf_token: s.csrf_token});
        const r = await fetch('/incidents/' + inc + '/status', {method: 'POST', body});
        return r.status;
    }""", inc)
    assert status == 403
    assert "sneaky" not in page.goto(f"{base}/incidents/{inc}").text()


def test_hostile_article_stays_inert(page, demo):
    base = demo["base"]
    login(page, base, "vic")
    page.goto(f"{base}/documents/{demo['hostile_doc']}")
    text = page.inner_text("#doc-text")
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text  # shown as text
    assert page.locator("#doc-text script, #doc-text img, main img").count() == 0
    page.wait_for_timeout(300)
    shot(page, "document")
    page.goto(f"{base}/incidents/{demo['hostile_incident']}")
    assert page.locator("main script, main img").count() == 0
    page.goto(f"{base}/documents?q=Izium")
    page.wait_for_timeout(300)  # a payload that ran would have opened its dialog by now


def test_recording_jumps_to_segment(page, demo):
    base = demo["base"]
    login(page, base, "vic")
    page.goto(f"{base}/documents/{demo['recording']}")
    until(page, "() => document.getElementById('player').readyState >= 1")
    page.click("#segments li:nth-child(2) button.seek")
    until(page, "() => Math.abs(document.getElementById('player').currentTime - 2.25) < 0.3")
    assert page.locator("#segments button.seek").all_inner_texts() == ["0:00.00", "0:02.25"]
    assert "Popasna" in page.locator("#segments mark.hl-place").all_inner_texts()  # the transcript's analysis
    shot(page, "recording")
