"""The trained attribution tagger: its decoding, its training labels, and how its spans merge with the rules."""
from __future__ import annotations

import numpy as np
import pytest

from wartrace.analysis.attribution_tagger import CONTENT_LABELS, FRAME_LABELS, TaggedSpans, decode_words, windows


def test_windows_cover_every_token_once_or_with_overlap():
    assert windows(10) == [(0, 10)]
    spans = windows(600, size=254, stride=127)
    assert spans[0] == (0, 254) and spans[-1][1] == 600
    covered = set()
    for s, e in spans:
        assert e - s <= 254
        covered |= set(range(s, e))
    assert covered == set(range(600))


def _logits(labels: list[str], names: tuple[str, ...]) -> np.ndarray:
    """Logits that make the model sure of the given label on each wordpiece."""
    out = np.zeros((len(labels), len(names)), dtype=np.float32)
    for i, label in enumerate(labels):
        out[i, names.index(label)] = 8.0
    return out


def test_decode_words_joins_words_and_starts_spans_on_orphan_inside():
    text = "Officials said Kyiv was hit overnight."
    offsets = [(0, 9), (10, 14), (15, 19), (20, 23), (24, 27), (28, 37), (37, 38)]
    words = list(range(len(offsets)))
    frame = _logits(["B-source", "B-cue", "O", "O", "O", "O", "O"], FRAME_LABELS)
    content = _logits(["O", "O", "B-content", "I-content", "I-content", "I-content", "I-content"], CONTENT_LABELS)
    spans = {**decode_words(frame, FRAME_LABELS, offsets, words), **decode_words(content, CONTENT_LABELS, offsets, words)}
    assert [text[s:e] for s, e in spans["source"]] == ["Officials"]
    assert [text[s:e] for s, e in spans["cue"]] == ["said"]
    assert [text[s:e] for s, e in spans["content"]] == ["Kyiv was hit overnight."]
    # an I- after O opens a span rather than being lost
    spans = decode_words(_logits(["O", "I-cue", "O", "O", "O", "O", "O"], FRAME_LABELS), FRAME_LABELS, offsets, words)
    assert [text[s:e] for s, e in spans["cue"]] == ["said"]
    # a model marking every word of a cue as a beginning still gives one cue
    text2 = "He has also learned that"
    offsets2 = [(0, 2), (3, 6), (7, 11), (12, 19), (20, 24)]
    spans = decode_words(_logits(["B-source", "B-cue", "B-cue", "B-cue", "O"], FRAME_LABELS), FRAME_LABELS, offsets2,
                         list(range(5)))
    assert [text2[s:e] for s, e in spans["cue"]] == ["has also learned"]


def test_decode_words_keeps_a_word_split_into_pieces_whole():
    text = "Zelenskyy tweeted"
    offsets = [(0, 4), (4, 9), (10, 13), (13, 17)]
    # the last pieces of a word may be unsure or wrong: the word decides as a whole
    logits = _logits(["B-source", "B-source", "O", "I-cue"], FRAME_LABELS)
    logits[2, FRAME_LABELS.index("B-cue")] = 7.5
    spans = decode_words(logits, FRAME_LABELS, offsets, [0, 0, 1, 1])
    assert [text[s:e] for s, e in spans["source"]] == ["Zelenskyy"]
    assert [text[s:e] for s, e in spans["cue"]] == ["tweeted"]


def test_a_switch_cost_keeps_a_long_content_whole_across_one_unsure_word():
    text = "that the bridge , he thinks , fell"
    offsets = [(0, 4), (5, 8), (9, 15), (16, 17), (18, 20), (21, 27), (28, 29), (30, 34)]
    logits = _logits(["B-content", "I-content", "I-content", "I-content", "O", "I-content", "I-content", "I-content"],
                     CONTENT_LABELS)
    logits[4] = [1.5, 0.0, 0.8]  # O at 0.58, content at 0.42
    words = list(range(len(offsets)))
    assert len(decode_words(logits, CONTENT_LABELS, offsets, words)["content"]) == 2
    whole = decode_words(logits, CONTENT_LABELS, offsets, words, switch_cost=0.75)["content"]
    assert [text[s:e] for s, e in whole] == [text]


