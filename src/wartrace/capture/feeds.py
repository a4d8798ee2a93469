"""RSS and Atom files: the feed is a container; each entry becomes a derived document."""
from __future__ import annotations

import json
import re
from html import unescape

import feedparser

from wartrace.capture.dates import normalise_published
from wartrace.capture.errors import BadInput
from wartrace.capture.items import Item

_TAGS = re.compile(r"<[^>]+>")


def _plain(html_text: str) -> str:
    return re.sub(r"\s+", " ", unescape(_TAGS.sub(" ", html_text or ""))).strip()


def read_feed(raw: bytes, name: str) -> Item:
    parsed = feedparser.parse(raw)
    if parsed.bozo and not parsed.entries:
        raise BadInput(f"malformed RSS/Atom feed: {parsed.get('bozo_exception')}")
    if not parsed.entries:
        raise BadInput("feed has no entries")
    feed_title = parsed.feed.get("title")
    container = Item(raw=raw, text="", kind="feed", title=feed_title, url=parsed.feed.get("link"),
                     media_type="application/rss+xml", analyse=False,
                     meta={"entries": len(parsed.entries), "feed_version": parsed.get("version")})
    for i, entry in enumerate(parsed.entries, 1):
        title = _plain(entry.get("title", ""))
        summary = _plain(entry.get("summary", ""))
        content = " ".join(_plain(c.get("value", "")) for c in entry.get("content", []))
        body = content or summary
        text = "\n\n".join(x for x in (title, body) if x)
        if not text:
            container.errors.append((f"entry {i}", "feed entry has no title or text"))
            continue
        published = normalise_published(entry.get("published_parsed") or entry.get("updated_parsed")
                                        or entry.get("published"))
        record = {"feed": feed_title, "id": entry.get("id"), "link": entry.get("link"), "title": title,
                  "published": published, "text": text}
        entry_raw = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
        container.children.append(Item(
            raw=entry_raw, text=text, kind="feed-entry", title=title or None, published=published,
            url=entry.get("link"), author=entry.get("author"), source=feed_title,
            media_type="application/json", meta={"entry": i}))
    if not container.children:
        reason = parsed.get("bozo_exception") if parsed.bozo else "no entry has a title or text"
        raise BadInput(f"malformed RSS/Atom feed: {reason}")
    return container
