"""Events in Russian and Ukrainian text: ACLED types from lemma triggers, the perpetrator by the
same rules as English.

Triggers (data/events/triggers_ru_uk.yaml) are matched on lemmas, a phrase's words in order
(«нанесла массированный удар», «взяли под контроль»), predicative participles as their verbs
(events_slavic_forms.py); one event per ACLED event type and sentence, from the first of its triggers
whose doer is named. A verb of destroying takes its type from what it destroys, and an attack on
troops with no weapon named is ground fighting (events_slavic_targets.py).
The perpetrator (actor1) is the agent of the violence, never the claimant's side by default:
- the subject of an active verb trigger (natasha's nsubj in Russian, the nominative phrase by word
  order in Ukrainian): «окупанти вбили», «ВСУ обстреляли», «російська армія вдарила»; where the parse
  finds none, the phrase that agrees with the verb past the circumstances, or the subject the
  sentence's earlier verbs share (events_slavic_subjects.py); an infinitive's, that of its verb;
- the agent of a passive, in the instrumental, on either side: «обстрелян российскими военными»,
  «Вооруженными силами … нанесено»; a passive's nominative is never its doer;
- a modifier of a nominal trigger or of the weapon: «російський обстріл», «обстрела ВСУ», «удара
  России», «беспилотник ВСУ», «украинский снаряд», «атаки росіян»; «со стороны ВСУ», «з боку окупантів»,
  «в результате действий X»; for remote fire, where it came from («з росії прилетіло»);
- with no parse (Ukrainian), a trigger verb coordinated with an earlier one shares its subject
  («Сили оборони стримують натиск та вже відбили 50 атак»);
- «ворог», «враг», «противник» name the side opposed to whoever reports it (the sentence's claimant;
  in Ukrainian text with no claimant of known side, Ukraine: triggers_ru_uk.yaml enemy_speaker); with
  no reporter of known side, the side opposed to what it attacks («противник атаковал российские
  регионы»: Ukraine's);
- a nominal trigger coordinated with another noun shares its adjectives («під ворожим вогнем та
  авіаударами»);
- round 6 (batch 6): a light verb's subject past the trigger's numbers («противник здійснив 116
  обстрілів»), never the genitive the trigger acts on («позицій українських військ»); the agent after a
  passive participle («ударів, завданих ЗС РФ»); «один з окупантів» is the occupiers'; the dative of
  «вдалося»; the subject two coordinated verbs share before the first one's object; a weapon after a
  verb of attack is its subject; an armed body that reports in the impersonal plural («В Воздушных
  силах ВСУ рассказали, что сбили») reports its own act; weapons stored («склад боеприпасов ВСУ») are
  no weapon fired; the claimant of a headline dash form («… – Федоров») is the reporter of «враг».
- round 7 (batch 7): a nominal trigger that is the subject of an ordinary verb keeps its own doer
  («зібрав удар російських окупантів»); asides between dashes and times of day part no subject from
  its verb; genitive chains run through ordinals («6-ї Армії ЗС РФ»); a passive's instrumental agent
  anywhere before it in its clause; an enemy word on a downed weapon is read against the speaker, and
  the weapon is never the shooter; a drone that kills strikes; damage by a named side is a strike; a
  capture that sets up the killing of the captives is no battle; with no reporter of known side, an
  enemy word in a sentence whose places all lie in Russia is Ukraine's, in Ukrainian oblasts Russia does
  not administer Russia's (triggers_ru_uk.yaml no_russian_administration).
- round 8 (batch 8): a name in apposition to a subject's genitive («Бойцы батальона «Запад-Ахмат»»); a
  compound's last part names a side («з території країни-окупанта»); «наш» is the reporter's side; an
  instrumental adjective standing for a noun takes its genitives («розстрілу військовими Росії»); «при
  помощи»/«за допомогою» a side's forces; a lower-case word read only as a surname is an adjective
  («російську дронову атаку»); the subject after a fronted object («місто обстріляли Збройні сили
  України»), past a parenthetical word, and an abbreviation after «за ночь»/«за добу»; the dative doer
  through quotation marks; an accusation past a hedge («в нібито обстрілі»); fire at civilians with no
  weapon of war is violence against civilians; a site destroyed is a strike (events_slavic_targets.py).
- round 12 (batches 11 and 12): a parsed genitive that a nominal trigger attacks is no doer («во время штурма
  украинских позиций … захватчики взяли в плен»); a verb coordinated with an earlier one shares that verb's
  subject with the nominal trigger it governs («подразделения "Вагнер" контролируют … и продолжают наступление»);
  the object of a verb of congratulating and the subject of a predicate of taking part are credited with a
  nominal trigger after a preposition («поздравил бойцов группировки «Центр» с освобождением»); a relative clause
  between commas parts no subject from its verb (events_slavic_subjects.py); «понад 300 росіян» is a count, not
  a prepositional phrase (events_slavic_targets.py).
Never the target: not the subject of a verb the trigger hangs on through a preposition («под ударом
оказались три российских региона»), nor a phrase after the verb that may be its object.
A place's adjective names no side («в Киевской области» is not the «киевский режим»).
A verbal trigger under negation («ударов не наносили») is no event; one reported with a hedge
(«нібито», «якобы») or inside a denial is "alleged"; one commanded, a trigger verb in the imperative
(«расстреляйте их») or governed by a word of command («приказал расстрелять», «наказав обстріляти»),
is "ordered". «Взять»/«узяти» is territory taken only when what is taken is not people
(«возьмите пленных» is not). In a recording's transcript a word the dictionary does not know is
read as the trigger verb it is nearest to (Whisper's «расстаряйте» for «расстреляйте»), as
analysis/russian.py reads a misheard place name. IHL indicators come from the English rules of
data/ihl_rules.yaml, each word read as its English gloss (data/events/ihl_gloss_ru_uk.yaml).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from wartrace.analysis.actors import Registry, actor_by_id, load_actors
from wartrace.analysis.attribution.slavic import is_preposition, load_lexicon, np_after, np_before
from wartrace.analysis.event_merge import Placed, merge_happenings
from wartrace.analysis.event_model import taxonomy
from wartrace.analysis.events_slavic_forms import as_verb, compound_weapon
from wartrace.analysis.events_slavic_ihl import ihl_of
from wartrace.analysis.events_slavic_subjects import (
    fronted_object,
    governing_verb,
    is_relative,
    may_be_object,
    shared_subject,
    subject_before,
)
from wartrace.analysis.events_slavic_targets import ON_PREPOSITIONS, destroyed_code, is_ground_assault, target_phrase
from wartrace.analysis.slavic_actors import actor_in
from wartrace.analysis.slavic_text import Sentence, Word, find_sequence, lemma_key, morph
from wartrace.config import load_yaml
from wartrace.model import Claim, Event, Place, Span

PERPETRATOR_BODY = {"RU": "RU-AF", "UA": "UA-AF"}
QUOTE_MARKS = {"«", "»", '"', "“", "”", "„"}
# «с позиций ВСУ обстреляли», «з росії прилетіло 72 снаряди»: where remote fire came from is whose it was
ORIGIN_PREPOSITIONS = {"з", "із", "зі", "с", "со", "из"}
REMOTE = {"ART_MISS_ATTACK", "AIR_STRIKE"}
# registry bodies that are themselves the doer («ВСУ», «ЧВК Вагнер», «СБУ»), by actors.yaml type
ARMED_TYPES = {"military", "armed_group", "intelligence_service", "security_service"}
OPPOSITE = {"RU": "UA", "UA": "RU"}
VIOLENT = {"Explosions/Remote violence", "Battles", "Violence against civilians"}
# «со стороны ВСУ», «з боку окупантів», «с территории Украины»: whose fire it was
# and «при помощи российской авиации», «за допомогою російської авіації»: the means a side struck with
SIDE_PREPOSITIONS = {("со", "сторона"), ("з", "бік"), ("с", "сторона"), ("із", "бік"), ("с", "территория"),
                     ("з", "територія"), ("із", "територія"), ("при", "помощь"), ("за", "допомога"),
                     # round 9 (batch 9, dev row uk-9086): «Удари були здійснені за участю підрозділів …»
                     ("за", "участь"), ("при", "участие")}
# the nominal triggers whose genitive is the victim («страта військового», «расстрел пленных»)
VICTIM_GENITIVE = {"ATTACK", "ARREST"}
DESTROY = "DESTROY"  # a verb of destroying: its code comes from what it destroys (events_slavic_targets.py)
DEFEAT = "DEFEAT"  # «нанести поражение»: a battle, unless what is defeated is a weapon
DAMAGE = "DAMAGE"  # a verb of damaging: a strike when its doer names a side, else no event


@dataclass(frozen=True)
class TriggerLexicon:
    triggers: dict[str, list[tuple[str, tuple[str, ...]]]]  # lang -> [(code, lemma key)]
    air_weapons: dict[str, set[str]]
    sides: dict[str, list[tuple[str, tuple[str, ...]]]]  # lang -> [(side, lemma key)]
    enemy: set[str]
    negation: set[str]
    launch: dict[str, list[tuple[str, ...]]]
    weapons: dict[str, set[str]]
    fire: dict[str, list[tuple[str, ...]]]
    deaths: dict[str, set[str]]
    injuries: dict[str, set[str]]
    not_counts: dict[str, set[str]]
    numbers: dict[str, dict[str, int]]
    orders: dict[str, set[str]]
    taking: dict[str, set[str]]
    enemy_speaker: dict[str, str]  # lang -> the side that says «ворог» when no claimant's side is known
    destroying: dict[str, list[tuple[str, ...]]]  # lang -> lemma keys of destroying or hitting
    defeat: dict[str, list[tuple[str, ...]]]
    personnel: dict[str, list[tuple[str, ...]]]  # lang -> lemma keys of troops and their positions
    quantities: dict[str, set[str]]
    assaults: dict[str, set[str]]
    side_prefixes: list[tuple[str, str]]  # (side, beginning of a word)
    doer_nouns: dict[str, set[str]]  # lang -> nouns whose genitive is the doer («действий подразделений»)
    # lang -> lemma keys of what a nominal trigger's genitive is when it is the target («обстрілів позицій»)
    target_genitives: dict[str, list[tuple[str, ...]]]
    # lang -> nouns of assault a verb of repelling takes («отразили атаку»); of drones, air defence
    repelled: dict[str, set[str]] = None
    # lang -> lemma keys of damaging («ВСУ повредили семь жилых домов»): a strike when a side does it
    damaging: dict[str, list[tuple[str, ...]]] = None
    no_russian_administration: frozenset[str] = frozenset()  # Ukrainian admin1 names (GeoNames)
    own: frozenset[str] = frozenset()  # «наш»: the speaker's own side
    civilians: dict[str, set[str]] = None  # lang -> lemmas of people fire at whom is violence against civilians
    fronts: dict[str, set[str]] = None  # lang -> sectors of a front line («напрямок»)
    # modality ("planned", "attempted", "threatened") -> lang -> words that govern a trigger that did not happen
    intents: dict[str, dict[str, set[str]]] = None
    # lang -> verbs whose object is credited with the act of a nominal trigger after a preposition («поздравил бойцов
    # … с освобождением»), and predicates whose subject took part in it («к освобождению причастны подразделения»)
    credit_verbs: dict[str, set[str]] = None
    part_predicates: dict[str, set[str]] = None


@lru_cache(maxsize=1)
def load_triggers() -> TriggerLexicon:
    d = load_yaml("events/triggers_ru_uk.yaml")
    # a list is named by its ACLED code, or names the code it gives («blast: {code: ART_MISS_ATTACK}»)
    rep = d["repelling"]
    triggers = {lang: sorted([(by.get("code", name), lemma_key(p, lang)) for name, by in d["triggers"].items()
                              for p in by[lang]]
                             # every verb of repelling with every noun of assault: «отразили … контратаки»
                             + [("ARMED_CLASH", lemma_key(v, lang) + lemma_key(n, lang))
                                for v in rep["verbs"][lang] for n in rep["assaults"][lang]],
                             key=lambda t: -len(t[1])) for lang in ("ru", "uk")}
    sides = {lang: sorted(((side, lemma_key(p, lang)) for side, by in d["sides"].items() for p in by[lang]),
                          key=lambda t: -len(t[1])) for lang in ("ru", "uk")}
    # a weapon word by its lemma and as written: an abbreviation («бпла») is its own lemma
    air = {lang: {lemma_key(p, lang)[0] for p in d["air_weapons"][lang]} | {p.lower() for p in d["air_weapons"][lang]}
           for lang in ("ru", "uk")}
    launch = {lang: [lemma_key(p, lang) for p in d["launch_verbs"][lang]] for lang in ("ru", "uk")}
    fire = {lang: [lemma_key(p, lang) for p in d["fire"][lang]] for lang in ("ru", "uk")}
    weapons = {lang: air[lang] | {lemma_key(p, lang)[0] for p in d["munitions"][lang]} | set(d["munitions"][lang])
               for lang in ("ru", "uk")}
    def words(section: str) -> dict[str, set[str]]:
        return {lang: {_apostrophe(w) for w in d[section][lang]} for lang in ("ru", "uk")}

    numbers = {lang: {_apostrophe(k): int(v) for k, v in d["number_words"][lang].items()} for lang in ("ru", "uk")}
    def keys(section: str) -> dict[str, list[tuple[str, ...]]]:
        return {lang: [lemma_key(p, lang) for p in d[section][lang]] for lang in ("ru", "uk")}

    return TriggerLexicon(triggers, air, sides, set(d["enemy"]), set(d["negation"]), launch, weapons, fire,
                          words("deaths"), words("injuries"), words("not_counts"), numbers, words("order_words"),
                          words("taking_verbs"), dict(d["enemy_speaker"]), keys("destroying"), keys("defeat"), keys("personnel"),
                          words("quantities"), words("assaults"),
                          [(side, p) for side, ps in d["side_prefixes"].items() for p in ps], words("doer_nouns"),
                          keys("target_genitives"),
                          {lang: {lemma_key(n, lang)[0] for n in rep["assaults"][lang]} for lang in ("ru", "uk")},
                          keys("damaging"), frozenset(d["no_russian_administration"]), frozenset(d["own"]),
                          words("civilians"), words("fronts"),
                          {kind: {lang: {_apostrophe(w) for w in by[lang]} for lang in ("ru", "uk")}
                           for kind, by in d["intent_words"].items()},
                          words("credit_verbs"), words("part_predicates"))


def _apostrophe(word: str) -> str:
    return word.replace("ʼ", "'").replace("’", "'").lower()


def _number(w: Word, nxt: Word | None, lang: str, lex: TriggerLexicon) -> int | None:
    """The count a word states, unless the next word makes it a date or an age («26 травня», «50 років»)."""
    if nxt is not None and (nxt.lemma in lex.not_counts[lang] or nxt.lower.rstrip(".") in lex.not_counts[lang]):
        return None
    if w.text.isdigit() and len(w.text) <= 4:
        return int(w.text)
    return lex.numbers[lang].get(_apostrophe(w.lemma)) or lex.numbers[lang].get(_apostrophe(w.text))


def counts(s: Sentence, lang: str, lex: TriggerLexicon) -> tuple[int | None, int | None]:
    """(fatalities, injuries) a sentence states: for each word of death or wounding, the nearest
    number within five words of it in its clause."""
    out: dict[str, int] = {}
    words = s.words
    for w in words:
        kind = "death" if w.lemma in lex.deaths[lang] else "injury" if w.lemma in lex.injuries[lang] else None
        if kind is None or kind in out:
            continue
        for dist in range(1, 6):
            hits = []
            for k in (w.i - dist, w.i + dist):
                lo, hi = sorted((k, w.i))
                if 0 <= k < len(words) and not any(x.text in ",;.—–" for x in words[lo + 1:hi]):
                    v = _number(words[k], words[k + 1] if k + 1 < len(words) else None, lang, lex)
                    if v is not None:
                        hits.append(v)
            if hits:
                out[kind] = hits[0]
                break
    return out.get("death"), out.get("injury")


@dataclass
class _Hit:
    code: str
    first: int
    last: int


def _hits(s: Sentence, lang: str, lex: TriggerLexicon, claimant_spans: list[tuple[int, int]]) -> list[_Hit]:
    """Trigger matches, a longer one hiding those inside it, none inside a claimant's words."""
    out: list[_Hit] = []
    taken: set[int] = set()
    keys = list(lex.triggers[lang]) + [(DESTROY, k) for k in lex.destroying[lang]] \
        + [(DEFEAT, k) for k in lex.defeat[lang]] + [(DAMAGE, k) for k in lex.damaging[lang]]
    if any(w.lemma in lex.weapons[lang] for w in s.words):  # «выпустили … снарядов»
        keys += [("ART_MISS_ATTACK", k) for k in lex.launch[lang]]
    keys.sort(key=lambda k: -len(k[1]))  # stable: a longer phrase first, a trigger before a launch word
    for code, key in keys:
        # a two-word trigger in either order: «нанесла удар», «удар … нанесла»
        for a, b in find_sequence(s.words, key, gap=2 if len(key) > 1 else 0) + (
                [(y, x) for x, y in find_sequence(s.words, key[::-1], gap=2)] if len(key) == 2 else []) \
                + _fronted_noun(s, key, lex.negation):
            a, b = min(a, b), max(a, b)
            if taken & {a, b} or any(x <= s.words[a].start < y for x, y in claimant_spans):
                continue
            if code == "GOV_REGAINS_TERIT" and a == b and s.words[a].lemma in lex.taking[lang] \
                    and _people_taken(s.words, a, lang):
                continue
            if code in (DESTROY, DEFEAT):  # what is destroyed says what happened
                code = destroyed_code(s, a, b, lang, lex, defeat=code == DEFEAT)
            elif code == "ART_MISS_ATTACK" and is_ground_assault(s, a, b, lang, lex):
                code = "ARMED_CLASH"
            elif code == "ARMED_CLASH" and a != b and _repelled_weapons(s, b, lang, lex):
                code = "DISR_WEAP"  # «средства ПВО отразили массированную ночную атаку украинских беспилотников»
            out.append(_Hit(code, a, b))
            taken |= {a, b}
    if not out:  # fire in general, when nothing more telling is said
        for key in lex.fire[lang]:
            for a, b in find_sequence(s.words, key, gap=2 if len(key) > 1 else 0):
                if not (taken & {a, b}) and not any(x <= s.words[a].start < y for x, y in claimant_spans):
                    out.append(_Hit("ATTACK" if _fire_at_civilians(s, b, lang, lex) else "ART_MISS_ATTACK", a, b))
                    taken |= {a, b}
    return sorted(out, key=lambda h: h.first)


