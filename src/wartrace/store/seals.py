"""Row seals: every derived row a reader sees is hashed into the custody chain as it commits.

Documents and analyses have their own custody entries (capture, amend, analyse, import).
Every other table a reader sees is sealed here, at the store layer, so no writer can forget:
when a transaction that changed such rows commits, each changed group of rows gets one
custody entry of action "seal":

    object_id  "<table>:<group key>"   e.g. "claims:sha256:…", "incidents:inc-…", "users:ana"
    object_sha sha256(canonical {row key: row hash})   (rows of the group as committed)
    detail     {"table", "key", "rows": {row key: row hash}}

A group is what its writers replace together (a document's claims, an incident's members,
one review). `verify` recomputes every group and compares it with its newest seal, so an
edited, deleted or hand-inserted row is named. Changes made with ORM objects and with bulk
`delete()`/`update()` statements are both noticed; raw SQL is not (that is tampering, and
`verify` reports it).
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Any, Callable

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from wartrace.store import custody
from wartrace.store.models import (
    ClaimRow,
    CustodyRow,
    DependenceRow,
    EventRow,
    IncidentMemberRow,
    IncidentRow,
    LinkConstraintRow,
    ReviewRow,
    UserRow,
)

ACTION = "seal"
_TOUCHED = "wartrace_seal_touched"


@dataclass(frozen=True)
class Spec:
    model: type
    group: str  # the column whose value makes one sealed object
    key: Callable[[Any], str]  # a row's readable key inside its group
    skip: tuple[str, ...] = ()  # surrogate ids a re-link renumbers: not part of what a reader sees

    @property
    def table(self) -> str:
        return self.model.__tablename__

    def columns(self) -> list[str]:
        return [c.key for c in self.model.__table__.columns if c.key not in self.skip]


SPECS: dict[str, Spec] = {s.table: s for s in (
    Spec(ClaimRow, "document_id", lambda r: r.id),
    Spec(EventRow, "document_id", lambda r: r.id),
    Spec(IncidentRow, "id", lambda r: r.id),
    Spec(IncidentMemberRow, "incident_id", lambda r: f"{r.document_id}|{r.event_id or ''}|{r.claim_id or ''}", ("id",)),
    Spec(DependenceRow, "source", lambda r: f"{r.target}|{r.kind}", ("id",)),
    # The id is the group; the hash leaves it out so an export (which drops ids) can be checked.
    Spec(LinkConstraintRow, "id", lambda r: str(r.id), ("id",)),
    Spec(ReviewRow, "id", lambda r: str(r.id), ("id",)),
    Spec(UserRow, "name", lambda r: r.name),
)}
EMPTY = custody.sha256_obj({})  # the seal of a group whose rows were all deleted


def object_id(table: str, group) -> str:
    return f"{table}:{group}"


def row_sha(spec: Spec, row) -> str:
    """NULLs are left out, so a nullable column added by a later migration keeps every seal valid."""
    return custody.sha256_obj({c: v for c in spec.columns() if (v := getattr(row, c)) is not None})


def digest(spec: Spec, rows) -> dict[str, str]:
    """{row key: row hash} of one group; repeated keys (two edges of one kind) get #2, #3…"""
    pairs = sorted((spec.key(r), row_sha(spec, r)) for r in rows)
    out: dict[str, str] = {}
    for k, sha in pairs:
        n, key = 1, k
        while key in out:
            n += 1
            key = f"{k}#{n}"
        out[key] = sha
    return out


def group_rows(session: Session, spec: Spec, group) -> list:
    """The group's rows as the database holds them now (another writer's committed changes included)."""
    q = select(spec.model).where(getattr(spec.model, spec.group) == group).execution_options(populate_existing=True)
    return list(session.scalars(q))


def last_seal(session: Session, oid: str) -> str | None:
    return session.scalar(select(CustodyRow.object_sha).where(CustodyRow.object_id == oid, CustodyRow.action == ACTION)
                          .order_by(CustodyRow.seq.desc()).limit(1))


def seal_group(session: Session, spec: Spec, group, actor: str) -> CustodyRow | None:
    rows = digest(spec, group_rows(session, spec, group))
    sha = custody.sha256_obj(rows)
    oid = object_id(spec.table, group)
    before = last_seal(session, oid)
    if before == sha or (before is None and not rows):
        return None  # unchanged (a re-link that rewrote the same members), or never existed
    return custody.append(session, action=ACTION, object_id=oid, object_sha=sha, actor=actor,
                          detail={"table": spec.table, "key": group, "rows": rows})


def _touch(session: Session, spec: Spec, group) -> None:
    if group is not None:
        session.info.setdefault(_TOUCHED, set()).add((spec.table, group))


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _ctx) -> None:
    """Pre-flush state is still visible here: new, changed and deleted objects and old group keys."""
    for obj in chain(session.new, session.dirty, session.deleted):
        spec = SPECS.get(getattr(obj, "__tablename__", ""))
        if spec is None:
            continue
        _touch(session, spec, getattr(obj, spec.group, None))
        for old in inspect(obj).attrs[spec.group].history.deleted or ():
            _touch(session, spec, old)  # a member moved to another incident leaves its old group


@event.listens_for(Session, "do_orm_execute")
def _note_bulk(state) -> None:
    """A bulk delete() or update() names no objects: find the groups it is about to touch."""
    if not (state.is_delete or state.is_update):
        return
    table = getattr(state.statement, "table", None)
    spec = SPECS.get(getattr(table, "name", ""))
    if spec is None:
        return
    q = select(table.c[spec.group]).distinct()
    if state.statement.whereclause is not None:
        q = q.where(state.statement.whereclause)
    for group in state.session.execute(q).scalars():
        _touch(state.session, spec, group)


@event.listens_for(Session, "before_commit")
def _seal_touched(session: Session) -> None:
    session.flush()  # what is still pending is part of this commit too (commit would flush it next)
    touched = session.info.pop(_TOUCHED, set())
    if not touched:
        return
    # Hold the chain's lock before reading the groups: a concurrent writer of the same rows commits
    # first, and what is sealed here is what the database will hold once this commits too.
    custody.lock_chain(session)
    actor = session.info.get(custody.ACTOR, "system")
    for table, group in sorted(touched, key=lambda t: (t[0], str(t[1]))):
        seal_group(session, SPECS[table], group, actor)


@event.listens_for(Session, "after_rollback")
def _forget_touched(session: Session) -> None:
    session.info.pop(_TOUCHED, None)


def adopt_unsealed(session: Session, actor: str) -> dict[str, int]:
    """Seal, as they are now, the groups that never had a seal (rows written before seals existed).

    A group that has a seal is left alone, whatever its rows now: adopting it would bless a
    tampering. Returns {table: groups sealed}. The caller commits."""
    sealed = set(session.scalars(select(CustodyRow.object_id).where(CustodyRow.action == ACTION)))
    done: dict[str, int] = {}
    for spec in SPECS.values():
        col = getattr(spec.model, spec.group)
        for group in session.scalars(select(col).distinct().order_by(col)):
            if object_id(spec.table, group) not in sealed and seal_group(session, spec, group, actor) is not None:
                done[spec.table] = done.get(spec.table, 0) + 1
    return done
