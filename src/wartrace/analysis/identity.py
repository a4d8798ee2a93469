"""Who a claimant is: one canonical identity per person or organisation, across spellings,
titles, short forms, pronouns and documents.

    officials = load_officials()
    officials.by_name("Oleg Sinegubov").id          # "person:oleh-syniehubov"
    officials.by_role("the Kharkiv governor", "2022-02-28").name   # "Oleh Syniehubov"
    fold("Synyegubov") == fold("Syniehubov")       # True

Names written in Latin letters from Ukrainian or Russian come in several romanisations
(Syniehubov, Synyehubov, Sinegubov, Synegubov; Kyrylenko, Kirilenko; Haidai, Gaidai). `fold`
maps each to one key: the letters the systems disagree on (g/h, y/i, ie/ye/e, kh/h, doubled
letters) collapse; what is left is compared exactly, then with rapidfuzz for the residue.
The registry of officials (data/officials.yaml) adds the roles reports use instead of names
("the governor", "head of the Kharkiv regional military administration").

`assign_identities` fills `Claimant.name` and `Claimant.canonical_id` for a document's claims:
registry actors by their id; known officials by their entry; another person by the folded
spelling of the name; a surname, a role or a pronoun by whom it refers back to in the
document; "we" by the organisation its speaker speaks for. Generic sources ("officials",
"sources", "head", a bare number) get no canonical id: they are nobody's identity.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz

from wartrace.analysis.actors import Actor, Registry
from wartrace.config import load_yaml
from wartrace.model import Claim

PERSON_TYPES = {"head_of_state", "official"}
FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
PRONOUNS = {"he", "she", "him", "her", "they", "them", "it"} | FIRST_PERSON
ROLE_WORDS = ("governor", "head", "mayor", "chief", "president", "spokesman", "spokeswoman", "spokesperson",
              "press secretary", "leader", "founder")
FUZZ_MIN = 90  # rapidfuzz ratio of two folded names that are one name

# Ordered: multi-letter romanisations first, then the single letters the systems disagree on.
_FOLDS = (
    ("shch", "sc"), ("kh", "h"), ("zh", "j"), ("ts", "c"), ("tz", "c"), ("ch", "c"), ("sh", "s"), ("ck", "k"),
    ("ie", "e"), ("ye", "e"), ("je", "e"), ("yi", "i"), ("iy", "i"), ("ij", "i"), ("yy", "i"),
    ("yu", "u"), ("iu", "u"), ("ju", "u"), ("ya", "a"), ("ia", "a"), ("ja", "a"), ("yo", "o"), ("io", "o"),
    ("g", "h"), ("w", "v"), ("y", "i"), ("j", "i"), ("x", "ks"), ("q", "k"),
)


def fold(name: str) -> str:
    """A romanisation-independent key for a name: lower case, accents and apostrophes dropped,
    the letters romanisations disagree on collapsed, doubled letters single."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['’`ʼ]", "", text)
    words = []
    for w in re.findall(r"[a-z]+", text):
        for a, b in _FOLDS:
            w = w.replace(a, b)
        words.append(re.sub(r"(.)\1+", r"\1", w))
    return " ".join(words)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


@dataclass(frozen=True)
class Official:
    id: str
    name: str
    actor: str | None
    organisation: str | None
    side: str | None
    roles: tuple[dict, ...]
    keys: tuple[str, ...]  # folded full names (name and aliases)
    source: str

    @property
    def surname(self) -> str:
        return self.keys[0].split()[-1]

    def holds(self, words: set[str], text: str, when: date | None) -> bool:
        """Whether a role phrase ("the Kharkiv governor") describes this official on that day."""
        low = text.lower()
        for r in self.roles:
            if not words & set(r["words"]) or str(r["region"]).lower() not in low:
                continue
            start, end = r.get("from"), r.get("to")
            if when is None or ((start is None or _day(start) <= when) and (end is None or when <= _day(end))):
                return True
        return False


def _day(v) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v)[:10])


