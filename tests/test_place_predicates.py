"""The named predicates of the English place recogniser (analysis/places/predicates.py), each
asked alone about one name in a real sentence: the seed (samples/, CNN, 22 April 2022) and
articles of the shared war_news_2022_2024 corpus (read at test time, never copied here)."""
from __future__ import annotations

import pytest

from corpus_sentences import corpus_text
from wartrace.analysis.gazetteer import load_gazetteer
from wartrace.analysis.places import predicates as p
from wartrace.analysis.places.clues import match_gazetteer

POPASNA = ("Ukrainian military intelligence public this Wednesday an alleged interception of the communications "
           "of the Russian armed forces in reference to an alleged order to kill Ukrainian prisoners of war in the "
           "city of Popasna, in the eastern region of Luhansk, which is the most affected by the new attack by Russia.")
AREA = "in the Popasna area (Luhansk Region)”, tweeted Ukrainian military intelligence this Wednesday."
DIRECTORATE = ("“The Main Intelligence Directorate of the Ministry of Defense of Ukraine received an audio "
               "intercept of the conversation of the occupiers")
MARIUPOL = ("The Security Service of Ukraine (SBU) previously published an alleged communications intercept from a "
            "Russian ground unit commander, who said Russian planes were planning to “raze everything to the ground” "
            "around Azovstal, the steel factory which is a redoubt of the Ukrainian defenders in the besieged port "
            "city of Mariupol.")


def name_in(resources, text: str, name: str) -> p.NameInText:
    """The gazetteer name `name` in `text` as the recogniser's third pass sees it."""
    doc = resources.nlp(text)
    gaz = resources.get("gazetteer", load_gazetteer)
    for a, b, key in match_gazetteer(doc, gaz, 0, len(doc)):
        if doc[a:b].text == name:
            return p.NameInText(doc, gaz, a, b, key, gaz.lookup_key(key), p.entities_by_token(doc).get(a),
                                set(gaz.focus_countries), p.person_words(doc))
    raise AssertionError(f"{name!r} is no gazetteer name in {text!r}")


def war_news(resources, doc_id: str, anchor: str, name: str) -> p.NameInText:
    return name_in(resources, corpus_text(doc_id, anchor), name)


def test_regional_a_name_of_the_wars_countries_mid_sentence(resources):
    assert p.is_regional(name_in(resources, POPASNA, "Popasna"))
    austin = war_news(resources, "20220202T180000Z_US_en_46dc752107", "troops that Austin put", "Austin")
    assert not p.is_regional(austin)  # Austin, Texas: not a country of the war


def test_big_city_under_its_own_name_tagged_as_something_else(resources):
    mariupol = name_in(resources, MARIUPOL, "Mariupol")
    assert mariupol.label == "ORG" and p.is_big_city(mariupol)
    popasna = name_in(resources, POPASNA, "Popasna")
    assert popasna.label == "ORG" and not p.is_big_city(popasna)  # some 20,000 people


def test_dateline_in_capitals_before_a_comma(resources):
    minsk = war_news(resources, "20220128T100000Z_BY_en_bffa710ceb", "MINSK, 28 January", "MINSK")
    assert p.is_dateline(minsk)
    mid = war_news(resources, "20220128T100000Z_PL_en_d803b0ccf0", "Minsk is not interested", "Minsk")
    assert not p.is_dateline(mid)


def test_common_word_that_is_a_town_somewhere(resources):
    western = war_news(resources, "20220125T201500Z_GB_en_12a935d533", "prompted Western embassies", "Western")
    assert p.is_common_word(western)
    assert not p.is_common_word(name_in(resources, POPASNA, "Popasna"))


def test_short_word_or_acronym(resources):
    he = war_news(resources, "20220126T083000Z_PL_en_5be7729074", "He said that Ukraine was prepared", "He")
    assert p.is_short_or_acronym(he)
    assert not p.is_short_or_acronym(name_in(resources, POPASNA, "Popasna"))


def test_another_name_of_a_place_is_no_mention_of_it(resources):
    gen = war_news(resources, "20220129T043000Z_GB_en_7f5243f41c", "Gen Milley described", "Gen")
    assert gen.best.alternate and p.is_another_name(gen)  # "Gen", an alternate name, not a spelling
    kyiv = war_news(resources, "20220204T123000Z_UA_en_1d3757904e", "between Kyiv and Warsaw", "Kyiv")
    assert not p.is_another_name(kyiv)


def test_former_name_needs_two_words_or_a_line_of_its_own(resources):
    # a war-region name of two words may be a former one ("Krasnyy Luch"): an alternate name passes
    assert p.is_former_name(name_in(resources, AREA, "Luhansk Region"))
    assert not p.is_former_name(name_in(resources, POPASNA, "Popasna"))  # one word mid-sentence


def test_place_tagged_as_a_person(resources):
    kyiv = war_news(resources, "20220204T123000Z_UA_en_1d3757904e", "between Kyiv and Warsaw", "Kyiv")
    assert kyiv.label == "PERSON" and p.is_place_tagged_person(kyiv)
    kirby = war_news(resources, "20220202T180000Z_US_en_46dc752107", "troops that Austin put", "Kirby")
    assert kirby.label == "PERSON" and not p.is_place_tagged_person(kirby)


def test_place_inside_an_organisations_name(resources):
    ukraine = name_in(resources, MARIUPOL, "Ukraine")  # "The Security Service of Ukraine"
    assert ukraine.label == "ORG" and not p.is_whole_entity(ukraine)
    assert p.names_place_inside_entity(ukraine)
    main = name_in(resources, DIRECTORATE, "Main")  # "The Main Intelligence Directorate ..."
    assert main.label is not None and not p.is_whole_entity(main)
    assert not p.names_place_inside_entity(main)


def test_locative_word_and_a_located_place(resources):
    popasna = name_in(resources, POPASNA, "Popasna")  # "in the city of Popasna"
    assert p.follows_locative(popasna) and p.is_located(popasna)
    minsk = war_news(resources, "20220128T100000Z_PL_en_d803b0ccf0", "Minsk is not interested", "Minsk")
    assert not p.follows_locative(minsk) and not p.is_located(minsk)


def test_strong_candidates():
    gaz = load_gazetteer()
    assert p.is_strong(gaz.lookup("Kharkiv")[0])
    popasna = gaz.lookup("Popasna")[0]
    assert popasna.feature == "city" and not p.is_strong(popasna)  # some 20,000 people


@pytest.mark.parametrize("doc_id, anchor, name, kept", [
    ("20220128T100000Z_BY_en_bffa710ceb", "MINSK, 28 January", "MINSK", True),  # a dateline
    ("20220204T123000Z_UA_en_1d3757904e", "between Kyiv and Warsaw", "Kyiv", True),  # tagged PERSON
    ("20220129T043000Z_GB_en_7f5243f41c", "Gen Milley described", "Gen", False),  # a rank
    ("20220125T201500Z_GB_en_12a935d533", "prompted Western embassies", "Western", False),
    ("20220202T180000Z_US_en_46dc752107", "troops that Austin put", "Kirby", False),  # a person
])
def test_keep_asks_them_in_order(resources, doc_id, anchor, name, kept):
    assert p.keep(war_news(resources, doc_id, anchor, name)) is kept


def test_keep_takes_the_seeds_popasna_tagged_as_an_organisation(resources):
    assert p.keep(name_in(resources, POPASNA, "Popasna"))
