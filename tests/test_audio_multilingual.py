"""Russian and Ukrainian recordings end to end (issue 23's first "Done when"): the multilingual
Whisper base reassembled from its two packages, language detection among the candidates, the
transcript and its English translation stored as linked documents, both analysed."""
from __future__ import annotations

import sys

import pytest
from sqlalchemy import select

from wartrace.analysis.models import ModelIntegrityError, multilingual_asr_dir
from wartrace.audio.synth import espeak_wav, have_espeak, have_ffmpeg, synthesiser, wav_software
from wartrace.audio.transcribe import echoes_hints, load_model, repeats, transcribe, unheard_hint_names, vocabulary
from wartrace.audio.wer import character_error_rate
from wartrace.capture.language import detect_language
from wartrace.capture.service import capture_paths
from wartrace.config import load_yaml
from wartrace.evaluation.asr import MULTILINGUAL, UK_GAP, UK_VOICE
from wartrace.evaluation.ru_uk import load_rows
from wartrace.store.documents import to_document
from wartrace.store.models import CustodyRow, DocumentRow

needs_audio_tools = pytest.mark.skipif(not (have_espeak() and have_ffmpeg()),
                                       reason="espeak-ng and ffmpeg are needed (apt-get install espeak-ng ffmpeg)")
EXPECTED = load_yaml("model-hashes.yaml")["whisper_base"]


def test_model_is_reassembled_once_with_its_hash_checked(tmp_path, monkeypatch):
    monkeypatch.setenv("WARTRACE_MODEL_DIR", str(tmp_path))
    folder, default = multilingual_asr_dir("default")
    assert default and folder == tmp_path / "whisper-base"
    assert (folder / "model.bin").stat().st_size == 145_217_532
    assert sorted(p.name for p in folder.iterdir()) == sorted(EXPECTED)  # no temporary file left behind
    stamp = (folder / "model.bin").stat().st_mtime_ns
    assert multilingual_asr_dir("default")[0] == folder and (folder / "model.bin").stat().st_mtime_ns == stamp
    # a damaged cached copy is refused at load time, naming the file
    with open(folder / "model.bin", "r+b") as fh:
        fh.seek(1000)
        fh.write(b"\x00\x01\x02\x03")
    with pytest.raises(ModelIntegrityError, match=r"model\.bin has SHA-256 .* refusing to load it"):
        load_model(multilingual=True)


def test_hint_echo_is_recognised():
    hints = "Киев. Харьков. Угледар. Кременная. Мариуполь."
    # what Whisper base wrote for espeak-ng Ukrainian with the Russian hint list
    assert echoes_hints("Хоморит. Командир. Соховный манцик. Угледар. Харьков. Мариуполь. Мариуполь. Мариуполь.",
                        hints)
    assert not echoes_hints("Это командир. Возьмите пленных под Попасной и расстреляйте их всех.", hints)
    assert not echoes_hints("Сегодня обстреляли Харьков.", hints)


def test_a_clause_cut_into_one_word_sentences_is_a_hint_echo():
    """The hint list is written "Київ. Харків. …"; Whisper base copied that form for the Kharkiv
    recording, and the analysis finds no clause in one-word sentences."""
    hints = vocabulary("uk")
    assert echoes_hints("Хоморіт. Команді. Расяні. Знову. Астрелі. Харків.", hints)
    assert not echoes_hints("Хоморит, Команді. Расені знову пастрелі Харків.", hints)
    assert not echoes_hints(MULTILINGUAL["ru"][2], vocabulary("ru"))


