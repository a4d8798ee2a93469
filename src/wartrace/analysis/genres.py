"""Non-war genres: which sentences of a document read as a sports report or a disaster report.

War words are sports idioms: "Rodri struck in the 68th minute", "struck a stinging shot", "right
on the attack", "City beat Sheffield United". The event gate reads one sentence at a time and a
match report has few sentences like it to learn from; this component reads the passage and the
document instead. The genre's words are data (data/lexicons/genres.yaml, each with its source, and
the sports clubs of data/not_places.yaml): each sentence gets the summed weight of the genre's cues
in it and whether it holds a word of violence (an anchor: a missile, troops, police, the dead).

A sentence is read as sports when it holds no anchor and either its passage (it and its
neighbours) or the whole document is sports: the genre's cues weigh at least `passage_min`
(`document_min`), more than the passage's anchors (more than `document_anchor_ratio` times the
document's anchors). Such sentences are listed in `analysis.genres`; the events component then
makes no event from a trigger that is one of the genre's idioms inside them. A war report that
mentions sport keeps its events: its sentences hold anchors ("the stadium was struck by a
missile"), and a trigger that is no idiom ("killed", "shelled") is never dropped.

A disaster (a quake, a flood, a factory blast, a gas leak: CASE-2021's natural and man-made disaster
classes, no ACLED event) is read the same way, with its own idioms ("the blasts killed at least 50
people", "houses destroyed by floods") and its own anchors: not the dead or an explosion, which a
disaster has too, but the doers and means of violence (troops, a missile, a bomber, a gunman).

One pass over the tokens with set look-ups (as the trigger lexicon does): no model, no Matcher.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from wartrace.analysis.registry import AnalysisContext, component
from wartrace.config import load_yaml
from wartrace.model import GenrePassage

ORDINAL = re.compile(r"^(\d+(st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                     r"\w+(tieth|teenth)|eleventh|twelfth)$", re.I)


@dataclass(frozen=True)
class GenreLexicon:
    genre: str
    cues: dict[str, list[tuple[tuple[str, ...], float, bool]]]  # first word -> (words, weight, after ordinal)
    idioms: frozenset[str]  # trigger lemmas (phrases joined by a space)
    anchors: dict[str, list[tuple[str, ...]]] | None = None  # the genre's own words of violence, else the shared ones


@dataclass(frozen=True)
class Lexicons:
    genres: tuple[GenreLexicon, ...]
    anchors: dict[str, list[tuple[str, ...]]]  # first word -> phrases


def _index(phrases) -> dict[str, list]:
    out: dict[str, list] = {}
    for item in phrases:
        words = item[0]
        out.setdefault(words[0], []).append(item)
    return out


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(str(phrase).lower().replace("-", " - ").split())


@lru_cache(maxsize=1)
def genre_lexicons() -> Lexicons:
    data = load_yaml("lexicons/genres.yaml")
    sources = data["sources"]
    genres = []
    for name, entry in data["genres"].items():
        for item in entry["cues"] + entry["idioms"]:
            if item["source"] not in sources:
                raise ValueError(f"lexicons/genres.yaml: {item} cites unknown source {item['source']!r}")
        cues = [(_words(c["cue"]), float(c.get("weight", 1)), c.get("after") == "ordinal") for c in entry["cues"]]
        if name == "sports":  # the clubs data/not_places.yaml keeps from being geocoded
            clubs = load_yaml("not_places.yaml")["organisations"]["sports_clubs"]["names"]
            cues += [(_words(n), 2.0, False) for n in clubs]
        idioms = frozenset(" ".join(_words(i["trigger"])) for i in entry["idioms"])
        own = entry.get("anchors")
        if own is not None and own["source"] not in sources:
            raise ValueError(f"lexicons/genres.yaml: {name}'s anchors cite an unknown source")
        genres.append(GenreLexicon(name, _index([(w, wt, o) for w, wt, o in cues]), idioms,
                                   None if own is None else _anchor_index(own["words"])))
    if data["anchors"]["source"] not in sources:
        raise ValueError("lexicons/genres.yaml: anchors cite an unknown source")
    return Lexicons(tuple(genres), _anchor_index(data["anchors"]["words"]))


def _anchor_index(words) -> dict[str, list[tuple[str, ...]]]:
    return {k: [p[0] for p in v] for k, v in _index([(_words(w),) for w in words]).items()}


def _anchor_counts(anchors, forms, sent_of, n_sents: int) -> list[int]:
    out = [0] * n_sents
    for i, (low, lem) in enumerate(forms):
        for words in anchors.get(low, []) + (anchors.get(lem, []) if lem != low else []):
            if _matches(forms, i, words):
                out[sent_of[i]] += 1
                break
    return out


def _matches(forms: list[tuple[str, str]], i: int, words: tuple[str, ...]) -> bool:
    n = len(words)
    return i + n <= len(forms) and all(words[k] in forms[i + k] for k in range(n))


@dataclass(frozen=True)
class GenresConfig:
    genres: tuple[str, ...] = ("sports", "disaster", "crime")  # which genres of data/lexicons/genres.yaml are read
    window: int = 1  # a sentence's passage: it and this many sentences either side
    passage_min: float = 2.0  # cue weight that makes a passage the genre's (one sure word: "the 68th minute")
    document_min: float = 6.0  # cue weight that makes a whole document the genre's
    document_anchor_ratio: float = 0.5  # ... when its anchors are fewer than this times that weight


@component("genres", config=GenresConfig, assigns=("genres",))
def make_genres(resources, config: GenresConfig):
    lex = genre_lexicons()
    chosen = tuple(g for g in lex.genres if g.genre in config.genres)

    def genres(ctx: AnalysisContext) -> None:
        doc = ctx.doc
        if doc is None or len(doc) == 0 or not chosen:
            return
        sents = list(doc.sents)
        forms = [(t.lower_, t.lemma_.lower()) for t in doc]
        sent_of = [0] * len(doc)
        for k, s in enumerate(sents):
            for i in range(s.start, s.end):
                sent_of[i] = k
        shared = _anchor_counts(lex.anchors, forms, sent_of, len(sents))
        out: list[GenrePassage] = []
        for g in chosen:
            anchors = shared if g.anchors is None else _anchor_counts(g.anchors, forms, sent_of, len(sents))
            weight = [0.0] * len(sents)
            found: list[list[str]] = [[] for _ in sents]
            for i, (low, lem) in enumerate(forms):
                for words, w, after_ordinal in g.cues.get(low, []) + (g.cues.get(lem, []) if lem != low else []):
                    if not _matches(forms, i, words):
                        continue
                    if after_ordinal and not (i > 0 and ORDINAL.match(doc[i - 1].text)):
                        continue
                    weight[sent_of[i]] += w
                    found[sent_of[i]].append(doc[i:i + len(words)].text)
                    break
            total, total_anchors = sum(weight), sum(anchors)
            whole = total >= config.document_min and total_anchors < config.document_anchor_ratio * total
            for k, s in enumerate(sents):
                if anchors[k]:
                    continue
                lo, hi = max(0, k - config.window), min(len(sents), k + config.window + 1)
                w, a = sum(weight[lo:hi]), sum(anchors[lo:hi])
                if whole or (w >= config.passage_min and a < w):
                    cues = [c for j in range(lo, hi) for c in found[j]] or [c for f in found for c in f][:8]
                    out.append(GenrePassage(g.genre, s.start_char, s.end_char, cues))
        ctx.analysis.genres = out

    return genres


def idiom_in_genre(analysis, start_char: int, trigger_lemmas: str) -> bool:
    """Whether a trigger (its words' lemmas, space-joined) starting at `start_char` is an idiom of the
    genre of a passage of analysis.genres it lies in."""
    if not analysis.genres:
        return False
    idioms = {g.genre: g.idioms for g in genre_lexicons().genres}
    return any(p.start <= start_char < p.end and trigger_lemmas in idioms.get(p.genre, ()) for p in analysis.genres)
