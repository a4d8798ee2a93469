"""`wartrace analyse` / `link` engine options: a wrong choice is one clear line, exit 2, nothing run."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

import wartrace.cli_link  # noqa: F401 - registers analyse and link on the app
from wartrace.cli import app


@pytest.mark.parametrize("args, message", [
    (["--engine", "spark"], "unknown engine 'spark'"),
    (["--ray-address", "ray://head:10001"], "--ray-address needs --engine ray"),
    (["--engine", "ray", "--actors", "0"], "--actors and --batch-size must be at least 1"),
    (["--engine", "ray", "--batch-size", "0"], "--actors and --batch-size must be at least 1"),
])
@pytest.mark.parametrize("verb", ["analyse", "link"])
def test_bad_engine_options_are_refused(tmp_path, verb, args, message):
    db = tmp_path / "w.db"
    res = CliRunner().invoke(app, ["--db", f"sqlite:///{db}", verb, *args])
    assert res.exit_code == 2, res.output
    assert message in res.output
    assert not db.exists()  # refused before the store is opened


def test_analyse_with_nothing_to_do_says_so(tmp_path):
    res = CliRunner().invoke(app, ["--db", f"sqlite:///{tmp_path}/w.db", "analyse", "--json"])
    assert res.exit_code == 0, res.output
    assert '"analysed": 0' in res.output