def test_hint_names_nobody_said_are_found():
    """What Whisper base wrote for espeak-ng's «Вранці російська армія обстріляла Запоріжжя.» with
    the Ukrainian hints, and without them: the hints added two places nobody named."""
    hinted = "Вранцик. Російська. Амія. Торецьк. Амія. Мар'їнка."
    assert unheard_hint_names(hinted, "Ранцик Російська, Амія Стрила, маборвія.", vocabulary("uk")) == [
        "Торецьк", "Мар'їнка"]
    # a name heard with and without the hints (Харків), or near enough (Суми as «сумі»), stays
    assert unheard_hint_names("Расяні. Знову. Астрелі. Харків.", "Расені знову пастрелі Харків.",
                              vocabulary("uk")) == []
    assert unheard_hint_names("Командир відвомить, що вноші прасея обстріляли Суми.",
                              "Командирка відвомить, що вноші прасея не пастріалі сумі.", vocabulary("uk")) == []
    # tiny.en without hints heard «near partner and», with them «near Popasna and»: the correction
    # of one misheard word between words both agree on is what the hints are for
    assert unheard_hint_names("Take the prisoners near Popasna and shoot them all.",
                              "Take the prisoner's near partner and shoot them all.", vocabulary("en")) == []
    # tiny.en on the English benchmark's «residents of Kharkiv» (evaluation/asr.py SCRIPT, espeak-ng
    # WAV, oneDNN AVX512-VNNI int8): «resident Sondkakir» without hints, the name with them; the
    # guard took the spoken name for an invented one and dropped the hints (WER 0.103 -> 0.154)
    assert unheard_hint_names("In the north, residents of Kharkiv reported explosions shortly after midnight.",
                              "In the north, resident Sondkakir reported explosions shortly after midnight.",
                              vocabulary("en")) == []


def test_a_looping_transcript_is_recognised():
    """Whisper base on espeak-ng readings of dev rows ru-077 and ru-085 of tests/data/ru_uk_dev.yaml."""
    assert repeats("По данным не обороню. Сэл тарадостинута. Сэл тарадостинута. Сэл тарадостинута.")
    assert repeats("атаку плапать в пьи-мэвс-то, и с лэвс-мэйс-мэйс-мэйс-мэйс-мэйс-мэйс.")
    assert not repeats(MULTILINGUAL["ru"][2]) and not repeats("Так, так. Добре.")


@needs_audio_tools
def test_ukrainian_is_spoken_by_espeak_ng_1_52_and_the_wav_says_so(tmp_path):
    """Debian's espeak-ng 1.51 reads Ukrainian with Russian vowel reduction; the Ukrainian recordings
    are spoken by 1.52 from the pinned espeakng-loader, and each WAV names the synthesiser."""
    voice, speed, script, _, gap = MULTILINGUAL["uk"]
    wav = espeak_wav(script, tmp_path / "uk.wav", voice=voice, speed=speed, gap=gap)
    assert wav_software(wav) == "espeak-ng 1.52.0 (espeakng-loader 0.2.4)"
    voice, speed, script, _, gap = MULTILINGUAL["ru"]
    assert wav_software(espeak_wav(script, tmp_path / "ru.wav", voice=voice, speed=speed, gap=gap)).endswith(
        "(Debian)")


def test_without_espeakng_loader_ukrainian_falls_back_to_debian_and_says_so(monkeypatch):
    if not have_espeak():
        pytest.skip("espeak-ng is not installed")
    monkeypatch.setitem(sys.modules, "espeakng_loader", None)  # import fails
    synthesiser.cache_clear()
    try:
        engine = synthesiser("uk")
        assert engine.home is None and "fallback" in engine.describe() and engine.command()[1] is None
    finally:
        synthesiser.cache_clear()


def _dev_row(row_id: str) -> str:
    """A sentence of tests/data/ru_uk_dev.yaml (which gives its source address)."""
    (row,) = [r for r in load_rows() if r["id"] == row_id]
    assert row["split"] == "dev"
    return row["text"]


@pytest.mark.slow
@needs_audio_tools
def test_the_same_recording_gives_the_same_transcript(tmp_path):
    """Whisper's fallback sampled at higher temperatures, and CTranslate2 seeds its sampler once per
    worker thread: three transcriptions of this sentence in one process gave three transcripts
    («піати, піати, піати, …» in two). Decoding is deterministic, and the loop is decoded again."""
    wav = espeak_wav(_dev_row("uk-041"), tmp_path / "uk-041.wav", voice=UK_VOICE[0], speed=UK_VOICE[1], gap=UK_GAP)
    first, second = (transcribe(wav, language="uk", hints=False) for _ in range(2))
    assert first.text == second.text and first.segments == second.segments
    assert first.text and not repeats(first.text), first.text


