"""Who: the participants a sentence names (registry actors and generic groups: "Russian forces",
"civilians"), and which of them did the event, suffered it, or ordered it."""
from __future__ import annotations

from dataclasses import dataclass

from wartrace.analysis.actors import demonym_actor, find_actor_mentions, match_actor
from wartrace.analysis.event_model import TriggerHit
from wartrace.analysis.event_roles import FIRST_PERSON, agent_candidates, order_speakers, patient_candidates
from wartrace.analysis.events.lexicon import Lexicon, lexicon
from wartrace.analysis.events.syntax import verb_args, word_forms


@dataclass
class Mention:
    start: int          # token index of the first word
    end: int            # token index after the last word
    head: int           # token index of the head word
    group: str          # forces | police | civilians | prisoners | hors_de_combat | protesters | rioters | registry
    country: str | None
    actor: str | None   # ACLED-style name when it can be formed
    side: str | None = None


def acled_name(lex: Lexicon, group: str, country: str | None) -> str | None:
    template = lex.group_names.get(group)
    if template is None:
        return None
    if "{since}" in template:
        if not country or country not in lex.regimes:
            return None
        return template.format(country=country, since=lex.regimes[country])
    return template.format(country=country) if country else template.split(" (")[0]


def _np_country(tok, lex: Lexicon) -> str | None:
    """Nationality of a noun phrase: its modifiers, an "of Ukraine" attachment, or the noun itself."""
    for t in [tok, *tok.children]:
        if t.dep_ in ("amod", "compound", "poss", "nmod") or t is tok:
            for f in word_forms(t):
                if f in lex.country_of:
                    return lex.country_of[f]
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                for t in pobj.subtree:
                    for f in word_forms(t):
                        if f in lex.country_of:
                            return lex.country_of[f]
    return None


def group_mentions(sent, lex: Lexicon, excluded: list[tuple[int, int]]) -> list[Mention]:
    """Generic group nouns (troops, civilians, prisoners of war...) and registered actors."""
    out: list[Mention] = []
    toks = list(sent)
    doc = sent.doc
    taken: set[int] = set()

    def free(i, j):
        a, b = doc[i].idx, doc[j - 1].idx + len(doc[j - 1])
        return not any(a < e and s < b for s, e in excluded) and not any(k in taken for k in range(i, j))

    # registered actors first (named bodies: "Russian armed forces", "Wagner Group")
    base = sent.start_char
    for s, e, actor in find_actor_mentions(sent.text):
        span = doc.char_span(base + s, base + e, alignment_mode="expand")
        if span is None or actor.type in lex.not_participants or not actor.acled_actor:
            continue
        if not free(span.start, span.end):
            continue
        country = lex.iso_names.get(actor.country) if actor.country else None
        out.append(Mention(span.start, span.end, span.root.i, "registry", country, actor.acled_actor, actor.side))
        taken.update(range(span.start, span.end))
    # generic heads, longest phrase first
    lengths = sorted({len(k) for k in lex.heads}, reverse=True)
    for i in range(len(toks)):
        for n in lengths:
            if i + n > len(toks):
                continue
            words = toks[i:i + n]
            key = tuple(w.lower_ for w in words)
            key_lemma = tuple(w.lemma_.lower() for w in words)
            group = lex.heads.get(key) or lex.heads.get(key_lemma)
            if not group:
                continue
            si, ei = words[0].i, words[-1].i + 1
            if not free(si, ei):
                break
            head = words[0] if n > 1 and words[0].pos_ in ("NOUN", "PROPN") else words[-1]
            country = _np_country(head, lex) or lex.country_of.get(words[-1].lower_)
            out.append(Mention(si, ei, head.i, group, country, acled_name(lex, group, country)))
            taken.update(range(si, ei))
            break
    return sorted(out, key=lambda m: m.start)


def _mention_at(mentions: list[Mention], tok) -> Mention | None:
    if tok is None:
        return None
    idx = {t.i for t in tok.subtree} if tok.n_lefts + tok.n_rights < 6 else {tok.i}
    for m in mentions:
        if m.head == tok.i or m.start <= tok.i < m.end:
            return m
    for m in mentions:
        if m.head in idx:
            return m
    return None


VICTIM_GROUPS = ("civilians", "prisoners", "hors_de_combat", "protesters")


def _phrase_tokens(tok) -> set[int]:
    """The token's own noun phrase: its subtree without prepositional phrases other than "of"
    ("a Russian attack in the Lviv region" is about the attack, not about Lviv)."""
    out, stack = set(), [tok]
    while stack:
        t = stack.pop()
        out.add(t.i)
        stack += [c for c in t.children if not (c.dep_ == "prep" and c.lower_ != "of")
                  and c.dep_ not in ("relcl", "acl", "appos", "conj", "cc", "punct", "advcl")]
    return out


