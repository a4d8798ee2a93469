"""Analysis on a Ray cluster: the same `analyse_batch`, run by a pool of Ray Data actors.

    ids (read from the store, one block per page)
      -> map_batches(AnalyseActor, ActorPoolStrategy)   each actor: Resources(config.models) once, then
                                                        analyse_batch(docs, resources, config)
      -> iter_batches in the driver                     the workflow writes each batch in one
                                                        transaction with its custody entries

Actors only read the store (documents by id); the driver is the one writer, so a worker killed
mid-batch leaves nothing half-written, and Ray Data retries its batch on a restarted actor.
Ray is an optional extra (`pip install 'wartrace[ray]'`), imported only when this engine runs.
"""
from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from typing import Iterator, Sequence

from wartrace.analysis.pipeline import AnalysisConfig, analyse_batch
from wartrace.analysis.resources import Resources
from wartrace.model import Analysis
from wartrace.store.db import Store
from wartrace.store.documents import get_documents

ACTOR_PROCESS_TITLE = "AnalyseActor"  # Ray names an actor's worker process after its class


class EngineUnavailable(RuntimeError):
    """Ray is not installed, or the cluster cannot be reached."""


@dataclass(frozen=True)
class RayOptions:
    address: str | None = None  # a running cluster ("ray://head:10001" or "auto"); None starts a local runtime
    actors: int = 2  # analysis actors, each holding one copy of the models
    batch_size: int = 32  # documents per actor call, and per write transaction in the driver
    # Fractional CPUs: a pool that claims every CPU leaves none for Ray Data's own tasks and hangs.
    cpus_per_actor: float = 0.75
    # the models take about 1.6 GiB resident per actor after 100 articles (measured, docs/SCALE.md)
    memory_per_actor_mb: int = 2048
    local_cpus: int = 2  # CPUs of the local runtime started when there is no address
    local_object_store_mb: int = 512


def _ray():
    try:
        import ray
        import ray.data  # noqa: F401 - registers ray.data on the ray module the caller uses
    except ImportError as exc:
        raise EngineUnavailable("the Ray engine needs the ray extra: pip install 'wartrace[ray]'") from exc
    return ray


class AnalyseActor:
    """One Ray Data actor: opens the store and loads the models once, then analyses batch after batch."""

    def __init__(self, store_url: str, blob_dir: str, config: AnalysisConfig):
        try:
            import torch

            torch.set_num_threads(1)  # one intra-op thread per actor: actors share the cores
        except ImportError:
            pass
        self.store = Store(store_url, blob_dir=blob_dir)
        # the models load inside the actor, never pickled from the driver, but as the driver's config chooses
        self.resources = Resources(config.models)
        self.config = config

    def __call__(self, batch: dict) -> dict:
        with self.store.session() as s:
            docs = get_documents(s, [str(x) for x in batch["id"]])
        analyses = analyse_batch(docs, self.resources, self.config)
        return {"id": [a.document.id for a in analyses],
                "analysis": [pickle.dumps(a, protocol=pickle.HIGHEST_PROTOCOL) for a in analyses]}


def _connect(ray, options: RayOptions) -> bool:
    """Join the cluster at options.address, or start a local runtime; True if started here."""
    if ray.is_initialized():
        return False
    # the actors must read the same configuration and model folders as this process
    env = {k: v for k, v in os.environ.items() if k.startswith("WARTRACE_")}
    runtime_env = {"env_vars": env} if env else None
    try:
        if options.address:
            ray.init(address=options.address, runtime_env=runtime_env, log_to_driver=False)
        else:
            # Ray 2.60 binds its gRPC ports on every interface whatever node address it is given;
            # its token authentication (on by default) is what guards them (docs/SCALE.md)
            ray.init(num_cpus=options.local_cpus, include_dashboard=False, object_store_memory=options.local_object_store_mb * 2**20, runtime_env=runtime_env,
                     log_to_driver=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise EngineUnavailable(f"cannot start or join Ray at {options.address or 'a local runtime'}: {exc}") from exc
    return True


def _quiet_data(ray) -> None:
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    ctx.issue_detectors_config.detectors = []  # its advice goes to the log; the CLI has its own progress


def analyse_on_ray(store: Store, ids: Sequence[str], config: AnalysisConfig,
                   options: RayOptions = RayOptions()) -> Iterator[list[Analysis]]:
    """Yield the analyses of `ids` batch by batch, in the order the actors finish them."""
    ray = _ray()
    started = _connect(ray, options)
    try:
        import pyarrow as pa
        from ray.data import ActorPoolStrategy

        _quiet_data(ray)
        pages = [list(ids[i:i + options.batch_size]) for i in range(0, len(ids), options.batch_size)]
        dataset = ray.data.from_arrow([pa.table({"id": page}) for page in pages])
        analysed = dataset.map_batches(
            AnalyseActor, fn_constructor_args=(store.url, str(store.blobs.root), config),
            batch_size=options.batch_size, compute=ActorPoolStrategy(size=max(1, options.actors)),
            num_cpus=options.cpus_per_actor, memory=options.memory_per_actor_mb * 2**20)
        for batch in analysed.iter_batches(batch_size=None, batch_format="pyarrow"):
            yield [pickle.loads(b) for b in batch.column("analysis").to_pylist()]
    finally:
        if started:
            ray.shutdown()
