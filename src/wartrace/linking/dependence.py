"""Which reports depend on which: the difference between five confirmations and one.

Three kinds of dependence, each an edge with its evidence:
- **text reuse** (`derived_from`, `shares_text`): paragraphs whose word 4-gram sets are
  near-identical (MinHash LSH, datasketch). Quoted passages are left out first: two
  outlets quoting the same statement share a source, not each other's copy. The later
  publication derives from the earlier; with no order known the edge is `shares_text`.
- **wire copy** (`wire_copy`): a credit line such as "(Reuters) -", "— AFP" or
  "Copyright 2022 The Associated Press" names the agency whose copy it is.
- **same publisher** (`same_publisher`): one newsroom's reports are not independent.
- **citation** (`cites`): a claim's origin is the first claimant in its nesting chain
  (`Claim.parent`) that is not a news organisation relaying it: "CNN reported that the
  SBU said" cites the SBU via CNN.

`collapse()` turns the document edges into roots: documents connected by reuse,
wire copy or publisher count as one report. Origins then come from claims (see
`origins_of`), and independent origins are the distinct origin keys that remain.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, Iterable

from datasketch import MinHash, MinHashLSH

from wartrace.analysis.identity import organisation_of
from wartrace.linking.actors import lookup, news_agencies
from wartrace.model import Analysis, Claim, statements

REUSE_THRESHOLD = 0.5  # estimated Jaccard of two paragraphs' 4-gram sets
NUM_PERM = 96
SHINGLE = 4
MIN_PARAGRAPH_WORDS = 12


@dataclass
class DepEdge:
    source: str  # the dependent: a document id
    target: str  # what it depends on: a document id or an origin key
    kind: str  # derived_from | shares_text | wire_copy | same_publisher | cites
    score: float | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class DependenceGraph:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[DepEdge] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": [{"id": k, **v} for k, v in self.nodes.items()],
                "edges": [asdict(e) for e in self.edges]}

    def roots(self) -> dict[str, str]:
        """document id -> the representative of its group of mutually dependent documents (computed once)."""
        if getattr(self, "_roots", None) is None or self._roots_n != len(self.edges):
            self._roots, self._roots_n = collapse(self), len(self.edges)
        return self._roots

    def subgraph(self, documents: Iterable[str]) -> dict[str, Any]:
        """The edges leaving these documents, and the nodes they touch (as to_dict() gives them)."""
        if getattr(self, "_by_source", None) is None or self._by_source_n != len(self.edges):
            self._by_source: dict[str, list[DepEdge]] = {}
            for e in self.edges:
                self._by_source.setdefault(e.source, []).append(e)
            self._by_source_n = len(self.edges)
        docs = list(dict.fromkeys(documents))
        edges = [e for d in docs for e in self._by_source.get(d, [])]
        ids = list(dict.fromkeys(docs + [e.target for e in edges]))
        return {"nodes": [{"id": i, **self.nodes[i]} for i in ids if i in self.nodes],
                "edges": [asdict(e) for e in edges]}


# --- text reuse ----------------------------------------------------------------------

_QUOTED = re.compile(r"[\"“«][^\"”»]{3,}[\"”»]")
_WORD = re.compile(r"\w+", re.U)


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) pairs; very short lines join the next, one long block is cut in 3-sentence windows."""
    out: list[tuple[int, str]] = []
    buf, start = "", 0
    for m in re.finditer(r"[^\n]+", text):
        if not buf:
            start = m.start()
        buf = (buf + " " + m.group(0)).strip()
        if len(buf.split()) >= MIN_PARAGRAPH_WORDS:
            out.append((start, buf))
            buf = ""
    if buf:
        out.append((start, buf))
    if len(out) == 1 and len(out[0][1].split()) > 120:
        sents = re.split(r"(?<=[.!?])\s+", out[0][1])
        out = [(0, " ".join(sents[i:i + 3])) for i in range(0, len(sents), 3)]
    return out


