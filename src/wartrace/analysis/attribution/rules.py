"""The document-level pass: every attribution of a parse, from the verb rules (syntax.py), passives
and participles whose subject is the content (themes.py), confident cue verbs neither found a
structure for (bare.py), the special forms (forms.py), quotations nobody introduced, and optionally
the trained tagger (merge.py)."""
from __future__ import annotations

import re

from wartrace.analysis import cue_scorer
from wartrace.analysis.attribution import bare, themes
from wartrace.analysis.attribution.forms import according_to, colon_attribution, merge_vehicles
from wartrace.analysis.attribution.merge import merge
from wartrace.analysis.attribution.nominal import nominal_attribution
from wartrace.analysis.attribution.syntax import (
    Attribution,
    CueLexicon,
    doc_text,
    load_cue_lexicon,
    nest_attributions,
    quotations_of,
    sentence_range,
    verb_attribution,
    verb_verdict,
)

CONFIGURED = object()  # scorer=CONFIGURED: the shipped cue scorer (the claims component passes its Resources' choice)


def find_attributions(doc, lexicon: CueLexicon | None = None, tagger=None, scorer=CONFIGURED,
                      proposer=None) -> list[Attribution]:
    """Attributions from the parse rules, merged with the trained tagger's spans when one is given
    (merge.py says how). `scorer` (default: the shipped cue scorer) also
    takes the verbs it scores as cues; those only it took have `by_rules` False. `proposer`
    (analysis/nominal_cues.py) adds the cues that are no verb it accepts (kind "nominal")."""
    lex = lexicon or load_cue_lexicon()
    if scorer is CONFIGURED:
        scorer = cue_scorer.load_cue_scorer("default")
    quotes = quotations_of(doc)
    out: list[Attribution] = []
    used_quotes: set[int] = set()
    for tok in doc:
        if tok.lower_ == "according":
            att = according_to(tok, doc)
            if att:
                att.sentences = sentence_range(doc, att.cue, *att.content)
                out.append(att)
            continue
        if tok.text == ":" and tok.i > 0:
            att = colon_attribution(tok, doc)
            if att:
                att.sentences = sentence_range(doc, att.source, *att.content)
                out.append(att)
            continue
        if proposer is not None and tok.pos_ in ("NOUN", "AUX") and proposer.accepts(tok, quotes):
            att = nominal_attribution(tok, doc, quotes)
            if att is not None:
                out.append(att)
            continue
        if tok.pos_ != "VERB" or (scorer is None and tok.lemma_.lower() not in lex.verbs):
            continue
        if tok.dep_ in ("amod", "compound"):
            continue  # "the alleged order", "intercepted audio": modifiers, not speech acts
        att = verb_attribution(tok, doc, quotes, lex, scorer)
        if att is None and scorer is not None:
            att = _structureless(tok, doc, quotes, lex, scorer, out)
        if att is None:
            continue
        out.append(att)
        for qj, (s, e) in enumerate(quotes.spans):
            if any(c[0] <= s and e <= c[1] for c in att.content):
                used_quotes.add(qj)
    out = merge_vehicles(out, doc, lex)
    # quotations nobody introduced: one that goes on right after a quoted speaker's cue in the same
    # paragraph ("“…,” Espinoza said. “…”") continues that quotation; others are left for the
    # claims layer to give to the last speaker
    out.sort(key=lambda a: a.span[0])
    text = doc_text(doc)
    for qi, (s, e) in enumerate(quotes.spans):
        if qi in used_quotes or any(c[0] < e and s < c[1] for a in out for c in a.content):
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or sum(1 for t in span if t.is_alpha) < 4:
            continue  # a scare quote or a title, not speech
        prev = max((a for a in out if a.span[1] <= s), key=lambda a: a.span[1], default=None)
        if prev is not None and prev.direct and prev.kind == "verb" and "\n" not in text[prev.span[1]:s] \
                and re.fullmatch(r"[\s.,;:]*", text[prev.span[1]:s]):
            prev.content.append((s, e))
            prev.sentences = sentence_range(doc, prev.sentences, (s, e))
            continue
        out.append(Attribution(source=None, cue=None, content=[(s, e)], direct=True, kind="quote",
                               sentences=sentence_range(doc, (s, e))))
    out.sort(key=lambda a: a.span[0])
    if tagger is not None:
        return merge(doc, out, tagger.tag(text), orphans=bool(getattr(tagger, "meta", {}).get("orphans", False)))
    nest_attributions(out)
    return out


def _structureless(tok, doc, quotes, lex: CueLexicon, scorer, found: list[Attribution]) -> Attribution | None:
    """A verb the cue scorer is confident of, among whose dependents the verb rules found no speaker
    and content: a passive or participle whose subject (or noun) is the content ("X was identified as
    …", "contests known as …"; themes.py, from themes.MIN_PROB), else its bare complements or the clause
    before it (bare.py, from bare.MIN_PROB). Each module's MIN_PROB says how confident, and why."""
    prob = scorer.prob(tok, quotes, lex)
    if prob < min(themes.MIN_PROB, bare.MIN_PROB):
        return None
    by_rules, scored = verb_verdict(tok, doc, quotes, lex, scorer)  # once for both
    att = themes.theme_attribution(tok, doc, quotes, lex, by_rules, scored) if prob >= themes.MIN_PROB else None
    # a verb already inside another cue ("is convinced that", the cue proposer's) is none of its own
    if att is None and prob >= bare.MIN_PROB and not any(a.cue and a.cue[0] <= tok.idx < a.cue[1] for a in found):
        att = bare.bare_attribution(tok, doc, by_rules, scored, lex.curated)
    return att
