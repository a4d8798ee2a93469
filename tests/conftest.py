"""Shared fixtures: stores on SQLite and PostgreSQL, the seed document, loaded models."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "samples" / "cnn-2022-04-22-popasna-intercept.txt"
PG_ADMIN_URL = os.environ.get("WARTRACE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL.replace("postgresql+psycopg", "postgresql"), connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001
        return False


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """A fresh store on each backend. PostgreSQL gets a throwaway database."""
    from wartrace.store.db import Store

    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path}/wartrace.db")
        yield s
        s.close()
        return
    if not _pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not reachable on 127.0.0.1:5432 in CI")
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    import psycopg

    admin = PG_ADMIN_URL.replace("postgresql+psycopg", "postgresql")
    name = f"wartrace_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    s = Store(url, blob_dir=tmp_path / "blobs")
    yield s
    s.close()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def resources():
    """Models load once for the whole test session."""
    from wartrace.analysis.resources import Resources

    return Resources()


@pytest.fixture(scope="session")
def english_claims(resources):
    """The claims the configured pipeline lists for one English text (as `wartrace extract` runs it)."""
    from wartrace.analysis.pipeline import analyse_batch
    from wartrace.model import Document

    def run(text: str):
        analysis = analyse_batch([Document(id=f"sha256:test-{uuid.uuid5(uuid.NAMESPACE_URL, text).hex}",
                                           text=text, language="en")], resources)[0]
        assert not analysis.errors, analysis.errors
        return analysis.claims

    return run
