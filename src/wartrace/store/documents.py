"""Reading documents back out of the store as model.Document."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wartrace.model import Document
from wartrace.store.models import DocumentRow


def to_document(row: DocumentRow) -> Document:
    return Document(id=row.id, text=row.text, kind=row.kind, title=row.title, published=row.published,
                    language=row.language, source=row.source, url=row.url, author=row.author,
                    parent_id=row.parent_id, captured_at=row.captured_at, tool_version=row.tool_version,
                    media_type=row.media_type, size=row.size, origin_path=row.origin_path, meta=dict(row.meta or {}))


def get_document(session: Session, doc_id: str) -> Document | None:
    if not doc_id.startswith("sha256:"):
        doc_id = resolve_prefix(session, doc_id) or doc_id
    row = session.get(DocumentRow, doc_id)
    return to_document(row) if row else None


def get_documents(session: Session, doc_ids: list[str]) -> list[Document]:
    """Documents by full id in one query, in the order asked; ids not stored are left out."""
    rows = {r.id: r for r in session.scalars(select(DocumentRow).where(DocumentRow.id.in_(doc_ids)))}
    return [to_document(rows[i]) for i in doc_ids if i in rows]


def resolve_prefix(session: Session, prefix: str) -> str | None:
    """Accept a unique prefix of the hex digest, as git does for commits."""
    p = prefix.removeprefix("sha256:")
    ids = session.scalars(select(DocumentRow.id).where(DocumentRow.id.like(f"sha256:{p}%")).limit(2)).all()
    return ids[0] if len(ids) == 1 else None


def counts(session: Session) -> dict:
    by_kind = dict(session.execute(select(DocumentRow.kind, func.count()).group_by(DocumentRow.kind)).all())
    by_lang = dict(session.execute(select(DocumentRow.language, func.count()).group_by(DocumentRow.language)).all())
    return {"documents": sum(by_kind.values()), "by_kind": by_kind,
            "by_language": {str(k): v for k, v in by_lang.items()}}
