"""`wartrace overview` (the end of `make demo`): the named documents' incidents, then war incidents
ranked by verdict and independent origins."""
from __future__ import annotations

from wartrace.cli_overview import caveats_text, of_documents, origins_text, worth_a_look


def incident(id_, event_type, status, origins, docs=("sha256:aa",), caveats=(), hedges=()):
    return {"id": id_, "event_type": event_type, "status": status, "independent_origins": origins,
            "documents": list(docs), "caveats": [{"kind": k} for k in caveats], "hedges": [{"text": h} for h in hedges],
            "origins": [{"label": f"origin {i}", "asserts": True} for i in range(origins)]}


def test_war_incidents_are_ranked_by_verdict_then_origins():
    rows = [incident("inc-riot", "Riots", "corroborated", 9),
            incident("inc-one", "Battles", "single-source", 1),
            incident("inc-many", "Violence against civilians", "single-source", 4),
            incident("inc-disputed", "Explosions/Remote violence", "disputed", 2),
            incident("inc-corroborated", "Battles", "corroborated", 2)]
    got = [d["id"] for d in worth_a_look(rows, 10)]
    assert got == ["inc-corroborated", "inc-disputed", "inc-many", "inc-one"]  # no riot: not a war incident
    assert [d["id"] for d in worth_a_look(rows, 2)] == ["inc-corroborated", "inc-disputed"]


def test_incidents_of_a_document_by_id_prefix():
    rows = [incident("inc-a", "Battles", "single-source", 1, docs=("sha256:2147805d29304402ff",)),
            incident("inc-b", "Battles", "single-source", 1, docs=("sha256:99",))]
    assert [d["id"] for d in of_documents(rows, ["2147805d"])] == ["inc-a"]
    assert [d["id"] for d in of_documents(rows, ["sha256:99"])] == ["inc-b"]


def test_origins_and_caveats_are_summarised():
    d = incident("inc-a", "Battles", "disputed", 9, caveats=("denied_by_accused", "denied_by_accused",
                                                             "comment_requested"), hedges=("alleged",))
    assert origins_text(d) == "origin 0, origin 1, origin 2, origin 3, origin 4, origin 5 and 3 more"
    assert caveats_text(d) == "comment_requested; denied_by_accused ×2; hedge “alleged”"
