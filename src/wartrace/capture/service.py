"""Capture a batch: read each input, store its raw bytes and its document row with a
custody entry, and go on past bad inputs.

Durability: a blob is fsynced and renamed into place before the row that names it is
committed; rows and their custody entries commit together, in small transactions, so a
SIGKILL leaves no half-stored document, and the same command run again stores the rest
(already captured ids are skipped, never duplicated).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from sqlalchemy import select

from wartrace import __version__
from wartrace.capture.dispatch import EXTENSIONS, extension, read_item
from wartrace.capture.errors import BadInput
from wartrace.capture.items import Item
from wartrace.capture.language import detect_language
from wartrace.store import custody
from wartrace.store.blobs import sha256_bytes
from wartrace.store.db import Store
from wartrace.store.models import DocumentRow

TOOL = f"wartrace {__version__}"
COMMIT_EVERY = 200


@dataclass
class CaptureResult:
    captured: list[dict] = field(default_factory=list)  # {"id", "path", "kind", "title", "published", "language"}
    already: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)  # {"path", "error"}

    def to_dict(self) -> dict:
        return {"captured": len(self.captured), "already_captured": len(self.already),
                "failed": len(self.failed), "documents": self.captured, "already": self.already,
                "errors": self.failed}


def iter_inputs(paths: Iterable[str]) -> Iterator[str]:
    """Files as given; folders recursively (supported extensions only, hidden files skipped)."""
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts) \
                        and extension(f.name) in EXTENSIONS:
                    yield str(f)
        else:
            yield str(path)


def _human(n: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n} bytes"


def _read_bytes(name: str, max_bytes: int) -> bytes:
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        path = Path(name)
        if not path.exists():
            raise BadInput("no such file")
        if not path.is_file():
            raise BadInput("not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise BadInput(f"file is {_human(size)}, over the {_human(max_bytes)} limit (--max-bytes)")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BadInput(f"cannot read: {exc.strerror}") from None
    if len(data) > max_bytes:
        raise BadInput(f"input is over the {_human(max_bytes)} limit (--max-bytes)")
    return data


class Capturer:
    def __init__(self, store: Store, mapping: dict[str, str] | None = None, actor: str = "system",
                 options: dict | None = None):
        self.store = store
        self.mapping = mapping or {}
        self.actor = actor
        self.options = options or {}
        self.session = store.session()
        self.pending: list[dict] = []  # captured infos not yet committed
        self.files_in_txn: list[str] = []  # inputs whose documents are in the open transaction
        self.seen: set[str] = set()

    def _exists(self, doc_id: str) -> bool:
        if doc_id in self.seen:
            return True
        return self.session.execute(select(DocumentRow.id).where(DocumentRow.id == doc_id)).first() is not None

    def _store_item(self, item: Item, path: str, parent_id: str | None, result: CaptureResult) -> str:
        sha = sha256_bytes(item.raw)
        doc_id = f"sha256:{sha}"
        info = {"id": doc_id, "path": path, "kind": item.kind, "title": item.title}
        if self._exists(doc_id):
            result.already.append(info)
            return doc_id
        self.store.blobs.put(item.raw, sha, defer_dir_sync=True)  # synced in commit(), before the rows
        language = item.language if item.language in ("en", "ru", "uk") else None
        if not language:
            language = detect_language(item.text) if item.text.strip() else None
        row = DocumentRow(
            id=doc_id, kind=item.kind, title=item.title, text=item.text, published=item.published,
            language=language, source=item.source, url=item.url, author=item.author, parent_id=parent_id,
            captured_at=custody.utcnow(), tool_version=TOOL, media_type=item.media_type, size=len(item.raw),
            origin_path=path, meta=dict(item.meta, analyse=item.analyse),
        )
        self.session.add(row)
        custody.append(self.session, action="capture", object_id=doc_id, object_sha=custody.document_sha(row),
                       actor=self.actor, detail={"blob": sha, "path": path, "kind": item.kind, "parent": parent_id})
        self.seen.add(doc_id)
        info.update(published=item.published, language=language)
        result.captured.append(info)
        self.pending.append(info)
        return doc_id

    def commit(self) -> None:
        self.store.blobs.sync()  # every blob durable before the rows that name them
        self.session.commit()
        self.pending = []
        self.seen.clear()
        self.files_in_txn = []

    def rollback(self, result: CaptureResult) -> None:
        self.session.rollback()
        lost = {id(i) for i in self.pending}
        result.captured[:] = [i for i in result.captured if id(i) not in lost]
        self.pending = []
        self.seen.clear()
        self.files_in_txn = []

    def capture_one(self, name: str, result: CaptureResult, max_bytes: int) -> None:
        try:
            raw = _read_bytes(name, max_bytes)
            item = read_item(name, raw, self.mapping, self.options)
        except BadInput as exc:
            result.failed.append({"path": name, "error": exc.reason})
            return
        parent = self._store_item(item, name, None, result)
        for child in item.children:
            self._store_item(child, name, parent, result)
        for where, reason in item.errors:
            result.failed.append({"path": f"{name}:{where}", "error": reason})
        self.files_in_txn.append(name)

    def close(self) -> None:
        self.session.close()


def capture_paths(store: Store, paths: Iterable[str], mapping: dict[str, str] | None = None,
                  max_bytes: int | None = None, actor: str = "system", options: dict | None = None,
                  progress: Callable[[str], None] | None = None) -> CaptureResult:
    from wartrace.config import settings

    max_bytes = max_bytes or int(settings().get("max_capture_bytes", 50 * 1024 * 1024))
    result = CaptureResult()
    cap = Capturer(store, mapping, actor, options)
    try:
        for name in iter_inputs(paths):
            _capture_guarded(cap, name, result, max_bytes)
            if len(cap.pending) >= COMMIT_EVERY:  # commit at input boundaries, in batches
                cap.commit()
            if progress:
                progress(name)
        cap.commit()
    finally:
        cap.close()
    return result


def _capture_guarded(cap: Capturer, name: str, result: CaptureResult, max_bytes: int) -> None:
    """Capture one input; a bug on it must not lose the batch or the inputs before it."""
    try:
        cap.capture_one(name, result, max_bytes)
    except Exception as exc:  # noqa: BLE001
        earlier = list(cap.files_in_txn)
        cap.rollback(result)
        for prev in earlier:  # they were fine: store them again, each on its own
            cap.capture_one(prev, result, max_bytes)
            cap.commit()
        result.failed.append({"path": name, "error": f"internal error: {type(exc).__name__}: {exc}"})


def count_inputs(paths: Iterable[str]) -> int:
    return sum(1 for _ in iter_inputs(paths))


