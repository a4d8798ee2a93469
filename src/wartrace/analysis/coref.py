"""In-document resolution of who a claim's source is.

Rules, in order, for a source as written:
- none (a quotation with no cue) or a personal pronoun ("he said", "he added"): the last named
  speaker, i.e. the resolved claimant of the latest earlier claim; failing that, the latest
  person named before it;
- "it" ("It said …"): the last organisation that spoke before, other than the claimant of the
  claim it sits in ("Reuters reported that it said …" is not Reuters); failing that, the last
  organisation named;
- a relative pronoun ("a commander, who said"): the noun phrase it stands for;
- a surname alone ("Haidai went on to say"): the earlier full name it ends ("Serhii Haidai");
- a bare title ("the governor said"): the earlier person whose appositive holds that title
  ("Serhii Haidai, head of the Luhansk Regional Military Administration" → "the head");
- otherwise the name itself, without appositive or relative clause.
The result is looked up in the actor registry; unknown names keep their text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from wartrace.analysis.actors import Actor, Registry
from wartrace.analysis.attribution import doc_text

PERSONAL = {"he", "she", "him", "her", "they", "them"}
RELATIVE = {"who", "which", "that", "whom"}
PERSON_TYPES = {"head_of_state", "official"}
_NAME_DROP_DEPS = {"appos", "relcl", "acl", "punct", "cc", "conj", "advmod", "prep"}


@dataclass
class Resolved:
    text: str
    start: int
    end: int
    actor: Actor | None
    title: str | None = None  # appositive of the name where it was introduced
    pronoun: bool = False  # resolved through a pronoun or a quotation's position
    person: bool = False


@dataclass
class _Named:
    text: str
    start: int
    end: int
    actor: Actor | None
    person: bool
    title: str | None
    label: str = ""


def name_span(tok) -> tuple[int, int, str | None]:
    """Offsets of the name a source token heads, without appositive or clauses; and the appositive."""
    keep = [tok]
    title = None
    stack = [c for c in tok.children]
    while stack:
        c = stack.pop()
        keep_of = c.dep_ == "prep" and c.lower_ == "of" and tok.pos_ == "PROPN"  # "Security Service of Ukraine"
        if c.head.i == tok.i and c.dep_ in _NAME_DROP_DEPS and not keep_of:
            if c.dep_ == "appos" and title is None:
                sub = list(c.subtree)
                title = tok.doc[sub[0].i:sub[-1].i + 1].text
            continue
        keep.append(c)
        stack.extend(c.children)
    keep.sort(key=lambda t: t.i)
    # contiguous run around the head
    run = [tok]
    for t in reversed([t for t in keep if t.i < tok.i]):
        if t.i == run[0].i - 1:
            run.insert(0, t)
    for t in (t for t in keep if t.i > tok.i):
        if t.i == run[-1].i + 1:
            run.append(t)
    if tok.ent_type_ == "PERSON":
        # "ambassador to Poland Andrij Deszczyca" parses "Poland" into the name: a place alone before
        # the person's entity is dropped (a title before it, "Russian President", stays)
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        before = [t for t in run if ent is not None and t.i < ent.start]
        if before and all(t.ent_type_ in ("GPE", "LOC") for t in before):
            run = [t for t in run if t.i >= ent.start]
    while len(run) > 1 and (run[0].is_punct or run[0].lower_ in ("the", "a", "an")):
        run.pop(0)
    while len(run) > 1 and (run[-1].is_punct or run[-1].tag_ == "POS"):
        run.pop()
    return run[0].idx, run[-1].idx + len(run[-1]), title


class Resolver:
    def __init__(self, doc, registry: Registry):
        self.doc = doc
        self.registry = registry
        self.named: list[_Named] = []
        for ent in doc.ents:
            if ent.label_ in ("PERSON", "ORG", "NORP", "GPE"):
                root = ent.root
                title = None
                for c in root.children:
                    if c.dep_ == "appos":
                        sub = list(c.subtree)
                        title = doc[sub[0].i:sub[-1].i + 1].text
                self.named.append(_Named(ent.text, ent.start_char, ent.end_char, registry.match(ent.text),
                                         ent.label_ == "PERSON", title, ent.label_))
        self.named.sort(key=lambda n: n.start)

    def _actor(self, text: str) -> Actor | None:
        return self.registry.match(text)

    def _last_person_before(self, pos: int) -> _Named | None:
        for n in reversed(self.named):
            if n.end <= pos and n.person and len(n.text.split()) >= 2:
                return n
        return None

    def resolve(self, source_token: int | None, source: tuple[int, int] | None, relative_head: int | None,
                previous: list[Resolved], position: int, enclosing: Resolved | None = None) -> Resolved | None:
        """`enclosing`: the resolved claimant of the claim this one is nested in, if any."""
        doc = self.doc
        if source_token is None or source is None:
            return self._from_previous(previous, position)
        tok = doc[source_token]
        if tok.lower_ == "it":
            found = self._organisation_before(previous, position, enclosing)
            if found is not None:
                return found
        if tok.lower_ in PERSONAL:
            return self._from_previous(previous, position, want_person=tok.lower_ in ("he", "she", "him", "her"))
        if tok.lower_ in RELATIVE and relative_head is not None:
            tok = doc[relative_head]
        title_noun = None
        # a name in apposition right after a common noun ("the analyst Ivan Petrov"), no comma between
        named = [c for c in tok.children if c.dep_ == "appos" and c.left_edge.i == tok.i + 1
                 and c.ent_type_ == "PERSON"] if tok.pos_ == "NOUN" else []
        title_phrase = None
        if not named and tok.pos_ in ("NOUN", "NUM", "PRON") and tok.ent_type_ != "PERSON":
            # "One of the report's authors, Vasily Gatov, told VOA": the name set off by commas is the
            # claimant, the phrase before it his title
            named = [c for c in tok.children if c.dep_ == "appos" and c.i > tok.i and c.ent_type_ == "PERSON"]
            if named:
                lead = [t for t in doc[tok.left_edge.i:named[0].left_edge.i] if not t.is_punct]
                title_phrase = doc[lead[0].i:lead[-1].i + 1].text if lead else None
        if named:
            # "the analyst Ivan Petrov wrote": the person named is the claimant, the noun before is a title
            title_noun, tok = tok, named[0]
        start, end, title = name_span(tok)
        if title_noun is not None:
            title = title or title_phrase or title_noun.text
        text = doc_text(doc)[start:end]
        actor = self._actor(text)
        rest = doc_text(doc)[end:source[1]] if source[0] <= start and end <= source[1] else ""
        if actor is None and re.fullmatch(r"\s*\([^)]*\)\s*", rest):
            # "The Security Service of Ukraine (SBU)": the acronym after the name names it too
            actor = self._actor(rest.strip(" ()"))
        # a surname or a bare title refers back to someone named earlier
        if tok.pos_ == "PROPN" and len(text.split()) == 1:
            for n in reversed(self.named):
                if n.end <= start and n.person and len(n.text.split()) >= 2 and n.text.split()[-1] == text:
                    return Resolved(n.text, n.start, n.end, actor or self._actor(n.text), n.title, person=True)
            for r in reversed(previous):
                if r.text.split()[-1] == text and len(r.text.split()) >= 2:
                    return Resolved(r.text, r.start, r.end, actor or r.actor, r.title, person=r.person)
        if actor is None and tok.pos_ == "NOUN" and any(c.lower_ == "the" for c in tok.children):
            for r in reversed(previous):
                if r.title and tok.lemma_.lower() in r.title.lower():
                    return Resolved(r.text, r.start, r.end, r.actor, r.title, person=r.person)
            for n in reversed(self.named):
                if n.end <= start and n.title and tok.lemma_.lower() in n.title.lower():
                    return Resolved(n.text, n.start, n.end, self._actor(n.text), n.title, person=n.person)
        person = tok.ent_type_ == "PERSON" or (actor is not None and actor.type in PERSON_TYPES)
        return Resolved(text, start, end, actor, title, person=person)

    def _organisation_before(self, previous: list[Resolved], position: int,
                             enclosing: Resolved | None) -> Resolved | None:
        """What "it" said: the last earlier speaker that is an organisation in the registry, then the
        last organisation named; never the claimant of the enclosing claim."""
        def other(text: str) -> bool:
            return enclosing is None or text != enclosing.text

        for r in reversed([r for r in previous if r.start < position]):
            if not r.person and r.actor is not None and r.actor.type not in PERSON_TYPES and other(r.text):
                return Resolved(r.text, r.start, r.end, r.actor, r.title, pronoun=True)
        for n in reversed(self.named):
            if n.end <= position and n.label == "ORG" and other(n.text):
                return Resolved(n.text, n.start, n.end, n.actor, n.title, pronoun=True)
        return None

    def _from_previous(self, previous: list[Resolved], position: int, want_person: bool = False) -> Resolved | None:
        """The last named speaker; for "he"/"she" the last speaker who is a person, if any is."""
        earlier = [r for r in previous if r.start < position]
        pick = next((r for r in reversed(earlier) if r.person), None) if want_person else None
        if want_person and pick is None:
            # "he" is no organisation or group: the last person named ("Jake Sullivan said …,
            # according to American officials. “…,” he said") before the last speaker
            n = self._last_person_before(position)
            if n is not None:
                return Resolved(n.text, n.start, n.end, n.actor, n.title, pronoun=True, person=True)
        pick = pick or (earlier[-1] if earlier else None)
        if pick is not None:
            return Resolved(pick.text, pick.start, pick.end, pick.actor, pick.title, pronoun=True, person=pick.person)
        n = self._last_person_before(position)
        if n is not None:
            return Resolved(n.text, n.start, n.end, n.actor, n.title, pronoun=True, person=True)
        return None
