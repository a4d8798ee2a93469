"""A JSON Schema for the structure RFC 7946 gives a GeoJSON FeatureCollection.

Positions are [longitude, latitude(, altitude)] in WGS 84 (section 3.1.1, 4); a Feature's
geometry is a Geometry object or null and its properties an object or null (3.2); the
"crs" member of the 2008 format is gone (4: no alternative coordinate reference systems).
"""
from __future__ import annotations

POSITION = {"type": "array", "minItems": 2, "maxItems": 3,
            "prefixItems": [{"type": "number", "minimum": -180, "maximum": 180},
                            {"type": "number", "minimum": -90, "maximum": 90},
                            {"type": "number"}]}
BBOX = {"type": "array", "minItems": 4, "items": {"type": "number"}}


def _geometry(name: str, coordinates: dict) -> dict:
    return {"type": "object", "required": ["type", "coordinates"],
            "properties": {"type": {"const": name}, "coordinates": coordinates, "bbox": BBOX}}


_LINE = {"type": "array", "minItems": 2, "items": POSITION}
_RING = {"type": "array", "minItems": 4, "items": POSITION}  # closed: first == last (3.1.6)
GEOMETRY = {"oneOf": [
    _geometry("Point", POSITION),
    _geometry("MultiPoint", {"type": "array", "items": POSITION}),
    _geometry("LineString", _LINE),
    _geometry("MultiLineString", {"type": "array", "items": _LINE}),
    _geometry("Polygon", {"type": "array", "items": _RING}),
    _geometry("MultiPolygon", {"type": "array", "items": {"type": "array", "items": _RING}}),
]}

FEATURE = {
    "type": "object",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"const": "Feature"},
        "id": {"type": ["string", "number"]},
        "geometry": {"oneOf": [{"type": "null"}, GEOMETRY]},
        "properties": {"type": ["object", "null"]},
        "bbox": BBOX,
    },
    "not": {"required": ["crs"]},
}

FEATURE_COLLECTION = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "GeoJSON FeatureCollection (RFC 7946)",
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": FEATURE},
        "bbox": BBOX,
    },
    "not": {"required": ["crs"]},
}
