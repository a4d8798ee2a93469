"""HTML pages: main text, title, author, date and canonical URL via trafilatura."""
from __future__ import annotations

import trafilatura

from wartrace.capture.dates import normalise_published
from wartrace.capture.errors import BadInput
from wartrace.capture.items import Item
from wartrace.capture.text import decode_text


def read_html(raw: bytes, name: str) -> Item:
    markup = decode_text(raw)
    if "<" not in markup:
        raise BadInput("malformed HTML: no markup found")
    try:
        extracted = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False,
                                                favor_precision=True)
        doc = extracted.as_dict() if extracted is not None else None
    except Exception as exc:  # noqa: BLE001 - trafilatura raises many kinds on broken markup
        raise BadInput(f"malformed HTML: {type(exc).__name__}: {exc}") from None
    if not doc or not (doc.get("text") or "").strip():
        raise BadInput("malformed HTML: no main text could be extracted")
    return Item(
        raw=raw,
        text=doc["text"],
        kind="html",
        title=doc.get("title"),
        author=doc.get("author"),
        published=normalise_published(doc.get("date")),
        url=doc.get("url"),
        source=doc.get("sitename") or doc.get("hostname"),
        media_type="text/html",
        meta={k: doc[k] for k in ("hostname", "description", "categories", "tags") if doc.get(k)},
    )
