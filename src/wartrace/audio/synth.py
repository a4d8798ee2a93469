"""Synthetic speech for tests and the ASR benchmark: espeak-ng (Debian package `espeak-ng`).

Formant synthesis is a hard case for Whisper (flat prosody, no breath), so figures measured on
it are a floor rather than what a clean studio recording would give.

Debian bookworm has espeak-ng 1.51, whose `uk` voice reads Ukrainian with Russian vowel reduction
(unstressed о as а). espeak-ng 1.52 rewrote the Ukrainian rules (new `uk_dict` and voice file);
PyPI's `espeakng-loader` (a pinned dependency) ships its library and data. The voices in
`NEWER_ESPEAK_VOICES` are spoken by Debian's `espeak-ng` program running that library and data
(same soname, libespeak-ng.so.1); without the package they fall back to Debian's 1.51, and every
WAV written here names the synthesiser that spoke it in its RIFF INFO chunk (ISFT), so a figure
measured on a fallback says so.
"""
from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# words per minute: espeak's default is 175; 140 is a measured radio-operator pace
DEFAULT_SPEED = 140
# Voices (the part before any "+variant") spoken by espeak-ng 1.52 from espeakng-loader when it is
# installed. Ukrainian only: with 1.52 Whisper base hears it better (docs/ASR-UKRAINIAN-TRIALS.md);
# why Russian and English stay on Debian's 1.51 is said there too.
NEWER_ESPEAK_VOICES = frozenset({"uk"})


@dataclass(frozen=True)
class Synthesiser:
    """Which espeak-ng speaks a voice: its version, where it comes from, and the library and data
    folder to run Debian's program against (None: Debian's own)."""

    version: str
    source: str
    home: str | None = None  # the folder holding libespeak-ng.so.1 and espeak-ng-data

    def describe(self) -> str:
        return f"espeak-ng {self.version} ({self.source})"

    def command(self) -> tuple[list[str], dict[str, str] | None]:
        """The program's leading arguments and environment (None: this process's)."""
        if self.home is None:
            return ["espeak-ng"], None
        env = dict(os.environ)
        env["LD_LIBRARY_PATH"] = os.pathsep.join(p for p in (self.home, env.get("LD_LIBRARY_PATH")) if p)
        return ["espeak-ng", f"--path={self.home}"], env


def have_espeak() -> bool:
    return shutil.which("espeak-ng") is not None


def have_ffmpeg() -> bool:
    return shutil.which("ffmpeg") is not None


def _version(args: list[str], env: dict[str, str] | None) -> str:
    """The library's version as the program reports it ("eSpeak NG text-to-speech: 1.52.0 …")."""
    out = subprocess.run([*args, "--version"], capture_output=True, text=True, env=env, timeout=30).stdout
    found = re.search(r"text-to-speech:\s*(\S+)", out)
    return found.group(1) if found else "unknown version"


@lru_cache(maxsize=None)
def synthesiser(voice: str = "en") -> Synthesiser:
    """The espeak-ng that speaks `voice`: 1.52 from espeakng-loader for NEWER_ESPEAK_VOICES when the
    package is installed, Debian's otherwise."""
    if voice.split("+")[0] in NEWER_ESPEAK_VOICES:
        try:
            from importlib.metadata import version

            import espeakng_loader

            home = str(Path(espeakng_loader.get_data_path()).parent)
            if (Path(home) / "libespeak-ng.so.1").exists():
                newer = Synthesiser("", f"espeakng-loader {version('espeakng-loader')}", home)
                args, env = newer.command()
                return Synthesiser(_version(args, env), newer.source, home)
        except (ImportError, RuntimeError, OSError):
            pass
        fallback = "Debian; espeakng-loader not installed, fallback"
    else:
        fallback = "Debian"
    return Synthesiser(_version(["espeak-ng"], None), fallback)


def _info_chunk(software: str) -> bytes:
    """A RIFF LIST/INFO chunk with one ISFT (software) entry."""
    text = software.encode("utf-8") + b"\0"
    text += b"\0" * (len(text) & 1)
    body = b"INFO" + b"ISFT" + struct.pack("<I", len(text)) + text
    return b"LIST" + struct.pack("<I", len(body)) + body


def _tag_wav(path: Path, software: str) -> None:
    """Insert an INFO chunk naming the synthesiser before the WAV's data chunk."""
    data = path.read_bytes()
    pos = 12
    while pos + 8 <= len(data) and data[pos:pos + 4] != b"data":
        pos += 8 + struct.unpack_from("<I", data, pos + 4)[0]
    if data[:4] != b"RIFF" or pos + 8 > len(data):
        return
    chunk = _info_chunk(software)
    out = data[:pos] + chunk + data[pos:]
    path.write_bytes(out[:4] + struct.pack("<I", len(out) - 8) + out[8:])


def wav_software(path: Path) -> str | None:
    """The ISFT entry of a WAV's INFO chunk, if any."""
    data = Path(path).read_bytes()
    found = re.search(rb"ISFT(....)", data[:4096], re.S)
    if not found:
        return None
    size = struct.unpack("<I", found.group(1))[0]
    return data[found.end():found.end() + size].rstrip(b"\0").decode("utf-8", "replace")


def espeak_wav(text: str, path: Path, voice: str = "en", speed: int = DEFAULT_SPEED, gap: int = 0) -> Path:
    """Write `text` spoken by espeak-ng to a WAV file (22.05 kHz mono 16-bit); `gap`: extra pause
    between words, in units of 10 ms at the default speed (espeak-ng -g). The WAV's INFO chunk
    names the espeak-ng that spoke it (`synthesiser`)."""
    engine = synthesiser(voice)
    args, env = engine.command()
    subprocess.run([*args, "-v", voice, "-s", str(speed), "-g", str(gap), "-w", str(path), text], check=True,
                   capture_output=True, timeout=120, env=env)
    _tag_wav(Path(path), engine.describe())
    return path


def convert(src: Path, dst: Path, *args: str) -> Path:
    """Re-encode with ffmpeg; the codec follows dst's extension unless args name one.

    `src` may also be an ffmpeg lavfi source such as "anullsrc=r=16000:cl=mono" (silence).
    """
    source = ["-f", "lavfi", "-i", str(src)] if "src=" in str(src) else ["-i", str(src)]
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *source, *args, str(dst)],
                   check=True, capture_output=True, timeout=120)
    return dst
