"""Workbench accounts: names, roles and argon2id password hashes (never the password)."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wartrace.store import custody
from wartrace.store.access import revoke_user_sessions
from wartrace.store.models import UserRow

ROLES = ("viewer", "analyst", "admin")
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-password")


class UserError(ValueError):
    pass


def can_review(role: str | None) -> bool:
    return role in ("analyst", "admin")


def add_user(session: Session, name: str, role: str, password: str, actor: str = "system") -> UserRow:
    """Create an account (or reset the password and role of an existing one) with a custody entry."""
    name = name.strip()
    if not name or len(name) > 100:
        raise UserError("a user name has 1 to 100 characters")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise UserError("a password has at least 8 characters")
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    action = "user_update" if row else "user_add"
    if row is None:
        row = UserRow(name=name, created_at=custody.utcnow(), active=True)
        session.add(row)
    else:  # a new password or role ends every session opened under the old one
        revoke_user_sessions(session, row.id, "password or role change")
    row.role, row.password_hash, row.active = role, _hasher.hash(password), True
    session.flush()
    custody.append(session, action=action, object_id=f"user:{name}",
                   object_sha=custody.sha256_obj({"name": name, "role": role}), actor=actor,
                   detail={"role": role})
    return row


def _named(session: Session, name: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.name == name.strip()))
    if row is None:
        raise UserError(f"no user named {name!r}")
    return row


def disable_user(session: Session, name: str, actor: str = "system") -> int:
    """Disable an account and end its sessions (returns how many); the account stays for the record."""
    row = _named(session, name)
    row.active = False
    ended = revoke_user_sessions(session, row.id, "account disabled")
    custody.append(session, action="user_disable", object_id=f"user:{row.name}",
                   object_sha=custody.sha256_obj({"name": row.name, "active": False}), actor=actor,
                   detail={"sessions_ended": ended})
    return ended


def revoke_sessions(session: Session, name: str, actor: str = "system") -> int:
    """End every live session of this account (it can log in again)."""
    row = _named(session, name)
    ended = revoke_user_sessions(session, row.id, "revoked by an administrator")
    custody.append(session, action="sessions_revoke", object_id=f"user:{row.name}",
                   object_sha=custody.sha256_obj({"name": row.name, "ended": ended}), actor=actor,
                   detail={"sessions_ended": ended})
    return ended


def authenticate(session: Session, name: str, password: str) -> UserRow | None:
    """The active user with this name and password, else None (same cost either way)."""
    row = session.scalar(select(UserRow).where(UserRow.name == name, UserRow.active.is_(True)))
    try:
        _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
        session.commit()
    return row


def get_user(session: Session, user_id: int) -> UserRow | None:
    row = session.get(UserRow, user_id)
    return row if row is not None and row.active else None


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(UserRow).where(UserRow.active.is_(True))) or 0


def list_users(session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.name)))
