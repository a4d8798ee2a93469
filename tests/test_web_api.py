"""Workbench API and pages through FastAPI's TestClient: filters, paging, search, accounts,
CSRF, roles, review actions in reviews and custody, escaping of hostile captured text,
security headers, the recording player's blob endpoint.

The articles are short texts written for these tests and captured through the real capture
path; their analyses are built by hand (spans found in the text) because these tests are
about the workbench, not about extraction. The browser tests run the real pipeline.
"""
from __future__ import annotations

import io
import json
import re
import wave
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from wartrace.capture.service import capture_paths
from wartrace.model import Analysis, Claim, Claimant, DateMention, Event, Hedge, IHLIndicator, Place, Span
from wartrace.store import custody
from wartrace.store.analyses import save_analysis
from wartrace.store.db import Store
from wartrace.store.documents import get_document
from wartrace.store.models import CustodyRow, DocumentRow, IncidentMemberRow, IncidentRow, LinkConstraintRow, ReviewRow
from wartrace.store.search import search_documents
from wartrace.store.users import add_user
from wartrace.store.verify import verify_store
from wartrace.web import WebSettings, create_app

XSS = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"

ARTICLES = [
    {"title": "Shelling kills two in Kherson", "source": "Suspilne", "published": "2023-03-10",
     "text": "Russian shelling hit the centre of Kherson on Friday morning, killing two civilians, regional governor "
             "Oleksandr Prokudin said on Telegram. He said a residential building and a pharmacy were damaged. "
             "The report could not be independently verified."},
    {"title": "Drone strike on Kharkiv depot", "source": "Kharkiv Today", "published": "2023-03-12",
     "text": "A drone struck a fuel depot in Kharkiv overnight, the city's mayor Ihor Terekhov said. Firefighters "
             "put out the blaze by morning and nobody was hurt, he reportedly added."},
    {"title": f"Hostile headline {XSS}", "source": f"Evil Outlet {IMG}", "published": "2023-03-14",
     "text": f"Residents of Izium said soldiers detained a teacher. {XSS} The mayor said {IMG} the "
             f"detention was confirmed by relatives. <b>bold</b> & \"quoted\" text."},
]
TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments"]
STATUSES = ["unverified", "single-source", "corroborated", "disputed"]
ACTORS = ["Military Forces of Russia (2000-)", "Military Forces of Ukraine (2019-)", "Civilians (Ukraine)"]
SIDES = ["UA", "RU", "RU | UA"]
N_INCIDENTS = 120
PASSWORD = "correct horse battery"


