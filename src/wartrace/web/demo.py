"""Demo data for the workbench (tests, screenshots): capture, analyse, link, as `wartrace link` does.

    python -m wartrace.web.demo sqlite:///var/demo/wartrace.db samples/ more.jsonl
"""
from __future__ import annotations

import sys
from typing import Iterable

from sqlalchemy import func, select

from wartrace.capture.service import capture_paths, iter_inputs
from wartrace.store.db import Store
from wartrace.store.models import IncidentRow
from wartrace.workflow import analyse_pending, link_pending


def capture_and_analyse(store: Store, paths: Iterable[str], actor: str = "demo", resources=None) -> dict:
    result = capture_paths(store, list(iter_inputs(paths)), None, None, actor=actor)
    analysed = analyse_pending(store, resources, actor=actor)
    return {"captured": len(result.captured), "failed": result.failed, "analysed": analysed}


def link(store: Store, resources=None) -> str:
    """Fill the incident tables with the store's linker; returns which linker ran."""
    link_pending(store, resources, actor="demo")
    return "wartrace.workflow.link_pending"


def incident_count(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(IncidentRow)) or 0


def main(argv: list[str] | None = None) -> None:
    argv = argv or sys.argv[1:]
    store = Store(argv[0])
    print(capture_and_analyse(store, argv[1:]))
    print("linked by", link(store), "->", incident_count(store), "incidents")


if __name__ == "__main__":
    main()
