"""The dictionary form of a declined Cyrillic place name, for the names the crude stemmer misses.

Ukrainian softens a stem's last consonant in the dative and locative of feminine nouns in -ка,
-га, -ха: «Костянтинівка» -> «у Костянтинівці», «Прага» -> «у Празі», «Чернечий Яр» stays. The
stemmer cuts «Костянтинівці» to «костянтинівц», which no name's stem is; the hard consonant is
put back (ц -> к, з -> г, с -> х) and, failing that, pymorphy3 (pymorphy3-dicts-uk / -ru) is
asked for the word's lemma. Only a lemma that is itself a gazetteer name is taken: pymorphy
guesses a lemma for any unknown word («Обеста» -> «обест»), and a guess must not become a place.
Source of the alternation: Ukrainian grammar, the second palatalisation in the dative/locative
singular of the first declension (uk.wikipedia.org/wiki/Чергування_приголосних).
"""
from __future__ import annotations

import re
from functools import lru_cache

from wartrace.analysis.gazetteer import Gazetteer, norm
from wartrace.analysis.slavic_text import morph

# the softened ending -> the hard stem consonant (norm()'s spelling)
SOFTENED = re.compile(r"(?<=\w{3})([цзс])і$")
HARD = {"ц": "к", "з": "г", "с": "х"}
NOUN_TAGS = {"NOUN"}


def alternated_stem(word: str) -> str | None:
    """«Костянтинівці» -> «костянтинівк», the stem with its hard consonant back; None if none."""
    k = norm(word)
    m = SOFTENED.search(k)
    if m is None or " " in k:
        return None
    return k[: m.start()] + HARD[m.group(1)]


@lru_cache(maxsize=4096)
def lemma_key(gaz: Gazetteer, word: str) -> str | None:
    """The gazetteer key of a one-word name by its hard-consonant stem or its pymorphy3 noun lemma."""
    if " " in word.strip():
        return None
    stem = alternated_stem(word)
    if stem and stem in gaz.stems:
        return "~" + stem
    plain = re.sub("[’ʼ`]", "'", word)
    for lang in ("uk", "ru"):
        for p in morph(lang).parse(plain)[:3]:
            if p.tag.POS not in NOUN_TAGS:
                continue
            lemma = norm(p.normal_form)
            if lemma != norm(word) and lemma in gaz.index:
                return lemma
    return None
