"""The subject of a verb read by morphology and word order, where there is no parse (Ukrainian) or
the parse found none (events_slavic.py).

- subject_before: the nearest noun phrase before the verb in its clause that can be nominative and
  agrees with the verb in number, past the circumstances between them: prepositional phrases («в
  зоні відповідальності від початку доби»), adverbs, dates. «Підрозділи Сил оборони України в зоні
  відповідальності від початку доби відбили …», «У ніч на 16 вересня сили ППО знищили …».
- governing_verb: an infinitive's finite verb just before it, whose subject is the infinitive's
  («окупанти намагаються атакувати», «якими РФ намагалася атакувати Київ»).
- may_be_object: whether a phrase after the verb may be its object rather than a subject after it.
- shared_subject: a verb with no subject of its own shares that of the sentence's earlier verbs in
  the same number, across the commas of gerund and coordinate clauses but never into a «що»,
  «який» or «де» clause («Окупанти, погрожуючи …, змусили …, після чого розстріляли …»).
"""
from __future__ import annotations

import re

from wartrace.analysis.attribution.slavic import is_preposition
from wartrace.analysis.slavic_text import Word, morph

CLAUSE_BREAKS = {",", ".", ";", ":", "!", "?", "—", "–", "(", ")"}
QUOTES = {"«", "»", '"', "“", "”", "„"}
# a clause that has a subject of its own: reported speech, relative and adverbial clauses
SUBORDINATORS = {"що", "что", "щоб", "чтобы", "де", "где", "коли", "когда", "якщо", "если", "бо", "поскольку",
                 "оскільки", "мол", "нібито", "якобы"}
# every form of «який», «котрий», «который» (pymorphy3-dicts-uk reads «якими» as the name Яким)
RELATIVE = re.compile(r"^(як(ий|а|е|і|ого|ої|ому|ій|им|ими|их|у|ою)|котр\w+|котор\w+)$")


def is_relative(w: Word) -> bool:
    return bool(RELATIVE.match(w.lower))


def is_infinitive(w: Word) -> bool:
    return w.pos == "INFN" or "infn" in w.tags
NP_POS = {"NOUN", "ADJF", "PRTF", "NUMR", None}
AUXILIARIES = {"быть", "бути"}  # «были уничтожены»: the passive's auxiliary
PASSABLE_POS = {"ADVB", "PRCL", "CONJ", "GRND", "INFN", "PRED", "COMP"}


def _np_word(w: Word) -> bool:
    return (w.pos in NP_POS and w.text not in CLAUSE_BREAKS and not is_preposition(w)) or w.text in QUOTES


def _number(w: Word) -> str | None:
    return "plur" if "plur" in w.tags else "sing" if "sing" in w.tags else None


def _reading_number(p) -> str | None:
    """A reading's number; pymorphy3-dicts-uk gives a singular adjective its gender only («ворожий»)."""
    return p.tag.number or ("sing" if p.tag.gender else None)


def _gender(w: Word) -> str | None:
    """A past singular verb's gender («нанесла»: femn), which its subject shares."""
    return next((g for g in ("masc", "femn", "neut") if g in w.tags), None) if _number(w) == "sing" else None


def _can_be_subject(np: list[Word], verb: Word, lang: str) -> int | None:
    """The index in np of its first word that can be nominative and agrees with the verb's number
    (any dictionary reading: pymorphy3 reads «Сили» first as genitive singular); an abbreviation
    («ЗСУ», «РФ») agrees with any number."""
    number, gender = _number(verb), _gender(verb)
    for k, w in enumerate(np):
        if w.text in QUOTES:
            continue
        if w.pos is None and w.text.isupper() and len(w.text) > 1:
            if k > 0 and np[k - 1].pos == "NOUN":
                continue  # «формированиям ВСУ»: the genitive of the noun before it
            return k
        if w.pos not in ("NOUN", "ADJF", "PRTF", "NUMR"):
            continue
        readings = [p for p in morph(lang).parse(w.lower) if "nomn" in p.tag]
        if any((number is None or _reading_number(p) in (None, number))
               and (gender is None or p.tag.gender in (None, gender) or "ms-f" in p.tag.grammemes) for p in readings):
            return k
    return None


