"""Machine translation behind one small interface, for Russian and Ukrainian text.

wartrace ships no translation model: a user who wants translations installs argostranslate
(offline, CTranslate2 models) and its language packages themselves. Until then every call
raises TranslationUnavailable with a message naming exactly what to install; nothing
downloads at run time and nothing crashes.

    from wartrace.analysis.translate import translate, TranslationUnavailable
    english = translate("Командир приказал ...", source="ru")
"""
from __future__ import annotations

import importlib
from typing import Protocol

LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "uk": "Ukrainian"}


class TranslationUnavailable(RuntimeError):
    """No installed translator covers the requested language pair; the message says what to install."""


class Translator(Protocol):
    name: str

    def translate(self, text: str, source: str, target: str) -> str: ...


def _pair(source: str, target: str) -> str:
    return f"{LANGUAGE_NAMES.get(source, source)}→{LANGUAGE_NAMES.get(target, target)} ({source}→{target})"


class ArgosTranslator:
    """Adapter for argostranslate (https://github.com/argosopentech/argos-translate)."""

    name = "argostranslate"

    def __init__(self) -> None:
        try:
            self._tr = importlib.import_module("argostranslate.translate")
        except ImportError:
            raise TranslationUnavailable(
                "translation is unavailable: argostranslate is not installed and wartrace ships no translation "
                "model. Install it with `.venv/bin/pip install argostranslate` (it brings its own PyTorch "
                "dependencies), then the language package, e.g. `argospm install translate-ru_en` "
                "(or argostranslate.package.install_from_path(FILE) for an .argosmodel copied offline)."
            ) from None

    def translate(self, text: str, source: str, target: str) -> str:
        langs = {lang.code: lang for lang in self._tr.get_installed_languages()}
        src, tgt = langs.get(source), langs.get(target)
        translation = src.get_translation(tgt) if src and tgt else None
        if translation is None:
            raise TranslationUnavailable(
                f"translation {_pair(source, target)} is unavailable: argostranslate is installed but has no "
                f"{source}→{target} language package. Install it with `argospm install translate-{source}_{target}` "
                f"(or argostranslate.package.install_from_path(FILE) offline)."
            )
        return translation.translate(text)


ADAPTERS = [ArgosTranslator]
_CACHE: dict[str, Translator] = {}


def get_translator() -> Translator:
    """The first adapter whose library is installed; TranslationUnavailable from the last otherwise."""
    if "default" in _CACHE:
        return _CACHE["default"]
    last: TranslationUnavailable | None = None
    for adapter in ADAPTERS:
        try:
            _CACHE["default"] = adapter()
            return _CACHE["default"]
        except TranslationUnavailable as exc:
            last = exc
    raise last or TranslationUnavailable("no translation adapter configured")


def available(source: str, target: str = "en") -> bool:
    """Whether `translate(…, source, target)` would work, without raising."""
    try:
        translate("", source, target)
        return True
    except TranslationUnavailable:
        return False


def translate(text: str, source: str, target: str = "en") -> str:
    """Translate `text` from language `source` to `target` (ISO 639-1 codes)."""
    if source == target:
        return text
    return get_translator().translate(text, source, target)
