"""Reviewer actions on incidents: status, corrections, notes, merges and splits.

Each action writes a `reviews` row (the readable history on the incident page) and a
custody entry (the tamper-evident record of who did what and why) in one transaction.
Merges and splits are also stored as link constraints (must_link / cannot_link between
linking items) so that the next `wartrace link` reproduces them; the incident rows are
updated at once so the workbench shows the decision without a re-link.
"""
from __future__ import annotations

import json

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from wartrace.store import custody
from wartrace.store.models import DependenceRow, EventRow, IncidentMemberRow, IncidentRow, LinkConstraintRow, ReviewRow

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


def _incident(session: Session, incident_id: str) -> IncidentRow:
    row = session.get(IncidentRow, incident_id)
    if row is None:
        raise ReviewError(f"no incident {incident_id}")
    return row


def _reason(reason: str | None, required: bool = True) -> str | None:
    reason = (reason or "").strip() or None
    if required and not reason:
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
    row = _incident(session, incident_id)
    reason = _reason(reason)
    old, row.status = row.status, status
    return _record(session, row, action="status", field="status", old=old, new=status, actor=actor, reason=reason,
                   extra={"suggested_status": row.suggested_status})


def add_note(session: Session, incident_id: str, note: str, actor: str) -> ReviewRow:
    row = _incident(session, incident_id)
    note = _reason(note)
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
    row = _incident(session, incident_id)
    reason = _reason(reason)
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


# --- merge and split -------------------------------------------------------------

def item_id(member: IncidentMemberRow) -> str:
    """The linking item a member stands for: its event's store id, else the document (a report item)."""
    return member.event_id or member.document_id


def members(session: Session, incident_id: str) -> list[IncidentMemberRow]:
    return list(session.scalars(select(IncidentMemberRow).where(IncidentMemberRow.incident_id == incident_id)
                                .order_by(IncidentMemberRow.id)))


def _constraint(session: Session, kind: str, a: str, b: str, actor: str, reason: str | None) -> None:
    session.add(LinkConstraintRow(kind=kind, a=a, b=b, actor=actor, reason=reason, created_at=custody.utcnow(),
                                  active=True))


def merge(session: Session, target_id: str, other_ids: list[str], actor: str, reason: str | None) -> ReviewRow:
    """Fold the other incidents into the target; they keep their rows with status "merged"."""
    target = _incident(session, target_id)
    reason = _reason(reason)
    others = [_incident(session, i) for i in dict.fromkeys(other_ids) if i != target_id]
    if not others:
        raise ReviewError("name at least one other incident to merge")
    anchor = next(iter(members(session, target_id)), None)
    moved = 0
    for other in others:
        if other.status == "merged":
            raise ReviewError(f"incident {other.id} is already merged into another")
        mem = members(session, other.id)
        if anchor is not None and mem:
            _constraint(session, "must_link", item_id(anchor), item_id(mem[0]), actor, reason)
        for m in mem:
            m.incident_id = target_id
            moved += 1
        old_status, other.status = other.status, "merged"
        other.summary = {**(other.summary or {}), "merged_into": target_id}
        _record(session, other, action="merged_into", field="status", old=old_status, new="merged", actor=actor,
                reason=reason, extra={"into": target_id})
    _widen(target, others)
    return _record(session, target, action="merge", actor=actor, reason=reason,
                   new=",".join(o.id for o in others), extra={"merged": [o.id for o in others], "members_moved": moved})


def _widen(target: IncidentRow, others: list[IncidentRow]) -> None:
    """The merged incident's date range covers every part's range."""
    starts = [d for d in [target.date_start, *[o.date_start for o in others]] if d]
    ends = [d for d in [target.date_end or target.date_start, *[o.date_end or o.date_start for o in others]] if d]
    if starts:
        target.date_start, target.date_end = min(starts), max(ends)
    for attr in ("actors", "sides", "ihl"):
        parts = [p.strip() for r in [target, *others] for p in (getattr(r, attr) or "").replace("|", " | ").split(" | ")
                 if p.strip()] if attr == "actors" else \
            [p for r in [target, *others] for p in (getattr(r, attr) or "").split()]
        if parts:
            joined = list(dict.fromkeys(parts))
            setattr(target, attr, " | ".join(joined) if attr == "actors" else " ".join(joined))


