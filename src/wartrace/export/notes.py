"""Claims in words: who says it, through what, when, with which caveats.

    attribution(claim_dict)  -> "GUR (social media post with audio intercept, 2022-04-20;
                                 authenticity not verified by CNN, comment requested from
                                 the Russian Ministry of Defence)"
    claim_sentence(claim_dict, reporter="CNN") -> 'According to GUR (…), as reported by CNN: "…".'

Shared by the ACLED notes column and the dossier, so both say the same thing.
"""
from __future__ import annotations

import re

from wartrace.analysis.actors import match_actor
from wartrace.export.vocab import phrases

_ABBREV = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)\s*$")  # "… of Ukraine (GUR)" -> GUR


def claimant_name(claim: dict) -> str:
    """The short name analysts use: the registry's abbreviation, its name, else the words quoted."""
    c = claim.get("claimant") or {}
    actor = c.get("actor")
    if actor:
        m = _ABBREV.search(actor)
        return m.group(1) if m else actor
    return (c.get("text") or "unnamed source").strip()


def party_phrase(party: str) -> str:
    """An organisation takes "the" ("the Russian Ministry of Defence"); a person does not."""
    p = party.strip()
    if not p or p.lower().startswith("the "):
        return p
    actor = match_actor(p)
    if actor is not None:
        if actor.type in phrases()["person_types"]:
            return p
        if actor.type in ("news_outlet", "news_agency"):
            return p  # "CNN", "Reuters": outlets go without the article
        return "the " + p
    return p


def caveat_phrase(caveat: dict) -> str:
    words = phrases()["caveats"].get(caveat.get("kind") or "other") or phrases()["caveats"]["other"]
    party = caveat.get("party")
    return words["party"].format(party=party_phrase(party)) if party else words["plain"]


def _unique(seq):
    return list(dict.fromkeys(x for x in seq if x))


def attribution(claim: dict) -> str:
    """Claimant followed by channel, evidence, date and caveats in parentheses."""
    p = phrases()
    how = p["channels"].get(claim.get("channel") or "other")
    evidence = _unique(p["evidence"].get(e, e) for e in claim.get("evidence") or [])
    if evidence:
        how = f"{how} with {' and '.join(evidence)}" if how else " and ".join(evidence)
    stance = p["stances"].get(claim.get("stance") or "assertion")
    when = (claim.get("date") or {}).get("value")
    first = ", ".join(x for x in (stance, how, when) if x)
    caveats = _unique(caveat_phrase(c) for c in claim.get("caveats") or [])
    inner = "; ".join(x for x in (first, ", ".join(caveats)) if x)
    return f"{claimant_name(claim)} ({inner})" if inner else claimant_name(claim)


_QUOTES = "\"'“”‘’«»„"
_LEADING_THAT = re.compile(r"^that\s+", re.I)


def _bare(span_text: str) -> str:
    """A content span ready to be quoted: one line, no complementiser, no quotation marks of its own."""
    t = _LEADING_THAT.sub("", " ".join(span_text.split()))
    t = t.strip(" ,;:").strip(_QUOTES).strip(" ,;:")
    return t


def content_text(claim: dict, limit: int | None = None) -> str:
    text = " … ".join(_bare(s.get("text", "")) for s in claim.get("content") or [])
    if limit and len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0]
        text = cut + " …"
    return text


def claim_sentence(claim: dict, reporter: str | None = None, limit: int | None = 400) -> str:
    """One sentence per claim: 'According to X (…), as reported by CNN: "…".'"""
    lead = f"According to {attribution(claim)}"
    c = claim.get("claimant") or {}
    if reporter and reporter not in (claimant_name(claim), c.get("text")):
        lead += f", as reported by {reporter}"
    body = content_text(claim, limit)
    hedges = _unique(h.get("text") for h in claim.get("hedges") or [])
    tail = f" [hedged: {', '.join(hedges)}]" if hedges else ""
    if not body:
        return f"{lead}.{tail}"
    stop = "" if body[-1] in ".!?…" and not tail else "."
    return f"{lead}: “{body}”{tail}{stop}"


def contradiction_phrase(c: dict) -> str:
    """A contradiction the linker found, in words: "Contradiction (denial by accused, …): …"."""
    kind = (c.get("kind") or "contradiction").replace("_", " ")
    by = f", {c['by']}" if c.get("by") else ""
    detail = " ".join(str(c.get("detail") or c.get("text") or "").split())
    return f"Contradiction ({kind}{by})" + (f": {detail}" if detail else "")
