"""Components register here by name, as spaCy's factories do.

A component factory takes (resources, config) and returns a callable that takes an
`AnalysisContext` and fills in `ctx.analysis`. One job per component; the pipeline
order and each component's options live in one place: data/pipeline.yaml.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from wartrace.model import Analysis, Document

ComponentFn = Callable[["AnalysisContext"], None]
Factory = Callable[[Any, dict], ComponentFn]

_FACTORIES: dict[str, Factory] = {}
# Modules that define components; imported lazily so a missing optional dependency
# only disables its own component.
_MODULES = {
    "places": "wartrace.analysis.places",
    "dates": "wartrace.analysis.dates",
    "hedges": "wartrace.analysis.hedges",
    "claims": "wartrace.analysis.claims",
    "events": "wartrace.analysis.events",
}


@dataclass
class AnalysisContext:
    document: Document
    analysis: Analysis
    doc: Any  # spaCy Doc over document.text (English pipeline), or None
    resources: Any  # wartrace.analysis.resources.Resources


def component(name: str) -> Callable[[Factory], Factory]:
    def register(factory: Factory) -> Factory:
        _FACTORIES[name] = factory
        return factory

    return register


def get_factory(name: str) -> Factory:
    if name not in _FACTORIES and name in _MODULES:
        import importlib

        importlib.import_module(_MODULES[name])
    if name not in _FACTORIES:
        raise KeyError(f"no analysis component named {name!r}; known: {sorted(set(_FACTORIES) | set(_MODULES))}")
    return _FACTORIES[name]
