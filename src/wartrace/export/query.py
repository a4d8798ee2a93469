"""What an export reads: incidents (or events) matching the filters, with everything about them.

A `Bundle` is one incident with its member documents, their analyses, the member events,
the claims that carry them, reviews, source dependencies and the custody entries of all of
these. Rows are loaded in batches (one query per table per 500 incidents), not per incident.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Iterator

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from wartrace.model import is_stored_statement
from wartrace.store.models import (
    AnalysisRow,
    ClaimRow,
    CustodyRow,
    DependenceRow,
    DocumentRow,
    EventRow,
    IncidentMemberRow,
    IncidentRow,
    ReviewRow,
)

CHUNK = 500
# Custody entries name objects bare ("inc-…", "sha256:…") or typed ("incident:inc-…", as the
# workbench's review actions do): an export gathers both.
OBJECT_PREFIXES = ("incident:", "document:", "event:", "claim:")


def custody_ids(ids) -> set[str]:
    out = set()
    for i in ids:
        out.add(i)
        out.update(p + i for p in OBJECT_PREFIXES)
    return out


def bare_id(object_id: str) -> str:
    for p in OBJECT_PREFIXES:
        if object_id.startswith(p):
            return object_id[len(p):]
    return object_id


@dataclass
class Filters:
    since: str | None = None  # ISO date: keep what may have happened on or after it
    until: str | None = None  # ISO date: keep what may have happened on or before it
    event_type: str | None = None
    status: str | None = None
    incident: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat (GeoJSON order)

    @staticmethod
    def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
        if not text:
            return None
        parts = [float(x) for x in text.split(",")]
        if len(parts) != 4 or parts[0] > parts[2] or parts[1] > parts[3]:
            raise ValueError("--bbox takes min_lon,min_lat,max_lon,max_lat")
        return parts[0], parts[1], parts[2], parts[3]

    def __post_init__(self):
        for d in (self.since, self.until):
            if d:
                date.fromisoformat(d)  # fail early on a malformed date


@dataclass
class Bundle:
    incident: IncidentRow
    members: list[IncidentMemberRow] = field(default_factory=list)
    documents: list[DocumentRow] = field(default_factory=list)
    analyses: dict[str, AnalysisRow] = field(default_factory=dict)
    events: list[EventRow] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)
    dependencies: list[DependenceRow] = field(default_factory=list)
    custody: list[CustodyRow] = field(default_factory=list)

    @property
    def summary(self) -> dict:
        return self.incident.summary or {}

    def document(self, doc_id: str) -> DocumentRow | None:
        return next((d for d in self.documents if d.id == doc_id), None)


def _where(q, model, f: Filters):
    """Date-range overlap, type, coordinates: the same filters for incidents and events."""
    if f.event_type:
        q = q.where(model.event_type == f.event_type)
    if f.since:
        q = q.where(or_(model.date_end.is_(None), model.date_end >= f.since))
    if f.until:
        q = q.where(or_(model.date_start.is_(None), model.date_start <= f.until))
    if f.since or f.until:
        q = q.where(model.date_start.is_not(None))
    if f.bbox:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        q = q.where(model.lat.between(min_lat, max_lat), model.lon.between(min_lon, max_lon))
    return q


def incident_rows(s: Session, f: Filters) -> list[IncidentRow]:
    q = _where(select(IncidentRow), IncidentRow, f)
    if f.status:
        q = q.where(IncidentRow.status == f.status)
    if f.incident:
        q = q.where(IncidentRow.id == f.incident)
    return list(s.scalars(q.order_by(IncidentRow.date_start, IncidentRow.id)))


def event_rows(s: Session, f: Filters) -> list[EventRow]:
    q = _where(select(EventRow), EventRow, f)
    if f.status or f.incident:
        sub = select(IncidentMemberRow.event_id).join(IncidentRow, IncidentRow.id == IncidentMemberRow.incident_id)
        if f.status:
            sub = sub.where(IncidentRow.status == f.status)
        if f.incident:
            sub = sub.where(IncidentRow.id == f.incident)
        q = q.where(EventRow.id.in_(sub))
    return list(s.scalars(q.order_by(EventRow.date_start, EventRow.id)))


def _chunks(seq: list, n: int = CHUNK) -> Iterator[list]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def _in(s: Session, model, column, values: Iterable) -> list:
    vals = sorted(set(v for v in values if v is not None))
    out = []
    for part in _chunks(vals):
        out.extend(s.scalars(select(model).where(column.in_(part))))
    return out


def claims_for_event(event: EventRow, claims_by_doc: dict[str, list[ClaimRow]]) -> list[ClaimRow]:
    """The claims that carry an event: those it names, else those naming it."""
    doc_claims = claims_by_doc.get(event.document_id, [])
    named = set((event.data or {}).get("claims") or [])
    out = [c for c in doc_claims if c.local_id in named or event.local_id in ((c.data or {}).get("events") or [])]
    return out


def iter_bundles(s: Session, f: Filters) -> Iterator[Bundle]:
    """Bundles in date order, loaded 500 incidents at a time (an export streams them)."""
    for part in _chunks(incident_rows(s, f)):
        yield from _load_part(s, part)


def load_bundles(s: Session, f: Filters) -> list[Bundle]:
    return list(iter_bundles(s, f))


def _load_part(s: Session, incidents: list[IncidentRow]) -> list[Bundle]:
    bundles = {i.id: Bundle(incident=i) for i in incidents}
    members = _in(s, IncidentMemberRow, IncidentMemberRow.incident_id, bundles)
    for m in sorted(members, key=lambda m: m.id):
        bundles[m.incident_id].members.append(m)
    doc_ids = {m.document_id for m in members}
    docs = {d.id: d for d in _in(s, DocumentRow, DocumentRow.id, doc_ids)}
    analyses = {a.document_id: a for a in _in(s, AnalysisRow, AnalysisRow.document_id, doc_ids)}
    events = {e.id: e for e in _in(s, EventRow, EventRow.id, (m.event_id for m in members))}
    claims_by_doc: dict[str, list[ClaimRow]] = {}
    for c in sorted(_in(s, ClaimRow, ClaimRow.document_id, doc_ids), key=lambda c: c.id):
        claims_by_doc.setdefault(c.document_id, []).append(c)
    deps_by_source: dict[str, list[DependenceRow]] = {}
    for d in _in(s, DependenceRow, DependenceRow.source, doc_ids):
        deps_by_source.setdefault(d.source, []).append(d)
    for b in bundles.values():
        ids = list(dict.fromkeys(m.document_id for m in b.members))
        b.documents = sorted((docs[i] for i in ids if i in docs), key=lambda d: (d.published or "", d.captured_at, d.id))
        b.analyses = {i: analyses[i] for i in ids if i in analyses}
        b.events = sorted({events[m.event_id].id: events[m.event_id] for m in b.members
                           if m.event_id in events}.values(), key=lambda e: e.id)
        chosen: dict[str, ClaimRow] = {}
        for m in b.members:
            if m.claim_id:
                c = next((c for c in claims_by_doc.get(m.document_id, []) if c.id == m.claim_id), None)
                if c:
                    chosen[c.id] = c
            elif m.event_id in events:
                chosen.update((c.id, c) for c in claims_for_event(events[m.event_id], claims_by_doc))
            else:  # a whole report without an ACLED event: all its claims (speech acts, not attitudes)
                chosen.update((c.id, c) for c in claims_by_doc.get(m.document_id, [])
                              if is_stored_statement(c.data))
        b.claims = sorted(chosen.values(), key=lambda c: c.id)
        b.dependencies = sorted((d for i in ids for d in deps_by_source.get(i, [])),
                                key=lambda d: (d.source, d.target, d.kind))
    object_ids = set(bundles)
    for b in bundles.values():
        object_ids.update(d.id for d in b.documents)
        object_ids.update(e.id for e in b.events)
        object_ids.update(c.id for c in b.claims)
    reviews: dict[str, list[ReviewRow]] = {}
    for r in _in(s, ReviewRow, ReviewRow.object_id, object_ids):
        reviews.setdefault(r.object_id, []).append(r)
    entries: dict[str, list[CustodyRow]] = {}
    for c in _in(s, CustodyRow, CustodyRow.object_id, custody_ids(object_ids)):
        entries.setdefault(bare_id(c.object_id), []).append(c)
    for b in bundles.values():
        mine = {b.incident.id} | {d.id for d in b.documents} | {e.id for e in b.events} | {c.id for c in b.claims}
        b.reviews = sorted((r for o in mine for r in reviews.get(o, [])), key=lambda r: (r.at, r.id))
        b.custody = sorted((c for o in mine for c in entries.get(o, [])), key=lambda c: c.seq)
    return [bundles[i.id] for i in incidents]
