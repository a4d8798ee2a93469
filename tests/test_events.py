"""Events: the seed golden test (issue 5, "Done when") plus units on text written here for
modality, vague counts, IHL elements and a classifier trained from the repository alone."""
from __future__ import annotations

import importlib.util

import pytest

from wartrace.model import Document


def _available(name: str) -> bool:
    return importlib.util.find_spec(f"wartrace.analysis.{name}") is not None


OTHERS = [c for c in ("places", "dates", "hedges", "claims") if _available(c)]


def _seed_document(seed_path) -> Document:
    raw = seed_path.read_text(encoding="utf-8").lstrip()
    assert raw.startswith("date 2022-04-22 ")
    return Document(id="sha256:seed", text=raw[len("date 2022-04-22 "):], published="2022-04-22", language="en")


@pytest.fixture(scope="module")
def seed(resources, seed_path):
    from wartrace.analysis.pipeline import Pipeline

    missing = {"places", "dates", "claims"} - set(OTHERS)
    if missing:
        pytest.skip(f"the seed golden test needs the {sorted(missing)} components")
    analysis = Pipeline(resources, OTHERS + ["events"])([_seed_document(seed_path)])[0]
    assert not analysis.errors, analysis.errors
    return analysis


@pytest.fixture(scope="module")
def events_only(resources):
    """Run just the events component over short texts written for these tests."""
    from wartrace.analysis.pipeline import Pipeline

    pipe = Pipeline(resources, ["events"])

    def run(text: str, published: str | None = "2023-03-01"):
        return pipe([Document(id=f"t:{hash(text)}", text=text, language="en", published=published)])[0]

    return run


def _find(analysis, sub_event_type=None, trigger=None):
    return [e for e in analysis.events
            if (sub_event_type is None or e.sub_event_type == sub_event_type)
            and (trigger is None or trigger in e.trigger.text.lower())]


def _claim_of(analysis, claimant_part: str):
    return [c for c in analysis.claims if c.claimant and claimant_part.lower() in
            (c.claimant.text + " " + (c.claimant.actor or "")).lower()]


# ---------------------------------------------------------------- seed golden

def test_seed_pow_killing_order(seed):
    text = seed.document.text
    evs = [e for e in seed.events if e.place is not None and e.place.name == "Popasna"]
    assert evs, [(e.sub_event_type, e.place and e.place.name) for e in seed.events]
    e = evs[0]
    assert e.modality in ("ordered", "alleged")
    assert e.actor1 == "Military Forces of Russia (2000-)"
    assert e.actor2 == "Prisoners of war (Ukraine)"
    assert e.event_type == "Violence against civilians"
    codes = {i.code for i in e.ihl}
    assert {"rome-8-2-a-i", "rome-8-2-b-xii"} <= codes
    for ind in e.ihl:
        assert "alleged" in ind.label
        assert any("armed conflict" in el for el in ind.elements_open)
        assert 0 <= ind.start < ind.end <= len(text)
    # linked to claim 1, the GUR tweet about the intercept, and the claim links back
    gur = [c for c in _claim_of(seed, "intelligence") if "prisoners of war" in " ".join(s.text for s in c.content)]
    assert gur and gur[0].id in e.claims
    assert e.id in gur[0].events
    assert text[e.trigger.start:e.trigger.end] == e.trigger.text


def test_seed_azovstal_planned_air_strike(seed):
    evs = [e for e in _find(seed, "Air/drone strike") if e.modality == "planned"]
    assert evs, [(e.sub_event_type, e.modality, e.trigger.text) for e in seed.events]
    assert evs[0].actor1 == "Military Forces of Russia (2000-)"
    assert evs[0].claims  # the SBU intercept claim, via the commander's quoted words


def test_seed_blockade_has_open_starvation_indicator(seed):
    evs = [e for e in seed.events if any(i.code == "rome-8-2-b-xxv" for i in e.ihl)]
    assert evs, [(e.sub_event_type, e.trigger.text, [i.code for i in e.ihl]) for e in seed.events]
    e = evs[0]
    assert e.modality == "ordered"
    ind = next(i for i in e.ihl if i.code == "rome-8-2-b-xxv")
    # the text shows an encirclement ordered; deprivation and intent to starve stay open
    assert any("indispensable" in el for el in ind.elements_open)
    assert any("intended to starve" in el for el in ind.elements_open)
    assert not any("indispensable" in el for el in ind.elements_met)


