"""What the linker compares: one `LinkItem` per event, or one per document without events.

An item carries the few facts that decide whether two reports describe the same
happening: a type family, a date *interval* (a month-precision date is a month, not its
first day), a place with a radius that follows its precision (an oblast is an area,
not a point), actors, salient tokens (names, numbers) and an embedding of its text.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable

from wartrace.geo import near_any
from wartrace.model import Analysis, Claim, Event, Place, statements

# ACLED event types that often describe one happening from different angles: a strike
# that kills civilians is coded "Explosions/Remote violence" by one report and
# "Violence against civilians" by another, and shelling is part of a battle.
TYPE_FAMILY = {
    "Battles": "armed",
    "Explosions/Remote violence": "armed",
    "Violence against civilians": "armed",
    "Protests": "unrest",
    "Riots": "unrest",
    "Strategic developments": "strategic",
}
FAMILIES = ("armed", "unrest", "strategic", "other")
OTHER = "Other"

# How far a place of each precision may lie from the spot where it happened (km).
PLACE_RADIUS_KM = {"facility": 2.0, "city": 12.0, "other": 12.0, "admin2": 40.0}
AREA_FEATURES = {"admin1", "country"}

# A report's own date is the day it was published; what it reports happened before.
REPORT_LOOKBACK_DAYS = 7
# Dates wider than this do not narrow anything down: treated as undated.
MAX_DATED_SPAN_DAYS = 62


@dataclass
class LinkItem:
    id: str  # the store's event id "<first 12 hex of the document>:<event id>", or the document id
    document_id: str
    kind: str  # "event" | "report"
    event_type: str = OTHER
    sub_event_type: str | None = None
    start: date | None = None  # the interval the happening lies in (inclusive)
    end: date | None = None
    published: date | None = None
    lat: float | None = None
    lon: float | None = None
    place_feature: str | None = None  # model.Place.feature
    place_name: str | None = None
    country: str | None = None
    admin1: str | None = None
    actors: list[str] = field(default_factory=list)  # ACLED names, perpetrator before target, no repeats
    keys: set[str] = field(default_factory=set)  # salient tokens: names, numbers
    # The capitalised words and numbers of the whole document for its main item (of its own text
    # for another event item): who, where and when the story is about ("Nichols", "Comeaux",
    # "2005"), compared IDF-weighted with an incident's (`LinkConfig.name_cohesion`). See `name_words`.
    names: set[str] = field(default_factory=set)
    text: str = ""  # what gets embedded
    embedding: Any = None  # unit-norm numpy vector
    event_id: str | None = None  # the anchor event's local id ("e1")
    event_ids: list[str] = field(default_factory=list)  # every event of the document this item carries
    event_types: list[str] = field(default_factory=list)  # their ACLED types
    fatalities: int | None = None
    modality: str | None = None
    date_source: str | None = None  # "event" (stated), "published" (the report's own date), "mentions"
    lead: bool = True  # the document's main item
    claim_ids: list[str] = field(default_factory=list)  # the claims about its events (see `assign_claims`)
    language: str | None = None  # the document's; see `language_free_keys`
    # A stated date too wide to date the item ("in 2014"): not used for blocking or the incident's
    # days, but two items whose stated spans do not meet are still two happenings.
    span: tuple[date, date] | None = None

    @property
    def family(self) -> str:
        return TYPE_FAMILY.get(self.event_type, "other")

    @property
    def families(self) -> set[str]:
        """The type families of every event the item carries ("other" alone for a plain report)."""
        fams = {TYPE_FAMILY.get(t, "other") for t in (self.event_types or [self.event_type])}
        return fams - {"other"} or {"other"}

    @property
    def stands_alone(self) -> bool:
        """A published report with no anchor event that does not state where (a town in its lead)
        and when (a date of one of its events) anything happened: only its words could tie it to
        another report, and similar words are no shared happening (weeks of "the US warns of an
        invasion"). It is an incident of its own. (A text without a publication date, such as an
        archive document, still links by its words and the dates it names.)"""
        return self.kind == "report" and self.published is not None and (
            self.date_source != "event" or self.lat is None)

    @property
    def is_point(self) -> bool:
        return self.lat is not None and self.place_feature not in AREA_FEATURES

    @property
    def radius_km(self) -> float:
        return PLACE_RADIUS_KM.get(self.place_feature or "other", 12.0)

    @property
    def dated(self) -> bool:
        return self.start is not None


# --- dates -----------------------------------------------------------------------

def _parse_one(value: str) -> tuple[date, date] | None:
    value = value.strip()[:10]
    try:
        if re.fullmatch(r"\d{4}", value):
            y = int(value)
            return date(y, 1, 1), date(y, 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            y, m = map(int, value.split("-"))
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        d = date.fromisoformat(value)
        return d, d
    except ValueError:
        return None


def date_interval(value: str | None, precision: str | None = None) -> tuple[date, date] | None:
    """The days a date value can mean, widened to its precision."""
    if not value:
        return None
    if "/" in value:
        a, b = (_parse_one(v) for v in value.split("/", 1))
        if not a or not b:
            return None
        return a[0], b[1]
    got = _parse_one(value)
    if not got:
        return None
    start, end = got
    if start == end:
        if precision == "week":
            end = start + timedelta(days=6)
        elif precision == "month":
            start = start.replace(day=1)
            end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        elif precision == "year":
            start, end = date(start.year, 1, 1), date(start.year, 12, 31)
    return start, end


def _published(analysis: Analysis) -> date | None:
    got = _parse_one(analysis.document.published) if analysis.document.published else None
    return got[0] if got else None


# --- salient tokens ------------------------------------------------------------------

_NAME = re.compile(r"\b[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)*")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n)\W*$")


def salient_keys(text: str) -> set[str]:
    """Names (capitalised runs not at a sentence start, plus their words) and numbers.

    Entities, places and figures are what tell two similar happenings apart (two
    earthquakes, two strikes); common words are left to the embedding.
    """
    keys: set[str] = set()
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        if _SENTENCE_START.search(text[max(0, m.start() - 3): m.start()]) and len(words) == 1:
            continue
        keys.add("n:" + " ".join(words).lower())
        keys.update("w:" + w.lower() for w in words if len(w) > 2)
    for m in _NUMBER.finditer(text):
        num = m.group(0).replace(",", "")
        if len(num) > 1:  # single digits are too common to tell anything apart
            keys.add("#:" + num)
    return keys


def name_words(keys: set[str]) -> set[str]:
    """The capitalised words ("w:nichols") and numbers ("#:2005") among salient keys, without the
    names the words form: what a story's people, organisations, places, years and tolls are told
    by."""
    return {k for k in keys if k.startswith(("w:", "#:"))}


# Keys that read the same in every language: gazetteer places, ACLED actors, canonical claimants
# and numbers. Names as written ("n:", "w:") and the MiniLM embedding (trained on English) do not
# carry from a Ukrainian report to an English one.
LANGUAGE_FREE = ("p:", "a:", "c:", "#:")


def language_free_keys(keys: set[str]) -> set[str]:
    return {k for k in keys if k.startswith(LANGUAGE_FREE)}


# --- items from an analysis ---------------------------------------------------------

def _sentence_around(text: str, start: int, end: int, limit: int = 400) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return text[left + 1: right].strip()[:limit]


def lead_text(analysis: Analysis, chars: int = 1200) -> str:
    doc = analysis.document
    head = f"{doc.title}. " if doc.title else ""
    return (head + doc.text[:chars]).strip()


def event_item_id(document_id: str, event_id: str) -> str:
    """The store's id of an event: "<first 12 hex of the document hash>:<event id>"."""
    return f"{document_id.split(':', 1)[-1][:12]}:{event_id}"


