"""The incident dossier: HTML (Jinja2, autoescaped) and PDF (WeasyPrint), and its check.

A dossier holds what an editor or prosecutor needs to weigh an incident: the summary, each
claim with its quoted spans in context, the sources with their SHA-256 and capture times,
the independence analysis, the IHL elements checklist (indicators of alleged violations,
not findings), reviewer notes and status history, and the custody entries concerned.

Issuing a dossier appends a custody entry (action "dossier", object_id the incident, object_sha
the SHA-256 of the file as written, detail {file, format}); `verify_dossier` re-hashes a file
and finds that entry, so a dossier changed by one byte no longer matches anything issued.
Issued with a signing key, a dossier also carries its own seal (export/dossier_seal.py: the
chain head, a checkpoint, the chain segment and its signature), and `verify_dossier_alone`
checks it with nothing but the issuer's public key.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader
from sqlalchemy import select

from wartrace import __version__
from wartrace.export import dossier_seal
from wartrace.export.notes import attribution, caveat_phrase, claimant_name, contradiction_phrase
from wartrace.export.query import Bundle, Filters, load_bundles
from wartrace.hashing import sha256_bytes, sha256_file
from wartrace.store import custody
from wartrace.store.db import Store
from wartrace.store.models import CustodyRow, IncidentRow

FORMATS = ("html", "pdf")
CONTEXT_CHARS = 90


@dataclass
class Issued:
    incident: str
    path: Path
    format: str
    sha256: str
    custody_seq: int


def _env() -> Environment:
    env = Environment(loader=PackageLoader("wartrace.export", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["contradiction"] = contradiction_phrase
    return env


def _in_context(text: str, start: int, end: int) -> dict[str, str]:
    """The span with a little of the text around it, cut at word boundaries."""
    a, b = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    before, after = text[a:start], text[end:b]
    if a > 0:
        before = "…" + before.split(" ", 1)[-1]
    if b < len(text):
        after = after.rsplit(" ", 1)[0] + "…"
    return {"before": " ".join(before.split()) + (" " if before[-1:].isspace() else ""),
            "span": text[start:end], "after": (" " if after[:1].isspace() else "") + " ".join(after.split())}


def _claim_view(claim: dict, doc) -> dict[str, Any]:
    text = doc.text or ""
    spans = [dict(s, **_in_context(text, s["start"], s["end"])) for s in claim.get("content") or []
             if 0 <= s.get("start", -1) <= s.get("end", -1) <= len(text)]
    return {
        "id": claim.get("id"), "document": doc, "claimant": claimant_name(claim),
        "claimant_text": (claim.get("claimant") or {}).get("text"),
        "claimant_actor": (claim.get("claimant") or {}).get("actor"),
        "side": (claim.get("claimant") or {}).get("side"),
        "attribution": attribution(claim), "cue": (claim.get("cue") or {}).get("text"),
        "channel": claim.get("channel"), "evidence": claim.get("evidence") or [], "stance": claim.get("stance"),
        "direct": claim.get("direct"), "date": claim.get("date"), "spans": spans,
        "hedges": list(dict.fromkeys(h.get("text") for h in claim.get("hedges") or [] if h.get("text"))),
        "caveats": [{"phrase": caveat_phrase(c), "text": c.get("text"), "kind": c.get("kind"), "party": c.get("party")}
                    for c in claim.get("caveats") or []],
    }


def _ihl_view(b: Bundle) -> list[dict[str, Any]]:
    """One checklist per indicator code; the events raising it are listed, their elements merged."""
    by_code: dict[str, dict[str, Any]] = {}
    for e in b.events:
        for i in (e.data or {}).get("ihl") or []:
            v = by_code.setdefault(i.get("code"), {"code": i.get("code"), "label": i.get("label"),
                                                   "reference": i.get("reference"), "met": [], "open": [],
                                                   "events": [], "modalities": []})
            v["events"].append(e.id)
            v["modalities"].append(e.modality)
            v["met"] += [m for m in i.get("elements_met") or [] if m not in v["met"]]
            v["open"] += [m for m in i.get("elements_open") or [] if m not in v["open"]]
    for v in by_code.values():
        v["open"] = [m for m in v["open"] if m not in v["met"]]  # one report alleging it is enough to list it as alleged
        v["modalities"] = list(dict.fromkeys(m for m in v["modalities"] if m))
    return list(by_code.values())


def _dependence_view(b: Bundle) -> list[dict[str, Any]]:
    """Source dependence, one row per (derived report, origin, kind) with how often it was found."""
    rows: dict[tuple, dict[str, Any]] = {}
    for d in b.dependencies:
        key = (d.source, d.target, d.kind)
        row = rows.setdefault(key, {"source": d.source, "target": d.target.removeprefix("actor:"),
                                    "kind": d.kind, "score": d.score, "count": 0})
        row["count"] += 1
        if d.score is not None and (row["score"] is None or d.score > row["score"]):
            row["score"] = d.score
    return list(rows.values())


def context(store: Store, b: Bundle) -> dict[str, Any]:
    docs = {d.id: d for d in b.documents}
    claims = [_claim_view(c.data or {}, docs[c.document_id]) for c in b.claims if c.document_id in docs]
    sources = []
    for d in b.documents:
        sha = d.id.split(":", 1)[1]
        sources.append({"doc": d, "sha256": sha, "blob": store.blobs.verify(sha) or "intact",
                        "analysis": b.analyses.get(d.id)})
    summary = b.summary
    claimants = list(dict.fromkeys(c["claimant"] for c in claims))
    return {
        "incident": b.incident, "summary": summary, "events": b.events,
        "modalities": list(dict.fromkeys(e.modality for e in b.events if e.modality)), "claims": claims, "claimants": claimants,
        "sources": sources, "dependencies": _dependence_view(b), "origins": summary.get("origins") or [],
        "sides": summary.get("sides") or {}, "contradictions": summary.get("contradictions") or [],
        "caveats": summary.get("caveats") or [], "evidence": summary.get("evidence") or [],
        "dependence": summary.get("dependence") or {}, "ihl": _ihl_view(b), "reviews": b.reviews,
        "status_history": [r for r in b.reviews if r.action == "status"],
        "notes": [r for r in b.reviews if r.action != "status"], "custody": b.custody,
        "issued_at": custody.utcnow(), "version": __version__,  # no store path: dossiers leave the building
    }


def render_html(store: Store, b: Bundle) -> str:
    return _env().get_template("dossier.html.j2").render(**context(store, b))


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading it costs a second

    return HTML(string=html).write_pdf()


def _format_of(path: Path, fmt: str | None) -> str:
    fmt = (fmt or path.suffix.lstrip(".") or "pdf").lower()
    if fmt not in FORMATS:
        raise ValueError(f"dossier format must be html or pdf, not {fmt!r}")
    return fmt


def write_dossier(store: Store, incident_id: str, path: str | Path, fmt: str | None = None,
                  actor: str = "system", key=None) -> Issued:
    """Render, seal (with a signing key), write, and record the file's SHA-256 in the custody log."""
    path = Path(path)
    fmt = _format_of(path, fmt)
    with store.session() as s:
        bundles = load_bundles(s, Filters(incident=incident_id))
        if not bundles:
            raise KeyError(f"no incident {incident_id}")
        html = render_html(store, bundles[0])
        data = render_pdf(html) if fmt == "pdf" else html.encode("utf-8")
        if key is not None:
            data = dossier_seal.seal(store, s, data, fmt, incident_id, bundles[0].custody, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    sha = sha256_bytes(data)
    with store.session() as s:
        entry = custody.append(s, action="dossier", object_id=incident_id, object_sha=sha, actor=actor,
                               detail={"file": path.name, "format": fmt})
        s.commit()
        return Issued(incident_id, path, fmt, sha, entry.seq)


def _entry_intact(s, e: CustodyRow) -> str | None:
    if custody.entry_sha(e) != e.entry_sha:
        return f"custody entry {e.seq} recording it was edited"
    prev = s.get(CustodyRow, e.seq - 1) if e.seq > 1 else None
    if (prev.entry_sha if prev else custody.GENESIS) != e.prev_sha:
        return f"the custody chain is broken before entry {e.seq}"
    nxt = s.get(CustodyRow, e.seq + 1)
    if nxt is not None and nxt.prev_sha != e.entry_sha:
        return f"the custody chain is broken after entry {e.seq}"
    return None


def _carried_by_import(s, sha: str) -> tuple[CustodyRow, dict] | None:
    """A dossier issued in another store travels in the provenance of the incident's import entry;
    only an import checked against the exporter's signed chain vouches for it."""
    for imp in s.scalars(select(CustodyRow).where(CustodyRow.action == "import").order_by(CustodyRow.seq)):
        if not (imp.detail or {}).get("verified"):
            continue
        for e in (imp.detail or {}).get("provenance") or []:
            if e.get("action") == "dossier" and e.get("object_sha") == sha:
                return imp, e
    return None


def verify_dossier(store: Store, path: str | Path) -> tuple[bool, str]:
    """(ok, message): does this file's SHA-256 match a dossier the custody log says was issued?"""
    path = Path(path)
    if not path.is_file():
        return False, f"FAILED: {path}: no such file"
    sha = sha256_file(path)
    with store.session() as s:
        hits = list(s.scalars(select(CustodyRow).where(CustodyRow.action == "dossier", CustodyRow.object_sha == sha)
                              .order_by(CustodyRow.seq)))
        if hits:
            e = hits[0]
            broken = _entry_intact(s, e)
            if broken:
                return False, f"FAILED: {path.name} matches custody entry {e.seq}, but {broken}"
            d = e.detail or {}
            inc = s.get(IncidentRow, e.object_id)
            later = ""
            if inc is None:
                later = "; the incident is no longer in the store (re-linked)"
            elif inc.updated_at and inc.updated_at > e.at:
                later = (f"; the incident has changed since ({inc.updated_at}, status now {inc.status}): "
                         f"issue a new dossier for its current state")
            return True, (f"OK: {path.name} is the {d.get('format', '?')} dossier of incident {e.object_id}, "
                          f"issued {e.at} by {e.actor} as {d.get('file')!r}; SHA-256 {sha} matches custody entry "
                          f"{e.seq}{later}")
        carried = _carried_by_import(s, sha)
        if carried:
            imp, e = carried
            broken = _entry_intact(s, imp)
            if broken:
                return False, f"FAILED: {path.name} matches a dossier carried by import entry {imp.seq}, but {broken}"
            d = e.get("detail") or {}
            return True, (f"OK: {path.name} is the {d.get('format', '?')} dossier of incident {e.get('object_id')}, "
                          f"issued {e.get('at')} by {e.get('actor')} in the store it was exported from (its custody "
                          f"entry {e.get('seq')}); SHA-256 {sha} matches, carried here by import entry {imp.seq}")
        same_name = [e for e in s.scalars(select(CustodyRow).where(CustodyRow.action == "dossier")
                                          .order_by(CustodyRow.seq.desc()))
                     if (e.detail or {}).get("file") == path.name]
    if same_name:
        e = same_name[0]
        return False, (f"FAILED: {path.name} was altered after it was issued: its SHA-256 is {sha}; the dossier "
                       f"issued under this name for incident {e.object_id} at {e.at} has SHA-256 {e.object_sha} "
                       f"(custody entry {e.seq})")
    return False, f"FAILED: no dossier with SHA-256 {sha} was issued from this store ({path.name})"


def verify_dossier_alone(path: str | Path, public_key: str) -> tuple[bool, str]:
    """(ok, message) for a dossier file held to its issuer's public key, without any database."""
    path = Path(path)
    if not path.is_file():
        return False, f"FAILED: {path}: no such file"
    ok, why = dossier_seal.check(path.read_bytes(), public_key)
    return ok, f"{'OK' if ok else 'FAILED'}: {path.name}: {why}"