def chunks_before(words: list[Word], i: int, cross_commas: bool, verb: Word):
    """The noun phrases before word i, nearest first, each with whether a preposition opens it;
    stops at a clause that has its own subject."""
    j = i - 1
    while j >= 0:
        w = words[j]
        if w.lower in SUBORDINATORS or is_relative(w) or (w.pos == "NPRO" and w.case == "nomn"):
            return  # a clause of its own, or a pronoun that is the subject («вони випустили»)
        if w.text == ")":
            # a bracketed abbreviation is no clause break («Российские средства противовоздушной
            # обороны (ПВО) с полудня … перехватили», «Вооруженные силы Украины (ВСУ) атаковали»)
            opening = next((k for k in range(j - 1, max(-1, j - 4), -1) if words[k].text == "("), None)
            if opening is not None:
                j = opening - 1
                continue
        if w.text in DASHES and (opening := _aside_opening(words, j)) is not None:
            # an aside between dashes is no clause break («Російські військові регулярно з різних видів
            # озброєння – ударними БпЛА, ракетами, КАБами, РСЗВ – атакують»)
            j = opening - 1
            continue
        if w.text == ":" and 0 < j < len(words) - 1 and words[j - 1].text.isdigit() and words[j + 1].text.isdigit():
            j -= 1  # a time of day, «с 15:00 до 18:00», is no clause break
            continue
        if w.text == "," and (opening := _relative_opening(words, j)) is not None:
            # a relative clause between commas hangs on the subject before it, no clause break («Підрозділи Сил
            # оборони України, які забезпечуються безпілотниками …, знищили 223 одиниці техніки», round 12)
            j = opening - 1
            continue
        if w.text == "," and j >= 2 and words[j - 1].pos in ("ADVB", "PRCL") and words[j - 2].text == ",":
            j -= 3  # a parenthetical word between commas is no clause break («представники військ …, ймовірно,
            continue  # розстріляли»)
        if w.text in CLAUSE_BREAKS:
            if not cross_commas or w.text not in (",", "—", "–"):
                return
            j -= 1
            continue
        if w.pos == "VERB" and not is_infinitive(w) and w.lemma not in AUXILIARIES \
                and not (cross_commas and _number(w) == _number(verb)):
            return
        if _np_word(w):
            end = j
            while j >= 0 and _np_word(words[j]) and words[j].lower not in SUBORDINATORS and not is_relative(words[j]):
                j -= 1
            yield words[j + 1:end + 1], j >= 0 and is_preposition(words[j])
            if j >= 0 and is_preposition(words[j]):
                j -= 1
            continue
        if w.pos in PASSABLE_POS or w.pos == "VERB" or is_preposition(w) or w.pos == "NPRO":
            j -= 1
            continue
        j -= 1


DASHES = {"—", "–"}
# spans of time a prepositional phrase measures («за ночь», «за добу»): never the genitive's owner
TIME_NOUNS = {"ночь", "сутки", "день", "неделя", "доба", "ніч", "тиждень"}


def _relative_opening(words: list[Word], j: int, reach: int = 16) -> int | None:
    """The comma that opens the relative clause a comma at j closes: a comma right before a relative word
    («, які …,»), within `reach` words, with no other punctuation or subordinate clause between; the clause
    must follow a noun (the subject it describes)."""
    for k in range(j - 1, max(0, j - reach - 1), -1):
        w = words[k]
        if is_relative(w):
            return k - 1 if words[k - 1].text == "," and k >= 2 and words[k - 2].pos == "NOUN" else None
        if w.text in CLAUSE_BREAKS or w.text in (".", ";", ":", "!", "?") or w.lower in SUBORDINATORS:
            return None
    return None


def _aside_opening(words: list[Word], j: int, reach: int = 12) -> int | None:
    """The dash that opens the aside a dash at j closes: within `reach` words before it, with no
    finite verb, sentence punctuation or subordinate clause between them."""
    for k in range(j - 1, max(-1, j - reach - 1), -1):
        w = words[k]
        if w.text in DASHES:
            return k if k > 0 else None
        if w.text in (".", ";", ":", "!", "?") or w.lower in SUBORDINATORS or is_relative(w) \
                or (w.pos == "VERB" and not is_infinitive(w)):
            return None
    return None


