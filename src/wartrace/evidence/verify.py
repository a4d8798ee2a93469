"""The whole `wartrace verify`: the store's check (chain, every table's rows against custody,
blobs), each document's text re-derived from its raw bytes, and the chain held to every
checkpoint, from the checkpoints table and from files kept elsewhere."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from wartrace import __version__
from wartrace.evidence import checkpoint, rederive
from wartrace.store.db import Store
from wartrace.store.models import DocumentRow
from wartrace.store.seals import SPECS as SEALED
from wartrace.store.verify import VerifyReport, verify_store

TOOL = f"wartrace {__version__}"  # as capture records it in documents.tool_version
NO_CHECKPOINT = ("no checkpoint: only the chain's internal consistency was checked, which a rewritten log "
                 "also passes (`wartrace key init`, then `wartrace checkpoint -o FILE`, kept off this machine)")


def verify_all(store: Store, checkpoint_files: list[str | Path] = (), trusted_key: str | None = None,
               use_table: bool = True, rederive_text: bool = True) -> VerifyReport:
    problems: list[str] = []
    found: list[tuple[str, dict]] = []
    for path in checkpoint_files:
        try:
            found.append((f"checkpoint file {Path(path).name}", checkpoint.load(path)))
        except checkpoint.CheckpointProblem as exc:
            problems.append(str(exc))
    if use_table:
        with store.session() as s:
            found += [(f"stored checkpoint of entry {cp['seq']}", cp) for cp in checkpoint.stored(s)]
    anchors: dict[int, str] = {}
    for where, cp in found:
        bad = checkpoint.problems(cp, trusted_key)
        problems += [f"{where}: {p}" for p in bad]
        if bad or cp["seq"] == 0:
            continue
        if anchors.get(cp["seq"], cp["head"]) != cp["head"]:
            problems.append(f"{where}: two validly signed checkpoints name different hashes for entry {cp['seq']}")
        anchors.setdefault(cp["seq"], cp["head"])
    rep = verify_store(store, anchors)
    rep.problems[:0] = problems
    if any("inserted by hand" in p and p.split(" ", 1)[0] in SEALED for p in rep.problems):
        rep.notes.append("rows written by a wartrace older than row seals have no custody entry either: after "
                         "checking them, `wartrace seal-existing --actor NAME` records them once, as they are")
    if rederive_text:
        _rederive(store, rep)
    head = rep.head["seq"] if rep.head else 0
    if not anchors:
        rep.notes.append(NO_CHECKPOINT)
    else:
        newest = max(anchors)
        rep.anchored = newest
        if head > newest:
            rep.notes.append(f"{head - newest} custody entries after the newest checkpoint (entry {newest}) are "
                             f"not yet anchored")
        if not trusted_key:
            rep.notes.append("checkpoints were checked against the public key they carry; give --public-key "
                             "(or WARTRACE_PUBLIC_KEY) to hold them to yours")
    return rep


def _rederive(store: Store, rep: VerifyReport) -> None:
    skipped = 0
    with store.session() as s:
        for row in s.scalars(select(DocumentRow).order_by(DocumentRow.captured_at)).yield_per(200):
            sha = row.id.split(":", 1)[1]
            if not store.blobs.exists(sha):
                continue  # already reported as a missing blob
            verdict, why = rederive.check_text(row.kind, row.text, store.blobs.get(sha))
            if verdict == rederive.DIFFERS:
                drift = (f" (captured by {row.tool_version}, re-read by {TOOL}: a changed reader can explain it)"
                         if row.tool_version != TOOL else "")
                rep.problems.append(f"document {row.id}: text does not re-derive from its blob: {why}{drift}")
            elif verdict == rederive.SKIPPED:
                skipped += 1
    if skipped:
        rep.notes.append(f"{skipped} documents (audio transcripts) are not re-derivable by a deterministic reader")
