"""Build the attribution tagger from PolNeAR's train split (never its dev split).

    python -m wartrace.training.attribution_tagger build [--epochs 3] [--holdout 0.1]

Fine-tunes the pinned MiniLM encoder with attribution_tagger's two BIO heads on every train
article (the first annotator's file, as the evaluation reads dev), and writes
models/attribution-tagger/{weights.pt,meta.json}. `--holdout F` keeps a fraction of train
articles out and scores them each epoch: that is how the epoch count was chosen, never on dev.
Seeds are fixed; on the CPU a rebuild takes about 15-25 minutes on two cores.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

from wartrace.analysis.attribution_tagger import (
    CONTENT_LABELS,
    FRAME_LABELS,
    WINDOW,
    AttributionTagger,
    artefact_path,
    build_network,
    decode_words,
)
from wartrace.analysis.models import check_hashes, embedding_model_dir
from wartrace.analysis.resources import Resources, configured_models
from wartrace.evaluation.attribution import (
    TagOnce,
    count_spans,
    load_polnear,
    predict_spans,
    span_scores,
    target_f1,
    zero_counts,
)
from wartrace.hashing import sha256_file

VERSION = "attribution-tagger/1"
TRAIN_STRIDE = WINDOW  # training windows do not overlap: every token is seen once an epoch
BATCH = 16
LR = 5e-5
SEED = 13


def token_labels(text: str, spans: dict[str, list[tuple[int, int]]], tokenizer):
    """Wordpiece ids, offsets and the two label rows (content; source/cue) of one article."""
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids, offsets = enc["input_ids"], [tuple(o) for o in enc["offset_mapping"]]
    starts = np.array([s for s, _ in offsets])
    ends = np.array([e for _, e in offsets])
    content = np.zeros(len(ids), dtype=np.int64)
    frame = np.zeros(len(ids), dtype=np.int64)

    def mark(row, span, begin_label):
        inside = np.nonzero((starts < span[1]) & (ends > span[0]))[0]
        if len(inside):
            row[inside] = begin_label + 1
            row[inside[0]] = begin_label

    for span in spans.get("content", []):
        mark(content, span, CONTENT_LABELS.index("B-content"))
    for span in spans.get("source", []):
        mark(frame, span, FRAME_LABELS.index("B-source"))
    for span in spans.get("cue", []):  # a cue inside a source span (3 in train) wins
        mark(frame, span, FRAME_LABELS.index("B-cue"))
    return ids, offsets, content, frame


def training_windows(articles, tokenizer):
    rows = []
    for art in articles:
        ids, _, content, frame = token_labels(art.text, art.spans, tokenizer)
        start = 0
        while True:
            end = min(start + WINDOW, len(ids))
            rows.append((ids[start:end], content[start:end], frame[start:end]))
            if end == len(ids):
                break
            start += TRAIN_STRIDE
    return rows


def _batch(rows, tokenizer):
    import torch

    width = max(len(r[0]) for r in rows) + 2
    x = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros_like(x)
    yc = torch.full((len(rows), width), -100, dtype=torch.long)
    yf = torch.full_like(yc, -100)
    for i, (ids, c, f) in enumerate(rows):
        n = len(ids)
        x[i, : n + 2] = torch.tensor([tokenizer.cls_token_id, *ids, tokenizer.sep_token_id])
        mask[i, : n + 2] = 1
        yc[i, 1 : n + 1] = torch.from_numpy(c)
        yf[i, 1 : n + 1] = torch.from_numpy(f)
    return x, mask, yc, yf


def fingerprint(articles, epochs: int) -> str:
    h = hashlib.sha256(f"{VERSION}|{epochs}|{LR}|{BATCH}|{SEED}|{WINDOW}|{TRAIN_STRIDE}".encode())
    for art in articles:
        h.update(art.name.encode())
        h.update(repr(sorted((k, sorted(v)) for k, v in art.spans.items())).encode())
    return h.hexdigest()


def holdout_scores(tagger_net, tokenizer, articles) -> dict[str, float]:
    """Each role's F1 on held-out train articles, in its target's sense (the model-selection signal)."""

    probe = AttributionTagger.from_parts(tokenizer, tagger_net)
    tagger_net.eval()
    counts = zero_counts()
    for art in articles:
        count_spans(counts, probe.tag(art.text).as_dict(), art.spans)
    tagger_net.train()
    return {role: round(f1, 3) for role, f1 in target_f1(span_scores(counts)).items()}


SWITCH_COSTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)


def tune_switch_costs(tagger, articles) -> dict[str, float]:
    """Pick the decoder's switch cost per head on held-out train articles: the content head by
    content overlap F1, the source/cue head by source overlap F1 + cue exact F1."""

    cached = []
    for art in articles:
        enc = tagger.tokenizer(art.text, add_special_tokens=False, return_offsets_mapping=True)
        if not enc["input_ids"]:
            continue
        content, frame = tagger._logits(enc["input_ids"])
        cached.append((art, [tuple(o) for o in enc["offset_mapping"]], enc.word_ids(), content, frame))

    def score(head: str, cost: float) -> float:
        counts = zero_counts()
        for art, offsets, words, content, frame in cached:
            logits, labels = (content, CONTENT_LABELS) if head == "content" else (frame, FRAME_LABELS)
            got = decode_words(logits, labels, offsets, words, cost)
            count_spans(counts, {r: got.get(r, []) for r in art.spans}, art.spans)
        roles = ("content",) if head == "content" else ("source", "cue")
        return sum(target_f1(span_scores(counts), roles).values())

    return {head: max(SWITCH_COSTS, key=lambda c: (score(head, c), -c)) for head in ("content", "frame")}


def split_held_out(articles: list, n_held: int) -> tuple[list, list]:
    """(held out, train): a fixed shuffle, so a later `tune` finds the same held-out articles."""
    articles = list(articles)
    random.Random(SEED).shuffle(articles)
    return articles[:n_held], articles[n_held:]


def build(epochs: int = 3, holdout: float = 0.0, limit: int | None = None, out: Path | None = None,
          checkpoints: Path | None = None, threads: int | None = None) -> Path:
    import torch
    from transformers import AutoTokenizer


    random.seed(SEED)
    torch.manual_seed(SEED)
    if threads:  # on a shared machine one thread beats two that keep preempting each other
        torch.set_num_threads(threads)
    encoder_dir, check = embedding_model_dir(configured_models()["embeddings"])
    if check:
        check_hashes(encoder_dir, "minilm_l6_v2")
    articles = load_polnear("train", limit=limit)
    held, train = split_held_out(articles, int(len(articles) * holdout))
    tokenizer = AutoTokenizer.from_pretrained(str(encoder_dir))
    rows = training_windows(train, tokenizer)
    net = build_network(encoder_dir)
    net.train()
    opt = torch.optim.AdamW(net.parameters(), lr=LR, weight_decay=0.01)
    steps = epochs * math.ceil(len(rows) / BATCH)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: min((k + 1) / warm, max(0.0, (steps - k) / max(1, steps - warm))))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    print(f"{len(train)} articles, {len(rows)} windows, {steps} steps", file=sys.stderr)
    t0, step, history, best = time.time(), 0, [], None
    for epoch in range(epochs):
        order = list(range(len(rows)))
        random.Random(SEED + epoch).shuffle(order)
        for b in range(0, len(order), BATCH):
            x, mask, yc, yf = _batch([rows[i] for i in order[b:b + BATCH]], tokenizer)
            c_out, f_out = net(x, mask)
            loss = loss_fn(c_out.reshape(-1, len(CONTENT_LABELS)), yc.reshape(-1)) + loss_fn(
                f_out.reshape(-1, len(FRAME_LABELS)), yf.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 25 == 0:
                print(f"epoch {epoch + 1} step {step}/{steps} loss {loss.item():.3f} {time.time() - t0:.0f}s", file=sys.stderr)
        if held:
            scores = holdout_scores(net, tokenizer, held)
            history.append({"epoch": epoch + 1, **scores})
            print(f"epoch {epoch + 1} held-out F1 (source/content overlap, cue exact): {scores}", file=sys.stderr)
            if checkpoints is not None:  # inspect an early epoch while training goes on
                checkpoints.mkdir(parents=True, exist_ok=True)
                torch.save(net.state_dict(), checkpoints / f"weights-epoch{epoch + 1}.pt")
            if best is None or sum(scores.values()) > best[0]:
                best = (sum(scores.values()), epoch + 1, {k: v.detach().clone() for k, v in net.state_dict().items()})
    folder = out or artefact_path()
    folder.mkdir(parents=True, exist_ok=True)
    if best is not None:  # keep the epoch that scored best on the held-out train articles
        net.load_state_dict(best[2])
    net.eval()
    torch.save(net.state_dict(), folder / "weights.pt")
    meta = {
        "version": VERSION, "fingerprint": fingerprint(articles, epochs), "epochs": epochs, "lr": LR, "batch": BATCH,
        "seed": SEED, "chosen_epoch": best[1] if best else epochs, "train_articles": len(train), "held_out_articles": len(held), "windows": len(rows),
        "seconds": round(time.time() - t0, 1), "history": history, "encoder": str(encoder_dir.name),
        "files": {"weights.pt": sha256_file(folder / "weights.pt")},
    }
    if held:

        probe = AttributionTagger.from_parts(tokenizer, net)
        meta["switch_cost"] = probe.meta["switch_cost"] = tune_switch_costs(probe, held)
        meta.update(choose_merge(probe, held))
        print(f"chosen on held-out train articles: switch costs {meta['switch_cost']}, nested {meta['nested']}, "
              f"orphans {meta['orphans']}", file=sys.stderr)
    (folder / "meta.json").write_text(json.dumps(meta, indent=2))
    print(f"wrote {folder} in {meta['seconds']} s", file=sys.stderr)
    return folder


def choose_merge(tagger, articles) -> dict[str, bool]:
    """Two choices of the merge, picked together on held-out train articles by source overlap F1 +
    content overlap F1 + cue exact F1 (the issue's three targets): whether attributions nested in
    another's content are reported to PolNeAR scoring (PolNeAR is mostly univocal), and whether
    tagged spans no attribution took are kept as partial attributions (attribution.merge._orphans)."""

    nlp = Resources().nlp
    once = TagOnce(tagger)  # each article tagged once, scored every way
    options = [(nested, orphans) for nested in (False, True) for orphans in (False, True)]
    counts = {o: zero_counts() for o in options}
    for art, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=16)):
        for (nested, orphans), c in counts.items():
            once.meta["orphans"] = orphans
            count_spans(c, predict_spans(art.text, doc, once, nested), art.spans)
    totals = {}
    for (nested, orphans), c in counts.items():
        f1 = target_f1(span_scores(c))
        totals[(nested, orphans)] = sum(f1.values())
        print(f"nested {nested}, orphans {orphans}: held-out F1 {({r: round(v, 3) for r, v in f1.items()})} "
              f"sum {sum(f1.values()):.3f}", file=sys.stderr)
    nested, orphans = max(options, key=lambda o: (totals[o], o == (False, False)))  # ties: the plain merge
    return {"nested": nested, "orphans": orphans}


def held_out_articles(n_held: int):
    """The train articles a build with --holdout kept out (same shuffle, same seed)."""

    return split_held_out(load_polnear("train"), n_held)[0]


def retune(folder: Path) -> dict:

    meta = json.loads((folder / "meta.json").read_text())
    if not meta.get("held_out_articles"):
        raise SystemExit(f"{folder}: built without held-out articles; nothing to tune on")
    tagger = AttributionTagger(folder, embedding_model_dir(configured_models()["embeddings"])[0])
    held = held_out_articles(meta["held_out_articles"])
    meta["switch_cost"] = tagger.meta["switch_cost"] = tune_switch_costs(tagger, held)
    meta.update(choose_merge(tagger, held))
    (folder / "meta.json").write_text(json.dumps(meta, indent=2))
    print(f"{folder}: switch costs {meta['switch_cost']}, nested {meta['nested']}, orphans {meta['orphans']}",
          file=sys.stderr)
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="train on PolNeAR train and write models/attribution-tagger")
    b.add_argument("--epochs", type=int, default=3)
    b.add_argument("--holdout", type=float, default=0.0, help="fraction of train articles scored each epoch")
    b.add_argument("--limit", type=int, default=None, help="train on the first N articles only (smoke runs)")
    b.add_argument("--out", type=Path, default=None)
    b.add_argument("--checkpoints", type=Path, default=None, help="also save each epoch's weights here")
    b.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's choice)")
    t = sub.add_parser("tune", help="re-pick the decoder's switch costs of a built tagger on its held-out articles")
    t.add_argument("folder", type=Path, nargs="?", default=None)
    args = ap.parse_args(argv)
    if args.cmd == "tune":
        retune(args.folder or artefact_path())
        return 0
    build(args.epochs, args.holdout, args.limit, args.out, args.checkpoints, args.threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
