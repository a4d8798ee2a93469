"""Events per document on the 487 war_news_2022_2024 articles, and what reading 20 of them found.

    python -m wartrace.evaluation.events_per_doc [--no-write]

Each article is analysed as `wartrace extract` would (its language detected as capture does), and
the events the product lists are counted. The before figure is the same count made with the code
before issue 18's changes (commit 1650594^, `git worktree add` of it, the same script), recorded in
data/events/read_by_hand.yaml beside the reading: an engineer read 20 articles chosen at random (seed
18) among those with events, and for each listed event judged whether it is a real event of the text,
a duplicate of another listed event (the same happening), and whether its actor1 is right.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter

from wartrace.analysis.pipeline import analyse_batch
from wartrace.analysis.resources import Resources
from wartrace.capture.language import detect_language
from wartrace.config import load_yaml
from wartrace.evaluation.report import eval_dir, table, write_section
from wartrace.model import Document

READING = "events/read_by_hand.yaml"


def articles() -> list[dict]:
    with open(eval_dir() / "corpus" / "war_news_2022_2024.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def count_events() -> tuple[Counter, Counter, int]:
    """Events per language, documents per language, and documents with at least one event."""

    rows = articles()
    docs = [Document(id=r["id"], text=r["text"], language=detect_language(r["text"]),
                     published=(r.get("published") or "")[:10] or None) for r in rows]
    resources = Resources()
    events, per_lang, with_events = Counter(), Counter(), 0
    for k in range(0, len(docs), 32):
        for d, a in zip(docs[k:k + 32], analyse_batch(docs[k:k + 32], resources)):
            events[d.language] += len(a.events)
            per_lang[d.language] += 1
            with_events += bool(a.events)
    return events, per_lang, with_events


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wartrace.evaluation.events_per_doc")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv if argv is not None else [])
    reading = load_yaml(READING)
    before = reading["before"]
    events, per_lang, with_events = count_events()
    n = sum(per_lang.values())
    rows = [["before issue 18 (commit 1650594^)", before["documents"], before["events"],
             round(before["events"] / before["documents"], 2), before["documents_with_events"]],
            ["now", n, sum(events.values()), round(sum(events.values()) / n, 2), with_events]]
    read = reading["articles"]
    listed = sum(a["events_listed"] for a in read)
    md = ["## Events per document (war_news_2022_2024, 487 articles)", "",
          "`python -m wartrace.evaluation.events_per_doc`: every article analysed as `wartrace extract` would "
          f"(languages detected: {', '.join(f'{k} {v}' for k, v in sorted(per_lang.items()))}); the before row is "
          "the same count made on the code before issue 18 (one event per trigger, no gate, no merging).", "",
          table(["code", "documents", "events", "events/document", "documents with events"], rows), "",
          f"### {len(read)} articles read by hand", "",
          f"{reading['how']} The reading was made on the events listed at commit {reading['read_at']} (the gate's "
          "first version), not on this run's, so it shows the kinds of error rather than today's counts.", "",
          table(["events listed", "real events", "duplicates (same happening listed again)", "not an event",
                 "actor1 wrong", "happenings the text reports", "happenings missed"],
                [[listed, sum(a["real"] for a in read), sum(a["duplicates"] for a in read),
                  sum(a["not_events"] for a in read), sum(a["actor1_wrong"] for a in read),
                  sum(a["happenings"] for a in read), sum(a["missed"] for a in read)]])]
    text = "\n".join(md)
    print(text)
    if not args.no_write:
        write_section("events-per-document", text)
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