def _fire_at_civilians(s: Sentence, b: int, lang: str, lex: TriggerLexicon) -> bool:
    """Fire with no weapon of war named, at people the words of `civilians` name, in the words just
    after it («открыли огонь по школьникам», «відкрив вогонь з автоматичної зброї по цивільних»):
    shooting civilians, which ACLED codes as violence against civilians, not a shelling."""
    if any(w.lemma in lex.weapons[lang] for w in s.words):
        return False
    return any(w.lemma in lex.civilians[lang] for w in s.words[b + 1:b + 9])


def _repelled_weapons(s: Sentence, b: int, lang: str, lex: TriggerLexicon) -> bool:
    """Whether a repelled assault (the noun at b) is one of drones or missiles: a weapon in the
    genitive phrase after it («отразили атаку украинских беспилотников», «відбили атаку дронів»).
    Air defence repels it, which ACLED codes as disrupted weapons use, not ground fighting."""
    if s.words[b].lemma not in lex.repelled[lang]:
        return False
    k = b + 1
    while k < len(s.words) and s.words[k].pos in ("ADJF", "PRTF", "NUMR"):
        k += 1
    return k < len(s.words) and s.words[k].lemma in lex.weapons[lang] and s.words[k].case in ("gent", None)


CAPTIVITY = {"плен", "полон"}


