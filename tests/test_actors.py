"""Actor registry: aliases resolve to canonical actors with side, type, ACLED name and a source."""
from __future__ import annotations

import re

import pytest

from wartrace.analysis.actors import find_actor_mentions, load_actors, match_actor


@pytest.mark.parametrize("text, actor_id, side", [
    ("Ukrainian military intelligence", "GUR", "UA"),
    ("the Main Intelligence Directorate of the Ministry of Defense of Ukraine", "GUR", "UA"),
    ("The Security Service of Ukraine (SBU)", "SBU", "UA"),
    ("Germany’s foreign intelligence service", "BND", "third"),
    ("the Russian Defense Ministry", "RU-MOD", "RU"),
    ("Russia's Ministry of Defence", "RU-MOD", "RU"),
    ("Russian President Vladimir Putin", "PUTIN", "RU"),
    ("Ukraine's General Staff", "UA-GENSTAFF", "UA"),
    ("the UN human rights office", "OHCHR", "international"),
    ("the Institute for the Study of War", "ISW", "third"),
    ("Wagner mercenaries", "WAGNER", "RU"),
    ("Reuters", "REUTERS", "media"),
    ("TASS news agency", "TASS", "RU"),
])
def test_aliases_resolve(text, actor_id, side):
    a = match_actor(text)
    assert a is not None and a.id == actor_id and a.side == side


def test_canonical_names_used_by_caveats_and_events():
    assert match_actor("Russian Defense Ministry").name == "Russian Ministry of Defence"
    assert match_actor("Russian troops").acled_actor == "Military Forces of Russia (2000-)"
    assert match_actor("Ukrainian forces").acled_actor == "Military Forces of Ukraine (2019-)"


def test_unknown_and_partial_words_do_not_match():
    assert match_actor("Military observers") is None
    assert match_actor("a Russian ground unit commander") is None  # "Russian" is not "Russia"
    assert match_actor("") is None


def test_every_entry_is_sourced_and_typed():
    reg = load_actors()
    ids = [a.id for a in reg.actors]
    assert len(ids) == len(set(ids))
    for a in reg.actors:
        assert a.source and a.type
        assert a.side in {"UA", "RU", "third", "international", "media", None}
        assert a.acled_actor is None or re.search(r"\S", a.acled_actor)


def test_mentions_carry_offsets_into_the_text():
    text = "Speaking to CNN, the head of the SBU said Russia's military was regrouping."
    found = [(text[s:e], a.id) for s, e, a in find_actor_mentions(text)]
    assert ("CNN", "CNN") in found and ("SBU", "SBU") in found
    assert ("Russia's military", "RU-AF") in found  # longest alias wins over "Russia"


def test_possessor_is_not_the_head():
    assert match_actor("President Putin's spokesman Dmitry Peskov").id == "PESKOV"
    assert match_actor("Putin's spokesman") is None
