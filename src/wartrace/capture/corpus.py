"""JSON Lines and CSV corpora: the file is a container; each row becomes a document.

`--map text=FIELD,published=FIELD,title=FIELD,source=FIELD,url=FIELD` names the fields;
unmapped targets fall back to common field names, so the corpora in shared/eval/corpus
capture without a map. A row whose mapped text is missing is reported, the rest go on.
"""
from __future__ import annotations

import csv
import gzip
import io
import json

from wartrace.capture.dates import normalise_published
from wartrace.capture.errors import BadInput
from wartrace.capture.items import Item
from wartrace.capture.text import decode_text

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


def row_item(row: dict, raw: bytes, mapping: dict[str, str], kind_hint: str) -> Item:
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


def _add_row(container: Item, row: dict, raw: bytes, mapping: dict[str, str], line: int) -> None:
    """One corpus row becomes a child document, or a (line, reason) error on the container."""
    try:
        item = row_item(row, raw, mapping, "corpus-row")
    except BadInput as exc:
        container.errors.append((f"line {line}", exc.reason))
        return
    item.meta["line"] = line
    container.children.append(item)


def read_jsonl(raw: bytes, name: str, mapping: dict[str, str]) -> Item:
    data = gzip.decompress(raw) if name.endswith(".gz") or raw[:2] == b"\x1f\x8b" else raw
    container = Item(raw=raw, text="", kind="corpus", title=name, media_type="application/jsonl", analyse=False)
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
        if not isinstance(row, dict):
            container.errors.append((f"line {n}", "a JSON Lines row must be an object"))
            continue
        _add_row(container, row, line, mapping, n)
    if not container.children and container.errors:
        where, reason = container.errors[0]
        raise BadInput(f"malformed JSON Lines: {where}: {reason}")
    container.meta["rows"] = len(container.children)
    return container


def read_csv(raw: bytes, name: str, mapping: dict[str, str]) -> Item:
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
    try:
        for row in reader:
            n = reader.line_num
            if None in row:  # more cells than header fields
                container.errors.append((f"line {n}", "more cells than header columns"))
                continue
            # the row's own raw form: canonical JSON of its cells (CSV rows have no stable byte span)
            row_raw = json.dumps(row, ensure_ascii=False, sort_keys=True).encode("utf-8")
            _add_row(container, row, row_raw, mapping, n)
    except csv.Error as exc:
        raise BadInput(f"malformed CSV at line {reader.line_num}: {exc}") from None
    if not container.children:
        reason = container.errors[0][1] if container.errors else "no rows"
        raise BadInput(f"malformed CSV: {reason}")
    container.meta["rows"] = len(container.children)
    return container
