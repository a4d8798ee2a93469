"""JSON Lines of incidents with everything, and the import that reads them back.

One line per incident:

    {"schema": "wartrace.incidents/1",
     "incident": {…every column…}, "members": [{document_id, event_id, claim_id}],
     "documents": [{…every column…, "raw_base64": the captured bytes,
                    "analysis": {schema, result, created_at, pipeline} | null,
                    "claims": [claim rows], "events": [event rows]}],
     "dependencies": […], "reviews": […], "link_constraints": […],
     "custody": [the custody entries of the incident, its documents, events and claims]}

Import writes every row as it was (ids, times, analyses) so a second export of the imported
store gives the same lines. The raw bytes are re-hashed against the document id before they
are stored. Each imported object gets one custody entry of action "import" whose detail
carries the entries it had in the exporting store ("provenance"); an export shows those
original entries in place of the import entry, which is what makes the round trip exact
and keeps the chain of custody across stores readable.

Exported with a signing key, the file ends with the exporter's chain segment and a signed
checkpoint (export/provenance.py). An import whose signature verifies against a trusted key
checks every record against that chain and refuses the file on any difference; an import
without one marks every document, incident and review "unverified import" (their
`provenance`), in its custody entries too, and so in the workbench and every later export.
Either way a document whose text its raw bytes do not give is refused.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from wartrace.evidence.rederive import DIFFERS, check_text
from wartrace.export import provenance as prov
from wartrace.export.query import Bundle, bare_id, custody_ids
from wartrace.hashing import sha256_bytes
from wartrace.store import custody, seals
from wartrace.store.db import Store
from wartrace.store.models import (
    AnalysisRow,
    ClaimRow,
    CustodyRow,
    DependenceRow,
    DocumentRow,
    EventRow,
    IncidentMemberRow,
    IncidentRow,
    LinkConstraintRow,
    ReviewRow,
)

SCHEMA = "wartrace.incidents/1"


class ImportProblem(ValueError):
    """The file cannot be imported as it stands; nothing was written."""


def _columns(model, skip: tuple[str, ...] = ()) -> list[str]:
    return [c.key for c in model.__table__.columns if c.key not in skip]


INCIDENT_COLS = _columns(IncidentRow)
DOCUMENT_COLS = _columns(DocumentRow)
CLAIM_COLS = _columns(ClaimRow)
EVENT_COLS = _columns(EventRow)
ANALYSIS_COLS = _columns(AnalysisRow, ("document_id",))
MEMBER_COLS = _columns(IncidentMemberRow, ("id", "incident_id"))
DEPENDENCE_COLS = _columns(DependenceRow, ("id",))
REVIEW_COLS = _columns(ReviewRow, ("id",))
CONSTRAINT_COLS = _columns(LinkConstraintRow, ("id",))
CUSTODY_COLS = _columns(CustodyRow)


def row_dict(row, cols: list[str]) -> dict[str, Any]:
    return {c: getattr(row, c) for c in cols}


def _key(d: dict) -> str:
    return json.dumps(d, sort_keys=True, ensure_ascii=False, default=str)


def expand_custody(entries: Iterable[CustodyRow]) -> list[dict]:
    """Entries as dicts, an import entry replaced by the entries it carried from its origin."""
    out: list[dict] = []
    for e in entries:
        prov = (e.detail or {}).get("provenance") if e.action == "import" else None
        if prov is not None:
            out.extend(prov)
        else:
            out.append(row_dict(e, CUSTODY_COLS))
    unique = {(_key(x)): x for x in out}
    return sorted(unique.values(), key=lambda x: (x["at"], x["seq"], x["entry_sha"]))


# --- export -------------------------------------------------------------------------------

def _document_entry(s: Session, store: Store, doc: DocumentRow, analysis: AnalysisRow | None) -> dict[str, Any]:
    d = row_dict(doc, DOCUMENT_COLS)
    sha = doc.id.split(":", 1)[1]
    d["raw_base64"] = base64.b64encode(store.blobs.get(sha)).decode("ascii") if store.blobs.exists(sha) else None
    d["analysis"] = row_dict(analysis, ANALYSIS_COLS) if analysis else None
    d["claims"] = [row_dict(c, CLAIM_COLS) for c in
                   s.scalars(select(ClaimRow).where(ClaimRow.document_id == doc.id).order_by(ClaimRow.id))]
    d["events"] = [row_dict(e, EVENT_COLS) for e in
                   s.scalars(select(EventRow).where(EventRow.document_id == doc.id).order_by(EventRow.id))]
    return d


def incident_line(s: Session, store: Store, b: Bundle) -> dict[str, Any]:
    docs = [_document_entry(s, store, d, b.analyses.get(d.id)) for d in b.documents]
    object_ids = {b.incident.id} | {d.id for d in b.documents}
    for d in docs:
        object_ids.update(c["id"] for c in d["claims"])
        object_ids.update(e["id"] for e in d["events"])
    items = sorted({b.incident.id} | {e["id"] for d in docs for e in d["events"]} | {d["id"] for d in docs})
    constraints = list(s.scalars(select(LinkConstraintRow).where(
        LinkConstraintRow.a.in_(items) | LinkConstraintRow.b.in_(items)))) if items else []
    reviews = s.scalars(select(ReviewRow).where(ReviewRow.object_id.in_(object_ids)))
    entries = s.scalars(select(CustodyRow).where(CustodyRow.object_id.in_(custody_ids(object_ids)))
                        .order_by(CustodyRow.seq))
    return {
        "schema": SCHEMA,
        "incident": row_dict(b.incident, INCIDENT_COLS),
        "members": [row_dict(m, MEMBER_COLS) for m in b.members],
        "documents": docs,
        "dependencies": sorted((row_dict(x, DEPENDENCE_COLS) for x in b.dependencies), key=_key),
        "reviews": sorted((row_dict(x, REVIEW_COLS) for x in reviews), key=lambda r: (r["at"], _key(r))),
        "link_constraints": sorted((row_dict(x, CONSTRAINT_COLS) for x in constraints), key=_key),
        "custody": expand_custody(entries),
    }


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def export_jsonl(s: Session, store: Store, bundles: Iterable[Bundle], fh: IO[str], key=None) -> int:
    """One line per incident; with a signing key, then the chain segment and a signed checkpoint."""
    n, objects = 0, set()
    for b in bundles:
        line = incident_line(s, store, b)
        fh.write(dumps(line) + "\n")
        objects |= custody_ids({line["incident"]["id"], *(d["id"] for d in line["documents"])})
        n += 1
    if key is not None:
        prov.write_seal(s, store, key, objects, fh, dumps)
    return n


# --- import -------------------------------------------------------------------------------

@dataclass
class ImportResult:
    incidents: int = 0
    documents: int = 0
    skipped_incidents: int = 0  # already in the store, identical
    skipped_documents: int = 0
    custody_entries: int = 0
    verified: bool = False
    unverified_reasons: list[str] = field(default_factory=list)  # why the records are marked unverified
    problems: list[str] = field(default_factory=list)


def _only(d: dict, cols: list[str]) -> dict:
    return {c: d.get(c) for c in cols}


class Importer:
    def __init__(self, store: Store, s: Session, source: str, actor: str, segment: prov.Segment | None = None):
        self.store, self.s, self.source, self.actor = store, s, source, actor
        self.segment = segment if segment is not None and segment.verified else None
        self.mark = None if self.segment else prov.UNVERIFIED  # what `provenance` columns get
        self.result = ImportResult(verified=self.segment is not None)
        self.seen_deps: set[str] = set()
        self.seen_reviews: set[str] = set()
        self.seen_constraints: set[str] = set()
        self.inserted: set[str] = set()  # documents written (or found) by this import

    def _entry(self, kind: str, object_id: str, object_sha: str, provenance: list[dict], line: int) -> None:
        detail = {"kind": kind, "file": self.source, "line": line, "provenance": provenance,
                  "verified": self.segment is not None}
        if self.segment is not None:
            cp = self.segment.checkpoint
            detail["checkpoint"] = {"seq": cp["seq"], "head": cp["head"], "public_key": cp["public_key"]}
        else:
            detail["status"] = prov.UNVERIFIED
        custody.append(self.s, action="import", object_id=object_id, object_sha=object_sha, actor=self.actor,
                       detail=detail)
        self.result.custody_entries += 1

    def _check(self, n: int, check, *args) -> None:
        """Hold a record of a signed export to the exporter's chain; any difference refuses the file."""
        if self.segment is not None:
            try:
                check(self.segment, *args)
            except prov.Mismatch as exc:
                raise ImportProblem(f"line {n}: {exc}: the file was altered after it was exported") from None

    def line(self, rec: dict, n: int) -> None:
        if rec.get("schema") != SCHEMA:
            raise ImportProblem(f"line {n}: not a {SCHEMA} record (schema {rec.get('schema')!r})")
        by_object: dict[str, list[dict]] = {}
        for e in rec.get("custody", []):
            by_object.setdefault(bare_id(e["object_id"]), []).append(e)
        inc = rec["incident"]
        existing = self.s.get(IncidentRow, inc["id"])
        if existing is not None:
            if _key(row_dict(existing, INCIDENT_COLS)) != _key(dict(_only(inc, INCIDENT_COLS), provenance=existing.provenance)):
                raise ImportProblem(f"line {n}: incident {inc['id']} exists in this store with other content")
            self.result.skipped_incidents += 1
            return
        self._check(n, prov.check_entries, rec.get("custody", []), f"incident {inc['id']}")
        for d in rec["documents"]:
            self._document(d, by_object, n)
        incident = IncidentRow(**_only(inc, INCIDENT_COLS))
        members = [IncidentMemberRow(incident_id=inc["id"], **_only(m, MEMBER_COLS)) for m in rec["members"]]
        self._check(n, prov.check_rows, seals.SPECS["incidents"], inc["id"], [incident], f"incident {inc['id']}")
        self._check(n, prov.check_rows, seals.SPECS["incident_members"], inc["id"], members,
                    f"the members of incident {inc['id']}")
        incident.provenance = incident.provenance or self.mark
        self.s.add(incident)
        self.s.flush()
        self.s.add_all(members)
        self._entry("incident", inc["id"], custody.sha256_obj(_only(inc, INCIDENT_COLS)), by_object.get(inc["id"], []), n)
        for dep in rec.get("dependencies", []):
            k = _key(dep)
            self._check(n, prov.check_loose, seals.SPECS["dependencies"], DependenceRow(**_only(dep, DEPENDENCE_COLS)),
                        f"the dependence {dep.get('source')} -> {dep.get('target')}")
            if k not in self.seen_deps and not self._exists_dep(dep):
                self.s.add(DependenceRow(**_only(dep, DEPENDENCE_COLS)))
            self.seen_deps.add(k)
        for r in rec.get("reviews", []):
            k = _key(r)
            row = ReviewRow(**_only(r, REVIEW_COLS))
            self._check(n, prov.check_loose, seals.SPECS["reviews"], row,
                        f"the review {r.get('action')} by {r.get('actor')} at {r.get('at')}")
            row.provenance = row.provenance or self.mark
            if k not in self.seen_reviews and not self._exists(ReviewRow, _only(r, REVIEW_COLS)):
                self.s.add(row)
            self.seen_reviews.add(k)
        for c in rec.get("link_constraints", []):
            k = _key(c)
            self._check(n, prov.check_loose, seals.SPECS["link_constraints"],
                        LinkConstraintRow(**_only(c, CONSTRAINT_COLS)), f"the link constraint {c.get('a')}/{c.get('b')}")
            if k not in self.seen_constraints and not self._exists(LinkConstraintRow, _only(c, CONSTRAINT_COLS)):
                self.s.add(LinkConstraintRow(**_only(c, CONSTRAINT_COLS)))
            self.seen_constraints.add(k)
        self.result.incidents += 1

    def _exists(self, model, values: dict) -> bool:
        """Is there a row with exactly these values (NULL matching NULL)?"""
        cols = model.__table__.columns
        conds = [cols[k].is_(None) if v is None else cols[k] == v for k, v in values.items()
                 if not isinstance(v, (dict, list)) and k != "provenance"]
        return self.s.scalars(select(model).where(*conds)).first() is not None

    def _exists_dep(self, dep: dict) -> bool:
        q = select(DependenceRow).where(DependenceRow.source == dep["source"], DependenceRow.target == dep["target"],
                                        DependenceRow.kind == dep["kind"])
        return any(_key(row_dict(x, DEPENDENCE_COLS)) == _key(_only(dep, DEPENDENCE_COLS)) for x in self.s.scalars(q))

    def _document(self, d: dict, by_object: dict[str, list[dict]], n: int) -> None:
        fields = _only(d, DOCUMENT_COLS)
        existing = self.s.get(DocumentRow, d["id"])
        if existing is not None:
            same = DocumentRow(**dict(fields, provenance=existing.provenance))  # a mark is no other content
            if custody.document_sha(existing) != custody.document_sha(same):
                raise ImportProblem(f"line {n}: document {d['id']} exists in this store with other content")
            if d["id"] not in self.inserted:  # not merely repeated in another line of this file
                self.result.skipped_documents += 1
                self.inserted.add(d["id"])
            return
        if d.get("raw_base64") is None:
            raise ImportProblem(f"line {n}: document {d['id']} comes without its raw bytes")
        raw = base64.b64decode(d["raw_base64"], validate=True)
        sha = sha256_bytes(raw)
        if f"sha256:{sha}" != d["id"]:
            raise ImportProblem(f"line {n}: the raw bytes of document {d['id']} hash to sha256:{sha}")
        verdict, why = check_text(d.get("kind") or "", d.get("text") or "", raw)
        if verdict == DIFFERS:
            raise ImportProblem(f"line {n}: the text of document {d['id']} does not re-derive from its raw bytes: {why}")
        row = DocumentRow(**fields)
        if self.segment is not None and custody.document_sha(row) != self.segment.documents.get(d["id"]):
            raise ImportProblem(f"line {n}: document {d['id']} does not match the exporter's signed custody chain: "
                                f"the file was altered after it was exported")
        row.provenance = row.provenance or self.mark
        analysis = AnalysisRow(document_id=d["id"], **_only(d["analysis"], ANALYSIS_COLS)) if d.get("analysis") else None
        if analysis is not None and self.segment is not None \
                and custody.analysis_sha(analysis) != self.segment.analyses.get(d["id"]):
            raise ImportProblem(f"line {n}: the analysis of {d['id']} does not match the exporter's signed custody "
                                f"chain: the file was altered after it was exported")
        claims = [ClaimRow(**_only(c, CLAIM_COLS)) for c in d.get("claims", [])]
        events = [EventRow(**_only(e, EVENT_COLS)) for e in d.get("events", [])]
        self._check(n, prov.check_rows, seals.SPECS["claims"], d["id"], claims, f"the claims of {d['id']}")
        self._check(n, prov.check_rows, seals.SPECS["events"], d["id"], events, f"the events of {d['id']}")
        self.store.blobs.put(raw, sha)
        self.inserted.add(d["id"])
        self.s.add(row)
        self.s.flush()
        mine = by_object.get(d["id"], [])
        self._entry("document", d["id"], custody.document_sha(row), [e for e in mine if e["action"] != "analyse"], n)
        if analysis is not None:
            self.s.add(analysis)
            self._entry("analysis", d["id"], custody.analysis_sha(analysis), [e for e in mine if e["action"] == "analyse"], n)
        for c in claims:
            self.s.add(c)
            if c.id in by_object:
                self._entry("claim", c.id, custody.sha256_obj(row_dict(c, CLAIM_COLS)), by_object[c.id], n)
        for e in events:
            self.s.add(e)
            if e.id in by_object:
                self._entry("event", e.id, custody.sha256_obj(row_dict(e, EVENT_COLS)), by_object[e.id], n)
        self.s.flush()
        self.result.documents += 1


