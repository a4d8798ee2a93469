"""The events lexicon (data/events/lexicon.yaml and friends): participant groups and their ACLED
names, death and injury words, modality cues, rhetoric; loaded once per process."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from wartrace.config import load_yaml


@dataclass
class Lexicon:
    country_of: dict[str, str]
    regimes: dict[str, int]
    group_names: dict[str, str]
    heads: dict[tuple[str, ...], str]          # words -> group (forces, civilians, ...)
    not_participants: set[str]
    death: set[str]
    injury: set[str]
    vague: dict[tuple[str, ...], int]
    numbers: dict[str, int]                    # number words -> value ("three" 3)
    modality: dict[str, set[str]]
    modality_phrases: dict[str, list[tuple[str, ...]]]
    iso_names: dict[str, str] = field(default_factory=dict)
    agent_verbs: set[str] = field(default_factory=set)
    accusation_verbs: set[str] = field(default_factory=set)
    patient_subject_verbs: set[str] = field(default_factory=set)
    bilateral_nouns: set[str] = field(default_factory=set)
    speech_nouns: set[str] = field(default_factory=set)
    rhetoric: dict[str, set[str]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    a = load_yaml("events/arguments.yaml")
    country_of = {k.lower(): v for k, v in {**a["countries"]["names"], **a["countries"]["implied"]}.items()}
    heads = {}
    for group, g in a["groups"].items():
        for h in g["heads"]:
            heads[tuple(str(h).lower().split())] = group
    mod, mod_ph = {}, {}
    for k, words in a["modality"].items():
        if k == "source":
            continue
        mod[k] = {str(w).lower() for w in words if " " not in str(w)}
        mod_ph[k] = [tuple(str(w).lower().split()) for w in words if " " in str(w)]
    try:
        iso = {k: v["name"] for k, v in load_yaml("acled/countries.yaml")["countries"].items()}
    except (FileNotFoundError, KeyError):  # the export's country table is optional here
        iso = {"UA": "Ukraine", "RU": "Russia", "BY": "Belarus"}
    return Lexicon(
        country_of=country_of,
        regimes={k: v for k, v in a["regimes"].items() if k != "source"},
        group_names={k: g["name"] for k, g in a["groups"].items()},
        heads=heads,
        not_participants=set(a["not_participants"]),
        death={w.lower() for w in a["counts"]["death_words"]},
        injury={w.lower() for w in a["counts"]["injury_words"]},
        vague={tuple(k.lower().split()): int(v) for k, v in a["counts"]["vague"].items()},
        numbers={str(k).lower(): int(v) for k, v in a["counts"]["number_words"].items()},
        modality=mod, modality_phrases=mod_ph, iso_names=iso,
        agent_verbs={str(w).lower() for w in a.get("agent_verbs", [])},
        accusation_verbs={str(w).lower() for w in a.get("accusation_verbs", [])},
        patient_subject_verbs={str(w).lower() for w in a.get("patient_subject_verbs", [])},
        bilateral_nouns={str(w).lower() for w in a.get("bilateral_nouns", [])},
        speech_nouns={str(w).lower() for w in a.get("speech_nouns", [])},
        rhetoric={k: {str(w).lower() for w in v} for k, v in (a.get("rhetoric") or {}).items()},
    )

