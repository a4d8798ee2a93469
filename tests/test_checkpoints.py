"""Checkpoints with RFC 3161 timestamps from a local TSA, and the command line around them.

The TSA is Debian's `openssl ts -reply` behind a tiny HTTP server on loopback, with a
throwaway CA made for the test; the token wartrace keeps is checked with `openssl ts -verify`
against that CA, as a court's expert would check it.
"""
from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from test_export import run_cli
from wartrace.evidence import checkpoint as cps
from wartrace.evidence.keys import init_keys, load_private
from wartrace.evidence.tsa import TimestampProblem, gen_time

REPO_SEED = Path(__file__).resolve().parents[1] / "samples" / "cnn-2022-04-22-popasna-intercept.txt"


TSA_CONFIG = """
[ tsa ]
default_tsa = local_tsa
[ local_tsa ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _openssl(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=60)


@pytest.fixture(scope="module")
def local_tsa(tmp_path_factory):
    """A throwaway CA, a TSA certificate it signed (timeStamping only), and `openssl ts -reply` on loopback."""
    if shutil.which("openssl") is None:
        pytest.skip("needs openssl (scripts/system-deps.sh)")
    d = tmp_path_factory.mktemp("tsa")
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
    _openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=wartrace test CA",
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)
    _openssl("req", *ec, "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=wartrace test TSA", cwd=d)
    (d / "ext.cnf").write_text("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                               "extendedKeyUsage=critical,timeStamping\n")
    _openssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "tsa.pem", "-days", "2", "-extfile", "ext.cnf", cwd=d)
    (d / "serial").write_text("01\n")
    (d / "tsa.cnf").write_text(TSA_CONFIG.format(dir=d))
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server API
            query = self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                (d / "req.tsq").write_bytes(query)
                done = subprocess.run(["openssl", "ts", "-reply", "-config", "tsa.cnf", "-queryfile", "req.tsq",
                                       "-out", "resp.tsr"], cwd=d, capture_output=True, timeout=60)
                body = (d / "resp.tsr").read_bytes() if done.returncode == 0 else b""
            self.send_response(200 if body else 500)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{server.server_address[1]}/tsr", "dir": d}
    server.shutdown()


@pytest.fixture
def signer(tmp_path):
    key_path, _ = init_keys(tmp_path / "keys")
    return key_path


def _capture_one(store, tmp_path):
    from wartrace.capture.service import capture_paths

    doc = tmp_path / "a.txt"
    doc.write_text("Shelling hit Kharkiv on Monday, the mayor said.")
    assert not capture_paths(store, [str(doc)]).failed


def test_timestamp_token_verifies_with_openssl(store, tmp_path, local_tsa, signer):
    _capture_one(store, tmp_path)
    cp = cps.make(store, load_private(signer), tsa_url=local_tsa["url"])
    assert cps.problems(cp) == []
    token = tmp_path / "resp.tsr"
    token.write_bytes(base64.b64decode(cp["timestamp_token"]))
    digest = hashlib.sha256(cps.signed_bytes(cp)).hexdigest()
    ok = subprocess.run(["openssl", "ts", "-verify", "-digest", digest, "-in", str(token),
                         "-CAfile", str(local_tsa["dir"] / "ca.pem")], capture_output=True, text=True)
    assert ok.returncode == 0 and "Verification: OK" in ok.stdout, ok.stdout + ok.stderr
    other = hashlib.sha256(cps.signed_bytes(dict(cp, seq=cp["seq"] + 1))).hexdigest()
    bad = subprocess.run(["openssl", "ts", "-verify", "-digest", other, "-in", str(token),
                          "-CAfile", str(local_tsa["dir"] / "ca.pem")], capture_output=True, text=True)
    assert bad.returncode != 0
    assert gen_time(cp["timestamp_token"])[:4].isdigit()


def test_timestamp_of_other_bytes_is_reported(store, tmp_path, local_tsa, signer):
    _capture_one(store, tmp_path)
    cp = cps.make(store, load_private(signer), tsa_url=local_tsa["url"])
    older = cps.make(store, load_private(signer), tsa_url=local_tsa["url"])
    mixed = dict(cp, timestamp_token=older["timestamp_token"])  # a token lifted from another checkpoint
    assert any("timestamp is about other bytes" in p for p in cps.problems(mixed))


def test_unreachable_tsa_is_one_clear_error(store, tmp_path, signer):
    with pytest.raises(TimestampProblem, match="no answer"):
        cps.make(store, load_private(signer), tsa_url="http://127.0.0.1:9/tsr")


def test_cli_key_checkpoint_verify(store, tmp_path, local_tsa):
    keys = tmp_path / "k"
    assert run_cli(store, "key", "init", "--out", str(keys)).exit_code == 0
    assert run_cli(store, "key", "init", "--out", str(keys)).exit_code == 1  # never overwrites a key
    _capture_one(store, tmp_path)
    cp_file = tmp_path / "cp.json"
    made = run_cli(store, "checkpoint", "--key", str(keys / "wartrace.key"), "-o", str(cp_file), "--tsa", local_tsa["url"])
    assert made.exit_code == 0, made.output
    cp = json.loads(cp_file.read_text())
    assert cp["schema"] == "wartrace.checkpoint/1" and "timestamp_token" in cp and cp["seq"] >= 1
    ok = run_cli(store, "verify", "--json", "--checkpoint", str(cp_file), "--public-key", str(keys / "wartrace.pub"))
    assert ok.exit_code == 0, ok.output
    report = json.loads(ok.stdout)
    assert report["head"]["seq"] == cp["seq"] and report["head"]["entry_sha"] == cp["head"]
    assert report["counts"]["documents"] == 1 and report["anchored_through"] == cp["seq"]
    cp["counts"]["documents"] = 0  # an edited checkpoint
    cp_file.write_text(json.dumps(cp))
    bad = run_cli(store, "verify", "--checkpoint", str(cp_file), "--no-stored-checkpoints")
    assert bad.exit_code == 1 and "signature does not verify" in bad.stderr


def test_cli_says_when_only_internal_consistency_was_checked(store, tmp_path):
    _capture_one(store, tmp_path)
    res = run_cli(store, "verify")
    assert res.exit_code == 0
    assert "only the chain's internal consistency was checked" in res.stdout


def test_capture_signs_a_checkpoint_when_a_key_is_configured(store, tmp_path, signer, monkeypatch):
    from sqlalchemy import func, select

    from wartrace.store.models import CheckpointRow

    doc = tmp_path / "b.txt"
    doc.write_text("A drone struck Odesa port overnight.")
    monkeypatch.setenv("WARTRACE_KEY", str(signer))
    assert run_cli(store, "capture", str(doc)).exit_code == 0
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(CheckpointRow)) == 1
        row = s.scalars(select(CheckpointRow)).one()
    assert cps.problems(cps.from_row(row), (signer.parent / "wartrace.pub").read_text().strip()) == []


def test_workbench_review_signs_a_checkpoint(store, tmp_path, signer, monkeypatch):
    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from test_export import build_seed_store
    from wartrace.store.models import CheckpointRow, CustodyRow
    from wartrace.store.users import add_user
    from wartrace.web import WebSettings, create_app

    ids = build_seed_store(store, tmp_path, REPO_SEED)
    with store.session() as s:
        add_user(s, "ana", "analyst", "correct horse battery")
        s.commit()
    monkeypatch.setenv("WARTRACE_KEY", str(signer))
    c = TestClient(create_app(store, WebSettings(secret_key="k", secure_cookies=False)), follow_redirects=False)
    token = c.get("/api/session").json()["csrf_token"]
    assert c.post("/login", data={"name": "ana", "password": "correct horse battery", "csrf_token": token}).status_code == 303
    token = c.get("/api/session").json()["csrf_token"]
    r = c.post(f"/api/incidents/{ids['incident']}/notes", json={"note": "Ask for the original audio."},
               headers={"x-csrf-token": token})
    assert r.status_code == 200, r.text
    with store.session() as s:
        head = s.scalars(select(CustodyRow).order_by(CustodyRow.seq.desc())).first()
        cp = s.scalars(select(CheckpointRow).order_by(CheckpointRow.id.desc())).first()
    assert cp is not None and (cp.seq, cp.head) == (head.seq, head.entry_sha)  # the note is anchored at once
