"""Russian and Ukrainian development set (`tests/data/ru_uk_dev.yaml`, issue 23 point 7): places,
claimants, event types and perpetrator sides read from the product's JSON, into docs/EVALUATION.md
section "ru-uk".

Each row is one sentence from a published statement or news report, labelled by reading it (the
file's header gives the rules). It goes through `wartrace.api.analyse` (language detected as
`wartrace extract` does) and is scored on `Analysis.to_dict()`, the wartrace.extract/1 object:
- places recall: a labelled place counts when a `places` span overlaps it;
- claimant recall: a labelled claimant counts when a claim's claimant span overlaps it (cue recall
  likewise on `cue`);
- event-type recall: a row with a labelled ACLED event type counts when an event has that type;
- perpetrator side accuracy: over rows with a labelled event type, the side of actor1 of the event
  of that type (none found: no side) equals the labelled side, "no side" included.
Every third row is held out ("test"): the rules were written reading the "dev" rows only, and the
report gives both.

    python -m wartrace.evaluation.ru_uk [--no-write]
"""
from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import yaml

from wartrace.api import analyse
from wartrace.evaluation.perpetrators import RU, UA, side_of
from wartrace.evaluation.report import table, write_section

DEV_SET = Path(__file__).resolve().parents[3] / "tests" / "data" / "ru_uk_dev.yaml"
TARGETS = {"places recall": 0.85, "claimant recall": 0.80, "event-type recall": 0.75, "perpetrator side accuracy": 0.80}
SIDE_CODES = {RU: "RU", UA: "UA"}


def load_rows(path: Path = DEV_SET) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def labelled_span(text: str, surface: str, near: tuple[int, int] | None = None,
          avoid: tuple[int, int] | None = None) -> tuple[int, int]:
    """Where a labelled surface form is: a whole-word occurrence («он» is not the end of «Дрон»),
    the one nearest `near` (a claimant is the mention beside its cue, not an earlier «він» inside
    the quotation), and not inside `avoid` (a place is not the «ДНР» of the claimant's title)."""
    found = [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text)]
    found = [s for s in found if not (avoid and _overlaps(s, [avoid]))] or found
    if not found:
        start = text.index(surface)
        return start, start + len(surface)
    if near is None:
        return found[0]
    return min(found, key=lambda s: min(abs(s[0] - near[1]), abs(near[0] - s[1])))


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s < a[1] and a[0] < e for s, e in spans)


def event_side(event: dict) -> str | None:
    """"RU", "UA" or None from an event's actor1 (an ACLED actor name)."""
    return SIDE_CODES.get(side_of((event.get("actors") or {}).get("actor1")))


def score_row(row: dict, out: dict) -> dict[str, list[int]]:
    """Hits and totals of one row: {measure: [hits, total]}."""
    text = row["text"]
    got: dict[str, list[int]] = {}

    def count(measure: str, hit: bool) -> None:
        got.setdefault(measure, [0, 0])
        got[measure][0] += int(hit)
        got[measure][1] += 1

    cue = labelled_span(text, row["cue"]) if row["cue"] else None
    claimant = labelled_span(text, row["claimant"], near=cue) if row["claimant"] else None
    place_spans = [(p["start"], p["end"]) for p in out.get("places", [])]
    for p in row["places"]:
        count("places recall", _overlaps(labelled_span(text, p, avoid=claimant), place_spans))
    claims = out.get("claims", [])
    if claimant:
        spans = [(c["claimant"]["start"], c["claimant"]["end"]) for c in claims if c.get("claimant")]
        count("claimant recall", _overlaps(claimant, spans))
    if cue:
        spans = [(c["cue"]["start"], c["cue"]["end"]) for c in claims if c.get("cue")]
        count("cue recall", _overlaps(cue, spans))
    if row["event_type"]:
        typed = [e for e in out.get("events", []) if e["event_type"] == row["event_type"]]
        count("event-type recall", bool(typed))
        count("perpetrator side accuracy", (event_side(typed[0]) if typed else None) == row["perpetrator_side"])
        if row["perpetrator_side"]:
            count("named side recall", bool(typed) and event_side(typed[0]) == row["perpetrator_side"])
    return got


def score(rows: list[dict]) -> tuple[dict[tuple[str, str], dict[str, list[int]]], list[dict], float]:
    """Totals per (split, language) and per split ("all"), the misses, and the seconds taken."""
    totals: dict[tuple[str, str], dict[str, list[int]]] = {}
    misses = []
    t0 = time.perf_counter()
    for row in rows:
        out = analyse(row["text"]).to_dict()
        got = score_row(row, out)
        keys = [(row["split"], row["lang"]), (row["split"], "all")]
        if row.get("batch") and row["split"] == "test":  # collected after a round of rules: shown alone
            keys.append((f"batch {row['batch']} test", "all"))
        for key in keys:
            bucket = totals.setdefault(key, {})
            for m, (h, n) in got.items():
                bucket.setdefault(m, [0, 0])
                bucket[m][0] += h
                bucket[m][1] += n
        if any(h < n for h, n in got.values()):
            misses.append({"id": row["id"], "missed": sorted(m for m, (h, n) in got.items() if h < n),
                           "language": out["document"]["language"]})
    return totals, misses, time.perf_counter() - t0


