"""Places: find toponyms in a document and resolve each to coordinates.

    english.py     mentions in an English parse: spaCy's GPE/LOC/FAC entities plus a gazetteer
                   phrase lookup over capitalised tokens, so names the small model misses or
                   mislabels (Popasna as ORG, Avdiivka as PERSON) are still found
    predicates.py  the named tests deciding whether such a gazetteer name is a place
    clues.py       cue words and name tests around a mention ("X Oblast", "near X", a building)
    cyrillic.py    mentions in Russian and Ukrainian text: natasha's NER and the gazetteer's
                   Cyrillic names
    resolution.py  each mention to a gazetteer entry, by prior, cues, containment and context
    component.py   the registered `places` component
    words.py       the English word lists, from data/places/english_words.yaml
"""
from wartrace.analysis.places.clues import text_upper
from wartrace.analysis.places.component import PlacesConfig, find_places, make_places
from wartrace.analysis.places.cyrillic import cyrillic_mentions
from wartrace.analysis.places.english import english_mentions
from wartrace.analysis.places.mention import Mention
from wartrace.analysis.places.resolution import COUNTRY_W, NEAR_W, context_scores, resolve

__all__ = ["COUNTRY_W", "NEAR_W", "Mention", "PlacesConfig", "context_scores", "cyrillic_mentions",
           "english_mentions", "find_places", "make_places", "resolve", "text_upper"]
