"""Claims: who says what, through which channel, on what evidence, with which hedges and caveats.

The component turns the attribution relations of attribution.py into model.Claim objects:
- claimant resolved in the document (coref.py) and looked up in the actor registry (actors.py);
- channel and evidence from cue lexicons (channels.py), stance (stance.py);
- hedges: the spans of `ctx.analysis.hedges` (filled by the hedges component) that fall in the
  claim's sentence(s) or in its context sentences (a lead sentence about the same claimant with
  no claim of its own, or a later sentence that refers back to the claim's evidence);
- caveats (caveats.py), tied to the claim they are about even from a later sentence;
- date: the date of the speech act (a `ctx.analysis.dates` mention in the cue's sentence,
  outside the content), else the date of the claim it continues ("he added"), else the
  publication date at week precision (the claim was made on or before it).
Claim ids are c1, c2, … in text order; a nested claim's `parent` is the enclosing claim's id.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from wartrace.analysis.actors import Registry, load_actors
from wartrace.analysis.attribution import (
    CHAIN_HEADS,
    CONFIGURED,
    Attribution,
    CueLexicon,
    doc_text,
    find_attributions,
    load_cue_lexicon,
    nest_attributions,
    quotations_of,
    sentence_index,
)
from wartrace.analysis.attribution.slavic import slavic_claims
from wartrace.analysis.attribution_tagger import load_tagger
from wartrace.analysis.caveats import CaveatLexicon, build_caveat_lexicon, find_caveats
from wartrace.analysis.channels import ChannelLexicon, build_channel_lexicon, outside
from wartrace.analysis.coref import Resolved, Resolver
from wartrace.analysis.cue_scorer import load_cue_scorer
from wartrace.analysis.identity import assign_identities, same_party
from wartrace.analysis.nominal_cues import load_cue_proposer
from wartrace.analysis.recorded_speech import RECORDED_SPEECH_KINDS, recorded_speech_claims, sentence_spans
from wartrace.analysis.registry import AnalysisContext, component
from wartrace.analysis.slavic_text import SLAVIC, slavic_sentences
from wartrace.analysis.stance import StanceLexicon, build_stance_lexicon, classify
from wartrace.config import load_yaml
from wartrace.model import Caveat, Claim, Claimant, Span

CONTINUATION_CUES = {"add", "continue", "conclude", "elaborate"}
# Evidence that "shows" or "reveals" something is no speaker: a recording, video or document as the
# subject of a cue is what a claim rests on. Witnesses are people, so their testimony is not listed.
NON_SPEAKER_EVIDENCE = {"audio_intercept", "video", "photo", "satellite_imagery", "document", "forensic"}
FIRST_PERSON = {"i", "we", "me", "us"}
_DEFINITE = re.compile(r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+){0,3}$", re.I)


@dataclass(frozen=True)
class ClaimLexicons:
    cues: CueLexicon
    channels: ChannelLexicon
    caveats: CaveatLexicon
    stance: StanceLexicon
    registry: Registry
    not_attitudes: frozenset[str] = frozenset()  # verbs never heading an attitude (war events: "attacked")
    raising: frozenset[str] = frozenset()  # "X appears to …": the subject holds no view (raising_verbs)


def build_lexicons() -> ClaimLexicons:
    cues = load_yaml("lexicons/cues.yaml")
    not_attitudes = frozenset(cues.get("not_attitudes") or []) | frozenset(cues.get("not_attitudes_polnear") or [])
    return ClaimLexicons(load_cue_lexicon(), build_channel_lexicon(), build_caveat_lexicon(), build_stance_lexicon(),
                         load_actors(), not_attitudes, frozenset(cues.get("raising_verbs") or []))


@dataclass
class _Draft:
    att: Attribution
    resolved: Resolved | None = None
    claim: Claim | None = None
    presented: set[str] = field(default_factory=set)  # evidence types this claim brings forward
    context: list[tuple[int, int]] = field(default_factory=list)  # extra sentences about this claim
    continuation: bool = False
    evidence_source: list[str] = field(default_factory=list)  # the "source" is a recording, video, …
    channel_marked: bool = False  # the channel rests on more than a bare "said"
    parent: int | None = None

    @property
    def folded(self) -> bool:
        """An evidence-sourced claim inside its parent's content: no claim of its own (see
        _fold_evidence_sources)."""
        return bool(self.evidence_source) and self.parent is not None

    @property
    def actor_key(self) -> str | None:
        if self.resolved is None:
            return None
        return self.resolved.actor.id if self.resolved.actor else self.resolved.text.lower()


def _merge_bare_quotes(atts: list[Attribution], text: str) -> list[Attribution]:
    """A quotation with no cue right after a claim, in the same paragraph, continues that claim."""
    out: list[Attribution] = []
    for a in atts:
        if a.kind == "quote" and out:
            prev = next((p for p in reversed(out) if p.parent is None), None)
            if prev is not None and prev.kind != "quote" and "\n" not in text[prev.span[1]:a.content[0][0]] \
                    and prev.direct and prev.span[1] <= a.content[0][0]:
                prev.content.append(a.content[0])
                continue
        out.append(a)
    # parents were indices into the old list; recompute nesting on the merged one
    for a in out:
        a.parent = None
        a.children = []

    nest_attributions(out)
    return out


def _is_claim_cue(tok, lex: ClaimLexicons) -> bool:
    """PolNeAR-style attributions that are no claim: attitudes ("wants", "appears"), and negated
    acts ("did not publish", "did not want to comment on"), which report that nothing was said."""
    if tok.lemma_.lower() in lex.cues.not_claims:
        return False
    if tok.lemma_.lower() in lex.cues.object_cues and not _passes_on_a_message(tok, lex.cues):
        return False
    return not any(c.dep_ == "neg" for c in tok.children) or tok.lemma_.lower() in ("deny",)


def _passes_on_a_message(tok, cues) -> bool:
    """"shared an intercepted call" (object), "footage shared by …" (the noun it describes),
    "the video was shared" (passive subject): what is passed on is a message or evidence."""
    passed = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if tok.dep_ == "acl":
        passed.append(tok.head)
    return any(n.lemma_.lower() in cues.vehicles | cues.message_objects for n in passed)


_NOT_SPEAKERS = {"this", "that", "these", "those", "it", "which"}


def _infinitive_purpose(tok) -> bool:
    """"urged Beijing to use its influence", "the right to defend their security": an infinitive that
    says what someone should or may do is no speech act that happened; "went on to say" is one."""

    return (any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and tok.dep_ != "ROOT"
            and tok.head.lemma_.lower() not in CHAIN_HEADS)


def ledger_worthy(a: Attribution, doc, lex: ClaimLexicons) -> bool:
    """An attribution only the trained tagger or the cue scorer found becomes a claim when its cue
    is a speech verb of the curated lexicon: both learned PolNeAR's broad attributions (beliefs,
    evaluations, "a reference to"), which the ledger does not list as claims; a verb the cue scorer
    turned down is no claim either. Inside a quotation, "this"/"it" ("“This effectively denies
    recognition …,” he said") is a thing the speaker talks about, not a source."""
    if a.source_token is not None and a.cue_token is not None and doc[a.source_token].lower_ in _NOT_SPEAKERS \
            and quotations_of(doc).of(doc[a.cue_token]) is not None:
        return False
    if a.kind == "verb" and a.cue_token is not None and _infinitive_purpose(doc[a.cue_token]):
        return False
    if a.kind == "nominal":
        return False  # "concerns about", "are convinced that": attitudes (is_attitude), never speech acts
    if a.scored is False and not _evidence_kinds_of_source(a, doc, doc_text(doc), lex):
        # the cue scorer, when one runs, turned this verb down in its context (a quoted speaker's "I
        # have to announce", "we tell the truth"): the mined table's word alone is no claim. Evidence
        # that shows something ("a video … appears to show") is a claim of the ledger's own kind,
        # which PolNeAR, and so the scorer, does not know.
        return False
    if a.kind == "verb" and not a.by_rules:
        # only the cue scorer took it: PolNeAR-style attribution, a claim only for a speech verb
        return a.cue_token is not None and doc[a.cue_token].lemma_.lower() in lex.cues.curated and bool(a.content)
    if a.kind != "tagger":
        return True
    tok = doc[a.cue_token] if a.cue_token is not None else None
    return tok is not None and tok.pos_ == "VERB" and tok.lemma_.lower() in lex.cues.curated and bool(a.content)


def _sentence_of(sents: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    for s, e in sents:
        if s <= pos < e:
            return s, e
    return None


def _inside(span: tuple[int, int], ranges) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in ranges)


def build_claims(doc, analysis, lex: ClaimLexicons, tagger=None, scorer=CONFIGURED, proposer=None) -> list[Claim]:
    """The document's ledger of claims: its attributions that are speech acts, each with its
    resolved claimant, evidence, channel, stance, hedges, date, parent claim and caveats."""
    text = doc_text(doc)
    found = find_attributions(doc, lex.cues, tagger, scorer, proposer)
    worthy = [(a.cue_token is None or _is_claim_cue(doc[a.cue_token], lex)) and ledger_worthy(a, doc, lex)
              for a in found]
    attitudes = [a for a, ok in zip(found, worthy) if not ok and is_attitude(a, doc, lex)]
    atts = [a for a, ok in zip(found, worthy) if ok]
    atts = _merge_bare_quotes(atts, text)
    sents = sentence_index(doc).chars
    drafts = [_Draft(a) for a in atts]
    _resolve_speakers(drafts, doc, text, lex)
    _mark_continuations(drafts, doc)
    evidence_of = _find_evidence(drafts, text, lex)
    _add_context_sentences(drafts, sents, text, lex)
    _fold_evidence_sources(drafts, evidence_of)
    claims, drafts, resolved_as = _draft_claims(drafts, evidence_of, doc, analysis, sents, lex)
    _share_speech_acts(claims, drafts)
    published = analysis.document.published
    for c in claims:
        if c.date is None and published:
            c.date = {"value": str(published)[:10], "precision": "week"}
    assign_identities(claims, resolved_as, published, lex.registry)
    _attach_caveats(claims, drafts, text, sents, lex)
    said = {d.att.cue_token for d in drafts if d.att.cue_token is not None}
    cues = [(c.cue.start, c.cue.end) for c in claims if c.cue is not None]
    contents = [(s.start, s.end) for c in claims for s in c.content]
    # "Haidai went on to say": "went on" heads the speech act (or is its cue), no attitude of its own;
    # nor is a verb inside what a speaker says ("audio … revealing soldiers discussing …"): PolNeAR
    # mostly gives a token one attribution, and dropping these scored better on its train split
    attitudes = [a for a in attitudes if not any(doc[t].head.i == a.cue_token and _infinitive(doc[t]) for t in said)
                 and not any(s < a.cue[1] and a.cue[0] < e for s, e in cues) and not _inside(a.cue, contents)]
    return claims + _attitude_claims(_outermost_attitudes(attitudes), drafts, doc, text, published, lex)


def _outermost_attitudes(attitudes: list[Attribution]) -> list[Attribution]:
    """Attitudes whose cue lies in no other attitude's content. A verb and the noun it takes often
    name one attitude twice ("Trump has raised questions about Obama’s birthplace": "has raised",
    and "questions about" in its content), and PolNeAR mostly gives a token one attribution, so the
    inner one is part of the outer one's content. Chosen on PolNeAR train (`attribution_product
    --split train`): cue overlap F1 0.810 -> 0.812, content 0.803 -> 0.808, source unchanged; 1 in 10
    of the nested ones had a PolNeAR cue of its own."""
    def holds(b: Attribution, a: Attribution) -> bool:
        return a.cue is not None and _inside(a.cue, b.content)

    # two that hold each other's cue (a misparse) are both kept, as before
    return [a for a in attitudes if not any(b is not a and holds(b, a) and not holds(a, b) for b in attitudes)]


def _infinitive(tok) -> bool:
    return tok.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def is_attitude(a: Attribution, doc, lex: ClaimLexicons) -> bool:
    """An attribution the ledger does not take as a speech act (a belief, wish, expectation or
    evaluation: "thinks", "wants", "supports", "seems", "doesn't know") that the cue
    scorer, trained on PolNeAR train, accepted in its context: listed as an attitude. Not: verbs the
    scorer turned down (cue precision 0.13 on PolNeAR train against 0.63 for those it accepted); war
    events ("Russia attacked Ukraine", `not_attitudes` in data/lexicons/cues.yaml); "share" with no
    message ("share a border"); "this"/"it" inside a quotation (a thing the speaker talks about); a
    recording or video as the source (the ledger's evidence, not a holder of views)."""
    if a.kind not in ("verb", "nominal") or a.scored is not True or a.cue_token is None:
        return False
    tok = doc[a.cue_token]
    lemma = tok.lemma_.lower()
    if lemma in lex.not_attitudes or (lemma in lex.cues.object_cues and not _passes_on_a_message(tok, lex.cues)):
        return False
    if lemma in lex.cues.curated and any(c.dep_ == "neg" for c in tok.children):
        return False  # "the ministry did not publish the list": a speech act that did not happen, no view held
    if a.source_token is not None and doc[a.source_token].lower_ in _NOT_SPEAKERS and quotations_of(doc).of(tok) is not None:
        return False
    return not _evidence_kinds_of_source(a, doc, doc_text(doc), lex)


def _attitude_claims(atts: list[Attribution], drafts: list[_Draft], doc, text: str, published,
                     lex: ClaimLexicons) -> list[Claim]:
    """Attitudes as claims of act "attitude", ids a1, a2, … in text order, after the speech acts:
    claimant as written (resolved against the speakers of the ledger before it for its name), cue
    and content (a raising verb's, "X appears to …", has no claimant: its subject holds no view); no
    channel, evidence, hedges, caveats, parent or events. They are never origins (model.statements)."""
    if not atts:
        return []
    resolver = Resolver(doc, lex.registry)
    out: list[Claim] = []
    resolved_as: dict[str, tuple] = {}
    for k, a in enumerate(sorted(atts, key=lambda a: a.span[0])):
        cid = f"a{k + 1}"
        claimant = None
        # "Christie appeared to end his bid", "it seems that …": a raising verb's subject holds no view
        if a.source is not None and not _raising(doc[a.cue_token], lex):
            pos = a.cue[0] if a.cue else a.span[0]
            speakers = [d.resolved for d in drafts if d.resolved is not None and d.parent is None
                        and d.att.span[0] < pos]
            d = _Draft(a)
            d.resolved = resolver.resolve(a.source_token, a.source, a.relative_head, speakers, pos)
            if d.resolved is not None:
                claimant = _claimant_of(d, text)
                resolved_as[cid] = (d.resolved.text, d.resolved.actor, d.resolved.title, d.resolved.person)
        out.append(Claim(id=cid, claimant=claimant, cue=Span(text[a.cue[0]:a.cue[1]], *a.cue) if a.cue else None,
                         content=[Span(text[s:e], s, e) for s, e in a.content], direct=a.direct, channel=None,
                         stance="opinion", act="attitude"))
    assign_identities(out, resolved_as, published, lex.registry)
    return out


def _raising(tok, lex: ClaimLexicons) -> bool:
    """A raising verb whose subject holds no view ("Christie appeared to end his bid"); not one that
    raises a cue verb ("Rubio seemed to urge the opposite tactic", "Attorneys for Clinton appeared to
    oppose the effort"), whose subject PolNeAR marks as the source of the chained cue. PolNeAR
    train, source overlap recall 0.7990 -> 0.7994 with a curated cue verb (any mined cue verb lost
    more precision than it won)."""
    return tok.lemma_.lower() in lex.raising and not any(
        c.dep_ == "xcomp" and c.lemma_.lower() in lex.cues.curated for c in tok.children)


def _resolve_speakers(drafts: list[_Draft], doc, text: str, lex: ClaimLexicons) -> None:
    """Each draft's speaker (`resolved`): its source resolved against the earlier speakers; a
    first person inside a quotation is the quoted speaker; each draft's evidence-as-source."""
    resolver = Resolver(doc, lex.registry)
    quotes = quotations_of(doc)
    speakers: list[Resolved] = []  # resolved claimants of top-level claims, the "last named speaker"
    inside_quotes: list[_Draft] = []
    for d in drafts:
        a = d.att
        pos = a.cue[0] if a.cue else a.content[0][0]
        src_tok = doc[a.source_token] if a.source_token is not None else None
        if src_tok is not None and src_tok.lower_ in FIRST_PERSON and a.parent is not None:
            inside_quotes.append(d)  # "we", "I" inside a quotation: the quoted speaker, once known
            continue
        if src_tok is not None and src_tok.lower_ in ("they", "them") and a.parent is not None and a.cue_token is not None \
                and quotes.of(doc[a.cue_token]) is not None:
            # "“Whether they agree or not …,” Rubio said": "they" inside a quotation are people the
            # speaker talks about, not the last speaker; it stays as written
            s, e = a.source
            d.resolved = Resolved(text[s:e], s, e, None)
            continue
        if a.agentless and a.source is None:
            continue  # "Two of the suspects have been identified as …": no one is named, nor the last speaker
        enclosing = drafts[a.parent].resolved if a.parent is not None and a.parent < len(drafts) else None
        d.resolved = resolver.resolve(a.source_token, a.source, a.relative_head, speakers, pos, enclosing)
        if d.resolved is not None and a.parent is None:
            speakers.append(d.resolved)
    for d in drafts:
        d.evidence_source = _evidence_as_source(d, doc, text, lex)
    for d in inside_quotes:
        p = drafts[d.att.parent].resolved
        if p is not None:
            d.resolved = Resolved(p.text, p.start, p.end, p.actor, p.title, pronoun=True, person=p.person)


def _mark_continuations(drafts: list[_Draft], doc) -> None:
    """A bare quotation, a pronoun speaker, "added", "went on to say": the same speech act goes on."""
    for d in drafts:
        a = d.att
        cue_tok = doc[a.cue_token] if a.cue_token is not None else None
        d.continuation = (a.kind == "quote" or (d.resolved is not None and d.resolved.pronoun)
                          or (cue_tok is not None and (cue_tok.lemma_.lower() in CONTINUATION_CUES
                                                       or (cue_tok.dep_ in ("xcomp", "advcl")
                                                           and cue_tok.head.lemma_.lower() in ("go", "continue")))))
        d.parent = a.parent


def _find_evidence(drafts: list[_Draft], text: str, lex: ClaimLexicons) -> dict[int, list[str]]:
    """Draft -> the kinds of evidence its sentences name; marks what each claim presents, and
    makes a claim that sits inside an earlier claim's evidence its child ("The purported
    intercepted audio recording … appears to feature soldiers saying: …")."""
    evidence_of: dict[int, list[str]] = {}
    for i, d in enumerate(drafts):
        a = d.att
        s0, s1 = a.sentences
        kinds: list[str] = []
        for kind, ms, me in lex.channels.evidence_in(text[s0:s1]):
            span = (s0 + ms, s0 + me)
            if kind not in kinds:
                kinds.append(kind)
            if _inside(span, a.content) or (a.cue and a.cue[0] <= span[0] < a.cue[1] + 1):
                d.presented.add(kind)
            elif d.parent is None and (a.source is None or not _inside(span, [a.source])) \
                    and _DEFINITE.search(text[s0:span[0]]) and span[0] < (a.cue or a.content[0])[0]:
                host = _latest_presenting(drafts, i, kind)
                if host is not None:
                    d.parent = host
        evidence_of[i] = kinds
    return evidence_of


def _add_context_sentences(drafts: list[_Draft], sents, text: str, lex: ClaimLexicons) -> None:
    """A claim-less lead sentence naming the claimant, or a later claim-less sentence that refers
    back to the evidence a claim presented, is that claim's context (its hedges count)."""
    claimed = [d.att.sentences for d in drafts]
    for s0, s1 in sents:
        if any(c0 < s1 and s0 < c1 for c0, c1 in claimed):
            continue
        seg = text[s0:s1]
        ids = {actor.id for _, _, actor in lex.registry.mentions(seg)}
        target = None
        nearby = [i for i, d in enumerate(drafts) if d.parent is None and d.resolved and d.resolved.actor
                  and d.resolved.actor.id in ids and abs(d.att.sentences[0] - s1) < 400 and d.att.sentences[0] >= s1]
        if nearby:
            target = nearby[0]
        else:
            for kind, ms, _ in lex.channels.evidence_in(seg):
                if _DEFINITE.search(seg[:ms]):
                    target = _latest_presenting(drafts, len(drafts), kind, before=s0)
                    if target is not None:
                        break
        if target is not None:
            drafts[target].context.append((s0, s1))


def _draft_claims(drafts: list[_Draft], evidence_of: dict[int, list[str]], doc, analysis, sents,
                  lex: ClaimLexicons) -> tuple[list[Claim], list[_Draft], dict[str, tuple]]:
    """The claims of the drafts not folded into another, the drafts kept (aligned with them) and
    claim id -> (resolved name, actor, title, person) for assign_identities."""
    text = doc_text(doc)
    hedges = [h for h in analysis.hedges if getattr(h, "kind", "hedge") != "caveat"]
    dates = list(analysis.dates)
    kept = [i for i, d in enumerate(drafts) if not d.folded]
    ids = {i: f"c{k + 1}" for k, i in enumerate(kept)}
    claims: list[Claim] = []
    resolved_as: dict[str, tuple] = {}
    for i in kept:
        d = drafts[i]
        a = d.att
        s0, s1 = a.sentences
        cue_tok = doc[a.cue_token] if a.cue_token is not None else None
        cue_lemma = cue_tok.lemma_.lower() if cue_tok is not None else None
        evidence = evidence_of[i]
        channel, d.channel_marked = lex.channels.channel(cue_lemma, outside(text[s0:s1], s0, list(a.content)), evidence)
        content_text = " ".join(text[s:e] for s, e in a.content)
        stance = classify(lex.stance, cue_lemma, content_text, doc, [c for c in a.content if text[c[0]] in "“\""])
        claimant = None
        if d.resolved is not None and not d.evidence_source:
            claimant = _claimant_of(d, text)
            resolved_as[ids[i]] = (d.resolved.text, d.resolved.actor, d.resolved.title, d.resolved.person)
        ranges = [(s0, s1), *d.context]
        claim_hedges = []
        for h in hedges:
            if _inside((h.start, h.end), ranges) and not any(x.start == h.start for x in claim_hedges):
                claim_hedges.append(Span(h.text, h.start, h.end))
        claims.append(Claim(
            id=ids[i], claimant=claimant,
            cue=Span(text[a.cue[0]:a.cue[1]], *a.cue) if a.cue else None,
            content=[Span(text[s:e], s, e) for s, e in a.content],
            direct=a.direct, channel=channel, evidence=evidence, stance=stance,
            hedges=sorted(claim_hedges, key=lambda h: h.start), date=_speech_date(dates, sents, a, cue_tok),
            parent=ids[d.parent] if d.parent is not None else None,
        ))
    return claims, [drafts[i] for i in kept], resolved_as


def _claimant_of(d: _Draft, text: str) -> Claimant:
    """The claimant's span is the mention in the attribution's own sentence ("he", "Haidai", "the
    governor"): the name the source phrase holds ("Serhii Haidai, head of …"), else the phrase as
    written, never a name it resolves to elsewhere ("he" stays "he", even when the name stands
    earlier in the same quotation or sentence); who it is goes to its name and identity
    (assign_identities). A relative pronoun ("a commander, who said") shows the noun it stands
    for, which the sentence holds too, through the pronoun ("commander, who"): PolNeAR marks the
    pronoun as the source."""
    a, r = d.att, d.resolved
    s0, s1 = a.sentences
    actor = r.actor
    within = a.source is not None and a.source[0] <= r.start and r.end <= a.source[1]
    relative = a.relative_head is not None and s0 <= r.start and r.end <= s1
    m0, m1 = (r.start, r.end) if a.source is None or within or relative else a.source
    if relative and a.source is not None and r.end <= a.source[0]:
        m1 = a.source[1]
    return Claimant(text=text[m0:m1], start=m0, end=m1,
                    actor=actor.name if actor else None, type=actor.type if actor else "unknown",
                    side=actor.side if actor else None, name=actor.name if actor else r.text)


def _share_speech_acts(claims: list[Claim], drafts: list[_Draft]) -> None:
    """A continuation ("he added", a bare quotation, "went on to say") belongs to the same speech
    act as the claim before it by the same speaker, and so do consecutive claims of one speaker
    whose own sentence names no other channel or date: they take that act's channel and date."""
    for i, d in enumerate(drafts):
        if d.parent is not None:
            continue
        prev = next((j for j in range(i - 1, -1, -1) if drafts[j].parent is None), None)
        if prev is None or drafts[prev].actor_key is None or drafts[prev].actor_key != d.actor_key:
            continue
        c, p = claims[i], claims[prev]
        if p.channel and (d.continuation or not d.channel_marked):
            c.channel = p.channel
            d.channel_marked = drafts[prev].channel_marked
        if c.date is None and p.date is not None:
            c.date = dict(p.date)
        for k in p.evidence if c.evidence == [] and d.att.kind == "quote" else []:
            c.evidence.append(k)


def _evidence_as_source(d: _Draft, doc, text: str, lex: ClaimLexicons) -> list[str]:
    """The evidence types of a source that is a recording, video or document rather than a speaker
    ("audio of allegedly intercepted radio traffic revealing soldiers discussing …"): its head noun
    lies in an evidence cue. Named sources (Maxar) and registry actors speak for themselves."""
    if d.resolved is not None and d.resolved.actor is not None:
        return []
    return _evidence_kinds_of_source(d.att, doc, text, lex)


def _evidence_kinds_of_source(a: Attribution, doc, text: str, lex: ClaimLexicons) -> list[str]:
    """The evidence types named by the head noun of the attribution's source ("the video", "audio of
    intercepted radio traffic"), or none."""
    if a.source is None or a.source_token is None:
        return []
    head = doc[a.source_token]
    if head.pos_ != "NOUN":
        return []
    s0, s1 = a.source
    return [kind for kind, ms, me in lex.channels.evidence_in(text[s0:s1])
            if kind in NON_SPEAKER_EVIDENCE and s0 + ms <= head.idx < s0 + me]


def _fold_evidence_sources(drafts: list[_Draft], evidence_of: dict[int, list[str]]) -> None:
    """A claim whose source is evidence, nested in another claim's content, is that claim's account of
    its evidence: it is folded into the enclosing claim (which gains the evidence type), and claims
    nested in it move up to the enclosing one."""
    for i, d in enumerate(drafts):
        if not d.folded:
            continue
        host = d.parent
        for kind in d.evidence_source + evidence_of[i]:
            if kind not in evidence_of[host]:
                evidence_of[host].append(kind)
        drafts[host].presented.update(d.evidence_source)
        for other in drafts:
            if other.parent == i:
                other.parent = host


def _latest_presenting(drafts: list[_Draft], before_index: int, kind: str, before: int | None = None) -> int | None:
    for j in range(before_index - 1, -1, -1):
        d = drafts[j]
        if before is not None and d.att.span[0] >= before:
            continue
        if d.parent is None and kind in d.presented:
            return j
    return None


def _speech_date(dates, sents, a: Attribution, cue_tok) -> dict[str, str] | None:
    if cue_tok is None:
        return None
    sent = _sentence_of(sents, cue_tok.idx)
    if sent is None:
        return None
    best = None
    for dm in dates:
        if not (sent[0] <= dm.start and dm.end <= sent[1]) or _inside((dm.start, dm.end), a.content):
            continue
        dist = abs(dm.start - cue_tok.idx)
        if best is None or dist < best[0]:
            best = (dist, dm)
    if best is None:
        return None
    return {"value": best[1].value, "precision": best[1].precision}


def _attach_caveats(claims: list[Claim], drafts: list[_Draft], text: str, sents, lex: ClaimLexicons) -> None:
    if not claims:
        return
    for cav in find_caveats(lex.caveats, text, sents):
        target = None
        # a speaker's own reservation inside a quotation stays with that claim
        inner = [i for i, d in enumerate(drafts) if _inside((cav.start, cav.end), d.att.content)]
        if cav.about and not inner:
            # "Reuters could not immediately verify Synyegubov's remarks": his latest claim, or none
            theirs = [i for i, c in enumerate(claims) if c.claimant is not None and drafts[i].att.span[0] < cav.start
                      and any(same_party(who, c.claimant, lex.registry) for who in cav.about)]
            if theirs:
                claims[theirs[-1]].caveats.append(Caveat(kind=cav.kind, text=cav.text, start=cav.start, end=cav.end,
                                                         party=None))
            continue
        if inner:
            target = min(inner, key=lambda i: sum(e - s for s, e in drafts[i].att.content))
        if target is None:
            # "the recording" names its evidence; "its authenticity" refers to whatever evidence was presented last
            kinds = cav.refers_to or (tuple({k for d in drafts for k in d.presented})
                                      if cav.kind == "authenticity_unverified" else ())
            for kind in kinds:
                j = _latest_presenting(drafts, len(drafts), kind, before=cav.start)
                if j is not None and (target is None or j > target):
                    target = j
        if target is None:
            starts = [i for i, d in enumerate(drafts) if d.parent is None and d.att.span[0] < cav.start]
            target = starts[-1] if starts else None
        if target is None:
            continue
        party = None
        if cav.party_text:
            actor = lex.registry.match(cav.party_text)
            party = actor.name if actor else re.sub(r"^(?:the)\s+", "", cav.party_text, flags=re.I)
        claims[target].caveats.append(Caveat(kind=cav.kind, text=cav.text, start=cav.start, end=cav.end, party=party))


@dataclass(frozen=True)
class ClaimsConfig:
    # use the attribution tagger when models.attribution_tagger names one (it is off there by default)
    tagger: bool = True


@component("claims", config=ClaimsConfig, requires=("hedges", "dates"), assigns=("claims",))
def claims_component(resources, config: ClaimsConfig):
    lex = resources.get("claims.lexicons", build_lexicons)
    tagger = resources.get("attribution.tagger", lambda: load_tagger(resources.model("attribution_tagger", "off"),
                                                                     resources.model("embeddings"))) \
        if config.tagger else None
    scorer = resources.get("attribution.cue_scorer", lambda: load_cue_scorer(resources.model("cue_scorer")))
    proposer = resources.get("attribution.cue_proposer", lambda: load_cue_proposer(resources.model("cue_proposer")))

    def run(ctx: AnalysisContext) -> None:
        if ctx.doc is not None:
            ctx.analysis.claims = build_claims(ctx.doc, ctx.analysis, lex, tagger, scorer, proposer)
        elif ctx.document.language in SLAVIC:  # Russian and Ukrainian: attribution/slavic.py
            ctx.analysis.claims = slavic_claims(slavic_sentences(ctx), ctx.document.text, ctx.document.language,
                                                ctx.analysis, lex.registry)
        if ctx.document.kind in RECORDED_SPEECH_KINDS:  # a recording's words, parsed (English) or not
            ctx.analysis.claims += recorded_speech_claims(
                ctx.document.text, sentence_spans(ctx.document.text, ctx.doc), ctx.analysis.claims,
                ctx.document.published, lex.registry,
                lambda text, spans: classify(lex.stance, None, text, ctx.doc, spans))

    return run
