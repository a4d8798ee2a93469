"""Build the event gate shipped in src/wartrace/artefacts/event-gate/ (see analysis/event_gate.py).

    python -m wartrace.training build event-gate      # `make model` builds every artefact
    python -m wartrace.training.event_gate cv         # the cross-validation that chose C and the threshold
    python -m wartrace.training.event_gate cv --weights 1 1.5 2   # ... and the bag of lemmas' weight

Fitted on the gate's training rows (wartrace.evaluation.event_gate.training_rows: two thirds of CASE-2021
train and of the labelled corpus sentences, never the held-out third or dev) plus the repository's
event examples. The bag of lemmas' vocabulary and idf are those of the training rows (of each fold's
training part in cross-validation). C and the threshold are chosen by grouped k-fold cross-validation on those rows alone
(a corpus article never on both sides of a fold): the threshold maximises the smaller of non-event
precision and recall over the out-of-fold predictions, the two figures the issue targets.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from wartrace.analysis import event_gate as gate_module
from wartrace.analysis.event_gate import (
    ARTEFACT,
    GATE_FILE,
    GATE_VERSION,
    MIN_DOCUMENT_FREQUENCY,
    gate_features,
    gate_terms,
)
from wartrace.analysis.event_model import FEATURE_VERSION, light_nlp, repo_examples, taxonomy, text_features
from wartrace.analysis.event_model import input_fingerprint as features_fingerprint
from wartrace.analysis.event_typing import tfidf
from wartrace.analysis.models import load_embedder
from wartrace.analysis.resources import configured_models
from wartrace.evaluation.event_gate import LABELS_FILE, GateRow, training_rows
from wartrace.training import provenance

CS = (0.5, 1.0, 2.0, 4.0, 8.0)
FOLDS = 5
TRAINING = {
    "data": ["CASE-2021 shared task 2 train split (events/train.tsv of the shared evaluation data): ACLED classes "
             "as events, its five non-ACLED classes as non-events; the third held out by hash is never used, nor dev",
             "sentences of the shared corpora (war_news_2022_2024, voa_stories) and whole rss_2022 items labelled "
             "EVENT/NOT_EVENT by reading: "
             "src/wartrace/data/events/gate_labels.yaml (offsets and checksums, no text); the held-out third of "
             "documents is never used",
             "src/wartrace/data/events/examples.yaml (sentences written for this repository)"],
    "licence": "CASE-2021 task 2 snippets: distributed by the shared task's organisers for research (Haneczok et al. "
               "2021); corpus articles: publishers' copyright and VOA public domain, used to fit weights only (the "
               "artefact holds weights and a vocabulary of lemmas and lemma pairs found in two or more training texts, no "
               "sentence, checked by python -m wartrace.training check); the labels and examples: MIT",
}


def all_rows() -> list[GateRow]:
    none = taxonomy()["none"]
    examples = [GateRow(f"example:{i}", text, code != none, "examples") for i, (text, code) in enumerate(repo_examples())]
    return training_rows() + examples


def group_of(row: GateRow) -> str:
    return row.key  # a corpus document, a CASE row, an example


def fit(X: np.ndarray, y: np.ndarray, c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced", random_state=0).fit(X, y)


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float, float]:
    """The threshold on P(event) maximising min(non-event precision, non-event recall)."""
    best = (0.5, 0.0, 0.0)
    for t in np.round(np.arange(0.05, 0.951, 0.01), 2):
        pred_non = p < t
        tp = np.sum(pred_non & (y == 0))
        prec = tp / max(1, pred_non.sum())
        rec = tp / max(1, (y == 0).sum())
        if min(prec, rec) > min(best[1], best[2]):
            best = (float(t), float(prec), float(rec))
    return best


def vocabulary_of(bags: list[list[str]]) -> tuple[list[str], np.ndarray]:
    """Terms in at least MIN_DOCUMENT_FREQUENCY texts (stop words kept); smoothed idf."""
    df: dict[str, int] = {}
    for terms in bags:
        for w in set(terms):
            df[w] = df.get(w, 0) + 1
    words = sorted(w for w, n in df.items() if n >= MIN_DOCUMENT_FREQUENCY)
    idf = np.array([np.log((1 + len(bags)) / (1 + df[w])) + 1.0 for w in words], dtype=np.float32)
    return words, idf


class Features:
    """What the gate reads of each training row, computed once: the classifier's features, the
    in-longer bit and the row's gate_terms; `matrix` adds the bag over a vocabulary."""

    def __init__(self, rows: list[GateRow], embedder=None):
        if embedder is None:
            embedder = load_embedder(configured_models()["embeddings"])
        nlp = light_nlp(configured_models()["spacy"])
        texts = [r.text for r in rows]
        self.X = text_features(texts, embedder, nlp)
        self.in_longer = np.array([not r.whole for r in rows])
        self.terms = [gate_terms(d) for d in nlp.pipe(texts, batch_size=64)]
        self.y = np.array([int(r.is_event) for r in rows])

    def matrix(self, idx, vocabulary: dict[str, int], idf: np.ndarray) -> np.ndarray:
        bags = np.stack([tfidf(self.terms[i], vocabulary, idf) for i in idx])
        return gate_features(self.X[idx], self.in_longer[idx], bags)


