"""The cue scorer: built from a few PolNeAR train articles (the evaluation data), saved with its
hash, loaded, refused when changed, and used by the attribution rules; the shipped one loads."""
from __future__ import annotations

import json

import pytest

from wartrace.evaluation.attribution import polnear_dir


@pytest.fixture(scope="module")
def small_scorer(tmp_path_factory):
    if not (polnear_dir() / "train").exists():
        pytest.skip("PolNeAR (the shared evaluation data) is not here")
    from wartrace.training.cue_scorer import build

    return build(tmp_path_factory.mktemp("artefacts"), limit=40, thresholds=(0.3, 0.5))


def test_build_records_its_choices_and_hash(small_scorer):
    meta = json.loads((small_scorer / "meta.json").read_text())
    assert meta["train_articles"] == 40 and meta["held_out_articles"] == 4
    assert meta["threshold"] in (0.3, 0.5) and set(meta["held_out_sums"]) == {"0.3", "0.5"}
    assert len(meta["files"]["weights.json"]) == 64


def test_scorer_takes_speech_verbs_not_physical_ones(small_scorer, resources):
    from wartrace.analysis.attribution import load_cue_lexicon, quotations_of
    from wartrace.analysis.cue_scorer import CueScorer

    scorer = CueScorer.load(small_scorer)
    doc = resources.nlp("The governor said that the convoy drove north after the storm.")
    lex = load_cue_lexicon()
    said, drove = doc[2], doc[6]
    assert said.lemma_ == "say" and drove.lemma_ == "drive"
    assert scorer.prob(said, quotations_of(doc), lex) > 0.5 > scorer.prob(drove, quotations_of(doc), lex)


def test_changed_weights_are_refused(small_scorer, tmp_path):
    import shutil

    from wartrace.analysis.cue_scorer import CueScorer
    from wartrace.analysis.models import ModelIntegrityError

    copy = tmp_path / "cue-scorer"
    shutil.copytree(small_scorer, copy)
    data = json.loads((copy / "weights.json").read_text())
    data["bias"] += 1.0
    (copy / "weights.json").write_text(json.dumps(data))
    with pytest.raises(ModelIntegrityError):
        CueScorer.load(copy)


def test_only_speech_verbs_the_scorer_alone_took_become_claims(resources):
    """A verb the mined table rejects but the scorer accepts is a PolNeAR attribution; the ledger
    takes it only when it is a curated speech verb."""
    from wartrace.analysis import cue_scorer
    from wartrace.analysis.claims import build_claims, build_lexicons
    from wartrace.model import Analysis, Document

    class Everything:
        threshold = 0.0

        def accepts(self, tok, quotes, lex):
            return True

    text = "Residents want the bridge rebuilt before winter. The mayor noted that repairs had begun."
    doc = resources.nlp(text)
    a = Analysis(document=Document(id="sha256:t", text=text, published="2024-01-01", language="en"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cue_scorer, "load_cue_scorer", lambda choice=None: Everything())
        from wartrace.analysis.attribution import find_attributions

        atts = find_attributions(doc)
        claims = build_claims(doc, a, resources.get("claims.lexicons", build_lexicons))
    assert any(not x.by_rules and doc[x.cue_token].lemma_ == "want" for x in atts)
    assert [c.cue.text for c in claims if c.act == "statement"] == ["noted"]
    # what only the scorer took and is no speech verb is listed apart, as an attitude
    assert "want" in [c.cue.text for c in claims if c.act == "attitude"]


def test_the_shipped_scorer_is_the_default():
    from wartrace.analysis import cue_scorer

    scorer = cue_scorer.load_cue_scorer()
    assert scorer is not None and scorer.meta["trained_on"] == "PolNeAR train"
    assert scorer.meta["train_articles"] > 100
    assert cue_scorer.load_cue_scorer("off") is None
