"""Capture a batch: read each input, store its raw bytes and its document row with a
custody entry, and go on past bad inputs.

Durability: a blob is fsynced and renamed into place before the row that names it is
committed; rows and their custody entries commit together, in small transactions, so a
SIGKILL leaves no half-stored document, and the same command run again stores the rest
(already captured ids are skipped, never duplicated).
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from wartrace import __version__
from wartrace.capture.dispatch import EXTENSIONS, extension, inflate_limit, max_capture_bytes, read_item
from wartrace.capture.errors import BadInput
from wartrace.capture.items import Item
from wartrace.capture.language import detect_language
from wartrace.store import custody
from wartrace.store.blobs import sha256_bytes
from wartrace.store.db import Store, begin_write, is_locked
from wartrace.store.models import DocumentRow

TOOL = f"wartrace {__version__}"
BATCH_ROWS = 200  # documents per write transaction ...
BATCH_SECONDS = 0.5  # ... or fewer, when reading them took this long
WRITE_ATTEMPTS = 40  # backoff from 20 ms doubling to 1 s: about half a minute of a locked database


@dataclass
class CaptureResult:
    captured: list[dict] = field(default_factory=list)  # {"id", "path", "kind", "title", "published", "language"}
    already: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)  # {"path", "error"}

    def to_dict(self) -> dict:
        return {"captured": len(self.captured), "already_captured": len(self.already),
                "failed": len(self.failed), "documents": self.captured, "already": self.already,
                "errors": self.failed}


def walk_inputs(paths: Iterable[str], follow_symlinks: bool = False) -> Iterator[tuple[str, str | None]]:
    """(input, refusal) pairs: files as given; folders recursively (supported extensions only,
    hidden files skipped). A symlink in a folder that leads out of it is refused (its target
    may be anything readable, /etc/passwd included) unless follow_symlinks."""
    for p in paths:
        if p == "-":
            yield p, None
            continue
        path = Path(p)
        if not path.is_dir():
            yield str(path), None
            continue
        root = path.resolve()
        for f in sorted(path.rglob("*")):
            if not f.is_file() or any(part.startswith(".") for part in f.relative_to(path).parts) \
                    or extension(f.name) not in EXTENSIONS:
                continue
            real = f.resolve()
            if not follow_symlinks and real != root and root not in real.parents:
                yield str(f), f"symlink leads out of the captured folder (to {real}); --follow-symlinks captures it"
            else:
                yield str(f), None


def iter_inputs(paths: Iterable[str], follow_symlinks: bool = False) -> Iterator[str]:
    return (name for name, _ in walk_inputs(paths, follow_symlinks))


def _human(n: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n} bytes"


def read_bytes(name: str, max_bytes: int) -> bytes:
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


@dataclass
class _Pending:
    """A document read and hashed, waiting for the next short write transaction."""
    row: DocumentRow
    detail: dict
    info: dict


class Capturer:
    """Reads, hashes and language detection happen outside any transaction; rows are written
    in short transactions of at most BATCH_ROWS documents or BATCH_SECONDS of reading, even
    inside one container, so the workbench's reviewers never wait long for the write lock."""

    def __init__(self, store: Store, mapping: dict[str, str] | None = None, actor: str = "system",
                 options: dict | None = None, result: CaptureResult | None = None):
        self.store = store
        self.mapping = mapping or {}
        self.actor = actor
        self.options = options or {}
        self.result = result or CaptureResult()
        self.queue: list[_Pending] = []
        self.queued_ids: set[str] = set()
        self.started = time.monotonic()

    def _prepare(self, item: Item, path: str, parent_id: str | None) -> str:
        sha = sha256_bytes(item.raw)
        doc_id = f"sha256:{sha}"
        info = {"id": doc_id, "path": path, "kind": item.kind, "title": item.title}
        if doc_id in self.queued_ids:
            self.result.already.append(info)
            return doc_id
        self.store.blobs.put(item.raw, sha, defer_dir_sync=True)  # synced before the rows commit
        language = item.language if item.language in ("en", "ru", "uk") else None
        if not language:
            language = detect_language(item.text) if item.text.strip() else None
        row = DocumentRow(
            id=doc_id, kind=item.kind, title=item.title, text=item.text, published=item.published,
            language=language, source=item.source, url=item.url, author=item.author, parent_id=parent_id,
            captured_at=custody.utcnow(), tool_version=TOOL, media_type=item.media_type, size=len(item.raw),
            origin_path=path, meta=dict(item.meta, analyse=item.analyse),
        )
        detail = {"blob": sha, "path": path, "kind": item.kind, "parent": parent_id}
        if item.meta.get("real_path"):
            detail["real_path"] = item.meta["real_path"]
        info.update(published=item.published, language=language)
        self.queue.append(_Pending(row, detail, info))
        self.queued_ids.add(doc_id)
        if len(self.queue) >= BATCH_ROWS or time.monotonic() - self.started >= BATCH_SECONDS:
            self.flush()
        return doc_id

    def flush(self) -> None:
        """Write the queued documents, retrying while another writer holds the database."""
        if self.queue:
            self.store.blobs.sync()  # every blob durable before the rows that name them
            try:
                self._write_retrying(self.queue)
            except Exception:  # noqa: BLE001 - one bad row must not lose the batch: store the rest one by one
                for pending in self.queue:
                    try:
                        self._write_retrying([pending])
                    except Exception as exc:  # noqa: BLE001
                        self.result.failed.append({"path": pending.info["path"],
                                                   "error": f"internal error: {type(exc).__name__}: {exc}"})
        self.queue, self.queued_ids = [], set()
        self.started = time.monotonic()

    def _write_retrying(self, batch: list[_Pending]) -> None:
        delay = 0.02
        for attempt in range(WRITE_ATTEMPTS):
            try:
                return self._write(batch)
            except IntegrityError:
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
                # a racing writer stored one of these ids first: the next try sees it as already captured
            except OperationalError as exc:
                if not is_locked(exc) or attempt == WRITE_ATTEMPTS - 1:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    def _write(self, batch: list[_Pending]) -> None:
        with self.store.session() as session:
            begin_write(session)
            ids = [p.row.id for p in batch]
            have: set[str] = set()
            for i in range(0, len(ids), 500):
                have.update(session.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(ids[i:i + 500]))))
            fresh = [p for p in batch if p.row.id not in have]
            for p in fresh:
                row = _copy_row(p.row)  # a retry must not reuse rows bound to a rolled-back session
                session.add(row)
                custody.append(session, action="capture", object_id=row.id, object_sha=custody.document_sha(row),
                               actor=self.actor, detail=p.detail)
            session.commit()
        self.result.captured.extend(p.info for p in fresh)
        self.result.already.extend(p.info for p in batch if p.row.id in have)

    def _prepare_tree(self, item: Item, name: str, parent: str | None) -> None:
        """The item, then its derived documents under it (a transcript's translation is a grandchild)."""
        doc_id = self._prepare(item, name, parent)
        for child in item.children:
            self._prepare_tree(child, name, doc_id)

    def capture_one(self, name: str, max_bytes: int, refusal: str | None = None) -> None:
        try:
            if refusal:
                raise BadInput(refusal)
            raw = read_bytes(name, max_bytes)
            item = read_item(name, raw, self.mapping, dict(self.options, max_inflated=inflate_limit(max_bytes)))
        except BadInput as exc:
            self.result.failed.append({"path": name, "error": exc.reason})
            return
        real = _real_path(name)
        if real:
            item.meta["real_path"] = real
        self._prepare_tree(item, name, None)
        for where, reason in item.errors:
            self.result.failed.append({"path": f"{name}:{where}", "error": reason})


