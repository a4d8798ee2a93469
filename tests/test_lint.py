"""ruff runs with the rules in pyproject.toml ([tool.ruff]) over src/ and tests/, as part of the test suite:
pyflakes, pycodestyle, import order, bugbear, and no importing the project's _private names from outside
it (PLC2701). ruff counts every module of the wartrace package as one package's own, so the same rule
inside src/ is tests/test_layers.py's `test_no_private_names_imported_across_modules`."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ruff(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", *args], cwd=ROOT,
                          input=stdin, capture_output=True, text=True, timeout=120)


def test_ruff_finds_nothing_in_src_and_tests():
    done = ruff("src", "tests")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_refuses_a_private_name_imported_from_another_module():
    """The configured rules do fire: a made-up test importing a private helper is refused."""
    done = ruff("--stdin-filename", "tests/test_made_up.py", "-",
                stdin="from wartrace.analysis.claims import _is_claim_cue\n\nprint(_is_claim_cue)\n")
    assert done.returncode == 1 and "import-private-name" in done.stdout, done.stdout + done.stderr
