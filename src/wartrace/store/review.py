"""Reviewer actions on incidents as the store keeps them: status, corrections, notes, and the
record of merges, splits and revocations.

Each action writes a `reviews` row (the readable history on the incident page) and a
custody entry (the tamper-evident record of who did what and why) in one transaction, all
in one format: the custody entry's object_sha is `incident_sha(row)` after the action, its
detail the action, field, old and new values and the reason. A reason is required for
every action. Merges and splits are decided by the linker (`wartrace.workflow`), which
stores them as link constraints; `record_decision` writes their reviews and custody rows.
The service the CLI and the workbench call is `wartrace.reviewing`.
"""
from __future__ import annotations

import json

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from wartrace.store import custody
from wartrace.store.models import DependenceRow, IncidentMemberRow, IncidentRow, ReviewRow

STATUSES = ("unverified", "single-source", "corroborated", "disputed", "verified", "rejected")
CORRECTABLE = ("place", "date", "actor")
PRECISIONS = ("day", "week", "month", "year")
PLACE_FEATURES = ("country", "admin1", "admin2", "city", "facility", "other")
INCIDENT_FIELDS = ("id", "event_type", "sub_event_type", "title", "date_start", "date_end", "date_precision",
                   "lat", "lon", "place", "place_feature", "country", "admin1", "actors", "sides", "ihl",
                   "independent_origins", "suggested_status", "status")


class ReviewError(ValueError):
    pass


def incident_sha(row: IncidentRow) -> str:
    """Hash of the reviewable state of an incident, recorded with each custody entry."""
    return custody.sha256_obj({f: getattr(row, f) for f in INCIDENT_FIELDS})


def incident_row(session: Session, incident_id: str) -> IncidentRow:
    row = session.get(IncidentRow, incident_id)
    if row is None:
        raise ReviewError(f"no incident {incident_id}")
    return row


def checked_reason(reason: str | None) -> str:
    """The reason, stripped; every review action must say why."""
    reason = (reason or "").strip() or None
    if not reason:
        raise ReviewError("say why: a reason is required for every review action")
    if reason and len(reason) > 4000:
        raise ReviewError("the reason is over 4,000 characters")
    return reason


def _record(session: Session, row: IncidentRow, *, action: str, actor: str, reason: str | None,
            field: str | None = None, old=None, new=None, extra: dict | None = None) -> ReviewRow:
    now = custody.utcnow()
    row.updated_at = now
    review = ReviewRow(object_type="incident", object_id=row.id, action=action, field=field,
                       old_value=None if old is None else str(old), new_value=None if new is None else str(new),
                       actor=actor, reason=reason, at=now)
    session.add(review)
    session.flush()
    detail = {"review": action, "field": field, "old": old, "new": new, "reason": reason, **(extra or {})}
    custody.append(session, action=f"review_{action}", object_id=row.id, object_sha=incident_sha(row),
                   actor=actor, detail={k: v for k, v in detail.items() if v is not None})
    return review


def set_status(session: Session, incident_id: str, status: str, actor: str, reason: str | None) -> ReviewRow:
    if status not in STATUSES:
        raise ReviewError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
    row = incident_row(session, incident_id)
    reason = checked_reason(reason)
    old, row.status = row.status, status
    row.summary = {**(row.summary or {}), "status": status}
    return _record(session, row, action="status", field="status", old=old, new=status, actor=actor, reason=reason,
                   extra={"suggested_status": row.suggested_status})


def add_note(session: Session, incident_id: str, note: str, actor: str) -> ReviewRow:
    row = incident_row(session, incident_id)
    note = checked_reason(note)
    return _record(session, row, action="note", actor=actor, reason=note)


def _float(value, name: str, lo: float, hi: float) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ReviewError(f"{name} must be a number") from None
    if not lo <= v <= hi:
        raise ReviewError(f"{name} must lie between {lo} and {hi}")
    return v


def _iso_date(value: str | None, name: str) -> str | None:
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ReviewError(f"{name} must be a date YYYY-MM-DD") from None


def correct(session: Session, incident_id: str, field: str, value: dict, actor: str, reason: str | None) -> ReviewRow:
    """Correct the place ({"place", "lat", "lon", "feature"}), the date ({"start", "end", "precision"})
    or the actors ({"actors"}) of an incident. A re-link keeps the correction (reapply_corrections)."""
    if field not in CORRECTABLE:
        raise ReviewError(f"cannot correct {field!r}; one of {', '.join(CORRECTABLE)}")
    row = incident_row(session, incident_id)
    reason = checked_reason(reason)
    old, new = _apply_correction(row, field, value)
    return _record(session, row, action="correct", field=field, old=old, new=json.dumps(new), actor=actor,
                   reason=reason)