def _shingles(par: str) -> set[str]:
    words = [w.lower() for w in _WORD.findall(_QUOTED.sub(" ", par))]
    if len(words) < SHINGLE:
        return set()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _when(a: Analysis) -> str | None:
    return a.document.published or None


def _earlier(a: Analysis, b: Analysis) -> int:
    """-1 when a came first, 1 when b did, 0 when unknown or equal."""
    ta, tb = _when(a), _when(b)
    if ta and tb and ta != tb:
        return -1 if _as_dt(ta) < _as_dt(tb) else 1
    ca, cb = a.document.captured_at, b.document.captured_at
    if ta == tb and ca and cb and ca != cb:
        return -1 if ca < cb else 1
    return 0


def _as_dt(s: str) -> datetime:
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return datetime.min


@lru_cache(maxsize=1)
def _template() -> MinHash:
    """One set of hash permutations for every MinHash (building them is most of a MinHash's cost)."""
    return MinHash(num_perm=NUM_PERM, seed=1)


def text_reuse_edges(analyses: list[Analysis], threshold: float = REUSE_THRESHOLD) -> list[DepEdge]:
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    sigs: dict[str, tuple[str, int, MinHash, set[str], str]] = {}
    for a in analyses:
        for n, (off, par) in enumerate(paragraphs(a.document.text)):
            sh = _shingles(par)
            if len(sh) < 3:
                continue
            template = _template()
            mh = MinHash(num_perm=NUM_PERM, seed=1, permutations=template.permutations, scheme=template.scheme)
            mh.update_batch([s.encode("utf-8") for s in sh])
            key = f"{a.document.id}\x00{n}"
            sigs[key] = (a.document.id, off, mh, sh, par)
            lsh.insert(key, mh)
    by_id = {a.document.id: a for a in analyses}
    pairs: dict[tuple[str, str], list[dict]] = {}
    for key, (doc, off, mh, sh, par) in sigs.items():
        for other in lsh.query(mh):
            odoc, ooff, _, osh, opar = sigs[other]
            if odoc == doc or other < key:
                continue
            jac = len(sh & osh) / len(sh | osh)  # exact, now that LSH found the pair
            if jac < threshold:
                continue
            pair = tuple(sorted((doc, odoc)))
            pairs.setdefault(pair, []).append(
                {"paragraphs": {doc: off, odoc: ooff}, "jaccard": round(jac, 3), "text": par[:200]})
    edges = []
    for (d1, d2), shared in sorted(pairs.items()):
        order = _earlier(by_id[d1], by_id[d2])
        src, tgt = (d2, d1) if order <= 0 else (d1, d2)
        kind = "derived_from" if order else "shares_text"
        score = max(s["jaccard"] for s in shared)
        edges.append(DepEdge(src, tgt, kind, score, {"shared_paragraphs": len(shared), "examples": shared[:3]}))
    return edges


# --- wire copy and publishers ---------------------------------------------------------

@lru_cache(maxsize=1)
def _credit_patterns() -> list[tuple[str, re.Pattern]]:
    out = []
    for e in news_agencies():
        names = sorted({e["name"], *(e.get("aliases") or [])}, key=len, reverse=True)
        alt = "|".join(re.escape(n) for n in names)
        pat = re.compile(
            rf"(?:\((?:{alt})\)\s*[-—–:]|^\s*(?:{alt})\s*[-—–:]|[-—–]\s*(?:{alt})\s*$|"
            rf"(?:©|Copyright)\s*(?:\d{{4}}\s*)?(?:{alt})\b|\((?:{alt})\)\s*$)",
            re.M)
        out.append((e["name"], pat))
    return out