def cross_validate(f: Features, groups: list[str], cs=CS) -> dict:
    """{C: (threshold, out-of-fold non-event precision, recall)}, the vocabulary built on each fold's
    training part; the bag's weight is gate_module.TFIDF_WEIGHT at the time of the call."""
    from sklearn.model_selection import GroupKFold

    y = f.y
    folds = []
    for tr, te in GroupKFold(FOLDS).split(f.X, y, groups):
        words, idf = vocabulary_of([f.terms[i] for i in tr])
        vocab = {w: i for i, w in enumerate(words)}
        folds.append((tr, te, f.matrix(tr, vocab, idf), f.matrix(te, vocab, idf)))
    out = {}
    for c in cs:
        p = np.zeros(len(y))
        for tr, te, X_tr, X_te in folds:
            p[te] = fit(X_tr, y[tr], c).predict_proba(X_te)[:, 1]
        out[c] = best_threshold(y, p)
    return out


def input_fingerprint() -> str:
    """SHA-256 over everything the gate is built from that lives in the repository: the classifier's
    feature inputs (taxonomy, triggers, examples), the labels, the bag's settings and the grid."""
    labels = hashlib.sha256((Path(__file__).resolve().parents[1] / "data" / LABELS_FILE).read_bytes()).hexdigest()
    settings = f"{GATE_VERSION}\n{gate_module.TFIDF_WEIGHT}\n{MIN_DOCUMENT_FREQUENCY}"
    return hashlib.sha256(f"{features_fingerprint()}\n{labels}\n{CS}\n{FOLDS}\n{settings}".encode()).hexdigest()


def build(root: Path | None = None, embedder=None) -> Path:
    root = root or provenance.default_root()
    rows = all_rows()
    f = Features(rows, embedder)
    y = f.y
    cv = cross_validate(f, [group_of(r) for r in rows])
    c = max(cv, key=lambda k: (min(cv[k][1], cv[k][2]), -k))
    threshold = cv[c][0]
    words, idf = vocabulary_of(f.terms)
    model = fit(f.matrix(np.arange(len(rows)), {w: i for i, w in enumerate(words)}, idf), y, c)
    meta = {"feature_version": FEATURE_VERSION, "gate_version": GATE_VERSION, "inputs": input_fingerprint(),
            "n_examples": len(rows), "n_non_events": int((y == 0).sum()), "C": c, "threshold": threshold,
            "folds": FOLDS, "tfidf_weight": gate_module.TFIDF_WEIGHT, "vocabulary_size": len(words),
            "cv": {str(k): {"threshold": t, "non_event_precision": round(p, 4), "non_event_recall": round(r, 4)}
                   for k, (t, p, r) in cv.items()}}
    folder = root / ARTEFACT
    provenance.write_npz(folder / GATE_FILE, {
        "coef": model.coef_[0].astype(np.float32), "intercept": np.array(model.intercept_[0], dtype=np.float32),
        "threshold": np.array(threshold, dtype=np.float32), "meta": np.array(json.dumps(meta, sort_keys=True)),
        "vocabulary": np.array(words), "idf": idf})
    provenance.finish(folder, ARTEFACT, [GATE_FILE],
                      dict(TRAINING, split="train",
                           held_out="a third of the CASE train rows and of the labelled corpus documents (by hash, "
                                    "wartrace.evaluation.event_gate.held_out), and CASE dev: never used",
                           examples=len(rows), seeds="none needed (lbfgs, fixed order, GroupKFold is deterministic)"),
                      "make model (python -m wartrace.training build event-gate)", root)
    return folder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wartrace.training.event_gate")
    ap.add_argument("cmd", choices=["cv"])
    ap.add_argument("--weights", type=float, nargs="*", default=None,
                    help="bag-of-lemmas weights to compare (default: the shipped TFIDF_WEIGHT)")
    args = ap.parse_args(argv)
    rows = all_rows()
    f = Features(rows)
    groups = [group_of(r) for r in rows]
    for w in args.weights or [gate_module.TFIDF_WEIGHT]:
        gate_module.TFIDF_WEIGHT = w
        for c, (t, p, r) in cross_validate(f, groups).items():
            print(f"weight {w} C={c}: threshold {t:.2f}, out-of-fold non-event precision {p:.3f}, recall {r:.3f}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
