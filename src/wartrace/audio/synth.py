"""Synthetic speech for tests and the ASR benchmark: espeak-ng (Debian package `espeak-ng`).

Formant synthesis is a hard case for Whisper (flat prosody, no breath), so figures measured on
it are a floor rather than what a clean studio recording would give.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# words per minute: espeak's default is 175; 140 is a measured radio-operator pace
DEFAULT_SPEED = 140


def have_espeak() -> bool:
    return shutil.which("espeak-ng") is not None


def have_ffmpeg() -> bool:
    return shutil.which("ffmpeg") is not None


def espeak_wav(text: str, path: Path, voice: str = "en", speed: int = DEFAULT_SPEED, gap: int = 0) -> Path:
    """Write `text` spoken by espeak-ng to a WAV file (22.05 kHz mono 16-bit); `gap`: extra pause
    between words, in units of 10 ms at the default speed (espeak-ng -g)."""
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-g", str(gap), "-w", str(path), text], check=True,
                   capture_output=True, timeout=120)
    return path


def convert(src: Path, dst: Path, *args: str) -> Path:
    """Re-encode with ffmpeg; the codec follows dst's extension unless args name one.

    `src` may also be an ffmpeg lavfi source such as "anullsrc=r=16000:cl=mono" (silence).
    """
    source = ["-f", "lavfi", "-i", str(src)] if "src=" in str(src) else ["-i", str(src)]
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *source, *args, str(dst)],
                   check=True, capture_output=True, timeout=120)
    return dst
