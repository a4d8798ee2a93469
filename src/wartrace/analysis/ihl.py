"""IHL indicators: which elements of which war crime the text alleges about an event.

The rule base is data/ihl_rules.yaml (Rome Statute art. 8 and the ICC Elements of Crimes).
An indicator is an allegation the text supports, never a finding: its label says "alleged",
and every element the words do not show (intent, protected status, nexus to the armed
conflict, who did it) stays in `elements_open`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from wartrace.config import load_yaml
from wartrace.model import IHLIndicator


@dataclass
class EventFacts:
    """What the rules may look at, gathered by the events component."""

    sub_event_type: str
    modality: str
    victim_kind: str | None            # civilians | prisoners | hors_de_combat | protesters | forces | None
    perpetrator: bool                  # actor1 known
    clause: list[Any]                  # spaCy tokens of the event's own clause (acts are looked for here)
    sentence: list[Any]                # spaCy tokens of the whole sentence (targets, words)
    trigger: tuple[int, int] | None = None   # character offsets of the event trigger
    extra_words: list[Any] = field(default_factory=list)  # e.g. the claim content around it
    rhetoric: bool = False             # said as an opinion, a prediction, a question or a condition


def _phrases(items: Iterable[str]) -> list[tuple[str, ...]]:
    return [tuple(str(p).lower().replace("-", " - ").split()) for p in items]


def find_phrase(phrases: list[tuple[str, ...]], tokens: list[Any]) -> tuple[int, int, str] | None:
    """First phrase found in tokens, matched word by word on lower-case form or lemma."""
    forms = [(t.lower_, t.lemma_.lower()) for t in tokens]
    for i in range(len(tokens)):
        for words in phrases:
            n = len(words)
            if i + n <= len(tokens) and all(words[k] in forms[i + k] for k in range(n)):
                a, b = tokens[i], tokens[i + n - 1]
                return a.idx, b.idx + len(b), a.doc[a.i:b.i + 1].text
    return None


# An indicator needs conduct the text says happened, is alleged, or was ordered (ordering is a
# mode of liability, Rome Statute art. 25(3)(b)); a rule may widen this (declaring that no
# quarter will be given is itself a threat).
DEFAULT_MODALITIES = ("happened", "alleged", "ordered")


class Rule:
    def __init__(self, d: dict, common_open: dict):
        self.code, self.label, self.reference = d["code"], d["label"], d.get("reference")
        self.when = d.get("when", {})
        self.core = d.get("core")
        self.modalities = set(d.get("modalities") or DEFAULT_MODALITIES)
        self.elements = d.get("elements", [])
        self.common_open = list(common_open.values())
        self._cache: dict[int, list] = {}

    def _ph(self, items) -> list[tuple[str, ...]]:
        key = id(items)
        if key not in self._cache:
            self._cache[key] = _phrases(items)
        return self._cache[key]

    def _holds(self, cond: dict, f: EventFacts) -> tuple[bool, tuple[int, int, str] | None]:
        """Whether every condition in `cond` holds; also the span of the act that made it."""
        span = None
        for key, val in cond.items():
            if key == "any":
                results = [self._holds(c, f) for c in val]
                hit = next((r for r in results if r[0]), None)
                if hit is None:
                    return False, None
                span = span or hit[1]
            elif key == "acts":
                found = find_phrase(self._ph(val), f.clause)
                if not found:
                    return False, None
                span = span or found
            elif key in ("targets", "words"):
                found = find_phrase(self._ph(val), f.sentence + f.extra_words)
                if not found:
                    return False, None
                if key == "words":
                    span = span or found
            elif key == "victims":
                if f.victim_kind not in val:
                    return False, None
            elif key == "types":
                if f.sub_event_type not in val:
                    return False, None
            elif key == "modality":
                if f.modality not in val:
                    return False, None
            elif key == "perpetrator":
                if bool(val) != f.perpetrator:
                    return False, None
            else:
                raise ValueError(f"unknown IHL rule condition {key!r} in {self.code}")
        return True, span

    def apply(self, f: EventFacts) -> IHLIndicator | None:
        if f.rhetoric or f.modality not in self.modalities:
            return None  # an opinion, a hypothetical or a plan alleges no conduct
        ok, span = self._holds(self.when, f)
        if not ok or (self.core and not self._holds(self.core, f)[0]):
            return None
        met, open_ = [], []
        for el in self.elements:
            cond = el.get("met_if")
            (met if cond and self._holds(cond, f)[0] else open_).append(el["text"])
        open_ += self.common_open
        start, end = (span[0], span[1]) if span else (f.trigger or (0, 0))
        return IHLIndicator(code=self.code, label=f"{self.label} (alleged)", start=start, end=end,
                            elements_met=met, elements_open=open_, reference=self.reference)


@lru_cache(maxsize=1)
def rules() -> list[Rule]:
    data = load_yaml("ihl_rules.yaml")
    return [Rule(r, data.get("common_open", {})) for r in data["rules"]]


def indicators(facts: EventFacts) -> list[IHLIndicator]:
    """Every rule the event's facts trigger, in rule-base order."""
    return [ind for r in rules() if (ind := r.apply(facts)) is not None]
