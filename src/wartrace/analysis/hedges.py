"""Hedges, weasel cues and verification caveats, as exact spans over the spaCy parse.

The lexicons are data (data/lexicons/{hedges,weasels,caveats}.yaml, each entry with its
source). A cue is written as lemmas; we match every inflection of each lemma on the
token's lower-cased form rather than on spaCy's `lemma_`, because the statistical
lemmatiser mangles exactly the rare participles hedging lives on ("unconfirmed" →
"unconfirme"). spaCy's part of speech then keeps "insurance claims" (a noun) out while
"Russia claims" (a verb) is in. The matchers are built once per process (resources.get).

The claims component reads `ctx.analysis.hedges` and attaches those inside a claim to it.
"""
from __future__ import annotations

from dataclasses import dataclass

from wartrace.analysis.hedge_classifier import HedgeSentenceModel, cue_columns, load_hedge_model
from wartrace.analysis.registry import AnalysisContext, component
from wartrace.config import load_yaml
from wartrace.model import Hedge

LEXICONS = ("hedges", "weasels", "caveats")
KIND_RANK = {"caveat": 0, "weasel": 1, "hedge": 2}  # on equal spans the more specific kind wins

# lemmas that do not inflect regularly, with their forms (data/lexicons/irregular_forms.yaml)
IRREGULAR: dict[str, list[str]] = {k: [str(f) for f in v] for k, v in load_yaml("lexicons/irregular_forms.yaml")["forms"].items()}
ADVERB = "~adv"  # one optional adverb: "observers have also noted", "could not immediately verify"


def inflections(lemma: str) -> list[str]:
    """Regular English inflections and -ly adverbs of a lemma. Over-generation is harmless:
    a form that does not exist never matches."""
    if lemma in IRREGULAR:
        return IRREGULAR[lemma]
    w = lemma
    forms = {w, w + "s", w + "es", w + "ed", w + "ing", w + "ly", w + "edly"}
    if w.endswith("e"):
        forms |= {w + "d", w + "dly", w[:-1] + "ing"}
    if w.endswith("le"):
        forms.add(w[:-1] + "y")  # possible → possibly
    if w.endswith("y") and w[-2:-1] not in "aeiou":
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    return sorted(forms)


def inflections_set(lemma: str) -> set[str]:
    return set(inflections(lemma))


def _token_pattern(spec: str) -> dict:
    if spec == ADVERB:
        return {"POS": "ADV", "OP": "?"}
    optional = spec.endswith("?") and len(spec) > 1
    spec = spec[:-1] if optional else spec
    words: set[str] = set()
    for alt in spec.split("|"):
        if alt in IRREGULAR:
            words |= set(IRREGULAR[alt])
        elif alt.startswith("=") or len(alt) < 4 or not alt.isalpha():
            words.add(alt.lstrip("=").lower())
        else:
            words |= inflections_set(alt.lower())
    pattern: dict = {"LOWER": {"IN": sorted(words)}}
    if optional:
        pattern["OP"] = "?"
    return pattern


@dataclass(frozen=True)
class Cue:
    kind: str
    listed: bool
    then: int  # tokens at the end that must follow but are not part of the cue
    pos: frozenset = frozenset()  # one-word cues: allowed parts of speech (checked after matching)
    then_words: frozenset = frozenset()  # one-word cues: words one of which must follow
    not_after: frozenset = frozenset()  # one-word cues: no cue after these ("as soon as possible")
    not_then: frozenset = frozenset()  # one-word cues: no cue before these ("supposed to" = obliged)


def _words(entry: dict, key: str) -> frozenset:
    words = entry.get(key, [])
    for w in words:
        if not isinstance(w, str):  # YAML reads a bare no/yes/on as a boolean
            raise ValueError(f"lexicon entry {entry.get('cue')!r}: {key} item {w!r} is not a string; quote it")
    return frozenset(w.lower() for w in words)


def _entries():
    for lexicon in LEXICONS:
        data = load_yaml(f"lexicons/{lexicon}.yaml")
        sources = data["sources"]
        for entry in data["entries"]:
            if entry["source"] not in sources:
                raise ValueError(f"lexicons/{lexicon}.yaml: {entry['cue']!r} cites unknown source {entry['source']!r}")
            yield data["kind"], entry


