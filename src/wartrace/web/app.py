"""`create_app(store)`: the FastAPI application (REST API under /api, pages elsewhere)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.exc import OperationalError

from wartrace import __version__
from wartrace.store.db import Store, is_locked
from wartrace.store.review import ReviewError
from wartrace.web import api, pages
from wartrace.web.auth import NeedLogin, Sessions
from wartrace.web.pages import render
from wartrace.web.queries import BadFilter
from wartrace.web.security import SecurityHeaders
from wartrace.web.settings import WebSettings

HERE = Path(__file__).parent
RETRY_AFTER_S = 2


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html", "svg"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["short"] = lambda s, n=12: (s or "").replace("sha256:", "")[:n]
    env.filters["urlq"] = lambda s: quote(str(s or ""), safe="")
    return env


def _asset_dirs() -> dict[str, Path]:
    """Leaflet and its marker-cluster plugin come from their XStatic packages (no CDN)."""
    dirs = {}
    try:
        import xstatic.pkg.leaflet as leaflet

        dirs["leaflet"] = Path(leaflet.BASE_DIR)
    except ImportError:
        pass
    try:
        import xstatic.pkg.leaflet_markercluster as mc

        dirs["markercluster"] = Path(mc.BASE_DIR)
    except ImportError:
        pass
    try:  # Swagger UI and ReDoc bundles, as fastapi-offline ships them
        from importlib.resources import files

        dirs["apidocs"] = Path(str(files("fastapi_offline") / "static"))
    except ModuleNotFoundError:
        pass
    return dirs


DOCS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>wartrace API</title>
{head}</head><body data-openapi="/api/openapi.json"><div id="{root}"></div>
{scripts}<script src="/static/api-docs.js"></script></body></html>"""


def _docs_routes(app: FastAPI) -> None:
    """/api/docs (Swagger UI) and /api/redoc from local files, started by a script file (the CSP
    allows no inline script), so they work offline."""
    from fastapi.responses import HTMLResponse

    @app.get("/api/docs", include_in_schema=False)
    def swagger_ui():
        return HTMLResponse(DOCS_PAGE.format(
            head='<link rel="stylesheet" href="/assets/apidocs/swagger-ui.css">', root="swagger-ui",
            scripts='<script src="/assets/apidocs/swagger-ui-bundle.js"></script>'))

    @app.get("/api/redoc", include_in_schema=False)
    def redoc():
        return HTMLResponse(DOCS_PAGE.format(head="", root="redoc",
                                             scripts='<script src="/assets/apidocs/redoc.standalone.js"></script>'))


def create_app(store: Store, settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    app = FastAPI(title="wartrace workbench API", version=__version__,
                  description="Documents, claims, events, incidents and the custody log of a wartrace store. "
                              "Reading needs a session (POST /login) or `Authorization: Bearer TOKEN` (`wartrace "
                              "token create`), unless the server runs with --public-read; reviewing needs the "
                              "analyst or admin role and, with a session, its CSRF token in X-CSRF-Token.",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.store = store
    app.state.settings = settings
    app.state.sessions = Sessions(app.state)
    app.state.templates = _templates()
    app.state.assets = _asset_dirs()
    app.state.map_cache = {}
    app.state.map_version = None
    app.state.map_vocab = None

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for name, path in app.state.assets.items():
        app.mount(f"/assets/{name}", StaticFiles(directory=path), name=f"assets-{name}")


    app.include_router(api.router)
    app.include_router(pages.router)
    if "apidocs" in app.state.assets:
        _docs_routes(app)

    @app.exception_handler(NeedLogin)
    async def need_login(request: Request, _exc: NeedLogin):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "log in first (POST /login), or send a valid bearer token"},
                                status_code=401, headers={"WWW-Authenticate": "Bearer"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(BadFilter)
    async def bad_filter(request: Request, exc: BadFilter):
        return _error(request, 400, str(exc))

    @app.exception_handler(ReviewError)
    async def bad_review(request: Request, exc: ReviewError):
        return _error(request, 400, str(exc))

    @app.exception_handler(OperationalError)
    async def busy(request: Request, exc: OperationalError):
        """Another writer (a capture, say) held the database past the wait: ask the client to retry."""
        if not is_locked(exc):
            raise exc
        return _error(request, 503, "the database is busy with another writer; try again in a moment",
                      {"Retry-After": str(RETRY_AFTER_S)})

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return _error(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    app.add_middleware(SecurityHeaders, tile_url=settings.tile_url)
    return app


def _error(request: Request, status: int, message: str, headers=None):
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)

    return render(request, "error.html", {"status": status, "message": message}, status_code=status)