def test_seed_murder_and_rape_of_civilians(seed):
    sbu = {c.id for c in _claim_of(seed, "SBU") + _claim_of(seed, "Security Service")}
    # the murder is one of the merged event's mentions: one happening with the nearby alleged "shooting"
    # of civilians (event_merge.py keeps the trigger the classifier is surer of, which the typing
    # features of event_typing.py made the shooting's)
    attack = [e for e in _find(seed, "Attack") if any("murder" in m.text.lower() for m in e.mentions)]
    sexual = [e for e in _find(seed, "Sexual violence", "rape")]
    assert attack and sexual, [(e.sub_event_type, e.trigger.text) for e in seed.events]
    for e, code in ((attack[0], "rome-8-2-a-i"), (sexual[0], "rome-8-2-b-xxii")):
        assert code in {i.code for i in e.ihl}
        assert e.actor2 and e.actor2.startswith("Civilians")
        assert e.actor1 == "Military Forces of Russia (2000-)"
        assert e.modality == "alleged"
        assert sbu & set(e.claims), (e.claims, sbu)
    assert "rome-8-2-b-xxii" not in {i.code for i in attack[0].ihl}  # each act keeps its own indicator


def test_seed_luhansk_bombing(seed):
    evs = [e for e in _find(seed, "Shelling/artillery/missile attack") if e.place is not None
           and e.place.name == "Luhansk Oblast"]
    assert evs, [(e.sub_event_type, e.place and e.place.name) for e in seed.events]
    assert evs[0].place.feature == "admin1"
    assert evs[0].date is not None  # from the governor's interview claim, coarser than a day
    assert evs[0].date["precision"] != "day"


def test_seed_event_ids_and_contract(seed):
    ids = [e.id for e in seed.events]
    assert ids == [f"e{k}" for k in range(1, len(ids) + 1)]
    out = seed.to_dict()["events"]
    assert all({"id", "event_type", "sub_event_type", "modality", "trigger", "actors", "ihl", "claims",
                "confidence"} <= set(e) for e in out)


# ---------------------------------------------------------------- units on written text

@pytest.mark.parametrize("text,word,expected", [
    ("The commander ordered his men to shell the village.", "shell", "ordered"),
    ("Russian forces are planning to strike the bridge over the river.", "strike", "planned"),
    ("Ukrainian troops tried to recapture the town but were pushed back.", "recapture", "attempted"),
    ("The governor threatened to arrest anyone who joined the rally.", "arrest", "threatened"),
    ("Soldiers allegedly executed three men in the forest.", "executed", "alleged"),
    ("Russian troops shelled the town overnight.", "shelled", "happened"),
    ("A police official told CNN that Russian troops shelled the plant.", "shelled", "happened"),
    ("Russian forces planned an assault on the city for weeks.", "assault", "planned"),
])
def test_modality(resources, text, word, expected):
    from wartrace.analysis.events import modality_of

    doc = resources.nlp(text)
    tok = next(t for t in doc if t.text == word)
    assert modality_of(tok, next(doc.sents), []) == expected


def test_negated_trigger_is_no_event(resources):
    from wartrace.analysis.events import is_negated

    doc = resources.nlp("The minister said there is no need to storm the plant.")
    assert is_negated(next(t for t in doc if t.text == "storm"))


@pytest.mark.parametrize("text,fatalities,injuries", [
    ("Dozens of civilians were killed when the missile hit the market.", 12, None),
    ("Hundreds of people were injured in the explosion at the depot.", None, 100),
    ("The shelling killed 7 people and wounded 12 others in the town.", 7, 12),
    ("Several soldiers died and tens were wounded in the ambush.", 10, 10),
    ("A man was killed when a shell hit his house.", 1, None),
])
def test_vague_counts(resources, text, fatalities, injuries):
    from wartrace.analysis.events import counts

    doc = resources.nlp(text)
    assert counts(next(doc.sents)) == (fatalities, injuries)


def test_ihl_pillage_and_hospital(events_only):
    a = events_only("Russian soldiers looted shops and homes in the village before they withdrew.")
    inds = [i for e in a.events for i in e.ihl if i.code == "rome-8-2-b-xvi"]
    assert inds, [(e.sub_event_type, [i.code for i in e.ihl]) for e in a.events]
    assert any("appropriated property" in el for el in inds[0].elements_met)
    assert any("personal use" in el for el in inds[0].elements_open)

    b = events_only("Russian artillery shelled the maternity hospital in the city centre, killing two women.")
    hosp = [i for e in b.events for i in e.ihl if i.code == "rome-8-2-b-ix"]
    assert hosp, [(e.sub_event_type, [i.code for i in e.ihl]) for e in b.events]
    assert any("hospital" in el for el in hosp[0].elements_met)
    assert any("not a military objective" in el for el in hosp[0].elements_open)
    assert b.events[0].fatalities == 2


def test_ihl_siege_with_deprivation(events_only):
    a = events_only("The troops blockaded the town and cut off food and water to its residents.")
    inds = [i for e in a.events for i in e.ihl if i.code == "rome-8-2-b-xxv"]
    assert inds, [(e.sub_event_type, [i.code for i in e.ihl]) for e in a.events]
    assert any("indispensable" in el for el in inds[0].elements_met)
    assert any("intended to starve" in el for el in inds[0].elements_open)


def test_no_ihl_indicator_for_combat_between_forces(events_only):
    a = events_only("Ukrainian and Russian troops fought for control of the village for three days.")
    assert a.events
    assert not [i for e in a.events for i in e.ihl]


