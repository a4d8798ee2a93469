"""Incidents in the store: incremental linking runs, reviewer decisions, reading back.

    report = link_pending(store)               # analyse nothing; link what is analysed and not linked
    incidents = list_incidents(session)        # dicts per shared/spec/extract.md
    set_status(session, "inc-…", "corroborated", reviewer="ana", reason="…")
    merge_incidents(store, ["inc-a", "inc-b"], reviewer="ana", reason="…")
    split_incident(store, "inc-a", [[doc or event ids…], […]], reviewer="ana", reason="…")
    revoke_decision(store, list_decisions(session, "inc-a")[0]["id"], reviewer="ana")   # undo

Membership lives in incident_members (one row per event, or per document for a report
without events); reviewer merges and splits live in link_constraints as item pairs and are
re-applied on every run; a reviewer's status override is a reviews row plus a custody
entry and is never replaced by the suggested status. Item embeddings are a cache next to
the blobs (recomputable, so not in the ledger).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wartrace.linking.api import LinkResult
from wartrace.linking.constraints import CANNOT, MUST, Constraint, ConstraintSet
from wartrace.linking.corroboration import corroborate
from wartrace.linking.dependence import build_graph
from wartrace.linking.incidents import Linker
from wartrace.linking.items import LinkItem, embed_items, event_item_id, items_from_analysis
from wartrace.model import Analysis, analysis_from_dict
from wartrace.store import custody
from wartrace.store.documents import to_document
from wartrace.store.review import reapply_corrections, record_decision
from wartrace.store.models import (AnalysisRow, DependenceRow, DocumentRow, IncidentMemberRow, IncidentRow,
                                   LinkConstraintRow, ReviewRow)

@dataclass
class LinkReport:
    items_new: int = 0
    incidents_touched: list[str] = field(default_factory=list)
    incidents_total: int = 0
    removed: list[str] = field(default_factory=list)


# --- loading -----------------------------------------------------------------------

def load_analyses(session: Session, doc_ids: Iterable[str] | None = None) -> dict[str, Analysis]:
    q = select(AnalysisRow, DocumentRow).join(DocumentRow, DocumentRow.id == AnalysisRow.document_id)
    if doc_ids is not None:
        q = q.where(AnalysisRow.document_id.in_(list(doc_ids)))
    return {doc.id: analysis_from_dict(row.result, to_document(doc)) for row, doc in session.execute(q)}


def load_membership(session: Session) -> dict[str, str]:
    """item id (event id, or document id for a whole-document report) -> incident id."""
    rows = session.execute(select(IncidentMemberRow.incident_id, IncidentMemberRow.document_id,
                                  IncidentMemberRow.event_id))
    return {(ev or doc): inc for inc, doc, ev in rows}


def load_constraints(session: Session) -> tuple[ConstraintSet, dict[str, LinkConstraintRow]]:
    rows = list(session.scalars(select(LinkConstraintRow).order_by(LinkConstraintRow.id)))
    cs = ConstraintSet([Constraint(kind=r.kind, groups=[[r.a], [r.b]], reviewer=r.actor, reason=r.reason,
                                   id=f"lc-{r.id}", created_at=r.created_at, active=r.active) for r in rows])
    return cs, {f"lc-{r.id}": r for r in rows}


# --- embedding cache -----------------------------------------------------------------

class EmbeddingCache:
    """MiniLM vectors of item texts, one .npz per linking run, keyed by a hash of the text."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.vectors: dict[str, np.ndarray] = {}
        self._new: dict[str, np.ndarray] = {}
        if folder.exists():
            for f in sorted(folder.glob("*.npz")):
                with np.load(f) as z:
                    for k, v in zip(z["keys"], z["vectors"]):
                        self.vectors[str(k)] = v

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def fill(self, items: list[LinkItem], embedder_loader: Callable[[], Any]) -> None:
        todo = []
        for it in items:
            v = self.vectors.get(self.key(it.text))
            if v is not None:
                it.embedding = v
            else:
                todo.append(it)
        if todo:
            embed_items(todo, embedder_loader())
            for it in todo:
                self._new[self.key(it.text)] = it.embedding
                self.vectors[self.key(it.text)] = it.embedding

    def save(self) -> None:
        if not self._new:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        n = len(list(self.folder.glob("*.npz")))
        keys = np.array(list(self._new))
        np.savez(self.folder / f"run-{n:05d}.npz", keys=keys, vectors=np.stack(list(self._new.values())))
        self._new.clear()


def cache_folder(store) -> Path:
    return Path(store.blobs.root).parent / "cache" / "link-embeddings"


# --- linking runs ----------------------------------------------------------------------

