"""Attribution over a spaCy parse: who (source) says (cue) what (content).

Finds, per document, the attribution relations the claims component turns into claims:
- indirect speech: a cue verb with a subject and a clausal, infinitival or nominal
  complement ("X said that …", "X told CNN …", "X released audio of …");
- direct quotes: a quotation whose tokens hang off a cue verb, or that sits next to one
  (", tweeted X", "X said: “…”"), including quotations the sentence splitter cut in two;
- "according to X" and inverted quotatives ("…,” tweeted Ukrainian military intelligence");
- agentless passives ("it was reported that …") with no source;
- quotations with no cue at all (left for the claims layer to give to the last speaker);
- nesting: an attribution whose cue lies inside another's content gets that one as parent.

"According to X", "Name: …" lines and "issued a statement saying …" live in forms.py; rules.py runs
the whole pass over a document. Spans are kept as written (a pronoun source stays "he"); resolution is
coref.py's job.
The cue lexicon (data/lexicons/cues.yaml) is mined from PolNeAR's train split.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from wartrace.config import load_yaml

Offsets = tuple[int, int]

# a quotation stays within its paragraph: an opening mark left unclosed (a quotation running on
# into the next paragraph) must not pair with a closing mark paragraphs away
# A straight opening mark may close curly ("…”): machine-made and pasted text mixes them, and
# pairing it with the next straight mark instead would swallow the narration in between.
_QUOTE = re.compile(r"“[^”\n]{2,}?”|\"[^\"”\n]{2,}?[\"”]|''[^\n]{2,}?''")
_RELATIVE = {"who", "which", "that", "whom"}
# Dependents of the cue verb that PolNeAR counts as part of the cue when they sit on its left.
_CUE_LEFT_DEPS = {"aux", "auxpass", "neg"}
# Prepositions that introduce the content of some cue verbs ("talked about X", "pointed to X").
_CONTENT_PREPS = {"about", "to", "on", "of", "against", "for", "at", "over", "with"}
_SUBJ = {"nsubj", "nsubjpass", "csubj"}
# verbs whose infinitival complement carries the speech act: "continues to insist", "went on to say"
# (data/lexicons/chain_verbs.yaml)
CHAIN_HEADS = frozenset(str(w) for w in load_yaml("lexicons/chain_verbs.yaml")["lemmas"])


@dataclass
class Attribution:
    source: Offsets | None
    cue: Offsets | None
    content: list[Offsets]
    direct: bool
    kind: str  # verb | according_to | quote
    cue_token: int | None = None
    source_token: int | None = None  # root token of the source as written
    source_inherited: bool = False  # subject borrowed from a governing clause ("…, adding that")
    relative_head: int | None = None  # for "who said": the noun the relative pronoun stands for
    by_rules: bool = True  # False: only the cue scorer took this verb (the mined table did not)
    scored: bool | None = None  # the cue scorer's verdict on the verb, when one ran
    agentless: bool = False  # nobody is said to speak ("X was identified as …"): no speaker is looked for
    parent: int | None = None  # index of the enclosing attribution in the list
    sentences: tuple[int, int] = (0, 0)  # character range of the sentence(s) involved
    children: list[int] = field(default_factory=list)

    @property
    def span(self) -> Offsets:
        parts = [p for p in (self.source, self.cue, *self.content) if p]
        return min(p[0] for p in parts), max(p[1] for p in parts)


@dataclass(frozen=True)
class CueLexicon:
    verbs: frozenset[str]
    clausal_only: frozenset[str]  # weaker cues, taken only with a clause or quotation as content
    passive_verbs: frozenset[str]  # "it was reported", "is expected"
    quote_verbs: frozenset[str]  # may introduce or follow a quotation without a complement clause
    not_claims: frozenset[str] = frozenset()  # attributions in PolNeAR's sense that are no claim for the ledger
    frames_accepted: frozenset[tuple[str, str]] = frozenset()  # (lemma, frame) pairs mined as cues
    frames_rejected: frozenset[tuple[str, str]] = frozenset()  # (lemma, frame) pairs seen often, rarely cues
    curated: frozenset[str] = frozenset()
    # (dependency, tag) of a speech verb whose attribution, nested in another's content, PolNeAR
    # annotates as well ("…, saying …"; "X said Y stated …"): scored alongside the outer one
    nested_annotated: frozenset[tuple[str, str]] = frozenset()
    vehicles: frozenset[str] = frozenset()  # nouns of a message: "issued a statement saying …"
    object_cues: frozenset[str] = frozenset()  # claim cues only with a message or evidence as object
    message_objects: frozenset[str] = frozenset()  # what such a cue must pass on (besides `vehicles`)
    experiencer_object: frozenset[str] = frozenset()  # "X alarmed Y": Y holds the view, X is its content


@lru_cache(maxsize=1)
def load_cue_lexicon() -> CueLexicon:
    data = load_yaml("lexicons/cues.yaml")
    thr = float(data.get("min_precision", 0.3))
    min_n = int(data.get("min_count", 3))
    mined = data.get("mined") or {}
    verbs = {lemma for lemma, (n_cue, n_all) in mined.items() if n_cue >= min_n and n_cue / max(n_all, 1) >= thr}
    low = float(data.get("min_precision_clausal", thr))
    clausal = {lemma for lemma, (n_cue, n_all) in mined.items()
               if n_cue >= min_n and low <= n_cue / max(n_all, 1) < thr} - verbs
    verbs |= set(data.get("curated") or [])
    verbs -= set(data.get("excluded") or [])
    clausal -= set(data.get("excluded") or []) | verbs
    frames = {}
    fthr = float(data.get("min_precision_frame", thr))
    for lemma, table in (data.get("mined_frames") or {}).items():
        for frame, (n_cue, n_all) in table.items():
            frames[(lemma, frame)] = (n_cue, n_all)
    excluded = set(data.get("excluded") or [])
    accepted = frozenset(k for k, (n_cue, n_all) in frames.items()
                         if n_cue >= min_n and n_cue / max(n_all, 1) >= fthr and k[0] not in excluded)
    rejected = frozenset(k for k, (n_cue, n_all) in frames.items()
                         if n_all >= int(data.get("min_count_reject", 5)) and n_cue / max(n_all, 1) < fthr)
    nthr = float(data.get("min_precision_nested", 0.35))
    nested = frozenset(tuple(k.split("/")) for k, (n_cue, n_all) in (data.get("mined_nested") or {}).items()
                       if n_all >= min_n and n_cue / n_all >= nthr)
    return CueLexicon(frozenset(verbs | clausal | {k[0] for k in accepted}), frozenset(clausal), frozenset(data.get("passive") or []), frozenset(data.get("quote_verbs") or []),
                      frozenset(data.get("not_claims") or []), accepted, rejected, frozenset(data.get("curated") or []),
                      nested, frozenset(data.get("vehicles") or []), frozenset(data.get("object_cues") or []),
                      frozenset(data.get("message_objects") or []), frozenset(data.get("experiencer_object") or []))


def nested_frame(att: "Attribution", doc, lex: CueLexicon) -> str | None:
    """'dep/tag' of a nested attribution's cue verb when it is a speech verb ("advcl/VBG" for
    "…, saying …"): the key of the mined_nested table."""
    if att.parent is None or att.cue_token is None or att.kind != "verb":
        return None
    tok = doc[att.cue_token]
    return f"{tok.dep_}/{tok.tag_}" if tok.lemma_.lower() in lex.quote_verbs else None


def _trim_tokens(tokens):
    toks = list(tokens)
    while toks and (toks[-1].is_punct and toks[-1].text not in ("”", "\"", ")", "’") or toks[-1].is_space):
        toks.pop()
    while toks and (toks[0].is_punct and toks[0].text not in ("“", "\"", "(") or toks[0].is_space):
        toks.pop(0)
    return toks


def token_offsets(tokens) -> Offsets | None:
    toks = _trim_tokens(tokens)
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _subtree(tok, exclude=None) -> list:
    """Contiguous token run of `tok`'s subtree, leaving out the subtree of `exclude`."""
    skip = {t.i for t in exclude.subtree} if exclude is not None else set()
    toks = [t for t in tok.subtree if t.i not in skip]
    # keep the run around the head contiguous: cut at the first gap on either side
    idx = [t.i for t in toks]
    pos = idx.index(tok.i)
    lo = pos
    while lo > 0 and idx[lo - 1] == idx[lo] - 1:
        lo -= 1
    hi = pos
    while hi + 1 < len(idx) and idx[hi + 1] == idx[hi] + 1:
        hi += 1
    return toks[lo:hi + 1]


