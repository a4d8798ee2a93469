"""The ACLED event classifier: sentence embeddings + lexical trigger features -> logistic regression.

The weights are a shipped artefact (src/wartrace/artefacts/events-classifier/, built from the
CASE-2021 train split by `make model`, see wartrace.training.events) and are loaded here with their
hash checked; nothing is trained at run time. This module holds what both the product and the
training read: the taxonomy, the trigger lexicon and the features.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from wartrace.analysis.artefacts import ArtefactError, configured_folder
from wartrace.analysis.dates import finder
from wartrace.analysis.models import load_spacy
from wartrace.config import load_yaml

FEATURE_VERSION = "events-lr/1"
ARTEFACT = "events-classifier"
CLASSIFIER_FILE = "classifier.npz"
C = 4.0  # chosen by 5-fold cross-validation on train.tsv (python -m wartrace.training.events cv), never on dev
TRIGGER_WEIGHT = 0.35  # scale of the binary trigger features next to the unit-length embedding
DATA = Path(__file__).resolve().parents[1] / "data" / "events"


# ---------------------------------------------------------------- taxonomy and triggers

@dataclass(frozen=True)
class EventClass:
    code: str
    event_type: str
    sub_event_type: str


@lru_cache(maxsize=1)
def taxonomy() -> dict:
    t = load_yaml("events/taxonomy.yaml")
    classes = {c["code"]: EventClass(c["code"], c["event_type"], c["sub_event_type"]) for c in t["classes"]}
    return {"none": t["none_label"], "not_acled": set(t["not_acled"]), "classes": classes}


def acled_codes() -> list[str]:
    return list(taxonomy()["classes"])


@dataclass(frozen=True)
class TriggerHit:
    code: str       # ACLED class code
    kind: str       # trigger | strong | cue | agent
    start: int      # token index (in the Doc) of the first word
    end: int        # token index after the last word
    text: str


class TriggerLexicon:
    """Matches the words of data/events/triggers.yaml on lower-case forms or lemmas. A lexicon's
    `matching` options (typing_cues.yaml sets them; triggers.yaml, which the gate reads, does not):
      dates_are_not_words: no word inside a date the date finder reads ("on 16 March", "in March
        2018") matches: the month is not the protest march;
      acronyms_keep_case: a word listed in capitals ("IS", the Islamic State) matches only in
        capitals, not the verb "is"."""

    KINDS = ("triggers", "strong", "cues", "agents")

    def __init__(self, data: dict):
        self.codes = acled_codes()
        self.agent_retypes = set(data.get("agent_retypes", []))
        matching = data.get("matching") or {}
        self.skip_dates = bool(matching.get("dates_are_not_words", False))
        keep_case = bool(matching.get("acronyms_keep_case", False))
        # first word -> [(words, pos per word, code, kind)]
        self.index: dict[str, list[tuple[tuple[str, ...], tuple[str | None, ...], str, str]]] = {}
        # (words, code, kind) -> the words' written forms where they must match in capitals
        self.cased: dict[tuple[tuple[str, ...], str, str], tuple[str | None, ...]] = {}
        for code, entry in data["classes"].items():
            for key in self.KINDS:
                kind = key.rstrip("s") if key != "triggers" else "trigger"
                if key == "strong":
                    kind = "strong"
                for phrase in entry.get(key, []) or []:
                    words, pos = [], []
                    for w in str(phrase).replace("-", " - ").split():
                        w, _, p = w.partition("/")
                        words.append(w.lower())
                        pos.append(p or None)
                    self.index.setdefault(words[0], []).append((tuple(words), tuple(pos), code, kind))
                    caps = tuple(w.partition("/")[0] if keep_case and len(w) > 1 and w.isupper() else None
                                 for w in str(phrase).replace("-", " - ").split())
                    if any(caps):
                        self.cased[(tuple(words), code, kind)] = caps

    @staticmethod
    def _forms(tok) -> tuple[str, str]:
        return tok.lower_, tok.lemma_.lower()

    def find(self, tokens) -> list[TriggerHit]:
        """All hits in a spaCy Doc or Span (token indices relative to the Doc)."""
        toks = list(tokens)
        hits: list[TriggerHit] = []
        forms = [self._forms(t) for t in toks]
        dated = in_dates(toks) if self.skip_dates else set()
        for i, (low, lem) in enumerate(forms):
            cands = self.index.get(low, []) + (self.index.get(lem, []) if lem != low else [])
            for words, pos, code, kind in cands:
                n = len(words)
                if i + n > len(toks) or any(k in dated for k in range(i, i + n)):
                    continue
                caps = self.cased.get((words, code, kind), (None,) * n)
                ok = all(words[k] in forms[i + k] and (pos[k] is None or toks[i + k].pos_ == pos[k])
                         and (caps[k] is None or toks[i + k].text == caps[k]) for k in range(n))
                if ok:
                    first, last = toks[i], toks[i + n - 1]
                    # (a Doc's .text joins every token: never take it per hit)
                    hits.append(TriggerHit(code, kind, first.i, last.i + 1, first.doc[first.i:last.i + 1].text))
        # the same words listed twice (e.g. as trigger and as strong) count once, strongest first
        rank = {"strong": 0, "trigger": 1, "agent": 2, "cue": 3}
        seen: dict[tuple, TriggerHit] = {}
        for h in sorted(hits, key=lambda h: (h.start, -h.end, rank[h.kind])):
            seen.setdefault((h.code, h.start, h.end, h.kind), h)
        return list(seen.values())

    def features(self, hits: list[TriggerHit]) -> np.ndarray:
        """One binary feature per (class, kind): strong/trigger together, cues and agents together."""
        v = np.zeros(2 * len(self.codes), dtype=np.float32)
        pos = {c: i for i, c in enumerate(self.codes)}
        for h in hits:
            j = pos[h.code] * 2 + (0 if h.kind in ("strong", "trigger") else 1)
            v[j] = 1.0
        return v


def in_dates(toks: list) -> set[int]:
    """Positions in `toks` (consecutive tokens of one Doc) of the tokens inside a date expression
    (wartrace.analysis.dates.finder: month names capitalised, "in March", "16 March", "March 2018")."""
    if not toks:
        return set()
    start = toks[0].idx
    text = toks[0].doc.text[start:toks[-1].idx + len(toks[-1])]
    spans = [(m.start() + start, m.end() + start) for m in finder().finditer(text)]
    return {k for k, t in enumerate(toks) if any(a <= t.idx < b for a, b in spans)} if spans else set()


@lru_cache(maxsize=1)
def trigger_lexicon() -> TriggerLexicon:
    return TriggerLexicon(load_yaml("events/triggers.yaml"))


# ---------------------------------------------------------------- the repository's labelled examples

def repo_examples() -> list[tuple[str, str]]:
    data = load_yaml("events/examples.yaml")["examples"]
    return [(text, code) for code, texts in data.items() for text in texts]


# ---------------------------------------------------------------- features

def light_nlp(choice: str):
    """spaCy (models.spacy names which) with only what lemmas need: trigger matching on training text."""

    return load_spacy(choice, disable=("parser", "ner"))


SMALL_BATCH = 32


def embed(embedder, texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    import torch

    # One document's few sentences: intra-op threads cost more in synchronisation than they
    # save, and on a shared CPU they make a 3-sentence call ~6x slower (measured 0.48 s vs
    # 0.08 s). Run small calls on one thread and put the setting back afterwards.
    threads = torch.get_num_threads()
    if len(texts) <= SMALL_BATCH and threads > 1:
        torch.set_num_threads(1)
    try:
        x = embedder.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False,
                            convert_to_numpy=True)
    finally:
        if torch.get_num_threads() != threads:
            torch.set_num_threads(threads)
    return np.round(x.astype(np.float32), 5)


def featurize(embeddings: np.ndarray, trig: np.ndarray) -> np.ndarray:
    return np.hstack([embeddings, TRIGGER_WEIGHT * trig]).astype(np.float32)


def text_features(texts: list[str], embedder, nlp) -> np.ndarray:
    """Embeddings and trigger features of each text; `nlp` is light_nlp(models.spacy)."""
    lex = trigger_lexicon()
    trig = np.stack([lex.features(lex.find(d)) for d in nlp.pipe(texts, batch_size=64)]) if texts else \
        np.zeros((0, 2 * len(lex.codes)), dtype=np.float32)
    return featurize(embed(embedder, texts), trig)


# ---------------------------------------------------------------- the classifier

class EventClassifier:
    """Multinomial LR weights; predict_proba is softmax(X W^T + b), as scikit-learn computes it.
    `vocabulary` and `idf` are the bag of lemmas the typing features read (event_typing.py)."""

    def __init__(self, coef: np.ndarray, intercept: np.ndarray, classes: list[str], meta: dict,
                 vocabulary: list[str] | None = None, idf: np.ndarray | None = None):
        self.coef, self.intercept, self.classes, self.meta = coef, intercept, list(classes), meta
        self.vocabulary = {w: i for i, w in enumerate(vocabulary or [])}
        self.idf = idf if idf is not None else np.zeros(0, dtype=np.float32)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        z = X @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    @classmethod
    def load(cls, path: Path) -> "EventClassifier":
        with np.load(path, allow_pickle=False) as z:
            vocabulary = [str(w) for w in z["vocabulary"]] if "vocabulary" in z.files else None
            return cls(z["coef"], z["intercept"], [str(c) for c in z["classes"]], json.loads(str(z["meta"])),
                       vocabulary, z["idf"] if "idf" in z.files else None)


def input_fingerprint() -> str:
    """SHA-256 over what the gate's features (featurize) are computed from, as the gate records it
    (training/event_gate.py); the classifier records event_typing.input_fingerprint."""
    parts = [FEATURE_VERSION, str(C), str(TRIGGER_WEIGHT)]
    parts += [hashlib.sha256((DATA / name).read_bytes()).hexdigest()
              for name in ("taxonomy.yaml", "triggers.yaml", "examples.yaml")]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def load_classifier(choice: str | bool = "default") -> EventClassifier:
    """The classifier `choice` (models.event_classifier) names: "default" the shipped one
    (hash-checked), else a folder."""
    folder = configured_folder("event_classifier", ARTEFACT, choice)
    if folder is None:
        raise ArtefactError("models.event_classifier is off, but the events component needs a classifier")
    return EventClassifier.load(folder / CLASSIFIER_FILE)
