"""`verify` against an adversary with write access to the database (issue 20).

Every tampering runs on SQLite and PostgreSQL through a bare connection (tamper_tools), as
sqlite3 or psql would: `verify` must fail and name the object. The three full rewrites re-chain
the log so it is internally consistent again: the control shows the store's own check passes
them, and the checkpoint kept outside the store catches them.
"""
from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, insert, select, text, update

from tamper_tools import entries, raw_access, rechain
from test_export import REPO, build_seed_store
from wartrace.capture.service import capture_paths
from wartrace.evidence import checkpoint as cps
from wartrace.evidence.keys import init_keys, load_private, parse_public
from wartrace.evidence.verify import NO_CHECKPOINT, verify_all
from wartrace.store.custody import document_sha
from wartrace.store.models import (
    AnalysisRow,
    ClaimRow,
    CustodyRow,
    DependenceRow,
    DocumentRow,
    EventRow,
    IncidentMemberRow,
    IncidentRow,
    LinkConstraintRow,
    ReviewRow,
    UserRow,
)
from wartrace.store.users import add_user
from wartrace.store.verify import check_chain, verify_store

SEED = REPO / "samples" / "cnn-2022-04-22-popasna-intercept.txt"


@pytest.fixture
def ev(store, tmp_path):
    """The seed store (documents, analyses, claims, events, incidents, members, a dependence, a review
    and a note), an extra document nothing derives from, a link constraint, a viewer account,
    then a signed checkpoint written to a file outside the store."""
    ids = build_seed_store(store, tmp_path, SEED)
    extra = tmp_path / "extra.txt"
    extra.write_text("Air raid sirens sounded over Dnipro overnight, the regional governor said.")
    ids["extra"] = capture_paths(store, [str(extra)]).captured[0]["id"]
    with store.session() as s:
        s.add(LinkConstraintRow(kind="cannot_link", a=ids["seed"], b=ids["wire"], actor="analyst-ana",
                                reason="different days", created_at="2026-12-01T10:00:00Z", active=True))
        s.commit()
    with store.session() as s:
        add_user(s, "vic", "viewer", "correct horse battery", actor="admin")
        s.commit()
    key_path, pub_path = init_keys(tmp_path / "keys")
    cp = cps.make(store, load_private(key_path))
    cp_file = cps.write(cp, tmp_path / "offsite" / "checkpoint.json")
    ids.update(cp=cp, cp_file=cp_file, pub=parse_public(pub_path), key=key_path)
    return ids


def full_verify(store, ev):
    return verify_all(store, [ev["cp_file"]], trusted_key=ev["pub"])


def test_clean_store_verifies_every_table(store, ev):
    rep = full_verify(store, ev)
    assert rep.ok, rep.problems
    assert rep.notes == []
    for table in ("documents", "analyses", "claims", "events", "incidents", "incident_members", "dependencies",
                  "link_constraints", "reviews", "users"):
        assert rep.counts[table] > 0, table
    assert rep.head == {"seq": ev["cp"]["seq"], "entry_sha": ev["cp"]["head"]}
    assert rep.anchored == ev["cp"]["seq"]


def _one(conn, model, *where):
    return conn.execute(select(model).where(*where).limit(1)).first()


def _claim_edit(conn, ids):
    row = _one(conn, ClaimRow, ClaimRow.document_id == ids["seed"])
    conn.execute(update(ClaimRow).where(ClaimRow.id == row.id).values(claimant="Russia's Defence Ministry"))
    return [f"claims {ids['seed']}", row.id, "edited"]


def _event_edit(conn, ids):
    row = _one(conn, EventRow, EventRow.document_id == ids["wire"])
    conn.execute(update(EventRow).where(EventRow.id == row.id).values(fatalities=40))
    return [f"events {ids['wire']}", row.id, "edited"]


def _incident_edit(conn, ids):
    conn.execute(update(IncidentRow).where(IncidentRow.id == ids["incident"]).values(status="verified"))
    return [f"incidents {ids['incident']}", "edited"]


def _member_delete(conn, ids):
    conn.execute(delete(IncidentMemberRow).where(IncidentMemberRow.document_id == ids["wire"]))
    return [f"incident_members {ids['incident']}", ids["wire"], "deleted"]


def _dependency_edit(conn, ids):
    conn.execute(update(DependenceRow).values(score=0.1))
    return [f"dependencies {ids['wire']}", "edited"]


def _constraint_edit(conn, ids):
    conn.execute(update(LinkConstraintRow).values(active=False))
    return ["link_constraints", "edited"]


def _review_edit(conn, ids):
    row = _one(conn, ReviewRow, ReviewRow.action == "status")
    conn.execute(update(ReviewRow).where(ReviewRow.id == row.id).values(new_value="verified", actor="chief-prosecutor"))
    return [f"reviews {row.id}", "edited"]