def quotations_of(doc) -> "Quotations":
    """The document's quotations, found once per doc."""
    q = doc.user_data.get("wartrace.quotes")
    if q is None:
        q = doc.user_data["wartrace.quotes"] = Quotations(doc)
    return q


class Quotations:
    """Quotation spans of a document and the tokens inside each."""

    def __init__(self, doc):
        self.spans: list[Offsets] = [(m.start(), m.end()) for m in _QUOTE.finditer(doc_text(doc))]
        self.token_quote: dict[int, int] = {}
        for qi, (s, e) in enumerate(self.spans):
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.token_quote[t.i] = qi

    def of(self, tok) -> int | None:
        return self.token_quote.get(tok.i)


def subject_of(verb):
    subjects = [c for c in verb.children if c.dep_ in _SUBJ]
    if len(subjects) > 1:
        # "Two men were killed and two wounded by …, governor Oleh Synyegubov said": the parser hangs
        # a coordinated clause's subject on the verb too; the subject nearest before the verb speaks.
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    return subjects[0] if subjects else None


def _inherited_subject(verb):
    """Subject of the clause a subjectless cue hangs from ("…, adding that", "went on to say")."""
    cur = verb
    for _ in range(4):
        if cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.head.i != cur.head.i:
            # "by talking about …", "after determining that …": the clause the phrase modifies
            cur = cur.head.head
            subj = subject_of(cur)
            if subj is not None:
                return subj
        elif cur.dep_ in ("conj", "xcomp", "advcl") and cur.head.i != cur.i:
            cur = cur.head
            quoted = quotations_of(verb.doc)
            if quoted.of(cur) is not None and quoted.of(verb) is None:
                # "“We're not going to …,” Rubio said, adding that …": the participle outside the
                # quotation continues the speaker who introduces it, not a subject inside it
                q_end = quoted.spans[quoted.of(cur)][1]
                intro = [t for t in verb.doc[cur.i:verb.i] if t.idx >= q_end and t.pos_ == "VERB"
                         and subject_of(t) is not None and t.lemma_.lower() in load_cue_lexicon().quote_verbs]
                if intro:
                    return subject_of(intro[-1])
            if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in load_cue_lexicon().quote_verbs \
                    and subject_of(cur.head) is not None:
                # "X said that much remains to be done, signaling …", "X said he makes $41,000 a year
                # and questioned how …": the parser hangs the participle or the second verb on the
                # reported clause, but it is X who signals or questions (PolNeAR train: source overlap
                # F1 0.8081 -> 0.8091 for the coordinated verb)
                return subject_of(cur.head)
            subj = subject_of(cur)
            if subj is not None:
                return subj
        else:
            break
    return None


