"""Jobs that span stages: analyse what the store holds and has not analysed yet.

Analysis has one unit of work, `analyse_batch(docs, resources, config)`, and three engines that
call exactly it: this process (`workers=1`), a local process pool (`workers > 1`, one Resources
per worker process, models loaded once per worker) and a pool of Ray Data actors
(`engine="ray"`, engine_ray.py). Only this process writes to the store, one transaction per
batch with its custody entries, skipping documents already analysed, so an interrupted or
retried run writes each analysis once.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator

from wartrace.analysis.pipeline import AnalysisConfig, Pipeline, analyse_batch
from wartrace.analysis.resources import Resources
from wartrace.engine_ray import RayOptions, analyse_on_ray
from wartrace.model import Analysis, Document
from wartrace.store.analyses import save_new_analyses, unanalysed_ids
from wartrace.store.db import Store
from wartrace.store.documents import get_documents

ENGINES = ("local", "ray")

_WORKER: tuple[Resources, AnalysisConfig] | None = None


def _init_worker(config: AnalysisConfig) -> None:
    """Each worker process loads the models once; one intra-op thread avoids oversubscribing cores."""
    global _WORKER
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    _WORKER = (Resources(), config)


def _analyse_in_worker(docs: list[Document]) -> list[Analysis]:
    assert _WORKER is not None
    return analyse_batch(docs, *_WORKER)


def _local_batches(store: Store, chunks: list[list[str]], resources: Resources | None, config: AnalysisConfig,
                   workers: int) -> Iterator[list[Analysis]]:
    def load(chunk: list[str]) -> list[Document]:
        with store.session() as s:
            return get_documents(s, chunk)

    if workers == 1:
        for chunk in chunks:
            yield analyse_batch(load(chunk), resources, config)
        return
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(config,)) as pool:
        # keep a bounded number of batches in flight so memory stays flat on large stores
        it = iter(chunks)
        pending = [pool.submit(_analyse_in_worker, load(c)) for c in (next(it, None) for _ in range(2 * workers))
                   if c is not None]
        while pending:
            yield pending.pop(0).result()
            nxt = next(it, None)
            if nxt is not None:
                pending.append(pool.submit(_analyse_in_worker, load(nxt)))


def analyse_pending(store: Store, pipeline: Pipeline | None = None, batch: int = 32,
                    progress: Callable[[int, int], None] | None = None, actor: str = "system",
                    workers: int = 1, engine: str = "local", ray: RayOptions | None = None) -> int:
    """Analyse every captured document not analysed yet; returns how many analyses were written.

    `pipeline` gives the Resources (models already loaded here) and the AnalysisConfig; the
    engines receive the config and call `analyse_batch`. `engine="ray"` analyses in Ray Data
    actors (`ray` gives the cluster, the pool and the batch size); otherwise in this process or,
    with `workers > 1`, a local process pool.
    Each batch commits with its custody entries, so an interrupted run resumes where it stopped.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")
    resources = pipeline.resources if pipeline is not None else None
    config = pipeline.config if pipeline is not None else AnalysisConfig.current()
    with store.session() as s:
        ids = unanalysed_ids(s)
    if not ids:
        return 0
    if engine == "ray":
        batches = analyse_on_ray(store, ids, config, ray or RayOptions(batch_size=batch))
    else:
        chunks = [ids[i:i + batch] for i in range(0, len(ids), batch)]
        workers = max(1, min(workers, os.cpu_count() or 1, len(chunks)))
        batches = _local_batches(store, chunks, resources, config, workers)
    done = 0
    for results in batches:
        with store.session() as s:
            done += save_new_analyses(s, results, list(config.components), actor=actor)
            s.commit()
        if progress:
            progress(done, len(ids))
    return done
