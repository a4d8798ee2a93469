"""What makes a JSON Lines export checkable: the exporter's chain segment and signed checkpoint.

After the incident lines an export signed with a key (WARTRACE_KEY) carries

    {"schema": "wartrace.custody/1", "entry": {…one custody entry…}}      one per entry, in order,
        from the oldest entry about an exported object up to the checkpoint's seq
    {"schema": "wartrace.export-seal/1", "checkpoint": {…wartrace.checkpoint/1…}}

The importer checks the segment links up to the signed head, the checkpoint's signature, and
that its key is one the importer trusts; then every imported row must hash to what the
segment's newest entry for it recorded (documents, analyses, row seals), and every custody
entry the lines carry must be in the segment (or in the provenance an import entry of the
segment carries). Without a valid, trusted signature nothing can be checked: every record is
imported as "unverified import" instead.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wartrace.evidence import checkpoint as cps
from wartrace.store import custody, seals
from wartrace.store.db import Store
from wartrace.store.models import CustodyRow

ENTRY_SCHEMA = "wartrace.custody/1"
SEAL_SCHEMA = "wartrace.export-seal/1"
UNVERIFIED = "unverified import"
ENTRY_FIELDS = ("seq", "at", "actor", "action", "object_id", "object_sha", "prev_sha", "entry_sha", "detail")


def entry_dict_sha(e: dict) -> str:
    return custody.sha256_obj({k: e.get(k) if k != "detail" else e.get(k) or {} for k in ENTRY_FIELDS
                               if k != "entry_sha"})


# --- export side ------------------------------------------------------------------------------

def write_seal(s: Session, store: Store, key, object_ids: Iterable[str], fh: IO[str], dumps) -> dict:
    """Sign the head now and write the chain segment that covers these objects, then the seal line."""
    cp = cps.make(store, key)
    ids = sorted(set(object_ids))
    start = None
    for chunk in range(0, len(ids), 500):
        low = s.scalar(select(func.min(CustodyRow.seq)).where(CustodyRow.object_id.in_(ids[chunk:chunk + 500])))
        if low is not None:
            start = low if start is None else min(start, low)
    if start is not None:
        q = select(CustodyRow).where(CustodyRow.seq >= start, CustodyRow.seq <= cp["seq"]).order_by(CustodyRow.seq)
        for e in s.scalars(q).yield_per(2000):
            fh.write(dumps({"schema": ENTRY_SCHEMA, "entry": {k: getattr(e, k) for k in ENTRY_FIELDS}}) + "\n")
    fh.write(dumps({"schema": SEAL_SCHEMA, "checkpoint": cp}) + "\n")
    return cp


# --- import side ------------------------------------------------------------------------------

@dataclass
class Segment:
    """The exporter's chain segment as read from the file, and what it says about each object."""
    entries: int = 0
    last: dict | None = None
    problems: list[str] = field(default_factory=list)
    checkpoint: dict | None = None
    documents: dict[str, str] = field(default_factory=dict)  # object id -> object_sha of its newest entry
    analyses: dict[str, str] = field(default_factory=dict)
    seals: dict[str, dict] = field(default_factory=dict)  # object id -> rows of its newest seal
    loose_rows: dict[str, set[str]] = field(default_factory=dict)  # table -> every row hash any seal recorded
    known_entries: set[str] = field(default_factory=set)  # entry_sha of entries and of carried provenance

    def add(self, e: dict, line: int) -> None:
        if entry_dict_sha(e) != e.get("entry_sha"):
            self.problems.append(f"line {line}: custody entry {e.get('seq')} does not hash to its entry_sha")
        elif self.last is not None and (e.get("seq") != self.last["seq"] + 1 or e.get("prev_sha") != self.last["entry_sha"]):
            self.problems.append(f"line {line}: custody entry {e.get('seq')} does not follow entry {self.last['seq']}")
        self.last, self.entries = e, self.entries + 1
        self.known_entries.add(e.get("entry_sha"))
        detail = e.get("detail") or {}
        kind = detail.get("kind") if e.get("action") == "import" else None
        for carried in detail.get("provenance") or [] if kind else []:
            self.known_entries.add(carried.get("entry_sha"))
        if e.get("action") in ("capture", "amend") or kind == "document":
            self.documents[e["object_id"]] = e["object_sha"]
        elif e.get("action") == "analyse" or kind == "analysis":
            self.analyses[e["object_id"]] = e["object_sha"]
        elif e.get("action") == seals.ACTION:
            rows = detail.get("rows") or {}
            self.seals[e["object_id"]] = rows
            self.loose_rows.setdefault(detail.get("table"), set()).update(rows.values())

    def finish(self, trusted: set[str]) -> None:
        cp = self.checkpoint
        if cp is None:
            self.problems.append("the file carries no signed checkpoint (exported without a key)")
            return
        bad = cps.problems(cp)
        if bad:
            self.problems += [f"its checkpoint: {p}" for p in bad]
        elif cp["public_key"].lower() not in trusted:
            self.problems.append(f"its checkpoint is signed by {cp['public_key'][:16]}…, a key this store does not "
                                 f"trust (import --trust KEY)")
        if self.last is None or self.last.get("seq") != cp.get("seq") or self.last.get("entry_sha") != cp.get("head"):
            self.problems.append("its chain segment does not end at the checkpoint's head")

    @property
    def verified(self) -> bool:
        return self.checkpoint is not None and not self.problems


class Mismatch(ValueError):
    """A record of a signed export does not match the exporter's signed chain: the file was altered."""


def check_rows(seg: Segment, spec: seals.Spec, group, rows: list, what: str) -> None:
    """The rows of one group must be exactly what the segment's newest seal of it recorded."""
    sealed = seg.seals.get(seals.object_id(spec.table, group))
    if sealed is None or seals.digest(spec, rows) != sealed:
        raise Mismatch(f"{what} do not match the exporter's signed custody chain")


def check_loose(seg: Segment, spec: seals.Spec, row, what: str) -> None:
    """A row exported without its id (review, link constraint, dependency) must be one some seal recorded."""
    if seals.row_sha(spec, row) not in seg.loose_rows.get(spec.table, set()):
        raise Mismatch(f"{what} is not in the exporter's signed custody chain")


def check_entries(seg: Segment, carried: list[dict], what: str) -> None:
    for e in carried:
        if e.get("entry_sha") not in seg.known_entries or entry_dict_sha(e) != e.get("entry_sha"):
            raise Mismatch(f"{what}: custody entry {e.get('seq')} ({e.get('action')} by {e.get('actor')}) is not in "
                           f"the exporter's signed custody chain")
