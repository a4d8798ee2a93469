"""Where: the place of an event, among the places component's findings, by closeness in the
parse, and as the region when the text says the region."""
from __future__ import annotations

from wartrace.analysis.events.participants import Mention
from wartrace.analysis.gazetteer import geocode
from wartrace.model import Place

FEATURE_RANK = {"facility": 0, "city": 1, "other": 2, "admin2": 3, "admin1": 4, "country": 5}


REGION_WORDS = {"region", "oblast", "province", "territory", "district", "raion", "oblast's"}


def _place_token(doc, p: Place):
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    return span.root if span is not None else None


def _path_len(a, b) -> int:
    anc_a = [a, *a.ancestors]
    anc_b = [b, *b.ancestors]
    pos = {t.i: k for k, t in enumerate(anc_a)}
    for k, t in enumerate(anc_b):
        if t.i in pos:
            return pos[t.i] + k
    return 99


def _named_as_place(doc, p: Place) -> bool:
    """"Russia hit Kyiv": a capital or country that is the object or the place of an act is a
    place, though the actor registry also has it as a government; as a subject or a possessor
    ("Russia's attitude") it names the government."""
    tok = _place_token(doc, p)
    return tok is not None and tok.dep_ in ("dobj", "pobj") and not (tok.dep_ == "pobj" and tok.head.lower_ == "by")


def a_persons_home(doc, p: Place) -> bool:
    """"Vishwanand Subryan of Schenectady", "Ka'Loni Marie Flynn of Fort Smith, Ark.": a town (and
    its state) after a person's name and "of" is where the person lives, not where the event
    happened."""
    tok = _place_token(doc, p)
    while tok is not None and tok.dep_ in ("appos", "npadvmod") and tok.head.i < tok.i:
        tok = tok.head  # "of Fort Smith, Ark.": the home town's state
    if tok is None or tok.dep_ != "pobj" or tok.head.lower_ != "of":
        return False
    owner = tok.head.head
    return owner.ent_type_ == "PERSON" and owner.i < tok.head.i


def pick_place(tok, sent, places: list[Place], mentions: list[Mention] = (), claims=(),
               excluded: list[tuple[int, int]] = (), text: str = "") -> Place | None:
    """The event's own place: the one the parse attaches to the trigger, else the nearest; a
    more specific place inside a chosen region wins ("in Popasna, in the region of Luhansk").
    A place inside an actor's name ("Armed Forces of Ukraine") is no event location. With no
    place in the sentence, the nearest place inside the claim content that carries the event."""
    doc = sent.doc
    text = text or doc.text
    in_actor = [(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])) for m in mentions]
    in_actor += excluded
    usable = [p for p in places if not any(a <= p.start and p.end <= b and not (a == p.start and p.end == b
                                                                               and _named_as_place(doc, p))
                                           for a, b in in_actor)]
    usable = [p for p in usable if not a_persons_home(doc, p)]
    own = [p for p in usable if sent.start_char <= p.start < sent.end_char]
    if not own:
        spans = [(s.start, s.end) for c in claims for s in c.content if s.start <= tok.idx < s.end]
        near = [p for p in usable if any(a <= p.start < b for a, b in spans)]
        if not near:
            return None
        return as_region_if_said(text, min(near, key=lambda p: (abs(p.start - tok.idx), FEATURE_RANK.get(p.feature, 2))))
    cands = []
    for p in own:
        pt = _place_token(doc, p)
        if pt is None:
            continue
        score = _path_len(tok, pt) + 0.05 * abs(pt.i - tok.i)
        cands.append((score, FEATURE_RANK.get(p.feature, 2), p))
    if not cands:
        return None
    cands.sort(key=lambda c: (c[0], c[1]))
    best = cands[0][2]
    for score, rank, p in cands[1:]:
        inside = best.feature in ("admin1", "country") and (
            (best.feature == "admin1" and p.admin1 and p.admin1 == best.name) or
            (best.feature == "country" and p.country == best.country))
        if inside and rank < FEATURE_RANK.get(best.feature, 2) and score < cands[0][0] + 3:
            best = p
    return as_region_if_said(text, best)


def as_region_if_said(text: str, p: Place) -> Place:
    """"the entire territory of Luhansk", "Luhansk region": the region, not its capital city."""
    if p.feature not in ("city", "other"):
        return p
    before = text[max(0, p.start - 30):p.start].lower()
    after = text[p.end:p.end + 12].lower()
    said = (any(before.rstrip().endswith(f"{w} of") for w in REGION_WORDS)
            or after.split()[:1] and after.split()[0].strip(".,;:") in REGION_WORDS)
    if not said:
        return p
    for alt in p.alternatives or []:
        if alt.get("feature") == "admin1":
            fields = {k: alt[k] for k in Place.__dataclass_fields__ if k in alt}
            fields.update(text=p.text, start=p.start, end=p.end)
            fields.setdefault("confidence", p.confidence)
            try:
                return Place(**fields)
            except TypeError:
                break

    for name in (f"{p.name} Oblast", f"{p.text} Oblast", f"{p.name} region"):
        region = geocode(name, p.country)
        if region is not None and region.feature == "admin1":
            region.text, region.start, region.end = p.text, p.start, p.end
            region.confidence = min(region.confidence, p.confidence) if region.confidence else p.confidence
            return region
    return p