def _party_at(tok, mentions: list[Mention], lex: Lexicon) -> Mention | None:
    """The party a candidate token names: a mention on it, else a demonym on it or on one of its
    modifiers ("Russians", "Russian missiles", "Wagner's men"), else a mention inside its own
    noun phrase ("the communications of the Russian armed forces")."""
    on_tok = next((m for m in mentions if m.head == tok.i or m.start <= tok.i < m.end), None)
    if on_tok is not None and on_tok.actor:
        return on_tok
    for t in [tok, *(c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod"))]:
        named = next((m for m in mentions if m.actor and m.start <= t.i < m.end), None)
        if named is not None:
            return named  # "a wounded Wagner fighter": the group named on the noun
        actor = demonym_actor(t.text)
        if actor is not None and actor.acled_actor:
            country = lex.iso_names.get(actor.country) if actor.country else None
            return Mention(t.i, t.i + 1, t.i, "registry", country, actor.acled_actor, actor.side)
    own = _phrase_tokens(tok)
    return next((m for m in mentions if m.head in own and m.actor), on_tok)


def order_giver(tok, mentions: list[Mention], lex: Lexicon) -> str | None:
    """The party whose order or threat the trigger is part of, when the text names it."""
    for cand in order_speakers(tok, lex.speech_nouns):
        m = _party_at(cand, mentions, lex)
        if m is not None and m.group not in VICTIM_GROUPS:
            return m.actor
    return None


def _speaker_party(claims, lex: Lexicon) -> Mention | None:
    """"We will kill everyone": the first person in a quotation is its claimant."""
    for c in claims:
        if c.claimant is None:
            continue
        actor = match_actor(c.claimant.actor or c.claimant.text) or match_actor(c.claimant.text)
        if actor is not None and actor.acled_actor:
            country = lex.iso_names.get(actor.country) if actor.country else None
            return Mention(0, 0, -1, "registry", country, actor.acled_actor, actor.side)
    return None


def pick_actors(tok, mentions: list[Mention], ev_type: str, place_country: str | None, default_country: str | None,
                claims=()):
    """(actor1, actor2, victim group) for the event whose trigger head is `tok`. actor1 is the
    doer the syntax names (event_roles.py), or None: a party merely present in the sentence, or
    the side of whoever reports it, is never taken for the doer."""
    lex = lexicon()
    m1 = m2 = None
    for cand in agent_candidates(tok, lex.agent_verbs, lex.accusation_verbs,
                                 patient_subject_verbs=lex.patient_subject_verbs, bilateral_nouns=lex.bilateral_nouns):
        m1 = _party_at(cand, mentions, lex)
        if m1 is None and cand.lower_ in FIRST_PERSON:
            m1 = _speaker_party(claims, lex)
        if m1 is not None:
            break
    for cand in patient_candidates(tok, patient_subject_verbs=lex.patient_subject_verbs):
        m2 = _party_at(cand, mentions, lex)
        if m2 is not None and m2 is not m1:
            break
        m2 = None
    if m1 is not None and m1.group in VICTIM_GROUPS:
        m1, m2 = None, m2 or m1  # "civilian deaths", "civilians died": the victims, not a doer
    if m2 is not None and m2.group not in VICTIM_GROUPS and ev_type == "Violence against civilians":
        # "shooting soldiers and civilians": the coordinated victims are the ones this type is about
        obj = next((c for c in patient_candidates(tok, patient_subject_verbs=lex.patient_subject_verbs) if _party_at(c, mentions, lex) is m2), None)
        if obj is not None:
            m2 = next((m for c in obj.conjuncts if (m := _mention_at(mentions, c)) and m.group in VICTIM_GROUPS), m2)
    if m2 is None:
        victims = [m for m in mentions if m.group in VICTIM_GROUPS and m is not m1]
        if victims:
            m2 = min(victims, key=lambda m: abs(m.head - tok.i))
    victim = m2.group if m2 is not None and m2.group in VICTIM_GROUPS else None
    a1 = m1.actor if m1 is not None else None
    a2 = m2.actor if m2 is not None else None
    if m2 is not None and m2.group in VICTIM_GROUPS and not m2.country:
        # no nationality in the phrase: the event's country, else (for prisoners) the other side
        country = place_country or default_country
        if m2.group == "prisoners" and m1 is not None and m1.country in ("Russia", "Ukraine"):
            country = "Ukraine" if m1.country == "Russia" else "Russia"
        a2 = acled_name(lex, m2.group, country)
    if a2 is None and ev_type == "Violence against civilians":
        # ACLED's convention names civilians as the target; the text did not, so IHL rules
        # that need civilian victims do not see them (victim stays None)
        a2 = acled_name(lex, "civilians", place_country or default_country)
    if a1 == a2:
        a2 = None
    return a1, a2, victim


def agent_class(tok, hits: list[TriggerHit], retypes: set[str]) -> str | None:
    """The remote-violence class named by the doer of the trigger ("planes ... raze")."""
    subj, _ = verb_args(tok)
    if subj is None:
        return None
    idx = {t.i for t in subj.subtree} if subj.dep_ not in ("poss", "amod", "compound") else {subj.i}
    agents = [h for h in hits if h.kind == "agent" and any(k in idx for k in range(h.start, h.end))]
    return agents[0].code if agents else None


def orderer(claims) -> str | None:
    """Who gave an order quoted in a claim: the claimant, in ACLED's naming when registered."""
    for c in claims:
        if c.stance == "order_or_threat" and c.claimant is not None:
            actor = match_actor(c.claimant.actor or c.claimant.text) or match_actor(c.claimant.text)
            if actor is not None and actor.acled_actor:
                return actor.acled_actor
    return None