def _cue_tokens(verb, content_prep=None) -> list:
    toks = [verb]
    for c in verb.children:
        if c.i < verb.i and (c.dep_ in _CUE_LEFT_DEPS or (c.dep_ == "advmod" and c.tag_ == "RB")):
            toks.append(c)
        elif c.i > verb.i and c.dep_ == "prt":
            toks.append(c)
    if content_prep is not None:
        toks.append(content_prep)
    toks.sort(key=lambda t: t.i)
    # keep only the contiguous run around the verb
    run = [verb]
    for t in sorted((t for t in toks if t.i < verb.i), key=lambda t: -t.i):
        if t.i == run[0].i - 1:
            run.insert(0, t)
    for t in (t for t in toks if t.i > verb.i):
        if t.i == run[-1].i + 1:
            run.append(t)
    return run


def _extend_cue_right(toks: list, content: list[Offsets], doc) -> list:
    """A colon right after the cue belongs to it ("said: “…”"). Trailing modifiers ("said Thursday")
    are left out: PolNeAR's annotators include them about as often as not, and measured on the
    train split extending over them lowered exact cue F1."""
    last = toks[-1]
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    return toks + [nxt] if nxt is not None and nxt.text == ":" else toks


def _source_span(subj, verb) -> tuple[Offsets | None, int | None]:
    toks = _subtree(subj)
    # a source never reaches into the cue or the content
    toks = [t for t in toks if t.i < verb.i] if subj.i < verb.i else [t for t in toks if t.i > verb.i]
    # nor across a paragraph break (a dateline or timestamp parsed into the subject; a speaker named at
    # the end of the paragraph before, "…,” said Jon Doggett …\n\nShaw said that …"): the part on the
    # cue's side of the break speaks
    if subj.i < verb.i:
        breaks = [k for k, t in enumerate(toks) if "\n" in t.text_with_ws]
        toks = toks[breaks[-1] + 1:] if breaks else toks
        if toks and _paragraph_between(toks[-1], verb):
            toks = []
    else:
        breaks = [k for k, t in enumerate(toks) if "\n" in t.text_with_ws]
        toks = toks[:breaks[0] + 1] if breaks else toks
        if toks and _paragraph_between(verb, toks[0]):
            toks = []
    if not toks:
        return None, None
    if subj.i not in {t.i for t in toks}:
        return token_offsets(toks), verb.doc[toks[0].i:toks[-1].i + 1].root.i
    return token_offsets(toks), subj.i


_AFTER_CLAUSE = ("xcomp", "dobj")
_PARTICIPLE_DEPS = ("advcl", "acl")
_COMPLEMENTS = {"dobj", "dative", "oprd", "attr", "prep", "xcomp", "ccomp", "acomp"}


def _without_other_cues(toks: list, head, cue_verbs: frozenset[str]) -> list:
    """Cut from a content the coordinated or adverbial clauses that are cues of their own
    ("… and says he introduced …", "…, calling them …"), with the conjunction or comma before them."""
    cut: set[int] = set()
    for t in toks:
        if t.i != head.i and t.dep_ in ("conj", "advcl") and t.pos_ == "VERB" and t.lemma_.lower() in cue_verbs:
            sub = [x.i for x in t.subtree]
            lo = min(sub)
            while lo - 1 >= toks[0].i and (t.doc[lo - 1].dep_ == "cc" or t.doc[lo - 1].is_punct):
                lo -= 1
            cut.update(range(lo, max(sub) + 1))
    if not cut:
        return toks
    kept = [t for t in toks if t.i not in cut]
    # keep the run that holds the head
    run = [t for t in kept if t.i <= head.i]
    out: list = []
    for t in kept:
        if out and t.i != out[-1].i + 1:
            if any(x.i == head.i for x in out):
                break
            out = []
        out.append(t)
    return out or run or toks


def _paragraph_between(a, b) -> bool:
    """Whether a paragraph break lies between two tokens."""
    lo, hi = (a, b) if a.i < b.i else (b, a)
    return "\n" in doc_text(a.doc)[lo.idx:hi.idx]


def _complement_run(verb, first) -> list:
    """From the first complement to the end of the last one right after it, without a comma
    in between: "offering Kasich the second spot", "cites them as evidence of …"."""
    toks = list(_subtree(first))
    right = sorted((c for c in verb.children if c.i > first.i and (c.dep_ in _COMPLEMENTS or _object_clause(c))),
                   key=lambda c: c.i)
    vehicles = load_cue_lexicon().vehicles
    for c in right:
        if c.dep_ == "prep" and any(o.dep_ == "pobj" and o.lemma_.lower() in vehicles for o in c.children):
            break  # "… in a post on his Truth Social platform": how it was said, not what
        sub = list(c.subtree)
        gap = verb.doc[toks[-1].i + 1:sub[0].i]
        if any(not (g.is_space) for g in gap):
            break
        toks.extend(sub)
    return _cut_channel_phrase(toks, vehicles)


