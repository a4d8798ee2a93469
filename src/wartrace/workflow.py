"""Jobs that span stages: analyse what the store holds and has not analysed yet.

Analysis is engine-agnostic: `analyse_batch(docs, resources)` runs in this process, or in a
local process pool (`workers > 1`, one Resources per worker process, models loaded once per
worker), and the same function can serve as a Ray Data actor's `__call__` later. Only this
process writes to the store.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence

from wartrace.analysis.pipeline import Pipeline
from wartrace.model import Analysis, Document
from wartrace.store.analyses import save_analysis, unanalysed_ids
from wartrace.store.db import Store
from wartrace.store.documents import get_document

_WORKER: Pipeline | None = None


def _init_worker(components: Sequence[str] | None) -> None:
    """Each worker process loads the models once; one intra-op thread avoids oversubscribing cores."""
    global _WORKER
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    _WORKER = Pipeline(components=components)


def _analyse_in_worker(docs: list[Document]) -> list[Analysis]:
    assert _WORKER is not None
    return _WORKER(docs)


def analyse_pending(store: Store, pipeline: Pipeline | None = None, batch: int = 32,
                    progress: Callable[[int, int], None] | None = None, actor: str = "system",
                    workers: int = 1) -> int:
    """Analyse every captured document not analysed yet; returns how many were analysed.

    Each batch commits with its custody entries, so an interrupted run resumes where it stopped.
    """
    with store.session() as s:
        ids = unanalysed_ids(s)
    if not ids:
        return 0
    chunks = [ids[i:i + batch] for i in range(0, len(ids), batch)]

    def load(chunk: list[str]) -> list[Document]:
        with store.session() as s:
            return [d for d in (get_document(s, x) for x in chunk) if d is not None]

    def save(results: list[Analysis], names: list[str]) -> None:
        with store.session() as s:
            for analysis in results:
                save_analysis(s, analysis, names, actor=actor)
            s.commit()

    done = 0
    workers = max(1, min(workers, os.cpu_count() or 1, len(chunks)))
    if workers == 1:
        pipeline = pipeline or Pipeline()
        for chunk in chunks:
            docs = load(chunk)
            save(pipeline(docs), pipeline.names)
            done += len(docs)
            if progress:
                progress(done, len(ids))
        return done
    names = pipeline.names if pipeline is not None else None
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(names,)) as pool:
        # keep a bounded number of batches in flight so memory stays flat on large stores
        pending = []
        it = iter(chunks)
        for chunk in it:
            pending.append(pool.submit(_analyse_in_worker, load(chunk)))
            if len(pending) >= 2 * workers:
                break
        while pending:
            results = pending.pop(0).result()
            save(results, names or Pipeline.default_names())
            done += len(results)
            if progress:
                progress(done, len(ids))
            nxt = next(it, None)
            if nxt is not None:
                pending.append(pool.submit(_analyse_in_worker, load(nxt)))
    return done
