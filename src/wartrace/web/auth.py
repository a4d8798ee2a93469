"""Sessions in signed cookies, CSRF tokens, and role checks.

The session cookie holds {"uid": user id or None, "csrf": random token}, signed with
itsdangerous (tampering invalidates it) and sent HttpOnly, SameSite=Strict and, unless
turned off for plain-http loopback tests, Secure. Every POST must carry the session's
CSRF token (form field `csrf_token` or header `X-CSRF-Token`); it is compared in
constant time and replaced at login and logout.
"""
from __future__ import annotations

import hmac
import secrets
import time

from fastapi import HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from wartrace.store.models import UserRow
from wartrace.store.users import can_review, count_users, get_user

COOKIE = "wartrace_session"
# Accounts are re-read at most this often per session user (a disabled account or a changed
# role takes effect within this many seconds) so that reads do not cost a query each.
USER_CACHE_S = 10.0


class NeedLogin(Exception):
    """Raised where a page needs a logged-in user; the app answers with a redirect (pages) or 401 (API)."""


class Sessions:
    def __init__(self, app_state):
        self.settings = app_state.settings
        self.store = app_state.store
        self.signer = URLSafeTimedSerializer(self.settings.secret_key, salt="wartrace-session")
        self._users_cache = (0.0, 0)
        self._user_cache: dict[int, tuple[float, UserRow | None]] = {}

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
            data, request.state.session_dirty = {"uid": None, "csrf": secrets.token_urlsafe(24)}, True
        request.state.session = data
        return data

    def save(self, request: Request, response) -> None:
        """Send the cookie when the session is new or changed."""
        if getattr(request.state, "session_dirty", False):
            response.set_cookie(COOKIE, self.signer.dumps(request.state.session), max_age=self.settings.session_max_age_s,
                                httponly=True, secure=self.settings.secure_cookies, samesite="strict", path="/")

    def start(self, request: Request, user: UserRow) -> None:
        request.state.session = {"uid": user.id, "csrf": secrets.token_urlsafe(24)}
        request.state.session_dirty = True
        request.state.user = user

    def end(self, request: Request) -> None:
        request.state.session = {"uid": None, "csrf": secrets.token_urlsafe(24)}
        request.state.session_dirty = True
        request.state.user = None

    def csrf_token(self, request: Request) -> str:
        return self.load(request)["csrf"]

    # -- who is asking ------------------------------------------------------------

    def user(self, request: Request) -> UserRow | None:
        if hasattr(request.state, "user"):
            return request.state.user
        uid = self.load(request).get("uid")
        user = None
        if isinstance(uid, int):
            cached = self._user_cache.get(uid)
            if cached and time.monotonic() - cached[0] < USER_CACHE_S:
                user = cached[1]
            else:
                with self.store.session() as s:
                    user = get_user(s, uid)
                self._user_cache[uid] = (time.monotonic(), user)
        request.state.user = user
        return user

    def accounts_exist(self) -> bool:
        at, n = self._users_cache
        if time.monotonic() - at > 5 or n == 0:
            with self.store.session() as s:
                n = count_users(s)
            self._users_cache = (time.monotonic(), n)
        return n > 0

    def require_reader(self, request: Request) -> UserRow | None:
        """Reading is open only while the store has no accounts at all."""
        user = self.user(request)
        if user is None and self.accounts_exist():
            raise NeedLogin()
        return user

    def require_reviewer(self, request: Request) -> UserRow:
        user = self.user(request)
        if user is None:
            raise NeedLogin()
        if not can_review(user.role):
            raise HTTPException(403, "reviewing needs the analyst or admin role; this account is a viewer")
        return user

    async def check_csrf(self, request: Request, form: dict | None = None) -> None:
        expected = self.load(request)["csrf"]
        given = request.headers.get("x-csrf-token")
        if given is None and form is not None:
            given = form.get("csrf_token")
        if not isinstance(given, str) or not hmac.compare_digest(given.encode(), expected.encode()):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