@pytest.mark.slow
@needs_audio_tools
def test_speech_the_vad_found_is_not_dropped_as_silence(tmp_path):
    """Whisper base gave this synthetic sentence a no-speech probability of 0.61 and dropped it
    whole; the VAD had found speech, and the segment keeps the probability for the reader."""
    wav = espeak_wav(_dev_row("uk-220"), tmp_path / "uk-220.wav", voice=UK_VOICE[0], speed=UK_VOICE[1], gap=UK_GAP)
    result = transcribe(wav, language="uk", hints=False)
    assert result.text and all(0 <= s["no_speech_prob"] <= 1 for s in result.segments)


@pytest.fixture(scope="module")
def captured(tmp_path_factory, resources):
    """Each recording captured into its own store, its documents read back and analysed."""
    if not (have_espeak() and have_ffmpeg()):
        pytest.skip("espeak-ng and ffmpeg are needed")
    from wartrace.analysis.pipeline import analyse_batch
    from wartrace.store.db import Store

    out = {}
    for key, (voice, speed, script, language, gap) in MULTILINGUAL.items():
        d = tmp_path_factory.mktemp(key)
        wav = espeak_wav(script, d / f"intercept-{key}.wav", voice=voice, speed=speed, gap=gap)
        store = Store(f"sqlite:///{d}/wartrace.db")
        try:
            result = capture_paths(store, [str(wav)], options={"language": language})
            with store.session() as s:
                rows = {r.kind: to_document(r) for r in s.scalars(select(DocumentRow))}
                custody = {r.object_id: r.detail for r in s.scalars(select(CustodyRow))}
        finally:
            store.close()
        analyses = {a.document.kind: a for a in analyse_batch([rows["transcript"], rows["transcript-translation"]],
                                                              resources)}
        out[key] = {"script": script, "result": result, "rows": rows, "custody": custody, "analyses": analyses}
    return out


def _speech_claims(analysis):
    return [c for c in analysis.claims if c.direct and "audio_intercept" in c.evidence]


def _events_at(analysis, sub_event_type, place):
    return [e for e in analysis.events if e.sub_event_type == sub_event_type and e.place and e.place.name == place]


def _as_transcript(text, language, resources):
    from wartrace.analysis.pipeline import analyse_batch
    from wartrace.model import Document

    doc = Document(id="sha256:" + "0" * 64, text=text, kind="transcript", language=language)
    (analysis,) = analyse_batch([doc], resources)
    return analysis


def test_what_the_russian_speaker_says_is_their_claim_and_an_ordered_killing(resources):
    """The recording's script as a perfect recogniser would write it: the speaker's words are the
    speaker's claim, and the imperative «расстреляйте» makes the killing an order, not a happening."""
    analysis = _as_transcript(MULTILINGUAL["ru"][2], "ru", resources)
    assert not analysis.errors, analysis.errors
    speech = _speech_claims(analysis)
    assert speech and all(c.claimant is not None and c.claimant.text == "командир" for c in speech)
    (killing,) = _events_at(analysis, "Attack", "Popasna")
    assert killing.event_type == "Violence against civilians" and killing.modality == "ordered"
    assert killing.trigger.text == "расстреляйте" and killing.fatalities is None  # an order has no toll
    assert any(killing.id in c.events for c in speech)
    # «возьмите пленных» takes people, not ground: no territory event
    assert not [e for e in analysis.events if e.sub_event_type == "Government regains territory"], analysis.events


def test_an_infinitive_standing_alone_in_a_transcript_is_an_order(resources):
    """What Whisper base wrote for the Russian recording on Intel Xeon int8 kernels: the imperative
    «расстреляйте» came out as the non-word «расстраить», an infinitive in a sentence with no other
    verb, which in Russian commands («Расстрелять!»). The killing is ordered, not a happening."""
    text = "Эта команда. В митипеенных под попаса и расстраить их всех. Никто не должен их больше увидеть."
    analysis = _as_transcript(text, "ru", resources)
    (killing,) = _events_at(analysis, "Attack", "Popasna")
    assert killing.modality == "ordered" and killing.trigger.text == "расстраить"


