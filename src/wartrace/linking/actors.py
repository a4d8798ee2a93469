"""Look up who a claimant is in the actor registry (data/actors.yaml), for sides and wires.

The claims component resolves claimants to registry names (`Claimant.actor`); here we
only need the registry entry behind a name or alias: its type and side.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from wartrace.analysis.actors import match_actor
from wartrace.config import load_yaml


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u2019", "'")).strip().lower()


@lru_cache(maxsize=1)
def _registry() -> tuple[dict[str, dict], list[dict]]:
    try:
        entries = load_yaml("actors.yaml").get("actors", [])
    except FileNotFoundError:
        entries = []
    index: dict[str, dict] = {}
    for e in entries:
        for name in [e.get("name"), e.get("id"), *(e.get("aliases") or [])]:
            if name:
                index.setdefault(_fold(str(name)), e)
    return index, entries


def lookup(name: str | None) -> dict[str, Any] | None:
    """The registry entry whose name or alias is exactly `name` (case-insensitive)."""
    if not name:
        return None
    hit = _registry()[0].get(_fold(name))
    if hit is not None:
        return hit

    got = match_actor(name)
    if got is None:
        return None
    if isinstance(got, dict):
        return got
    return {k: getattr(got, k, None) for k in ("id", "name", "type", "side", "country")}


def news_agencies() -> list[dict]:
    return [e for e in _registry()[1] if e.get("type") == "news_agency"]


def news_organisations() -> list[dict]:
    return [e for e in _registry()[1] if e.get("type") in ("news_agency", "news_outlet")]