def _restore(store, session: Session, resources=None) -> tuple[LinkResult, list[LinkItem], EmbeddingCache,
                                                              dict[str, LinkConstraintRow]]:
    analyses = load_analyses(session)
    membership = load_membership(session)
    constraints, crow = load_constraints(session)
    items = [it for a in analyses.values() for it in items_from_analysis(a)]
    cache = EmbeddingCache(cache_folder(store))

    def embedder():
        if resources is not None:
            return resources.embedder
        from wartrace.analysis.resources import Resources

        return Resources().embedder

    cache.fill(items, embedder)
    known = [it for it in items if it.id in membership]
    new = [it for it in items if it.id not in membership]
    lk = Linker.from_incidents(known, membership, constraints=constraints)
    return LinkResult(linker=lk, analyses=analyses), new, cache, crow


def link_pending(store, resources=None, actor: str = "system") -> LinkReport:
    """Attach every analysed, not yet linked item to the stored incidents (no rebuild)."""
    with store.session() as s:
        result, new, cache, _ = _restore(store, s, resources)
        stored = load_membership(s)
        result.linker.attach(new)
        if not stored and result.linker.config.refine_rounds:
            result.linker.refine(result.linker.config.refine_rounds)  # a first run is a batch link
        touched, removed = _save(s, result, stored, actor)
        s.commit()
    cache.save()
    return LinkReport(items_new=len(new), incidents_touched=touched,
                      incidents_total=len(result.linker.incidents), removed=removed)


def relink_all(store, resources=None, actor: str = "system") -> LinkReport:
    """Rebuild every incident from the analyses and the reviewer constraints."""
    with store.session() as s:
        result, new, cache, _ = _restore(store, s, resources)
        stored = load_membership(s)
        result.linker.attach(new)
        result.linker.relink()
        touched, removed = _save(s, result, stored, actor, force=set(result.linker.incidents))
        s.commit()
    cache.save()
    return LinkReport(items_new=len(new), incidents_touched=touched,
                      incidents_total=len(result.linker.incidents), removed=removed)


def _save(s: Session, result: LinkResult, stored: dict[str, str], actor: str,
          force: set[str] = frozenset()) -> tuple[list[str], list[str]]:
    """Write the incidents whose membership changed since `stored` (item -> incident) plus `force`."""
    lk = result.linker
    removed = sorted({iid for item, iid in stored.items() if item in lk.items} - set(lk.incidents)
                     | (set(stored.values()) - set(lk.incidents)))
    touched = {iid for item, iid in lk.item_incident.items() if stored.get(item) != iid}
    touched |= {iid for item, iid in stored.items()
                if item in lk.items and lk.item_incident.get(item) != iid and iid in lk.incidents}
    touched |= set(force) & set(lk.incidents)
    # Rows left by an earlier analysis of a document (its events renumbered since) are rewritten.
    live = set(lk.items) | {event_item_id(it.document_id, e) for it in lk.items.values() for e in it.event_ids}
    touched |= {iid for item, iid in stored.items() if item not in live and iid in lk.incidents}
    docs = {d for iid in touched for d in lk.incidents[iid].documents}
    result.graph = build_graph(result.analyses[d] for d in sorted(docs))
    overridden = set(s.scalars(select(ReviewRow.object_id).where(ReviewRow.object_type == "incident",
                                                                   ReviewRow.action == "status")))
    gone = removed + sorted(touched)
    for chunk in range(0, len(gone), 500):
        part = gone[chunk:chunk + 500]
        s.execute(delete(IncidentMemberRow).where(IncidentMemberRow.incident_id.in_(part)))
    for iid in removed:
        row = s.get(IncidentRow, iid)
        if row is not None:
            s.delete(row)
            custody.append(s, action="incident_removed", object_id=iid, object_sha=custody.sha256_obj({"id": iid}),
                           actor=actor, detail={"reason": "re-linked into other incidents"})
    s.flush()
    written: list[IncidentRow] = []
    for iid in sorted(touched):
        inc = lk.incidents[iid]
        result.corroboration[iid] = corroborate(inc, lk.items, result.analyses, result.graph)
        summary = result.incident_dict(inc)
        row = s.get(IncidentRow, iid) or IncidentRow(id=iid)
        _fill_row(row, summary, keep_status=iid in overridden)
        s.add(row)
        s.flush()
        written.append(row)
        for m in inc.members:
            it = lk.items[m]
            # The item's own row (its anchor event, or the document), then the events it carries.
            s.add(IncidentMemberRow(incident_id=iid, document_id=it.document_id, event_id=it.id if it.event_id else None))
            for e in it.event_ids:
                ev_id = event_item_id(it.document_id, e)
                if ev_id != it.id:
                    s.add(IncidentMemberRow(incident_id=iid, document_id=it.document_id, event_id=ev_id))
        custody.append(s, action="link", object_id=iid, object_sha=custody.sha256_obj(
            {"members": sorted(inc.members), "status": row.suggested_status}), actor=actor,
            detail={"documents": len(inc.documents), "items": len(inc.members),
                    "independent_origins": row.independent_origins, "suggested_status": row.suggested_status})
    reapply_corrections(s, written)
    _save_dependencies(s, result.graph, docs)
    return sorted(touched), removed


