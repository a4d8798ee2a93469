"""REST API under /api (JSON; OpenAPI at /api/openapi.json, docs at /api/docs)."""
from __future__ import annotations

import gzip
import json
import mimetypes
import re
import time

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from wartrace import reviewing
from wartrace.evidence.checkpoint import auto_logged
from wartrace.store.documents import resolve_prefix
from wartrace.store.models import DocumentRow, IncidentRow
from wartrace.web import queries
from wartrace.web.queries import Filters
from wartrace.web.views import document_detail, incident_detail

router = APIRouter(prefix="/api")
# Larger offsets overflow the database's 64-bit integers (a 500); no store holds this many rows.
MAX_OFFSET = 1_000_000_000


async def reader(request: Request):
    # async: parsing the cookie needs no thread; the account lookup behind it is cached
    return request.app.state.sessions.require_reader(request)


def store_of(request: Request):
    return request.app.state.store


async def filters(
    date_from: str | None = Query(None, alias="from", description="Earliest date YYYY-MM-DD (overlap with the incident's range)."),
    date_to: str | None = Query(None, alias="to", description="Latest date YYYY-MM-DD."),
    bbox: str | None = Query(None, description="west,south,east,north in degrees."),
    event_type: str | None = Query(None, alias="type", description="ACLED event type, e.g. 'Violence against civilians'."),
    actor: str | None = Query(None, description="Substring of an actor name."),
    side: str | None = Query(None, description="Side among the incident's origins, as the linker names it "
                                                "(e.g. 'Ukrainian authorities', 'Russian authorities', 'witnesses'); "
                                                "substring, case-insensitive. On /api/claims: the claimant's side code (UA, RU)."),
    status: str | None = Query(None, description="unverified | single-source | corroborated | disputed | verified | rejected | merged"),
    ihl: str | None = Query(None, description="IHL indicator code (or part of it), e.g. rome-8-2-a-i."),
    q: str | None = Query(None, description="Full-text search over the documents (and incident titles, places, actors)."),
) -> Filters:
    return Filters.parse(date_from=date_from, date_to=date_to, bbox=bbox, event_type=event_type, actor=actor,
                         side=side, status=status, ihl=ihl, q=q)


