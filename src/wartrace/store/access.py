"""Who may use the workbench: server-side sessions, API tokens, and login throttling.

A session's cookie carries a random id; the table keeps only its SHA-256, with the user,
when it started, when it was last seen and whether it was revoked, so logout, a password or
role change, a disabled account or `wartrace user revoke-sessions` end it at once.
Bearer tokens are stored the same way (hashed, shown once). Failed logins are counted per
account and per client address; past a few, each further failure locks the key for twice
as long as the last (up to 15 minutes), and every failure and lockout is in the custody log.
"""
from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from wartrace.store import custody
from wartrace.store.models import ApiTokenRow, LoginThrottleRow, SessionRow, UserRow

TOKEN_PREFIX = "wt_"
TOKEN_ROLES = ("viewer", "analyst")
TOUCH_EVERY_S = 60.0  # last_seen / last_used are written at most this often (reads stay read-only)
FREE_FAILURES = {"user": 5, "addr": 20}  # failures allowed before delays begin, per kind of key
MAX_LOCK_S = 15 * 60.0
FORGET_AFTER_S = 24 * 3600.0  # a key quiet this long starts again from zero


class AccessError(ValueError):
    pass


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


# --- sessions --------------------------------------------------------------------------------

def open_session(session: Session, user: UserRow, client: str | None = None) -> str:
    """A new session for this user; returns the random id for the cookie (stored only hashed)."""
    raw = secrets.token_urlsafe(32)
    now = time.time()
    session.add(SessionRow(id_sha=digest(raw), user_id=user.id, created_at=now, last_seen=now,
                           client=(client or "")[:100] or None))
    return raw


def session_user(session: Session, raw: str, idle_s: float, max_age_s: float) -> UserRow | None:
    """The active user of a live session, else None (unknown, revoked, idle or too old)."""
    row = session.get(SessionRow, digest(raw))
    now = time.time()
    if row is None or row.revoked_at is not None:
        return None
    if now - row.last_seen > idle_s or now - row.created_at > max_age_s:
        return None
    user = session.get(UserRow, row.user_id)
    if user is None or not user.active:
        return None
    if now - row.last_seen > min(TOUCH_EVERY_S, idle_s / 10):  # coarse, but a tenth of the idle time at most
        row.last_seen = now
        _touch(session)
    return user


def _touch(session: Session) -> None:
    """Best effort: a busy database must not turn a read into an error."""
    from sqlalchemy.exc import OperationalError

    try:
        session.commit()
    except OperationalError:
        session.rollback()


def revoke_session(session: Session, raw: str, reason: str) -> None:
    session.execute(update(SessionRow).where(SessionRow.id_sha == digest(raw), SessionRow.revoked_at.is_(None))
                    .values(revoked_at=time.time(), revoked_reason=reason))


def revoke_user_sessions(session: Session, user_id: int, reason: str) -> int:
    """End every live session of this user; returns how many."""
    res = session.execute(update(SessionRow).where(SessionRow.user_id == user_id, SessionRow.revoked_at.is_(None))
                          .values(revoked_at=time.time(), revoked_reason=reason))
    return res.rowcount or 0


# --- API tokens ------------------------------------------------------------------------------

@dataclass
class TokenPrincipal:
    """What a bearer token acts as: a name ("token:NAME" in reviews and custody) and a role."""
    name: str
    role: str
    id: None = None
    via_token: bool = True


def create_token(session: Session, name: str, role: str, actor: str = "system") -> str:
    name = name.strip()
    if not name or len(name) > 100:
        raise AccessError("a token name has 1 to 100 characters")
    if role not in TOKEN_ROLES:
        raise AccessError(f"a token's role is one of {', '.join(TOKEN_ROLES)}, not {role!r}")
    if session.scalar(select(ApiTokenRow).where(ApiTokenRow.name == name)) is not None:
        raise AccessError(f"a token named {name!r} exists; revoke it or pick another name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiTokenRow(name=name, role=role, token_sha=digest(raw), created_at=custody.utcnow()))
    session.flush()
    custody.append(session, action="token_create", object_id=f"token:{name}",
                   object_sha=custody.sha256_obj({"name": name, "role": role}), actor=actor, detail={"role": role})
    return raw


def token_principal(session: Session, raw: str) -> TokenPrincipal | None:
    row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_sha == digest(raw)))
    if row is None or row.revoked_at is not None:
        return None
    now = custody.utcnow()
    if row.last_used_at is None or _age_s(row.last_used_at) > TOUCH_EVERY_S:
        row.last_used_at = now
        _touch(session)
    return TokenPrincipal(name=f"token:{row.name}", role=row.role)


def _age_s(iso: str) -> float:
    from datetime import datetime

    return time.time() - datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def revoke_token(session: Session, name: str, actor: str = "system") -> None:
    row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.name == name))
    if row is None:
        raise AccessError(f"no token named {name!r}")
    if row.revoked_at is None:
        row.revoked_at = custody.utcnow()
        custody.append(session, action="token_revoke", object_id=f"token:{name}",
                       object_sha=custody.sha256_obj({"name": name, "revoked": row.revoked_at}), actor=actor)


def list_tokens(session: Session) -> list[ApiTokenRow]:
    return list(session.scalars(select(ApiTokenRow).order_by(ApiTokenRow.name)))


# --- login throttling -------------------------------------------------------------------------

def throttle_keys(name: str, client: str | None) -> list[str]:
    return [f"user:{name.strip()[:100]}"] + ([f"addr:{client[:100]}"] if client else [])


def locked_for(session: Session, keys: list[str]) -> float:
    """Seconds until a login may be tried for these keys (0 when it may now)."""
    now = time.time()
    rows = session.scalars(select(LoginThrottleRow).where(LoginThrottleRow.key.in_(keys)))
    return max([r.locked_until - now for r in rows if r.locked_until > now], default=0.0)


def record_failure(session: Session, name: str, client: str | None) -> float:
    """Count a failed login on the account and the address; returns the lock it earned (s).

    The caller commits; the custody log gets the failure and, when it locks a key, the lockout.
    """
    now, lock = time.time(), 0.0
    custody.append(session, action="login_failed", object_id=f"user:{name[:100]}",
                   object_sha=custody.sha256_obj({"name": name[:100], "client": client, "at": now}),
                   actor=f"anonymous@{client or 'unknown'}", detail={"client": client})
    for key in throttle_keys(name, client):
        row = session.get(LoginThrottleRow, key)
        if row is None or now - row.last_failure > FORGET_AFTER_S:
            row = row or LoginThrottleRow(key=key)
            row.failures, row.locked_until = 0, 0.0
            session.add(row)
        row.failures, row.last_failure = row.failures + 1, now
        over = row.failures - FREE_FAILURES[key.split(":", 1)[0]]
        if over > 0:  # 1 s after the first failure past the free ones, then doubling
            wait = min(MAX_LOCK_S, 2.0 ** (over - 1))
            row.locked_until = now + wait
            lock = max(lock, wait)
            custody.append(session, action="login_locked", object_id=key,
                           object_sha=custody.sha256_obj({"key": key, "until": row.locked_until}),
                           actor="system", detail={"failures": row.failures, "seconds": wait, "client": client})
    return lock


def clear_failures(session: Session, name: str) -> None:
    """A successful login forgives the account (not the address: it may be guessing others)."""
    row = session.get(LoginThrottleRow, throttle_keys(name, None)[0])
    if row is not None:
        row.failures, row.locked_until = 0, 0.0
