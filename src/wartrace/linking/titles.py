"""An incident's title names the happening: what, where, when.

"Alleged order to kill prisoners of war, Popasna, 2022-04-20" — built from the incident's
anchor event (its modality, trigger and target), its place and its date, never from the
first sentence of its first report (which would title every incident of an article alike).
"""
from __future__ import annotations

import re
from typing import Any

from wartrace.model import Event

# An event that was ordered, planned or threatened is the order, the plan or the threat.
INTENT_NOUNS = {"ordered": "order", "planned": "plan", "threatened": "threat", "attempted": "attempt"}


def _target(event: Event) -> str | None:
    """"Prisoners of war (Ukraine)" -> "prisoners of war": the ACLED actor without its country."""
    if not event.actor2:
        return None
    name = re.sub(r"\s*\([^)]*\)", "", event.actor2).strip()
    return name[:1].lower() + name[1:] if name and not name.isupper() else name or None


def _what(event: Event) -> str:
    target = _target(event)
    trigger = event.trigger.text.lower().strip() if event.trigger is not None else ""
    noun = INTENT_NOUNS.get(event.modality)
    if noun and trigger:
        return f"{noun} to {trigger}" + (f" {target}" if target else "")
    what = event.sub_event_type if event.sub_event_type and event.sub_event_type != "Other" else (
        trigger or event.event_type or "Report")
    if target and event.event_type == "Violence against civilians":
        return f"{what} on {target}" if what.lower() == "attack" else f"{what} against {target}"
    return what


def _when(date: dict[str, Any]) -> str | None:
    start, end = date.get("start"), date.get("end")
    if not start:
        return None
    if date.get("precision") == "day" or start == end:
        return start
    if date.get("precision") == "month" and start[:7] == end[:7]:
        return start[:7]
    return f"{start}/{end}"


def incident_title(anchor: Event | None, place: dict[str, Any] | None, date: dict[str, Any],
                   corroborated: bool, fallback: str) -> str:
    """What, where, when; "Alleged" until two independent origins corroborate it."""
    if anchor is None:
        return fallback
    what = _what(anchor)
    if not corroborated:
        what = "alleged " + what[:1].lower() + what[1:]
    parts = [what[:1].upper() + what[1:]]
    if place and place.get("name"):
        parts.append(place["name"])
    when = _when(date)
    if when:
        parts.append(when)
    return ", ".join(parts)
