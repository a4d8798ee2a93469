"""Claimants of three forms found in the shared corpora (war_news_2022_2024, rss_2022): a line
"Quote from X:", a cue that passes something on ("shared a video"), and a title naming where
someone serves ("ambassador to Ukraine"), which is not whom they speak for."""
from __future__ import annotations

from wartrace.analysis.actors import match_actor
from wartrace.analysis.pipeline import analyse_batch
from wartrace.model import Document


def _claims(text: str, resources):
    (analysis,) = analyse_batch([Document(id="t", text=text, language="en", published="2024-04-27")], resources)
    return analysis.claims


def test_quote_from_a_named_official_is_their_claim(resources):
    # war_news_2022_2024 20240427T151500Z_UA_English_3f140ab83d (Ukrinform)
    text = ("Ukrinform news agency following a press conference between Shmyhal and Australian Defence Minister "
            "Richard Marles in Lviv; Australian Government website\n\nQuote from Shmyhal: \"Australia is "
            "preparing a new aid package for Ukraine worth $100 million. Half of this amount will be spent on "
            "a large batch of man-portable air defence systems.\"")
    claims = [c for c in _claims(text, resources) if c.cue and c.cue.text == ":"]
    assert claims and claims[0].claimant.text == "Shmyhal", [(c.claimant, c.cue) for c in claims]
    assert "Quote" not in claims[0].claimant.name


def test_sharing_a_video_is_a_claim_sharing_a_border_is_not(resources):
    # rss_2022 rss_items_ukraine_2022-01_08: "Ukraine releases video of Russian helicopter being shot down"
    shared = _claims("Ukrainian Armed Forces shared a video showing a Russian helicopter being shot down.", resources)
    # the cue runs from the verb to the participle that says what the video shows (the vehicle form)
    assert [c.cue.text.split()[0] for c in shared] == ["shared"] and "Armed Forces" in shared[0].claimant.text
    # war_news_2022_2024 20240423T000000Z_GB_en_9ae78469bf (BBC)
    assert not _claims("Ukraine and Poland share a 300-mile border.", resources)


def test_the_country_an_ambassador_is_sent_to_is_not_their_side():
    # rss_2022: "former US ambassador to Ukraine William Taylor react to reports …"; war_news_2022_2024:
    # "The US Ambassador to Moscow, Lynne Tracy, was not in Russia on the day of the inauguration"
    assert match_actor("former US ambassador to Ukraine William Taylor") is None
    assert match_actor("The US Ambassador to Moscow, Lynne Tracy") is None
    # a body named with "of" or "for" is still whom the person speaks for
    assert match_actor("head of the Kharkiv regional military administration").name == \
        "Kharkiv Regional Military Administration"
    assert match_actor("commander of Russian forces in Ukraine").side == "RU"
