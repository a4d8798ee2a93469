"""Score one batch of tests/data/ru_uk_dev.yaml (or all dev rows) with wartrace.evaluation.ru_uk.score_row,
never reading held-out rows outside the batch asked for: a dev-only check for a round of rules.

    python scripts/ru_uk_batch_score.py --batch 9 [--misses]
    python scripts/ru_uk_batch_score.py --dev [--misses]     # every row whose split is "dev"
"""
from __future__ import annotations

import argparse
import json

from wartrace.api import analyse
from wartrace.evaluation.ru_uk import MEASURES, load_rows, score_row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int)
    ap.add_argument("--dev", action="store_true")
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--json", help="write per-row hits here")
    a = ap.parse_args()
    if a.batch is None and not a.dev:
        ap.error("--batch N or --dev")
    rows = [r for r in load_rows() if (a.dev and r["split"] == "dev") or (a.batch is not None and r.get("batch") == a.batch)]
    totals: dict[str, list[int]] = {}
    per_row = {}
    for r in rows:
        out = analyse(r["text"]).to_dict()
        got = score_row(r, out)
        per_row[r["id"]] = got
        for m, (h, n) in got.items():
            totals.setdefault(m, [0, 0])
            totals[m][0] += h
            totals[m][1] += n
        if a.misses and any(h < n for h, n in got.values()):
            sides = [(e["event_type"], (e.get("actors") or {}).get("actor1")) for e in out.get("events", [])]
            print(r["id"], sorted(m for m, (h, n) in got.items() if h < n), r["event_type"], r["perpetrator_side"],
                  sides, r["text"])
    print(f"{len(rows)} rows")
    for m in MEASURES:
        h, n = totals.get(m, [0, 0])
        print(f"{m}: {h / n:.3f} ({h}/{n})" if n else f"{m}: –")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(per_row, f)


if __name__ == "__main__":
    main()
