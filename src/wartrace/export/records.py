"""One flat record per incident (or per event): what the ACLED and GeoJSON writers read.

An incident's record takes its own columns (dates, place, status) and, for what only events
carry (actors, modality, fatalities), its representative event: the most confident member
event of the incident's type. Fatalities follow ACLED's rule for conflicting reports: the
lowest reported figure.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from wartrace.export.query import Bundle, claims_for_event
from wartrace.store.models import ClaimRow, DocumentRow, EventRow, IncidentMemberRow, IncidentRow


@dataclass
class Record:
    id: str
    kind: str  # incident | event
    event_type: str
    sub_event_type: str | None
    date_start: str | None
    date_end: str | None
    date_precision: str | None
    lat: float | None
    lon: float | None
    place: str | None
    place_feature: str | None
    country: str | None
    admin1: str | None
    actor1: str | None
    actor2: str | None
    assoc_actor_1: list[str]
    assoc_actor_2: list[str]
    modality: str | None
    fatalities: int | None
    fatality_reports: list[int]
    ihl: list[str]
    status: str | None
    independent_origins: int | None
    sides: list[str] | None
    updated_at: str | None
    claims: list[tuple[dict, DocumentRow]] = field(default_factory=list)  # (claim dict, its document)
    documents: list[DocumentRow] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    incident: str | None = None
    contradictions: list[dict] = field(default_factory=list)


def _representative(b: Bundle) -> EventRow | None:
    typed = [e for e in b.events if e.event_type == b.incident.event_type] or b.events
    return max(typed, key=lambda e: (e.confidence or 0.0, -len(e.id), e.id), default=None)


def _fatalities(events: list[EventRow]) -> tuple[int | None, list[int]]:
    reports = sorted({e.fatalities for e in events if e.fatalities is not None})
    return (reports[0] if reports else None), reports


def _split(text: str | None, sep: str) -> list[str]:
    return [x.strip() for x in (text or "").split(sep) if x.strip()]


def _most_common(actors) -> str | None:
    counts = Counter(a for a in actors if a)
    return max(counts, key=lambda a: (counts[a], a)) if counts else None


def _roles(b: Bundle, rep: EventRow | None) -> tuple[str | None, str | None, list[str], list[str]]:
    """Actor 1 and 2 of the representative event, else the most named among the member events of
    the incident's type (then of any type); the other actors named in a role are associated with it
    (ACLED's assoc_actor), except those also named in the other role: ACLED's order has no direction."""
    typed = [e for e in b.events if e.event_type == b.incident.event_type] or b.events
    names = _split(b.incident.actors, "|")
    a1 = (rep.actor1 if rep else None) or _most_common(e.actor1 for e in typed) or \
        _most_common(e.actor1 for e in b.events) or (names[0] if names and not b.events else None)
    a2 = (rep.actor2 if rep else None) or _most_common(e.actor2 for e in typed if e.actor2 != a1)
    ones, twos = {e.actor1 for e in b.events} - {None}, {e.actor2 for e in b.events} - {None}
    assoc1 = sorted(ones - twos - {a1, a2})
    assoc2 = sorted(twos - ones - {a1, a2}) if a2 else []
    return a1, a2, assoc1, assoc2


def incident_record(b: Bundle) -> Record:
    i, rep = b.incident, _representative(b)
    actor1, actor2, assoc1, assoc2 = _roles(b, rep)
    fat, reports = _fatalities(b.events)
    docs = {d.id: d for d in b.documents}
    summary = b.summary
    return Record(
        id=i.id, kind="incident", event_type=i.event_type, sub_event_type=i.sub_event_type or (rep.sub_event_type if rep else None),
        date_start=i.date_start, date_end=i.date_end, date_precision=i.date_precision,
        lat=i.lat, lon=i.lon, place=i.place, place_feature=i.place_feature, country=i.country, admin1=i.admin1,
        actor1=actor1, actor2=actor2, assoc_actor_1=assoc1, assoc_actor_2=assoc2,
        modality=rep.modality if rep else None, fatalities=fat, fatality_reports=reports,
        ihl=_split(i.ihl, " "), status=i.status, independent_origins=i.independent_origins,
        sides=_split(i.sides, "|"), updated_at=i.updated_at,
        claims=[(c.data or {}, docs[c.document_id]) for c in b.claims if c.document_id in docs],
        documents=list(b.documents), events=[e.id for e in b.events], incident=i.id,
        contradictions=list(summary.get("contradictions") or []),
    )


def event_records(s: Session, events: list[EventRow]) -> list[Record]:
    doc_ids = {e.document_id for e in events}
    docs = {d.id: d for d in s.scalars(select(DocumentRow).where(DocumentRow.id.in_(doc_ids)))} if doc_ids else {}
    claims_by_doc: dict[str, list[ClaimRow]] = {}
    for c in (s.scalars(select(ClaimRow).where(ClaimRow.document_id.in_(doc_ids)).order_by(ClaimRow.id)) if doc_ids else []):
        claims_by_doc.setdefault(c.document_id, []).append(c)
    membership = dict(s.execute(select(IncidentMemberRow.event_id, IncidentRow.id).join(
        IncidentRow, IncidentRow.id == IncidentMemberRow.incident_id).where(
        IncidentMemberRow.event_id.in_([e.id for e in events]))).all()) if events else {}
    statuses = dict(s.execute(select(IncidentRow.id, IncidentRow.status).where(
        IncidentRow.id.in_(set(membership.values())))).all()) if membership else {}
    out = []
    for e in events:
        doc = docs.get(e.document_id)
        inc = membership.get(e.id)
        out.append(Record(
            id=e.id, kind="event", event_type=e.event_type, sub_event_type=e.sub_event_type,
            date_start=e.date_start, date_end=e.date_end, date_precision=e.date_precision, lat=e.lat, lon=e.lon,
            place=e.place, place_feature=e.place_feature, country=e.country, admin1=e.admin1,
            actor1=e.actor1, actor2=e.actor2, assoc_actor_1=[], assoc_actor_2=[], modality=e.modality, fatalities=e.fatalities,
            fatality_reports=[e.fatalities] if e.fatalities is not None else [], ihl=_split(e.ihl, " "),
            status=statuses.get(inc), independent_origins=None, sides=None, updated_at=doc.analysed_at if doc else None,
            claims=[(c.data or {}, doc) for c in claims_for_event(e, claims_by_doc)] if doc else [],
            documents=[doc] if doc else [], events=[e.id], incident=inc,
        ))
    return out
