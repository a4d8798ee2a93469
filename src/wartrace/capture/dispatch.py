"""Choose a reader by extension, checked against the content's magic bytes."""
from __future__ import annotations

import zlib
from pathlib import PurePath

from wartrace.capture.corpus import read_csv, read_jsonl
from wartrace.capture.errors import BadInput
from wartrace.capture.feeds import read_feed
from wartrace.capture.html import read_html
from wartrace.capture.items import Item
from wartrace.capture.pdf import read_pdf
from wartrace.capture.text import read_text
from wartrace.config import settings

EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl",
    ".csv": "csv", ".tsv": "csv",
    ".pdf": "pdf",
    ".wav": "audio", ".mp3": "audio", ".ogg": "audio", ".opus": "audio", ".oga": "audio",
    ".m4a": "audio", ".flac": "audio", ".aac": "audio",
}
INFLATE_RATIO = 4  # a .gz may inflate to this many times --max-bytes; more is refused as a bomb
AUDIO_MAGIC = (b"RIFF", b"ID3", b"OggS", b"fLaC", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")


def max_capture_bytes(max_bytes: int | None) -> int:

    return max_bytes or int(settings().get("max_capture_bytes", 50 * 1024 * 1024))


def inflate_limit(max_bytes: int | None) -> int:
    return INFLATE_RATIO * max_capture_bytes(max_bytes)


def extension(name: str) -> str:
    p = PurePath(name.lower())
    suffixes = p.suffixes[-2:]
    if len(suffixes) == 2 and "".join(suffixes) in EXTENSIONS:
        return "".join(suffixes)
    return p.suffix


def sniff(raw: bytes) -> str | None:
    head = raw[:1024].lstrip()
    low = head[:512].lower()
    if raw.startswith(b"%PDF-"):
        return "pdf"
    if raw.startswith(AUDIO_MAGIC) or raw[4:8] == b"ftyp":
        return "audio"
    if low.startswith(b"<?xml") and (b"<rss" in low or b"<feed" in low or b"<rdf:rdf" in low):
        return "feed"
    if low.startswith(b"<rss") or low.startswith(b"<feed"):
        return "feed"
    if low.startswith(b"<!doctype html") or low.startswith(b"<html") or b"<body" in low:
        return "html"
    if raw[:2] == b"\x1f\x8b":
        return "gzip"
    return None


def kind_for(name: str, raw: bytes) -> str:
    ext = extension(name)
    by_ext = EXTENSIONS.get(ext)
    by_content = sniff(raw)
    if name == "-" or not ext:
        if by_content == "gzip":
            raise BadInput("gzip data without a .jsonl.gz name; unsupported")
        return by_content or "text"
    if by_ext is None:
        raise BadInput(f"unsupported file type {ext!r}")
    if by_ext == "audio":
        return "audio"  # the audio reader checks the content and names mislabelled files
    if by_ext in ("text", "jsonl", "csv") and by_content in ("pdf", "audio"):
        raise BadInput(f"mislabelled file: named {ext} but the content is {by_content}")
    if by_ext == "pdf" and by_content != "pdf":
        raise BadInput("malformed PDF: no %PDF- header")
    return by_ext


# What parsers raise on hostile bytes (deep nesting, truncated or corrupt compression, stray
# encodings): reported as bad input, one line, never as an internal error with a traceback.
PARSER_FAILURES = (RecursionError, EOFError, zlib.error, UnicodeError, OverflowError, MemoryError)


def read_item(name: str, raw: bytes, mapping: dict[str, str], options: dict) -> Item:
    if not raw:
        raise BadInput("empty file (0 bytes)")
    kind = kind_for(name, raw)
    try:
        return _read_kind(kind, name, raw, mapping, options)
    except PARSER_FAILURES as exc:
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        raise BadInput(f"unreadable {kind} input ({type(exc).__name__}{': ' + detail if detail else ''})") from None


def _read_kind(kind: str, name: str, raw: bytes, mapping: dict[str, str], options: dict) -> Item:
    if kind == "text":
        return read_text(raw, name)
    if kind == "html":
        return read_html(raw, name)
    if kind == "feed":
        return read_feed(raw, name)
    if kind == "jsonl":
        return read_jsonl(raw, name, mapping, options.get("max_inflated") or inflate_limit(None))
    if kind == "csv":
        return read_csv(raw, name, mapping)
    if kind == "pdf":
        return read_pdf(raw, name)
    if kind == "audio":
        from wartrace.capture.audio_reader import read_audio  # lazily: faster-whisper is heavy to import

        return read_audio(raw, name, options)
    raise BadInput(f"unsupported content ({kind})")
