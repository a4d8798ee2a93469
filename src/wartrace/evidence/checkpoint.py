"""Signed checkpoints of the custody chain (format in docs/EVIDENCE.md).

    {"schema": "wartrace.checkpoint/1", "seq": N, "head": "<entry_sha of entry N>",
     "created": "<UTC ISO 8601>", "counts": {table: rows}, "public_key": "<hex>",
     "signature": "<hex Ed25519 over the canonical JSON of every other field>",
     "timestamp_token": "<base64 DER RFC 3161 TimeStampResp over SHA-256 of those bytes>"}  # optional

Canonical JSON: keys sorted, no spaces, UTF-8; "every other field" is all but `signature`
and `timestamp_token`. A checkpoint covers entries 1..seq: once it is kept outside the store,
a rewritten or truncated chain no longer holds the entry it signed.
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from wartrace.evidence import keys, tsa
from wartrace.store.custody import GENESIS, canonical, utcnow
from wartrace.store.db import Store
from wartrace.store.models import CheckpointRow, CustodyRow
from wartrace.store.verify import table_counts

SCHEMA = "wartrace.checkpoint/1"
UNSIGNED = ("signature", "timestamp_token")
FIELDS = ("schema", "seq", "head", "created", "counts", "public_key", "signature")


class CheckpointProblem(ValueError):
    pass


def signed_bytes(cp: dict) -> bytes:
    return canonical({k: v for k, v in cp.items() if k not in UNSIGNED})


def make(store: Store, key: Ed25519PrivateKey, tsa_url: str | None = None) -> dict:
    """Sign the chain's head now, keep the checkpoint in the store and return it."""
    with store.session() as s:
        last = s.execute(select(CustodyRow.seq, CustodyRow.entry_sha).order_by(CustodyRow.seq.desc()).limit(1)).first()
        seq, head = (last[0], last[1]) if last else (0, GENESIS)
        cp = {"schema": SCHEMA, "seq": seq, "head": head, "created": utcnow(), "counts": table_counts(s),
              "public_key": keys.public_hex(key)}
        message = signed_bytes(cp)
        cp["signature"] = keys.sign(key, message)
        if tsa_url:
            cp["timestamp_token"] = tsa.timestamp(tsa_url, hashlib.sha256(message).digest())
        s.add(CheckpointRow(seq=seq, head=head, created=cp["created"], counts=cp["counts"],
                            public_key=cp["public_key"], signature=cp["signature"],
                            timestamp_token=cp.get("timestamp_token")))
        s.commit()
    return cp


def auto(store: Store, key_file: str | Path | None = None) -> dict | None:
    """A checkpoint after a command that changed the store, when a signing key is configured."""
    key = keys.configured_private(key_file)
    return make(store, key) if key else None


def auto_logged(store: Store) -> dict | None:
    """`auto` for servers: a key that cannot be read is logged, never fails the request that wrote."""
    try:
        return auto(store)
    except (keys.KeyProblem, OSError) as exc:
        logging.getLogger("wartrace.evidence").warning("no checkpoint after a workbench write: %s", exc)
        return None


def write(cp: dict, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(cp, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load(path: str | Path) -> dict:
    path = Path(path)
    try:
        cp = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CheckpointProblem(f"{path}: cannot read ({exc.strerror})") from None
    except (UnicodeError, json.JSONDecodeError) as exc:
        raise CheckpointProblem(f"{path}: not a JSON checkpoint ({exc})") from None
    if not isinstance(cp, dict):
        raise CheckpointProblem(f"{path}: not a JSON checkpoint object")
    return cp


def from_row(row: CheckpointRow) -> dict:
    cp = {"schema": SCHEMA, "seq": row.seq, "head": row.head, "created": row.created, "counts": row.counts,
          "public_key": row.public_key, "signature": row.signature}
    if row.timestamp_token:
        cp["timestamp_token"] = row.timestamp_token
    return cp


def stored(session: Session) -> list[dict]:
    return [from_row(r) for r in session.scalars(select(CheckpointRow).order_by(CheckpointRow.id))]


def problems(cp: dict, trusted: str | None = None) -> list[str]:
    """What is wrong with a checkpoint on its own: form, signature, key, timestamp imprint."""
    missing = [f for f in FIELDS if f not in cp]
    if missing or cp.get("schema") != SCHEMA:
        return [f"not a {SCHEMA} checkpoint (missing {', '.join(missing) or 'the schema'})"]
    if not isinstance(cp["seq"], int) or not isinstance(cp["head"], str):
        return ["seq must be an integer and head a hex string"]
    out = []
    if not keys.signature_ok(cp["public_key"], cp["signature"], signed_bytes(cp)):
        out.append("its signature does not verify: the checkpoint was edited or forged")
    elif trusted and cp["public_key"].lower() != trusted.lower():
        out.append(f"it is signed by another key ({cp['public_key'][:16]}…), not the trusted {trusted[:16]}…")
    token = cp.get("timestamp_token")
    if token:
        try:
            if not tsa.imprint_matches(base64.b64decode(token), hashlib.sha256(signed_bytes(cp)).digest()):
                out.append("its RFC 3161 timestamp is about other bytes")
        except (ValueError, TypeError, KeyError, tsa.TimestampProblem) as exc:
            out.append(f"its RFC 3161 timestamp is unreadable ({exc})")
    return out
