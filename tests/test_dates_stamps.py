"""A page's own publication stamp ("Published: April 23, 2013 9: 39 AM") dates the page, not what it
reports: no event takes it as its date (data/dates/english_words.yaml publication_stamps). ECB+ pages
carry such stamps between their title and their first sentence, and an event of the title took the
stamp's day as a stated date, which then vetoed links to the reports of its happening."""
from __future__ import annotations

import pytest

from corpus_sentences import ecb_sentences
from wartrace.analysis.dates import find_dates, is_stamp
from wartrace.analysis.pipeline import AnalysisConfig, analyse_batch
from wartrace.model import Document


def _ecb_passage(doc_name: str, lines: int) -> str:
    """The first `lines` lines of one ECB+ document after its address line (read from the shared
    evaluation data at test time, never copied here)."""
    return "\n".join(ecb_sentences(doc_name)[1:lines + 1])


@pytest.mark.parametrize("doc_name, stamp", [
    ("33_9ecbplus.xml", "2013-04-23"),  # "Jury finds Andrew Lopez guilty in murder of Zurana Horton / Published: April 23, 2013"
    ("33_11ecbplus.xml", "2011-10-26"),  # "Teen Arrested in Shooting of Hero Brooklyn Mom / Posted Oct 26, 2011"
    ("19_7ecbplus.xml", "2013-03-13"),  # "... Teenager's Killing by the Police / Published: March 13, 2013"
])
def test_a_publication_stamp_is_no_event_date(resources, doc_name, stamp):
    text = _ecb_passage(doc_name, 3)
    stamps = [d for d in find_dates(text) if d.value == stamp]
    assert stamps and all(is_stamp(text, d.start) for d in stamps)
    a = analyse_batch([Document(id=f"t:{doc_name}", text=text, language="en")], resources, AnalysisConfig.current())[0]
    assert a.events, "the title's event is found"
    dated = [(e.event_type, e.date) for e in a.events if e.date and e.date.get("basis") == "text"
             and e.date.get("value") == stamp]
    assert not dated


def test_a_date_in_the_text_is_no_stamp():
    text = "Kharkiv was shelled on 28 February, the governor posted on Telegram."
    assert not any(is_stamp(text, d.start) for d in find_dates(text))
