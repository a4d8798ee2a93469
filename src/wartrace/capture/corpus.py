"""JSON Lines and CSV corpora: the file is a container; each row becomes a document.

`--map text=FIELD,published=FIELD,title=FIELD,source=FIELD,url=FIELD` names the fields;
unmapped targets fall back to common field names, so the corpora in shared/eval/corpus
capture without a map. A row whose mapped text is missing is reported, the rest go on.
"""
from __future__ import annotations

import csv
import io
import json
import zlib

from wartrace.capture.dates import normalise_published
from wartrace.capture.errors import BadInput
from wartrace.capture.items import Item
from wartrace.capture.text import decode_text, looks_binary
from wartrace.hashing import sha256_bytes

TARGETS = ("text", "published", "title", "source", "url", "author", "language", "id")
FALLBACKS = {
    "text": ("text", "body", "content", "article", "full_text"),
    "published": ("published", "date_published", "pubDate", "date", "datetime", "timestamp"),
    "title": ("title", "headline"),
    "source": ("source", "outlet", "publisher", "site", "source_feed", "sitename"),
    "url": ("url", "link"),
    "author": ("author", "byline"),
    "language": ("language", "lang"),
    "id": ("id", "uid", "doc_id"),
}
SUMMARY_FIELDS = ("description", "desc", "summary", "lede", "standfirst")
MAX_DEPTH = 64  # deeper rows are refused: no news row nests this far, and str() of them can recurse
# A row's raw copy starts with this line naming its container and line, so the row is its own
# document: never the same id as the container holding it, nor as the same row in another file.
ROW_HEADER = b"wartrace-corpus-row/1 container=%s line=%d\n"


def parse_map(spec: str | None) -> dict[str, str]:
    if not spec:
        return {}
    mapping = {}
    for part in spec.split(","):
        if "=" not in part:
            raise ValueError(f"--map entries look like target=FIELD, got {part!r}")
        target, field = (x.strip() for x in part.split("=", 1))
        if target not in TARGETS:
            raise ValueError(f"--map target {target!r} is not one of {', '.join(TARGETS)}")
        mapping[target] = field
    return mapping


def _pick(row: dict, target: str, mapping: dict[str, str]):
    if target in mapping:
        return row.get(mapping[target])
    for name in FALLBACKS[target]:
        if row.get(name) not in (None, ""):
            return row[name]
    return None


def inflate(raw: bytes, limit: int) -> bytes:
    """Gunzip every member, refusing more than `limit` output bytes (a bomb never fills memory)."""
    if raw[:2] != b"\x1f\x8b":
        what = "a zip archive" if raw[:2] == b"PK" else "not gzip data"
        raise BadInput(f"named .gz but the content is {what}")
    out, data = bytearray(), raw
    while data:
        d = zlib.decompressobj(wbits=31)
        try:
            out += d.decompress(data, limit + 1 - len(out))
        except zlib.error as exc:
            raise BadInput(f"corrupt gzip data after {len(out)} bytes ({exc})") from None
        if len(out) > limit or d.unconsumed_tail:
            raise BadInput(f"gzip inflates to over {limit} bytes (the limit is a multiple of --max-bytes)")
        if not d.eof:
            raise BadInput(f"truncated gzip data (ends after {len(out)} inflated bytes)")
        data = d.unused_data.lstrip(b"\x00")  # members may be padded with zeros
    return bytes(out)