@dataclass
class Officials:
    entries: list[Official] = field(default_factory=list)

    def by_actor(self, actor_id: str) -> Official | None:
        return next((o for o in self.entries if o.actor == actor_id), None)

    def by_name(self, text: str) -> Official | None:
        """The official a written name refers to, whatever its romanisation: the whole name, else
        its last two words, else a surname that only one official bears."""
        words = fold(text).split()
        if not words:
            return None
        for n in (len(words), 2):
            key = " ".join(words[-n:])
            if len(key.split()) < 2:
                continue
            for o in self.entries:
                if any(key == k or fuzz.ratio(key, k) >= FUZZ_MIN for k in o.keys):
                    return o
        last = words[-1]
        hits = [o for o in self.entries if any(fuzz.ratio(last, k.split()[-1]) >= FUZZ_MIN for k in o.keys)]
        if len(hits) == 1 and (len(words) == 1 or _same_initial(words[-2], hits[0])):
            return hits[0]
        return None

    def by_role(self, text: str, when: date | None) -> Official | None:
        """The one official whose role the phrase names ("head of the Kharkiv regional military
        administration") on that day; None when the phrase names no region or several fit."""
        words = {w for w in ROLE_WORDS if re.search(rf"\b{w}\b", text, re.I)}
        if not words:
            return None
        hits = [o for o in self.entries if o.holds(words, text, when)]
        return hits[0] if len(hits) == 1 else None


def _same_initial(first: str, o: Official) -> bool:
    return any(k.split()[0][:1] == first[:1] for k in o.keys)


@lru_cache(maxsize=1)
def load_officials() -> Officials:
    out = Officials()
    for e in load_yaml("officials.yaml")["officials"]:
        keys = tuple(dict.fromkeys(fold(n) for n in [e["name"], *(e.get("aliases") or [])]))
        out.entries.append(Official(id=e["id"], name=e["name"], actor=e.get("actor"),
                                    organisation=e.get("organisation"), side=e.get("side"),
                                    roles=tuple(e.get("roles") or ()), keys=keys, source=e["source"]))
    return out


def actor_id(actor: Actor) -> str:
    return "actor:" + actor.id.lower()


def organisation_of(canonical_id: str | None) -> str | None:
    """The body a canonical claimant speaks for ("person:kyrylo-budanov" -> "actor:gur"), if known."""
    if not canonical_id:
        return None
    o = next((o for o in load_officials().entries if o.id == canonical_id), None)
    return "actor:" + o.organisation.lower() if o and o.organisation else None


# --- one document's claimants ---------------------------------------------------------------

@dataclass
class _Known:
    name: str
    canonical_id: str
    person: bool
    surname: str | None = None  # folded
    roles: str = ""  # role words and titles the document or the registry gives the person
    organisation: str | None = None
    actor: str | None = None  # actors.yaml id, when the registry knows them


_NAME = re.compile(r"^(?:[A-Z][\w'’-]+\s+){0,3}[A-Z][\w'’-]+$")


def _is_name(text: str) -> bool:
    return bool(_NAME.match(text.strip())) and text.strip().lower() not in PRONOUNS


def _when(value: str | None) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _from_official(o: Official) -> _Known:
    roles = " ".join(f"{' '.join(r['words'])} {r['region']}" for r in o.roles)
    return _Known(o.name, o.id, True, o.surname, roles, "actor:" + o.organisation.lower() if o.organisation else None,
                  o.actor)


