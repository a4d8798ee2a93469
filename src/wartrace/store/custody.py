"""The custody log: append-only, each entry chained to the previous by SHA-256.

entry_sha = sha256(canonical JSON of {seq, at, actor, action, object_id, object_sha,
prev_sha, detail}). Deleting, editing or reordering any entry breaks the chain at that
point, and `verify` names the first break.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from wartrace.store.models import AnalysisRow, CustodyRow, DocumentRow

GENESIS = "0" * 64
DOCUMENT_FIELDS = ("id", "kind", "title", "text", "published", "language", "source", "url", "author",
                   "parent_id", "captured_at", "tool_version", "media_type", "size", "origin_path", "meta")


def canonical(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode("utf-8")


def sha256_obj(obj) -> str:
    return hashlib.sha256(canonical(obj)).hexdigest()


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def document_sha(row: DocumentRow) -> str:
    """Hash of the document row as stored: any edit to a stored field changes it.

    `provenance` counts only when set, so documents captured before it existed keep their hash."""
    fields = {f: getattr(row, f) for f in DOCUMENT_FIELDS}
    if getattr(row, "provenance", None):
        fields["provenance"] = row.provenance
    return sha256_obj(fields)


def analysis_sha(row: AnalysisRow) -> str:
    return sha256_obj({"document_id": row.document_id, "schema": row.schema, "result": row.result})


def entry_sha(entry: CustodyRow) -> str:
    return sha256_obj({"seq": entry.seq, "at": entry.at, "actor": entry.actor, "action": entry.action,
                       "object_id": entry.object_id, "object_sha": entry.object_sha,
                       "prev_sha": entry.prev_sha, "detail": entry.detail or {}})


def lock_chain(session: Session) -> None:
    """Serialise appenders so two writers never claim the same sequence number (held to commit)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(720301)"))


def append(session: Session, *, action: str, object_id: str, object_sha: str, actor: str = "system",
           detail: dict | None = None) -> CustodyRow:
    """Add one entry in the caller's transaction (it commits with the change it records).

    The chain's tail is read once per transaction and then kept in session.info, so a
    batch of appends costs one query; `forget_tail` drops it when the transaction ends.
    """
    tail = session.info.get(_TAIL)
    if tail is None:
        lock_chain(session)
        session.flush()
        last = session.execute(select(CustodyRow.seq, CustodyRow.entry_sha).order_by(CustodyRow.seq.desc()).limit(1)).first()
        tail = (last[0], last[1]) if last else (0, GENESIS)
    seq, prev = tail[0] + 1, tail[1]
    entry = CustodyRow(seq=seq, at=utcnow(), actor=actor, action=action, object_id=object_id,
                       object_sha=object_sha, prev_sha=prev, detail=detail or {})
    entry.entry_sha = entry_sha(entry)
    session.add(entry)
    session.info[_TAIL] = (seq, entry.entry_sha)
    session.info[ACTOR] = actor  # row seals written at commit name who acted in this transaction
    return entry


_TAIL = "wartrace_custody_tail"
ACTOR = "wartrace_custody_actor"


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def forget_tail(session: Session) -> None:
    """Another writer may append between our transactions: re-read the tail next time."""
    session.info.pop(_TAIL, None)
    session.info.pop(ACTOR, None)


def entries_for(session: Session, object_id: str) -> list[CustodyRow]:
    return list(session.scalars(select(CustodyRow).where(CustodyRow.object_id == object_id).order_by(CustodyRow.seq)))
