"""Engine-agnostic analysis: one function takes a batch of documents, returns results.

    resources = Resources()                 # models load once per process
    results = analyse_batch(docs, resources)

The same call runs in this process, in a local process pool, or in a Ray Data actor.
A failing component records its error on that document's Analysis and the rest of
the pipeline still runs: one failure never empties the whole result.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from wartrace.analysis.registry import AnalysisContext, get_factory
from wartrace.analysis.resources import Resources
from wartrace.config import settings
from wartrace.model import Analysis, Document

ENGLISH_PARSED = {"en", None}


class Pipeline:
    def __init__(self, resources: Resources | None = None, components: Sequence[str] | None = None):
        conf = settings()
        self.resources = resources or Resources()
        self.names = list(components if components is not None else conf["components"])
        comp_conf = conf.get("component_config") or {}
        self.components = [(n, get_factory(n)(self.resources, comp_conf.get(n, {}))) for n in self.names]
        self.batch_size = int(conf.get("batch_size", 32))

    @staticmethod
    def default_names() -> list[str]:
        return list(settings()["components"])

    def __call__(self, docs: Sequence[Document]) -> list[Analysis]:
        docs = list(docs)
        results = [Analysis(document=d) for d in docs]
        english = [i for i, d in enumerate(docs) if d.language in ENGLISH_PARSED or d.language == "unknown"]
        parsed: dict[int, object] = {}
        if english:
            nlp = self.resources.nlp
            texts = (docs[i].text for i in english)
            for i, sdoc in zip(english, nlp.pipe(texts, batch_size=self.batch_size)):
                parsed[i] = sdoc
        for i, (doc, result) in enumerate(zip(docs, results)):
            ctx = AnalysisContext(document=doc, analysis=result, doc=parsed.get(i), resources=self.resources)
            for name, fn in self.components:
                try:
                    fn(ctx)
                except Exception as exc:  # noqa: BLE001 - one component's failure must not drop the rest
                    result.errors.append(f"{name}: {type(exc).__name__}: {exc}")
        return results


_DEFAULT: dict[tuple, Pipeline] = {}


def analyse_batch(docs: Iterable[Document], resources: Resources | None = None,
                  components: Sequence[str] | None = None) -> list[Analysis]:
    """Analyse a batch of documents. Reuses one Pipeline per process and component list."""
    key = (id(resources), tuple(components) if components is not None else None)
    if key not in _DEFAULT:
        _DEFAULT[key] = Pipeline(resources, components)
    return _DEFAULT[key](list(docs))