def _fill_row(row: IncidentRow, d: dict[str, Any], keep_status: bool) -> None:
    row.event_type = d["event_type"]
    subs = [o for o in d.get("sub_event_types", [])]
    row.sub_event_type = subs[0] if subs else None
    row.title = d.get("title")
    row.date_start, row.date_end = d["date"]["start"], d["date"]["end"]
    row.date_precision = d["date"].get("precision")
    place = d.get("place") or {}
    row.lat, row.lon, row.place = place.get("lat"), place.get("lon"), place.get("name")
    row.place_feature, row.country, row.admin1 = place.get("feature"), place.get("country"), place.get("admin1")
    row.actors = " | ".join(d.get("actors") or []) or None
    row.sides = " | ".join(sorted(d.get("sides") or {})) or None
    row.ihl = " ".join(d.get("ihl") or []) or None
    row.independent_origins = d.get("independent_origins", 0)
    row.suggested_status = d.get("suggested_status", "unverified")
    if not keep_status or not row.status:
        row.status = row.suggested_status
    d["status"] = row.status
    row.summary = d
    row.updated_at = custody.utcnow()


def _save_dependencies(s: Session, graph, docs: set[str]) -> None:
    docs_l = sorted(docs)
    for chunk in range(0, len(docs_l), 500):
        s.execute(delete(DependenceRow).where(DependenceRow.source.in_(docs_l[chunk:chunk + 500])))
    for e in graph.edges:
        if e.source in docs:
            s.add(DependenceRow(source=e.source, target=e.target, kind=e.kind, score=e.score, evidence=e.evidence))


# --- reading -----------------------------------------------------------------------------

def list_incidents(session: Session, limit: int | None = None, status: str | None = None) -> list[dict[str, Any]]:
    q = select(IncidentRow).order_by(IncidentRow.date_start.desc().nulls_last(), IncidentRow.id)
    if status:
        q = q.where(IncidentRow.status == status)
    if limit:
        q = q.limit(limit)
    return [incident_from_row(r) for r in session.scalars(q)]


def incident_from_row(row: IncidentRow) -> dict[str, Any]:
    d = dict(row.summary or {})
    d.update(id=row.id, status=row.status, suggested_status=row.suggested_status,
             independent_origins=row.independent_origins)
    d.setdefault("documents", [])
    d.setdefault("events", [])
    return d


def get_incident(session: Session, incident_id: str) -> dict[str, Any] | None:
    row = session.get(IncidentRow, incident_id)
    if row is None:
        rows = session.scalars(select(IncidentRow).where(IncidentRow.id.like(f"{incident_id}%")).limit(2)).all()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        return None
    d = incident_from_row(row)
    d["reviews"] = [{"action": r.action, "field": r.field, "old": r.old_value, "new": r.new_value, "by": r.actor,
                     "reason": r.reason, "at": r.at}
                    for r in session.scalars(select(ReviewRow).where(ReviewRow.object_type == "incident",
                                                                      ReviewRow.object_id == row.id)
                                             .order_by(ReviewRow.id))]
    docs = {doc.id: doc for doc in session.scalars(select(DocumentRow).where(DocumentRow.id.in_(d["documents"])))}
    d["document_info"] = {i: {"title": x.title, "source": x.source, "published": x.published, "url": x.url,
                              "path": x.origin_path}
                          for i, x in docs.items()}
    return d


# --- reviewer decisions --------------------------------------------------------------------

def _items_of(session: Session, incident_id: str) -> list[str]:
    rows = session.execute(select(IncidentMemberRow.document_id, IncidentMemberRow.event_id)
                           .where(IncidentMemberRow.incident_id == incident_id))
    return [ev or doc for doc, ev in rows]


def _record_constraint(session: Session, c: Constraint, crow: dict[str, LinkConstraintRow],
                       constraints: ConstraintSet) -> None:
    pairs = list(c.pairs()) if c.kind == CANNOT else [(sorted(c.items())[0], b) for b in sorted(c.items())[1:]]
    for a, b in pairs:
        session.add(LinkConstraintRow(kind=c.kind, a=a, b=b, actor=c.reviewer or "reviewer", reason=c.reason,
                                      created_at=c.created_at, active=True))
    # Earlier decisions that this one overrides are deactivated, not deleted.
    for old in constraints.all:
        if not old.active and old.id in crow:
            crow[old.id].active = False


