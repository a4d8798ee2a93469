"""Jobs that span stages: analyse what the store holds and has not analysed yet; link what is
analysed into the stored incidents (`link_pending`, `relink_all`) and apply reviewers' merges,
splits and revocations through the linker. The store only loads and saves.

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
from dataclasses import dataclass, field
from typing import Callable, Iterator

from sqlalchemy.orm import Session

from wartrace.analysis.pipeline import AnalysisConfig, analyse_batch, checked_specs
from wartrace.analysis.resources import Resources
from wartrace.engine_ray import RayOptions, analyse_on_ray
from wartrace.linking.api import LinkResult
from wartrace.linking.constraints import CANNOT, MUST, Constraint
from wartrace.linking.corroboration import corroborate
from wartrace.linking.dependence import build_graph
from wartrace.linking.incidents import Linker
from wartrace.linking.items import embed_items, event_item_id, items_from_analysis
from wartrace.model import Analysis, Document
from wartrace.store.analyses import save_new_analyses, unanalysed_ids
from wartrace.store.db import Store
from wartrace.store.documents import get_documents
from wartrace.store.incidents import (
    EmbeddingCache,
    cache_folder,
    deactivate_decision,
    items_of,
    load_analyses,
    load_constraints,
    load_membership,
    save_constraint,
    save_dependencies,
    save_incidents,
)
from wartrace.store.models import LinkConstraintRow
from wartrace.store.review import record_decision

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
    _WORKER = (Resources(config.models), config)  # the driver's choice of models, not this process's environment


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


def analyse_pending(store: Store, resources: Resources | None = None, config: AnalysisConfig | None = None,
                    batch: int = 32, progress: Callable[[int, int], None] | None = None, actor: str = "system",
                    workers: int = 1, engine: str = "local", ray: RayOptions | None = None) -> int:
    """Analyse every captured document not analysed yet; returns how many analyses were written.

    `resources` are the models this process holds (used when it analyses itself, `workers=1`);
    `config` defaults to this process's configuration. The engines receive the config and call
    `analyse_batch`. `engine="ray"` analyses in Ray Data
    actors (`ray` gives the cluster, the pool and the batch size); otherwise in this process or,
    with `workers > 1`, a local process pool.
    Each batch commits with its custody entries, so an interrupted run resumes where it stopped.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")
    config = config or AnalysisConfig.current()
    checked_specs(config)  # a misconfigured pipeline is refused here, before any engine starts
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


# --- linking: attach analysed reports to the stored incidents; reviewers' merges and splits ---

@dataclass
class LinkReport:
    items_new: int = 0
    incidents_touched: list[str] = field(default_factory=list)
    incidents_total: int = 0
    removed: list[str] = field(default_factory=list)


@dataclass
class LinkRun:
    """One linking transaction: the linker restored from the store, and the store as it was."""
    session: Session
    result: LinkResult
    stored: dict[str, str]                         # item -> incident before the run
    constraint_rows: dict[str, LinkConstraintRow]  # constraint id -> its stored row


def link_pending(store: Store, resources: Resources | None = None, actor: str = "system") -> LinkReport:
    """Attach every analysed, not yet linked item to the stored incidents (no rebuild)."""
    def run(r: LinkRun) -> set[str]:
        lk = r.result.linker
        if not r.stored and lk.config.refine_rounds:
            lk.refine(lk.config.refine_rounds)  # a first run is a batch link
        return set()

    return _link_run(store, resources, actor, run)


def relink_all(store: Store, resources: Resources | None = None, actor: str = "system") -> LinkReport:
    """Rebuild every incident from the analyses and the reviewer constraints."""
    def run(r: LinkRun) -> set[str]:
        r.result.linker.relink()
        return set(r.result.linker.incidents)

    return _link_run(store, resources, actor, run)


def merge_incidents(store: Store, incident_ids: list[str], reviewer: str, reason: str,
                    resources: Resources | None = None) -> LinkReport:
    """A reviewer's merge: a must-link between the incidents' items, kept by every later re-link."""
    def make(s: Session, result: LinkResult) -> Constraint:
        groups = [[i for i in items_of(s, iid) if i in result.linker.items] for iid in incident_ids]
        if any(not g for g in groups):
            raise KeyError(f"unknown incident among {incident_ids}")
        return Constraint(kind=MUST, groups=groups, reviewer=reviewer, reason=reason)

    return _decide(store, make, reviewer, resources)


def split_incident(store: Store, incident_id: str, groups: list[list[str]], reviewer: str, reason: str,
                   resources: Resources | None = None) -> LinkReport:
    """A reviewer's split; each group lists document ids or event ids of the incident's members."""
    def make(s: Session, result: LinkResult) -> Constraint:
        members = [i for i in items_of(s, incident_id) if i in result.linker.items]
        if not members:
            raise KeyError(incident_id)
        resolved = []
        for g in groups:
            ids = [m for m in members if m in g or result.linker.items[m].document_id in g]
            if not ids:
                raise ValueError(f"a group names no member of {incident_id}: {g}")
            resolved.append(ids)
        return Constraint(kind=CANNOT, groups=resolved, reviewer=reviewer, reason=reason)

    return _decide(store, make, reviewer, resources)


