"""Linking through the store: capture → analyse → link incrementally → review → re-link."""
from __future__ import annotations

import json

import pytest
import yaml
from sqlalchemy import select
from tests.test_linking import FIXTURES, configured_components


def write_texts(folder, name: str) -> list:
    data = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))
    paths = []
    for i, d in enumerate(data["documents"]):
        p = folder / f"{name}-{i}.txt"
        p.write_text(f"date {d['published']}\n{d['text']}", encoding="utf-8")
        paths.append(str(p))
    return paths


@pytest.fixture(scope="module")
def store(tmp_path_factory, resources):
    from wartrace.analysis.pipeline import AnalysisConfig
    from wartrace.capture.service import capture_paths
    from wartrace.store.db import Store
    from wartrace.workflow import analyse_pending

    root = tmp_path_factory.mktemp("linkstore")
    st = Store(f"sqlite:///{root / 'w.db'}")
    inputs = root / "in"
    inputs.mkdir()
    capture_paths(st, write_texts(inputs, "two_cities") + write_texts(inputs, "sbu_agent")[:4])
    analyse_pending(st, resources, AnalysisConfig.current(configured_components()))
    return st, inputs


def test_link_then_attach_new_documents_incrementally(store, resources):
    from wartrace.analysis.pipeline import AnalysisConfig
    from wartrace.capture.service import capture_paths
    from wartrace.store.incidents import list_incidents
    from wartrace.workflow import analyse_pending, link_pending

    st, inputs = store
    first = link_pending(st, resources)
    assert first.items_new >= 6 and first.incidents_total == 3
    with st.session() as s:
        before = {d["id"]: d for d in list_incidents(s)}
    sbu = max(before.values(), key=lambda d: len(d["documents"]))
    assert len(sbu["documents"]) == 4
    # A fifth outlet arrives: it joins the stored incident; the others are not touched.
    capture_paths(st, write_texts(inputs, "sbu_agent")[4:])
    analyse_pending(st, resources, AnalysisConfig.current(configured_components()))
    second = link_pending(st, resources)
    assert second.incidents_touched == [sbu["id"]]
    with st.session() as s:
        after = {d["id"]: d for d in list_incidents(s)}
    assert set(after) == set(before)
    assert len(after[sbu["id"]]["documents"]) == 5
    # Nothing new: nothing touched.
    assert link_pending(st, resources).incidents_touched == []
    # The spec's keys are all there, and the array is JSON.
    for d in after.values():
        assert {"id", "documents", "events", "independent_origins", "status"} <= set(d)
    json.dumps(list(after.values()))


def test_reviewer_status_override_and_split_survive_relinking(store, resources):
    from wartrace import reviewing
    from wartrace.store.custody import entries_for
    from wartrace.store.incidents import list_incidents
    from wartrace.store.models import LinkConstraintRow
    from wartrace.workflow import link_pending, relink_all

    st, _ = store
    link_pending(st, resources)
    with st.session() as s:
        sbu = max(list_incidents(s), key=lambda d: len(d["documents"]))
    reviewing.set_status(st, sbu["id"], "disputed", actor="ana", reason="the detainee's lawyer contests it")
    one_doc = sbu["documents"][-1]
    rest = [d for d in sbu["documents"] if d != one_doc]
    parts = reviewing.split(st, sbu["id"], [[one_doc], rest], actor="ana", reason="a different detention",
                            resources=resources)
    assert parts[1] == sbu["id"] and parts[0] != sbu["id"]
    relink_all(st, resources)
    with st.session() as s:
        incidents = {d["id"]: d for d in list_incidents(s)}
        assert len(incidents) == 4
        kept = incidents[sbu["id"]]
        assert one_doc not in kept["documents"] and set(rest) <= set(kept["documents"])
        assert kept["status"] == "disputed" and kept["suggested_status"] != "disputed"
        assert s.scalars(select(LinkConstraintRow)).all()
        actions = [e.action for e in entries_for(s, sbu["id"])]
        assert "review_status" in actions and "review_split" in actions and "link" in actions
    (decision,) = [d for d in reviewing.decisions(st, sbu["id"]) if d["active"]]
    # Undoing the split brings the document back.
    reviewing.revoke(st, decision["id"], actor="ben", reason="same detention after all", resources=resources)
    relink_all(st, resources)
    with st.session() as s:
        incidents = {d["id"]: d for d in list_incidents(s)}
        assert len(incidents) == 3 and one_doc in incidents[sbu["id"]]["documents"]
    assert not any(d["active"] for d in reviewing.decisions(st, sbu["id"]))


