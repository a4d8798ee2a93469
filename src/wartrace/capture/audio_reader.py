"""Audio recordings: the recording is stored as received; its transcript is a derived document.

The recording's Item carries no text (it is not analysed itself) and keeps duration, sample
rate, channels and codec in its meta. Its one child is the transcript: kind "transcript",
text = what Whisper heard, meta = time-coded segments with confidences, the language (detected
among the configured candidates unless --language names it, with its probability) and the
model's name and file hashes. A transcript in another language than English has a child of its
own, Whisper's English translation of the recording: kind "transcript-translation", meta
`translation_of` = the transcript's id. The service stores each with its own custody entry and
parent_id (recording -> transcript -> translation), and both texts are analysed.

A broken recording (empty, truncated, mislabelled, undecodable) is one BadInput. A recording
that is fine but cannot be transcribed (model missing, English-only model asked for Russian)
is still stored, and the transcription failure is reported as an error on it, so a re-run with
a working model adds the transcript without duplicating the recording.
"""
from __future__ import annotations

import json
from pathlib import PurePath

from wartrace.analysis.models import ModelIntegrityError
from wartrace.audio import AudioError, probe_audio, transcribe
from wartrace.capture.errors import BadInput
from wartrace.capture.items import Item
from wartrace.hashing import sha256_bytes

MEDIA_TYPES = {"wav": "audio/wav", "mp3": "audio/mpeg", "ogg": "audio/ogg", "mp4": "audio/mp4",
               "aac": "audio/aac", "flac": "audio/flac", "matroska": "audio/webm", "aiff": "audio/aiff"}
LONG_SECONDS = 60.0  # recordings longer than this get their own progress bar


def progress_bar(console, duration: float):
    """A Rich progress bar in seconds of audio, or None for short files and non-terminals."""
    if console is None or duration < LONG_SECONDS or not console.is_terminal:
        return None
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("transcribing"), BarColumn(), TextColumn("{task.completed:.0f}/{task.total:.0f} s"),
                    TimeRemainingColumn(), console=console, transient=True)


def _record_item(result, recording_id: str, kind: str, title: str, **extra) -> Item:
    meta = dict(result.to_meta(), recording=recording_id, **extra)
    # The document's bytes are its JSON record: identical audio and model give the same id.
    raw = json.dumps(dict(meta, text=result.text), ensure_ascii=False, sort_keys=True).encode("utf-8")
    return Item(raw=raw, text=result.text, kind=kind, title=title, language=result.language,
                media_type="application/json", meta=meta)


def _transcript_item(recording_id: str, name: str, options: dict, data: bytes, duration: float) -> Item:
    bar = progress_bar(options.get("progress_console"), duration)
    run = {"model_dir": options.get("asr_model"), "language": options.get("language") or "auto",
           "translate": options.get("translate", True)}
    if bar is None:
        result = transcribe(data, **run)
    else:
        with bar:
            task = bar.add_task("transcribing", total=duration)
            result = transcribe(data, **run, progress=lambda done, _total, _seg: bar.update(task, completed=done))
    base = PurePath(name).name
    transcript = _record_item(result, recording_id, "transcript", f"Transcript of {base}")
    if result.translation is not None:
        transcript.children.append(_record_item(
            result.translation, recording_id, "transcript-translation", f"English translation of {base}",
            translation_of=f"sha256:{sha256_bytes(transcript.raw)}"))
    return transcript


def read_audio(raw: bytes, name: str, options: dict) -> Item:
    try:
        info = probe_audio(raw, name)
    except AudioError as exc:
        raise BadInput(exc.reason) from None
    recording = Item(raw=raw, text="", kind="audio", title=PurePath(name).name if name != "-" else None,
                     media_type=MEDIA_TYPES.get(info.format), meta=info.to_meta(), analyse=False)
    if options.get("transcribe", True):
        recording_id = f"sha256:{sha256_bytes(raw)}"
        try:
            child = _transcript_item(recording_id, name, options, raw, info.duration)
        except (AudioError, ModelIntegrityError) as exc:
            recording.errors.append(("transcript", str(exc)))
        else:
            recording.language = child.language
            recording.children.append(child)
    return recording
