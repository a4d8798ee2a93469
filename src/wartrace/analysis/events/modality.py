"""Whether and how an event happened: negated, ordered, planned, attempted, threatened, alleged
or happened (modality), recalled from the past, or only rhetoric."""
from __future__ import annotations

from wartrace.analysis.events.lexicon import lexicon
from wartrace.analysis.events.syntax import chain, has_phrase, word_forms


def is_negated(tok) -> bool:
    """"did not shell", "no need to storm", "denied attacking": no event is reported.

    A clause with its own subject asserts on its own: the "not" of the verb that governs it does not
    reach it ("the plant can't supply Russia Russia occupies ...", a headline misparsed as one sentence;
    "Kyiv did not confirm that Russian troops shelled ..."), though a verb of denial still does ("denied
    that its troops shelled ..."); and a coordinated clause with its own subject is another statement
    ("Moscow did not comment and Ukraine shelled ...")."""
    negation = lexicon().modality["negation"]
    own_clause = False  # the path up has left a clause with its own subject
    for t in chain(tok, 2):
        if not own_clause or t.i == tok.i:
            for c in t.children:
                if c.dep_ == "neg" or (c.dep_ in ("det", "advmod") and c.lower_ in negation):
                    return True
        if t.i != tok.i and t.lemma_.lower() in negation:
            return True
        if t.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            if t.dep_ == "conj":
                break
            if t.dep_ in ("ccomp", "advcl", "relcl", "parataxis"):
                own_clause = True
    return False


def is_imperative(tok) -> bool:
    """A bare verb heading its clause with no subject: "Block this industrial area"."""
    if tok.tag_ != "VB" or tok.dep_ not in ("ROOT", "conj", "ccomp", "parataxis"):
        return False
    if tok.dep_ == "conj" and not is_imperative(tok.head):
        return False  # "is going to go ahead and destroy": a bare verb, but not a command
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "expl", "mark") for c in tok.children):
        return False
    # the verb opens its clause (a quotation's first word, after any opening quote mark)
    first = next((t for t in tok.subtree if not t.is_punct and not t.is_quote), None)
    return first is not None and first.i == tok.i


COMPLEMENT_LINKS = {"xcomp", "acl", "dobj", "pobj", "prep", "nsubjpass", "compound", "conj"}


def governors(tok, links: int = 2) -> list:
    """Words that take the trigger as their complement or object ("order" in "an order to kill",
    "planning" in "planning to raze", "tried" in "tried to storm"), up to `links` steps; a
    preposition or a coordination is passed through. Reported speech ("told CNN that ...") is a
    clausal complement, not one of these links, so a reporting verb never makes an order.
    A noun's prepositional object is one step ("the construction of the church in honor of the fleet's
    victory in the Chesme Battle" does not reach "ordered"), and "in order to repel" is a purpose, not an
    order: its "order" is no governor."""
    out, t, n = [], tok, 0
    while n < links and t.head.i != t.i and t.dep_ in COMPLEMENT_LINKS:
        counts_as_step = t.dep_ not in ("prep", "conj")
        t = t.head
        if t.dep_ != "prep" and t.pos_ != "ADP" and not _purpose_order(t):
            out.append(t)
        n += 1 if counts_as_step else 0
    return out


def _purpose_order(t) -> bool:
    """ "order" in "in order to": a purpose clause."""
    return t.lower_ == "order" and t.i > 0 and t.doc[t.i - 1].lower_ == "in"


def modality_of(tok, sent, hedge_spans: list[tuple[int, int]]) -> str:
    lex = lexicon()
    govs = governors(tok)
    for kind in ("ordered", "planned", "attempted", "threatened"):
        words = lex.modality[kind]
        if any(word_forms(g) & words for g in govs):
            return kind
        if any(c.dep_ in ("aux", "advmod") and word_forms(c) & words for t in [tok, *govs] for c in t.children):
            return kind
        if has_phrase([t for t in sent if tok.i - 6 <= t.i <= tok.i], lex.modality_phrases[kind]):
            return kind
    if is_imperative(tok):
        return "ordered"
    alleged = lex.modality["alleged"]
    for t in chain(tok):
        if word_forms(t) & alleged and t.i != tok.i:
            return "alleged"
        if any(word_forms(c) & alleged for c in t.children if c.dep_ in ("amod", "advmod", "aux")):
            return "alleged"
    if any(sent.start_char <= s < sent.end_char for s, _ in hedge_spans):
        return "alleged"
    return "happened"


def is_order(tok) -> bool:
    """A command to commit the violence ("Block this industrial area", "ordered to kill"): the gate
    never turns it away, since an order is itself what an investigator records (denial of quarter,
    an ordered killing) however little it reads like a news report of a happening."""
    return modality_of(tok, tok.sent, []) == "ordered" and not is_negated(tok)


def recalled(tok) -> bool:
    """A past-perfect clause ("Russians had blown up the dam", "had been killed") recalls an
    earlier happening: it keeps the date the text gives it, never the report's."""
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d") for t in chain(tok, 2) for c in t.children)


def is_rhetoric(tok, sent, claims) -> bool:
    """Said, not reported: the claims carrying it are opinions or predictions, or the words are a
    modal, a condition, a question, or a judgement of a general act ("killing civilians is a war
    crime"). No IHL indicator is read from these."""
    words = lexicon().rhetoric
    if claims and all(c.stance in ("opinion", "prediction") for c in claims):
        return True
    if sent.text.rstrip().rstrip("\"”’'").endswith("?"):
        return True
    for t in chain(tok, 3):
        for c in t.children:
            if c.dep_ == "aux" and c.lower_ in words.get("modals", ()):
                return True
            if c.dep_ == "mark" and c.lower_ in words.get("conditionals", ()):
                return True
        if t.dep_ in ("nsubj", "csubj") and t.head.lemma_ == "be" and any(
                c.dep_ in ("attr", "acomp") and word_forms(c) & words.get("judgements", set()) for c in t.head.children):
            return True
    return False

