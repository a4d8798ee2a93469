"""What a Russian or Ukrainian trigger acts on, and the event that makes it (events_slavic.py).

A verb of destroying or hitting («уничтожили», «поразили», «уразили», «ліквідовують», «нанесли
поражение», «завдали ураження») says no more than that something was destroyed: what was destroyed
says what happened. A drone or missile destroyed is air defence (DISR_WEAP), troops destroyed are a
battle (ARMED_CLASH), anything else hit is a strike (ART_MISS_ATTACK). Likewise an attack on troops
or their positions with no weapon named in the sentence is ground fighting («окупанти намагаються
атакувати позиції ЗСУ»), not a strike.

The thing acted on is read by morphology and word order, the same way in both languages: the first
noun phrase after the trigger in its clause, past adverbs, numbers («майже два десятки ударних
БПЛА») and, for destroying, prepositional phrases of place («уразили у росії … завод»); with none
there, the noun phrase before the trigger in its clause when the trigger is passive or impersonal
(«формированиям ВСУ нанесено поражение», «ДРГ ликвидировали»). Troops are a phrase with a word of
data/events/triggers_ru_uk.yaml `personnel` («живой сила», «ДРГ», «позиція») or whose head noun
is animate (pymorphy3's "anim": «ворога», «кадировців»).
"""
from __future__ import annotations

from wartrace.analysis.attribution.slavic import is_preposition, np_after
from wartrace.analysis.events_slavic_subjects import chunks_before
from wartrace.analysis.slavic_text import Sentence, Word, find_sequence, morph

CLAUSE_BREAKS = {",", ".", ";", ":", "!", "?", "—", "–"}
COORDINATORS = {"и", "і", "й", "та"}
PASSIVE_POS = {"PRTS", "PRTF"}


def _passive(w: Word) -> bool:
    """A passive participle or a Ukrainian impersonal -но/-то form («нанесено», «знищено»)."""
    return w.pos in PASSIVE_POS or "pssv" in w.tags or "Impe" in w.tags


def _skip_pp(words: list[Word], k: int, lang: str | None = None) -> int:
    """The index after the prepositional phrase that starts at k, its coordinated nouns included
    («над Брянской и Калужской областями»)."""
    np = _pp_object(np_after(words, k + 1), lang)
    end = np[-1].i + 1 if np else k + 1
    while end + 1 < len(words) and words[end].lower in COORDINATORS and np_after(words, end + 1):
        end = np_after(words, end + 1)[-1].i + 1
    return end


def _pp_object(np: list[Word], lang: str | None) -> list[Word]:
    """A preposition's object within the words np_after gives: up to its first noun and that noun's
    genitives, not a phrase in another case that follows («знищили над областю ворожі безпілотники»:
    «над областю», then what was destroyed)."""
    noun = next((k for k, w in enumerate(np) if w.pos == "NOUN"), None)
    if noun is None:
        return np
    end = noun + 1
    while end < len(np) and (np[end].case == "gent" or (np[end].text.isupper() and len(np[end].text) > 1) or (
            lang is not None and any("gent" in p.tag for p in morph(lang).parse(np[end].lower)))):
        end += 1
    return np[:end]


# words that make a number approximate, some of them prepositions («понад 300 росіян», «свыше 300 военных»)
APPROXIMATE = {"понад", "свыше", "более", "близько", "около", "майже", "почти"}


def target_phrase(s: Sentence, first: int, last: int, quantities: set[str], through: set[str] | None = None,
                  before: bool = True, lang: str | None = None) -> list[Word]:
    """The noun phrase the trigger at words first..last acts on (`lang` lets an active verb's subject
    be known by any nominative reading). Prepositional phrases are passed
    over, except those opened by a preposition of `through` («атаки на позиції»: the phrase inside
    is the target). `before`: look before the trigger when nothing follows it."""
    words = s.words
    k = last + 1
    while k < len(words) and words[k].text not in CLAUSE_BREAKS and words[k].pos not in ("VERB", "INFN"):
        w = words[k]
        if w.lower in APPROXIMATE and k + 1 < len(words) and (words[k + 1].text.isdigit() or words[k + 1].pos == "NUMR"):
            k += 1  # a number's approximation, no preposition of place («ліквідували понад 300 росіян», round 12)
            continue
        if is_preposition(w):
            if through is not None and w.lower in through:
                k += 1
                continue
            k = _skip_pp(words, k, lang)
            continue
        if w.pos in ("ADVB", "NUMR", "PRCL", "CONJ") or w.text.isdigit() or w.lemma in quantities:
            k += 1
            continue
        np = [x for x in np_after(words, k) if x.lemma not in quantities and not x.text.isdigit()]
        if np:
            return np
        k += 1
    if not before:
        return []
    for np, in_pp in chunks_before(words, first, False, words[first]):
        if in_pp:
            continue
        # an active verb's nominative subject is not what it destroys: only a phrase that cannot be one
        if not _passive(words[first]) and not _passive(words[last]) and any(
                w.case == "nomn" or (lang is not None and w.pos == "NOUN" and not w.text.isupper()
                                     and any("nomn" in p.tag for p in morph(lang).parse(w.lower)))
                for w in np):
            return []
        return [w for w in np if w.text not in ("«", "»", '"')]
    return []


