"""Cue scorer features v2: a verb's particle and object crossed with its lemma, so phrasal and
light verbs of speech are cues by what they take. Sentences from the war_news_2022_2024 corpus
whose attribution the v1 scorer turned down."""
from __future__ import annotations

from wartrace.model import Document


def _claims(resources, text: str):
    from wartrace.analysis.pipeline import Pipeline  # lazily: the pipeline builds every component

    analysis = Pipeline(resources, ["dates", "hedges", "claims"])([Document(id="sha256:t", text=text, language="en")])[0]
    assert not analysis.errors, analysis.errors
    return analysis.claims


def test_spoke_out_against_is_a_cue(resources):
    text = ("Professors who spoke out against the war, or allowed safe spaces for students to question it, "
            "have been fired.")
    found = [(c.cue.text, [s.text for s in c.content], c.act)
             for c in _claims(resources, text) if c.cue is not None and c.cue.text.startswith("spoke")]
    assert found == [("spoke out against", ["the war"], "attitude")]
