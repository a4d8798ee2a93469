"""Full-text search over documents, one function for both back ends.

SQLite: the FTS5 table `documents_fts` (kept in step with `documents` by triggers).
PostgreSQL: the GIN index on to_tsvector('simple', coalesce(title, '') || ' ' || text);
the expression below must stay identical to the index's or PostgreSQL will not use it.
"""
from __future__ import annotations

import re

from sqlalchemy import String, column, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

_WORD = re.compile(r"\w+", re.UNICODE)
_PG_VECTOR = "to_tsvector('simple', coalesce(title, '') || ' ' || text)"


def terms(query: str) -> list[str]:
    """The words of a user's query; operators and punctuation are dropped, never interpreted."""
    return _WORD.findall(query or "")[:20]


def _fts5_query(words: list[str]) -> str:
    # Each word quoted: FTS5 then reads it as a string, not as syntax (AND, NEAR, column:...).
    # The last word also matches as a prefix, so "Popas" finds Popasna while typing.
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def document_ids_matching(dialect: str, query: str) -> TextClause | None:
    """A SELECT of the ids of documents matching every word of `query`, ranked best first.

    Returns None for a query without words. Usable as a subquery: `Row.document_id.in_(...)`.
    """
    words = terms(query)
    if not words:
        return None
    if dialect == "sqlite":
        stmt = text("SELECT documents.id FROM documents_fts JOIN documents ON documents.rowid = documents_fts.rowid "
                    "WHERE documents_fts MATCH :fts ORDER BY documents_fts.rank").bindparams(fts=_fts5_query(words))
    elif dialect == "postgresql":
        stmt = text(f"SELECT documents.id FROM documents WHERE {_PG_VECTOR} @@ to_tsquery('simple', :tsq) "
                    f"ORDER BY ts_rank({_PG_VECTOR}, to_tsquery('simple', :tsq)) DESC").bindparams(
            tsq=" & ".join(w + (":*" if i == len(words) - 1 else "") for i, w in enumerate(words)))
    else:  # any other SQL database: a plain substring match on every word
        clauses = " AND ".join(f"(lower(coalesce(title, '') || ' ' || text) LIKE :w{i})" for i in range(len(words)))
        stmt = text(f"SELECT documents.id FROM documents WHERE {clauses}").bindparams(
            **{f"w{i}": f"%{w.lower()}%" for i, w in enumerate(words)})
    return stmt.columns(column("id", String))


def search_documents(session: Session, query: str, limit: int = 50, offset: int = 0) -> list[str]:
    """Ids of the documents matching `query`, best first."""
    stmt = document_ids_matching(session.get_bind().dialect.name, query)
    if stmt is None:
        return []
    sub = stmt.subquery()
    return list(session.scalars(select(sub.c.id).limit(limit).offset(offset)))
