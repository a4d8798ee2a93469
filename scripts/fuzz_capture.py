"""Coverage-guided fuzzing of the capture readers with Atheris (a long session, not CI).

Each input goes through `read_item` under a name that picks one reader; the only allowed
outcomes are an Item or BadInput with a one-line reason. Anything else (another exception,
a hang past -timeout, memory past -rss_limit_mb) is a finding that libFuzzer saves as
crash-*/timeout-*/oom-* in the working folder.

    pip install atheris==3.0.0
    python scripts/fuzz_capture.py jsonl -max_total_time=600 -rss_limit_mb=2048 -timeout=20
    (readers: text html feed jsonl jsonl.gz csv pdf)
"""
from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["wartrace"]):
    from wartrace.capture.dispatch import read_item
    from wartrace.capture.errors import BadInput

NAMES = {"text": "f.txt", "html": "f.html", "feed": "f.rss", "jsonl": "f.jsonl", "jsonl.gz": "f.jsonl.gz",
         "csv": "f.csv", "pdf": "f.pdf"}


def main() -> None:
    reader = sys.argv.pop(1)
    name = NAMES[reader]

    def one_input(data: bytes) -> None:
        try:
            item = read_item(name, data, {}, {"max_inflated": 4 << 20})
        except BadInput as exc:
            if not exc.reason or "\n" in exc.reason:
                raise AssertionError(f"bad-input reason is not one line: {exc.reason!r}") from None
            return
        if not isinstance(item.text, str) or any("\n" in r for _, r in item.errors):
            raise AssertionError("reader returned a malformed item")

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
