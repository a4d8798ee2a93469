"""Language detection with lingua, restricted to the configured set (default en, ru, uk)."""
from __future__ import annotations

from functools import lru_cache

from wartrace.config import settings


@lru_cache(maxsize=None)
def _detector(codes: tuple[str, ...]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect_language(text: str) -> str:
    codes = tuple(settings().get("languages") or ("en", "ru", "uk"))
    sample = text[:3000]
    if not sample.strip():
        return "unknown"
    if len(codes) == 1:
        return codes[0]
    lang = _detector(codes).detect_language_of(sample)
    return lang.iso_code_639_1.name.lower() if lang else "unknown"