def test_an_infinitive_under_a_finite_verb_is_no_order(resources):
    # «хотели расстрелять»: the sentence's verb is finite; wanting is no command
    analysis = _as_transcript("Они хотели расстрелять пленных под Попасной.", "ru", resources)
    assert all(e.modality != "ordered" for e in analysis.events), analysis.events


def test_what_the_ukrainian_speaker_says_is_their_claim_and_a_shelling(resources):
    analysis = _as_transcript(MULTILINGUAL["uk"][2], "uk", resources)
    assert not analysis.errors, analysis.errors
    speech = _speech_claims(analysis)
    assert speech and all(c.claimant is not None and c.claimant.text == "командир" for c in speech)
    (shelling,) = _events_at(analysis, "Shelling/artillery/missile attack", "Kharkiv")
    assert shelling.modality == "happened" and shelling.actor1 == "Military Forces of Russia (2000-)"  # «росіяни»
    assert any(shelling.id in c.events for c in speech)


def test_a_misheard_trigger_verb_is_read_as_the_verb():
    from wartrace.analysis.events_slavic import load_triggers, misheard_trigger
    from wartrace.analysis.slavic_text import parse_slavic

    lex = load_triggers()
    # what Whisper base wrote for espeak-ng's «расстреляйте их всех»
    (sent,) = parse_slavic("под попаса и расстаряйте их всех.", "ru")
    heard = {w.text: misheard_trigger(w, "ru", lex) for w in sent.words}
    assert heard["расстаряйте"] == "расстрелять"
    assert not any(v for k, v in heard.items() if k != "расстаряйте")
    # a word the dictionary knows stays itself: «расстраивайте» (upset) is no «расстреливайте»
    (known,) = parse_slavic("Не расстраивайте их.", "ru")
    assert all(misheard_trigger(w, "ru", lex) is None for w in known.words)


def test_a_misheard_ukrainian_trigger_verb_is_read_as_the_verb():
    """pymorphy3-dicts-uk tags an infinitive VERB,infn (the Russian dictionary: INFN), so the rule
    had no Ukrainian trigger verb to compare a misheard word with."""
    from wartrace.analysis.events_slavic import load_triggers, misheard_trigger
    from wartrace.analysis.slavic_text import parse_slavic

    lex = load_triggers()
    # what Whisper base wrote for espeak-ng 1.52's «Говорить командир. Російська армія знову обстрілювала Харків.»
    sents = parse_slavic("Ховорит, команди. Російська арміна знову обстріювала Харків.", "uk")
    heard = {w.text: misheard_trigger(w, "uk", lex) for s in sents for w in s.words}
    assert heard["обстріювала"] == "обстрілювати"
    assert not any(v for k, v in heard.items() if k != "обстріювала")


@pytest.mark.slow
@needs_audio_tools
def test_russian_recording_is_detected_transcribed_and_geocoded(captured):
    case = captured["ru"]
    assert not case["result"].failed
    tr = case["rows"]["transcript"]
    assert tr.language == "ru" and tr.meta["language"] == "ru"
    # detected, not told: the probability among the candidates is stored with each candidate's score
    assert tr.meta["language_probability"] > 0.5 and set(tr.meta["language_scores"]) == {"en", "ru", "uk"}
    assert tr.meta["model"].startswith("whisper-base") and tr.meta["model_hashes"]["model.bin"] == EXPECTED["model.bin"]
    assert any("\u0400" <= ch <= "\u04ff" for ch in tr.text)  # written in Cyrillic, not transliterated
    assert character_error_rate(case["script"], tr.text) <= 0.3, tr.text
    analysis = case["analyses"]["transcript"]
    assert not analysis.errors, analysis.errors
    popasna = [p for p in analysis.places if p.name == "Popasna"]
    assert popasna and abs(popasna[0].lat - 48.63) < 0.1 and abs(popasna[0].lon - 38.38) < 0.1, analysis.places
    speech = _speech_claims(analysis)
    assert speech and all(tr.text[s.start:s.end] == s.text for c in speech for s in c.content)
    assert any("их всех" in c.content[0].text for c in speech), [c.content[0].text for c in speech]
    # the speaker orders the prisoners killed: an ordered attack at Popasna, tied to the speaker's claim
    killings = _events_at(analysis, "Attack", "Popasna")
    assert killings and killings[0].modality == "ordered", (tr.text, analysis.events)
    assert any(killings[0].id in c.events for c in speech)


