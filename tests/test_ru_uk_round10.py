"""Russian and Ukrainian perpetrator sides, tenth round (issue 23): rules from the misses of batch 10
of tests/data/ru_uk_dev.yaml, labelled before the product was run on it and scored once blind (side
accuracy 0.823), then read as dev (each sentence quoted from the page its row gives as source_url; the
row id is beside it). A two-word trigger's noun fronted far from its verb, whose subject follows it;
an accused named by an inanimate plural the dictionary tags as a nominative; «потрощити» as damage; a
nominal trigger whose light verb after it is negated is denied, its subject no doer. Read from the contract JSON `wartrace extract` prints."""
from __future__ import annotations

from contract_output import RU_FORCES, STRIKE, UA_FORCES, doer


def test_fronted_noun_far_from_its_verb():
    # ru-10013, https://www.tvc.ru/news/335968 (was: no side)
    assert doer("Ракетный удар по Белгороду и Белгородскому округу нанесли ВСУ.", STRIKE) == UA_FORCES


def test_accused_inanimate_plural():
    # uk-10034, https://focus.ua/uk/voennye-novosti/582633-ukrayina-morskimi-dronami-atakuvala-chornomorskij-flot-rf-minoboroni
    text = ("У Російській Федерації звинуватили Збройні сили України в атаці на їхні патрульні катери "
            "Чорноморського флоту.")
    assert doer(text, STRIKE) == UA_FORCES


def test_wrecked_by_enemy_artillery():
    # uk-10015, https://www.radiosvoboda.org/a/news-nikopol-obstril-zahybla-postrazhdalyy/33498139.html (was: no event)
    text = "Рятувальники дістали її тіло з-під руїн будинку, який потрощила ворожа артилерія."
    assert doer(text, STRIKE) == RU_FORCES


def test_denied_nominal_trigger_names_no_doer():
    # uk-10030, https://news.online.ua/rosiia-cinicno-brese-pro-svoiu-nepricetnist-do-obstrilu-sum-ta-dnipra-896163/
    text = ("Російські Збройні Сили жодних ударів по м. Суми та інших містах не завдавали, — цинічно повідомило "
            "Міноборони РФ.")
    assert doer(text, STRIKE) is None
