"""`wartrace verify`, the store's part: re-hash every blob, walk the custody chain, and hold
every row a reader sees to the newest custody entry for it.

Documents answer to their capture/amend/import entries, analyses to their analyse/import
entries, every other table to its row seals (store/seals.py). A row that differs is named,
as are an object with an entry but no row (deleted) and a row with no entry (inserted by
hand). Checkpoints (`anchors`: seq -> entry_sha, already signature-checked by the caller)
are held to the chain here too: the entry at each anchored seq must still have that hash.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import Callable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wartrace.store import seals
from wartrace.store.custody import GENESIS, analysis_sha, document_sha, entry_sha, sha256_obj
from wartrace.store.db import Store
from wartrace.store.models import AnalysisRow, CustodyRow, DocumentRow

DOCUMENT_ACTIONS = ("capture", "amend")
TABLES = ("documents", "analyses", *seals.SPECS)


@dataclass
class VerifyReport:
    blobs: int = 0
    documents: int = 0
    analyses: int = 0
    entries: int = 0
    head: dict | None = None  # {"seq", "entry_sha"} of the newest custody entry
    anchored: int | None = None  # the newest entry a valid checkpoint covers
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth knowing, not a failure

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {"ok": self.ok, "head": self.head, "anchored_through": self.anchored, "counts": self.counts, "blobs": self.blobs,
                "documents": self.documents, "analyses": self.analyses, "custody_entries": self.entries,
                "problems": self.problems, "notes": self.notes}


@dataclass
class Latest:
    """The newest entry (object_sha, seq) per object, by what the entry is about."""
    documents: dict[str, tuple[str, int]] = field(default_factory=dict)
    analyses: dict[str, tuple[str, int]] = field(default_factory=dict)
    seals: dict[str, tuple[str, int]] = field(default_factory=dict)

    def note(self, e: CustodyRow) -> None:
        kind = (e.detail or {}).get("kind") if e.action == "import" else None
        if e.action in DOCUMENT_ACTIONS or kind == "document":
            self.documents[e.object_id] = (e.object_sha, e.seq)
        elif e.action == "analyse" or kind == "analysis":
            self.analyses[e.object_id] = (e.object_sha, e.seq)
        elif e.action == seals.ACTION:
            self.seals[e.object_id] = (e.object_sha, e.seq)


def walk_chain(session: Session, problems: list[str], on_entry: Callable[[CustodyRow], None] | None = None
               ) -> tuple[int, dict | None]:
    """Check every link of the chain; (entries, head). Breaks are appended to `problems`."""
    prev, expected_seq, n, head = GENESIS, 1, 0, None
    for e in session.scalars(select(CustodyRow).order_by(CustodyRow.seq)).yield_per(2000):
        n += 1
        if e.seq != expected_seq:
            problems.append(f"custody chain broken at entry {e.seq}: expected sequence {expected_seq} "
                            f"(an entry was deleted or reordered)")
        elif e.prev_sha != prev:
            problems.append(f"custody chain broken at entry {e.seq}: prev_sha does not match entry "
                            f"{e.seq - 1} (an entry was deleted, reordered or edited)")
        elif entry_sha(e) != e.entry_sha:
            problems.append(f"custody entry {e.seq} was edited: its hash does not match its content")
        prev, expected_seq = e.entry_sha, e.seq + 1
        head = {"seq": e.seq, "entry_sha": e.entry_sha}
        if on_entry:
            on_entry(e)
    return n, head


def check_chain(store: Store) -> list[str]:
    """The internal consistency check alone: what a re-chained log passes."""
    problems: list[str] = []
    with store.session() as s:
        walk_chain(s, problems)
    return problems


def table_counts(session: Session) -> dict[str, int]:
    models = {"documents": DocumentRow, "analyses": AnalysisRow, "custody": CustodyRow,
              **{t: spec.model for t, spec in seals.SPECS.items()}}
    return {t: session.scalar(select(func.count()).select_from(m)) or 0 for t, m in models.items()}


def _check_anchors(e: CustodyRow, anchors: dict[int, str], seen: set[int], problems: list[str]) -> None:
    want = anchors.get(e.seq)
    if want is None:
        return
    seen.add(e.seq)
    if e.entry_sha != want:
        problems.append(f"custody entry {e.seq} is not the one checkpointed: its hash is {e.entry_sha[:16]}…, "
                        f"the checkpoint signed {want[:16]}… (the log was rewritten from there or before)")


def verify_store(store: Store, anchors: dict[int, str] | None = None) -> VerifyReport:
    rep = VerifyReport()
    anchors = anchors or {}
    latest, anchored = Latest(), set()
    checked: set[str] = set()
    with store.session() as s:
        def on_entry(e: CustodyRow) -> None:
            latest.note(e)
            _check_anchors(e, anchors, anchored, rep.problems)

        rep.entries, rep.head = walk_chain(s, rep.problems, on_entry)
        for seq in sorted(set(anchors) - anchored):
            rep.problems.append(f"custody entry {seq}, which a checkpoint signed, is gone: the log was truncated "
                                f"(it now ends at {rep.head['seq'] if rep.head else 0})")
        _check_documents(store, s, latest, rep, checked)
        _check_analyses(s, latest, rep)
        for spec in seals.SPECS.values():
            _check_sealed(s, spec, latest, rep)
        rep.counts = table_counts(s)
    for sha in store.blobs.all():
        rep.blobs += 1
        if sha in checked:
            continue
        reason = store.blobs.verify(sha)
        if reason:
            rep.problems.append(f"blob {sha}: {reason}")
    rep.counts["blobs"] = rep.blobs
    return rep


def _check_documents(store: Store, s: Session, latest: Latest, rep: VerifyReport, checked: set[str]) -> None:
    for row in s.scalars(select(DocumentRow).order_by(DocumentRow.captured_at)).yield_per(500):
        rep.documents += 1
        sha = row.id.split(":", 1)[1]
        want = latest.documents.pop(row.id, None)
        if want is None:
            rep.problems.append(f"document {row.id} has no custody entry (inserted by hand)")
        elif document_sha(row) != want[0]:
            rep.problems.append(f"document {row.id} was changed after capture (row hash differs from custody "
                                f"entry {want[1]})")
        reason = store.blobs.verify(sha)
        checked.add(sha)
        if reason:
            rep.problems.append(f"blob {sha} of document {row.id}: {reason}")
    for doc_id, (_, seq) in latest.documents.items():
        rep.problems.append(f"document {doc_id} was deleted: custody entry {seq} records it, the store has no row")


def _check_analyses(s: Session, latest: Latest, rep: VerifyReport) -> None:
    for row in s.scalars(select(AnalysisRow)).yield_per(500):
        rep.analyses += 1
        want = latest.analyses.pop(row.document_id, None)
        if want is None:
            rep.problems.append(f"analysis of {row.document_id} has no custody entry (inserted by hand)")
        elif analysis_sha(row) != want[0]:
            rep.problems.append(f"analysis of {row.document_id} was changed after it was recorded "
                                f"(custody entry {want[1]})")
    for doc_id, (_, seq) in latest.analyses.items():
        rep.problems.append(f"analysis of {doc_id} was deleted: custody entry {seq} records it, the store has no row")


def _groups(s: Session, spec: seals.Spec) -> Iterator[tuple[object, list]]:
    col = getattr(spec.model, spec.group)
    rows = s.scalars(select(spec.model).order_by(col)).yield_per(1000)
    for group, part in groupby(rows, key=lambda r: getattr(r, spec.group)):
        yield group, list(part)


def _check_sealed(s: Session, spec: seals.Spec, latest: Latest, rep: VerifyReport) -> None:
    for group, rows in _groups(s, spec):
        oid = seals.object_id(spec.table, group)
        now = seals.digest(spec, rows)
        want = latest.seals.pop(oid, None)
        if want is None:
            rep.problems.append(f"{spec.table} {group}: {_keys(now)} with no custody entry (inserted by hand)")
        elif sha256_obj(now) != want[0]:
            rep.problems.append(_difference(s, spec, group, now, want[1]))
    for oid, (sha, seq) in latest.seals.items():
        table, group = oid.split(":", 1)
        if table == spec.table and sha != seals.EMPTY:
            rep.problems.append(f"{table} {group} was deleted: custody entry {seq} records its rows, the store has none")


def _keys(rows: dict[str, str], limit: int = 3) -> str:
    keys = list(rows)
    more = f" and {len(keys) - limit} more" if len(keys) > limit else ""
    return "row " + ", ".join(keys[:limit]) + more if len(keys) == 1 else "rows " + ", ".join(keys[:limit]) + more


def _difference(s: Session, spec: seals.Spec, group, now: dict[str, str], seq: int) -> str:
    """Name the rows that differ from the seal (entry `seq`): edited, deleted, inserted."""
    sealed = (s.get(CustodyRow, seq).detail or {}).get("rows") or {}
    edited = {k: v for k, v in now.items() if k in sealed and sealed[k] != v}
    gone = {k: v for k, v in sealed.items() if k not in now}
    added = {k: v for k, v in now.items() if k not in sealed}
    parts = ([f"{_keys(edited)} edited"] if edited else []) + ([f"{_keys(gone)} deleted"] if gone else []) + \
        ([f"{_keys(added)} inserted by hand"] if added else [])
    return f"{spec.table} {group} differ from custody entry {seq}: " + ("; ".join(parts) or "rows changed")
