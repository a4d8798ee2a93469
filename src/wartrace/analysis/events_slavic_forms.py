"""Passive participles read as the verbs they come from, so a trigger verb is found in the passive
(«была убита», «вбита», «розстріляних», «знищені»), by morphology rather than a list of forms.

pymorphy3-dicts-uk gives a Ukrainian passive participle as an adjective lemma of its own
(«знищені» -> «знищений», ADJF with "pssv"); the verb is found by the regular formation of the
participle from the infinitive (Ukrainian grammar: -ати -> -аний, -яти -> -яний, -ити/-іти ->
-ений with the stem's last consonant alternating, з:ж, с:ш, т:ч, д:дж, ст:щ, п:пл, б:бл, в:вл,
м:мл, ф:фл, or -ити -> -итий, -ути -> -утий), generated from each trigger verb and kept where the
dictionary knows the participle. Russian dictionaries do give the verb as the lemma of a participle
reading, but not always first («убита»: the adjective «убитый» before the participle of «убить»):
a reading of the word as a participle of a trigger verb is taken over the adjective.
Only a participle that is the predicate counts (see as_verb).

A hyphenated compound the dictionary does not know is read by its part that is a weapon
(«дронами-камикадзе», «дрон-камикадзе»: «дрон»), so the weapon rules see it; and an abbreviation
the dictionary reads as a verb is a name («БПЛА» as a form of «бпнуть»), its lemma as written.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from wartrace.analysis.slavic_text import Word, morph

ALTERNATIONS = [("", ""), ("з", "ж"), ("с", "ш"), ("т", "ч"), ("д", "дж"), ("ст", "щ"), ("зд", "ждж"),
                ("п", "пл"), ("б", "бл"), ("в", "вл"), ("м", "мл"), ("ф", "фл")]


def _ukrainian_participles(verb: str) -> list[str]:
    """The passive participle lemmas a Ukrainian infinitive may form."""
    for ending, suffix in (("ати", "аний"), ("яти", "яний"), ("ути", "утий")):
        if verb.endswith(ending):
            return [verb[:-len(ending)] + suffix]
    if verb.endswith(("ити", "іти", "їти")):
        stem = verb[:-3]
        out = [stem + verb[-3] + "тий"]
        for plain, alternated in ALTERNATIONS:
            if stem.endswith(plain):
                out.append(stem[:len(stem) - len(plain)] + alternated + "ений")
        return out
    return []


@lru_cache(maxsize=4)
def participle_verbs(lang: str, verbs: frozenset[str]) -> dict[str, str]:
    """Ukrainian participle lemma -> trigger verb, for the participles the dictionary knows."""
    out: dict[str, str] = {}
    if lang != "uk":
        return out
    for verb in verbs:
        for p in _ukrainian_participles(verb):
            if any(r.normal_form == p and "pssv" in r.tag for r in morph(lang).parse(p)):
                out[p] = verb
    return out


def as_verb(w: Word, nxt: Word | None, lang: str, verbs: frozenset[str]) -> Word:
    """The word read as the participle of a trigger verb where it is one and says what was done, else
    as it was: a predicate («була вбита», «знищені.»), not a modifier before its noun («вбитих
    мирних жителів» names victims) — in Russian a short form, in Ukrainian a form no noun or
    adjective follows."""
    if lang == "ru" and w.pos != "ADJS" or lang == "uk" and (w.pos != "ADJF" or (
            nxt is not None and nxt.pos in ("NOUN", "ADJF", "PRTF"))):
        return w
    if lang == "uk":
        verb = participle_verbs(lang, verbs).get(w.lemma)
        if verb is None:
            return w
        return replace(w, lemma=verb, pos="PRTF", tags=w.tags | {"pssv"})
    reading = next((p for p in morph(lang).parse(w.lower)
                    if p.tag.POS in ("PRTF", "PRTS") and p.normal_form.replace("ё", "е") in verbs), None)
    if reading is None:
        return w
    return replace(w, lemma=reading.normal_form.replace("ё", "е"), pos=reading.tag.POS, case=reading.tag.case,
                   tags=frozenset(reading.tag.grammemes))


def compound_weapon(w: Word, lang: str, weapons: set[str]) -> Word:
    """A hyphenated word read as the weapon its first or last part is, when it is no weapon whole;
    an upper-case abbreviation read as a verb, as the name it is."""
    if w.text.isupper() and len(w.text) > 1 and w.pos in ("VERB", "INFN", "PRTS", "GRND"):
        return replace(w, lemma=w.lower, pos="NOUN", case=None, tags=frozenset())
    if "-" not in w.text or w.lemma in weapons:
        return w
    parts = [p for p in w.lower.split("-") if p]
    for part in (parts[0], parts[-1]) if parts else ():
        lemma = morph(lang).parse(part)[0].normal_form.replace("ё", "е")
        if lemma in weapons:
            return replace(w, lemma=lemma)
    return w
