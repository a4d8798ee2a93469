"""Who a Russian or Ukrainian phrase names: a registry actor, a person, or a side.

    actor_in(words, registry)        # "Головного управління розвідки" -> GUR (any case form)
    person_name(words, "uk")         # "Олег Синєгубов" -> "Oleh Syniehubov"

The registry (data/actors.yaml) holds each actor's Ukrainian and Russian names (`names_uk_ru`)
beside the English ones; names decline, so they are compared as lemma sequences. A person's
name is romanised (translitua: the Ukrainian national system for Ukrainian, a simple table for
Russian) so that identity.py's romanisation folding and officials registry make «Олег
Синєгубов», «Олег Синегубов», "Oleh Syniehubov" and "Oleg Sinegubov" one person.
"""
from __future__ import annotations

import re

from wartrace.analysis.actors import Actor, Registry
from wartrace.analysis.slavic_text import CYRILLIC, NAME_TAGS, Word, lemma_key

_INDEX: dict[int, dict[tuple[str, ...], Actor]] = {}


def _lemma_index(registry: Registry) -> dict[tuple[str, ...], Actor]:
    """Lemma sequence -> actor, for every Cyrillic name in the registry (read as Russian and as
    Ukrainian: a name's language is not recorded). Built once per registry."""
    if id(registry) in _INDEX:
        return _INDEX[id(registry)]
    out: dict[tuple[str, ...], Actor] = _INDEX.setdefault(id(registry), {})
    for actor in registry.actors:
        for alias in actor.aliases:
            if CYRILLIC.search(alias):
                for lang in ("uk", "ru"):
                    out.setdefault(lemma_key(alias.replace("«", "").replace("»", ""), lang), actor)
    return out


def actor_in(words: list[Word], registry: Registry) -> Actor | None:
    """The registry actor the longest run of `words` names, by lemmas or by the forms as written."""
    index = _lemma_index(registry)
    longest = max((len(k) for k in index), default=0)
    best: tuple[int, Actor] | None = None
    words = [w for w in words if w.text not in ("«", "»", '"')]
    for i in range(len(words)):
        for n in range(min(longest, len(words) - i), 0, -1):
            run = words[i:i + n]
            actor = index.get(tuple(w.lemma for w in run)) or index.get(tuple(w.lower for w in run))
            if actor is not None:
                if best is None or n > best[0]:
                    best = (n, actor)
                break
    return best[1] if best else None


def _nominative(w: Word) -> str:
    """A name word in the nominative when the dictionary knows it as a name, else as written
    (romanisation folding absorbs a case ending: "Lysaka" is within reach of "Lysak")."""
    if NAME_TAGS & w.tags and w.lemma:
        return w.lemma[:1].upper() + w.lemma[1:]
    return w.text


def romanise(text: str, lang: str) -> str:
    import translitua

    return translitua.translit(text, translitua.RussianSimple if lang == "ru" else translitua.UkrainianKMU)


def person_name(words: list[Word], lang: str) -> str | None:
    """The person a phrase names (the last run of capitalised name words), romanised; None when it
    names nobody ("губернатор региона", "Минобороны")."""
    runs: list[list[Word]] = []
    for w in words:
        if not (w.capitalised and CYRILLIC.search(w.text) and not w.text.isupper() and len(w.text) > 1):
            continue
        follows = bool(runs) and runs[-1][-1].i == w.i - 1
        # a name word, or a capitalised word the dictionary does not know right after one (a rare
        # surname: «Олександр Мотузяник»); «України» in «речник … України Олександр» is no name
        if NAME_TAGS & w.tags or (follows and "Geox" not in w.tags and "Orgn" not in w.tags):
            if follows:
                runs[-1].append(w)
            else:
                runs.append([w])
    people = [r for r in runs if any(NAME_TAGS & w.tags for w in r)]
    if not people:
        return None
    return re.sub(r"\s+", " ", romanise(" ".join(_nominative(w) for w in people[-1][-3:]), lang)).strip()
