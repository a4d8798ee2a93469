"""analyse_pending: the same results in this process and in a local process pool."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from wartrace.capture.service import capture_paths
from wartrace.store.db import Store
from wartrace.store.models import AnalysisRow, CustodyRow
from wartrace.workflow import analyse_pending

TEXTS = [
    "Russian artillery shelled Kharkiv on Monday, killing three civilians, the governor said.",
    "A drone struck an oil depot in Belgorod overnight, Russian officials said.",
    "Ukrainian forces said they had retaken the village of Klishchiivka near Bakhmut.",
    "Protesters gathered in Tbilisi against the foreign agents law, police said.",
]


def _store_with(tmp_path, name, seed_path):
    folder = tmp_path / name
    folder.mkdir()
    for i, t in enumerate(TEXTS):
        (folder / f"t{i}.txt").write_text(f"date 2023-05-0{i + 1}\n{t}")
    (folder / "seed.txt").write_bytes(seed_path.read_bytes())
    store = Store(f"sqlite:///{folder}/w.db")
    assert not capture_paths(store, [str(folder)]).failed
    return store


@pytest.mark.slow
def test_process_pool_matches_single_process(tmp_path, seed_path):
    one = _store_with(tmp_path, "one", seed_path)
    two = _store_with(tmp_path, "two", seed_path)
    assert analyse_pending(one, batch=2) == 5
    assert analyse_pending(two, batch=2, workers=2) == 5
    results = []
    for store in (one, two):
        with store.session() as s:
            rows = {r.document_id: r.result for r in s.scalars(select(AnalysisRow))}
            actions = [e.action for e in s.scalars(select(CustodyRow).order_by(CustodyRow.seq))]
        results.append(rows)
        assert actions.count("analyse") == 5
    assert results[0] == results[1]
    seed = next(r for r in results[0].values() if any(p["name"] == "Popasna" for p in r["places"]))
    assert seed["claims"] and seed["events"]
    assert analyse_pending(two, workers=2) == 0  # nothing left: a re-run does no work


def test_a_batch_delivered_twice_writes_each_analysis_once(tmp_path, seed_path):
    """An engine may deliver a retried batch again: the write skips what is already analysed."""
    from wartrace.model import Analysis
    from wartrace.store.analyses import save_new_analyses, unanalysed_ids
    from wartrace.store.documents import get_documents
    from wartrace.store.verify import verify_store

    store = _store_with(tmp_path, "twice", seed_path)
    with store.session() as s:
        docs = get_documents(s, unanalysed_ids(s))
    assert len(docs) == 5
    first = [Analysis(document=d) for d in docs[:3]]
    with store.session() as s:
        assert save_new_analyses(s, first, ["places"]) == 3
        s.commit()
    with store.session() as s:  # the same batch again, plus one new document
        assert save_new_analyses(s, first + [Analysis(document=docs[3])], ["places"]) == 1
        s.commit()
    with store.session() as s:
        actions = [e.action for e in s.scalars(select(CustodyRow))]
        assert len(unanalysed_ids(s)) == 1
    assert actions.count("analyse") == 4
    assert verify_store(store).ok
