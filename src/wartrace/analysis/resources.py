"""Shared models and data, loaded once per process and reused by every component.

This is the one object a worker holds (a local process-pool worker now, a Ray Data
actor later): `Resources()` then `analyse_batch(docs, resources)`.
"""
from __future__ import annotations

import threading
from typing import Any, Callable


class Resources:
    def __init__(self) -> None:
        self._cache: dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, name: str, loader: Callable[[], Any]) -> Any:
        """Return the resource `name`, building it with `loader` the first time."""
        if name not in self._cache:
            with self._lock:
                if name not in self._cache:
                    self._cache[name] = loader()
        return self._cache[name]

    @property
    def nlp(self):
        from wartrace.analysis.models import load_spacy

        return self.get("nlp", load_spacy)

    @property
    def embedder(self):
        from wartrace.analysis.models import load_embedder

        return self.get("embedder", load_embedder)
