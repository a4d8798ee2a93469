"""The names and numbers a report shares with an incident's members (`LinkConfig.name_cohesion`)."""
from __future__ import annotations

import re

import numpy as np

from corpus_sentences import ecb_sentences
from wartrace.linking.incidents import LinkConfig, link
from wartrace.linking.items import report_item
from wartrace.model import Analysis, Document

# The same embedding for every report: the worst case, where only their names and numbers differ.
V = np.ones(8, dtype="float32") / np.sqrt(8)


def _report(doc_name: str):
    """A report item of one ECB+ dev document (read from the shared evaluation data at test
    time), without its page address, as evaluation/linking.py reads it."""
    lines = ecb_sentences(doc_name)
    if lines and re.match(r"\s*https?\s*:", lines[0]):
        lines = lines[1:]
    it = report_item(Analysis(document=Document(id=doc_name, text="\n".join(lines), language="en")))
    it.embedding = V
    return it


def test_a_report_of_the_other_game_does_not_join_a_tight_incident():
    """ECB+ topic 29: four reports of the Colts beating the Chiefs 20-13 on 23 December 2012, and
    one of the Colts beating the Jaguars 31-24 on 18 December 2008. Both clinch a playoff berth
    and read alike; the Jaguars report shares the Colts, Indianapolis and Peyton Manning's team
    with the others, but not the Chiefs, Andrew Luck, 2012 or 20-13, which the four share."""
    chiefs = [_report(f"29_{i}ecbplus.xml") for i in (1, 2, 3, 4)]
    jaguars = _report("29_2ecb.xml")
    assert "w:chiefs" in chiefs[0].names and "#:2012" in chiefs[1].names
    assert "w:jaguars" in jaguars.names and "w:colts" in jaguars.names

    lk = link([*chiefs, jaguars])
    inc = {lk.item_incident[it.id] for it in chiefs}
    assert len(inc) == 1
    assert lk.item_incident[jaguars.id] not in inc

    # without the gate the shared story pulls it in
    lk = link([*chiefs, jaguars], LinkConfig(name_cohesion=0.0))
    assert lk.item_incident[jaguars.id] == lk.item_incident[chiefs[0].id]
