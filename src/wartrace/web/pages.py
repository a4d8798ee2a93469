"""Server-rendered pages (Jinja2, autoescaped) and the review forms they post to."""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from wartrace import reviewing
from wartrace.store.documents import resolve_prefix
from wartrace.store.models import IncidentRow
from wartrace.store.users import can_review
from wartrace.web import queries
from wartrace.web.api import invalidate_map
from wartrace.web.auth import TooManyFailures
from wartrace.web.queries import Filters
from wartrace.web.views import document_detail, incident_detail

router = APIRouter(include_in_schema=False)
PAGE = 50
MAX_PAGE = 10_000_000  # page * PAGE stays far inside the database's integers
TYPE_CLASSES = {
    "Battles": "t-battles", "Explosions/Remote violence": "t-explosions", "Violence against civilians": "t-vac",
    "Protests": "t-protests", "Riots": "t-riots", "Strategic developments": "t-strategic",
}


def type_class(t: str | None) -> str:
    return TYPE_CLASSES.get(t or "", "t-other")


def render(request: Request, name: str, ctx: dict, status_code: int = 200) -> HTMLResponse:
    sessions = request.app.state.sessions
    user = sessions.user(request)
    base = {"request": request, "user": user, "can_review": bool(user and can_review(user.role)),
            "csrf_token": sessions.csrf_token(request), "type_class": type_class, "statuses": reviewing.STATUSES,
            "settings": request.app.state.settings, "assets": request.app.state.assets}
    html = request.app.state.templates.get_template(name).render({**base, **ctx})
    resp = HTMLResponse(html, status_code=status_code)
    resp.headers["Cache-Control"] = "no-store"
    sessions.save(request, resp)
    return resp


def _reader(request: Request):
    return request.app.state.sessions.require_reader(request)


def _filters(request: Request) -> Filters:
    p = request.query_params
    return Filters.parse(date_from=p.get("from"), date_to=p.get("to"), bbox=p.get("bbox"), event_type=p.get("type"),
                         actor=p.get("actor"), side=p.get("side"), status=p.get("status"), ihl=p.get("ihl"),
                         q=p.get("q"))


@router.get("/")
def home():
    return RedirectResponse("/incidents", status_code=303)


@router.get("/login")
def login_page(request: Request, next: str = "/incidents"):
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


