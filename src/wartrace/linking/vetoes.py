"""Conflicting facts: what keeps two items apart however alike they read.

Linking may compare any two items (a dated report with an undated one), so what vetoes a
link is a conflict between facts each item states, not a missing fact:
- **dates**: two stated dates (an event's own, or a report's publication) more than a day
  apart; a date only inferred from the days a text mentions (an archive text) is weak and
  vetoes only when the two lie half a year apart;
- **places**: two towns or sites out of each other's reach, unless each item names the other's
  place too (two reports that both name Newport Beach and Rancho Mirage differ only in which
  they name first; one that names a town the other never mentions conflicts), or a report item
  (no anchor event: its town is only the first of its lead) names the other's town; an oblast
  holds the towns in it, and a place of no country (a continent, "the Middle East") holds any
  town: it states no town to conflict with. With `report_towns=False` (`LinkConfig.report_town_vetoes`) a report
  item's town, only a guess, vetoes nothing: only places that events state conflict;
- **countries**: two events' places in different countries (a report's country, inferred from
  all the places it names, is too weak to veto);
- **targets**: each item names a kind of struck site and they have none in common (the
  railway station and the restaurant of one town: data/linking/targets.yaml).
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from wartrace.config import load_yaml
from wartrace.geo import near_any
from wartrace.linking.items import LinkItem

# How far from an oblast's centre a place whose oblast is unknown can still lie in it (km).
ADMIN1_REACH_KM = 250.0
# Dates inferred from whatever days a text mentions (an archive report's), against those a report
# states (its event's, or its own publication day).
INFERRED_DATES = {"mentions"}
WEAK_DATE_TOLERANCE_DAYS = 183


def days(it: LinkItem) -> tuple[date, date] | None:
    """The days an item's happening lies in: its dates, else a stated span too wide to date it."""
    if it.start is not None:
        return it.start, it.end
    return it.span


def _stated(it: LinkItem) -> bool:
    return it.start is None or it.date_source not in INFERRED_DATES


def admin1(it: LinkItem) -> str | None:
    """The oblast (admin1) an item's place lies in, or is."""
    if it.place_feature == "admin1":
        return it.admin1 or it.place_name
    return it.admin1 if it.lat is not None else None


def dates_conflict(a: LinkItem, b: LinkItem, tolerance_days: int) -> bool:
    da, db = days(a), days(b)
    if da is None or db is None:
        return False
    tol = tolerance_days if _stated(a) and _stated(b) else WEAK_DATE_TOLERANCE_DAYS
    t = timedelta(days=tol)
    return da[0] - t > db[1] or da[1] + t < db[0]


def _names_place_of(a: LinkItem, b: LinkItem) -> bool:
    return bool(b.place_name) and "p:" + b.place_name.lower() in a.keys


def _waives(a: LinkItem, b: LinkItem) -> bool:
    """Whether a names b's town in a way that lifts their conflict of towns.

    An event's town is where it states the event happened; a report item's (no anchor event) is
    only the first town of its lead, a guess at where its happening was. A report that also names
    the other item's town may well be about that town (a report led by the clinic's town
    "Rancho Mirage" and one led by the actress's home "Newport Beach" that also names Rancho
    Mirage); a report that never names it cannot.
    """
    return a.kind == "report" and _names_place_of(a, b)


def beyond_countries(it: LinkItem) -> bool:
    """A place wider than any country (a continent, "the Middle East", "the European Union"): the
    gazetteer gives it a point but no country, and it holds the towns of all its countries."""
    return it.lat is not None and it.place_feature == "other" and not it.country


def places_conflict(a: LinkItem, b: LinkItem, max_gap_km: float, report_towns: bool = True) -> bool:
    if not report_towns and "report" in (a.kind, b.kind):
        return False
    if beyond_countries(a) or beyond_countries(b):
        return False
    if a.is_point and b.is_point:
        if near_any(a.lat, a.lon, a.radius_km + max_gap_km, [(b.lat, b.lon, b.radius_km)]):
            return False
        if _waives(a, b) or _waives(b, a):
            return False
        return not (_names_place_of(a, b) and _names_place_of(b, a))
    if "admin1" in (a.place_feature, b.place_feature):  # an oblast holds the towns in it
        ra, rb = admin1(a), admin1(b)
        if ra and rb and ra != rb:
            return True
        # a region whose oblast is unknown, far from the oblast (Donbas, Crimea)
        return not (ra and rb) and a.lat is not None and b.lat is not None and not near_any(
            a.lat, a.lon, ADMIN1_REACH_KM, [(b.lat, b.lon, 0.0)])
    return False


def same_day_and_town(a: LinkItem, b: LinkItem, max_gap_km: float) -> bool:
    """Whether two events state one day and one town: each its own date of a single day (not the
    report's, not a span) and a town or site within reach of the other's."""
    def stated_day(it: LinkItem) -> bool:
        return it.kind == "event" and it.date_source == "event" and it.start is not None and it.start == it.end

    return (stated_day(a) and stated_day(b) and a.start == b.start and a.is_point and b.is_point
            and near_any(a.lat, a.lon, a.radius_km + max_gap_km, [(b.lat, b.lon, b.radius_km)]))


def countries_conflict(a: LinkItem, b: LinkItem) -> bool:
    if "report" in (a.kind, b.kind) or a.lat is None or b.lat is None:
        return False
    return bool(a.country and b.country and a.country != b.country)


@lru_cache(maxsize=1)
def _target_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    out = []
    for entry in load_yaml("linking/targets.yaml")["kinds"]:
        forms = [re.escape(f.rstrip("*")).replace(r"\ ", r"\s+").replace(r"\*", r"\w*") + (r"\w*" if f.endswith("*") else "")
                 for f in entry["forms"]]
        out.append((entry["kind"], re.compile(r"(?<!\w)(?:" + "|".join(forms) + r")(?!\w)", re.IGNORECASE)))
    return tuple(out)


@lru_cache(maxsize=65536)
def targets(text: str) -> frozenset[str]:
    """The kinds of struck site a text names (railway_station, restaurant, ...)."""
    return frozenset(kind for kind, pat in _target_patterns() if pat.search(text or ""))


def targets_conflict(a: LinkItem, b: LinkItem) -> bool:
    ta, tb = targets(a.text), targets(b.text)
    return bool(ta and tb and not ta & tb)


def conflict(a: LinkItem, b: LinkItem, tolerance_days: int, max_gap_km: float,
             report_towns: bool = True) -> str | None:
    """The first fact on which two items conflict ("dates", "places", ...), or None.
    `report_towns`: whether a report item's town (the first of its lead) can conflict at all."""
    if dates_conflict(a, b, tolerance_days):
        return "dates"
    if places_conflict(a, b, max_gap_km, report_towns):
        return "places"
    if countries_conflict(a, b):
        return "countries"
    if targets_conflict(a, b):
        return "targets"
    return None
