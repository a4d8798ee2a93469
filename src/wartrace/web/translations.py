"""The English translation of a claim made in another language, for the incident page.

A recording's transcript in Russian or Ukrainian has a child document, Whisper's English
translation of the same recording (kind "transcript-translation", parent_id = the transcript,
capture/audio_reader.py). Both carry Whisper's time-coded segments in their meta, each segment
with its character range in its document's text, so a claim's words are put beside the English
said over the same seconds: the transcript segments the claim's spans overlap give a time range,
and the translation segments that overlap that range are its translation. Without segments (an
older capture) the whole translation stands for the claim, marked as such.
"""
from __future__ import annotations

from dataclasses import dataclass

TRANSLATION_KINDS = ("transcript-translation",)
TOLERANCE_S = 0.05  # Whisper rounds segment times to 10 ms; touching segments do not overlap


@dataclass(frozen=True)
class ClaimTranslation:
    text: str
    document_id: str
    whole: bool  # the whole translation, for want of segments to align on


def _segments(meta: dict | None) -> list[dict]:
    segs = (meta or {}).get("segments") or []
    return [s for s in segs if isinstance(s, dict) and {"start", "end", "char_start", "char_end", "text"} <= s.keys()]


def claim_translation(spans: list[tuple[int, int]], source_meta: dict | None, translation_id: str,
                      translation_text: str, translation_meta: dict | None) -> ClaimTranslation | None:
    """The translation of the words at `spans` (character ranges in the source transcript)."""
    src, dst = _segments(source_meta), _segments(translation_meta)
    if src and dst and spans:
        times = [(s["start"], s["end"]) for s in src if any(s["char_start"] < b and a < s["char_end"] for a, b in spans)]
        if times:
            t0, t1 = min(t for t, _ in times), max(t for _, t in times)
            parts = [s["text"] for s in dst if s["start"] < t1 - TOLERANCE_S and t0 + TOLERANCE_S < s["end"]]
            if parts:
                return ClaimTranslation(" ".join(parts), translation_id, False)
    text = (translation_text or "").strip()
    return ClaimTranslation(text, translation_id, True) if text else None