def identify(resolved: str, actor: Actor | None, title: str | None, person: bool, when: date | None,
             known: list[_Known], officials: Officials, registry: Registry,
             speaker: _Known | None = None) -> _Known | None:
    """The identity behind one claimant as resolved in its document (see the module docstring)."""
    text = resolved.strip()
    low = text.lower()
    if low in FIRST_PERSON:
        # "we" speaks for the speaker's organisation; "I" is the speaker
        if speaker is None:
            return None
        if low in ("we", "us", "our") and speaker.organisation:
            entry = registry_actor(registry, speaker.organisation)
            return _Known(entry.name if entry else speaker.organisation, speaker.organisation, False)
        return speaker
    if actor is not None:
        if actor.type in PERSON_TYPES or person:
            o = officials.by_actor(actor.id) or officials.by_name(actor.name)
            if o is not None:
                return _from_official(o)
            return _Known(actor.name, "person:" + slug(actor.name), True, fold(actor.name).split()[-1], actor.title or "")
        return _Known(actor.name, actor_id(actor), False)
    if _is_name(text):
        o = officials.by_name(text)
        if o is not None:
            return _from_official(o)
        words = fold(text).split()
        if len(words) == 1:
            # a surname alone: the person of that surname named earlier in the document
            for k in reversed(known):
                if k.person and k.surname and fuzz.ratio(k.surname, words[0]) >= FUZZ_MIN:
                    return k
        if person or len(words) >= 2:
            if not person and not any(w[:1].isupper() for w in text.split()[1:]):
                return None
            # a person is one across romanisations; an organisation's name is kept as written
            key = "person:" + slug(text) if person else "named:" + re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
            return _Known(text, key, person, words[-1], title or "")
        return None
    # a role instead of a name: whoever the document gave that role, else the registry's holder
    roles = {w for w in ROLE_WORDS if re.search(rf"\b{w}\b", low)}
    if roles:
        for k in reversed(known):
            if k.person and any(re.search(rf"\b{w}\b", k.roles, re.I) for w in roles):
                return k
        o = officials.by_role(text, when)
        if o is not None:
            return _from_official(o)
    return None


def registry_actor(registry: Registry, canonical_id: str) -> Actor | None:
    aid = canonical_id.split(":", 1)[-1].upper()
    return next((a for a in registry.actors if a.id == aid), None)


def assign_identities(claims: list[Claim], resolved: dict[str, tuple], published: str | None,
                      registry: Registry, officials: Officials | None = None) -> None:
    """Fill claimant.name and claimant.canonical_id in text order.

    `resolved`: claim id -> (resolved text, actor, title, person) as the in-document
    resolution found them. A claim nested in another ("we" inside a quotation) speaks for the
    claimant of its outer claim.
    """
    officials = officials or load_officials()
    when = _when(published)
    known: list[_Known] = []
    by_claim: dict[str, _Known | None] = {}
    for c in claims:
        if c.claimant is None or c.id not in resolved:
            continue
        text, actor, title, person = resolved[c.id]
        speaker = by_claim.get(c.parent) if c.parent else None
        if speaker is None and c.claimant.text.lower() in FIRST_PERSON:
            speaker = next((k for k in reversed(known) if k is not None), None)
        claim_when = _when((c.date or {}).get("value")) or when
        got = identify(c.claimant.text if c.claimant.text.lower() in FIRST_PERSON else text, actor, title, person,
                       claim_when, known, officials, registry, speaker)
        if got is not None and title and title not in got.roles:
            got.roles += " " + title
        by_claim[c.id] = got
        if got is not None:
            c.claimant.name, c.claimant.canonical_id = got.name, got.canonical_id
            entry = registry_actor(registry, "actor:" + got.actor) if got.actor and c.claimant.actor is None else None
            if entry is not None:  # a spelling the registry's aliases miss: the registry's facts still apply
                c.claimant.actor, c.claimant.type, c.claimant.side = entry.name, entry.type, entry.side
            if got not in known:
                known.append(got)


def same_party(written: str, claimant, registry: Registry) -> bool:
    """Whether a name as a caveat writes it ("Synyegubov", "the UN") is this claimant: the same
    registry actor, the same official, or the same surname after romanisation folding."""
    written = re.sub(r"[’']s$", "", written.strip())
    actor = registry.match(written)
    if actor is not None and claimant.actor == actor.name:
        return True
    o = load_officials().by_name(written)
    if o is not None and claimant.canonical_id == o.id:
        return True
    words = fold(written).split()
    if not words:
        return False
    for label in (claimant.name, claimant.text, claimant.actor):
        got = fold(re.sub(r"[’']s\b", "", label or "")).split()
        if got and (fuzz.ratio(words[-1], got[-1]) >= FUZZ_MIN or (len(words[-1]) <= 4 and words[-1] in got)):
            return True
    return False
