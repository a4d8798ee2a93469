"""When: the date of an event, from the dates component's findings in its sentence or its claim,
else the publication date at a coarser precision."""
from __future__ import annotations

from datetime import timedelta

from wartrace.analysis.dates import as_date, is_stamp

COARSER = {"day": "week", "week": "month", "month": "year", "year": "year"}


def fallback_date(value: str, precision: str, basis: str) -> dict[str, str]:
    """A reported event happened on or before the report: a range ending at that date."""
    coarser = COARSER.get(precision, precision)
    d = as_date(value) if "/" not in value else None
    if d is not None and precision == "day":
        return {"value": f"{d - timedelta(days=6)}/{d}", "precision": coarser, "basis": basis}
    return {"value": value, "precision": coarser, "basis": basis}


def pick_date(tok, sent, dates, claims, published: str | None, background: bool = False) -> dict[str, str] | None:
    # a page's own stamp ("Posted: May 24, 2005") dates the page, not what it reports
    inside = [d for d in dates if sent.start_char <= d.start < sent.end_char
              and not is_stamp(sent.doc.text, d.start)]
    if inside:
        d = min(inside, key=lambda d: abs(d.start - tok.idx))
        return {"value": d.value, "precision": d.precision, "basis": "text"}
    if background:
        return None
    for c in claims:
        if c.date and c.date.get("value"):
            return fallback_date(c.date["value"], c.date.get("precision", "day"), "claim")
    if published:
        return fallback_date(published[:10], "day", "published")
    return None

