"""The contract JSON `wartrace extract` prints for one text, cached per text, and lookups into it,
shared by the Russian/Ukrainian test files."""
from __future__ import annotations

from functools import lru_cache

from wartrace.api import analyse

RU_FORCES = "Military Forces of Russia (2000-)"
UA_FORCES = "Military Forces of Ukraine (2019-)"
# ACLED event types, as the ru/uk round tests name them
BATTLES, STRIKE = "Battles", "Explosions/Remote violence"
CIVILIANS, DEVELOPMENTS = "Violence against civilians", "Strategic developments"


@lru_cache(maxsize=None)
def extract(text: str) -> dict:
    return analyse(text).to_dict()


def place(text: str, surface: str) -> dict:
    """The place the output gives for `surface` (as written in the text); fails when there is none."""
    found = [p for p in extract(text)["places"] if p["text"] == surface]
    assert found, extract(text)["places"]
    return found[0]


def event(text: str, event_type: str) -> dict:
    """The first event of `event_type` the output lists; fails when there is none."""
    found = [e for e in extract(text)["events"] if e["event_type"] == event_type]
    assert found, extract(text)["events"]
    return found[0]


def doer(text: str, event_type: str) -> str | None:
    """actor1 of that event."""
    return event(text, event_type)["actors"]["actor1"]
