"""Open a store: engine, automatic migrations, blob folder.

`--db URL` or WARTRACE_DB picks the database (default sqlite:///wartrace.db in the
working directory). Blobs live in <store dir>/blobs: the SQLite file's folder by
default; WARTRACE_BLOBS sets it (PostgreSQL users need it).
"""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from wartrace.store.blobs import BlobStore

DEFAULT_URL = "sqlite:///wartrace.db"
MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(RuntimeError):
    pass


def resolve_url(url: str | None = None) -> str:
    """The store's SQLAlchemy URL; a plain file path ("cases.db", as sqlite-utils and Datasette
    take one) is that SQLite file."""
    url = url or os.environ.get("WARTRACE_DB") or DEFAULT_URL
    return url if "://" in url else f"sqlite:///{url}"


def _blob_dir(url: str) -> Path:
    env = os.environ.get("WARTRACE_BLOBS")
    if env:
        return Path(env)
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        return Path(u.database).resolve().parent / "blobs"
    raise StoreError(f"set WARTRACE_BLOBS to a folder for the raw copies: {u.get_backend_name()} stores keep blobs on disk")


def _switch_to_wal(cur, timeout_s: float) -> None:
    """Put the file in WAL mode, waiting for other first openers.

    Switching a new file to WAL needs an exclusive lock, and SQLite answers "database is
    locked" at once, without its busy handler, while another process opens the same new file
    (seen with four first captures racing under load). The mode is stored in the file, so
    once any opener has switched it the others find "wal" and write nothing.
    """
    deadline, pause = time.monotonic() + timeout_s, 0.01
    while True:
        try:
            if str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                return
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
                raise
            if time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


def _sqlite_pragmas(dbapi_conn, _record, busy_timeout_ms: int = 30000) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    _switch_to_wal(cur, busy_timeout_ms / 1000)
    cur.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable at checkpoints, never corrupt
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _alembic_config(connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


MIGRATION_LOCK = 720300  # PostgreSQL advisory lock key: one migrating process at a time


def _current(conn) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (no-op when it already is).

    Two first runs on a new store must not both create the tables: the upgrade runs under
    the database's write lock (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL),
    and the revision is read again once the lock is held.
    """
    head = ScriptDirectory.from_config(_alembic_config(None)).get_current_head()
    with engine.connect() as conn:
        if _current(conn) == head:
            return
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
        if _current(conn) != head:
            command.upgrade(_alembic_config(conn), "head")


def begin_write(session: Session) -> None:
    """Start a read-then-write transaction holding the write lock from its first statement.

    SQLite only: a deferred transaction whose snapshot went stale while it read fails at its
    first write with "database is locked" without waiting; BEGIN IMMEDIATE waits (busy_timeout)
    for the lock instead. PostgreSQL needs nothing here.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")


def is_locked(exc: BaseException) -> bool:
    """A database locked or busy because another writer holds it: worth retrying."""
    from sqlalchemy.exc import OperationalError

    reason = str(getattr(exc, "orig", exc)).lower()
    return isinstance(exc, OperationalError) and ("locked" in reason or "busy" in reason)


class Store:
    """A database plus its blob folder. Cheap to open; migrations run once on first use."""

    def __init__(self, url: str | None = None, blob_dir: str | Path | None = None, busy_timeout_s: float = 30.0):
        self.url = resolve_url(url)
        try:
            u = make_url(self.url)
            u.get_dialect()  # an unknown scheme ("postgress://") fails here, not in a traceback later
        except (ArgumentError, NoSuchModuleError, ValueError) as exc:
            raise StoreError(f"{self.url!r} is no database URL (sqlite:///FILE, postgresql://HOST/DB) or file path") from exc
        self.is_sqlite = u.get_backend_name() == "sqlite"
        if self.is_sqlite and u.database and u.database != ":memory:":
            Path(u.database).resolve().parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(self.url, future=True)
        if self.is_sqlite:
            event.listen(self.engine, "connect",
                         lambda conn, rec: _sqlite_pragmas(conn, rec, int(busy_timeout_s * 1000)))
        migrate(self.engine)
        self.blobs = BlobStore(Path(blob_dir) if blob_dir else _blob_dir(self.url))
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Session:
        return self._sessions()

    def describe(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()
