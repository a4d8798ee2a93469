"""The trigger an event is anchored on decides its sentence, and so its place and its dead: with no
trigger of the predicted sub-type, the anchor is a trigger of the predicted event type, not the
unit's first trigger of any type."""
from __future__ import annotations

from wartrace.analysis.pipeline import analyse_batch
from wartrace.model import Document

# war_news_2022_2024.jsonl 20240511T091500Z_RU_en_869be4eaa6 (a report of 11 May 2024), cut down:
# the air strike is typed from the bomb sentence; "heavy fighting" before it is another type
VOVCHANSK = ('There has been "heavy fighting" in the border area and 1,775 people have been evacuated, Kharkiv '
             'regional governor Oleh Syniehubov wrote on social media earlier Saturday. Two men aged 50 and 48 '
             'were killed and two wounded by guided aerial bomb attacks on the town of Vovchansk close to the '
             'border, Syniehubov added later.')


def test_the_air_strike_is_anchored_where_its_dead_and_place_are(resources):
    doc = Document(id="sha256:anchor-test", text=VOVCHANSK, published="2024-05-11", language="en")
    (result,) = analyse_batch([doc], resources, ["places", "dates", "hedges", "claims", "events"])
    strikes = [e for e in result.events if e.event_type == "Explosions/Remote violence"]
    assert len(strikes) == 1, result.events
    strike = strikes[0]
    assert strike.trigger.text in ("bomb", "attacks", "killed"), strike.trigger
    assert strike.fatalities == 2 and strike.injuries == 2
    assert strike.place is not None and strike.place.name == "Vovchansk"
