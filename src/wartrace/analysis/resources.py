"""Shared models and data, loaded once per process and reused by every component.

This is the one object a worker holds (a local process-pool worker or a Ray Data actor):
`Resources(config.models)` then `analyse_batch(docs, resources, config)`.
It carries the configuration's `models` mapping (which spaCy, embedder, classifier, gate, ... to
load), and every loader takes its choice from the Resources it is called through, so a worker runs
the models its driver chose, never what its own environment's configuration says.

Every model a component uses comes from here: the spaCy pipeline, the embedder, the gazetteer,
the event classifier, the hedge sentence model and its matcher, the cue scorer, the attribution
tagger. Their loaders keep an lru_cache of their own only for callers outside a pipeline
(evaluation, training, `gazetteer.geocode`), which then share the one copy. The lru_caches left
on YAML lexicons (actors, triggers, taxonomy, cue table, ...) hold packaged data, not models.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Mapping

from wartrace.analysis.models import load_embedder, load_spacy
from wartrace.config import settings


def configured_models() -> dict[str, Any]:
    """This process's models.* (data/pipeline.yaml merged with WARTRACE_CONFIG): read only at the top
    of a run, where a Resources is built without a models mapping."""

    return dict(settings()["models"])


class Resources:
    def __init__(self, models: Mapping[str, Any] | None = None) -> None:
        self.models: dict[str, Any] = dict(models) if models is not None else configured_models()
        self._cache: dict[str, Any] = {}
        self._lock = threading.Lock()

    def model(self, key: str, default: Any = "default") -> Any:
        """The configured choice models.<key>: "default", "off" (YAML may read it as false), a folder, ..."""
        return self.models.get(key, default)

    def get(self, name: str, loader: Callable[[], Any]) -> Any:
        """Return the resource `name`, building it with `loader` the first time."""
        if name not in self._cache:
            with self._lock:
                if name not in self._cache:
                    self._cache[name] = loader()
        return self._cache[name]

    @contextmanager
    def override(self, values: Mapping[str, Any]) -> Iterator["Resources"]:
        """Hold `values` in place of what the loaders would give, inside the block (tests swap in
        another model this way); what was held before comes back after."""
        missing = object()
        with self._lock:
            before = {name: self._cache.get(name, missing) for name in values}
            self._cache.update(values)
        try:
            yield self
        finally:
            with self._lock:
                for name, value in before.items():
                    if value is missing:
                        self._cache.pop(name, None)
                    else:
                        self._cache[name] = value

    @property
    def nlp(self):

        return self.get("nlp", lambda: load_spacy(self.model("spacy")))

    @property
    def embedder(self):

        return self.get("embedder", lambda: load_embedder(self.model("embeddings")))
