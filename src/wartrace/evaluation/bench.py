"""`make bench`: throughput and latency figures into docs/EVALUATION.md.

Speed is quoted against baselines run in the same process, since these machines are noisy.
"""
from __future__ import annotations

import importlib
import sys
import time
import traceback

BENCHES = ["throughput", "asr", "linking_scale", "web_bench"]


def main(names: list[str] | None = None) -> int:
    failed = []
    for name in names or BENCHES:
        t0 = time.time()
        print(f"== bench {name}", flush=True)
        try:
            importlib.import_module(f"wartrace.evaluation.{name}").main()
        except Exception:  # noqa: BLE001
            traceback.print_exc()
            failed.append(name)
        print(f"== bench {name}: {'FAILED' if name in failed else 'done'} in {time.time() - t0:.0f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or None))