def wire_credit(analysis: Analysis) -> tuple[str, str] | None:
    """(agency, credit line text) when the document carries an agency's credit line."""
    text = analysis.document.text
    head, tail = text[:300], text[-300:]
    for name, pat in _credit_patterns():
        for part in (head, tail):
            m = pat.search(part)
            if m:
                return name, m.group(0).strip()
    author = analysis.document.author or ""
    for e in news_agencies():
        if author and lookup(author) is e:
            return e["name"], f"author: {author}"
    return None


def publisher_key(analysis: Analysis) -> str | None:
    src = analysis.document.source
    if not src:
        return None
    entry = lookup(src)
    return (entry or {}).get("name") or src.strip().lower()


# --- citations ---------------------------------------------------------------------------

NEWS_TYPES = {"news_outlet", "news_agency", "media", "journalist"}


def is_relay(c: Claim) -> bool:
    """A claimant that passes on what others said: a news outlet or agency (or no claimant at all)."""
    cl = c.claimant
    if cl is None:
        return True
    entry = lookup(cl.actor) if cl.actor else None
    entry = entry or lookup(cl.text)
    return (entry or {}).get("type") in NEWS_TYPES or cl.type in NEWS_TYPES


def chain(claims: list[Claim], claim: Claim) -> list[Claim]:
    """The claim and the claims it is nested in, outermost first."""
    by_id = {c.id: c for c in claims}
    out, cur, seen = [claim], claim, {claim.id}
    while cur.parent and cur.parent in by_id and cur.parent not in seen:
        cur = by_id[cur.parent]
        seen.add(cur.id)
        out.append(cur)
    return list(reversed(out))


def origin_claim(claims: list[Claim], claim: Claim) -> tuple[Claim, list[str]]:
    """The claim whose claimant is the origin, and the relays it came through.

    Relays (news organisations) are passed over: "CNN reported that the SBU said" has its
    origin in the SBU, via CNN. The first claimant that is not a relay is the origin: when
    the SBU says a man "accused" someone, what is claimed is the SBU's account.
    """
    via = []
    for c in chain(claims, claim):
        if c.claimant is not None and not is_relay(c):
            return c, via
        if c.claimant is not None:
            via.append(c.claimant.actor or c.claimant.text)
    return claim, via[:-1]


def innermost(claims: list[Claim], claim: Claim) -> list[Claim]:
    """The claims nested inside `claim` that nest nothing further (or the claim itself)."""
    leaves, todo, seen = [], [claim], set()
    while todo:  # iterative, and safe from a nesting that loops back on itself
        cur = todo.pop()
        if cur.id in seen:
            continue
        seen.add(cur.id)
        children = [c for c in claims if c.parent == cur.id and c.id not in seen]
        if children:
            todo.extend(reversed(children))
        else:
            leaves.append(cur)
    return leaves


def via_chain(claims: list[Claim], claim: Claim) -> list[str]:
    return origin_claim(claims, claim)[1]


def build_graph(analyses: Iterable[Analysis]) -> DependenceGraph:
    analyses = list(analyses)
    g = DependenceGraph()
    for a in analyses:
        d = a.document
        g.nodes[d.id] = {"kind": "document", "label": d.title or d.source or d.id[:19],
                         "source": d.source, "published": d.published}
    g.edges.extend(text_reuse_edges(analyses))
    publishers: dict[str, list[str]] = {}
    for a in analyses:
        credit = wire_credit(a)
        if credit:
            key = "wire:" + credit[0]
            g.nodes.setdefault(key, {"kind": "origin", "label": credit[0], "type": "news_agency"})
            g.edges.append(DepEdge(a.document.id, key, "wire_copy", None, {"credit": credit[1]}))
        pub = publisher_key(a)
        if pub:
            publishers.setdefault(pub, []).append(a.document.id)
    for pub, docs in sorted(publishers.items()):
        if len(docs) > 1:
            key = "publisher:" + pub
            g.nodes.setdefault(key, {"kind": "origin", "label": pub, "type": "publisher"})
            for d in sorted(docs):
                g.edges.append(DepEdge(d, key, "same_publisher", None, {"publisher": pub}))
    roots = collapse(g)
    for a in analyses:
        done = set()
        claims = statements(a.claims)
        for leaf in claims:
            if any(x.parent == leaf.id for x in claims):
                continue  # walk each nesting chain once, from its innermost claim
            c, via = origin_claim(claims, leaf)
            if c.claimant is None or c.id in done:
                continue
            done.add(c.id)
            o = origin_of_claim(a, c, roots.get(a.document.id))
            g.nodes.setdefault(o["key"], {"kind": "origin", "label": o["label"], "type": o["type"],
                                          "side": o["side"]})
            g.edges.append(DepEdge(a.document.id, o["key"], "cites", None,
                                   {"claim": c.id, "claimant": c.claimant.text, "via": via, "stance": c.stance}))
    return g


