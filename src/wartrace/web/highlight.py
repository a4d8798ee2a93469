"""Mark extracted spans in captured text, safely.

The text between span boundaries is escaped piece by piece (markupsafe.escape) and
only our own <mark> tags are added, so a captured article can never inject markup;
templates receive the result as Markup and never mark raw text |safe.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # place | date | hedge | weasel | caveat | claimant | cue | claim | trigger | ihl
    label: str = ""


def _span(d: dict | None, kind: str, label: str = "") -> list[Mark]:
    if not d or d.get("start") is None or d.get("end") is None or d["end"] <= d["start"]:
        return []
    return [Mark(int(d["start"]), int(d["end"]), kind, label)]


def marks_from_analysis(result: dict | None, claim_ids: set[str] | None = None,
                        event_ids: set[str] | None = None) -> list[Mark]:
    """Every span of an extract/1 result (restricted to some claims and events when given)."""
    if not result:
        return []
    out: list[Mark] = []
    for p in result.get("places", []):
        out += _span(p, "place", f"place: {p.get('name')} ({p.get('feature')}, {p.get('country') or '?'})")
    for d in result.get("dates", []):
        out += _span(d, "date", f"date: {d.get('value')} ({d.get('precision')})")
    for h in result.get("hedges", []):
        out += _span(h, h.get("kind") or "hedge", h.get("kind") or "hedge")
    for c in result.get("claims", []):
        if claim_ids is not None and c.get("id") not in claim_ids:
            continue
        who = (c.get("claimant") or {}).get("actor") or (c.get("claimant") or {}).get("text") or "unknown"
        out += _span(c.get("claimant"), "claimant", f"claimant of {c.get('id')}: {who}")
        out += _span(c.get("cue"), "cue", f"attribution cue of {c.get('id')}")
        for s in c.get("content", []):
            out += _span(s, "claim", f"claim {c.get('id')} ({c.get('stance')}) by {who}")
        for s in c.get("hedges", []):
            out += _span(s, "hedge", "hedge")
        for s in c.get("caveats", []):
            out += _span(s, "caveat", f"caveat: {s.get('kind')}")
    for e in result.get("events", []):
        if event_ids is not None and e.get("id") not in event_ids:
            continue
        out += _span(e.get("trigger"), "trigger",
                     f"event {e.get('id')}: {e.get('event_type')} / {e.get('sub_event_type')} ({e.get('modality')})")
        for i in e.get("ihl", []):
            out += _span(i, "ihl", f"IHL: {i.get('label')} ({i.get('code')})")
    return out


def highlight(text: str, marks: list[Mark], start: int = 0, end: int | None = None) -> Markup:
    """text[start:end] as escaped HTML with each span in a <mark class="hl hl-KIND" title="LABELS">."""
    end = len(text) if end is None else min(end, len(text))
    marks = [m for m in marks if m.end > start and m.start < end and 0 <= m.start < m.end <= len(text)]
    cuts = sorted({start, end, *(max(start, m.start) for m in marks), *(min(end, m.end) for m in marks)})
    opens: dict[int, list[Mark]] = {}
    for m in marks:
        opens.setdefault(max(start, m.start), []).append(m)
    active: list[Mark] = []
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > a] + opens.get(a, [])
        piece = escape(text[a:b])
        if not active:
            out.append(piece)
            continue
        kinds = " ".join(sorted({f"hl-{m.kind}" for m in active}))
        title = "; ".join(dict.fromkeys(m.label for m in active if m.label))
        out.append(Markup('<mark class="hl {}" title="{}">{}</mark>').format(kinds, title, piece))
    return Markup("").join(out)


def window(text: str, marks: list[Mark], margin: int = 200, limit: int = 3000) -> tuple[int, int]:
    """A passage around the marks, widened to whitespace, at most `limit` characters."""
    if not marks:
        return 0, min(len(text), 800)
    a = max(0, min(m.start for m in marks) - margin)
    b = min(len(text), max(m.end for m in marks) + margin)
    b = min(b, a + limit)
    while a > 0 and not text[a - 1].isspace() and a > min(m.start for m in marks) - margin - 40:
        a -= 1
    while b < len(text) and not text[b].isspace() and b < a + limit + 40:
        b += 1
    return a, b
