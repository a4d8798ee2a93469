"""The Python API, as small as spaCy's:

    import wartrace
    result = wartrace.analyse("Russian forces shelled Kharkiv on Monday, the governor said.",
                              published="2022-05-04")
    result.events[0].event_type, result.to_json()

    ledger = wartrace.Store("sqlite:///ledger.db")
    ledger.capture("samples/")
    ledger.link()
    ledger.incidents(status="corroborated")

`analyse` runs the configured pipeline on one text (models load once per process and are reused);
`Store` captures, analyses and links into a store and reads incidents back, as the CLI does.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from wartrace.analysis.pipeline import analyse_batch
from wartrace.analysis.resources import Resources
from wartrace.capture.language import detect_language
from wartrace.capture.service import CaptureResult, capture_paths
from wartrace.evidence.verify import verify_all
from wartrace.hashing import sha256_bytes
from wartrace.model import Analysis, Document
from wartrace.store.db import Store as _Database
from wartrace.store.incidents import get_incident, list_incidents
from wartrace.workflow import analyse_pending, link_pending

_RESOURCES: Resources | None = None


def shared_resources() -> Resources:
    """One Resources per process: the models load on the first call and serve every later one."""
    global _RESOURCES
    if _RESOURCES is None:
        _RESOURCES = Resources()
    return _RESOURCES


def analyse(text: str, published: str | None = None, title: str | None = None, language: str | None = None,
            source: str | None = None) -> Analysis:
    """Analyse one text as `wartrace extract` would and return the typed result
    (`.places`, `.dates`, `.hedges`, `.claims`, `.events`; `.to_json()` is the contract's object)."""
    doc = Document(id=f"sha256:{sha256_bytes(text.encode('utf-8'))}", text=text, published=published, title=title,
                   language=language or detect_language(text), source=source)
    return analyse_batch([doc], shared_resources())[0]


class Store:
    """A wartrace store (SQLite file or PostgreSQL URL) with the verbs of the CLI."""

    def __init__(self, url: str | None = None, blobs: str | Path | None = None):
        self.db = _Database(url, blob_dir=blobs)

    def capture(self, *paths: str | Path) -> CaptureResult:
        """Capture files or folders (each raw copy kept under its SHA-256, with custody entries)."""
        return capture_paths(self.db, [str(p) for p in paths])

    def link(self) -> int:
        """Analyse what is not analysed yet, then link reports into incidents; returns the incident count."""
        analyse_pending(self.db)
        return link_pending(self.db, shared_resources()).incidents_total

    def incidents(self, status: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        with self.db.session() as s:
            return list_incidents(s, limit=limit, status=status)

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        with self.db.session() as s:
            return get_incident(s, incident_id)

    def verify(self, *checkpoint_files: str | Path) -> bool:
        """What `wartrace verify` checks: blobs, the custody chain, every row's seal, text re-derived from
        its raw bytes, and the chain against the stored checkpoints and any checkpoint files given."""
        return verify_all(self.db, list(checkpoint_files)).ok

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
