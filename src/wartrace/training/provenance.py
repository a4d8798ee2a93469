"""Where a built artefact goes and what it records about itself.

A shipped artefact is a folder under `src/wartrace/artefacts/` holding its files (written
byte-deterministically, so `make model` reproduces them) and `provenance.json`: the training data
and split, that data's licence, the command, the code commit, the date, and each file's size and
SHA-256. `artefacts/hashes.yaml` holds the SHA-256 the loader accepts; the build rewrites the
entry of the artefact it built and leaves the others alone.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import yaml

from wartrace.analysis.artefacts import HASHES_FILE, artefacts_root
from wartrace.hashing import sha256_file

PROVENANCE = "provenance.json"
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # np.savez stamps the current time; a rebuild must be byte-identical


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> Path:
    """An .npz that np.load reads, with fixed member order and timestamps."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.save(member, arrays[name], allow_pickle=False)
            zf.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=FIXED_ZIP_TIME), member.getvalue())
    return write_bytes(path, buf.getvalue())


def write_json(path: Path, data) -> Path:
    return write_bytes(path, (json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode())


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)  # atomic: a reader never sees half a file
    return path


def code_commit() -> str:
    repo = Path(__file__).resolve().parents[3]
    try:
        out = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True,
                             timeout=5)
        # the artefacts being written are not the code that built them
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--", "src",
                                ":(exclude)src/wartrace/artefacts"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (out.stdout.strip() or "unknown") + (" (with uncommitted changes under src/)" if dirty else "")


def finish(folder: Path, name: str, files: list[str], training: dict, command: str,
           root: Path | None = None) -> dict:
    """Write provenance.json for the files just built and record their hashes for the loader."""
    hashes = {rel: sha256_file(folder / rel) for rel in sorted(files)}
    provenance = {
        "artefact": name,
        "training": training,
        "command": command,
        "code_commit": code_commit(),
        "built": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "files": {rel: {"bytes": (folder / rel).stat().st_size, "sha256": h} for rel, h in hashes.items()},
    }
    write_json(folder / PROVENANCE, provenance)
    record_hashes(name, hashes, root or folder.parent)
    return provenance


def record_hashes(name: str, hashes: dict[str, str], root: Path) -> None:
    path = root / HASHES_FILE
    table = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}
    table[name] = hashes
    header = ("# SHA-256 of the shipped artefacts' files, checked at load (wartrace.analysis.artefacts).\n"
              "# Written by `make model` (wartrace.training); edit only by rebuilding.\n")
    write_bytes(path, (header + yaml.safe_dump(table, sort_keys=True)).encode())


def default_root() -> Path:
    return artefacts_root()
