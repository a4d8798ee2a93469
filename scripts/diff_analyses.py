"""Diff what `wartrace extract` prints before and after one commit.

    python scripts/diff_analyses.py COMMIT [--base REV] [--cache DIR]

Checks out the commit's first parent (or --base) and the commit in temporary worktrees under /tmp and
runs each one's own CLI (`python -m wartrace extract`, with that worktree's src first on PYTHONPATH)
on the seed (samples/cnn-2022-04-22-popasna-intercept.txt, published 2022-04-22) and the 487
war_news_2022_2024 articles, read as evaluation/events_per_doc.py reads them: every row of
corpus/war_news_2022_2024.jsonl, its text, published[:10], language detected from the text (the rows
are given to the CLI as a JSON Lines corpus without a language field, so capture detects it).
Each side's analyses are kept as sorted JSON lines (one per document, keyed "seed" or the article
id) in the cache, named by commit hash, so a commit shared by two pairs runs once. The report lists
identical and differing documents, which top-level fields differ, and the first examples.
Run it niced, one commit at a time: each side takes minutes. --reach only lists the commit's changed
files and which of them the after side's CLI imports (or reads: every non-.py file under src counts)
when it analyses the seed: a commit that changes none of them cannot change what extract prints.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = Path(sys.executable)  # the project's venv: the same packages on both sides
SEED, SEED_PUBLISHED = "samples/cnn-2022-04-22-popasna-intercept.txt", "2022-04-22"
# the evaluation data as the evaluation modules find it (WARTRACE_EVAL_DIR, else ../shared/eval)
CORPUS = Path(os.environ.get("WARTRACE_EVAL_DIR") or REPO.parent / "shared" / "eval") / "corpus" / \
    "war_news_2022_2024.jsonl"


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], check=True, capture_output=True, text=True).stdout.strip()


def corpus_input(folder: Path) -> tuple[Path, list[str]]:
    """The articles as events_per_doc reads them, written as a corpus the CLI accepts."""
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    path = folder / "war_news_2022_2024.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps({"id": r["id"], "text": r["text"],
                                 "published": (r.get("published") or "")[:10] or None}, ensure_ascii=False) + "\n")
    return path, [r["id"] for r in rows]


def analyses(commit: str, corpus: Path, ids: list[str], cache: Path) -> dict[str, dict]:
    out = cache / f"{commit}.jsonl"
    if not out.exists():
        wt = Path(tempfile.mkdtemp(prefix=f"diff_analyses_{commit[:8]}_"))
        git("worktree", "add", "-q", "--detach", "--force", str(wt), commit)
        try:
            env = {k: v for k, v in os.environ.items() if k != "WARTRACE_CONFIG"} | {"PYTHONPATH": str(wt / "src")}
            run = subprocess.run(["nice", "-n", "15", str(PYTHON), "-m", "wartrace", "extract", SEED, str(corpus),
                                  "--published", SEED_PUBLISHED], cwd=wt, env=env, capture_output=True, text=True)
        finally:
            git("worktree", "remove", "--force", str(wt))
        lines = run.stdout.splitlines()
        if run.returncode != 0 or len(lines) != len(ids) + 1:
            sys.exit(f"{commit[:8]}: extract exited {run.returncode} with {len(lines)} lines "
                     f"(expected {len(ids) + 1}):\n{run.stderr[-3000:]}")
        keyed = sorted(zip(["seed", *ids], (json.loads(x) for x in lines)), key=lambda kv: kv[0])
        out.write_text("".join(json.dumps({"key": k, "analysis": a}, ensure_ascii=False, sort_keys=True) + "\n"
                               for k, a in keyed), encoding="utf-8")
    rows = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    return {r["key"]: r["analysis"] for r in rows}


DUMP_MODULES = """import atexit, runpy, sys
out = sys.argv[1]
def dump():
    with open(out, "w") as fh:
        fh.write("\\n".join(sorted(str(getattr(m, "__file__", "") or "") for m in list(sys.modules.values()))))
atexit.register(dump)
sys.argv = sys.argv[2:]
runpy.run_module("wartrace", run_name="__main__")
"""


def reached(before: str, after: str) -> str:
    """The changed paths, and those the after side's `extract` of the seed imports or may read."""
    changed = git("diff", "--name-only", before, after).splitlines()
    wt = Path(tempfile.mkdtemp(prefix=f"diff_analyses_{after[:8]}_"))
    git("worktree", "add", "-q", "--detach", "--force", str(wt), after)
    try:
        dump = wt / "modules.txt"
        env = {k: v for k, v in os.environ.items() if k != "WARTRACE_CONFIG"} | {"PYTHONPATH": str(wt / "src")}
        subprocess.run(["nice", "-n", "15", str(PYTHON), "-c", DUMP_MODULES, str(dump), "wartrace", "extract", SEED,
                        "--published", SEED_PUBLISHED], cwd=wt, env=env, capture_output=True, check=True)
        loaded = {str(Path(f).relative_to(wt)) for f in dump.read_text().splitlines() if f.startswith(str(wt))}
    finally:
        git("worktree", "remove", "--force", str(wt))
    hit = [c for c in changed if c in loaded or (c.startswith("src/") and not c.endswith(".py"))]
    return (f"{len(changed)} paths changed; reached by extract (imported, or data under src): "
            f"{', '.join(hit) or 'none'}; not reached: {', '.join(c for c in changed if c not in hit)}")


def example(key: str, field: str, before, after) -> str:
    """The field's items only before and only after (lists), else both values; cut short."""
    if isinstance(before, list) and isinstance(after, list):
        b = [json.dumps(x, sort_keys=True, ensure_ascii=False) for x in before]
        a = [json.dumps(x, sort_keys=True, ensure_ascii=False) for x in after]
        gone, new = [x for x in b if x not in a], [x for x in a if x not in b]
        text = f"{len(before)} -> {len(after)} items; only before: {gone[:2]}; only after: {new[:2]}"
    else:
        text = f"before {json.dumps(before, ensure_ascii=False)}; after {json.dumps(after, ensure_ascii=False)}"
    return f"  {key} [{field}]: {text[:700]}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("commit")
    ap.add_argument("--base", help="revision to compare against (default: the commit's first parent)")
    ap.add_argument("--cache", default="/tmp/diff_analyses_cache")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--reach", action="store_true", help="only list the changed files extract reaches")
    args = ap.parse_args(argv)
    after_rev = git("rev-parse", f"{args.commit}^{{commit}}")
    before_rev = git("rev-parse", f"{args.base or after_rev + '^1'}^{{commit}}")
    if args.reach:
        print(f"{before_rev[:8]} -> {after_rev[:8]}: {reached(before_rev, after_rev)}")
        return 0
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        corpus, ids = corpus_input(Path(tmp))
        before = analyses(before_rev, corpus, ids, cache)
        after = analyses(after_rev, corpus, ids, cache)
    differing = [k for k in before if before[k] != after[k]]
    fields, shown = Counter(), []
    for k in differing:
        changed = sorted(f for f in set(before[k]) | set(after[k]) if before[k].get(f) != after[k].get(f))
        fields.update(changed)
        shown.extend(example(k, f, before[k].get(f), after[k].get(f)) for f in changed)
    print(f"{before_rev[:8]} -> {after_rev[:8]}: {len(before) - len(differing)}/{len(before)} documents identical "
          f"(seed {'identical' if 'seed' not in differing else 'differs'}), {len(differing)} differ")
    if differing:
        print("fields differing (documents): " + ", ".join(f"{f} {n}" for f, n in fields.most_common()))
        print("\n".join(shown[:args.examples]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
