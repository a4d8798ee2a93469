"""`wartrace analyse`, `link`, `incidents`, `incident`, and the reviewer's status, merge and split."""
from __future__ import annotations

import json
from typing import Optional

import typer
from rich.panel import Panel
from rich.table import Table

from wartrace.cli import app, err, out, progress_bar, shown, signed_checkpoint, state

ENGINE_HELP = "Where analysis runs: 'local' (this process, or --workers processes) or 'ray' (Ray Data actors)."


def _engine_options(engine: str, ray_address: Optional[str], actors: int, batch_size: int):
    from wartrace.engine_ray import RayOptions

    if engine not in ("local", "ray"):
        err.print(f"[red]error:[/red] unknown engine {shown(engine)!r}; use local or ray")
        raise typer.Exit(2)
    if ray_address and engine != "ray":
        err.print("[red]error:[/red] --ray-address needs --engine ray")
        raise typer.Exit(2)
    if actors < 1 or batch_size < 1:
        err.print("[red]error:[/red] --actors and --batch-size must be at least 1")
        raise typer.Exit(2)
    return RayOptions(address=ray_address, actors=actors, batch_size=batch_size)


def _analyse(store, resources, actor: str, workers: int, engine: str, ray_options) -> int:
    """Analyse what is not analysed yet on the chosen engine, with a progress bar."""
    from wartrace.analysis.pipeline import AnalysisConfig
    from wartrace.analysis.registry import ComponentError
    from wartrace.engine_ray import EngineUnavailable
    from wartrace.workflow import analyse_pending

    with progress_bar() as bar:
        task = bar.add_task("analysing", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        # with a pool or Ray the workers load the analysis models, so this process does not
        here = resources if engine == "local" and workers <= 1 else None
        try:
            return analyse_pending(store, here, AnalysisConfig.current(), batch=ray_options.batch_size, progress=advance, actor=actor,
                                   workers=workers, engine=engine, ray=ray_options)
        except (EngineUnavailable, ComponentError) as exc:
            err.print(f"[red]error:[/red] {shown(exc)}")
            raise typer.Exit(2)


_ENGINE = typer.Option("local", "--engine", help=ENGINE_HELP)
_RAY_ADDRESS = typer.Option(None, "--ray-address",
                            help="Join this Ray cluster (e.g. ray://head:10001 or auto); without it a local "
                                 "Ray runtime starts on this machine (2 CPUs) and stops at the end.")
_ACTORS = typer.Option(2, "--actors", help="Ray: analysis actors, each loading the models once (2 GiB reserved each).")
_BATCH = typer.Option(32, "--batch-size", help="Documents per batch: one actor call and one write transaction.")


@app.command()
def analyse(
    actor: str = typer.Option("system", "--actor", help="Who runs it, for the custody log."),
    workers: int = typer.Option(1, "--workers", help="Local engine: analyse in this many processes."),
    engine: str = _ENGINE, ray_address: Optional[str] = _RAY_ADDRESS, actors: int = _ACTORS,
    batch_size: int = _BATCH,
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary."),
):
    """Analyse every captured document not analysed yet, without linking.

    Each batch is written in one transaction with its custody entries; a re-run (or a batch
    retried after a worker died) writes each analysis once.

    Examples:

      wartrace analyse --workers 2

      wartrace analyse --engine ray --actors 2 --batch-size 32

      wartrace analyse --engine ray --ray-address ray://head:10001 --actors 16
    """
    options = _engine_options(engine, ray_address, actors, batch_size)
    analysed = _analyse(state.store, None, actor, workers, engine, options)
    if as_json:
        print(json.dumps({"analysed": analysed, "engine": engine}, indent=2))
    else:
        out.print(f"{analysed} documents analysed ({engine})")


@app.command()
def link(
    relink: bool = typer.Option(False, "--relink", help="Rebuild every incident (reviewer decisions are re-applied)."),
    actor: str = typer.Option("system", "--actor", help="Who runs it, for the custody log."),
    workers: int = typer.Option(1, "--workers", help="Local engine: analyse in this many processes (each loads the models once)."),
    engine: str = _ENGINE, ray_address: Optional[str] = _RAY_ADDRESS, actors: int = _ACTORS,
    batch_size: int = _BATCH,
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary."),
):
    """Analyse every captured document not analysed yet, then link reports into incidents.

    New reports attach to the stored incidents without a rebuild; --relink rebuilds all.
    Each incident gets its source-dependence graph, independent origins and a suggested
    status (a reviewer's status stays as set). --engine ray analyses on Ray (see `analyse`);
    linking runs in this process.
    """
    from wartrace.analysis.resources import Resources
    from wartrace.workflow import link_pending, relink_all

    options = _engine_options(engine, ray_address, actors, batch_size)
    store = state.store
    resources = Resources()
    analysed = _analyse(store, resources, actor, workers, engine, options)
    with err.status("linking"):
        report = (relink_all if relink else link_pending)(store, resources, actor=actor)
    summary = {"analysed": analysed, "new_items": report.items_new, "incidents_touched": len(report.incidents_touched),
               "incidents_removed": len(report.removed), "incidents": report.incidents_total}
    if as_json:
        print(json.dumps(summary, indent=2))
    else:
        out.print(f"{analysed} documents analysed, {report.items_new} new reports/events linked; "
                  f"{len(report.incidents_touched)} incidents updated, {report.incidents_total} in all")
    signed_checkpoint()


@app.command()
def incidents(
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array (per docs/spec/extract.md)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="At most this many, newest first."),
    status: Optional[str] = typer.Option(None, "--status", help="Only this status."),
):
    """List incidents: date, type, place, documents, independent origins, status."""
    from wartrace.store.incidents import list_incidents

    with state.store.session() as s:
        rows = list_incidents(s, limit=limit, status=status)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return
    t = Table(title=f"{len(rows)} incidents")
    for col in ("id", "date", "type", "place", "docs", "origins", "status", "title"):
        t.add_column(col, overflow="fold")
    for d in rows:
        date = d.get("date") or {}
        when = date.get("start") or "-"
        if date.get("end") and date.get("end") != date.get("start"):
            when += f"..{date['end']}"
        place = (d.get("place") or {}).get("name") or "-"
        t.add_row(d["id"], when, d.get("event_type") or "-", place, str(len(d.get("documents", []))),
                  str(d.get("independent_origins", 0)), _status_text(d), (d.get("title") or "")[:70])
    out.print(t)


