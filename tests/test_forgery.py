"""Forged imports and forged dossiers (issue 20): the hand-made JSON Lines file with a fake
dossier entry, a fake "verified by chief-prosecutor" review and changed text, and dossiers
edited, re-signed by another key, or claiming entries their checkpoint does not cover."""
from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys

import pytest
from sqlalchemy import select

from test_export import REPO, build_seed_store, run_cli
from wartrace.evidence.keys import init_keys, load_private, parse_public
from wartrace.export import dossier_seal
from wartrace.export.dossier import verify_dossier, verify_dossier_alone, write_dossier
from wartrace.export.jsonl import ImportProblem, import_jsonl
from wartrace.store.custody import canonical
from wartrace.store.db import Store
from wartrace.store.models import CustodyRow, DocumentRow, IncidentRow, ReviewRow
from wartrace.store.verify import verify_store

SEED = REPO / "samples" / "cnn-2022-04-22-popasna-intercept.txt"
FAKE_PDF = b"%PDF-1.7 dossier of inc-popasna-pow: verified, issued by judge-approved"
FAKE_PDF_SHA = hashlib.sha256(FAKE_PDF).hexdigest()  # the forged custody entry names exactly this file
FAKE_REVIEW = {"object_type": "incident", "object_id": "inc-popasna-pow", "action": "status", "field": "status",
               "old_value": "disputed", "new_value": "verified", "actor": "chief-prosecutor",
               "reason": "verified by chief-prosecutor", "at": "2026-12-01T09:00:00.000000Z", "provenance": None}


@pytest.fixture
def signed(store, tmp_path, monkeypatch):
    """The seed store on this backend, its key, and a signed JSON Lines export of it."""
    ids = build_seed_store(store, tmp_path, SEED)
    key, pub = init_keys(tmp_path / "keys")
    monkeypatch.setenv("WARTRACE_KEY", str(key))
    path = tmp_path / "export.jsonl"
    res = run_cli(store, "export", "--format", "jsonl", "-o", str(path))
    assert res.exit_code == 0 and "signed checkpoint" in res.stderr
    monkeypatch.delenv("WARTRACE_KEY")
    return {**ids, "key": key, "pub": parse_public(pub), "path": path, "root": tmp_path}


def _lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _write(path, recs):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return path


def _forge(recs, incident="inc-popasna-pow", text_of=None):
    """The issue's forgery: a fake dossier entry and a fake review; optionally changed document text."""
    for rec in recs:
        if rec.get("schema") != "wartrace.incidents/1":
            continue
        for d in rec["documents"]:
            if d["id"] == text_of:  # in every line the document appears in
                d["text"] = d["text"].replace("Popasna", "Bakhmut")
        if rec["incident"]["id"] != incident:
            continue
        rec["reviews"].append(dict(FAKE_REVIEW))
        rec["custody"].append({"seq": 9999, "at": "2026-12-01T09:05:00.000000Z", "actor": "judge-approved",
                               "action": "dossier", "object_id": incident, "object_sha": FAKE_PDF_SHA,
                               "prev_sha": "cd" * 32, "entry_sha": "ef" * 32,
                               "detail": {"file": "forged.pdf", "format": "pdf"}})
    return recs


def _other(tmp_path, name="other"):
    return Store(f"sqlite:///{tmp_path}/{name}/wartrace.db")


def test_forged_records_in_a_signed_export_are_refused(signed, tmp_path):
    forged = _write(tmp_path / "forged.jsonl", _forge(_lines(signed["path"])))
    other = _other(tmp_path)
    with pytest.raises(ImportProblem, match="not in the exporter's signed custody chain"):
        import_jsonl(other, forged, trusted_keys=[signed["pub"]])
    with other.session() as s:
        assert s.scalars(select(IncidentRow)).first() is None  # all or nothing
    other.close()


