"""GeoJSON (RFC 7946): one Feature per incident or event, properties an analyst filters on.

Coordinates are [longitude, latitude] in WGS 84 with at most 6 decimals (RFC 7946 11.2:
about 10 cm, more is false precision); no "crs" member. A place known only as a region,
district or country is flagged `imprecise_place` with its ACLED geo precision, so a map
draws it as an area, not a pin. A record without coordinates keeps a null geometry.
"""
from __future__ import annotations

from typing import Any, Iterable

from wartrace.export.acled import geo_precision, time_precision
from wartrace.export.records import Record

PRECISE_FEATURES = {"city", "facility"}


def feature(r: Record) -> dict[str, Any]:
    geometry = None
    if r.lat is not None and r.lon is not None:
        geometry = {"type": "Point", "coordinates": [round(r.lon, 6), round(r.lat, 6)]}
    props = {
        "id": r.id,
        "kind": r.kind,
        "incident": r.incident,
        "event_type": r.event_type,
        "sub_event_type": r.sub_event_type,
        "modality": r.modality,
        "date_start": r.date_start,
        "date_end": r.date_end,
        "date_precision": r.date_precision,
        "time_precision": time_precision(r.date_precision) if r.date_start else None,
        "place": r.place,
        "place_precision": r.place_feature,
        "geo_precision": geo_precision(r.place_feature) if geometry else None,
        "imprecise_place": geometry is None or (r.place_feature not in PRECISE_FEATURES),
        "country": r.country,
        "admin1": r.admin1,
        "status": r.status,
        "independent_origins": r.independent_origins,
        "fatalities": r.fatalities,
        "actor1": r.actor1,
        "actor2": r.actor2,
        "actors": [a for a in (r.actor1, r.actor2) if a],
        "sides": r.sides,
        "ihl": r.ihl,
        "claimants": sorted({(c.get("claimant") or {}).get("actor") or (c.get("claimant") or {}).get("text")
                             for c, _ in r.claims if c.get("claimant")} - {None}),
        "documents": [d.id for d in r.documents],
        "sources": list(dict.fromkeys(d.source for d in r.documents if d.source)),
    }
    return {"type": "Feature", "id": r.id, "geometry": geometry, "properties": props}


def feature_collection(records: Iterable[Record]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [feature(r) for r in records]}
