"""Cross-validation of the cue scorer's and the cue proposer's thresholds on what the product prints.

    python -m wartrace.training.cue_cv [--folds 5] [--scorer 0.3 0.35] [--proposer 0.3 0.5] [--limit N]

PolNeAR train only (never dev): its articles are split into folds by a fixed shuffle
(random.Random(0)); for each fold both logistic regressions (training/cue_scorer.py,
training/cue_proposer.py, C 0.3) are fitted on the other folds, and the claims the product
builds from the held-out articles (claims.build_claims, scored as attribution_product scores the
printed JSON) are counted for every pair of thresholds. Prints, per pair, the pooled overlap
P/R/F1 of source, cue and content, exact cue F1, and the per-fold sum of the three overlap F1s.
"""
from __future__ import annotations

import argparse
import random
from dataclasses import asdict

from wartrace.analysis.attribution import load_cue_lexicon, quotations_of
from wartrace.analysis.claims import build_claims, build_lexicons
from wartrace.analysis.cue_scorer import CueScorer, cue_features
from wartrace.analysis.nominal_cues import NominalCues
from wartrace.analysis.resources import Resources
from wartrace.evaluation.attribution import ROLES, count_spans, gold_cue_verbs, load_polnear, span_scores, zero_counts
from wartrace.evaluation.attribution_product import claim_spans
from wartrace.model import Analysis, Document
from wartrace.training import cue_proposer
from wartrace.training.cue_scorer import fit


def cross_validate(folds: int = 5, scorer_ths=(0.3,), proposer_ths=(0.5,), limit: int | None = None,
                   c: float = 0.3) -> dict:
    """(scorer threshold, proposer threshold) -> {"counts": pooled counts, "folds": [sum of overlap F1s]}."""
    articles = load_polnear("train", limit)
    docs = list(Resources().nlp.pipe((a.text for a in articles), batch_size=16))
    lex, claim_lex = load_cue_lexicon(), build_lexicons()
    verbs = []
    for ai, (art, doc) in enumerate(zip(articles, docs)):
        heads = {root.i for root, _ in gold_cue_verbs(art, doc)}
        quotes = quotations_of(doc)
        verbs += [(ai, cue_features(t, quotes, lex), t.i in heads) for t in doc
                  if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound")]
    nominals = cue_proposer.examples(articles, docs)
    order = list(range(len(articles)))
    random.Random(0).shuffle(order)
    fold_of = {a: k % folds for k, a in enumerate(order)}
    out = {(s, p): {"counts": zero_counts(), "folds": []} for s in scorer_ths for p in proposer_ths}
    for k in range(folds):
        sw, sb = fit([r for r in verbs if fold_of[r[0]] != k], c)
        pw, pb = fit([r for r in nominals if fold_of[r[0]] != k], c)
        held = [i for i in range(len(articles)) if fold_of[i] == k]
        for (s, p), acc in out.items():
            scorer, proposer = CueScorer(sw, sb, s, {}), NominalCues(pw, pb, p, {})
            counts = zero_counts()
            for i in held:
                analysis = Analysis(document=Document(id=f"sha256:polnear-{articles[i].name}", text=articles[i].text,
                                                      language="en"))
                claims = build_claims(docs[i], analysis, claim_lex, None, scorer, proposer)
                count_spans(counts, claim_spans({"claims": [asdict(x) for x in claims]}), articles[i].spans)
            for r in ROLES:
                for key, n in counts[r].items():
                    acc["counts"][r][key] += n
            scores = span_scores(counts)
            acc["folds"].append(round(sum(scores[r]["overlap"][2] for r in ROLES), 4))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--scorer", type=float, nargs="+", default=[0.3])
    ap.add_argument("--proposer", type=float, nargs="+", default=[0.3, 0.5])
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    for (s, p), acc in cross_validate(args.folds, args.scorer, args.proposer, args.limit).items():
        sc = span_scores(acc["counts"])
        roles = " ".join(f"{r} {sc[r]['overlap'][0]:.3f}/{sc[r]['overlap'][1]:.3f}/{sc[r]['overlap'][2]:.3f}"
                         for r in ROLES)
        print(f"scorer {s} proposer {p}: overlap P/R/F1 {roles}; cue exact F1 {sc['cue']['exact'][2]:.3f}; "
              f"sum {sum(sc[r]['overlap'][2] for r in ROLES):.4f}; folds {acc['folds']}")


if __name__ == "__main__":
    main()