def _review_delete(conn, ids):
    row = _one(conn, ReviewRow, ReviewRow.action == "note")
    conn.execute(delete(ReviewRow).where(ReviewRow.id == row.id))
    return [f"reviews {row.id} was deleted"]


def _review_insert(conn, ids):
    conn.execute(insert(ReviewRow).values(object_type="incident", object_id=ids["incident"], action="status",
                                          field="status", old_value="disputed", new_value="verified",
                                          actor="chief-prosecutor", reason="verified", at="2026-12-02T00:00:00Z"))
    return ["reviews", "inserted by hand"]


def _user_raise(conn, ids):
    conn.execute(update(UserRow).where(UserRow.name == "vic").values(role="admin"))
    return ["users vic", "edited"]


def _analysis_delete(conn, ids):
    conn.execute(delete(AnalysisRow).where(AnalysisRow.document_id == ids["wire"]))
    return [f"analysis of {ids['wire']} was deleted"]


def _document_delete(conn, ids):
    conn.execute(delete(DocumentRow).where(DocumentRow.id == ids["extra"]))
    return [f"document {ids['extra']} was deleted"]


def _newest_entry_delete(conn, ids):
    newest = entries(conn)[-1]
    conn.execute(delete(CustodyRow).where(CustodyRow.seq == newest["seq"]))
    assert newest["object_id"] == "users:vic"  # the account's seal: the last write before the checkpoint
    return ["users vic", "no custody entry"]


TAMPERINGS = [_newest_entry_delete, _analysis_delete, _document_delete, _claim_edit, _event_edit, _incident_edit,
              _member_delete, _dependency_edit, _constraint_edit, _review_edit, _review_delete, _review_insert,
              _user_raise]


@pytest.mark.parametrize("tamper", TAMPERINGS, ids=lambda f: f.__name__.strip("_"))
def test_tampering_is_caught_and_named(store, ev, tamper):
    assert verify_store(store).ok
    with raw_access(store) as conn:
        names = tamper(conn, ev)
    rep = full_verify(store, ev)
    assert not rep.ok
    assert any(all(n in p for n in names) for p in rep.problems), (names, rep.problems)


def _rewrite_text(conn, ids, store):
    """Edit a document's text, record the new row hash in its entry, re-chain."""
    new_text = "Troops never entered Popasna."
    conn.execute(update(DocumentRow).where(DocumentRow.id == ids["extra"]).values(text=new_text))
    row = DocumentRow(**dict(conn.execute(select(DocumentRow).where(DocumentRow.id == ids["extra"])).one()._mapping))

    def keep(e):
        if e["object_id"] == ids["extra"] and e["action"] == "capture":
            e["object_sha"] = document_sha(row)
        return True
    rechain(conn, keep)


def _rewrite_erase_document(conn, ids, store):
    conn.execute(delete(DocumentRow).where(DocumentRow.id == ids["extra"]))
    rechain(conn, lambda e: e["object_id"] != ids["extra"])


def _rewrite_erase_reviews(conn, ids, store):
    conn.execute(delete(ReviewRow))
    rechain(conn, lambda e: not e["action"].startswith("review_") and not e["object_id"].startswith("reviews:"))


@pytest.mark.parametrize("rewrite", [_rewrite_text, _rewrite_erase_document, _rewrite_erase_reviews],
                         ids=lambda f: f.__name__.strip("_"))
def test_rewrite_passes_the_chain_check_but_not_the_checkpoint(store, ev, rewrite):
    with raw_access(store) as conn:
        rewrite(conn, ev, store)
    # the control: the rewritten log is internally consistent, and every row matches it
    assert check_chain(store) == []
    assert verify_store(store).ok
    alone = verify_all(store, [], trusted_key=ev["pub"], rederive_text=False)
    assert alone.ok and NO_CHECKPOINT in alone.notes
    # the checkpoint kept outside the store does not let it pass
    rep = full_verify(store, ev)
    assert not rep.ok
    assert any(f"entry {ev['cp']['seq']}" in p and ("checkpointed" in p or "gone" in p) for p in rep.problems), rep.problems


def test_edited_text_fails_rederivation_even_without_checkpoint(store, ev):
    with raw_access(store) as conn:
        _rewrite_text(conn, ev, store)
    rep = verify_all(store, [], use_table=False)
    assert any(ev["extra"] in p and "re-derive" in p for p in rep.problems), rep.problems


def test_truncated_log_is_caught(store, ev):
    with raw_access(store) as conn:
        last = entries(conn)[-1]["seq"]
        conn.execute(delete(CustodyRow).where(CustodyRow.seq > last - 3))
    rep = full_verify(store, ev)
    assert any(f"entry {last}, which a checkpoint signed, is gone" in p for p in rep.problems), rep.problems


