"""Channel (how a claim was made public) and evidence (what it rests on), from cue lexicons.

Both lexicons are YAML (data/lexicons/channels.yaml, evidence.yaml), compiled once per process.
Channel rules look at the cue lemma and at the claim's sentence(s) *outside* its content, since
what a claimant says ("we saw it on Telegram") is not how they said it; evidence cues are read
in the whole claim, content included ("received an audio intercept of the conversation").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from wartrace.analysis.actors import load_actors
from wartrace.config import load_yaml

Offsets = tuple[int, int]


@dataclass(frozen=True)
class ChannelRule:
    channel: str
    cues: frozenset[str]
    context: re.Pattern | None
    evidence: frozenset[str]


@dataclass(frozen=True)
class ChannelLexicon:
    rules: tuple[ChannelRule, ...]
    evidence: tuple[tuple[str, re.Pattern], ...]

    def evidence_in(self, text: str) -> list[tuple[str, int, int]]:
        """(evidence type, start, end) of every evidence cue in `text`."""
        out = []
        for kind, pat in self.evidence:
            out.extend((kind, m.start(), m.end()) for m in pat.finditer(text))
        return sorted(out, key=lambda x: x[1])

    def evidence_types(self, text: str) -> list[str]:
        seen: list[str] = []
        for kind, _, _ in self.evidence_in(text):
            if kind not in seen:
                seen.append(kind)
        return seen

    def channel(self, cue_lemma: str | None, outside_text: str, evidence: list[str]) -> tuple[str | None, bool]:
        """(channel, whether anything beyond the bare cue verb supports it)."""
        for rule in self.rules:
            if rule.cues and (cue_lemma or "") not in rule.cues:
                continue
            if rule.evidence and not rule.evidence.intersection(evidence):
                continue
            if rule.context is not None and not rule.context.search(outside_text):
                continue
            return rule.channel, bool(rule.context is not None or rule.evidence or rule.channel != "statement")
        return None, False


def _media_alternation() -> str:

    names = set()
    for a in load_actors().actors:
        if a.type in ("news_outlet", "news_agency"):
            names.update(x for x in (a.name, *a.aliases) if len(x) > 2)
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


def build_channel_lexicon() -> ChannelLexicon:
    media = _media_alternation()
    rules = []
    for r in load_yaml("lexicons/channels.yaml")["channels"]:
        ctx = r.get("context")
        pat = re.compile("|".join(f"(?:{p.replace('{media}', f'(?:{media})')})" for p in ctx), re.I) if ctx else None
        rules.append(ChannelRule(r["channel"], frozenset(r.get("cue") or ()), pat, frozenset(r.get("evidence") or ())))
    ev = tuple((kind, re.compile("|".join(f"(?:{p})" for p in pats), re.I))
               for kind, pats in load_yaml("lexicons/evidence.yaml")["evidence"].items())
    return ChannelLexicon(tuple(rules), ev)


def outside(text: str, base: int, holes: list[Offsets]) -> str:
    """`text` (starting at document offset `base`) with the `holes` blanked out, lengths kept."""
    chars = list(text)
    for s, e in holes:
        for i in range(max(s - base, 0), min(e - base, len(chars))):
            chars[i] = " "
    return "".join(chars)
