"""`wartrace serve` (the workbench) and `wartrace user add` (its accounts)."""
from __future__ import annotations

import ipaddress
import os
from typing import Optional

import typer

from wartrace.cli import app, err, out, state

user_app = typer.Typer(help="Workbench accounts (roles: viewer, analyst, admin).", no_args_is_help=True)
app.add_typer(user_app, name="user")
token_app = typer.Typer(help="Bearer tokens for scripts reading (viewer) or reviewing (analyst) through the API.",
                        no_args_is_help=True)
app.add_typer(token_app, name="token")


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
    public_read: bool = typer.Option(False, "--public-read",
                                     help="Let anyone read without logging in (reviewing still needs an account)."),
):
    """Run the workbench: incident list, timeline, map, incident and document pages, review, REST API.

    Examples:

      wartrace serve

      wartrace --db postgresql+psycopg://wartrace@db/wartrace serve --host 0.0.0.0 --secure-cookies

    The API and its OpenAPI schema are at /api/docs. Reading needs a login or a bearer
    token (`wartrace token create`) unless --public-read; a store without accounts is
    served on a loopback address only. Sessions end after WARTRACE_SESSION_IDLE_MIN
    (default 60) idle minutes. Set WARTRACE_SECRET_KEY to keep sessions across restarts
    and WARTRACE_TILES to add an online tile layer to the map.
    """
    import uvicorn

    from wartrace.store.users import count_users
    from wartrace.web import WebSettings, create_app

    store = state.store
    loopback = _is_loopback(host)
    with store.session() as s:
        accounts = count_users(s)
    if not loopback and not accounts:
        err.print(f"[red]error:[/red] refusing to serve on {host}: the store has no accounts, so anyone who can "
                  "reach this address could read it and nobody could be held to a review. Create one first "
                  "(wartrace user add NAME --role admin), or serve on 127.0.0.1.", highlight=False)
        raise typer.Exit(2)
    settings = WebSettings(public_read=public_read, open_without_accounts=loopback)
    if public_read and not loopback:
        err.print(f"[yellow]warning:[/yellow] --public-read: anyone who reaches {host}:{port} can read the store")
    if secure_cookies is not None:
        settings.secure_cookies = secure_cookies
    elif "WARTRACE_SECURE_COOKIES" not in os.environ:
        settings.secure_cookies = not _is_loopback(host)
    if not _is_loopback(host) and not settings.secure_cookies:
        err.print("[yellow]warning:[/yellow] serving beyond loopback without Secure cookies; put it behind HTTPS")
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


def _admin_change(fn, name: str, what: str) -> None:
    from wartrace.store.db import begin_write
    from wartrace.store.users import UserError

    with state.store.session() as s:
        begin_write(s)
        try:
            ended = fn(s, name, actor="cli")
        except UserError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(2)
        s.commit()
    out.print(f"user {name}: {what}; {ended} session(s) ended", highlight=False)


@user_app.command("disable")
def user_disable(name: str = typer.Argument(..., help="Login name.")):
    """Disable an account and end its sessions at once (`user add` enables it again).

    Example: wartrace user disable alice
    """
    from wartrace.store.users import disable_user

    _admin_change(disable_user, name, "disabled")


@user_app.command("revoke-sessions")
def user_revoke_sessions(name: str = typer.Argument(..., help="Login name.")):
    """End every session of an account (a stolen cookie stops working); it can log in again.

    Example: wartrace user revoke-sessions alice
    """
    from wartrace.store.users import revoke_sessions

    _admin_change(revoke_sessions, name, "sessions revoked")


@token_app.command("create")
def token_create(
    name: str = typer.Argument(..., help="What the token is for, e.g. ingest-bot (shown in reviews as token:NAME)."),
    role: str = typer.Option("viewer", "--role", help="viewer (reads) or analyst (reads and reviews)."),
):
    """Create a bearer token; it is printed once and stored only as its SHA-256.

    Example: wartrace token create nightly-export --role viewer, then
    curl -H "Authorization: Bearer wt_…" http://127.0.0.1:8000/api/incidents
    """
    from wartrace.store.access import AccessError, create_token

    with state.store.session() as s:
        try:
            raw = create_token(s, name, role, actor="cli")
        except AccessError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(2)
        s.commit()
    err.print(f"token {name} ({role}) created; keep it secret, it is not shown again:", highlight=False)
    print(raw)


@token_app.command("list")
def token_list(as_json: bool = typer.Option(False, "--json", help="Print JSON.")):
    """List tokens with their role, creation, last use and revocation (never the token)."""
    import json

    from wartrace.store.access import list_tokens

    with state.store.session() as s:
        rows = [{"name": t.name, "role": t.role, "created_at": t.created_at, "last_used_at": t.last_used_at,
                 "revoked_at": t.revoked_at} for t in list_tokens(s)]
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    for r in rows:
        state_ = f"revoked {r['revoked_at']}" if r["revoked_at"] else "active"
        out.print(f"{r['name']:<24} {r['role']:<8} {state_:<36} created {r['created_at']}  "
                  f"last used {r['last_used_at'] or 'never'}", highlight=False)


@token_app.command("revoke")
def token_revoke(name: str = typer.Argument(..., help="The token's name.")):
    """Revoke a token: requests carrying it get 401 from now on."""
    from wartrace.store.access import AccessError, revoke_token

    with state.store.session() as s:
        try:
            revoke_token(s, name, actor="cli")
        except AccessError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(2)
        s.commit()
    out.print(f"token {name} revoked", highlight=False)