def _records(path: Path):
    """(line number, record) of every non-empty line; a line that is not JSON stops the import."""
    with open(path, encoding="utf-8") as fh:
        for n, text in enumerate(fh, 1):
            if not text.strip():
                continue
            try:
                yield n, json.loads(text)
            except json.JSONDecodeError as exc:
                raise ImportProblem(f"line {n}: not JSON ({exc.msg})") from None


def read_segment(path: Path, trusted: set[str]) -> prov.Segment:
    """First pass: the exporter's chain segment and checkpoint, checked (rows are held to it later)."""
    seg = prov.Segment()
    for n, rec in _records(path):
        if rec.get("schema") == prov.ENTRY_SCHEMA:
            seg.add(rec.get("entry") or {}, n)
        elif rec.get("schema") == prov.SEAL_SCHEMA:
            seg.checkpoint = rec.get("checkpoint")
    seg.finish(trusted)
    return seg


def import_jsonl(store: Store, path: str | Path, actor: str = "system", trusted_keys: Iterable[str] = ()) -> ImportResult:
    """Read an export into the store in one transaction: all of it, or nothing on any problem.

    `trusted_keys` are the exporters' public keys (hex) whose signed exports are imported as
    verified; anything else is imported marked "unverified import"."""
    path = Path(path)
    segment = read_segment(path, {k.lower() for k in trusted_keys})
    with store.session() as s:
        imp = Importer(store, s, path.name, actor, segment)
        imp.result.unverified_reasons = [] if segment.verified else segment.problems
        for n, rec in _records(path):
            if rec.get("schema") in (prov.ENTRY_SCHEMA, prov.SEAL_SCHEMA):
                continue
            imp.line(rec, n)
        s.commit()
    return imp.result
