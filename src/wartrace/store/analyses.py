"""Store analyses: the full extract/1 object plus claim and event rows for querying."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wartrace import __version__
from wartrace.model import SCHEMA, Analysis, analysis_from_dict
from wartrace.store import custody
from wartrace.store.documents import to_document
from wartrace.store.models import AnalysisRow, ClaimRow, DocumentRow, EventRow


def _short(doc_id: str) -> str:
    return doc_id.split(":", 1)[-1][:12]


def global_id(doc_id: str, local_id: str) -> str:
    """Store-wide id of a claim or event: "<first 12 hex of the document>:<local id>"."""
    return f"{_short(doc_id)}:{local_id}"


def _date_range(d: dict | None) -> tuple[str | None, str | None, str | None]:
    if not d or not d.get("value"):
        return None, None, None
    v = d["value"]
    start, _, end = v.partition("/")
    return start[:10], (end or start)[:10], d.get("precision")


def save_analysis(session: Session, analysis: Analysis, pipeline: list[str], actor: str = "system") -> AnalysisRow:
    doc_id = analysis.document.id
    result = analysis.to_dict()
    result["document"].pop("text", None)  # the text is in the documents table already
    session.execute(delete(ClaimRow).where(ClaimRow.document_id == doc_id))
    session.execute(delete(EventRow).where(EventRow.document_id == doc_id))
    row = session.get(AnalysisRow, doc_id)
    if row is None:
        row = AnalysisRow(document_id=doc_id)
        session.add(row)
    row.schema, row.result, row.created_at = SCHEMA, result, custody.utcnow()
    row.pipeline = f"wartrace {__version__}: " + ",".join(pipeline)
    for c in analysis.claims:
        session.add(ClaimRow(
            id=global_id(doc_id, c.id), document_id=doc_id, local_id=c.id,
            claimant=c.claimant.text if c.claimant else None, actor=c.claimant.actor if c.claimant else None,
            side=c.claimant.side if c.claimant else None, channel=c.channel, stance=c.stance,
            date=(c.date or {}).get("value"), data=next(x for x in result["claims"] if x["id"] == c.id)))
    for e in analysis.events:
        start, end, prec = _date_range(e.date)
        p = e.place
        session.add(EventRow(
            id=global_id(doc_id, e.id), document_id=doc_id, local_id=e.id, event_type=e.event_type,
            sub_event_type=e.sub_event_type, modality=e.modality, date_start=start, date_end=end,
            date_precision=prec, lat=p.lat if p else None, lon=p.lon if p else None, place=p.name if p else None,
            place_feature=p.feature if p else None, country=p.country if p else None,
            admin1=p.admin1 if p else None, actor1=e.actor1, actor2=e.actor2, fatalities=e.fatalities,
            ihl=" ".join(i.code for i in e.ihl) or None, confidence=e.confidence,
            data=next(x for x in result["events"] if x["id"] == e.id)))
    doc = session.get(DocumentRow, doc_id)
    if doc is not None:
        doc.analysed_at = row.created_at
    session.flush()
    custody.append(session, action="analyse", object_id=doc_id, object_sha=custody.analysis_sha(row), actor=actor,
                   detail={"pipeline": row.pipeline, "claims": len(analysis.claims), "events": len(analysis.events),
                           "errors": analysis.errors[:5]})
    return row


def save_new_analyses(session: Session, analyses: list[Analysis], pipeline: list[str],
                      actor: str = "system") -> int:
    """Save, in the caller's transaction, the analyses of documents not analysed yet; returns how many.

    A batch delivered twice (an engine retrying a worker that died after sending it) writes each
    analysis once. The document rows are locked first (PostgreSQL), so a concurrent writer of the
    same documents waits and then sees them analysed.
    """
    ids = [a.document.id for a in analyses]
    rows = session.execute(select(DocumentRow.id, DocumentRow.analysed_at)
                           .where(DocumentRow.id.in_(ids)).with_for_update()).all()
    done = {i for i, at in rows if at is not None}
    saved = 0
    for analysis in analyses:
        if analysis.document.id not in done:
            save_analysis(session, analysis, pipeline, actor=actor)
            done.add(analysis.document.id)
            saved += 1
    return saved


def load_analysis(session: Session, doc_id: str) -> Analysis | None:
    row = session.get(AnalysisRow, doc_id)
    doc = session.get(DocumentRow, doc_id)
    if row is None or doc is None:
        return None
    return analysis_from_dict(row.result, to_document(doc))


def unanalysed_ids(session: Session) -> list[str]:
    q = select(DocumentRow.id, DocumentRow.meta).where(DocumentRow.analysed_at.is_(None)).order_by(DocumentRow.captured_at)
    return [i for i, meta in session.execute(q) if (meta or {}).get("analyse", True)]
