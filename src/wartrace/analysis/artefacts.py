"""The trained artefacts that ship inside the package, loaded with their hashes checked.

Every artefact the default pipeline uses (the event classifier, the cue scorer, …) is built from
the evaluation data's train splits by `make model` (wartrace.training) and committed under
`src/wartrace/artefacts/<name>/`, so a user without the evaluation data runs exactly the product
that `docs/EVALUATION.md` measures. Nothing is trained at first use: a missing or altered file is
an error that says how to rebuild it.

Each folder holds the artefact's files and `provenance.json` (training data and split, licence,
command, code commit, date, size and SHA-256 of each file). The SHA-256 this code accepts are
in `artefacts/hashes.yaml`, written by the build beside the files it describes.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from wartrace.hashing import hash_mismatch

HASHES_FILE = "hashes.yaml"
REBUILD = "rebuild it with `make model`"


class ArtefactError(RuntimeError):
    """A shipped artefact is missing or does not match its recorded hash."""


def artefacts_root() -> Path:
    return Path(str(resources.files("wartrace") / "artefacts"))


def recorded_hashes(root: Path | None = None) -> dict[str, dict[str, str]]:
    path = (root or artefacts_root()) / HASHES_FILE
    if not path.exists():
        raise ArtefactError(f"{path} is missing; {REBUILD}")
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def check_folder(name: str, folder: Path, expected: dict[str, str]) -> Path:
    """Refuse the folder unless every recorded file is there with its recorded SHA-256."""
    if not expected:
        raise ArtefactError(f"no hashes recorded for artefact {name!r}; {REBUILD}")
    problem = hash_mismatch(folder, expected)
    if problem:
        raise ArtefactError(f"artefact {name!r}: {problem}; refusing to load it ({REBUILD})")
    return folder


def shipped_folder(name: str, root: Path | None = None) -> Path:
    """The committed folder of artefact `name`, its files checked against hashes.yaml."""
    root = root or artefacts_root()
    return check_folder(name, root / name, recorded_hashes(root).get(name, {}))


def configured_folder(key: str, name: str, choice: Any) -> Path | None:
    """The folder that `choice` (models.<key>) names: "default" is the shipped artefact, "off" is
    None, anything else a folder the user vouches for (not hash-checked, like any model they name)."""
    if choice in (False, None, "off"):  # YAML reads a bare off as false
        return None
    if choice == "default":
        return shipped_folder(name)
    folder = Path(str(choice))
    if not folder.is_dir():
        raise ArtefactError(f"models.{key} names {folder}, which is not a folder")
    return folder
