"""Relational schema: documents, custody, analyses, claims, events, incidents, review.

Designed once for every stage (issues 2-9) so later work adds rows, not tables.
The same models run on SQLite (default) and PostgreSQL; schema changes go through
Alembic (store/migrations), applied automatically on first use.
"""
from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)  # "sha256:<hex>" of the raw bytes
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(40), index=True)
    language: Mapped[str | None] = mapped_column(String(12), index=True)
    source: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[str | None] = mapped_column(String(80), index=True)
    captured_at: Mapped[str] = mapped_column(String(40))
    tool_version: Mapped[str] = mapped_column(String(40))
    media_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    origin_path: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    analysed_at: Mapped[str | None] = mapped_column(String(40))
    provenance: Mapped[str | None] = mapped_column(String(40))  # "unverified import" or None


class CustodyRow(Base):
    """Append-only, hash-chained log: entry_sha = sha256(canonical(entry without entry_sha))."""

    __tablename__ = "custody"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_id: Mapped[str] = mapped_column(String(200), index=True)
    object_sha: Mapped[str] = mapped_column(String(64))
    prev_sha: Mapped[str] = mapped_column(String(64))
    entry_sha: Mapped[str] = mapped_column(String(64), unique=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class AnalysisRow(Base):
    """The full extract/1 object of one document, as the pipeline produced it."""

    __tablename__ = "analyses"

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    schema: Mapped[str] = mapped_column(String(40))
    result: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[str] = mapped_column(String(40))
    pipeline: Mapped[str] = mapped_column(Text)  # component names and tool version


class ClaimRow(Base):
    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)  # "<doc sha12>:c1"
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    local_id: Mapped[str] = mapped_column(String(20))
    claimant: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(Text, index=True)
    side: Mapped[str | None] = mapped_column(String(20), index=True)
    channel: Mapped[str | None] = mapped_column(String(40))
    stance: Mapped[str | None] = mapped_column(String(40))
    date: Mapped[str | None] = mapped_column(String(40))
    data: Mapped[dict] = mapped_column(JSON)


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)  # "<doc sha12>:e1"
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    local_id: Mapped[str] = mapped_column(String(20))
    event_type: Mapped[str] = mapped_column(String(80), index=True)
    sub_event_type: Mapped[str] = mapped_column(String(80))
    modality: Mapped[str] = mapped_column(String(20))
    date_start: Mapped[str | None] = mapped_column(String(10), index=True)
    date_end: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(String(10))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    place: Mapped[str | None] = mapped_column(Text)
    place_feature: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(Text)
    actor1: Mapped[str | None] = mapped_column(Text, index=True)
    actor2: Mapped[str | None] = mapped_column(Text)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    ihl: Mapped[str | None] = mapped_column(Text)  # space-separated indicator codes, for filtering
    confidence: Mapped[float] = mapped_column(Float)
    data: Mapped[dict] = mapped_column(JSON)


class IncidentRow(Base):
    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(80), index=True)
    sub_event_type: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str | None] = mapped_column(Text)
    date_start: Mapped[str | None] = mapped_column(String(10), index=True)
    date_end: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(String(10))
    lat: Mapped[float | None] = mapped_column(Float, index=True)
    lon: Mapped[float | None] = mapped_column(Float, index=True)
    place: Mapped[str | None] = mapped_column(Text)
    place_feature: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(Text)
    actors: Mapped[str | None] = mapped_column(Text)  # searchable "actor1 | actor2 | ..."
    sides: Mapped[str | None] = mapped_column(Text)
    ihl: Mapped[str | None] = mapped_column(Text)
    independent_origins: Mapped[int] = mapped_column(Integer, default=0)
    suggested_status: Mapped[str] = mapped_column(String(20), default="unverified")
    status: Mapped[str] = mapped_column(String(20), default="unverified", index=True)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)  # corroboration, dependence graph, contradictions
    updated_at: Mapped[str] = mapped_column(String(40))
    provenance: Mapped[str | None] = mapped_column(String(40))  # "unverified import" or None


class IncidentMemberRow(Base):
    __tablename__ = "incident_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id"), index=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    event_id: Mapped[str | None] = mapped_column(String(120), index=True)
    claim_id: Mapped[str | None] = mapped_column(String(120))


class LinkConstraintRow(Base):
    """A reviewer's merge (must-link) or split (cannot-link); reversible, re-applied on every re-link."""

    __tablename__ = "link_constraints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))  # must_link | cannot_link
    a: Mapped[str] = mapped_column(String(120))  # event or document id
    b: Mapped[str] = mapped_column(String(120))
    actor: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DependenceRow(Base):
    __tablename__ = "dependencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(200), index=True)  # the derived document
    target: Mapped[str] = mapped_column(String(200), index=True)  # what it derives from (document or origin key)
    kind: Mapped[str] = mapped_column(String(40))  # text_reuse | citation | same_publisher | wire
    score: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[dict] = mapped_column(JSON, default=dict)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # viewer | analyst | admin
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SessionRow(Base):
    """A workbench login: the cookie holds a random id, the table its SHA-256 (a copy of the
    table opens no session). Revoked on logout, password or role change, or by an admin."""

    __tablename__ = "sessions"

    id_sha: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[float] = mapped_column(Float)  # epoch seconds: compared, never shown raw
    last_seen: Mapped[float] = mapped_column(Float)
    revoked_at: Mapped[float | None] = mapped_column(Float)
    revoked_reason: Mapped[str | None] = mapped_column(String(60))
    client: Mapped[str | None] = mapped_column(String(100))


class ApiTokenRow(Base):
    """A bearer token for scripts: stored as its SHA-256, shown once at creation."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # viewer | analyst
    token_sha: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[str] = mapped_column(String(40))
    last_used_at: Mapped[str | None] = mapped_column(String(40))
    revoked_at: Mapped[str | None] = mapped_column(String(40))


class LoginThrottleRow(Base):
    """Failed logins per account ("user:NAME") and per client address ("addr:IP")."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure: Mapped[float] = mapped_column(Float)
    locked_until: Mapped[float] = mapped_column(Float, default=0.0)


class ReviewRow(Base):
    """Every reviewer action: status change, correction, note, merge, split (also in custody)."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    object_type: Mapped[str] = mapped_column(String(20))  # incident | event | claim | document
    object_id: Mapped[str] = mapped_column(String(120), index=True)
    action: Mapped[str] = mapped_column(String(40))  # status | correct | note | merge | split
    field: Mapped[str | None] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(40))
    provenance: Mapped[str | None] = mapped_column(String(40))  # "unverified import" or None


class CheckpointRow(Base):
    """A signed statement of the custody chain's head (docs/EVIDENCE.md); append-only like custody."""

    __tablename__ = "checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(Integer, index=True)
    head: Mapped[str] = mapped_column(String(64))
    created: Mapped[str] = mapped_column(String(40))
    counts: Mapped[dict] = mapped_column(JSON)
    public_key: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))
    timestamp_token: Mapped[str | None] = mapped_column(Text)


Index("ix_events_latlon", EventRow.lat, EventRow.lon)
