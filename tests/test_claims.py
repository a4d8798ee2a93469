"""Claims: the seed golden test (issue 4, "Done when") plus attribution units on text written here."""
from __future__ import annotations

import importlib.util

import pytest

from wartrace.analysis.attribution import CONFIGURED
from wartrace.model import DateMention, Document, Hedge


def _available(name: str) -> bool:
    return importlib.util.find_spec(f"wartrace.analysis.{name}") is not None


HAVE_DATES = _available("dates")
HAVE_HEDGES = _available("hedges")


def _seed_document(seed_path) -> Document:
    raw = seed_path.read_text(encoding="utf-8").lstrip()
    assert raw.startswith("date 2022-04-22 ")
    return Document(id="sha256:seed", text=raw[len("date 2022-04-22 "):], published="2022-04-22", language="en")


@pytest.fixture(scope="module", params=["rules", "rules+scorer", "rules+tagger"])
def seed(request, resources, seed_path):
    """The seed analysed by the parse rules with the mined cue table alone; again with the shipped cue
    scorer (the default); and again merged with the opt-in attribution tagger, which is built by
    `make model` and never committed, so a fresh clone skips that run."""
    from wartrace.analysis import cue_scorer
    from wartrace.analysis.attribution_tagger import load_tagger
    from wartrace.analysis.pipeline import Pipeline

    tagger = load_tagger("built") if request.param == "rules+tagger" else None
    if request.param == "rules+tagger" and tagger is None:
        pytest.skip("attribution tagger not built (make model)")
    held = {"attribution.tagger": tagger}
    if request.param != "rules+tagger":  # the tagger's run keeps the configured scorer
        held["attribution.cue_scorer"] = cue_scorer.load_cue_scorer("default") if request.param == "rules+scorer" \
            else None
    comps = [c for c in ("dates", "hedges", "claims") if c == "claims" or _available(c)]
    with resources.override(held):
        analysis = Pipeline(resources, comps)([_seed_document(seed_path)])[0]
    assert not analysis.errors, analysis.errors
    return analysis


def _claims(seed, actor_id=None, content=None, claimant_text=None):
    from wartrace.analysis.actors import actor_by_id

    name = actor_by_id(actor_id).name if actor_id else None
    out = []
    for c in seed.claims:
        if name and (c.claimant is None or c.claimant.actor != name):
            continue
        if claimant_text and (c.claimant is None or claimant_text not in c.claimant.text):
            continue
        if content and not any(content in s.text for s in c.content):
            continue
        out.append(c)
    return out


def _one(seed, **kw):
    found = _claims(seed, **kw)
    assert found, f"no claim with {kw}: {[(c.claimant and c.claimant.text, [s.text[:40] for s in c.content]) for c in seed.claims]}"
    return found[0]


def test_spans_point_into_the_text(seed):
    text = seed.document.text
    ids = [c.id for c in seed.claims]
    said = [c.id for c in seed.claims if c.act == "statement"]
    held = [c.id for c in seed.claims if c.act == "attitude"]
    # speech acts c1, c2, … then attitudes ("thinks", "wants") a1, a2, …
    assert ids == said + held
    assert said == [f"c{i + 1}" for i in range(len(said))] and held == [f"a{i + 1}" for i in range(len(held))]
    for c in seed.claims:
        for s in [*c.content, *([c.cue] if c.cue else []), *c.hedges]:
            assert text[s.start:s.end] == s.text
        if c.claimant:
            assert text[c.claimant.start:c.claimant.end] == c.claimant.text
        for v in c.caveats:
            assert text[v.start:v.end] == v.text
        assert c.parent is None or c.parent in ids


def test_claim1_gur_tweet_of_the_intercept(seed):
    c = _one(seed, actor_id="GUR", content="prisoners of war")
    assert c.claimant.text == "Ukrainian military intelligence"
    assert c.claimant.side == "UA" and c.claimant.type == "intelligence_service"
    assert c.cue.text == "tweeted" and c.direct
    assert c.channel == "social_media_post"
    assert "audio_intercept" in c.evidence
    assert "Popasna" in " ".join(s.text for s in c.content)
    kinds = {v.kind: v for v in c.caveats}
    assert "authenticity_unverified" in kinds and "authenticity of the recording" in kinds["authenticity_unverified"].text
    assert kinds["comment_requested"].party == "Russian Ministry of Defence"


