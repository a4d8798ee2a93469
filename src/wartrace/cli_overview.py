"""`wartrace overview`: what a store holds that is worth a look, as `make demo` ends on it."""
from __future__ import annotations

import json
from collections import Counter

import typer
from rich.table import Table

from wartrace.cli import app, out, shown, state

# ACLED's political-violence types: the incidents an investigator of this war opens first
WAR_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
# a verdict someone must look at comes before one that needs more sources
STATUS_RANK = {"corroborated": 0, "disputed": 1, "single-source": 2, "unverified": 3}


def worth_a_look(rows: list[dict], top: int) -> list[dict]:
    """War incidents, corroborated then disputed first, then by independent origins and reports."""
    war = [d for d in rows if d.get("event_type") in WAR_TYPES]
    war.sort(key=lambda d: (STATUS_RANK.get(d.get("status") or "", 9), -(d.get("independent_origins") or 0),
                            -len(d.get("documents") or []), d["id"]))
    return war[:top]


def of_documents(rows: list[dict], prefixes: list[str]) -> list[dict]:
    """Incidents reported by a document whose id (without "sha256:") starts with one of the prefixes."""
    keys = [p.removeprefix("sha256:") for p in prefixes]
    return [d for d in rows
            if any(doc.removeprefix("sha256:").startswith(k) for doc in d.get("documents", []) for k in keys)]


def origins_text(d: dict, shown_at_most: int = 6) -> str:
    names = [o.get("label") or "?" for o in d.get("origins") or [] if o.get("asserts")]
    more = f" and {len(names) - shown_at_most} more" if len(names) > shown_at_most else ""
    return (", ".join(names[:shown_at_most]) + more) or "none named"


def caveats_text(d: dict) -> str:
    kinds = Counter(c["kind"] for c in d.get("caveats") or [])
    hedges = sorted({h["text"] for h in d.get("hedges") or []})
    parts = [f"{k}" + (f" ×{n}" if n > 1 else "") for k, n in sorted(kinds.items())]
    parts += [f"hedge “{h}”" for h in hedges[:3]]
    return "; ".join(parts) or "-"


def incident_table(title: str, rows: list[dict]) -> Table:
    t = Table(title=title, show_lines=True)
    for col in ("id", "what, where, when", "status", "origins", "caveats"):
        t.add_column(col, overflow="fold")
    for d in rows:
        date = (d.get("date") or {}).get("start") or "?"
        place = (d.get("place") or {}).get("name") or "?"
        what = f"{d.get('event_type') or '?'}" + (f" / {', '.join(d['sub_event_types'])}" if d.get("sub_event_types")
                                                   else "")
        t.add_row(d["id"], "\n".join(shown(x) for x in (what, f"{place}, {date}", (d.get("title") or "")[:90])),
                  d.get("status") or "-", shown(f"{d.get('independent_origins', 0)}: {origins_text(d)}"),
                  shown(caveats_text(d)))
    return t


@app.command()
def overview(
    document: list[str] = typer.Option([], "--document", "-d",
                                       help="Show first the incidents this document reports (id or prefix; repeat)."),
    top: int = typer.Option(8, "--top", min=0, max=1000, help="How many war incidents worth a look."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """What the store holds that is worth a look: the incidents of the documents you name, then the war
    incidents most worth reading (corroborated and disputed first, then most independent origins), the
    counts by status, and where to go next.

    Examples:

      wartrace overview --document 3f1c2a9e              # the seed's incidents first

      wartrace overview --top 20 --json
    """
    from wartrace.store.incidents import list_incidents

    with state.store.session() as s:
        rows = list_incidents(s)
    mine = of_documents(rows, document) if document else []
    best = worth_a_look([d for d in rows if d not in mine], top)
    counts = dict(sorted(Counter(d.get("status") or "-" for d in rows).items()))
    first = (mine or best or [{}])[0].get("id")
    if as_json:
        print(json.dumps({"documents": document, "their_incidents": mine, "worth_a_look": best,
                          "counts_by_status": counts, "incidents": len(rows)}, ensure_ascii=False, default=str))
        return
    if document:
        out.print(incident_table(f"Incidents reported by {', '.join(document)}", mine) if mine
                  else f"No incident reported by {', '.join(document)}.")
    out.print(incident_table(f"War incidents worth a look (of {len(rows)} incidents)", best) if best
              else "No war incident linked yet.")
    out.print("By status: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if first:
        out.print(f"Next: `wartrace incident {first}` for the whole account, or `make serve` and open "
                  f"http://127.0.0.1:8000/incidents/{first}")