def _object_clause(clause) -> bool:
    """"asked workers if they planned to attend", "negotiated a deal to buy the site": an adverbial
    clause right after the object that says what was asked or agreed (a question or an infinitive)
    continues the content; the parser hangs it on the verb as advcl."""
    return clause.dep_ == "advcl" and any((c.dep_ == "mark" and c.lower_ in ("if", "whether"))
                                          or (c.dep_ == "aux" and c.lower_ == "to" and c.i < clause.i)
                                          for c in clause.children)


def _cut_channel_phrase(toks: list, vehicles: frozenset[str]) -> list:
    """Drop a closing "in a post on X" / "in an interview with Y" from a content: the parser often
    hangs it on the object ("confirmed the killing in a post on …"), but it says how, not what."""
    for k, t in enumerate(toks):
        if k and t.dep_ == "prep" and t.lower_ in ("in", "on", "during", "via", "through") \
                and any(o.dep_ == "pobj" and o.lemma_.lower() in vehicles for o in t.children) \
                and max(x.i for x in t.subtree) >= toks[-1].i:
            return toks[:k]
    return toks


def _content_from_children(verb, quotes: Quotations, doc, cue_verbs: frozenset[str] = frozenset()):
    """(content token list, preposition used as part of the cue) from the verb's complements."""
    by_dep: dict[str, list] = {}
    for c in verb.children:
        by_dep.setdefault(c.dep_, []).append(c)
    for dep in ("ccomp", "xcomp"):
        if dep in by_dep:
            # a clause in the cue's own paragraph: the parser joins a quotation that ends the paragraph
            # before to the next paragraph's "X has said Y" as a second complement
            own = [c for c in by_dep[dep] if not _paragraph_between(verb, c)]
            if not own:
                continue
            # a clause on each side ("… was not part of the swap; Iran insists it does not know …"):
            # the parser hangs the clause before on the verb too; what is said follows it. PolNeAR
            # train, content overlap F1 0.8118 -> 0.8135 (source 0.8095 -> 0.8102, cue 0.8157 -> 0.8163)
            head = next((c for c in own if c.i > verb.i), own[0]) if dep == "ccomp" else own[0]
            if head.i < verb.i and verb.lemma_ != "tell" and quotations_of(verb.doc).of(head) is None \
                    and any(c.dep_ in _AFTER_CLAUSE for c in verb.children if c.i > verb.i):
                # "…, however — he reported earning $132 million …": an object or infinitive after the
                # verb says what; the unquoted clause before is not his ("“…,” he told reporters"
                # keeps it). PolNeAR train, content 0.8135 -> 0.8155, cue 0.8163 -> 0.8169
                continue
            return _without_other_cues(_subtree(head), head, cue_verbs), None
    for dep in ("dobj", "dative", "attr", "oprd"):
        if dep in by_dep:
            obj = by_dep[dep][0]
            if obj.lower_ == "what" and obj.i < verb.i:
                # "killed what officials describe as the group's top commander": the description is the
                # "as" phrase
                as_ = [c for c in by_dep.get("prep", []) if c.lower_ == "as" and c.i > verb.i]
                objs = [c for c in as_[0].children if c.dep_ == "pobj"] if as_ else []
                if objs:
                    return list(_subtree(objs[0])), None
            if obj.lower_ in ("which", "that") and verb.dep_ == "relcl" and verb.head.i < verb.i:
                # "… the transfers of munitions, which Moscow has denied": what is denied is the noun
                # phrase the relative clause hangs on, not "which"; the parser hangs the clause on the
                # nearest noun ("… to Russia, which"), so climb to the phrase that noun sits in
                head = verb.head
                while head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ in ("NOUN", "PROPN"):
                    head = head.head.head
                return [t for t in _subtree(head) if t.i < verb.i and not (verb.left_edge.i <= t.i)], None
            if verb.lemma_ == "tell" and obj.pos_ in ("PRON", "PROPN") and "ccomp" not in by_dep:
                continue
            return _complement_run(verb, obj), None
    gap = _object_gap(verb, by_dep)
    if gap is not None:
        return gap, None
    for prep in by_dep.get("prep", []):
        if prep.lower_ in _CONTENT_PREPS and prep.i > verb.i:  # not "On Friday, X told …"
            objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            if objs:
                toks = list(_subtree(objs[0]))
                rest = [t for t in _complement_run(verb, prep) if t.i > toks[-1].i]
                return toks + rest, prep
    # a clause attached loosely (parataxis, dep) still carries the content
    for dep in ("parataxis", "dep"):
        for c in by_dep.get(dep, []):
            if c.pos_ in ("VERB", "AUX") and c.i > verb.i:
                return _subtree(c), None
    return None, None


