"""Exports: ACLED CSV, GeoJSON, JSON Lines round trip, dossiers and their verification.

The seed store holds the seed article (captured as-is) and a wire report repeating its
claim, with analyses whose spans are located in the captured text, two incidents, a
reviewer's status change and note, and a source dependence, all written through the store.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import select

from wartrace.capture.service import capture_paths
from wartrace.model import Analysis, Caveat, Claim, Claimant, DateMention, Event, IHLIndicator, Place, Span
from wartrace.store import custody
from wartrace.store.analyses import global_id, save_analysis
from wartrace.store.db import Store
from wartrace.store.documents import get_document
from wartrace.store.models import ClaimRow, CustodyRow, DependenceRow, IncidentMemberRow, IncidentRow

REPO = Path(__file__).resolve().parents[1]
WARTRACE = [sys.executable, "-m", "wartrace"]

# ACLED's export columns, in order, written out here independently of data/acled/columns.yaml.
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]

WIRE = ("Ukraine's military intelligence agency said on Wednesday it had intercepted a call in which Russian "
        "soldiers discussed an order to kill Ukrainian prisoners of war near Popasna. Reuters could not "
        "independently verify the recording. Russia's Defence Ministry did not respond to a request for comment.")

GUR = "Main Directorate of Intelligence of the Ministry of Defence of Ukraine (GUR)"
RU_FORCES = "Military Forces of Russia (2000-)"


def span(text: str, phrase: str, after: str | None = None) -> Span:
    """The phrase where it occurs in the text (after another phrase when given)."""
    start = text.index(phrase, text.index(after) if after else 0)
    return Span(phrase, start, start + len(phrase))


def place(text: str, phrase: str, name: str, lat: float, lon: float, feature: str, admin1: str | None) -> Place:
    s = span(text, phrase)
    return Place(s.text, s.start, s.end, name=name, lat=lat, lon=lon, country="UA", feature=feature,
                 confidence=0.9, admin1=admin1)


def seed_analysis(doc) -> Analysis:
    t = doc.text
    popasna = place(t, "Popasna", "Popasna", 48.6336, 38.3794, "city", "Luhansk Oblast")
    luhansk = place(t, "Luhansk", "Luhansk Oblast", 48.5, 39.0, "admin1", "Luhansk Oblast")
    wednesday = span(t, "this Wednesday")
    quote = span(t, "The Main Intelligence Directorate of the Ministry of Defense of Ukraine received an audio intercept")
    quote_end = t.index("”", quote.start)
    content = Span(t[quote.start:quote_end], quote.start, quote_end)
    claimant = span(t, "Ukrainian military intelligence", after="tweeted")
    authenticity = span(t, "CNN cannot guarantee the authenticity of the recording")
    comment = span(t, "has reached out to the Russian Defense Ministry for comment")
    alleged = span(t, "alleged")
    c1 = Claim(id="c1", claimant=Claimant(claimant.text, claimant.start, claimant.end, actor=GUR,
                                          type="intelligence_service", side="UA"),
               cue=span(t, "tweeted"), content=[content], direct=True, channel="social_media_post",
               evidence=["audio_intercept"], hedges=[alleged],
               caveats=[Caveat("authenticity_unverified", authenticity.text, authenticity.start, authenticity.end, party="CNN"),
                        Caveat("comment_requested", comment.text, comment.start, comment.end,
                               party="Russian Ministry of Defence")],
               date={"value": "2022-04-20", "precision": "day"}, events=["e1"])
    haidai = span(t, "Serhii Haidai")
    bombed = span(t, "The entire territory of Luhansk is being bombed")
    c2 = Claim(id="c2", claimant=Claimant(haidai.text, haidai.start, haidai.end, actor="Serhii Haidai",
                                          type="official", side="UA"),
               cue=span(t, "went on to say"), content=[bombed], direct=True, channel="interview",
               date={"value": "2022-04-20", "precision": "day"}, events=["e2"])
    kill = span(t, "kill")
    e1 = Event(id="e1", event_type="Violence against civilians", sub_event_type="Attack", modality="ordered",
               trigger=kill, confidence=0.82, date={"value": "2022-04-20", "precision": "day"}, place=popasna,
               actor1=RU_FORCES, actor2="Prisoners of war (Ukraine)",
               ihl=[IHLIndicator("rome-8-2-a-i", "Wilful killing", kill.start, kill.end,
                                 elements_met=["the victims were prisoners of war, protected under the Geneva Conventions"],
                                 elements_open=["the killing was carried out", "the perpetrator's intent"],
                                 reference="Rome Statute art. 8(2)(a)(i)")],
               claims=["c1"])
    e2 = Event(id="e2", event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
               modality="happened", trigger=span(t, "bombed"), confidence=0.6,
               date={"value": "2022-04-18/2022-04-24", "precision": "week"}, place=luhansk, actor1=RU_FORCES,
               claims=["c2"])
    return Analysis(document=doc, places=[popasna, luhansk],
                    dates=[DateMention(wednesday.text, wednesday.start, wednesday.end, "2022-04-20", "day")],
                    claims=[c1, c2], events=[e1, e2])


def wire_analysis(doc) -> Analysis:
    t = doc.text
    who = span(t, "Ukraine's military intelligence agency")
    content = span(t, "it had intercepted a call in which Russian soldiers discussed an order to kill Ukrainian "
                      "prisoners of war near Popasna")
    verify = span(t, "Reuters could not independently verify the recording")
    silent = span(t, "Russia's Defence Ministry did not respond to a request for comment")
    popasna = place(t, "Popasna", "Popasna", 48.6336, 38.3794, "city", "Luhansk Oblast")
    c1 = Claim(id="c1", claimant=Claimant(who.text, who.start, who.end, actor=GUR, type="intelligence_service", side="UA"),
               cue=span(t, "said"), content=[content], channel="statement", evidence=["audio_intercept"],
               caveats=[Caveat("not_independently_verified", verify.text, verify.start, verify.end, party="Reuters"),
                        Caveat("no_response", silent.text, silent.start, silent.end, party="Russian Ministry of Defence")],
               date={"value": "2022-04-20", "precision": "day"}, events=["e1"])
    e1 = Event(id="e1", event_type="Violence against civilians", sub_event_type="Attack", modality="ordered",
               trigger=span(t, "kill"), confidence=0.74, date={"value": "2022-04-20", "precision": "day"},
               place=popasna, actor1=RU_FORCES, actor2="Prisoners of war (Ukraine)", claims=["c1"])
    return Analysis(document=doc, places=[popasna], claims=[c1], events=[e1])


def build_seed_store(store: Store, tmp_path: Path, seed_path: Path) -> dict:
    wire = tmp_path / "wire.jsonl"
    wire.write_text(json.dumps({"text": WIRE, "published": "2022-04-21", "source": "Reuters",
                                "title": "Ukraine says intercepted call shows order to kill POWs",
                                "url": "https://example.org/reuters-popasna"}) + "\n")
    result = capture_paths(store, [str(seed_path), str(wire)])
    assert not result.failed
    seed_id = next(d["id"] for d in result.captured if d["path"] == str(seed_path))
    wire_id = next(d["id"] for d in result.captured if d["kind"] == "corpus-row")
    with store.session() as s:
        seed, wire_doc = get_document(s, seed_id), get_document(s, wire_id)
        save_analysis(s, seed_analysis(seed), ["places", "dates", "hedges", "claims", "events"])
        save_analysis(s, wire_analysis(wire_doc), ["places", "dates", "hedges", "claims", "events"])
        now = custody.utcnow()
        origins = [{"key": "actor:GUR", "label": "GUR", "side": "Ukrainian authorities", "type": "intelligence_service",
                    "documents": [seed_id, wire_id], "claims": [], "stances": ["assertion"],
                    "evidence": ["audio_intercept"], "via": ["CNN", "Reuters"], "anonymous": False}]
        s.add(IncidentRow(id="inc-popasna-pow", event_type="Violence against civilians", sub_event_type="Attack",
                          title="Alleged order to kill Ukrainian prisoners of war, Popasna",
                          date_start="2022-04-20", date_end="2022-04-20", date_precision="day", lat=48.6336,
                          lon=38.3794, place="Popasna", place_feature="city", country="UA", admin1="Luhansk Oblast",
                          actors=f"{RU_FORCES} | Prisoners of war (Ukraine)", sides="Ukrainian authorities",
                          ihl="rome-8-2-a-i", independent_origins=1, suggested_status="single-source",
                          status="single-source", updated_at=now,
                          summary={"origins": origins, "sides": {"Ukrainian authorities": 1},
                                   "evidence": ["audio_intercept"], "caveats": [], "contradictions": [],
                                   "dependence": {"nodes": [], "edges": [{"source": wire_id, "target": "actor:GUR",
                                                                          "kind": "citation"}]}}))
        s.add(IncidentRow(id="inc-luhansk-shelling", event_type="Explosions/Remote violence",
                          sub_event_type="Shelling/artillery/missile attack", title="Shelling across Luhansk Oblast",
                          date_start="2022-04-18", date_end="2022-04-24", date_precision="week", lat=48.5, lon=39.0,
                          place="Luhansk Oblast", place_feature="admin1", country="UA", admin1="Luhansk Oblast",
                          actors=RU_FORCES, sides="Ukrainian authorities", independent_origins=1,
                          suggested_status="single-source", status="single-source", updated_at=now, summary={}))
        s.flush()
        for doc_id, ev in ((seed_id, "e1"), (wire_id, "e1")):
            s.add(IncidentMemberRow(incident_id="inc-popasna-pow", document_id=doc_id, event_id=global_id(doc_id, ev)))
        s.add(IncidentMemberRow(incident_id="inc-luhansk-shelling", document_id=seed_id, event_id=global_id(seed_id, "e2")))
        s.add(DependenceRow(source=wire_id, target="actor:GUR", kind="citation", score=1.0,
                            evidence={"claim": "c1", "claimant": "Ukraine's military intelligence agency"}))
        s.commit()
    from wartrace.store.review import add_note, set_status

    with store.session() as s:
        set_status(s, "inc-popasna-pow", "disputed", actor="analyst-ana",
                   reason="Russia has not responded; intercept authenticity unverified")
        add_note(s, "inc-popasna-pow", "Ask the GUR for the original audio file.", actor="analyst-ana")
        s.commit()
    return {"seed": seed_id, "wire": wire_id, "incident": "inc-popasna-pow", "area_incident": "inc-luhansk-shelling"}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    from wartrace.store.db import Store

    root = tmp_path_factory.mktemp("export")
    store = Store(f"sqlite:///{root}/wartrace.db")
    ids = build_seed_store(store, root, REPO / "samples" / "cnn-2022-04-22-popasna-intercept.txt")
    yield store, ids, root
    store.close()


def run_process(store: Store, *args: str) -> subprocess.CompletedProcess:
    """The installed command line in its own process (exit codes as a shell sees them)."""
    env = dict(os.environ, WARTRACE_DB=store.url, WARTRACE_BLOBS=str(store.blobs.root), COLUMNS="250")
    return subprocess.run([*WARTRACE, *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=120)


def run_cli(store: Store, *args: str):
    """The command line in this process (no interpreter start-up): result.exit_code/stdout/stderr."""
    from typer.testing import CliRunner

    from wartrace import cli

    cli.load_area_commands()
    cli.state._store = None  # the CLI caches its store per process; each call here names its own
    try:
        return CliRunner().invoke(cli.app, ["--db", store.url, *args], env={"WARTRACE_BLOBS": str(store.blobs.root)})
    finally:
        if cli.state._store is not None:
            cli.state._store.close()
        cli.state._store = None


# --- ACLED -----------------------------------------------------------------------------------

def test_acled_csv_columns_and_codes(seeded):
    store, ids, root = seeded
    out = root / "acled.csv"
    proc = run_cli(store, "export", "--format", "acled", "-o", str(out))
    assert proc.exit_code == 0, proc.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ACLED_COLUMNS
    recs = {r["tags"].split(";")[0]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    assert set(recs) == {"wartrace_incident=inc-popasna-pow", "wartrace_incident=inc-luhansk-shelling"}
    for r in recs.values():
        assert r["time_precision"] in {"1", "2", "3"} and r["geo_precision"] in {"1", "2", "3"}
        assert 1 <= int(r["inter1"]) <= 8 and 0 <= int(r["inter2"]) <= 8
        i1, i2 = int(r["inter1"]), int(r["inter2"])
        assert int(r["interaction"]) == (min(i1, i2) * 10 + max(i1, i2) if i2 else i1 * 10)
        assert r["disorder_type"] in {"Political violence", "Demonstrations", "Strategic developments",
                                      "Political violence; Demonstrations"}
        assert (r["iso"], r["country"], r["region"]) == ("804", "Ukraine", "Europe")
        assert -90 <= float(r["latitude"]) <= 90 and -180 <= float(r["longitude"]) <= 180
        assert int(r["fatalities"]) >= 0 and r["year"] == r["event_date"][:4]

    pow_ = recs["wartrace_incident=inc-popasna-pow"]
    assert pow_["event_date"] == "2022-04-20" and pow_["time_precision"] == "1" and pow_["geo_precision"] == "1"
    assert (pow_["actor1"], pow_["inter1"], pow_["inter2"], pow_["interaction"]) == (RU_FORCES, "1", "7", "17")
    assert pow_["civilian_targeting"] == "Civilian targeting"
    assert pow_["disorder_type"] == "Political violence" and pow_["location"] == "Popasna"
    notes = pow_["notes"]
    assert "According to GUR (social media post with audio intercept, 2022-04-20;" in notes
    assert "authenticity not verified by CNN" in notes
    assert "comment requested from the Russian Ministry of Defence" in notes
    assert "no response from the Russian Ministry of Defence" in notes and "as reported by Reuters" in notes
    assert "Haidai" not in notes  # his claim carries the other incident
    assert pow_["source"] == "Reuters" and "status=disputed" in pow_["tags"]

    area = recs["wartrace_incident=inc-luhansk-shelling"]
    # a week known: ACLED codes the middle of it with precision 2; an oblast: geo precision 3
    assert (area["event_date"], area["time_precision"], area["geo_precision"]) == ("2022-04-21", "2", "3")
    assert (area["inter2"], area["interaction"], area["civilian_targeting"]) == ("0", "10", "")
    assert "According to Serhii Haidai (interview, 2022-04-20)" in area["notes"]


def test_acled_filters_and_per_event(seeded):
    store, ids, root = seeded
    from wartrace.export.acled import acled_rows
    from wartrace.export.query import Filters, event_rows, load_bundles
    from wartrace.export.records import event_records, incident_record

    with store.session() as s:
        def n(**kw):
            return len(acled_rows([incident_record(b) for b in load_bundles(s, Filters(**kw))]).rows)

        assert n() == 2
        assert n(event_type="Violence against civilians") == 1
        assert n(since="2022-04-22") == 1  # the week-long shelling overlaps; the 20 April order does not
        assert n(until="2022-04-17") == 0
        assert n(status="disputed") == 1
        assert n(bbox=(38.0, 48.0, 38.5, 49.0)) == 1
        events = event_records(s, event_rows(s, Filters()))
    assert len(events) == 3
    rows = acled_rows(events).rows
    assert {r["tags"].split(";")[0] for r in rows} == {f"wartrace_event={e.id}" for e in events}


# --- GeoJSON ---------------------------------------------------------------------------------

def test_geojson_validates_as_rfc7946(seeded):
    store, ids, root = seeded
    from wartrace.export.geojson_schema import FEATURE_COLLECTION

    out = root / "map.geojson"
    proc = run_cli(store, "export", "--format", "geojson", "-o", str(out))
    assert proc.exit_code == 0, proc.output
    fc = json.loads(out.read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(FEATURE_COLLECTION).iter_errors(fc))
    assert not errors, errors[0].message
    feats = {f["id"]: f for f in fc["features"]}
    pow_ = feats["inc-popasna-pow"]
    assert pow_["geometry"]["coordinates"] == [38.3794, 48.6336]  # longitude first
    p = pow_["properties"]
    assert p["imprecise_place"] is False and p["status"] == "disputed" and p["independent_origins"] == 1
    assert p["ihl"] == ["rome-8-2-a-i"] and p["date_precision"] == "day" and p["event_type"] == "Violence against civilians"
    assert feats["inc-luhansk-shelling"]["properties"]["imprecise_place"] is True
    assert feats["inc-luhansk-shelling"]["properties"]["geo_precision"] == 3
    # the schema refuses what RFC 7946 forbids
    bad = json.loads(json.dumps(fc))
    bad["crs"] = {"type": "name", "properties": {"name": "EPSG:4326"}}
    assert list(Draft202012Validator(FEATURE_COLLECTION).iter_errors(bad))
    bad = json.loads(json.dumps(fc))
    bad["features"][0]["geometry"]["coordinates"] = [48.6336, 238.3794]
    assert list(Draft202012Validator(FEATURE_COLLECTION).iter_errors(bad))


# --- JSON Lines ------------------------------------------------------------------------------

def incident_lines(path: Path) -> list[str]:
    """The incident lines of an export (a signed one ends with its chain segment and checkpoint)."""
    return [x for x in path.read_text(encoding="utf-8").splitlines() if '"schema":"wartrace.incidents/1"' in x]


@pytest.fixture
def signing_key(tmp_path, monkeypatch):
    """WARTRACE_KEY set: exports carry the chain segment and a signed checkpoint; returns the public key."""
    from wartrace.evidence.keys import init_keys

    key, pub = init_keys(tmp_path / "keys")
    monkeypatch.setenv("WARTRACE_KEY", str(key))
    return pub.read_text().strip()


def test_jsonl_round_trip_is_lossless(seeded, tmp_path, signing_key):
    store, ids, root = seeded
    from wartrace.export.jsonl import import_jsonl
    from wartrace.store.verify import verify_store

    first = tmp_path / "a.jsonl"
    assert run_cli(store, "export", "--format", "jsonl", "-o", str(first)).exit_code == 0
    lines = incident_lines(first)
    assert len(lines) == 2
    rec = next(json.loads(x) for x in lines if '"inc-popasna-pow"' in x.split('"members"')[0])
    assert {d["id"] for d in rec["documents"]} == {ids["seed"], ids["wire"]}
    seed_doc = next(d for d in rec["documents"] if d["id"] == ids["seed"])
    assert seed_doc["analysis"]["result"]["claims"][0]["claimant"]["actor"] == GUR
    assert {r["action"] for r in rec["reviews"]} == {"status", "note"}
    assert {"capture", "analyse", "review_status"} <= {e["action"] for e in rec["custody"]}

    other = Store(f"sqlite:///{tmp_path}/other/wartrace.db")
    res = import_jsonl(other, first, trusted_keys=[signing_key])
    assert (res.incidents, res.documents, res.verified) == (2, 2, True)
    second = tmp_path / "b.jsonl"
    proc = run_cli(other, "export", "--format", "jsonl", "-o", str(second))
    assert proc.exit_code == 0, proc.output
    assert sorted(incident_lines(second)) == sorted(lines)

    with other.session() as s:
        imports = list(s.scalars(select(CustodyRow).where(CustodyRow.action == "import")))
    assert {(e.detail["kind"], e.object_id) for e in imports} >= {("document", ids["seed"]), ("analysis", ids["seed"]),
                                                                  ("incident", "inc-popasna-pow")}
    rep = verify_store(other)
    assert rep.blobs == 2 and rep.documents == 2
    # every blob re-hashes, the chain holds, no row differs from what its custody entry recorded
    assert rep.problems == []
    other.close()


def test_jsonl_imports_into_sqlite_and_postgresql(seeded, store, tmp_path, signing_key):
    """The conftest `store` runs this on SQLite and, where it answers, on PostgreSQL."""
    src, ids, root = seeded
    from wartrace.export.jsonl import import_jsonl

    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run_cli(src, "export", "--format", "jsonl", "-o", str(first)).exit_code == 0
    res = import_jsonl(store, first, trusted_keys=[signing_key])
    assert (res.incidents, res.documents, res.skipped_documents) == (2, 2, 0)  # the seed is in both lines
    again = import_jsonl(store, first, trusted_keys=[signing_key])  # finds everything there, changes nothing
    assert (again.incidents, again.skipped_incidents, again.custody_entries) == (0, 2, 0)
    assert run_cli(store, "export", "--format", "jsonl", "-o", str(second)).exit_code == 0
    assert sorted(incident_lines(second)) == sorted(incident_lines(first))


def test_imported_store_passes_verify(seeded, tmp_path):
    store, ids, root = seeded
    from wartrace.export.jsonl import import_jsonl

    path = tmp_path / "a.jsonl"
    assert run_cli(store, "export", "--format", "jsonl", "-o", str(path)).exit_code == 0
    other = Store(f"sqlite:///{tmp_path}/other/wartrace.db")
    import_jsonl(other, path)
    proc = run_cli(other, "verify")
    other.close()
    assert proc.exit_code == 0, proc.output


def test_import_refuses_altered_bytes(seeded, tmp_path):
    store, ids, root = seeded
    import base64

    from wartrace.export.jsonl import ImportProblem, import_jsonl

    path = tmp_path / "a.jsonl"
    assert run_cli(store, "export", "--format", "jsonl", "-o", str(path)).exit_code == 0
    recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    doc = recs[-1]["documents"][0]
    raw = bytearray(base64.b64decode(doc["raw_base64"]))
    raw[10] ^= 0x20
    doc["raw_base64"] = base64.b64encode(bytes(raw)).decode()
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    other = Store(f"sqlite:///{tmp_path}/other/wartrace.db")
    with pytest.raises(ImportProblem, match="hash to sha256:"):
        import_jsonl(other, path)
    with other.session() as s:
        assert s.scalars(select(IncidentRow)).first() is None  # all or nothing
    other.close()


# --- dossier ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dossier_pdf(seeded):
    store, ids, root = seeded
    path = root / "dossier-popasna.pdf"
    proc = run_cli(store, "export", "--format", "dossier", "--incident", ids["incident"], "-o", str(path))
    assert proc.exit_code == 0, proc.output
    return path


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils): scripts/system-deps.sh")
def test_dossier_pdf_text_holds_claimants_caveats_hashes(seeded, dossier_pdf):
    store, ids, root = seeded
    text = subprocess.run(["pdftotext", str(dossier_pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "GUR" in flat and "Ukrainian military intelligence" in flat and "Reuters" in flat
    assert "authenticity not verified by CNN" in flat
    assert "comment requested from the Russian Ministry of Defence" in flat
    assert "CNN cannot guarantee the authenticity of the recording" in flat
    assert "Reuters could not independently verify the recording" in flat
    for doc_id in (ids["seed"], ids["wire"]):
        assert doc_id.split(":", 1)[1] in text
    assert "Wilful killing" in flat and "open" in flat and "allege" in flat
    assert "disputed" in flat and "Ask the GUR for the original audio file." in flat
    with store.session() as s:
        capture = s.scalars(select(CustodyRow).where(CustodyRow.object_id == ids["seed"],
                                                     CustodyRow.action == "capture")).one()
    assert capture.entry_sha in text


def test_dossier_hash_recorded_and_verified(seeded, dossier_pdf):
    store, ids, root = seeded
    import hashlib

    with store.session() as s:
        e = s.scalars(select(CustodyRow).where(CustodyRow.action == "dossier").order_by(CustodyRow.seq.desc())).first()
    assert e.object_id == ids["incident"] and e.detail == {"file": dossier_pdf.name, "format": "pdf"}
    assert e.object_sha == hashlib.sha256(dossier_pdf.read_bytes()).hexdigest()

    ok = run_process(store, "verify", "--dossier", str(dossier_pdf))
    assert ok.returncode == 0, ok.stderr
    assert ids["incident"] in ok.stdout and e.at in ok.stdout

    edited = root / "edited" / dossier_pdf.name
    edited.parent.mkdir(exist_ok=True)
    data = bytearray(dossier_pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    edited.write_bytes(bytes(data))
    bad = run_process(store, "verify", "--dossier", str(edited))
    assert bad.returncode == 1
    assert "altered" in bad.stderr and ids["incident"] in bad.stderr


def test_dossier_still_verifies_after_export_and_import(seeded, dossier_pdf, tmp_path, signing_key):
    from wartrace.export.dossier import verify_dossier
    from wartrace.export.jsonl import import_jsonl

    store, ids, root = seeded
    path = tmp_path / "a.jsonl"
    assert run_cli(store, "export", "--format", "jsonl", "--incident", ids["incident"], "-o", str(path)).exit_code == 0
    other = Store(f"sqlite:///{tmp_path}/other/wartrace.db")
    import_jsonl(other, path, trusted_keys=[signing_key])  # a signed export from a trusted key vouches for it
    ok, message = verify_dossier(other, dossier_pdf)
    assert ok and "import entry" in message and ids["incident"] in message
    edited = tmp_path / "x.pdf"
    data = bytearray(dossier_pdf.read_bytes())
    data[100] ^= 0x01
    edited.write_bytes(bytes(data))
    assert not verify_dossier(other, edited)[0]
    other.close()


def test_dossier_html_is_escaped(seeded, tmp_path):
    store, ids, root = seeded
    from wartrace.export.dossier import verify_dossier, write_dossier

    with store.session() as s:
        inc = s.get(IncidentRow, ids["area_incident"])
        inc.title = 'Shelling <script>alert(1)</script> & "quotes"'
        s.commit()
    issued = write_dossier(store, ids["area_incident"], tmp_path / "d.html")
    html = issued.path.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "imprecise" in html and "Serhii Haidai" in html
    assert verify_dossier(store, issued.path)[0]
    from wartrace.store.review import set_status

    with store.session() as s:
        set_status(s, ids["area_incident"], "corroborated", actor="analyst-ana", reason="second source found")
        s.commit()
    ok, message = verify_dossier(store, issued.path)
    assert ok and "has changed since" in message and "status now corroborated" in message


# --- the seed through the real pipeline ------------------------------------------------------

@pytest.fixture(scope="module")
def pipeline_seed(tmp_path_factory, resources):
    """capture → analyse_pending → link_pending on the seed, as `wartrace link` runs them."""
    from wartrace.workflow import analyse_pending, link_pending

    root = tmp_path_factory.mktemp("pipeline")
    store = Store(f"sqlite:///{root}/wartrace.db")
    seed = REPO / "samples" / "cnn-2022-04-22-popasna-intercept.txt"
    assert not capture_paths(store, [str(seed)]).failed
    assert analyse_pending(store, resources) == 1
    link_pending(store, resources)
    with store.session() as s:
        seed_id = s.scalars(select(IncidentMemberRow.document_id)).first()
        # the seed incident: the one holding the event of the claim that carries the most caveats
        # (GUR's post: authenticity not guaranteed, comment requested), however linking groups it
        central = max(s.scalars(select(ClaimRow)), key=lambda c: (len(c.data.get("caveats") or []), c.id))
        events = [global_id(seed_id, e) for e in central.data.get("events") or []]
        incident = s.scalars(select(IncidentMemberRow.incident_id).where(IncidentMemberRow.event_id.in_(events))).first()
    assert incident, "the seed's central claim carries no linked event"
    yield store, root, seed_id, incident
    store.close()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils): scripts/system-deps.sh")
def test_seed_pipeline_dossier_names_claimants_caveats_hashes(pipeline_seed):
    from wartrace.export.notes import caveat_phrase, claimant_name
    from wartrace.export.query import Filters, load_bundles

    store, root, seed_id, incident = pipeline_seed
    path = root / "seed.pdf"
    assert run_cli(store, "export", "--format", "dossier", "--incident", incident, "-o", str(path)).exit_code == 0
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    with store.session() as s:
        bundle = load_bundles(s, Filters(incident=incident))[0]
    claims = [c.data for c in bundle.claims]
    assert claims, "the seed incident carries the seed's claims"
    for c in claims:
        assert claimant_name(c) in flat
        for k in c.get("caveats") or []:
            assert caveat_phrase(k) in flat and " ".join(k["text"].split()) in flat
    # the seed's central claim as the claims stage reads it: GUR's post, with CNN's two caveats
    gur = [c for c in claims if claimant_name(c) == "GUR" and c.get("channel") == "social_media_post"]
    assert gur and {"authenticity_unverified", "comment_requested"} <= {k["kind"] for k in gur[0]["caveats"]}
    assert "comment requested from the Russian Ministry of Defence" in flat
    assert seed_id.split(":", 1)[1] in text
    assert all(e.entry_sha in text for e in bundle.custody if e.action != "dossier")  # not its own entry
    ok = run_cli(store, "verify", "--dossier", str(path))
    assert ok.exit_code == 0 and incident in ok.stdout


def test_seed_pipeline_exports_are_valid(pipeline_seed, tmp_path, signing_key):
    from wartrace.export.geojson_schema import FEATURE_COLLECTION
    from wartrace.export.jsonl import import_jsonl

    store, root, seed_id, incident = pipeline_seed
    got = run_cli(store, "export", "--format", "acled")
    assert got.exit_code == 0
    rows = list(csv.reader(io.StringIO(got.stdout)))
    assert rows[0] == ACLED_COLUMNS
    for r in rows[1:]:
        rec = dict(zip(ACLED_COLUMNS, r))
        assert rec["time_precision"] in {"1", "2", "3"} and rec["geo_precision"] in {"1", "2", "3"}
        assert 1 <= int(rec["inter1"]) <= 8 and 0 <= int(rec["inter2"]) <= 8
    got = run_cli(store, "export", "--format", "geojson")
    fc = json.loads(got.stdout)
    assert not list(Draft202012Validator(FEATURE_COLLECTION).iter_errors(fc))
    assert incident in {f["id"] for f in fc["features"]}
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run_cli(store, "export", "--format", "jsonl", "-o", str(first)).exit_code == 0
    other = Store(f"sqlite:///{tmp_path}/other/wartrace.db")
    assert import_jsonl(other, first, trusted_keys=[signing_key]).verified
    assert run_cli(other, "export", "--format", "jsonl", "-o", str(second)).exit_code == 0
    other.close()
    assert sorted(incident_lines(second)) == sorted(incident_lines(first))


# --- vocabularies and wording ----------------------------------------------------------------

def test_acled_codes_follow_the_codebook():
    from wartrace.export import vocab
    from wartrace.export.acled import disorder_type, event_date, geo_precision, inter_code, interaction, time_precision

    assert disorder_type("Protests", "Excessive force against protesters") == "Political violence; Demonstrations"
    assert disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert disorder_type("Strategic developments", "Arrests") == "Strategic developments"
    assert disorder_type("Other", None) is None
    assert [time_precision(p) for p in ("day", "week", "month", "year")] == [1, 2, 3, 3]
    assert event_date("2022-04-01", "2022-04-30", "month") == "2022-04-15"
    assert event_date("2022-04-20", "2022-04-21", "day") == "2022-04-20"
    assert [geo_precision(f) for f in ("facility", "city", "admin2", "other", "admin1", "country")] == [1, 1, 2, 2, 3, 3]
    assert inter_code("Police Forces of Ukraine (2019-)") == 1
    assert inter_code("Civilians (Ukraine)") == 7 and inter_code("Protesters (Russia)") == 6
    assert inter_code("Wagner Group") == 8 and inter_code("Unidentified Armed Group (Ukraine)") == 3
    assert inter_code("Russian Ministry of Defence") == 1  # not ACLED naming: the registry's type decides
    assert (interaction(7, 1), interaction(3, None), interaction(2, 2)) == (17, 30, 22)
    ru, no = vocab.country("RU"), vocab.country("NO")
    assert (ru.numeric, ru.iso3, ru.region) == (643, "RUS", "Europe")
    assert (no.numeric, no.name) == (578, "Norway")  # YAML would read an unquoted NO as false
    assert vocab.country("TR").region == "Middle East"
    assert vocab.country("GE").region == "Caucasus and Central Asia"


def test_claims_in_words():
    from wartrace.export.notes import attribution, claim_sentence, contradiction_phrase

    denial = {"claimant": {"text": "Igor Konashenkov", "actor": None}, "channel": "press_conference",
              "stance": "denial", "date": {"value": "2022-04-21", "precision": "day"},
              "content": [{"text": "Russian forces   do not harm prisoners", "start": 0, "end": 10}],
              "caveats": [{"kind": "not_independently_verified", "party": None}]}
    assert attribution(denial) == "Igor Konashenkov (denial, press conference, 2022-04-21; not independently verified)"
    assert claim_sentence(denial, reporter="TASS").endswith(
        "as reported by TASS: “Russian forces do not harm prisoners”.")
    assert contradiction_phrase({"kind": "denial_by_accused", "by": "Russian Ministry of Defence",
                                 "detail": "denied any such order"}) == \
        "Contradiction (denial by accused, Russian Ministry of Defence): denied any such order"


def test_incident_record_takes_the_lowest_fatalities_and_associated_actors():
    from wartrace.export.query import Bundle
    from wartrace.export.records import incident_record
    from wartrace.store.models import EventRow

    def ev(i, actor1, actor2, fatalities, confidence):
        return EventRow(id=f"abc:{i}", document_id=f"sha256:{i}", local_id=i, event_type="Battles",
                        sub_event_type="Armed clash", modality="happened", actor1=actor1, actor2=actor2,
                        fatalities=fatalities, confidence=confidence, data={})

    inc = IncidentRow(id="inc-x", event_type="Battles", status="corroborated", independent_origins=2, summary={})
    b = Bundle(incident=inc, events=[ev("e1", RU_FORCES, "Military Forces of Ukraine (2019-)", 12, 0.9),
                                     ev("e2", "Wagner Group", "Military Forces of Ukraine (2019-)", 30, 0.7),
                                     ev("e3", "Military Forces of Ukraine (2019-)", RU_FORCES, None, 0.5)])
    r = incident_record(b)
    assert (r.actor1, r.actor2) == (RU_FORCES, "Military Forces of Ukraine (2019-)")
    assert r.assoc_actor_1 == ["Wagner Group"] and r.assoc_actor_2 == []  # the reversed report adds no one
    assert (r.fatalities, r.fatality_reports) == (12, [12, 30])
