"""`wartrace serve` (the workbench) and `wartrace user add` (its accounts)."""
from __future__ import annotations

import ipaddress
import os
from typing import Optional

import typer

from wartrace.cli import app, err, out, state

user_app = typer.Typer(help="Workbench accounts (roles: viewer, analyst, admin).", no_args_is_help=True)
app.add_typer(user_app, name="user")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    secure_cookies: Optional[bool] = typer.Option(
        None, "--secure-cookies/--no-secure-cookies",
        help="Mark the session cookie Secure (HTTPS only). Default: on, except on a loopback address."),
):
    """Run the workbench: incident list, timeline, map, incident and document pages, review, REST API.

    Examples:

      wartrace serve

      wartrace --db postgresql+psycopg://wartrace@db/wartrace serve --host 0.0.0.0 --secure-cookies

    The API and its OpenAPI schema are at /api/docs. Set WARTRACE_SECRET_KEY to keep
    sessions across restarts and WARTRACE_TILES to add an online tile layer to the map.
    """
    import uvicorn

    from wartrace.web import WebSettings, create_app

    settings = WebSettings()
    if secure_cookies is not None:
        settings.secure_cookies = secure_cookies
    elif "WARTRACE_SECURE_COOKIES" not in os.environ:
        settings.secure_cookies = not _is_loopback(host)
    if not _is_loopback(host) and not settings.secure_cookies:
        err.print("[yellow]warning:[/yellow] serving beyond loopback without Secure cookies; put it behind HTTPS")
    store = state.store
    out.print(f"wartrace workbench on http://{host}:{port}/  (store: {store.describe()}; API: /api/docs)")
    uvicorn.run(create_app(store, settings), host=host, port=port, log_level="info", proxy_headers=False)


@user_app.command("add")
def user_add(
    name: str = typer.Argument(..., help="Login name."),
    role: str = typer.Option("viewer", "--role", help="viewer (reads), analyst (reviews), admin."),
    password: Optional[str] = typer.Option(None, "--password", envvar="WARTRACE_PASSWORD",
                                           help="Password (else WARTRACE_PASSWORD, else asked)."),
):
    """Create an account, or reset the role and password of an existing one.

    Example: wartrace user add alice --role analyst
    """
    from wartrace.store.users import UserError, add_user

    if password is None:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with state.store.session() as s:
        try:
            row = add_user(s, name, role, password, actor="cli")
        except UserError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2)
        s.commit()
        out.print(f"user {row.name} ({row.role}) saved", highlight=False)


@user_app.command("list")
def user_list():
    """List the accounts."""
    from wartrace.store.users import list_users

    with state.store.session() as s:
        for u in list_users(s):
            out.print(f"{u.name:<20} {u.role:<8} {'active' if u.active else 'disabled'}  since {u.created_at}",
                      highlight=False)