def revoke_decision(store: Store, decision_id: str, reviewer: str, reason: str,
                    resources: Resources | None = None) -> LinkReport:
    """Undo a reviewer's merge or split: its rows become inactive and the incidents it touched
    are re-linked without it. Logged like every review action."""
    rows: list[LinkConstraintRow] = []
    after: list[str] = []

    def run(r: LinkRun) -> set[str]:
        lk = r.result.linker
        items = {x for row in rows for x in (row.a, row.b) if x in lk.items}
        lk._rebuild_around(items)
        after.extend(sorted({lk.item_incident[i] for i in items}))
        return set(after)

    def record(r: LinkRun) -> None:
        record_decision(r.session, after, "revoke", reviewer, reason,
                        {iid: r.result.linker.incidents[iid].members for iid in after}, {"decision": decision_id})

    return _link_run(store, resources, reviewer, run, after=record,
                     before=lambda s: rows.extend(deactivate_decision(s, decision_id)))


def _decide(store: Store, make: Callable[[Session, LinkResult], Constraint], reviewer: str,
            resources: Resources | None) -> LinkReport:
    """Apply a reviewer's constraint in a linking run and record it (constraint rows, reviews, custody)."""
    decided: list[str] = []
    made: list[Constraint] = []

    def run(r: LinkRun) -> set[str]:
        c = make(r.session, r.result)
        r.result.linker.add_constraint(c)
        made.append(c)
        decided.extend(sorted({r.result.linker.item_incident[i] for i in c.items()}))
        save_constraint(r.session, c, r.constraint_rows, r.result.linker.constraints)
        return set(decided)

    def record(r: LinkRun) -> None:
        c = made[0]
        record_decision(r.session, decided, "merge" if c.kind == MUST else "split", reviewer, c.reason,
                        {iid: r.result.linker.incidents[iid].members for iid in decided}, {"groups": c.groups})

    return _link_run(store, resources, reviewer, run, after=record)


def _link_run(store: Store, resources: Resources | None, actor: str, run: Callable[[LinkRun], set[str]],
              before: Callable[[Session], object] | None = None,
              after: Callable[[LinkRun], None] | None = None) -> LinkReport:
    """One linking transaction: restore the linker from the store, attach the new items, `run`
    (it returns incidents to rewrite whether or not they changed), save what changed, commit."""
    with store.session() as s:
        if before:
            before(s)
        analyses = load_analyses(s)
        stored = load_membership(s)
        constraints, rows = load_constraints(s)
        items = [it for a in analyses.values() for it in items_from_analysis(a)]
        cache = EmbeddingCache(cache_folder(store))
        todo = cache.fill(items)
        if todo:
            embed_items(todo, (resources or Resources()).embedder)
            cache.add(todo)
        known = [it for it in items if it.id in stored]
        new = [it for it in items if it.id not in stored]
        lk = Linker.from_incidents(known, dict(stored), constraints=constraints)
        r = LinkRun(session=s, result=LinkResult(linker=lk, analyses=analyses), stored=stored, constraint_rows=rows)
        lk.attach(new)
        force = run(r)
        touched, removed = _save_run(s, r.result, stored, actor, force)
        if after:
            after(r)
        s.commit()
    cache.save()
    return LinkReport(items_new=len(new), incidents_touched=touched, incidents_total=len(lk.incidents),
                      removed=removed)


def _save_run(s: Session, result: LinkResult, stored: dict[str, str], actor: str,
              force: set[str]) -> tuple[list[str], list[str]]:
    """Save the incidents whose membership changed since `stored` (item -> incident) plus `force`:
    their dependence graph, corroboration and summary computed here, written by the store."""
    lk = result.linker
    removed = sorted({iid for item, iid in stored.items() if item in lk.items} - set(lk.incidents)
                     | (set(stored.values()) - set(lk.incidents)))
    touched = {iid for item, iid in lk.item_incident.items() if stored.get(item) != iid}
    touched |= {iid for item, iid in stored.items()
                if item in lk.items and lk.item_incident.get(item) != iid and iid in lk.incidents}
    touched |= set(force) & set(lk.incidents)
    # Rows left by an earlier analysis of a document (its events renumbered since) are rewritten.
    live = set(lk.items) | {event_item_id(it.document_id, e) for it in lk.items.values() for e in it.event_ids}
    touched |= {iid for item, iid in stored.items() if item not in live and iid in lk.incidents}
    docs = {d for iid in touched for d in lk.incidents[iid].documents}
    result.graph = build_graph(result.analyses[d] for d in sorted(docs))
    summaries = {}
    for iid in sorted(touched):
        result.corroboration[iid] = corroborate(lk.incidents[iid], lk.items, result.analyses, result.graph)
        summaries[iid] = result.incident_dict(lk.incidents[iid])
    save_incidents(s, lk, summaries, removed, actor)
    save_dependencies(s, result.graph, docs)
    return sorted(touched), removed
