"""Cues that are no verb (attribution/nominal.py, proposed by the shipped cue proposer): sentences
from the war_news_2022_2024 corpus whose attribution before the proposer had no claim at all."""
from __future__ import annotations

import json
import shutil

import pytest

from wartrace.model import Document


def _claims(resources, text: str):
    from wartrace.analysis.pipeline import Pipeline

    analysis = Pipeline(resources, ["dates", "hedges", "claims"])([Document(id="sha256:t", text=text, language="en")])[0]
    assert not analysis.errors, analysis.errors
    return analysis.claims


def _spans(claim) -> tuple:
    return (claim.claimant.text if claim.claimant else None, claim.cue.text, [s.text for s in claim.content])


def test_a_noun_of_concern_with_what_it_is_about_is_an_attitude(resources):
    """Nobody holds the concerns here: the subject of a negated "share" does not (nor that of
    "faced criticism", nominal_receivers)."""
    claims = _claims(resources, "Many countries in the global south do not share Western concerns about Russian "
                                "aggression.")
    assert [(_spans(c), c.act) for c in claims] == [((None, "concerns about", ["Russian aggression"]), "attitude")]


def test_a_copular_adjective_with_a_clause_is_an_attitude(resources):
    claims = _claims(resources, "The head of state is convinced that the West understands the futility of a war "
                                "with the CSTO forces.")
    assert [(_spans(c), c.act) for c in claims] == [
        (("head", "is convinced", ["that the West understands the futility of a war with the CSTO forces"]),
         "attitude")]


def test_a_copular_adjective_with_a_preposition_takes_it_into_the_cue(resources):
    claims = _claims(resources, "More than 8 in 10 Democrats and Republicans are concerned about the war expanding "
                                "beyond Ukraine and the United States becoming involved in the fighting.")
    assert [(_spans(c), c.act) for c in claims] == [
        (("More than 8 in 10 Democrats", "are concerned about",
          ["the war expanding beyond Ukraine and the United States becoming involved in the fighting"]), "attitude")]


def test_a_passive_with_an_agent_says_something_of_its_subject(resources):
    claims = _claims(resources, "This idea was supported by the president of the country.")
    assert [_spans(c) for c in claims] == [("president", "was supported", ["This idea"])]


def test_the_shipped_proposer_loads_and_is_refused_when_changed(tmp_path):
    from wartrace.analysis.artefacts import shipped_folder
    from wartrace.analysis.models import ModelIntegrityError
    from wartrace.analysis.nominal_cues import NominalCues, load_cue_proposer

    proposer = load_cue_proposer()
    assert proposer is not None and proposer.meta["trained_on"] == "PolNeAR train"
    assert load_cue_proposer("off") is None
    copy = tmp_path / "cue-proposer"
    shutil.copytree(shipped_folder("cue-proposer"), copy)
    data = json.loads((copy / "weights.json").read_text())
    data["bias"] += 1.0
    (copy / "weights.json").write_text(json.dumps(data))
    with pytest.raises(ModelIntegrityError):
        NominalCues.load(copy)


def test_a_possessor_s_opposition_is_an_attitude_at_the_cross_validated_threshold(resources):
    """The proposer's threshold 0.3 (5-fold CV on PolNeAR train, wartrace.training.cue_cv) takes
    what 0.5 left out."""
    claims = _claims(resources, "The White House’s opposition to return to oil and gas production and exports "
                                "policies can help keep prices high – something that suits both Iran and Russia.")
    assert [(_spans(c), c.act) for c in claims] == [
        (("White House", "’s opposition", ["to return to oil and gas production and exports policies"]), "attitude")]