class Page(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[dict]


def _json(obj) -> Response:
    """Serialise plain rows directly: the response_model documents the shape; validating
    rows that came straight from the database would only cost time on the hot path."""
    return Response(json.dumps(obj, separators=(",", ":"), ensure_ascii=False, default=str).encode(),
                    media_type="application/json")


def _limit(request: Request, limit: int) -> int:
    return max(1, min(limit, request.app.state.settings.page_size_max))


@router.get("/session", summary="Who is logged in, and the CSRF token for POSTs")
def session_info(request: Request, response: Response):
    sessions = request.app.state.sessions
    user = sessions.user(request)
    token = sessions.csrf_token(request)
    sessions.save(request, response)
    return {"user": {"name": user.name, "role": user.role} if user else None, "csrf_token": token,
            "accounts": sessions.accounts_exist()}


@router.get("/incidents", response_model=Page, summary="Incidents, filtered and paged (newest first)")
def api_incidents(request: Request, f: Filters = Depends(filters), limit: int = Query(50, ge=1, le=1000),
                  offset: int = Query(0, ge=0, le=MAX_OFFSET), _u=Depends(reader)):
    limit = _limit(request, limit)
    with store_of(request).session() as s:
        total, items = queries.list_incidents(s, f, limit, offset)
    return _json({"total": total, "limit": limit, "offset": offset, "items": items})


@router.get("/incidents/facets", summary="Event types and statuses present, for filter menus")
def api_facets(request: Request, _u=Depends(reader)):
    with store_of(request).session() as s:
        return queries.facets(s)


@router.get("/timeline", summary="Dated incidents for the timeline: [id, type, start, end, precision, status, label]")
def api_timeline(request: Request, f: Filters = Depends(filters), _u=Depends(reader)):
    with store_of(request).session() as s:
        total, rows = queries.timeline_rows(s, f)
    return {"total": total, "fields": ["id", "type", "start", "end", "precision", "status", "label"], "rows": rows}


def _data_version(s) -> tuple:
    return tuple(s.execute(select(func.count(), func.max(IncidentRow.updated_at))).one())


MAP_VERSION_TTL_S = 2.0  # writes from other processes (wartrace link) show on the map within this time


def invalidate_map(request: Request) -> None:
    """Called after every write made through the workbench, so the map shows it at once
    (and, with WARTRACE_KEY set, so a signed checkpoint anchors the review at once)."""
    request.app.state.map_cache.clear()
    request.app.state.map_version = None
    request.app.state.map_vocab = None

    auto_logged(request.app.state.store)


def _map_version(request: Request) -> tuple:
    st = request.app.state
    now = time.monotonic()
    if st.map_version is None or now - st.map_version[0] > MAP_VERSION_TTL_S:
        with store_of(request).session() as s:
            st.map_version = (now, _data_version(s))
    return st.map_version[1]


@router.get("/map", summary="Placed incidents for the map, compact: [id, lat, lon, place precision, type, status]")
async def api_map(request: Request, f: Filters = Depends(filters), _u=Depends(reader)):
    # async, so that a cached answer needs neither a worker thread nor a query
    cache = request.app.state.map_cache
    key = json.dumps(f.as_query(), sort_keys=True)
    version = request.app.state.map_version
    if version is None or time.monotonic() - version[0] > MAP_VERSION_TTL_S:
        version = await run_in_threadpool(_map_version, request)
    else:
        version = version[1]
    hit = cache.get(key)
    if hit is None or hit[0] != version:
        def build() -> bytes:
            with store_of(request).session() as s:
                # the value lists (three DISTINCT scans) change only with the data: once per version
                vocab = request.app.state.map_vocab
                if vocab is None or vocab[0] != version:
                    vocab = request.app.state.map_vocab = (version, queries.map_vocabulary(s))
                return queries.map_json(s, f, vocab=vocab[1])

        body = await run_in_threadpool(build)
        if len(cache) > 64:
            cache.clear()
        # compressed once per cache fill: the full map shrinks about 3x, which is what the
        # clients (and the single server process writing it) save on every load
        cache[key] = hit = (version, body, gzip.compress(body, compresslevel=5, mtime=0))
    headers = {"Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", "") and len(hit[1]) > 1400:
        return Response(hit[2], media_type="application/json", headers={**headers, "Content-Encoding": "gzip"})
    return Response(hit[1], media_type="application/json", headers=headers)


@router.get("/incidents.geojson", summary="Placed incidents as a GeoJSON FeatureCollection (RFC 7946)")
def api_geojson(request: Request, f: Filters = Depends(filters), _u=Depends(reader)):
    with store_of(request).session() as s:
        truncated, rows = queries.map_rows(s, f)
    feats = [{"type": "Feature", "id": r[0], "geometry": {"type": "Point", "coordinates": [r[2], r[1]]},
              "properties": {"precision": r[3], "event_type": r[4], "status": r[5],
                             "imprecise": r[3] in ("country", "admin1", "admin2")}} for r in rows]
    return JSONResponse({"type": "FeatureCollection", "features": feats}, media_type="application/geo+json")


@router.get("/incidents/{incident_id}", summary="One incident: members, claims by origin, evidence, IHL, history")
def api_incident(request: Request, incident_id: str, _u=Depends(reader)):
    with store_of(request).session() as s:
        d = incident_detail(s, incident_id, with_html=False)
    if d is None:
        raise HTTPException(404, f"no incident {incident_id}")
    for e in d["evidence"]:
        e.pop("html", None)
    return d


@router.get("/documents", response_model=Page, summary="Documents, filtered (full-text q, kind, language, dates) and paged")
def api_documents(request: Request, q: str | None = None, kind: str | None = None, language: str | None = None,
                  date_from: str | None = Query(None, alias="from"), date_to: str | None = Query(None, alias="to"),
                  limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET), _u=Depends(reader)):
    limit = _limit(request, limit)
    with store_of(request).session() as s:
        total, items = queries.list_documents(s, q=q, kind=kind, language=language,
                                              date_from=queries.parse_date(date_from, "from"),
                                              date_to=queries.parse_date(date_to, "to"), limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _doc_id(s, doc_id: str) -> str:
    return doc_id if doc_id.startswith("sha256:") else (resolve_prefix(s, doc_id) or doc_id)


@router.get("/documents/{doc_id}", summary="One document with its analysis (spans), transcript segments and custody")
def api_document(request: Request, doc_id: str, _u=Depends(reader)):
    with store_of(request).session() as s:
        d = document_detail(s, _doc_id(s, doc_id), with_html=False)
    if d is None:
        raise HTTPException(404, f"no document {doc_id}")
    d.pop("html", None)
    for seg in d["segments"]:
        seg.pop("html", None)
    return d


@router.get("/claims", response_model=Page, summary="Claims, filtered by claimant/actor, side, stance, document, full text")
def api_claims(request: Request, actor: str | None = None, side: str | None = None, stance: str | None = None,
               document_id: str | None = None, q: str | None = None, limit: int = Query(50, ge=1, le=1000),
               offset: int = Query(0, ge=0, le=MAX_OFFSET), _u=Depends(reader)):
    limit = _limit(request, limit)
    with store_of(request).session() as s:
        total, items = queries.list_claims(s, actor=actor, side=side, stance=stance, document_id=document_id, q=q,
                                           limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/events", response_model=Page, summary="Events, filtered like incidents (plus modality) and paged")
def api_events(request: Request, f: Filters = Depends(filters), modality: str | None = None,
               limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET), _u=Depends(reader)):
    limit = _limit(request, limit)
    with store_of(request).session() as s:
        total, items = queries.list_events(s, f, modality=modality, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/custody", response_model=Page, summary="The custody log, newest first (filter by object, action, actor)")
def api_custody(request: Request, object_id: str | None = None, action: str | None = None, actor: str | None = None,
                limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET), _u=Depends(reader)):
    limit = _limit(request, limit)
    with store_of(request).session() as s:
        total, items = queries.list_custody(s, object_id=object_id, action=action, actor=actor, limit=limit,
                                            offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


_SHA = re.compile(r"^[0-9a-f]{64}$")
# Raw captured bytes are served inline only for media the player needs; anything else
# (HTML above all) is a download, so a captured page can never run in our origin.
_INLINE = ("audio/", "video/", "application/pdf")


@router.get("/blobs/{sha}", summary="The raw captured bytes of a document (Range requests supported)")
def api_blob(request: Request, sha: str, _u=Depends(reader)):
    if not _SHA.match(sha):
        raise HTTPException(404, "no such blob")
    store = store_of(request)
    with store.session() as s:
        row = s.get(DocumentRow, f"sha256:{sha}")
    path = store.blobs.path(sha)
    if row is None or not path.exists():
        raise HTTPException(404, "no such blob")
    media = (row.media_type or mimetypes.guess_type(row.origin_path or "")[0] or "application/octet-stream").split(";")[0]
    inline = media.startswith(_INLINE)
    headers = {"Content-Security-Policy": "sandbox; default-src 'none'", "Cache-Control": "private, max-age=3600"}
    if not inline:
        headers["Content-Disposition"] = f'attachment; filename="{sha[:16]}.bin"'
        media = "application/octet-stream"
    return FileResponse(path, media_type=media, headers=headers)


# --- review (JSON twins of the page forms) ------------------------------------------

class StatusIn(BaseModel):
    status: str
    reason: str = Field(..., min_length=1)


class NoteIn(BaseModel):
    note: str = Field(..., min_length=1)


class CorrectIn(BaseModel):
    field: str
    value: dict
    reason: str = Field(..., min_length=1)


class MergeIn(BaseModel):
    others: list[str]
    reason: str = Field(..., min_length=1)


class SplitIn(BaseModel):
    documents: list[str]
    reason: str = Field(..., min_length=1)


async def reviewer(request: Request):
    sessions = request.app.state.sessions
    user = sessions.require_reviewer(request)
    await sessions.check_csrf(request)
    return user


@router.post("/incidents/{incident_id}/status", summary="Set the status (analyst); recorded in reviews and custody")
def api_set_status(request: Request, incident_id: str, body: StatusIn, user=Depends(reviewer)):
    review_id = reviewing.set_status(store_of(request), incident_id, body.status, user.name, body.reason)
    invalidate_map(request)
    return {"ok": True, "review_id": review_id, "status": body.status}


@router.post("/incidents/{incident_id}/notes", summary="Add a note (analyst)")
def api_note(request: Request, incident_id: str, body: NoteIn, user=Depends(reviewer)):
    review_id = reviewing.add_note(store_of(request), incident_id, body.note, user.name)
    invalidate_map(request)
    return {"ok": True, "review_id": review_id}


@router.post("/incidents/{incident_id}/correct", summary="Correct place, date or actors (analyst)")
def api_correct(request: Request, incident_id: str, body: CorrectIn, user=Depends(reviewer)):
    review_id = reviewing.correct(store_of(request), incident_id, body.field, body.value, user.name, body.reason)
    invalidate_map(request)
    return {"ok": True, "review_id": review_id}


@router.post("/incidents/{incident_id}/merge", summary="Merge other incidents into this one (analyst)")
def api_merge(request: Request, incident_id: str, body: MergeIn, user=Depends(reviewer)):
    merged = reviewing.merge(store_of(request), [incident_id, *body.others], user.name, body.reason)
    invalidate_map(request)
    return {"ok": True, "incident": merged}


@router.post("/incidents/{incident_id}/split", summary="Move these documents' members into a new incident (analyst)")
def api_split(request: Request, incident_id: str, body: SplitIn, user=Depends(reviewer)):
    new_id = reviewing.split_off(store_of(request), incident_id, body.documents, user.name, body.reason)
    invalidate_map(request)
    return {"ok": True, "new_incident": new_id}
