"""ACLED-compatible CSV: ACLED's columns in ACLED's order, with ACLED's codes.

One row per incident (or per event). A row ACLED itself could not hold is left out and
counted: a report outside ACLED's taxonomy (type Other), no date, no coordinates.
"""
from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import IO, Iterable

from wartrace.analysis.actors import match_actor
from wartrace.export import vocab
from wartrace.export.notes import claim_sentence, claimant_name, content_text, contradiction_phrase
from wartrace.export.records import Record

SCALE_ORDER = ("New media", "Other", "Subnational", "National", "Regional", "International")
SOCIAL_CHANNELS = {"social_media_post", "telegram"}
PRECISION_WORDS = {"": "precision unknown", "reported": "the report's date: the event's own date is not given"}
MAX_NOTE_CLAIMS = 5  # ACLED notes are a short summary; the full record is in the other exports


@dataclass
class AcledResult:
    rows: list[dict] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # reason -> count


def time_precision(precision: str | None) -> int:
    return int(vocab.precision()["time_precision"].get(precision or "year", 3))


def geo_precision(feature: str | None) -> int:
    return int(vocab.precision()["geo_precision"].get(feature or "other", 2))


def event_date(start: str, end: str | None, precision: str | None) -> str:
    """The day ACLED codes: the day itself, else the middle of the week or month known."""
    if time_precision(precision) == 1 or not end or end == start:
        return start
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    return date.fromordinal((a.toordinal() + b.toordinal()) // 2).isoformat()


def disorder_type(event_type: str, sub_event_type: str | None) -> str | None:
    d = vocab.disorder()
    return d["by_sub_event_type"].get(sub_event_type) or d["by_event_type"].get(event_type)


def inter_code(actor: str | None) -> int | None:
    """ACLED's actor type code from ACLED-style naming, else from the actor registry's type."""
    if not actor:
        return None
    v = vocab.inter()
    for pattern, code in v["compiled"]:
        if pattern.match(actor):
            return code
    entry = match_actor(actor)
    if entry is not None and entry.type in v["registry_types"]:
        return int(v["registry_types"][entry.type])
    return 8  # ACLED's catch-all: external/other forces


def interaction(inter1: int, inter2: int | None) -> int:
    """Two codes, the lower first (17); one actor: its code and 0 (10)."""
    if not inter2:
        return inter1 * 10
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi


def _actor1(r: Record, country_name: str) -> tuple[str, int]:
    if r.actor1:
        return r.actor1, inter_code(r.actor1) or 8
    spec = vocab.inter()["unnamed_actor1"]
    entry = spec.get(r.event_type) or spec["default"]
    return entry["name"].format(country=country_name), int(entry["code"])


def _scale_of(doc, claims: list[dict], event_country: str | None) -> set[str]:
    scales = set()
    if any(c.get("channel") in SOCIAL_CHANNELS for c in claims):
        scales.add("New media")
    entry = match_actor(doc.source) if doc.source else None
    if entry is not None and entry.country:
        scales.add("National" if event_country and entry.country == event_country else "International")
    elif not scales:
        scales.add("Other")
    return scales


def source_scale(r: Record) -> str:
    scales: set[str] = set()
    for doc in r.documents:
        scales |= _scale_of(doc, [c for c, d in r.claims if d.id == doc.id], r.country)
    ordered = [s for s in SCALE_ORDER if s in scales]
    if len(ordered) > 2:  # ACLED pairs at most two scales: keep the narrowest and the widest
        ordered = [ordered[0], ordered[-1]]
    return "-".join(ordered)


def notes(r: Record) -> str:
    parts = []
    if r.date_start:
        when = r.date_start if not r.date_end or r.date_end == r.date_start else f"{r.date_start} to {r.date_end}"
        where = f" in {r.place}" + (f" ({r.admin1})" if r.admin1 and r.admin1 != r.place else "") if r.place else ""
        what = f"{r.event_type} / {r.sub_event_type}" if r.sub_event_type else r.event_type
        modality = f", reported as {r.modality}" if r.modality and r.modality != "happened" else ""
        precision = PRECISION_WORDS.get(r.date_precision or "", f"{r.date_precision} precision")
        parts.append(f"On {when} ({precision}){where}: {what}{modality}.")
    seen, sentences = set(), []
    for claim, doc in r.claims:  # one sentence per claimant and content: repeated readings of a quote say it once
        key = (claimant_name(claim), content_text(claim, 300))
        if key not in seen:
            seen.add(key)
            sentences.append(claim_sentence(claim, reporter=doc.source, limit=300))
    parts += sentences[:MAX_NOTE_CLAIMS]
    if len(sentences) > MAX_NOTE_CLAIMS:
        parts.append(f"{len(sentences) - MAX_NOTE_CLAIMS} more claims are listed in the JSON Lines export and the dossier.")
    for c in r.contradictions:
        parts.append(contradiction_phrase(c) + ".")
    if len(r.fatality_reports) > 1:
        parts.append(f"Fatality reports differ ({', '.join(map(str, r.fatality_reports))}); the lowest is coded.")
    if r.independent_origins is not None:
        parts.append(f"Independent origins: {r.independent_origins}; status: {r.status}.")
    return " ".join(parts)


def _timestamp(iso: str | None) -> int | str:
    if not iso:
        return ""
    try:
        return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(timezone.utc).timestamp())
    except ValueError:
        return ""


