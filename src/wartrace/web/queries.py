"""Filtered, paged reads for the API and the pages (SQLAlchemy Core for the hot paths)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Numeric, Text, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from wartrace.store.models import ClaimRow, CustodyRow, DocumentRow, EventRow, IncidentMemberRow, IncidentRow
from wartrace.store.search import document_ids_matching


class BadFilter(ValueError):
    pass


def parse_date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        raise BadFilter(f"{name}: expected a date YYYY-MM-DD, got {value[:40]!r}") from None


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """"west,south,east,north" in degrees (GeoJSON order)."""
    if not value:
        return None
    try:
        w, s, e, n = (float(x) for x in value.split(","))
    except ValueError:
        raise BadFilter("bbox: expected west,south,east,north in degrees") from None
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise BadFilter("bbox: out of range (west,south,east,north; south <= north)")
    return w, s, e, n


@dataclass
class Filters:
    date_from: str | None = None
    date_to: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    event_type: str | None = None
    actor: str | None = None
    side: str | None = None
    status: str | None = None
    ihl: str | None = None
    q: str | None = None

    @classmethod
    def parse(cls, *, date_from=None, date_to=None, bbox=None, event_type=None, actor=None, side=None,
              status=None, ihl=None, q=None) -> "Filters":
        f = cls(parse_date(date_from, "from"), parse_date(date_to, "to"), parse_bbox(bbox),
                event_type or None, (actor or "").strip() or None, side or None, status or None,
                (ihl or "").strip() or None, (q or "").strip() or None)
        if f.date_from and f.date_to and f.date_to < f.date_from:
            raise BadFilter("to is before from")
        return f

    def as_query(self) -> dict:
        out = {"from": self.date_from, "to": self.date_to, "type": self.event_type, "actor": self.actor,
               "side": self.side, "status": self.status, "ihl": self.ihl, "q": self.q,
               "bbox": ",".join(f"{x:g}" for x in self.bbox) if self.bbox else None}
        return {k: v for k, v in out.items() if v}


def _bbox_clause(lat, lon, bbox):
    w, s, e, n = bbox
    lat_ok = lat.between(s, n)
    if w <= e:
        return and_(lat_ok, lon.between(w, e))
    return and_(lat_ok, or_(lon >= w, lon <= e))  # a box across the antimeridian


def _date_overlap(start, end, f: Filters):
    """A happening overlaps the asked range when its [start, end] meets [from, to]."""
    out = []
    if f.date_to:
        out.append(start <= f.date_to)
    if f.date_from:
        out.append(func.coalesce(end, start) >= f.date_from)
    return out


def incident_conditions(session: Session, f: Filters, include_merged: bool = False) -> list:
    t = IncidentRow.__table__.c
    cond = _date_overlap(t.date_start, t.date_end, f)
    if f.bbox:
        cond.append(_bbox_clause(t.lat, t.lon, f.bbox))
    if f.event_type:
        cond.append(t.event_type == f.event_type)
    if f.status:
        cond.append(t.status == f.status)
    elif not include_merged and _any_merged(session):
        # only when there are any: "!=" cannot use the status index and would cost every count a scan
        cond.append(t.status != "merged")
    if f.actor:
        cond.append(_ci_like(session, t.actors, f"%{_like(f.actor)}%"))
    if f.side:
        cond.append(_ci_like(session, t.sides, f"%{_like(f.side)}%"))
    if f.ihl:
        cond.append(_ci_like(session, t.ihl, f"%{_like(f.ihl)}%"))
    if f.q:
        like = f"%{_like(f.q)}%"
        alts = [_ci_like(session, t.title, like), _ci_like(session, t.place, like), _ci_like(session, t.actors, like),
                t.id == f.q]
        docs = document_ids_matching(session.get_bind().dialect.name, f.q)
        if docs is not None:
            m = IncidentMemberRow.__table__.c
            alts.append(t.id.in_(select(m.incident_id).where(m.document_id.in_(select(docs.subquery().c.id)))))
        cond.append(or_(*alts))
    return cond


def _any_merged(session: Session) -> bool:
    t = IncidentRow.__table__.c
    return session.execute(select(t.id).where(t.status == "merged").limit(1)).first() is not None


def _ci_like(session: Session, col, pattern: str):
    """Case-insensitive LIKE. SQLite's LIKE already ignores ASCII case (its lower() knows no more),
    so the plain form keeps it cheap there; PostgreSQL gets ILIKE."""
    if session.get_bind().dialect.name == "sqlite":
        return col.like(pattern, escape="\\")
    return col.ilike(pattern, escape="\\")


def _like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


LIST_COLUMNS = ("id", "event_type", "sub_event_type", "title", "date_start", "date_end", "date_precision", "place",
                "place_feature", "lat", "lon", "country", "admin1", "actors", "sides", "ihl", "independent_origins",
                "suggested_status", "status", "updated_at")


def list_incidents(session: Session, f: Filters, limit: int, offset: int) -> tuple[int, list[dict]]:
    t = IncidentRow.__table__.c
    cond = incident_conditions(session, f)
    total = session.execute(select(func.count()).select_from(IncidentRow.__table__).where(*cond)).scalar_one()
    q = (select(*[t[c] for c in LIST_COLUMNS]).where(*cond)
         .order_by(t.date_start.desc().nulls_last(), t.id).limit(limit).offset(offset))
    return total, [dict(zip(LIST_COLUMNS, r)) for r in session.execute(q)]


def timeline_rows(session: Session, f: Filters, cap: int = 5000) -> tuple[int, list[list]]:
    """[id, type, start, end, precision, status, label] for dated incidents, oldest first."""
    t = IncidentRow.__table__.c
    cond = incident_conditions(session, f) + [t.date_start.is_not(None)]
    total = session.execute(select(func.count()).select_from(IncidentRow.__table__).where(*cond)).scalar_one()
    q = (select(t.id, t.event_type, t.date_start, t.date_end, t.date_precision, t.status, t.title, t.place)
         .where(*cond).order_by(t.date_start, t.id).limit(cap))
    rows = [[r.id, r.event_type, r.date_start, r.date_end or r.date_start, r.date_precision, r.status,
             r.title or r.place or r.event_type] for r in session.execute(q)]
    return total, rows


MAP_FIELDS = ["id", "lat", "lon", "precision", "type", "status"]


def _map_select(session: Session, f: Filters, cap: int):
    t = IncidentRow.__table__.c
    cond = incident_conditions(session, f) + [t.lat.is_not(None), t.lon.is_not(None)]
    lat, lon = t.lat, t.lon
    if session.get_bind().dialect.name == "postgresql":  # round(x, n) is defined for numeric there
        lat, lon = cast(lat, Numeric), cast(lon, Numeric)
    return (select(t.id, func.round(lat, 4).label("lat"), func.round(lon, 4).label("lon"), t.place_feature,
                   t.event_type, t.status).where(*cond).order_by(t.id).limit(cap + 1))


def map_rows(session: Session, f: Filters, cap: int = 20000) -> tuple[bool, list[list]]:
    """[id, lat, lon, place feature, type, status] for placed incidents (compact: the map may hold thousands)."""
    rows = [[r[0], float(r[1]), float(r[2]), *r[3:]] for r in session.execute(_map_select(session, f, cap))]
    return (len(rows) > cap), rows[:cap]


def map_vocabulary(session: Session) -> dict[str, list[str]]:
    """The values the map's rows refer to by index: place precisions, event types, statuses."""
    t = IncidentRow.__table__.c
    return {name: sorted(v for (v,) in session.execute(select(col).distinct()) if v is not None)
            for name, col in (("precisions", t.place_feature), ("types", t.event_type), ("statuses", t.status))}