def _head(np: list[Word]) -> Word | None:
    """The phrase's first noun (or abbreviation), its head in these phrases."""
    return next((w for w in np if w.pos == "NOUN" or (w.pos is None and w.text.isupper() and len(w.text) > 1)), None)


def is_troops(np: list[Word], lang: str, personnel: list[tuple[str, ...]]) -> bool:
    """Troops or their positions: a word of `personnel`, or an animate head noun."""
    if any(find_sequence(np, key) for key in personnel):
        return True
    head = _head(np)
    if head is None or head.capitalised:  # a capitalised animate noun is a name, not troops
        return False
    return any("anim" in p.tag and p.tag.POS == "NOUN" for p in morph(lang).parse(head.lower)[:1])


def destroyed_code(s: Sentence, first: int, last: int, lang: str, lex, defeat: bool = False) -> str:
    """The ACLED code a destroying trigger gives by what it destroys; with no target found, a drone
    or missile in its clause that is no instrument («Еще по три БПЛА российские военные уничтожили
    над …»). A defeat («нанести поражение») is a battle unless what is defeated is a weapon."""
    np = target_phrase(s, first, last, lex.quantities[lang], lang=lang)
    head = _head(np)
    # a drone named by its adjective: «семь украинских беспилотных летательных аппаратов»
    if head is not None and head.case != "ablt" and (head.lemma in lex.weapons[lang] or any(
            w.lemma in lex.weapons[lang] and w.pos == "ADJF" and w.i < head.i for w in np)):
        return "DISR_WEAP"
    if not np and any(w.lemma in lex.weapons[lang] and w.case != "ablt" for w in _clause(s.words, first, last)):
        return "DISR_WEAP"
    # a site headed by its own noun is struck, whoever is in it («уничтожено 93 украинских военных объекта»,
    # «уразили вісім районів зосередження російських окупантів»)
    if head is not None and any(find_sequence(np[np.index(head):], key) and find_sequence(np[np.index(head):], key)[0][0] == 0
                                for key in lex.target_genitives[lang]):
        return "ART_MISS_ATTACK"
    if np and is_troops(np, lang, lex.personnel[lang]):
        return "ARMED_CLASH"
    # a defeat is a battle, unless what is defeated is a site (ACLED: fire on a facility is a strike):
    # «нанесли поражение объектам энергетической и транспортной инфраструктуры Украины»
    if defeat and not (head is not None and any(find_sequence([head], key) for key in lex.target_genitives[lang]
                                                 if len(key) == 1)):
        return "ARMED_CLASH"
    return "ART_MISS_ATTACK"


def _clause(words: list[Word], first: int, last: int, reach: int = 6) -> list[Word]:
    lo, hi = first, last
    while lo > 0 and words[lo - 1].text not in CLAUSE_BREAKS and first - lo < reach:
        lo -= 1
    while hi + 1 < len(words) and words[hi + 1].text not in CLAUSE_BREAKS and hi - last < reach:
        hi += 1
    return words[lo:hi + 1]


ON_PREPOSITIONS = {"на", "по"}


def is_ground_assault(s: Sentence, first: int, last: int, lang: str, lex) -> bool:
    """An attack trigger («атака», «атакувати») on troops or positions in a sentence that names no
    weapon: ground fighting."""
    t = s.words[first]
    if t.lemma not in lex.assaults[lang] or any(w.lemma in lex.weapons[lang] for w in s.words):
        return False
    np = target_phrase(s, first, last, lex.quantities[lang], through=ON_PREPOSITIONS, before=False)
    # a noun's target is its «на»/«по» phrase («атак на позиції»); its bare genitive is the attacker
    # («атаки военных формирований Украины»)
    if t.pos == "NOUN" and np and not (np[0].i > 0 and s.words[np[0].i - 1].lower in ON_PREPOSITIONS):
        return False
    # or a sector of the front («Окупанти … атакували на трьох напрямках фронту»): the attack is on its troops
    return bool(np) and (is_troops(np, lang, lex.personnel[lang]) or any(w.lemma in lex.fronts[lang] for w in np))
