"""Incident linking, source dependence and corroboration on multi-document fixtures.

The fixtures (tests/fixtures/linking/*.yaml) are short articles written for these tests.
Scenario tests run the real analysis pipeline on them; unit tests build the few claims
they need by hand where the test is about the linking logic, not about extraction.
"""
from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
import yaml

from wartrace.linking.api import link_analyses
from wartrace.linking.constraints import CANNOT, Constraint
from wartrace.linking.dependence import build_graph, wire_credit
from wartrace.linking.incidents import Linker, link
from wartrace.linking.items import date_interval, embed_items, items_from_analysis
from wartrace.model import Analysis, Claim, Claimant, Document, Span

FIXTURES = Path(__file__).parent / "fixtures" / "linking"


def load_docs(name: str) -> list[Document]:
    data = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))
    return [Document(id="sha256:" + hashlib.sha256(d["text"].encode()).hexdigest(), text=d["text"],
                     title=d.get("title"), published=d.get("published"), source=d.get("source"), language="en")
            for d in data["documents"]]


def configured_components() -> list[str]:
    from wartrace.config import settings

    return list(settings()["components"])


@pytest.fixture(scope="module")
def analysed(resources):
    """Every fixture document through the real pipeline, once."""
    from wartrace.analysis.pipeline import analyse_batch

    names = configured_components()
    out = {}
    for name in ("sbu_agent", "market_strike", "two_cities"):
        out[name] = analyse_batch(load_docs(name), resources, names)
    return out


def by_source(analyses: list[Analysis]) -> dict[str, Analysis]:
    return {a.document.source: a for a in analyses}


# --- dates, blocking, constraints (no models) ------------------------------------------

def test_date_intervals_follow_precision():
    assert date_interval("2022-04-20", "day") == (date(2022, 4, 20), date(2022, 4, 20))
    assert date_interval("2022-04-20", "month") == (date(2022, 4, 1), date(2022, 4, 30))
    assert date_interval("2022-04", None) == (date(2022, 4, 1), date(2022, 4, 30))
    assert date_interval("2022-04-18/2022-04-24", "week") == (date(2022, 4, 18), date(2022, 4, 24))
    assert date_interval("2023-02-28", "week") == (date(2023, 2, 28), date(2023, 3, 6))
    assert date_interval("not a date") is None


def test_blocking_compares_few_candidates():
    """Per-item candidate counts stay flat as the data grows (no all-pairs comparison)."""
    from wartrace.evaluation.linking_scale import synthetic_items

    means = []
    for n in (3000, 9000):
        items, _ = synthetic_items(n)
        lk = Linker()
        seen = []
        original = lk._candidates

        def counting(it, _orig=original, _seen=seen):
            got = _orig(it)
            _seen.append(len(got))
            return got

        lk._candidates = counting
        lk.attach(items)
        means.append(sum(seen) / len(seen))
    assert means[1] < means[0] * 1.3, means
    assert means[1] < 60, means


def test_month_precision_and_oblast_areas_link_with_precise_reports():
    """A month-precise date covers the day; an oblast contains its town; a town 200 km away does not."""
    import numpy as np

    from wartrace.linking.items import LinkItem

    v = np.ones(8, dtype="float32") / np.sqrt(8)
    base = dict(kind="event", event_type="Explosions/Remote violence", embedding=v, country="UA")
    a = LinkItem(id="a", document_id="d1", start=date(2023, 5, 3), end=date(2023, 5, 3), lat=46.64, lon=32.61,
                 place_feature="city", place_name="Kherson", admin1="Kherson Oblast", **base)
    b = LinkItem(id="b", document_id="d2", start=date(2023, 5, 1), end=date(2023, 5, 31), place_feature="admin1",
                 place_name="Kherson Oblast", admin1="Kherson Oblast", **base)
    c = LinkItem(id="c", document_id="d3", start=date(2023, 5, 3), end=date(2023, 5, 3), lat=47.84, lon=35.14,
                 place_feature="city", place_name="Zaporizhzhia", admin1="Zaporizhzhia Oblast", **base)
    lk = link([a, b, c])
    assert lk.item_incident["a"] == lk.item_incident["b"]
    assert lk.item_incident["c"] != lk.item_incident["a"]


# --- scenario: five outlets, one SBU post ---------------------------------------------

def test_five_outlets_repeating_one_sbu_post_are_one_incident_one_origin(analysed, resources):
    result = link_analyses(analysed["sbu_agent"], resources)
    incidents = result.incidents()
    assert len(incidents) == 1, [i["documents"] for i in incidents]
    inc = incidents[0]
    assert len(inc["documents"]) == 5
    assert inc["independent_origins"] == 1, [o["key"] for o in inc["origins"] if o["stances"]]
    assert inc["status"] == "single-source"
    asserting = [o for o in inc["origins"] if any(s != "denial" for s in o["stances"])]
    assert "SBU" in asserting[0]["label"] or "Security Service" in asserting[0]["label"]
    kinds = {e["kind"] for e in inc["dependence"]["edges"]}
    assert kinds & {"derived_from", "shares_text"}, "the verbatim copies share paragraphs"
    assert "cites" in kinds


