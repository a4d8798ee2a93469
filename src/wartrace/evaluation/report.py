"""Write one named section of docs/EVALUATION.md, leaving the other sections alone.

Each evaluation or benchmark owns a block between markers:
    <!-- section:NAME -->
    ...
    <!-- /section:NAME -->
so `make eval` and `make bench` can each update their own figures.
"""
from __future__ import annotations

import os
import platform
import re
import subprocess
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from wartrace.analysis.artefacts import ArtefactError, recorded_hashes

REPO = Path(__file__).resolve().parents[3]
DEFAULT_REPORT = REPO / "docs" / "EVALUATION.md"
HEADER = "# wartrace: evaluation and benchmarks\n\nFigures written by `make eval` and `make bench`; each section says how it was produced.\n"


def eval_dir() -> Path:
    """The shared evaluation data (never copied into the repository)."""
    env = os.environ.get("WARTRACE_EVAL_DIR")
    return Path(env) if env else REPO.parent / "shared" / "eval"


def machine_line() -> str:
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=5).stdout.strip()
    except Exception:  # noqa: BLE001
        commit = "?"
    return (f"_Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC at commit {commit or '?'}, "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}._")


@lru_cache(maxsize=1)
def artefacts_line() -> str:
    """The shipped trained artefacts every figure was produced with, by the SHA-256 their loader checks.
    Read once per process (run.py reads it before the first evaluation starts), so a run that spans a
    rebuild names the artefacts it loaded, not the ones on disk when it ends."""

    try:
        table_ = recorded_hashes()
    except ArtefactError as exc:
        return f"_Shipped artefacts: none ({exc})._"
    parts = [f"{name} `{rel}` sha256 `{sha[:16]}`" for name, files in sorted(table_.items())
             for rel, sha in sorted(files.items()) if not rel.endswith("meta.json")]
    return "_Shipped artefacts (src/wartrace/artefacts): " + "; ".join(parts) + "._"


def write_section(name: str, markdown: str, report: Path | None = None) -> Path:
    report = Path(os.environ.get("WARTRACE_REPORT", report or DEFAULT_REPORT))
    report.parent.mkdir(parents=True, exist_ok=True)
    current = report.read_text(encoding="utf-8") if report.exists() else HEADER
    block = (f"<!-- section:{name} -->\n{markdown.rstrip()}\n\n{machine_line()}\n{artefacts_line()}\n"
             f"<!-- /section:{name} -->")
    pattern = re.compile(rf"<!-- section:{re.escape(name)} -->.*?<!-- /section:{re.escape(name)} -->", re.S)
    if pattern.search(current):
        current = pattern.sub(lambda _m: block, current)
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    report.write_text(current, encoding="utf-8")
    return report


def table(headers: list[str], rows: list[list]) -> str:
    def fmt(v):
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(fmt(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)
