"""Verdicts (issue 19): who says it, with which caveat, and how independently.

The seed linked alone must give one incident per happening: GUR's tweet about Popasna is
the Popasna incident's only origin, with CNN's two caveats on it; what the article recalls
about Azovstal, the SBU's and BND's intercepts, Putin's order and Haidai's interview is
not evidence for Popasna.
"""
from __future__ import annotations

import pytest

from wartrace.linking.api import link_analyses
from wartrace.model import Document


def _seed_document(seed_path) -> Document:
    raw = seed_path.read_text(encoding="utf-8").lstrip()
    return Document(id="sha256:seed", text=raw[len("date 2022-04-22 "):], published="2022-04-22", language="en",
                    source="CNN")


@pytest.fixture(scope="module")
def seed_linked(resources, seed_path):
    from wartrace.analysis.pipeline import analyse_batch
    from wartrace.config import settings

    analysis = analyse_batch([_seed_document(seed_path)], resources, list(settings()["components"]))[0]
    result = link_analyses([analysis], resources)
    return analysis, result.incidents()


def _claims_by(analysis, word: str) -> set[str]:
    return {c.id for c in analysis.claims if c.claimant and word in (c.claimant.actor or c.claimant.text)}


def _popasna(incidents):
    got = [i for i in incidents if i["place"] and i["place"]["name"] == "Popasna"]
    assert len(got) == 1, [(i["title"], i["place"]) for i in incidents]
    return got[0]


def _claims_in(incidents) -> set[str]:
    return {c["claim"] for i in incidents for o in i["origins"] for c in o["claims"]}


def test_seed_popasna_has_one_origin_gur_with_cnns_two_caveats(seed_linked):
    analysis, incidents = seed_linked
    inc = _popasna(incidents)
    asserting = [o for o in inc["origins"] if o["asserts"]]
    assert inc["independent_origins"] == 1 and len(asserting) == 1, [o["key"] for o in asserting]
    assert "GUR" in asserting[0]["label"]
    gur_claims = {c["claim"] for c in asserting[0]["claims"]}
    kinds = {cv["kind"] for cv in inc["caveats"] if cv["claim"] in gur_claims}
    assert kinds == {"authenticity_unverified", "comment_requested"}
    assert inc["status"] == "single-source"


def test_seed_other_happenings_are_in_no_popasna_incident(seed_linked):
    analysis, incidents = seed_linked
    popasna = _claims_in([_popasna(incidents)])
    for who in ("Putin", "SBU", "BND", "Haidai"):
        mine = _claims_by(analysis, who)
        assert mine, who
        assert not mine & popasna, (who, mine & popasna)


def test_seed_haidais_territorial_claim_is_in_no_incident(seed_linked):
    analysis, incidents = seed_linked
    eighty = {c.id for c in analysis.claims if any("80%" in s.text for s in c.content)}
    assert eighty
    assert not eighty & _claims_in(incidents)
    # His "the entire territory of Luhansk is being bombed" may be an incident of its own, at oblast level.
    for inc in incidents:
        if _claims_by(analysis, "Haidai") & _claims_in([inc]):
            assert inc["place"] is None or inc["place"]["feature"] == "admin1", inc["place"]


def test_seed_incident_titles_name_the_happening(seed_linked):
    _, incidents = seed_linked
    inc = _popasna(incidents)
    assert inc["title"] == "Alleged order to kill prisoners of war, Popasna, 2022-04-20"
    titles = [i["title"] for i in incidents]
    assert len(set(titles)) == len(titles), titles
