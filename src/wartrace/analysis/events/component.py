"""The events component: detect, type and build a document's events.

Detection: a sentence with a lexical trigger (data/events/triggers.yaml) is a candidate; all
candidates of a batch are embedded in one call and typed by the classifier of event_model.py
(25 ACLED sub-event types + "not an event"), after the gate (event_gate.py) turns away units
that report no ACLED event. The classifier's best type gives the sentence's main event; an
unambiguous ("strong") trigger of another type adds its own event. Arguments are read off the
parse around the trigger (participants.py, modality.py, counts.py, where.py, when.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from wartrace.analysis.actors import load_actors
from wartrace.analysis.dates import as_date, bounds, is_stamp
from wartrace.analysis.event_gate import load_gate
from wartrace.analysis.event_merge import Placed, merge_happenings
from wartrace.analysis.event_model import TriggerHit, embed, featurize, load_classifier, taxonomy, trigger_lexicon
from wartrace.analysis.event_typing import cue_features, first_sentence, lemma_terms, tfidf, typing_features
from wartrace.analysis.events.counts import counts
from wartrace.analysis.events.lexicon import lexicon
from wartrace.analysis.events.modality import is_negated, is_order, is_rhetoric, modality_of, recalled
from wartrace.analysis.events.participants import (
    Mention,
    agent_class,
    group_mentions,
    order_giver,
    orderer,
    pick_actors,
)
from wartrace.analysis.events.when import pick_date
from wartrace.analysis.events.where import pick_place
from wartrace.analysis.events_slavic import slavic_events
from wartrace.analysis.genres import idiom_in_genre
from wartrace.analysis.ihl import EventFacts, indicators
from wartrace.analysis.registry import component
from wartrace.analysis.slavic_text import SLAVIC, slavic_sentences
from wartrace.config import load_yaml
from wartrace.model import Event, Span, statements

VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
WRITTEN_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")
# a date modifies the trigger when the trigger governs it through these links, never across a clause of its own
CLAUSE_LINKS = {"relcl", "ccomp", "advcl", "parataxis", "csubj"}


@dataclass
class Draft:
    code: str
    hit: TriggerHit
    tok: Any
    sent: Any
    confidence: float
    event: Event | None = None
    victim: str | None = None


def _act_words(tok) -> list:
    """Where IHL rules look for the act: the trigger, its own dependents and the word governing
    it ("order to kill", "take hostages"), not the rest of a long sentence."""
    out = [tok, *(c for c in tok.children if c.dep_ not in ("conj", "cc", "relcl", "appos", "advcl", "punct"))]
    if tok.head.i != tok.i and tok.dep_ in ("xcomp", "acl", "dobj", "pobj", "compound", "amod"):
        out.append(tok.head)
    return sorted(out, key=lambda t: t.i)


def _claims_for(claims, hit_start: int, sent) -> list:
    out = []
    for c in claims:
        spans = [(s.start, s.end) for s in c.content]
        if any(s <= hit_start < e for s, e in spans):
            out.append(c)
        elif any(max(s, sent.start_char) < min(e, sent.end_char) for s, e in spans) and c.cue is not None \
                and sent.start_char <= c.cue.start < sent.end_char:
            out.append(c)
    return out


def _main_hit(hits: list[TriggerHit], code: str) -> TriggerHit | None:
    order = {"strong": 0, "trigger": 1}
    own = [h for h in hits if h.code == code and h.kind in order]
    if own:
        return min(own, key=lambda h: (order[h.kind], h.start))
    return None


def _same_type_hit(hits: list[TriggerHit], code: str, classes: dict) -> TriggerHit | None:
    """With no trigger of the predicted sub-type, the first trigger of its event type: "killed …
    by guided aerial bomb attacks" typed an air strike is anchored on "bomb" (a shelling word), not
    on an earlier "heavy fighting" of another type, whose sentence holds neither the place nor the
    dead."""
    event_type = classes[code].event_type if code in classes else None
    same = [h for h in hits if h.kind in ("strong", "trigger") and h.code in classes
            and classes[h.code].event_type == event_type]
    return min(same, key=lambda h: h.start) if same else None


def _anchor(unit, hits: list[TriggerHit], code: str) -> TriggerHit:
    """Where an event typed without a trigger word is anchored: a word of its class (a weapon,
    a cue), else the main verb of the unit's first sentence."""
    own = [h for h in hits if h.code == code]
    if own:
        h = min(own, key=lambda h: h.start)
        return TriggerHit(code, "classifier", h.start, h.end, h.text)
    root = next(iter(unit.sents)).root
    return TriggerHit(code, "classifier", root.i, root.i + 1, root.text)


