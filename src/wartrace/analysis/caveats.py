"""Caveats on claims: unverified authenticity, no independent verification, right of reply
asked or unanswered, denial by the accused, retraction (data/lexicons/caveats_claims.yaml).

A caveat often sits in a later sentence than the claim it qualifies ("CNN cannot guarantee the
authenticity of the recording" two paragraphs after the tweet that released it). It is tied to:
0. when it names whose claims it qualifies ("could not verify Synyegubov's remarks"), that
   claimant's latest claim before it, and no other claim when that claimant made none;
1. the latest earlier claim that *presented* the evidence the caveat names (the recording, the
   video), when the caveat names one;
2. else the latest top-level claim that starts before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from wartrace.config import load_yaml


@dataclass(frozen=True)
class CaveatFound:
    kind: str
    start: int
    end: int
    text: str
    party_text: str | None
    refers_to: tuple[str, ...]  # evidence types named in the caveat's sentence
    about: tuple[str, ...] = ()  # whose claims it qualifies, as written ("Synyegubov's remarks" -> "Synyegubov")


@dataclass(frozen=True)
class CaveatLexicon:
    patterns: tuple[tuple[str, re.Pattern], ...]
    refers_to: tuple[tuple[str, re.Pattern], ...]


def build_caveat_lexicon() -> CaveatLexicon:
    data = load_yaml("lexicons/caveats_claims.yaml")
    pats = []
    for entry in data["caveats"]:
        for p in entry["patterns"]:
            pats.append((entry["kind"], re.compile(p, re.I)))
    refs = tuple((kind, re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.I))
                 for kind, words in (data.get("refers_to") or {}).items())
    return CaveatLexicon(tuple(pats), refs)


# "could not verify Synyegubov's remarks", "the UN's claims": the possessor is whose claims are qualified.
_WHOSE = re.compile(r"(?P<who>(?:[A-Z][\w’'-]*\s+){0,3}[A-Z][\w’'-]*)[’']s?\s+(?:own\s+)?(?:remarks|claims?|statements?|"
                    r"comments?|accounts?|assertions?|allegations?|words|figures?|reports?|posts?|video|footage|"
                    r"recordings?|account)\b")


def find_caveats(lex: CaveatLexicon, text: str, sentences: list[tuple[int, int]]) -> list[CaveatFound]:
    """Caveats per sentence; where two kinds claim the same words the first listed wins."""
    out: list[CaveatFound] = []
    for s0, s1 in sentences:
        sent = text[s0:s1]
        taken: list[tuple[int, int]] = []
        for kind, pat in lex.patterns:
            for m in pat.finditer(sent):
                a, b = m.start(), m.end()
                if any(a < y and x < b for x, y in taken):
                    continue
                taken.append((a, b))
                party = m.groupdict().get("party")
                refs = tuple(k for k, rp in lex.refers_to if rp.search(sent))
                raw = sent[a:b].rstrip(" ,")
                about = tuple(m.group("who") for m in _WHOSE.finditer(raw))
                out.append(CaveatFound(kind, s0 + a, s0 + a + len(raw), raw, party.strip() if party else None, refs,
                                       about))
    return sorted(out, key=lambda c: c.start)
