"""The Ray engine on a local Ray runtime (2 CPUs) gives the local run's analyses and incidents,
also when one analysis actor is killed mid-run (Ray restarts it and retries its batch)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from wartrace.capture.service import capture_paths
from wartrace.engine_ray import ACTOR_PROCESS_TITLE, RayOptions
from wartrace.store.db import Store
from wartrace.store.incidents import list_incidents
from wartrace.store.models import AnalysisRow, CustodyRow
from wartrace.workflow import analyse_pending, link_pending

EVAL = Path(os.environ.get("WARTRACE_EVAL_DIR", Path(__file__).resolve().parents[2] / "shared" / "eval"))
CORPUS = EVAL / "corpus" / "war_news_2022_2024.jsonl"
DOCS = 200
BATCH = 20
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CORPUS.exists(), reason=f"eval data absent ({CORPUS})")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The first 200 articles of the shared war news corpus (real text, never committed)."""
    path = tmp_path_factory.mktemp("ray-corpus") / "war_news_200.jsonl"
    with open(CORPUS, encoding="utf-8") as src:
        path.write_text("".join(line for _, line in zip(range(DOCS), src)), encoding="utf-8")
    return path


def _captured(root: Path, corpus: Path) -> Store:
    store = Store(f"sqlite:///{root}/w.db")
    assert not capture_paths(store, [str(corpus)]).failed
    return store


def _results(store: Store) -> dict:
    """Analyses, incidents and the count of 'analyse' custody entries per document, as sorted JSON."""
    with store.session() as s:
        analyses = {r.document_id: r.result for r in s.scalars(select(AnalysisRow))}
        logged = Counter(e.object_id for e in s.scalars(select(CustodyRow).where(CustodyRow.action == "analyse")))
        incidents = sorted(list_incidents(s), key=lambda d: d["id"])
    return {"analyses": json.dumps(analyses, sort_keys=True, default=str),
            "incidents": json.dumps(incidents, sort_keys=True, default=str),
            "n_analyses": len(analyses), "n_incidents": len(incidents), "logged": logged}


def _verified(store: Store) -> None:
    run = subprocess.run([sys.executable, "-m", "wartrace", "--db", store.url, "verify"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture(scope="module")
def local(tmp_path_factory, corpus, resources) -> dict:
    store = _captured(tmp_path_factory.mktemp("ray-local"), corpus)
    assert analyse_pending(store, batch=BATCH, workers=2) == DOCS  # the local process pool
    link_pending(store, resources)
    result = _results(store)
    assert result["n_analyses"] == DOCS and result["n_incidents"] > 20
    return result


def _actor_pids() -> list[int]:
    """Process ids of the analysis actors (Ray titles each actor's process after its class)."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and ACTOR_PROCESS_TITLE.encode() in (proc / "cmdline").read_bytes():
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


def _ray_run(root: Path, corpus: Path, resources, kill: bool) -> tuple[Store, dict, list[int]]:
    store = _captured(root, corpus)
    killed: list[int] = []

    def progress(done: int, total: int) -> None:
        # after the first batch is written, while the others are in flight: kill one actor
        if kill and not killed:
            pids = _actor_pids()
            assert len(pids) == 2, pids
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    written = analyse_pending(store, progress=progress, engine="ray",
                              ray=RayOptions(actors=2, batch_size=BATCH, local_cpus=2))
    assert written == DOCS
    link_pending(store, resources)
    return store, _results(store), killed


@pytest.mark.timeout(900)  # 4.5-10 min here at load 14 (docs/SCALE.md); a hung pool fails, never blocks CI
def test_ray_engine_gives_the_local_analyses_and_incidents(tmp_path, corpus, resources, local):
    store, ray_result, _ = _ray_run(tmp_path, corpus, resources, kill=False)
    assert ray_result["analyses"] == local["analyses"]
    assert ray_result["incidents"] == local["incidents"]
    assert set(ray_result["logged"].values()) == {1}


@pytest.mark.timeout(900)  # 4.5-10 min here at load 14 (docs/SCALE.md); a hung pool fails, never blocks CI
def test_killing_an_actor_mid_run_changes_nothing(tmp_path, corpus, resources, local):
    store, ray_result, killed = _ray_run(tmp_path, corpus, resources, kill=True)
    assert len(killed) == 1 and killed[0] not in _actor_pids()  # it died, and the runtime is gone
    assert ray_result["analyses"] == local["analyses"]
    assert ray_result["incidents"] == local["incidents"]
    assert len(ray_result["logged"]) == DOCS and set(ray_result["logged"].values()) == {1}  # no duplicates
    _verified(store)
