"""Attribution forms beyond "X said Y": headline and transcript lines ("Name: …"), "according to X",
a message a verb issues and a participle then quotes ("issued a statement saying …").
rules.find_attributions calls them; each takes the parse and returns Attribution records with
character offsets.
"""
from __future__ import annotations

from functools import lru_cache

from wartrace.analysis.attribution.syntax import (
    Attribution,
    CueLexicon,
    doc_text,
    sentence_index,
    sentence_range,
    token_offsets,
)
from wartrace.config import load_yaml


@lru_cache(maxsize=1)
def colon_labels() -> frozenset[str]:
    return frozenset(w.lower() for w in load_yaml("lexicons/cues.yaml").get("colon_not_sources") or [])


@lru_cache(maxsize=1)
def colon_frames() -> frozenset[str]:
    return frozenset(w.lower() for w in load_yaml("lexicons/cues.yaml").get("colon_frames") or [])


def _framed_source(head: list) -> list:
    """"Quote from Kuleba", "Statement by the General Staff": the source is who the words are from."""
    if len(head) >= 3 and head[0].lower_ in colon_frames() and head[1].lower_ in ("from", "by", "of"):
        rest = head[2:]
        return rest[1:] if rest[0].lower_ == "the" and len(rest) > 1 else rest
    return head


def colon_attribution(tok, doc) -> Attribution | None:
    """A headline or transcript line "Name: what they said" ("John McCain: Populist Anger Appeals to
    'Bad Angels'", "TAPPER: Do you think …"): a short name at the head of its line, then a colon. Labels
    ("Update:", "Editor's note:") and clauses ("Here they are:") are not sources."""
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, tok.idx) + 1
    line_end = text.find("\n", tok.idx)
    line_end = len(text) if line_end < 0 else line_end
    head = _framed_source([t for t in doc.char_span(line_start, tok.idx, alignment_mode="contract") or []
                           if not t.is_space])
    if not 1 <= len(head) <= 6 or not head[0].text[:1].isupper():
        return None
    if any(t.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "NUM", "DET") or t.like_num or t.text in "\"“”‘’'()[]"
           for t in head):  # a determiner makes a label or a promo ("The Sports Moment: a newsletter …")
        return None
    if not any(t.pos_ == "PROPN" or (t.is_alpha and t.is_upper and len(t) > 1) for t in head[-2:]) \
            or any(t.lower_ in colon_labels() for t in head):
        return None
    rest = doc.char_span(tok.idx + 1, line_end, alignment_mode="contract")
    if rest is None or sum(1 for t in rest if t.is_alpha) < 2:
        return None
    content = token_offsets(rest)
    direct = content is not None and text[content[0]] in "\"“‘'"
    return Attribution(source=token_offsets(head), cue=(tok.idx, tok.idx + 1), content=[content], direct=direct,
                       kind="colon", cue_token=tok.i, source_token=doc[head[0].i:head[-1].i + 1].root.i)


def according_to(tok, doc) -> Attribution | None:
    if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return None
    to = doc[tok.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs:
        return None
    src = token_offsets(objs[0].subtree)
    # content: the rest of the sentence, without the phrase itself
    phrase = {t.i for t in tok.subtree} | {t.i for t in to.subtree}
    idx = sentence_index(doc)
    k = idx.of_token(tok.i)
    end = idx.tok_starts[k + 1] if k + 1 < len(idx.tok_starts) else len(doc)
    toks = [t for t in doc[idx.tok_starts[k]:end] if t.i not in phrase]
    # drop the comma that set the phrase off
    content_parts = []
    run: list = []
    for t in toks:
        if run and t.i != run[-1].i + 1:
            content_parts.append(run)
            run = []
        run.append(t)
    if run:
        content_parts.append(run)
    content = [o for o in (token_offsets(p) for p in content_parts) if o]
    if not content:
        return None
    cue = (tok.idx, to.idx + len(to))
    return Attribution(source=src, cue=cue, content=content, direct=False, kind="according_to", cue_token=tok.i,
                       source_token=objs[0].i)


def merge_vehicles(atts: list[Attribution], doc, lex: CueLexicon) -> list[Attribution]:
    """"X issued a statement saying Y", "X sent a message to supporters, asking Y": one attribution
    whose cue runs from the verb through the message to the participle, and whose content is the
    participle's (as PolNeAR annotates it), instead of a claim that X issued "a statement"."""
    if not lex.vehicles:
        return atts
    by_token = {a.cue_token: a for a in atts if a.kind == "verb" and a.cue_token is not None}
    dropped: set[int] = set()
    for a in atts:
        if a.kind != "verb" or a.cue_token is None or id(a) in dropped:
            continue
        verb = doc[a.cue_token]
        objs = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in lex.vehicles]
        if not objs:
            continue
        parts = [c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > objs[0].i]
        parts += [c for c in objs[0].children if c.dep_ == "acl" and c.tag_ == "VBG"]
        for p in sorted(parts, key=lambda t: t.i):
            b = by_token.get(p.i)
            if b is None or b is a or not b.content or b.cue is None or b.cue[1] <= a.cue[0]:
                continue
            a.cue = (a.cue[0], b.cue[1])
            a.content, a.direct = b.content, b.direct
            a.sentences = sentence_range(doc, a.sentences, *b.content)
            dropped.add(id(b))
            break
    return [a for a in atts if id(a) not in dropped]
