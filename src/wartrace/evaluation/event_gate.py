"""The event gate ("no ACLED event" before typing), scored from the product's events.

    python -m wartrace.evaluation.event_gate [--no-write]

Data, labelled EVENT / NOT_EVENT:
- CASE-2021 train (`events/train.tsv`): its ACLED classes are events, its five non-ACLED classes
  (disasters, diplomacy, organised crime, attribution) are not;
- CASE-2021 dev (`events/dev.tsv`): ACLED classes only, so events only; never trained on;
- sentences of the shared corpora and whole feed items labelled by reading (data/events/gate_labels.yaml).

The split is fixed by a hash: a third of the CASE train rows (by id) and a third of the labelled
corpus documents (by document, so no article is on both sides) are held out. The gate
(wartrace.training.event_gate) is fitted, and its C and threshold chosen by cross-validation, on the
other two thirds alone; the held-out third and dev are only scored, here.

What is scored is what a user gets: each CASE snippet is analysed as a document and counts as an
event when the product lists any event; each labelled corpus sentence counts as an event when the
product, analysing the sentence's whole article, lists an event read from that sentence (one of
the event's `mentions` lies in it: merged reports of one happening count for each of their sentences).
The same scoring runs with the gate off (component_config events.gate: off) as the before figure.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from wartrace.analysis.event_gate import load_gate
from wartrace.analysis.events.component import EventsConfig
from wartrace.analysis.pipeline import AnalysisConfig, analyse_batch
from wartrace.analysis.resources import Resources, configured_models
from wartrace.capture.dates import normalise_published
from wartrace.config import load_yaml
from wartrace.evaluation.report import eval_dir, table, write_section
from wartrace.model import Document

LABELS_FILE = "events/gate_labels.yaml"
HELD_OUT_EVERY = 3


@dataclass(frozen=True)
class GateRow:
    key: str  # the split key: case:<id> or the corpus document
    text: str
    is_event: bool
    source: str  # "CASE train", "CASE dev", "corpus"
    corpus: str = ""
    doc_id: str = ""
    start: int = 0
    end: int = 0
    whole: bool = True  # the whole document (a snippet, a feed item), not one sentence of a longer one


def held_out(key: str) -> bool:
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % HELD_OUT_EVERY == 0


def case_rows(name: str = "train") -> list[GateRow]:
    not_acled = set(load_yaml("events/taxonomy.yaml")["not_acled"])
    path = eval_dir() / "events" / f"{name}.tsv"
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            label = r["case_label"].strip()
            if label == "OTHER":
                continue  # CASE's catch-all is neither an ACLED class nor a labelled non-event
            out.append(GateRow(f"case:{r['id']}", r["text"].strip(), label not in not_acled, f"CASE {name}"))
    return out


def _corpus_texts(corpus: str, ids: set[str]) -> dict[str, dict]:
    """Rows of a corpus by id, each with its `text` and `published` as capture reads them: a feed item
    (no `id`, no `text`) is known by its link and is its title and standfirst."""
    out = {}
    with open(eval_dir() / "corpus" / corpus, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            key = str(row.get("id") or row.get("link"))
            if key in ids:
                if "text" not in row:
                    row = dict(row, text="\n\n".join(x for x in (row.get("title"), row.get("description")) if x),
                               published=row.get("date_published"))
                out[key] = row
    return out


def corpus_rows() -> list[GateRow]:
    """The labelled corpus sentences (UNSURE left out), their text read back and checked."""
    labels = [x for x in load_yaml(LABELS_FILE)["labels"] if x["label"] in ("EVENT", "NOT_EVENT")]
    by_corpus: dict[str, set[str]] = defaultdict(set)
    for x in labels:
        by_corpus[x["corpus"]].add(str(x["id"]))
    docs = {c: _corpus_texts(c, ids) for c, ids in by_corpus.items()}
    out = []
    for x in labels:
        doc = docs[x["corpus"]].get(str(x["id"]))
        if doc is None:
            raise ValueError(f"{LABELS_FILE}: {x['corpus']} has no row {x['id']}")
        text = doc["text"][x["start"]:x["end"]]
        if hashlib.sha256(text.encode()).hexdigest()[:12] != x["sha256"]:
            raise ValueError(f"{LABELS_FILE}: {x['corpus']} row {x['id']} [{x['start']}:{x['end']}] changed")
        out.append(GateRow(f"{x['corpus']}:{x['id']}", text, x["label"] == "EVENT", "corpus",
                           x["corpus"], str(x["id"]), x["start"], x["end"],
                           whole=x["start"] == 0 and x["end"] == len(doc["text"])))
    return out


def training_rows() -> list[GateRow]:
    """What the gate is fitted on: everything labelled that is not held out (dev never)."""
    return [r for r in case_rows("train") + corpus_rows() if not held_out(r.key)]


def scored_rows() -> list[GateRow]:
    return [r for r in case_rows("train") + corpus_rows() if held_out(r.key)] + case_rows("dev")


# ---------------------------------------------------------------- the product's answer

def product_events(rows: list[GateRow], gate: str | None = None, threshold: float | None = None) -> list[list]:
    """The events the product lists for each row (see the module's docstring): all of a snippet's or
    feed item's, or those of the row's article with a mention in the row's sentence. `gate` is
    component_config events.gate ("off", a folder), `threshold` its events.gate_threshold; None: as
    configured."""

    config = AnalysisConfig.current()
    if gate is not None or threshold is not None:
        conf = dict(config.settings)
        cc = dict(conf.get("component_config") or {})
        events = dict(cc.get("events") or {})
        if gate is not None:
            events["gate"] = gate
        if threshold is not None:
            events["gate_threshold"] = threshold
        cc["events"] = events
        conf["component_config"] = cc
        config = AnalysisConfig(config.components, conf)
    resources = Resources(config.models)
    found: dict[int, list] = {}
    snippets = [i for i, r in enumerate(rows) if r.source != "corpus"]
    for k in range(0, len(snippets), 64):
        part = snippets[k:k + 64]
        docs = [Document(id=rows[i].key, text=rows[i].text, language="en") for i in part]
        for i, a in zip(part, analyse_batch(docs, resources, config)):
            found[i] = list(a.events)
    by_doc: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r.source == "corpus":
            by_doc[(r.corpus, r.doc_id)].append(i)
    texts = {c: _corpus_texts(c, {d for cc, d in by_doc if cc == c}) for c in {c for c, _ in by_doc}}
    keys = sorted(by_doc)
    for k in range(0, len(keys), 16):
        part = keys[k:k + 16]
        docs = [Document(id=f"{c}:{d}", text=texts[c][d]["text"], language="en",
                         published=normalise_published(texts[c][d].get("published"))) for c, d in part]
        for key, a in zip(part, analyse_batch(docs, resources, config)):
            for i in by_doc[key]:
                found[i] = [e for e in a.events if any(rows[i].start <= m.start < rows[i].end
                                                       for m in (e.mentions or [e.trigger]))]
    return [found[i] for i in range(len(rows))]


def product_predictions(rows: list[GateRow], gate_off: bool = False) -> list[bool]:
    """Whether the product lists an event for each row (see the module's docstring)."""
    return [bool(e) for e in product_events(rows, "off" if gate_off else None)]


def non_event_scores(gold_event: list[bool], pred_event: list[bool]) -> dict:
    tp = sum(not g and not p for g, p in zip(gold_event, pred_event))
    pred_n = sum(not p for p in pred_event)
    gold_n = sum(not g for g in gold_event)
    ev_tp = sum(g and p for g, p in zip(gold_event, pred_event))
    return {"precision": tp / pred_n if pred_n else 0.0, "recall": tp / gold_n if gold_n else 0.0,
            "event_recall": ev_tp / (len(gold_event) - gold_n) if len(gold_event) > gold_n else 0.0,
            "non_events": gold_n, "events": len(gold_event) - gold_n}


def main(argv: list[str] | None = None) -> int:

    ap = argparse.ArgumentParser(prog="python -m wartrace.evaluation.event_gate")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--quick", action="store_true", help="the shipped product only, not the gate-off figure")
    args = ap.parse_args(argv if argv is not None else [])
    rows = scored_rows()
    gold = [r.is_event for r in rows]
    gate = load_gate(configured_models().get("event_gate", "default"))
    after = product_predictions(rows)
    before = after if args.quick else product_predictions(rows, gate_off=True)
    lines = []
    for name, pred in (("gate off (before)", before), ("product as shipped (gate on)", after)):
        for source in ("all", "CASE train (held-out third)", "corpus (held-out third)", "CASE dev"):
            sel = [i for i, r in enumerate(rows) if source == "all" or source.startswith(r.source)]
            s = non_event_scores([gold[i] for i in sel], [pred[i] for i in sel])
            lines.append([name, source, s["non_events"], s["events"], s["precision"] if s["non_events"] else "-",
                          s["recall"] if s["non_events"] else "-", s["event_recall"]])
    meta = gate.meta if gate else {}
    product = EventsConfig()
    md = ["## Events: the gate before typing (no ACLED event), held-out", "",
          "`python -m wartrace.evaluation.event_gate`. Gold: CASE-2021 train's non-ACLED classes against its "
          "ACLED ones, CASE-2021 dev (ACLED only), and sentences of the shared corpora and whole rss_2022 items labelled EVENT/NOT_EVENT by "
          "reading (`data/events/gate_labels.yaml`, with where each sentence is). Scored on the held-out third "
          "(by hash of the CASE row id or the corpus document) and dev; the gate was fitted, and its C and "
          f"threshold (C={meta.get('C')}, P(event) ≥ {meta.get('threshold')}) chosen by grouped "
          f"{meta.get('folds')}-fold cross-validation, on the other two thirds alone; the product applies it at "
          f"P(event) ≥ {product.gate_threshold}, a sentence of a longer text passing lower by the margins of "
          f"EventsConfig (a trigger dated by a past year {product.year_dated_margin}, another unit of its document "
          f"at P(event) ≥ {product.context_p} {product.context_margin}, a place named {product.place_margin}), chosen "
          "on the tuning thirds out of fold (python -m wartrace.training.gate_tuning). Predicted: the product lists "
          "an event for the snippet or feed item, or an event read from the labelled sentence (one of its `mentions` "
          "lies in it) when its whole article is analysed. Non-event precision and recall are the targets (≥ 0.90 each); event recall shows the cost.",
          "",
          table(["pipeline", "rows", "non-events", "events", "non-event P", "non-event R", "event recall"], lines)]
    text = "\n".join(md)
    print(text)
    if not args.no_write:
        write_section("event-gate", text)
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
