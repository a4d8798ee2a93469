"""The output contract (docs/spec/extract.md) and `wartrace extract` stay in step: the real output
of the seed and of a few sentences validates against the JSON Schema generated from the contract."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from wartrace.evaluation.spec_schema import SPEC, SpecError, contract_schema, schema_from_jsonc

REPO = Path(__file__).resolve().parents[1]
SENTENCES = [
    "Russian forces shelled Kharkiv on Monday, killing three civilians, the regional governor said.",
    "Ukraine's military said it shot down two drones over Odesa overnight; Russia denied launching them.",
    "A video that could not be independently verified appears to show soldiers detaining a man in Bucha.",
    "The weather in Lviv was mild.",
]

@pytest.fixture(scope="module")
def schema() -> dict:
    return contract_schema()


@pytest.fixture(scope="module")
def seed_row(seed_path) -> dict:
    (row,) = extract(str(seed_path))
    return row


@pytest.fixture(scope="module")
def sentence_rows() -> list[dict]:
    return extract("-", "--one-per-line", "--published", "2022-05-04", stdin="\n".join(SENTENCES) + "\n")


def extract(*args: str, stdin: str | None = None) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "wartrace", "extract", *args, "--format", "jsonl"], input=stdin,
                         capture_output=True, text=True, timeout=1800, cwd=REPO)
    assert out.returncode == 0, out.stderr[-2000:]
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def problems(schema: dict, obj: dict) -> list[str]:
    """Every place the object breaks the contract, as 'path: message'."""
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator.iter_errors(obj)]


def test_the_contract_is_in_the_repository_and_the_code_cites_it():
    assert SPEC == REPO / "docs" / "spec" / "extract.md" and SPEC.exists()
    cited = [p for p in (REPO / "src" / "wartrace").rglob("*.py") if "shared/spec/extract.md" in p.read_text("utf-8")]
    assert not cited, f"cite docs/spec/extract.md, not the shared copy: {cited}"


def test_schema_reads_the_contract(schema):
    claim = schema["properties"]["claims"]["items"]
    assert claim["properties"]["stance"]["enum"][:2] == ["assertion", "denial"]
    claimant = next(a for a in claim["properties"]["claimant"]["anyOf"] if a.get("type") == "object")
    assert {"name", "canonical_id"} <= set(claimant["required"])
    place = schema["properties"]["places"]["items"]
    assert place["properties"]["confidence"] == {"type": "number", "minimum": 0.0, "maximum": 1.0}
    # an event's place is "one object of places", or null
    assert schema["properties"]["events"]["items"]["properties"]["place"]["anyOf"] == [place, {"type": "null"}]
    # "actor:ua-gur" | "person:…" | null are examples of an id, not an enum
    assert claimant["properties"]["canonical_id"] == {"anyOf": [{"type": "string"},
                                                                                       {"type": "null"}]}


def test_the_schema_rejects_what_breaks_the_contract(schema, seed_row):
    good = seed_row
    missing = copy.deepcopy(good)
    del missing["events"][0]["actors"]["perpetrator_disputed"]
    assert any("'perpetrator_disputed' is a required property" in p for p in problems(schema, missing))
    wrong = copy.deepcopy(good)
    wrong["claims"][0]["stance"] = "rumour"
    wrong["places"][0]["confidence"] = 1.5
    wrong["dates"][0]["start"] = "0"
    found = problems(schema, wrong)
    assert any(p.startswith("claims/0/stance") for p in found)
    assert any(p.startswith("places/0/confidence") for p in found)
    assert any(p.startswith("dates/0/start") for p in found)
    with pytest.raises(SpecError):
        schema_from_jsonc('{"a": 1 2}')


def test_extract_output_of_the_seed_meets_the_contract(schema, seed_row):
    seed = seed_row
    assert seed["claims"] and seed["events"] and seed["places"]  # the check ran over every part
    assert problems(schema, seed) == []


def test_extract_output_of_sentences_meets_the_contract(schema, sentence_rows):
    rows = sentence_rows
    assert len(rows) == len(SENTENCES)
    assert any(r["events"] for r in rows) and any(r["claims"] for r in rows)
    for row in rows:
        assert problems(schema, row) == [], row["document"]["text"]


def test_the_contract_allows_an_unattributed_claim_and_the_registry_sides(schema, sentence_rows):
    """The two places code and contract once disagreed: the contract now says what the code gives."""
    video = next(r for r in sentence_rows if r["document"]["text"].startswith("A video"))
    assert [c["claimant"] for c in video["claims"]] == [None]
    claimant = schema["properties"]["claims"]["items"]["properties"]["claimant"]
    side = next(a for a in claimant["anyOf"] if a.get("type") == "object")["properties"]["side"]
    assert {"UA", "RU", "media", "international", "third", None} <= set(side["enum"])
    wrong = copy.deepcopy(video)
    wrong["claims"][0]["claimant"] = {"text": "x", "start": 0, "end": 1, "name": "x", "canonical_id": None,
                                      "actor": None, "type": "person", "side": "NATO"}
    assert any(p.startswith("claims/0/claimant") for p in problems(schema, wrong))