@pytest.mark.skipif(not HAVE_DATES, reason="dates component not in this checkout")
def test_claim1_date_is_the_tweet_day(seed):
    c = _one(seed, actor_id="GUR", content="prisoners of war")
    assert c.date == {"value": "2022-04-20", "precision": "day"}


@pytest.mark.skipif(not HAVE_HEDGES, reason="hedges component not in this checkout")
def test_claim1_hedged_as_alleged(seed):
    c = _one(seed, actor_id="GUR", content="prisoners of war")
    assert "alleged" in [h.text.lower() for h in c.hedges]


def test_claim2_he_added_is_gur_opinion(seed):
    c = _one(seed, content="This is a blatant war crime")
    assert c.claimant.actor == _one(seed, actor_id="GUR").claimant.actor
    assert c.cue.text == "added" and c.stance == "opinion"
    assert c.channel == "social_media_post"  # the same tweet


def test_claim3_sbu_intercept_release_azovstal(seed):
    c = _one(seed, actor_id="SBU", content="raze everything to the ground")
    assert c.channel == "intercept_release" and "audio_intercept" in c.evidence
    assert "Azovstal" in c.content[0].text
    inner = [x for x in seed.claims if x.parent == c.id]
    assert inner and "Russian ground unit commander" in inner[0].claimant.text  # nested: "who said"


def test_claim4_putin_statement_and_order(seed):
    said = _one(seed, actor_id="PUTIN", content="no need to storm the plant")
    assert said.channel == "statement" and said.stance == "assertion"
    quote = _one(seed, actor_id="PUTIN", content="Block this industrial area so a fly can’t get through")
    assert quote.direct and quote.stance == "order_or_threat" and quote.channel == "statement"
    if HAVE_DATES:
        assert said.date == {"value": "2022-04-21", "precision": "day"} == quote.date


def test_claim5_sbu_released_audio_of_murder_and_rape(seed):
    c = _one(seed, actor_id="SBU", content="murder and rape of civilians")
    assert c.cue.text.endswith("released")
    assert c.channel == "intercept_release" and "audio_intercept" in c.evidence


def test_claim6_bnd_intercepted_radio_communications(seed):
    c = _one(seed, actor_id="BND", content="shooting soldiers and civilians")
    assert c.claimant.text == "Germany’s foreign intelligence service" and c.claimant.side == "third"
    assert "audio_intercept" in c.evidence


def test_claim7_military_observers_unknown_claimant(seed):
    c = _one(seed, claimant_text="Military observers", content="unsecured communications")
    assert c.claimant.actor is None and c.claimant.type == "unknown"


def test_claim8_haidai_interview(seed):
    found = _claims(seed, actor_id="HAIDAI")
    content = " ".join(s.text for c in found for s in c.content)
    assert "80% of the territory" in content
    assert "The entire territory of Luhansk is being bombed" in content
    assert "evacuate everyone" in content
    # the quotes after "he said" and "Haidai went on to say" are his
    assert "Certainly they" in content and "We have established our defenses" in content
    first = _one(seed, actor_id="HAIDAI", content="80% of the territory")
    assert first.claimant.text == "Serhii Haidai"
    assert all(c.channel == "interview" for c in found)
    if HAVE_DATES:
        assert all(c.date == {"value": "2022-04-20", "precision": "day"} for c in found)


def test_soldiers_quote_sits_inside_the_gur_recording(seed):
    gur = _one(seed, actor_id="GUR", content="prisoners of war")
    soldiers = _one(seed, content="keep the highest ranking among them")
    assert soldiers.parent == gur.id
    assert soldiers.stance == "order_or_threat"  # "… let the rest go forever": an order reported


