"""Issue 19, the source and content spans of the claims the product prints, given a cue it found:
a clause the parser hangs on the cue from before it, the one asked or told as a speaker, the subject
of a raising verb that carries a cue verb, the object of an "amuse" verb.

Sentences: PolNeAR train (NYT 2016-01-20 on the prisoner swap and 2016-06-03 on Silicon Valley, Politico 2016-06-01 on the PGA tour,
Huffington Post 2015-11-08 on Ben Carson, Washington Post 2016-06-09 on the party's primary wounds,
2015-12-20 on Rubio's stances and 2016-04-21 on Sanders, Breitbart 2015-12-07 on the Clinton
campaign), where the rules were chosen.
"""
from __future__ import annotations

import pytest


def _by_cue(claims, cue: str):
    found = [c for c in claims if c.cue is not None and cue in c.cue.text]
    assert found, [c.cue.text for c in claims if c.cue is not None]
    return found[0]


@pytest.mark.parametrize("text, cue, content", [
    # the parser hangs the clause before the semicolon or dash on the cue as a second complement
    ("Robert A. Levinson, a C.I.A. contractor who disappeared in Iran in 2007, was not part of the swap; "
     "Iran insists it does not know his whereabouts.", "insists", "it does not know his whereabouts"),
    ("The club has been a significant money-maker for Trump, however — he reported earning $132 million "
     "from the club on his financial disclosure form, making it by far the most valuable of his golf course "
     "properties.", "reported", "earning $132 million"),
])
def test_what_is_said_follows_the_cue_not_the_clause_before_it(english_claims, text, cue, content):
    claim = _by_cue(english_claims(text), cue)
    assert claim.content and claim.content[0].text.startswith(content), [p.text for p in claim.content]


def test_the_one_asked_is_not_the_asker(english_claims):
    claims = english_claims("Asked whether he would counsel Clinton to ask Sanders to join her ticket, Reid said he "
                            "would not give her advice.")
    asked = _by_cue(claims, "Asked")
    assert asked.claimant is None or asked.claimant.text != "Reid"
    assert _by_cue(claims, "said").claimant.text == "Reid"


def test_asked_by_names_the_asker(english_claims):
    claims = english_claims("Asked by Stephanopoulos to respond to Trump’s criticism, Carson said, “What does it say "
                            "about people who immediately jump on the bandwagon if they hear something bad?”")
    asked = _by_cue(claims, "Asked")
    assert asked.claimant is not None and asked.claimant.text == "Stephanopoulos"


def test_a_raising_verb_that_carries_a_cue_verb_keeps_its_subject(english_claims):
    claims = english_claims("But in late November, Rubio seemed to urge the opposite tactic in a speech to conservative "
                            "pastors in Iowa and in an interview with the Christian Broadcasting Network.")
    seemed = _by_cue(claims, "seemed")
    assert seemed.claimant is not None and seemed.claimant.text == "Rubio"


def test_the_object_of_an_amuse_verb_holds_the_view(english_claims):
    # Washington Post 2016-04-21 (PolNeAR train): the source is "her supporters", the content the attacks
    claims = english_claims("Sanders's recent attacks on Clinton have alarmed her supporters.")
    alarmed = _by_cue(claims, "alarmed")
    assert alarmed.claimant is not None and alarmed.claimant.text == "her supporters"
    assert alarmed.content[0].text == "Sanders's recent attacks on Clinton"


def test_the_one_told_is_not_the_speaker(english_claims):
    # Breitbart 2015-12-07 (PolNeAR train): "them" are the supporters she writes to
    claims = english_claims("Huma Abedin, vice chairwoman for Clinton’s presidential campaign, emailed supporters on "
                            "Monday evening, telling them, “I am a proud Muslim — but you don’t have to share my faith to "
                            "share my disgust.”")
    telling = _by_cue(claims, "telling")
    assert telling.claimant is not None and telling.claimant.text.startswith("Huma Abedin")


def test_a_speaker_parsed_into_a_clause_before_the_cue_still_speaks(english_claims):
    # NYT 2016-06-03 (PolNeAR train): the parser makes "Mr. Slinker" the subject of "uses"
    claims = english_claims("Mr. Slinker, whose latest start-up, Paradata, uses big data to help brands find suppliers, "
                            "said Mr. Trump was a candidate very much in the spirit of Silicon Valley: ''He's a start-up "
                            "kind of guy.''")
    said = _by_cue(claims, "said")
    assert said.claimant is not None and said.claimant.text.startswith("Mr. Slinker")
    assert said.content[0].text.startswith("Mr. Trump was a candidate")