def test_training_labels_put_a_nested_cue_inside_content(resources):
    from transformers import AutoTokenizer

    from wartrace.analysis.models import embedding_model_dir
    from wartrace.training.attribution_tagger import token_labels

    text = "CNN reported that the SBU said the plant was shelled."
    outer = text.index("the SBU"), len(text)
    spans = {"source": [(0, 3), (text.index("the SBU"), text.index(" said"))],
             "cue": [(4, 12), (text.index("said"), text.index("said") + 4)],
             "content": [outer]}
    tok = AutoTokenizer.from_pretrained(str(embedding_model_dir("default")[0]))
    ids, offsets, content, frame = token_labels(text, spans, tok)
    said = next(i for i, (s, e) in enumerate(offsets) if text[s:e] == "said")
    assert CONTENT_LABELS[content[said]] == "I-content"  # inside the outer content ...
    assert FRAME_LABELS[frame[said]] == "B-cue"  # ... and the cue of the nested attribution
    first = next(i for i, (s, _) in enumerate(offsets) if s == outer[0])
    assert CONTENT_LABELS[content[first]] == "B-content"
    assert FRAME_LABELS[frame[0]] == "B-source"


@pytest.fixture(scope="module")
def nlp(resources):
    return resources.nlp


def _span(text, phrase, start=0):
    s = text.index(phrase, start)
    return s, s + len(phrase)


def test_merge_keeps_rule_attributions_and_adds_only_cues_the_rules_missed(nlp):
    from wartrace.analysis.attribution import find_attributions
    from wartrace.analysis.attribution.merge import merge

    text = ("The governor said on Tuesday that 80% of the region was occupied. "
            "The mayor's view of the evacuation plan was that it came too late.")
    doc = nlp(text)
    rules = find_attributions(doc)
    before = [(a.source, a.cue, list(a.content)) for a in rules]
    assert any(a.cue and text[a.cue[0]:a.cue[1]].startswith("said") for a in rules)
    tagged = TaggedSpans(source=[_span(text, "The governor"), _span(text, "The mayor")],
                         cue=[_span(text, "said on Tuesday"), _span(text, "view of")],
                         content=[_span(text, "80% of the region was occupied."), _span(text, "that it came too late")])
    merged = merge(doc, rules, tagged)
    # the rules' attribution is untouched (its edges, its content), the tagger's overlapping cue adds nothing
    assert [(a.source, a.cue, a.content) for a in merged if a.kind != "tagger"] == before
    added = [a for a in merged if a.kind == "tagger"]
    assert [text[a.cue[0]:a.cue[1]] for a in added] == ["view of"]
    assert text[added[0].source[0]:added[0].source[1]] == "The mayor"


def test_merge_builds_an_attribution_for_a_cue_only_the_tagger_found(nlp):
    from wartrace.analysis.attribution.merge import merge

    text = "Many voters are furious about the tax. The senator reserved his sharpest words for the new tax plan."
    doc = nlp(text)
    tagged = TaggedSpans(source=[_span(text, "The senator")], cue=[_span(text, "reserved his sharpest words for")],
                         content=[_span(text, "the new tax plan")])
    merged = merge(doc, [], tagged)
    assert len(merged) == 1
    att = merged[0]
    assert att.kind == "tagger"
    assert text[att.source[0]:att.source[1]] == "The senator"
    assert [text[s:e] for s, e in att.content] == ["the new tax plan"]
    assert doc[att.cue_token].lemma_ == "reserve"


def test_merge_skips_a_tagged_cue_without_content_or_with_an_already_claimed_content(nlp):
    from wartrace.analysis.attribution import Attribution
    from wartrace.analysis.attribution.merge import merge

    text = "The ministry said the bridge was destroyed. The ministry stressed it. Analysts were quiet."
    doc = nlp(text)
    tok = {t.idx: t.i for t in doc}
    said, content = _span(text, "said"), _span(text, "the bridge was destroyed")
    rules = [Attribution(source=_span(text, "The ministry"), cue=said, content=[content], direct=False, kind="verb",
                         cue_token=tok[said[0]])]
    tagged = TaggedSpans(source=[], cue=[_span(text, "stressed"), _span(text, "were quiet")], content=[content])
    merged = merge(doc, rules, tagged)
    assert [text[a.cue[0]:a.cue[1]] for a in merged] == ["said"]