def test_cli_review_needs_a_reason_and_logs_like_the_workbench(store, resources):
    """The CLI calls the reviewer service the workbench calls: same reviews row, same custody format."""
    from typer.testing import CliRunner

    from wartrace import cli, reviewing
    from wartrace.store.custody import entries_for
    from wartrace.store.incidents import list_incidents
    from wartrace.store.models import IncidentRow
    from wartrace.store.review import incident_sha
    from wartrace.workflow import link_pending, relink_all

    st, _ = store
    link_pending(st, resources)
    cli.load_area_commands()
    runner = CliRunner()
    with st.session() as s:
        small, big = sorted(list_incidents(s), key=lambda d: len(d["documents"]))[-2:]
    no_reason = runner.invoke(cli.app, ["--db", st.url, "incident-status", big["id"], "verified", "--reviewer", "ana",
                                        "--reason", "  "])
    assert no_reason.exit_code == 1 and "a reason is required" in no_reason.stderr, no_reason.output
    unknown = runner.invoke(cli.app, ["--db", st.url, "incident-status", "inc-nope", "verified", "--reviewer", "ana",
                                      "--reason", "x"])
    assert unknown.exit_code == 1 and "no incident inc-nope" in unknown.stderr, unknown.output
    ok = runner.invoke(cli.app, ["--db", st.url, "incident-status", big["id"], "verified", "--reviewer", "ana",
                                 "--reason", "court file"])
    assert ok.exit_code == 0, ok.output
    with st.session() as s:
        row = s.get(IncidentRow, big["id"])
        last = entries_for(s, big["id"])[-1]
        assert row.status == "verified" and last.action == "review_status"
        assert last.object_sha == incident_sha(row)
        assert last.detail == {"review": "status", "field": "status", "old": big["status"], "new": "verified",
                               "reason": "court file", "suggested_status": row.suggested_status}
    merged = runner.invoke(cli.app, ["--db", st.url, "incident-merge", small["id"], big["id"], "--reviewer", "ana",
                                     "--reason", "one detention"])
    assert merged.exit_code == 0, merged.output
    with st.session() as s:
        (inc,) = [d for d in list_incidents(s) if set(big["documents"]) <= set(d["documents"])]
        assert set(small["documents"]) <= set(inc["documents"])
        entry = entries_for(s, inc["id"])[-1]
        assert entry.action == "review_merge" and entry.detail["reason"] == "one detention"
        assert entry.object_sha == incident_sha(s.get(IncidentRow, inc["id"]))
    decisions = runner.invoke(cli.app, ["--db", st.url, "incident-decisions", inc["id"]])
    decision = next(line.split()[1] for line in decisions.stdout.splitlines() if line.startswith("active"))
    revoked = runner.invoke(cli.app, ["--db", st.url, "incident-revoke", decision, "--reviewer", "ben",
                                      "--reason", "two detentions after all"])
    assert revoked.exit_code == 0, revoked.output
    relink_all(st, resources)
    with st.session() as s:
        assert not any(set(small["documents"]) | set(big["documents"]) <= set(d["documents"])
                       for d in list_incidents(s))
    # One --group splits it off from the rest of the incident. The full re-link above need not rebuild the
    # incremental run's incidents id for id, so the incident to split is found by its contents.
    with st.session() as s:
        target = max(list_incidents(s), key=lambda d: (len(d["documents"]), d["id"]))
    assert len(target["documents"]) >= 2, "the re-link left no incident of two reports to split"
    one = target["documents"][0]
    split = runner.invoke(cli.app, ["--db", st.url, "incident-split", target["id"], "--group", one,
                                    "--reviewer", "ana", "--reason", "another day"])
    assert split.exit_code == 0, split.output
    with st.session() as s:
        holding = [d for d in list_incidents(s) if one in d["documents"]]
        assert len(holding) == 1 and not set(holding[0]["documents"]) & (set(target["documents"]) - {one})
        assert [e.action for e in entries_for(s, holding[0]["id"])][-1] == "review_split"
    # Leave the shared store as the linker made it for the next test. (Whether the split's decision is listed
    # as active here depends on the tests before it in this module: left open, see the session's note.)
    for decision in [d for d in reviewing.decisions(st) if d["active"]]:
        reviewing.revoke(st, decision["id"], actor="ana", reason="same day after all", resources=resources)
    relink_all(st, resources)


def test_the_store_only_persists():
    """Linking runs are orchestrated in workflow.py; the store neither links nor loads models."""
    import ast
    from pathlib import Path

    import wartrace.store as store_pkg

    for path in Path(store_pkg.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert not names & {"link_pending", "relink_all", "merge_incidents", "split_incident", "revoke_decision"}, path
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not {m for m in imported if m.startswith(("wartrace.workflow", "wartrace.analysis"))}, path


def test_reviewer_corrections_survive_relinking(store, resources):
    """A re-link recomputes place, date and actors from the reports; a reviewer's correction stays."""
    from wartrace.store.incidents import list_incidents
    from wartrace.store.models import IncidentRow
    from wartrace.store.review import correct
    from wartrace.workflow import link_pending, relink_all

    st, _ = store
    link_pending(st, resources)
    with st.session() as s:
        inc = max(list_incidents(s), key=lambda d: len(d["documents"]))
        computed = s.get(IncidentRow, inc["id"]).place
        correct(s, inc["id"], "place", {"place": "Pre-trial detention centre, Kyiv", "lat": "50.45", "lon": "30.52",
                                        "feature": "facility"}, actor="ana", reason="the court file names it")
        correct(s, inc["id"], "date", {"start": "2022-05-02", "end": "2022-05-03"}, actor="ana", reason="court file")
        s.commit()
    relink_all(st, resources)
    with st.session() as s:
        row = s.get(IncidentRow, inc["id"])
        assert (row.place, row.lat, row.lon, row.place_feature) == ("Pre-trial detention centre, Kyiv", 50.45, 30.52,
                                                                    "facility")
        assert (row.date_start, row.date_end, row.date_precision) == ("2022-05-02", "2022-05-03", "week")
        assert row.summary["corrected"] == ["date", "place"]
        assert row.place != computed


def test_cli_incidents_json_and_incident_report(store, resources, monkeypatch):
    from typer.testing import CliRunner

    from wartrace import cli
    from wartrace.workflow import link_pending

    st, _ = store
    link_pending(st, resources)
    cli.load_area_commands()
    runner = CliRunner()
    got = runner.invoke(cli.app, ["--db", st.url, "incidents", "--json"])
    assert got.exit_code == 0, got.output
    rows = json.loads(got.stdout)
    assert rows and all(isinstance(r["independent_origins"], int) for r in rows)
    target = max(rows, key=lambda r: len(r["documents"]))
    shown = runner.invoke(cli.app, ["--db", st.url, "incident", target["id"]])
    assert shown.exit_code == 0, shown.output
    assert "independent origin" in shown.stdout and "Who speaks to it" in shown.stdout