def map_json(session: Session, f: Filters, cap: int = 20000, vocab: dict[str, list[str]] | None = None) -> bytes:
    """The map's JSON body: rows [id, lat, lon, precision, type, status] where the last three are
    indexes into the "precisions", "types" and "statuses" lists (long type names said once, not
    10,000 times). Built by the database where it can (SQLite JSON1, PostgreSQL json_agg):
    10,000 rows cost a few milliseconds instead of tens in Python."""
    dialect = session.get_bind().dialect.name
    vocab = vocab or map_vocabulary(session)
    sub = _map_select(session, f, cap).subquery()
    codes = [case({v: i for i, v in enumerate(values)}, value=col, else_=-1) if values else literal(-1)
             for values, col in ((vocab["precisions"], sub.c.place_feature), (vocab["types"], sub.c.event_type),
                                 (vocab["statuses"], sub.c.status))]
    cols = [sub.c.id, sub.c.lat, sub.c.lon, *codes]
    head = {"fields": MAP_FIELDS, **vocab}
    if dialect == "sqlite":
        agg = func.json_group_array(func.json_array(*cols))
    elif dialect == "postgresql":
        agg = func.coalesce(func.json_agg(func.json_build_array(*cols)).cast(Text), "[]")
    else:
        truncated, rows = map_rows(session, f, cap)
        index = {k: {v: i for i, v in enumerate(vocab[k])} for k in vocab}
        rows = [[r[0], r[1], r[2], index["precisions"].get(r[3], -1), index["types"].get(r[4], -1),
                 index["statuses"].get(r[5], -1)] for r in rows]
        return json.dumps({**head, "truncated": truncated, "rows": rows}, separators=(",", ":"),
                          ensure_ascii=False).encode()
    n, body = session.execute(select(func.count(), agg).select_from(sub)).one()
    if n > cap:  # rare: drop the extra row in Python rather than count twice
        body = json.dumps(json.loads(body)[:cap], separators=(",", ":"), ensure_ascii=False)
    head_json = json.dumps(head, separators=(",", ":"), ensure_ascii=False)[:-1]
    return f'{head_json},"truncated":{"true" if n > cap else "false"},"rows":{body or "[]"}}}'.encode()


