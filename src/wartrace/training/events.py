"""Build the ACLED event classifier shipped in src/wartrace/artefacts/events-classifier/.

    python -m wartrace.training build events-classifier     # `make model` builds every artefact
    python -m wartrace.training.events cv                   # choose C by 5-fold CV on train.tsv

Trained on CASE-2021 shared task 2's train split (`$WARTRACE_EVAL_DIR/events/train.tsv`, never
dev) plus the labelled sentences written into the repository (data/events/examples.yaml).
Determinism: fixed inputs in a fixed order, lbfgs (no random state involved), float32 embeddings
rounded to 5 decimals before training, weights written as a zip with fixed timestamps.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

from wartrace.analysis.event_model import (
    ARTEFACT,
    CLASSIFIER_FILE,
    FEATURE_VERSION,
    TRIGGER_WEIGHT,
    C,
    acled_codes,
    input_fingerprint,
    light_nlp,
    repo_examples,
    taxonomy,
    text_features,
)
from wartrace.analysis.models import load_embedder
from wartrace.analysis.resources import configured_models
from wartrace.evaluation.report import eval_dir
from wartrace.training import provenance

TRAINING = {
    "data": ["CASE-2021 shared task 2 (Haneczok et al. 2021), train split: events/train.tsv of the shared "
             "evaluation data (519 rows: 40% of each ACLED class and every row of five non-ACLED classes); "
             "its dev split is never used",
             "src/wartrace/data/events/examples.yaml (sentences written for this repository)"],
    "licence": "CASE-2021 task 2 snippets: distributed by the shared task's organisers for research (Haneczok et "
               "al. 2021, ACL Anthology 2021.case-1.23); no licence is stated with the shared evaluation data. The "
               "artefact holds weights only (checked: python -m wartrace.training check). The repository's "
               "examples: MIT, as the code",
}


def train_path() -> Path:
    return eval_dir() / "events" / "train.tsv"


def case_rows(path: Path) -> list[tuple[str, str]]:
    """(text, label) from a CASE-2021 TSV; the non-ACLED classes become NONE."""
    tax = taxonomy()
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            label = row["case_label"].strip()
            if label in tax["not_acled"]:
                label = tax["none"]
            if label == tax["none"] or label in tax["classes"]:
                out.append((row["text"].strip(), label))
    return out


def training_rows(path: Path | None = None) -> list[tuple[str, str]]:
    path = path or train_path()
    if not path.exists():
        raise SystemExit(f"{path} not found: the event classifier is trained on the CASE-2021 train split of "
                         "the shared evaluation data (set WARTRACE_EVAL_DIR)")
    return repo_examples() + case_rows(path)


def fit(X: np.ndarray, y: list[str], c: float = C):
    from sklearn.linear_model import LogisticRegression

    # balanced weights: the training split is 40% of each class, so rare classes need the lift
    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced", random_state=0).fit(X, y)


def build(root: Path | None = None, embedder=None, path: Path | None = None) -> Path:
    root = root or provenance.default_root()
    rows = training_rows(path)
    if embedder is None:

        embedder = load_embedder(configured_models()["embeddings"])
    X = text_features([t for t, _ in rows], embedder, light_nlp(configured_models()["spacy"]))
    model = fit(X, [label for _, label in rows])
    meta = {"feature_version": FEATURE_VERSION, "inputs": input_fingerprint(), "n_examples": len(rows),
            "C": C, "trigger_weight": TRIGGER_WEIGHT}
    folder = root / ARTEFACT
    provenance.write_npz(folder / CLASSIFIER_FILE, {
        "coef": model.coef_.astype(np.float32), "intercept": model.intercept_.astype(np.float32),
        "classes": np.array([str(c) for c in model.classes_]),
        "meta": np.array(json.dumps(meta, sort_keys=True))})
    provenance.finish(folder, ARTEFACT, [CLASSIFIER_FILE],
                      dict(TRAINING, split="train", examples=len(rows), seeds="none needed (lbfgs, fixed order)"),
                      "make model (python -m wartrace.training build events-classifier)", root)
    return folder


def cross_validate(cs=(1.0, 2.0, 4.0, 10.0, 30.0), folds: int = 5) -> dict:
    """Pick C on the training split alone (stratified k-fold, weighted/macro F1 over ACLED classes)."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold


    embedder = load_embedder(configured_models()["embeddings"])
    rows, ex = case_rows(train_path()), repo_examples()
    nlp = light_nlp(configured_models()["spacy"])
    X = text_features([t for t, _ in rows], embedder, nlp)
    Xe = text_features([t for t, _ in ex], embedder, nlp)
    y, ye = np.array([label for _, label in rows]), [label for _, label in ex]
    acled = acled_codes()
    out = {}
    for c in cs:
        preds = np.empty(len(y), dtype=object)
        for tr, te in StratifiedKFold(folds, shuffle=True, random_state=0).split(X, y):
            preds[te] = fit(np.vstack([X[tr], Xe]), list(y[tr]) + ye, c).predict(X[te])
        mask = np.isin(y, acled)
        out[c] = (f1_score(y[mask], preds[mask], labels=acled, average="weighted"),
                  f1_score(y[mask], preds[mask], labels=acled, average="macro"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wartrace.training.events")
    ap.add_argument("cmd", choices=["cv"])
    ap.parse_args(argv)
    for c, (w, m) in cross_validate().items():
        print(f"C={c}: weighted F1 {w:.3f}, macro F1 {m:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
