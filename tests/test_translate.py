"""The translation interface: a clear message when nothing is installed, the adapter when it is."""
import importlib.util
import sys
import types

import pytest

from wartrace.analysis import translate as tr


@pytest.fixture(autouse=True)
def _fresh_adapter_cache():
    tr._CACHE.clear()
    yield
    tr._CACHE.clear()


@pytest.mark.skipif(importlib.util.find_spec("argostranslate") is not None, reason="argostranslate is installed here")
def test_missing_argostranslate_is_a_clear_message_not_a_crash():
    with pytest.raises(tr.TranslationUnavailable) as err:
        tr.translate("Командир приказал расстрелять пленных под Попасной.", source="ru")
    message = str(err.value)
    assert "argostranslate is not installed" in message
    assert "pip install argostranslate" in message
    assert "translate-ru_en" in message
    assert not tr.available("ru")


def test_same_language_needs_no_translator():
    assert tr.translate("Nothing to do.", source="en", target="en") == "Nothing to do."


def _fake_argos(monkeypatch, pairs):
    """Stand in for argostranslate's installed-languages API with word-by-word 'models'."""

    class Lang:
        def __init__(self, code):
            self.code = code

        def get_translation(self, other):
            table = pairs.get((self.code, other.code))
            if table is None:
                return None
            return types.SimpleNamespace(translate=lambda text: " ".join(table.get(w, w) for w in text.split()))

    codes = {c for pair in pairs for c in pair}
    module = types.ModuleType("argostranslate.translate")
    module.get_installed_languages = lambda: [Lang(c) for c in sorted(codes)]
    package = types.ModuleType("argostranslate")
    package.translate = module
    monkeypatch.setitem(sys.modules, "argostranslate", package)
    monkeypatch.setitem(sys.modules, "argostranslate.translate", module)


def test_adapter_uses_installed_pair_and_names_a_missing_one(monkeypatch):
    _fake_argos(monkeypatch, {("ru", "en"): {"пленных": "prisoners"}})
    assert tr.translate("расстрелять пленных", source="ru") == "расстрелять prisoners"
    assert tr.available("ru") and not tr.available("uk")
    with pytest.raises(tr.TranslationUnavailable, match=r"no uk→en language package.*translate-uk_en"):
        tr.translate("полонених", source="uk")
