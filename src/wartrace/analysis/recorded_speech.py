"""Claims in a transcript: the recorded speaker's own words.

A transcript (kind "transcript", derived from a recording) has no "X said": every sentence
is direct speech by whoever speaks in the recording. Each sentence not already inside an
attributed claim becomes a direct claim, evidence audio_intercept (wartrace captures
recordings as intercepted traffic), channel other. A speaker who introduces themselves
("This is the commander.") becomes the claimant, with the span of the self-description;
otherwise the claimant stays empty rather than invented.

Russian and Ukrainian transcripts have no spaCy parse: their sentences come from razdel
(natasha's segmenter), and the speaker's self-introduction is matched in those languages too
("Это командир.", "Говорить командир."). Whisper's English translation of a transcript
(kind "transcript-translation") is the same speaker's words and is treated alike.
"""
from __future__ import annotations

import re

from wartrace.model import Claim, Claimant, Span

RECORDED_SPEECH_KINDS = {"transcript", "transcript-translation"}
SELF_INTRO = re.compile(r"^\s*(?:this is|it is|it's|here is|here's|это|говорит|говорить|це|на связи|на зв'язку)"
                        r"\s+(?P<who>[^.,!?;]{2,60}?)\s*[.,!?;]", re.I)


def _speaker(text: str, registry) -> Claimant | None:
    m = SELF_INTRO.match(text)
    if not m:
        return None
    who = m.group("who")
    actor = registry.match(who) if registry is not None else None
    return Claimant(text=who, start=m.start("who"), end=m.end("who"), actor=actor.name if actor else None,
                    type=actor.type if actor else "unknown", side=actor.side if actor else None)


def sentence_spans(text: str, doc=None) -> list[tuple[int, int]]:
    """(start, end) of each sentence: spaCy's when the text was parsed, razdel's otherwise."""
    if doc is not None:
        return [(s.start_char, s.end_char) for s in doc.sents]
    from razdel import sentenize

    return [(s.start, s.stop) for s in sentenize(text)]


def recorded_speech_claims(full_text: str, sentences: list[tuple[int, int]], claims: list[Claim], published: str | None,
                           registry, stance_fn) -> list[Claim]:
    """New claims for the transcript's sentences that no attributed claim covers."""
    covered = [(s.start, s.end) for c in claims for s in c.content]
    speaker = _speaker(full_text, registry)
    date = {"value": published[:10], "precision": "day"} if published else None
    out: list[Claim] = []
    n = len(claims)
    for a, b in sentences:
        raw = full_text[a:b]
        text = raw.strip()
        if len(text) < 3 or not any(ch.isalpha() for ch in text):
            continue
        start = a + (len(raw) - len(raw.lstrip()))
        end = start + len(text)
        if any(s < end and start < e for s, e in covered):
            continue
        if speaker is not None and speaker.start >= start and speaker.end <= end and end - speaker.end <= 2:
            continue  # the self-introduction itself is not a claim
        n += 1
        out.append(Claim(id=f"c{n}", claimant=speaker, cue=None, content=[Span(text=text, start=start, end=end)],
                         direct=True, channel="other", evidence=["audio_intercept"],
                         stance=stance_fn(text, [(start, end)]), date=date))
    return out