def _event_item(analysis: Analysis, event: Event) -> LinkItem:
    doc = analysis.document
    text = doc.text
    item = LinkItem(id=event_item_id(doc.id, event.id), document_id=doc.id, kind="event", event_id=event.id,
                    event_type=event.event_type or OTHER, sub_event_type=event.sub_event_type,
                    published=_published(analysis), fatalities=event.fatalities, modality=event.modality,
                    language=doc.language)
    interval = date_interval(event.date["value"], event.date.get("precision")) if event.date else None
    source = "event"
    if interval is None and item.published:
        interval, source = (item.published - timedelta(days=REPORT_LOOKBACK_DAYS), item.published), "published"
    if interval and (interval[1] - interval[0]).days <= MAX_DATED_SPAN_DAYS:
        item.start, item.end = interval
        item.date_source = source
    elif interval and source == "event":
        item.span = interval
    if event.place is not None:
        p = event.place
        item.lat, item.lon, item.place_feature = p.lat, p.lon, p.feature
        item.place_name, item.country, item.admin1 = p.name, p.country, p.admin1
    item.actors = _unique(a for a in (event.actor1, event.actor2) if a)
    # The event's own sentence, plus the content of the claims that carry it.
    parts = []
    if event.trigger is not None:
        parts.append(_sentence_around(text, event.trigger.start, event.trigger.end))
    claims = {c.id: c for c in statements(analysis.claims)}
    for cid in event.claims:
        c = claims.get(cid)
        if c:
            parts.extend(s.text for s in c.content)
    item.text = " ".join(dict.fromkeys(p for p in parts if p))[:1000] or lead_text(analysis, 600)
    item.keys = salient_keys(item.text)
    if item.place_name:
        item.keys.add("p:" + item.place_name.lower())
    item.keys.update("a:" + a.lower() for a in item.actors)
    item.names = name_words(item.keys)
    # who reports it, as one id across spellings and languages («Олег Синєгубов», "Oleg Sinegubov")
    item.keys.update("c:" + claims[cid].claimant.canonical_id for cid in event.claims
                     if cid in claims and claims[cid].claimant and claims[cid].claimant.canonical_id)
    if event.fatalities is not None:
        item.keys.add(f"#:{event.fatalities}")
    return item


