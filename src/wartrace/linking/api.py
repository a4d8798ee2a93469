"""One call from analyses to incidents with their dependence graph and corroboration.

    result = link_analyses(analyses, resources)            # or attach to result.linker
    for inc in result.incidents(): ...                      # dicts per shared/spec/extract.md

The dict of an incident holds the spec's keys ("id", "documents", "events",
"independent_origins", "status") plus what the workbench and exports read: type,
dates, places, actors, origins by side, evidence, hedges, caveats, contradictions,
the dependence graph among its documents.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from wartrace.linking.constraints import ConstraintSet
from wartrace.linking.corroboration import Corroboration, corroborate
from wartrace.linking.dependence import DependenceGraph, build_graph
from wartrace.linking.incidents import Incident, LinkConfig, Linker
from wartrace.linking.items import embed_items, items_from_analysis
from wartrace.model import Analysis


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
        d = inc.to_dict(self.linker.items)
        d["events"] = [m for m in inc.members if self.linker.items[m].event_id]
        d.pop("event_refs", None)
        cor = self.corroboration.get(inc.id)
        if cor is not None:
            c = cor.to_dict()
            d.update({
                "independent_origins": c["independent_origins"], "status": c["status"],
                "suggested_status": c["status"], "corroborated": c["corroborated"], "disputed": c["disputed"],
                "sides": c["sides"], "origins": c["origins"], "evidence": c["evidence"], "hedges": c["hedges"],
                "caveats": c["caveats"], "contradictions": c["contradictions"],
            })
        docs = set(inc.documents)
        g = self.graph.to_dict()
        d["dependence"] = {
            "nodes": [n for n in g["nodes"] if n["id"] in docs or any(
                e["source"] in docs and e["target"] == n["id"] for e in g["edges"])],
            "edges": [e for e in g["edges"] if e["source"] in docs],
        }
        return d

    def incidents(self) -> list[dict[str, Any]]:
        return [self.incident_dict(inc) for inc in self.linker.incidents_list()]


def _embed(items, resources) -> None:
    if any(it.embedding is None for it in items):
        if resources is None:
            from wartrace.analysis.resources import Resources

            resources = Resources()
        embed_items(items, resources.embedder)


def link_analyses(analyses: Iterable[Analysis], resources=None, constraints: ConstraintSet | None = None,
                  config: LinkConfig | None = None) -> LinkResult:
    """Link analyses from scratch: items → incidents → dependence graph → corroboration."""
    result = LinkResult(linker=Linker(config, constraints))
    result.attach(analyses, resources)
    return result
