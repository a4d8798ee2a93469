"""Small readings of the dependency parse the event modules share: a token's word forms, a phrase
among tokens, the chain of governors above a token, a verb's subject and object."""
from __future__ import annotations

from typing import Any

GOVERNING_DEPS = {"xcomp", "ccomp", "acl", "advcl", "relcl", "pcomp", "dobj", "pobj", "prep", "conj", "nsubj",
                  "nsubjpass", "attr", "oprd", "acomp", "appos", "compound"}


def word_forms(tok) -> set[str]:
    return {tok.lower_, tok.lemma_.lower()}


def has_phrase(tokens, phrases) -> bool:
    forms = [word_forms(t) for t in tokens]
    for i in range(len(tokens)):
        for ph in phrases:
            if i + len(ph) <= len(tokens) and all(ph[k] in forms[i + k] for k in range(len(ph))):
                return True
    return False


def chain(tok, steps: int = 4) -> list:
    """The trigger and the words that govern it, nearest first (stops at the sentence root)."""
    out = [tok]
    t = tok
    for _ in range(steps):
        if t.head.i == t.i or t.dep_ not in GOVERNING_DEPS:
            break
        t = t.head
        out.append(t)
    return out


def verb_args(tok) -> tuple[Any, Any]:
    """Syntactic doer and undergoer of the trigger, looking up through governing verbs for the doer."""
    subj = obj = None
    for c in tok.children:
        if c.dep_ in ("nsubj",) and subj is None:
            subj = c
        elif c.dep_ == "agent":
            subj = next((p for p in c.children if p.dep_ == "pobj"), subj)
        elif c.dep_ in ("dobj", "nsubjpass") and obj is None:
            obj = c
        elif c.dep_ in ("poss", "amod", "compound") and tok.pos_ == "NOUN" and subj is None:
            subj = c
        elif c.dep_ == "prep" and c.lower_ in ("of", "on", "against", "at") and obj is None:
            obj = next((p for p in c.children if p.dep_ == "pobj"), None)
    if tok.dep_ == "conj":  # "the murder and rape of civilians": conjuncts share their arguments
        s2, o2 = verb_args(tok.head)
        subj, obj = subj or s2, obj or o2
    for c in tok.conjuncts:
        if obj is None:
            obj = next((p for prep in c.children if prep.dep_ == "prep" and prep.lower_ in ("of", "on", "against")
                        for p in prep.children if p.dep_ == "pobj"), None)
    if subj is None:
        for gov in chain(tok)[1:]:
            s = next((c for c in gov.children if c.dep_ == "nsubj"), None)
            if s is None:
                ag = next((c for c in gov.children if c.dep_ == "agent"), None)
                s = next((p for p in ag.children if p.dep_ == "pobj"), None) if ag is not None else None
            if s is not None:
                subj = s
                break
    return subj, obj

