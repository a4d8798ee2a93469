"""The product's "no ACLED event" figures on the gate's tuning thirds, out of fold, and their misses.

    python -m wartrace.training.gate_tuning [--misses] [--gate-off] [--threshold T]

What the held-out evaluation (wartrace.evaluation.event_gate) scores, but on the two thirds the gate is
fitted on (training_rows: never the held-out third, never CASE dev), so that product rules (genres,
modality, anchoring) can be chosen and their errors read without looking at the held-out rows. Each
row is scored by the product with a gate fitted on the other folds of the same grouped 5-fold split
the gate's cross-validation uses (training.event_gate.cross_validate), with the shipped gate's C and
threshold. The fold gates are cached under $WARTRACE_CACHE (they depend only on the rows and features).
`--misses` prints each tuning-side row the product gets wrong, with the events it lists; `--threshold`
scores the fold gates at another threshold (component_config events.gate_threshold), as the product's
threshold is chosen (analysis/events/component.py, EventsConfig.gate_threshold).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from wartrace.analysis.event_gate import GATE_FILE, load_gate
from wartrace.analysis.gazetteer import cache_dir
from wartrace.evaluation.event_gate import non_event_scores, product_events
from wartrace.training.event_gate import FOLDS, Features, all_rows, fit, group_of, input_fingerprint, vocabulary_of


def fold_gates(rows) -> list[tuple[Path, np.ndarray]]:
    """(the fold's gate folder, the indices of its held-out rows) for each fold."""
    from sklearn.model_selection import GroupKFold

    shipped = load_gate("default")
    c, threshold = shipped.meta["C"], shipped.meta["threshold"]
    key = hashlib.sha256(f"{input_fingerprint()}\n{c}\n{threshold}".encode()).hexdigest()[:16]
    root = cache_dir() / "gate-folds" / key
    groups = [group_of(r) for r in rows]
    splits = list(GroupKFold(FOLDS).split(np.zeros(len(rows)), np.zeros(len(rows)), groups))
    f = None
    out = []
    for k, (tr, te) in enumerate(splits):
        folder = root / str(k)
        if not (folder / GATE_FILE).exists():
            f = f or Features(rows)
            words, idf = vocabulary_of([f.terms[i] for i in tr])
            model = fit(f.matrix(tr, {w: i for i, w in enumerate(words)}, idf), f.y[tr], c)
            folder.mkdir(parents=True, exist_ok=True)
            np.savez(folder / GATE_FILE, coef=model.coef_[0].astype(np.float32),
                     intercept=np.array(model.intercept_[0], dtype=np.float32),
                     threshold=np.array(threshold, dtype=np.float32),
                     meta=np.array(json.dumps({"C": c, "threshold": threshold, "fold": k})),
                     vocabulary=np.array(words), idf=idf)
        out.append((folder, te))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wartrace.training.gate_tuning")
    ap.add_argument("--misses", action="store_true", help="print each tuning-side row the product gets wrong")
    ap.add_argument("--gate-off", action="store_true", help="the product with no gate (the rules alone)")
    ap.add_argument("--threshold", type=float, default=None,
                    help="the gate's threshold on P(event) (default: the product's, EventsConfig.gate_threshold)")
    args = ap.parse_args(argv)
    rows = all_rows()
    scored = [i for i, r in enumerate(rows) if r.source != "examples"]  # the tuning thirds
    events: dict[int, list] = {}
    for folder, te in fold_gates(rows):
        part = [i for i in te if rows[i].source != "examples"]
        for i, ev in zip(part, product_events([rows[i] for i in part], "off" if args.gate_off else str(folder),
                                                None if args.gate_off else args.threshold)):
            events[i] = ev
    for name in ("all", "CASE train", "corpus"):
        sel = [i for i in scored if name == "all" or rows[i].source == name]
        s = non_event_scores([rows[i].is_event for i in sel], [bool(events[i]) for i in sel])
        print(f"tuning thirds, out of fold, {name}: {s['non_events']} non-events, {s['events']} events: non-event "
              f"P {s['precision']:.3f} R {s['recall']:.3f}, event recall {s['event_recall']:.3f}", flush=True)
    if args.misses:
        for i in scored:
            r = rows[i]
            if r.is_event != bool(events[i]):
                found = "; ".join(f"{e.sub_event_type} '{e.trigger.text}' {e.modality}" for e in events[i])
                print(f"\n{'MISSED EVENT' if r.is_event else 'FALSE EVENT'} {r.key} [{r.start}:{r.end}] "
                      f"{found}\n  {' '.join(r.text.split())[:400]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