def test_changed_text_is_refused_signed_or_not(signed, tmp_path):
    recs = [r for r in _lines(signed["path"]) if r.get("schema") == "wartrace.incidents/1"]  # seal stripped
    forged = _write(tmp_path / "forged.jsonl", _forge(recs, text_of=signed["seed"]))
    other = _other(tmp_path)
    with pytest.raises(ImportProblem, match=f"text of document {signed['seed']} does not re-derive"):
        import_jsonl(other, forged)
    other.close()


def test_unsigned_forgery_is_imported_marked_unverified_everywhere(signed, tmp_path, store):
    """Seal stripped (or re-signed by the forger's own key): imported, but never as evidence."""
    forger_key, _ = init_keys(tmp_path / "forger")
    recs = _forge(_lines(signed["path"]))
    stripped = _write(tmp_path / "stripped.jsonl", [r for r in recs if r.get("schema") == "wartrace.incidents/1"])
    resigned = tmp_path / "resigned.jsonl"  # a valid signature, by a key nobody trusts
    _write(resigned, [r for r in recs if r.get("schema") == "wartrace.incidents/1"])
    from wartrace.evidence import checkpoint as cps

    cp = cps.make(store, load_private(forger_key))
    with open(resigned, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"schema": "wartrace.export-seal/1", "checkpoint": cp}) + "\n")
    for n, path in enumerate((stripped, resigned)):
        other = _other(tmp_path, f"o{n}")
        res = import_jsonl(other, path, trusted_keys=[signed["pub"]])
        assert not res.verified and res.incidents == 2 and res.unverified_reasons
        with other.session() as s:
            docs = list(s.scalars(select(DocumentRow)))
            assert docs and all(d.provenance == "unverified import" for d in docs)
            assert all(i.provenance == "unverified import" for i in s.scalars(select(IncidentRow)))
            fake = s.scalars(select(ReviewRow).where(ReviewRow.actor == "chief-prosecutor")).one()
            assert fake.provenance == "unverified import"
            imports = list(s.scalars(select(CustodyRow).where(CustodyRow.action == "import")))
            assert imports and all(e.detail["verified"] is False and e.detail["status"] == "unverified import"
                                   for e in imports)
        assert verify_store(other).ok  # the store holds exactly what it says it received
        # the fake dossier entry vouches for nothing, although it names the forged file's hash
        fake_pdf = tmp_path / "forged.pdf"
        fake_pdf.write_bytes(FAKE_PDF)
        ok, message = verify_dossier(other, fake_pdf)
        assert not ok and "judge-approved" not in message
        # and every later export says so
        again = tmp_path / f"again{n}.jsonl"
        assert run_cli(other, "export", "--format", "jsonl", "-o", str(again)).exit_code == 0
        line = next(r for r in _lines(again) if r.get("schema") == "wartrace.incidents/1")
        assert line["incident"]["provenance"] == "unverified import"
        assert all(d["provenance"] == "unverified import" for d in line["documents"])
        cli = run_cli(other, "import", str(path))
        assert "unverified import" in cli.stderr
        other.close()


def test_import_cli_verifies_with_trust(signed, tmp_path):
    other = _other(tmp_path)
    res = run_cli(other, "import", str(signed["path"]), "--trust", str(signed["key"].parent / "wartrace.pub"))
    assert res.exit_code == 0 and "verified" in res.stdout, res.output
    with other.session() as s:
        assert all(d.provenance is None for d in s.scalars(select(DocumentRow)))
    other.close()


# --- dossiers ------------------------------------------------------------------------------

@pytest.fixture
def sealed(signed, store):
    path = signed["root"] / "dossier.html"
    write_dossier(store, signed["incident"], path, key=load_private(signed["key"]))
    return path


