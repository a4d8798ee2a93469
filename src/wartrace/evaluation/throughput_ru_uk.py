"""`make bench`: Russian and Ukrainian analysis throughput as a ratio to natasha's own pipeline
(issue 23, last "Done when"), into docs/EVALUATION.md section "bench-ru-uk".

Texts: the sentences of tests/data/ru_uk_dev.yaml and the articles of war_news_2022_2024.jsonl
that wartrace.capture.language.detect_language calls Russian or Ukrainian, grouped by that language.
Baseline: natasha's full pipeline over the same texts (Segmenter, NewsEmbedding, NewsMorphTagger,
NewsSyntaxParser, NewsNERTagger: segment, tag_morph, parse_syntax, tag_ner), models loaded once and
warmed up. These machines are shared and noisy (one try measured natasha at 43, 18 and 9 s on the
same texts within minutes), so natasha and every configuration run in turn, ROUNDS times, and each
is quoted by its fastest round: the run least slowed by other work.
Ratio = natasha seconds / wartrace seconds: higher is better, 1.0 is as fast as natasha's pipeline.
natasha is a Russian pipeline; on Ukrainian text it does the same work on words it partly does not
know, which is the cost a user would compare against.

    python -m wartrace.evaluation.bench throughput_ru_uk
"""
from __future__ import annotations

import hashlib
import json
import time
from functools import partial

from wartrace.analysis.pipeline import analyse_batch
from wartrace.analysis.resources import Resources
from wartrace.capture.language import detect_language
from wartrace.evaluation.report import eval_dir, table, write_section
from wartrace.evaluation.ru_uk import load_rows
from wartrace.model import Document

CONFIGS = {"places+dates": ["places", "dates"],
           "places+dates+claims": ["places", "dates", "hedges", "claims"],
           "full extract": ["places", "dates", "hedges", "claims", "genres", "events"]}
WARM = 4  # texts per language run once before timing, so models and indexes are loaded
ROUNDS = 3


def texts_by_language() -> dict[str, list[tuple[str, str]]]:
    """language -> [(where from, text)]: the development set's sentences, then the corpus articles."""

    out: dict[str, list[tuple[str, str]]] = {"ru": [], "uk": []}
    for row in load_rows():
        out[row["lang"]].append(("dev set", row["text"]))
    path = eval_dir() / "corpus" / "war_news_2022_2024.jsonl"
    if path.exists():
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line)["text"]
                lang = detect_language(text)
                if lang in out:
                    out[lang].append(("war_news", text))
    return out


class Natasha:
    """natasha's own pipeline, every model loaded once."""

    def __init__(self):
        from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter

        emb = NewsEmbedding()
        self.segmenter, self.morph = Segmenter(), NewsMorphTagger(emb)
        self.syntax, self.ner = NewsSyntaxParser(emb), NewsNERTagger(emb)

    def __call__(self, texts: list[str]) -> int:
        from natasha import Doc

        tokens = 0
        for text in texts:
            doc = Doc(text)
            doc.segment(self.segmenter)
            doc.tag_morph(self.morph)
            doc.parse_syntax(self.syntax)
            doc.tag_ner(self.ner)
            tokens += len(doc.tokens)
        return tokens


def _time(fn, arg) -> float:
    t0 = time.perf_counter()
    fn(arg)
    return time.perf_counter() - t0


def _documents(lang: str, texts: list[str]):

    return [Document(id="sha256:" + hashlib.sha256(t.encode()).hexdigest(), text=t, language=lang) for t in texts]


def bench() -> dict:

    groups = texts_by_language()
    natasha = Natasha()
    resources = Resources()
    pipelines = {name: partial(analyse_batch, resources=resources, config=comps) for name, comps in CONFIGS.items()}
    parses = resources.get("slavic.parses", dict)  # claims' parse reused by events: kept within a run only
    rows = []
    for lang, items in groups.items():
        texts = [t for _, t in items]
        docs = _documents(lang, texts)
        natasha(texts[:WARM])
        for p in pipelines.values():
            p(docs[:WARM])
        tokens = natasha(texts)
        base: list[float] = []
        took: dict[str, list[float]] = {name: [] for name in pipelines}
        for _ in range(ROUNDS):  # interleaved, so a busy spell slows one round of each rather than one of them
            base.append(_time(natasha, texts))
            for name, p in pipelines.items():
                parses.clear()
                took[name].append(_time(p, docs))
        for name, times in took.items():
            rows.append({"language": lang, "config": name, "texts": len(texts),
                         "articles": sum(src == "war_news" for src, _ in items), "chars": sum(map(len, texts)),
                         "tokens": tokens, "seconds": min(times), "slowest": max(times),
                         "natasha_seconds": min(base), "natasha_slowest": max(base), "ratio": min(base) / min(times),
                         "chars_per_s": sum(map(len, texts)) / min(times)})
    return {"rows": rows}


def main() -> None:
    out = bench()
    rows = out["rows"]
    first = {r["language"]: r for r in rows}
    md = ["## Russian and Ukrainian analysis throughput (`make bench`, issue 23)", "",
          "Texts: the sentences of `tests/data/ru_uk_dev.yaml` plus the war_news_2022_2024.jsonl articles "
          "that `detect_language` calls Russian or Ukrainian — "
          + "; ".join(f"{lang}: {r['texts']} texts ({r['texts'] - r['articles']} sentences, {r['articles']} articles), "
                      f"{r['chars']:,} characters, {r['tokens']:,} natasha tokens" for lang, r in first.items())
          + ". Baseline: natasha's own pipeline over the same texts in the same run (Segmenter, NewsEmbedding, "
          "NewsMorphTagger, NewsSyntaxParser, NewsNERTagger: segment, tag_morph, parse_syntax, tag_ner). natasha "
          f"and each configuration ran in turn {ROUNDS} times; each is quoted by its fastest round (slowest in "
          "brackets), since the machine is shared. Ratio = natasha seconds / wartrace seconds; higher "
          "is better, 1.0 is as fast as natasha's pipeline. natasha is Russian-only: on Ukrainian text it does "
          "the same work on words it partly does not know. wartrace parses Russian with natasha's segmenter and "
          "syntax parser plus pymorphy3, Ukrainian with tokenize-uk and pymorphy3 "
          "(`python -m wartrace.evaluation.bench throughput_ru_uk`, wartrace/evaluation/throughput_ru_uk.py).", "",
          table(["language", "components", "wartrace s", "natasha s", "ratio", "characters/s"],
                [[r["language"], r["config"], f"{r['seconds']:.2f} ({r['slowest']:.2f})",
                  f"{r['natasha_seconds']:.2f} ({r['natasha_slowest']:.2f})", r["ratio"], round(r["chars_per_s"])]
                 for r in rows])]
    write_section("bench-ru-uk", "\n".join(md))
    print("\n".join(md), flush=True)


if __name__ == "__main__":
    main()