def _captive_taking(s: Sentence, h: _Hit) -> bool:
    """Whether a trigger is taking prisoners («взяли в полон», «взяли в плен»)."""
    return any(w.lemma in CAPTIVITY for w in s.words[h.first:h.last + 1])


FRONTED_GAP = 6
VERBAL = ("VERB", "PRTS", "INFN", "GRND", "PRTF")


def _fronted_noun(s: Sentence, key: tuple[str, ...], negation: set[str]) -> list[tuple[int, int]]:
    """A two-word trigger's noun fronted further from its verb than find_sequence's gap, with no other
    verb between and the verb not negated («Ракетный удар по Белгороду и Белгородскому округу нанесли
    ВСУ»): (verb, noun) as find_sequence gives them in the other order. A negated verb («никаких ударов
    по Сумам и другим городам не наносили») leaves the noun alone, its doer unnamed."""
    if len(key) != 2:
        return []
    out = []
    for n, v in find_sequence(s.words, key[::-1], gap=FRONTED_GAP):
        if v - n > 3 and s.words[v].pos in VERBAL and s.words[v - 1].lower not in negation \
                and not any(w.pos in VERBAL for w in s.words[n + 1:v]):
            out.append((v, n))
    return out


def _negated(s: Sentence, h: _Hit, lex: TriggerLexicon) -> bool:
    w = s.words[h.last]
    if w.pos not in ("VERB", "PRTS", "INFN"):
        return False
    near = s.words[max(0, h.first - 2):h.first] + s.words[h.last + 1:h.last + 2]
    # «не меньше 8 ракет», «не менше п'яти ударів» count, they do not deny
    return any(x.lower in lex.negation and not (x.i + 1 < len(s.words) and s.words[x.i + 1].lower in AT_LEAST)
               for x in near)


def _denied_noun(s: Sentence, h: _Hit, lang: str, lex: TriggerLexicon) -> bool:
    """A nominal trigger whose light verb comes after it negated («жодних ударів по м. Суми та інших
    містах не завдавали»): a denial, whose subject is no doer of it."""
    w = s.words[h.first]
    if h.first != h.last or w.pos != "NOUN":
        return False
    verbs = {key[0] for _code, key in lex.triggers[lang] if len(key) == 2 and key[1] == w.lemma}
    for j in range(h.first + 1, min(len(s.words), h.first + 2 + 2 * FRONTED_GAP)):
        if s.words[j].pos in VERBAL:
            return s.words[j].lemma in verbs and s.words[j - 1].lower in lex.negation
    return False


AT_LEAST = {"меньше", "менее", "больше", "более", "менше", "менш", "більше", "більш"}


def _people_taken(words: list[Word], k: int, lang: str) -> bool:
    """Whether the object of the taking verb at k is people («взять пленных», «захопили заручників»):
    its first noun or adjective, lower-case (a capitalised place name may parse as a person's name),
    has an animate accusative reading."""
    for w in words[k + 1:k + 4]:
        if w.text in ",.;:!?—–" or is_preposition(w):
            return False
        if w.pos in ("NOUN", "ADJF", "PRTF"):
            return not w.capitalised and any({"anim", "accs"} <= set(p.tag.grammemes) for p in morph(lang).parse(w.lower))
    return False


def _ordered(s: Sentence, h: _Hit, lang: str, lex: TriggerLexicon) -> bool:
    """A command to commit the act: a trigger verb in the imperative («расстреляйте», «розстріляйте»),
    an independent infinitive, or an infinitive or noun trigger governed by a word of command
    («отдал приказ обстрелять», «наказав обстріляти»)."""
    first, last = s.words[h.first], s.words[h.last]
    if "impr" in first.tags or "impr" in last.tags:
        return True
    if first.pos == "INFN" and _independent_infinitive(s):
        return True
    return _governed_by(s, h, lex.orders[lang])


def _intended(s: Sentence, h: _Hit, lang: str, lex: TriggerLexicon) -> str | None:
    """"planned", "attempted" or "threatened" when a word of intent, attempt or threat governs the
    trigger («хотели расстрелять», «намагалися обстріляти», «пригрозил уничтожить», «попытка прорыва»):
    what the sentence tells did not happen, or not as told."""
    for kind, words in (lex.intents or {}).items():
        if _governed_by(s, h, words[lang]):
            return kind
    return None


def _governed_by(s: Sentence, h: _Hit, words: set[str]) -> bool:
    """An infinitive or noun trigger governed by one of `words`: through natasha's heads in Russian (up
    to two links: «отдал приказ обстрелять») and otherwise among the four words before it in its clause
    («наказав обстріляти»). A finite verb is no such trigger («по приказу командования обстреляли»
    tells what happened)."""
    # the trigger's infinitive or noun: «ракетным ударом» is governed through «ударом»
    head = next((w for w in s.words[h.first:h.last + 1] if w.pos in ("INFN", "NOUN") or "infn" in w.tags), None)
    if head is None or s.words[h.first].pos not in ("INFN", "NOUN", "ADJF") and "infn" not in s.words[h.first].tags:
        return False
    w, links = head, 0
    while w.head is not None and links < 2:
        w, links = s.words[w.head], links + 1
        if w.lemma in words:
            return True
    before = []
    for w in reversed(s.words[max(0, h.first - 4):h.first]):
        if w.text in ",.;:!?—–":
            break
        before.append(w)
    return any(w.lemma in words for w in before)


def _independent_infinitive(s: Sentence) -> bool:
    """«…и расстрелять их всех.»: a statement whose only verb is an infinitive commands (the Russian
    independent infinitive, «Молчать!»), as Whisper writes an order whose imperative it misheard.
    Not a question, and not when a finite verb, a short adjective or a predicative word
    («должен», «нужно») carries the sentence: those tell what is due or what happened."""
    if any(w.text == "?" for w in s.words):
        return False
    return not any(w.pos in ("VERB", "ADJS", "PRED", "PRTS") and "infn" not in w.tags for w in s.words)


def _trigger_verbs(lex: TriggerLexicon, lang: str) -> list[str]:
    verbs = {key[0] for _code, key in lex.triggers[lang] if len(key) == 1}
    # pymorphy3-dicts-uk tags an infinitive VERB,infn where the Russian dictionary says INFN
    # (read from the grammemes' set: `"infn" in tag` raises on a Russian noun's tag, which has no such grammeme)
    return sorted(v for v in verbs if (tag := morph(lang).parse(v)[0].tag).POS == "INFN" or "infn" in tag.grammemes)


def misheard_trigger(w: Word, lang: str, lex: TriggerLexicon) -> str | None:
    """The trigger verb a recogniser's unknown word stands for: its guessed lemma starts with the
    verb's first four letters and is at most 30% of the verb's length away from it (Levenshtein),
    the nearest such verb. Words the dictionary knows are what they are."""
    from rapidfuzz.distance import Levenshtein

    if w.pos not in ("VERB", "INFN") or len(w.lemma) < 6 or morph(lang).word_is_known(w.lower):
        return None
    near = [(Levenshtein.distance(w.lemma, v), v) for v in _trigger_verbs(lex, lang) if v[:4] == w.lemma[:4]]
    near = [(d, v) for d, v in near if d <= 0.3 * len(v)]
    return min(near)[1] if near else None


def _ukrainian_verbs(sents: list[Sentence], lex: TriggerLexicon) -> list[Sentence]:
    """Ukrainian words read as the trigger verbs they are (copies, as _heard):
    - a perfective gerund: pymorphy3-dicts-uk gives «затримавши», «обстрілявши» as their own lemma,
      so «СБУ …, затримавши агента» matched no trigger; -вши is the past stem + -вши, the
      infinitive that stem + -ти when the dictionary knows it;
    - an imperfective gerund, likewise its own lemma («українські військові утримують рубежі, знищуючи
      ворога», round 9, batch 9 dev row uk-9131): -учи/-ючи/-ачи/-ячи is the present stem + -чи, so the
      third person plural (stem + -ть: «знищують») gives the verb's lemma;
    - a lower-case past form that the dictionary ranks first as a rare noun: «Армія РФ била
      безпілотниками» is бити, not the noun било, when a past-tense reading's lemma is a trigger verb."""
    verbs = {key[0] for _code, key in lex.triggers["uk"] if len(key) == 1}  # a past reading's lemma is a verb
    out = []
    for s in sents:
        words = []
        for w in s.words:
            verb = w.lemma[:-3] + "ти" if w.pos == "GRND" and w.lemma.endswith("вши") else None
            if verb and morph("uk").word_is_known(verb):
                w = replace(w, lemma=verb)
            elif w.pos == "GRND" and w.lemma.endswith("чи"):
                present = next((p for p in morph("uk").parse(w.lemma[:-2] + "ть") if p.tag.POS == "VERB"
                                and "plur" in p.tag and "3per" in p.tag), None)
                if present is not None:
                    w = replace(w, lemma=present.normal_form)
            elif w.pos == "NOUN" and not w.capitalised:
                past = next((p for p in morph("uk").parse(w.lower) if p.tag.POS == "VERB" and "past" in p.tag
                             and p.normal_form in verbs), None)
                if past is not None:
                    w = replace(w, lemma=past.normal_form, pos="VERB", case=None, tags=frozenset(past.tag.grammemes))
            words.append(w)
        out.append(Sentence(s.start, s.end, words))
    return out


