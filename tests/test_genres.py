"""Non-war genres (issue 18, "Not an event"): a sports report's war idioms make no event, a war report that
mentions sport keeps its events (analysis/genres.py, data/lexicons/genres.yaml).

Sports text is quoted from the match reports cited beside it; war text from the cited reports and the shared
corpus (read at test time, never copied here). Before the genres component each sports passage gave an event
(a Shelling/artillery/missile attack from "struck", an Attack from "attack").
"""
from __future__ import annotations

import pytest

from corpus_sentences import corpus_text
from wartrace.analysis.pipeline import Pipeline
from wartrace.model import Document

BRIGG = "https://nigelfishersbriggblog.blogspot.com/2014/10/brigg-town-fc-draw-1-1-at-scarborough.html"
GOA = "https://www.footballcounter.com/2018/match-day-reportgoa-beat-punjab/"
MYKOLAIV = ("https://spotifypremium.co/russia-ukraine-war-how-a-football-field-turns-into-a-giant-crater-after-"
            "a-missile-strike/")
RODRI = "https://football.justbartanews.com/56983"
KHARKIV = "https://war-evidence.mkip.gov.ua/2022/09/11/stadium-shelled-in-kharkiv/"

SPORTS = [
    # the Manchester City match report, read alone
    ("issue 18", "Rodri struck in the 68th minute."),
    (BRIGG, "As half time approached, Conner Southern struck a stinging shot from thirty yards out but Rory "
            "Skelton saved well."),
    (GOA, "From the very first minute Punjab were right on the attack carrying it forward from their last match "
          "form with an early pass into the box that led to an acrobatic clearance from Goa."),
    (RODRI, "Kyle Walker, who captained the team against his former club, took charge during an injury break in "
            "the first half, offering instructions to Ruben Dias, Rodri, and Mateo Kovacic as they attempted to break "
            "down Sheffield's defense. The match saw moments of excellence, including Erling Haaland's efforts, but "
            "also a missed penalty."),
    # three paragraphs of the report, read as an article: "attack", "attacking", "blocked" (sentences read one
    # at a time; some, "Goa tried to attack and lost the ball ...", hold no sure sports word of their own)
    (GOA, "From the very first minute Punjab were right on the attack carrying it forward from their last match "
          "form with an early pass into the box that led to an acrobatic clearance from Goa. Goa retaliated with an "
          "attack from the third minute trying a long shot and was blocked by the defence with the rebound being "
          "collected by another Goa player who took the ball out of play and the danger passed away. There was "
          "another run by Goa down the left side but the cross went over the line for a goal kick in the very next "
          "minute.\n\nGoa had their first golden opportunity in the seventh minute as captain Victorino Fernandes "
          "created a chance on the left and passed it to midfielder Nestor Dias for a shot who missed the target. "
          "Goa tried to attack and lost the ball in the mid-field enabling Punjab to force a counter attack but the "
          "shot from a distance by forward Baltej Singh went flying wayward. Goa awakened by the attack tried to put "
          "together structured passes but lost the ball in front of the opponents box.\n\nGoa won their first "
          "free-kick and tried to start and attack down the left but the ball was beautifully won off the feet by "
          "Punjab."),
]

WAR_WITH_SPORT = [
    (MYKOLAIV, "Facing a barrage of heavy artillery, Ukraine's southern city of Mykolaiv has borne the brunt of the "
               "attacks and on Tuesday, its central city stadium, also known as Stadion Tsentralnyi was struck by "
               "a missile.", "Explosions/Remote violence"),
    (KHARKIV, "On the night of September 11, the Russian army launched a missile attack on the Industrialnyi "
              "District of Kharkiv. The rocket hit the ground near the sports stadium.", "Explosions/Remote violence"),
]


@pytest.fixture(scope="module")
def pipe(resources):
    return Pipeline(resources)


def _analyse(pipe, text):
    return pipe([Document(id="t", text=text, language="en")])[0]


