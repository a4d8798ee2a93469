"""Re-derive a document's text from its raw bytes with the deterministic readers.

A stored text that the raw bytes do not give is a changed text (or a forged import). Whole
files (text, HTML, PDF) go through the capture reader again; a feed entry's raw bytes are the
JSON record its text came from; a corpus row's are the row itself, whose text must be one of
its fields (the --map used at capture is not recorded, so any field may be the mapped one) or
the title-plus-summary the reader builds. Audio transcripts come from a speech model, not a
deterministic reader: they are counted as not re-derivable, never as wrong.
"""
from __future__ import annotations

import csv
import io
import json

from wartrace.capture.corpus import row_item
from wartrace.capture.dispatch import read_item
from wartrace.capture.errors import BadInput

READ_AS = {"text": "document.txt", "html": "document.html", "pdf": "document.pdf"}
CONTAINERS = ("corpus", "feed", "audio")  # their own text is empty; their rows are documents of their own
OK, DIFFERS, SKIPPED = "ok", "differs", "skipped"


def check_text(kind: str, text: str, raw: bytes) -> tuple[str, str]:
    """(OK | DIFFERS | SKIPPED, why) for a document of this kind, text and raw bytes."""
    try:
        if kind in READ_AS:
            got = read_item(READ_AS[kind], raw, {}, {}).text
            return (OK, "") if got == text else (DIFFERS, _diff(text, got))
        if kind in CONTAINERS:
            return (OK, "") if not text else (DIFFERS, "a container document holds no text of its own")
        if kind == "feed-entry":
            got = json.loads(raw.decode("utf-8")).get("text")
            return (OK, "") if got == text else (DIFFERS, _diff(text, got or ""))
        if kind == "corpus-row":
            return _corpus_row(text, raw)
    except (BadInput, ValueError, UnicodeError, AttributeError) as exc:
        return DIFFERS, f"the raw bytes no longer read as {kind} ({getattr(exc, 'reason', exc)})"
    return SKIPPED, f"{kind} text is not re-derivable by a deterministic reader"


def _corpus_row(text: str, raw: bytes) -> tuple[str, str]:
    _, _, payload = raw.partition(b"\n")
    body = payload.decode("utf-8")
    try:
        row = json.loads(body)
    except json.JSONDecodeError:
        row = None
    if isinstance(row, dict):
        try:
            if row_item(row, raw, {}, "corpus-row").text == text:
                return OK, ""
        except BadInput:
            pass
        cells = [str(v) for v in row.values() if isinstance(v, (str, int, float))]
    else:
        cells = next(csv.reader(io.StringIO(body)), [])
    joined = {"\n\n".join((a, b)) for a in cells for b in cells if a and b and a != b}
    if text in cells or text in joined:
        return OK, ""
    return DIFFERS, "the text is none of the row's fields"


def _diff(stored: str, derived: str) -> str:
    n = next((i for i, (a, b) in enumerate(zip(stored, derived)) if a != b), min(len(stored), len(derived)))
    return (f"stored text ({len(stored)} characters) differs from the text its raw bytes give "
            f"({len(derived)} characters) from character {n}: {stored[n:n + 40]!r} vs {derived[n:n + 40]!r}")
