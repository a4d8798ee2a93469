"""`python -m wartrace.evaluation.run NAME ...` runs the named evaluation modules in one process. Each
module's main() may parse the command line itself (perpetrators, linking_product do): it must see its own
empty command line, not the module names, and a module that exits must fail alone while the rest run."""
from __future__ import annotations

import argparse
import sys
import types

from wartrace.evaluation.run import run_modules


def _module(monkeypatch, name: str, main) -> None:
    mod = types.ModuleType(f"wartrace.evaluation.{name}")
    mod.main = main
    monkeypatch.setitem(sys.modules, mod.__name__, mod)


def test_named_modules_parse_their_own_command_line_and_an_exit_fails_only_its_module(monkeypatch):
    ran = []

    def parses_argv():
        ap = argparse.ArgumentParser()
        ap.add_argument("--limit", type=int)
        ran.append(("parses", ap.parse_args().limit))

    def exits():
        ran.append(("exits", None))
        sys.exit(3)

    _module(monkeypatch, "fake_parses", parses_argv)
    _module(monkeypatch, "fake_exits", exits)
    monkeypatch.setattr(sys, "argv", ["run.py", "fake_parses", "fake_exits", "fake_parses"])
    status = run_modules(["fake_parses", "fake_exits", "fake_parses"], "eval")
    assert ran == [("parses", None), ("exits", None), ("parses", None)]
    assert status == 1 and sys.argv == ["run.py", "fake_parses", "fake_exits", "fake_parses"]
