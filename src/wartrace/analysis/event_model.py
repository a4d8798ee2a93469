"""The ACLED event classifier: sentence embeddings + lexical trigger features -> logistic regression.

    python -m wartrace.analysis.event_model build [--no-train] [--out PATH]

rebuilds the artefact (a small .npz of LR weights, about 100 KB) from the CASE-2021 training
split in the shared evaluation data (`eval_dir()/events/train.tsv`) plus the labelled sentences
written into the repository (data/events/examples.yaml). The artefact is derived from that
training text, so it is built, not committed; `load_classifier()` builds it on first use when it
is missing or stale (its fingerprint covers every input), and trains on the repository's
examples alone when the evaluation data is not there.

Determinism: fixed inputs in a fixed order, lbfgs (no random state involved), float32
embeddings rounded before training, so a rebuild predicts identically.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from wartrace.config import load_yaml

FEATURE_VERSION = "events-lr/1"
C = 4.0  # chosen by 5-fold cross-validation on train.tsv (see `cv` subcommand), never on dev
TRIGGER_WEIGHT = 0.35  # scale of the binary trigger features next to the unit-length embedding
ARTEFACT_NAME = "events-classifier.npz"
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
    """Matches the words of data/events/triggers.yaml on lower-case forms or lemmas."""

    KINDS = ("triggers", "strong", "cues", "agents")

    def __init__(self, data: dict):
        self.codes = acled_codes()
        self.agent_retypes = set(data.get("agent_retypes", []))
        # first word -> [(words, pos per word, code, kind)]
        self.index: dict[str, list[tuple[tuple[str, ...], tuple[str | None, ...], str, str]]] = {}
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

    @staticmethod
    def _forms(tok) -> tuple[str, str]:
        return tok.lower_, tok.lemma_.lower()

    def find(self, tokens) -> list[TriggerHit]:
        """All hits in a spaCy Doc or Span (token indices relative to the Doc)."""
        toks = list(tokens)
        hits: list[TriggerHit] = []
        forms = [self._forms(t) for t in toks]
        for i, (low, lem) in enumerate(forms):
            cands = self.index.get(low, []) + (self.index.get(lem, []) if lem != low else [])
            for words, pos, code, kind in cands:
                n = len(words)
                if i + n > len(toks):
                    continue
                ok = all(words[k] in forms[i + k] and (pos[k] is None or toks[i + k].pos_ == pos[k])
                         for k in range(n))
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


@lru_cache(maxsize=1)
def trigger_lexicon() -> TriggerLexicon:
    return TriggerLexicon(load_yaml("events/triggers.yaml"))


# ---------------------------------------------------------------- training data

def repo_examples() -> list[tuple[str, str]]:
    data = load_yaml("events/examples.yaml")["examples"]
    return [(text, code) for code, texts in data.items() for text in texts]


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


def default_train_path() -> Path:
    from wartrace.evaluation.report import eval_dir

    return eval_dir() / "events" / "train.tsv"


# ---------------------------------------------------------------- features

def light_nlp():
    """spaCy with only what lemmas need: trigger matching on training text."""
    from wartrace.analysis.models import load_spacy

    return load_spacy(disable=("parser", "ner"))


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


def text_features(texts: list[str], embedder, nlp=None) -> np.ndarray:
    nlp = nlp or light_nlp()
    lex = trigger_lexicon()
    trig = np.stack([lex.features(lex.find(d)) for d in nlp.pipe(texts, batch_size=64)]) if texts else \
        np.zeros((0, 2 * len(lex.codes)), dtype=np.float32)
    return featurize(embed(embedder, texts), trig)


# ---------------------------------------------------------------- the classifier

class EventClassifier:
    """Multinomial LR weights; predict_proba is softmax(X W^T + b), as scikit-learn computes it."""

    def __init__(self, coef: np.ndarray, intercept: np.ndarray, classes: list[str], meta: dict):
        self.coef, self.intercept, self.classes, self.meta = coef, intercept, list(classes), meta

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        z = X @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        np.savez(buf, coef=self.coef, intercept=self.intercept, classes=np.array(self.classes),
                 meta=np.array(json.dumps(self.meta, sort_keys=True)))
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(buf.getvalue())
        os.replace(tmp, path)  # atomic: parallel builders never leave a half-written file
        return path

    @classmethod
    def load(cls, path: Path) -> "EventClassifier":
        with np.load(path, allow_pickle=False) as z:
            return cls(z["coef"], z["intercept"], [str(c) for c in z["classes"]], json.loads(str(z["meta"])))


def fit(X: np.ndarray, y: list[str], c: float = C):
    from sklearn.linear_model import LogisticRegression

    # balanced weights: the training split is 40% of each class, so rare classes need the lift
    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced", random_state=0).fit(X, y)


def _sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def repo_fingerprint() -> str:
    from wartrace.analysis.models import embedding_model_dir

    parts = [FEATURE_VERSION, str(C), str(TRIGGER_WEIGHT), str(embedding_model_dir()[0])]
    for name in ("taxonomy.yaml", "triggers.yaml", "examples.yaml"):
        parts.append(_sha((DATA / name).read_bytes()))
    return _sha("\n".join(parts).encode())


def train_fingerprint(train_path: Path | None) -> str | None:
    return _sha(train_path.read_bytes()) if train_path and train_path.exists() else None


def build(out: Path | None = None, train_path: Path | None = None, use_train: bool = True,
          embedder=None) -> Path:
    """Train and save the classifier; returns the artefact path."""
    out = out or artefact_path()
    train_path = train_path or default_train_path()
    rows = list(repo_examples())
    used_train = use_train and train_path.exists()
    if used_train:
        rows += case_rows(train_path)
    elif use_train:
        print(f"wartrace events: {train_path} not found; training on the repository's examples alone",
              file=sys.stderr)
    if embedder is None:
        from wartrace.analysis.models import load_embedder

        embedder = load_embedder()
    texts, labels = [t for t, _ in rows], [l for _, l in rows]
    X = text_features(texts, embedder)
    model = fit(X, labels)
    meta = {"feature_version": FEATURE_VERSION, "repo_fingerprint": repo_fingerprint(),
            "train_fingerprint": train_fingerprint(train_path) if used_train else None,
            "trained_on": (["data/events/examples.yaml"] + (["eval:events/train.tsv"] if used_train else [])),
            "n_examples": len(rows), "C": C, "trigger_weight": TRIGGER_WEIGHT}
    clf = EventClassifier(model.coef_.astype(np.float32), model.intercept_.astype(np.float32),
                          list(model.classes_), meta)
    return clf.save(out)


def artefact_path() -> Path:
    env = os.environ.get("WARTRACE_MODEL_DIR")
    if env:
        return Path(env) / ARTEFACT_NAME
    repo = Path(__file__).resolve().parents[3]
    if (repo / "pyproject.toml").exists() and os.access(repo, os.W_OK):
        return repo / "models" / ARTEFACT_NAME
    return Path.home() / ".cache" / "wartrace" / "models" / ARTEFACT_NAME


def is_current(clf: EventClassifier, train_path: Path | None = None) -> bool:
    meta = clf.meta
    if meta.get("repo_fingerprint") != repo_fingerprint():
        return False
    train_path = train_path or default_train_path()
    if train_path.exists():
        return meta.get("train_fingerprint") == train_fingerprint(train_path)
    return True  # no evaluation data here: any artefact built from the same repository inputs will do


def load_classifier(path: Path | None = None, embedder=None) -> EventClassifier:
    """Load the artefact, rebuilding it first when it is missing or was built from other inputs."""
    path = path or artefact_path()
    if path.exists():
        clf = EventClassifier.load(path)
        if is_current(clf):
            return clf
        print(f"wartrace events: {path} is stale; rebuilding", file=sys.stderr)
    else:
        print(f"wartrace events: building {path} (first use)", file=sys.stderr)
    return EventClassifier.load(build(path, embedder=embedder))


def cross_validate(train_path: Path | None = None, cs=(1.0, 2.0, 4.0, 10.0, 30.0), folds: int = 5) -> dict:
    """Pick C on the training split alone (stratified k-fold, macro F1 over ACLED classes)."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    from wartrace.analysis.models import load_embedder

    rows = case_rows(train_path or default_train_path())
    ex = repo_examples()
    X = text_features([t for t, _ in rows], load_embedder())
    Xe = text_features([t for t, _ in ex], load_embedder())
    y = np.array([l for _, l in rows])
    ye = [l for _, l in ex]
    acled = acled_codes()
    out = {}
    for c in cs:
        preds = np.empty(len(y), dtype=object)
        for tr, te in StratifiedKFold(folds, shuffle=True, random_state=0).split(X, y):
            m = fit(np.vstack([X[tr], Xe]), list(y[tr]) + ye, c)
            preds[te] = m.predict(X[te])
        mask = np.isin(y, acled)
        out[c] = (f1_score(y[mask], preds[mask], labels=acled, average="weighted"),
                  f1_score(y[mask], preds[mask], labels=acled, average="macro"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wartrace.analysis.event_model")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="rebuild the event classifier artefact")
    b.add_argument("--out", type=Path, default=None)
    b.add_argument("--no-train", action="store_true", help="train on the repository's examples only")
    sub.add_parser("cv", help="cross-validate C on the training split")
    args = ap.parse_args(argv)
    if args.cmd == "build":
        path = build(args.out, use_train=not args.no_train)
        clf = EventClassifier.load(path)
        print(f"{path} ({path.stat().st_size} bytes, {clf.meta['n_examples']} examples, "
              f"trained on {', '.join(clf.meta['trained_on'])})")
    else:
        for c, (w, m) in cross_validate().items():
            print(f"C={c}: weighted F1 {w:.3f}, macro F1 {m:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
