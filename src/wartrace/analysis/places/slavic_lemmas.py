"""Russian and Ukrainian word readings for the Cyrillic recogniser (cyrillic.py): the dictionary form of a
declined place name the crude stemmer misses, and whether a capitalised word is a first name or otherwise
no village's name (pymorphy3's tags).

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

from wartrace.analysis.gazetteer import Gazetteer, norm, stem_cyrillic
from wartrace.analysis.places.words import BIG_CITY_POP
from wartrace.analysis.slavic_text import morph

# the softened ending -> the hard stem consonant (norm()'s spelling)
SOFTENED = re.compile(r"(?<=\w{2})([цзс])і$")
HARD = {"ц": "к", "з": "г", "с": "х"}
# «Миколаєві» reads first as the plural of the possessive adjective «Миколаїв» (Mykola's): its lemma still names the city
NAME_POS = {"NOUN", "ADJF"}


def alternated_stem(word: str) -> str | None:
    """«Костянтинівці» -> «костянтинівк», the stem with its hard consonant back; None if none."""
    k = norm(word)
    m = SOFTENED.search(k)
    if m is None or " " in k:
        return None
    return k[: m.start()] + HARD[m.group(1)]


@lru_cache(maxsize=4096)
def lemma_key(gaz: Gazetteer, word: str) -> str | None:
    """The gazetteer key of a one-word name by its hard-consonant stem or its pymorphy3 noun (or adjective) lemma."""
    if " " in word.strip():
        return None
    stem = alternated_stem(word)
    if stem and stem in gaz.stems:
        return "~" + stem
    plain = re.sub("[’ʼ`]", "'", word)
    for lang in ("uk", "ru"):
        for p in morph(lang).parse(plain)[:3]:
            if p.tag.POS not in NAME_POS:
                continue
            lemma = norm(p.normal_form)
            if lemma == norm(word) or lemma not in gaz.index:
                continue
            # an adjective's lemma only where it is a big city's name (the possessive reading of
            # «Миколаєві»), not any village named like an adjective («Черноморского флота»)
            if p.tag.POS == "NOUN" or any(c.population >= BIG_CITY_POP for c in gaz.lookup_key(lemma)):
                return lemma
    return None


@lru_cache(maxsize=4096)
def first_name(word: str) -> bool:
    """Whether pymorphy3 reads a capitalised word first as a given name («Вадим», «Ольга», «Сергей»), in
    Russian or Ukrainian: before a capitalised word it is a person's name, not the village so named."""
    plain = re.sub("[’ʼ`]", "'", word)
    return any("Name" in morph(lang).parse(plain)[0].tag.grammemes for lang in ("ru", "uk"))


# an adjective's oblique endings (norm()'s spelling, й -> и) on the first word of a two-word name
ADJECTIVE_CASE = re.compile(r"(?:ому|ого|ій|іи|ои|ой|ую|у|ою|ої|оі|им|ым|ім|ом|ему|его)$")


def two_word_stem(name: str) -> str | None:
    """«Кривому Розі» -> «крив рог», «Часовому Яру» -> «часов яр»: an adjective and a noun declined
    together, the adjective cut back to its stem and the noun's softened consonant hardened, as
    stem_cyrillic cuts the names they are compared with («Кривий Ріг» has the Russian spelling
    «Кривой Рог»: «крив рог»)."""
    parts = norm(name).split(" ")
    if len(parts) != 2:
        return None
    adjective = ADJECTIVE_CASE.sub("", parts[0])
    noun = alternated_stem(parts[1]) or stem_cyrillic(name).split(" ")[-1]
    return f"{adjective} {noun}" if len(adjective) >= 3 and adjective != parts[0] else None



PERSON_OR_BODY = {"Name", "Surn", "Patr", "Orgn", "Abbr"}


@lru_cache(maxsize=4096)
def not_a_village_name(word: str) -> bool:
    """Whether a capitalised word reads as something a village's name seldom is, so that it needs a
    preposition or a population to be taken for one: an adjective («Южной», «Українські»), a word the
    Russian dictionary knows but not as a place («Силы», «Совета»), or a name or body the dictionaries
    themselves list («Федоров», «Умерову»). Their guesses for unknown words do not count: pymorphy3
    guesses a surname for any «Козинку»; and the Ukrainian dictionary lists many villages as plain nouns
    («Бурлук», «Білозерку»), so only the Russian one's knowledge of a common word counts."""
    plain = re.sub("[’ʼ`]", "'", word)
    for lang in ("ru", "uk"):
        m = morph(lang)
        known = m.word_is_known(plain.lower())
        parses = m.parse(plain)[:3]
        if parses[0].tag.POS in ("ADJF", "PRTF"):
            return True
        if known and any(PERSON_OR_BODY & set(p.tag.grammemes) for p in parses):
            return True
        if lang == "ru" and known and not any("Geox" in p.tag.grammemes for p in parses):
            return True
    return False
