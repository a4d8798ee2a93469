"""`verify` catches tampering with blobs, document rows and the custody chain."""
from __future__ import annotations

import os
import stat

from sqlalchemy import delete, select, update

from tamper_tools import raw_access
from wartrace.capture.service import capture_paths
from wartrace.store.models import CustodyRow, DocumentRow
from wartrace.store.verify import verify_store


def _capture_three(store, tmp_path):
    paths = []
    for i, text in enumerate(["Shelling hit Kharkiv.", "A drone struck Odesa.", "Troops entered Kherson."]):
        p = tmp_path / f"d{i}.txt"
        p.write_text(text)
        paths.append(str(p))
    result = capture_paths(store, paths)
    assert not result.failed
    return [d["id"] for d in result.captured]


def test_clean_store_verifies(store, tmp_path):
    _capture_three(store, tmp_path)
    rep = verify_store(store)
    assert rep.ok, rep.problems
    assert (rep.documents, rep.blobs, rep.entries) == (3, 3, 3)


def test_flipped_byte_in_blob(store, tmp_path):
    ids = _capture_three(store, tmp_path)
    path = store.blobs.path(ids[1].split(":")[1])
    os.chmod(path, stat.S_IWUSR | stat.S_IRUSR)
    data = bytearray(path.read_bytes())
    data[3] ^= 0x01
    path.write_bytes(bytes(data))
    rep = verify_store(store)
    assert not rep.ok
    assert ids[1].split(":")[1] in rep.problems[0] and "hashes to" in rep.problems[0]


def test_edited_document_row(store, tmp_path):
    ids = _capture_three(store, tmp_path)
    with store.session() as s:
        s.execute(update(DocumentRow).where(DocumentRow.id == ids[2]).values(text="Troops never entered Kherson."))
        s.commit()
    rep = verify_store(store)
    assert not rep.ok
    assert ids[2] in rep.problems[0] and "changed after capture" in rep.problems[0]


def test_deleted_custody_entry(store, tmp_path):
    _capture_three(store, tmp_path)
    with raw_access(store) as conn:  # past PostgreSQL's append-only trigger, as the database owner could
        conn.execute(delete(CustodyRow).where(CustodyRow.seq == 2))
    rep = verify_store(store)
    assert not rep.ok
    assert "entry 3" in rep.problems[0]


def test_deleted_last_custody_entry(store, tmp_path):
    ids = _capture_three(store, tmp_path)
    with raw_access(store) as conn:
        conn.execute(delete(CustodyRow).where(CustodyRow.seq == 3))
    rep = verify_store(store)
    assert not rep.ok and any(ids[2] in p and "no custody entry" in p for p in rep.problems)


def test_reordered_custody_entries(store, tmp_path):
    _capture_three(store, tmp_path)
    with raw_access(store) as conn:
        rows = {r.seq: r for r in conn.execute(select(CustodyRow))}
        # swap the contents of entries 1 and 2 while keeping their sequence numbers
        a, b = rows[1], rows[2]
        fields = ("at", "actor", "action", "object_id", "object_sha", "prev_sha", "entry_sha", "detail")
        va, vb = ({f: getattr(a, f) for f in fields}, {f: getattr(b, f) for f in fields})
        conn.execute(delete(CustodyRow).where(CustodyRow.seq.in_([1, 2])))
        conn.execute(CustodyRow.__table__.insert(), [dict(seq=1, **vb), dict(seq=2, **va)])
    rep = verify_store(store)
    assert not rep.ok
    assert "entry 1" in rep.problems[0]


def test_verify_cli_exit_codes(tmp_path):
    import subprocess
    import sys

    db = f"sqlite:///{tmp_path}/w.db"
    doc = tmp_path / "a.txt"
    doc.write_text("Explosions were heard in Belgorod.")
    run = lambda *a: subprocess.run([sys.executable, "-m", "wartrace", "--db", db, *a], capture_output=True, text=True)  # noqa: E731
    assert run("capture", str(doc)).returncode == 0
    ok = run("verify")
    assert ok.returncode == 0 and "OK" in ok.stdout
    blob = next((tmp_path / "blobs").rglob("*"))
    while blob.is_dir():
        blob = next(blob.iterdir())
    os.chmod(blob, stat.S_IWUSR | stat.S_IRUSR)
    blob.write_bytes(b"Explosions were heard in Kursk.")
    bad = run("verify")
    assert bad.returncode == 1 and "FAILED" in bad.stderr and blob.name in bad.stderr
