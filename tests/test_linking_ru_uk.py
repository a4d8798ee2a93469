"""Reports of one happening in English, Ukrainian and Russian link into one incident (issue 23,
point 5): through the place id, dates, event type and the canonical claimant, not through the
words as written. Fixture: tests/fixtures/linking/vovchansk_three_languages.yaml."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from wartrace.linking.api import link_analyses
from wartrace.model import Document

FIXTURE = Path(__file__).parent / "fixtures" / "linking" / "vovchansk_three_languages.yaml"


@pytest.fixture(scope="module")
def reports(resources):
    from wartrace.analysis.pipeline import analyse_batch
    from wartrace.config import settings

    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    docs = [Document(id="sha256:" + hashlib.sha256(d["text"].encode()).hexdigest(), text=d["text"], title=d["title"],
                     published=d["published"], source=d["source"], language=d["language"])
            for d in data["documents"]]
    return {a.document.source: a for a in analyse_batch(docs, resources, list(settings()["components"]))}


def asserting(inc: dict) -> list[str]:
    return [o["key"] for o in inc["origins"] if o["asserts"]]


def test_three_languages_relaying_one_governor_are_one_incident_one_origin(reports, resources):
    three = [reports[s] for s in ("Kyiv Independent", "Ukrinform", "RBC-Ukraine")]
    incidents = link_analyses(three, resources).incidents()
    assert len(incidents) == 1, [i["documents"] for i in incidents]
    inc = incidents[0]
    assert len(inc["documents"]) == 3
    assert asserting(inc) == ["person:oleh-syniehubov"]
    assert inc["independent_origins"] == 1 and inc["status"] == "single-source"


def test_the_russian_mod_denial_is_a_second_origin_and_disputes_it(reports, resources):
    incidents = link_analyses(list(reports.values()), resources).incidents()
    assert len(incidents) == 1, [i["documents"] for i in incidents]
    inc = incidents[0]
    origins = {o["key"]: o for o in inc["origins"] if o["stances"]}
    assert set(origins) == {"person:oleh-syniehubov", "actor:ru-mod"}
    assert origins["actor:ru-mod"]["stances"] == ["denial"]
    assert inc["disputed"] and inc["status"] == "disputed"
    assert any(c["kind"] == "denial_by_accused" for c in inc["contradictions"])