def _excluded_spans(analysis) -> list[tuple[int, int]]:
    """Claimants are the sources of a report, not parties to the event."""
    return [(c.claimant.start, c.claimant.end) for c in statements(analysis.claims) if c.claimant is not None]


def _doc_country(analysis) -> str | None:
    lex = lexicon()
    counts_: dict[str, int] = {}
    for p in analysis.places:
        if p.country:
            counts_[p.country] = counts_.get(p.country, 0) + 1
    if not counts_:
        return None
    return lex.iso_names.get(max(counts_, key=counts_.get))


@dataclass(frozen=True)
class EventsConfig:
    min_confidence: float = 0.02  # the classifier's floor for a short document read whole
    # a sentence of a long text (policy statements, commentary) needs more than a whole short
    # report: below this the classifier's pick is mostly noise on war news (judged by reading
    # samples of war_news_2022_2024, not measured against labels)
    min_confidence_sentence: float = 0.1
    max_none_probability: float = 0.5  # above this the unit reports no event
    # a document this short (tokens and sentences) is one report, read whole
    short_document_tokens: int = 160
    short_document_sentences: int = 4
    # a sentence typed unsurely as something it has no word for takes the likeliest class it has words for
    prefer_supported_type: bool = True
    # the product's threshold on the gate's P(event) (None: the gate's own, chosen by its cross-validation when it
    # was built; 0 turns the gate off). 0.50, 0.03 above the shipped gate's 0.47, was chosen together with the
    # context and place margins below on the gate's tuning thirds, out of fold (python -m
    # wartrace.training.gate_tuning): the margins let the sentences of a report of violence through, the higher
    # threshold turns away more of the rest
    gate_threshold: float | None = 0.50
    gate: str | None = None  # None: models.event_gate; "off" types every unit; or a folder
    # a sentence of a longer text whose trigger is dated by a written past year ("In 2014, Russia annexed
    # Crimea", "the Taliban, who seized power in August 2021") names a specific happening, which the labels
    # count as an event (background mentions included, data/events/gate_labels.yaml); the gate reads it as
    # commentary. Such a unit passes at the gate's threshold less this margin. Chosen on the gate's tuning
    # thirds, out of fold (python -m wartrace.training.gate_tuning): 0.25 and 0.3 tie, the smaller is kept.
    year_dated_margin: float = 0.25
    # the article around a sentence: in a document where the gate is sure of another sentence (P(event) at least
    # context_p) a sentence of that document reporting a strike, a capture or a killing in passing is most often
    # an event too (a background mention or a tally, which the labels count), and it passes at the threshold
    # less context_margin; a sentence that names a place (the places component's) passes place_margin lower.
    # The margins add up with year_dated_margin. All three chosen on the gate's tuning thirds, out of fold, in
    # one grid (context_p 0.9/0.95/0.98, context_margin 0-0.25, place_margin 0-0.1, the threshold 0.44/0.47/0.50):
    # non-event P 0.893 -> 0.905, R 0.902 -> 0.905; chosen on four folds and scored on the fifth, 0.900/0.905
    context_p: float = 0.95
    context_margin: float = 0.25
    place_margin: float = 0.05


# events also link each claim to the events it reports (claims.events)
@component("events", config=EventsConfig, requires=("places", "dates", "hedges", "claims", "genres"),
           assigns=("events", "claims.events"))
def make_events(resources, config: EventsConfig):
    return EventsComponent(resources, config)


