"""Incidents in the store: the rows the linker's runs leave, reviewer link constraints, reading back.

    analyses = load_analyses(session)          # what the linker links
    incidents = list_incidents(session)        # dicts per docs/spec/extract.md
    get_incident(session, "inc-…")             # one incident with its reviews and document details
    list_decisions(session, "inc-a")           # reviewer merges and splits

Membership lives in incident_members (one row per event, or per document for a report
without events); reviewer merges and splits live in link_constraints as item pairs and are
re-applied on every run; a reviewer's status override is a reviews row plus a custody
entry and is never replaced by the suggested status. Item embeddings are a cache next to
the blobs (recomputable, so not in the ledger). The runs themselves (link_pending,
relink_all, reviewer merges and splits) are orchestrated in wartrace.workflow; this module
only loads and saves.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Iterable

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wartrace.linking.constraints import CANNOT, Constraint, ConstraintSet
from wartrace.linking.incidents import Linker
from wartrace.linking.items import LinkItem, event_item_id
from wartrace.model import Analysis, analysis_from_dict
from wartrace.store import custody
from wartrace.store.documents import to_document
from wartrace.store.models import (
    AnalysisRow,
    DependenceRow,
    DocumentRow,
    IncidentMemberRow,
    IncidentRow,
    LinkConstraintRow,
    ReviewRow,
)
from wartrace.store.review import reapply_corrections

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

    def fill(self, items: list[LinkItem]) -> list[LinkItem]:
        """Give each item its cached vector; returns the items that have none (to embed, then `add`)."""
        todo = []
        for it in items:
            v = self.vectors.get(self.key(it.text))
            if v is not None:
                it.embedding = v
            else:
                todo.append(it)
        return todo

    def add(self, items: list[LinkItem]) -> None:
        for it in items:
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


# --- saving a linking run -------------------------------------------------------------------

def save_incidents(s: Session, lk: Linker, summaries: dict[str, dict[str, Any]], removed: list[str],
                   actor: str) -> None:
    """Write a run's incidents: delete the removed ones, rewrite each summarised one (row, members,
    a custody entry), keep reviewers' status overrides and re-apply their corrections."""
    overridden = set(s.scalars(select(ReviewRow.object_id).where(ReviewRow.object_type == "incident",
                                                                   ReviewRow.action == "status")))
    gone = removed + sorted(summaries)
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
    for iid in sorted(summaries):
        inc = lk.incidents[iid]
        row = s.get(IncidentRow, iid) or IncidentRow(id=iid)
        _fill_row(row, summaries[iid], keep_status=iid in overridden)
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


def save_dependencies(s: Session, graph, docs: set[str]) -> None:
    """Replace the dependence edges leaving these documents with the graph's."""
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

def items_of(session: Session, incident_id: str) -> list[str]:
    """The linking items of an incident (event ids, or document ids of whole-document reports)."""
    rows = session.execute(select(IncidentMemberRow.document_id, IncidentMemberRow.event_id)
                           .where(IncidentMemberRow.incident_id == incident_id))
    return [ev or doc for doc, ev in rows]


def save_constraint(session: Session, c: Constraint, crow: dict[str, LinkConstraintRow],
                    constraints: ConstraintSet) -> None:
    """Store a reviewer's merge (must-link) or split (cannot-link) as item pairs."""
    pairs = list(c.pairs()) if c.kind == CANNOT else [(sorted(c.items())[0], b) for b in sorted(c.items())[1:]]
    for a, b in pairs:
        session.add(LinkConstraintRow(kind=c.kind, a=a, b=b, actor=c.reviewer or "reviewer", reason=c.reason,
                                      created_at=c.created_at, active=True))
    # Earlier decisions that this one overrides are deactivated, not deleted.
    for old in constraints.all:
        if not old.active and old.id in crow:
            crow[old.id].active = False


def list_decisions(session: Session, incident_id: str | None = None) -> list[dict[str, Any]]:
    """Reviewer merges and splits, one entry per decision (its rows share kind, reviewer and time)."""
    rows = list(session.scalars(select(LinkConstraintRow).order_by(LinkConstraintRow.id)))
    items = set(items_of(session, incident_id)) if incident_id else None
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


def deactivate_decision(session: Session, decision_id: str) -> list[LinkConstraintRow]:
    """Mark a decision's rows inactive (a revocation); KeyError when no active decision has this id."""
    kind, created_at, actor = decision_id.split("@", 2)
    rows = list(session.scalars(select(LinkConstraintRow).where(
        LinkConstraintRow.kind == kind, LinkConstraintRow.created_at == created_at,
        LinkConstraintRow.actor == actor, LinkConstraintRow.active.is_(True))))
    if not rows:
        raise KeyError(decision_id)
    for r in rows:
        r.active = False
    session.flush()
    return rows
