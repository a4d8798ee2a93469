"""Great-circle distance on the GeoNames sphere, the one definition every stage uses."""
from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE_LAT = 111.2


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def haversine_km_array(lat1, lon1, lat2, lon2):
    """The same, element-wise over numpy arrays (or scalars)."""
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return EARTH_RADIUS_KM * 2 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def near_any(lat: float, lon: float, reach_km: float, points: list[tuple[float, float, float]]) -> bool:
    """Whether any (lat, lon, radius) circle comes within reach_km of the point (plain math:
    incidents hold a handful of points, where numpy's per-call cost dominates)."""
    for plat, plon, prad in points:
        limit = reach_km + prad
        if abs(plat - lat) * KM_PER_DEGREE_LAT > limit:  # cheap latitude bound first
            continue
        if haversine_km(lat, lon, plat, plon) <= limit:
            return True
    return False
