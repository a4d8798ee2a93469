"""docs/DEVELOPING.md's two walkthroughs (adding a component, adding an actor) run as written:
the code and data are read out of the document, so the page cannot drift from what works."""
from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import catalogue
import pytest
import yaml

from wartrace.analysis import actors as actors_module
from wartrace.analysis.pipeline import AnalysisConfig, analyse_batch
from wartrace.analysis.registry import ComponentError, factories
from wartrace.analysis.slavic_actors import actor_in
from wartrace.analysis.slavic_text import parse_slavic
from wartrace.config import load_yaml
from wartrace.model import Document

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "DEVELOPING.md").read_text(encoding="utf-8")
SEED = ROOT / "samples" / "cnn-2022-04-22-popasna-intercept.txt"


def _section(title: str) -> str:
    start = PAGE.index(f"## {title}")
    end = PAGE.find("\n## ", start + 1)
    return PAGE[start:end if end > 0 else None]


def _blocks(section: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", section, flags=re.S)


def _lines_of_code(block: str) -> int:
    return sum(1 for line in block.splitlines() if line.strip() and not line.strip().startswith("#"))


@pytest.fixture
def place_floor_module():
    """The walkthrough's module, imported as the page writes it; unregistered afterwards."""
    code = _blocks(_section("Walkthrough: adding a component"), "python")[0]
    module = types.ModuleType("wartrace_walkthrough_place_floor")
    exec(compile(code, "DEVELOPING.md:place_floor", "exec"), module.__dict__)  # noqa: S102 - our own docs
    sys.modules[module.__name__] = module
    yield module
    sys.modules.pop(module.__name__, None)
    catalogue.REGISTRY.pop((*factories.namespace, "place_floor"), None)


def test_the_component_walkthrough_is_under_ten_lines():
    section = _section("Walkthrough: adding a component")
    module_lines = _lines_of_code(_blocks(section, "python")[0])
    # the module, one import line in analysis/builtin.py, one components line in data/pipeline.yaml
    assert module_lines + 2 < 10, module_lines


def test_the_walkthrough_component_runs_in_the_pipeline(place_floor_module):
    text = SEED.read_text(encoding="utf-8")
    doc = Document(id="seed", text=text, published="2022-04-22", language="en")
    before = analyse_batch([doc], config=AnalysisConfig.current(["places"]))[0].places
    after = analyse_batch([doc], config=AnalysisConfig.current(["places", "place_floor"]))[0].places
    assert after and all(p.confidence >= 0.3 for p in after)
    assert [p for p in before if p.confidence >= 0.3] == after


def test_the_walkthrough_component_is_refused_before_what_it_reads(place_floor_module):
    with pytest.raises(ComponentError, match="place_floor"):
        analyse_batch([Document(id="x", text="Shelling in Kharkiv.", language="en")],
                      config=AnalysisConfig.current(["place_floor", "places"]))


def test_the_actor_walkthrough_adds_an_actor_in_three_languages(monkeypatch):
    section = _section("Walkthrough: adding an actor")
    entry_text = _blocks(section, "yaml")[0]
    assert _lines_of_code(entry_text) < 10
    entry = yaml.safe_load(entry_text)[0]

    def with_entry(name: str):
        data = load_yaml(name)
        if name == "actors.yaml":
            data = dict(data, actors=[*data["actors"], entry])
        return data

    actors_module.load_actors.cache_clear()
    assert actors_module.match_actor("Rosgvardia") is None or actors_module.match_actor("Rosgvardia").id != entry["id"]
    monkeypatch.setattr(actors_module, "load_yaml", with_entry)
    actors_module.load_actors.cache_clear()
    try:
        assert actors_module.match_actor("Rosgvardia").id == "ROSGVARDIA"
        assert actors_module.match_actor("Russian National Guard officers said").id == "ROSGVARDIA"
        words = parse_slavic("Сотрудники Росгвардии задержали двоих.", "ru")[0].words
        assert actor_in(words, actors_module.load_actors()).id == "ROSGVARDIA"
    finally:
        monkeypatch.undo()
        actors_module.load_actors.cache_clear()
