"""Attributions whose content is the cue verb's own subject or noun: agentless passives and
participles ("Two of the suspects have been identified as Moroccan citizens", "Sanders was written off
as a fringe candidate", "the string of contests known as Super Tuesday", "a number of arrests
documented by Fusion").

The verb rules (syntax.py) look for a content among a cue's complements and a speaker in its
subject; under the passive the subject is what is said or thought of, and nobody, or the agent,
says it. PolNeAR annotates these as attributions with no source (or the agent as source) and the
clause from the subject through the verb's complements as content (the subject alone when the verb
takes none). rules.find_attributions asks here only for a verb the cue scorer or the mined table
accepted and the verb rules found no structure for.
"""
from __future__ import annotations

from wartrace.analysis.attribution.syntax import (
    Attribution,
    CueLexicon,
    Quotations,
    agent_of,
    doc_text,
    paragraph_of,
    sentence_range,
    token_offsets,
)

# complements that belong to what is said of a passive's subject: "was called [the Trump of the
# East]", "were deemed [ineligible]", "was asked [to name …]", "was identified [as the protester]"
_THEME_COMPLEMENTS = ("oprd", "attr", "acomp", "xcomp", "ccomp", "dobj", "dative")
_THEME_PREPS = ("as", "of", "about", "with", "for")
_NOT_THEMES = {"it", "this", "that", "there"}
# The cue scorer's probability a verb must reach for such an attribution, chosen on PolNeAR train by
# 5-fold cross-validation of the printed claims (training/cue_cv.py's folds and fits, scorer 0.3, proposer
# 0.3), pooled overlap P/R of cue and content: without these attributions 0.7879/0.7399 and
# 0.7896/0.7555; at 0.5 0.7860/0.7490, 0.7871/0.7638 (sum of the three F1s +0.0073); at 0.7 0.7877/0.7447,
# 0.7891/0.7599 (+0.0045, every fold better); at 0.8 +0.0023. 0.7 keeps precision where it was
# (source 0.7828 either way); 0.5 would trade 0.002 of it for recall.
MIN_PROB = 0.7


def _theme_span(doc, first, verb, upto) -> tuple[int, int] | None:
    """From the theme's first token to the end of the verb's complements (the theme alone when
    it has none), within the verb's sentence and paragraph."""
    end = upto
    for c in verb.children:
        if c.i > verb.i and (c.dep_ in _THEME_COMPLEMENTS or (c.dep_ == "prep" and c.lower_ in _THEME_PREPS)):
            end = max(end, max(t.i for t in c.subtree))
    sent = verb.sent
    lo, hi = max(first, sent.start), min(end, sent.end - 1)
    p0, p1 = paragraph_of(doc, verb)
    toks = [t for t in doc[lo:hi + 1] if p0 <= t.idx < p1]
    return token_offsets(toks)


def theme_attribution(tok, doc, quotes: Quotations, lex: CueLexicon, by_rules: bool,
                      scored: bool | None) -> Attribution | None:
    """The attribution of a passive or participial cue verb whose content is its subject (or the
    noun it modifies), once the rules or the scorer accepted the verb; None for any other verb."""
    if quotes.of(tok) is not None:
        return None  # inside a quotation the speaker says it; the verb rules handle quoted speech
    agent = agent_of(tok)
    passive = any(c.dep_ == "auxpass" for c in tok.children)
    if passive:
        subj = [c for c in tok.children if c.dep_ == "nsubjpass" and c.i < tok.i]
        if not subj or subj[0].lower_ in _NOT_THEMES:
            return None
        theme = subj[0]
        if theme.tag_ in ("WDT", "WP") and tok.dep_ == "relcl" and tok.head.i < theme.i:
            theme = tok.head  # "a candidate who was lambasted as mainstream": the candidate
        first = min(t.i for t in theme.subtree) if theme is not subj[0] else subj[0].left_edge.i
        content = _theme_span(doc, first, tok, max(t.i for t in subj[0].subtree) if theme is subj[0] else tok.i)
    elif tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i < tok.i:
        # "the string of contests known as Super Tuesday", "a plan announced earlier this year"
        content = _theme_span(doc, tok.head.left_edge.i, tok, tok.head.i)
    else:
        return None
    if content is None:
        return None
    source = source_token = None
    if agent is not None:
        source = token_offsets(list(agent.subtree))
        source_token = agent.i
        if source is not None and source[0] < content[1] and content[0] < source[1]:
            content = (content[0], source[0]) if content[0] < source[0] else None
            if content is None or not doc_text(doc)[content[0]:content[1]].strip():
                return None
            content = token_offsets(doc.char_span(*content, alignment_mode="contract") or [])
            if content is None:
                return None
    cue = (tok.idx, tok.idx + len(tok))
    aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < tok.i]
    if aux:
        run = [tok]
        for t in sorted(aux, key=lambda t: -t.i):
            if t.i == run[0].i - 1:
                run.insert(0, t)
        cue = token_offsets(run) or cue
    return Attribution(source=source, cue=cue, content=[content], direct=False, kind="verb", cue_token=tok.i,
                       by_rules=by_rules, scored=scored, source_token=source_token, agentless=source is None,
                       sentences=sentence_range(doc, source, cue, content))

