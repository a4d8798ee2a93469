"""The one typed document model shared by every stage.

capture → analyse → link → store → serve/export all pass these dataclasses.
`Analysis.to_dict()` is the `wartrace.extract/1` contract of docs/spec/extract.md:
every span is a pair of character offsets into `Document.text`.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "wartrace.extract/1"


@dataclass
class Document:
    """A captured document. `id` is "sha256:<hex>" of the raw bytes as received."""

    id: str
    text: str
    kind: str = "text"  # text | html | feed | feed-entry | corpus | corpus-row | pdf | audio | transcript
    title: str | None = None
    published: str | None = None  # ISO date or datetime
    language: str | None = None
    source: str | None = None  # publisher or account
    url: str | None = None
    author: str | None = None
    parent_id: str | None = None
    captured_at: str | None = None  # ISO UTC
    tool_version: str | None = None
    media_type: str | None = None
    size: int | None = None
    origin_path: str | None = None  # where it was read from (file path or "-")
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return self.id.split(":", 1)[1]

    def to_spec(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "language": self.language,
            "source": self.source,
            "text": self.text,
        }


@dataclass
class Span:
    text: str
    start: int
    end: int


@dataclass
class Place:
    text: str
    start: int
    end: int
    name: str
    lat: float
    lon: float
    country: str | None
    feature: str  # country | admin1 | admin2 | city | facility | other
    confidence: float
    geonameid: int | None = None
    admin1: str | None = None
    alternatives: list[dict[str, Any]] = field(default_factory=list)  # runners-up


@dataclass
class DateMention:
    text: str
    start: int
    end: int
    value: str  # ISO date, or "start/end" for a range
    precision: str  # day | week | month | year


@dataclass
class Hedge:
    text: str
    start: int
    end: int
    kind: str  # hedge | weasel | caveat


@dataclass
class GenrePassage:
    """Sentences read as a non-war genre (analysis/genres.py), with no word of violence in them:
    there the genre's idioms ("struck in the 68th minute") make no event. Kept on the Analysis for
    the events component; not part of the extract contract."""
    genre: str  # sports, disaster (data/lexicons/genres.yaml)
    start: int
    end: int
    cues: list[str] = field(default_factory=list)  # the genre's words that decided it, in the passage or document


@dataclass
class Claimant:
    text: str  # the mention in the attribution's sentence ("he" stays "he")
    start: int
    end: int
    actor: str | None = None
    type: str = "unknown"
    side: str | None = None
    name: str | None = None  # who the mention resolves to ("Oleh Syniehubov")
    canonical_id: str | None = None  # one id per person/organisation across spellings and documents


@dataclass
class Caveat:
    kind: str
    text: str
    start: int
    end: int
    party: str | None = None


@dataclass
class Claim:
    id: str
    claimant: Claimant | None
    cue: Span | None
    content: list[Span]
    direct: bool = False
    channel: str | None = None
    evidence: list[str] = field(default_factory=list)
    stance: str = "assertion"
    hedges: list[Span] = field(default_factory=list)
    caveats: list[Caveat] = field(default_factory=list)
    date: dict[str, str] | None = None  # {"value", "precision"}
    events: list[str] = field(default_factory=list)
    parent: str | None = None  # for nested attribution: the outer claim's id
    # "statement": a speech act (said, told, tweeted, according to), the ledger's claims proper;
    # "attitude": a belief, wish, expectation or evaluation the text attributes ("thinks", "wants",
    # "supports"), listed as PolNeAR annotates them but never an origin, nor part of an incident
    act: str = "statement"


def statements(claims: list[Claim]) -> list[Claim]:
    """The speech acts among claims: what events, origins and incidents are built from."""
    return [c for c in claims if c.act == "statement"]


def is_stored_statement(data: dict[str, Any] | None) -> bool:
    """Whether a stored claim's JSON is a speech act (rows written before `act` existed are)."""
    return (data or {}).get("act", "statement") == "statement"


