"""Attributions of a cue verb the cue scorer is confident of, for which neither the verb rules
(syntax.py) nor the passive theme rule (themes.py) found a content among its dependents: "Rep. Jim
McDermott (D-Wash.) said." after a quotation, "…, said the company's chief executive" when the
parser hung the speaker as an object, "Clinton is calling for the United States to step up …",
"the candidate best known for …".

The cue is the verb with its auxiliaries and particle, the source the verb's subject when it has
one before it; the content is what the verb takes after it (its complements), else the words of its
sentence before it (the fronted clause of "…, said X"), else the sentence before it in the same
paragraph ("“…” X said."). A verb the ledger lists as an attitude (neither the mined table nor the
curated speech verbs take it) gets no source: its subject is seldom the holder PolNeAR names.
rules.find_attributions asks here only for a verb whose cue-scorer probability reaches MIN_PROB.
"""
from __future__ import annotations

from wartrace.analysis.attribution.syntax import (
    Attribution,
    agent_of,
    paragraph_of,
    sentence_range,
    subject_of,
    token_offsets,
)

# Chosen on PolNeAR train by 5-fold cross-validation of the printed claims (training/cue_cv.py's
# folds and fits, scorer 0.3, proposer 0.3), pooled overlap F1 of source/cue/content and their sum:
# without these attributions 0.7752/0.7679/0.7792 (2.3223; folds 2.3008/2.3492/2.3222/2.3271/2.3143);
# at 0.4 0.7772/0.7753/0.7816 (2.3342), at 0.5 2.3343, at 0.6 0.7780/0.7745/0.7816 (2.3341); with the
# verb inside another cue left out (rules.py), at 0.5 0.7775/0.7752/0.7818 (2.3345; folds
# 2.3113/2.3573/2.3374/2.3397/2.3285, every fold better). Tried and dropped: a source for every verb
# (source -0.0024 at 0.3: the subjects of attitudes are seldom PolNeAR's sources).
MIN_PROB = 0.5

_RIGHT = ("ccomp", "xcomp", "dobj", "prep", "attr", "oprd", "acomp", "dative")
# prepositions that join what is said or thought ("calling for …", "known as …", "talked about …");
# "in his office", "at an event", "by law enforcement" say where, when or by whom
_CONTENT_PREPS = frozenset({"about", "for", "on", "over", "against", "as", "to", "of", "with", "toward", "towards",
                            "regarding", "into"})
_CLAUSE_MARKS = frozenset({"for", "that", "whether", "if"})
_SPEAKERS = frozenset({"i", "we", "you", "he", "she", "they"})
_NAMED = ("PERSON", "ORG", "NORP", "GPE")
_CUE_PARTS = ("aux", "auxpass", "neg", "prt")


def _alpha(toks) -> int:
    return sum(1 for t in toks if t.is_alpha)


def bare_attribution(tok, doc, by_rules: bool, scored: bool | None, speech: frozenset[str]) -> Attribution | None:
    """The attribution of a confident cue verb with no structure the verb rules know, or None."""
    sent = tok.sent
    p0, p1 = paragraph_of(doc, tok)
    subj = subject_of(tok)
    if subj is not None and not (subj.lower_ in _SPEAKERS or subj.ent_type_ in _NAMED or subj.pos_ == "PROPN"):
        subj = None  # "which", "it", "the fact": no speaker the parse can name
    listed = by_rules or tok.lemma_.lower() in speech  # what the ledger lists as a speech act
    if not listed:
        subj = None  # an attitude ("is best known for", "looked"): its holder is seldom the subject PolNeAR names
    agent = agent_of(tok)
    if agent is not None:
        subj = agent  # "was denounced by the head of the church"
    src_toks = [t for t in subj.subtree] if subj is not None and (subj.i < tok.i or agent is not None) else []
    cue_toks = sorted([tok] + [c for c in tok.children if c.dep_ in _CUE_PARTS
                               and abs(c.i - tok.i) <= 3], key=lambda t: t.i)
    taken = {t.i for t in src_toks} | {t.i for t in cue_toks}
    right = [c for c in tok.children if c.i > tok.i and (
        (c.dep_ in _RIGHT and (c.dep_ != "prep" or c.lower_ in _CONTENT_PREPS))
        # "is calling for the United States to take …": the parser's adverbial clause marked "for"
        or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CLAUSE_MARKS for m in c.children)))]
    content = []
    if right:
        lo = min(min(t.i for t in c.subtree) for c in right)
        hi = max(max(t.i for t in c.subtree) for c in right)
        content = [t for t in doc[lo:hi + 1] if t.i not in taken and p0 <= t.idx < p1]
    if _alpha(content) < 2:
        if not src_toks and listed:
            # "…, said the company's chief executive, John J. Ferriola": the speaker after the verb,
            # which the parser took for its object
            after = [c for c in tok.children if c.i > tok.i and c.dep_ in ("dobj", "nsubj", "attr")
                     and c.pos_ in ("NOUN", "PROPN")]
            if after:
                src_toks, subj = list(after[0].subtree), after[0]
                taken |= {t.i for t in src_toks}
        before = [t for t in doc[sent.start:tok.i] if t.i not in taken]
        if src_toks:
            before = [t for t in before if t.i > max(t2.i for t2 in src_toks)] or \
                [t for t in before if t.i < min(t2.i for t2 in src_toks)]
        content = [t for t in before if p0 <= t.idx < p1]
    if _alpha(content) < 3 and sent.start > 0:
        prev = doc[sent.start - 1].sent
        content = [t for t in prev if p0 <= t.idx < p1]
    span = token_offsets(content)
    if span is None or _alpha(content) < 2:
        return None
    cue = token_offsets(cue_toks)
    source = token_offsets(src_toks) if src_toks else None
    if cue is None or (cue[0] < span[1] and span[0] < cue[1]):
        return None
    if source is not None and source[0] < span[1] and span[0] < source[1]:
        source = None
    return Attribution(source=source, cue=cue, content=[span], direct=False, kind="verb", cue_token=tok.i,
                       by_rules=by_rules, scored=scored, source_token=subj.i if source is not None else None,
                       agentless=source is None, sentences=sentence_range(doc, source, cue, span))
