"""A learned gate for attribution cue verbs: which verbs in a parse are cues.

The rules take a verb as a cue when its lemma and complement frame are in the mined table
(data/lexicons/cues.yaml). That table sees one feature at a time; this scorer is a logistic
regression over the same parse, with the lemma crossed with its frame, its dependency and the
kind of subject it has, so "X wants to …" and "voters want …" can differ. It is trained on
PolNeAR's train split by `make model` (wartrace.training.cue_scorer) and ships in the package
(src/wartrace/artefacts/cue-scorer/), loaded with its hash checked.

models.cue_scorer in pipeline.yaml: "default" uses the shipped scorer; "off" never uses it (the
mined table decides alone); anything else is a folder.
Features v2 add the verb's object and particle (lemma crossed with them): light verbs are cues
by what they take ("took aim at", "has the support of", "raised concerns about", "points out").
The scorer widens PolNeAR-style attribution; the claims ledger still takes a verb the rules did not
accept only when it is a curated speech verb (claims.ledger_worthy).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from wartrace.analysis.artefacts import configured_folder
from wartrace.analysis.attribution.syntax import subject_of, verb_frame
from wartrace.analysis.models import check_hashes_recorded

FEATURE_VERSION = 2
ARTEFACT = "cue-scorer"
_CHILD_DEPS = ("ccomp", "xcomp", "dobj", "prep", "nsubj", "nsubjpass", "agent", "dative")


def cue_features(tok, quotes, lex) -> dict[str, float]:
    """Sparse features of a verb token: lemma, frame, dependency, tag, subject kind and their crosses."""
    lemma = tok.lemma_.lower()
    frame = verb_frame(tok, quotes)
    subj = subject_of(tok)
    if subj is None:
        subject = "none"
    elif subj.pos_ == "PRON":
        subject = "PRON_" + subj.lower_
    else:
        subject = subj.ent_type_ or subj.pos_
    deps = ",".join(sorted({c.dep_ for c in tok.children if c.dep_ in _CHILD_DEPS}))
    f = {f"l={lemma}": 1.0, f"fr={frame}": 1.0, f"dep={tok.dep_}": 1.0, f"tag={tok.tag_}": 1.0,
         f"lf={lemma}|{frame}": 1.0, f"ld={lemma}|{tok.dep_}": 1.0, f"st={subject}": 1.0,
         f"ls={lemma}|{subject}": 1.0, f"inq={quotes.of(tok) is not None}": 1.0,
         f"hd={tok.head.lemma_.lower() if tok.dep_ != 'ROOT' else 'ROOT'}": 1.0,
         f"known={lemma in lex.verbs}": 1.0, f"ccd={deps}": 1.0}
    for c in tok.children:
        if c.dep_ == "prep":
            f[f"prep={c.lower_}"] = 1.0
            f[f"lp={lemma}|{c.lower_}"] = 1.0
        elif c.dep_ == "prt" and c.is_alpha:
            f[f"lt={lemma}|{c.lower_}"] = 1.0
    objs = [c for c in tok.children if c.dep_ in ("dobj", "attr", "oprd")]
    if objs:  # v2: what a light verb takes ("took aim at", "raised questions about"); a word, never a URL
        obj = objs[0].lemma_.lower() if objs[0].is_alpha else objs[0].pos_
        f[f"o={obj}"] = 1.0
        f[f"lo={lemma}|{obj}"] = 1.0
        for p in objs[0].children:
            if p.dep_ == "prep":
                f[f"op={obj}|{p.lower_}"] = 1.0
    return f


def logistic(weights: dict[str, float], bias: float, features: dict[str, float]) -> float:
    """P(cue) of a logistic regression stored as named weights."""
    z = bias + sum(weights.get(k, 0.0) * v for k, v in features.items())
    return 1.0 / (1.0 + math.exp(-z))


def read_logistic(folder: Path, feature_version: int, what: str) -> tuple[dict[str, float], float, float, dict]:
    """Weights, bias, threshold and meta of a logistic artefact (cue scorer, cue proposer), its files'
    hashes checked; refused when built with another version of its features."""
    check_hashes_recorded(folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    if meta.get("feature_version") != feature_version:
        raise ValueError(f"{folder}: built with {what} features v{meta.get('feature_version')}, this code has "
                         f"v{feature_version}; rebuild it (make model)")
    data = json.loads((folder / "weights.json").read_text(encoding="utf-8"))
    return data["weights"], float(data["bias"]), float(meta["threshold"]), meta


class CueScorer:
    def __init__(self, weights: dict[str, float], bias: float, threshold: float, meta: dict):
        self.weights, self.bias, self.threshold, self.meta = weights, bias, threshold, meta

    def prob(self, tok, quotes, lex) -> float:
        return logistic(self.weights, self.bias, cue_features(tok, quotes, lex))

    def accepts(self, tok, quotes, lex) -> bool:
        return self.prob(tok, quotes, lex) >= self.threshold

    @classmethod
    def load(cls, folder: Path) -> "CueScorer":
        return cls(*read_logistic(folder, FEATURE_VERSION, "cue"))


@lru_cache(maxsize=4)
def load_cue_scorer(choice: str | bool = "default") -> CueScorer | None:
    """The scorer `choice` (models.cue_scorer) names: "default" the shipped one, "off" None, else a folder."""
    folder = configured_folder("cue_scorer", ARTEFACT, choice)
    return CueScorer.load(folder) if folder is not None else None