class EventsComponent:
    """Find trigger units, gate them, type them with the classifier and build the events."""

    def __init__(self, resources, config: EventsConfig):
        self.resources = resources
        self.config = config
        self.gate_choice = config.gate if config.gate is not None else resources.model("event_gate")
        self.tax = taxonomy()
        self.lex_t = trigger_lexicon()
        self.decisions = set(load_yaml("events/arguments.yaml").get("orders_decided") or ())

    def classifier(self):
        return self.resources.get("event_classifier",
                                  lambda: load_classifier(self.resources.model("event_classifier")))

    def gate(self):
        return self.resources.get(f"event_gate:{self.gate_choice}", lambda: load_gate(self.gate_choice))

    def order_passes(self, doc, hit: TriggerHit) -> bool:
        """An order of violence passes the gate (an ordered killing or blockade is what an investigator
        records); an ordered arrest, mobilisation or ceasefire (data/events/arguments.yaml orders_decided)
        is a decision, which the gate reads like any other sentence."""
        return hit.kind in ("trigger", "strong") and hit.code not in self.decisions and \
            is_order(doc[hit.start:hit.end].root)

    def retype(self, code: str, tok, hits) -> str:
        if code in self.lex_t.agent_retypes:
            agent = agent_class(tok, hits, self.lex_t.agent_retypes)
            if agent:
                return agent
        return code

    def units_of(self, doc, hits: list[TriggerHit]) -> list[tuple[Any, list[TriggerHit]]]:
        """What the classifier reads. A short document (a headline and lede, a feed item, a
        snippet) is one report of one event: it is read whole, trigger or not. In a longer one each
        sentence with a trigger is read on its own; sentences with none are skipped, which is what
        keeps the embedding cost to a fraction of the parse."""
        sents = list(doc.sents)
        if len(doc) <= self.config.short_document_tokens and len(sents) <= self.config.short_document_sentences:
            return [(doc[:], hits)]
        out = []
        for sent in sents:
            sh = [h for h in hits if sent.start <= h.start < sent.end]
            if any(h.kind in ("trigger", "strong") and not is_negated(doc[h.start:h.end].root) for h in sh):
                out.append((sent, sh))
        return out

    def units_in(self, ctx) -> list[tuple[Any, list[TriggerHit]]]:
        doc = ctx.doc
        if doc is None or len(doc) == 0:
            return []  # no English parse: Russian/Ukrainian events come from events_slavic (pipe, below)
        hits = self.lex_t.find(doc)
        if ctx.analysis.genres:
            # a trigger that is an idiom of the non-war genre its sentence is read as ("struck in the 68th
            # minute"; analysis/genres.py) makes no event; a short document left with no trigger, or read
            # whole as that genre, is no report of violence
            kept = [h for h in hits if h.kind not in ("trigger", "strong") or not idiom_in_genre(
                ctx.analysis, doc[h.start].idx, " ".join(t.lemma_.lower() for t in doc[h.start:h.end]))]
            triggers = [h for h in kept if h.kind in ("trigger", "strong")]
            if not triggers and (len(kept) < len(hits) or all(
                    any(p.start <= s.start_char < p.end for p in ctx.analysis.genres) for s in doc.sents)):
                return []
            hits = kept
        return self.units_of(doc, hits)

    def pipe(self, ctxs) -> None:
        """Every unit of the batch embedded in one call: over many sentences the encoder uses both
        cores and pads less, about twice as fast as one call per document (measured: 6.5 s against
        13.0 s for 513 sentences of 110 war_news_2022_2024 articles)."""
        for ctx in ctxs:
            if ctx.doc is None and ctx.document.language in SLAVIC:  # Russian and Ukrainian: events_slavic.py
                ctx.analysis.events = slavic_events(slavic_sentences(ctx), ctx.document.text, ctx.document.language,
                                                    ctx.analysis, load_actors(),
                                                    transcript=ctx.document.kind == "transcript")
        per_doc = [self.units_in(ctx) for ctx in ctxs]
        units = [u for doc_units in per_doc for u, _ in doc_units]
        if not units:
            return
        # the typing features read the first sentence's embedding too: embedded in the same call,
        # and only where it is not the whole unit (most units are one sentence)
        firsts = [first_sentence(u) for u in units]
        extra = [f.text for u, f in zip(units, firsts) if (f.start, f.end) != (u.start, u.end)]
        embedded = embed(self.resources.embedder, [u.text for u in units] + extra)
        embeddings, extra_emb = embedded[:len(units)], iter(embedded[len(units):])
        first_emb = np.stack([e if (f.start, f.end) == (u.start, u.end) else next(extra_emb)
                              for u, f, e in zip(units, firsts, embeddings)])
        k = 0
        for ctx, doc_units in zip(ctxs, per_doc):
            if doc_units:
                n = len(doc_units)
                self.classify(ctx, doc_units, embeddings[k:k + n], first_emb[k:k + n], firsts[k:k + n])
            k += len(doc_units)

    def __call__(self, ctx) -> None:
        self.pipe([ctx])

    def classify(self, ctx, units, embeddings, first_embeddings, firsts) -> None:
        doc = ctx.doc
        clf = self.classifier()
        trig = np.stack([self.lex_t.features(sh) for _, sh in units])
        X = featurize(embeddings, trig)  # what the gate reads
        cues = np.stack([cue_features(u, f) for (u, _), f in zip(units, firsts)])
        bags = np.stack([tfidf(lemma_terms(u), clf.vocabulary, clf.idf) for u, _ in units])
        P = clf.predict_proba(typing_features(embeddings, first_embeddings, trig, cues, bags))
        g = self.gate()
        # the "no ACLED event" decision comes before typing: a unit the gate turns away gives no event
        in_longer = np.array([not (u.start == 0 and u.end == len(doc)) for u, _ in units])
        if g is not None:
            threshold = g.threshold if self.config.gate_threshold is None else self.config.gate_threshold
            p_event = g.p_event(X, in_longer, g.bags([u for u, _ in units]))
            passed = p_event >= threshold - self.margins(ctx, units, in_longer, p_event)
        else:
            passed = np.ones(len(units), dtype=bool)
        drafts: list[Draft] = []
        for (unit, sh), p, ok in zip(units, P, passed):
            if not ok and not any(self.order_passes(doc, h) for h in sh):
                continue
            drafts += self.unit_drafts(doc, unit, sh, p, clf.classes, gated=g is not None,
                                       whole=len(units) == 1 and unit.start == 0 and unit.end == len(doc))
        build_events(ctx, drafts)

    def margins(self, ctx, units, in_longer: np.ndarray, p_event: np.ndarray) -> np.ndarray:
        """How much below the gate's threshold each unit passes (EventsConfig): a sentence of a longer text
        whose trigger is dated by a written past year, whose document holds another unit the gate is sure of,
        or that names a place. A short document read whole is one unit and has none."""
        config = self.config
        places = [p.start for p in ctx.analysis.places]
        out = np.zeros(len(units), dtype=np.float64)
        for k, ((unit, sh), longer) in enumerate(zip(units, in_longer)):
            if not longer:
                continue
            others = np.delete(p_event, k)
            out[k] = (config.year_dated_margin * year_dated(ctx, unit, sh)
                      + config.context_margin * bool(len(others) and others.max() >= config.context_p)
                      + config.place_margin * any(unit.start_char <= s < unit.end_char for s in places))
        return out

    def unit_drafts(self, doc, unit, sh, p, classes, gated: bool, whole: bool) -> list[Draft]:
        """The events one unit gives: the classifier's type on the main trigger, and each strong
        trigger's own type when the classifier did not already give it."""
        config, tax = self.config, self.tax
        none_i = classes.index(tax["none"]) if tax["none"] in classes else None
        p_none = float(p[none_i]) if none_i is not None else 0.0
        ranked = sorted(((float(p[i]), c) for i, c in enumerate(classes) if c != tax["none"]), reverse=True)
        probs = {c: pp for pp, c in ranked}
        cands = [h for h in sh if h.kind in ("trigger", "strong") and not is_negated(doc[h.start:h.end].root)]
        if any(h.kind in ("trigger", "strong") for h in sh) and not cands:
            return []  # every trigger negated
        drafts: list[Draft] = []
        emitted: set[str] = set()
        top_p, top = ranked[0]
        support = {h.code for h in sh if h.kind != "cue"}
        if config.prefer_supported_type and not whole and support and top not in support and top_p < 0.5:
            # a sentence read for its trigger, typed unsurely as something it has no word for:
            # take the likeliest class it has words for (a trigger, or the weapon that did it).
            # Not for a short document read whole: there, cross-validation on train.tsv showed
            # this costs 5 points of weighted F1 (0.773 -> 0.718), the classifier reads it better.
            top = max(support, key=lambda c: probs.get(c, 0.0))
            top_p = probs.get(top, 0.0)
        floor = config.min_confidence if whole else config.min_confidence_sentence
        # with the gate on, whether there is an event is its decision; the classifier only types it
        if gated or (p_none < config.max_none_probability and top_p >= floor):
            hit = (_main_hit(cands, top) or _same_type_hit(cands, top, tax["classes"])
                   or (min(cands, key=lambda h: h.start) if cands else _anchor(unit, sh, top)))
            tok = doc[hit.start:hit.end].root
            code = self.retype(top, tok, sh)
            drafts.append(Draft(code, hit, tok, tok.sent, top_p))
            emitted.add(code)
        for h in sorted((h for h in cands if h.kind == "strong"), key=lambda h: h.start):
            tok = doc[h.start:h.end].root
            code = self.retype(h.code, tok, sh)
            conf = max(probs.get(code, 0.0), probs.get(h.code, 0.0))
            if code in emitted or h.code in emitted or (not whole and conf < config.min_confidence_sentence):
                continue
            drafts.append(Draft(code, h, tok, tok.sent, conf))
            emitted.add(code)
        return drafts


