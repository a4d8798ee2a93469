"""PDF: the text layer, page by page (no OCR)."""
from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from wartrace.capture.dates import normalise_published
from wartrace.capture.errors import BadInput
from wartrace.capture.items import Item


def read_pdf(raw: bytes, name: str) -> Item:
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BadInput(f"malformed PDF: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises assorted errors on damaged files
        raise BadInput(f"malformed PDF: {type(exc).__name__}: {exc}") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise BadInput("PDF has no text layer (scanned image? OCR is not supported)")
    created = info.get("/CreationDate")
    published = None
    if isinstance(created, str) and created.startswith("D:") and len(created) >= 10:
        published = normalise_published(f"{created[2:6]}-{created[6:8]}-{created[8:10]}")
    return Item(raw=raw, text=text, kind="pdf", title=info.get("/Title") or None,
                author=info.get("/Author") or None, published=published, media_type="application/pdf",
                meta={"pages": len(pages)})
