"""Who did what to whom, and one event per happening, on real sentences of the shared corpus
(issue 18), read at test time by tests/corpus_sentences.py."""
from __future__ import annotations

import csv
from functools import lru_cache

import pytest

from corpus_sentences import corpus_text
from wartrace.evaluation.report import eval_dir
from wartrace.model import Analysis, Document

RUSSIA = "Military Forces of Russia (2000-)"
UKRAINE = "Military Forces of Ukraine (2019-)"


@pytest.fixture(scope="module")
def analyse(resources):
    from wartrace.analysis.pipeline import Pipeline

    pipe = Pipeline(resources, ["places", "dates", "hedges", "claims", "events"])

    def run(text: str):
        a = pipe([Document(id=f"t:{hash(text)}", text=text, language="en", published="2024-01-01")])[0]
        assert not a.errors, a.errors
        return a

    return run


def _violent(a):
    return [e for e in a.events if e.event_type in ("Explosions/Remote violence", "Battles", "Violence against civilians")]


# ---------------------------------------------------------------- the doer, not the speaker

def test_claimants_side_is_not_the_attacker(analyse):
    # "... in Russian rocket strikes on railway stations ..., the Ukrainian prosecutor general's office says"
    a = analyse(corpus_text("20220425T200000Z_GB_en_0c7f16761d", "18 injured in Russian rocket strikes"))
    (e,) = _violent(a)
    assert e.actor1 == RUSSIA
    assert (e.fatalities, e.injuries) == (5, 18)


def test_modifier_of_a_nominal_trigger_is_the_doer(analyse):
    # "killed ... in Russian strikes on a train station" (Kramatorsk); "killed in a Russian attack" (Horenka)
    a = analyse(corpus_text("20220425T200000Z_GB_en_0c7f16761d", "57 people were killed"))
    assert [e.actor1 for e in _violent(a)] == [RUSSIA]
    assert _violent(a)[0].fatalities == 57
    b = analyse(corpus_text("20230719T213000Z_GB_en_823fbccc8e", "was killed in a Russian attack"))
    assert [e.actor1 for e in _violent(b)] == [RUSSIA]


def test_subject_weapon_carries_its_side(analyse):
    # "Dozens of Russian missiles have struck targets across Ukraine"
    a = analyse(corpus_text("20220626T171500Z_GB_en_0770d0af47", "Dozens of Russian missiles"))
    assert [e.actor1 for e in _violent(a)] == [RUSSIA]


def test_no_named_doer_leaves_actor1_empty(analyse):
    # "The Russian defence ministry said high-precision weapons struck Ukrainian army training centres":
    # the ministry reports; the weapons name no side; the target is Ukraine's army
    a = analyse(corpus_text("20220626T171500Z_GB_en_0770d0af47", "high-precision weapons struck"))
    (e,) = _violent(a)
    assert e.actor1 is None
    assert e.actor2 == UKRAINE


def test_object_of_the_repelling_is_the_other_side(analyse):
    # "Ukrainian forces repelled a Russian attack in the Lviv region near Brody"
    a = analyse(corpus_text("20220204T141500Z_GB_en_55f464d242", "repelled a Russian attack"))
    (e,) = _violent(a)
    assert (e.actor1, e.actor2) == (UKRAINE, RUSSIA)


def test_passive_with_a_suspected_attack_names_its_side(analyse):
    # "When the Kakhovka dam was blown up ... in a suspected Russian attack, he blamed Ukraine"
    a = analyse(corpus_text("20230624T180000Z_GB_en_380cc7b700", "Kakhovka dam was blown up"))
    assert {e.actor1 for e in _violent(a)} == {RUSSIA}


def test_subject_of_the_striking_verb_with_instrument(analyse):
    # "Russia hit Kyiv with cruise missile strikes ...": Russia did it, Kyiv is where
    a = analyse(corpus_text("20220429T000000Z_GB_en_2088cbef25", "Russia hit Kyiv with cruise missile"))
    (e,) = _violent(a)
    assert e.actor1 and "Russia" in e.actor1
    assert e.place is not None and e.place.name == "Kyiv"


# ---------------------------------------------------------------- one event per happening

def test_strike_passage_is_one_event_with_its_toll(analyse):
    # the missile that struck a residential building in Kyiv: the toll sentence, the mayor, a
    # witness ("they bombed the building", "the first strike", "a second missile hit the building")
    a = analyse(corpus_text("20220429T000000Z_GB_en_2088cbef25", "At least 10 people were injured",
                            "second missile hit the building"))
    strikes = [e for e in a.events if e.event_type == "Explosions/Remote violence"]
    assert len(strikes) == 1, [(e.sub_event_type, e.trigger.text) for e in a.events]
    assert strikes[0].injuries == 10