def acled_row(r: Record) -> dict | str:
    """The row, or the reason ACLED could not hold it."""
    if not disorder_type(r.event_type, r.sub_event_type):
        return "not an ACLED event type"
    if not r.date_start:
        return "no date"
    if r.lat is None or r.lon is None:
        return "no coordinates"
    c = vocab.country(r.country)
    country_name = c.name if c else (r.country or "")
    actor1, inter1 = _actor1(r, country_name)
    inter2 = inter_code(r.actor2) if r.actor2 else None
    ev_date = event_date(r.date_start, r.date_end, r.date_precision)
    tags = [f"wartrace_{r.kind}={r.id}"]
    if r.status:
        tags.append(f"status={r.status}")
    if r.modality and r.modality != "happened":
        tags.append(f"modality={r.modality}")
    tags += [f"ihl={code}" for code in r.ihl]
    return {
        "event_id_cnty": f"{c.iso3 if c else 'XXX'}-{r.id}",
        "event_date": ev_date,
        "year": int(ev_date[:4]),
        "time_precision": time_precision(r.date_precision),
        "disorder_type": disorder_type(r.event_type, r.sub_event_type),
        "event_type": r.event_type,
        "sub_event_type": r.sub_event_type or "",
        "actor1": actor1,
        "assoc_actor_1": "; ".join(r.assoc_actor_1),
        "inter1": inter1,
        "actor2": r.actor2 or "",
        "assoc_actor_2": "; ".join(r.assoc_actor_2),
        "inter2": inter2 or 0,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if inter2 == 7 else "",
        "iso": c.numeric if c else "",
        "region": (c.region or "") if c else "",
        "country": country_name,
        "admin1": r.admin1 or "",
        "admin2": "",
        "admin3": "",
        "location": r.place or "",
        "latitude": f"{r.lat:.4f}",
        "longitude": f"{r.lon:.4f}",
        "geo_precision": geo_precision(r.place_feature),
        "source": "; ".join(dict.fromkeys(d.source for d in r.documents if d.source)),
        "source_scale": source_scale(r),
        "notes": notes(r),
        "fatalities": r.fatalities or 0,
        "tags": "; ".join(tags),
        "timestamp": _timestamp(r.updated_at),
    }


def acled_rows(records: Iterable[Record]) -> AcledResult:
    res = AcledResult()
    for r in records:
        row = acled_row(r)
        if isinstance(row, str):
            res.skipped[row] += 1
        else:
            res.rows.append(row)
    return res


def write_acled(rows: list[dict], fh: IO[str]) -> None:
    w = csv.DictWriter(fh, fieldnames=list(vocab.columns()), lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow(row)

