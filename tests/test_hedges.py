"""Hedge, weasel and caveat cues as exact spans (seed and news sentences)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from wartrace.analysis.hedges import hedge_spans, inflections
from wartrace.analysis.pipeline import Pipeline
from wartrace.config import load_yaml
from wartrace.model import Document

SEED = Path(__file__).resolve().parents[1] / "samples" / "cnn-2022-04-22-popasna-intercept.txt"


@pytest.fixture(scope="module")
def seed_hedges(resources):
    raw = SEED.read_text(encoding="utf-8")
    m = re.match(r"\s*date (\d{4}-\d\d-\d\d) ", raw)
    text = raw[m.end():]
    doc = Document(id="sha256:seed", text=text, published=m.group(1), language="en")
    result = Pipeline(resources, components=["hedges"])([doc])[0]
    assert not result.errors
    return text, result.hedges


@pytest.fixture(scope="module")
def cues(resources):
    def find(text: str) -> list[tuple[str, str]]:
        return [(h.kind, h.text) for h in hedge_spans(resources.nlp(text))]
    return find


def test_seed_hedges_and_caveat(seed_hedges):
    text, hedges = seed_hedges
    found = [(h.kind, h.text) for h in hedges]
    assert found.count(("hedge", "alleged")) >= 4
    assert ("hedge", "allegedly") in found
    assert ("hedge", "purported") in found
    assert ("hedge", "appears to") in found
    assert ("caveat", "cannot guarantee the authenticity") in found
    for h in hedges:
        assert text[h.start:h.end] == h.text


def test_seed_caveat_points_at_the_cnn_sentence(seed_hedges):
    text, hedges = seed_hedges
    caveat = next(h for h in hedges if h.kind == "caveat")
    assert text.rfind("CNN", 0, caveat.start) == caveat.start - len("CNN ")


def test_weasels(cues):
    found = cues("Critics argue the deal failed. Some say it is believed that the troops withdrew. "
                 "Unnamed officials said there are reports of shelling, and the commander is thought to have fled.")
    assert ("weasel", "Critics argue") in found
    assert ("weasel", "Some say") in found
    assert ("weasel", "it is believed") in found
    assert ("weasel", "Unnamed officials") in found
    assert ("weasel", "there are reports") in found
    assert ("weasel", "is thought to") in found


def test_verification_caveats(cues):
    found = cues("Reuters could not independently verify the report. The video has not been independently "
                 "verified. The BBC was unable to confirm the casualty figures.")
    assert [k for k, _ in found] == ["caveat", "caveat", "caveat"]
    assert found[0][1] == "could not independently verify"


def test_claims_the_verb_is_a_hedge_the_noun_mostly_not(cues):
    assert ("hedge", "claims") in cues("Russia claims it has captured the town.")
    assert cues("Insurance claims rose sharply after the storm.") == []
    assert ("hedge", "claims") in cues("The ministry rejected claims that its troops shelled the school.")


def test_lemma_forms_are_caught(cues):
    found = cues("The allegations were unconfirmed. Allegedly, the so-called volunteers reportedly crossed.")
    texts = [t for _, t in found]
    assert texts == ["allegations", "unconfirmed", "Allegedly", "so-called", "reportedly"]


def test_modal_may_is_a_hedge_the_month_is_not(cues):
    assert cues("The strike may have killed civilians.") == [("hedge", "may")]
    assert cues("The strike happened in May.") == []


def test_boosters_and_obligation_are_not_hedges(cues):
    assert cues("We are evacuating as many people as possible.") == []
    assert cues("There is no doubt that the town fell.") == []
    assert cues("Talks were supposed to start on Monday.") == []
    assert cues("It has said it will respond.") == []
    assert cues("It is possible that the convoy was hit.") == [("hedge", "possible")]


def test_plain_news_sentence_has_no_cue(cues):
    assert cues("The governor said 80% of the region is under Russian control.") == []


def test_every_lexicon_entry_names_its_source():
    for name in ("hedges", "weasels", "caveats"):
        data = load_yaml(f"lexicons/{name}.yaml")
        assert data["kind"] in ("hedge", "weasel", "caveat")
        for entry in data["entries"]:
            assert entry["source"] in data["sources"], entry


def test_inflections():
    assert {"alleged", "alleges", "allegedly", "alleging"} <= set(inflections("allege"))
    assert "possibly" in inflections("possible")
    assert "verified" in inflections("verify")


# ---------------------------------------------------------------- the shipped sentence model

@pytest.fixture(scope="module")
def with_and_without_model(resources):
    from wartrace.analysis.hedge_classifier import load_hedge_model

    model = load_hedge_model()

    def find(text: str) -> tuple[list, list]:
        doc = resources.nlp(text)
        return ([(h.kind, h.text) for h in hedge_spans(doc, model=model)],
                [(h.kind, h.text) for h in hedge_spans(doc)])
    return find


def test_an_uncertain_sentence_reports_the_cues_only_the_model_takes(with_and_without_model):
    # VOA, story 8010842 (voa_stories.jsonl): "many" is a classifier-only cue, ambiguous alone
    text = ("Many foreign policy analysts and military officials refer to these four nations as the "
            "“Axis of Upheaval,” describing their growing anti-Western collaboration.")
    model, lexicon = with_and_without_model(text)
    assert lexicon == []
    assert ("weasel", "Many") in model


def test_caveats_count_whatever_the_model_says(with_and_without_model):
    # war_news_2022_2024.jsonl, a CNN report: a verification caveat in a plain sentence
    model, lexicon = with_and_without_model("CNN could not independently verify the UN's claims.")
    assert ("caveat", "could not independently verify") in model and model == lexicon


def test_the_model_matches_the_lexicons_it_was_trained_with():
    """Its cue columns follow the lexicons' order: editing a lexicon needs `make model`."""
    from wartrace.analysis.hedge_classifier import lexicon_fingerprint, load_hedge_model

    assert load_hedge_model().meta["lexicon_fingerprint"] == lexicon_fingerprint()
