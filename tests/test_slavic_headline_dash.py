"""The headline dash («… — Минобороны РФ») names who says the line; a dash between two places on
a road or front line («на автодороге Гирьи — Песчаное в Беловском районе») names nobody. Both
sentences are dev rows of tests/data/ru_uk_dev.yaml."""
from __future__ import annotations

from wartrace.api import analyse


def test_a_dash_between_places_names_no_claimant():
    # https://www.gazeta.ru/army/news/2025/10/22/27009128.shtml
    text = ("Украинский беспилотник подорвал трактор с двумя мирными жителями на автодороге Гирьи — Песчаное "
            "в Беловском районе Курской области.")
    out = analyse(text, language="ru").to_dict()
    assert out["claims"] == []
    # the oblast the sentence names places both villages: Песчаное is not Pishchane in Donetsk Oblast
    places = {p["text"]: p for p in out["places"]}
    assert places["Песчаное"]["country"] == "RU" and places["Песчаное"]["admin1"] == "Kursk Oblast"


def test_a_headline_dash_still_names_its_sayer():
    # ru-627 (dev), https://ru.interfax.com.ua/news/general/1021759.html
    claims = analyse("Враг ударил УАБ по центру Запорожья, есть раненый – Федоров", language="ru").to_dict()["claims"]
    assert [c["claimant"]["text"] for c in claims] == ["Федоров"]