LEAD_CHARS = 300
POINT_FEATURES = {"city", "facility", "admin2"}


# A dateline: the town a report was filed from, before its first sentence ("MINSK, 7 February
# (BelTA) –", "Melbourne, Australia CNN —", "LONDON (Reuters) -"). It says where the reporter
# sat, not where anything happened.
_DATELINE = re.compile(
    r"[^\n.]{0,40}?(?:\((?:[A-Z][\w .&-]{1,30})\)|\b(?:CNN|AP|AFP|Reuters|BelTA|TASS|UNIAN|Ukrinform)\b[\w ]{0,12})"
    r"\s*[\u2013\u2014-]")


def dateline_end(text: str) -> int:
    """Where a dateline at the very start of a text ends (0 when there is none)."""
    m = _DATELINE.match(text)
    return m.end() if m else 0


def _lead_place(analysis: Analysis) -> Place | None:
    """The first town or site named in the title or lead, past any dateline: where news says it
    happened."""
    doc = analysis.document
    if doc.title:
        for p in analysis.places:
            if p.feature in POINT_FEATURES and p.text and p.text in doc.title:
                return p
    skip = dateline_end(doc.text)
    lead = [p for p in analysis.places if p.feature in POINT_FEATURES and skip <= p.start < LEAD_CHARS]
    return min(lead, key=lambda p: p.start) if lead else None


def report_item(analysis: Analysis) -> LinkItem:
    """The whole document as one report of type Other (for news outside the ACLED taxonomy).

    Its place is the first town or site of its lead (a gate, as for events); every place
    it names joins its keys.
    """
    doc = analysis.document
    item = LinkItem(id=doc.id, document_id=doc.id, kind="report", published=_published(analysis),
                    language=doc.language)
    if item.published:
        item.start, item.end = item.published - timedelta(days=REPORT_LOOKBACK_DAYS * 2), item.published
        item.date_source = "published"
    else:
        spans = [date_interval(d.value, d.precision) for d in analysis.dates]
        spans = [s for s in spans if s and s[0] == s[1]]
        if spans:
            lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
            if (hi - lo).days <= MAX_DATED_SPAN_DAYS:
                item.start, item.end = lo, hi
                item.date_source = "mentions"
    lead = _lead_place(analysis)
    if lead is not None:
        item.lat, item.lon, item.place_feature = lead.lat, lead.lon, lead.feature
        item.place_name, item.admin1 = lead.name, lead.admin1
    item.text = lead_text(analysis)
    item.keys = salient_keys(doc.text)
    item.names = name_words(salient_keys(lead_text(analysis, len(doc.text))))
    item.keys.update("p:" + p.name.lower() for p in analysis.places)
    countries = {p.country for p in analysis.places if p.country}
    if len(countries) == 1:
        item.country = countries.pop()
    return item


