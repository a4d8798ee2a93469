"""Configuration: packaged defaults (data/pipeline.yaml) merged with WARTRACE_CONFIG."""
from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def data_path(name: str) -> Path:
    """Path of a packaged data file (src/wartrace/data/NAME)."""
    return Path(str(resources.files("wartrace") / "data" / name))


def load_yaml(name: str) -> Any:
    with open(data_path(name), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


@lru_cache(maxsize=None)
def settings() -> dict[str, Any]:
    conf = load_yaml("pipeline.yaml")
    user = os.environ.get("WARTRACE_CONFIG")
    if user:
        with open(user, encoding="utf-8") as fh:
            conf = _merge(conf, yaml.safe_load(fh) or {})
    return conf
