"""`wartrace key init` and `wartrace checkpoint`: the signing key and signed checkpoints.

Capture, link, reviews and import sign the new head themselves (cli.signed_checkpoint) when a
key is configured (WARTRACE_KEY).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from wartrace.cli import app, err, out, state

key_app = typer.Typer(help="The Ed25519 key that signs checkpoints (kept outside the store).", no_args_is_help=True)
app.add_typer(key_app, name="key")


@key_app.command("init")
def key_init(out_dir: Path = typer.Option(Path("."), "--out", help="Folder for wartrace.key and wartrace.pub.")):
    """Make a signing key pair: DIR/wartrace.key (private, PEM, mode 0600) and DIR/wartrace.pub (hex).

    Keep the private key off the database machine if you can; point WARTRACE_KEY at it for the
    commands that sign. Give wartrace.pub to whoever checks your checkpoints and dossiers.

    Example: wartrace key init --out ~/.wartrace && export WARTRACE_KEY=~/.wartrace/wartrace.key
    """
    from wartrace.evidence.keys import KeyProblem, init_keys

    try:
        key_path, pub_path = init_keys(out_dir)
    except KeyProblem as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1)
    out.print(f"private key {key_path} (mode 0600; never in the database)\npublic key  {pub_path}: "
              f"{pub_path.read_text().strip()}", highlight=False)


@app.command()
def checkpoint(
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Also write the checkpoint to this file."),
    tsa: Optional[str] = typer.Option(None, "--tsa", metavar="URL", help="RFC 3161 timestamp authority to countersign it."),
    key: Optional[Path] = typer.Option(None, "--key", envvar="WARTRACE_KEY", help="Private key (default $WARTRACE_KEY)."),
    as_json: bool = typer.Option(False, "--json", help="Print the checkpoint as JSON."),
):
    """Sign the custody chain's head: a checkpoint kept in the store and, with -o, in a file.

    Keep checkpoint files somewhere the database's users cannot write (another machine, a
    mailed copy, a notary): `wartrace verify --checkpoint FILE` then proves the log still
    extends them, which catches a rewritten or truncated chain.

    Example: wartrace checkpoint -o /mnt/offsite/cp-$(date +%F).json --tsa https://freetsa.org/tsr
    """
    from wartrace.evidence import checkpoint as cps
    from wartrace.evidence.keys import KeyProblem, load_private
    from wartrace.evidence.tsa import TimestampProblem

    if key is None:
        err.print("[red]error:[/red] no signing key: give --key or set WARTRACE_KEY (make one with `wartrace key init`)")
        raise typer.Exit(2)
    try:
        cp = cps.make(state.store, load_private(key), tsa_url=tsa)
    except (KeyProblem, TimestampProblem) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1)
    if output:
        cps.write(cp, output)
    if as_json:
        print(json.dumps(cp, indent=2, sort_keys=True))
        return
    stamped = " with an RFC 3161 timestamp" if cp.get("timestamp_token") else ""
    out.print(f"checkpoint of entry {cp['seq']} (head {cp['head'][:16]}…) signed by {cp['public_key'][:16]}…"
              f"{stamped}{f', written to {output}' if output else ''}", highlight=False)



@app.command("seal-existing")
def seal_existing(actor: str = typer.Option(..., "--actor", help="Who vouches for the rows as they are now.")):
    """Record, once, the rows of a store from before derived tables were sealed.

    Claims, events, incidents, members, dependencies, link constraints, reviews and users
    written by an older wartrace have no custody entry, so `verify` reports them. This seals
    each such group as it is now, in the name of --actor; rows that already have a seal are
    never touched (that would bless a tampering). Run `verify` first and read what it says.
    """
    from wartrace.store.seals import adopt_unsealed

    with state.store.session() as s:
        done = adopt_unsealed(s, actor)
        s.commit()
    out.print("sealed: " + (", ".join(f"{n} {t}" for t, n in sorted(done.items())) or "nothing (every group had a seal)"),
              highlight=False)
