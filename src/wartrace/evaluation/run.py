"""`make eval`: run every accuracy evaluation and write docs/EVALUATION.md.

Each module's main() writes its own section. One that fails is reported and the rest go on;
the command exits 1 if any failed, so a broken evaluation is never silently skipped.
"""
from __future__ import annotations

import importlib
import sys
import time
import traceback

from wartrace.evaluation.report import artefacts_line

EVALUATIONS = ["geo", "attribution", "attribution_product", "hedges", "events", "event_gate", "events_per_doc", "perpetrators",
               "linking", "linking_product", "ru_uk"]


def run_modules(names: list[str], label: str, known: list[str] | None = None) -> int:
    """Run `wartrace.evaluation.<name>.main()` for each name; exit status 1 if any failed."""
    known = known or names
    unknown = [n for n in names if n not in known]
    if unknown:  # "--help" or a typo: say what can be run rather than fail on an import
        print(f"usage: python -m wartrace.evaluation.{'run' if label == 'eval' else label} [{' '.join(known)}]\n"
              f"Runs the named {label} modules (all of them by default); each writes its section of "
              "docs/EVALUATION.md." + (f"\nunknown: {' '.join(unknown)}" if unknown != ["--help"] and unknown != ["-h"] else ""))
        return 0 if unknown in (["--help"], ["-h"]) else 2
    artefacts_line()  # the artefacts this run loads, named in every section it writes
    failed = []
    for name in names:
        t0 = time.time()
        print(f"== {label} {name}", flush=True)
        # each module's main() may parse the command line: give it its own (empty) one, not the
        # list of module names this run was given, and let a module's exit fail it alone
        argv, sys.argv = sys.argv, [f"wartrace.evaluation.{name}"]
        try:
            importlib.import_module(f"wartrace.evaluation.{name}").main()
        except (Exception, SystemExit) as exc:  # noqa: BLE001
            if not (isinstance(exc, SystemExit) and exc.code in (0, None)):
                traceback.print_exc()
                failed.append(name)
        finally:
            sys.argv = argv
        print(f"== {label} {name}: {'FAILED' if name in failed else 'done'} in {time.time() - t0:.0f} s", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


def main(names: list[str] | None = None) -> int:
    return run_modules(names or EVALUATIONS, "eval", EVALUATIONS)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or None))
