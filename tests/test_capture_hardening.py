"""Capture on hostile or awkward input and under concurrency (issue 21): a row is its own
document, decompression and nesting are bounded, every parser failure is one line of bad
input, symlinks stay inside the folder, and two writers never make an error of each other."""
from __future__ import annotations

import gzip
import io
import json
import multiprocessing
import os
import zipfile

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from wartrace.capture import service
from wartrace.capture.service import capture_paths
from wartrace.store.db import Store
from wartrace.store.models import CustodyRow, DocumentRow
from wartrace.store.verify import verify_store

ROW = {"text": "Shelling hit Kharkiv overnight, the governor said.", "title": "Kharkiv", "published": "2022-05-04"}


def _docs(store):
    with store.session() as s:
        return list(s.scalars(select(DocumentRow)))


def test_one_line_jsonl_without_newline_keeps_its_row(store, tmp_path):
    """The row's bytes equal the file's bytes; it is still its own document, not 'already captured'."""
    path = tmp_path / "one.jsonl"
    path.write_bytes(json.dumps(ROW).encode())  # no trailing newline
    result = capture_paths(store, [str(path)])
    assert not result.failed and not result.already
    kinds = sorted(d.kind for d in _docs(store))
    assert kinds == ["corpus", "corpus-row"]
    row = next(d for d in _docs(store) if d.kind == "corpus-row")
    container = next(d for d in _docs(store) if d.kind == "corpus")
    assert row.id != container.id and row.parent_id == container.id and row.meta["line"] == 1
    assert row.text == ROW["text"]
    # the row's raw copy names its container and line, then holds the row's bytes unchanged
    raw = store.blobs.get(row.id.split(":")[1])
    assert raw.endswith(json.dumps(ROW).encode()) and container.id.encode() in raw
    with store.session() as s:
        logged = set(s.scalars(select(CustodyRow.object_id)))
    assert {row.id, container.id} <= logged
    assert verify_store(store).ok