def _object_gap(verb, by_dep: dict) -> list | None:
    """"a controversial proposal he has raised at various points": a relative clause with its own
    subject and no object says its cue of the noun it hangs on, which is the content."""
    subj = by_dep.get("nsubj", [])
    if verb.dep_ != "relcl" or not subj or subj[0].lower_ in _RELATIVE or verb.head.i > verb.i \
            or verb.head.pos_ not in ("NOUN", "PROPN") or any(d in by_dep for d in ("nsubjpass", "auxpass")):
        return None
    if any((c.lower_ in _RELATIVE and c.dep_ not in ("dobj", "mark")) or c.tag_ == "WRB" for c in verb.children) \
            or verb.head.ent_type_ in ("DATE", "TIME"):
        return None  # "the voters who …", "since August 2022, when X called for …": not a left-out object
    skip = {t.i for t in verb.subtree}
    toks = [t for t in _subtree(verb.head) if t.i not in skip and t.i < verb.left_edge.i]
    return toks or None


def _passive_theme(verb) -> list | None:
    """"He was backed by nearly 6 in 10 voters": a passive with an agent and no complement says
    something of its subject, which is the content (the agent is the source)."""
    deps = {c.dep_ for c in verb.children}
    if "auxpass" not in deps or "agent" not in deps:
        return None
    subj = [c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i]
    return _subtree(subj[0]) if subj and subj[0].lower_ not in _RELATIVE else None


def _runs(tokens) -> list[Offsets]:
    runs: list[list] = []
    for t in sorted(tokens, key=lambda t: t.i):
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return [o for o in (token_offsets(r) for r in runs) if o]


def verb_frame(tok, quotes: "Quotations") -> str:
    """The complement frame of a verb, the unit the mined cue table is conditioned on."""
    deps = {c.dep_ for c in tok.children}
    own = quotes.of(tok)
    if any(quotes.of(c) is not None and quotes.of(c) != own for c in tok.children):
        frame = "quote"
    elif "ccomp" in deps:
        frame = "ccomp"
    elif "xcomp" in deps:
        frame = "xcomp"
    elif "dobj" in deps:
        frame = "dobj"
    elif any(c.dep_ == "prep" and c.lower_ in _CONTENT_PREPS for c in tok.children):
        frame = "prep"
    elif tok.dep_ in ("parataxis", "ccomp", "advcl") and subject_of(tok) is not None:
        frame = "paren"
    else:
        frame = "none"
    return frame + ("_pass" if "auxpass" in deps else "")


def _parenthetical_host(verb):
    """ "Many of the closures, he said, have involved …": the clause the cue interrupts."""
    if verb.dep_ not in ("parataxis", "ccomp", "advcl") or subject_of(verb) is None:
        return None
    host = verb.head
    if host.pos_ not in ("VERB", "AUX") or host.i == verb.i:
        return None
    skip = {t.i for t in verb.subtree}
    idx = sentence_index(verb.doc)
    own = idx.of_token(verb.i)
    toks = [t for t in host.subtree if t.i not in skip and idx.of_token(t.i) == own]
    return toks or None


def _adjacent_quote(verb, quotes: Quotations, doc, speech_verbs: frozenset[str]) -> int | None:
    """A quotation that hangs off the verb in the parse, or touches it in the text."""
    for c in verb.children:
        qi = quotes.of(c)
        if qi is not None and quotes.of(verb) != qi:
            return qi
    text = doc_text(doc)
    if verb.lemma_.lower() not in speech_verbs:
        return None
    for qi, (s, e) in enumerate(quotes.spans):
        if quotes.of(verb) == qi:
            continue
        if e <= verb.idx:
            gap = text[e:verb.idx]
            # “…,” he said / “…,” said X / “…,” tweeted X
            if len(gap) <= 40 and re.fullmatch(r"[\s,;:—–-]*(?:[\w.'’ -]{0,40}?\s)?", gap) and "\n" not in gap:
                subj = subject_of(verb)
                between = subj is None or subj.i < verb.i and subj.idx >= e or subj.i > verb.i
                if between and not any(t.pos_ in ("VERB",) and t.i != verb.i
                                        for t in doc.char_span(e, verb.idx, alignment_mode="expand") or []):
                    return qi
        elif s >= verb.idx + len(verb):
            gap = text[verb.idx + len(verb):s]
            if len(gap) <= 4 and re.fullmatch(r"\s*[:,]?\s*", gap):
                return qi
    return None


class SentenceIndex:
    """Sentence boundaries of a doc, computed once: spaCy's `token.sent` rescans the document
    on every call, which made attribution quadratic in document length."""

    def __init__(self, doc):
        sents = list(doc.sents)
        self.chars = [(s.start_char, s.end_char) for s in sents]
        self.char_starts = [c[0] for c in self.chars]
        self.tok_starts = [s.start for s in sents]

    def by_char(self, pos: int) -> Offsets | None:
        i = bisect_right(self.char_starts, pos) - 1
        return self.chars[i] if 0 <= i < len(self.chars) else None

    def of_token(self, i: int) -> int:
        return bisect_right(self.tok_starts, i) - 1


def doc_text(doc) -> str:
    """`doc.text`, built once per doc (spaCy joins every token again on each access)."""
    text = doc.user_data.get("wartrace.text")
    if text is None:
        text = doc.user_data["wartrace.text"] = doc.text
    return text


def sentence_index(doc) -> SentenceIndex:
    idx = doc.user_data.get("wartrace.sentences")
    if idx is None:
        idx = doc.user_data["wartrace.sentences"] = SentenceIndex(doc)
    return idx


