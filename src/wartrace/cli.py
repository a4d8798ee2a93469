"""The `wartrace` command line: one verb per job, `--json` for machines.

Area commands live in cli_<area>.py modules imported at the bottom of this file.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from wartrace import __version__

app = typer.Typer(
    help="wartrace: turn conflict reporting into an evidence-grade ledger of incidents.\n\n"
         "Typical session:\n\n"
         "  wartrace capture samples/ ../shared/eval/corpus/voa_stories.jsonl\n\n"
         "  wartrace extract samples/cnn-2022-04-22-popasna-intercept.txt --format jsonl\n\n"
         "  wartrace link && wartrace incidents\n\n"
         "  wartrace verify",
    no_args_is_help=True, rich_markup_mode="rich", add_completion=False,
)
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)
# C0/C1 controls, DEL and bidirectional overrides: a file name carrying them could recolour,
# rewrite or reorder the terminal's output, so they are shown as escapes.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """Untrusted text (file names, reasons) made safe to print: escaped controls, no Rich markup."""
    from rich.markup import escape

    return escape(_UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                              else f"\\u{ord(m.group()):04x}", str(text)))


class State:
    db: str | None = None
    _store = None

    @property
    def store(self):
        if self._store is None:
            from wartrace.store.db import Store, StoreError

            try:
                self._store = Store(self.db)
            except StoreError as exc:
                err.print(f"[red]error:[/red] {exc}")
                raise typer.Exit(2)
        return self._store


state = State()


def progress_bar(transient: bool = True) -> Progress:
    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeRemainingColumn(), console=err, transient=transient, disable=not err.is_terminal)


@app.callback()
def main_options(
    db: Optional[str] = typer.Option(None, "--db", envvar="WARTRACE_DB", metavar="URL",
                                     help="Database URL or SQLite file (default sqlite:///wartrace.db; postgresql+psycopg://… for teams)."),
    version: bool = typer.Option(False, "--version", help="Print the version and exit."),
):
    if version:
        out.print(f"wartrace {__version__}")
        raise typer.Exit()
    state.db = db
    state._store = None  # each invocation opens the store it names (matters when invoked in-process)


@app.command()
def capture(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursively) or - for standard input."),
    map: Optional[str] = typer.Option(None, "--map", help="Corpus fields: text=FIELD,published=FIELD,title=FIELD,source=FIELD,url=FIELD."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", help="Refuse inputs larger than this (default 50 MB)."),
    asr_model: Optional[str] = typer.Option(None, "--asr-model", help="CTranslate2 Whisper model folder for audio (default: tiny.en for English, the multilingual Whisper base otherwise)."),
    language: str = typer.Option("auto", "--language", help="Spoken language of audio: en, ru, uk, or auto (detected among the configured languages; non-English recordings also get an English translation)."),
    actor: str = typer.Option("system", "--actor", help="Who captures, for the custody log."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks",
                                         help="Capture symlinks in folders that lead outside them (the real path is recorded)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary."),
):
    """Capture documents: text, HTML, RSS/Atom, JSON Lines/CSV corpora, PDF, audio.

    Each input's raw bytes are kept unchanged under their SHA-256 and logged in the custody
    chain. The same bytes captured twice are reported as already captured. Bad inputs get
    one line each naming the file and the reason; the rest of the batch is stored. A .gz
    may inflate to 4 times --max-bytes; a symlink leading out of a captured folder is refused
    unless --follow-symlinks. Rows are written in short transactions, so the workbench stays
    responsive while a large corpus is captured.

    Examples:

      wartrace capture samples/cnn-2022-04-22-popasna-intercept.txt

      wartrace capture ../shared/eval/corpus

      wartrace capture feed.csv --map text=body,published=date,title=headline
    """
    from wartrace.capture.corpus import parse_map
    from wartrace.capture.service import capture_paths, count_inputs

    try:
        mapping = parse_map(map)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {shown(exc)}")
        raise typer.Exit(2)
    store = state.store
    options = {"asr_model": asr_model, "language": language, "progress_console": err}
    with progress_bar() as bar:
        task = bar.add_task("capturing", total=count_inputs(paths))
        result = capture_paths(store, paths, mapping, max_bytes, actor=actor, options=options,
                               progress=lambda _n: bar.advance(task), follow_symlinks=follow_symlinks)
    for f in result.failed:
        err.print(f"[red]error:[/red] {shown(f['path'])}: {shown(f['error'])}", markup=True, highlight=False)
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        for d in result.captured[:20]:
            out.print(f"captured {d['id']}  {d['kind']:<10} {shown(d.get('published') or '-'):<25} "
                      f"{d.get('language') or '-':<3} {shown(d['path'])}", highlight=False)
        if len(result.captured) > 20:
            out.print(f"… and {len(result.captured) - 20} more")
        for d in result.already[:20]:
            out.print(f"already captured {d['id']}  {shown(d['path'])}", highlight=False)
        out.print(f"{len(result.captured)} captured, {len(result.already)} already captured, "
                  f"{len(result.failed)} failed (store: {store.describe()})")
    if result.captured:
        signed_checkpoint()
    raise typer.Exit(1 if result.failed else 0)


@app.command()
def status(as_json: bool = typer.Option(False, "--json", help="Print JSON.")):
    """Counts by kind and language, and where the store is."""
    from wartrace.store.documents import counts

    store = state.store
    with store.session() as s:
        c = counts(s)
    c.update(database=store.describe(), blobs=str(store.blobs.root))
    if as_json:
        print(json.dumps(c, indent=2))
        return
    t = Table(title=f"wartrace store: {c['database']}")
    t.add_column("kind")
    t.add_column("documents", justify="right")
    for k, v in sorted(c["by_kind"].items()):
        t.add_row(k, str(v))
    out.print(t)
    out.print("languages: " + ", ".join(f"{k} {v}" for k, v in sorted(c["by_language"].items())))
    out.print(f"blobs: {c['blobs']}")


@app.command()
def show(
    doc_id: str = typer.Argument(..., help="Document id (sha256:…) or a unique prefix of its hash."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """Show one document's metadata, hash and custody entries.

    Example: wartrace show 2147805d
    """
    from wartrace.store.custody import entries_for
    from wartrace.store.documents import get_document

    with state.store.session() as s:
        doc = get_document(s, doc_id)
        if doc is None:
            err.print(f"[red]error:[/red] no document {doc_id!r} (or the prefix is ambiguous)")
            raise typer.Exit(1)
        entries = entries_for(s, doc.id)
    meta = {"id": doc.id, "sha256": doc.sha256, "kind": doc.kind, "title": doc.title, "published": doc.published,
            "language": doc.language, "source": doc.source, "url": doc.url, "author": doc.author,
            "parent": doc.parent_id, "captured_at": doc.captured_at, "tool_version": doc.tool_version,
            "size": doc.size, "path": doc.origin_path,
            "custody": [{"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "entry_sha": e.entry_sha}
                        for e in entries]}
    if as_json:
        print(json.dumps(meta, indent=2, ensure_ascii=False))
        return
    t = Table(show_header=False, title=doc.title or doc.id)
    for k, v in meta.items():
        if k != "custody" and v is not None:
            t.add_row(k, str(v))
    out.print(t)
    for e in meta["custody"]:
        out.print(f"custody #{e['seq']} {e['at']} {e['actor']} {e['action']} {e['entry_sha'][:16]}…", highlight=False)


@app.command()
def verify(
    checkpoints: Optional[list[Path]] = typer.Option(None, "--checkpoint", metavar="FILE", help="A checkpoint file kept outside the store (repeatable)."),
    public_key: Optional[str] = typer.Option(None, "--public-key", metavar="KEY", help="wartrace.pub (or its hex) that checkpoints and dossiers must be signed with; default $WARTRACE_PUBLIC_KEY."),
    dossier: Optional[Path] = typer.Option(None, "--dossier", help="Check a dossier: alone with --public-key, else against the store."),
    no_table: bool = typer.Option(False, "--no-stored-checkpoints", help="Ignore the checkpoints table (use only --checkpoint files)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON: chain head, per-table counts, problems."),
):
    """Check everything a reader sees; exit 1 on any problem, naming the object.

    Re-hashes every blob, walks the custody chain, holds every row of every table (documents,
    analyses, claims, events, incidents and members, dependencies, link constraints, reviews,
    users) to its newest custody entry, re-derives document text from the raw bytes, and proves
    the chain still extends each signed checkpoint (stored ones and --checkpoint files).

    Examples:

      wartrace verify --checkpoint /mnt/offsite/cp-2026-12-01.json --public-key wartrace.pub

      wartrace verify --dossier dossier-inc-1.pdf --public-key wartrace.pub
    """
    from wartrace.evidence.keys import KeyProblem, trusted_public

    try:
        trusted = trusted_public(public_key)
    except KeyProblem as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2)
    if dossier is not None:
        import os

        from wartrace.export.dossier import verify_dossier, verify_dossier_alone

        if public_key or os.environ.get("WARTRACE_PUBLIC_KEY"):
            ok, message = verify_dossier_alone(dossier, trusted)
        else:
            ok, message = verify_dossier(state.store, dossier)
        (out if ok else err).print(message, highlight=False)
        raise typer.Exit(0 if ok else 1)
    from wartrace.evidence.verify import verify_all

    rep = verify_all(state.store, checkpoints or [], trusted_key=trusted, use_table=not no_table)
    if as_json:
        print(json.dumps(rep.to_dict(), indent=2))
        raise typer.Exit(0 if rep.ok else 1)
    if rep.ok:
        head = f"head entry {rep.head['seq']}" if rep.head else "empty chain"
        out.print(f"OK: {rep.documents} documents, {rep.blobs} blobs, {rep.analyses} analyses, "
                  f"{rep.entries} custody entries ({head}) and every sealed table check out", highlight=False)
    else:
        for p in rep.problems[:20]:
            err.print(f"[red]FAILED:[/red] {p}", highlight=False)
        if len(rep.problems) > 20:
            err.print(f"… and {len(rep.problems) - 20} more problems (--json lists them)")
    for note in rep.notes:
        (out if rep.ok else err).print(f"note: {note}", highlight=False)
    raise typer.Exit(0 if rep.ok else 1)


def signed_checkpoint() -> None:
    """After a command changed the store: sign the new chain head when WARTRACE_KEY names a key."""
    from wartrace.evidence.checkpoint import auto
    from wartrace.evidence.keys import KeyProblem

    try:
        cp = auto(state.store)
    except KeyProblem as exc:
        err.print(f"[yellow]warning:[/yellow] no checkpoint: {exc}", highlight=False)
        return
    if cp is not None:
        err.print(f"checkpoint of custody entry {cp['seq']} signed", highlight=False)


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files capture accepts, or - for standard input."),
    format: str = typer.Option("jsonl", "--format", help="Output format (jsonl)."),
    one_per_line: bool = typer.Option(False, "--one-per-line", help="Each line of the input is one plain-text document."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for inputs without one."),
    components: Optional[str] = typer.Option(None, "--components", help="Comma-separated subset, e.g. places,dates."),
    store_results: bool = typer.Option(False, "--store", help="Also capture the inputs and store the analyses."),
):
    """Analyse documents and print one wartrace.extract/1 JSON object per document.

    Places, dates, hedges, claims and events, each with character spans into document.text.
    Nothing is stored unless --store is given.

    Examples:

      wartrace extract samples/cnn-2022-04-22-popasna-intercept.txt --format jsonl

      echo "Shelling hit Kharkiv on Monday." | wartrace extract - --published 2022-05-04

      wartrace extract snippets.txt --one-per-line
    """
    from wartrace.analysis.pipeline import AnalysisConfig, analyse_batch, checked_specs
    from wartrace.analysis.registry import ComponentError
    from wartrace.extract_inputs import documents_from_inputs

    if format != "jsonl":
        err.print(f"[red]error:[/red] unknown format {format!r}; only jsonl")
        raise typer.Exit(2)
    names = [c.strip() for c in components.split(",")] if components else None
    config = AnalysisConfig.current(names)
    try:
        checked_specs(config)
    except ComponentError as exc:
        err.print(f"[red]error:[/red] {shown(exc)}", highlight=False)
        raise typer.Exit(2)
    docs, failures = documents_from_inputs(paths, one_per_line=one_per_line, published=published,
                                           store=state.store if store_results else None)
    for f in failures:
        err.print(f"[red]error:[/red] {shown(f['path'])}: {shown(f['error'])}", highlight=False)
    batch = 64
    stored = state.store if store_results else None
    with progress_bar() as bar:
        task = bar.add_task("analysing", total=len(docs))
        for i in range(0, len(docs), batch):
            results = analyse_batch(docs[i:i + batch], None, config)
            if stored is not None:
                from wartrace.store.analyses import save_analysis

                with stored.session() as s:
                    for r in results:
                        save_analysis(s, r, list(config.components))
                    s.commit()
            for r in results:
                sys.stdout.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
            bar.advance(task, len(results))
    raise typer.Exit(1 if failures else 0)


def load_area_commands() -> None:
    """Area commands register themselves on `app` when their module is imported (lazily, so that
    `wartrace --help` and the light commands do not import the web and export stacks first)."""
    import importlib

    for name in ("cli_link", "cli_web", "cli_export", "cli_overview", "cli_evidence"):
        importlib.import_module(f"wartrace.{name}")


def main() -> None:
    load_area_commands()
    app()
