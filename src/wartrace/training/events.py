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
import yaml

from wartrace.analysis.event_model import (
    ARTEFACT,
    CLASSIFIER_FILE,
    DATA,
    TRIGGER_WEIGHT,
    acled_codes,
    embed,
    repo_examples,
    taxonomy,
    trigger_lexicon,
)
from wartrace.analysis.event_typing import (
    CUE_WEIGHT,
    EXAMPLES_FILE,
    FIRST_SENTENCE_WEIGHT,
    MIN_DOCUMENT_FREQUENCY,
    TFIDF_WEIGHT,
    TYPING_VERSION,
    C,
    cue_features,
    first_sentence,
    input_fingerprint,
    lemma_terms,
    tfidf,
    typing_features,
)
from wartrace.analysis.models import load_embedder, load_spacy
from wartrace.analysis.resources import configured_models
from wartrace.evaluation.report import eval_dir
from wartrace.training import provenance

TRAINING = {
    "data": ["CASE-2021 shared task 2 (Haneczok et al. 2021), train split: events/train.tsv of the shared "
             "evaluation data (519 rows: 40% of each ACLED class and every row of five non-ACLED classes); "
             "its dev split is never used",
             "src/wartrace/data/events/examples.yaml (sentences written for this repository)",
             "src/wartrace/data/events/typing_examples.yaml (sentences quoted from the shared corpora, each with "
             "its document, labelled by reading)"],
    "licence": "CASE-2021 task 2 snippets: distributed by the shared task's organisers for research (Haneczok et "
               "al. 2021, ACL Anthology 2021.case-1.23); no licence is stated with the shared evaluation data. The "
               "artefact holds weights and a vocabulary of single lemmas found in two or more training texts, no "
               "sentence (checked: python -m wartrace.training check). The repository's examples: MIT, as the "
               "code; the quoted corpus sentences are used as training input only, not shipped",
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


def quoted_examples() -> list[tuple[str, str]]:
    """Sentences of the shared corpora labelled by reading (data/events/typing_examples.yaml)."""
    data = yaml.safe_load((DATA / EXAMPLES_FILE).read_text(encoding="utf-8"))["examples"]
    return [(e["text"], e["label"]) for e in data]


def training_rows(path: Path | None = None) -> list[tuple[str, str]]:
    path = path or train_path()
    if not path.exists():
        raise SystemExit(f"{path} not found: the event classifier is trained on the CASE-2021 train split of "
                         "the shared evaluation data (set WARTRACE_EVAL_DIR)")
    return repo_examples() + quoted_examples() + case_rows(path)


class Parsed:
    """What the typing features need of each training text, computed once: each text is read whole,
    as the product reads a short report."""

    def __init__(self, texts: list[str], embedder, spacy_choice: str):
        nlp = load_spacy(spacy_choice, disable=("ner",))  # the parser gives the first sentence
        lex = trigger_lexicon()
        docs = list(nlp.pipe(texts, batch_size=64))
        firsts = [first_sentence(d[:]) for d in docs]
        self.trig = np.stack([lex.features(lex.find(d)) for d in docs])
        self.cues = np.stack([cue_features(d[:], f) for d, f in zip(docs, firsts)])
        self.terms = [lemma_terms(d) for d in docs]
        self.embeddings = embed(embedder, texts)
        self.first_embeddings = embed(embedder, [f.text for f in firsts])

    def features(self, idx, vocabulary: dict[str, int], idf: np.ndarray) -> np.ndarray:
        bags = np.stack([tfidf(self.terms[i], vocabulary, idf) for i in idx])
        return typing_features(self.embeddings[idx], self.first_embeddings[idx], self.trig[idx], self.cues[idx],
                               bags)


def vocabulary_of(bags: list[list[str]]) -> tuple[list[str], np.ndarray]:
    """Lemmas in at least MIN_DOCUMENT_FREQUENCY texts, English stop words left out; smoothed idf."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    df: dict[str, int] = {}
    for terms in bags:
        for w in set(terms):
            df[w] = df.get(w, 0) + 1
    words = sorted(w for w, n in df.items() if n >= MIN_DOCUMENT_FREQUENCY and w not in ENGLISH_STOP_WORDS)
    idf = np.array([np.log((1 + len(bags)) / (1 + df[w])) + 1.0 for w in words], dtype=np.float32)
    return words, idf


def fit(X: np.ndarray, y: list[str], c: float = C):
    from sklearn.linear_model import LogisticRegression

    # balanced weights: the training split is 40% of each class, so rare classes need the lift
    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced", random_state=0).fit(X, y)


def build(root: Path | None = None, embedder=None, path: Path | None = None) -> Path:
    root = root or provenance.default_root()
    rows = training_rows(path)
    if embedder is None:
        embedder = load_embedder(configured_models()["embeddings"])
    parsed = Parsed([t for t, _ in rows], embedder, configured_models()["spacy"])
    words, idf = vocabulary_of(parsed.terms)
    idx = np.arange(len(rows))
    model = fit(parsed.features(idx, {w: i for i, w in enumerate(words)}, idf), [label for _, label in rows])
    meta = {"feature_version": TYPING_VERSION, "inputs": input_fingerprint(), "n_examples": len(rows),
            "C": C, "trigger_weight": TRIGGER_WEIGHT, "first_sentence_weight": FIRST_SENTENCE_WEIGHT,
            "cue_weight": CUE_WEIGHT, "tfidf_weight": TFIDF_WEIGHT, "vocabulary_size": len(words)}
    folder = root / ARTEFACT
    provenance.write_npz(folder / CLASSIFIER_FILE, {
        "coef": model.coef_.astype(np.float32), "intercept": model.intercept_.astype(np.float32),
        "classes": np.array([str(c) for c in model.classes_]),
        "vocabulary": np.array(words), "idf": idf,
        "meta": np.array(json.dumps(meta, sort_keys=True))})
    provenance.finish(folder, ARTEFACT, [CLASSIFIER_FILE],
                      dict(TRAINING, split="train", examples=len(rows), seeds="none needed (lbfgs, fixed order)"),
                      "make model (python -m wartrace.training build events-classifier)", root)
    return folder


def cross_validate(cs=(2.0, 4.0, 8.0), folds: int = 5, seeds=(0, 1, 2)) -> dict:
    """Pick C on the training split alone: stratified k-fold over the CASE train rows (the repository's
    examples always train), the vocabulary built on each fold's training part; weighted/macro F1 over
    the ACLED classes, the prediction being the likeliest ACLED class (the gate decides "no event")."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    embedder = load_embedder(configured_models()["embeddings"])
    rows, ex = case_rows(train_path()), repo_examples() + quoted_examples()
    parsed = Parsed([t for t, _ in rows + ex], embedder, configured_models()["spacy"])
    y = np.array([label for _, label in rows + ex])
    case, always = np.arange(len(rows)), np.arange(len(rows), len(rows) + len(ex))
    acled = acled_codes()
    out = {}
    for c in cs:
        scores = []
        for seed in seeds:
            preds = np.empty(len(rows), dtype=object)
            for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed).split(case, y[case]):
                train = np.concatenate([tr, always])
                words, idf = vocabulary_of([parsed.terms[i] for i in train])
                vocab = {w: i for i, w in enumerate(words)}
                model = fit(parsed.features(train, vocab, idf), list(y[train]), c)
                P = model.predict_proba(parsed.features(te, vocab, idf))
                P[:, [k for k, cl in enumerate(model.classes_) if cl not in acled]] = -1.0
                preds[te] = model.classes_[P.argmax(axis=1)]
            mask = np.isin(y[case], acled)
            scores.append((f1_score(y[case][mask], preds[mask], labels=acled, average="weighted"),
                           f1_score(y[case][mask], preds[mask], labels=acled, average="macro")))
        out[c] = tuple(np.mean(scores, axis=0))
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
