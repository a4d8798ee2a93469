"""What a reader yields: the raw bytes of one document and its parsed Document fields."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Item:
    raw: bytes  # exactly as received: its SHA-256 is the document id
    text: str
    kind: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    media_type: str | None = None
    language: str | None = None  # when the source says so; else detected
    meta: dict[str, Any] = field(default_factory=dict)
    children: list["Item"] = field(default_factory=list)  # derived documents (feed entries, corpus rows)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (where, reason) for bad children
    analyse: bool = True  # containers (feeds, corpora, recordings) are not analysed themselves