def test_text_without_events(events_only):
    a = events_only("The foreign ministers met in Brussels to discuss the next budget.")
    assert a.events == []


# ---------------------------------------------------------------- the shipped classifier

def typed(clf, texts: list[str], resources) -> list[str]:
    """The shipped classifier's likeliest class for each text read whole (as a short report is),
    on the typing features the product computes (event_typing.py)."""
    from wartrace.training.events import Parsed

    X = Parsed(texts, resources.embedder, resources.model("spacy")).features(range(len(texts)), clf.vocabulary,
                                                                             clf.idf)
    return [clf.classes[i] for i in clf.predict_proba(X).argmax(axis=1)]


def test_shipped_classifier_types_sentences_written_here(resources):
    """The committed classifier (no evaluation data needed) on sentences that are in none of its
    training data."""
    from wartrace.analysis import event_model as em

    clf = em.load_classifier()
    assert clf.meta["n_examples"] > 500  # CASE-2021 train and the repository's examples, not the examples alone
    cases = {
        "Heavy fighting continued as Ukrainian and Russian units clashed near the railway station.": "ARMED_CLASH",
        "Russian jets bombed the village from the air, residents said.": "AIR_STRIKE",
        "A woman said soldiers raped her in the basement of her house.": "SEX_VIOL",
        "Police detained a man suspected of passing coordinates to the enemy.": "ARREST",
        "The two governments signed a ceasefire agreement on Friday.": "AGREEMENT",
        "Hundreds of people rallied peacefully in the square with flags and placards.": "PEACE_PROTEST",
        "A car bomb exploded outside the administration building.": "REM_EXPLOS",
    }
    got = typed(clf, list(cases), resources)
    right = sum(g == want for g, want in zip(got, cases.values()))
    assert right >= 6, list(zip(got, cases.values()))


def test_typing_tells_who_took_a_village_and_a_peaceful_protest(resources):
    """Real corpus sentences (not in any training data) of the classes the classifier confused on
    CASE-2021: before the typing features (first sentence, typing cues, bag of lemmas) the first
    was typed as shelling (its "shells") and the second as a protest with intervention (its
    "police actions", which are the protest's topic, not an intervention)."""
    from wartrace.analysis import event_model as em

    cases = {
        # rss_2022/rss_items_ukraine_2022-01_08.jsonl line 2808, a CNN headline (cnn.com/videos/world/2022/08/04/ukraine-war-progress-south-robertson-pkg-intl-ldn-vpx.cnn)
        "Unexploded shells and abandoned pets: Inside a village recaptured from Russians.": "GOV_REGAINS_TERIT",
        # voa_stories.jsonl, story 6205674
        "Also Monday, hundreds of people, many waving Palestinian flags, massed in front of Israel’s consulate in "
        "Istanbul in protest of Israeli police actions around the Al-Aqsa mosque compound in Jerusalem’s Old "
        "City.": "PEACE_PROTEST",
    }
    assert typed(em.load_classifier(), list(cases), resources) == list(cases.values())


def test_the_not_of_a_governing_verb_does_not_reach_a_clause_with_its_own_subject(resources):
    """A BBC feed item (rss_2022, bbc.co.uk/news/world-europe-61524376, labelled EVENT in gate_labels.yaml),
    its headline and standfirst misparsed as one sentence: "occupies" is a clause of "can't supply" with its
    own subject, and the occupation is reported, not denied. The "not" of "did not shell" still negates."""
    from wartrace.analysis.events import is_negated

    doc = resources.nlp("Ukraine says giant Zaporizhzhia nuclear plant can't supply Russia Russia occupies Europe's "
                        "biggest nuclear plant and now wants to sell power from it back to Ukraine.")
    assert not is_negated(next(t for t in doc if t.text == "occupies"))
    doc = resources.nlp("The minister said Russian forces did not shell the plant.")
    assert is_negated(next(t for t in doc if t.text == "shell"))


def test_a_persons_home_town_is_not_where_the_event_happened(resources):
    """ECB+ reports (read at test time) that the linker kept apart for a suspect's or a victim's
    home town: "X of Schenectady" was arrested in Queens; "Ka'Loni Marie Flynn of Fort Smith,
    Ark." was shot in Oklahoma."""
    from corpus_sentences import ecb_sentences
    from wartrace.analysis.pipeline import Pipeline

    pipe = Pipeline(resources, ["places", "dates", "events"])
    for doc_name, start, home in [("21_13ecbplus.xml", "Vishwanand Subryan of Schenectady", {"Schenectady"}),
                                  ("45_4ecbplus.xml", "Christopher Kenyon Simpson of Fort Coffee",
                                   {"Fort Smith", "Arkansas", "Fort Coffee"})]:
        text = next(s for s in ecb_sentences(doc_name) if start in s)
        a = pipe([Document(id=f"t:{doc_name}", text=text, language="en")])[0]
        assert a.events
        assert not [e for e in a.events if e.place is not None and e.place.name in home], \
            [(e.trigger.text, e.place.name) for e in a.events if e.place]