ANCHOR_MODALITIES = {"happened", "attempted", "alleged"}
# An order, plan or threat aimed at a named town or site (an order to kill prisoners near
# Popasna, a planned strike on Azovstal) is a happening investigators track on its own.
PRECISE_FEATURES = {"city", "facility", "admin2", "other"}


def is_anchor(event: Event) -> bool:
    """An event that can found an incident.

    It (reportedly) happened somewhere more precise than a country, or it was ordered,
    planned or threatened at a named town or site. Other events (no place, or only an
    oblast or country for something that did not happen) follow the document's main
    happening instead of founding incidents of their own.
    """
    if event.place is None or event.place.feature == "country":
        return False
    return event.modality in ANCHOR_MODALITIES or event.place.feature in PRECISE_FEATURES


def _unique(names) -> list[str]:
    """In first-seen order: an incident's actor list reads the same on every run (a set's order
    changes with PYTHONHASHSEED)."""
    return list(dict.fromkeys(names))


def _same_happening(a: LinkItem, b: LinkItem, max_gap_km: float = 25.0) -> bool:
    """Two anchors of one document that name the same spot and overlapping days.

    A town inside an oblast is not the same spot as the oblast: "bombing across Luhansk
    region" and "an order to kill prisoners in Popasna" stay apart.
    """
    if a.start and b.start and (a.start > b.end + timedelta(days=1) or b.start > a.end + timedelta(days=1)):
        return False
    if a.is_point and b.is_point:
        return near_any(a.lat, a.lon, a.radius_km + max_gap_km, [(b.lat, b.lon, b.radius_km)])
    return a.place_name is not None and a.place_name == b.place_name


def _absorb(group: LinkItem, it: LinkItem) -> None:
    if (it.date_source == "event" and group.start and it.start and group.start <= it.start
            and it.end <= group.end and (it.end - it.start) < (group.end - group.start)):
        group.start, group.end = it.start, it.end  # a more precise date of the same happening
    group.event_ids.append(it.event_id)
    group.event_types.append(it.event_type)
    group.keys |= it.keys
    group.names |= it.names
    group.actors = _unique([*group.actors, *it.actors])
    if group.fatalities is None:
        group.fatalities = it.fatalities
    if it.text and it.text not in group.text:
        group.text = (group.text + " " + it.text)[:1000]


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    rights = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i != -1]
    return left + 1, (min(rights) if rights else len(text))


def tied_to(analysis: Analysis, follower: Event, anchors: list[Event]) -> bool:
    """Whether an event without a place of its own is part of one of these anchors' happening.

    It is when a claim carries both (one statement about one happening: "a strike on Izium
    killed five and wounded ten") or when both triggers share a sentence. Being in the same
    document is not enough: an article about an order to kill prisoners in Popasna also
    recalls intercepts about Azovstal and an order to blockade it.
    """
    if set(follower.claims) & {c for e in anchors for c in e.claims}:
        return True
    ids = {e.id for e in anchors}
    if any(follower.id in c.events and ids & set(c.events) for c in statements(analysis.claims)):
        return True
    if follower.trigger is None:
        return False
    lo, hi = _sentence_bounds(analysis.document.text, follower.trigger.start)
    return any(e.trigger is not None and lo <= e.trigger.start < hi for e in anchors)


