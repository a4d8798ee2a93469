"""Turn `wartrace extract` inputs into Documents, without storing them (or via capture with --store)."""
from __future__ import annotations

import sys

from wartrace.capture.dispatch import read_item
from wartrace.capture.errors import BadInput
from wartrace.capture.items import Item
from wartrace.capture.language import detect_language
from wartrace.capture.service import TOOL, capture_paths, iter_inputs, read_bytes
from wartrace.config import settings
from wartrace.model import Document
from wartrace.store.blobs import sha256_bytes
from wartrace.store.documents import get_document


def item_document(item: Item, path: str, parent: str | None = None) -> Document:
    lang = item.language if item.language in ("en", "ru", "uk") else detect_language(item.text)
    return Document(id=f"sha256:{sha256_bytes(item.raw)}", text=item.text, kind=item.kind, title=item.title,
                    published=item.published, language=lang, source=item.source, url=item.url,
                    author=item.author, parent_id=parent, tool_version=TOOL, media_type=item.media_type,
                    size=len(item.raw), origin_path=path, meta=dict(item.meta))


def _lines(path: str) -> list[tuple[bytes, int]]:
    data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    return [(line, n) for n, line in enumerate(data.splitlines(), 1) if line.strip()]


def documents_from_inputs(paths: list[str], one_per_line: bool = False, published: str | None = None,
                          store=None) -> tuple[list[Document], list[dict]]:
    docs: list[Document] = []
    failures: list[dict] = []
    max_bytes = int(settings().get("max_capture_bytes", 50 * 1024 * 1024))
    if store is not None and not one_per_line and "-" not in paths:
        result = capture_paths(store, paths)
        failures.extend(result.failed)

        with store.session() as s:
            for info in result.captured + result.already:
                d = get_document(s, info["id"])
                if d is not None and d.meta.get("analyse", True):
                    docs.append(d)
    else:
        for path in iter_inputs(paths):
            try:
                if one_per_line:
                    for line, n in _lines(path):
                        text = line.decode("utf-8", errors="replace")
                        docs.append(item_document(Item(raw=line, text=text, kind="text"), f"{path}:{n}"))
                    continue
                raw = read_bytes(path, max_bytes)
                item = read_item(path, raw, {}, {})
            except (BadInput, OSError) as exc:
                failures.append({"path": path, "error": getattr(exc, "reason", str(exc))})
                continue
            parent = f"sha256:{sha256_bytes(item.raw)}"
            if item.analyse:
                docs.append(item_document(item, path))
            docs.extend(item_document(c, path, parent) for c in item.children if c.analyse)
            failures.extend({"path": f"{path}:{w}", "error": r} for w, r in item.errors)
    if published:
        for d in docs:
            d.published = d.published or published
    return docs, failures
