"""Engine-agnostic analysis: one function takes a batch of documents, returns results.

    config = AnalysisConfig.current()       # the configuration, as one picklable object
    resources = Resources(config.models)    # models load once per process, as config.models chooses
    results = analyse_batch(docs, resources, config)

The same call runs in this process, in a local process pool (workflow.py) and in a Ray
Data actor (engine_ray.py); each is handed the driver's config and builds its Resources from
it, so a worker never reads its own environment's configuration.
Building the pipeline checks the configuration before any model loads: each component's
options against its config dataclass, and the order against what each requires and assigns
(registry.py). Each component then runs over the whole batch (`Component.pipe`). A failing
component records its error on that document's Analysis and the rest of the pipeline still
runs: one failure never empties the whole result.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from wartrace.analysis import builtin  # noqa: F401 - the built-in components register on import
from wartrace.analysis.registry import (
    AnalysisContext,
    ComponentError,
    ComponentFn,
    ComponentSpec,
    check_order,
    get_spec,
    known_names,
)
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

    @property
    def models(self) -> dict[str, Any]:
        """models.*: which spaCy, embedder, classifier, gate, ... the Resources it builds load."""
        return dict(self.settings.get("models") or {})

    def key(self) -> str:
        return json.dumps([self.components, self.settings], sort_keys=True, default=str)


@dataclass(frozen=True)
class Component:
    """A built component: its declaration, its typed config and the function it made."""
    spec: ComponentSpec
    config: Any
    fn: ComponentFn

    @property
    def name(self) -> str:
        return self.spec.name

    def __call__(self, ctx: AnalysisContext) -> None:
        self.fn(ctx)

    def pipe(self, ctxs: Sequence[AnalysisContext]) -> None:
        """Run over a batch: through the function's own batch method (`fn.pipe`) when it has one,
        else one document at a time; a document it fails on gets the error, the others go on."""
        batch = getattr(self.fn, "pipe", None)
        if batch is not None:
            try:
                batch(ctxs)
                return
            except Exception:  # noqa: BLE001 - redo one document at a time to pin the failure on its document
                pass
        for ctx in ctxs:
            try:
                self.fn(ctx)
            except Exception as exc:  # noqa: BLE001 - one document's failure must not drop the rest
                ctx.analysis.errors.append(f"{self.name}: {type(exc).__name__}: {exc}")


def checked_specs(config: AnalysisConfig) -> list[tuple[ComponentSpec, Any]]:
    """Each configured component's declaration and typed config, after checking names, options and
    order; ComponentError says what is wrong. Nothing is loaded."""
    comp_conf = config.settings.get("component_config") or {}
    stray = sorted(set(comp_conf) - set(known_names()))
    if stray:
        raise ComponentError(f"component_config names {', '.join(map(repr, stray))}, not a component; "
                             f"known: {', '.join(known_names())}")
    specs = [get_spec(n) for n in config.components]
    check_order(specs)
    return [(s, s.make_config(comp_conf.get(s.name))) for s in specs]


class Pipeline:
    def __init__(self, resources: Resources | None = None, components: Sequence[str] | None = None,
                 config: AnalysisConfig | None = None):
        self.config = config or AnalysisConfig.current(components)
        conf = self.config.settings
        checked = checked_specs(self.config)
        self.resources = resources or Resources(self.config.models)
        if self.resources.models != self.config.models:
            raise ComponentError("the Resources were built with other models than the configuration names "
                                 "(build them as Resources(config.models))")
        self.names = list(self.config.components)
        self.components = [Component(spec, typed, spec.factory(self.resources, typed)) for spec, typed in checked]
        self.batch_size = int(conf.get("batch_size", 32))
        # a caller's batch is analysed this many documents at a time: parses (spaCy's, the Russian and
        # Ukrainian ones the claims and events components share) are held for one chunk, so memory
        # stays bounded however large the batch, and a shared parse is still there when events need it
        self.chunk_docs = max(1, int(conf.get("analysis_chunk_docs", 128)))
        # long documents and over-long sentences are analysed in windows (analysis/windows.py)
        self.window_chars = int(conf.get("analysis_window_chars", 100_000))
        self.sentence_chars = int(conf.get("analysis_sentence_chars", 5_000))

    def __call__(self, docs: Sequence[Document]) -> list[Analysis]:
        docs = list(docs)
        limit = min(self.window_chars, SPACY_MAX_LENGTH)
        if any(needs_windows(d.text, limit, self.sentence_chars) for d in docs):
            limit = min(limit, self.resources.nlp.max_length - 1)  # as this installation's spaCy has it
            return analyse_in_windows(self._analyse_chunks, docs, limit, self.sentence_chars)
        return self._analyse_chunks(docs)

    def _analyse_chunks(self, docs: list[Document]) -> list[Analysis]:
        out: list[Analysis] = []
        for i in range(0, len(docs), self.chunk_docs):
            out += self._analyse(docs[i:i + self.chunk_docs])
        return out

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
        # order is the same per document, and one with a batch method sees the whole batch
        for comp in self.components:
            comp.pipe(ctxs)
        return results


_BUILT: dict[tuple, Pipeline] = {}


def analyse_batch(docs: Iterable[Document], resources: Resources | None = None,
                  config: AnalysisConfig | Sequence[str] | None = None) -> list[Analysis]:
    """Analyse a batch of documents: the one unit of work of every engine.

    `config` is an AnalysisConfig (a list of component names, or None, means this process's
    configuration with those components); without `resources` they are built from config.models.
    The components are built once per process, Resources and config, and reused by every later batch.
    """
    if not isinstance(config, AnalysisConfig):
        config = AnalysisConfig.current(config)
    key = (id(resources), config.key())
    if key not in _BUILT:
        _BUILT[key] = Pipeline(resources, config=config)
    return _BUILT[key](list(docs))