# ------------------------------------------------------------------ units on written text
@pytest.fixture(scope="module")
def run_claims(resources):
    from wartrace.analysis.claims import build_claims, build_lexicons
    from wartrace.model import Analysis

    lex = resources.get("claims.lexicons", build_lexicons)

    def run(text, published="2023-03-10", dates=(), hedges=(), scorer=CONFIGURED):
        doc = resources.nlp(text)
        a = Analysis(document=Document(id="sha256:t", text=text, published=published, language="en"))
        a.dates = list(dates)
        a.hedges = list(hedges)
        return build_claims(doc, a, lex, scorer=scorer)

    return run


def test_nested_attribution_has_both_levels(run_claims):
    claims = run_claims("CNN reported that the SBU said Russian forces had shelled a hospital in Kharkiv.")
    outer = next(c for c in claims if c.claimant and c.claimant.actor == "CNN")
    inner = next(c for c in claims if c.claimant and c.claimant.actor == "Security Service of Ukraine (SBU)")
    assert outer.cue.text == "reported" and inner.cue.text == "said"
    assert inner.parent == outer.id and outer.parent is None
    assert "shelled a hospital" in inner.content[0].text and "SBU said" in outer.content[0].text


def test_agentless_passive_has_no_claimant(run_claims):
    claims = run_claims("It was reported that a convoy was hit near Izium on Monday.")
    assert len(claims) == 1
    c = claims[0]
    assert c.claimant is None and "was reported" in c.cue.text
    assert c.content[0].text.startswith("that a convoy was hit")


def test_passive_whose_subject_is_the_content_has_no_claimant(run_claims):
    # war_news_2022_2024 (VOA): the countries are what is said, by nobody named; PolNeAR annotates such
    # passives with no source and the clause as content. The speaker of the sentence before is not theirs.
    claims = run_claims("Zelensky said the talks would resume. The other two countries chosen by Xi for his tour, "
                        "Serbia and Hungary, are seen as among the most sympathetic to Moscow in Europe.")
    seen = [c for c in claims if c.cue and c.cue.text == "are seen"]
    assert len(seen) == 1 and seen[0].claimant is None, [(c.claimant, c.cue) for c in claims]
    assert seen[0].content[0].text.startswith("The other two countries chosen by Xi")
    assert seen[0].content[0].text.endswith("the most sympathetic to Moscow in Europe")
    # rss_2022: a statement-kind passive ("described") takes no claimant from the speaker before either
    claims = run_claims("Zelensky said the talks would resume. Shaun Pinner, who is being held by Russian forces, "
                        "is described as a well-respected soldier by his family.")
    described = [c for c in claims if c.cue and c.cue.text == "is described"]
    assert len(described) == 1 and described[0].content[0].text.startswith("Shaun Pinner")
    assert described[0].claimant is None or "family" in described[0].claimant.text, described[0].claimant


def test_generic_officials_keep_their_text(run_claims):
    c = run_claims("Officials said the bridge was destroyed overnight.")[0]
    assert c.claimant.text == "Officials" and c.claimant.type == "unknown" and c.claimant.actor is None
    assert c.content[0].text == "the bridge was destroyed overnight"


def test_according_to(run_claims):
    c = run_claims("Twelve civilians were killed, according to the UN human rights office.")[0]
    assert c.cue.text == "according to"
    assert c.claimant.actor.startswith("Office of the UN High Commissioner for Human Rights")
    assert c.content[0].text.startswith("Twelve civilians were killed")


def test_indirect_speech_verbs_and_denial(run_claims):
    claims = run_claims("The Kremlin denied that Russian troops had targeted the station. "
                        "Zelensky warned that more strikes would follow.")
    deny = next(c for c in claims if c.cue.text == "denied")
    assert deny.claimant.side == "RU" and deny.stance == "denial"
    warn = next(c for c in claims if c.cue.text == "warned")
    assert warn.claimant.actor == "Volodymyr Zelensky"


