"""Demo data for the workbench (tests, screenshots): capture, analyse, link.

    python -m wartrace.web.demo sqlite:///var/demo/wartrace.db samples/ more.jsonl

Linking goes through the store's `link_pending` (what `wartrace link` runs) when it is
installed; otherwise the linking engine's `link_analyses` is called here and its incidents written with the store
models; without the engine, each event becomes its own incident (so the pages have
something to show).
"""
from __future__ import annotations

import sys
from typing import Iterable

from sqlalchemy import func, select

from wartrace.store import custody
from wartrace.store.db import Store
from wartrace.store.models import EventRow, IncidentMemberRow, IncidentRow


def available_components() -> list[str]:
    """The configured analysis components that this installation has (all of them once every area is in)."""
    from wartrace.analysis.registry import get_factory
    from wartrace.config import settings

    names = []
    for n in settings()["components"]:
        try:
            get_factory(n)
            names.append(n)
        except (KeyError, ImportError):
            pass
    return names


def capture_and_analyse(store: Store, paths: Iterable[str], actor: str = "demo", resources=None) -> dict:
    from wartrace.analysis.pipeline import Pipeline
    from wartrace.capture.service import capture_paths, iter_inputs
    from wartrace.workflow import analyse_pending

    result = capture_paths(store, list(iter_inputs(paths)), None, None, actor=actor)
    analysed = analyse_pending(store, Pipeline(resources, available_components()), actor=actor)
    return {"captured": len(result.captured), "failed": result.failed, "analysed": analysed}


def link(store: Store, resources=None) -> str:
    """Fill the incident tables; returns which way it was done."""
    try:
        from wartrace.store.incidents import link_pending
    except ImportError:
        link_pending = None
    if link_pending is not None:
        link_pending(store, resources, actor="demo")
        return "wartrace.store.incidents.link_pending"
    try:
        from wartrace.linking.api import link_analyses
    except ImportError:
        link_analyses = None
    if link_analyses is not None:
        _link_with_engine(store, link_analyses)
        return "linking engine"
    _one_incident_per_event(store)
    return "one incident per event"


def _link_with_engine(store: Store, link_analyses) -> None:
    from wartrace.store.analyses import load_analysis
    from wartrace.store.models import AnalysisRow

    with store.session() as s:
        analyses = [a for a in (load_analysis(s, i) for i in s.scalars(select(AnalysisRow.document_id))) if a]
        result = link_analyses(analyses)
        items = result.linker.items
        now = custody.utcnow()
        for inc in result.incidents():
            places = inc.get("places") or []
            exact = [p for p in places if p[2] is not None]
            place = exact[0] if exact else (None, None, None, None)
            ev_rows = [s.get(EventRow, e) for e in inc.get("events", [])]
            ev_rows = [e for e in ev_rows if e is not None]
            actors = inc.get("actors") or [a for e in ev_rows for a in (e.actor1, e.actor2) if a]
            sides = inc.get("sides") or {}
            row = IncidentRow(
                id=inc["id"], event_type=inc.get("event_type") or "Other",
                sub_event_type=ev_rows[0].sub_event_type if ev_rows else None,
                title=_title(inc, ev_rows, place[0]),
                date_start=(inc.get("date") or {}).get("start"), date_end=(inc.get("date") or {}).get("end"),
                date_precision=ev_rows[0].date_precision if ev_rows else None,
                lat=place[2], lon=place[3], place=place[0], place_feature=place[1],
                country=ev_rows[0].country if ev_rows else None, admin1=ev_rows[0].admin1 if ev_rows else None,
                actors=" | ".join(dict.fromkeys(actors)) or None,
                sides=" ".join(k for k, v in sides.items() if v) if isinstance(sides, dict) else str(sides),
                ihl=" ".join(dict.fromkeys(c for e in ev_rows for c in (e.ihl or "").split())) or None,
                independent_origins=int(inc.get("independent_origins") or 0),
                suggested_status=inc.get("suggested_status") or inc.get("status") or "unverified",
                status=inc.get("status") or "unverified",
                summary={k: inc.get(k) for k in ("origins", "evidence", "hedges", "caveats", "contradictions",
                                                 "dependence", "sides", "corroborated", "disputed") if k in inc},
                updated_at=now)
            s.merge(row)
            for item_id in inc.get("items", []):
                it = items[item_id]
                s.add(IncidentMemberRow(incident_id=row.id, document_id=it.document_id,
                                        event_id=item_id if it.event_id else None))
        s.commit()


def _title(inc: dict, events: list[EventRow], place: str | None) -> str:
    kind = events[0].sub_event_type if events else inc.get("event_type") or "Report"
    return f"{kind} in {place}" if place else kind


def _one_incident_per_event(store: Store) -> None:
    with store.session() as s:
        now = custody.utcnow()
        for e in s.scalars(select(EventRow)):
            iid = "inc-" + e.id.replace(":", "-")
            s.merge(IncidentRow(id=iid, event_type=e.event_type, sub_event_type=e.sub_event_type,
                                title=f"{e.sub_event_type} in {e.place}" if e.place else e.sub_event_type,
                                date_start=e.date_start, date_end=e.date_end, date_precision=e.date_precision,
                                lat=e.lat, lon=e.lon, place=e.place, place_feature=e.place_feature, country=e.country,
                                admin1=e.admin1, actors=" | ".join(a for a in (e.actor1, e.actor2) if a) or None,
                                ihl=e.ihl, independent_origins=1, suggested_status="single-source",
                                status="single-source", summary={}, updated_at=now))
            s.add(IncidentMemberRow(incident_id=iid, document_id=e.document_id, event_id=e.id))
        s.commit()


def incident_count(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(IncidentRow)) or 0


def main(argv: list[str] | None = None) -> None:
    argv = argv or sys.argv[1:]
    store = Store(argv[0])
    print(capture_and_analyse(store, argv[1:]))
    print("linked by", link(store), "->", incident_count(store), "incidents")


if __name__ == "__main__":
    main()
