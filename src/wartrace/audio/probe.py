"""Probe a recording: what it is, how long, and whether all of it is there.

Every problem becomes one AudioError with a one-line reason, checked in this order:
empty → mislabelled (magic bytes against the extension) → truncated (container structure,
see integrity.py) → undecodable (PyAV/ffmpeg fails, or yields no samples) → truncated
(decoded length short of the length the container declares).
The whole stream is decoded once: that is the only check that catches a cut inside the
compressed data, and it costs far less than transcribing the same audio.
"""
from __future__ import annotations

import io
from dataclasses import asdict, dataclass

from wartrace.audio.errors import AudioError
from wartrace.audio.integrity import structural_problem
from wartrace.audio.sniff import FAMILY_NAMES, describe_content, family_for_name, sniff_format

# Decoded audio may fall this far short of the declared length before we call it truncated:
# encoders' priming/padding samples and rounding in headers account for a few frames.
SHORTFALL_SECONDS = 0.25
SHORTFALL_FRACTION = 0.02
LOSSLESS = {"flac"}


@dataclass
class AudioInfo:
    duration: float  # seconds actually decoded
    sample_rate: int
    channels: int
    codec: str  # e.g. pcm_s16le, mp3, vorbis, opus, aac, flac
    container: str  # ffmpeg demuxer name, e.g. wav, mp3, ogg, "mov,mp4,m4a,3gp,3g2,mj2"
    format: str  # container family from the magic bytes: wav, mp3, ogg, mp4, flac, ...
    declared_duration: float | None = None  # what the container's header says
    bit_rate: int | None = None
    size: int = 0

    def to_meta(self) -> dict:
        return asdict(self)


def is_audio_name(name: str | None) -> bool:
    """True when the file name has an audio extension (.wav, .mp3, .ogg, .opus, .m4a, .flac, ...)."""
    return family_for_name(name) is not None


def looks_like_audio(data: bytes) -> bool:
    """True when the bytes begin like an audio container, whatever the file is called."""
    return sniff_format(data) is not None


def _check_label(data: bytes, name: str | None) -> str:
    found = sniff_format(data)
    promised = family_for_name(name)
    if promised and found != promised:
        ext = name.rsplit(".", 1)[-1].lower()
        raise AudioError(f"mislabelled: named .{ext} but the content is {describe_content(data)}")
    if found is None:
        raise AudioError(f"not audio: the content is {describe_content(data)}")
    return found


def _open(data: bytes):
    import av

    try:
        return av.open(io.BytesIO(data), mode="r")
    except av.error.FFmpegError as exc:
        raise AudioError(f"undecodable audio: ffmpeg cannot read the container ({_ffmpeg_reason(exc)})") from None


def _ffmpeg_reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc).split(";")[0]


def _decode_seconds(container, stream) -> tuple[float, str | None]:
    """Decode every packet of the stream: (seconds of audio obtained, ffmpeg's error or None)."""
    import av

    samples = 0
    try:
        for frame in container.decode(stream):
            samples += frame.samples
    except av.error.FFmpegError as exc:
        return samples / stream.rate, _ffmpeg_reason(exc)
    return samples / stream.rate, None


def _allowed_shortfall(family: str, declared: float) -> float:
    if family in LOSSLESS:
        return 0.001  # FLAC's STREAMINFO counts every sample: any shortfall is missing audio
    return max(SHORTFALL_SECONDS, SHORTFALL_FRACTION * declared)


def _declared_seconds(container, stream) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / 1_000_000
    return None


def probe_audio(data: bytes, name: str | None = None) -> AudioInfo:
    """Describe a recording, or raise AudioError saying in one line why it is not acceptable."""
    if not data:
        raise AudioError("empty file: zero bytes, no audio")
    family = _check_label(data, name)
    problem = structural_problem(family, data)
    if problem:
        raise AudioError(problem)
    container = _open(data)
    try:
        if not container.streams.audio:
            raise AudioError(f"no audio stream in {FAMILY_NAMES[family]}")
        stream = container.streams.audio[0]
        ctx = stream.codec_context
        declared = _declared_seconds(container, stream)
        decoded, error = _decode_seconds(container, stream)
        short = bool(declared) and decoded < declared - _allowed_shortfall(family, declared)
        if short:
            how = f"decoding failed ({error})" if error else "the data ends"
            raise AudioError(f"truncated: {how} after {decoded:.2f} s of the {declared:.2f} s the header declares")
        if error:
            raise AudioError(f"undecodable audio: decoding failed after {decoded:.2f} s ({error})")
        if decoded <= 0:
            raise AudioError("undecodable audio: no audio samples could be decoded")
        return AudioInfo(
            duration=round(decoded, 3),
            sample_rate=int(stream.rate),
            channels=int(ctx.channels),
            codec=ctx.name,
            container=container.format.name,
            format=family,
            declared_duration=round(declared, 3) if declared else None,
            bit_rate=int(container.bit_rate) if container.bit_rate else None,
            size=len(data),
        )
    finally:
        container.close()
