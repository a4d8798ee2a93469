"""Sessions on the server, bearer tokens, CSRF tokens, login throttling and role checks.

The cookie holds {"sid": a random session id or None, "csrf": random token}, signed with
itsdangerous (tampering invalidates it) and sent HttpOnly, SameSite=Strict and, unless
turned off for plain-http loopback tests, Secure. The session itself lives in the store
(store/access.py): idle for longer than `session_idle_s`, revoked at logout, by a password
or role change, a disabled account or `wartrace user revoke-sessions`, it is over, whatever
the cookie says. Every POST made with the cookie must carry the session's CSRF token (form
field `csrf_token` or header `X-CSRF-Token`); requests with `Authorization: Bearer` carry
no cookie, so they need none.
"""
from __future__ import annotations

import hmac
import secrets
import time

from fastapi import HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from wartrace.store import access
from wartrace.store.db import begin_write
from wartrace.store.models import UserRow
from wartrace.store.users import authenticate, can_review, count_users

COOKIE = "wartrace_session"
# A session is re-read at most this often for reading (a revocation from another process
# takes effect within this many seconds); reviewing always re-reads it.
USER_CACHE_S = 5.0


class TooManyFailures(Exception):
    """A login refused before the password is even checked: the account or address is locked."""

    def __init__(self, retry_after: float):
        super().__init__(f"too many failed logins; try again in {int(retry_after) + 1} s")
        self.retry_after = int(retry_after) + 1


class NeedLogin(Exception):
    """Raised where a page needs a logged-in user; the app answers with a redirect (pages) or 401 (API)."""


class Sessions:
    def __init__(self, app_state):
        self.settings = app_state.settings
        self.store = app_state.store
        self.signer = URLSafeTimedSerializer(self.settings.secret_key, salt="wartrace-session")
        self._users_cache = (0.0, 0)
        self._sid_cache: dict[str, tuple[float, UserRow | None]] = {}

    # -- the cookie ---------------------------------------------------------------

    def load(self, request: Request) -> dict:
        if hasattr(request.state, "session"):
            return request.state.session
        data = None
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                data = self.signer.loads(raw, max_age=self.settings.session_max_age_s)
            except BadSignature:
                data = None
        if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
            data, request.state.session_dirty = {"sid": None, "csrf": secrets.token_urlsafe(24)}, True
        request.state.session = data
        return data

    def save(self, request: Request, response) -> None:
        """Send the cookie when the session is new or changed."""
        if getattr(request.state, "session_dirty", False):
            response.set_cookie(COOKIE, self.signer.dumps(request.state.session), max_age=self.settings.session_max_age_s,
                                httponly=True, secure=self.settings.secure_cookies, samesite="strict", path="/")

    def login(self, request: Request, name: str, password: str) -> UserRow | None:
        """Check a login under the throttle; on success start a session. Raises TooManyFailures."""
        client = request.client.host if request.client else None
        keys = access.throttle_keys(name, client)
        with self.store.session() as s:
            wait = access.locked_for(s, keys)
            if wait > 0:
                raise TooManyFailures(wait)
            user = authenticate(s, name, password)
            begin_write(s)
            if user is None:
                wait = access.record_failure(s, name, client)
                s.commit()
                if wait > 0:
                    raise TooManyFailures(wait)
                return None
            access.clear_failures(s, name)
            old = self.load(request).get("sid")
            if isinstance(old, str):
                access.revoke_session(s, old, "replaced by a new login")
            sid = access.open_session(s, user, client)
            s.commit()
        request.state.session = {"sid": sid, "csrf": secrets.token_urlsafe(24)}
        request.state.session_dirty = True
        request.state.user = user
        return user

    def end(self, request: Request) -> None:
        sid = self.load(request).get("sid")
        if isinstance(sid, str):
            with self.store.session() as s:
                begin_write(s)
                access.revoke_session(s, sid, "logout")
                s.commit()
            self._sid_cache.pop(sid, None)
        request.state.session = {"sid": None, "csrf": secrets.token_urlsafe(24)}
        request.state.session_dirty = True
        request.state.user = None

    def csrf_token(self, request: Request) -> str:
        return self.load(request)["csrf"]

    # -- who is asking ------------------------------------------------------------

    def _bearer(self, request: Request) -> str | None:
        auth = request.headers.get("authorization", "")
        scheme, _, value = auth.partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else None

    def user(self, request: Request, fresh: bool = False):
        """The logged-in user (or the token's principal), else None."""
        if hasattr(request.state, "user") and not fresh:
            return request.state.user
        token = self._bearer(request)
        if token is not None:
            with self.store.session() as s:
                user = access.token_principal(s, token)
            request.state.via_token = True
            request.state.user = user
            return user
        sid = self.load(request).get("sid")
        user = None
        if isinstance(sid, str):
            cached = self._sid_cache.get(sid)
            if cached and not fresh and time.monotonic() - cached[0] < USER_CACHE_S:
                user = cached[1]
            else:
                with self.store.session() as s:
                    user = access.session_user(s, sid, self.settings.session_idle_s, self.settings.session_max_age_s)
                    if user is not None:
                        s.expunge(user)
                if len(self._sid_cache) > 10000:
                    self._sid_cache.clear()
                self._sid_cache[sid] = (time.monotonic(), user)
        request.state.user = user
        return user

    def accounts_exist(self) -> bool:
        at, n = self._users_cache
        if time.monotonic() - at > 5 or n == 0:
            with self.store.session() as s:
                n = count_users(s)
            self._users_cache = (time.monotonic(), n)
        return n > 0

    def anonymous_may_read(self) -> bool:
        """Only when the operator said so (--public-read), or on a local server with no accounts."""
        return self.settings.public_read or (self.settings.open_without_accounts and not self.accounts_exist())

    def require_reader(self, request: Request):
        user = self.user(request)
        if user is None and (self._bearer(request) is not None or not self.anonymous_may_read()):
            raise NeedLogin()
        return user

    def require_reviewer(self, request: Request):
        user = self.user(request, fresh=True)  # a revoked session must not post, not even for a few seconds
        if user is None:
            raise NeedLogin()
        if not can_review(user.role):
            raise HTTPException(403, "reviewing needs the analyst or admin role; this account is a viewer")
        return user

    async def check_csrf(self, request: Request, form: dict | None = None) -> None:
        if getattr(request.state, "via_token", False):
            return  # a bearer token is not sent by browsers on their own: no cross-site forgery
        expected = self.load(request)["csrf"]
        given = request.headers.get("x-csrf-token")
        if given is None and form is not None:
            given = form.get("csrf_token")
        if not isinstance(given, str) or not hmac.compare_digest(given.encode(), expected.encode()):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
