"""Normalise publication dates from capture sources to ISO 8601."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from dateutil import parser as dateutil_parser

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalise_published(value) -> str | None:
    """ISO date ("2022-04-22") or UTC datetime ("2022-04-22T10:00:00+00:00"); None if unparseable."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, timezone.utc).isoformat(timespec="seconds")
    if hasattr(value, "tm_year"):  # time.struct_time from feedparser
        return datetime(*value[:6], tzinfo=timezone.utc).isoformat(timespec="seconds")
    s = str(value).strip()
    if _DATE_ONLY.match(s):
        return s
    try:
        dt = dateutil_parser.parse(s)
    except (ValueError, OverflowError):
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).isoformat(timespec="seconds")
