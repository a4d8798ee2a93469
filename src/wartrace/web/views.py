"""Assemble what the incident and document pages (and their JSON twins) show."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from wartrace.model import is_stored_statement
from wartrace.store import custody
from wartrace.store.models import AnalysisRow, ClaimRow, DocumentRow, EventRow, IncidentMemberRow, IncidentRow
from wartrace.store.review import dependence_edges, history, origin_of
from wartrace.web.highlight import highlight, marks_from_analysis, window
from wartrace.web.queries import LIST_COLUMNS
from wartrace.web.translations import TRANSLATION_KINDS, claim_translation

SIDE_NAMES = {"UA": "Ukrainian authorities", "RU": "Russian authorities", "third": "third-country governments",
              "media": "independent media", "intl": "international bodies", "witness": "witnesses"}


def _local(global_id: str | None) -> str | None:
    return global_id.rsplit(":", 1)[-1] if global_id else None


def incident_row_dict(row: IncidentRow) -> dict:

    return {**{c: getattr(row, c) for c in LIST_COLUMNS}, "provenance": row.provenance}  # "unverified import"


@dataclass
class _Gathered:
    """An incident's rows, read once: its members, documents, analyses, events and claims."""
    row: IncidentRow
    members: list
    doc_ids: list[str]
    docs: dict
    results: dict
    events: list
    all_claims: list
    claims: list  # the claims that speak about this incident
    ev_local: dict  # document id -> the local ids of its events in this incident


def _gather(session: Session, row: IncidentRow) -> _Gathered:
    members = list(session.scalars(select(IncidentMemberRow).where(IncidentMemberRow.incident_id == row.id)))
    doc_ids = list(dict.fromkeys(m.document_id for m in members))
    docs = {d.id: d for d in session.scalars(select(DocumentRow).where(DocumentRow.id.in_(doc_ids)))} if doc_ids else {}
    results = {a.document_id: a.result for a in
               session.scalars(select(AnalysisRow).where(AnalysisRow.document_id.in_(doc_ids)))} if doc_ids else {}
    event_ids = [m.event_id for m in members if m.event_id]
    events = list(session.scalars(select(EventRow).where(EventRow.id.in_(event_ids)))) if event_ids else []
    all_claims = list(session.scalars(select(ClaimRow).where(ClaimRow.document_id.in_(doc_ids)))) if doc_ids else []
    ev_local = defaultdict(set)
    for e in events:
        ev_local[e.document_id].add(e.local_id)
    member_claims = {m.claim_id for m in members if m.claim_id}
    return _Gathered(row, members, doc_ids, docs, results, events, all_claims,
                     _speaking_claims(doc_ids, all_claims, member_claims, ev_local), ev_local)


def _speaking_claims(doc_ids: list[str], all_claims: list, member_claims: set, ev_local: dict) -> list:
    """Which claims speak about this incident: named members, else claims tied to its events,
    else (a report-level member) every claim of the document."""
    claims = []
    for d in doc_ids:
        # a document's attitudes ("X thinks …", act "attitude") never speak for an incident
        own = [c for c in all_claims if c.document_id == d and is_stored_statement(c.data)]
        chosen = [c for c in own if c.id in member_claims] or \
                 [c for c in own if set((c.data or {}).get("events", [])) & ev_local[d]] or \
                 ([] if ev_local[d] else own)
        claims += chosen
    return claims


def _dependence(session: Session, summary: dict, doc_ids: list[str]) -> tuple[list[dict], dict]:
    """The source-dependence edges and node details: the linker's, else recomputed from the store."""
    dep = summary.get("dependence") if isinstance(summary.get("dependence"), dict) else None
    if dep is not None:
        edges = [dict(e) for e in dep.get("edges", []) if isinstance(e, dict) and e.get("source") and e.get("target")]
        return edges, {n["id"]: n for n in dep.get("nodes", []) if isinstance(n, dict) and n.get("id")}
    return [{"source": e.source, "target": e.target, "kind": e.kind, "score": e.score}
            for e in dependence_edges(session, doc_ids)], {}


def _doc_labeller(docs: dict, node_info: dict):
    def doc_label(d: str) -> str:
        r = docs.get(d)
        if r is None:
            n = node_info.get(d) or {}
            name = n.get("label") or n.get("name") or d
            return name.replace("sha256:", "")[:12] if name.startswith("sha256:") else name
        name = (r.origin_path or "").rsplit("/", 1)[-1]
        return r.source or r.title or (name if name not in ("", "-") else r.id[7:19])
    return doc_label


