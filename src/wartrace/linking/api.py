"""One call from analyses to incidents with their dependence graph and corroboration.

    result = link_analyses(analyses, resources)            # or attach to result.linker
    for inc in result.incidents(): ...                      # dicts per docs/spec/extract.md

The dict of an incident holds the spec's keys ("id", "documents", "events",
"independent_origins", "status") plus what the workbench and exports read: type,
dates, places, actors, origins by side, evidence, hedges, caveats, contradictions,
the dependence graph among its documents.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from wartrace.analysis.resources import Resources
from wartrace.linking.constraints import ConstraintSet
from wartrace.linking.corroboration import Corroboration, corroborate
from wartrace.linking.dependence import DependenceGraph, build_graph
from wartrace.linking.incidents import Incident, LinkConfig, Linker
from wartrace.linking.items import LinkItem, embed_items, items_from_analysis
from wartrace.linking.titles import incident_title
from wartrace.model import Analysis, Event


@dataclass
class LinkResult:
    linker: Linker
    analyses: dict[str, Analysis] = field(default_factory=dict)
    graph: DependenceGraph = field(default_factory=DependenceGraph)
    corroboration: dict[str, Corroboration] = field(default_factory=dict)

    def refresh(self, incident_ids: Iterable[str] | None = None) -> None:
        """Recompute the dependence graph and the corroboration of the given (default: all) incidents."""
        self.graph = build_graph(self.analyses.values())
        ids = set(self.linker.incidents) if incident_ids is None else set(incident_ids)
        for iid in list(self.corroboration):
            if iid not in self.linker.incidents:
                del self.corroboration[iid]
        for iid in ids & set(self.linker.incidents):
            self.corroboration[iid] = corroborate(self.linker.incidents[iid], self.linker.items,
                                                  self.analyses, self.graph)

    def attach(self, analyses: Iterable[Analysis], resources=None) -> set[str]:
        """Add new analyses to the existing incidents (no rebuild)."""
        new = [a for a in analyses if a.document.id not in self.analyses]
        for a in new:
            self.analyses[a.document.id] = a
        items = [it for a in new for it in items_from_analysis(a)]
        _embed(items, resources)
        touched = self.linker.attach(items)
        self.refresh()
        return touched

    def relink(self) -> None:
        self.linker.relink()
        self.refresh()

    def incident_dict(self, inc: Incident) -> dict[str, Any]:
        items = [self.linker.items[m] for m in inc.members]
        d = inc.to_dict(self.linker.items)
        # Title from a report that states the happening (an anchor event) before one that only mentions it.
        ranked = [it.document_id for it in sorted(items, key=lambda it: it.kind != "event")]
        fallback = next((self.analyses[doc].document.title for doc in ranked
                         if self.analyses[doc].document.title), None) or _first_sentence(
                             self.analyses[ranked[0]].document.text)
        d["date"] = incident_date(items)
        d["place"] = incident_place(items)
        d["sub_event_types"] = [t for t, _ in Counter(it.sub_event_type for it in items if it.sub_event_type)
                                .most_common()]
        ihl = []
        for it in items:
            for ev in self.analyses[it.document_id].events:
                if ev.id in it.event_ids:
                    ihl += [i.code for i in ev.ihl if i.code not in ihl]
        d["ihl"] = ihl
        cor = self.corroboration.get(inc.id)
        if cor is not None:
            c = cor.to_dict()
            d.update({
                "independent_origins": c["independent_origins"], "status": c["status"],
                "suggested_status": c["status"], "corroborated": c["corroborated"], "disputed": c["disputed"],
                "sides": c["sides"], "origins": c["origins"], "evidence": c["evidence"], "hedges": c["hedges"],
                "caveats": c["caveats"], "contradictions": c["contradictions"],
            })
        d["title"] = incident_title(self._anchor(items, d["place"]), d["place"], d["date"],
                                    bool(d.get("corroborated")), fallback)
        d["dependence"] = self.graph.subgraph(inc.documents)
        return d

    def _anchor(self, items: list[LinkItem], place: dict[str, Any] | None) -> Event | None:
        """The event that names the incident: an anchor event at the incident's place, first placed first."""
        events = [it for it in items if it.kind == "event" and it.event_id]
        events.sort(key=lambda it: (place is None or it.place_name != place.get("name"), it.start or date.max))
        for it in events:
            ev = next((e for e in self.analyses[it.document_id].events if e.id == it.event_id), None)
            if ev is not None:
                return ev
        return None

    def incidents(self) -> list[dict[str, Any]]:
        return [self.incident_dict(inc) for inc in self.linker.incidents_list()]


def _first_sentence(text: str, limit: int = 120) -> str:
    first = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def incident_date(items: list[LinkItem]) -> dict[str, Any]:
    """The days all stated event dates agree on (else their span); report dates only as a fallback."""
    stated = [it for it in items if it.date_source == "event"]
    spans = [it.span for it in items if it.span]
    if not stated and spans:  # only wide stated dates ("in 2014"): they, not the reports' dates
        lo, hi = max(s[0] for s in spans), min(s[1] for s in spans)
        if lo > hi:
            lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
        return {"start": lo.isoformat(), "end": hi.isoformat(), "precision": "year" if (hi - lo).days > 62 else "month"}
    if not stated:  # only the publication dates bound it
        pub = sorted(it.published for it in items if it.published)
        if not pub:
            return {"start": None, "end": None, "precision": None}
        return {"start": pub[0].isoformat(), "end": pub[-1].isoformat(), "precision": "reported"}
    # The most precise stated dates speak for the incident; vaguer ones only had to overlap them.
    narrowest = min((it.end - it.start).days for it in stated)
    pool = [it for it in stated if (it.end - it.start).days <= max(narrowest, 0) + 1]
    lo, hi = max(it.start for it in pool), min(it.end for it in pool)
    if lo > hi:
        lo, hi = min(it.start for it in pool), max(it.end for it in pool)
    days = (hi - lo).days
    precision = "day" if days == 0 else "week" if days <= 7 else "month" if days <= 31 else "year"
    return {"start": lo.isoformat(), "end": hi.isoformat(), "precision": precision}


_PRECISION_ORDER = {"facility": 0, "city": 1, "other": 2, "admin2": 3, "admin1": 4, "country": 5}


def incident_place(items: list[LinkItem]) -> dict[str, Any] | None:
    """The most precise place the items name, the most often named among equals."""
    placed = [it for it in items if it.place_name]
    if not placed:
        return None
    counts = Counter(it.place_name for it in placed)
    best = min(placed, key=lambda it: (_PRECISION_ORDER.get(it.place_feature or "other", 2), -counts[it.place_name],
                                       it.place_name))
    return {"name": best.place_name, "lat": best.lat, "lon": best.lon, "feature": best.place_feature,
            "country": best.country, "admin1": best.admin1, "area": not best.is_point}


def _embed(items, resources) -> None:
    if any(it.embedding is None for it in items):
        if resources is None:

            resources = Resources()
        embed_items(items, resources.embedder)


def link_analyses(analyses: Iterable[Analysis], resources=None, constraints: ConstraintSet | None = None,
                  config: LinkConfig | None = None) -> LinkResult:
    """Link analyses from scratch: items → incidents → dependence graph → corroboration."""
    result = LinkResult(linker=Linker(config, constraints))
    result.attach(analyses, resources)
    return result
