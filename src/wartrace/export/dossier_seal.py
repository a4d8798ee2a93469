"""A dossier's own seal, so it verifies alone, without the database.

Issued with a signing key, a dossier ends with one line after its last byte of content
(an HTML comment, or a PDF comment after %%EOF, which readers ignore):

    wartrace-dossier-seal/1 <base64 of the seal's JSON>

    {"schema": "wartrace.dossier-seal/1", "incident", "issued", "body_sha256": SHA-256 of every
     byte before the seal line, "entries": [{seq, entry_sha} of the custody entries it shows],
     "head": {seq, entry_sha}, "checkpoint": {…wartrace.checkpoint/1…},
     "chain": [the custody entries from its oldest listed entry up to the checkpoint],
     "public_key", "signature": Ed25519 over the canonical JSON of every other field}

`verify --dossier FILE --public-key KEY` re-hashes the body, checks both signatures against
KEY, and walks the chain from the listed entries up to the signed head.
"""
from __future__ import annotations

import base64
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from wartrace.evidence import checkpoint as cps
from wartrace.evidence import keys
from wartrace.export.provenance import ENTRY_FIELDS, entry_dict_sha
from wartrace.hashing import sha256_bytes
from wartrace.store.custody import canonical, utcnow
from wartrace.store.db import Store
from wartrace.store.models import CustodyRow

SCHEMA = "wartrace.dossier-seal/1"
MARK = b"wartrace-dossier-seal/1 "


def _wrap(fmt: str, token: bytes) -> bytes:
    return (b"\n<!-- " + MARK + token + b" -->\n") if fmt == "html" else (b"\n%" + MARK + token + b"\n")


def seal(store: Store, s: Session, data: bytes, fmt: str, incident_id: str, shown: list[CustodyRow], key) -> bytes:
    """The dossier's bytes with its seal line appended (a fresh checkpoint signs the head first)."""
    cp = cps.make(store, key)
    listed = [{"seq": e.seq, "entry_sha": e.entry_sha} for e in shown if e.seq <= cp["seq"]]
    start = min((e["seq"] for e in listed), default=cp["seq"])
    chain = [{k: getattr(e, k) for k in ENTRY_FIELDS} for e in s.scalars(
        select(CustodyRow).where(CustodyRow.seq >= start, CustodyRow.seq <= cp["seq"]).order_by(CustodyRow.seq))]
    body = {"schema": SCHEMA, "incident": incident_id, "issued": utcnow(), "body_sha256": sha256_bytes(data),
            "entries": listed, "head": {"seq": cp["seq"], "entry_sha": cp["head"]}, "checkpoint": cp,
            "chain": chain, "public_key": keys.public_hex(key)}
    body["signature"] = keys.sign(key, canonical(body))
    return data + _wrap(fmt, base64.b64encode(canonical(body)))


def split(data: bytes) -> tuple[bytes, dict] | None:
    """(body, seal) of a sealed dossier; None when it carries no seal line."""
    at = data.rfind(MARK)
    if at < 0:
        return None
    line_start = data.rfind(b"\n", 0, at)
    token = data[at + len(MARK):].split()[0] if data[at + len(MARK):].split() else b""
    try:
        found = json.loads(base64.b64decode(token, validate=True))
    except (ValueError, UnicodeError):
        return data[:max(line_start, 0)], {}
    return data[:max(line_start, 0)], found if isinstance(found, dict) else {}


def check(data: bytes, trusted: str) -> tuple[bool, str]:
    """(ok, why) for a dossier's bytes against the issuer's public key, with no store at all."""
    parts = split(data)
    if parts is None:
        return False, "it carries no wartrace seal (issued without a signing key, or the seal was cut off)"
    body, found = parts
    if found.get("schema") != SCHEMA:
        return False, "its seal line is unreadable"
    if sha256_bytes(body) != found.get("body_sha256"):
        return False, f"it was edited after it was issued: its content hashes to {sha256_bytes(body)}, the seal " \
                      f"says {found.get('body_sha256')}"
    signed = {k: v for k, v in found.items() if k != "signature"}
    if not keys.signature_ok(found.get("public_key") or "", found.get("signature") or "", canonical(signed)):
        return False, "its seal's signature does not verify: the seal was edited or forged"
    if (found.get("public_key") or "").lower() != trusted.lower():
        return False, f"it is signed by another key ({str(found.get('public_key'))[:16]}…), not {trusted[:16]}…"
    cp = found.get("checkpoint") or {}
    bad = cps.problems(cp, trusted)
    if bad:
        return False, f"its checkpoint: {bad[0]}"
    return _covered(found, cp)


def _covered(found: dict, cp: dict) -> tuple[bool, str]:
    """Every listed entry must lie on the chain that ends at the checkpoint's signed head."""
    chain, on_chain, prev = found.get("chain") or [], {}, None
    for e in chain:
        if entry_dict_sha(e) != e.get("entry_sha") or (prev and (e.get("seq") != prev["seq"] + 1
                                                                  or e.get("prev_sha") != prev["entry_sha"])):
            return False, f"its checkpoint does not cover its entries: the chain it carries breaks at entry {e.get('seq')}"
        on_chain[e.get("seq")], prev = e.get("entry_sha"), e
    end = (prev or {}).get("seq"), (prev or {}).get("entry_sha")
    if chain and end != (cp.get("seq"), cp.get("head")):
        return False, "its checkpoint does not cover its entries: the chain it carries does not end at the signed head"
    missing = [e for e in found.get("entries") or [] if on_chain.get(e.get("seq")) != e.get("entry_sha")]
    if missing or (not chain and found.get("entries")):
        first = (missing or found["entries"])[0]
        return False, (f"its checkpoint does not cover its entries: custody entry {first.get('seq')} it shows is "
                       f"not on the signed chain")
    return True, (f"dossier of incident {found.get('incident')}, issued {found.get('issued')}; signed by "
                  f"{found['public_key'][:16]}…; its {len(found.get('entries') or [])} custody entries lie on the "
                  f"chain signed at entry {cp.get('seq')} ({cp.get('created')})")
