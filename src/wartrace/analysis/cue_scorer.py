"""A learned gate for attribution cue verbs: which verbs in a parse are cues.

The rules take a verb as a cue when its lemma and complement frame are in the mined table
(data/lexicons/cues.yaml). That table sees one feature at a time; this scorer is a logistic
regression over the same parse, with the lemma crossed with its frame, its dependency and the
kind of subject it has, so "X wants to …" and "voters want …" can differ. It is trained on
PolNeAR's train split, so like the event classifier it is built, never committed:

    python -m wartrace.analysis.cue_scorer build     # ~2 min on 2 cores; `make model` and `make eval` run it

models.cue_scorer in pipeline.yaml: "built" (the default) uses models/cue-scorer when it has been
built and the mined table alone when not; "off" never uses it; anything else is a folder.
The scorer widens PolNeAR-style attribution; the claims ledger still takes a verb the rules did not
accept only when it is a curated speech verb (claims._ledger_worthy).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from functools import lru_cache
from pathlib import Path

FEATURE_VERSION = 1
ARTEFACT_DIR = "cue-scorer"
_CHILD_DEPS = ("ccomp", "xcomp", "dobj", "prep", "nsubj", "nsubjpass", "agent", "dative")


def cue_features(tok, quotes, lex) -> dict[str, float]:
    """Sparse features of a verb token: lemma, frame, dependency, tag, subject kind and their crosses."""
    from wartrace.analysis.attribution import _subject, verb_frame

    lemma = tok.lemma_.lower()
    frame = verb_frame(tok, quotes)
    subj = _subject(tok)
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
    return f


class CueScorer:
    def __init__(self, weights: dict[str, float], bias: float, threshold: float, meta: dict):
        self.weights, self.bias, self.threshold, self.meta = weights, bias, threshold, meta

    def prob(self, tok, quotes, lex) -> float:
        import math

        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in cue_features(tok, quotes, lex).items())
        return 1.0 / (1.0 + math.exp(-z))

    def accepts(self, tok, quotes, lex) -> bool:
        return self.prob(tok, quotes, lex) >= self.threshold

    def save(self, folder: Path) -> Path:
        from wartrace.analysis.models import sha256_file

        folder.mkdir(parents=True, exist_ok=True)
        weights = folder / "weights.json"
        weights.write_text(json.dumps({"bias": self.bias, "weights": self.weights}, sort_keys=True), encoding="utf-8")
        meta = dict(self.meta, threshold=self.threshold, files={"weights.json": sha256_file(weights)})
        (folder / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True), encoding="utf-8")
        return folder

    @classmethod
    def load(cls, folder: Path) -> "CueScorer":
        from wartrace.analysis.models import check_hashes_recorded

        check_hashes_recorded(folder)
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("feature_version") != FEATURE_VERSION:
            raise ValueError(f"{folder}: built with cue features v{meta.get('feature_version')}, this code has "
                             f"v{FEATURE_VERSION}; rebuild it (python -m wartrace.analysis.cue_scorer build)")
        data = json.loads((folder / "weights.json").read_text(encoding="utf-8"))
        return cls(data["weights"], float(data["bias"]), float(meta["threshold"]), meta)


def artefact_path() -> Path:
    from wartrace.analysis.attribution_tagger import model_dir

    return model_dir() / ARTEFACT_DIR


@lru_cache(maxsize=4)
def load_cue_scorer(choice: str | None = None) -> CueScorer | None:
    """The scorer named by `choice`, else by the configuration (models.cue_scorer); None when off or not built."""
    from wartrace.analysis.models import built_model_folder

    folder = built_model_folder("cue_scorer", "built", choice, artefact_path(), "weights.json", "a scorer")
    return CueScorer.load(folder) if folder is not None else None


def _examples(articles, docs, lex):
    """(article index, features, is a gold cue head) for every verb of the articles."""
    from wartrace.analysis.attribution import _quotes
    from wartrace.evaluation.attribution import gold_cue_verbs

    rows = []
    for ai, (art, doc) in enumerate(zip(articles, docs)):
        heads = {root.i for root, _ in gold_cue_verbs(art, doc)}
        quotes = _quotes(doc)
        for t in doc:
            if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound"):
                rows.append((ai, cue_features(t, quotes, lex), t.i in heads))
    return rows


def _fit(rows, c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([r[1] for r in rows])
    model = LogisticRegression(C=c, max_iter=3000).fit(x, [r[2] for r in rows])
    weights = {name: float(w) for name, w in zip(vec.feature_names_, model.coef_[0]) if abs(w) > 1e-6}
    return weights, float(model.intercept_[0])


def build(out: Path | None = None, holdout: float = 0.1, c: float = 0.3, limit: int | None = None,
          thresholds=(0.3, 0.35, 0.4, 0.45, 0.5)) -> Path:
    """Train on PolNeAR train; choose the threshold on held-out train articles by the sum of the three
    target F1s (source overlap, content overlap, cue exact); refit on every train article."""
    from wartrace.analysis.attribution import load_cue_lexicon
    from wartrace.analysis.resources import Resources
    from wartrace.evaluation.attribution import load_polnear

    t0 = time.perf_counter()
    lex = load_cue_lexicon()
    articles = load_polnear("train", limit)
    docs = list(Resources().nlp.pipe((a.text for a in articles), batch_size=16))
    rows = _examples(articles, docs, lex)
    order = list(range(len(articles)))
    random.Random(0).shuffle(order)
    held = set(order[:max(1, int(len(order) * holdout))])
    weights, bias = _fit([r for r in rows if r[0] not in held], c)
    trial = CueScorer(weights, bias, 0.5, {})
    scores = {}
    for th in thresholds:
        trial.threshold = th
        scores[th] = _held_out_sum([articles[i] for i in sorted(held)], [docs[i] for i in sorted(held)], trial)
    best = max(scores, key=lambda th: (scores[th], -abs(th - 0.5)))
    weights, bias = _fit(rows, c)
    meta = {"feature_version": FEATURE_VERSION, "trained_on": "PolNeAR train", "train_articles": len(articles),
            "held_out_articles": len(held), "C": c, "verbs": len(rows),
            "held_out_sums": {str(k): round(v, 4) for k, v in scores.items()},
            "seconds": round(time.perf_counter() - t0, 1)}
    return CueScorer(weights, bias, best, meta).save(out or artefact_path())


def _held_out_sum(articles, docs, scorer) -> float:
    from wartrace.evaluation.attribution import _count, _scores, predict_spans, target_f1, zero_counts

    counts = zero_counts()
    for art, doc in zip(articles, docs):
        _count(counts, predict_spans(art.text, doc, scorer=scorer), art.spans)
    return sum(target_f1(_scores(counts)).values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="train on PolNeAR train (the evaluation data) and write models/cue-scorer")
    b.add_argument("--limit", type=int, default=None, help="train on the first N articles only (smoke tests)")
    b.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    path = build(args.out, limit=args.limit)
    meta = json.loads((path / "meta.json").read_text())
    print(f"{path}: threshold {meta['threshold']} (held-out sums {meta['held_out_sums']}), "
          f"{meta['verbs']} verbs, {meta['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