def _apply_correction(row: IncidentRow, field: str, value: dict):
    """Validate a correction and write it into the row; (old, new) values for the record."""
    if field == "place":
        name = (value.get("place") or "").strip()
        if not name:
            raise ReviewError("name the place")
        feature = value.get("feature") or "city"
        if feature not in PLACE_FEATURES:
            raise ReviewError(f"unknown place precision {feature!r}")
        lat = _float(value.get("lat"), "latitude", -90, 90) if value.get("lat") not in (None, "") else None
        lon = _float(value.get("lon"), "longitude", -180, 180) if value.get("lon") not in (None, "") else None
        if (lat is None) != (lon is None):
            raise ReviewError("give both latitude and longitude, or neither")
        old = {"place": row.place, "lat": row.lat, "lon": row.lon, "feature": row.place_feature}
        row.place, row.place_feature = name, feature
        if lat is not None:
            row.lat, row.lon = lat, lon
        return old, {"place": row.place, "lat": row.lat, "lon": row.lon, "feature": row.place_feature}
    if field == "date":
        start = _iso_date(value.get("start"), "start")
        end = _iso_date(value.get("end"), "end") or start
        if start is None:
            raise ReviewError("give the start date")
        if end < start:
            raise ReviewError("the end date is before the start date")
        precision = value.get("precision") or ("day" if start == end else "week")
        if precision not in PRECISIONS:
            raise ReviewError(f"unknown date precision {precision!r}")
        old = {"start": row.date_start, "end": row.date_end, "precision": row.date_precision}
        row.date_start, row.date_end, row.date_precision = start, end, precision
        return old, {"start": start, "end": end, "precision": precision}
    actors = " | ".join(a.strip() for a in (value.get("actors") or "").split("|") if a.strip())
    if not actors:
        raise ReviewError("name at least one actor")
    old, row.actors = row.actors, actors
    return old, {"actors": actors}


def reapply_corrections(session: Session, rows: list[IncidentRow]) -> int:
    """Re-linking recomputes an incident's place, date and actors from its reports; a reviewer's
    correction outranks that, so the latest correction of each field is written back. Returns how
    many were re-applied."""
    by_id = {r.id: r for r in rows}
    if not by_id:
        return 0
    latest: dict[tuple[str, str], ReviewRow] = {}
    ids = sorted(by_id)
    for chunk in range(0, len(ids), 500):
        q = select(ReviewRow).where(ReviewRow.object_type == "incident", ReviewRow.action == "correct",
                                    ReviewRow.object_id.in_(ids[chunk:chunk + 500])).order_by(ReviewRow.id)
        for review in session.scalars(q):
            latest[(review.object_id, review.field)] = review
    for (iid, field), review in latest.items():
        row = by_id[iid]
        _apply_correction(row, field, json.loads(review.new_value))
        corrected = sorted({*(row.summary or {}).get("corrected", []), field})
        row.summary = {**(row.summary or {}), "corrected": corrected}
    return len(latest)


# --- merge, split and revoke: the record of a linker decision ----------------------------

def record_decision(session: Session, incident_ids: list[str], action: str, actor: str, reason: str | None,
                    members: dict[str, list[str]], extra: dict | None = None) -> list[ReviewRow]:
    """The reviews and custody rows of a merge, split or revocation the linker has applied:
    one per incident it left, with the incident's members after it."""
    reason = checked_reason(reason)
    return [_record(session, incident_row(session, iid), action=action, field="members", actor=actor, reason=reason,
                    new=",".join(sorted(members.get(iid, []))), extra={"incidents": incident_ids, **(extra or {})})
            for iid in incident_ids]


def item_id(member: IncidentMemberRow) -> str:
    """The linking item a member stands for: its event's store id, else the document (a report item)."""
    return member.event_id or member.document_id


def members(session: Session, incident_id: str) -> list[IncidentMemberRow]:
    return list(session.scalars(select(IncidentMemberRow).where(IncidentMemberRow.incident_id == incident_id)
                                .order_by(IncidentMemberRow.id)))


def incident_of_item(session: Session, item: str) -> str | None:
    """The incident a linking item (event id, or document id of a whole-document report) belongs to."""
    return session.scalar(select(IncidentMemberRow.incident_id).where(
        or_(IncidentMemberRow.event_id == item, (IncidentMemberRow.event_id.is_(None)) &
            (IncidentMemberRow.document_id == item))).limit(1))


def history(session: Session, incident_id: str) -> list[ReviewRow]:
    return list(session.scalars(select(ReviewRow).where(ReviewRow.object_id == incident_id).order_by(ReviewRow.id)))


def dependence_edges(session: Session, document_ids: list[str]) -> list[DependenceRow]:
    """Dependence edges (derived report -> what it derives from) touching these documents."""
    if not document_ids:
        return []
    return list(session.scalars(select(DependenceRow).where(
        or_(DependenceRow.source.in_(document_ids), DependenceRow.target.in_(document_ids)))))


def origin_of(session: Session, document_ids: list[str], edges: list[DependenceRow] | None = None) -> dict[str, str]:
    """Each document's independent origin: follow "derived from" edges to their end.

    A document nothing points back from is its own origin; a citation to an origin key
    (e.g. an agency's post) makes that key the origin. Cycles (two copies citing each
    other) end at the first document seen again.
    """
    edges = dependence_edges(session, document_ids) if edges is None else edges
    parent: dict[str, str] = {}
    for e in sorted(edges, key=lambda e: (-(e.score or 0.0), e.id or 0)):
        if e.source != e.target:
            parent.setdefault(e.source, e.target)
    out = {}
    for d in document_ids:
        seen, cur = {d}, d
        while cur in parent and parent[cur] not in seen:
            cur = parent[cur]
            seen.add(cur)
        out[d] = cur
    return out
