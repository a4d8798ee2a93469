"""ACLED vocabularies (data/acled/*.yaml), loaded once per process."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from wartrace.config import load_yaml


@dataclass(frozen=True)
class Country:
    iso2: str
    numeric: int
    iso3: str
    name: str
    region: str | None


@lru_cache(maxsize=None)
def columns() -> tuple[str, ...]:
    return tuple(load_yaml("acled/columns.yaml")["columns"])


@lru_cache(maxsize=None)
def precision() -> dict:
    return load_yaml("acled/precision.yaml")


@lru_cache(maxsize=None)
def disorder() -> dict:
    return load_yaml("acled/disorder.yaml")


@lru_cache(maxsize=None)
def inter() -> dict:
    d = load_yaml("acled/inter.yaml")
    d["compiled"] = [(re.compile(p["pattern"], re.I), int(p["code"])) for p in d["name_patterns"]]
    return d


@lru_cache(maxsize=None)
def countries() -> dict[str, Country]:
    regions = {iso2: name for name, codes in load_yaml("acled/regions.yaml")["regions"].items() for iso2 in codes}
    return {iso2: Country(iso2, int(c["numeric"]), c["iso3"], c["name"], regions.get(iso2))
            for iso2, c in load_yaml("acled/countries.yaml")["countries"].items()}


@lru_cache(maxsize=None)
def phrases() -> dict:
    return load_yaml("acled/notes.yaml")


def country(iso2: str | None) -> Country | None:
    return countries().get((iso2 or "").upper()) if iso2 else None