@pytest.mark.parametrize("source,text", SPORTS)
def test_a_sports_report_makes_no_event(pipe, source, text):
    a = _analyse(pipe, text)
    assert a.events == [], source
    assert a.genres and all(g.genre == "sports" for g in a.genres)


@pytest.mark.parametrize("source,text,event_type", WAR_WITH_SPORT)
def test_a_war_report_about_a_stadium_keeps_its_event_and_is_not_read_as_sports(pipe, source, text, event_type):
    a = _analyse(pipe, text)
    assert event_type in {e.event_type for e in a.events}, source
    assert not any(g.start <= e.trigger.start < g.end for e in a.events for g in a.genres)


def test_an_athlete_killed_at_war_keeps_the_event_and_the_match_report_in_the_same_batch_does_not(pipe):
    """A weightlifter killed defending his country (war_news_2022_2024, the Guardian, 2024-05-07): "killed" is
    never a sports idiom, so the event stands beside the sports cues ("Olympic Games"); in the same batch the
    match report's "struck" gives none."""
    war = corpus_text("20240507T014500Z_GB_en_23f9f2eb70", "The Ukrainian weightlifter Oleksandr Pielieshenko")
    a_war, a_sport = pipe([Document(id="w", text=war, language="en"),
                           Document(id="s", text=SPORTS[1][1], language="en")])
    assert any(e.trigger.text == "killed" for e in a_war.events)
    assert a_sport.events == []


def _case_train(row_id: str) -> str:
    """A snippet of CASE-2021 train (the shared evaluation data, read at test time), from the gate's tuning
    thirds (not held out)."""
    from wartrace.evaluation.event_gate import case_rows, held_out
    from wartrace.evaluation.report import eval_dir

    if not (eval_dir() / "events" / "train.tsv").exists():
        pytest.skip("the shared CASE-2021 data is not here")
    (row,) = [r for r in case_rows("train") if r.key == f"case:{row_id}"]
    assert not row.is_event and not held_out(row.key)
    return row.text


# CASE-2021's MAN_MADE_DISASTER rows: an industrial explosion is no ACLED event, though people are killed
DISASTERS = ["801", "916"]


@pytest.mark.parametrize("row_id", DISASTERS)
def test_an_industrial_accident_makes_no_event(pipe, row_id):
    a = _analyse(pipe, _case_train(row_id))
    assert a.events == [], row_id
    assert any(g.genre == "disaster" for g in a.genres)


# CASE-2021's ORG_CRIME rows: police seizing counterfeit goods or fake banknotes is no ACLED event
CRIMES = ["347", "287"]


@pytest.mark.parametrize("row_id", CRIMES)
def test_police_work_against_ordinary_crime_makes_no_event(pipe, row_id):
    a = _analyse(pipe, _case_train(row_id))
    assert a.events == [], row_id
    assert any(g.genre == "crime" for g in a.genres)


def test_the_genre_lexicon_cites_a_source_for_every_entry_and_its_idioms_are_triggers():
    from wartrace.analysis.event_model import trigger_lexicon
    from wartrace.analysis.genres import genre_lexicons
    from wartrace.config import load_yaml

    data = load_yaml("lexicons/genres.yaml")
    for genre in data["genres"].values():
        for entry in genre["cues"] + genre["idioms"]:
            assert entry["source"] in data["sources"]
    triggers = {" ".join(w) for words in trigger_lexicon().index.values() for w, _, _, kind in words
                if kind in ("trigger", "strong")}
    sports, disaster, crime = genre_lexicons().genres
    assert sports.idioms <= triggers and disaster.idioms <= triggers and crime.idioms <= triggers
    assert "kill" not in sports.idioms and "shell" not in sports.idioms  # never an idiom: a war report's words
    assert "shell" not in disaster.idioms and "bomb" not in disaster.idioms and disaster.anchors  # its own anchors
    # a political arrest is an ACLED event whatever it is charged as: the crime genre's anchors name who is arrested
    assert "kill" not in crime.idioms and {("journalist",), ("activist",)} <= set(crime.anchors["journalist"]
                                                                                  + crime.anchors["activist"])
