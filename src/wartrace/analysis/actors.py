"""The actor registry (data/actors.yaml): who speaks, reports or fights, by canonical name.

    from wartrace.analysis.actors import match_actor, find_actor_mentions
    match_actor("Germany's foreign intelligence service").id   # "BND"
    find_actor_mentions(text)                                  # [(start, end, Actor), ...]

Matching is on normalised text (case folded, curly apostrophes straightened, whitespace
collapsed, a leading "the" dropped): the whole text as an alias first, else the longest
alias found inside it on word boundaries. One compiled pattern per process.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from wartrace.config import load_yaml


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str
    side: str | None
    country: str | None
    acled_actor: str | None
    source: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    title: str | None = None


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def normalise(text: str) -> str:
    t = " ".join(text.translate(_APOSTROPHES).split()).lower()
    t = re.sub(r"^(?:the|a|an)\s+", "", t)
    return re.sub(r"[\s,.;:]+$", "", t)


# "UK Ambassador to Ukraine Martin Harris", "the commander of Russian forces in Ukraine": a body named
# after "to" or "in" is where the person serves, not whom they speak for
_HOST = re.compile(r"(?:^|\s)(?:to|in)\s+(?:the\s+)?$")


@dataclass
class Registry:
    actors: list[Actor]
    by_alias: dict[str, Actor]
    pattern: re.Pattern

    def match_head(self, text: str) -> Actor | None:
        """The actor `text` names in its head, the end of the phrase (a trailing "(SBU)" aside)."""
        norm = normalise(re.sub(r"\s*\([^)]*\)\s*$", "", text))
        found = [m for m in self.pattern.finditer(norm) if m.end() == len(norm)]
        return self.by_alias.get(" ".join(max(found, key=lambda m: len(m.group(0))).group(0).split())) if found else None

    def match(self, text: str) -> Actor | None:
        norm = normalise(text)
        if not norm:
            return None
        if norm in self.by_alias:
            return self.by_alias[norm]
        if norm.endswith("'s") and norm[:-2] in self.by_alias:
            return self.by_alias[norm[:-2]]
        # an English noun phrase ends in its head: "President Putin's spokesman Dmitry Peskov" is
        # Peskov. A possessor ("Putin's …") is never the head; a match at the end wins, else the longest.
        found = [m for m in self.pattern.finditer(norm) if not norm.startswith("'s", m.end())
                 and not _HOST.search(norm, 0, m.start())]
        if not found:
            return None
        at_end = [m for m in found if m.end() == len(norm)]
        best = max(at_end or found, key=lambda m: len(m.group(0)))
        return self.by_alias.get(" ".join(best.group(0).split()))

    def mentions(self, text: str) -> list[tuple[int, int, Actor]]:
        """Every alias occurrence in `text`, longest first at each position, as offsets into `text`.

        Matching runs on a case-folded copy of the same length, so offsets carry over.
        """
        folded = text.translate(_APOSTROPHES).lower()
        out = []
        for m in self.pattern.finditer(folded):
            actor = self.by_alias.get(" ".join(m.group(0).split()))
            if actor is not None:
                out.append((m.start(), m.end(), actor))
        return out


@lru_cache(maxsize=1)
def load_actors() -> Registry:
    """Load and index the registry once per process."""
    actors: list[Actor] = []
    by_alias: dict[str, Actor] = {}
    for e in load_yaml("actors.yaml")["actors"]:
        actor = Actor(id=e["id"], name=e["name"], type=e["type"], side=e.get("side"), country=e.get("country"),
                      acled_actor=e.get("acled_actor"), source=e["source"],
                      aliases=tuple(e.get("aliases") or ()) + tuple(e.get("names_uk_ru") or ()),
                      title=e.get("title"))
        actors.append(actor)
        for alias in (actor.name, *actor.aliases):
            # the first entry to claim an alias keeps it: the file lists specific bodies first
            by_alias.setdefault(normalise(alias), actor)
    # longest alias first so the regex prefers "russian defense ministry" over "russian"
    alts = sorted(by_alias, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)
    pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")
    return Registry(actors, by_alias, pattern)


def match_actor(text: str) -> Actor | None:
    """The registered actor `text` names (the whole text, else the longest alias inside it), or None."""
    return load_actors().match(text)


def find_actor_mentions(text: str) -> list[tuple[int, int, Actor]]:
    return load_actors().mentions(text)


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    return {str(k).lower(): v for k, v in (load_yaml("actors.yaml").get("demonyms") or {}).items()}


def demonym_actor(word: str) -> Actor | None:
    """The party an adjective or demonym names as a doer or target ("Russian", "Ukrainians",
    "Wagner", "Kadyrovite", "DPR"), from actors.yaml's `demonyms`; None for any other word."""
    actor_id = _demonyms().get(normalise(word))
    return actor_by_id(actor_id) if actor_id else None


def side_of_actor(name: str | None) -> str | None:
    """The side (UA, RU, …, from actors.yaml) of an event's actor, named as ACLED names it ("Military
    Forces of Russia (2000-)") or as the registry does; else "RU"/"UA" when the name says the state it
    belongs to ("Civilians (Ukraine)"); None when neither. The one definition every stage uses."""
    if not name:
        return None
    registry = load_actors()
    actor = next((a for a in registry.actors if name in (a.acled_actor, a.name)), None) or registry.match(name)
    if actor is not None and actor.side in ("UA", "RU"):
        return actor.side
    low = name.lower()
    if "russia" in low:
        return "RU"
    if "ukrain" in low:
        return "UA"
    return None


def actor_by_id(actor_id: str) -> Actor | None:
    for a in load_actors().actors:
        if a.id == actor_id:
            return a
    return None
