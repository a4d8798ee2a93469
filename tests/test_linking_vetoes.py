"""Conflicting facts, not missing ones, keep reports apart (issue 19, linking/vetoes.py).

Linking now compares a report without a stated date with the dated reports too (ECB+ through the
product: blocking never compared them, so two reports of one happening, one dated, stayed two).
What keeps distinct happenings of one town apart is a fact the two reports state differently:
the Kramatorsk railway station strike (8 April 2022) and the Kramatorsk restaurant strike
(27 June 2023) must stay two incidents even when nothing dates them and they read alike. The
station reports are real RSS items of the shared corpus (rss_2022, read at test time).
"""
from __future__ import annotations

from datetime import date

import numpy as np

from corpus_sentences import corpus_document, ecb_sentences
from wartrace.linking.incidents import link
from wartrace.linking.items import LinkItem, salient_keys
from wartrace.linking.vetoes import conflict, targets

RSS = "rss_2022/rss_items_ukraine_2022-01_08.jsonl"
BBC_STATION = "https://www.bbc.co.uk/news/world-europe-61055105?at_medium=RSS&at_campaign=KARANGA"
CNN_STATION = ("https://www.cnn.com/videos/world/2022/04/11/"
               "ukraine-kramatorsk-rail-station-missile-attack-wedeman-pkg-newday-vpx.cnn")
# Not in the shared corpora: a one-sentence summary of the reporting of 27 June 2023 (Reuters,
# "Russian missile strike on Kramatorsk restaurant kills eight"), written for this test.
RESTAURANT = ("A Russian missile struck a crowded pizza restaurant in Kramatorsk on Tuesday evening, "
              "killing at least eight people, Ukrainian officials said.")

# The same embedding for every item: the worst case, where only the facts can tell them apart.
V = np.ones(8, dtype="float32") / np.sqrt(8)
KRAMATORSK = dict(lat=48.7233, lon=37.5563, place_feature="city", place_name="Kramatorsk",
                  admin1="Donetsk Oblast", country="UA")


def _item(id_: str, text: str, **kw) -> LinkItem:
    it = LinkItem(id=id_, document_id="d-" + id_, kind="event", event_type="Explosions/Remote violence",
                  text=text, embedding=V, **{**KRAMATORSK, **kw})
    it.keys = salient_keys(text) | {"p:kramatorsk"}
    return it


def test_the_sites_a_report_names_are_read_from_its_words():
    assert targets(corpus_document(BBC_STATION, name=RSS)) == {"railway_station"}
    assert targets(corpus_document(CNN_STATION, name=RSS)) == {"railway_station"}
    assert targets(RESTAURANT) == {"restaurant"}
    assert targets("удар по залізничному вокзалу Краматорська") == {"railway_station"}


def test_the_kramatorsk_station_and_restaurant_strikes_stay_two_incidents():
    """Neither report dated (archive texts), one town, the same words as far as the embedding
    goes: the struck sites differ, so they are two happenings."""
    station = _item("station", corpus_document(BBC_STATION, name=RSS))
    restaurant = _item("restaurant", RESTAURANT)
    assert conflict(station, restaurant, 1, 25.0) == "targets"
    lk = link([station, restaurant])
    assert lk.item_incident["station"] != lk.item_incident["restaurant"]


def test_a_dated_and_an_undated_report_of_the_station_strike_link_and_the_restaurant_stays_apart():
    dated = _item("bbc", corpus_document(BBC_STATION, name=RSS), start=date(2022, 4, 8), end=date(2022, 4, 8),
                  date_source="event")
    undated = _item("cnn", corpus_document(CNN_STATION, name=RSS))
    restaurant = _item("restaurant", RESTAURANT, start=date(2023, 6, 27), end=date(2023, 6, 27),
                       date_source="event")
    lk = link([dated, undated, restaurant])
    assert lk.item_incident["bbc"] == lk.item_incident["cnn"]
    assert lk.item_incident["restaurant"] != lk.item_incident["bbc"]