def _copy_row(row: DocumentRow) -> DocumentRow:
    return DocumentRow(**{c: getattr(row, c) for c in custody.DOCUMENT_FIELDS})


def _real_path(name: str) -> str | None:
    """Where a symlinked input really is (recorded with the document), else None."""
    if name == "-":
        return None
    path = Path(name)
    try:
        real = path.resolve()
    except OSError:
        return None
    return str(real) if real != path.absolute() else None


def capture_paths(store: Store, paths: Iterable[str], mapping: dict[str, str] | None = None,
                  max_bytes: int | None = None, actor: str = "system", options: dict | None = None,
                  progress: Callable[[str], None] | None = None, follow_symlinks: bool = False) -> CaptureResult:
    max_bytes = max_capture_bytes(max_bytes)
    cap = Capturer(store, mapping, actor, options)
    for name, refusal in walk_inputs(paths, follow_symlinks):
        _capture_guarded(cap, name, max_bytes, refusal)
        if progress:
            progress(name)
    cap.flush()
    return cap.result


def _capture_guarded(cap: Capturer, name: str, max_bytes: int, refusal: str | None) -> None:
    """Capture one input; a bug while reading it must not lose the batch or the inputs before it."""
    try:
        cap.capture_one(name, max_bytes, refusal)
    except Exception as exc:  # noqa: BLE001
        cap.result.failed.append({"path": name, "error": f"internal error: {type(exc).__name__}: {exc}"})


def count_inputs(paths: Iterable[str]) -> int:
    return sum(1 for _ in iter_inputs(paths))


