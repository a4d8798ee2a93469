"""The places component: recognise the document's place mentions (English parse, or Cyrillic
text without one) and resolve them against the gazetteer."""
from __future__ import annotations

from dataclasses import dataclass

from wartrace.analysis.gazetteer import Gazetteer, load_gazetteer
from wartrace.analysis.places.cyrillic import cyrillic_mentions
from wartrace.analysis.places.english import english_mentions
from wartrace.analysis.places.resolution import resolve
from wartrace.analysis.registry import component
from wartrace.model import Place


def find_places(ctx, gaz: Gazetteer, focus: set[str]) -> list[Place]:
    doc = ctx.doc
    text = ctx.document.text
    meta = ctx.document.meta or {}
    prior = meta.get("country_hint")  # ISO2 a caller knows the document is about, if any
    errors = ctx.analysis.errors
    if doc is not None:
        mentions = english_mentions(doc, gaz, focus)
    else:
        mentions = cyrillic_mentions(text, gaz, ctx.resources,  # Russian/Ukrainian (or other unparsed) text
                                     transcript=ctx.document.kind == "transcript")
    return resolve(mentions, gaz, text, prior, errors, focus)


@dataclass(frozen=True)
class PlacesConfig:
    # ISO2 countries whose places win ties of name (a village named in a war report is likelier
    # the one near the front line); None: data/gazetteer/focus.yaml's countries
    focus_countries: tuple[str, ...] | None = None


@component("places", config=PlacesConfig, assigns=("places",))
def make_places(resources, config: PlacesConfig):
    gaz = resources.get("gazetteer", load_gazetteer)
    focus = set(config.focus_countries) if config.focus_countries is not None else set(gaz.focus_countries)

    def places(ctx) -> None:
        ctx.analysis.places = find_places(ctx, gaz, focus)

    return places

