"""Capturing recordings: a batch with one good intercept and three broken files, then analysis
of the transcript like any other document (issue 9's "Done when")."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from wartrace.audio.synth import espeak_wav, have_espeak, have_ffmpeg
from wartrace.audio.wer import word_error_rate
from wartrace.capture.service import capture_paths
from wartrace.store.documents import to_document
from wartrace.store.models import CustodyRow, DocumentRow

SCRIPT = "This is the commander. Take the prisoners near Popasna and shoot them all. Nobody must see them again."

pytestmark = pytest.mark.skipif(not (have_espeak() and have_ffmpeg()),
                                reason="espeak-ng and ffmpeg are needed (apt-get install espeak-ng ffmpeg)")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    d = tmp_path_factory.mktemp("intercepts")
    good = espeak_wav(SCRIPT, d / "intercept.wav")
    data = good.read_bytes()
    (d / "cut-off.wav").write_bytes(data[: len(data) // 2])
    (d / "nothing.mp3").write_bytes(b"")
    (d / "notes.wav").write_text("Call at 14:05, commander, Popasna sector.\n")
    return d, good


def _capture(store, folder):
    paths = [str(folder / n) for n in ("intercept.wav", "cut-off.wav", "nothing.mp3", "notes.wav")]
    return capture_paths(store, paths)


def test_batch_stores_the_recording_and_transcript_and_names_each_bad_file(store, batch):
    folder, good = batch
    result = _capture(store, folder)
    errors = {f["path"].rsplit("/", 1)[-1]: f["error"] for f in result.failed}
    assert set(errors) == {"cut-off.wav", "nothing.mp3", "notes.wav"}
    assert errors["cut-off.wav"].startswith("truncated")
    assert errors["nothing.mp3"].startswith("empty file")
    assert errors["notes.wav"].startswith("mislabelled")

    with store.session() as s:
        rows = {r.kind: r for r in s.scalars(select(DocumentRow))}
        custody = {r.object_id for r in s.scalars(select(CustodyRow))}
    assert set(rows) == {"audio", "transcript"}
    rec, tr = rows["audio"], rows["transcript"]
    assert store.blobs.get(rec.id.split(":", 1)[1]) == good.read_bytes()
    assert rec.meta["sample_rate"] == 22050 and rec.meta["channels"] == 1 and 5 < rec.meta["duration"] < 12
    assert tr.parent_id == rec.id and tr.language == "en"
    # detected among the configured candidates by the multilingual model, then heard by tiny.en
    assert tr.meta["language_probability"] > 0.5 and set(tr.meta["language_scores"]) == {"en", "ru", "uk"}
    assert word_error_rate(SCRIPT, tr.text) <= 0.15, tr.text
    assert tr.meta["model"].startswith("whisper-tiny.en") and "model.bin" in tr.meta["model_hashes"]
    seg = tr.meta["segments"][0]
    assert tr.text[seg["char_start"]:seg["char_end"]] == seg["text"] and seg["end"] > seg["start"]
    assert {rec.id, tr.id} <= custody

    again = _capture(store, folder)
    assert not again.captured and {d["id"] for d in again.already} == {rec.id, tr.id}


@pytest.fixture(scope="module")
def transcript_analysis(batch, resources, tmp_path_factory):
    """The captured transcript, read back from a store and analysed like any document."""
    from wartrace.analysis.pipeline import analyse_batch
    from wartrace.store.db import Store

    folder, _ = batch
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('analysed')}/wartrace.db")
    try:
        _capture(store, folder)
        with store.session() as s:
            row = s.scalars(select(DocumentRow).where(DocumentRow.kind == "transcript")).one()
            doc = to_document(row)
    finally:
        store.close()
    (analysis,) = analyse_batch([doc], resources)
    return analysis


def test_transcript_places_and_ordered_event(transcript_analysis):
    analysis = transcript_analysis
    assert not analysis.errors, analysis.errors
    # linked to the recording: the analysed document is the transcript, whose parent is the recording
    assert analysis.document.kind == "transcript" and analysis.document.parent_id
    popasna = [p for p in analysis.places if p.name == "Popasna"]
    assert popasna and abs(popasna[0].lat - 48.63) < 0.1 and abs(popasna[0].lon - 38.38) < 0.1
    ordered = [e for e in analysis.events if e.modality == "ordered"]
    assert ordered, [(e.event_type, e.modality) for e in analysis.events]
    assert ordered[0].place is not None and ordered[0].place.name == "Popasna"


def test_transcript_yields_a_claim(transcript_analysis):
    """The speaker's own words are a claim (issue 9's "Done when"); needs the claims component to
    treat a transcript's speech as direct speech by its speaker."""
    analysis = transcript_analysis
    assert analysis.claims, "no claim found on the transcript"
    text = analysis.document.text
    speech = [c for c in analysis.claims if c.direct and "audio_intercept" in c.evidence]
    assert speech, [(c.content[0].text, c.evidence) for c in analysis.claims]
    for c in speech:
        assert all(text[s.start:s.end] == s.text for s in c.content)
    # the self-introduction names the speaker, with its span in the transcript
    speakers = {c.claimant.text.lower() for c in speech if c.claimant}
    assert any("commander" in s for s in speakers), speakers
    order = [c for c in speech if "shoot" in c.content[0].text.lower()]
    assert order and order[0].stance == "order_or_threat"
    # the ordered event is tied to the speech claim that asserts it
    ordered = [e for e in analysis.events if e.modality == "ordered"]
    assert ordered and set(ordered[0].claims) & {c.id for c in speech}


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_untranscribable_recording_is_kept_and_a_rerun_adds_the_transcript(store, batch):
    folder, good = batch
    from wartrace.analysis.models import asr_model_dir

    tiny_en, _ = asr_model_dir("default")  # an English-only model named explicitly cannot do Russian
    first = capture_paths(store, [str(good)], options={"language": "ru", "asr_model": str(tiny_en)})
    assert [d["kind"] for d in first.captured] == ["audio"]
    (failure,) = first.failed
    assert failure["path"].endswith("intercept.wav:transcript") and "English-only" in failure["error"]
    second = capture_paths(store, [str(good)], options={"language": "en"})
    assert [d["kind"] for d in second.already] == ["audio"] and [d["kind"] for d in second.captured] == ["transcript"]
    assert not second.failed


def test_long_recordings_get_a_progress_bar_on_terminals_only():
    import io

    from rich.console import Console

    from wartrace.capture.audio_reader import progress_bar

    terminal = Console(file=io.StringIO(), force_terminal=True)
    assert progress_bar(terminal, 600.0) is not None
    assert progress_bar(terminal, 8.0) is None
    assert progress_bar(Console(file=io.StringIO(), force_terminal=False), 600.0) is None
