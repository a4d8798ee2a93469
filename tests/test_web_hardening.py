"""The workbench against an attacker (issue 21): sessions end on the server, logins are
throttled, tokens for scripts, no anonymous reading unless asked for, offline API docs,
bounded paging, and a busy database answered with 503 + Retry-After."""
from __future__ import annotations

import sqlite3
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from wartrace.store import custody
from wartrace.store.db import Store
from wartrace.store.models import CustodyRow, IncidentRow, ReviewRow
from wartrace.store.users import add_user
from wartrace.web import WebSettings, auth, create_app

PASSWORD = "correct horse battery"


def _incident(i: int) -> IncidentRow:
    return IncidentRow(id=f"inc-{i}", event_type="Battles", title=f"Fighting near Bakhmut {i}",
                       date_start="2023-01-0%d" % (i + 1), date_end="2023-01-0%d" % (i + 1), status="unverified",
                       suggested_status="unverified", independent_origins=1, summary={}, updated_at=custody.utcnow())


@pytest.fixture
def wstore(tmp_path):
    st = Store(f"sqlite:///{tmp_path}/w.db")
    with st.session() as s:
        for i in range(3):
            s.add(_incident(i))
        add_user(s, "ana", "analyst", PASSWORD)
        add_user(s, "vic", "viewer", PASSWORD)
        s.commit()
    yield st
    st.close()


def _app(wstore, **kw):
    return create_app(wstore, WebSettings(secret_key="k", secure_cookies=False, **kw))


def _login(app, name="ana", password=PASSWORD) -> TestClient:
    c = TestClient(app, follow_redirects=False)
    r = c.post("/login", data={"name": name, "password": password, "csrf_token": _csrf(c)})
    assert r.status_code == 303, r.text
    return c


def _csrf(c) -> str:
    return c.get("/api/session").json()["csrf_token"]


def _note(c, text="checked the footage", headers=None):
    h = {"X-CSRF-Token": _csrf(c)} if headers is None else headers
    return c.post("/api/incidents/inc-0/notes", json={"note": text}, headers=h)


def _cli(url, *args):
    from wartrace.cli import app, load_area_commands

    load_area_commands()
    return CliRunner().invoke(app, ["--db", url, *args])


def test_a_cookie_kept_from_before_logout_is_dead(wstore):
    app = _app(wstore)
    c = _login(app)
    stolen = dict(c.cookies)
    assert _note(c).status_code == 200
    csrf = _csrf(c)
    r = c.post("/logout", data={"csrf_token": csrf})
    assert r.status_code == 303
    thief = TestClient(app, follow_redirects=False, cookies=stolen)
    assert thief.post("/api/incidents/inc-0/notes", json={"note": "forged"}, headers={"X-CSRF-Token": csrf}).status_code == 401
    assert thief.get("/api/incidents").status_code == 401


@pytest.mark.parametrize("change", ["password", "role", "disable", "revoke-sessions"])
def test_password_role_and_admin_changes_end_sessions(wstore, change):
    app = _app(wstore)
    c = _login(app)
    assert _note(c).status_code == 200
    if change in ("password", "role"):
        with wstore.session() as s:
            add_user(s, "ana", "admin" if change == "role" else "analyst",
                     PASSWORD if change == "role" else "a brand new passphrase")
            s.commit()
    else:
        r = _cli(wstore.url, "user", change, "ana")
        assert r.exit_code == 0, r.output
        assert "1 session(s) ended" in r.output
    assert _note(c).status_code == 401
    with wstore.session() as s:
        actions = [e.action for e in custody.entries_for(s, "user:ana")]
    assert actions[-1] in ("user_update", "user_disable", "sessions_revoke")


class _FrozenClock:
    """The throttle's clock, stopped: a slow test machine must not let a 1 s lock run out."""

    def __init__(self):
        self.now = time.time()

    def time(self):
        return self.now