def _safe_next(target: str | None) -> str:
    """Only local paths: a login link must not bounce the user to another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/incidents"
    return target


@router.post("/login")
async def login(request: Request):
    sessions = request.app.state.sessions
    form = await request.form()
    await sessions.check_csrf(request, form)
    name, password = str(form.get("name", "")), str(form.get("password", ""))
    nxt = _safe_next(str(form.get("next", "")))
    try:
        user = await run_in_threadpool(sessions.login, request, name, password)
    except TooManyFailures as exc:
        resp = render(request, "login.html", {"next": nxt, "error": f"Too many failed logins: {exc}."}, status_code=429)
        resp.headers["Retry-After"] = str(exc.retry_after)
        return resp
    if user is None:
        return render(request, "login.html", {"next": nxt, "error": "Wrong name or password."}, status_code=401)
    resp = RedirectResponse(nxt, status_code=303)
    sessions.save(request, resp)
    return resp


@router.post("/logout")
async def logout(request: Request):
    sessions = request.app.state.sessions
    await sessions.check_csrf(request, await request.form())
    await run_in_threadpool(sessions.end, request)
    resp = RedirectResponse("/login", status_code=303)
    sessions.save(request, resp)
    return resp


@router.get("/incidents")
def incidents_page(request: Request, page: int = Query(1, ge=1, le=MAX_PAGE)):
    _reader(request)
    f = _filters(request)
    page = max(1, page)
    with request.app.state.store.session() as s:
        total, items = queries.list_incidents(s, f, PAGE, (page - 1) * PAGE)
        facets = queries.facets(s)
    pages = max(1, -(-total // PAGE))
    q = f.as_query()
    return render(request, "incidents.html", {
        "items": items, "total": total, "page": page, "pages": pages, "f": f, "facets": facets,
        "prev_url": f"/incidents?{urlencode({**q, 'page': page - 1})}" if page > 1 else None,
        "next_url": f"/incidents?{urlencode({**q, 'page': page + 1})}" if page < pages else None,
        "query": urlencode(q)})


@router.get("/timeline")
def timeline_page(request: Request):
    _reader(request)
    f = _filters(request)
    with request.app.state.store.session() as s:
        facets = queries.facets(s)
    return render(request, "timeline.html", {"f": f, "facets": facets, "query": urlencode(f.as_query())})


@router.get("/map")
def map_page(request: Request):
    _reader(request)
    f = _filters(request)
    with request.app.state.store.session() as s:
        facets = queries.facets(s)
    return render(request, "map.html", {"f": f, "facets": facets, "query": urlencode(f.as_query())})


@router.get("/incidents/{incident_id}")
def incident_page(request: Request, incident_id: str):
    _reader(request)
    with request.app.state.store.session() as s:
        d = incident_detail(s, incident_id)
        others = [] if d is None else list(s.scalars(
            select(IncidentRow.id).where(IncidentRow.id != incident_id, IncidentRow.status != "merged",
                                         IncidentRow.event_type == d["incident"]["event_type"])
            .order_by(IncidentRow.date_start.desc()).limit(50)))
    if d is None:
        raise HTTPException(404, f"no incident {incident_id}")
    return render(request, "incident.html", {"d": d, "i": d["incident"], "merge_candidates": others})


@router.get("/documents")
def documents_page(request: Request, q: str | None = None, kind: str | None = None,
                   page: int = Query(1, ge=1, le=MAX_PAGE)):
    _reader(request)
    page = max(1, page)
    with request.app.state.store.session() as s:
        total, items = queries.list_documents(s, q=q, kind=kind or None, limit=PAGE, offset=(page - 1) * PAGE)
    pages = max(1, -(-total // PAGE))
    base = {k: v for k, v in {"q": q, "kind": kind}.items() if v}
    return render(request, "documents.html", {
        "items": items, "total": total, "page": page, "pages": pages, "q": q or "", "kind": kind or "",
        "prev_url": f"/documents?{urlencode({**base, 'page': page - 1})}" if page > 1 else None,
        "next_url": f"/documents?{urlencode({**base, 'page': page + 1})}" if page < pages else None})


@router.get("/documents/{doc_id}")
def document_page(request: Request, doc_id: str):
    _reader(request)
    with request.app.state.store.session() as s:
        full = doc_id if doc_id.startswith("sha256:") else (resolve_prefix(s, doc_id) or doc_id)
        d = document_detail(s, full)
    if d is None:
        raise HTTPException(404, f"no document {doc_id}")
    return render(request, "document.html", {"d": d, "doc": d["document"]})


# --- review forms ------------------------------------------------------------------

async def _review_form(request: Request):
    sessions = request.app.state.sessions
    form = await request.form()
    user = sessions.require_reviewer(request)
    await sessions.check_csrf(request, form)
    return user, form


def _done(incident_id: str, anchor: str = "review") -> RedirectResponse:
    return RedirectResponse(f"/incidents/{incident_id}#{anchor}", status_code=303)


def _reviewed(request: Request, action, *args):
    """Run in a worker thread: waiting for the write lock (or the linker) must not stall the event loop."""
    out = action(request.app.state.store, *args)
    invalidate_map(request)
    return out


@router.post("/incidents/{incident_id}/status")
async def status_form(request: Request, incident_id: str):
    user, form = await _review_form(request)
    await run_in_threadpool(_reviewed, request, reviewing.set_status, incident_id, str(form.get("status", "")),
                            user.name, str(form.get("reason", "")))
    return _done(incident_id, "history")


@router.post("/incidents/{incident_id}/note")
async def note_form(request: Request, incident_id: str):
    user, form = await _review_form(request)
    await run_in_threadpool(_reviewed, request, reviewing.add_note, incident_id, str(form.get("note", "")), user.name)
    return _done(incident_id, "history")


@router.post("/incidents/{incident_id}/correct")
async def correct_form(request: Request, incident_id: str):
    user, form = await _review_form(request)
    field = str(form.get("field", ""))
    value = {k: str(form.get(k, "")) for k in ("place", "lat", "lon", "feature", "start", "end", "precision", "actors")}
    await run_in_threadpool(_reviewed, request, reviewing.correct, incident_id, field, value, user.name,
                            str(form.get("reason", "")))
    return _done(incident_id, "history")


@router.post("/incidents/{incident_id}/merge")
async def merge_form(request: Request, incident_id: str):
    user, form = await _review_form(request)
    others = [str(x).strip() for x in form.getlist("others") if str(x).strip()]
    others += [x.strip() for x in str(form.get("others_text", "")).split(",") if x.strip()]
    merged = await run_in_threadpool(_reviewed, request, reviewing.merge, [incident_id, *others], user.name,
                                     str(form.get("reason", "")))
    return _done(merged, "history")


@router.post("/incidents/{incident_id}/split")
async def split_form(request: Request, incident_id: str):
    user, form = await _review_form(request)
    docs = [str(x) for x in form.getlist("documents")]
    new_id = await run_in_threadpool(_reviewed, request, reviewing.split_off, incident_id, docs, user.name,
                                     str(form.get("reason", "")))
    return RedirectResponse(f"/incidents/{new_id}", status_code=303)