def sentence_range(doc, *offsets: Offsets | None) -> Offsets:
    pts = [o for o in offsets if o]
    lo = min(p[0] for p in pts)
    hi = max(p[1] for p in pts)
    idx = sentence_index(doc)
    first = idx.by_char(lo)
    last = idx.by_char(max(hi - 1, lo))
    return (first[0] if first else lo), (max(last[1], hi) if last else hi)


def that_clause_after(verb) -> list | None:
    """"X told VOA during a briefing that he believes …" when the parser hung the that-clause on a
    noun of the verb's adjuncts: the clause from "that" to the end of the sentence, if "that" comes
    within a few words of the verb and only the verb's own dependents lie between."""
    sent_end = verb.sent.end
    for t in verb.doc[verb.i + 1:min(verb.i + 10, sent_end)]:
        if t.lower_ == "that" and t.dep_ in ("mark", "dobj", "nsubj", "nsubjpass"):
            between = verb.doc[verb.i + 1:t.i]
            if any(b.is_punct or b.pos_ == "VERB" for b in between):
                return None
            if not all(verb in b.ancestors for b in between):
                return None
            toks = [x for x in verb.doc[t.i:sent_end] if not x.is_space]
            return toks if sum(1 for x in toks if x.is_alpha) >= 3 else None
    return None


def _rules_accept(tok, quotes: Quotations, lex: CueLexicon, qi: int | None) -> bool:
    """The mined table's verdict on a verb: its lemma, and its lemma with this complement frame."""
    lemma = tok.lemma_.lower()
    if lemma not in lex.verbs:
        return False
    if lex.frames_accepted or lex.frames_rejected:
        key = (lemma, "quote" if qi is not None else verb_frame(tok, quotes))
        return key in lex.frames_accepted or (key not in lex.frames_rejected and lemma in lex.curated)
    return not (lemma in lex.clausal_only and qi is None and not any(c.dep_ == "ccomp" for c in tok.children))


def verb_verdict(tok, doc, quotes: Quotations, lex: CueLexicon, scorer=None) -> tuple[bool, bool | None]:
    """(the mined table accepts the verb, the cue scorer's verdict or None): what verb_attribution asks first."""
    by_rules = _rules_accept(tok, quotes, lex, _adjacent_quote(tok, quotes, doc, lex.quote_verbs))
    return by_rules, (scorer.accepts(tok, quotes, lex) if scorer is not None else None)


def verb_attribution(tok, doc, quotes: Quotations, lex: CueLexicon, scorer=None) -> Attribution | None:
    """The attribution a speech verb heads: its content (a quotation beside it or its complement),
    its source (subject, passive agent, the noun a participle modifies, an inverted or inherited
    subject) and its cue; None when the rules and the scorer both reject the verb or a part is missing."""
    qi = _adjacent_quote(tok, quotes, doc, lex.quote_verbs)
    by_rules = _rules_accept(tok, quotes, lex, qi)
    scored = scorer.accepts(tok, quotes, lex) if scorer is not None else None
    if not (by_rules or scored):
        return None
    felt = _experiencer_frame(tok, lex)
    if felt is not None:
        source_tok, subj = felt
        source, content = token_offsets(source_tok.subtree), token_offsets(_subtree(subj))
        if source is None or content is None:
            return None
        cue, _ = _verb_cue(tok, doc, None, [content])
        return Attribution(source=source, cue=cue, content=[content], direct=False, kind="verb", cue_token=tok.i,
                           by_rules=by_rules, scored=scored, source_token=source_tok.i,
                           sentences=sentence_range(doc, source, cue, content))
    found = _verb_content(tok, doc, quotes, lex, qi)
    if found is None:
        return None
    content, direct, prep = found
    speaker = _verb_source(tok, doc, lex, direct)
    if speaker is None:
        return None
    source, source_token, inherited, relative_head = speaker
    content = _content_beside_source(tok, quotes, content, source)
    if content is None:
        return None
    cue, cue_head = _verb_cue(tok, doc, prep, content)
    inherited = inherited and cue_head.i == tok.i
    return Attribution(source=source, cue=cue, content=content, direct=direct, kind="verb", cue_token=tok.i,
                       by_rules=by_rules, scored=scored,
                       source_token=source_token, source_inherited=inherited, relative_head=relative_head,
                       agentless=source is None and _unspoken_participle(tok),
                       sentences=sentence_range(doc, source, cue, *content))


def _experiencer_frame(tok, lex: CueLexicon):
    """(the object, the subject) of an active "amuse" verb whose object feels what the subject
    causes ("Sanders's attacks have alarmed her supporters"), or None: PolNeAR's source is the
    object, its content the subject. PolNeAR train, product overlap F1 source 0.8115 -> 0.8122,
    content 0.8155 -> 0.8161."""
    if tok.lemma_.lower() not in lex.experiencer_object or any(c.dep_ == "auxpass" for c in tok.children):
        return None
    subj = subject_of(tok)
    objs = [c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i]
    if subj is None or subj.i > tok.i or subj.lower_ in _RELATIVE or not objs:
        return None
    return objs[0], subj


def paragraph_of(doc, tok) -> tuple[int, int]:
    """(start, end) characters of the paragraph (the line) a token lies in."""
    text = doc_text(doc)
    p0, p1 = text.rfind("\n", 0, tok.idx) + 1, text.find("\n", tok.idx)
    return p0, (len(text) if p1 < 0 else p1)