def items_from_analysis(analysis: Analysis, mode: str = "auto") -> list[LinkItem]:
    """What one document contributes to linking.

    Its anchor events (see `is_anchor`) that share a spot and days form one item each;
    its other events join the anchor group they are tied to (`tied_to`: the same claim or
    the same sentence) and otherwise stay in the document's ledger, in no incident. A
    document without anchors is one report item that carries whatever events it has
    (type Other when it has none). mode="report" always gives the one report item.
    """
    if mode == "report" or not analysis.events:
        rep = report_item(analysis)
        # claims about the events it carries; a report of no violent event keeps its claims in its
        # own ledger, and the report itself is the one origin of what it says
        rep.event_ids = [e.id for e in analysis.events]
        assign_claims(analysis, [rep])
        return [rep]
    groups: list[LinkItem] = []
    followers: list[LinkItem] = []
    for e in analysis.events:
        it = _event_item(analysis, e)
        it.event_ids, it.event_types = [e.id], [it.event_type]
        if not is_anchor(e):
            followers.append(it)
            continue
        home = next((g for g in groups if _same_happening(g, it)), None)
        if home is None:
            groups.append(it)
        else:
            _absorb(home, it)
    if not groups:
        rep = report_item(analysis)
        by_basis = {e.id: (e.date or {}).get("basis") for e in analysis.events}
        types = [f.event_type for f in followers]
        # the most frequent type; a tie goes to the one the document names first, not to set order
        rep.event_type = max(types, key=types.count)
        rep.event_ids, rep.event_types = [f.event_id for f in followers], types
        rep.actors = _unique(a for f in followers for a in f.actors)
        rep.fatalities = next((f.fatalities for f in followers if f.fatalities is not None), None)
        # the days its events state ("on Wednesday") say more than the report's own date
        stated = [f for f in followers if f.date_source == "event" and f.start is not None
                  and (by_basis.get(f.event_id) or "text") != "published"]
        if stated:
            f = min(stated, key=lambda f: (f.end - f.start, f.start))
            rep.start, rep.end, rep.date_source = f.start, f.end, "event"
        assign_claims(analysis, [rep])
        return [rep]
    by_id = {e.id: e for e in analysis.events}
    for f in followers:
        home = next((g for g in groups if tied_to(analysis, by_id[f.event_id], [by_id[i] for i in g.event_ids])),
                    None)
        if home is not None:
            _absorb(home, f)
    for g in groups[1:]:
        g.lead = False
    # the main item speaks for the whole document: the people and places it names anywhere
    groups[0].names = name_words(salient_keys(lead_text(analysis, len(analysis.document.text))))
    assign_claims(analysis, groups)
    return groups


def _top(claims: dict[str, Claim], c: Claim) -> Claim:
    seen = set()
    while c.parent and c.parent in claims and c.id not in seen:
        seen.add(c.id)
        c = claims[c.parent]
    return c


def assign_claims(analysis: Analysis, items: list[LinkItem]) -> None:
    """Which claims each item carries: a claim joins an incident only through the event it is about.

    A claim is about the events it carries (or that carry it); a claim nested in another is
    about what its outer claim is about. A claim tied to no event (a witness's quotation
    after the sentence that reports the strike) is about the nearest event reported before
    it; if that event stays in the document's ledger, so does the claim. A denial before any
    event denies the document's main happening. A document without events carries no claims
    into an incident: they stay in its ledger, and the report itself is its origin.
    """
    if not items:
        return
    if not analysis.events:
        return
    home = {e: it for it in items for e in it.event_ids}
    carried = {c: e.id for e in analysis.events for c in e.claims}
    by_id = {c.id: c for c in statements(analysis.claims)}
    triggers = sorted((e.trigger.start, e.id) for e in analysis.events if e.trigger is not None)
    for c in statements(analysis.claims):
        top = _top(by_id, c)
        events = [e for e in (c.events or ([carried[c.id]] if c.id in carried else [])) if e]
        if not events and top is not c:
            events = list(top.events) or ([carried[top.id]] if top.id in carried else [])
        if not events:  # the claim reports the event in its own words
            events = [eid for pos, eid in triggers if any(sp.start <= pos < sp.end for sp in top.content)]
        target = next((home[e] for e in events if e in home), None)
        if target is None and not events:
            start = top.cue.start if top.cue is not None else min((s.start for s in top.content), default=0)
            before = [eid for pos, eid in triggers if pos < start]
            if before:
                target = home.get(before[-1])
            elif c.stance == "denial":
                target = items[0]
        if target is not None and c.id not in target.claim_ids:
            target.claim_ids.append(c.id)


def items_from_analyses(analyses: Iterable[Analysis], mode: str = "auto") -> list[LinkItem]:
    return [it for a in analyses for it in items_from_analysis(a, mode)]


def embed_items(items: list[LinkItem], embedder, batch_size: int = 64) -> None:
    """Fill in missing embeddings in one batched call (MiniLM, unit-normalised)."""
    todo = [it for it in items if it.embedding is None]
    if not todo:
        return
    vecs = embedder.encode([it.text or " " for it in todo], batch_size=batch_size,
                           normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True)
    for it, v in zip(todo, vecs):
        it.embedding = v.astype("float32")