def test_same_row_in_two_files_is_two_documents(store, tmp_path):
    line = json.dumps(ROW).encode() + b"\n"
    (tmp_path / "a.jsonl").write_bytes(line)
    (tmp_path / "b.jsonl").write_bytes(line + line)
    result = capture_paths(store, [str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")])
    assert not result.failed and not result.already
    assert sum(d.kind == "corpus-row" for d in _docs(store)) == 3


def _one_error(result, name):
    errors = [f for f in result.failed if os.path.basename(f["path"]).startswith(name)]
    assert len(errors) == 1, result.failed
    err = errors[0]["error"]
    assert "\n" not in err and "internal error" not in err, err
    return err


def test_gzip_bomb_is_refused_within_a_multiple_of_max_bytes(store, tmp_path):
    body = json.dumps({"text": "a " * 1_000_000}).encode()
    bomb = gzip.compress(body, 9)
    assert len(bomb) < 10_000 < len(body) // 4
    (tmp_path / "bomb.jsonl.gz").write_bytes(bomb)
    result = capture_paths(store, [str(tmp_path / "bomb.jsonl.gz")], max_bytes=10_000)
    assert "inflates to over" in _one_error(result, "bomb")
    assert _docs(store) == []


@pytest.mark.parametrize("name,data,needle", [
    ("deep.jsonl", b"[" * 200_000 + b"\n", "nested"),
    ("deeprow.jsonl", b'{"text": "Strike on Odesa.", "x": ' + b"[" * 80 + b"1" + b"]" * 80 + b"}\n", "nests deeper"),
    ("trunc.jsonl.gz", gzip.compress(json.dumps(ROW).encode() * 50)[:-12], "truncated"),
    ("corrupt.jsonl.gz", (lambda g: g[:20] + bytes(b ^ 0xFF for b in g[20:40]) + g[40:])(gzip.compress(json.dumps(ROW).encode() * 50)), "gzip"),
    ("zipped.jsonl.gz", None, "zip archive"),
    ("nul.csv", b"text,title\n" + b"\x00" * 400 + b",x\n", "binary"),
    ("nulrow.jsonl", json.dumps({"text": "\x00\x00\x00\x01"}).encode() + b"\n", "no text"),
])
def test_parser_failures_are_one_line_of_bad_input(store, tmp_path, name, data, needle):
    if data is None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("rows.jsonl", json.dumps(ROW))
        data = buf.getvalue()
    (tmp_path / name).write_bytes(data)
    result = capture_paths(store, [str(tmp_path / name)])
    assert needle in _one_error(result, name).lower()
    assert not [d for d in _docs(store) if d.kind == "corpus-row"]


def test_symlink_out_of_the_folder_is_refused_unless_followed(store, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Private notes about Mariupol, not for the case file.")
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "report.txt").write_text("Shelling of Mykolaiv on Sunday.")
    (folder / "link.txt").symlink_to(outside)
    (folder / "inner.txt").symlink_to(folder / "report.txt")  # stays inside: fine
    result = capture_paths(store, [str(folder)])
    assert "leads out of the captured folder" in _one_error(result, "link.txt")
    assert {d.text for d in _docs(store)} == {"Shelling of Mykolaiv on Sunday."}
    followed = capture_paths(store, [str(folder)], follow_symlinks=True)
    assert not followed.failed
    doc = next(d for d in _docs(store) if "Mariupol" in d.text)
    assert doc.meta["real_path"] == str(outside.resolve())


def test_control_characters_in_names_are_escaped_on_the_terminal(tmp_path, monkeypatch):
    from wartrace.cli import app, load_area_commands

    load_area_commands()
    name = "evil\x1b[2J\x1b]0;pwned\x07.txt"
    (tmp_path / name).write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(app, ["--db", f"sqlite:///{tmp_path}/w.db", "capture", str(tmp_path / name)])
    text = res.output + (res.stderr if res.stderr_bytes is not None else "")
    assert res.exit_code == 1
    assert "\x1b" not in text and "\x07" not in text
    assert "evil\\x1b[2J" in text


def _first_capture(url, folder, barrier, out):
    barrier.wait()
    try:
        st = Store(url)
        r = capture_paths(st, [folder])
        out.put((len(r.captured), len(r.already), r.failed))
        st.close()
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the test
        out.put((0, 0, [f"{type(exc).__name__}: {exc}"]))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def new_store_url(request, tmp_path):
    """The URL of a store nobody has opened yet (no tables), on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/new.db"
        return
    import uuid

    psycopg = pytest.importorskip("psycopg")
    admin = os.environ.get("WARTRACE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    plain = admin.replace("postgresql+psycopg", "postgresql")
    try:
        psycopg.connect(plain, connect_timeout=3).close()
    except psycopg.OperationalError:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not reachable in CI")
        pytest.skip("PostgreSQL is not reachable")
    name = f"wartrace_race_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["WARTRACE_BLOBS"] = str(tmp_path / "blobs")
    try:
        yield admin.rsplit("/", 1)[0] + f"/{name}"
    finally:
        os.environ.pop("WARTRACE_BLOBS", None)
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_concurrent_first_captures_on_a_new_store(tmp_path, new_store_url):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"r{i}.txt").write_text(f"Report {i}: artillery fire near Bakhmut on day {i}.")
    url = new_store_url
    ctx = multiprocessing.get_context("fork")
    barrier, out = ctx.Barrier(4), ctx.Queue()
    procs = [ctx.Process(target=_first_capture, args=(url, str(folder), barrier, out)) for _ in range(4)]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert all(not failed for _, _, failed in results), results
    assert sum(c for c, _, _ in results) == 6  # each document stored once, the rest 'already captured'
    st = Store(url)
    assert len(_docs(st)) == 6 and verify_store(st).ok
    st.close()


def test_opening_a_new_file_waits_while_another_opener_holds_its_write_lock(tmp_path):
    """SQLite refuses the switch to WAL at once, without its busy handler, while another
    connection holds the new file's write lock (what four first captures racing under load
    hit in CI): opening the store waits for that lock instead of failing."""
    import sqlite3
    import threading

    path = tmp_path / "new.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE other_writer (x)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO other_writer VALUES (1)")
    threading.Timer(0.5, lambda: other.execute("COMMIT")).start()
    st = Store(f"sqlite:///{path}", busy_timeout_s=10)
    with st.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    st.close()
    other.close()


def test_racing_writer_duplicate_is_already_captured(store, tmp_path):
    """Another process stores the same document between our check and our write."""
    a = tmp_path / "a.txt"
    a.write_text("Missile strike on Dnipro apartment block.")
    real_put = store.blobs.put
    raced = []

    def put(data, sha=None, **kw):
        if not raced:
            raced.append(sha)
            other = Store(store.url, blob_dir=store.blobs.root)
            assert len(capture_paths(other, [str(a)]).captured) == 1
            other.close()
        return real_put(data, sha, **kw)

    store.blobs.put = put
    result = capture_paths(store, [str(a)])
    assert raced and not result.failed and not result.captured and len(result.already) == 1
    assert len(_docs(store)) == 1 and verify_store(store).ok


def test_a_large_container_commits_in_short_batches(store, tmp_path, monkeypatch):
    """Rows are written a batch at a time, so another writer never waits for the whole file."""
    monkeypatch.setattr(service, "BATCH_ROWS", 50)
    rows = [json.dumps({"text": f"Report {i}: drones over Kyiv.", "language": "en"}) for i in range(400)]
    (tmp_path / "big.jsonl").write_text("\n".join(rows) + "\n")
    sizes = []

    def flushed(session, _ctx, _instances):
        session.info["docs"] = session.info.get("docs", 0) + sum(isinstance(o, DocumentRow) for o in session.new)

    def committed(session):
        sizes.append(session.info.pop("docs", 0))

    event.listen(Session, "before_flush", flushed)
    event.listen(Session, "after_commit", committed)
    try:
        result = capture_paths(store, [str(tmp_path / "big.jsonl")])
    finally:
        event.remove(Session, "before_flush", flushed)
        event.remove(Session, "after_commit", committed)
    assert not result.failed and len(result.captured) == 401
    written = [n for n in sizes if n]
    assert len(written) >= 8 and max(written) <= 50, written
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(DocumentRow)) == 401
    assert verify_store(store).ok


def test_a_locked_database_is_retried_with_backoff(tmp_path):
    """Another writer holds the database longer than the busy timeout: capture waits and retries."""
    import sqlite3
    import threading

    url = f"sqlite:///{tmp_path}/locked.db"
    Store(url).close()  # tables exist
    st = Store(url, busy_timeout_s=0.05)
    (tmp_path / "r.txt").write_text("Explosions reported in Melitopol overnight.")
    holder = sqlite3.connect(str(tmp_path / "locked.db"), isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(1.0, lambda: (holder.execute("ROLLBACK"), holder.close())).start()
    result = capture_paths(st, [str(tmp_path / "r.txt")])
    assert not result.failed and len(result.captured) == 1
    assert len(_docs(st)) == 1 and verify_store(st).ok
    st.close()


def test_db_takes_a_plain_file_path(tmp_path, monkeypatch):
    # as sqlite-utils and Datasette do: `wartrace --db cases.db capture …` is that SQLite file
    from wartrace.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "note.txt").write_text("Russian forces shelled Kharkiv on Monday, the governor said.")
    res = CliRunner().invoke(app, ["--db", "cases.db", "capture", "note.txt"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "cases.db").exists() and (tmp_path / "blobs").is_dir()


@pytest.mark.parametrize("url", ["postgress://127.0.0.1/test", "sqlite://:bad:port/x"])
def test_a_bad_db_url_is_one_line_naming_it(tmp_path, monkeypatch, url):
    from wartrace.cli import app, load_area_commands

    load_area_commands()
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(app, ["--db", url, "incidents", "--json"])
    text = res.output  # stdout and stderr together
    assert res.exit_code == 2
    assert "Traceback" not in text and url in text and len(text.strip().splitlines()) == 1
