"""What the place tests share: the places component alone on one text, and the UCDP GED check
(a dev row's first settlement-level place lies within 25 km of the event's point)."""
from __future__ import annotations

from wartrace.analysis.gazetteer import haversine_km
from wartrace.analysis.pipeline import analyse_batch
from wartrace.evaluation.geo import ucdp_split
from wartrace.model import Document

FINE_FEATURES = ("city", "facility", "admin2", "other")  # finer than an oblast or a country


def places_of(resources, text: str, language: str = "en") -> list:
    (result,) = analyse_batch([Document(id="sha256:place-test", text=text, language=language)], resources, ["places"])
    assert not result.errors, result.errors
    return result.places


def fine_places(resources, text: str) -> list:
    return [p for p in places_of(resources, text) if p.feature in FINE_FEATURES]


def assert_ucdp_row_within_25_km(resources, text: str, point: tuple[float, float]) -> None:
    assert ucdp_split(text) == "dev"  # only dev rows were read while the rules were written
    fine = fine_places(resources, text)
    assert fine, places_of(resources, text)
    assert haversine_km(fine[0].lat, fine[0].lon, *point) <= 25, fine[0]
