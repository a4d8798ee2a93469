"""The learned proposer of attribution cues that are no verb (attribution/nominal.py's candidates:
"concerns about", "Trump's attacks on", "are convinced that"): a logistic regression over the
parse, trained on PolNeAR's train split by `make model` (wartrace.training.cue_proposer) and shipped
in src/wartrace/artefacts/cue-proposer/, loaded with its hash checked.

models.cue_proposer in pipeline.yaml: "default" the shipped one; "off" none (verbs alone); else a folder.
Its attributions reach the claims ledger as attitudes (act "attitude"), never as speech acts.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from wartrace.analysis.artefacts import configured_folder
from wartrace.analysis.attribution.nominal import nominal_features
from wartrace.analysis.cue_scorer import logistic, read_logistic

FEATURE_VERSION = 1
ARTEFACT = "cue-proposer"


class NominalCues:
    def __init__(self, weights: dict[str, float], bias: float, threshold: float, meta: dict):
        self.weights, self.bias, self.threshold, self.meta = weights, bias, threshold, meta

    def prob(self, tok, quotes) -> float | None:
        """P(cue) of a candidate token, None when it is no candidate."""
        f = nominal_features(tok, quotes)
        if f is None:
            return None
        return logistic(self.weights, self.bias, f)

    def accepts(self, tok, quotes) -> bool:
        p = self.prob(tok, quotes)
        return p is not None and p >= self.threshold

    @classmethod
    def load(cls, folder: Path) -> "NominalCues":
        return cls(*read_logistic(folder, FEATURE_VERSION, "proposer"))


@lru_cache(maxsize=4)
def load_cue_proposer(choice: str | bool = "default") -> NominalCues | None:
    """The proposer `choice` (models.cue_proposer) names: "default" the shipped one, "off" None, else a folder."""
    folder = configured_folder("cue_proposer", ARTEFACT, choice)
    return NominalCues.load(folder) if folder is not None else None
