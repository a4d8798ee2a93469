"""Merge the trained tagger's spans with the parse rules' attributions.

The rules know the structure (which source goes with which cue, nesting, quotations that run on,
"according to") and keep their attributions as they are; the tagger adds the attributions whose
cue the rules did not find (PolNeAR's long tail: "reserved his sharpest words for", "questions
about"), each with the nearest tagged source and content in its sentence (or the content that
ends right before it: "“…,” he said").

Two other ways were measured on held-out PolNeAR train articles and lost (source overlap +
content overlap + cue exact F1, 3 epochs): taking the tagger's edges for the rules' attributions
and dropping their weak cues the tagger did not confirm (2.135), and keeping the rules' edges
but dropping those weak cues (2.209), against 2.225 for this one. The first also broke the
seed's golden claims, whose contents the tagger cuts differently.

A built tagger's meta may also say `orphans: true`: the tagged spans no attribution took are then
kept as partial attributions (a content without cue, a source alone), shown for review but never
ledger claims. Chosen on the same held-out articles: 2.236 with them against 2.224 without.
"""
from __future__ import annotations

from wartrace.analysis.attribution.syntax import (
    Attribution,
    Offsets,
    doc_text,
    nest_attributions,
    sentence_index,
    sentence_range,
)
from wartrace.analysis.attribution_tagger import TaggedSpans


def _overlaps(a: Offsets, b: Offsets) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _gap(a: Offsets, b: Offsets) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def _head_token(doc, span: Offsets) -> int | None:
    """The token a cue hangs on: its first verb, else its last word."""
    toks = doc.char_span(span[0], span[1], alignment_mode="expand")
    if toks is None or not len(toks):
        return None
    verbs = [t for t in toks if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass", "neg")]
    return (verbs[0] if verbs else toks[-1]).i


def _token_at(doc, span: Offsets) -> int | None:
    toks = doc.char_span(span[0], span[1], alignment_mode="expand")
    if toks is None or not len(toks):
        return None
    return toks.root.i


def _new_attribution(cue: Offsets, tagged: TaggedSpans, taken_sources: set[Offsets], doc, text: str) -> Attribution | None:
    sents = sentence_index(doc)
    sent = sents.by_char(cue[0]) or (0, len(text))
    # content: after the cue in its sentence or the next, or ending just before it ("“…,” he said")
    after = [c for c in tagged.content if c[0] >= cue[1] and _gap(cue, c) <= 40]
    before = [c for c in tagged.content if c[1] <= cue[0] and _gap(c, cue) <= 12]
    content = min(after, key=lambda c: c[0], default=None) or max(before, key=lambda c: c[1], default=None)
    if content is None:
        return None
    lo, hi = min(sent[0], content[0], cue[0]), max(sent[1], content[1])
    sources = [s for s in tagged.source if lo <= s[0] and s[1] <= hi and not _overlaps(s, content)]
    source = min(sources, key=lambda s: (s in taken_sources, _gap(s, cue)), default=None)
    direct = text[content[0]:content[0] + 1] in "\"“'‘"
    src_tok = _token_at(doc, source) if source else None
    return Attribution(source=source, cue=cue, content=[content], direct=direct, kind="tagger",
                       cue_token=_head_token(doc, cue), source_token=src_tok,
                       sentences=sentence_range(doc, source, cue, content))


def _orphans(doc, out: list[Attribution], tagged: TaggedSpans, text: str) -> list[Attribution]:
    """Tagged spans that no attribution took, kept as partial attributions: a content with no
    cue found ("the official line: …"), a source or a cue alone. They are no claims (the ledger
    takes a tagger attribution only with a speech verb as cue and a content), but an investigator
    reviewing attributions sees what the model found rather than losing it."""
    contents = [c for a in out for c in a.content]
    sources = [a.source for a in out if a.source]
    cues = [a.cue for a in out if a.cue]
    new: list[Attribution] = []

    def add(source, cue, content) -> None:
        direct = bool(content) and text[content[0][0]:content[0][0] + 1] in "\"“'‘"
        new.append(Attribution(source=source, cue=cue, content=content, direct=direct, kind="tagger",
                               cue_token=_head_token(doc, cue) if cue else None,
                               source_token=_token_at(doc, source) if source else None,
                               sentences=sentence_range(doc, source, cue, *content)))

    for c in tagged.content:
        if not any(_overlaps(c, x) for x in contents):
            add(None, None, [c])
            contents.append(c)
    for src in tagged.source:
        if not any(_overlaps(src, x) for x in sources + contents):
            add(src, None, [])
    for cue in tagged.cue:
        if not any(_overlaps(cue, x) for x in cues + contents):
            add(None, cue, [])
    return new


def merge(doc, rule_atts: list[Attribution], tagged: TaggedSpans, orphans: bool = False) -> list[Attribution]:
    text = doc_text(doc)
    out = list(rule_atts)
    for att in out:
        att.parent, att.children = None, []
    taken = {a.source for a in out if a.source}
    for cue in tagged.cue:
        if any(a.cue and _overlaps(a.cue, cue) for a in out):
            continue
        att = _new_attribution(cue, tagged, taken, doc, text)
        if att is None or any(c2 == c for a in out for c in a.content for c2 in att.content):
            continue  # no content, or the content of an attribution already found under a second cue
        out.append(att)
        if att.source:
            taken.add(att.source)
    if orphans:
        out += _orphans(doc, out, tagged, text)
    out.sort(key=lambda a: a.span[0])
    nest_attributions(out)
    return out
