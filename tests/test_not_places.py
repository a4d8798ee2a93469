"""Names that are not places (issue 18): publishers, newspapers, sports clubs and people whose
surname is a town's name are not geocoded; real sentences of the shared corpus
(tests/corpus_sentences.py)."""
from __future__ import annotations

import pytest

from corpus_sentences import corpus_text
from wartrace.model import Document

RSS = "rss_2022/rss_items_ukraine_2022-01_08.jsonl"


@pytest.fixture(scope="module")
def places(resources):
    from wartrace.analysis.pipeline import Pipeline

    pipe = Pipeline(resources, ["places"])

    def run(text: str) -> set[str]:
        a = pipe([Document(id=f"t:{hash(text)}", text=text, language="en")])[0]
        assert not a.errors, a.errors
        return {p.name for p in a.places}

    return run


def test_a_newspaper_told_something_is_no_place(places):
    # "... Mr Zelensky told The Washington Post, external."
    assert "Washington" not in places(corpus_text("20220809T143000Z_GB_en_7b1dd086a9", "told The Washington Post"))
    # ""What’s happened in Ukraine has not helped ...," Kerry told The Washington Post on April 21, 2022."
    assert "Washington" not in places(corpus_text("20230717T111500Z_US_en_f39ff3b6d6", "Kerry told The Washington Post"))


def test_a_publisher_named_after_a_city_is_no_place_but_the_places_it_reports_are(places):
    # "... interviews with the Kyiv Post that they believed that Belarus may be used by Russia ... Lviv"
    found = places(corpus_text("20220725T094500Z_UA_en_099343d591", "interviews with the Kyiv Post"))
    assert "Kyiv" not in found and {"Belarus", "Lviv"} <= found
    # "Ada Wordsworth, head of the KHARPP NGO which supports Kharkiv region villages, told The Moscow Times ..."
    found = places(corpus_text("20240425T131500Z_RU_en_e7a8b87c9a", "Ada Wordsworth"))
    assert "Moscow" not in found and any("Kharkiv" in p for p in found)


def test_a_football_club_is_no_place(places):
    # BBC RSS: "Erling Haaland completes his £51.2m transfer to ... Manchester City from Borussia Dortmund."
    text = corpus_text("https://www.bbc.co.uk/sport/football/61575822?at_medium=RSS&at_campaign=KARANGA",
                       "Manchester City", name=RSS)
    found = places(text)
    assert "Manchester" not in found and "Dortmund" not in found


def test_a_persons_surname_is_no_town(places):
    # "Alexander Suvorov" (the general, not Suvorov in Tula oblast); "Denis Skopin" (not Skopin, Ryazan)
    assert "Suvorov" not in places(corpus_text("20240508T124500Z_BY_en_98b4f6c90e", "Alexander Suvorov"))
    assert "Skopin" not in places(corpus_text("20240507T114500Z_US_en_662b9e93a5", "Denis Skopin"))
