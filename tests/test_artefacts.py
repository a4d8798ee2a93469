"""The trained artefacts ship with the code: a machine without the evaluation data gets the product
that docs/EVALUATION.md measures, the artefacts are hash-checked, hold no training text, and
`make model` rebuilds them (the same model; weights equal up to floating point across CPUs)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from wartrace.analysis.artefacts import ArtefactError, artefacts_root, recorded_hashes, shipped_folder
from wartrace.evaluation.report import eval_dir

REPO = Path(__file__).resolve().parents[1]
CORPUS = eval_dir() / "corpus" / "war_news_2022_2024.jsonl"
SHIPPED = ("events-classifier", "event-gate", "cue-scorer", "cue-proposer", "hedge-sentences")


def needs_eval_data(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path}: the shared evaluation data is not here")


def extract_json(inputs: list[Path], env: dict[str, str]) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "wartrace", "extract", *map(str, inputs), "--format", "jsonl"],
                         capture_output=True, text=True, env=env, timeout=600, cwd=inputs[0].parent)
    assert out.returncode == 0, out.stderr[-2000:]
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def test_extract_is_the_same_without_the_evaluation_data(tmp_path, seed_path):
    """The seed and five corpus articles give exactly the same JSON on a machine that has neither the
    evaluation data nor any built model (WARTRACE_EVAL_DIR empty, WARTRACE_MODEL_DIR fresh)."""
    needs_eval_data(CORPUS)
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()[:40]]
    # five war reports with events and claims in them, picked by content, not by position
    picked = [r for r in rows if any(w in r["text"] for w in ("shell", "missile", "killed", "strike"))][:5]
    assert len(picked) == 5
    corpus = tmp_path / "five.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in picked), encoding="utf-8")
    seed = tmp_path / seed_path.name
    shutil.copy(seed_path, seed)

    dev_env = dict(os.environ)
    bare = dict(os.environ, WARTRACE_EVAL_DIR=str(tmp_path / "no-eval-data"),
                WARTRACE_MODEL_DIR=str(tmp_path / "fresh-model-dir"))
    (tmp_path / "no-eval-data").mkdir()
    (tmp_path / "fresh-model-dir").mkdir()
    dev = extract_json([seed, corpus], dev_env)
    user = extract_json([seed, corpus], bare)
    assert len(dev) == 6
    assert sum(len(d["events"]) for d in dev) > 0 and sum(len(d["claims"]) for d in dev) > 0
    assert user == dev
    assert list((tmp_path / "fresh-model-dir").iterdir()) == []  # nothing was built at first use


def test_every_shipped_artefact_has_provenance():
    hashes = recorded_hashes()
    assert set(SHIPPED) <= set(hashes)
    for name in SHIPPED:
        prov = json.loads((artefacts_root() / name / "provenance.json").read_text(encoding="utf-8"))
        assert prov["artefact"] == name
        assert prov["training"]["split"] == "train" and prov["training"]["licence"] and prov["training"]["data"]
        assert prov["command"].startswith("make model")
        assert prov["code_commit"] and prov["built"]
        for rel, sha in hashes[name].items():
            path = artefacts_root() / name / rel
            assert prov["files"][rel] == {"bytes": path.stat().st_size, "sha256": sha}


def test_a_missing_artefact_is_a_clear_error(tmp_path):
    root = tmp_path / "artefacts"
    shutil.copytree(artefacts_root(), root)
    (root / "events-classifier" / "classifier.npz").unlink()
    with pytest.raises(ArtefactError, match="make model"):
        shipped_folder("events-classifier", root)
    assert shipped_folder("cue-scorer", root) == root / "cue-scorer"


def test_an_altered_artefact_is_refused(tmp_path):
    root = tmp_path / "artefacts"
    shutil.copytree(artefacts_root(), root)
    weights = root / "cue-scorer" / "weights.json"
    data = json.loads(weights.read_text(encoding="utf-8"))
    data["bias"] += 0.5
    weights.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ArtefactError, match="SHA-256"):
        shipped_folder("cue-scorer", root)


def test_the_events_artefact_was_built_from_the_current_inputs():
    """Triggers, taxonomy, examples and typing cues feed the classifier's features: editing them
    without `make model` would ship a classifier measured on other features. (The classifier reads
    the typing features of event_typing.py, so their fingerprint is the one it records.)"""
    from wartrace.analysis.event_model import load_classifier
    from wartrace.analysis.event_typing import input_fingerprint

    assert load_classifier().meta["inputs"] == input_fingerprint()


def test_the_event_gate_was_built_from_the_current_inputs():
    """The gate reads the classifier's features and the labelled sentences: editing either
    without `make model` would ship a gate measured on other inputs."""
    from wartrace.analysis.event_gate import load_gate
    from wartrace.training.event_gate import input_fingerprint

    assert load_gate().meta["inputs"] == input_fingerprint()


def test_no_artefact_stores_training_text(tmp_path):
    from wartrace.training.leakage import leaked_sentences, training_texts

    needs_eval_data(eval_dir() / "events" / "train.tsv")
    texts = training_texts()
    assert len(texts["events-classifier"]) > 500 and len(texts["cue-scorer"]) > 100
    assert len(texts["hedge-sentences"]) > 5000
    assert leaked_sentences(artefacts_root(), texts) == {}
    # the check finds a training sentence when an artefact does store one
    root = tmp_path / "artefacts"
    shutil.copytree(artefacts_root(), root)
    sentence = texts["events-classifier"][7]
    (root / "events-classifier" / "notes.json").write_text(json.dumps({"example": sentence}), encoding="utf-8")
    assert list(leaked_sentences(root, texts)) == ["events-classifier"]


def _close(new, old, where: str, atol: float) -> list[str]:
    """Where two decoded artefact files differ: structure, strings and integers exactly, floats
    within `atol`."""
    if isinstance(old, dict):
        if not isinstance(new, dict) or set(new) != set(old):
            return [f"{where}: keys {sorted(set(new) ^ set(old)) if isinstance(new, dict) else type(new)}"]
        return [d for k in old for d in _close(new[k], old[k], f"{where}.{k}", atol)]
    if isinstance(old, (list, tuple)):
        if not isinstance(new, (list, tuple)) or len(new) != len(old):
            return [f"{where}: length"]
        return [d for i, (x, y) in enumerate(zip(new, old)) for d in _close(x, y, f"{where}[{i}]", atol)]
    if isinstance(old, float) or isinstance(new, float):
        return [] if abs(float(new) - float(old)) <= atol else [f"{where}: {new} vs {old}"]
    return [] if new == old else [f"{where}: {new!r} vs {old!r}"]


def _decoded(folder: Path) -> dict:
    """Every file of an artefact folder but its provenance, as plain values (arrays as lists)."""
    out = {}
    for f in sorted(folder.iterdir()):
        if f.name == "provenance.json":
            continue
        if f.suffix == ".json":
            data = json.loads(f.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                data.pop("files", None)  # the other files' hashes: they are compared themselves
            out[f.name] = data
        elif f.suffix == ".npz":
            with np.load(f) as z:  # a 0-d string is a JSON document (meta); other arrays as lists
                out[f.name] = {k: (json.loads(str(z[k])) if z[k].dtype.kind in "US" and z[k].ndim == 0
                                   else z[k].tolist()) for k in z.files}
    return out


@pytest.mark.slow
def test_make_model_rebuilds_the_artefacts(tmp_path):
    """`make model` rebuilds what is shipped: the same inputs, hyperparameters, vocabulary and rules,
    and weights equal up to floating point. Byte for byte holds on one machine (the rebuild of the
    session that shipped them), not across CPUs: the embedder's float32 arithmetic and lbfgs's
    stopping point differ between processors (the gate's weights came out up to 7e-4 apart, the
    hedge model's 5e-6, with the same code and data on two machines)."""
    needs_eval_data(eval_dir() / "attribution" / "polnear" / "train")
    out = subprocess.run([sys.executable, "-m", "wartrace.training", "build", "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=1200)
    assert out.returncode == 0, out.stderr[-2000:]
    assert set(recorded_hashes(tmp_path)) >= set(SHIPPED)
    for name in SHIPPED:
        diffs = _close(_decoded(tmp_path / name), _decoded(artefacts_root() / name), name, atol=5e-3)
        assert not diffs, diffs[:10]


def test_the_rebuild_comparison_tells_float_noise_from_another_model():
    old = {"meta": {"C": 4.0, "inputs": "2dfb09a5", "vocabulary": ["strike", "shell"]}, "coef": [0.5, -1.25]}
    assert _close({"meta": {"C": 4.0, "inputs": "2dfb09a5", "vocabulary": ["strike", "shell"]},
                   "coef": [0.5007, -1.2499]}, old, "a", atol=5e-3) == []
    for other in ({"meta": {"C": 8.0, "inputs": "2dfb09a5", "vocabulary": ["strike", "shell"]}, "coef": [0.5, -1.25]},
                  {"meta": {"C": 4.0, "inputs": "ffff0000", "vocabulary": ["strike", "shell"]}, "coef": [0.5, -1.25]},
                  {"meta": {"C": 4.0, "inputs": "2dfb09a5", "vocabulary": ["strike"]}, "coef": [0.5, -1.25]},
                  {"meta": {"C": 4.0, "inputs": "2dfb09a5", "vocabulary": ["strike", "shell"]}, "coef": [0.6, -1.25]}):
        assert _close(other, old, "a", atol=5e-3)