def test_pronoun_and_title_coreference(run_claims):
    text = ("Oleksandr Prokudin, the head of the regional administration, said two people were wounded. "
            "\u201cThe shelling did not stop all night,\u201d he said. "
            "The head of the administration added that schools would stay closed.")
    claims = run_claims(text)
    # The claimant's span is the mention in its own sentence; who it is, is its name and identity.
    assert [c.claimant.text for c in claims] == ["Oleksandr Prokudin", "he", "The head of the administration"]
    assert all(text[c.claimant.start:c.claimant.end] == c.claimant.text for c in claims)
    assert [c.claimant.name for c in claims] == ["Oleksandr Prokudin"] * 3
    assert {c.claimant.canonical_id for c in claims} == {"person:oleksandr-prokudin"}
    assert claims[1].direct and claims[1].content[0].text.startswith("\u201cThe shelling")


def test_bare_quote_after_he_added_belongs_to_last_speaker(run_claims):
    text = ("Ivan Fedorov said the city had no power. \u201cWe are using generators,\u201d he added.\n\n"
            "\u201cThe hospitals are full and the roads are blocked by debris everywhere.\u201d")
    claims = run_claims(text)
    assert claims[-1].claimant.text == "Ivan Fedorov" and claims[-1].cue is None and claims[-1].direct


def test_speech_date_and_hedges_and_later_caveat(run_claims):
    text = ("Ukraine's General Staff said on Tuesday that the video shows a reportedly captured tank. "
            "CNN could not independently verify the video.")
    tue = text.index("Tuesday")
    rep = text.index("reportedly")
    claims = run_claims(
        text, published="2023-03-10",
        dates=[DateMention("Tuesday", tue, tue + 7, "2023-03-07", "day")],
        hedges=[Hedge("reportedly", rep, rep + 10, "hedge")])
    c = claims[0]
    assert c.claimant.actor == "General Staff of the Armed Forces of Ukraine"
    assert c.date == {"value": "2023-03-07", "precision": "day"}
    assert [h.text for h in c.hedges] == ["reportedly"]
    assert "video" in c.evidence
    assert [v.kind for v in c.caveats] == ["not_independently_verified"]


def test_undated_claim_falls_back_to_publication_week(run_claims):
    c = run_claims("Kyiv's mayor said the metro stations were open as shelters.", published="2023-03-10")[0]
    assert c.date == {"value": "2023-03-10", "precision": "week"}


def test_telegram_and_interview_channels(run_claims):
    claims = run_claims("Ramzan Kadyrov wrote on Telegram that his fighters had entered the town. "
                        "Kuleba told the BBC that Ukraine would not cede territory.")
    assert claims[0].channel == "telegram" and claims[0].claimant.actor == "Ramzan Kadyrov"
    assert claims[1].channel == "interview" and claims[1].claimant.actor == "Dmytro Kuleba"


def test_war_events_and_negated_acts_are_not_claims(run_claims):
    claims = run_claims("Russia attacked Ukraine on 24 February. The ministry did not publish the list. "
                        "Kyiv said the strikes hit two power plants.")
    assert [c.cue.text for c in claims] == ["said"]
    assert claims[0].claimant.actor == "Government of Ukraine"


def test_he_prefers_the_last_person_who_spoke(run_claims):
    text = ("Jake Sullivan said an attack could begin at any time, according to American officials. "
            "\u201cWe are ready for all scenarios,\u201d he said.")
    claims = run_claims(text)
    quote = next(c for c in claims if c.direct)
    assert quote.claimant.text == "he" and quote.claimant.name == "Jake Sullivan"


def test_clause_inside_the_source_does_not_name_the_actor(run_claims):
    c = run_claims("Mikhail Fridman, who was born in Ukraine, said he wanted the bloodshed to end.")[0]
    assert c.claimant.text == "Mikhail Fridman" and c.claimant.actor is None


def test_a_name_in_apposition_after_a_title_is_the_claimant(resources):
    from wartrace.analysis.claims import build_claims, build_lexicons
    from wartrace.model import Analysis

    text = "In a column on Monday, the analyst Ivan Petrov wrote that the strike was planned weeks ahead."
    analysis = Analysis(document=Document(id="sha256:t", text=text, published="2022-05-02", language="en"))
    (claim,) = build_claims(resources.nlp(text), analysis, build_lexicons())
    assert claim.claimant.text == "Ivan Petrov"
    assert text[claim.claimant.start:claim.claimant.end] == "Ivan Petrov"