def _participles(sents: list[Sentence], lang: str, lex: TriggerLexicon) -> list[Sentence]:
    """Predicative passive participles read as their trigger verbs («была убита», «знищені») and
    compounds as the weapon they name («дронами-камикадзе»; events_slavic_forms.py), in copies as _heard."""
    verbs = frozenset(key[0] for _code, key in lex.triggers[lang] + [("", k) for k in lex.destroying[lang]]
                      if len(key) == 1)
    return [Sentence(s.start, s.end, [compound_weapon(as_verb(w, s.words[w.i + 1] if w.i + 1 < len(s.words) else None,
                                                              lang, verbs), lang, lex.weapons[lang])
                                      for w in s.words]) for s in sents]


def _heard(sents: list[Sentence], lang: str, lex: TriggerLexicon) -> list[Sentence]:
    """A transcript's sentences with misheard trigger verbs read as the verbs (copies: the parse is
    shared with the claims component)."""
    out = []
    for s in sents:
        words = [replace(w, lemma=v) if (v := misheard_trigger(w, lang, lex)) else w for w in s.words]
        out.append(Sentence(s.start, s.end, words))
    return out


# --- sides -------------------------------------------------------------------------------------

def side_of_words(words: list[Word], lang: str, lex: TriggerLexicon, speaker_side: str | None,
                  own: str | None = None) -> str | None:
    """The side a phrase names: a party word («окупанти», «ВСУ», «российский»), also as a compound's
    last part («з території країни-окупанта»), an enemy word taken against the speaker's side, or «наш»
    for the side of the reporter `own` («наші прикордонники дали бій»). Quotation marks are passed over
    («группировки "Центр"»)."""
    bare = [w for w in words if w.text not in QUOTE_MARKS]
    for side, key in lex.sides[lang]:
        if find_sequence(bare, key):
            return side
    for w in bare:  # «країни-окупанта»: the compound's last part names the side
        if "-" in w.lemma and any(len(key) == 1 and key[0] == w.lemma.rsplit("-", 1)[1] for _, key in lex.sides[lang]):
            return next(side for side, key in lex.sides[lang] if len(key) == 1 and key[0] == w.lemma.rsplit("-", 1)[1])
    for side, prefix in lex.side_prefixes:  # «укронацисты», «укрофашисты»
        if any(w.lower.startswith(prefix) and len(w.lower) > len(prefix) + 2 for w in bare):
            return side
    body = actor_in(words, load_actors())  # «Служба безпеки України», «ГУР»: the registry's side
    if body is not None and body.side in OPPOSITE:
        return body.side
    # and a compound's part: «країна-агресорка», «держава-агресор»
    if speaker_side in OPPOSITE and any(w.lemma in lex.enemy or w.lower in lex.enemy
                                        or any(part in lex.enemy for part in w.lower.split("-")[1:] + w.lemma.split("-")[1:])
                                        for w in words):
        return OPPOSITE[speaker_side]
    if own in OPPOSITE and any(w.lemma in lex.own for w in words):
        return own
    return None


def _phrase(s: Sentence, w: Word) -> list[Word]:
    """A word with its modifiers (Russian parse) or with its adjacent adjectives and genitives."""
    if w.rel is not None:
        # a nominative "nmod" is a misparse of another clause's subject («столкновения один из … ВСУ»)
        out = [w] + [c for c in s.children(w) if c.rel in ("amod", "nmod", "appos", "flat:name", "nummod")
                     and not (c.rel == "nmod" and c.case == "nomn" and c.pos != "NOUN")]
        for c in list(out[1:]):  # and a name in apposition to a genitive («Бойцы батальона «Запад-Ахмат»»)
            out += [g for g in s.children(c) if g.rel in ("amod", "nmod", "flat:name", "appos")]
        return sorted(out, key=lambda x: x.i)
    lo = w.i
    while lo > 0 and (s.words[lo - 1].pos in ("ADJF", "PRTF") or _guessed_adjective(s.words[lo - 1]) or (
            # «ворожого «прильоту»»: a quotation mark between the adjective and its noun
            s.words[lo - 1].text in QUOTE_MARKS and lo > 1 and s.words[lo - 2].pos in ("ADJF", "PRTF"))):
        lo -= 1
    hi = w.i
    while hi + 1 < len(s.words) and (s.words[hi + 1].case == "gent" and s.words[hi + 1].pos in ("NOUN", "ADJF", None)
                                     or _genitive_link(s.words, hi + 1, w.i)):
        hi += 1
    # «беспилотника ВСУ», «армія РФ», «атак рф», «представниками зс рф»: abbreviations do not decline
    while hi + 1 < len(s.words) and _abbreviation(s.words[hi + 1]):
        hi += 1
    return s.words[lo:hi + 1]


def _guessed_adjective(w: Word) -> bool:
    """A lower-case word the dictionary reads only as a surname, which a name never is: an adjective it
    does not know («через російську дронову атаку»: «дронову», read as the surname Дронов)."""
    return w.pos == "NOUN" and "Surn" in w.tags and not w.capitalised and w.text.isalpha()


ORDINAL = re.compile(r"^\d+-(?:ї|ой|ого|го|й|я|ая|ої|і)$")


def _genitive_link(words: list[Word], k: int, head: int) -> bool:
    """A word of a genitive chain the dictionary reads otherwise: an ordinal written in figures
    before a genitive noun («підрозділом протиповітряної оборони 6-ї Армії ЗС РФ»), and a noun whose
    first reading is the nominative after a genitive adjective it agrees with («підрозділами
    повітряного командування "Схід"»: «командування» is nominative and genitive alike)."""
    w = words[k]
    if k - 1 <= head:
        return False
    prev = words[k - 1]
    if ORDINAL.match(w.lower):
        return k + 1 < len(words) and words[k + 1].case == "gent"
    return w.pos == "NOUN" and prev.pos == "ADJF" and prev.case == "gent" and w.case != "gent" \
        and any("gent" in p.tag for p in morph("uk").parse(w.lower))  # the unparsed (Ukrainian) reading


def _noun_attached(s: Sentence, np: list[Word], h: _Hit) -> bool:
    """Whether natasha's parse hangs a prepositional phrase on a noun other than the trigger, so that
    it says nothing of where the fire came from («с начала вооруженного конфликта с РФ»: the
    conflict's other party)."""
    head = next((w for w in np if w.head is not None and not h.first <= w.head <= h.last
                 and s.words[w.head].i not in {x.i for x in np}), None)
    return head is not None and head.rel == "nmod" and s.words[head.head].pos == "NOUN"


def _same_clause_before(words: list[Word], w: Word, h: _Hit, reach: int = 20) -> bool:
    """Whether w opens the clause of the passive trigger at h, within `reach` words, no clause break
    between («підрозділом протиповітряної оборони 6-ї Армії ЗС РФ із ЗРК «ТОР» на висоті 3200 метрів
    було збито російський БПЛА»: the agent the circumstances part from its verb)."""
    return 0 < h.first - w.i < reach and not any(x.text in ",.;:!?—–()" for x in words[w.i + 1:h.first])


def _abbreviation(w: Word) -> bool:
    """An abbreviation, which does not decline: upper case («ВСУ»), or an indeclinable short word
    the dictionary marks so, as Ukrainian outlets write «зс рф» in lower case."""
    return (w.text.isupper() and len(w.text) > 1) or {"Abbr", "Fixd"} <= w.tags \
        or ("Fixd" in w.tags and w.pos == "NOUN" and len(w.text) <= 4 and w.text.isalpha())