def test_dates_inferred_from_mentions_veto_only_far_apart_stated_dates_a_day_apart():
    a = _item("a", "Shelling in Kramatorsk", start=date(2022, 4, 8), end=date(2022, 4, 8), date_source="mentions")
    b = _item("b", "Shelling in Kramatorsk", start=date(2022, 5, 20), end=date(2022, 5, 20), date_source="event")
    c = _item("c", "Shelling in Kramatorsk", start=date(2023, 6, 27), end=date(2023, 6, 27), date_source="mentions")
    d = _item("d", "Shelling in Kramatorsk", start=date(2022, 4, 12), end=date(2022, 4, 12), date_source="event")
    e = _item("e", "Shelling in Kramatorsk", start=date(2022, 4, 8), end=date(2022, 4, 8), date_source="event")
    assert conflict(a, b, 1, 25.0) is None  # a text's mentions are weak: six weeks is no conflict
    assert conflict(a, c, 1, 25.0) == "dates"  # fourteen months is
    assert conflict(d, e, 1, 25.0) == "dates"  # two stated dates four days apart are two days


def test_two_towns_conflict_unless_each_report_names_the_other_town():
    """Two reports that both name Kramatorsk and Pokrovsk (some 60 km apart), leading with
    different ones, can report one happening; a report that never names the other's town cannot."""
    pokrovsk = dict(lat=48.2826, lon=37.1758, place_name="Pokrovsk")
    both = "Missiles hit Kramatorsk and Pokrovsk overnight."
    a = _item("a", both)
    b = _item("b", both, **pokrovsk)
    a.keys |= {"p:pokrovsk"}
    b.keys |= {"p:pokrovsk"}
    c = _item("c", "Missiles hit Pokrovsk overnight.", **pokrovsk)
    c.keys = salient_keys(c.text) | {"p:pokrovsk"}
    assert conflict(a, c, 1, 25.0) == "places"
    lk = link([a, b])
    assert lk.item_incident["a"] == lk.item_incident["b"]


# A report with no event of its own to anchor on, whose first lead town is Kyiv (the item's town is only
# that guess): CBS News, 9 April 2022, https://www.cbsnews.com/losangeles/news/ukraines-leader-calls-for-tough-global-response-against-russia-after-deadly-strike-on-kramatorsk-train-station
KYIV_REPORT = ("Ukraine's state railway company said in a statement that residents of the country's contested "
               "Donbas region, where Russia has refocused its forces after failing to take over the Ukrainian "
               "capital, Kyiv, could flee through other train stations on Saturday. Zelenskyy's voice rose in "
               "anger during his nightly address late Friday, when he said the strike on the Kramatorsk train "
               "station in eastern Ukraine amounted to another war crime for an international tribunal to consider.")
KYIV = dict(lat=50.4501, lon=30.5234, place_feature="city", place_name="Kyiv", admin1="Kyiv City", country="UA")


def _report(id_: str, text: str, names: set[str]) -> LinkItem:
    it = LinkItem(id=id_, document_id="d-" + id_, kind="report", text=text, embedding=V, **KYIV)
    it.keys = salient_keys(text) | {"p:" + n for n in names}  # every place a report names is a key
    return it


def test_a_report_led_by_another_town_that_names_the_events_town_can_join_it():
    """A report item's town is a guess (the first of its lead): one led by Kyiv that names
    Kramatorsk can report the Kramatorsk station strike, and joins it, not the restaurant strike.
    One that never names Kramatorsk cannot; and an event's town is stated, so two events still
    conflict unless each names the other's town."""
    station = _item("bbc", corpus_document(BBC_STATION, name=RSS), start=date(2022, 4, 8), end=date(2022, 4, 8),
                    date_source="event")
    restaurant = _item("restaurant", RESTAURANT, start=date(2023, 6, 27), end=date(2023, 6, 27),
                       date_source="event")
    kyiv = _report("kyiv", KYIV_REPORT, {"kyiv", "kramatorsk"})
    assert conflict(kyiv, station, 1, 25.0) is None
    assert conflict(station, kyiv, 1, 25.0) is None

    elsewhere = _report("elsewhere", KYIV_REPORT.split(". ")[0] + ".", {"kyiv"})
    assert conflict(elsewhere, station, 1, 25.0) == "places"
    kyiv_event = LinkItem(id="kyiv-event", document_id="d-kyiv-event", kind="event",
                          event_type="Explosions/Remote violence", text=KYIV_REPORT, embedding=V, **KYIV)
    kyiv_event.keys = set(kyiv.keys)
    assert conflict(kyiv_event, station, 1, 25.0) == "places"  # the station report never names Kyiv

    lk = link([station, restaurant, kyiv])
    assert lk.item_incident["kyiv"] == lk.item_incident["bbc"]
    assert lk.item_incident["restaurant"] != lk.item_incident["bbc"]