def test_evidence_that_shows_something_is_no_claimant(run_claims):
    nested = run_claims("The SBU released audio of allegedly intercepted radio traffic revealing Russian soldiers "
                        "discussing the murder of civilians.")
    assert [c.claimant.text for c in nested] == ["SBU"]
    assert nested[0].evidence == ["audio_intercept"] and "murder of civilians" in nested[0].content[0].text
    video = run_claims("A video posted on Telegram shows Russian soldiers firing at a car near Bucha.")
    assert video[0].claimant is None and "video" in video[0].evidence
    people = run_claims("Witnesses said the convoy was shelled.")
    assert people[0].claimant.text == "Witnesses"


def test_headline_name_colon_is_an_attribution(run_claims):
    text = ("Zelensky: Russia must answer for every strike on Kharkiv\n\n"
            "Update: the ministry revised the casualty figures on Tuesday.\n\n"
            "TAPPER: Do you think the ceasefire will hold through the winter?")
    claims = run_claims(text)
    by_cue = [(c.claimant.text if c.claimant else None, c.cue.text if c.cue else None, c.content[0].text)
              for c in claims]
    assert ("Zelensky", ":", "Russia must answer for every strike on Kharkiv") in by_cue
    assert claims[0].claimant.actor == "Volodymyr Zelensky"
    assert ("TAPPER", ":", "Do you think the ceasefire will hold through the winter") in by_cue
    # a label is no speaker
    assert not any(who == "Update" for who, _, _ in by_cue)


def test_participle_after_a_comma_takes_the_main_subject(resources):
    from wartrace.analysis.attribution import find_attributions

    doc = resources.nlp("The governor spoke to reporters in Odesa, saying that two shelters had been hit.")
    saying = next(a for a in find_attributions(doc) if a.cue and doc.text[a.cue[0]:a.cue[1]] == "saying")
    assert doc.text[saying.source[0]:saying.source[1]] == "The governor"


def test_nested_speech_act_frame(resources):
    from wartrace.analysis.attribution import find_attributions, load_cue_lexicon, nested_frame

    doc = resources.nlp("The ministry said Zelensky stated that the front held.")
    lex = load_cue_lexicon()
    atts = find_attributions(doc, lex)
    stated = next(a for a in atts if a.cue and doc.text[a.cue[0]:a.cue[1]] == "stated")
    assert stated.parent is not None and nested_frame(stated, doc, lex) == "ccomp/VBD"
    # PolNeAR annotates such nested speech acts often enough (mined_nested) to score them
    assert ("ccomp", "VBD") in lex.nested_annotated
    said = next(a for a in atts if a.cue and doc.text[a.cue[0]:a.cue[1]] == "said")
    assert nested_frame(said, doc, lex) is None  # not nested


def test_it_said_is_the_last_organisation_not_the_enclosing_claimant(run_claims):
    text = ("Russia's Defence Ministry said on Tuesday that its forces had taken Marinka. "
            "It said Ukrainian troops had withdrawn to new positions.\n\n"
            "Ukraine's General Staff denied the claim. Reuters reported that it said fighting continued in the town.")
    claims = run_claims(text)
    withdrawn = next(c for c in claims if "withdrawn" in c.content[0].text)
    assert withdrawn.claimant.actor == "Russian Ministry of Defence"
    fighting = next(c for c in claims if c.content[0].text.startswith("fighting continued"))
    assert fighting.parent is not None
    assert fighting.claimant.actor == "General Staff of the Armed Forces of Ukraine"


def test_speech_verb_inside_a_quotation_stays_inside_it(run_claims):
    text = ("\u201cWe called for Moscow to reciprocate by halting its strikes on the grid and observing it fully,"
            "\u201d the ministers said in a joint statement from their meeting in Rome.")
    claims = run_claims(text)
    said = next(c for c in claims if c.cue and c.cue.text == "said")
    assert said.claimant.text == "ministers" or said.claimant.text.endswith("ministers")
    inner = [c for c in claims if c is not said]
    for c in inner:
        # nested in the quotation, never its parent (no cycle), content inside the quotation
        assert c.parent == said.id and said.parent is None
        assert all(p.end <= text.index("\u201d") + 1 for p in c.content)