_ROOT_RANK = {"wire": 0, "publisher": 1}


def collapse(g: DependenceGraph) -> dict[str, str]:
    """document id -> root: documents joined by reuse, wire copy or publisher are one report.

    A group's root is its wire service if any, else its publisher, else its earliest document.
    """
    parent: dict[str, str] = {d: d for d, n in g.nodes.items() if n.get("kind") == "document"}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def rank(x: str) -> tuple:
        return (_ROOT_RANK.get(x.split(":", 1)[0], 2), g.nodes.get(x, {}).get("published") or "9999", x)

    for e in g.edges:
        if e.kind == "cites":
            continue
        parent.setdefault(e.target, e.target)
        parent.setdefault(e.source, e.source)
        ra, rb = find(e.source), find(e.target)
        if ra != rb:
            hi, lo = sorted((ra, rb), key=rank)
            parent[lo] = hi
    return {d: find(d) for d, n in g.nodes.items() if n.get("kind") == "document"}


# --- origins -------------------------------------------------------------------------------

WITNESS_WORDS = re.compile(r"\b(?:(?:eye)?witness(?:es)?|(?:resident|survivor|neighbou?r|local|villager|shopper|"
                           r"passer-?by|relative|doctor|volunteer|vendor)s?|mother|father|wife|husband|son|daughter)\b",
                           re.I)
WITNESSED = re.compile(r"\bwho (?:lives?|lived|was|were|saw|heard|survived|watched)\b", re.I)
ANONYMOUS = re.compile(r"\b(reports?|sources?|some|many|it is|media|officials|people|observers|experts|head|we|us)\b"
                       r"|^\W*(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?)\W*$", re.I)


PERSON_PRONOUNS = {"he", "she", "him", "her"}
ORG_PRONOUNS = {"it", "they", "this", "that", "we"}


# "the Committee, who": a relative clause's claimant span ends in its pronoun (analysis/claims.py)
_RELATIVE_TAIL = re.compile(r",?\s+(?:who|whom|which|that)$", re.I)


def mention_text(claimant) -> str:
    """The claimant as written, without the relative pronoun its span may end in."""
    return _RELATIVE_TAIL.sub("", claimant.text.strip()) if claimant is not None else ""


def _generic(text: str) -> bool:
    """A pronoun or a bare common noun ("the ministry", "investigation"): it names no one by itself."""
    low = text.lower().strip()
    if low in PERSON_PRONOUNS or low in ORG_PRONOUNS:
        return True
    return bool(low) and text == low and not WITNESS_WORDS.search(text) and not ANONYMOUS.search(text)