def _apply(store, make: Callable[[Session, LinkResult], Constraint], reviewer: str, resources=None) -> LinkReport:
    with store.session() as s:
        result, new, cache, crow = _restore(store, s, resources)
        stored = load_membership(s)
        result.linker.attach(new)
        c = make(s, result)
        after_ids = sorted({result.linker.item_incident[i] for i in c.items()})
        _record_constraint(s, c, crow, result.linker.constraints)
        action = "merge" if c.kind == MUST else "split"
        touched, removed = _save(s, result, stored, reviewer, force=set(after_ids))
        record_decision(s, after_ids, action, reviewer, c.reason,
                        {iid: result.linker.incidents[iid].members for iid in after_ids}, {"groups": c.groups})
        s.commit()
    cache.save()
    return LinkReport(items_new=len(new), incidents_touched=touched,
                      incidents_total=len(result.linker.incidents), removed=removed)


def merge_incidents(store, incident_ids: list[str], reviewer: str, reason: str,
                    resources=None) -> LinkReport:
    def make(s: Session, result: LinkResult) -> Constraint:
        groups = [[i for i in _items_of(s, iid) if i in result.linker.items] for iid in incident_ids]
        if any(not g for g in groups):
            raise KeyError(f"unknown incident among {incident_ids}")
        c = Constraint(kind=MUST, groups=groups, reviewer=reviewer, reason=reason)
        result.linker.add_constraint(c)
        return c

    return _apply(store, make, reviewer, resources)


def split_incident(store, incident_id: str, groups: list[list[str]], reviewer: str, reason: str,
                   resources=None) -> LinkReport:
    """Split an incident; each group lists document ids or event ids of its members."""
    def make(s: Session, result: LinkResult) -> Constraint:
        members = [i for i in _items_of(s, incident_id) if i in result.linker.items]
        if not members:
            raise KeyError(incident_id)
        lk = result.linker
        resolved = []
        for g in groups:
            ids = [m for m in members if m in g or lk.items[m].document_id in g]
            if not ids:
                raise ValueError(f"a group names no member of {incident_id}: {g}")
            resolved.append(ids)
        c = Constraint(kind=CANNOT, groups=resolved, reviewer=reviewer, reason=reason)
        lk.add_constraint(c)
        return c

    return _apply(store, make, reviewer, resources)


def list_decisions(session: Session, incident_id: str | None = None) -> list[dict[str, Any]]:
    """Reviewer merges and splits, one entry per decision (its rows share kind, reviewer and time)."""
    rows = list(session.scalars(select(LinkConstraintRow).order_by(LinkConstraintRow.id)))
    items = set(_items_of(session, incident_id)) if incident_id else None
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        key = f"{r.kind}@{r.created_at}@{r.actor}"
        d = out.setdefault(key, {"id": key, "kind": r.kind, "reviewer": r.actor, "reason": r.reason,
                                 "created_at": r.created_at, "active": r.active, "items": []})
        d["items"] += [x for x in (r.a, r.b) if x not in d["items"]]
        d["active"] = d["active"] and r.active
    found = list(out.values())
    if items is not None:
        found = [d for d in found if items & set(d["items"])]
    return found


def revoke_decision(store, decision_id: str, reviewer: str, reason: str,
                    resources=None) -> LinkReport:
    """Undo a reviewer's merge or split: its rows become inactive and the incidents it touched
    are re-linked without it. Logged in the custody chain."""
    kind, created_at, actor = decision_id.split("@", 2)
    with store.session() as s:
        rows = list(s.scalars(select(LinkConstraintRow).where(
            LinkConstraintRow.kind == kind, LinkConstraintRow.created_at == created_at,
            LinkConstraintRow.actor == actor, LinkConstraintRow.active.is_(True))))
        if not rows:
            raise KeyError(decision_id)
        for r in rows:
            r.active = False
        s.flush()
        result, new, cache, _ = _restore(store, s, resources)
        stored = load_membership(s)
        result.linker.attach(new)
        items = {x for r in rows for x in (r.a, r.b) if x in result.linker.items}
        result.linker._rebuild_around(items)
        after = sorted({result.linker.item_incident[i] for i in items})
        touched, removed = _save(s, result, stored, reviewer, force=set(after))
        record_decision(s, after, "revoke", reviewer, reason,
                        {iid: result.linker.incidents[iid].members for iid in after}, {"decision": decision_id})
        s.commit()
    cache.save()
    return LinkReport(items_new=len(new), incidents_touched=touched,
                      incidents_total=len(result.linker.incidents), removed=removed)