def subject_before(words: list[Word], verb: Word, lang: str) -> list[list[Word]]:
    """The noun phrases before the verb in its clause that may be its subject, nearest first, up to
    the first that is one outside a prepositional phrase. Inside one, a later noun that can be
    nominative may begin the subject the phrase runs into («У листопаді сили оборони України
    звільнили»): the caller takes the first that names a side."""
    out = []
    for np, in_pp in chunks_before(words, verb.i, False, verb):
        if in_pp:  # not an abbreviation, which is the genitive of the noun before it («по позиціях ЗСУ»),
            # unless that noun is a time («за ночь ВСУ сожгли», «за добу ЗСУ уразили»)
            out += [np[n:] for n in range(1, len(np)) if (np[n].pos == "NOUN" and not np[n].text.isupper()
                    and _can_be_subject(np[n:n + 1], verb, lang) == 0) or _after_time(np, n)]
            continue
        k = _can_be_subject(np, verb, lang)
        if k is not None:
            return out + [np[k:]]
    return out


def _after_time(np: list[Word], n: int) -> bool:
    """An abbreviation right after a time noun in a prepositional phrase, which is no genitive of it but
    the clause's subject («за ночь ВСУ сожгли», «за добу ЗСУ уразили»)."""
    return np[n].text.isupper() and len(np[n].text) > 1 and np[n - 1].lemma in TIME_NOUNS


def fronted_object(words: list[Word], verb: Word, lang: str) -> bool:
    """Whether the phrase just before the verb, in its clause and outside a prepositional phrase, cannot
    be its subject (it disagrees in number): then it is the object put first, and a nominative phrase
    after the verb is the subject («заявив, що місто обстріляли Збройні сили України»). Adverbs may
    stand between it and the verb, and a prepositional phrase may hang on it (round 11, batch 11 dev row
    uk-11064: «Кожну з таких груп систематично знищують українські підрозділи»)."""
    chunks = chunks_before(words, verb.i, False, verb)
    first = next(chunks, None)
    if first is None or any(words[k].pos not in ("ADVB", "PRCL") for k in range(first[0][-1].i + 1, verb.i)):
        return False
    if first[1]:  # «з таких груп»: the prepositional phrase's head is the phrase before it
        opening = first[0][0].i - 1
        first = next(chunks, None)
        if first is None or first[1] or first[0][-1].i != opening - 1:
            return False
    return _can_be_subject(first[0], verb, lang) is None


def shared_subject(words: list[Word], verb: Word, lang: str) -> list[Word]:
    """The subject of the sentence's earlier verbs of the verb's number, for a verb with none of its own."""
    if verb.pos != "VERB":
        return []
    for np, in_pp in chunks_before(words, verb.i, True, verb):
        if in_pp:
            n = next((n for n in range(1, len(np)) if _after_time(np, n)), None)
            if n is not None:
                return np[n:]
            continue
        k = _can_be_subject(np, verb, lang)
        if k is not None:
            return np[k:]
    return []


def governing_verb(words: list[Word], t: Word) -> Word | None:
    """The finite verb an infinitive trigger depends on, just before it past adverbs («безуспішно
    намагаються інфільтруватися»)."""
    if not is_infinitive(t):
        return None
    k = t.i - 1
    while k >= 0 and words[k].pos in ("ADVB", "PRCL"):
        k -= 1
    return words[k] if k >= 0 and words[k].pos == "VERB" else None


def may_be_object(np: list[Word], lang: str) -> bool:
    """Whether a phrase after a verb may be its object: natasha's parse (Russian) makes a noun of it
    an object or a circumstance, or each of its nouns is an inanimate one with an accusative reading
    (pymorphy3). People after the verb are its doers («обстріляли Херсон окупанти»): the dictionary
    gives «окупанти» an accusative too, but a report names those it harms in the genitive-accusative
    («вбили двох цивільних»)."""
    nouns = [w for w in np if w.pos == "NOUN" or (w.text.isupper() and len(w.text) > 1)]
    if any(w.rel in ("obj", "iobj", "obl") for w in nouns):
        return True

    def inanimate_accusative(w: Word) -> bool:
        readings = morph(lang).parse(w.lower)
        return any("accs" in p.tag for p in readings) and not any("anim" in p.tag for p in readings)
    return bool(nouns) and all(inanimate_accusative(w) for w in nouns)