MEASURES = ["places recall", "claimant recall", "cue recall", "event-type recall", "perpetrator side accuracy",
            "named side recall"]


def _cell(bucket: dict[str, list[int]], m: str) -> str:
    h, n = bucket.get(m, [0, 0])
    return f"{h / n:.3f} ({h}/{n})" if n else "–"


def report(rows: list[dict], totals, seconds: float) -> str:
    cols = [("dev", "all"), ("test", "all"), ("dev", "uk"), ("test", "uk"), ("dev", "ru"), ("test", "ru")]
    batches = sorted({r["batch"] for r in rows if r.get("batch") and r["split"] == "test"})
    cols += [(f"batch {b} test", "all") for b in batches]

    def in_column(r: dict, c: tuple[str, str]) -> bool:
        split_ok = r["split"] == c[0] or (r["split"] == "test" and c[0] == f"batch {r.get('batch')} test")
        return split_ok and c[1] in ("all", r["lang"])

    n = {c: sum(1 for r in rows if in_column(r, c)) for c in cols}
    body = [[m, *(_cell(totals.get(c, {}), m) for c in cols), f"{TARGETS[m]:.2f}" if m in TARGETS else ""]
            for m in MEASURES]
    head = ["measure", *(f"{s} {lang} ({n[(s, lang)]})" for s, lang in cols), "target"]
    return "\n".join([
        "## Russian and Ukrainian development set (issue 23)",
        "",
        f"{len(rows)} real sentences ({sum(r['lang'] == 'uk' for r in rows)} Ukrainian, "
        f"{sum(r['lang'] == 'ru' for r in rows)} Russian) quoted from published statements and news, each with "
        "its source address and labels (places, claimant, cue, ACLED event type, perpetrator side) given by "
        "reading the sentence (`tests/data/ru_uk_dev.yaml`, rules in its header). Each goes through "
        "`wartrace.api.analyse`, as `wartrace extract` runs it, and is scored on the contract JSON "
        f"(`python -m wartrace.evaluation.ru_uk`, wartrace/evaluation/ru_uk.py). {seconds:.0f} s.",
        "",
        "Of the first 172 rows every third is held out (`test`); they were all labelled before any rule was "
        "written, and while the Russian/Ukrainian rules and lexicons were built only the `dev` rows' outputs "
        "were read (`--misses` prints dev rows only). Batch 2 (the `batch: 2` rows) was collected and labelled "
        "after the first rules were frozen, without running the product on it, and scored once held out whole "
        "(places recall 0.712, event-type recall 0.573, side accuracy 0.653 at commit cdf71db: the first rules "
        "fitted their dev rows); its even-numbered rows then became `dev` for a second round of rules and its "
        "odd-numbered rows stay `test` (also in a column of their own). Batch 3 (the `batch: 3` rows, from pages "
        "other than those of the dev batch 4) was collected and labelled blind after the second round, never run "
        "through the product before its scoring, and is held out whole, in its own column: the fairest figure. "
        "Batch 4 (the `batch: 4` rows, 153 sentences from 61 pages of the other half) is all `dev`: labelled "
        "before the product was run on it and chosen for the many ways a doer and a trigger are worded, it is "
        "what the third round of rules was built on (what is destroyed decides the event, subjects by agreement "
        "and word order, passives, the trigger whose doer is named). Batch 5 (the `batch: 5` rows, 150 sentences "
        "from pages of the same half) is `dev` too, labelled before the product was run on it: the third round "
        "of places and claims was built on it (declined and two-word names, codifier hromadas, villages the "
        "gazetteer lacks placed at their division, more verbs and formulas of report). Batch 6 (the `batch: 6` rows, "
        "173 sentences from 79 pages no earlier batch used, each reporting a strike, shelling, downing, execution, "
        "capture or arrest) was labelled before the product was run on it and scored once held out whole on the "
        "round-5 rules (commit 7400c19: side accuracy 0.850, named side recall 0.822, event-type recall 0.936, "
        "places recall 0.936, claimant recall 0.985); it is `dev` since, and the sixth round of side rules was "
        "built on it. Batch 7 (the `batch: 7` rows, 205 sentences from 81 pages no earlier batch used) was labelled "
        "before the product was run on it and scored once blind on the round-6 rules (commit e20bfaa: side accuracy "
        "0.902, named side recall 0.877, event-type recall 0.932, places recall 0.938, claimant recall 0.947); it is "
        "`dev` since, and the seventh round of side rules was built on it. Batch 8 (the `batch: 8` rows, 206 sentences from "
        "96 pages no earlier batch used, chosen for the ways a doer is named: units, slurs, enemy words, passives, "
        "nominal triggers) was labelled before the product was run on it and scored once blind on the round-7 rules "
        "(commit 962d2bb: side accuracy 0.757, named side recall 0.714, event-type recall 0.859, places recall 0.979, "
        "claimant recall 0.941); it is `dev` since, and the eighth round of side rules was built on it. "
        "Batch 9 (the `batch: 9` rows, 149 sentences from 60 pages no earlier batch used, chosen for the same hard "
        "doers and for sentences that name no side) was labelled before the product was run on it and scored once "
        "blind on the round-8 rules (commit cb8bbfa: side accuracy 0.890, named side recall 0.881, event-type "
        "recall 0.918, places recall 0.955, claimant recall 0.924); it is `dev` since, and the ninth round of side "
        "rules was built on it. "
        "Batch 10 (the `batch: 10` rows, 142 sentences from 57 pages no earlier batch used, chosen for the same hard "
        "doers, fronted objects, denials and sentences that name no side) was labelled before the product was run "
        "on it and scored once blind on the round-9 rules (commit 08824a6, scored as 02a0cf7 before a rebase that touched no analysis code: side accuracy 0.823, named side recall "
        "0.782, event-type recall 0.830, places recall 0.922, claimant recall 0.907); it is `dev` since, and the "
        "tenth round of side rules was built on it. "
        "Batch 11 (the `batch: 11` rows, 151 sentences from 66 pages no earlier batch used, chosen for the same hard "
        "doers, units, fronted objects, denials and sentences that name no side) was labelled before the product was run "
        "on it and scored once blind on the round-10 rules (commit 95d1490, rebased since as e92cd77 onto later main "
        "commits: side accuracy 0.813, named side recall "
        "0.745, event-type recall 0.833, places recall 0.905, claimant recall 0.873); it is `dev` since, and the "
        "eleventh round of side rules was built on it. "
        "Side accuracy counts \"no side\" rows too; "
        "named side recall is the same over rows that name a side. Places recall counts spans, not where they "
        "resolve.",
        "",
        "What the rules leave out by design: a perpetrator the sentence does not name (a pro-drop «нібито "
        "завдали удару», a passive «были перехвачены 46 украинских беспилотников») stays empty rather than "
        "take the claimant's side; a named doer of no stated side takes the side opposed to the weapon it "
        "downed («Силы ПВО сбили 11 украинских БПЛА»); «ударно-пошукові дії», «проводять операцію» are not "
        "triggers. Places missed are mostly villages the gazetteer lacks under any spelling (Russian border "
        "villages GeoNames' cities500 omits, renamed Ukrainian ones: «Пролетарку», «Второе Желанное»); one named "
        "after «село»/«деревня»/«поселок» with a raion or oblast after it is placed there («деревней Обеста … "
        "Рыльского района»), and Russian spellings of codifier villages are generated (Доброволье, "
        "Песчановка, «Большой Бурлук»); raion adjectives "
        "(«Ясиноватскому району») are placed at the centre town they name, as hromadas and starosta "
        "districts («Марганецькій громаді») and the «-щина» land around a town («на Нікопольщині») are; "
        "«ДНР»/«ЛНР» at their oblast. A cue with nobody saying («повідомлялося», «…, — говорится в "
        "сообщении») makes no claim, since the contract's claim has a claimant; a wound of no stated kind "
        "(«отримав поранення») is no event, a shrapnel or mine-blast wound is a strike; «ворог» in "
        "Ukrainian text whose claimant has no known side is Russia's, while «враг», «противник» in Russian text "
        "with no claimant of known side names only the side opposed to what it attacks («противник атаковал "
        "российские регионы»: Ukraine's; Russian is written from both sides) or to whose soil the sentence's "
        "places all lie on: Russia's, or Ukraine's where Russia installed no administration («Враг снова ударил по "
        "Никополю»: Russia's; not the annexed oblasts, whose Russian-installed heads call Ukraine the enemy).",
        "",
        table(head, body),
    ])


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--misses", action="store_true", help="print the rows of the dev split with a miss")
    args = ap.parse_args(argv if argv is not None else [])
    rows = load_rows()
    totals, misses, seconds = score(rows)
    md = report(rows, totals, seconds)
    print(md)
    if args.misses:
        dev = {r["id"] for r in rows if r["split"] == "dev"}
        for m in misses:
            if m["id"] in dev:
                print(m)
    if not args.no_write:
        write_section("ru-uk", md)
    return totals


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