@pytest.fixture
def frozen(monkeypatch):
    from wartrace.store import access

    clock = _FrozenClock()
    monkeypatch.setattr(access, "time", clock)
    return clock


def test_idle_sessions_end(wstore, monkeypatch, frozen):
    monkeypatch.setattr(auth, "USER_CACHE_S", 0.0)
    app = _app(wstore, session_idle_s=60)
    c = _login(app)
    frozen.now += 50
    assert c.get("/api/incidents").status_code == 200  # seen within the idle time
    frozen.now += 59
    assert c.get("/api/incidents").status_code == 200  # 59 s after it was last seen
    frozen.now += 61
    assert c.get("/api/incidents").status_code == 401


def test_failed_logins_are_throttled_and_logged(wstore, frozen):
    app = _app(wstore)
    c = TestClient(app, follow_redirects=False)
    codes = [c.post("/login", data={"name": "ana", "password": f"guess {i}", "csrf_token": _csrf(c)}).status_code
             for i in range(8)]
    assert codes[:5] == [401] * 5 and codes[5:] == [429] * 3, codes  # the 6th failure earns a lock
    right = c.post("/login", data={"name": "ana", "password": PASSWORD, "csrf_token": _csrf(c)})
    assert right.status_code == 429 and int(right.headers["retry-after"]) >= 1  # locked: the password is not even tried
    frozen.now += 3600  # once the lock has run out, the right password works again
    assert c.post("/login", data={"name": "ana", "password": PASSWORD, "csrf_token": _csrf(c)}).status_code == 303
    with wstore.session() as s:
        actions = [e.action for e in s.scalars(select(CustodyRow).order_by(CustodyRow.seq))]
    assert actions.count("login_failed") >= 6 and "login_locked" in actions


def test_one_address_guessing_many_accounts_is_throttled(wstore, frozen):
    c = TestClient(TestClient(_app(wstore)).app, follow_redirects=False)
    codes = [c.post("/login", data={"name": f"user{i}", "password": "x" * 9, "csrf_token": _csrf(c)}).status_code
             for i in range(23)]
    assert 429 in codes[20:], codes
    assert c.post("/login", data={"name": "vic", "password": PASSWORD, "csrf_token": _csrf(c)}).status_code == 429


def test_api_tokens(wstore):
    url = wstore.url
    r = _cli(url, "token", "create", "exporter", "--role", "viewer")
    assert r.exit_code == 0, r.output
    viewer_token = r.stdout.strip().splitlines()[-1]
    r = _cli(url, "token", "create", "triage-bot", "--role", "analyst")
    analyst_token = r.stdout.strip().splitlines()[-1]
    assert viewer_token.startswith("wt_") and analyst_token.startswith("wt_")
    assert _cli(url, "token", "create", "root", "--role", "admin").exit_code == 2
    with wstore.session() as s:
        assert viewer_token not in str([row.__dict__ for row in s.scalars(select(custody.CustodyRow))])
    c = TestClient(_app(wstore), follow_redirects=False)
    bearer = {"Authorization": f"Bearer {viewer_token}"}
    assert c.get("/api/incidents", headers=bearer).status_code == 200
    assert c.post("/api/incidents/inc-0/notes", json={"note": "x"}, headers=bearer).status_code == 403
    bot = {"Authorization": f"Bearer {analyst_token}"}
    r = c.post("/api/incidents/inc-0/notes", json={"note": "flagged by the bot"}, headers=bot)
    assert r.status_code == 200, r.text
    with wstore.session() as s:
        assert s.scalar(select(ReviewRow.actor).where(ReviewRow.reason == "flagged by the bot")) == "token:triage-bot"
    listed = _cli(url, "token", "list", "--json")
    used = {t["name"]: t for t in __import__("json").loads(listed.stdout)}
    assert used["exporter"]["last_used_at"] and used["exporter"]["revoked_at"] is None
    assert _cli(url, "token", "revoke", "exporter").exit_code == 0
    assert c.get("/api/incidents", headers=bearer).status_code == 401
    assert c.get("/api/incidents", headers={"Authorization": "Bearer wt_not-a-token"}).status_code == 401