def _verb_content(tok, doc, quotes: Quotations, lex: CueLexicon, qi: int | None):
    """(content spans, direct, the preposition that joins it) of a speech verb, or None."""
    content_toks, prep = _content_from_children(tok, quotes, doc, lex.verbs)
    if content_toks is None and qi is None:
        content_toks = _parenthetical_host(tok)
    if content_toks is None and qi is None and tok.lemma_.lower() in lex.quote_verbs:
        content_toks = that_clause_after(tok)
    if content_toks is None and qi is None:
        content_toks = _passive_theme(tok)
    if content_toks:
        # a complement stays in the cue's paragraph: the parser runs a sentence on across a break
        p0, p1 = paragraph_of(doc, tok)
        content_toks = [t for t in content_toks if p0 <= t.idx < p1]
    if qi is not None:
        q = quotes.spans[qi]
        content = [q]
        direct = True
        if content_toks:
            c = token_offsets(content_toks)
            # the complement is the quotation itself, or a paraphrase beside it
            if c and c[0] < q[1] and q[0] < c[1]:
                content = [(min(c[0], q[0]), max(c[1], q[1]))]
            elif c and c[1] <= q[0] and not re.search(r"[.!?]\s", doc_text(doc)[c[1]:q[0]]):
                content = [(c[0], q[1])]  # "… will be pursuing funds and will “compete vigorously …”"
            elif c and not (q[0] <= c[0] and c[1] <= q[1]) and not (c[0] <= q[0] and q[1] <= c[1]):
                content = sorted([c, q])
            elif c and c[0] <= q[0]:
                content = [c]
            direct = any(s == q[0] for s, _ in content) or content == [q]
            prep = None
        return content, direct, prep
    if content_toks and any(b.i != a.i + 1 for a, b in zip(content_toks, content_toks[1:])):
        content = _runs(content_toks)  # a clause interrupted by the cue ("…, he said, …")
        return (content, False, prep) if content else None
    if content_toks:
        c = token_offsets(content_toks)
        if c is None:
            return None
        # a complement that reaches into a quotation takes the whole quotation
        for s, e in quotes.spans:
            if s < c[1] and c[0] < e and (c[0] < s or c[1] > e):
                c = (min(c[0], s), max(c[1], e))
        return [c], any(c[0] == s and c[1] == e for s, e in quotes.spans), prep
    return None


def _verb_source(tok, doc, lex: CueLexicon, direct: bool):
    """(source span, its head token, inherited from another clause, relative head) of a speech
    verb; the span may be None (an unnamed speaker), the whole answer None when the verb's
    subject is not its speaker ("he was asked") or a dependent verb has no speaker."""
    subj = subject_of(tok)
    if any(c.dep_ == "auxpass" for c in tok.children):
        agent = [c for c in tok.children if c.dep_ == "agent"]
        objs = [c for c in agent[0].children if c.dep_ == "pobj"] if agent else []
        if objs:
            return token_offsets(objs[0].subtree), objs[0].i, False, None
        if subj is not None and subj.lower_ not in ("it", "this") and tok.lemma_.lower() not in lex.passive_verbs:
            return None  # "X was told", "he was asked": the subject is not the speaker
        return None, None, False, None
    if subj is not None:
        source, source_token = _source_span(subj, tok)
        relative_head = tok.head.i if subj.lower_ in _RELATIVE and tok.dep_ == "relcl" else None
        return source, source_token, False, relative_head
    before = [c for c in tok.children if c.dep_ == "ccomp" and c.i < tok.i]
    if before and any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children):
        # "Mr. Slinker, whose latest start-up … uses big data …, said Mr. Trump was …": the parser
        # made the speaker the subject of a clause it hung before the verb (PolNeAR train, product
        # source overlap F1 0.8128 -> 0.8130)
        inner = subject_of(before[0])
        if inner is not None and inner.lower_ not in _RELATIVE and inner.pos_ in ("PROPN", "NOUN"):
            return token_offsets([t for t in _subtree(inner) if t.i < before[0].i]), inner.i, False, None
    if _unspoken_participle(tok):
        # "Asked by Stephanopoulos to respond, Carson said": the agent asks
        agent = agent_of(tok)
        return (token_offsets(agent.subtree), agent.i, False, None) if agent is not None else (None, None, False, None)
    # only a noun right before the participle: after a comma ("posted a statement on Telegram,
    # saying …") the participle's subject is the main clause's
    prev = doc[tok.i - 1] if tok.i > 0 and not doc[tok.i - 1].is_punct else None
    if tok.tag_ == "VBG" and prev is not None and prev.pos_ in ("NOUN", "PROPN") \
            and prev.dep_ in ("pobj", "dobj", "appos", "conj", "nsubj") and not _adverbial_object(prev):
        # "… the voices of unknown Russian soldiers saying: …": the noun just before speaks
        return token_offsets([t for t in _subtree(prev) if t.i < tok.i]), prev.i, False, None
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
        # "soldiers saying: …": the modified noun speaks; "Trump was heard on a microphone telling …":
        # the subject of the clause an adverbial phrase modifies
        head = tok.head
        clause_subj = subject_of(head.head.head) if _adverbial_object(head) else None
        if clause_subj is not None:
            return token_offsets(_subtree(clause_subj)), clause_subj.i, True, None
        return token_offsets([t for t in _subtree(head, exclude=tok) if t.i < tok.i]), head.i, False, None
    inv = [c for c in tok.children if c.dep_ in ("dobj", "npadvmod", "attr", "nsubj") and c.i > tok.i]
    # (not a participle's or tell's object: "…, telling them, “…”" speaks to them; PolNeAR train,
    # product overlap F1 source 0.8122 -> 0.8128, content 0.8161 -> 0.8167, cue 0.8170 -> 0.8173)
    if direct and inv and (doc[inv[0].i].pos_ in ("PROPN", "NOUN", "PRON")) and tok.tag_ != "VBG" \
            and tok.lemma_.lower() != "tell":
        # inverted quotative: "…,” tweeted Ukrainian military intelligence
        return token_offsets(_subtree(inv[0])), inv[0].i, False, None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if direct and not inv and nxt is not None and nxt.pos_ == "PROPN" and tok.lemma_.lower() in lex.quote_verbs:
        # "“…,” said David Brock, a Clinton confidant who heads …": the parser hung the name on a later word
        run = [nxt]
        while run[-1].i + 1 < len(doc) and doc[run[-1].i + 1].pos_ == "PROPN":
            run.append(doc[run[-1].i + 1])
        return token_offsets(run), run[-1].i, False, None
    inh = _inherited_subject(tok)
    if inh is not None:
        return token_offsets(_subtree(inh)), inh.i, True, None
    if tok.dep_ not in ("ROOT",) and not direct:
        return None
    return None, None, False, None