def test_third_person_inside_a_quotation_is_not_the_speaker(run_claims):
    text = ("Kaja Kallas met the ministers in Brussels. "
            "\u201cWhether they admit it or not, they said the talks had failed,\u201d Kallas said.")
    # about who "they" is, not about the cue: the shipped cue scorer turns this quoted "they said"
    # down (most such quoted reports are no claim of their own), so the rules alone find it here
    claims = run_claims(text, scorer=None)
    inner = next(c for c in claims if c.parent is not None and c.claimant is not None)
    assert inner.claimant.text.lower() == "they" and inner.claimant.actor is None


def test_time_phrase_before_the_verb_is_no_content(run_claims):
    claims = run_claims("On Friday, Foreign Minister Andrii Sybiha told Reuters during a briefing "
                        "that he believes the talks will resume in Geneva.")
    assert not any(p.text == "Friday" for c in claims for p in c.content)
    # the that-clause the parser hung on "briefing" is still the content
    told = next(c for c in claims if c.cue.text == "told")
    assert told.content[0].text == "that he believes the talks will resume in Geneva"


def test_speech_participle_after_a_reported_clause_is_the_speaker(run_claims):
    claims = run_claims("The Kremlin said that much remains to be agreed on a truce, signaling its reluctance "
                        "to endorse the proposal.")
    signaling = next(c for c in claims if c.cue and c.cue.text == "signaling")
    assert signaling.claimant.actor.startswith("The Kremlin")


def test_appositive_name_after_a_comma_is_the_claimant(run_claims):
    c = run_claims("One of the study's authors, Pavel Sokolov, told VOA that support for the war had fallen.")[0]
    assert c.claimant.text == "Pavel Sokolov"


def test_straight_opening_mark_closed_by_a_curly_one(run_claims):
    text = ("Olena Kovalenko spoke after the vote. \"Kyiv does not trust the offer,\u201d she said. "
            "\"The talks have stalled,\u201d she added.")
    claims = run_claims(text)
    added = next(c for c in claims if c.cue and c.cue.text == "added")
    said = next(c for c in claims if c.cue and c.cue.text == "said")
    assert added.parent is None and said.parent is None
    assert said.content[0].text.startswith("\"Kyiv") and "she said" not in said.content[0].text


