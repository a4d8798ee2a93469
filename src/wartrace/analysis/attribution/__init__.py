"""Attribution over a spaCy parse: who (source) says (cue) what (content).

    syntax.py  the records, the cue lexicon, quotations and the single-verb rule over the parse
    themes.py  passives and participles whose subject is the content ("X was identified as …")
    forms.py   "according to X", "Name: …" lines, "issued a statement saying …"
    merge.py   the opt-in trained tagger's spans merged with the rules'
    rules.py   find_attributions: the whole pass over one document

The cue scorer (analysis/cue_scorer.py) reads syntax.py's features; rules.py asks it which verbs
are cues. Other modules import from this package, never from its files' private names.
"""
from wartrace.analysis.attribution.rules import CONFIGURED, find_attributions
from wartrace.analysis.attribution.syntax import (
    CHAIN_HEADS,
    Attribution,
    CueLexicon,
    Offsets,
    Quotations,
    SentenceIndex,
    doc_text,
    load_cue_lexicon,
    nest_attributions,
    nested_frame,
    quotations_of,
    sentence_index,
    sentence_range,
    subject_of,
    token_offsets,
    verb_attribution,
    verb_frame,
)

__all__ = ["CHAIN_HEADS", "CONFIGURED", "Attribution", "CueLexicon", "Offsets", "Quotations", "SentenceIndex", "doc_text",
           "find_attributions", "load_cue_lexicon", "nest_attributions", "nested_frame", "quotations_of",
           "sentence_index", "sentence_range", "subject_of", "token_offsets", "verb_attribution", "verb_frame"]
