"""Regenerate the examples in docs/EXPORTS.md from the seed, run through the real pipeline.

    .venv/bin/python -m wartrace.export.examples [docs/EXPORTS.md]

Captures samples/cnn-2022-04-22-popasna-intercept.txt into a fresh store, analyses and links
it, exports the incident of its central claim (the claim carrying the most caveats) in every
format, and replaces what stands between the markers
`<!-- example:NAME -->` and `<!-- /example -->` in the document. The prose around them is
left alone, so the examples stay real output of the current code.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from wartrace.analysis.resources import Resources
from wartrace.capture.service import capture_paths
from wartrace.export.acled import acled_rows, write_acled
from wartrace.export.dossier import verify_dossier, write_dossier
from wartrace.export.geojson import feature_collection
from wartrace.export.jsonl import export_jsonl
from wartrace.export.query import Filters, load_bundles
from wartrace.export.records import incident_record
from wartrace.store.analyses import global_id
from wartrace.store.db import Store
from wartrace.store.models import ClaimRow, IncidentMemberRow
from wartrace.workflow import analyse_pending, link_pending

SEED = Path("samples/cnn-2022-04-22-popasna-intercept.txt")
MAX_DEPTH = 5  # nesting shown in full in the JSON Lines example
MARKER = re.compile(r"(<!-- example:(?P<name>[a-z-]+) -->\n)(.*?)(<!-- /example -->)", re.S)


def _fence(lang: str, text: str) -> str:
    return f"```{lang}\n{text.rstrip()}\n```\n"


def _pick_incident(store) -> str:
    """The incident of the event carried by the claim with the most caveats (the seed's central claim)."""
    from sqlalchemy import select


    with store.session() as s:
        central = max(s.scalars(select(ClaimRow)), key=lambda c: (len(c.data.get("caveats") or []), c.id))
        events = [global_id(central.document_id, e) for e in central.data.get("events") or []]
        by_event = s.scalars(select(IncidentMemberRow.incident_id).where(IncidentMemberRow.event_id.in_(events))).first()
        return by_event or s.scalars(select(IncidentMemberRow.incident_id).where(
            IncidentMemberRow.document_id == central.document_id)).first()


def _shorten(obj, depth: int = 0):
    """For reading: lists cut to their first item, long strings to 100 characters (marked …)."""
    if depth >= MAX_DEPTH and isinstance(obj, (dict, list)) and len(obj) > 2:
        return "{…}" if isinstance(obj, dict) else "[…]"
    if isinstance(obj, dict):
        return {k: ("…" if k == "raw_base64" and v else _shorten(v, depth + 1)) for k, v in obj.items()}
    if isinstance(obj, list):
        head = [_shorten(x, depth + 1) for x in obj[:1]]
        return head + ([f"… {len(obj) - 1} more"] if len(obj) > 1 else [])
    if isinstance(obj, str) and len(obj) > 100:
        return obj[:100] + "…"
    return obj


def build(doc_path: Path) -> dict[str, str]:

    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="wartrace-examples-") as tmp:
        store = Store(f"sqlite:///{tmp}/wartrace.db")
        capture_paths(store, [str(SEED)])
        resources = Resources()
        analyse_pending(store, resources)
        link_pending(store, resources)
        inc = _pick_incident(store)
        with store.session() as s:
            bundle = load_bundles(s, Filters(incident=inc))[0]
            rows = acled_rows([incident_record(bundle)]).rows
            fc = feature_collection([incident_record(bundle)])
            buf = io.StringIO()
            export_jsonl(s, store, [bundle], buf)
        table = io.StringIO()
        write_acled(rows, table)
        row = rows[0]
        cells = "\n".join(f"| `{k}` | {str(v).replace('|', chr(92) + '|') if v not in ('', None) else '(empty)'} |"
                          for k, v in row.items())
        out["acled"] = _fence("csv", table.getvalue()) + "\n| Column | Value |\n|---|---|\n" + cells + "\n"
        out["geojson"] = _fence("json", json.dumps(fc, ensure_ascii=False, indent=1))
        line = _shorten(json.loads(buf.getvalue()))
        out["jsonl"] = _fence("json", json.dumps(line, ensure_ascii=False, indent=1))
        pdf = Path(tmp) / "dossier.pdf"
        issued = write_dossier(store, inc, pdf)
        text = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        out["dossier"] = _fence("", "\n".join(x.rstrip() for x in text.splitlines() if x.strip()))
        edited = Path(tmp) / "edited" / pdf.name
        edited.parent.mkdir()
        data = bytearray(pdf.read_bytes())
        data[len(data) // 2] ^= 0x01
        edited.write_bytes(bytes(data))
        ok, good = verify_dossier(store, pdf)
        bad_ok, bad = verify_dossier(store, edited)
        assert ok and not bad_ok and issued.sha256 in good
        out["verify"] = _fence("", f"$ wartrace export --format dossier --incident {inc} -o dossier.pdf\n"
                                   f"dossier.pdf  sha256 {issued.sha256}  (custody entry {issued.custody_seq})\n"
                                   f"$ wartrace verify --dossier dossier.pdf            # exit 0\n{good}\n"
                                   f"$ wartrace verify --dossier edited/dossier.pdf     # one byte flipped: exit 1\n{bad}")
        store.close()
    return out


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    doc = Path(argv[0] if argv else "docs/EXPORTS.md")
    parts = build(doc)
    text = doc.read_text(encoding="utf-8")

    def fill(m: re.Match) -> str:
        name = m.group("name")
        return m.group(1) + parts[name] + m.group(4) if name in parts else m.group(0)

    doc.write_text(MARKER.sub(fill, text), encoding="utf-8")
    print(f"{doc}: examples {', '.join(sorted(parts))} regenerated")


if __name__ == "__main__":
    main()
