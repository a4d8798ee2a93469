"""Typing cues (data/events/typing_cues.yaml, analysis/event_typing.py) on real corpus sentences:
a month is no protest march, the acronym IS is not the verb "is", and who takes a place."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def nlp(resources):
    return resources.nlp


def cue_classes(nlp, text: str) -> set[str]:
    from wartrace.analysis.event_typing import typing_cues

    return {h.code for h in typing_cues().find(nlp(text))}


def test_a_month_is_no_protest_march(nlp):
    # voa_stories.jsonl, story 8009714 (VOA, public domain): "March 27" is a date; the cue "march" used to
    # match it and read the sentence as a peaceful protest
    assert "PEACE_PROTEST" not in cue_classes(
        nlp, "Khalil has been ordered to appear in front of an immigration judge on March 27 at the Lasalle "
             "Detention Facility in Louisiana.")
    # the verb outside any date still matches (voa_stories.jsonl: "not marching in lockstep")
    assert "PEACE_PROTEST" in cue_classes(
        nlp, "Thus, while Russian and China have overlapping interests, they are not \u201cmarching in lockstep.\u201d")


def test_the_acronym_is_is_not_the_verb_is(nlp):
    # voa_stories.jsonl (VOA): the verb "is" used to match the cue "IS" (the Islamic State) of
    # "Non-state actor overtakes territory" in nearly every text
    assert "NON_STATE_ACTOR_OVERTAKES_TER" not in cue_classes(
        nlp, "Syria\u2019s newly adopted constitution is facing criticism from legal experts and political groups "
             "arguing that its loopholes could deepen division and instability in the conflict-ridden country.")
    assert "NON_STATE_ACTOR_OVERTAKES_TER" in cue_classes(
        nlp, "Various intelligence estimates put the number of IS fighters across Iraq and Syria at between "
             "1,500 and 3,000, with the majority operating out of Syria.")


def test_who_takes_a_place(nlp):
    """[state actor, non-state actor] as the doer of a verb of taking (ACLED's two territory types)."""
    from wartrace.analysis.event_typing import taker_features

    # war_news_2022_2024.jsonl, 20230729T020000Z_GB_en_8822ec4ee4
    state = nlp("She and her 7-year-old brother remained in the camp until the Soviet army liberated it.")
    # voa_stories.jsonl, story 7686618 (VOA)
    rebels = nlp("The Central African Republic descended into violence and political chaos in 2013 when Muslim-led "
                 "Seleka rebels seized power and forced then-President Francois Bozize from office in the "
                 "majority Christian nation.")
    assert list(taker_features(state[:])) == [1.0, 0.0]
    assert list(taker_features(rebels[:])) == [0.0, 1.0]
