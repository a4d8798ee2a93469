"""IHL indicators need conduct the text reports (issue 18): an event that happened, is alleged
or was ordered, with the indicator's core element in the text; never a plan, a hypothetical, an
opinion or a blocked process. Real sentences of the shared corpus (tests/corpus_sentences.py)."""
from __future__ import annotations

import pytest

from corpus_sentences import corpus_text
from wartrace.model import Document


@pytest.fixture(scope="module")
def codes(resources):
    from wartrace.analysis.pipeline import Pipeline

    pipe = Pipeline(resources, ["places", "dates", "hedges", "claims", "events"])

    def run(text: str) -> set[str]:
        a = pipe([Document(id=f"t:{hash(text)}", text=text, language="en", published="2024-01-01")])[0]
        assert not a.errors, a.errors
        return {i.code for e in a.events for i in e.ihl}

    return run


STARVATION, HOSTAGES = "rome-8-2-b-xxv", "rome-8-2-a-viii"


def test_a_blocked_process_sale_or_train_is_no_siege(codes):
    # "After two exchanges of captives, the process was blocked, ..."
    assert STARVATION not in codes(corpus_text("20220219T231500Z_UA_en_8a41a845e8", "the process was blocked"))
    # "Trump blocked the Turkish sale, over concerns ..."
    assert STARVATION not in codes(corpus_text("6180015", "Trump blocked the Turkish sale", name="voa_stories.jsonl"))
    # "... the train remains blocked in a tunnel near Sibi, Balochistan ..."
    assert STARVATION not in codes(corpus_text("8007760", "the train remains blocked", name="voa_stories.jsonl"))


def test_a_hypothetical_hostage_taking_raises_no_indicator(codes):
    # "... accused Russia of plotting to overthrow its pro-Western leadership in a coup that would
    # involve military-trained saboteurs attacking state institutions and taking hostages."
    assert HOSTAGES not in codes(corpus_text("20230213T181500Z_GB_en_668fa480e5", "taking hostages"))