def _ecb_lead(doc_name: str) -> str:
    """The first sentence of one ECB+ document (read from the shared evaluation data at test time)."""
    return ecb_sentences(doc_name)[0]


def test_two_reports_led_by_the_climbers_home_town_and_by_the_mountain_link():
    """Two ECB+ reports of one climbing death in New Zealand (topic 23): one leads with Mount
    Cook, where it happened, the other with Perth, the climber's home town. A report item's town
    is only the first of its lead, a guess: it vetoes nothing (`LinkConfig.report_town_vetoes`,
    chosen by cross-validation over ECB+ topics). Two events stating those towns still conflict."""
    cook_text, perth_text = _ecb_lead("23_1ecb.xml"), _ecb_lead("23_3ecb.xml")
    assert "Mount Cook" in cook_text and "Perth" in perth_text
    cook = dict(lat=-43.7342, lon=170.0965, place_feature="city", place_name="Mount Cook", country="NZ")
    perth = dict(lat=-31.9523, lon=115.8613, place_feature="city", place_name="Perth", country="AU")
    a = LinkItem(id="cook", document_id="d-cook", kind="report", text=cook_text, embedding=V, **cook)
    a.keys = salient_keys(cook_text) | {"p:mount cook"}
    b = LinkItem(id="perth", document_id="d-perth", kind="report", text=perth_text, embedding=V, **perth)
    b.keys = salient_keys(perth_text) | {"p:perth", "p:new zealand"}
    assert conflict(a, b, 1, 25.0, report_towns=False) is None
    lk = link([a, b])
    assert lk.item_incident["cook"] == lk.item_incident["perth"]

    ea = LinkItem(id="cook-event", document_id="d-cook-event", kind="event", event_type="Other",
                  text=cook_text, embedding=V, keys=set(a.keys), **cook)
    eb = LinkItem(id="perth-event", document_id="d-perth-event", kind="event", event_type="Other",
                  text=perth_text, embedding=V, keys=set(b.keys), **perth)
    assert conflict(ea, eb, 1, 25.0, report_towns=False) == "places"


def test_a_continent_holds_the_towns_in_it():
    """ECB+ topic 19 (the Athens riots of December 2008): one report leads with "Violent protests
    in Europe", another with the clashes in Athens. A continent (a place of no country) states no
    town to conflict with Athens; two towns of one country (Athens, Thessaloniki) still conflict."""
    europe_text, athens_text = _ecb_lead("19_4ecb.xml"), ecb_sentences("19_1ecb.xml")[3]
    assert "Europe" in europe_text and "Athens" in athens_text
    europe = LinkItem(id="europe", document_id="d-europe", kind="event", event_type="Riots", text=europe_text,
                      embedding=V, lat=48.69, lon=9.14, place_feature="other", place_name="Europe")
    europe.keys = salient_keys(europe_text) | {"p:europe"}
    athens = LinkItem(id="athens", document_id="d-athens", kind="event", event_type="Riots", text=athens_text,
                      embedding=V, lat=37.9838, lon=23.7275, place_feature="city", place_name="Athens", country="GR")
    athens.keys = salient_keys(athens_text) | {"p:athens"}
    assert conflict(europe, athens, 1, 25.0) is None
    thessaloniki = LinkItem(id="thessaloniki", document_id="d-thessaloniki", kind="event", event_type="Riots",
                            text="Riots in Thessaloniki.", embedding=V, lat=40.6401, lon=22.9444,
                            place_feature="city", place_name="Thessaloníki", country="GR")
    thessaloniki.keys = {"p:thessaloníki"}
    assert conflict(thessaloniki, athens, 1, 25.0) == "places"
