"""`wartrace export` and `wartrace import`: ACLED CSV, GeoJSON, JSON Lines, dossiers."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer

from wartrace.cli import app, err, out, signed_checkpoint, state

FORMATS = ("acled", "geojson", "jsonl", "dossier")


@contextmanager
def _output(path: Optional[Path]):
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        yield fh


@app.command()
def export(
    format: str = typer.Option(..., "--format", help="acled | geojson | jsonl | dossier"),
    since: Optional[str] = typer.Option(None, "--since", help="Keep what may have happened on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Keep what may have happened on or before YYYY-MM-DD."),
    event_type: Optional[str] = typer.Option(None, "--event-type", help="ACLED event type, e.g. 'Violence against civilians'."),
    status: Optional[str] = typer.Option(None, "--status", help="unverified | single-source | corroborated | disputed"),
    incident: Optional[str] = typer.Option(None, "--incident", help="One incident id."),
    bbox: Optional[str] = typer.Option(None, "--bbox", help="min_lon,min_lat,max_lon,max_lat"),
    per_event: bool = typer.Option(False, "--per-event", help="acled/geojson: one row per extracted event, not per incident."),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="File (default standard output). Dossier: a .pdf or .html file for "
                                               "one incident, else a folder that gets both for each incident."),
    actor: str = typer.Option("system", "--actor", help="Who issues dossiers, for the custody log."),
):
    """Export incidents (or events) for other tools, or issue dossiers.

    Examples:

      wartrace export --format acled -o incidents.csv

      wartrace export --format geojson --since 2022-04-01 --bbox 22,44,41,53 -o map.geojson

      wartrace export --format jsonl -o backup.jsonl   (then: wartrace import backup.jsonl)

      wartrace export --format dossier --incident inc-1a2b3c -o dossier.pdf
    """
    from wartrace.export.query import Filters

    if format not in FORMATS:
        err.print(f"[red]error:[/red] unknown format {format!r}; one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    try:
        filters = Filters(since=since, until=until, event_type=event_type, status=status, incident=incident,
                          bbox=Filters.parse_bbox(bbox))
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    store = state.store
    if format == "dossier":
        _dossiers(store, filters, output, actor)
        return
    with store.session() as s:
        if format == "jsonl":
            from wartrace.evidence.keys import KeyProblem, configured_private
            from wartrace.export.jsonl import export_jsonl
            from wartrace.export.query import iter_bundles

            try:
                key = configured_private()
            except KeyProblem as exc:
                err.print(f"[red]error:[/red] {exc}", highlight=False)
                raise typer.Exit(2)
            with _output(output) as fh:
                n = export_jsonl(s, store, iter_bundles(s, filters), fh, key=key)
            err.print(f"{n} incidents exported" + (", with the chain segment and a signed checkpoint" if key else
                      "; unsigned (no WARTRACE_KEY): an importer will mark its records \"unverified import\""))
            return
        records = _records(s, filters, per_event)
    if format == "acled":
        from wartrace.export.acled import acled_rows, write_acled

        res = acled_rows(records)
        with _output(output) as fh:
            write_acled(res.rows, fh)
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(res.skipped.items()))
        err.print(f"{len(res.rows)} rows written" + (f"; left out: {skipped}" if skipped else ""))
    else:
        from wartrace.export.geojson import feature_collection

        fc = feature_collection(records)
        with _output(output) as fh:
            json.dump(fc, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        err.print(f"{len(fc['features'])} features written")


def _records(s, filters, per_event: bool):
    from wartrace.export.query import event_rows, load_bundles
    from wartrace.export.records import event_records, incident_record

    if per_event:
        return event_records(s, event_rows(s, filters))
    records = [incident_record(b) for b in load_bundles(s, filters)]
    if not records:
        err.print("no incidents match: run `wartrace link` first, or export events with --per-event")
    return records


def _dossiers(store, filters, output: Optional[Path], actor: str) -> None:
    from wartrace.evidence.keys import KeyProblem, configured_private
    from wartrace.export.dossier import write_dossier
    from wartrace.export.query import incident_rows

    try:
        key = configured_private()  # with a key the dossier carries its own seal and verifies alone
    except KeyProblem as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2)
    with store.session() as s:
        ids = [i.id for i in incident_rows(s, filters)]
    if not ids:
        err.print("[red]error:[/red] no incident matches")
        raise typer.Exit(1)
    if output is None:
        err.print("[red]error:[/red] a dossier needs -o FILE.pdf, FILE.html or a folder")
        raise typer.Exit(2)
    targets = []
    if output.suffix.lower() in (".pdf", ".html"):
        if len(ids) > 1:
            err.print(f"[red]error:[/red] {len(ids)} incidents match; name one with --incident or give a folder")
            raise typer.Exit(2)
        targets.append((ids[0], output))
    else:
        for i in ids:
            targets += [(i, output / f"dossier-{i}.html"), (i, output / f"dossier-{i}.pdf")]
    for inc, path in targets:
        issued = write_dossier(store, inc, path, actor=actor, key=key)
        out.print(f"{issued.path}  sha256 {issued.sha256}  (custody entry {issued.custody_seq})", highlight=False)


@app.command("import")
def import_(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="A file written by `export --format jsonl`."),
    actor: str = typer.Option("system", "--actor", help="Who imports, for the custody log."),
    trust: Optional[list[str]] = typer.Option(None, "--trust", metavar="KEY",
                                              help="An exporter's wartrace.pub (or hex) whose signed exports are verified (repeatable)."),
):
    """Read a JSON Lines export back into the store (all of it, or nothing on any problem).

    Raw bytes are re-hashed against their document ids and each document's text must
    re-derive from them. A signed export from a trusted key (--trust, WARTRACE_PUBLIC_KEY or
    your own WARTRACE_KEY) is checked record by record against the exporter's custody chain
    and refused on any difference; any other file is imported with every document, incident
    and review marked "unverified import". Every imported object gets a custody entry of
    action "import" carrying its custody history from the exporting store.
    """
    from wartrace.evidence.keys import KeyProblem, parse_public, trusted_public
    from wartrace.export.jsonl import ImportProblem, import_jsonl

    try:
        keys = {parse_public(k) for k in trust or []} | ({trusted_public()} - {None})
    except KeyProblem as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2)
    try:
        res = import_jsonl(state.store, path, actor=actor, trusted_keys=keys)
    except ImportProblem as exc:
        err.print(f"[red]error:[/red] {path}: {exc}; nothing was imported", highlight=False)
        raise typer.Exit(1)
    out.print(f"{res.incidents} incidents and {res.documents} documents imported "
              f"({res.skipped_incidents} incidents and {res.skipped_documents} documents already there); "
              f"{res.custody_entries} custody entries written")
    if res.verified:
        out.print("verified: every record matches the exporter's signed custody chain")
    else:
        err.print(f"[yellow]unverified import:[/yellow] {path}: {'; '.join(res.unverified_reasons)}; every "
                  f"record is marked \"unverified import\"", highlight=False)
    if res.incidents or res.documents:
        signed_checkpoint()
