"""A SIGKILL in the middle of a batch leaves no half-stored document; a re-run completes it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import func, select

from wartrace.store.db import Store
from wartrace.store.models import CustodyRow, DocumentRow
from wartrace.store.verify import verify_store


def test_sigkill_mid_batch_then_rerun(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    n = 400
    for i in range(n):
        (corpus / f"doc{i:04d}.txt").write_text(f"Report {i}: shelling near Bakhmut, item number {i}.")
    db = f"sqlite:///{tmp_path}/w.db"
    cmd = [sys.executable, "-m", "wartrace", "--db", db, "capture", str(corpus)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # kill once some documents are in, before the batch can finish
    deadline = time.time() + 60
    killed_at = None
    while time.time() < deadline:
        time.sleep(0.05)
        if (tmp_path / "blobs").exists() and sum(1 for _ in (tmp_path / "blobs").rglob("*")) > 60:
            os.kill(proc.pid, signal.SIGKILL)
            killed_at = True
            break
    proc.wait()
    assert killed_at, "the batch finished before it could be killed"
    store = Store(db)
    with store.session() as s:
        partial = s.scalar(select(func.count()).select_from(DocumentRow))
    assert partial < n
    assert verify_store(store).ok  # no half-stored document: every row has its blob and custody entry
    rerun = subprocess.run(cmd, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    with store.session() as s:
        total = s.scalar(select(func.count()).select_from(DocumentRow))
        distinct = s.scalar(select(func.count(func.distinct(DocumentRow.origin_path))))
        entries = s.scalar(select(func.count()).select_from(CustodyRow))
    assert total == n and distinct == n and entries == n
    assert verify_store(store).ok
