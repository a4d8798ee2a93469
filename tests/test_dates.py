"""Dates resolved against the publication date, as a journalist writes them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from wartrace.analysis.dates import bounds, find_dates, resolve_date
from wartrace.analysis.pipeline import Pipeline
from wartrace.model import Document

SEED = Path(__file__).resolve().parents[1] / "samples" / "cnn-2022-04-22-popasna-intercept.txt"
FRIDAY = "2022-04-22"  # the seed's publication date, a Friday


def _seed() -> tuple[str, str]:
    raw = SEED.read_text(encoding="utf-8")
    m = re.match(r"\s*date (\d{4}-\d\d-\d\d) ", raw)
    return m.group(1), raw[m.end():]


@pytest.fixture(scope="module")
def seed_dates(resources):
    published, text = _seed()
    doc = Document(id="sha256:seed", text=text, published=published, language="en")
    result = Pipeline(resources, components=["dates"])([doc])[0]
    assert not result.errors
    return text, result.dates


def _at(dates, text, phrase, nth=0):
    starts = [m.start() for m in re.finditer(re.escape(phrase), text)]
    return next(d for d in dates if d.start == starts[nth])


def test_seed_weekdays_resolve_to_the_week_of_publication(seed_dates):
    text, dates = seed_dates
    first = _at(dates, text, "this Wednesday")
    assert (first.text, first.value, first.precision) == ("this Wednesday", "2022-04-20", "day")
    thursday = _at(dates, text, "This Thursday")
    assert (thursday.text, thursday.value, thursday.precision) == ("This Thursday", "2022-04-21", "day")
    on_wednesday = _at(dates, text, "Wednesday", nth=3)  # "to CNN on Wednesday"
    assert on_wednesday.value == "2022-04-20"
    released = _at(dates, text, "Wednesday", nth=2)  # "audio recording released Wednesday"
    assert released.value == "2022-04-20"


def test_seed_spans_are_exact(seed_dates):
    text, dates = seed_dates
    assert len(dates) >= 5
    for d in dates:
        assert text[d.start:d.end] == d.text
        assert d.precision in ("day", "week", "month", "year")


@pytest.mark.parametrize("phrase, value, precision", [
    ("this Wednesday", "2022-04-20", "day"),
    ("This Thursday", "2022-04-21", "day"),
    ("on Wednesday", "2022-04-20", "day"),
    ("Friday", "2022-04-22", "day"),
    ("last Friday", "2022-04-15", "day"),
    ("next Monday", "2022-04-25", "day"),
    ("Tuesday evening", "2022-04-19", "day"),
    ("yesterday", "2022-04-21", "day"),
    ("today", "2022-04-22", "day"),
    ("last night", "2022-04-21", "day"),
    ("overnight", "2022-04-21/2022-04-22", "day"),
    ("two days ago", "2022-04-20", "day"),
    ("a week ago", "2022-04-11/2022-04-17", "week"),
    ("last week", "2022-04-11/2022-04-17", "week"),
    ("this week", "2022-04-18/2022-04-24", "week"),
    ("earlier this week", "2022-04-18/2022-04-21", "week"),
    ("last weekend", "2022-04-16/2022-04-17", "day"),
    ("on April 3", "2022-04-03", "day"),
    ("3 April", "2022-04-03", "day"),
    ("the 3rd of April", "2022-04-03", "day"),
    ("Thursday, January 27, 2022", "2022-01-27", "day"),
    ("Feb. 24", "2022-02-24", "day"),
    ("24 February 2014", "2014-02-24", "day"),
    ("2022-02-24", "2022-02-24", "day"),
    ("earlier this month", "2022-04-01/2022-04-21", "month"),
    ("last month", "2022-03-01/2022-03-31", "month"),
    ("late last month", "2022-03-21/2022-03-31", "month"),
    ("in March", "2022-03-01/2022-03-31", "month"),
    ("early March", "2022-03-01/2022-03-10", "month"),
    ("December 2021", "2021-12-01/2021-12-31", "month"),
    ("April last year", "2021-04-01/2021-04-30", "month"),
    ("three months ago", "2022-01-01/2022-01-31", "month"),
    ("2021", "2021-01-01/2021-12-31", "year"),
    ("last year", "2021-01-01/2021-12-31", "year"),
    ("the 1990s", "1990-01-01/1999-12-31", "year"),
    ("from 3 to 5 April", "2022-04-03/2022-04-05", "day"),
    ("April 3-5", "2022-04-03/2022-04-05", "day"),
    ("14 to 19 February", "2022-02-14/2022-02-19", "day"),
    ("between 28 March and 11 April", "2022-03-28/2022-04-11", "day"),
    ("between March and May 2021", "2021-03-01/2021-05-31", "month"),
    ("from 2014 to 2021", "2014-01-01/2021-12-31", "year"),
    ("the winter of 1939", "1939-12-01/1940-02-29", "month"),
    ("this past Sunday", "2022-04-17", "day"),
    ("this past April", "2021-04-01/2021-04-30", "month"),
    ("later February", "2022-02-21/2022-02-28", "month"),
    ("the 2019-20 season", None, None),
    ("2019-20", "2019-01-01/2020-12-31", "year"),
    ("from the end of 2021", "2021-09-01/2021-12-31", "year"),
    ("by the end of the year", "2022-09-01/2022-12-31", "year"),
    ("the 20th century", "1901-01-01/2000-12-31", "year"),
    ("a few years ago", None, None),
])
def test_journalist_expressions(phrase, value, precision):
    assert resolve_date(phrase, FRIDAY) == ((value, precision) if value else None)


def test_a_day_after_an_introduced_month_is_kept():
    dates = find_dates("It had received $33 million as of March 9, and more in March 2021.", FRIDAY)
    assert [(d.text, d.value) for d in dates] == [("March 9", "2022-03-09"), ("March 2021", "2021-03-01/2021-03-31")]


def test_year_spans_are_found_in_text():
    dates = find_dates("Fighting in 2014-2021 and the 2019-20 winter.", FRIDAY)
    assert [(d.text, d.value) for d in dates] == [
        ("2014-2021", "2014-01-01/2021-12-31"), ("2019-20", "2019-01-01/2020-12-31")]


def test_spans_drop_a_leading_preposition_but_ranges_keep_from():
    text = "Shelling went on from February, then from 3 to 5 April, and on Wednesday."
    assert [d.text for d in find_dates(text, FRIDAY)] == ["February", "from 3 to 5 April", "Wednesday"]


def test_tense_decides_ambiguous_readings():
    assert resolve_date("Friday", "2022-01-25", tense="future") == ("2022-01-28", "day")
    assert resolve_date("Friday", "2022-01-25") == ("2022-01-21", "day")
    assert resolve_date("in May", FRIDAY, tense="past") == ("2021-05-01/2021-05-31", "month")
    assert resolve_date("in May", FRIDAY, tense="future") == ("2022-05-01/2022-05-31", "month")


def test_month_with_year_after_a_preposition_keeps_its_year():
    dates = find_dates("DJI announced in April 2022 it was pulling out; talks resumed in mid-March 2021.", "2023-07-31")
    assert [(d.text, d.value) for d in dates] == [
        ("April 2022", "2022-04-01/2022-04-30"), ("mid-March 2021", "2021-03-11/2021-03-20")]


def test_future_tense_about_a_date_just_gone_stays_in_the_year():
    assert resolve_date("February 16", "2022-02-19", tense="future") == ("2022-02-16", "day")


def test_future_tense_read_from_the_parse(resources):
    text = "Emmanuel Macron said he plans to hold phone talks with Vladimir Putin on Friday."
    dates = find_dates(text, "2022-01-25", resources.nlp(text))
    assert [(d.text, d.value) for d in dates] == [("Friday", "2022-01-28")]


def test_would_takes_the_nearer_weekday(resources):
    text = "The ministry said it would respond on Friday."
    dates = find_dates(text, "2022-04-20", resources.nlp(text))  # a Wednesday
    assert [(d.text, d.value) for d in dates] == [("Friday", "2022-04-22")]


def test_durations_and_vague_spans_are_not_dates():
    for phrase in ("two weeks", "the coming days", "recent months", "eight years", "daily"):
        assert resolve_date(phrase, FRIDAY) is None


def test_without_publication_date_only_absolute_expressions(resources):
    text = "The strike happened yesterday, on Wednesday, in March 2021 and on 24 February 2022."
    dates = find_dates(text, None, resources.nlp(text))
    assert [(d.text, d.value) for d in dates] == [
        ("March 2021", "2021-03-01/2021-03-31"), ("24 February 2022", "2022-02-24")]


def test_modal_may_and_verb_march_are_not_months():
    text = "Troops may march on the capital. They march again in May."
    dates = find_dates(text, FRIDAY)
    assert [d.text for d in dates] == ["May"]


def test_bounds_of_values():
    lo, hi = bounds(resolve_date("last week", FRIDAY)[0])
    assert (lo.isoformat(), hi.isoformat()) == ("2022-04-11", "2022-04-17")
