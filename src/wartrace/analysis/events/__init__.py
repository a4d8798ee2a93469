"""ACLED-coded events: what happened, who did it to whom, where, when, how many died,
whether it happened or was only ordered, planned, attempted, threatened or alleged, which
war crimes it may indicate, and which claims assert it.

    component.py     the registered `events` component: detect, gate, type, build
    participants.py  who: actors and groups in the sentence, perpetrator, victim, orderer
    modality.py      negated, ordered, planned, attempted, threatened, alleged, happened; rhetoric
    counts.py        the killed and the injured
    where.py         the event's place among the places found
    when.py          the event's date among the dates found
    lexicon.py       the events lexicon (data/events/)
    syntax.py        parse readings the others share
"""
from wartrace.analysis.events.component import EventsConfig, build_events, make_events
from wartrace.analysis.events.counts import counts
from wartrace.analysis.events.lexicon import Lexicon, lexicon
from wartrace.analysis.events.modality import governors, is_negated, is_order, is_rhetoric, modality_of, recalled
from wartrace.analysis.events.participants import Mention, acled_name, group_mentions, order_giver, pick_actors
from wartrace.analysis.events.when import fallback_date, pick_date
from wartrace.analysis.events.where import as_region_if_said, pick_place

__all__ = ["EventsConfig", "Lexicon", "Mention", "acled_name", "as_region_if_said", "build_events", "counts",
           "fallback_date", "governors", "group_mentions", "is_negated", "is_order", "is_rhetoric", "lexicon",
           "make_events", "modality_of", "order_giver", "pick_actors", "pick_date", "pick_place", "recalled"]