def split(session: Session, incident_id: str, document_ids: list[str], actor: str, reason: str | None) -> tuple[ReviewRow, str]:
    """Move the members from these documents into a new incident; returns (review, new incident id)."""
    source = _incident(session, incident_id)
    reason = _reason(reason)
    mem = members(session, incident_id)
    chosen = set(document_ids)
    moving = [m for m in mem if m.document_id in chosen]
    staying = [m for m in mem if m.document_id not in chosen]
    if not moving or not staying:
        raise ReviewError("a split needs some documents to move and some to stay")
    for a in {item_id(m) for m in moving}:
        for b in {item_id(m) for m in staying}:
            _constraint(session, "cannot_link", a, b, actor, reason)
    new_id = _fresh_id(session, incident_id)
    new = IncidentRow(id=new_id, event_type=source.event_type, sub_event_type=source.sub_event_type,
                      title=source.title, place=source.place, place_feature=source.place_feature,
                      lat=source.lat, lon=source.lon, country=source.country, admin1=source.admin1,
                      date_start=source.date_start, date_end=source.date_end, date_precision=source.date_precision,
                      actors=source.actors, sides=source.sides, ihl=source.ihl, independent_origins=0,
                      suggested_status="unverified", status="unverified",
                      summary={"split_from": incident_id}, updated_at=custody.utcnow())
    session.add(new)
    session.flush()
    for m in moving:
        m.incident_id = new_id
    _refit(session, new, moving)
    _refit(session, source, staying)
    session.flush()
    review = _record(session, source, action="split", actor=actor, reason=reason, new=new_id,
                     extra={"documents_moved": sorted(chosen)})
    _record(session, new, action="split_from", actor=actor, reason=reason, new=incident_id,
            extra={"documents": sorted(chosen)})
    return review, new_id


def _fresh_id(session: Session, base: str) -> str:
    n = 1
    while session.get(IncidentRow, f"{base}-{n}") is not None:
        n += 1
    return f"{base}-{n}"


def _refit(session: Session, row: IncidentRow, mem: list[IncidentMemberRow]) -> None:
    """Date range, place and type of an incident from the events it now holds (when it holds any)."""
    ids = [m.event_id for m in mem if m.event_id]
    events = list(session.scalars(select(EventRow).where(EventRow.id.in_(ids)))) if ids else []
    row.independent_origins = len(set(origin_of(session, [m.document_id for m in mem]).values()))
    if not events:
        return
    starts = [e.date_start for e in events if e.date_start]
    ends = [e.date_end or e.date_start for e in events if e.date_start]
    if starts:
        row.date_start, row.date_end = min(starts), max(ends)
    placed = [e for e in events if e.lat is not None]
    if placed:
        best = placed[0]
        row.place, row.lat, row.lon, row.place_feature = best.place, best.lat, best.lon, best.place_feature
        row.country, row.admin1 = best.country, best.admin1
    actors = [a for e in events for a in (e.actor1, e.actor2) if a]
    if actors:
        row.actors = " | ".join(dict.fromkeys(actors))


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


# --- merge and split through the linking engine when it is installed --------------------

def _linker_api():
    try:
        from wartrace.store import incidents as linked
    except ImportError:
        return None
    return linked if hasattr(linked, "merge_incidents") and hasattr(linked, "split_incident") else None


def _incident_of_item(session: Session, item: str) -> str | None:
    return session.scalar(select(IncidentMemberRow.incident_id).where(
        or_(IncidentMemberRow.event_id == item, (IncidentMemberRow.event_id.is_(None)) &
            (IncidentMemberRow.document_id == item))).limit(1))


def merge_in_store(store, target_id: str, other_ids: list[str], actor: str, reason: str | None) -> str:
    """Merge incidents; returns the id of the incident they now form.

    With the linking engine installed its `merge_incidents` decides (a must-link constraint,
    re-applied on every re-link, with reviews and custody rows); otherwise `merge` above.
    """
    reason = _reason(reason)
    others = [i for i in dict.fromkeys(other_ids) if i != target_id]
    if not others:
        raise ReviewError("name at least one other incident to merge")
    linked = _linker_api()
    with store.session() as s:
        for i in [target_id, *others]:
            _incident(s, i)
        anchor = next(iter(members(s, target_id)), None)
        if linked is None or anchor is None:
            merge(s, target_id, others, actor, reason)
            s.commit()
            return target_id
    linked.merge_incidents(store, [target_id, *others], reviewer=actor, reason=reason)
    with store.session() as s:
        return _incident_of_item(s, item_id(anchor)) or target_id


def split_in_store(store, incident_id: str, document_ids: list[str], actor: str, reason: str | None) -> str:
    """Move these documents' members out into another incident; returns that incident's id."""
    reason = _reason(reason)
    linked = _linker_api()
    with store.session() as s:
        _incident(s, incident_id)
        mem = members(s, incident_id)
        chosen = set(document_ids)
        moving = [m for m in mem if m.document_id in chosen]
        staying = [m for m in mem if m.document_id not in chosen]
        if not moving or not staying:
            raise ReviewError("a split needs some documents to move and some to stay")
        if linked is None:
            _, new_id = split(s, incident_id, document_ids, actor, reason)
            s.commit()
            return new_id
        probe = item_id(moving[0])
    groups = [sorted({m.document_id for m in moving}), sorted({m.document_id for m in staying})]
    linked.split_incident(store, incident_id, groups, reviewer=actor, reason=reason)
    with store.session() as s:
        return _incident_of_item(s, probe) or incident_id
