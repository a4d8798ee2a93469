"""Which sentences are uncertain: a logistic regression over TF-IDF word 1-2-grams and the hedge
lexicon's cues, trained on CoNLL-2010's Wikipedia weasel sentences (wartrace.training.hedges).

The lexicon finds the words; this model decides whether a sentence as a whole hedges, which the
lexicon alone gets wrong both ways ("may" in "the May offensive", uncertainty with no listed cue).
The hedges component reports, in each sentence the model finds uncertain, every lexicon cue it
holds (classifier-only cues included), and elsewhere only the listed cues the model does not
overrule (analysis/hedges.py). Its weights ship in src/wartrace/artefacts/hedge-sentences/ and are computed here
exactly as scikit-learn's TfidfVectorizer (sublinear tf, smooth idf, L2 norm) did in training.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path

from wartrace.analysis.artefacts import configured_folder
from wartrace.config import data_path

ARTEFACT = "hedge-sentences"
MODEL_FILE = "model.json"
TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern
LEXICON_FILES = ("hedges", "weasels", "caveats")


def lexicon_fingerprint() -> str:
    """The cue columns follow the lexicons' order: a model is only valid for the lexicons it saw."""
    h = hashlib.sha256()
    for name in LEXICON_FILES:
        h.update(data_path(f"lexicons/{name}.yaml").read_bytes())
    return h.hexdigest()


def terms_of(text: str) -> list[str]:
    words = TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def cue_columns(cues: list, kinds: list[str], index: dict) -> dict[int, float]:
    """Columns of the matched cues: one per distinct cue, plus counts per kind, listed and not apart."""
    out: dict[int, float] = {}
    for cue in cues:
        out[index[cue]] = 1.0
        col = len(index) + 2 * kinds.index(cue.kind) + (0 if cue.listed else 1)
        out[col] = out.get(col, 0.0) + 1.0
    return out


class HedgeSentenceModel:
    def __init__(self, data: dict):
        self.terms: dict[str, tuple[int, float]] = {t: (c, idf) for t, (c, idf) in data["terms"].items()}
        self.n_terms = int(data["n_terms"])
        self.coef: list[float] = data["coef"]
        self.intercept = float(data["intercept"])
        self.threshold = float(data["threshold"])  # a sentence at or above it is uncertain
        self.cue_threshold = float(data["cue_threshold"])  # listed cues of other kinds count from here
        self.always_kinds = frozenset(data["always_kinds"])  # listed cues of these kinds always count
        self.meta = data.get("meta", {})

    @classmethod
    def load(cls, folder: Path) -> "HedgeSentenceModel":
        return cls(json.loads((folder / MODEL_FILE).read_text(encoding="utf-8")))

    def term_weights(self, text: str) -> dict[int, float]:
        counts: dict[int, int] = {}
        idf: dict[int, float] = {}
        for term in terms_of(text):
            hit = self.terms.get(term)
            if hit is not None:
                counts[hit[0]] = counts.get(hit[0], 0) + 1
                idf[hit[0]] = hit[1]
        vec = {c: (1.0 + math.log(n)) * idf[c] for c, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {c: v / norm for c, v in vec.items()}

    def probability(self, text: str, cue_cols: dict[int, float]) -> float:
        z = self.intercept + sum(self.coef[c] * v for c, v in self.term_weights(text).items())
        z += sum(self.coef[self.n_terms + c] * v for c, v in cue_cols.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def load_hedge_model(choice: str | bool = "default") -> HedgeSentenceModel | None:
    """The model `choice` (models.hedge_classifier) names: "default" the shipped one (hash-checked),
    "off" None, else a folder."""
    folder = configured_folder("hedge_classifier", ARTEFACT, choice)
    return HedgeSentenceModel.load(folder) if folder is not None else None