def _doc_entry(d: str, g: _Gathered, doc_label, derived: bool) -> dict:
    return {"id": d, "label": doc_label(d), "published": g.docs[d].published if d in g.docs else None,
            "derived": derived}


def _linker_origin_groups(summary: dict, g: _Gathered, doc_label) -> list[dict]:
    """The linker's corroboration: origins with their side, documents and claims."""
    claim_by_key = {(c.document_id, c.local_id): c for c in g.all_claims}
    groups = []
    for o in summary["origins"]:
        ds = [d for d in o.get("documents", []) if d in g.doc_ids] or list(o.get("documents", []))
        views = []
        for oc in o.get("claims", []):
            c = claim_by_key.get((oc.get("document"), oc.get("claim")))
            views.append(_claim_view(c) if c is not None else
                         {"id": oc.get("claim"), "document_id": oc.get("document"), "claimant": None,
                          "actor": o.get("label"), "side": None, "side_name": o.get("side"), "channel": None,
                          "stance": oc.get("stance"), "date": None, "text": oc.get("text", ""), "evidence": [],
                          "hedges": [], "caveats": []})
        groups.append({
            "origin": o.get("key"), "label": o.get("label") or o.get("key"), "side": o.get("side"),
            "type": o.get("type"), "via": o.get("via") or [], "anonymous": o.get("anonymous", False),
            "evidence": o.get("evidence") or [],
            "documents": [_doc_entry(d, g, doc_label, False) for d in ds],
            "claims": views})
    return groups


def _copy_origin_groups(session: Session, g: _Gathered, edges: list[dict], doc_label) -> list[dict]:
    """Without the linker's summary: documents grouped by the origin their copy edges lead to."""
    origin = origin_of(session, g.doc_ids, [_Edge(**e) for e in edges])
    by_origin: dict[str, list[str]] = defaultdict(list)
    for d in g.doc_ids:
        by_origin[origin[d]].append(d)
    return [{"origin": key, "label": doc_label(key), "side": None, "type": None, "via": [], "anonymous": False,
             "evidence": [], "documents": [_doc_entry(d, g, doc_label, d != key) for d in ds],
             "claims": [_claim_view(c) for c in g.claims if c.document_id in ds]}
            for key, ds in by_origin.items()]


def _evidence(g: _Gathered, doc_label, with_html: bool) -> list[dict]:
    """Each document's passage about the incident, its claims and events highlighted."""
    evidence = []
    for d in g.doc_ids:
        r = g.docs.get(d)
        if r is None:
            continue
        mine = {c.local_id for c in g.claims if c.document_id == d}
        evs = g.ev_local[d] or None
        strong = marks_from_analysis(g.results.get(d), claim_ids=mine, event_ids=evs)
        strong = [m for m in strong if m.kind not in ("place", "date", "hedge", "weasel")]
        a, b = window(r.text, strong)
        every = marks_from_analysis(g.results.get(d), claim_ids=mine, event_ids=evs or set())
        evidence.append({"document": d, "label": doc_label(d), "title": r.title, "published": r.published,
                         "kind": r.kind, "start": a, "end": b, "length": len(r.text),
                         "html": highlight(r.text, every, a, b) if with_html else None,
                         "text": r.text[a:b]})
    return evidence


def _ihl_checklists(events: list) -> list[dict]:
    return [{"event": e.id, "code": i.get("code"), "label": i.get("label"), "reference": i.get("reference"),
             "elements": [{"element": x, "met": True} for x in i.get("elements_met", [])]
             + [{"element": x, "met": False} for x in i.get("elements_open", [])]}
            for e in events for i in (e.data or {}).get("ihl", [])]