def _agent(s: Sentence, h: _Hit, lang: str, lex: TriggerLexicon, speaker: str | None,
           claimant_spans: list[tuple[int, int]], place_spans: list[tuple[int, int]] = (),
           own: str | None = None) -> list[Word]:
    """The words that name the agent of the trigger at h, by the rules of the module docstring.
    A claimant's words are never the agent: who reports an attack is not who made it. Nor does a
    place name a side («Инфраструктура в Киевской области … подверглась ударам», «атакувати Київ»)."""
    words = [w for w in s.words]
    free = {w.i for w in words if not any(a <= w.start < b for a, b in claimant_spans)}
    # a place's adjective names no side («в Киевской области»); a country's noun still may («ВС России»)
    placed = {w.i for w in words if w.pos == "ADJF" and any(a <= w.start < b for a, b in place_spans)}

    def named(ph: list[Word]) -> bool:
        return bool(ph) and all(w.i in free for w in ph) \
            and side_of_words([w for w in ph if w.i not in placed], lang, lex, speaker, own) is not None

    t = s.words[h.first]
    if is_preposition(t) and h.last > h.first:
        t = s.words[h.last]  # «внаслідок російської агресії»: the phrase's noun is the trigger's head
    accused = _accused(s, h, lang)
    if accused:
        return accused
    credited = _credited(s, t, lang, lex)
    if named(credited):
        return credited
    heads = [t]
    # a light verb: «удар … нанесла российская армия»; not a verb the trigger hangs on through a
    # preposition, whose subject is what was hit («под ударом оказались три российских региона»)
    if t.rel in ("obj", "nsubj:pass", "obl") and t.head is not None and s.words[t.head].pos == "VERB" \
            and not any(c.rel == "case" for c in s.children(t)):
        heads.append(s.words[t.head])
    if t.rel in ("conj", "xcomp") and t.head is not None and s.words[t.head].pos == "VERB" \
            and not any(c.rel == "nsubj" for c in s.children(t)):
        # «Подразделения … продолжили продвижение и освободили»: one subject; «пытались атаковать»
        heads.append(s.words[t.head])
    v = heads[-1]
    if len(heads) > 1 and v.rel == "conj" and v.head is not None and s.words[v.head].pos == "VERB" \
            and not any(c.rel in ("nsubj", "nsubj:pass") for c in s.children(v)):
        # the verb a nominal trigger is the object of, coordinated with an earlier verb, shares its subject
        # («подразделения "Вагнер" контролируют около 70% … Бахмут и продолжают наступление», round 12, batch 12
        # dev row ru-12052)
        heads.append(s.words[v.head])
    # a subject (of the trigger or of the verb it hangs on) before any modifier: «группировка …
    # улучшила положение, нанесла поражение … пяти украинских бригад» is the grouping's
    for rel in ("nsubj", "obl:agent", "nmod", "amod"):
        for v in heads:
            for c in s.children(v) if v.rel is not None else []:
                if c.rel != rel or (rel == "nmod" and (h.code in VICTIM_GENITIVE or v.pos == "VERB" or
                                                       any(k.rel == "case" for k in s.children(c)))):
                    continue
                if rel == "nsubj" and c.i > v.i and any(w.text in (",", ";") for w in words[v.i:c.i]):
                    continue  # «нанесла поражение …, противник потерял»: another clause's subject
                if rel == "nsubj" and c.i < v.i and any(m.rel == "mark" and c.i < m.i < v.i for m in s.children(v)):
                    continue  # «представительство ДНР сообщало, что ВСУ выпустили»: the sayer, misparsed
                if rel in ("nmod", "amod") and c.i > v.i and _after_preposition(words, c):
                    continue  # a prepositional phrase misparsed as a modifier («… из четырех военных ВСУ»)
                if rel == "nmod" and v.pos == "NOUN" and c.i > v.i and _target_genitive(_phrase(s, c), v, lang, lex):
                    # what a nominal trigger acts on, as nominal() reads it without a parse: «во время штурма
                    # украинских позиций … захватчики взяли в плен» (round 12, batch 12 dev row ru-12023)
                    continue
                if named(_phrase(s, c)):
                    return _phrase(s, c)
    for v in heads:
        if v.rel is None:
            continue
        # a subject the parse splits in two («"Южная" группировка войск»: the quoted adjective is a
        # subject of its own): its parts together
        subject = sorted((w for c in s.children(v) if c.rel == "nsubj" for w in _phrase(s, c)), key=lambda x: x.i)
        if len({w.i for w in subject}) > 1 and named(subject):
            return subject
    verbal = t.pos in ("VERB", "PRTS", "GRND", "INFN") or s.words[h.last].pos == "VERB"
    light = _light_verb(words, h.first, lang, lex) if not verbal else None
    noun = t if light is not None else None
    if light is not None:
        verbal, t = True, light  # «завдали удару», «здійснив 116 обстрілів»: the light verb's subject

    def nominal(t: Word) -> list[Word]:
        """A nominal trigger's doer: its adjectives, and its genitive unless that is the victim or
        what it acts on; not a prepositional phrase the parse hung on it («столкновения … из четырех
        военных ВСУ»)."""
        mods = [w for w in _phrase(s, t) if w.i != t.i and (h.code not in VICTIM_GENITIVE or w.i < t.i)]
        # a prepositional phrase's words, and the genitives hanging on it («ударах по тылу ВСУ»: the
        # rear struck is the Ukrainian army's, round 9, batch 9 dev row ru-9090)
        dropped = {w.i for w in mods if w.i > t.i and _after_preposition(words, w)}
        dropped |= {w.i for w in mods if w.head in dropped}
        mods = [w for w in mods if w.i not in dropped]
        if _target_genitive(mods, t, lang, lex):  # «штурму українських позицій»: what was attacked
            mods = [w for w in mods if w.i < t.i]
        if named(mods):
            return mods
        agent = _participle_agent(words, t)
        if named(agent):
            return agent  # «Унаслідок ударів, завданих ЗС РФ по …», «ударов, нанесенных ВСУ»
        shared = _conjoined_noun_modifiers(s, t)
        return shared if named(shared) else []  # «під ворожим вогнем та авіаударами»: the enemy's too
    if t.pos == "GRND":
        t = _main_verb(words, t) or t  # «один з окупантів відкрив вогонь, вбивши їх»: the clause's subject
    # a passive's nominative is what was done to («формированиям ВСУ нанесено поражение», «четверо
    # украинских диверсантов … были уничтожены»): its doer is only ever the instrumental below
    passive = any(_is_passive(w) for w in (s.words[h.first], s.words[h.last], t))
    if verbal and not passive:
        t = governing_verb(words, t) or t  # «окупанти намагаються атакувати»: the infinitive's verb's subject
        dative = _dative_doer(words, t, lang)
        if named(dative):
            return dative  # «Українським силовикам вдалося вивести з ладу дрон»
        first = _first_conjoined_verb(words, t)
        # the phrase just before a verb coordinated with an earlier one is that verb's object («СБУ
        # викрили плани противника та затримали диверсанта»): the subject both share comes first
        before = np_before(words, t.i) if first is None else []
        if named(before):
            return before
        shared = _subject_before(words, first, lang) if first is not None else []
        if first is not None and not named(shared):
            shared = next((np for np in subject_before(words, first, lang) if named(np)), [])
        if named(shared):
            return shared  # «Сили оборони стримують натиск та вже відбили 50 атак»
        subjects = subject_before(words, t, lang)  # past circumstances: «Підрозділи … від початку доби відбили»
        subject = next((np for np in (_partitive(words, np) for np in subjects) if named(np)), [])
        if subject:
            return subject
        # past an ordinal in figures («удар здійснив 14-й полк СБС», round 11, batch 11 dev row uk-11048)
        k0 = h.last + 1
        while k0 < len(words) and re.fullmatch(r"\d+(-\w+)?", words[k0].text):
            k0 += 1
        after = np_after(words, k0)
        # a subject after its verb; not a phrase that may be its object, whose nominative is the
        # accusative's twin («Противник обстрелял российские регионы», «Вночі обстріляли українські
        # позиції»: what was hit); «обстріляли окупанти» is a subject (an animate accusative differs),
        # and so is a weapon after a verb of attack («громаду обстріляли ворожі ударні безпілотники»)
        # the trigger's own noun fronted before its verb is that verb's object, so the phrase after is
        # its subject («удар здійснив 14-й полк СБС»)
        noun_first = t.pos == "NOUN" and s.words[h.last].pos == "VERB" and h.last > h.first
        if after and after[0].case == "nomn" and named(after) and (
                not may_be_object(after, lang) or (h.code in REMOTE and _weapon_head(after, lang, lex)) or noun_first
                or fronted_object(words, t, lang)):
            return after
        if not subjects and not (after and after[0].case == "nomn" and not may_be_object(after, lang)):
            # no subject of its own: the sentence's («Окупанти, …, змусили …, після чого розстріляли»)
            shared = _partitive(words, shared_subject(words, t, lang))
            if named(shared):
                return shared
    else:  # a nominal trigger
        mods = nominal(t)
        if mods:
            return mods
    if noun is not None:
        # the verb before a nominal trigger whose subject names no side may be no light verb at all:
        # the trigger is then its subject, with its own doer («Життя однієї людини зібрав удар
        # російських окупантів по …»)
        mods = nominal(noun)
        if mods:
            return mods
    # the agent of a passive or of a nominal trigger: «российскими военными»; before a passive too
    # («Вооруженными силами Российской Федерации нанесено … ударов»): each instrumental noun with its
    # modifiers, nearest first
    inst = [w for w in words if w.case == "ablt" and w.pos in ("NOUN", "ADJF") and not _after_preposition(words, w)
            and (0 < w.i - h.first < 8 or (passive and 0 < h.first - w.i < 8) or (passive and _same_clause_before(words, w, h)))]
    runs: list[list[Word]] = []
    for w in inst:  # contiguous instrumental words, each run with its nouns' modifiers
        if runs and runs[-1][-1].i == w.i - 1:
            runs[-1].append(w)
        else:
            runs.append([w])
    for run in sorted(runs, key=lambda r: min(abs(w.i - h.first) for w in r)):
        # a noun, or an adjective standing for one at the run's end with its genitives («розстрілу
        # військовими Росії»)
        ph = sorted({x.i: x for w in run for x in (_phrase(s, w) if w.pos == "NOUN" or w is run[-1] else [w])}.values(),
                    key=lambda x: x.i)
        if named(ph):
            return ph
    for w in words:  # «со стороны ВСУ», «з боку окупантів», «с территории Украины»
        if w.i + 1 < len(words) and (w.lower, words[w.i + 1].lemma) in SIDE_PREPOSITIONS:
            np = np_after(words, w.i + 2)
            if named(np):
                return np
        # «в результате решительных действий подразделений Южной группировки войск освобождены»
        if w.lemma in lex.doer_nouns[lang]:
            np = np_after(words, w.i + 1)
            if named(np):
                return np
    if h.code in REMOTE:  # «с позиций ВСУ», «з росії прилетіло 72 снаряди»
        for w in words:
            if w.lower in ORIGIN_PREPOSITIONS:
                np = np_after(words, w.i + 1)
                if named(np) and not _noun_attached(s, np, h):
                    return np
    # the weapon's owner or a subject the word order hides: a nominative phrase near the trigger that
    # names a party and is no preposition's object («беспилотник ВСУ атаковал», «российская ракета»)
    for w in words[max(0, h.first - 8):h.first] if not passive else []:
        if _case(words, w) == "nomn" and not _after_preposition(words, w):
            ph = _phrase(s, w)
            if named(ph):
                return ph
    return []


