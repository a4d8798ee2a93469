"""Issue 19, which claims the ledger lists: a cue verb the cue scorer is confident of, for which the
verb rules found no speaker and content among its dependents (attribution/bare.py), is still a
claim: its cue, its complement or the clause before it as content, and its subject (or the speaker
the parser hung after it) as claimant.

Sentences: PolNeAR train (Breitbart 2015-11-19 "Hillary Clinton calls on U.S. to …", NYT 2016-04-27
"China trade is linked to U.S. vote"), where bare.MIN_PROB was chosen by cross-validation.
"""
from __future__ import annotations


def test_a_call_for_an_adverbial_clause_is_a_claim_with_its_content(english_claims):
    # the parser hangs "for the United States to take …" on "calling" as an adverbial clause
    claims = english_claims("Clinton is calling for the United States to take a stronger role in the conflict and for "
                            "the coalition to increase its efforts against the Islamic State.")
    got = [c for c in claims if c.cue is not None and c.cue.text == "is calling"]
    assert len(got) == 1, [(c.cue and c.cue.text, [s.text for s in c.content]) for c in claims]
    assert got[0].content[0].text.startswith("for the United States to take a stronger role")
    assert got[0].claimant is not None and got[0].claimant.text == "Clinton"


def test_a_speaker_after_said_whom_the_parser_made_its_object_is_the_claimant(english_claims):
    claims = english_claims("In nearby Decatur, the big Nucor steel plant is hanging on, but it is under intense pressure "
                            "from Asian imports, said the company's chief executive, John J. Ferriola.")
    got = [c for c in claims if c.cue is not None and c.cue.text == "said"]
    assert len(got) == 1, [(c.cue and c.cue.text, [s.text for s in c.content]) for c in claims]
    assert got[0].act == "statement"
    assert got[0].content[0].text.startswith("In nearby Decatur, the big Nucor steel plant is hanging on")
    assert got[0].claimant is not None and "Ferriola" in got[0].claimant.text