def incident_detail(session: Session, incident_id: str, with_html: bool = True) -> dict | None:
    row = session.get(IncidentRow, incident_id)
    if row is None:
        return None
    g = _gather(session, row)
    summary = row.summary or {}
    edges, node_info = _dependence(session, summary, g.doc_ids)
    doc_label = _doc_labeller(g.docs, node_info)
    origin_groups = (_linker_origin_groups(summary, g, doc_label) if summary.get("origins")
                     else _copy_origin_groups(session, g, edges, doc_label))
    origin_groups.sort(key=lambda og: (-len(og["documents"]), str(og["label"])))
    claim_views = [_claim_view(c) for c in g.claims]
    _add_languages([v for og in origin_groups for v in og["claims"]] + claim_views, session, g.docs, g.all_claims)
    contradictions = summary.get("contradictions") or []
    return {
        "incident": incident_row_dict(row),
        "summary": summary,
        "members": [{"document_id": m.document_id, "event_id": m.event_id, "claim_id": m.claim_id} for m in g.members],
        "documents": [{"id": d, "label": doc_label(d), "title": g.docs[d].title if d in g.docs else None,
                       "published": g.docs[d].published if d in g.docs else None} for d in g.doc_ids],
        "events": [_event_view(e) for e in g.events],
        "claims": claim_views,
        "origins": origin_groups,
        "graph": dependence_graph(g.doc_ids, edges, doc_label),
        "evidence": _evidence(g, doc_label, with_html),
        "ihl": _ihl_checklists(g.events),
        "contradictions": [c if isinstance(c, dict) else {"description": str(c)} for c in contradictions],
        "history": [{"at": h.at, "actor": h.actor, "action": h.action, "field": h.field, "old": h.old_value,
                     "new": h.new_value, "reason": h.reason, "provenance": h.provenance}
                    for h in history(session, incident_id)],
        "custody": [_custody_view(c) for c in custody.entries_for(session, incident_id)],
    }


def _add_languages(views: list[dict], session: Session, docs: dict, all_claims: list) -> None:
    """Each claim's language (its document's) and, for a claim not in English whose document has
    an English translation (a transcript's "transcript-translation" child), that translation."""
    ids = list(docs)
    children = list(session.scalars(select(DocumentRow).where(DocumentRow.parent_id.in_(ids),
                                                               DocumentRow.kind.in_(TRANSLATION_KINDS)))) if ids else []
    translation_of = {t.parent_id: t for t in children}
    rows = {c.id: c for c in all_claims}
    for v in views:
        doc = docs.get(v.get("document_id"))
        v["language"] = doc.language if doc is not None else None
        v["translation"] = None
        t = translation_of.get(doc.id) if doc is not None and doc.language not in (None, "en", "unknown") else None
        if t is None:
            continue
        row = rows.get(v.get("id"))
        spans = [(s["start"], s["end"]) for s in ((row.data or {}).get("content", []) if row is not None else [])
                 if isinstance(s, dict) and isinstance(s.get("start"), int) and isinstance(s.get("end"), int)]
        tr = claim_translation(spans, doc.meta, t.id, t.text, t.meta)
        v["translation"] = asdict(tr) if tr is not None else None


class _Edge:
    """A dependence edge from either source (the linker's summary or the dependencies table)."""

    def __init__(self, source, target, kind=None, score=None, id=None, **_rest):
        self.source, self.target, self.kind, self.score, self.id = source, target, kind, score, id


def _claim_view(c: ClaimRow) -> dict:
    data = c.data or {}
    return {"id": c.id, "document_id": c.document_id, "claimant": c.claimant, "actor": c.actor, "side": c.side,
            "side_name": SIDE_NAMES.get(c.side or "", c.side), "channel": c.channel, "stance": c.stance,
            "date": c.date, "text": " … ".join(s.get("text", "") for s in data.get("content", [])),
            "evidence": data.get("evidence", []), "hedges": [h.get("text") for h in data.get("hedges", [])],
            "caveats": [{"kind": k.get("kind"), "party": k.get("party"), "text": k.get("text")}
                        for k in data.get("caveats", [])]}


def _event_view(e: EventRow) -> dict:
    return {"id": e.id, "document_id": e.document_id, "event_type": e.event_type, "sub_event_type": e.sub_event_type,
            "modality": e.modality, "date_start": e.date_start, "date_end": e.date_end,
            "date_precision": e.date_precision, "place": e.place, "place_feature": e.place_feature, "lat": e.lat,
            "lon": e.lon, "actor1": e.actor1, "actor2": e.actor2, "fatalities": e.fatalities, "ihl": e.ihl,
            "confidence": e.confidence}


def _custody_view(c) -> dict:
    return {"seq": c.seq, "at": c.at, "actor": c.actor, "action": c.action, "object_id": c.object_id,
            "object_sha": c.object_sha, "entry_sha": c.entry_sha, "detail": c.detail}