def test_verbatim_copy_is_text_reuse_but_shared_quotes_are_not(analysed):
    docs = by_source(analysed["sbu_agent"])
    g = build_graph([docs["Ukrinform"], docs["Kyiv Post"], docs["Ukrainska Pravda"]])
    reuse = [e for e in g.edges if e.kind in ("derived_from", "shares_text")]
    pair = {frozenset((e.source, e.target)) for e in reuse}
    assert frozenset((docs["Ukrinform"].document.id, docs["Kyiv Post"].document.id)) in pair
    assert all(docs["Ukrainska Pravda"].document.id not in p for p in pair)  # a paraphrase is not a copy
    # Two reports that only quote the same statement do not derive from each other.
    quote = '"The Russian armed forces do not strike civilian targets and never have, whatever Kyiv says," the ministry said.'
    a = Analysis(Document(id="sha256:q1", text="Moscow denied it on Wednesday. " + quote, published="2023-09-06"))
    b = Analysis(Document(id="sha256:q2", text="Residents were unconvinced by the reply. " + quote, published="2023-09-07"))
    assert not [e for e in build_graph([a, b]).edges if e.kind in ("derived_from", "shares_text")]


def test_copy_direction_follows_publication_time():
    body = ("Counterintelligence officers detained a man in the northern district of the city while he was "
            "photographing the positions of air defence units and passing them to his handler.")
    early = Analysis(Document(id="sha256:e", text=body, published="2023-03-14"))
    late = Analysis(Document(id="sha256:l", text="Reposted. " + body, published="2023-03-15"))
    edges = [e for e in build_graph([late, early]).edges if e.kind == "derived_from"]
    assert [(e.source, e.target) for e in edges] == [("sha256:l", "sha256:e")]


def test_wire_credit_lines():
    def doc(text):
        return Analysis(Document(id="sha256:w", text=text))

    assert wire_credit(doc("KYIV, March 14 (Reuters) - Ukraine said on Tuesday..."))[0] == "Reuters"
    assert wire_credit(doc("Ukraine said on Tuesday...\n\nCopyright 2023 The Associated Press."))[0] == "Associated Press"
    assert wire_credit(doc("KYIV (AFP) - Ukraine said...")) [0] == "Agence France-Presse"
    assert wire_credit(doc("The AP style guide was updated on Tuesday.")) is None


def test_citation_chain_points_to_innermost_claimant():
    """"CNN reported that the SBU said" has its origin in the SBU, relayed via CNN."""
    text = "CNN reported that the SBU said a Russian agent was detained in Kharkiv."
    doc = Document(id="sha256:c", text=text, published="2023-03-14", source="Some Blog")

    def span(s):
        i = text.index(s)
        return Span(s, i, i + len(s))

    outer = Claim(id="c1", claimant=Claimant("CNN", 0, 3, actor="CNN", type="news_outlet", side="media"),
                  cue=span("reported"), content=[span("the SBU said a Russian agent was detained in Kharkiv")])
    inner = Claim(id="c2", claimant=Claimant("the SBU", 18, 25, type="security_service", side="UA"),
                  cue=span("said"), content=[span("a Russian agent was detained in Kharkiv")], parent="c1")
    a = Analysis(document=doc, claims=[outer, inner])
    g = build_graph([a])
    cites = [e for e in g.edges if e.kind == "cites"]
    assert len(cites) == 1
    assert "Security Service of Ukraine" in cites[0].target
    assert cites[0].evidence["via"] == ["CNN"]


# --- scenario: two witnesses and a denial ------------------------------------------------

def test_two_witnesses_and_a_denial_are_corroborated_and_disputed(analysed, resources):
    result = link_analyses(analysed["market_strike"], resources)
    incidents = result.incidents()
    assert len(incidents) == 1, [i["documents"] for i in incidents]
    inc = incidents[0]
    assert inc["corroborated"] and inc["disputed"]
    assert inc["status"] == "disputed"
    assert inc["independent_origins"] >= 2
    witnesses = [o for o in inc["origins"] if o["side"] == "witnesses" and o["asserts"]]
    assert len({d for o in witnesses for d in o["documents"]}) == 2, "a witness in each of the two reports"
    denial = [c for c in inc["contradictions"] if c["kind"] == "denial_by_accused"]
    assert denial and denial[0]["side"] == "Russian authorities"


# --- scenario: same type, same day, two cities -----------------------------------------

def test_same_event_type_same_day_two_cities_are_two_incidents(analysed, resources):
    result = link_analyses(analysed["two_cities"], resources)
    incidents = result.incidents()
    assert len(incidents) == 2
    assert all(len(i["documents"]) == 1 for i in incidents)


