"""Word and character error rates: edit distance over the reference length.

Both sides are normalised the way ASR evaluations usually are (lower case, punctuation and
apostrophes dropped, hyphens split), so "prisoner's near-Popasna" and "prisoners near Popasna"
differ by nothing.
"""
from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein


def normalise_words(text: str) -> list[str]:
    text = text.lower().replace("'", "").replace("’", "")
    return re.findall(r"\w+", text)


def word_error_rate(reference: str, hypothesis: str) -> float:
    ref, hyp = normalise_words(reference), normalise_words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return Levenshtein.distance(ref, hyp) / len(ref)


def normalise_chars(text: str) -> str:
    """Lower case, letters and digits only, single spaces: what a character error rate compares."""
    return " ".join(normalise_words(text))


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Character edit distance over the reference length, after normalise_chars. For languages
    that inflect heavily (Russian, Ukrainian) a word one ending off is a whole word error but
    only one or two character errors, so CER says more about how close a transcript is."""
    ref, hyp = normalise_chars(reference), normalise_chars(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return Levenshtein.distance(ref, hyp) / len(ref)