def test_no_anonymous_reading_unless_asked(tmp_path, monkeypatch):
    st = Store(f"sqlite:///{tmp_path}/empty.db")
    with st.session() as s:
        s.add(_incident(0))
        s.commit()
    closed = TestClient(_app(st, open_without_accounts=False), follow_redirects=False)
    for path in ("/api/incidents", "/api/documents", "/api/custody"):
        assert closed.get(path).status_code == 401, path
    public = TestClient(_app(st, open_without_accounts=False, public_read=True), follow_redirects=False)
    assert public.get("/api/incidents").status_code == 200
    # serve beyond loopback on a wstore without accounts refuses to start, and says why
    import uvicorn

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: started.append(a))
    r = _cli(st.url, "serve", "--host", "0.0.0.0")
    assert r.exit_code == 2 and not started
    assert "no accounts" in r.output
    st.close()


def test_api_docs_work_offline_under_the_csp(wstore):
    c = _login(_app(wstore))
    page = c.get("/api/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text and "http" not in page.text.replace("http-equiv", "")
    assert "<script>" not in page.text  # no inline script: the CSP would block it
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp
    for src in ("/assets/apidocs/swagger-ui-bundle.js", "/assets/apidocs/swagger-ui.css", "/static/api-docs.js",
                "/assets/apidocs/redoc.standalone.js"):
        assert c.get(src).status_code == 200, src
    assert c.get("/api/redoc").status_code == 200
    assert c.get("/api/openapi.json").json()["info"]["title"]


@pytest.mark.parametrize("path", ["/api/incidents?offset=9999999999999999999999", "/api/documents?offset=-1",
                                  "/api/custody?offset=9999999999999999999999", "/api/events?limit=99999999999999999999",
                                  "/incidents?page=9999999999999999999999", "/documents?page=0"])
def test_paging_limits_are_422(wstore, path):
    c = TestClient(_app(wstore), follow_redirects=False, raise_server_exceptions=False)
    c = _login(c.app)
    assert c.get(path).status_code == 422


def test_locked_database_is_503_with_retry_after(tmp_path, wstore):
    quick = Store(wstore.url, blob_dir=wstore.blobs.root, busy_timeout_s=0.2)
    c = _login(_app(quick))
    csrf = _csrf(c)
    db = wstore.url.removeprefix("sqlite:///")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the database
    try:
        r = c.post("/api/incidents/inc-0/notes", json={"note": "while locked"}, headers={"X-CSRF-Token": csrf})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert r.status_code == 503 and r.headers["retry-after"] == "2"
    assert _note(c).status_code == 200  # and works again once the lock is gone
    quick.close()


def test_sessions_tokens_and_throttle_on_both_backends(store):
    """The new tables work on SQLite and PostgreSQL alike (the conftest store has both)."""
    from wartrace.store.access import create_token

    with store.session() as s:
        s.add(_incident(0))
        add_user(s, "ana", "analyst", PASSWORD)
        token = create_token(s, "bot", "viewer")
        s.commit()
    app = _app(store)
    c = _login(app)
    stolen = dict(c.cookies)
    assert _note(c).status_code == 200
    assert c.post("/logout", data={"csrf_token": _csrf(c)}).status_code == 303
    assert TestClient(app, cookies=stolen).get("/api/incidents").status_code == 401
    assert TestClient(app).get("/api/incidents", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    anon = TestClient(app, follow_redirects=False)
    codes = [anon.post("/login", data={"name": "ana", "password": "nope nope", "csrf_token": _csrf(anon)}).status_code
             for _ in range(6)]
    assert codes == [401] * 5 + [429]
