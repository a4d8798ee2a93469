"""What a file's bytes say it is, and what its name says it should be.

Audio arrives with names that lie (a screenshot saved as .wav, a text note as .mp3), so the
container is identified from its magic bytes and compared with the extension before anything
is decoded. Signatures: each format's specification (RIFF/WAVE, ISO/IEC 11172-3 frame sync,
RFC 3533 "OggS", ISO/IEC 14496-12 "ftyp", the FLAC format's "fLaC", EBML 1A45DFA3, AIFF "FORM").
"""
from __future__ import annotations

from pathlib import PurePath

# extension -> container family its content must be
EXTENSIONS = {
    ".wav": "wav", ".wave": "wav",
    ".mp3": "mp3",
    ".ogg": "ogg", ".oga": "ogg", ".opus": "ogg",
    ".m4a": "mp4", ".m4b": "mp4", ".mp4": "mp4", ".3gp": "mp4",
    ".aac": "aac",
    ".flac": "flac",
    ".webm": "matroska", ".mka": "matroska",
    ".aif": "aiff", ".aiff": "aiff",
}

FAMILY_NAMES = {
    "wav": "a WAV file", "mp3": "an MP3 stream", "ogg": "an Ogg stream", "mp4": "an MP4/M4A file",
    "aac": "an ADTS AAC stream", "flac": "a FLAC file", "matroska": "a Matroska/WebM file",
    "aiff": "an AIFF file",
}

# Non-audio content people mistake for, or disguise as, recordings.
_OTHER_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
]


def family_for_name(name: str | None) -> str | None:
    """The container family an audio file name promises, or None if the name is not audio."""
    if not name:
        return None
    return EXTENSIONS.get(PurePath(name).suffix.lower())


def _mpeg_audio_header(b: bytes) -> bool:
    """A plausible MPEG-1/2/2.5 Layer I-III frame header (not ADTS, whose layer bits are 00)."""
    if len(b) < 4 or b[0] != 0xFF or (b[1] & 0xE0) != 0xE0:
        return False
    version, layer = (b[1] >> 3) & 3, (b[1] >> 1) & 3
    bitrate, rate = b[2] >> 4, (b[2] >> 2) & 3
    return version != 1 and layer != 0 and bitrate != 15 and rate != 3


def sniff_format(data: bytes) -> str | None:
    """The audio container family of `data` from its first bytes, or None if it is not audio."""
    head = data[:64]
    if (head[:4] == b"RIFF" and head[8:12] == b"WAVE") or head[:4] in (b"RF64", b"BW64"):
        return "wav"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:4] == b"fLaC":
        return "flac"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "matroska"
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return "aiff"
    if head[:3] == b"ID3":
        # ID3v2 precedes MP3 (and sometimes ADTS or FLAC); look past it
        size = _id3_size(head)
        after = data[size:size + 4]
        if after == b"fLaC":
            return "flac"
        if len(after) == 4 and after[0] == 0xFF and (after[1] & 0xF6) == 0xF0:
            return "aac"
        return "mp3"
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xF6) == 0xF0:
        return "aac"  # ADTS sync with layer bits 00
    if _mpeg_audio_header(head):
        return "mp3"
    return None


def _id3_size(head: bytes) -> int:
    """Length of an ID3v2 tag including its 10-byte header (sizes are 7-bit "synchsafe")."""
    if len(head) < 10:
        return len(head)
    s = head[6:10]
    size = (s[0] & 0x7F) << 21 | (s[1] & 0x7F) << 14 | (s[2] & 0x7F) << 7 | (s[3] & 0x7F)
    footer = 10 if head[5] & 0x10 else 0
    return 10 + size + footer


def describe_content(data: bytes) -> str:
    """A short human description of what non-audio bytes look like, for error messages."""
    fam = sniff_format(data)
    if fam:
        return FAMILY_NAMES[fam]
    for magic, what in _OTHER_MAGIC:
        if data.startswith(magic):
            return what
    head = data[:4096]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # a multi-byte character cut at the window's edge is still text
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return "binary data of no known audio format"
    stripped = text.lstrip().lower()
    if stripped.startswith(("<!doctype html", "<html")):
        return "an HTML page"
    if stripped.startswith(("{", "[")):
        return "JSON or other text"
    return "text"