def _credited(s: Sentence, t: Word, lang: str, lex: TriggerLexicon) -> list[Word]:
    """Who a nominal trigger after a preposition is credited to by the word that governs it: the object of
    a verb of congratulating, thanking or awarding («Белоусов поздравил бойцов группировки «Центр» с
    освобождением Красноармейска»: the fighters freed it, not the minister) and the subject of a predicate
    of taking part («К освобождению причастны подразделения группировки войск «Центр»»). Round 12 (batch 11
    and 12 dev rows ru-11038, ru-12006)."""
    words = s.words
    if t.pos != "NOUN" or t.i == 0 or not is_preposition(words[t.i - 1]):
        return []
    for w in words:
        if w.lemma in lex.credit_verbs[lang] and w.i < t.i:
            obj = next((c for c in s.children(w) if c.rel == "obj"), None) if w.rel is not None or w.head is not None else None
            return _phrase(s, obj) if obj is not None else np_after(words, w.i + 1)
        if w.lemma in lex.part_predicates[lang]:
            subj = next((c for c in s.children(w) if c.rel == "nsubj"), None)
            return _phrase(s, subj) if subj is not None else (np_after(words, w.i + 1) if w.i > t.i else np_before(words, w.i))
    return []


COORDINATORS = {"і", "й", "та", "и"}
# «один з окупантів», «кто-то из военных»: the part names the whole's side
PARTITIVE = {"з", "із", "зі", "из", "изо", "от"}
PARTITIVE_HEADS = {"один", "одна", "одно", "хтось", "кто-то", "некоторые", "деякі", "кілька", "несколько", "двоє", "трое", "троє"}


# verbs whose doer is in the dative («Силам ППО вдалося збити», «ВСУ удалось поразить»)
DATIVE_VERBS = {"вдатися", "вдаватися", "удаться", "удаваться", "вдаться"}


def _dative_doer(words: list[Word], v: Word, lang: str) -> list[Word]:
    """The dative noun phrase before a verb of succeeding, which is the doer of the infinitive it
    governs («Українським силовикам вдалося вивести з ладу дрон»)."""
    if v.lemma not in DATIVE_VERBS:
        return []
    k = v.i
    while k > 0 and (words[k - 1].pos in ("NOUN", "ADJF", "PRTF") or _abbreviation(words[k - 1])
                     or words[k - 1].text in QUOTE_MARKS) \
            and not is_preposition(words[k - 1]):  # «бойцам батальона "Запад-Ахмат" удалось»
        k -= 1
    np = words[k:v.i]
    if k > 0 and is_preposition(words[k - 1]):
        return []
    return np if any(w.pos == "NOUN" and any("datv" in p.tag for p in morph(lang).parse(w.lower)) for w in np) else []


def _light_verb(words: list[Word], i: int, lang: str, lex: TriggerLexicon) -> Word | None:
    """The verb whose object a nominal trigger at i is, just before it past the numbers and adjectives
    of the trigger's phrase («завдали удару», «здійснив 116 обстрілів», «завдав 10 ракетних ударів»)."""
    k = i - 1
    while k >= 0 and (words[k].pos in ("NUMR", "ADJF", "PRTF") or words[k].text.isdigit()
                      or words[k].lemma in lex.quantities[lang] or words[k].lower in ("понад", "свыше", "более", "близько",
                                                                                       "около", "майже", "почти")):
        k -= 1
    return words[k] if k >= 0 and k < i and words[k].pos == "VERB" else None


def _main_verb(words: list[Word], g: Word) -> Word | None:
    """The finite verb a gerund depends on: the nearest before it in the sentence, not past a
    subordinate clause's opening word."""
    for w in reversed(words[:g.i]):
        if w.lower in ("що", "что", "який", "которые", "который", "які", "коли", "когда"):
            return None
        if w.pos == "VERB":
            return w
    return None


def _partitive(words: list[Word], np: list[Word]) -> list[Word]:
    """The whole a part is taken from, for a subject that is only its number («один з окупантів
    відкрив вогонь»: the occupiers'); any other phrase as it is."""
    if not np or np[-1].lower not in PARTITIVE_HEADS or np[-1].i + 2 >= len(words) \
            or words[np[-1].i + 1].lower not in PARTITIVE:
        return np
    return np_after(words, np[-1].i + 2) or np


def _weapon_head(np: list[Word], lang: str, lex: TriggerLexicon) -> bool:
    head = next((w for w in np if w.pos == "NOUN" or _abbreviation(w)), None)
    return head is not None and head.lemma in lex.weapons[lang]


def _target_genitive(mods: list[Word], t: Word, lang: str, lex: TriggerLexicon) -> bool:
    """Whether the genitive after a nominal trigger is what it acts on rather than its doer: its
    first noun is a position, a settlement or a site («штурму українських позицій», «обстрілів
    позицій ЗСУ», «обстрілу населених пунктів»): those who hold it are the ones attacked."""
    after = [w for w in mods if w.i > t.i]
    noun = next((k for k, w in enumerate(after) if w.pos == "NOUN"), None)
    if noun is None:
        return False
    # the key must start at the first noun itself
    return any(any(first == 0 for first, _ in find_sequence(after[noun:noun + 2], key))
               for key in lex.target_genitives[lang])


def _participle_agent(words: list[Word], t: Word) -> list[Word]:
    """The agent after the passive participle that follows a nominal trigger («ударів, завданих ЗС
    РФ», «ударов, нанесенных ВСУ», «обстрелов, совершенных украинскими военными»)."""
    k = t.i + 1
    if k < len(words) and words[k].text == ",":
        k += 1
    if k >= len(words) or not (words[k].pos in ("PRTF", "ADJF") and "pssv" in words[k].tags):
        return []
    np = np_after(words, k + 1)
    return np if np and (np[0].case in ("ablt", None) or _abbreviation(np[0])) else []


def _conjoined_noun_modifiers(s: Sentence, t: Word) -> list[Word]:
    """The adjectives of the noun a nominal trigger is coordinated with, in the same case, just before
    it («під ворожим вогнем та авіаударами», «ворожих обстрілів і атак»): they qualify both."""
    k = t.i - 1
    if k < 1 or s.words[k].lower not in COORDINATORS:
        return []
    noun = s.words[k - 1]
    if noun.pos != "NOUN" or noun.case is None or noun.case != t.case:
        return []
    return [w for w in _phrase(s, noun) if w.i < noun.i and w.pos in ("ADJF", "PRTF")]


def _first_conjoined_verb(words: list[Word], t: Word) -> Word | None:
    """With no parse (Ukrainian): the verb a trigger verb is coordinated with, which carries the
    subject both share («Сили оборони стримують натиск та вже відбили 50 атак»): before the trigger,
    past adverbs, «та»/«і»/«й», and a verb at most four words further back in the same clause."""
    if t.rel is not None or t.pos not in ("VERB", "INFN"):
        return None
    k = t.i - 1
    while k >= 0 and (words[k].pos == "ADVB" or (words[k].pos is None and words[k].text.isalpha())):  # «вже»
        k -= 1
    if k < 1 or words[k].lower not in COORDINATORS:
        return None
    for w in reversed(words[max(0, k - 4):k]):
        if w.text in ",.;:!?—–":
            return None
        if w.pos == "VERB":
            return w
    return None


def _subject_before(words: list[Word], v: Word, lang: str) -> list[Word]:
    """The noun phrase just before verb v from its first word that can be nominative: pymorphy3's
    first reading of «Сили» is the genitive singular, the nominative plural its second."""
    k = v.i
    while k > 0 and (words[k - 1].pos in ("NOUN", "ADJF", "PRTF") or words[k - 1].text.isupper()) \
            and not is_preposition(words[k - 1]):
        k -= 1
    if k > 0 and is_preposition(words[k - 1]):
        return []
    for j in range(k, v.i):
        if any("nomn" in p.tag for p in morph(lang).parse(words[j].lower)):
            return words[j:v.i]
    return []


def _interceptor_side(s: Sentence, h: _Hit, lang: str, lex: TriggerLexicon, agent: list[Word],
                      side: str | None, speaker: str | None = None) -> str | None:
    """Who shot down or jammed: the agent's side, unless the phrase taken for the agent is the weapon
    downed («украинский беспилотник сбит» names the target's side); with a doer named but not its
    side, the side opposed to the one the downed weapon belongs to («Силы ПВО сбили 11 украинских
    БПЛА»: Russia's); with no doer named (a passive), none. The weapon
    is a drone or missile word in the trigger's clause; an enemy word on it is read against the
    speaker's side as anywhere else (round 7: «Сили ППО знищили 9 ворожих БПЛА», «підрозділи
    протиповітряної оборони збили ворожий гелікоптер» in Ukrainian text: Ukraine's), so with no
    speaker of known side (Russian text with no claimant) «вражеский» says nothing. A passive with no
    doer named still names none: the claimant's side never becomes the shooter (issue 18)."""
    if agent and any(w.lemma in lex.weapons[lang] for w in agent):
        side = None
    if side is not None or not (_has_subject(s, h, lang, lex) or _instrumental_agent(s, h, lang, lex)):
        return side  # «были перехвачены 46 украинских беспилотников»: no doer named, none given
    downed = _downed_or_fired(s, h, lang, lex, speaker=speaker)
    return OPPOSITE.get(downed) if downed else None


def _instrumental_agent(s: Sentence, h: _Hit, lang: str, lex: TriggerLexicon) -> bool:
    """Whether a passive trigger names its doer in the instrumental, side or not («Дежурными
    средствами ПВО уничтожены семь украинских БПЛА»): a noun in the instrumental near it, no
    preposition's object and no weapon (the instrument)."""
    if not any(_is_passive(w) for w in (s.words[h.first], s.words[h.last])):
        return False
    return any(w.case == "ablt" and w.pos == "NOUN" and w.lemma not in lex.weapons[lang]
               and not _after_preposition(s.words, w) and 0 < abs(w.i - h.first) < 6 for w in _clause(s, h))