def _starts_by(value: str, day: date) -> bool:
    try:
        return bounds(value)[0] <= day
    except ValueError:
        return False


def year_dated(ctx, unit, hits: list[TriggerHit]) -> bool:
    """Whether a trigger of the unit is dated by a written year no later than the publication: a date
    mention (the dates component's, not a page stamp) holding a year, which the trigger governs within
    four links without crossing into a clause of its own ("In 2014, Russia annexed Crimea"; not "Medvedev,
    who served as president from 2008 to 2012, has struck a bellicose tone")."""
    doc, text = ctx.doc, ctx.analysis.document.text
    published = as_date(ctx.analysis.document.published)
    dates = [d for d in ctx.analysis.dates if unit.start_char <= d.start < unit.end_char
             and WRITTEN_YEAR.search(d.text) and not is_stamp(text, d.start)]
    if published is not None:
        dates = [d for d in dates if _starts_by(d.value, published)]
    if not dates:
        return False
    triggers = {i for h in hits if h.kind in ("trigger", "strong") and not is_negated(doc[h.start:h.end].root)
                for i in range(h.start, h.end)}
    for d in dates:
        for tok in (t for t in unit if d.start <= t.idx < d.end):
            for _ in range(4):
                if tok.head.i == tok.i or tok.dep_ in CLAUSE_LINKS:
                    break
                tok = tok.head
                if tok.i in triggers:
                    return True
    return False


