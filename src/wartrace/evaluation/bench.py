"""`make bench`: throughput and latency figures into docs/EVALUATION.md.

Speed is quoted against baselines run in the same process, since these machines are noisy.
"""
from __future__ import annotations

import sys

from wartrace.evaluation.run import run_modules

BENCHES = ["throughput", "throughput_ru_uk", "asr", "linking_scale", "web_bench"]


def main(names: list[str] | None = None) -> int:
    return run_modules(names or BENCHES, "bench", BENCHES)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or None))