def _span(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


def _analysis(doc, place: tuple[str, float, float, str], claimant: str, content: str, trigger: str,
              hedge: str | None = None) -> Analysis:
    t = doc.text
    a = Analysis(document=doc)
    ps, pe = _span(t, place[0])
    p = Place(text=place[0], start=ps, end=pe, name=place[0], lat=place[1], lon=place[2], country="UA",
              feature=place[3], confidence=0.9)
    a.places.append(p)
    cs, ce = _span(t, claimant)
    ks, ke = _span(t, content)
    a.claims.append(Claim(id="c1", claimant=Claimant(text=claimant, start=cs, end=ce, actor=claimant, side="UA"),
                          cue=None, content=[Span(content, ks, ke)], stance="assertion", events=["e1"]))
    ts, te = _span(t, trigger)
    a.events.append(Event(id="e1", event_type="Violence against civilians", sub_event_type="Attack",
                          modality="happened", trigger=Span(trigger, ts, te), confidence=0.8,
                          date={"value": doc.published, "precision": "day"}, place=p,
                          ihl=[IHLIndicator(code="rome-8-2-b-i", label="Attacking civilians", start=ts, end=te,
                                            elements_met=["civilian victims"], elements_open=["intent"])],
                          claims=["c1"]))
    if hedge:
        hs, he = _span(t, hedge)
        a.hedges.append(Hedge(text=hedge, start=hs, end=he, kind="hedge"))
    ds, de = _span(t, t.split()[0])
    a.dates.append(DateMention(text=t.split()[0], start=ds, end=de, value=doc.published, precision="day"))
    return a


def incident_spec(i: int) -> dict:
    start = date(2023, 1, 1) + timedelta(days=i)
    ranged = i % 5 == 0
    feature = "admin1" if i % 6 == 0 else "city"
    return {"id": f"inc-{i:04d}", "event_type": TYPES[i % 4], "date_start": start.isoformat(),
            "date_end": (start + timedelta(days=6 if ranged else 0)).isoformat(),
            "date_precision": "week" if ranged else "day",
            "lat": 46.0 + (i % 8) * 0.9, "lon": 24.0 + (i % 13) * 1.2, "place": f"Place {i}", "place_feature": feature,
            "actors": ACTORS[i % 3], "sides": SIDES[i % 3], "ihl": "rome-8-2-b-i" if i % 7 == 0 else None,
            "status": STATUSES[i % 4], "doc": i % 3}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A store with three captured articles, their analyses, 120 incidents and three accounts."""
    tmp = tmp_path_factory.mktemp("web")
    corpus = tmp / "articles.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    store = Store(f"sqlite:///{tmp}/wartrace.db")
    res = capture_paths(store, [str(corpus)], None, None, actor="test")
    assert not res.failed
    by_title = {d["title"]: d["id"] for d in res.captured}
    doc_ids = [by_title[a["title"]] for a in ARTICLES]
    with store.session() as s:
        docs = [get_document(s, d) for d in doc_ids]
        save_analysis(s, _analysis(docs[0], ("Kherson", 46.6354, 32.6169, "city"), "Oleksandr Prokudin",
                                   "a residential building and a pharmacy were damaged", "shelling"), ["test"])
        save_analysis(s, _analysis(docs[1], ("Kharkiv", 49.98, 36.25, "city"), "Ihor Terekhov",
                                   "Firefighters put out the blaze by morning", "struck", hedge="reportedly"), ["test"])
        save_analysis(s, _analysis(docs[2], ("Izium", 49.21, 37.25, "city"), "The mayor", XSS, "detained"), ["test"])
        for i in range(N_INCIDENTS):
            sp = incident_spec(i)
            s.add(IncidentRow(id=sp["id"], event_type=sp["event_type"], sub_event_type="Attack",
                              title=f"{sp['event_type']} at {sp['place']}", date_start=sp["date_start"],
                              date_end=sp["date_end"], date_precision=sp["date_precision"], lat=sp["lat"],
                              lon=sp["lon"], place=sp["place"], place_feature=sp["place_feature"], country="UA",
                              actors=sp["actors"], sides=sp["sides"], ihl=sp["ihl"], independent_origins=1,
                              suggested_status=sp["status"], status=sp["status"], summary={},
                              updated_at=custody.utcnow()))
        s.flush()
        for i in range(N_INCIDENTS):
            sp = incident_spec(i)
            d = doc_ids[sp["doc"]]
            s.add(IncidentMemberRow(incident_id=sp["id"], document_id=d, event_id=f"{d[7:19]}:e1"))
        # one incident with two reports, for split
        s.add(IncidentMemberRow(incident_id="inc-0003", document_id=doc_ids[1], event_id=f"{doc_ids[1][7:19]}:e1"))
        add_user(s, "ana", "analyst", PASSWORD)
        add_user(s, "vic", "viewer", PASSWORD)
        s.commit()
    yield {"store": store, "docs": doc_ids}
    store.close()


@pytest.fixture(scope="module")
def app(world):
    return create_app(world["store"], WebSettings(secret_key="test-secret", secure_cookies=False))


def client_for(app, user: str | None = None) -> TestClient:
    c = TestClient(app, follow_redirects=False)
    if user:
        token = c.get("/api/session").json()["csrf_token"]
        r = c.post("/login", data={"name": user, "password": PASSWORD, "csrf_token": token, "next": "/incidents"})
        assert r.status_code == 303, r.text
    return c


def csrf(c: TestClient) -> str:
    return c.get("/api/session").json()["csrf_token"]


@pytest.fixture(scope="module")
def viewer(app):
    return client_for(app, "vic")


@pytest.fixture(scope="module")
def analyst(app):
    return client_for(app, "ana")


def all_items(c: TestClient, query: str) -> list[dict]:
    out, offset = [], 0
    while True:
        page = c.get(f"/api/incidents?{query}&limit=37&offset={offset}").json()
        out += page["items"]
        offset += 37
        if offset >= page["total"]:
            return out


# --- reading ---------------------------------------------------------------------------

def test_paging_covers_every_incident_once(viewer):
    first = viewer.get("/api/incidents?limit=50&offset=0").json()
    assert first["total"] == N_INCIDENTS and len(first["items"]) == 50
    items = all_items(viewer, "")
    assert len(items) == N_INCIDENTS and len({i["id"] for i in items}) == N_INCIDENTS
    dates = [i["date_start"] for i in items]
    assert dates == sorted(dates, reverse=True)
    assert viewer.get("/api/incidents?limit=500").json()["limit"] == 200  # capped page size
    assert viewer.get("/api/incidents?offset=-1").status_code == 422


@pytest.mark.parametrize("query, keep", [
    ("from=2023-02-01&to=2023-02-10",
     lambda s: s["date_start"] <= "2023-02-10" and s["date_end"] >= "2023-02-01"),
    ("bbox=25,47,30,50", lambda s: 47 <= s["lat"] <= 50 and 25 <= s["lon"] <= 30),
    ("type=Battles", lambda s: s["event_type"] == "Battles"),
    ("actor=ukraine", lambda s: "Ukraine" in s["actors"]),
    ("side=RU", lambda s: "RU" in s["sides"]),
    ("status=disputed", lambda s: s["status"] == "disputed"),
    ("ihl=rome-8-2-b", lambda s: s["ihl"] is not None),
    ("type=Battles&status=unverified&from=2023-02-01", lambda s: s["event_type"] == "Battles"
     and s["status"] == "unverified" and s["date_end"] >= "2023-02-01"),
])
def test_incident_filters(viewer, query, keep):
    want = {s["id"] for s in map(incident_spec, range(N_INCIDENTS)) if keep(s)}
    got = all_items(viewer, query)
    assert want and {i["id"] for i in got} == want


def test_bad_filters_are_400(viewer):
    assert viewer.get("/api/incidents?from=yesterday").status_code == 400
    assert viewer.get("/api/incidents?bbox=1,2,3").status_code == 400
    assert viewer.get("/api/incidents?from=2023-03-01&to=2023-02-01").status_code == 400


def test_full_text_search(viewer, world):
    kherson, kharkiv, hostile = world["docs"]
    docs = viewer.get("/api/documents?q=pharmacy").json()
    assert [d["id"] for d in docs["items"]] == [kherson]
    assert viewer.get("/api/documents?q=Firefight").json()["items"][0]["id"] == kharkiv  # prefix of the last word
    inc = all_items(viewer, "q=pharmacy")
    assert {i["id"] for i in inc} == {s["id"] for s in map(incident_spec, range(N_INCIDENTS)) if s["doc"] == 0}
    # query syntax is never interpreted: operators and quotes are plain words
    for q in ['pharmacy" OR "x', "NEAR(a b)", "title:*", "AND", '"', "-", "%_"]:
        assert viewer.get("/api/documents", params={"q": q}).status_code == 200
    assert viewer.get("/api/claims?q=blaze").json()["items"][0]["document_id"] == kharkiv


def test_search_and_map_on_both_backends(store, tmp_path):
    """The one search function (SQLite FTS5, PostgreSQL's tsvector index) and the map JSON
    the database builds (JSON1, json_agg), with the same results on both."""
    from wartrace.web import queries
    corpus = tmp_path / "a.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES[:2]), encoding="utf-8")
    capture_paths(store, [str(corpus)], None, None)
    with store.session() as s:
        kherson = s.scalar(select(DocumentRow.id).where(DocumentRow.title == ARTICLES[0]["title"]))
        assert search_documents(s, "residential pharmacy") == [kherson]
        assert search_documents(s, "Prokud") == [kherson]
        assert search_documents(s, "pharmacy depot") == []
        assert search_documents(s, "!!!") == []
        for i, (lat, typ) in enumerate([(46.63542, "Battles"), (49.98, "Riots"), (None, "Battles")]):
            s.add(IncidentRow(id=f"inc-{i}", event_type=typ, date_start="2023-03-10", date_end="2023-03-10",
                              lat=lat, lon=None if lat is None else 32.61687, place_feature="city", status="unverified",
                              suggested_status="unverified", independent_origins=1, summary={},
                              updated_at=custody.utcnow()))
        s.flush()
        s.add(IncidentMemberRow(incident_id="inc-0", document_id=kherson))
        s.commit()
        body = json.loads(queries.map_json(s, queries.Filters.parse(event_type="Battles")))
        assert body["types"] == ["Battles", "Riots"] and body["statuses"] == ["unverified"]
        assert body["rows"] == [["inc-0", 46.6354, 32.6169, 0, 0, 0]]
        assert body["truncated"] is False
        assert len(json.loads(queries.map_json(s, queries.Filters.parse()))["rows"]) == 2
        assert json.loads(queries.map_json(s, queries.Filters.parse(status="disputed")))["rows"] == []
        total, items = queries.list_incidents(s, queries.Filters.parse(q="pharmacy"), 10, 0)
        assert total == 1 and items[0]["id"] == "inc-0"


def test_claims_events_custody_endpoints(viewer, world):
    kherson = world["docs"][0]
    claims = viewer.get(f"/api/claims?document_id={kherson}").json()
    assert claims["total"] == 1 and claims["items"][0]["claimant"] == "Oleksandr Prokudin"
    assert viewer.get("/api/claims?actor=terekhov").json()["total"] == 1
    events = viewer.get("/api/events?bbox=30,45,34,48").json()
    assert [e["place"] for e in events["items"]] == ["Kherson"]
    assert viewer.get("/api/events?ihl=rome-8-2-b-i&from=2023-03-11").json()["total"] == 2
    log = viewer.get(f"/api/custody?object_id={kherson}").json()
    assert [e["action"] for e in log["items"]][::-1][:2] == ["capture", "analyse"]
    spec = viewer.get("/api/openapi.json").json()
    for path in ("/api/incidents", "/api/documents", "/api/claims", "/api/events", "/api/custody",
                 "/api/incidents/{incident_id}/status"):
        assert path in spec["paths"]


def test_map_and_timeline_are_compact(viewer):
    m = viewer.get("/api/map?type=Battles").json()
    assert m["fields"][:3] == ["id", "lat", "lon"]
    assert len(m["rows"]) == N_INCIDENTS // 4 and all(len(r) == 6 for r in m["rows"])
    assert {m["types"][r[4]] for r in m["rows"]} == {"Battles"}
    assert {m["statuses"][r[5]] for r in m["rows"]} == {s["status"] for s in map(incident_spec, range(0, 120, 4))}
    precision = {r[0]: m["precisions"][r[3]] for r in m["rows"]}
    assert precision["inc-0000"] == "admin1" and precision["inc-0004"] == "city"
    gj = viewer.get("/api/incidents.geojson?type=Battles").json()
    f0 = next(f for f in gj["features"] if f["id"] == "inc-0000")
    assert f0["properties"]["imprecise"] is True and f0["geometry"]["coordinates"][0] == pytest.approx(24.0)
    t = viewer.get("/api/timeline?status=corroborated").json()
    assert len(t["rows"]) == N_INCIDENTS // 4
    ranged = [r for r in t["rows"] if r[2] != r[3]]
    assert ranged and all(r[4] == "week" for r in ranged)


# --- accounts, sessions, CSRF, roles ---------------------------------------------------

def test_reading_needs_a_login_once_accounts_exist(app):
    anon = TestClient(app, follow_redirects=False)
    assert anon.get("/api/incidents").status_code == 401
    r = anon.get("/incidents?type=Battles")
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    token = csrf(anon)
    bad = anon.post("/login", data={"name": "ana", "password": "wrong password", "csrf_token": token})
    assert bad.status_code == 401 and "Wrong name or password" in bad.text
    assert anon.post("/login", data={"name": "ana", "password": PASSWORD}).status_code == 403  # no CSRF token
    # a login link cannot bounce the user to another site
    ok = anon.post("/login", data={"name": "ana", "password": PASSWORD, "csrf_token": csrf(anon),
                                   "next": "//evil.example/x"})
    assert ok.status_code == 303 and ok.headers["location"] == "/incidents"


def test_session_cookie_flags(world):
    secure = create_app(world["store"], WebSettings(secret_key="k", secure_cookies=True))
    c = TestClient(secure, base_url="https://testserver", follow_redirects=False)
    c.get("/login")
    r = c.post("/login", data={"name": "ana", "password": PASSWORD, "csrf_token": csrf(c)})
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" in cookie
    assert c.get("/api/session").json()["user"]["name"] == "ana"
    # a forged cookie is not a session
    forged = TestClient(secure, base_url="https://testserver", follow_redirects=False,
                        cookies={"wartrace_session": "eyJ1aWQiOjEsImNzcmYiOiJ4In0.AAAA.BBBB"})
    assert forged.get("/api/incidents").status_code == 401


def _status_of(world, iid: str) -> str:
    with world["store"].session() as s:
        return s.get(IncidentRow, iid).status


def _count(world, model) -> int:
    with world["store"].session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_csrf_refusal(analyst, world):
    before = (_status_of(world, "inc-0010"), _count(world, ReviewRow), _count(world, CustodyRow))
    form = {"status": "verified", "reason": "two independent witnesses"}
    assert analyst.post("/incidents/inc-0010/status", data=form).status_code == 403
    assert analyst.post("/incidents/inc-0010/status", data={**form, "csrf_token": "not-the-token"}).status_code == 403
    assert analyst.post("/api/incidents/inc-0010/status", json=form).status_code == 403
    assert (_status_of(world, "inc-0010"), _count(world, ReviewRow), _count(world, CustodyRow)) == before


def test_viewer_is_refused(viewer, world):
    before = (_status_of(world, "inc-0011"), _count(world, ReviewRow), _count(world, CustodyRow))
    token = csrf(viewer)
    r = viewer.post("/incidents/inc-0011/status", data={"status": "verified", "reason": "x", "csrf_token": token},
                    headers={"accept": "text/html"})
    assert r.status_code == 403 and "viewer" in r.text
    assert viewer.post("/api/incidents/inc-0011/notes", json={"note": "hi"},
                       headers={"x-csrf-token": token}).status_code == 403
    assert (_status_of(world, "inc-0011"), _count(world, ReviewRow), _count(world, CustodyRow)) == before
    page = viewer.get("/incidents/inc-0011")
    assert page.status_code == 200 and 'id="status-form"' not in page.text


def _custody(world, iid: str) -> list[CustodyRow]:
    with world["store"].session() as s:
        return custody.entries_for(s, iid)


def test_review_actions_write_reviews_and_custody(analyst, world):
    token = csrf(analyst)
    before = analyst.get("/api/map?status=corroborated").json()  # cached now
    assert "inc-0012" not in {r[0] for r in before["rows"]}
    r = analyst.post("/incidents/inc-0012/status", data={"status": "corroborated", "reason": "BBC and a witness",
                                                        "csrf_token": token})
    assert r.status_code == 303 and _status_of(world, "inc-0012") == "corroborated"
    assert "inc-0012" in {r[0] for r in analyst.get("/api/map?status=corroborated").json()["rows"]}  # not stale
    r = analyst.post("/incidents/inc-0012/note", data={"note": "check the video's metadata", "csrf_token": token})
    assert r.status_code == 303
    r = analyst.post("/incidents/inc-0012/correct", data={
        "field": "place", "place": "Bakhmut", "lat": "48.5956", "lon": "38.0003", "feature": "city",
        "reason": "the geolocated video shows Bakhmut", "csrf_token": token})
    assert r.status_code == 303
    r = analyst.post("/api/incidents/inc-0012/correct", headers={"x-csrf-token": token}, json={
        "field": "date", "value": {"start": "2023-01-10", "end": "2023-01-12", "precision": "week"},
        "reason": "the report says early that week"})
    assert r.status_code == 200
    assert analyst.post("/incidents/inc-0012/status", data={"status": "corroborated", "reason": "",
                                                           "csrf_token": token}).status_code == 400  # why is required
    with world["store"].session() as s:
        row = s.get(IncidentRow, "inc-0012")
        assert (row.place, row.lat, row.date_start, row.date_end) == ("Bakhmut", 48.5956, "2023-01-10", "2023-01-12")
        reviews = s.scalars(select(ReviewRow).where(ReviewRow.object_id == "inc-0012").order_by(ReviewRow.id)).all()
    assert [(x.action, x.field, x.actor) for x in reviews] == [
        ("status", "status", "ana"), ("note", None, "ana"), ("correct", "place", "ana"), ("correct", "date", "ana")]
    entries = _custody(world, "inc-0012")
    assert [e.action for e in entries] == ["review_status", "review_note", "review_correct", "review_correct"]
    assert all(e.actor == "ana" and e.detail.get("reason") for e in entries)
    assert entries[0].detail["old"] == incident_spec(12)["status"] and entries[0].detail["new"] == "corroborated"
    page = analyst.get("/incidents/inc-0012")
    assert "the geolocated video shows Bakhmut" in page.text and "check the video&#39;s metadata" in page.text
    assert verify_store(world["store"]).ok  # the chain still checks out after the review entries


@pytest.fixture
def small(tmp_path):
    """Three reports, each event in one incident: inc-solo (Kherson), inc-pair (Kharkiv + Izium)."""
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path}/small.db")
    res = capture_paths(store, [str(corpus)], None, None, actor="test")
    ids = {d["title"]: d["id"] for d in res.captured}
    docs = [ids[a["title"]] for a in ARTICLES]
    with store.session() as s:
        rows = [get_document(s, d) for d in docs]
        save_analysis(s, _analysis(rows[0], ("Kherson", 46.6354, 32.6169, "city"), "Oleksandr Prokudin",
                                   "a residential building and a pharmacy were damaged", "shelling"), ["test"])
        save_analysis(s, _analysis(rows[1], ("Kharkiv", 49.98, 36.25, "city"), "Ihor Terekhov",
                                   "Firefighters put out the blaze by morning", "struck"), ["test"])
        save_analysis(s, _analysis(rows[2], ("Izium", 49.21, 37.25, "city"), "The mayor", XSS, "detained"), ["test"])
        for iid, members in (("inc-solo", docs[:1]), ("inc-pair", docs[1:])):
            s.add(IncidentRow(id=iid, event_type="Violence against civilians", date_start="2023-03-10",
                              date_end="2023-03-14", independent_origins=len(members), suggested_status="unverified",
                              status="unverified", summary={}, updated_at=custody.utcnow()))
            s.flush()
            for d in members:
                s.add(IncidentMemberRow(incident_id=iid, document_id=d, event_id=f"{d[7:19]}:e1"))
        add_user(s, "ana", "analyst", PASSWORD)
        s.commit()
    app = create_app(store, WebSettings(secret_key="k", secure_cookies=False))
    yield store, docs, client_for(app, "ana")
    store.close()


def _members(store, iid: str) -> set[str]:
    with store.session() as s:
        return set(s.scalars(select(IncidentMemberRow.document_id).where(IncidentMemberRow.incident_id == iid)))


def _incident_of(store, doc: str) -> str:
    with store.session() as s:
        return s.scalar(select(IncidentMemberRow.incident_id).where(IncidentMemberRow.document_id == doc))


def test_merge_and_split(small):
    store, docs, analyst = small
    token = csrf(analyst)
    r = analyst.post("/incidents/inc-solo/merge", data={"others_text": "inc-pair", "reason": "one raid, three reports",
                                                       "csrf_token": token})
    assert r.status_code == 303
    merged = r.headers["location"].split("#")[0].rsplit("/", 1)[-1]
    assert _members(store, merged) == set(docs)
    with store.session() as s:
        must = s.scalars(select(LinkConstraintRow).where(LinkConstraintRow.kind == "must_link")).all()
        merges = s.scalars(select(ReviewRow).where(ReviewRow.action == "merge")).all()
        entries = s.scalars(select(CustodyRow).where(CustodyRow.action == "review_merge")).all()
    assert must and all(c.actor == "ana" and c.reason == "one raid, three reports" for c in must)
    assert merges and merges[0].actor == "ana"
    assert entries and entries[0].actor == "ana" and entries[0].detail["reason"] == "one raid, three reports"

    r = analyst.post(f"/incidents/{merged}/split", data={"documents": [docs[0]], "reason": "Kherson is elsewhere",
                                                         "csrf_token": token})
    assert r.status_code == 303
    split_off = r.headers["location"].rsplit("/", 1)[-1]
    assert _incident_of(store, docs[0]) == split_off
    assert _members(store, split_off) == {docs[0]}
    assert split_off not in {_incident_of(store, docs[1]), _incident_of(store, docs[2])}
    with store.session() as s:
        cannot = s.scalars(select(LinkConstraintRow).where(LinkConstraintRow.kind == "cannot_link")).all()
        splits = s.scalars(select(CustodyRow).where(CustodyRow.action.like("review_split%"))).all()
    assert cannot and {c.reason for c in cannot} == {"Kherson is elsewhere"}
    assert splits and all(e.actor == "ana" for e in splits)
    assert verify_store(store).ok


# --- safety ------------------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)


def _assert_inert(html: str) -> None:
    assert XSS not in html and "<img src=x" not in html and "<b>bold</b>" not in html
    assert not INLINE_SCRIPT.search(html), "no inline scripts: data reaches scripts as JSON or data- attributes"
    assert " onerror=" not in html.replace("onerror=alert(1)&gt;", "")


def test_hostile_text_is_escaped_everywhere(viewer, world):
    hostile = world["docs"][2]
    doc = viewer.get(f"/documents/{hostile}")
    assert doc.status_code == 200
    _assert_inert(doc.text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in doc.text
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34;" in doc.text
    # the claim span sits exactly on the payload: highlighted, still escaped
    assert re.search(r'<mark class="hl hl-claim"[^>]*>&lt;script&gt;alert\(1\)&lt;/script&gt;</mark>', doc.text)
    iid = next(s["id"] for s in map(incident_spec, range(N_INCIDENTS)) if s["doc"] == 2)
    for page in (f"/incidents/{iid}", "/incidents", "/documents", "/documents?q=Izium", "/timeline", "/map"):
        r = viewer.get(page)
        assert r.status_code == 200, page
        _assert_inert(r.text)
    assert "Evil Outlet &lt;img src=x onerror=alert(1)&gt;" in viewer.get("/documents").text
    # and the JSON carries the text as data, for scripts that write it with textContent
    assert XSS in viewer.get(f"/api/documents/{hostile}").json()["document"]["text"]


def test_security_headers(viewer):
    for path in ("/incidents", "/api/incidents", "/static/app.css", "/login"):
        h = viewer.get(path).headers
        csp = h["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert h["x-content-type-options"] == "nosniff" and h["referrer-policy"] == "no-referrer"
        assert path.startswith("/static/") or h["cache-control"] in ("no-store", "private, max-age=3600")


def test_evidence_is_highlighted_on_the_incident_page(viewer, world):
    iid = next(s["id"] for s in map(incident_spec, range(N_INCIDENTS)) if s["doc"] == 1)
    html = viewer.get(f"/incidents/{iid}").text
    assert re.search(r'<mark class="hl hl-claim"[^>]*>Firefighters put out the blaze by morning</mark>', html)
    assert re.search(r'<mark class="hl hl-claimant"[^>]*>Ihor Terekhov</mark>', html)
    assert re.search(r'<mark class="hl hl-hedge"[^>]*>reportedly</mark>', html)
    assert "Attacking civilians" in html and 'class="open"' in html and 'class="met"' in html  # IHL checklist
    detail = viewer.get(f"/api/incidents/{iid}").json()
    assert detail["origins"][0]["claims"][0]["claimant"] == "Ihor Terekhov"
    assert detail["ihl"][0]["elements"] == [{"element": "civilian victims", "met": True},
                                            {"element": "intent", "met": False}]


# --- recordings ----------------------------------------------------------------------------

def _wav(seconds: float = 0.5, rate: int = 8000) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(int(seconds * rate) * 2))
    return buf.getvalue()


def test_recording_page_and_blob_ranges(viewer, world):
    store: Store = world["store"]
    data = _wav()
    sha = store.blobs.put(data)
    text = "This is the commander. Take the prisoners near Popasna."
    with store.session() as s:
        rec = DocumentRow(id=f"sha256:{sha}", kind="audio", title="intercept.wav", text="", captured_at=custody.utcnow(),
                          tool_version="test", media_type="audio/wav", size=len(data), meta={"duration": 0.5})
        s.add(rec)
        tid = "sha256:" + "ab" * 32
        s.add(DocumentRow(id=tid, kind="transcript", title="intercept.wav (transcript)", text=text, parent_id=rec.id,
                          captured_at=custody.utcnow(), tool_version="test", size=len(text), meta={"segments": [
                              {"start": 0.0, "end": 1.4, "text": "This is the commander.", "char_start": 0, "char_end": 22},
                              {"start": 1.4, "end": 3.1, "text": "Take the prisoners near Popasna.", "char_start": 23,
                               "char_end": len(text)}]}))
        s.commit()
    r = viewer.get(f"/api/blobs/{sha}")
    assert r.status_code == 200 and r.headers["content-type"] == "audio/wav" and r.content == data
    part = viewer.get(f"/api/blobs/{sha}", headers={"range": "bytes=4-11"})
    assert part.status_code == 206 and part.content == data[4:12]
    assert part.headers["content-range"] == f"bytes 4-11/{len(data)}"
    page = viewer.get(f"/documents/{sha}").text
    assert f'<audio id="player" controls preload="metadata" src="/api/blobs/{sha}">' in page
    assert re.findall(r'class="seek" data-start="([\d.]+)"', page) == ["0.00", "1.40"]
    assert "/static/audio.js" in page
    transcript_page = viewer.get(f"/documents/{tid}").text
    assert f"/api/blobs/{sha}" in transcript_page and "Take the prisoners near Popasna." in transcript_page
    # captured bytes that are not media never render in our origin
    html_doc = world["docs"][2].split(":")[1]
    blob = viewer.get(f"/api/blobs/{html_doc}")
    assert blob.headers["content-type"] == "application/octet-stream"
    assert blob.headers["content-disposition"].startswith("attachment")
    assert viewer.get("/api/blobs/../../etc/passwd").status_code == 404
    assert viewer.get("/api/blobs/" + "0" * 64).status_code == 404


# --- command line --------------------------------------------------------------------------

def test_user_add_command(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from wartrace.cli import app as cli_app
    from wartrace.cli import load_area_commands
    from wartrace.store.models import UserRow
    from wartrace.store.users import authenticate

    load_area_commands()
    url = f"sqlite:///{tmp_path}/u.db"
    monkeypatch.setenv("WARTRACE_PASSWORD", "a long passphrase")
    r = CliRunner().invoke(cli_app, ["--db", url, "user", "add", "olena", "--role", "analyst"])
    assert r.exit_code == 0, r.output
    assert "--port" in CliRunner().invoke(cli_app, ["serve", "--help"]).output
    bad = CliRunner().invoke(cli_app, ["--db", url, "user", "add", "x", "--role", "boss"])
    assert bad.exit_code == 2 and "unknown role" in bad.output
    store = Store(url)
    with store.session() as s:
        row = s.scalar(select(UserRow).where(UserRow.name == "olena"))
        assert row.role == "analyst" and row.password_hash.startswith("$argon2id$")
        assert "a long passphrase" not in row.password_hash
        assert authenticate(s, "olena", "a long passphrase") is not None
        assert authenticate(s, "olena", "wrong") is None
        assert [e.action for e in custody.entries_for(s, "user:olena")] == ["user_add"]
    store.close()


def test_highlight_overlapping_spans_and_escaping():
    from wartrace.web.highlight import Mark, highlight, window

    text = 'He said "<b>Popasna</b>" & left.'
    start = text.index("Popasna")
    marks = [Mark(8, 24, "claim", 'claim c1 by "x"'), Mark(start, start + 7, "place", "place: Popasna")]
    html = str(highlight(text, marks))
    assert html == ('He said <mark class="hl hl-claim" title="claim c1 by &#34;x&#34;">&#34;&lt;b&gt;</mark>'
                    '<mark class="hl hl-claim hl-place" title="claim c1 by &#34;x&#34;; place: Popasna">Popasna</mark>'
                    '<mark class="hl hl-claim" title="claim c1 by &#34;x&#34;">&lt;/b&gt;&#34;</mark> &amp; left.')
    # spans out of range or empty are ignored rather than breaking the page
    assert str(highlight("abc", [Mark(2, 9, "place"), Mark(1, 1, "date")])) == "abc"
    long = "word " * 400
    a, b = window(long, [Mark(1000, 1004, "claim")], margin=50)
    assert a <= 950 and b >= 1054 and long[a - 1] == " " and b - a < 300