def facets(session: Session) -> dict:
    """Distinct values for the filter drop-downs (sides and IHL codes split out of their lists)."""
    t = IncidentRow.__table__.c
    types = [v for (v,) in session.execute(select(t.event_type).distinct().order_by(t.event_type)) if v]
    statuses = [v for (v,) in session.execute(select(t.status).distinct().order_by(t.status)) if v]
    sides = sorted({p.strip() for (v,) in session.execute(select(t.sides).distinct()) if v
                    for p in v.split("|") if p.strip()})
    ihl = sorted({p for (v,) in session.execute(select(t.ihl).distinct()) if v for p in v.split()})
    return {"event_types": types, "statuses": statuses, "sides": sides, "ihl": ihl}


# --- documents, claims, events, custody ------------------------------------------

DOC_COLUMNS = ("id", "kind", "title", "published", "language", "source", "url", "author", "parent_id", "captured_at",
               "media_type", "size", "analysed_at")


def list_documents(session: Session, *, q=None, kind=None, language=None, date_from=None, date_to=None,
                   limit=50, offset=0) -> tuple[int, list[dict]]:
    t = DocumentRow.__table__.c
    cond = []
    if kind:
        cond.append(t.kind == kind)
    if language:
        cond.append(t.language == language)
    if date_from:
        cond.append(t.published >= date_from)
    if date_to:
        cond.append(t.published < date_to + "T99")  # a datetime on the last day still counts
    order = [t.published.desc().nulls_last(), t.id]
    if q:
        docs = document_ids_matching(session.get_bind().dialect.name, q)
        if docs is not None:
            cond.append(t.id.in_(select(docs.subquery().c.id)))
    total = session.execute(select(func.count()).select_from(DocumentRow.__table__).where(*cond)).scalar_one()
    rows = session.execute(select(*[t[c] for c in DOC_COLUMNS]).where(*cond).order_by(*order).limit(limit).offset(offset))
    return total, [dict(r._mapping) for r in rows]


def list_claims(session: Session, *, actor=None, side=None, stance=None, document_id=None, q=None,
                limit=50, offset=0) -> tuple[int, list[dict]]:
    t = ClaimRow.__table__.c
    cond = []
    if actor:
        cond.append(or_(_ci_like(session, t.actor, f"%{_like(actor)}%"), _ci_like(session, t.claimant, f"%{_like(actor)}%")))
    if side:
        cond.append(t.side == side)
    if stance:
        cond.append(t.stance == stance)
    if document_id:
        cond.append(t.document_id == document_id)
    if q:
        docs = document_ids_matching(session.get_bind().dialect.name, q)
        if docs is not None:
            cond.append(t.document_id.in_(select(docs.subquery().c.id)))
    total = session.execute(select(func.count()).select_from(ClaimRow.__table__).where(*cond)).scalar_one()
    rows = session.execute(select(t.id, t.document_id, t.claimant, t.actor, t.side, t.channel, t.stance, t.date, t.data)
                           .where(*cond).order_by(t.document_id, t.local_id).limit(limit).offset(offset))
    return total, [dict(r._mapping) for r in rows]


def list_events(session: Session, f: Filters, *, modality=None, limit=50, offset=0) -> tuple[int, list[dict]]:
    t = EventRow.__table__.c
    cond = _date_overlap(t.date_start, t.date_end, f)
    if f.bbox:
        cond.append(_bbox_clause(t.lat, t.lon, f.bbox))
    if f.event_type:
        cond.append(t.event_type == f.event_type)
    if f.actor:
        like = f"%{_like(f.actor)}%"
        cond.append(or_(_ci_like(session, t.actor1, like), _ci_like(session, t.actor2, like)))
    if f.ihl:
        cond.append(_ci_like(session, t.ihl, f"%{_like(f.ihl)}%"))
    if modality:
        cond.append(t.modality == modality)
    if f.side:
        c = ClaimRow.__table__.c
        cond.append(t.document_id.in_(select(c.document_id).where(c.side == f.side)))
    if f.q:
        docs = document_ids_matching(session.get_bind().dialect.name, f.q)
        if docs is not None:
            cond.append(t.document_id.in_(select(docs.subquery().c.id)))
    total = session.execute(select(func.count()).select_from(EventRow.__table__).where(*cond)).scalar_one()
    cols = [c for c in t if c.name != "data"] + [t.data]
    rows = session.execute(select(*cols).where(*cond).order_by(t.date_start.desc().nulls_last(), t.id)
                           .limit(limit).offset(offset))
    return total, [dict(r._mapping) for r in rows]


def list_custody(session: Session, *, object_id=None, action=None, actor=None, limit=50, offset=0) -> tuple[int, list[dict]]:
    t = CustodyRow.__table__.c
    cond = []
    if object_id:
        cond.append(t.object_id == object_id)
    if action:
        cond.append(t.action == action)
    if actor:
        cond.append(t.actor == actor)
    total = session.execute(select(func.count()).select_from(CustodyRow.__table__).where(*cond)).scalar_one()
    rows = session.execute(select(t).where(*cond).order_by(t.seq.desc()).limit(limit).offset(offset))
    return total, [dict(r._mapping) for r in rows]