def test_conflicting_doers_of_one_happening_are_disputed():
    from wartrace.analysis.event_merge import Placed, merge_happenings
    from wartrace.model import Event, Place, Span

    olenivka = Place(text="Olenivka", name="Olenivka", start=0, end=8, lat=47.8, lon=37.7, country="UA",
                     admin1="Donetsk Oblast", feature="city", confidence=0.9)
    a = Event("", "Explosions/Remote violence", "Shelling/artillery/missile attack", "alleged", Span("strike", 0, 6),
              0.8, place=olenivka, actor1=UKRAINE, fatalities=50, claims=["c1"])
    b = Event("", "Violence against civilians", "Attack", "alleged", Span("killed", 40, 46), 0.6, place=olenivka,
              actor1="Wagner Group", actor2="Prisoners of war (Ukraine)", fatalities=53, claims=["c2"])
    (e,) = merge_happenings([Placed(a, 0), Placed(b, 3)])
    assert e.perpetrator_disputed and e.claims == ["c1", "c2"] and e.fatalities == 53
    e.id = "e1"
    out = Analysis(document=Document(id="t", text="", language="en"), events=[e]).to_dict()
    assert out["events"][0]["actors"] == {"actor1": UKRAINE, "actor2": "Prisoners of war (Ukraine)",
                                          "perpetrator_disputed": True}


def test_group_named_on_the_target_noun(resources):
    # the report (a video said to show a soldier killing a wounded fighter): the doer and
    # the target keep their sides, the target's group named by "Wagner" on the noun. This tests the
    # roles, so it runs with the event gate off: the shipped gate turns this sentence away
    # (P(event) 0.37 against its cross-validated threshold 0.52): a miss of the gate, not of the roles.
    from wartrace.analysis.pipeline import AnalysisConfig, Pipeline

    base = AnalysisConfig.current(["places", "dates", "hedges", "claims", "events"])
    conf = dict(base.settings, component_config={"events": {"gate": "off"}})
    text = "A video circulating online purports to show a Ukrainian soldier killing a wounded Wagner fighter."
    a = Pipeline(resources, config=AnalysisConfig(base.components, conf))(
        [Document(id="t:wagner-video", text=text, language="en", published="2024-01-01")])[0]
    (e,) = _violent(a)
    assert (e.actor1, e.actor2) == (UKRAINE, "Wagner Group")


# ---------------------------------------------------------------- the harmed named as the doer

@lru_cache(maxsize=1)
def _ucdp_headlines() -> dict[str, str]:
    """UCDP GED headlines by event id, read at test time from the evaluation data (never copied)."""
    path = eval_dir() / "geo" / "ucdp_ged_ukraine_2014-2021.csv"
    if not path.exists():
        pytest.skip(f"the UCDP file {path} is not here")
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["id"]: r["source_headline"] for r in csv.DictReader(fh)}


@pytest.mark.parametrize("ucdp_id", ["344118", "289579", "239312"])
def test_a_headline_toll_names_the_harmed_not_the_doer(analyse, ucdp_id):
    """"Two Ukrainian servicemen wounded amid 14 enemy attacks ... - JFO HQ": no auxiliary and no
    object (the source after the dash is none), so the subject is the harmed. The product named
    Ukraine as the perpetrator of these (UCDP headlines of the labelled set's dev half)."""
    a = analyse(_ucdp_headlines()[ucdp_id].split(";")[0])
    events = _violent(a)
    assert events and all(e.actor1 is None for e in events), [(e.trigger.text, e.actor1) for e in events]
    assert any(e.actor2 and "Ukraine" in e.actor2 for e in events)


@pytest.mark.parametrize("ucdp_id", ["204972", "289109"])
def test_a_clash_named_by_its_country_has_no_doer(analyse, ucdp_id):
    """"killed in fierce Ukrainian clashes": two sides fight a clash; the adjective says where."""
    a = analyse(_ucdp_headlines()[ucdp_id].split(";")[0])
    assert all(e.actor1 is None for e in _violent(a)), [(e.trigger.text, e.actor1) for e in _violent(a)]


def test_a_wounded_soldier_is_the_harmed(analyse):
    a = analyse(_ucdp_headlines()["401598"].split(";")[0])
    assert all(e.actor1 is None for e in _violent(a)), [(e.trigger.text, e.actor1) for e in _violent(a)]


def test_an_active_killing_keeps_its_subject_as_the_doer(analyse):
    a = analyse(corpus_text("https://www.bbc.co.uk/news/world-europe-60578293?at_medium=RSS&at_campaign=KARANGA",
                            "Russian soldiers killed my family", name="rss_2022/rss_items_ukraine_2022-01_08.jsonl"))
    assert any(e.actor1 == RUSSIA for e in _violent(a)), [(e.trigger.text, e.actor1) for e in _violent(a)]
