"""Workbench settings: from arguments, else from the environment, else safe defaults."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field


def _env_bool(name: str, default: bool) -> bool:
    v = os.environ.get(name)
    if v is None or v == "":
        return default
    return v.strip().lower() not in ("0", "false", "no", "off")


@dataclass
class WebSettings:
    # Signs session cookies. Set WARTRACE_SECRET_KEY to keep sessions across restarts;
    # otherwise a random key per process (everyone logs in again after a restart).
    secret_key: str = field(default_factory=lambda: os.environ.get("WARTRACE_SECRET_KEY") or secrets.token_urlsafe(32))
    # The Secure cookie flag: on, except where tests or a plain http://127.0.0.1 server turn it off.
    secure_cookies: bool = field(default_factory=lambda: _env_bool("WARTRACE_SECURE_COOKIES", True))
    session_max_age_s: int = 12 * 3600  # a session ends this long after login, however active
    # ... or after this long without a request (WARTRACE_SESSION_IDLE_MIN, default 60 minutes)
    session_idle_s: int = field(default_factory=lambda: int(float(os.environ.get("WARTRACE_SESSION_IDLE_MIN") or 60) * 60))
    # Anonymous reading: only when the operator asks for it (`serve --public-read`) ...
    public_read: bool = False
    # ... or while the store has no accounts on a server only this machine reaches (serve sets
    # it from the address; it refuses to serve a store without accounts beyond loopback).
    open_without_accounts: bool = True
    # An online tile layer for the map, off by default (the packaged outlines work offline),
    # e.g. WARTRACE_TILES="https://tile.openstreetmap.org/{z}/{x}/{y}.png".
    tile_url: str | None = field(default_factory=lambda: os.environ.get("WARTRACE_TILES") or None)
    tile_attribution: str = field(default_factory=lambda: os.environ.get("WARTRACE_TILES_ATTRIBUTION", ""))
    page_size_max: int = 200
