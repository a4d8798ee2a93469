"""Build the trained artefacts the product ships, and check them.

    python -m wartrace.training build [NAME ...] [--out DIR]   # all shipped artefacts by default (`make model`)
    python -m wartrace.training check [--out DIR]              # no artefact stores training text

`--out DIR` builds into another folder (with its own hashes.yaml), which is how a test compares a
rebuild with the committed artefacts without touching them.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from wartrace.training import cue_proposer, cue_scorer, event_gate, events, hedges, provenance
from wartrace.training.leakage import leaked_sentences

BUILDERS = {"events-classifier": events.build, "event-gate": event_gate.build, "cue-scorer": cue_scorer.build,
            "cue-proposer": cue_proposer.build, "hedge-sentences": hedges.build}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wartrace.training", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="train the shipped artefacts from the train splits")
    b.add_argument("names", nargs="*", choices=[[], *BUILDERS], default=[], metavar="NAME",
                   help=f"which to build ({', '.join(BUILDERS)}); all by default")
    b.add_argument("--out", type=Path, default=None, help="artefacts folder (default: the package's)")
    c = sub.add_parser("check", help="search each artefact's bytes for sentences of its training split")
    c.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    root = args.out or provenance.default_root()
    if args.cmd == "build":
        for name in args.names or list(BUILDERS):
            t0 = time.perf_counter()
            folder = BUILDERS[name](root)
            files = json.loads((folder / provenance.PROVENANCE).read_text())["files"]
            summary = ", ".join(f"{rel} {f['bytes']} bytes sha256 {f['sha256'][:12]}…" for rel, f in files.items())
            print(f"{name}: {summary} ({time.perf_counter() - t0:.0f} s)")
        return 0
    found = leaked_sentences(root)
    for name, hits in found.items():
        for sentence in hits[:5]:
            print(f"{name}: stores training text: {sentence[:80]!r}")
    print("no artefact stores training text" if not found else f"{sum(map(len, found.values()))} leaks")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
