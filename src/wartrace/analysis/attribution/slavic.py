"""Claims in Russian and Ukrainian text, in the same JSON contract as the English ones.

The forms, all read from lemmas (data/lexicons/attribution_ru_uk.yaml), so every aspect, gender,
number and tense of a verb counts:
- a speech verb and its subject: «Синєгубов написав», «…, – написав Синєгубов», «сообщил
  губернатор Вячеслав Гладков»; Russian subjects come from natasha's dependency parse (nsubj),
  Ukrainian ones from case and word order (the nominative phrase after a verb that follows the
  reported words, else the one before it);
- the impersonal plural: «В Минобороны РФ отметили», «У Генштабі зазначили» (the body is in the
  locative phrase);
- «за словами X», «по данным X», «согласно заявлению X», «як повідомляв X», «за його словами»;
- «говорится в сообщении X», «зазначається»; «Об этом сообщил X» / «Про це повідомив X», whose
  content is the previous sentence; the headline dash «… — Минобороны РФ».
Content is the «что»/«що» clause, the quotation in « », „ “ or " " before the verb, or the rest of
the sentence. Hedges («нібито», «якобы»), caveats and the channel («у Телеграмі», «на брифинге»)
come from the same lexicon. Claimants are made canonical across languages by identity.py, fed the
romanised name (slavic_actors.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from wartrace.analysis.actors import Registry
from wartrace.analysis.identity import assign_identities, load_officials
from wartrace.analysis.slavic_actors import actor_in, person_name
from wartrace.analysis.slavic_text import NAME_TAGS, Sentence, Word, find_sequence, lemma_key
from wartrace.config import load_yaml
from wartrace.model import Caveat, Claim, Claimant, Hedge, Span

PUNCT_STOP = {",", ".", ";", ":", "!", "?", "—", "–", "-", "(", ")", "«", "»", '"', "“", "”", "„"}
QUOTES = re.compile(r"«([^«»]+)»|„([^„“]+)“|\"([^\"]+)\"|“([^“”]+)”")
NP_POS = {"NOUN", "ADJF", "PRTF", "NPRO", "NUMR", None}
COMPLEMENTISERS = {"что", "що", "мол"}
AS_SAYS = {"як", "как"}  # «як зазначає X»: a speech verb after one has its subject after it
# words between a subject and its verb that are no part of either: «Лисак також повідомив», «Гладков ранее сообщил»
BETWEEN_POS = {"ADVB", "PRCL"}


@dataclass(frozen=True)
class SlavicLexicon:
    verbs: dict[str, dict[str, str]]
    according: dict[str, list[tuple[str, ...]]]
    messages: dict[str, list[tuple[str, ...]]]
    openers: dict[str, list[tuple[str, ...]]]
    pronouns: set[str]
    hedges: dict[str, list[str]]
    caveats: dict[str, dict[str, list[str]]]
    channels: dict[str, list[str]]
    relays: dict[str, set[str]]
    prepositions: frozenset[str]  # end a noun phrase even where the dictionary reads the word otherwise


@lru_cache(maxsize=1)
def load_lexicon() -> SlavicLexicon:
    d = load_yaml("lexicons/attribution_ru_uk.yaml")

    def keys(section: str) -> dict[str, list[tuple[str, ...]]]:
        # «как заявил», «как заявили»: one lemma key, matched once
        return {lang: list(dict.fromkeys(lemma_key(p, lang) for p in d[section][lang])) for lang in ("ru", "uk")}

    return SlavicLexicon(
        verbs={lang: dict(d["speech_verbs"][lang]) for lang in ("ru", "uk")},
        according=keys("according_to"), messages=keys("message_forms"), openers=keys("anaphoric_openers"),
        pronouns={p for lang in ("ru", "uk") for p in d["pronouns"][lang]},
        hedges={lang: d["hedges"][lang] for lang in ("ru", "uk")},
        caveats={k: v for k, v in d["caveats"].items() if k != "source"},
        channels={k: v for k, v in d["channels"].items() if k != "source"},
        relays={lang: set(d["relay_verbs"][lang]) for lang in ("ru", "uk")},
        prepositions=frozenset(str(w) for w in d["prepositions"]["words"]),
    )


@dataclass
class _Found:
    cue: tuple[int, int] | None  # word indices
    claimant: list[Word]
    content: list[tuple[int, int]]  # character spans
    stance: str = "assertion"
    direct: bool = False


# --- noun phrases --------------------------------------------------------------------------

def _np_word(w: Word) -> bool:
    return (w.text not in PUNCT_STOP or w.text in "()") and (w.pos in NP_POS or w.text in "«»()") \
        and w.pos != "PREP" and w.lower not in load_lexicon().prepositions


def _nominative(w: Word) -> bool:
    return w.case == "nomn"


def np_after(words: list[Word], i: int) -> list[Word]:
    """The noun phrase that starts at word i: nouns, adjectives and names of any case, «quoted» names
    included, up to punctuation, a verb or a preposition."""
    out: list[Word] = []
    for w in words[i:]:
        # «Як пише «Українська правда»»: a quoted name opens the phrase too
        if w.text in ("«", "»", '"') and (out or w.text in ("«", '"') and w.i + 1 < len(words) and words[w.i + 1].capitalised):
            out.append(w)
            continue
        if not _np_word(w) or w.lower in COMPLEMENTISERS:
            break
        out.append(w)
    while out and ((out[-1].text in ("«", "»", '"') and sum(x.text in ("«", "»") for x in out) % 2)
                   or (out[-1].text == "(" or (out[-1].text == ")" and not any(x.text == "(" for x in out)))):
        out.pop()
    return out


def np_before(words: list[Word], i: int) -> list[Word]:
    """The noun phrase that ends just before word i (its subject when nominative)."""
    out: list[Word] = []
    j = i - 1
    while j > 0 and words[j].pos in BETWEEN_POS and words[j].lower not in COMPLEMENTISERS | AS_SAYS:
        j -= 1
    while j >= 0 and _np_word(words[j]) and words[j].lower not in COMPLEMENTISERS | AS_SAYS:
        out.insert(0, words[j])
        j -= 1
    # the subject starts at its first nominative word ("вранці російське Міноборони"); the object
    # of a preposition («у Телеграм повідомив») is none
    first = next((k for k, w in enumerate(out) if _nominative(w) and not (w.i > 0 and is_preposition(words[w.i - 1]))),
                 None)
    return out[first:] if first is not None else []


def _first_np_after(words: list[Word], i: int) -> list[Word]:
    """The first nominative noun phrase after word i in its clause, past circumstances («у Telegram»,
    «на брифинге», «18 червня»): the subject of a verb that follows the reported words."""
    k = i
    while k < len(words) and words[k].text not in PUNCT_STOP - {"(", ")"}:
        np = np_after(words, k)
        if not np:
            k += 1
            continue
        for n, w in enumerate(np):
            if _nominative(w) and not (w.i > 0 and is_preposition(words[w.i - 1])):
                return np[n:]
        k = np[-1].i + 1
    return []


def is_preposition(w: Word) -> bool:
    return w.pos == "PREP" or w.lower in load_lexicon().prepositions


def _subtree(s: Sentence, w: Word) -> list[Word]:
    keep = {w.i}
    changed = True
    while changed:
        changed = False
        for x in s.words:
            if x.head in keep and x.i not in keep and x.text not in PUNCT_STOP and x.pos != "VERB":
                keep.add(x.i)
                changed = True
    # a contiguous span around the head only: «губернатор Вячеслав Гладков в Telegram-канале» stops
    # at the preposition of a circumstance
    quote = {"«", "»", '"'}
    for k in list(keep):  # quotation marks around a kept name («ДНР») belong to the phrase
        for q in (k - 1, k + 1):
            if 0 <= q < len(s.words) and s.words[q].text in quote:
                keep.add(q)
    lo = hi = w.i
    while lo - 1 in keep and s.words[lo - 1].pos != "PREP":
        lo -= 1
    while hi + 1 in keep and s.words[hi + 1].pos != "PREP":
        hi += 1
    # «Сенатор от Крыма Ольга Ковитиди»: a title's «от X» before the person's name is part of the phrase
    names = [k for k in keep if k > hi and NAME_TAGS & s.words[k].tags and all(j in keep for j in range(hi, k + 1))]
    hi = max(names, default=hi)
    return [s.words[k] for k in sorted(keep) if lo <= k <= hi]


# --- the forms -----------------------------------------------------------------------------

def _subject(s: Sentence, v: Word) -> list[Word]:
    words = s.words
    if v.head is not None or v.rel == "root":  # Russian: the parse names the subject
        subj = next((c for c in s.children(v) if c.rel in ("nsubj", "nsubj:pass")), None)
        # «Зеленский посетил Бучу и обвинил …»: a verb joined by «и» shares its head's subject (not one after
        # a comma, «…, информируют в Офисе», which the parser may also call conj)
        if subj is None and v.rel == "conj" and v.head is not None and any(c.rel == "cc" for c in s.children(v)):
            subj = next((c for c in s.children(s.words[v.head]) if c.rel in ("nsubj", "nsubj:pass")), None)
        if subj is not None:
            return _subtree(s, subj)
        loc = next((c for c in s.children(v) if c.rel == "obl" and any(
            k.rel == "case" and k.lower in ("в", "во", "у") for k in s.children(c))), None)
        if loc is not None and "plur" in v.tags:
            return [w for w in _subtree(s, loc) if w.lower not in ("в", "во", "у")]
    prev = words[v.i - 1].text if v.i > 0 else ""
    after = _first_np_after(words, v.i + 1)
    # «…, як зазначає Кім», «как отметил Развожаев»: the sayer follows the verb
    reported_first = prev in PUNCT_STOP or prev.lower() in AS_SAYS or v.i == 0 or any(
        w.lower in ("про", "об") and words[w.i + 1].lower in ("це", "этом") for w in words[:v.i - 1])
    if reported_first and after:
        return after
    before = np_before(words, v.i)
    if before:
        return before
    if after:
        return after
    opening = _clause_subject(words, v.i)
    if opening:
        return opening
    if "plur" in v.tags:  # «У Генштабі зазначили», «сообщили в Минобороны РФ»
        back = list(range(v.i - 1, -1, -1))
        ahead = []  # up to the clause's end
        for k in range(v.i + 1, len(words)):
            if words[k].text in PUNCT_STOP:
                break
            ahead.append(k)
        # «…, повідомили в Харківській обладміністрації»: after the reported words, the body follows the verb
        for k in ahead + back if reported_first else back + ahead:
            if words[k].lower in ("в", "во", "у") and k + 1 < len(words):
                np = np_after(words, k + 1)
                if np:
                    return np
    return []


def _clause_subject(words: list[Word], v: int) -> list[Word]:
    """«Керівник МВА в ефірі телеканалу «Еспресо» розповів, …»: the nominative phrase that opens the verb's
    clause, before circumstances of place and channel, when no other verb stands between."""
    start = max((w.i for w in words[:v] if w.text in (",", ";", ":")), default=-1) + 1
    if any(w.pos == "VERB" for w in words[start:v]):
        return []
    np = np_after(words, start)
    first = next((k for k, w in enumerate(np) if _nominative(w) and not (w.i > 0 and is_preposition(words[w.i - 1]))), None)
    return np[first:] if first is not None else []


def _content_of(s: Sentence, text: str, cue_end: int, claimant: list[Word]) -> tuple[list[tuple[int, int]], bool]:
    """The reported words: a quotation in the sentence, else the «что» clause, else the rest of the
    sentence outside the cue and claimant."""
    sent = text[s.start:s.end]
    for m in QUOTES.finditer(sent):
        g = next(k for k in range(1, 5) if m.group(k))
        return [(s.start + m.start(g), s.start + m.end(g))], True
    words = s.words
    cue_at = words[cue_end].start if cue_end < len(words) else s.end
    opened = _quote_opened_before(text, s.start, cue_at)
    if opened is not None:  # «Окупанти завдають ударів. Перебувайте в укриттях!» - написав …: the
        return [opened], True  # sentence splitter cut the quotation; it began a sentence or more back
    comp = next((w for w in words[cue_end + 1:] if w.lower in COMPLEMENTISERS), None)
    if comp is not None:
        end = words[-1].start if words[-1].text in ".!?" else words[-1].end
        return [(comp.end + 1, end)], False
    taken = {w.i for w in claimant} | {cue_end}
    rest = [w for w in words[cue_end + 1:] if w.i not in taken and w.text not in PUNCT_STOP]
    before = [w for w in words[:min(taken)] if w.text not in PUNCT_STOP] if taken else []
    part = before if before and len(before) >= len(rest) // 2 else rest
    if not part:
        return [], False
    return [(part[0].start, part[-1].end)], False


CLOSING = {"»": "«", "“": "„", "”": "“"}


def _quote_opened_before(text: str, start: int, cue_at: int, reach: int = 800) -> tuple[int, int] | None:
    """The span of a quotation that closes in this sentence before the cue but opened in an earlier
    sentence (within `reach` characters)."""
    close = next((k for k in range(start, cue_at) if text[k] in CLOSING), None)
    if close is None or any(text[k] == CLOSING[text[close]] for k in range(start, close)):
        return None
    opening = text.rfind(CLOSING[text[close]], max(0, start - reach), start)
    if opening < 0 or any(text[k] == text[close] for k in range(opening + 1, start)):
        return None
    return opening + 1, close


def find_in_sentence(s: Sentence, text: str, lang: str, lex: SlavicLexicon, prev: Sentence | None,
                     place_spans: list[tuple[int, int]] = ()) -> list[_Found]:
    words = s.words
    found: list[_Found] = []
    used: set[int] = set()
    for key in lex.according[lang]:
        for a, b in find_sequence(words, key, gap=1):
            inner = [w for w in words[a + 1:b] if w.lemma in lex.pronouns or w.lower in lex.pronouns]
            claimant = inner or np_after(words, b + 1)
            if not claimant:
                continue
            stop = claimant[-1].i
            content = [w for w in words[stop + 1:] if w.text not in PUNCT_STOP] or \
                [w for w in words[:a] if w.text not in PUNCT_STOP]
            span = [(content[0].start, content[-1].end)] if content else []
            found.append(_Found((a, b), claimant, span))
            used |= set(range(a, b + 1))
    for key in lex.messages[lang]:
        for a, b in find_sequence(words, key):
            claimant = np_after(words, b + 1)
            content, direct = _content_of(s, text, b, claimant)
            found.append(_Found((a, b), claimant, content, direct=direct))
            used |= set(range(a, b + 1))
    verbs = lex.verbs[lang]
    for v in words:
        if v.i in used or v.pos not in ("VERB",) or v.lemma not in verbs:
            continue
        if any(c.lower in ("не", "ні") for c in words[max(0, v.i - 1):v.i]) and verbs[v.lemma] != "denial":
            continue
        claimant = _subject(s, v)
        if not claimant:  # a verb of speech with nobody saying: narrative («Коли їм відповіли»)
            continue
        opener = any(find_sequence(words[:v.i], k) for k in lex.openers[lang])
        if opener and prev is not None:
            content, direct = [(prev.words[0].start, prev.words[-1].end)], False
        else:
            content, direct = _content_of(s, text, v.i, claimant)
        found.append(_Found((v.i, v.i), claimant, content, verbs[v.lemma], direct))
        used.add(v.i)
    if not found:  # a headline's colon: «Гладков: Один мужчина ранен при обстреле …»
        colon = next((w.i for w in words[1:4] if w.text == ":"), None)
        head = words[:colon] if colon else []
        if head and all(w.capitalised for w in head) and any(NAME_TAGS & w.tags for w in head) and colon + 1 < len(words):
            found.append(_Found(None, head, [(words[colon + 1].start, words[-1].end)]))
    if not found:  # a headline's dash: «ВСУ обстреляли школу … — Минобороны РФ»
        dash = max((w.i for w in words if w.text in ("—", "–")), default=None)
        if dash is not None:
            tail = [w for w in words[dash + 1:] if w.text not in PUNCT_STOP]
            # «2 — над Тульской областью»: an enumeration's dash before a place is no sayer, nor a
            # dash between places («Гирьи — Песчаное Беловского района»: a route, a front line)
            placed = all(any(a <= w.start and w.end <= b for a, b in place_spans)
                         for w in tail if not is_preposition(w) and w.pos != "CONJ")
            if tail and all(w.pos != "VERB" for w in tail) and not is_preposition(tail[0]) and not placed:
                found.append(_Found(None, tail, [(words[0].start, words[dash - 1].end)] if dash else []))
    return found


# --- lexicon spans -------------------------------------------------------------------------

def phrase_spans(text: str, phrases: list[str], lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    hi = len(text) if hi is None else hi
    out = []
    for p in phrases:
        for m in re.finditer(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text[lo:hi], re.I):
            out.append((lo + m.start(), lo + m.end()))
    return sorted(set(out))


def _channel(text: str, s: Sentence, lex: SlavicLexicon) -> str | None:
    for name, words in lex.channels.items():
        if phrase_spans(text, words, s.start, s.end):
            return name
    return None


# --- the component's entry point -------------------------------------------------------------

def slavic_claims(sents: list[Sentence], text: str, lang: str, analysis, registry: Registry) -> list[Claim]:
    """The claims of a Russian or Ukrainian document; also adds its hedge spans to analysis.hedges."""
    lex = load_lexicon()
    claims: list[Claim] = []
    resolved: dict[str, tuple] = {}
    bodies: dict[str, object] = {}  # claim id -> the body a named person's phrase names
    last_named: tuple | None = None
    place_spans = [(p.start, p.end) for p in analysis.places]
    for k, s in enumerate(sents):
        first = len(claims)
        for f in find_in_sentence(s, text, lang, lex, sents[k - 1] if k else None, place_spans):
            if not f.claimant:  # «Зазначається»: a report's own voice, no claimant to ledger
                continue
            cid = f"c{len(claims) + 1}"
            claimant = None
            if f.claimant:
                ws = f.claimant
                actor = actor_in(ws, registry)
                name = person_name(ws, lang)
                pronoun = len(ws) == 1 and (ws[0].lower in lex.pronouns or ws[0].lemma in lex.pronouns)
                person = registry.match(name) if name else None  # "Igor Konashenkov" is in the registry
                # a named person not in the registry gets the registry entry of the official they are
                # (assign_identities), else the body the phrase names («речник Міноборони України …»)
                body = person or (None if name else actor)
                if name and person is None and actor is not None:
                    bodies[cid] = actor
                claimant = Claimant(text[ws[0].start:ws[-1].end], ws[0].start, ws[-1].end)
                if body is not None:
                    claimant.actor, claimant.type, claimant.side = body.name, body.type, body.side
                if pronoun and last_named is not None:
                    resolved[cid] = last_named
                elif name or actor is not None:
                    resolved[cid] = (name, person, None, True) if name else (actor.name, actor, None, False)
                    last_named = resolved[cid]
            cue = None
            if f.cue is not None:
                a, b = f.cue
                cue = Span(text[s.words[a].start:s.words[b].end], s.words[a].start, s.words[b].end)
            content = [Span(text[a:b], a, b) for a, b in f.content if b > a]
            hedges = [Span(text[a:b], a, b) for a, b in phrase_spans(text, lex.hedges[lang], s.start, s.end)]
            stance = "denial" if f.stance == "denial" or _negated_content(s, f) else "assertion"
            claims.append(Claim(id=cid, claimant=claimant, cue=cue, content=content, direct=f.direct,
                                channel=_channel(text, s, lex), stance=stance, hedges=hedges,
                                date=_date_in(analysis, s)))
            _caveats(claims[-1], text, s, lang, lex)
        _nest_relayed(claims[first:], s, lang, lex)
    assign_identities(claims, resolved, analysis.document.published, registry)
    for c in claims:
        if c.id in bodies and c.claimant.actor is None:
            body = bodies[c.id]
            c.claimant.actor, c.claimant.type, c.claimant.side = body.name, body.type, body.side
    _sides_of_officials(claims)
    for c in claims:  # the contract's name: whom the mention resolves to, else the mention itself
        if c.claimant is not None and c.claimant.name is None:
            c.claimant.name = c.claimant.actor or c.claimant.text
    seen = {(h.start, h.end) for h in analysis.hedges}
    for a, b in phrase_spans(text, lex.hedges[lang]):
        if (a, b) not in seen:
            analysis.hedges.append(Hedge(text[a:b], a, b, "hedge"))
    return claims


def _nest_relayed(here: list[Claim], s: Sentence, lang: str, lex: SlavicLexicon) -> None:
    """«…, повідомив Синєгубов, передає Укрінформ»: the outlet's claim encloses the sentence's others."""
    lemma = {w.start: w.lemma for w in s.words}
    relay = next((c for c in here if c.cue is not None and lemma.get(c.cue.start) in lex.relays[lang]), None)
    if relay is None:
        return
    for c in here:
        if c is not relay and c.parent is None:
            c.parent = relay.id


def _negated_content(s: Sentence, f: _Found) -> bool:
    """«заявило, что удары … не наносили»: a statement whose reported clause negates its verb
    denies what it is about."""
    spans = f.content
    return any(w.lower in ("не", "ні") and k + 1 < len(s.words) and s.words[k + 1].pos == "VERB"
               and any(a <= w.start < b for a, b in spans) for k, w in enumerate(s.words))


def _date_in(analysis, s: Sentence) -> dict[str, str] | None:
    d = next((d for d in analysis.dates if s.start <= d.start < s.end), None)
    return {"value": d.value, "precision": d.precision} if d else None


def _caveats(claim: Claim, text: str, s: Sentence, lang: str, lex: SlavicLexicon) -> None:
    for kind, by_lang in lex.caveats.items():
        for a, b in phrase_spans(text, by_lang.get(lang, []), s.start, s.end):
            claim.caveats.append(Caveat(kind=kind, text=text[a:b], start=a, end=b))


def _sides_of_officials(claims: list[Claim]) -> None:
    """An official the registry of officials knows speaks for a side even without an actors.yaml entry."""
    officials = {o.id: o for o in load_officials().entries}
    for c in claims:
        if c.claimant is not None and c.claimant.side is None and c.claimant.canonical_id in officials:
            c.claimant.side = officials[c.claimant.canonical_id].side
            c.claimant.type = "official"
