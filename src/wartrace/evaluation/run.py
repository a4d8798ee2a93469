"""`make eval`: run every accuracy evaluation and write docs/EVALUATION.md.

Each module's main() writes its own section. One that fails is reported and the rest go on;
the command exits 1 if any failed, so a broken evaluation is never silently skipped.
"""
from __future__ import annotations

import importlib
import sys
import time
import traceback

EVALUATIONS = ["geo", "attribution", "hedges", "events", "linking"]


def main(names: list[str] | None = None) -> int:
    failed = []
    for name in names or EVALUATIONS:
        t0 = time.time()
        print(f"== eval {name}", flush=True)
        try:
            importlib.import_module(f"wartrace.evaluation.{name}").main()
        except Exception:  # noqa: BLE001
            traceback.print_exc()
            failed.append(name)
        print(f"== eval {name}: {'FAILED' if name in failed else 'done'} in {time.time() - t0:.0f} s", flush=True)
    if failed:
        print("failed evaluations: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or None))
