"""Merge the trained tagger's spans with the parse rules' attributions.

The rules know the structure (which source goes with which cue, nesting, quotations that run on,
"according to"); the tagger knows which words annotators call a cue and where spans end. So:
- a rule attribution whose cue the tagger also found takes the tagger's edges for its cue, and
  for its source and content where the tagger found overlapping ones;
- a cue only the tagger found becomes an attribution of its own, with the nearest tagged source
  and content in its sentence (or the content that ends right before it: "“…,” he said");
- a rule attribution whose cue the tagger did not find is kept only when its cue is a speech
  verb (say, tell, tweet, …): the claims the ledger is about are never lost to the tagger's
  misses, while the rules' weaker cues (beliefs, evaluations) need the tagger's agreement.
Cue-less quotations from the rules pass through unchanged.
"""
from __future__ import annotations

from wartrace.analysis.attribution import Attribution, Offsets, _nest, _sentence_range, sentence_index
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


def _refine(att: Attribution, cue: Offsets, tagged: TaggedSpans, doc) -> None:
    att.cue = cue
    if att.source is not None:
        src = [s for s in tagged.source if _overlaps(s, att.source)]
        if len(src) == 1:
            att.source = src[0]
    content = sorted({c for part in att.content for c in tagged.content if _overlaps(c, part)})
    if content and not any(_overlaps(c, att.cue) for c in content):
        att.content = content
    att.sentences = _sentence_range(doc, att.source, att.cue, *att.content)


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
                       sentences=_sentence_range(doc, source, cue, content))


def merge(doc, rule_atts: list[Attribution], tagged: TaggedSpans, speech_verbs: frozenset[str],
          prefer: str = "tagger") -> list[Attribution]:
    """`prefer="tagger"`: rule attributions take the tagger's edges and need its agreement unless
    their cue is a speech verb. `prefer="rules"`: rule attributions stay as they are and the
    tagger only adds the attributions whose cue the rules did not find. Which one is used is
    chosen on held-out train articles when the tagger is built (meta.json "merge")."""
    from wartrace.analysis.attribution import doc_text

    text = doc_text(doc)
    out: list[Attribution] = []
    matched: set[int] = set()
    for att in rule_atts:
        att.parent, att.children = None, []
        if att.cue is None or prefer == "rules":
            out.append(att)
            continue
        hits = [c for c in tagged.cue if _overlaps(c, att.cue)]
        if hits:
            cue = min(hits, key=lambda c: abs(c[0] - att.cue[0]))
            if tagged.cue.index(cue) in matched:
                continue  # two rule cues inside one tagged cue: "said and added" counted once
            matched.add(tagged.cue.index(cue))
            _refine(att, cue, tagged, doc)
            out.append(att)
        elif att.kind == "according_to" or (att.cue_token is not None and doc[att.cue_token].lemma_.lower() in speech_verbs):
            out.append(att)
    taken = {a.source for a in out if a.source}
    for i, cue in enumerate(tagged.cue):
        if i in matched or any(a.cue and _overlaps(a.cue, cue) for a in out):
            continue
        att = _new_attribution(cue, tagged, taken, doc, text)
        if att is not None and prefer == "rules" and any(
                c2 == c for a in out for c in a.content for c2 in att.content):
            continue  # the content of an attribution already found, under a second cue
        if att is not None:
            out.append(att)
            if att.source:
                taken.add(att.source)
    out.sort(key=lambda a: a.span[0])
    _nest(out)
    return out
