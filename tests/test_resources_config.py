"""Resources carry the configuration's model choices (models.*): analysis runs the models the driver
chose, whatever the environment's WARTRACE_CONFIG says in the process that does the work."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from wartrace.analysis.pipeline import AnalysisConfig, Pipeline
from wartrace.analysis.registry import ComponentError
from wartrace.analysis.resources import Resources
from wartrace.capture.service import capture_paths
from wartrace.config import settings
from wartrace.model import Document
from wartrace.store.db import Store
from wartrace.store.models import AnalysisRow
from wartrace.workflow import analyse_pending

# VOA, story 8010842 (voa_stories.jsonl): "Many" is a cue only the hedge sentence model takes
# (tests/test_hedges.py), so it shows whether models.hedge_classifier was on or off
UNCERTAIN = ("Many foreign policy analysts and military officials refer to these four nations as the "
             "“Axis of Upheaval,” describing their growing anti-Western collaboration.")
MODEL_ONLY_CUE = ("weasel", "Many")


@pytest.fixture
def environment_says_off(tmp_path, monkeypatch):
    """The driver's configuration (the packaged one: the shipped hedge model on), then an environment
    whose WARTRACE_CONFIG turns the hedge model off."""
    driver = AnalysisConfig.current(["hedges"])
    user = tmp_path / "wartrace.yaml"
    user.write_text("models:\n  hedge_classifier: off\n", encoding="utf-8")
    monkeypatch.setenv("WARTRACE_CONFIG", str(user))
    settings.cache_clear()
    assert AnalysisConfig.current().models["hedge_classifier"] in (False, "off")  # the environment says off
    yield driver
    monkeypatch.undo()
    settings.cache_clear()


def _cues(pipeline: Pipeline, text: str) -> list[tuple[str, str]]:
    result = pipeline([Document(id="sha256:voa", text=text, language="en")])[0]
    assert not result.errors, result.errors
    return [(h.kind, h.text) for h in result.hedges]


def test_the_resources_choice_wins_over_the_environment(environment_says_off, resources):
    driver = environment_says_off
    on = Resources(driver.models)
    with on.override({"nlp": resources.nlp}):  # one spaCy for both runs; the choice under test is the hedge model
        assert MODEL_ONLY_CUE in _cues(Pipeline(on, config=driver), UNCERTAIN)
    here = AnalysisConfig.current(["hedges"])
    off = Resources(here.models)
    with off.override({"nlp": resources.nlp}):
        assert MODEL_ONLY_CUE not in _cues(Pipeline(off, config=here), UNCERTAIN)


def test_resources_built_for_other_models_are_refused(environment_says_off):
    with pytest.raises(ComponentError, match="other models"):
        Pipeline(Resources(environment_says_off.models), config=AnalysisConfig.current(["hedges"]))


@pytest.mark.slow
def test_process_pool_workers_run_the_drivers_models(environment_says_off, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(2):  # two one-document batches: two workers
        (folder / f"voa{i}.txt").write_text(f"date 2024-0{i + 1}-10\n{UNCERTAIN}", encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path}/w.db")
    assert not capture_paths(store, [str(folder)]).failed
    assert analyse_pending(store, config=environment_says_off, batch=1, workers=2) == 2
    with store.session() as s:
        results = [r.result for r in s.scalars(select(AnalysisRow))]
    assert len(results) == 2
    for result in results:
        assert MODEL_ONLY_CUE in [(h["kind"], h["text"]) for h in result["hedges"]]
