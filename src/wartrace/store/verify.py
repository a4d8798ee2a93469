"""`wartrace verify`: re-hash every blob, walk the custody chain, check stored rows."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from wartrace.store.custody import GENESIS, analysis_sha, document_sha, entry_sha
from wartrace.store.db import Store
from wartrace.store.models import AnalysisRow, CustodyRow, DocumentRow


@dataclass
class VerifyReport:
    blobs: int = 0
    documents: int = 0
    analyses: int = 0
    entries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_store(store: Store) -> VerifyReport:
    rep = VerifyReport()
    checked: set[str] = set()
    latest: dict[tuple[str, str], str] = {}  # (kind, object id) -> object_sha of its latest entry
    with store.session() as s:
        prev, expected_seq = GENESIS, 1
        for e in s.scalars(select(CustodyRow).order_by(CustodyRow.seq)).yield_per(2000):
            rep.entries += 1
            if e.seq != expected_seq:
                rep.problems.append(f"custody chain broken at entry {e.seq}: expected sequence {expected_seq} "
                                    f"(an entry was deleted or reordered)")
            elif e.prev_sha != prev:
                rep.problems.append(f"custody chain broken at entry {e.seq}: prev_sha does not match entry "
                                    f"{e.seq - 1} (an entry was deleted, reordered or edited)")
            elif entry_sha(e) != e.entry_sha:
                rep.problems.append(f"custody entry {e.seq} was edited: its hash does not match its content")
            prev, expected_seq = e.entry_sha, e.seq + 1
            kind = "analysis" if e.action == "analyse" else "document" if e.action in ("capture", "amend") else None
            if e.action == "import" and (e.detail or {}).get("kind") in ("document", "analysis"):
                kind = e.detail["kind"]  # rows read back from an export carry their own entry
            if kind:
                latest[(kind, e.object_id)] = e.object_sha
        for row in s.scalars(select(DocumentRow).order_by(DocumentRow.captured_at)).yield_per(500):
            rep.documents += 1
            sha = row.id.split(":", 1)[1]
            want = latest.get(("document", row.id))
            if want is None:
                rep.problems.append(f"document {row.id} has no custody entry")
            elif document_sha(row) != want:
                rep.problems.append(f"document {row.id} was changed after capture (row hash differs from custody)")
            reason = store.blobs.verify(sha)
            checked.add(sha)
            if reason:
                rep.problems.append(f"blob {sha} of document {row.id}: {reason}")
        for row in s.scalars(select(AnalysisRow)).yield_per(500):
            rep.analyses += 1
            want = latest.get(("analysis", row.document_id))
            if want is not None and analysis_sha(row) != want:
                rep.problems.append(f"analysis of {row.document_id} was changed after it was recorded")
    for sha in store.blobs.all():
        rep.blobs += 1
        if sha in checked:
            continue
        reason = store.blobs.verify(sha)
        if reason:
            rep.problems.append(f"blob {sha}: {reason}")
    return rep
