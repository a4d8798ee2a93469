"""Audio recordings: sniff, probe (with truncation checks) and transcribe.

    from wartrace.audio import probe_audio, transcribe, AudioError
    info = probe_audio(data, "intercept.wav")      # raises AudioError with a one-line reason
    transcript = transcribe(data, progress=cb)     # faster-whisper tiny.en on the CPU by default

faster-whisper itself is imported only when a transcription is asked for.
"""
from wartrace.audio.errors import AudioError
from wartrace.audio.probe import AudioInfo, is_audio_name, looks_like_audio, probe_audio, sniff_format
from wartrace.audio.transcribe import Transcript, transcribe  # noqa: E402 - binds the function over the module name

__all__ = ["AudioError", "AudioInfo", "Transcript", "is_audio_name", "looks_like_audio", "probe_audio",
           "sniff_format", "transcribe"]
