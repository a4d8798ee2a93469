"""What an adversary with write access to the database does, for the evidence tests.

Tampering goes through a bare connection (as sqlite3 or psql would), never through a
wartrace session, so no row seal records it. On PostgreSQL the append-only triggers are
bypassed the way the database owner could (session_replication_role = replica).
"""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import delete, insert, select, text

from wartrace.store.custody import GENESIS, sha256_obj
from wartrace.store.models import CheckpointRow, CustodyRow

ENTRY_FIELDS = ("seq", "at", "actor", "action", "object_id", "object_sha", "prev_sha", "detail")


@contextmanager
def raw_access(store):
    with store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        yield conn


def entries(conn) -> list[dict]:
    return [dict(r._mapping) for r in conn.execute(select(CustodyRow).order_by(CustodyRow.seq))]


def rechain(conn, keep) -> None:
    """Rewrite the whole log: entries for which keep(entry) is falsy go, edits keep(entry) made stay,
    the rest are renumbered and re-hashed so the chain is internally consistent again. Stored
    checkpoints are erased too (an attacker would); files kept elsewhere are not reachable."""
    kept = [e for e in entries(conn) if keep(e)]
    prev = GENESIS
    for seq, e in enumerate(kept, 1):
        e["seq"], e["prev_sha"] = seq, prev
        e["entry_sha"] = sha256_obj({f: e[f] if f != "detail" else e[f] or {} for f in ENTRY_FIELDS})
        prev = e["entry_sha"]
    conn.execute(delete(CustodyRow))
    conn.execute(delete(CheckpointRow))
    if kept:
        conn.execute(insert(CustodyRow), kept)
