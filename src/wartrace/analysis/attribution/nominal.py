"""Attributions whose cue is no verb: "Trump's attacks on Cruz", "concerns about X", "they are
convinced that …", proposed by a learned scorer (analysis/cue_scorer.py's NominalCues).

The verb rules (syntax.py) only see verbs; PolNeAR annotates nouns of speech and attitude and
copular adjectives as cues too (about one in ten of its train cues). Candidates are a noun with a
content-bearing dependent (a preposition, a clause, a possessor) and a "be" with an adjective
complement; the scorer, trained on PolNeAR train (wartrace.training.cue_proposer), says which are
cues. Spans follow PolNeAR's annotation: the cue takes a possessive "'s" and the preposition that
joins the content; the source is the possessor, the subject of the verb the noun is the object of
("X voiced concerns about"), or the copula's subject.
"""
from __future__ import annotations

from functools import lru_cache

from wartrace.analysis.attribution.syntax import Attribution, sentence_range, subject_of, token_offsets
from wartrace.config import load_yaml

# prepositions that carry what a cue noun or adjective is about: "criticism of", "doubts about"
CONTENT_PREPS = frozenset({"about", "of", "on", "over", "against", "for", "to", "toward", "towards", "with", "at",
                           "in", "regarding"})
_CLAUSE = ("acl", "ccomp", "xcomp", "relcl")


@lru_cache(maxsize=1)
def _receivers() -> frozenset[str]:
    return frozenset(load_yaml("lexicons/cues.yaml").get("nominal_receivers") or [])


def _subtree(tok, lo: int | None = None) -> list:
    return [t for t in tok.subtree if lo is None or t.i > lo]


def _content_of(tok):
    """(content tokens, joining preposition) of a cue noun or adjective, or (None, None)."""
    for c in tok.children:
        if c.dep_ in ("acl", "ccomp", "xcomp") and c.i > tok.i and c.pos_ in ("VERB", "AUX"):
            return _subtree(c), None
    for c in tok.children:
        if c.dep_ == "prep" and c.i > tok.i and c.lower_ in CONTENT_PREPS:
            objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
            if objs:
                return _subtree(objs[0]), c
    return None, None


def candidate(tok):
    """The token whose content a nominal cue carries: the noun itself, or the adjective a "be" takes."""
    if tok.pos_ == "NOUN" and tok.dep_ not in ("compound", "npadvmod"):
        return tok
    if tok.pos_ == "AUX" and tok.lemma_ == "be":
        adj = [c for c in tok.children if c.dep_ == "acomp"]
        return adj[0] if adj else None
    return None


def nominal_features(tok, quotes) -> dict[str, float] | None:
    """Sparse features of a candidate ("be" or a noun), or None when it is no candidate."""
    word = candidate(tok)
    if word is None:
        return None
    content, prep = _content_of(word)
    if content is None and not any(c.dep_ in _CLAUSE for c in tok.children):
        return None
    lemma = word.lemma_.lower()
    kids = ",".join(sorted({c.dep_ for c in word.children if c.dep_ in ("poss", "prep", "acl", "ccomp", "xcomp",
                                                                        "relcl", "neg", "det", "amod")}))
    p = prep.lower_ if prep is not None else (content[0].dep_ if content else "none")
    head = tok.head.lemma_.lower() if tok.dep_ != "ROOT" else "ROOT"
    subj = subject_of(tok.head if tok.dep_ in ("dobj", "attr") else tok)
    subject = "none" if subj is None else (subj.ent_type_ or subj.pos_)
    return {f"k={tok.pos_}": 1.0, f"l={lemma}": 1.0, f"lp={lemma}|{p}": 1.0, f"p={p}": 1.0, f"dep={tok.dep_}": 1.0,
            f"ld={lemma}|{tok.dep_}": 1.0, f"hd={head}": 1.0, f"hl={head}|{lemma}": 1.0, f"kids={kids}": 1.0,
            f"st={subject}": 1.0, f"inq={quotes.of(tok) is not None}": 1.0,
            f"poss={any(c.dep_ == 'poss' for c in word.children)}": 1.0}


def _source_of(tok, word):
    """(source tokens, head token) of a nominal cue: the possessor, the subject of the verb whose
    object the noun is, the subject of the copula; else (None, None)."""
    poss = [c for c in word.children if c.dep_ == "poss"]
    if poss:
        return [t for t in poss[0].subtree if t.dep_ != "case"], poss[0]
    holder = tok.head if tok is word and tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX") else tok
    if holder is tok and tok is word and _adverbial_noun(tok):
        holder = tok.head.head  # "Ms. Warren roused the crowd with criticism of …", "stood in opposition to"
    if holder is not tok and (holder.lemma_.lower() in _receivers() or any(c.dep_ == "neg" for c in holder.children)):
        holder = tok  # "Obama faced criticism over …", "do not share Western concerns": not the subject's view
    subj = subject_of(holder) if holder is not word or tok is not word else None
    if subj is not None and subj.i < word.i:
        return [t for t in subj.subtree if t.i < word.i], subj
    return None, None


def _adverbial_noun(tok) -> bool:
    """A noun in a phrase that modifies a verb ("with criticism of", "in opposition to"): its view is
    the verb's subject's, as an object's is."""
    return tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX")


def nominal_attribution(tok, doc, quotes) -> Attribution | None:
    """The attribution a candidate heads, once the scorer accepted it."""
    word = candidate(tok)
    if word is None:
        return None
    content_toks, prep = _content_of(word)
    if content_toks is None:
        clause = [c for c in tok.children if c.dep_ in _CLAUSE and c.i > word.i]
        if not clause:
            return None
        content_toks = _subtree(clause[0])
    content = token_offsets(content_toks)
    if content is None:
        return None
    src_toks, src_head = _source_of(tok, word)
    source = token_offsets(src_toks) if src_toks else None
    cue_toks = [word] + ([prep] if prep is not None and prep.i == word.i + 1 else [])
    case = [c for p in word.children if p.dep_ == "poss" for c in p.children if c.dep_ == "case"]
    if case and case[0].i == word.i - 1:
        cue_toks.insert(0, case[0])
    if tok is not word:  # "are convinced that": the copula, a negation and the adjective
        cue_toks = [t for t in doc[tok.i:word.i + 1] if t.i == tok.i or t.i == word.i or t.dep_ in ("neg", "advmod")
                    and t.head.i in (tok.i, word.i)] + cue_toks[1:]
    cue = token_offsets(cue_toks)
    if cue is None or (source and source[0] < content[1] and content[0] < source[1]):
        return None
    return Attribution(source=source, cue=cue, content=[content], direct=False, kind="nominal", cue_token=tok.i,
                       source_token=src_head.i if src_head is not None else None, by_rules=False, scored=True,
                       sentences=sentence_range(doc, source, cue, content))
