"""One event per happening per document.

A report names one missile strike with several triggers ("struck", "killed", "wounded",
"destroyed"), and repeats it (the lede, then a quote). Those become one event carrying the
fatality and injury counts. Triggers are the same happening when they are violence of one family
(a strike and the killing it caused), lie in the same or nearby sentences, and do not contradict
each other on place, date or modality; an event of the same sub-type at the same place is the
same happening wherever it is repeated. Two sides named as the doer of one happening make its
perpetrator disputed, both accusations kept through the event's claims.
"""
from __future__ import annotations

from dataclasses import dataclass

from wartrace.analysis.actors import side_of_actor
from wartrace.model import Event

# Sub-types a report's several triggers of one violent happening may carry, strongest first:
# ACLED codes a strike that killed civilians as the strike, a clash with deaths as the clash.
HAPPENING_RANK = {"Explosions/Remote violence": 0, "Battles": 1, "Violence against civilians": 2}
SEPARATE_SUB_TYPES = {"Sexual violence", "Abduction/forced disappearance"}
REPORTED = {"happened", "alleged"}
NEAR_SENTENCES = 4  # a passage: the strike, the toll, a witness quote


@dataclass
class Placed:
    """An event with the index of the sentence its trigger is in."""
    event: Event
    sentence: int


def _family(e: Event) -> str | None:
    if e.event_type in HAPPENING_RANK and e.sub_event_type not in SEPARATE_SUB_TYPES:
        return "violence"
    return None


def _places_agree(a: Event, b: Event) -> bool | None:
    """True: the same place; None: one has none; False: two different places."""
    if a.place is None or b.place is None:
        return None
    if a.place.name == b.place.name:
        return True
    for x, y in ((a.place, b.place), (b.place, a.place)):
        if x.feature == "admin1" and y.admin1 == x.name:
            return True  # "in Kharkiv region ... in the city of Kharkiv"
    return False


def _dates_agree(a: Event, b: Event) -> bool:
    da, db = a.date or {}, b.date or {}
    if da.get("basis") == "text" and db.get("basis") == "text":
        return da.get("value") == db.get("value")
    return True


def _modalities_agree(a: Event, b: Event) -> bool:
    return a.modality == b.modality or (a.modality in REPORTED and b.modality in REPORTED)


def _side(actor: str | None) -> str | None:
    """The actor's side from the registry; an actor of no known side is a side of its own."""
    return side_of_actor(actor) or actor


def same_happening(a: Placed, b: Placed) -> bool:
    ea, eb = a.event, b.event
    if not _modalities_agree(ea, eb) or not _dates_agree(ea, eb):
        return False
    places = _places_agree(ea, eb)
    if places is False:
        return False
    if ea.sub_event_type == eb.sub_event_type and places is True:
        return True  # the lede and the quote
    fam = _family(ea)
    if fam is None or fam != _family(eb) or abs(a.sentence - b.sentence) > NEAR_SENTENCES:
        return False
    s1, s2 = _side(ea.actor1), _side(eb.actor1)
    if s1 and s2 and s1 != s2 and places is not True:
        return False  # two sides named in nearby sentences with no common place: two happenings
    return True


def _absorb(keep: Event, other: Event) -> None:
    s1, s2 = _side(keep.actor1), _side(other.actor1)
    if s1 and s2 and s1 != s2:
        keep.perpetrator_disputed = True
    keep.perpetrator_disputed = keep.perpetrator_disputed or other.perpetrator_disputed
    keep.actor1 = keep.actor1 or other.actor1
    keep.actor2 = keep.actor2 or other.actor2
    keep.fatalities = max(filter(None, [keep.fatalities, other.fatalities]), default=None)
    keep.injuries = max(filter(None, [keep.injuries, other.injuries]), default=None)
    keep.confidence = max(keep.confidence, other.confidence)
    if keep.modality == "happened" and other.modality != "happened":
        keep.modality = other.modality
    if keep.date is None or (keep.date.get("basis") != "text" and other.date and other.date.get("basis") == "text"):
        keep.date = other.date
    if keep.place is None:
        keep.place = other.place
    codes = {i.code for i in keep.ihl}
    keep.ihl += [i for i in other.ihl if i.code not in codes]
    keep.claims += [c for c in other.claims if c not in keep.claims]
    keep.mentions += [m for m in other.mentions if m not in keep.mentions]


def _rank(e: Event) -> tuple[int, float]:
    return HAPPENING_RANK.get(e.event_type, 9), -e.confidence


def merge_happenings(placed: list[Placed]) -> list[Event]:
    """Events in document order, those of one happening merged into the strongest-typed one."""
    groups: list[list[Placed]] = []
    for p in placed:
        group = next((g for g in groups if any(same_happening(q, p) for q in g)), None)
        if group is None:
            groups.append([p])
        else:
            group.append(p)
    out = []
    for g in groups:
        keep = min((p.event for p in g), key=_rank)
        for p in g:
            if p.event is not keep:
                _absorb(keep, p.event)
        out.append(keep)
    return out