def dependence_graph(doc_ids: list[str], edges, label) -> dict:
    """Nodes in columns by distance from their origin (origins left), edges derived -> source."""
    edges = [e if isinstance(e, _Edge) else _Edge(**e) for e in edges]
    nodes = list(dict.fromkeys([*doc_ids, *(e.target for e in edges), *(e.source for e in edges)]))
    parents = defaultdict(set)
    for e in edges:
        if e.source != e.target:
            parents[e.source].add(e.target)
    depth: dict[str, int] = {}

    def d(n: str, seen=()) -> int:
        if n in depth:
            return depth[n]
        ps = [p for p in parents.get(n, ()) if p not in seen]
        depth[n] = 0 if not ps else 1 + max(d(p, (*seen, n)) for p in ps)
        return depth[n]

    cols = defaultdict(list)
    for n in nodes:
        cols[d(n)].append(n)
    col_w, row_h, pad = 220, 56, 30
    pos = {}
    for c, ns in cols.items():
        for r, n in enumerate(ns):
            pos[n] = (pad + c * col_w, pad + r * row_h)
    width = pad * 2 + max(cols) * col_w + 160 if cols else 200
    height = pad * 2 + max(len(v) for v in cols.values()) * row_h if cols else 80
    return {
        "width": width, "height": height,
        "nodes": [{"id": n, "label": label(n)[:28], "x": pos[n][0], "y": pos[n][1], "document": n in doc_ids,
                   "origin": depth[n] == 0} for n in nodes],
        "edges": [{"source": e.source, "target": e.target, "kind": e.kind, "score": e.score,
                   "x1": pos[e.source][0], "y1": pos[e.source][1], "x2": pos[e.target][0], "y2": pos[e.target][1]}
                  for e in edges if e.source in pos and e.target in pos and e.source != e.target],
    }


# --- documents -------------------------------------------------------------------

def document_detail(session: Session, doc_id: str, with_html: bool = True) -> dict | None:
    row = session.get(DocumentRow, doc_id)
    if row is None:
        return None
    analysis = session.get(AnalysisRow, doc_id)
    result = analysis.result if analysis else None
    marks = marks_from_analysis(result)
    children = list(session.scalars(select(DocumentRow).where(DocumentRow.parent_id == doc_id)
                                    .order_by(DocumentRow.captured_at)))
    parent = session.get(DocumentRow, row.parent_id) if row.parent_id else None
    recording = row if row.kind == "audio" else parent if (parent is not None and parent.kind == "audio") else None
    transcript = row if row.kind == "transcript" else next((c for c in children if c.kind == "transcript"), None)
    segments = []
    if recording is not None and transcript is not None:
        t_result = result if transcript is row else (session.get(AnalysisRow, transcript.id).result
                                                   if session.get(AnalysisRow, transcript.id) else None)
        t_marks = marks if transcript is row else marks_from_analysis(t_result)
        for s in (transcript.meta or {}).get("segments", []):
            a, b = s.get("char_start"), s.get("char_end")
            has_span = isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= len(transcript.text)
            segments.append({"start": float(s.get("start") or 0.0), "end": float(s.get("end") or 0.0),
                             "text": s.get("text", ""), "confidence": s.get("confidence", s.get("avg_logprob")),
                             "html": highlight(transcript.text, t_marks, a, b) if (has_span and with_html) else None})
    incidents = list(session.scalars(select(IncidentMemberRow.incident_id).where(IncidentMemberRow.document_id == doc_id)
                                     .distinct()))
    counts = defaultdict(int)
    for m in marks:
        counts[m.kind] += 1
    meta = {k: v for k, v in (row.meta or {}).items() if k != "segments"}
    return {
        "document": {"id": row.id, "sha256": row.id.split(":", 1)[-1], "kind": row.kind, "title": row.title,
                     "published": row.published, "language": row.language, "source": row.source, "url": row.url,
                     "author": row.author, "parent_id": row.parent_id, "captured_at": row.captured_at,
                     "tool_version": row.tool_version, "media_type": row.media_type, "size": row.size,
                     "origin_path": row.origin_path, "analysed_at": row.analysed_at, "meta": meta,
                     "text": row.text, "provenance": row.provenance},
        "analysis": result,
        "pipeline": analysis.pipeline if analysis else None,
        "html": highlight(row.text, marks) if with_html else None,
        "mark_counts": dict(counts),
        "children": [{"id": c.id, "kind": c.kind, "title": c.title} for c in children],
        "parent": {"id": parent.id, "kind": parent.kind, "title": parent.title} if parent else None,
        "recording": {"id": recording.id, "sha256": recording.id.split(":", 1)[-1], "media_type": recording.media_type,
                      "duration": (recording.meta or {}).get("duration")} if recording is not None else None,
        "transcript_id": transcript.id if transcript is not None else None,
        "segments": segments,
        "incidents": incidents,
        "custody": [_custody_view(c) for c in custody.entries_for(session, doc_id)],
    }