def test_a_tiny_tagger_trains_saves_loads_and_tags(tmp_path, monkeypatch):
    """End to end on a few PolNeAR train articles: the build writes hashed weights, load checks
    them, tagging returns spans inside the text. Accuracy is `make eval`'s job, not this test's."""
    from wartrace.evaluation.attribution import polnear_dir

    if not (polnear_dir() / "train").is_dir():
        pytest.skip("PolNeAR train split not present (WARTRACE_EVAL_DIR)")
    from wartrace.analysis import attribution_tagger
    from wartrace.analysis.models import ModelIntegrityError
    from wartrace.training.attribution_tagger import build

    folder = build(epochs=1, limit=3, out=tmp_path / "attribution-tagger")
    monkeypatch.setenv("WARTRACE_MODEL_DIR", str(tmp_path))
    attribution_tagger.load_tagger.cache_clear()
    try:
        assert attribution_tagger.load_tagger() is None  # off unless named
        tagger = attribution_tagger.load_tagger("built")
        text = "The mayor said the bridge was destroyed overnight, according to local officials."
        got = tagger.tag(text)
        for s, e in got.source + got.cue + got.content:
            assert 0 <= s < e <= len(text)
        # a changed weights file is refused, not silently used
        with open(folder / "weights.pt", "ab") as fh:
            fh.write(b"tampered")
        attribution_tagger.load_tagger.cache_clear()
        with pytest.raises(ModelIntegrityError):
            attribution_tagger.load_tagger("built")
    finally:
        attribution_tagger.load_tagger.cache_clear()


class _FixedTagger:
    """Stands in for the trained tagger: returns spans written by hand for one text."""

    def __init__(self, spans: TaggedSpans):
        self.spans, self.meta = spans, {}

    def tag(self, text: str) -> TaggedSpans:
        return self.spans


def test_tagger_only_attributions_become_claims_only_with_a_speech_verb(resources):
    from wartrace.analysis.claims import build_claims, build_lexicons
    from wartrace.model import Analysis, Document

    text = ("Kremlin critics view the strike as a provocation. In a column on Monday, the analyst Ivan Petrov "
            "wrote in the Moscow Times that the strike was planned weeks ahead.")
    doc = resources.nlp(text)
    tagged = TaggedSpans(
        source=[_span(text, "Kremlin critics"), _span(text, "the analyst Ivan Petrov")],
        cue=[_span(text, "view"), _span(text, "wrote in")],
        content=[_span(text, "the strike as a provocation"), _span(text, "that the strike was planned weeks ahead")])
    analysis = Analysis(document=Document(id="sha256:t", text=text, published="2022-05-02", language="en"))
    claims = build_claims(doc, analysis, build_lexicons(), _FixedTagger(tagged))
    by_cue = {c.cue.text: c for c in claims if c.cue}
    # a belief is an attribution, not a speech act: listed, if at all, as an attitude (issue 19)
    assert "view" not in by_cue or by_cue["view"].act == "attitude"
    wrote = next(c for cue, c in by_cue.items() if cue.startswith("wrote"))
    source = _span(text, "the analyst Ivan Petrov")
    assert source[0] <= wrote.claimant.start and wrote.claimant.end <= source[1]
    assert any("planned weeks ahead" in s.text for s in wrote.content)


def test_merge_keeps_orphan_spans_as_partial_attributions_only_when_asked(nlp):
    from wartrace.analysis.attribution import find_attributions
    from wartrace.analysis.attribution.merge import merge
    from wartrace.analysis.claims import build_lexicons, ledger_worthy

    text = ("The governor said the bridge was destroyed. The official line: no troops crossed the river. "
            "Critics, meanwhile, stayed silent.")
    doc = nlp(text)
    rules = find_attributions(doc)
    tagged = TaggedSpans(source=[_span(text, "The governor"), _span(text, "Critics")], cue=[_span(text, "said")],
                         content=[_span(text, "the bridge was destroyed"), _span(text, "no troops crossed the river")])
    plain = merge(doc, list(rules), tagged)
    assert not any(a.kind == "tagger" for a in plain)  # no tagged cue the rules missed, no new attribution
    kept = merge(doc, find_attributions(doc), tagged, orphans=True)
    partial = [a for a in kept if a.kind == "tagger"]
    assert sorted((text[a.span[0]:a.span[1]], a.cue is None) for a in partial) == [
        ("Critics", True), ("no troops crossed the river", True)]
    # a partial attribution is shown for review, never entered in the ledger as a claim
    assert not any(ledger_worthy(a, doc, build_lexicons()) for a in partial)
