"""Content-addressed raw copies: <dir>/ab/cd/<sha256>, written atomically, never rewritten."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from wartrace.hashing import sha256_bytes, sha256_file  # noqa: F401 - sha256_bytes is re-exported


class BlobStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self._unsynced_dirs: set[Path] = set()

    def path(self, sha: str) -> Path:
        return self.root / sha[:2] / sha[2:4] / sha

    def exists(self, sha: str) -> bool:
        return self.path(sha).exists()

    def put(self, data: bytes, sha: str | None = None, defer_dir_sync: bool = False) -> str:
        """Store bytes under their SHA-256; an existing blob is left untouched.

        The file is fsynced before the rename. The folder's fsync (which makes the rename
        durable) can be deferred to `sync()` so a batch pays it once per folder; callers
        must call `sync()` before committing rows that name these blobs.
        """
        sha = sha or sha256_bytes(data)
        final = self.path(sha)
        if final.exists():
            return sha
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)  # atomic: readers see all of the blob or none of it
            os.chmod(final, 0o444)
            self._unsynced_dirs.add(final.parent)
            if not defer_dir_sync:
                self.sync()
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return sha

    def sync(self) -> None:
        """fsync the folders of blobs renamed since the last sync (makes the renames durable)."""
        while self._unsynced_dirs:
            folder = self._unsynced_dirs.pop()
            dfd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)

    def get(self, sha: str) -> bytes:
        return self.path(sha).read_bytes()

    def verify(self, sha: str) -> str | None:
        """None when the blob is intact, else the reason it is not."""
        p = self.path(sha)
        if not p.exists():
            return "missing"
        got = sha256_file(p)
        return None if got == sha else f"content hashes to {got}"

    def all(self):
        if not self.root.exists():
            return
        for p in self.root.glob("??/??/*"):
            if not p.name.startswith(".tmp-"):
                yield p.name
