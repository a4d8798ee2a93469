"""Plain text: strict decoding, and the leading `date YYYY-MM-DD` line some sources carry."""
from __future__ import annotations

import codecs
import re

from wartrace.capture.errors import BadInput
from wartrace.capture.items import Item

# "date 2022-04-22" at the very start (after optional whitespace) is the publication date
# and not part of the text; the seed has it on the same line as the first sentence.
DATE_PREFIX = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]*\r?\n|[ \t]+|\Z)")


def decode_text(raw: bytes) -> str:
    """UTF-8 (a BOM is allowed), or UTF-16 with a BOM; anything else is refused, not guessed."""
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise BadInput(f"undecodable UTF-16 text ({exc.reason} at byte {exc.start})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start:exc.start + 1].hex()
        raise BadInput(f"not valid UTF-8 text (byte 0x{bad} at offset {exc.start})") from None


def looks_binary(raw: bytes) -> bool:
    head = raw[:8192]
    if b"\x00" in head and not (head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE)):
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and control / len(head) > 0.1


def split_date_line(text: str) -> tuple[str | None, str]:
    m = DATE_PREFIX.match(text)
    if not m:
        return None, text
    return m.group(1), text[m.end():]


def read_text(raw: bytes, name: str) -> Item:
    if looks_binary(raw):
        raise BadInput("binary data, not text")
    text = decode_text(raw)
    published, body = split_date_line(text)
    if not body.strip():
        raise BadInput("empty text")
    return Item(raw=raw, text=body, kind="text", published=published, media_type="text/plain")
