"""Engine-agnostic analysis: one function takes a batch of documents, returns results.

    resources = Resources()                 # models load once per process
    config = AnalysisConfig.current()       # the configuration, as one picklable object
    results = analyse_batch(docs, resources, config)

The same call runs in this process, in a local process pool (workflow.py) and in a Ray
Data actor (engine_ray.py); each is handed the driver's config, so a worker never reads
its own environment's configuration.
A failing component records its error on that document's Analysis and the rest of
the pipeline still runs: one failure never empties the whole result.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from wartrace.analysis.registry import AnalysisContext, get_factory
from wartrace.analysis.resources import Resources
from wartrace.analysis.windows import analyse_in_windows, needs_windows
from wartrace.config import settings
from wartrace.model import Analysis, Document

ENGLISH_PARSED = {"en", None}
SPACY_MAX_LENGTH = 1_000_000  # spaCy's default nlp.max_length: no window is ever longer


@dataclass(frozen=True, eq=False)
class AnalysisConfig:
    """What analysis reads from the configuration: the components to run and the merged settings."""
    components: tuple[str, ...]
    settings: Mapping[str, Any]

    @classmethod
    def current(cls, components: Sequence[str] | None = None) -> "AnalysisConfig":
        """This process's configuration (data/pipeline.yaml merged with WARTRACE_CONFIG)."""
        conf = settings()
        return cls(tuple(components if components is not None else conf["components"]), conf)

    def key(self) -> str:
        return json.dumps([self.components, self.settings], sort_keys=True, default=str)


class Pipeline:
    def __init__(self, resources: Resources | None = None, components: Sequence[str] | None = None,
                 config: AnalysisConfig | None = None):
        self.config = config or AnalysisConfig.current(components)
        conf = self.config.settings
        self.resources = resources or Resources()
        self.names = list(self.config.components)
        comp_conf = conf.get("component_config") or {}
        self.components = [(n, get_factory(n)(self.resources, comp_conf.get(n, {}))) for n in self.names]
        self.batch_size = int(conf.get("batch_size", 32))
        # long documents and over-long sentences are analysed in windows (analysis/windows.py)
        self.window_chars = int(conf.get("analysis_window_chars", 100_000))
        self.sentence_chars = int(conf.get("analysis_sentence_chars", 5_000))

    def __call__(self, docs: Sequence[Document]) -> list[Analysis]:
        docs = list(docs)
        limit = min(self.window_chars, SPACY_MAX_LENGTH)
        if any(needs_windows(d.text, limit, self.sentence_chars) for d in docs):
            limit = min(limit, self.resources.nlp.max_length - 1)  # as this installation's spaCy has it
            return analyse_in_windows(self._analyse, docs, limit, self.sentence_chars)
        return self._analyse(docs)

    def _analyse(self, docs: list[Document]) -> list[Analysis]:
        results = [Analysis(document=d) for d in docs]
        english = [i for i, d in enumerate(docs) if d.language in ENGLISH_PARSED or d.language == "unknown"]
        parsed: dict[int, object] = {}
        if english:
            nlp = self.resources.nlp
            texts = (docs[i].text for i in english)
            for i, sdoc in zip(english, nlp.pipe(texts, batch_size=self.batch_size)):
                parsed[i] = sdoc
        ctxs = [AnalysisContext(document=doc, analysis=result, doc=parsed.get(i), resources=self.resources)
                for i, (doc, result) in enumerate(zip(docs, results))]
        # component by component: a component reads only its own document's earlier results, so the
        # order is the same per document, and one with a batch method (`fn.pipe`) sees the whole batch
        for name, fn in self.components:
            batch = getattr(fn, "pipe", None)
            if batch is not None:
                try:
                    batch(ctxs)
                    continue
                except Exception:  # noqa: BLE001 - redo one document at a time to pin the failure on its document
                    pass
            for ctx in ctxs:
                try:
                    fn(ctx)
                except Exception as exc:  # noqa: BLE001 - one component's failure must not drop the rest
                    ctx.analysis.errors.append(f"{name}: {type(exc).__name__}: {exc}")
        return results


_BUILT: dict[tuple, Pipeline] = {}


def analyse_batch(docs: Iterable[Document], resources: Resources | None = None,
                  config: AnalysisConfig | Sequence[str] | None = None) -> list[Analysis]:
    """Analyse a batch of documents: the one unit of work of every engine.

    `config` is an AnalysisConfig (a list of component names, or None, means this process's
    configuration with those components). The components are built once per process,
    Resources and config, and reused by every later batch.
    """
    if not isinstance(config, AnalysisConfig):
        config = AnalysisConfig.current(config)
    key = (id(resources), config.key())
    if key not in _BUILT:
        _BUILT[key] = Pipeline(resources, config=config)
    return _BUILT[key](list(docs))