def test_checkpoint_from_another_key_or_edited_fails(store, ev, tmp_path):
    other_key, _ = init_keys(tmp_path / "other")
    cp = cps.make(store, load_private(other_key))
    rep = verify_all(store, [cps.write(cp, tmp_path / "other.json")], trusted_key=ev["pub"], use_table=False)
    assert any("signed by another key" in p for p in rep.problems)
    forged = dict(ev["cp"], seq=1)
    rep = verify_all(store, [cps.write(forged, tmp_path / "forged.json")], trusted_key=ev["pub"], use_table=False)
    assert any("signature does not verify" in p for p in rep.problems)


def test_later_entries_are_reported_not_yet_anchored(store, ev):
    with store.session() as s:
        add_user(s, "wanda", "analyst", "another long password", actor="admin")
        s.commit()
    rep = full_verify(store, ev)
    assert rep.ok, rep.problems
    assert any("not yet anchored" in n for n in rep.notes)


def test_checkpoint_verifies_with_plain_cryptography(ev):
    """A reader with nothing but `cryptography` checks a checkpoint file."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    cp = json.loads(ev["cp_file"].read_text())
    body = {k: v for k, v in cp.items() if k not in ("signature", "timestamp_token")}
    message = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(cp["public_key"]))
    public.verify(bytes.fromhex(cp["signature"]), message)  # raises InvalidSignature on any change
    assert cp["public_key"] == ev["pub"] and len(bytes.fromhex(cp["signature"])) == 64
    with pytest.raises(InvalidSignature):
        public.verify(bytes.fromhex(cp["signature"]), message.replace(b'"seq":', b'"seq":1'))


def test_key_files(ev):
    key = ev["key"]
    assert key.stat().st_mode & 0o777 == 0o600
    assert key.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert len(bytes.fromhex((key.parent / "wartrace.pub").read_text().strip())) == 32


@pytest.mark.postgres
def test_postgresql_custody_and_checkpoints_are_append_only(store, ev):
    if store.is_sqlite:
        pytest.skip("PostgreSQL only: SQLite has no roles")
    from sqlalchemy.exc import DBAPIError

    for stmt in ("UPDATE custody SET actor = 'x' WHERE seq = 1", "DELETE FROM custody WHERE seq = 1",
                 "DELETE FROM checkpoints", "TRUNCATE custody"):
        with pytest.raises(DBAPIError, match="append-only"):
            with store.engine.begin() as conn:
                conn.execute(text(stmt))
    assert verify_store(store).ok


def test_seal_existing_adopts_only_unsealed_groups(store, ev):
    from test_export import run_cli

    with raw_access(store) as conn:  # as an older wartrace left them: rows, no seals
        conn.execute(delete(CustodyRow).where(CustodyRow.object_id.like("claims:%")))
        rechain(conn, lambda e: True)
        conn.execute(update(UserRow).where(UserRow.name == "vic").values(role="admin"))  # and one tampering
    before = verify_all(store, [], rederive_text=False)
    assert any("seal-existing" in n for n in before.notes)
    res = run_cli(store, "seal-existing", "--actor", "admin")
    assert res.exit_code == 0 and "2 claims" in res.stdout, res.output
    after = verify_store(store)
    assert [p for p in after.problems] and all("users vic" in p for p in after.problems)  # not blessed


def test_verify_command_exits_1_naming_the_object(store, ev):
    from test_export import run_cli

    ok = run_cli(store, "verify", "--checkpoint", str(ev["cp_file"]), "--public-key", ev["pub"])
    assert ok.exit_code == 0, ok.output
    with raw_access(store) as conn:
        _user_raise(conn, ev)
    bad = run_cli(store, "verify", "--checkpoint", str(ev["cp_file"]), "--public-key", ev["pub"])
    assert bad.exit_code == 1 and "FAILED: users vic differ from custody entry" in bad.stderr, bad.output
    report = json.loads(run_cli(store, "verify", "--json").stdout)
    assert report["ok"] is False and report["head"]["seq"] == ev["cp"]["seq"] and report["counts"]["users"] == 1


def test_a_null_column_does_not_enter_a_row_hash():
    """So a nullable column a later migration adds leaves every existing seal valid."""
    from wartrace.store import seals
    from wartrace.store.custody import sha256_obj

    spec = seals.SPECS["reviews"]
    row = ReviewRow(object_type="incident", object_id="inc-1", action="note", field=None, old_value=None,
                    new_value=None, actor="ana", reason="why", at="2026-12-01T00:00:00Z", provenance=None)
    before = {"object_type": "incident", "object_id": "inc-1", "action": "note", "actor": "ana", "reason": "why",
              "at": "2026-12-01T00:00:00Z"}
    assert seals.row_sha(spec, row) == sha256_obj(before)
    row.provenance = "unverified import"
    assert seals.row_sha(spec, row) != sha256_obj(before)
