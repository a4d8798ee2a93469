"""Build the nominal cue proposer shipped in src/wartrace/artefacts/cue-proposer/ (about 2 min).

    python -m wartrace.training build cue-proposer      # `make model` builds every artefact

Trained on PolNeAR's train split (never dev): every candidate of attribution/nominal.py (a noun with
a content-bearing dependent, a "be" with an adjective complement) is an example, positive when a
gold cue span holds it. The threshold is a build parameter chosen on 84 train articles held out by
a fixed shuffle (random.Random(0), as the cue scorer's), scoring the claims the product prints
(source + cue + content overlap F1), with weights fitted on the other train articles; the shipped
weights are then refit on every train article.
"""
from __future__ import annotations

from pathlib import Path

from wartrace.analysis.attribution import quotations_of
from wartrace.analysis.attribution.nominal import candidate, nominal_features
from wartrace.analysis.nominal_cues import ARTEFACT, FEATURE_VERSION
from wartrace.analysis.resources import Resources
from wartrace.evaluation.attribution import load_polnear
from wartrace.hashing import sha256_file
from wartrace.training import provenance
from wartrace.training.cue_scorer import TRAINING, fit

# The 84 held-out train articles, sum of the product's three overlap F1s (attribution_product's
# claim spans) by threshold; 2.3281 without the proposer. Ties go to the threshold nearer 0.5.
HELD_OUT_SUMS: dict[str, float] = {"0.3": 2.3429, "0.4": 2.3406, "0.5": 2.3429, "0.6": 2.3387, "0.7": 2.3372}
THRESHOLD = 0.5


def examples(articles, docs):
    """(article index, features, is inside a gold cue) for every candidate of the articles."""
    rows = []
    for ai, (art, doc) in enumerate(zip(articles, docs)):
        quotes = quotations_of(doc)
        cues = art.spans["cue"]
        for t in doc:
            f = nominal_features(t, quotes)
            if f is None:
                continue
            w = candidate(t)
            gold = any(s <= x.idx < e for s, e in cues for x in (t, w))
            rows.append((ai, f, gold))
    return rows


def build(root: Path | None = None, c: float = 0.3, limit: int | None = None, docs=None) -> Path:
    root = root or provenance.default_root()
    articles = load_polnear("train", limit)
    if not articles:
        raise SystemExit("PolNeAR train not found: the cue proposer is trained on the shared evaluation data "
                         "(set WARTRACE_EVAL_DIR)")
    docs = docs or list(Resources().nlp.pipe((a.text for a in articles), batch_size=16))
    rows = examples(articles, docs)
    weights, bias = fit(rows, c)
    folder = root / ARTEFACT
    provenance.write_json(folder / "weights.json", {"bias": bias, "weights": weights})
    meta = {"feature_version": FEATURE_VERSION, "trained_on": "PolNeAR train", "train_articles": len(articles),
            "C": c, "candidates": len(rows), "positives": sum(r[2] for r in rows), "threshold": THRESHOLD,
            "held_out_sums": HELD_OUT_SUMS, "files": {"weights.json": sha256_file(folder / "weights.json")}}
    provenance.write_json(folder / "meta.json", meta)
    provenance.finish(folder, ARTEFACT, ["weights.json", "meta.json"],
                      dict(TRAINING, split="train", articles=len(articles),
                           seeds="threshold chosen on 84 held-out train articles (random.Random(0) shuffle); "
                                 "lbfgs has no random state"),
                      "make model (python -m wartrace.training build cue-proposer)", root)
    return folder