def agent_of(verb):
    """The noun of a passive verb's by-phrase ("documented by [Fusion]"), or None."""
    return next((o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"), None)


def _unspoken_participle(tok) -> bool:
    """"Asked whether he would counsel Clinton …, Reid said …", "a video titled …": a past participle
    hanging on a clause or a noun says something of the one asked or the thing named, not who asks
    or names it; nobody speaks there but an agent ("Asked by Stephanopoulos …"), and PolNeAR marks
    no source. PolNeAR train, source overlap F1 0.8107 -> 0.8115 (P 0.8217 -> 0.8243)."""
    return tok.tag_ == "VBN" and tok.dep_ in _PARTICIPLE_DEPS and not any(c.dep_ in _SUBJ for c in tok.children)


def _adverbial_object(noun) -> bool:
    """"Trump was heard on a microphone telling …": the noun of a phrase that modifies a verb says
    where or when, it is no speaker; "the voices of soldiers saying …" (a phrase of a noun) is one.
    PolNeAR train: source overlap precision 0.8137 -> 0.8145, recall unchanged."""
    return noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("VERB", "AUX")


def _content_beside_source(tok, quotes: Quotations, content: list[Offsets], source: Offsets | None):
    """The content kept inside the verb's own quotation and clear of its source, or None."""
    own_quote = quotes.of(tok)
    if own_quote is not None:
        # a speech verb inside a quotation ("“We called for …,” the diplomats said") says what it
        # says inside that quotation: its content never runs out of it
        qs, qe = quotes.spans[own_quote]
        content = [(max(s, qs), min(e, qe)) for s, e in content if s < qe and qs < e]
        if not content:
            return None
    if source is not None and any(s < source[1] and source[0] < e for s, e in content):
        # the content swallowed the source (inverted order): cut the content back
        content = [c for c in content if not (c[0] <= source[0] and source[1] <= c[1])] or content
        if any(s < source[1] and source[0] < e for s, e in content):
            return None
    return content


def _verb_cue(tok, doc, prep, content: list[Offsets]):
    """(cue span, the verb that heads it): "is continuing to insist", "went on to say" take their
    governing verbs; a colon right after the cue is part of it."""
    cue_toks = _cue_tokens(tok, prep)
    head = tok
    while head.dep_ == "xcomp" and head.head.lemma_.lower() in CHAIN_HEADS and head.head.i < head.i:
        head = head.head
        cue_toks = _cue_tokens(head) + [t for t in cue_toks if t.i > head.i]
        between = [t for t in doc[head.i + 1:tok.i] if t.dep_ in ("aux", "prt") or t.lower_ == "to"]
        cue_toks = sorted({t.i: t for t in cue_toks + between}.values(), key=lambda t: t.i)
    cue_toks = _extend_cue_right(cue_toks, content, doc)
    cue = token_offsets(cue_toks) or (tok.idx, tok.idx + len(tok))
    if cue_toks and cue_toks[-1].text == ":":
        cue = (cue[0], cue_toks[-1].idx + 1)
    return cue, head


def nest_attributions(atts: list[Attribution]) -> None:
    """Parent = the smallest other attribution whose content holds this one's cue."""
    for i, a in enumerate(atts):
        if a.cue is None:
            continue
        best = None
        for j, b in enumerate(atts):
            if i == j:
                continue
            for s, e in b.content:
                if s <= a.cue[0] and a.cue[1] <= e:
                    if best is None or (e - s) < best[1]:
                        best = (j, e - s)
        if best is not None and not _is_ancestor(atts, i, best[0]):
            a.parent = best[0]
            atts[best[0]].children.append(i)


def _is_ancestor(atts: list[Attribution], i: int, j: int) -> bool:
    """Whether attribution i already encloses j: two contents holding each other's cue (a misparse)
    must not make a cycle of parents."""
    seen = set()
    while j is not None and j not in seen:
        if j == i:
            return True
        seen.add(j)
        j = atts[j].parent
    return False
