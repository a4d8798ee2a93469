"""Security headers on every response (pure ASGI, so streaming and file responses keep them)."""
from __future__ import annotations

from urllib.parse import urlsplit

DOCS_PATHS = ("/api/docs", "/api/redoc")


def content_security_policy(tile_url: str | None, docs: bool = False) -> str:
    img = "'self' data:"
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        host = parts.netloc.replace("a.", "*.", 1) if "{s}" in tile_url else parts.netloc
        img += f" {parts.scheme}://{host}"
    # No 'unsafe-inline' anywhere: scripts are files under /static and data reaches them as
    # JSON from the API or data- attributes, so injected markup cannot run.
    # The API docs pages (Swagger UI, ReDoc) set styles from script and ReDoc searches in a
    # worker: there, and only there, inline styles and blob: workers are allowed (still no inline script).
    style = "'self' 'unsafe-inline'" if docs else "'self'"
    worker = " worker-src 'self' blob:;" if docs else ""
    return (f"default-src 'self'; script-src 'self'; style-src {style};{worker} "
            f"img-src {img}; media-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class SecurityHeaders:
    def __init__(self, app, tile_url: str | None = None):
        self.app = app
        self.docs_csp = (b"content-security-policy", content_security_policy(tile_url, docs=True).encode())
        self.headers = [
            (b"content-security-policy", content_security_policy(tile_url).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        ]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        cacheable = scope.get("path", "").startswith(("/static/", "/assets/"))
        headers = self.headers
        if scope.get("path") in DOCS_PATHS:
            headers = [self.docs_csp] + self.headers[1:]

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                extra = [h for h in headers if h[0] not in have]
                if not cacheable and b"cache-control" not in have:
                    extra.append((b"cache-control", b"no-store"))  # case material stays out of shared caches
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)
