"""Container-level truncation checks that decoding alone cannot make.

ffmpeg is forgiving: it pads a half MP3 frame, measures a WAV's length from the file size
rather than from its header, and reads an Ogg file's length from its last surviving page. A
recording cut short in transit then looks complete. These walks compare what each container
declares with the bytes actually present; each returns a one-line reason or None.
Layouts: RIFF (Microsoft/IBM 1991), ISO/IEC 14496-12 boxes, RFC 3533 Ogg pages,
ISO/IEC 11172-3 and 13818-3 MPEG audio frame headers.
"""
from __future__ import annotations

import struct

# Sizes streaming writers put in a header they could not go back and fill in.
_UNKNOWN_SIZES = {0, 0xFFFFFFFF, 0x7FFFFFFF, 0x7FFFF000}


def wav_truncation(data: bytes) -> str | None:
    if data[:4] != b"RIFF":
        return None  # RF64/BW64 keep real sizes in a ds64 chunk; rely on decoding
    pos = 12
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        if cid == b"data":
            present = len(data) - pos - 8
            if size not in _UNKNOWN_SIZES and size > present:
                return f"truncated: WAV header promises {size} bytes of audio but only {present} are present"
            return None
        pos += 8 + size + (size & 1)
    return "truncated: WAV file ends before its data chunk"


def mp4_truncation(data: bytes) -> str | None:
    pos, seen = 0, set()
    while pos + 8 <= len(data):
        size, box = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            if pos + 16 > len(data):
                break
            size, header = struct.unpack_from(">Q", data, pos + 8)[0], 16
        elif size == 0:
            size = len(data) - pos  # box runs to the end of the file
        if size < header:
            return f"corrupt: MP4 box at byte {pos} has an impossible size {size}"
        seen.add(box)
        if pos + size > len(data):
            name = box.decode("latin-1")
            return f"truncated: MP4 box '{name}' declares {size} bytes but only {len(data) - pos} remain"
        pos += size
    if b"moov" not in seen:
        return "truncated: MP4/M4A file has no 'moov' index (the recording was never finalised)"
    return None


def ogg_truncation(data: bytes) -> str | None:
    pos, last_flags = 0, None
    while pos < len(data):
        if data[pos:pos + 4] != b"OggS":
            return f"corrupt: Ogg page expected at byte {pos}"
        if pos + 27 > len(data):
            return f"truncated: Ogg page header at byte {pos} is cut off"
        last_flags, nseg = data[pos + 5], data[pos + 26]
        table_end = pos + 27 + nseg
        if table_end > len(data):
            return f"truncated: Ogg page at byte {pos} is cut off"
        body = sum(data[pos + 27:table_end])
        if table_end + body > len(data):
            return f"truncated: Ogg page at byte {pos} needs {27 + nseg + body} bytes, {len(data) - pos} remain"
        pos = table_end + body
    if last_flags is not None and not last_flags & 0x04:
        return "truncated: Ogg stream ends without its end-of-stream page"
    return None


# MPEG audio bitrates in kbit/s by [mpeg1?][layer] and sample rates by version.
_BITRATES = {
    (True, 1): [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    (True, 2): [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    (True, 3): [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
    (False, 1): [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    (False, 2): [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    (False, 3): [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
}
_RATES = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]}


def _mpeg_frame_length(h: bytes) -> int | None:
    if len(h) < 4 or h[0] != 0xFF or (h[1] & 0xE0) != 0xE0:
        return None
    version, layer_bits = (h[1] >> 3) & 3, (h[1] >> 1) & 3
    br_idx, sr_idx, pad = h[2] >> 4, (h[2] >> 2) & 3, (h[2] >> 1) & 1
    if version == 1 or layer_bits == 0 or br_idx in (0, 15) or sr_idx == 3:
        return None  # reserved values, or free-format bitrate we cannot size
    layer, mpeg1 = 4 - layer_bits, version == 3
    bitrate = _BITRATES[(mpeg1, layer)][br_idx] * 1000
    rate = _RATES[version][sr_idx]
    if layer == 1:
        return (12 * bitrate // rate + pad) * 4
    if layer == 3 and not mpeg1:
        return 72 * bitrate // rate + pad
    return 144 * bitrate // rate + pad


def mp3_truncation(data: bytes) -> str | None:
    pos = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        s = data[6:10]
        pos = 10 + ((s[0] & 0x7F) << 21 | (s[1] & 0x7F) << 14 | (s[2] & 0x7F) << 7 | (s[3] & 0x7F))
    end = len(data)
    if end >= 128 and data[end - 128:end - 125] == b"TAG":
        end -= 128  # ID3v1 tag at the very end
    frames = 0
    while pos < end:
        length = _mpeg_frame_length(data[pos:pos + 4])
        if length is None:
            # lost sync: trailing tags (APE, Lyrics3) or junk; decoding judges the rest
            return None if frames else "corrupt: no MPEG audio frame where the MP3 stream should begin"
        if pos + length > end:
            return f"truncated: the last MP3 frame needs {length} bytes, {end - pos} remain"
        pos += length
        frames += 1
    return None


CHECKS = {"wav": wav_truncation, "mp4": mp4_truncation, "ogg": ogg_truncation, "mp3": mp3_truncation}


def structural_problem(family: str, data: bytes) -> str | None:
    check = CHECKS.get(family)
    return check(data) if check else None