class HedgeMatcher:
    """The three lexicons compiled for one vocabulary: one-word cues (most of them) in a
    PhraseMatcher, a hash lookup per token; each phrase with alternatives and optional words
    in a Matcher of its own, whose cost grows with every token, so it runs only on documents
    holding one word of each of its required positions (most documents lack "verify", "critics"
    or "according" and skip those phrases)."""

    def __init__(self, vocab):
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        self.rules: list[tuple[list[frozenset], Matcher]] = []
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        self.cues: list[Cue] = []
        for kind, entry in _entries():
            specs = str(entry["cue"]).split()
            tokens = [_token_pattern(t) for t in specs]
            then = sorted(_words(entry, "then"))
            listed = entry.get("listed", True)
            key = f"cue{len(self.cues)}"
            if len(tokens) == 1 and "OP" not in tokens[0]:
                self.cues.append(Cue(kind, listed, 0, frozenset(entry.get("pos") or ()), frozenset(then),
                                     _words(entry, "not_after"), _words(entry, "not_then")))
                self.phrases.add(key, [Doc(vocab, words=[w]) for w in tokens[0]["LOWER"]["IN"]])
                continue
            if entry.get("pos"):
                first = next(t for t in tokens if t.get("OP") != "?")
                first["POS"] = {"IN": list(entry["pos"])}
            if then:
                tokens.append({"LOWER": {"IN": then}})
            self.cues.append(Cue(kind, listed, 1 if then else 0))
            required = [frozenset(vocab.strings.add(w) for w in t["LOWER"]["IN"])
                        for t in tokens if "LOWER" in t and t.get("OP") != "?"]
            matcher = Matcher(vocab)
            matcher.add(key, [tokens])
            self.rules.append((required, matcher))
        self._ids = {vocab.strings[f"cue{i}"]: c for i, c in enumerate(self.cues)}

    def cue_index(self) -> dict[Cue, int]:
        """One column per distinct cue, in lexicon order: the hedge sentence model's cue features."""
        return {cue: i for i, cue in enumerate(dict.fromkeys(self.cues))}

    def matches(self, doc) -> list[tuple[Cue, int, int]]:
        """Every cue match as (cue, start token, end token), overlapping ones included."""
        out = []
        for match_id, start, end in self.phrases(doc):
            cue = self._ids[match_id]
            if cue.pos and doc[start].pos_ not in cue.pos:
                continue
            following = doc[end].lower_ if end < len(doc) else ""
            if cue.then_words and following not in cue.then_words:
                continue
            if following in cue.not_then or (start > 0 and doc[start - 1].lower_ in cue.not_after):
                continue
            out.append((cue, start, end))
        from spacy.attrs import LOWER

        present = set(doc.to_array([LOWER]).ravel().tolist())
        for required, matcher in self.rules:
            if any(present.isdisjoint(words) for words in required):
                continue
            for match_id, start, end in matcher(doc):
                cue = self._ids[match_id]
                out.append((cue, start, end - cue.then))
        return out


_MATCHERS: dict[int, tuple[object, HedgeMatcher]] = {}


def matcher_for(vocab) -> HedgeMatcher:
    """One compiled matcher per vocabulary in this process, for callers outside a pipeline (training,
    evaluation, hedge_spans without a matcher); the component keeps its own in Resources."""
    key = id(vocab)
    if key not in _MATCHERS:
        _MATCHERS[key] = (vocab, HedgeMatcher(vocab))
    return _MATCHERS[key][1]


def hedge_spans(doc, matcher: HedgeMatcher | None = None, model: HedgeSentenceModel | None = None) -> list[Hedge]:
    """The hedge, weasel and caveat cues of a parsed document, longest first where they overlap, in
    text order; spans are character offsets into doc.text. Without the sentence model, the listed cues.
    With it, a sentence it finds uncertain gives every cue it holds (classifier-only ones included)
    (reporting its strongest n-gram instead, where it holds none, spanned words such as "forces" on
    news text for +0.003 F1 on CoNLL, so it does not); another sentence
    gives its listed cues of the kinds that always count (caveats, weasels) and its other listed cues
    only when the model leans toward uncertainty (training.hedges chose both on held-out folds)."""
    matcher = matcher or matcher_for(doc.vocab)
    found = [(c, s, e) for c, s, e in matcher.matches(doc) if e > s]
    if model is None:
        found = [m for m in found if m[0].listed]
    else:
        found = _judged_by_sentence(doc, found, model, matcher)
    # Longest cue wins an overlap ("could not independently verify" over "could").
    found.sort(key=lambda m: (-(m[2] - m[1]), KIND_RANK[m[0].kind], m[1]))
    taken = [False] * len(doc)
    chosen = []
    for cue, s, e in found:
        if any(taken[s:e]):
            continue
        for i in range(s, e):
            taken[i] = True
        span = doc[s:e]
        chosen.append(Hedge(text=span.text, start=span.start_char, end=span.end_char, kind=cue.kind))
    chosen.sort(key=lambda h: h.start)
    return chosen


def _judged_by_sentence(doc, found, model: HedgeSentenceModel, matcher: HedgeMatcher):
    index, kinds = matcher.cue_index(), sorted(KIND_RANK)
    out = []
    for sent in doc.sents:
        here = [m for m in found if sent.start <= m[1] < sent.end]
        p = model.probability(sent.text, cue_columns([c for c, _, _ in here], kinds, index))
        if p < model.threshold:
            out += [m for m in here if m[0].listed and (m[0].kind in model.always_kinds or p >= model.cue_threshold)]
            continue
        out += here
    return out


@component("hedges", assigns=("hedges",))
def hedges_component(resources, config):
    model = resources.get("hedges.sentence_model", lambda: load_hedge_model(resources.model("hedge_classifier")))

    def run(ctx: AnalysisContext) -> None:
        if ctx.doc is None:  # no English parse (Russian/Ukrainian text): nothing to match on
            return
        vocab = ctx.doc.vocab  # a matcher is bound to the vocabulary it was built on
        matcher = resources.get(f"hedges.matcher.{id(vocab)}", lambda: HedgeMatcher(vocab))
        ctx.analysis.hedges = hedge_spans(ctx.doc, matcher, model)

    return run