def test_participle_after_a_quotation_takes_the_speaker_not_the_quoted_subject():
    """The parser sometimes hangs ", adding …" on the quoted clause; the subject inside the quotation
    ("We") is not who adds. The parse is written out so the test does not depend on the model."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from wartrace.analysis.attribution import find_attributions

    words = ["\u201c", "We", "wo", "n't", "stop", ",", "\u201d", "Kuleba", "said", ",", "adding", "that", "talks",
             "failed", "."]
    spaces = [False, True, False, True, False, False, True, True, False, True, True, True, True, False, False]
    heads = [4, 4, 4, 4, 4, 4, 4, 8, 4, 4, 4, 13, 13, 10, 4]
    deps = ["punct", "nsubj", "aux", "neg", "ROOT", "punct", "punct", "nsubj", "parataxis", "punct", "advcl",
            "mark", "nsubj", "ccomp", "punct"]
    pos = ["PUNCT", "PRON", "AUX", "PART", "VERB", "PUNCT", "PUNCT", "PROPN", "VERB", "PUNCT", "VERB", "SCONJ",
           "NOUN", "VERB", "PUNCT"]
    tags = ["``", "PRP", "MD", "RB", "VB", ",", "''", "NNP", "VBD", ",", "VBG", "IN", "NNS", "VBD", "."]
    lemmas = ["\u201c", "we", "will", "not", "stop", ",", "\u201d", "Kuleba", "say", ",", "add", "that", "talk",
              "fail", "."]
    doc = Doc(Vocab(), words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas,
              sent_starts=[True] + [False] * 14)
    adding = next(a for a in find_attributions(doc) if a.cue and doc.text[a.cue[0]:a.cue[1]] == "adding")
    assert doc.text[adding.source[0]:adding.source[1]] == "Kuleba"


def test_statement_saying_is_one_claim(run_claims):
    claims = run_claims("Ukraine's General Staff issued a statement on Sunday saying two ammunition depots "
                        "had been destroyed near Melitopol.")
    assert len(claims) == 1
    c = claims[0]
    assert c.cue.text == "issued a statement on Sunday saying"
    assert c.content[0].text == "two ammunition depots had been destroyed near Melitopol"
    assert c.channel == "statement" and c.claimant.actor == "General Staff of the Armed Forces of Ukraine"


def test_denied_relative_pronoun_is_what_was_denied(run_claims):
    claims = run_claims("Investigators documented transfers of artillery shells from Pyongyang to Russia, "
                        "which Moscow has denied.")
    deny = next(c for c in claims if c.cue.text == "has denied")
    assert deny.stance == "denial" and deny.claimant.actor == "Government of Russia"
    assert deny.content[0].text == "transfers of artillery shells from Pyongyang to Russia"


def test_what_officials_describe_as(run_claims):
    c = run_claims("Iraqi forces killed what U.S. and Iraqi officials describe as the top commander of the "
                   "group in Anbar.")[0]
    assert c.cue.text == "describe" and c.content[0].text == "the top commander of the group in Anbar"


def test_this_inside_a_quotation_is_no_claimant(run_claims):
    claims = run_claims("\u201cThis effectively denies recognition to several communities in the north,\u201d "
                        "Ivan Petrov said.")
    assert [c.claimant.text for c in claims] == ["Ivan Petrov"]


def test_in_a_post_on_a_platform_is_the_channel_not_the_content(run_claims):
    c = run_claims("President Maia Sandu later confirmed the commander's arrest in a post on her "
                   "Truth Social platform.")[0]
    assert c.content[0].text == "the commander's arrest"
    assert c.channel == "social_media_post"


def test_right_of_reply_party_without_also(run_claims):
    claims = run_claims("The ministry said the depot was hit overnight. "
                        "Senator Ricketts' office also did not respond to a request for comment.")
    cav = [k for c in claims for k in c.caveats if k.kind in ("comment_requested", "no_response")]
    assert cav and cav[0].text.startswith("Senator Ricketts' office")
    assert all("also" not in (k.party or "") for k in cav)


def test_person_name_ends_with_the_entity(run_claims):
    c = run_claims("Ukraine's ambassador to Poland Andrij Deszczyca said that Kyiv was prepared for the worst.")[0]
    assert c.claimant.text == "Andrij Deszczyca"


def test_colon_line_with_a_determiner_is_no_attribution(run_claims):
    text = ("Ambassador of Ukraine in Poland: Warsaw is ready to send more ammunition\n\n"
            "The Sports Moment: A newsletter for only the biggest sports news")
    claims = run_claims(text)
    assert [(c.claimant.text, c.cue.text) for c in claims] == [("Ambassador of Ukraine", ":")]


def test_infinitive_of_purpose_is_no_claim(run_claims):
    claims = run_claims("\u201cWe appeal to our partners to understand that the region has the right to defend "
                        "its security,\u201d Ivan Petrov said.")
    assert [c.cue.text for c in claims] == ["said"]


def test_a_pronoun_claimant_keeps_its_own_mention(run_claims):
    # https://waradana.com/english/article/116016-zelensky-over-100000-russian-troops-in-our-territory
    text = ("Zelensky mentioned on his Twitter account that he spoke with Indian Prime Minister Narendra Modi "
            "and urged India to provide political support to Ukraine in the United Nations Security Council.")
    urged = next(c for c in run_claims(text) if c.cue and c.cue.text == "urged")
    # the mention is "he", not the name it resolves to earlier in the sentence (issue 19: the claimant
    # span is the words of the attribution; the name and identity are carried apart)
    assert (urged.claimant.text, text[urged.claimant.start:urged.claimant.end]) == ("he", "he")
    assert "Zelensky" in urged.claimant.name


def test_a_speaker_announcing_inside_his_own_quotation_is_no_second_claim(run_claims):
    # https://www.themoscowtimes.com/2022/03/13/russia-strikes-military-base-outside-ukraines-lviv-a76895
    text = ("\"I have to announce that, unfortunately, we have lost more heroes: 35 people died as a result of the "
            "shelling of the International Peacekeeping and Security Center,\" Kozytsky later wrote on Telegram, "
            "updating an initial toll of nine.")
    claims = run_claims(text)
    # the cue scorer turns the quoted "I have to announce" down: Kozytsky's own words, one claim
    assert [c.cue.text for c in claims if c.cue] == ["later wrote"]
    assert claims[0].claimant.text == "Kozytsky" and "35 people died" in claims[0].content[0].text


def test_a_relative_pronoun_source_spans_its_noun_and_the_pronoun(run_claims):
    # war_news_2022_2024 20240507T014500Z_GB_en_23f9f2eb70: PolNeAR marks "who" as the source of
    # "who said"; the claimant span runs from the noun it stands for through the pronoun
    text = ("The news was confirmed by the National Olympic Committee of Ukraine, who said Pielieshenko died "
            "during combat operations on Sunday.")
    c = next(c for c in run_claims(text) if c.cue is not None and c.cue.text == "said")
    assert c.claimant.text.endswith(", who") and "National Olympic Committee of Ukraine" in c.claimant.text
    assert text[c.claimant.start:c.claimant.end] == c.claimant.text


def test_a_speaker_after_a_paragraph_break_is_not_the_caption_before(run_claims):
    # war_news_2022_2024 20220219T000000Z_GB_en_d13c9b63bf: the parser runs the photo credit into the
    # next paragraph's subject; the source stays on the cue's side of the break
    text = ("Satellite imagery provided by Maxar of Millerovo Airfield, 16 miles from the Ukraine border. "
            "Photograph: AP\n\nThe White House and the UK government said on Friday they believed that Russia "
            "was behind cyber attacks this week.")
    said = next(c for c in run_claims(text) if c.cue is not None and c.cue.text == "said")
    assert "\n" not in said.claimant.text and "White House" in said.claimant.text


def test_a_complement_stays_in_the_cue_paragraph(run_claims):
    # war_news_2022_2024 20220331T084500Z_GB_en_70485641e3
    text = ("The commitment takes Australia’s military contributions to Ukraine to $116m.\n\nEarlier on Thursday, "
            "the Australian government vowed to slug all imports from Russia and Belarus with an extra 35% tariff.")
    vowed = next(c for c in run_claims(text) if c.cue is not None and c.cue.text == "vowed")
    assert [s.text for s in vowed.content] == ["to slug all imports from Russia and Belarus with an extra 35% tariff"]


def test_a_quote_after_a_subheading_leaves_the_subheading_out(run_claims):
    # war_news_2022_2024 20220213T140000Z_UA_en_e5c2f251fe
    text = ("No fear\n\n“We are here to show that we are not afraid,” said Nazar Novoselsky, who joined the "
            "rally with his family.")
    said = next(c for c in run_claims(text) if c.cue is not None and c.cue.text == "said")
    assert [s.text for s in said.content] == ["“We are here to show that we are not afraid,”"]


def test_the_noun_a_relative_clause_hangs_on_is_its_content(run_claims):
    # https://www.voanews.com/a/military-says-death-toll-in-pakistan-s-train-hijacking-rises-to-31/8011076.html
    text = ("Pakistani officials blamed archrival India, accusing it of providing support to anti-Pakistan "
            "militants in Afghanistan, a charge New Delhi quickly rejected.")
    rejected = next(c for c in run_claims(text) if c.cue is not None and "rejected" in c.cue.text)
    assert rejected.claimant.text == "New Delhi" and [s.text for s in rejected.content] == ["a charge"]
    # https://www.voanews.com/a/somali-forces-kill-50-militants-in-airstrikes-after-ending-hotel-siege/8008152.html
    text = ("Since August 2022, when Somalian President Hassan Sheikh Mohamud called for a “total war” against "
            "al-Shabab, Beledweyne has been the center of a local community mobilization.")
    called = next(c for c in run_claims(text) if c.cue is not None and "called" in c.cue.text)
    assert called.content[0].text.startswith("a “total war”")