@dataclass
class IHLIndicator:
    code: str
    label: str
    start: int
    end: int
    elements_met: list[str] = field(default_factory=list)
    elements_open: list[str] = field(default_factory=list)
    reference: str | None = None


@dataclass
class Event:
    id: str
    event_type: str
    sub_event_type: str
    modality: str
    trigger: Span | None
    confidence: float
    date: dict[str, str] | None = None
    place: Place | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None
    injuries: int | None = None
    ihl: list[IHLIndicator] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    perpetrator_disputed: bool = False  # the document's claims blame different sides for it
    # every trigger this happening was read from in the document (the lede, the toll, a quote), its own first
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Analysis:
    """Everything the analysis found in one document."""

    document: Document
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    hedges: list[Hedge] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    genres: list[GenrePassage] = field(default_factory=list)  # not serialised (to_dict): read by events
    errors: list[str] = field(default_factory=list)  # component failures; the rest still stands

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": SCHEMA, "document": self.document.to_spec()}
        out["places"] = [asdict(p) for p in self.places]
        out["dates"] = [asdict(d) for d in self.dates]
        out["hedges"] = [asdict(h) for h in self.hedges]
        out["claims"] = [asdict(c) for c in self.claims]
        out["events"] = [_event_dict(e) for e in self.events]
        if self.errors:
            out["errors"] = list(self.errors)
        return out

    def to_json(self) -> str:
        """The contract's object (docs/spec/extract.md) as one line of JSON, as `wartrace extract` prints it."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


def _event_dict(e: Event) -> dict[str, Any]:
    d = asdict(e)
    d["actors"] = {"actor1": d.pop("actor1"), "actor2": d.pop("actor2"),
                   "perpetrator_disputed": d.pop("perpetrator_disputed")}
    return d


def place_from_dict(d: dict[str, Any]) -> Place:
    return Place(**{k: d[k] for k in Place.__dataclass_fields__ if k in d})


def analysis_from_dict(d: dict[str, Any], document: Document) -> Analysis:
    """Rebuild an Analysis from its `to_dict()` form (used by the store and importers)."""
    a = Analysis(document=document)
    a.places = [place_from_dict(p) for p in d.get("places", [])]
    a.dates = [DateMention(**x) for x in d.get("dates", [])]
    a.hedges = [Hedge(**x) for x in d.get("hedges", [])]
    for c in d.get("claims", []):
        a.claims.append(
            Claim(
                id=c["id"],
                claimant=Claimant(**c["claimant"]) if c.get("claimant") else None,
                cue=Span(**c["cue"]) if c.get("cue") else None,
                content=[Span(**s) for s in c.get("content", [])],
                direct=c.get("direct", False),
                channel=c.get("channel"),
                evidence=list(c.get("evidence", [])),
                stance=c.get("stance", "assertion"),
                hedges=[Span(**s) for s in c.get("hedges", [])],
                caveats=[Caveat(**s) for s in c.get("caveats", [])],
                date=c.get("date"),
                events=list(c.get("events", [])),
                parent=c.get("parent"),
                act=c.get("act", "statement"),
            )
        )
    for e in d.get("events", []):
        actors = e.get("actors") or {}
        a.events.append(
            Event(
                id=e["id"],
                event_type=e["event_type"],
                sub_event_type=e["sub_event_type"],
                modality=e["modality"],
                trigger=Span(**e["trigger"]) if e.get("trigger") else None,
                confidence=e.get("confidence", 0.0),
                date=e.get("date"),
                place=place_from_dict(e["place"]) if e.get("place") else None,
                actor1=actors.get("actor1"),
                actor2=actors.get("actor2"),
                perpetrator_disputed=bool(actors.get("perpetrator_disputed", False)),
                fatalities=e.get("fatalities"),
                injuries=e.get("injuries"),
                ihl=[IHLIndicator(**i) for i in e.get("ihl", [])],
                claims=list(e.get("claims", [])),
                mentions=[Span(**m) for m in e.get("mentions", [])],
            )
        )
    a.errors = list(d.get("errors", []))
    return a