def _status_text(d: dict) -> str:
    s = d.get("status") or "-"
    if d.get("suggested_status") and d["suggested_status"] != s:
        s += f" (suggested {d['suggested_status']})"
    return s


@app.command()
def incident(
    incident_id: str = typer.Argument(..., help="Incident id (or a unique prefix)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """A readable report: what is claimed, by whom, on what evidence, with which caveats,
    how many independent origins, and what contradicts it."""
    from wartrace.store.incidents import get_incident

    with state.store.session() as s:
        d = get_incident(s, incident_id)
    if d is None:
        err.print(f"[red]error:[/red] no incident {incident_id!r}")
        raise typer.Exit(1)
    if as_json:
        print(json.dumps(d, ensure_ascii=False, indent=1, default=str))
        return
    render_incident(d)


def render_incident(d: dict) -> None:
    info = d.get("document_info", {})

    def doc_label(doc_id: str) -> str:
        i = info.get(doc_id) or {}
        name = i.get("source") or (i.get("path") or "").rsplit("/", 1)[-1] or "?"
        return f"{name} {i.get('published') or ''} «{(i.get('title') or doc_id[:19])[:60]}»"

    date = d.get("date") or {}
    place = d.get("place") or {}
    head = [f"[bold]{d.get('title') or d['id']}[/bold]",
            f"type: {d.get('event_type')}" + (f" / {', '.join(d['sub_event_types'])}" if d.get("sub_event_types") else ""),
            f"when: {date.get('start') or '?'}" + (f" .. {date['end']}" if date.get("end") != date.get("start") else "")
            + (f" ({date['precision']})" if date.get("precision") else ""),
            f"where: {place.get('name') or '?'}" + (" (an area, not a point)" if place.get("area") else ""),
            f"status: [bold]{_status_text(d)}[/bold]; {d.get('independent_origins', 0)} independent origin(s) "
            f"from {len(d.get('documents', []))} document(s)"]
    if d.get("actors"):
        head.append("actors: " + ", ".join(d["actors"]))
    out.print(Panel("\n".join(head), title=d["id"], expand=False))

    origins = d.get("origins") or []
    t = Table(title="Who speaks to it: one row per origin (counts = an independent confirmation)", show_lines=True)
    for col in ("origin", "side", "counts", "stance", "evidence", "documents", "what they say"):
        t.add_column(col, overflow="fold")
    for o in origins:
        said = "\n".join(f"“{c['text'][:160]}”" for c in o.get("claims", [])[:2]) or "(the report's own account)"
        t.add_row(o["label"], o["side"], "yes" if o.get("asserts") else "no", ", ".join(sorted(set(o.get("stances") or []))),
                  ", ".join(o.get("evidence") or []) or "-", "\n".join(doc_label(x) for x in o["documents"]), said)
    out.print(t)
    if d.get("evidence"):
        out.print("Evidence types: " + ", ".join(d["evidence"]))
    cav = d.get("caveats") or []
    hed = d.get("hedges") or []
    if cav or hed:
        out.print("[bold]Caveats and hedges carried[/bold]")
        for c in cav:
            out.print(f"  • {c['kind']}: “{c['text']}”" + (f" ({c['party']})" if c.get("party") else ""), highlight=False)
        for h in {h["text"] for h in hed}:
            out.print(f"  • hedge: “{h}”", highlight=False)
    contra = d.get("contradictions") or []
    out.print("[bold]What contradicts it[/bold]" if contra else "Nothing found that contradicts it.")
    for c in contra:
        who = f" by {c['by']} ({c['side']})" if c.get("by") else ""
        out.print(f"  • {c['kind']}{who}: {c.get('detail', '')}", highlight=False)
    dep = (d.get("dependence") or {}).get("edges") or []
    copies = [e for e in dep if e["kind"] in ("derived_from", "shares_text", "wire_copy", "same_publisher")]
    if copies:
        out.print("[bold]Dependence between reports[/bold]")
        for e in copies:
            tgt = doc_label(e["target"]) if e["target"].startswith("sha256:") else e["target"]
            out.print(f"  • {doc_label(e['source'])} {e['kind'].replace('_', ' ')} {tgt}", highlight=False)
    out.print("[bold]Documents[/bold]")
    for doc in d.get("documents", []):
        out.print(f"  • {doc}  {doc_label(doc)}", highlight=False)
    for r in d.get("reviews") or []:
        out.print(f"review: {r['at']} {r['by']} {r['action']} {r.get('old') or ''}→{r.get('new') or ''} "
                  f"{r.get('reason') or ''}", highlight=False)


def _reviewed(action):
    """Run a reviewer action; bad input (an unknown incident, a missing reason) is one line and exit 1."""
    from wartrace.store.review import ReviewError

    try:
        return action()
    except ReviewError as exc:
        err.print(f"[red]error:[/red] {shown(exc)}")
        raise typer.Exit(1)


_REVIEWER = typer.Option(..., "--reviewer", help="Who decides (goes into the reviews and the custody log).")
_REASON = typer.Option(..., "--reason", help="Why (required: every review action says why).")


@app.command("incident-status")
def incident_status(
    incident_id: str = typer.Argument(...),
    status: str = typer.Argument(..., help="unverified | single-source | corroborated | disputed | verified | rejected"),
    reviewer: str = _REVIEWER,
    reason: str = _REASON,
):
    """Override an incident's status (kept across re-links; logged with reviewer and reason).

    Example: wartrace incident-status inc-17f0d0b30c71 corroborated --reviewer ana --reason "second witness located"
    """
    from wartrace import reviewing

    _reviewed(lambda: reviewing.set_status(state.store, incident_id, status, reviewer, reason))
    out.print(f"{incident_id}: status {status} (by {reviewer})")
    signed_checkpoint()


@app.command("incident-merge")
def incident_merge(
    incident_ids: list[str] = typer.Argument(..., help="Two or more incident ids."),
    reviewer: str = _REVIEWER,
    reason: str = _REASON,
):
    """Merge incidents (a must-link that every later re-link keeps)."""
    from wartrace import reviewing

    merged = _reviewed(lambda: reviewing.merge(state.store, incident_ids, reviewer, reason))
    out.print(f"merged into {merged}")
    signed_checkpoint()


@app.command("incident-split")
def incident_split(
    incident_id: str = typer.Argument(...),
    group: list[str] = typer.Option(..., "--group", help="Comma-separated document or event ids; repeat per group."),
    reviewer: str = _REVIEWER,
    reason: str = _REASON,
):
    """Split an incident into groups (a cannot-link that every later re-link keeps)."""
    from wartrace import reviewing

    groups = [[x.strip() for x in g.split(",") if x.strip()] for g in group]
    parts = _reviewed(lambda: reviewing.split(state.store, incident_id, groups, reviewer, reason))
    out.print(f"split into {', '.join(dict.fromkeys(parts))}")
    signed_checkpoint()


@app.command("incident-decisions")
def incident_decisions(incident_id: Optional[str] = typer.Argument(None, help="Only decisions touching this incident.")):
    """List reviewer merges and splits (with the id incident-revoke takes)."""
    from wartrace import reviewing

    for d in reviewing.decisions(state.store, incident_id):
        out.print(f"{'active ' if d['active'] else 'revoked'} {d['id']}  {len(d['items'])} items  {d.get('reason') or ''}",
                  highlight=False)


@app.command("incident-revoke")
def incident_revoke(
    decision_id: str = typer.Argument(..., help="A decision id from incident-decisions."),
    reviewer: str = _REVIEWER,
    reason: str = _REASON,
):
    """Undo a reviewer's merge or split; the incidents it touched are re-linked without it."""
    from wartrace import reviewing

    touched = _reviewed(lambda: reviewing.revoke(state.store, decision_id, reviewer, reason))
    out.print(f"revoked; incidents now: {', '.join(touched)}")
    signed_checkpoint()
