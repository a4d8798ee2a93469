"""Scale bench: capture -> analyse -> link of N documents, local process pool against Ray actors,
both in one run on this machine (the ratio is what to quote: these machines are shared and noisy).

    python -m wartrace.evaluation.scale --docs 1000 [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]

Documents are the shared corpora's rows (war_news_2022_2024, the VOA stories, the 2022 RSS
items), repeated with changed ids and dates once the corpora run out. Repeated texts cost the
same analysis as their first copy, except where a model or resolver caches by text.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable, Iterator

from wartrace.analysis.resources import Resources
from wartrace.capture.service import capture_paths
from wartrace.engine_ray import RayOptions
from wartrace.evaluation.report import eval_dir
from wartrace.store.analyses import load_analysis, save_new_analyses
from wartrace.store.db import Store
from wartrace.store.models import AnalysisRow
from wartrace.workflow import analyse_pending, link_pending

SOURCES = ("war_news_2022_2024.jsonl", "voa_stories.jsonl", "rss_2022/rss_items_ukraine_2022-01_08.jsonl")


def corpus_rows(n: int) -> Iterator[dict]:
    """n rows from the shared corpora; copy k > 0 of a row gets id '<id>-r<k>' and its date k weeks later."""
    base = []
    for name in SOURCES:
        path = eval_dir() / "corpus" / name
        if path.exists():
            with open(path, encoding="utf-8") as fh:
                base += [json.loads(line) for line in fh if line.strip()]
    if not base:
        raise SystemExit(f"no corpus under {eval_dir() / 'corpus'}")
    for i in range(n):
        row, copy = dict(base[i % len(base)]), i // len(base)
        if copy:
            row["id"] = f"{row.get('id', i)}-r{copy}"
            try:
                published = datetime.fromisoformat(str(row["published"]).replace("Z", "+00:00"))
                row["published"] = (published + timedelta(weeks=copy)).isoformat()
            except (KeyError, ValueError):
                pass
        yield row


def _store_url(tmp: Path, name: str, postgres: str | None) -> tuple[str, Callable[[], None]]:
    if not postgres:
        return f"sqlite:///{tmp / name}.db", lambda: None
    import psycopg

    admin = postgres.replace("postgresql+psycopg", "postgresql")
    db = f"wartrace_scale_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')

    return postgres.rsplit("/", 1)[0] + f"/{db}", drop


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (a process pool's workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run_engine(engine: str, corpus: Path, tmp: Path, postgres: str | None, workers: int, actors: int,
               batch: int) -> dict:

    url, drop = _store_url(tmp, engine, postgres)
    try:
        store = Store(url, blob_dir=tmp / f"{engine}-blobs")
        t0 = time.perf_counter()
        captured = len(capture_paths(store, [str(corpus)]).captured)
        t1, cpu0 = time.perf_counter(), _cpu_seconds()
        analysed = analyse_pending(store, batch=batch, workers=workers, engine=engine,
                                   ray=RayOptions(actors=actors, batch_size=batch))
        t2, cpu1 = time.perf_counter(), _cpu_seconds()
        report = link_pending(store, Resources())
        t3 = time.perf_counter()
        result = {"engine": engine, "captured": captured, "analysed": analysed, "incidents": report.incidents_total,
                  "capture_s": round(t1 - t0, 1), "analyse_s": round(t2 - t1, 1), "link_s": round(t3 - t2, 1),
                  "analyse_docs_per_s": round(analysed / (t2 - t1), 2)}
        print(f"{engine}: {json.dumps(result)}", file=sys.stderr, flush=True)
        if engine == "local":  # the pool's workers are this process's children: their CPU time is counted
            result["analyse_cpu_s_per_doc"] = round((cpu1 - cpu0) / max(analysed, 1), 3)
            result["write_docs_per_s"] = bench_writes(store, corpus, tmp, postgres, batch)
        store.close()
        return result
    finally:
        drop()


def bench_writes(analysed, corpus: Path, tmp: Path, postgres: str | None, batch: int) -> float:
    """The driver's write path alone (save_new_analyses: rows, custody chain, one commit per batch):
    the analyses of `analysed` written again into a fresh store holding the same documents."""
    from sqlalchemy import select


    with analysed.session() as s:
        ids = list(s.scalars(select(AnalysisRow.document_id)))
        analyses = [a for a in (load_analysis(s, i) for i in ids) if a is not None]
    url, drop = _store_url(tmp, "writes", postgres)
    try:
        store = Store(url, blob_dir=tmp / "writes-blobs")
        capture_paths(store, [str(corpus)])
        t0 = time.perf_counter()
        for i in range(0, len(analyses), batch):
            with store.session() as s:
                save_new_analyses(s, analyses[i:i + batch], ["bench"])
                s.commit()
        seconds = time.perf_counter() - t0
        store.close()
        return round(len(analyses) / seconds, 1)
    finally:
        drop()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--postgres", help="admin URL: each engine gets a throwaway database (default: SQLite files)")
    ap.add_argument("--workers", type=int, default=2, help="local process pool size")
    ap.add_argument("--actors", type=int, default=2, help="Ray analysis actors")
    ap.add_argument("--batch", type=int, default=32)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="wartrace-scale-"))
    try:
        corpus = tmp / f"scale_{args.docs}.jsonl"
        with open(corpus, "w", encoding="utf-8") as fh:
            for row in corpus_rows(args.docs):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        load = os.getloadavg()[0]
        rows = [run_engine(e, corpus, tmp, args.postgres, args.workers, args.actors, args.batch)
                for e in ("local", "ray")]
        local, ray = rows
        summary = {"docs": args.docs, "store": "postgresql" if args.postgres else "sqlite",
                   "load_average_before": round(load, 1), "load_average_after": round(os.getloadavg()[0], 1),
                   "runs": rows, "ray_over_local_analyse_time": round(ray["analyse_s"] / local["analyse_s"], 3)}
        print(json.dumps(summary, indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
