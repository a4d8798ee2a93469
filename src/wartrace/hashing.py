"""SHA-256 of bytes and of files: the one hashing helper every stage uses."""
from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hash a file in 1 MiB chunks, so large recordings and models are not read whole."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def hash_mismatch(folder: Path, expected: dict[str, str]) -> str | None:
    """What is wrong with a folder whose files must have the expected SHA-256 (relative path -> hex),
    or None when every file is there and matches."""
    for rel, want in expected.items():
        path = folder / rel
        if not path.is_file():
            return f"{path} is missing"
        got = sha256_file(path)
        if got != want:
            return f"{path} has SHA-256 {got}, expected {want}"
    return None
