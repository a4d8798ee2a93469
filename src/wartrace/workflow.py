"""Jobs that span stages: analyse what the store holds and has not analysed yet."""
from __future__ import annotations

from typing import Callable

from wartrace.analysis.pipeline import Pipeline
from wartrace.store.analyses import save_analysis, unanalysed_ids
from wartrace.store.db import Store
from wartrace.store.documents import get_document


def analyse_pending(store: Store, pipeline: Pipeline | None = None, batch: int = 32,
                    progress: Callable[[int, int], None] | None = None, actor: str = "system") -> int:
    """Analyse every captured document not analysed yet; returns how many were analysed.

    Each batch commits with its custody entries, so an interrupted run resumes where it stopped.
    """
    with store.session() as s:
        ids = unanalysed_ids(s)
    if not ids:
        return 0
    pipeline = pipeline or Pipeline()
    done = 0
    for i in range(0, len(ids), batch):
        with store.session() as s:
            docs = [d for d in (get_document(s, x) for x in ids[i:i + batch]) if d is not None]
            for analysis in pipeline(docs):
                save_analysis(s, analysis, pipeline.names, actor=actor)
            s.commit()
        done += len(docs)
        if progress:
            progress(done, len(ids))
    return done
