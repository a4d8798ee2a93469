"""The "no ACLED event" decision, taken before an event is typed.

A sentence with a violent word is not always a report of violence: "Rodri struck in the 68th
minute", a professor saying that killing civilians is a war crime, a forecast of an offensive, a
trade war. The gate reads the same features as the event classifier (the unit's sentence embedding
and its trigger words) and gives the probability that the unit reports an ACLED-codable event;
the events component types only units at or above the gate's threshold.

Beside those it reads a tf-idf bag of the unit's lemmas and lemma pairs ("will attack", "the match",
"be a war crime"): the words that tell a forecast, a sports report or a verdict on the law from a
report, which one sentence embedding blurs. The vocabulary and idf are stored with the weights.

It is a binary logistic regression shipped as an artefact (src/wartrace/artefacts/event-gate/,
built by `make model`, see wartrace.training.event_gate) from CASE-2021 train (ACLED classes
against its five non-ACLED classes) and sentences of the shared corpora labelled by reading
(data/events/gate_labels.yaml). Its threshold was chosen by cross-validation on the training
part alone and is stored with the weights.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from wartrace.analysis.artefacts import configured_folder
from wartrace.analysis.event_typing import lemma_terms, tfidf

ARTEFACT = "event-gate"
GATE_FILE = "gate.npz"
GATE_VERSION = "event-gate/2"  # 1: embedding + triggers + in_longer; 2: + the bag of lemmas and lemma pairs
# chosen by grouped 5-fold cross-validation on the gate's training rows (python -m wartrace.training.event_gate
# cv --weights ...), never on the held-out third or CASE dev
TFIDF_WEIGHT = 1.5
MIN_DOCUMENT_FREQUENCY = 2  # a term in one training text only is noise, and would name that text


def gate_terms(tokens) -> list[str]:
    """The unit's lemmas (event_typing.lemma_terms) and each pair of neighbouring lemmas. Stop words
    are kept: "will", "if", "could" are what a forecast or a condition is made of."""
    terms = lemma_terms(tokens)
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]


def gate_features(X: np.ndarray, in_longer: np.ndarray, bags: np.ndarray | None = None) -> np.ndarray:
    """The event classifier's features plus one bit: the unit is one sentence of a longer document
    (a short report is read whole). A sentence of an article mentions violence in passing far more
    often than a whole news snippet does, so the two need their own base rates. Then the tf-idf bag
    of gate_terms, scaled by TFIDF_WEIGHT (none for a gate built without a vocabulary)."""
    parts = [X, np.asarray(in_longer, dtype=np.float32).reshape(-1, 1)]
    if bags is not None and bags.shape[1]:
        parts.append(TFIDF_WEIGHT * bags)
    return np.hstack(parts).astype(np.float32)


@dataclass(frozen=True)
class EventGate:
    coef: np.ndarray  # (n_features,)
    intercept: float
    threshold: float  # P(event) below this: no event
    meta: dict
    vocabulary: dict[str, int] = field(default_factory=dict)
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))

    def bags(self, units) -> np.ndarray:
        """The tf-idf bag of each unit (spaCy Spans or Docs) over the gate's vocabulary."""
        return np.stack([tfidf(gate_terms(u), self.vocabulary, self.idf) for u in units]) if len(units) else \
            np.zeros((0, len(self.vocabulary)), dtype=np.float32)

    def p_event(self, X: np.ndarray, in_longer: np.ndarray, bags: np.ndarray | None = None) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(gate_features(X, in_longer, bags) @ self.coef + self.intercept)))

    def is_event(self, X: np.ndarray, in_longer: np.ndarray, threshold: float | None = None,
                 bags: np.ndarray | None = None) -> np.ndarray:
        return self.p_event(X, in_longer, bags) >= (self.threshold if threshold is None else threshold)

    @classmethod
    def load(cls, path: Path) -> "EventGate":
        with np.load(path, allow_pickle=False) as z:
            vocabulary = [str(w) for w in z["vocabulary"]] if "vocabulary" in z.files else []
            idf = z["idf"] if "idf" in z.files else np.zeros(0, dtype=np.float32)
            return cls(z["coef"], float(z["intercept"]), float(z["threshold"]), json.loads(str(z["meta"])),
                       {w: i for i, w in enumerate(vocabulary)}, idf)


def load_gate(choice: str | bool = "default") -> EventGate | None:
    """The gate `choice` (models.event_gate) names: "default" the shipped one (hash-checked), "off"
    None, else a folder."""
    folder = configured_folder("event_gate", ARTEFACT, choice)
    return None if folder is None else EventGate.load(folder / GATE_FILE)