def test_all_fixtures_together_keep_the_three_happenings_apart(analysed, resources):
    everything = [a for name in ("sbu_agent", "market_strike", "two_cities") for a in analysed[name]]
    result = link_analyses(everything, resources)
    groups = sorted(sorted(by.document.source for by in everything if by.document.id in inc["documents"])
                    for inc in result.incidents())
    assert len(groups) == 4, groups


# --- reviewer decisions and incremental linking ----------------------------------------

def test_reviewer_split_survives_relinking_and_can_be_revoked(analysed, resources):
    result = link_analyses(analysed["sbu_agent"], resources)
    lk = result.linker
    (inc,) = lk.incidents.values()
    guardian = next(a for a in analysed["sbu_agent"] if a.document.source == "The Guardian").document.id
    g_items = [m for m in inc.members if lk.items[m].document_id == guardian]
    rest = [m for m in inc.members if m not in g_items]
    c = lk.split([g_items, rest], reviewer="analyst1", reason="different arrest")
    assert len(lk.incidents) == 2
    kept = lk.item_incident[rest[0]]
    assert kept == inc.id, "the larger part keeps the incident id"
    lk.relink()
    assert len(lk.incidents) == 2 and lk.item_incident[g_items[0]] != lk.item_incident[rest[0]]
    # A fresh linker given only the stored constraints makes the same split.
    again = link(list(lk.items.values()), constraints=lk.constraints)
    assert again.item_incident[g_items[0]] != again.item_incident[rest[0]]
    lk.revoke(c.id, reviewer="analyst2")
    assert len(lk.incidents) == 1
    assert not c.active and c.revoked_by == "analyst2"


def test_reviewer_merge_joins_two_incidents_and_survives_relinking(analysed, resources):
    result = link_analyses(analysed["two_cities"], resources)
    lk = result.linker
    ids = sorted(lk.incidents)
    lk.merge(ids, reviewer="analyst1", reason="one shelling wave")
    assert len(lk.incidents) == 1
    lk.relink()
    assert len(lk.incidents) == 1
    assert Constraint.from_dict(lk.constraints.all[0].to_dict()).kind == "must_link"


def test_attach_adds_to_existing_incidents_without_rebuild(analysed, resources):
    docs = analysed["sbu_agent"]
    result = link_analyses(docs[:4], resources)
    (before,) = result.linker.incidents.values()
    members_before = list(before.members)
    touched = result.attach(docs[4:], resources)
    assert touched == {before.id}
    (after,) = result.linker.incidents.values()
    assert after.members[: len(members_before)] == members_before
    assert len(after.documents) == 5


def test_cannot_link_is_respected_when_attaching(analysed, resources):
    docs = analysed["sbu_agent"]
    items = [it for a in docs for it in items_from_analysis(a)]
    embed_items(items, resources.embedder)
    first, last = items[0], items[-1]
    lk = Linker()
    lk.constraints.add(Constraint(kind=CANNOT, groups=[[first.id], [last.id]]))
    lk.attach(items)
    assert lk.item_incident[first.id] != lk.item_incident[last.id]


def test_wire_copies_collapse_to_one_origin():
    """Two outlets running the same agency copy are one origin, not two confirmations."""
    from wartrace.linking.corroboration import corroborate
    from wartrace.linking.incidents import Incident

    texts = ["KYIV, March 14 (Reuters) - A drone hit a fuel depot in Odesa overnight, the port operator said.",
             "KYIV, March 14 (Reuters) - A drone struck an oil depot in Odesa overnight, according to local media."]
    analyses = {f"sha256:w{i}": Analysis(Document(id=f"sha256:w{i}", text=t, published="2023-03-14",
                                                  source=s))
                for i, (t, s) in enumerate(zip(texts, ["Daily A", "Daily B"]))}
    items = {d: it for d, a in analyses.items() for it in items_from_analysis(a)}
    inc = Incident(id="inc-test", members=list(items), documents=list(analyses))
    cor = corroborate(inc, items, analyses, build_graph(analyses.values()))
    assert cor.independent_origins == 1
    assert cor.origins[0].key == "wire:Reuters" and cor.status == "single-source"


def test_b_cubed_and_pairwise_scores():
    from wartrace.evaluation.linking import b_cubed, pairwise

    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert b_cubed(gold, {"a": "x", "b": "x", "c": "y", "d": "y"}) == (1.0, 1.0, 1.0)
    p, r, _ = b_cubed(gold, {"a": "x", "b": "x", "c": "x", "d": "x"})
    assert (p, r) == (0.5, 1.0)
    p, r, _ = pairwise(gold, {"a": "x", "b": "y", "c": "z", "d": "z"})
    assert (p, r) == (1.0, 0.5)