def build_events(ctx, drafts: list[Draft]) -> None:
    doc, an = ctx.doc, ctx.analysis
    tax = taxonomy()
    lex = lexicon()
    excluded = _excluded_spans(an)
    doc_country = _doc_country(an)
    hedge_spans = [(h.start, h.end) for h in an.hedges] + [(s.start, s.end) for c in an.claims for s in c.hedges]
    mentions_cache: dict[int, list[Mention]] = {}
    counted: set[int] = set()
    sentence_index = {sent.start: k for k, sent in enumerate(doc.sents)}
    events: list[Placed] = []
    for d in sorted(drafts, key=lambda d: (d.hit.start, d.code)):
        cls = tax["classes"][d.code]
        sent = d.sent
        if sent.start not in mentions_cache:
            mentions_cache[sent.start] = group_mentions(sent, lex, excluded)
        mentions = mentions_cache[sent.start]
        claims = _claims_for(statements(an.claims), doc[d.hit.start].idx, sent)
        place = pick_place(d.tok, sent, an.places, mentions, claims, excluded, an.document.text)
        place_country = lex.iso_names.get(place.country) if place is not None and place.country else None
        a1, a2, victim = pick_actors(d.tok, mentions, cls.event_type, place_country, doc_country, claims)
        modality = modality_of(d.tok, sent, hedge_spans)
        if modality in ("ordered", "threatened") and a1 is None:
            a1 = order_giver(d.tok, mentions, lex) or orderer(claims)
        fat = inj = None
        if cls.event_type in VIOLENT_TYPES and modality in ("happened", "alleged") and sent.start not in counted:
            fat, inj = counts(sent)
            counted.add(sent.start)
        trigger_span = doc[d.hit.start:d.hit.end]
        facts = EventFacts(sub_event_type=cls.sub_event_type, modality=modality, victim_kind=victim,
                           perpetrator=a1 is not None, clause=sorted({t.i: t for t in [*_act_words(d.tok), *trigger_span]}.values(), key=lambda t: t.i),
                           sentence=list(sent), trigger=(trigger_span.start_char, trigger_span.end_char),
                           rhetoric=is_rhetoric(d.tok, sent, claims))
        ev = Event(id="", event_type=cls.event_type, sub_event_type=cls.sub_event_type, modality=modality,
                   trigger=Span(trigger_span.text, trigger_span.start_char, trigger_span.end_char),
                   confidence=round(float(d.confidence), 3),
                   date=pick_date(d.tok, sent, an.dates, claims, an.document.published, recalled(d.tok)),
                   place=place, actor1=a1, actor2=a2, fatalities=fat, injuries=inj,
                   ihl=indicators(facts), claims=[c.id for c in claims])
        ev.mentions = [ev.trigger]
        events.append(Placed(ev, sentence_index.get(sent.start, 0)))
    events = merge_happenings(events)
    for k, ev in enumerate(events, 1):
        ev.id = f"e{k}"
    an.events = events
    by_id = {c.id: c for c in an.claims}
    for ev in events:
        for cid in ev.claims:
            c = by_id.get(cid)
            if c is not None and ev.id not in c.events:
                c.events.append(ev.id)