def _has_subject(s: Sentence, h: _Hit, lang: str | None = None, lex: TriggerLexicon | None = None) -> bool:
    """Whether the trigger verb has a subject at all (natasha's nsubj in Russian; a nominative phrase
    just before it in Ukrainian), named side or not («Силы ПВО сбили»). With the lexicon given, a
    weapon is no subject of a downing: it is what was downed, the impersonal plural's object that
    natasha misreads («Ранее украинские беспилотники сбили над Крымом»: nobody is named)."""
    t = s.words[h.first]
    if t.rel is not None:
        if lex is not None and h.code == "DISR_WEAP":
            return _downing_subject(s, t, lang, lex)
        return any(c.rel == "nsubj" for c in s.children(t))
    return any(w.case == "nomn" for w in np_before(s.words, t.i))


COUNTING_ADVERBS = {"более", "менее", "свыше", "около", "больше", "меньше", "порядка"}


def _downing_subject(s: Sentence, t: Word, lang: str, lex: TriggerLexicon) -> bool:
    """Whether a downing verb names who downed, in natasha's parse of Russian (round 11, batch 11 dev
    rows ru-11016, ru-11019, ru-11049). Not a weapon, nor a counting adverb before a weapon («Более 20
    беспилотников ВСУ … ликвидировали»: nobody is named). A verb joined to an earlier one by «и» shares
    its subject («ПВО России вскоре обнаружили и уничтожили три украинских БПЛА»). And natasha makes the
    nominative of a subject that is also an accusative an object before the verb when a weapon after the
    verb is its object too («средства ПВО нейтрализовали над Россией четыре дрона ВСУ»): a phrase before
    the verb that may be nominative, no weapon and in no prepositional phrase, is then its subject."""
    def weapon(c: Word) -> bool:
        if c.lemma in COUNTING_ADVERBS:
            c = next((w for w in s.words[c.i + 1:c.i + 4] if w.pos == "NOUN"), c)
        return c.lemma in lex.weapons[lang]
    verbs = [t]
    if t.rel == "conj" and t.head is not None and s.words[t.head].pos == "VERB":
        verbs.append(s.words[t.head])
    weapon_after = any(c.rel == "obj" and c.i > t.i and weapon(c) for c in s.children(t))
    for v in verbs:
        for c in s.children(v):
            if c.rel == "nsubj" and not weapon(c):
                return True
            if weapon_after and c.rel == "obj" and c.i < v.i and not weapon(c) and not _after_preposition(s.words, c) \
                    and (_abbreviation(c) or any("nomn" in p.tag for p in morph(lang).parse(c.lower))):
                return True
    return False


def _clause(s: Sentence, h: _Hit, reach: int = 6) -> list[Word]:
    """The words around a trigger up to a clause break, at most `reach` either side."""
    words = s.words
    lo, hi = h.first, h.last
    while lo > 0 and words[lo - 1].text not in ",.;:!?—–" and h.first - lo < reach:
        lo -= 1
    while hi + 1 < len(words) and words[hi + 1].text not in ",.;:!?—–" and hi - h.last < reach:
        hi += 1
    return words[lo:hi + 1]


def _downed_or_fired(s: Sentence, h: _Hit, lang: str, lex: TriggerLexicon, fired: bool = False,
                     speaker: str | None = None) -> str | None:
    """The side a weapon word in the trigger's clause belongs to («украинских БПЛА», «российскую
    ракету»), not one in a preposition's object («по российским дронам»); failing one there, the
    one side the sentence's weapons belong to («Под удар попал поселок Северный, в результате
    падения обломков украинского дрона …»)."""
    def weapon(w: Word) -> bool:
        return w.lemma in lex.weapons[lang] and not _after_preposition(s.words, w) \
            and not (fired and _stored(s.words, w, lex, lang))
    for w in _clause(s, h):
        if weapon(w):
            side = side_of_words(_owner_words(s, w), lang, lex, speaker)
            if side in OPPOSITE:
                return side
    sides = {side_of_words(_owner_words(s, w), lang, lex, speaker) for w in s.words if weapon(w)} - {None}
    return sides.pop() if len(sides) == 1 else None


def _weapon_owner_side(s: Sentence, h: _Hit, lang: str, lex: TriggerLexicon) -> str | None:
    """A strike with no agent named: the side of the weapon it was made with («они навели российскую
    ракету на цель»): whoever fires a side's missile fights for that side. Not a weapon that is
    what was hit («поражены склады боеприпасов ВСУ»)."""
    return _downed_or_fired(s, h, lang, lex, fired=True)


def _stored(words: list[Word], w: Word, lex: TriggerLexicon, lang: str) -> bool:
    """Whether a weapon word is the genitive of a noun that is neither a weapon, a number, nor a word
    of attack or launching: weapons stored, made or repaired («склад боеприпасов ВСУ», «цех по
    производству БПЛА»), which are the target, not what was fired («удар беспилотника ВСУ» fires)."""
    if w.case != "gent" or w.i == 0:
        return False
    k = w.i - 1
    while k > 0 and words[k].pos in ("ADJF", "PRTF"):
        k -= 1
    prev = words[k]
    if prev.pos != "NOUN" or prev.lemma in lex.weapons[lang] or prev.lemma in lex.quantities[lang]:
        return False
    attack = {key[0] for _code, key in lex.triggers[lang]} | {key[0] for key in lex.launch[lang]}
    return prev.lemma not in attack


def _owner_words(s: Sentence, w: Word) -> list[Word]:
    """A weapon word with the words that say whose it is: its adjectives and bare genitives, not a
    prepositional phrase hung on it («БПЛА над регионами России» is no Russian drone); and the
    subject of a relative clause that fires it («53 "шахеди", якими військо РФ атакувало Україну»)."""
    if w.rel == "amod" and w.head is not None and s.words[w.head].pos == "NOUN":
        w = s.words[w.head]  # «украинских беспилотных летательных аппаратов»: the weapon's noun
    out = _phrase(s, w) if w.rel is None else [w] + [c for c in s.children(w) if c.rel == "amod" or (
        c.rel == "nmod" and not any(k.rel == "case" for k in s.children(c)))]
    k = out[-1].i + 1 if out else w.i + 1
    while k < len(s.words) and s.words[k].text in QUOTE_MARKS:
        k += 1
    if k + 1 < len(s.words) and s.words[k].text == "," and is_relative(s.words[k + 1]):
        out = out + np_after(s.words, k + 2)
    return out


def _is_passive(w: Word) -> bool:
    """A passive participle or a Ukrainian impersonal -но/-то form («нанесено», «обстріляно»); not an
    adjective the dictionary marks passive («комбінованого удару»)."""
    return w.pos == "PRTS" or "Impe" in w.tags or (w.pos == "PRTF" and "pssv" in w.tags)


def _case(words: list[Word], w: Word) -> str | None:
    """A word's case; an abbreviation right after a noun is that noun's genitive, whatever case the
    dictionary guesses for it («формированиям ВСУ нанесено поражение»)."""
    if w.text.isupper() and w.i > 0 and words[w.i - 1].pos == "NOUN":
        return "gent"
    return w.case


def _after_preposition(words: list[Word], w: Word) -> bool:
    """Whether w is in a preposition's object («над российскими регионами», «по Херсону»)."""
    k = w.i - 1
    while k >= 0 and words[k].pos in ("ADJF", "PRTF", "NUMR"):
        k -= 1
    return k >= 0 and is_preposition(words[k])


ACCUSATION_HEDGES = {"нібито", "начебто", "буцімто", "якобы", "будто"}


def _accused(s: Sentence, h: _Hit, lang: str) -> list[Word]:
    """«обвинили российских военных в обстреле», «звинуватили Україну в обстрілі»: the accused of
    an accusation is the alleged agent of the act it names."""

    verbs = load_lexicon().verbs[lang]
    # «в обстреле», and past a hedge: «звинувачує Україну в нібито обстрілі»
    k = h.first - 1 - int(h.first > 1 and s.words[h.first - 1].lower in ACCUSATION_HEDGES)
    charge = k >= 0 and s.words[k].lower in ("в", "у", "во")
    for v in s.words:
        if charge and v.pos == "VERB" and verbs.get(v.lemma) == "accusation":
            k = v.i + 1
            while k < len(s.words):
                np = np_after(s.words, k)
                # a plural right after the verb may be an inanimate accusative tagged as its nominative
                # twin («звинуватили Збройні сили України в атаці»)
                plural_twin = np and k == v.i + 1 and np[0].case == "nomn" and "plur" in np[0].tags \
                    and "anim" not in np[0].tags
                if np and (np[0].case in ("accs", "gent") or plural_twin) and h.first not in {w.i for w in np}:
                    return np
                if s.words[k].text in (",", ".") or k >= h.first:
                    break
                k += max(1, len(np))
    return []


# --- the component's entry point ----------------------------------------------------------------

def _place_for(s: Sentence, h: _Hit, places: list[Place], claimant_spans) -> Place | None:
    inside = [p for p in places if s.start <= p.start < s.end and not any(a <= p.start < b for a, b in claimant_spans)]
    after = [p for p in inside if p.start >= s.words[h.first].start]
    # the first place after the trigger, else the nearest before it («под Попасной и расстреляйте»)
    return after[0] if after else (inside[-1] if inside else None)


def _doer(s: Sentence, h: _Hit, lang: str, lex: TriggerLexicon, speaker: str | None, claimant_spans,
          place_spans, own: str | None = None) -> tuple[list[Word], str | None]:
    """The words naming the trigger's doer and the side they name (`own`: the reporter's side, «наш»)."""
    agent = _agent(s, h, lang, lex, speaker, claimant_spans, place_spans, own)
    side = side_of_words(agent, lang, lex, speaker, own) if agent else None
    if h.code == "DISR_WEAP":
        side = _interceptor_side(s, h, lang, lex, agent, side, speaker)
    elif side is None and h.code in REMOTE:
        side = _weapon_owner_side(s, h, lang, lex)
    return agent, side


