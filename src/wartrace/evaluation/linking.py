"""Incident linking on ECB+ (dev topics): documents as reports, gold `incident_id`.

    python -m wartrace.evaluation.linking [--limit N]

Every document of every topic is clustered at once (the topics are not given to the
linker). ECB+ has no publication dates, so items are undated and blocked by embedding
LSH; what separates the two similar incidents of a topic is the MiniLM embedding of the
lead plus the overlap of salient names and numbers. A document's first line, when it is
its URL (the ECB+ "plus" documents), goes into `Document.url`, not into the text: the URL
would give away which of the two incidents a document belongs to.
"""
from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter, defaultdict
from itertools import combinations

from wartrace.analysis.resources import Resources
from wartrace.evaluation.report import eval_dir, table, write_section
from wartrace.linking.incidents import Linker, link
from wartrace.linking.items import embed_items, report_item
from wartrace.model import Analysis, Document

NAME = "linking"


def b_cubed(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    g_members, p_members = defaultdict(set), defaultdict(set)
    for k, v in gold.items():
        g_members[v].add(k)
    for k, v in pred.items():
        p_members[v].add(k)
    p = r = 0.0
    for k in gold:
        g, c = g_members[gold[k]], p_members[pred[k]]
        inter = len(g & c)
        p += inter / len(c)
        r += inter / len(g)
    p, r = p / len(gold), r / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    keys = sorted(gold)
    tp = fp = fn = 0
    for a, b in combinations(keys, 2):
        same_g, same_p = gold[a] == gold[b], pred[a] == pred[b]
        tp += same_g and same_p
        fp += same_p and not same_g
        fn += same_g and not same_p
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_documents(limit: int | None = None):

    path = eval_dir() / "linking" / "ecbplus_dev.jsonl"
    docs, gold = [], {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            sents = list(row["sentences"])
            url = None
            if sents and re.match(r"\s*https?\s*:", sents[0]):
                url = sents.pop(0).replace(" ", "")
            doc_id = "ecb:" + row["doc_name"]
            docs.append(Document(id=doc_id, text="\n".join(sents), url=url, language="en"))
            gold[doc_id] = row["incident_id"]
    if limit:
        # A whole-topic sample keeps both incidents of each topic together.
        topics = sorted({g.split("_")[0] for g in gold.values()}, key=int)[: max(1, limit)]
        keep = {d for d, g in gold.items() if g.split("_")[0] in topics}
        docs = [d for d in docs if d.id in keep]
        gold = {d: g for d, g in gold.items() if d in keep}
    return docs, gold


def report_items(docs, resources=None):
    """Report items with embeddings from the documents (no analysis components needed)."""

    resources = resources or Resources()
    items = [report_item(Analysis(document=d)) for d in docs]
    embed_items(items, resources.embedder)
    return items


def cluster(items, config=None, batches: int = 1):
    """Link the items at once (greedy + refine), or attach them in `batches` without any rebuild."""

    if batches == 1:
        lk = link(items, config)
    else:
        lk = Linker(config)
        size = -(-len(items) // batches)
        for i in range(0, len(items), size):
            lk.attach(items[i:i + size])
    return {it.document_id: lk.item_incident[it.id] for it in items}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=None, help="only the first N topics")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv if argv is not None else [])  # make eval calls main() with no arguments
    docs, gold = load_documents(args.limit)
    t0 = time.perf_counter()
    items = report_items(docs)
    pred = cluster(items)
    secs = time.perf_counter() - t0
    bp, br, bf = b_cubed(gold, pred)
    pp, pr, pf = pairwise(gold, pred)
    inc = cluster(items, batches=4)
    ip, ir, i_f = b_cubed(gold, inc)
    n_pred = len(set(pred.values()))
    sizes = Counter(Counter(pred.values()).values())
    md = (
        "## Incident linking (ECB+ dev topics)\n\n"
        f"`python -m wartrace.evaluation.linking`: {len(docs)} documents, {len(set(gold.values()))} gold incidents "
        f"in {len({g.split('_')[0] for g in gold.values()})} topics, clustered all at once (topics not given). "
        f"Items are whole documents (type Other, undated: ECB+ has no publication dates), linked by MiniLM "
        f"embedding of the lead + IDF-weighted overlap of salient names and numbers (weight 0.45/0.55, "
        f"threshold 0.40), blocked by embedding LSH, placed greedily and then refined for two rounds. "
        f"The ECB+ \"plus\" documents' leading URL line is moved out of the text. Thresholds were set on this "
        f"set (the only split here), so the figures are optimistic.\n\n"
        + table(["metric", "precision", "recall", "F1"],
                [["B³", bp, br, bf], ["pairwise", pp, pr, pf],
                 ["B³, incremental (4 batches attached, no rebuild or refine)", ip, ir, i_f]])
        + f"\n\nPredicted incidents: {n_pred} (singletons: {sizes.get(1, 0)}); linking took {secs:.1f} s "
        "including embedding. Target B³ F1 ≥ 0.85.\n"
    )
    print(md)
    if not args.no_write:
        write_section(NAME, md)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
