"""A body named by an adjective: an oblast's authority («голова Донецької ОВА», «Донецкой областной
прокуратуры») is no place: not the oblast's namesake city (Donetsk, occupied since 2014, for the
Donetsk ОВА seated in Kramatorsk), and a named grouping of forces («Южной группировки войск») is no
village, while the places the sentence does name stay. Sentences are
ru-uk development rows (dev split) with their source addresses."""
from __future__ import annotations

import pytest

from place_checks import places_of

CASES = [
    # uk-538, https://www.radiosvoboda.org/a/news-filashkin-5-poranenykh-rosiiska-ataka-kostyantynivka/33557285.html
    ("uk", "Внаслідок російських ударів по Костянтинівці загинули щонайменше дві людини, п’ятеро поранені, "
           "заявив голова Донецької обласної військової адміністрації Вадим Філашкін.", "Донецької", ["Костянтинівці"]),
    # uk-565, https://fakty.com.ua/ua/ukraine/20220718-gajdaj-nazvav-osnovnyj-napryamok-okupantiv-pislya-lysychanska
    ("uk", "Про це повідомив голова Луганської ОВА Сергій Гайдай.", "Луганської", []),
    # ru-458, https://vidomo.media/rus/war/1738647746-rossiyane-obstrelyali-nikopolshchinu-iz-rszo-i-artillerii
    ("ru", "Глава Днепропетровской ОВА Сергей Лысак сообщил, что россияне снова обстреляли Никопольский район, "
           "передает \"Відомо\".", "Днепропетровской", ["Никопольский район"]),
    # uk-467, https://www.rbc.ua/rus/news/katuvali-ukrayinskih-viyskovih-dopitah-prokurori-1756463247.html
    ("uk", "Прокурори Донецької обласної розслідують злочини росіян, які катували українських військових під "
           "час допитів.", "Донецької", []),
]


@pytest.mark.parametrize("language,text,body_adjective,places", CASES)
def test_an_oblast_authority_is_no_place(resources, language, text, body_adjective, places):
    found = places_of(resources, text, language)
    start = text.index(body_adjective)
    assert not [p for p in found if p.start <= start < p.end], found
    assert [p.text for p in found] == places


def test_the_oblast_itself_is_still_a_place(resources):
    # uk-514, https://lb.ua/society/2025/11/06/705621_rosiyani_poranili_mirnu_meshkanku.html
    text = ("Російські безпілотники продовжують атакувати громади Сумської області, повідомив начальник "
            "Сумської ОВА Олег Григоров.")
    found = places_of(resources, text, "uk")
    assert [(p.text, p.feature) for p in found] == [("Сумської області", "admin1")]


GROUPINGS = [
    # ru-228, https://tass.ru/armiya-i-opk/25309681
    ("В результате решительных действий подразделений Южной группировки войск освобождены населенные пункты "
     "Кузьминовка и Федоровка Донецкой Народной Республики.",
     ["Кузьминовка", "Федоровка", "Донецкой Народной Республики"]),
    # ru-469, https://inforos.com/ru/?module=news&action=view&id=186114
    ("В результате решительных действий подразделений Южной группировки войск освобождены населенные пункты "
     "Кузьминовка и Федоровка ДНР.", ["Кузьминовка", "Федоровка", "ДНР"]),
]


@pytest.mark.parametrize("text,places", GROUPINGS)
def test_a_named_grouping_of_forces_is_no_place(resources, text, places):
    # «Южной» names the Russian MoD's Southern grouping of forces, not Pivdenne or a division
    assert [p.text for p in places_of(resources, text, "ru")] == places
