"""What the ACLED sub-event classifier reads, beyond the gate's features.

The gate (event_gate.py) and the classifier used to read the same vector: the unit's sentence
embedding and its trigger words (event_model.featurize). Typing needs more than that: the
embedding of a whole snippet blurs who took a town (government or rebels) and whether police
intervened at a protest. The classifier therefore also reads
  - the embedding of the unit's first sentence (a report's lede names its event),
  - typing cues (data/events/typing_cues.yaml): per class, a cue anywhere in the unit and a cue
    in its first sentence (state or non-state actors, dispersal, stones and arson, ...), and who
    takes a place: a state or a non-state actor as the doer of a verb of taking (taker_features),
  - a tf-idf bag of lemmas over a vocabulary stored with the weights.
Each block is scaled by a weight chosen by cross-validation on CASE-2021 train (never dev);
`python -m wartrace.training.events cv` reproduces the choice. The gate's features are unchanged.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

from wartrace.analysis.event_model import DATA, TRIGGER_WEIGHT, TriggerLexicon, acled_codes
from wartrace.config import load_yaml

TYPING_VERSION = "events-typing/2"
# chosen by 5-fold cross-validation on CASE-2021 train + the repository's examples (never dev)
C = 4.0
FIRST_SENTENCE_WEIGHT = 0.5
CUE_WEIGHT = 0.35
TFIDF_WEIGHT = 1.0
MIN_DOCUMENT_FREQUENCY = 2  # a lemma in one training text only is noise, and would name that text
CUES_FILE = "typing_cues.yaml"
EXAMPLES_FILE = "typing_examples.yaml"
WORD = re.compile(r"\w\w+")


@lru_cache(maxsize=1)
def typing_cues() -> TriggerLexicon:
    data = load_yaml(f"events/{CUES_FILE}")
    return TriggerLexicon({"classes": {code: {"cues": entry["cues"]} for code, entry in data["classes"].items()},
                           "matching": data.get("matching")})


@lru_cache(maxsize=1)
def territory_takers() -> tuple[frozenset[str], TriggerLexicon] | None:
    """The verbs of taking a place and the words of state and non-state actors (typing_cues.yaml
    territory_takers), or None where the file has no such section."""
    cues = load_yaml(f"events/{CUES_FILE}")
    data = cues.get("territory_takers")
    if not data:
        return None
    return frozenset(v.lower() for v in data["verbs"]), TriggerLexicon(
        {"classes": {side: {"cues": data[side]} for side in TAKER_SIDES}, "matching": cues.get("matching")})


TAKER_SIDES = ("state", "non_state")


def taker_features(unit) -> np.ndarray:
    """Who takes a place in the unit: [a state actor, a non-state actor] is the doer of a verb of
    taking ("government forces captured", "the town fell to militants", "was retaken by the army").
    ACLED's "Government regains territory" and "Non-state actor overtakes territory" differ in that
    doer alone; the verb does not tell them apart (rebels "recapture", armies "seize")."""
    from wartrace.analysis.events.syntax import verb_args  # lazily: the events package imports this module

    v = np.zeros(len(TAKER_SIDES), dtype=np.float32)
    takers = territory_takers()
    if takers is None:
        return v
    verbs, lex = takers
    hits = lex.find(unit)
    if not hits:
        return v
    for tok in unit:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in verbs:
            continue
        doer = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "to" for p in c.children
                     if p.dep_ == "pobj"), None) if tok.lemma_.lower() == "fall" else verb_args(tok)[0]
        if doer is None:
            continue
        idx = {t.i for t in doer.subtree}
        sides = {h.code for h in hits if h.start in idx}
        # "the Syrian army and allied fighters": state forces with their allies are the government's side
        for k, side in enumerate(TAKER_SIDES):
            if side in sides:
                v[k] = 1.0
                break
    return v


def cue_features(unit, first) -> np.ndarray:
    """Per ACLED class: a cue in the unit, a cue in its first sentence (spaCy Spans or Docs); then
    who takes a place in the unit (taker_features)."""
    lex, codes = typing_cues(), acled_codes()
    pos = {c: i for i, c in enumerate(codes)}
    v = np.zeros(2 * len(codes), dtype=np.float32)
    for k, part in enumerate((unit, first)):
        for h in lex.find(part):
            v[2 * pos[h.code] + k] = 1.0
    return np.concatenate([v, taker_features(unit)])


def lemma_terms(tokens) -> list[str]:
    """The bag-of-words terms of a unit: its lower-case lemmas, split into word pieces."""
    return [w for t in tokens for w in WORD.findall(t.lemma_.lower())]


def tfidf(terms: list[str], vocabulary: dict[str, int], idf: np.ndarray) -> np.ndarray:
    """Sublinear tf times idf, L2-normalised (as scikit-learn's TfidfVectorizer(sublinear_tf=True))."""
    v = np.zeros(len(vocabulary), dtype=np.float32)
    for w in terms:
        j = vocabulary.get(w)
        if j is not None:
            v[j] += 1.0
    nz = v > 0
    v[nz] = (1.0 + np.log(v[nz])) * idf[nz]
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


def typing_features(embeddings: np.ndarray, first_embeddings: np.ndarray, trig: np.ndarray,
                    cues: np.ndarray, bags: np.ndarray) -> np.ndarray:
    return np.hstack([embeddings, TRIGGER_WEIGHT * trig, FIRST_SENTENCE_WEIGHT * first_embeddings,
                      CUE_WEIGHT * cues, TFIDF_WEIGHT * bags]).astype(np.float32)


def first_sentence(unit):
    return next(iter(unit.sents))


def input_fingerprint() -> str:
    """SHA-256 over what the typing features are computed from; the shipped classifier records the
    one it was built with, and a test refuses a stale artefact (rebuild with `make model`)."""
    parts = [TYPING_VERSION, str(C), str(TRIGGER_WEIGHT), str(FIRST_SENTENCE_WEIGHT), str(CUE_WEIGHT),
             str(TFIDF_WEIGHT), str(MIN_DOCUMENT_FREQUENCY)]
    parts += [hashlib.sha256((DATA / name).read_bytes()).hexdigest()
              for name in ("taxonomy.yaml", "triggers.yaml", "examples.yaml", CUES_FILE, EXAMPLES_FILE)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
