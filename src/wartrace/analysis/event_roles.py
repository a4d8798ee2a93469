"""Who did it and to whom, read off the syntax of the violence, not off who speaks.

The doer (agent) of an event trigger is, in order: the subject of an active verb ("Russian forces
shelled"), the by-phrase of a passive ("was shelled by Russian troops"), the modifier of a nominal
trigger ("Russian shelling", "Wagner's executions", "an attack by DPR forces"), the noun an -ing
participle describes ("a Ukrainian soldier killing a wounded fighter"), the modifier of the attack
a passive names as its cause ("killed in Russian strikes"), and, through a governing verb, the
subject of "tried to storm", of a light verb ("launched strikes"), or the accused of "accused X of
shelling". A reporting verb is never climbed: "Ukraine said Russia shelled" has Russia as doer, and
"officials said shelling killed five" has none. The undergoer (patient) is the object, the passive
subject, or the "of/on/against" phrase of a nominal trigger.

These functions return candidate tokens, best first; the events component decides which of them
names a party (a registered actor, a group noun, or a demonym in data/actors.yaml).
"""
from __future__ import annotations

RELATIVE_PRONOUNS = {"that", "which", "who", "whom", "whose"}
FIRST_PERSON = {"we", "i", "us"}
NOMINAL_AGENT_DEPS = ("poss", "amod", "compound", "nmod")
CAUSE_PREPS = {"in", "during", "by", "from", "after", "under", "amid", "following"}
PATIENT_PREPS = {"of", "on", "against", "at", "targeting", "upon"}
DASHES = {"-", "–", "—", ":"}


def _is_nominal(tok) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") or tok.tag_.startswith("NN")


def _pobj(prep):
    return next((p for p in prep.children if p.dep_ == "pobj"), None)


def _is_passive(tok) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ in ("acl", "relcl") and not any(c.dep_ == "aux" for c in tok.children))


def reduced_passive(tok, patient_subject_verbs) -> bool:
    """"One Ukrainian serviceman killed amid enemy attacks": a verb of harm with a subject but no
    object and no auxiliary is a headline's passive, and its subject is the one harmed. An object
    shared with a coordinated verb ("killed and wounded civilians") keeps it active."""
    if tok.lemma_.lower() not in patient_subject_verbs or not any(c.dep_ == "nsubj" for c in tok.children):
        return False
    # a headline's source after its one dash ("... wounded - JFO HQ") is parsed as an object, and so
    # is the next item of a toll ("one killed, one wounded"): neither is one (a dash pair is an aside)
    dashes = [t.i for t in tok.doc[tok.i + 1:tok.sent.end] if t.text in DASHES]
    source_from = dashes[0] if len(dashes) == 1 else None

    def is_object(c) -> bool:
        if c.dep_ in ("aux", "agent"):
            return True
        if c.dep_ not in ("dobj", "dative") or (source_from is not None and c.i > source_from):
            return False
        return not (c.tag_ == "CD" and any(a.dep_ == "acl" and a.tag_ == "VBN" for a in c.children))

    if any(is_object(c) for c in tok.children):
        return False
    return not any(d.dep_ == "dobj" for c in tok.conjuncts for d in c.children)


def _participle_on_noun(tok) -> bool:
    """"two wounded Ukrainian soldiers": a participle or adjective trigger on a noun describes the
    noun as harmed; the noun's modifiers are not the doer."""
    return tok.dep_ == "amod" and tok.tag_ in ("VBN", "VBD", "JJ") and _is_nominal(tok.head)


def _names_one_of(tok, words) -> bool:
    return tok.lemma_.lower() in words or tok.lower_ in words


def _own_agents(tok, patient_subject_verbs=frozenset(), bilateral_nouns=frozenset()) -> list:
    """Agent candidates among the trigger's own dependents."""
    out = []
    passive = reduced_passive(tok, patient_subject_verbs)
    for c in tok.children:
        if c.dep_ == "nsubj" and passive:
            continue
        if c.dep_ == "nsubj":
            out.append(tok.head if c.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl" else c)
        elif c.dep_ == "agent" and (p := _pobj(c)) is not None:
            out.append(p)
    if _is_nominal(tok) and not _names_one_of(tok, bilateral_nouns):
        out += [c for c in tok.children if c.dep_ in NOMINAL_AGENT_DEPS]  # not "Ukrainian clashes"
        out += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                and (p := _pobj(c)) is not None]
    return out