def test_sealed_dossier_verifies_alone(signed, sealed, tmp_path):
    ok, message = verify_dossier_alone(sealed, signed["pub"])
    assert ok, message
    assert signed["incident"] in message
    # from the command line with no database at all: the store is never opened
    db = tmp_path / "nowhere" / "w.db"
    proc = subprocess.run([sys.executable, "-m", "wartrace", "--db", f"sqlite:///{db}", "verify", "--dossier",
                           str(sealed), "--public-key", str(signed["key"].parent / "wartrace.pub")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0 and "OK" in proc.stdout, proc.stderr
    assert not db.parent.exists()


def test_edited_dossier_fails(signed, sealed, tmp_path):
    data = sealed.read_bytes()
    edited = tmp_path / "edited.html"
    edited.write_bytes(data.replace(b"disputed", b"verified", 1))
    assert data != edited.read_bytes()
    ok, message = verify_dossier_alone(edited, signed["pub"])
    assert not ok and "edited after it was issued" in message


def test_dossier_signed_by_another_key_fails(signed, sealed, tmp_path, store):
    forger, _ = init_keys(tmp_path / "forger")
    body, _ = dossier_seal.split(sealed.read_bytes())
    with store.session() as s:
        resealed = dossier_seal.seal(store, s, body, "html", signed["incident"], [], load_private(forger))
    path = tmp_path / "forged.html"
    path.write_bytes(resealed)
    ok, message = verify_dossier_alone(path, signed["pub"])
    assert not ok and "signed by another key" in message
    proc = run_cli(store, "verify", "--dossier", str(path), "--public-key", signed["pub"])
    assert proc.exit_code == 1 and "FAILED" in proc.stderr


def test_dossier_whose_checkpoint_does_not_cover_its_entries_fails(signed, sealed, tmp_path):
    """Re-signed with the right key (as a careless or cornered issuer could), but listing an entry
    that is not on the chain its checkpoint signs."""
    from wartrace.evidence.keys import sign

    body, found = dossier_seal.split(sealed.read_bytes())
    found["entries"].append({"seq": found["checkpoint"]["seq"] + 5, "entry_sha": "ab" * 32})
    found.pop("signature")
    found["signature"] = sign(load_private(signed["key"]), canonical(found))
    path = tmp_path / "uncovered.html"
    path.write_bytes(body + b"\n<!-- " + dossier_seal.MARK + base64.b64encode(canonical(found)) + b" -->\n")
    ok, message = verify_dossier_alone(path, signed["pub"])
    assert not ok and "does not cover its entries" in message


def test_unsealed_dossier_fails_alone(signed, store, tmp_path):
    path = tmp_path / "plain.html"
    write_dossier(store, signed["incident"], path)  # no key: only the store can vouch for it
    ok, message = verify_dossier_alone(path, signed["pub"])
    assert not ok and "no wartrace seal" in message
    assert verify_dossier(store, path)[0]


def test_sealed_pdf_still_reads_and_verifies(signed, store, tmp_path):
    import shutil

    path = tmp_path / "dossier.pdf"
    write_dossier(store, signed["incident"], path, key=load_private(signed["key"]))
    assert verify_dossier_alone(path, signed["pub"])[0]
    assert verify_dossier(store, path)[0]  # the custody entry records the sealed file's hash
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "Popasna" in text


def test_workbench_shows_unverified_import(signed, tmp_path):
    from wartrace.web.views import document_detail, incident_detail

    recs = [r for r in _forge(_lines(signed["path"])) if r.get("schema") == "wartrace.incidents/1"]
    other = _other(tmp_path)
    import_jsonl(other, _write(tmp_path / "stripped.jsonl", recs))
    with other.session() as s:
        d = incident_detail(s, "inc-popasna-pow", with_html=False)
        assert d["incident"]["provenance"] == "unverified import"
        fake = next(h for h in d["history"] if h["actor"] == "chief-prosecutor")
        assert fake["provenance"] == "unverified import"
        assert document_detail(s, signed["seed"], with_html=False)["document"]["provenance"] == "unverified import"
    other.close()