@pytest.mark.slow
@needs_audio_tools
def test_ukrainian_recording_with_language_override(captured):
    case = captured["uk"]
    assert not case["result"].failed
    tr = case["rows"]["transcript"]
    # --language uk overrides detection: nothing detected, so no probability
    assert tr.language == "uk" and tr.meta["language_probability"] is None and "language_scores" not in tr.meta
    assert character_error_rate(case["script"], tr.text) <= 0.5, tr.text
    analysis = case["analyses"]["transcript"]
    assert not analysis.errors, analysis.errors
    assert _speech_claims(analysis)


@pytest.mark.slow
@needs_audio_tools
def test_ukrainian_recording_meets_the_done_when(captured):
    """Issue 23's first Done-when for the Ukrainian recording: Kharkiv geocoded, the speaker's claims,
    a shelling of Kharkiv by the Russian side tied to it; the English translation is a linked
    document (checked in test_english_translation_is_a_linked_and_analysed_document)."""
    case = captured["uk"]
    tr = case["rows"]["transcript"]
    assert tr.language == "uk"
    analysis = case["analyses"]["transcript"]
    kharkiv = [p for p in analysis.places if p.name == "Kharkiv"]
    assert kharkiv and abs(kharkiv[0].lat - 49.98) < 0.1 and abs(kharkiv[0].lon - 36.25) < 0.1, (tr.text, analysis.places)
    # every sentence of the transcript is the recorded speaker's claim (analysis/recorded_speech.py):
    # the claimant is the self-introduction («Говорить командир») when Whisper heard it, otherwise
    # empty, never a name the recording does not give
    speech = _speech_claims(analysis)
    assert speech and all(c.claimant is None or c.claimant.text == "командир" for c in speech), (
        tr.text, [c.claimant for c in speech])
    shellings = _events_at(analysis, "Shelling/artillery/missile attack", "Kharkiv")
    assert shellings and shellings[0].actor1 == "Military Forces of Russia (2000-)", (tr.text, analysis.events)
    assert any(shellings[0].id in c.events for c in speech)


@pytest.mark.slow
@needs_audio_tools
@pytest.mark.parametrize("key", ["ru", "uk"])
def test_english_translation_is_a_linked_and_analysed_document(captured, key):
    case = captured[key]
    rows, custody = case["rows"], case["custody"]
    rec, tr, en = rows["audio"], rows["transcript"], rows["transcript-translation"]
    # recording -> transcript -> translation, in the documents and in the custody log
    assert tr.parent_id == rec.id and en.parent_id == tr.id and en.meta["translation_of"] == tr.id
    assert custody[en.id]["parent"] == tr.id and custody[tr.id]["parent"] == rec.id
    assert en.language == "en" and en.meta["task"] == "translate" and en.meta["source_language"] == key
    assert en.text and not any("\u0400" <= ch <= "\u04ff" for ch in en.text)
    assert detect_language(en.text) == "en", en.text
    analysis = case["analyses"]["transcript-translation"]
    assert not analysis.errors, analysis.errors
    assert _speech_claims(analysis), analysis.claims  # the speaker's words, in translation


@pytest.mark.slow
@needs_audio_tools
def test_detection_is_restricted_to_the_candidates(tmp_path):
    """Unconstrained, Whisper base names Latin, Mongolian or Arabic for espeak-ng's Ukrainian; among
    the candidates it must pick one of them."""
    voice, speed, script, _, gap = MULTILINGUAL["uk"]
    wav = espeak_wav(script, tmp_path / "uk.wav", voice=voice, speed=speed, gap=gap)
    result = transcribe(wav, language="auto")
    assert result.language in {"en", "ru", "uk"} and set(result.language_scores) == {"en", "ru", "uk"}
    assert 1 / 3 < result.language_probability <= 1
    assert result.translation is None  # asked for no translation