def agent_candidates(tok, agent_verbs: set[str], accusation_verbs: set[str], depth: int = 0, *,
                     patient_subject_verbs=frozenset(), bilateral_nouns=frozenset()) -> list:
    """Tokens that may name the doer of the trigger `tok`, best first. `patient_subject_verbs`
    ("killed" in a headline) and `bilateral_nouns` ("clashes") come from data/events/arguments.yaml."""
    out = _own_agents(tok, patient_subject_verbs, bilateral_nouns)
    if tok.dep_ == "acl" and tok.tag_ == "VBG":
        out.append(tok.head)  # "a soldier killing a prisoner"
    if tok.dep_ in ("compound", "amod") and _is_nominal(tok.head) and not _participle_on_noun(tok):
        out += [c for c in _own_agents(tok.head, bilateral_nouns=bilateral_nouns) if c.i != tok.i]  # "Russian rocket strikes"
    if not out and not _is_nominal(tok):
        # "killed in Russian strikes", "under heavy Russian bombardment": the adjective on the
        # cause (a common noun; "in Ukraine's east" names a place, not a cause; "in Ukrainian
        # clashes" names where, two sides fight in a clash)
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in CAUSE_PREPS and (p := _pobj(c)) is not None and p.pos_ == "NOUN" \
                    and not _names_one_of(p, bilateral_nouns):
                out += [m for m in p.children if m.dep_ in ("amod", "compound")]
    if depth >= 3 or tok.head.i == tok.i:
        return out
    kw = {"patient_subject_verbs": patient_subject_verbs, "bilateral_nouns": bilateral_nouns}
    head = tok.head
    if tok.dep_ == "xcomp" or (tok.dep_ == "conj" and _is_nominal(tok) == _is_nominal(head)) \
            or (tok.dep_ == "advcl" and tok.tag_ == "VBG"):
        return out + agent_candidates(head, agent_verbs, accusation_verbs, depth + 1, **kw)
    if tok.dep_ == "dobj" and head.lemma_.lower() in agent_verbs:
        return out + agent_candidates(head, agent_verbs, accusation_verbs, depth + 1, **kw)
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "with" and head.head.pos_ == "VERB":
        return out + agent_candidates(head.head, agent_verbs, accusation_verbs, depth + 1, **kw)  # "hit Kyiv with strikes"
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in agent_verbs:
        return out + agent_candidates(head.head, agent_verbs, accusation_verbs, depth + 1, **kw)  # "carried out"
    accused = accused_of(tok, accusation_verbs)
    return out + ([accused] if accused is not None else [])


def accused_of(tok, accusation_verbs: set[str]):
    """"Russia accused Ukraine of shelling", "Ukraine was blamed for the strike": the accused."""
    t = tok
    if t.dep_ in ("pcomp", "pobj") and t.head.dep_ == "prep" and t.head.lower_ in ("of", "for"):
        verb = t.head.head
        if verb.lemma_.lower() in accusation_verbs:
            return next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return None


def accuser_of(tok, accusation_verbs: set[str]):
    """The subject of the accusation verb that governs `tok`, when there is one."""
    t = tok
    if t.dep_ in ("pcomp", "pobj") and t.head.dep_ == "prep" and t.head.lower_ in ("of", "for"):
        verb = t.head.head
        if verb.lemma_.lower() in accusation_verbs:
            return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return None


def patient_candidates(tok, depth: int = 0, *, patient_subject_verbs=frozenset()) -> list:
    """Tokens that may name the target of the trigger `tok`, best first."""
    out = []
    passive = reduced_passive(tok, patient_subject_verbs)
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "nsubj" and passive):
            out.append(tok.head if c.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl" else c)
    if _participle_on_noun(tok):
        out.append(tok.head)  # "two wounded Ukrainian soldiers"
    if tok.dep_ in ("acl", "relcl") and _is_passive(tok):
        out.append(tok.head)  # "civilians killed by shelling"
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in PATIENT_PREPS]
    if _is_nominal(tok) or not out:
        out += [p for c in preps if (p := _pobj(c)) is not None]
    if tok.dep_ in ("compound", "amod") and _is_nominal(tok.head):
        out += [p for c in tok.head.children if c.dep_ == "prep" and c.lower_ in PATIENT_PREPS
                and (p := _pobj(c)) is not None]
    if not out and tok.dep_ == "conj" and depth < 2:
        out += patient_candidates(tok.head, depth + 1, patient_subject_verbs=patient_subject_verbs)  # "the murder and rape of civilians"
    if not out and depth < 2:
        for c in tok.conjuncts:
            out += [p for prep in c.children if prep.dep_ == "prep" and prep.lower_ in PATIENT_PREPS
                    and (p := _pobj(prep)) is not None]
    return out


def order_speakers(tok, speech_nouns: set[str], steps: int = 8) -> list:
    """Who gave the order or threat the trigger belongs to: the "of"/"from"/"by" phrase or the
    possessor of a communication noun above it ("the communications of the Russian armed forces
    in reference to an order to kill", "Prigozhin's order to shoot")."""
    out, t = [], tok
    for _ in range(steps):
        if t.head.i == t.i:
            break
        t = t.head
        if _is_nominal(t) and t.lemma_.lower() in speech_nouns:
            out += [c for c in t.children if c.dep_ == "poss"]
            out += [p for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "from", "by", "between")
                    and (p := _pobj(c)) is not None]
        if t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "ccomp"):
            break  # a reporting clause: its speaker is a source, not the one who gave the order
    return out