# «В Минобороны России заявили», «У Повітряних силах повідомили»: bodies whose impersonal plural is «we»
OWN_VOICE_PREPOSITIONS = {"в", "у", "во"}


def _own_act(s: Sentence, h: _Hit, claims: list[Claim], text: str) -> str | None:
    """The side of an armed body or defence ministry that reports its own act: it speaks in the
    impersonal plural of an institution («В Воздушных силах ВСУ рассказали, что сбили 26 БпЛА из 28»,
    «В Минобороны России заявили, что уничтожили …»), and the verb of the clause it introduces is
    plural with no subject of its own. A regional administration's «обстріляли» is the enemy's, so
    only bodies that fight are read so."""
    t = s.words[h.first]
    if t.pos != "VERB" or "plur" not in t.tags or _has_subject(s, h):
        return None
    for c in claims:
        if c.claimant is None or c.cue is None or not (s.start <= c.cue.start and c.cue.end <= t.start):
            continue
        body = c.claimant.type in ARMED_TYPES or (c.claimant.type == "ministry" and "Defen" in (c.claimant.actor or ""))
        opening = text[s.start:c.claimant.start].split()
        if not body or c.claimant.side not in OPPOSITE or not opening or opening[-1].lower() not in OWN_VOICE_PREPOSITIONS:
            continue
        between = [w for w in s.words if c.cue.end <= w.start < t.start]
        if any(w.lower in ("что", "що") for w in between) and not any(w.pos == "VERB" for w in between):
            return c.claimant.side
    return None


def _speaker_side(claims: list[Claim], s: Sentence, before: list[Claim]) -> str | None:
    # the claimant of the headline dash form («Враг ударил УАБ по центру Запорожья – Федоров») has no cue
    here = [c for c in claims if c.claimant and (c.cue is not None and s.start <= c.cue.start < s.end
                                                 or c.cue is None and s.start <= c.claimant.start < s.end)]
    pool = here or [c for c in before if c.claimant]
    for c in reversed(pool):
        if c.claimant.side in OPPOSITE:
            return c.claimant.side
    return None


def _target_side(s: Sentence, h: _Hit, lang: str, lex: TriggerLexicon, place_spans) -> str | None:
    """The side of what the trigger acts on («обстрелял российские регионы», «атакував позиції
    ЗСУ»): who attacks it is on the other side, so an enemy word that does is that other side. Not a
    weapon (the doer's own: «атаковал российскими ракетами») nor a place's adjective («Киевскую
    область»)."""
    np = target_phrase(s, h.first, h.last, lex.quantities[lang], through=ON_PREPOSITIONS, before=False)
    # up to the instrument the phrase runs into («российские регионы беспилотниками»)
    cut = next((k for k, w in enumerate(np) if w.lemma in lex.weapons[lang] or w.case == "ablt"), len(np))
    np = [w for w in np[:cut] if not (w.pos == "ADJF" and any(a <= w.start < b for a, b in place_spans))]
    return side_of_words(np, lang, lex, None) if np else None


def _soil_side(s: Sentence, places: list[Place], claimant_spans, lex: TriggerLexicon) -> str | None:
    """Whose soil the sentence's places (outside a claimant's title) are all on, for an enemy word with
    no reporter of known side: Russia's («вражеский беспилотник атаковал … в посёлке Коренево»: the enemy
    that attacks Russian soil is Ukraine), or Ukraine's where Russia installed no administration
    («Враг снова ударил по Никополю»: only the Ukrainian side reports from there, its enemy is Russia).
    Not the oblasts Russia declared annexed, whose Russian-installed heads call Ukraine the enemy."""
    here = [p for p in places if s.start <= p.start < s.end and not any(a <= p.start < b for a, b in claimant_spans)]
    if not here:
        return None
    if all(p.country == "RU" for p in here):
        return "RU"
    if all(p.country == "UA" and (p.admin1 or p.name) in lex.no_russian_administration for p in here):
        return "UA"
    return None


def slavic_events(sents: list[Sentence], text: str, lang: str, analysis, registry: Registry,
                  transcript: bool = False) -> list[Event]:
    lex = load_triggers()
    if lang == "uk":
        sents = _ukrainian_verbs(sents, lex)
    sents = _participles(sents, lang, lex)
    if transcript:
        sents = _heard(sents, lang, lex)
    tax = taxonomy()["classes"]
    claims = analysis.claims
    claimant_spans = [(c.claimant.start, c.claimant.end) for c in claims if c.claimant]
    place_spans = [(p.start, p.end) for p in analysis.places]
    hedged = [(h.start, h.end) for h in analysis.hedges]
    events: list[Event] = []
    sentence_of: list[int] = []
    counted: set[int] = set()  # a sentence's toll goes to its first violent event only
    for k, s in enumerate(sents):
        speaker = _speaker_side(claims, s, [c for c in claims if c.cue is not None and c.cue.start < s.start]) \
            or lex.enemy_speaker.get(lang)
        # one event per ACLED event type and sentence: of its triggers, the first whose doer is
        # named («після обстрілу Горловки, а також ВСУ атаковали …»: the attack's), else the first
        chosen: dict[str, tuple] = {}
        for h in _hits(s, lang, lex, claimant_spans):
            cls = tax["ART_MISS_ATTACK" if h.code == DAMAGE else h.code]
            if _negated(s, h, lex) or (cls.event_type in chosen and chosen[cls.event_type][3] is not None):
                continue
            air = any(w.lemma in lex.air_weapons[lang] for w in s.words)
            if h.code == "ART_MISS_ATTACK" and air:
                cls = tax["AIR_STRIKE"]
            # with no reporter of known side, an enemy word is the side opposed to its target's
            against = speaker or _target_side(s, h, lang, lex, place_spans) \
                or _soil_side(s, analysis.places, claimant_spans, lex)
            agent, side = _doer(s, h, lang, lex, against, claimant_spans, place_spans, own=speaker)
            if _denied_noun(s, h, lang, lex):
                agent, side = [], None
            if side is None and not agent:
                side = _own_act(s, h, claims, text)
            if h.code == DAMAGE:
                if side is None:
                    continue  # «повреждены 14 жилых строений»: damage with no doer named is no event here
                h = replace(h, code="ART_MISS_ATTACK")  # «ВСУ повредили семь жилых домов»: a side's fire
                cls = tax["AIR_STRIKE" if air else "ART_MISS_ATTACK"]
            elif h.code == "ATTACK" and agent and _weapon_head(agent, lang, lex):
                # «Дрон ВСУ убил жителя»: a weapon that kills is a strike, not a killing by hand
                h = replace(h, code="ART_MISS_ATTACK")
                cls = tax["AIR_STRIKE" if air else "ART_MISS_ATTACK"]
                if cls.event_type in chosen and chosen[cls.event_type][3] is not None:
                    continue
            if cls.event_type not in chosen or side is not None:
                chosen[cls.event_type] = (h, cls, agent, side)
        if "Violence against civilians" in chosen and "Battles" in chosen and _captive_taking(s, chosen["Battles"][0]):
            # «Росіяни вбили п'ятьох військовослужбовців, яких взяли у полон»: the capture is the killing's
            # setting (ACLED codes killing captives as violence against civilians), not a battle of its own
            del chosen["Battles"]
        for h, cls, agent, side in sorted(chosen.values(), key=lambda c: c[0].first):
            body = actor_in(agent, registry) if agent else None
            if body is None or not body.acled_actor or body.side != side or body.type not in ARMED_TYPES:
                # «Украина направила беспилотники», «Росія вдарила»: a state acts through its forces
                body = actor_by_id(PERPETRATOR_BODY[side]) if side in PERPETRATOR_BODY else None
            first, last = s.words[h.first], s.words[h.last]
            trigger = Span(text[first.start:last.end], first.start, last.end)
            about = [c for c in claims if (c.cue is not None and s.start <= c.cue.start < s.end)
                     or any(p.start <= trigger.start < p.end for p in c.content)]
            denied = any(c.stance == "denial" for c in about)
            if _ordered(s, h, lang, lex):
                modality = "ordered"
            else:
                modality = _intended(s, h, lang, lex) or (
                    "alleged" if denied or any(s.start <= a < s.end for a, _ in hedged) else "happened")
            d = next((d for d in analysis.dates if s.start <= d.start < s.end), None)
            fat = inj = None
            # an order, a plan, an attempt or a threat has no toll of its own
            if cls.event_type in VIOLENT and modality in ("happened", "alleged") and k not in counted:
                fat, inj = counts(s, lang, lex)
                counted.add(k)
            events.append(Event(id=f"e{len(events) + 1}", event_type=cls.event_type, sub_event_type=cls.sub_event_type,
                                modality=modality, trigger=trigger, confidence=0.5,
                                date={"value": d.value, "precision": d.precision} if d else None,
                                place=_place_for(s, h, analysis.places, claimant_spans),
                                actor1=body.acled_actor if body else None, fatalities=fat, injuries=inj,
                                claims=[c.id for c in about]))
            events[-1].ihl = ihl_of(events[-1], s, text, lang)
            sentence_of.append(k)
    # one event per happening, as for English: a strike told in the lede and again in a quote
    events = merge_happenings([Placed(ev, k) for k, ev in zip(sentence_of, events)])
    for k, ev in enumerate(events, 1):
        ev.id = f"e{k}"
    for ev in events:
        for cid in ev.claims:
            c = next(c for c in claims if c.id == cid)
            if ev.id not in c.events:
                c.events.append(ev.id)
    return events
