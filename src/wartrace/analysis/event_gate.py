"""The "no ACLED event" decision, taken before an event is typed.

A sentence with a violent word is not always a report of violence: "Rodri struck in the 68th
minute", a professor saying that killing civilians is a war crime, a forecast of an offensive, a
trade war. The gate reads the same features as the event classifier (the unit's sentence embedding
and its trigger words) and gives the probability that the unit reports an ACLED-codable event;
the events component types only units at or above the gate's threshold.

It is a binary logistic regression shipped as an artefact (src/wartrace/artefacts/event-gate/,
built by `make model`, see wartrace.training.event_gate) from CASE-2021 train (ACLED classes
against its five non-ACLED classes) and sentences of the shared corpora labelled by reading
(data/events/gate_labels.yaml). Its threshold was chosen by cross-validation on the training
part alone and is stored with the weights.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wartrace.analysis.artefacts import configured_folder

ARTEFACT = "event-gate"
GATE_FILE = "gate.npz"


def gate_features(X: np.ndarray, in_longer: np.ndarray) -> np.ndarray:
    """The event classifier's features plus one bit: the unit is one sentence of a longer document
    (a short report is read whole). A sentence of an article mentions violence in passing far more
    often than a whole news snippet does, so the two need their own base rates."""
    return np.hstack([X, np.asarray(in_longer, dtype=np.float32).reshape(-1, 1)]).astype(np.float32)


@dataclass(frozen=True)
class EventGate:
    coef: np.ndarray  # (n_features,)
    intercept: float
    threshold: float  # P(event) below this: no event
    meta: dict

    def p_event(self, X: np.ndarray, in_longer: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(gate_features(X, in_longer) @ self.coef + self.intercept)))

    def is_event(self, X: np.ndarray, in_longer: np.ndarray, threshold: float | None = None) -> np.ndarray:
        return self.p_event(X, in_longer) >= (self.threshold if threshold is None else threshold)

    @classmethod
    def load(cls, path: Path) -> "EventGate":
        with np.load(path, allow_pickle=False) as z:
            return cls(z["coef"], float(z["intercept"]), float(z["threshold"]), json.loads(str(z["meta"])))


def load_gate(choice: str | bool = "default") -> EventGate | None:
    """The gate `choice` (models.event_gate) names: "default" the shipped one (hash-checked), "off"
    None, else a folder."""
    folder = configured_folder("event_gate", ARTEFACT, choice)
    return None if folder is None else EventGate.load(folder / GATE_FILE)