def _antecedent(a: Analysis, c: Claim, person: bool) -> Claim | None:
    """The claim whose claimant a pronoun or bare noun stands for: the nearest earlier named
    claimant of the fitting kind (a person for he/she, an actor otherwise), else for a bare
    noun the nearest later named claimant."""
    start = c.claimant.start if c.claimant else 0
    head = (mention_text(c.claimant).split() or [""])[-1].lower() if c.claimant else ""
    if head and head not in PERSON_PRONOUNS | ORG_PRONOUNS:
        # "the security service" is the Security Service of Ukraine named before or after it.
        for other in sorted(statements(a.claims), key=lambda x: abs((x.claimant.start if x.claimant else 0) - start)):
            entry = lookup(other.claimant.actor or other.claimant.text) if other.claimant else None
            if other is not c and entry and head in entry["name"].lower().split():
                return other
    earlier, later = None, None
    for other in statements(a.claims):
        o = other.claimant
        if other is c or o is None or _generic(o.text):
            continue
        is_actor = bool(o.actor or lookup(o.text))
        is_person = not is_actor and bool(re.search(r"\b[A-Z][a-z]+\s+[A-Z][a-z'-]+", o.text))
        if o.start < start and (is_actor or is_person) and (earlier is None or o.start > earlier.claimant.start):
            if is_person == person or is_actor != person:
                earlier = other
        elif o.start > start and not person and (is_actor or is_person) and (
                later is None or o.start < later.claimant.start):
            later = other  # "the regional governor said … Oleksandr Prokudin said": the role, then the name
    return earlier or later


def _witness(a: Analysis, cl, text: str) -> bool:
    """A witness by the words naming them, or by the apposition right after the name ("Olena
    Hrytsenko, a vendor who …", "Serhiy Melnyk, who lives across the street")."""
    if WITNESS_WORDS.search(text):
        return True
    if cl.type not in (None, "unknown"):
        return False
    after = re.split(r"(?<=[.!?])\s", a.document.text[cl.end:cl.end + 90], maxsplit=1)[0]
    return bool(re.match(r"\s*,", after)) and bool(WITNESS_WORDS.search(after) or WITNESSED.search(after))


def origin_of_claim(a: Analysis, c: Claim, root: str | None = None) -> dict[str, Any]:
    """The origin of an innermost claim: a registry actor, a named source, or an unnamed one.

    An unnamed source ("a resident said") is only known through the report quoting it,
    so its key carries that report's root: copies of the report share it.
    """
    cl = c.claimant
    text = mention_text(cl)
    entry = lookup(cl.actor) if cl and cl.actor else None
    if cl is not None and cl.canonical_id:
        # One identity across spellings, titles, pronouns and documents (analysis.identity).
        cid = cl.canonical_id
        label = cl.name or (entry or {}).get("name") or text
        otype = (entry or {}).get("type") or cl.type
        if otype in (None, "unknown") and _witness(a, cl, label):
            otype = "witness"
        return {"key": cid, "label": label, "type": otype, "side": (entry or {}).get("side") or cl.side,
                "named": True, "anonymous": False, "organisation": organisation_of(cid) or cid}
    if entry is None and text:
        entry = lookup(text)
    if entry is None and _generic(text):
        antecedent = _antecedent(a, c, person=text.lower() in PERSON_PRONOUNS)
        if antecedent is not None:
            return origin_of_claim(a, antecedent, root)
    if entry is not None:
        return {"key": "actor:" + entry["name"], "label": entry["name"], "type": entry.get("type"),
                "side": entry.get("side"), "named": True, "anonymous": False,
                "organisation": ("actor:" + entry["id"].lower()) if entry.get("id") else None}
    ctype = (cl.type if cl else "unknown") or "unknown"
    is_witness = ctype in ("witness", "victim", "resident") or (cl is not None and _witness(a, cl, text))
    named = bool(re.search(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+)+", text))
    norm = re.sub(r"\s+", " ", text.lower())
    key = f"named:{norm}" if named else f"unnamed:{root or a.document.id}:{norm}"
    return {"key": key, "label": text or "unnamed source", "type": "witness" if is_witness else ctype,
            "side": cl.side if cl else None, "named": named,
            "anonymous": not named and not is_witness and (not text or bool(ANONYMOUS.search(text))),
            "organisation": ("actor:" + entry["id"].lower()) if entry and entry.get("id") else None}
