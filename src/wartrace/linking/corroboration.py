"""Per incident: who says it happened, how independently, on what evidence, and what contradicts it.

Origins. Every report in the incident contributes the origins of the claims that carry
its events: the first claimant of each nesting chain that is not a news organisation
relaying it ("CNN reported that the SBU said" → the SBU). A report that carries the event with no attributed claim is its own origin, counted
once per root of the dependence graph (copies, wire copy and one publisher's reports are
one root). Origins with the same key are one origin, however many reports repeat them.

Sides: Ukrainian authorities, Russian authorities, third-country governments,
international bodies, independent media, witnesses (from the actor registry's side and
type; state news agencies count with their state's authorities), else unknown.

Status rules (`suggest_status`):
- an origin *asserts* the incident when one of its claims has stance "assertion" and none
  is a denial (opinions, predictions and threats confirm nothing; a denier's other
  statements do not confirm what it denies); anonymous origins ("reports say",
  "sources") assert nothing verifiable. A pronoun or bare noun claimant ("it", "the
  ministry") is the nearest earlier named claimant of the same document;
- **unverified**: no named asserting origin;
- **corroborated**: two or more independent asserting origins that reach us through at
  least two independent reports (dependence roots): one article quoting several people is
  one channel, however many it quotes;
  the origins must claim the incident's happening: an incident of reports that carry no
  event is never corroborated, and a report without events linked to an incident of events
  is listed as an origin that confirms nothing (`no_event`);
- **single-source**: at least one asserting origin, but not corroborated;
- **disputed**: a denial by the accused side (a denial claim whose claimant is on the side
  of the incident's actor1, or by either party's authorities when no event names actor1;
  or a `denied_by_accused` caveat), or conflicting facts (fatality
  figures differing by more than a factor of two, places too far apart to be one spot,
  dates with no day in common).
Corroboration and dispute are reported separately as flags (`corroborated`, `disputed`);
the single `status` is "disputed" when disputed, else the count-based one. A reviewer's
override is stored by the store layer with reviewer and reason; this is only a suggestion.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np

from wartrace.analysis.actors import demonym_actor, find_actor_mentions, side_of_actor
from wartrace.geo import haversine_km_array
from wartrace.linking.actors import lookup
from wartrace.linking.dependence import DependenceGraph, innermost, origin_claim, origin_of_claim, wire_credit
from wartrace.linking.incidents import Incident
from wartrace.linking.items import LinkItem
from wartrace.model import Analysis, Claim, statements

UA_AUTH, RU_AUTH = "Ukrainian authorities", "Russian authorities"
THIRD, INTL, MEDIA, WITNESS, UNKNOWN = ("third-country governments", "international bodies",
                                        "independent media", "witnesses", "unknown")
MEDIA_TYPES = {"news_outlet", "news_agency", "media", "journalist"}
PLACE_CONFLICT_KM = 50.0


@dataclass
class Origin:
    key: str
    label: str
    side: str
    type: str | None = None
    documents: list[str] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)  # {"document", "claim", "stance", "text"}
    stances: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)
    anonymous: bool = False
    organisation: str | None = None  # the body it speaks for: a governor and his administration are one origin
    # Only reports that name no event of the incident (plain reports linked to it): they claim no
    # happening, so they are listed but confirm nothing.
    no_event: bool = False

    @property
    def asserts(self) -> bool:
        """Named, says it happened, and does not deny it (a denier's other words do not confirm)."""
        return (not self.anonymous and not self.no_event and "assertion" in self.stances
                and "denial" not in self.stances)


@dataclass
class Corroboration:
    incident_id: str
    origins: list[Origin]
    independent_origins: int
    sides: dict[str, int]
    evidence: list[str]
    hedges: list[dict[str, Any]]
    caveats: list[dict[str, Any]]
    contradictions: list[dict[str, Any]]
    corroborated: bool
    disputed: bool
    status: str

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for o, od in zip(self.origins, d["origins"]):
            od["asserts"] = o.asserts  # whether it counts towards independent_origins
        return d


def side_category(side: str | None, otype: str | None) -> str:
    if otype == "witness":
        return WITNESS
    if otype in MEDIA_TYPES and side in (None, "media"):
        return MEDIA
    if side == "UA":
        return UA_AUTH
    if side == "RU":
        return RU_AUTH
    if side == "third":
        return THIRD
    if side == "international":
        return INTL
    if side == "media":
        return MEDIA
    return UNKNOWN


def actor_side(acled_actor: str | None) -> str | None:
    """UA or RU for an event actor (ACLED naming or registry name): analysis/actors.side_of_actor."""
    return side_of_actor(acled_actor)


def _claims_for(a: Analysis, item: LinkItem) -> list[Claim]:
    """The origin claims of what the item carries: the claims about its events
    (`items.assign_claims`), each walked to the innermost claim of its nesting chain and from
    there back to the first claimant that is not a news organisation relaying it."""
    claims = statements(a.claims)
    chosen = [c for c in claims if c.id in set(item.claim_ids)]
    origins: list[Claim] = []
    for c in chosen:
        for leaf in innermost(claims, c):
            o = origin_claim(claims, leaf)[0]
            if o.claimant is not None and o not in origins:
                origins.append(o)
    return origins


def corroborate(incident: Incident, items: dict[str, LinkItem], analyses: dict[str, Analysis],
                graph: DependenceGraph) -> Corroboration:
    roots = graph.roots()
    members = [items[m] for m in incident.members]
    origins: dict[str, Origin] = {}
    hedges, caveats, evidence = [], [], set()
    accused = {actor_side(_actor1(analyses, it)) for it in members} - {None}
    # The happening is what the incident's events report; a document with no event claims none.
    has_events = any(it.event_ids for it in members)
    plain: set[str] = set()  # origin keys seen only on reports without events
    eventful: set[str] = set()
    if len(accused) > 1:  # both sides named as perpetrators: the anchors' majority decides nothing
        accused = set()

    for it in members:
        a = analyses[it.document_id]
        root = roots.get(it.document_id, it.document_id)
        claims = _claims_for(a, it)
        if not claims:
            credit = wire_credit(a)
            key = root if root.startswith("wire:") else f"report:{root}"
            label = credit[0] if credit else (a.document.source or a.document.title
                                              or "report: " + a.document.text[:60].strip() + "…")
            entry = lookup(label)
            o = origins.setdefault(key, Origin(key=key, label=label, type=(entry or {}).get("type", "media"),
                                               side=side_category((entry or {}).get("side", "media"),
                                                                  (entry or {}).get("type", "media"))))
            o.stances.append("assertion")
            _add_doc(o, it.document_id)
            (eventful if it.event_ids else plain).add(key)
            continue
        for c in claims:
            info = origin_of_claim(a, c, root)
            o = origins.get(info["key"])
            if o is None:
                o = origins[info["key"]] = Origin(key=info["key"], label=info["label"], type=info["type"],
                                                  side=side_category(info["side"], info["type"]),
                                                  anonymous=bool(info.get("anonymous")),
                                                  organisation=info.get("organisation"))
            _add_doc(o, it.document_id)
            (eventful if it.event_ids else plain).add(info["key"])
            o.stances.append(c.stance)
            o.claims.append({"document": it.document_id, "claim": c.id, "stance": c.stance,
                             "text": " ".join(s.text for s in c.content)[:300]})
            for ev in c.evidence:
                if ev not in o.evidence:
                    o.evidence.append(ev)
            evidence.update(c.evidence)
            hedges += [{"document": it.document_id, "claim": c.id, "text": h.text} for h in c.hedges]
            caveats += [{"document": it.document_id, "claim": c.id, "kind": cv.kind, "text": cv.text,
                         "party": cv.party} for cv in c.caveats]

    if has_events:
        for key in plain - eventful:
            origins[key].no_event = True
    blames = _blames(members, analyses)
    alleged = {b["perpetrator_side"] for b in blames} - {None}
    perpetrators = _perpetrator_conflict(blames, members, analyses)
    if perpetrators:
        accused = alleged  # each side is accused by someone: a denial by either is the accused's
    contradictions = (perpetrators + _denials(origins, accused, caveats) + _fact_conflicts(members)
                      + _contradicted(caveats))
    # Origins that speak for one organisation (GUR and its chief) are one independent origin.
    independent = len({o.organisation or o.key for o in origins.values() if o.asserts})
    # Independent reports (dependence roots) that carry an asserting origin.
    channels = {roots.get(d, d) for o in origins.values() if o.asserts for d in o.documents}
    sides: dict[str, int] = {}
    for o in origins.values():
        if o.asserts:
            sides[o.side] = sides.get(o.side, 0) + 1
    # Corroboration needs a happening: reports that claim no event confirm nothing together.
    corroborated = has_events and independent >= 2 and len(channels) >= 2
    # A denial by someone other than the accused is listed, but does not by itself dispute it.
    disputed = any(c["kind"] != "denial" for c in contradictions)
    return Corroboration(
        incident_id=incident.id, origins=sorted(origins.values(), key=lambda o: o.key),
        independent_origins=independent, sides=sides, evidence=sorted(evidence), hedges=hedges,
        caveats=_dedupe(caveats), contradictions=contradictions, corroborated=corroborated,
        disputed=disputed, status=suggest_status(independent, disputed, len(channels) if has_events else 1))


def suggest_status(independent_origins: int, disputed: bool, independent_reports: int = 2) -> str:
    if disputed:
        return "disputed"
    if independent_origins >= 2 and independent_reports >= 2:
        return "corroborated"
    if independent_origins >= 1:
        return "single-source"
    return "unverified"


def _add_doc(o: Origin, doc: str) -> None:
    if doc not in o.documents:
        o.documents.append(doc)


def _dedupe(rows: list[dict]) -> list[dict]:
    seen, out = set(), []
    for r in rows:
        k = tuple(sorted((k, str(v)) for k, v in r.items()))
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def _actor1(analyses: dict[str, Analysis], it: LinkItem) -> str | None:
    """The perpetrator the item's anchor event names (else any of its events)."""
    evs = [e for e in analyses[it.document_id].events if e.id in it.event_ids]
    evs.sort(key=lambda e: e.id != it.event_id)
    return next((e.actor1 for e in evs if e.actor1), None)


def _doer_in(a: Analysis, c: Claim, victim: str | None) -> str | None:
    """The party a claim names as doing it when its event names none: the first registry actor
    or demonym in its content ("Russia said Ukraine used a HIMARS system to hit …" -> Ukraine)."""
    for span in c.content:
        for _, _, actor in find_actor_mentions(span.text):
            if actor.side in ("UA", "RU") and (actor.acled_actor or actor.name) != victim:
                return actor.acled_actor or actor.name
        for word in re.findall(r"[A-Z][\w-]+", span.text):
            actor = demonym_actor(word)
            if actor is not None and actor.side in ("UA", "RU"):
                return actor.acled_actor or actor.name
    return None


def _blames(members: list[LinkItem], analyses: dict[str, Analysis]) -> list[dict]:
    """Who each asserting claim says did it: its event's actor1, else the doer its content names."""
    out = []
    for it in members:
        a = analyses[it.document_id]
        events = {e.id: e for e in a.events if e.id in it.event_ids}
        carried = {cid: e for e in events.values() for cid in e.claims}
        for c in statements(a.claims):
            if c.id not in it.claim_ids or c.stance != "assertion" or c.claimant is None:
                continue
            ev = carried.get(c.id) or next((events[e] for e in c.events if e in events), None)
            if ev is None:
                continue
            perp = ev.actor1 or _doer_in(a, c, ev.actor2)
            if perp:
                out.append({"document": it.document_id, "claim": c.id, "by": c.claimant.name or c.claimant.text,
                            "by_side": c.claimant.side, "perpetrator": perp, "perpetrator_side": actor_side(perp)})
    return out


def _perpetrator_conflict(blames: list[dict], members: list[LinkItem], analyses: dict[str, Analysis]) -> list[dict]:
    """Opposite perpetrators: claims of one incident blame different sides (or an event says so)."""
    sides = {b["perpetrator_side"] for b in blames} - {None}
    flagged = any(getattr(e, "perpetrator_disputed", False) for it in members
                  for e in analyses[it.document_id].events if e.id in it.event_ids)
    if len(sides) < 2 and not flagged:
        return []
    seen, parts = set(), []
    for b in blames:
        key = (b["by"], b["perpetrator"])
        if key not in seen:
            seen.add(key)
            parts.append(f"{b['by']} blames {b['perpetrator']}")
    return [{"kind": "conflicting_perpetrators", "detail": "; ".join(parts) or "the reports blame different sides",
             "documents": sorted({b["document"] for b in blames}),
             "blames": [{k: b[k] for k in ("document", "claim", "by", "perpetrator")} for b in blames]}]


def _contradicted(caveats: list[dict]) -> list[dict]:
    """A report's own note that evidence contradicts a claim ("satellite images contradict …")."""
    return [{"kind": "contradicted", "detail": cv["text"], "documents": [cv["document"]]}
            for cv in caveats if cv["kind"] == "contradicted"]


def _denials(origins: dict[str, Origin], accused: set[str], caveats: list[dict]) -> list[dict]:
    out = []
    accused_cats = {UA_AUTH if s == "UA" else RU_AUTH for s in accused}
    for o in origins.values():
        if "denial" not in o.stances:
            continue
        by_accused = o.side in accused_cats or (not accused and o.side in (UA_AUTH, RU_AUTH))
        kind = "denial_by_accused" if by_accused else "denial"
        texts = [c["text"] for c in o.claims if c["stance"] == "denial"]
        out.append({"kind": kind, "by": o.label, "side": o.side, "documents": list(o.documents),
                    "detail": texts[0] if texts else ""})
    if not any(c["kind"] == "denial_by_accused" for c in out):
        for cv in caveats:
            if cv["kind"] == "denied_by_accused":
                out.append({"kind": "denial_by_accused", "by": cv.get("party"), "side": None,
                            "documents": [cv["document"]], "detail": cv["text"]})
                break
    return [c for c in out if c["kind"] == "denial_by_accused"] + [c for c in out if c["kind"] != "denial_by_accused"]


def _fact_conflicts(members: list[LinkItem]) -> list[dict]:
    out = []
    figures = [(it.fatalities, it.document_id) for it in members if it.fatalities is not None]
    if figures:
        lo, hi = min(f for f, _ in figures), max(f for f, _ in figures)
        if hi > 2 * lo or (lo == 0 and hi > 0):
            out.append({"kind": "conflicting_fatalities", "detail": f"fatalities reported from {lo} to {hi}",
                        "values": [{"document": d, "fatalities": f} for f, d in figures]})
    points = [it for it in members if it.is_point]
    if len(points) > 1:
        lat = np.array([p.lat for p in points])
        lon = np.array([p.lon for p in points])
        rad = np.array([p.radius_km for p in points])
        for p in points:
            gap = haversine_km_array(p.lat, p.lon, lat, lon) - rad - p.radius_km
            j = int(np.argmax(gap))
            if gap[j] > PLACE_CONFLICT_KM:
                q = points[j]
                out.append({"kind": "conflicting_places", "detail": f"{p.place_name} vs {q.place_name}",
                            "documents": [p.document_id, q.document_id]})
                break
    dated = [it for it in members if it.date_source == "event"]
    if len(dated) > 1:
        latest_start = max(it.start for it in dated)
        earliest_end = min(it.end for it in dated)
        if latest_start - earliest_end > timedelta(days=1):
            a = min(dated, key=lambda it: it.end)
            b = max(dated, key=lambda it: it.start)
            out.append({"kind": "conflicting_dates",
                        "detail": f"{a.start}..{a.end} vs {b.start}..{b.end}",
                        "documents": [a.document_id, b.document_id]})
    return out