def _depth(value, limit: int = MAX_DEPTH) -> int:
    """Nesting depth, without recursion; stops counting past the limit."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(v, dict):
            stack.extend((x, d + 1) for x in v.values())
        elif isinstance(v, list):
            stack.extend((x, d + 1) for x in v)
    return deepest


def row_raw(container_id: str, line: int, raw: bytes) -> bytes:
    return ROW_HEADER % (container_id.encode(), line) + raw


def has_text(text: str) -> bool:
    """Some letter or digit: NUL bytes, control characters and punctuation alone are no text."""
    return any(ch.isalnum() for ch in text)


def row_item(row: dict, raw: bytes, mapping: dict[str, str], kind_hint: str) -> Item:
    if _depth(row) > MAX_DEPTH:
        raise BadInput(f"row nests deeper than {MAX_DEPTH} levels")
    text = _pick(row, "text", mapping)
    title = _pick(row, "title", mapping)
    if text in (None, "") and "text" not in mapping:
        # headline feeds: the document is the title plus its standfirst
        summary = next((row[f] for f in SUMMARY_FIELDS if row.get(f)), "")
        text = "\n\n".join(str(x) for x in (title, summary) if x)
    if text in (None, "") or not str(text).strip():
        if "text" in mapping:
            raise BadInput(f"no text in field {mapping['text']!r}")
        raise BadInput("row has no text: no text field, and its title and summary are empty")
    if not has_text(str(text)):
        raise BadInput("row has no text: no letter or digit in it (NUL bytes or control characters only?)")
    lang = _pick(row, "language", mapping)
    meta = {k: v for k, v in row.items() if k not in ("text",) and isinstance(v, (str, int, float, bool, list))
            and len(str(v)) < 2000}
    return Item(raw=raw, text=str(text), kind=kind_hint, title=str(title) if title else None,
                published=normalise_published(_pick(row, "published", mapping)),
                source=_str(_pick(row, "source", mapping)), url=_str(_pick(row, "url", mapping)),
                author=_str(_pick(row, "author", mapping)), language=str(lang).lower() if lang else None,
                media_type="application/json", meta=meta)


def _str(v):
    return None if v in (None, "") else str(v)


def _add_row(container: Item, row: dict, raw: bytes, mapping: dict[str, str], line: int, container_id: str) -> None:
    """One corpus row becomes a child document, or a (line, reason) error on the container."""
    try:
        item = row_item(row, row_raw(container_id, line, raw), mapping, "corpus-row")
    except BadInput as exc:
        container.errors.append((f"line {line}", exc.reason))
        return
    except (RecursionError, ValueError, TypeError) as exc:  # hostile values: never a traceback
        container.errors.append((f"line {line}", f"unreadable row ({type(exc).__name__})"))
        return
    item.meta["line"] = line
    container.children.append(item)


def read_jsonl(raw: bytes, name: str, mapping: dict[str, str], max_inflated: int = 200 * 1024 * 1024) -> Item:
    gzipped = name.lower().endswith(".gz") or raw[:2] == b"\x1f\x8b"
    data = inflate(raw, max_inflated) if gzipped else raw
    container = Item(raw=raw, text="", kind="corpus", title=name, media_type="application/jsonl", analyse=False)
    container_id = f"sha256:{sha256_bytes(raw)}"
    lines = data.splitlines()
    if not any(line.strip() for line in lines):
        raise BadInput("empty JSON Lines file")
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            container.errors.append((f"line {n}", f"invalid JSON ({exc.msg} at column {exc.colno})"))
            continue
        except UnicodeDecodeError:
            container.errors.append((f"line {n}", "not valid UTF-8"))
            continue
        except RecursionError:
            container.errors.append((f"line {n}", f"JSON nested too deeply (limit {MAX_DEPTH} levels)"))
            continue
        if not isinstance(row, dict):
            container.errors.append((f"line {n}", "a JSON Lines row must be an object"))
            continue
        _add_row(container, row, line, mapping, n, container_id)
    if not container.children and container.errors:
        where, reason = container.errors[0]
        raise BadInput(f"malformed JSON Lines: {where}: {reason}")
    container.meta["rows"] = len(container.children)
    return container


def read_csv(raw: bytes, name: str, mapping: dict[str, str]) -> Item:
    if looks_binary(raw):
        raise BadInput("binary data (NUL or control bytes), not CSV")
    text = decode_text(raw)
    delimiter = "\t" if name.lower().endswith(".tsv") else ","
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        fields = reader.fieldnames
    except csv.Error as exc:
        raise BadInput(f"malformed CSV: {exc}") from None
    if not fields:
        raise BadInput("malformed CSV: no header row")
    container = Item(raw=raw, text="", kind="corpus", title=name, media_type="text/csv", analyse=False)
    container_id = f"sha256:{sha256_bytes(raw)}"
    try:
        for row in reader:
            n = reader.line_num
            if None in row:  # more cells than header fields
                container.errors.append((f"line {n}", "more cells than header columns"))
                continue
            # the row's own raw form: canonical JSON of its cells (CSV rows have no stable byte span)
            cells = json.dumps(row, ensure_ascii=False, sort_keys=True).encode("utf-8")
            _add_row(container, row, cells, mapping, n, container_id)
    except csv.Error as exc:
        raise BadInput(f"malformed CSV at line {reader.line_num}: {exc}") from None
    if not container.children:
        reason = container.errors[0][1] if container.errors else "no rows"
        raise BadInput(f"malformed CSV: {reason}")
    container.meta["rows"] = len(container.children)
    return container
