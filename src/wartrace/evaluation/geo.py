"""Geoparsing evaluation on ../shared/eval/geo: LGL, TR-News, GeoWebNews and UCDP GED.

    python -m wartrace.evaluation.geo [--limit N] [--sets lgl,trnews,gwn,ucdp]

For each corpus: toponym detection precision and recall by span overlap, then on the
gold toponyms we detected and that carry coordinates: Acc@161 km, exact GeoNames id
match (where the gold has an id) and median error in km. A gold toponym we detected
but could not place counts as a miss in Acc@161. GeoWebNews: gold = spans with
nonLocational=No that have coordinates (a prediction is correct when it overlaps any
nonLocational=No span). UCDP: each `where_description` with where_prec <= 2 is analysed
as a tiny document; its most specific place must fall within 25 km of the event. The UCDP
rows are split once, by a hash of the string (ucdp_split), into dev (two thirds) and test (one
third): rules are chosen on the dev rows' misses only (--errors prints dev rows only), and the
test figure says whether they carry over.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import statistics
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field

from wartrace.analysis.gazetteer import haversine_km, load_gazetteer, norm
from wartrace.analysis.pipeline import analyse_batch
from wartrace.analysis.resources import Resources
from wartrace.evaluation.report import eval_dir, table, write_section
from wartrace.model import Document

FINE = ("city", "facility", "admin2", "other")
DEMONYM_ENDINGS = ("ian", "ians", "ese", "ish", "ean", "eans", "an", "ans", "ic", "i", "is", "ch", "nch")


def is_demonym(text: str) -> bool:
    """Gold spans like "Russian", "Sudanese", "Israelis": adjectives and demonyms, which the
    issue says are not places, so we report recall with and without them."""

    gaz = load_gazetteer()
    k = norm(text)
    if k in gaz.demonyms:
        return True
    return " " not in k and k.endswith(DEMONYM_ENDINGS) and k not in gaz.index


@dataclass
class Gold:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    geonameid: int | None
    scored: bool = True  # counts for recall and accuracy (GWN: only located, locational spans)
    fcode: str | None = None


@dataclass
class Article:
    id: str
    text: str
    gold: list[Gold] = field(default_factory=list)


def _f(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def read_lgl_style(path) -> list[Article]:
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        a = Article(art.get("docid") or str(len(out)), art.findtext("text") or "")
        for t in art.iter("toponym"):
            g = t.find("gaztag")
            lat = _f(g.findtext("lat")) if g is not None else None
            lon = _f(g.findtext("lon")) if g is not None else None
            gid = int(g.get("geonameid")) if g is not None and (g.get("geonameid") or "").isdigit() else None
            a.gold.append(Gold(int(t.findtext("start")), int(t.findtext("end")), t.findtext("phrase") or "", lat, lon, gid,
                               fcode=g.findtext("fcode") if g is not None else None))
        out.append(a)
    return out


def read_gwn(path) -> list[Article]:
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        a = Article(art.get("file") or str(len(out)), art.findtext("text") or "")
        for t in art.iter("toponym"):
            if (t.findtext("nonLocational") or "").strip() != "No":
                continue
            lat, lon = _f(t.findtext("latitude")), _f(t.findtext("longitude"))
            gid = (t.findtext("geonamesID") or "").strip()
            a.gold.append(Gold(int(t.findtext("start")), int(t.findtext("end")), t.findtext("extractedName") or "",
                               lat, lon, int(gid) if gid.isdigit() else None, scored=lat is not None and lon is not None))
        out.append(a)
    return out


def analyse(texts: list[str], meta: dict | None = None):

    docs = [Document(id=f"sha256:eval{i}", text=t, language="en", meta=dict(meta or {})) for i, t in enumerate(texts)]
    return analyse_batch(docs, RESOURCES, ["places"])


RESOURCES = None


def gazetteer_knows_near(text: str, lat: float, lon: float, km: float) -> bool:
    """Whether the gazetteer holds, under any word run of `text` (one to four words), a place
    within `km` of the gold point: if so a wrong answer is our ranking's fault, otherwise no
    ranking could have found it (the gazetteer lacks the place, or places it elsewhere)."""

    gaz = load_gazetteer()
    words = norm(text).split()
    for n in range(1, min(4, len(words)) + 1):
        for i in range(len(words) - n + 1):
            key = " ".join(words[i:i + n])
            if key not in gaz.index:
                continue
            for c in gaz.lookup_key(key) + gaz.lookup_variants(key):
                if haversine_km(c.lat, c.lon, lat, lon) <= km:
                    return True
    return False


def score_corpus(name: str, arts: list[Article], errors_out: list | None = None) -> dict:
    t0 = time.time()
    results = analyse([a.text for a in arts])
    secs = time.time() - t0
    tp_pred = n_pred = 0
    n_gold = det = 0
    n_named = det_named = 0  # gold spans that are names, not demonyms or adjectives ("Russian")
    hits161 = id_hits = id_total = located = ranking = 0
    errs = []
    by_fcode: dict[str, list[int]] = {}
    for art, res in zip(arts, results):
        preds = res.places
        n_pred += len(preds)
        tp_pred += sum(1 for p in preds if any(p.start < g.end and g.start < p.end for g in art.gold))
        for g in art.gold:
            if not g.scored:
                continue
            n_gold += 1
            named = not is_demonym(g.text)
            n_named += named
            over = [(min(p.end, g.end) - max(p.start, g.start), p) for p in preds if p.start < g.end and g.start < p.end]
            if not over:
                if errors_out is not None:
                    errors_out.append(("missed", g.text, None, None))
                continue
            det += 1
            det_named += named
            p = max(over, key=lambda x: x[0])[1]
            if g.lat is None:
                continue
            located += 1
            d = haversine_km(p.lat, p.lon, g.lat, g.lon)
            errs.append(d)
            hits161 += d <= 161
            ranking += d > 161 and gazetteer_knows_near(g.text, g.lat, g.lon, 161)
            kind = g.fcode or "?"
            by_code = by_fcode.setdefault(kind, [0, 0])
            by_code[0] += 1
            by_code[1] += d <= 161
            if g.geonameid:
                id_total += 1
                id_hits += p.geonameid == g.geonameid
            if errors_out is not None and d > 161:
                errors_out.append(("wrong", g.text, p.name, p.country, round(d)))
    return {"set": name, "articles": len(arts), "gold": n_gold, "pred": n_pred,
            "P": tp_pred / n_pred if n_pred else 0.0, "R": det / n_gold if n_gold else 0.0,
            "R_named": det_named / n_named if n_named else 0.0, "demonyms": n_gold - n_named,
            "acc161": hits161 / located if located else 0.0, "id": id_hits / id_total if id_total else 0.0,
            "median_km": statistics.median(errs) if errs else 0.0, "located": located, "secs": secs,
            "wrong": located - hits161, "ranking": ranking,
            "by_fcode": by_fcode}


def ucdp_split(where_description: str) -> str:
    """'test' for a fixed third of the UCDP place strings, 'dev' for the rest: a stable hash of
    the string, so every row with one string falls on one side and the split never moves."""
    digest = hashlib.sha256(where_description.strip().encode("utf-8")).digest()
    return "test" if digest[0] % 3 == 0 else "dev"


def score_ucdp(limit: int | None = None, errors_out: list | None = None) -> dict:
    path = eval_dir() / "geo" / "ucdp_ged_ukraine_2014-2021.csv"
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for r in reader:
            if r["id"] == "" or not r["where_prec"].isdigit() or int(r["where_prec"]) > 2 \
                    or not r["where_description"].strip():  # 47 rows have no description to resolve
                continue
            rows.append(r)
    if limit:
        rows = rows[:limit]
    strings = sorted({r["where_description"] for r in rows})
    t0 = time.time()
    results = dict(zip(strings, analyse(strings)))
    secs = time.time() - t0
    ok = ranking = 0
    kinds = Counter()
    split_ok, split_n = Counter(), Counter()
    for r in rows:
        part = ucdp_split(r["where_description"])
        split_n[part] += 1
        dev = part == "dev"  # only the dev rows' misses are ever printed
        places = results[r["where_description"]].places
        fine = [p for p in places if p.feature in FINE]
        best = fine or places
        near = gazetteer_knows_near(r["where_description"], float(r["latitude"]), float(r["longitude"]), 25)
        if not best:
            ranking += near
            kinds["no place found"] += 1
            if errors_out is not None and dev:
                errors_out.append(("unresolved", r["where_description"]))
            continue
        d = haversine_km(best[0].lat, best[0].lon, float(r["latitude"]), float(r["longitude"]))
        ok += d <= 25
        split_ok[part] += d <= 25
        ranking += d > 25 and near
        if d > 25:
            kinds["only a division or country found" if not fine else
                  "a settlement found, > 25 km away (namesake or village missing from cities500)"] += 1
            if errors_out is not None and dev:
                errors_out.append(("far", r["where_description"], best[0].name, round(d)))
    return {"rows": len(rows), "strings": len(strings), "within25": ok / len(rows) if rows else 0.0, "secs": secs,
            "dev_rows": split_n["dev"], "test_rows": split_n["test"],
            "within25_dev": split_ok["dev"] / split_n["dev"] if split_n["dev"] else 0.0,
            "within25_test": split_ok["test"] / split_n["test"] if split_n["test"] else 0.0,
            "misses": dict(kinds), "ranking": ranking, "ceiling": (ok + ranking) / len(rows) if rows else 0.0}


UCDP_NOTE = (
    "Every Ukrainian settlement of the KATOTTG codifier is in the gazetteer "
    "(analysis/katottg.py), but the codifier has no coordinates: a village GeoNames' cities500 lacks "
    "(Novokaterynivka, Chervonosilske, Horbatenko, Nikishyne) sits at its hromada's centre, often "
    "10-30 km from it, so some are found and still missed at 25 km. Many strings also use the "
    "raions of before 2020 ('Shakhtarskyi district'), which the codifier no longer holds; where the string names a raion the village takes the namesake in the "
    "hromada or raion of that name, else within 45 km of the raion's centre town, or that centre; "
    "where it names only the oblast, the place falls back to the oblast, 30-70 km from the event. "
    "Each settlement also answers to its Russian spellings and their romanisations (Stepanovka, "
    "Opytnoye, Stanitsa Luganskaya, «Еленовка»; katottg.yaml russian_forms). Among namesakes, one in "
    "a front-line oblast (focus.yaml) outranks the rest of the war's countries, even under a Russian "
    "spelling that GeoNames gives a Russian village as its main name (Peski, Uglegorsk, Kalinovo). "
    "Names of before the 2016 and 2024 renamings of Donetsk and Luhansk oblasts, which the codifier "
    "no longer holds, come from data/gazetteer/former_names.yaml, a source per entry (Krasny Lyman, "
    "Kominternove, Orlovo-Ivanovka). A name nothing else resolves, that the model or a cue calls a "
    "place or that stands on a line of its own, is compared with the front-line oblasts' settlements "
    "and facilities (rapidfuzz, the mean of Jaro-Winkler and Indel ratio, cutoff chosen on the dev "
    "rows: Iloviaks, Novotoshkivka, Donetsk aiport). Among namesakes of one oblast, the one nearest "
    "the other places the text names wins (Opytne five kilometres from Donetsk), else the larger; "
    "a village placed near a town ('near Bakhmut', «под Бахмутом», «біля Бахмута») takes the namesake "
    "nearest that town (places/resolution.py). "
    "Left on the dev rows: namesakes of one oblast with nothing else named (a bare Opytne, by "
    "Bakhmut or by Avdiivka; five Vodianes; Pobeda, Novoselivka: the 2014-2022 contact line would "
    "say which), villages the codifier lacks (Pionerske, Mayorsk), renamings no list at hand gives "
    "(Leninske, Zhelanne, Krasny Partizan), entities the small model reads as a person ('Svitlodarsk "
    "Bulge') and translated names (Granite for Hranitne).")

TARGETS = {"LGL": 0.83, "TR-News": 0.88, "GWN": 0.94}


def main(argv: list[str] | None = None) -> None:
    global RESOURCES
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=None, help="articles per corpus (for quick runs; not reported)")
    ap.add_argument("--sets", default="lgl,trnews,gwn,ucdp")
    ap.add_argument("--errors", type=int, default=0, help="print this many error examples per set")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)

    RESOURCES = Resources()
    base = eval_dir() / "geo"
    sets = args.sets.split(",")
    rows, breakdowns, notes = [], [], []
    readers = {"lgl": ("LGL", lambda: read_lgl_style(base / "lgl.xml")),
               "trnews": ("TR-News", lambda: read_lgl_style(base / "TR-News.xml")),
               "gwn": ("GWN", lambda: read_gwn(base / "GWN.xml"))}
    for key in ("lgl", "trnews", "gwn"):
        if key not in sets:
            continue
        name, read = readers[key]
        arts = read()[: args.limit] if args.limit else read()
        errs: list = []
        r = score_corpus(name, arts, errs)
        rows.append([name, r["articles"], r["gold"], r["P"], r["R"], r["R_named"], r["acc161"], r["id"], round(r["median_km"], 1),
                     f"{TARGETS[name]:.2f}", round(r["secs"])])
        print(rows[-1], flush=True)
        top = sorted(r["by_fcode"].items(), key=lambda kv: -kv[1][0])[:8]
        print("   Acc@161 by GeoNames feature code:", ", ".join(f"{k} {v[1]}/{v[0]}" for k, v in top), flush=True)
        breakdowns.append(f"{name}: " + ", ".join(f"{k} {v[1] / v[0]:.2f} (n={v[0]})" for k, v in top))
        wrong = sorted(((v[0] - v[1], k) for k, v in r["by_fcode"].items()), reverse=True)[:3]
        notes.append(
            f"- {name}: Acc@161 {r['acc161']:.3f} vs target {TARGETS[name]:.2f}; most wrong resolutions: "
            + ", ".join(f"{k} {n}" for n, k in wrong)
            + f". Of the {r['wrong']} wrong resolutions, {r['ranking']} had a place of that name within 161 km in "
              f"the gazetteer, so better ranking could fix them (ceiling {(r['located'] - r['wrong'] + r['ranking']) / r['located']:.3f}); "
              f"for the other {r['wrong'] - r['ranking']} no candidate lies within 161 km."
            + f" Detection recall {r['R']:.3f}: {r['demonyms']} of the {r['gold']} gold spans are demonyms or "
              f"adjectives (Russian, Sudanese), which by design are not places; recall on the rest {r['R_named']:.3f}.")
        if args.errors:
            c = Counter(e[:4] for e in errs)
            for e, n in c.most_common(args.errors):
                print("   ", n, e)
    ucdp = None
    if "ucdp" in sets:
        errs = []
        ucdp = score_ucdp(args.limit, errs)
        print(ucdp, flush=True)
        if args.errors:
            for e, n in Counter(errs).most_common(args.errors):
                print("   ", n, e)
    md = ["## Geoparsing (`python -m wartrace.evaluation.geo`)", "",
          "Toponym detection by span overlap; resolution on the gold toponyms we detected (a detected toponym we "
          "could not place counts as wrong). GWN: spans with nonLocational=No that have coordinates. "
          "Mordecai3 reference (given gold toponyms): Acc@161 LGL 0.827, TR-News 0.873, GWN 0.941.", ""]
    if rows:
        md.append(table(["corpus", "articles", "gold toponyms", "detection P", "detection R",
                         "R without demonyms", "Acc@161",
                         "GeoNames id match", "median error km", "Acc@161 target", "seconds"], rows))
    if breakdowns and any(not b.endswith(": ") for b in breakdowns):
        md += ["", "Acc@161 by the gold's GeoNames feature code (PCLI country, ADM1/ADM2 divisions, PPL* places; "
                   "? = no code):", ""] + [f"- {b}" for b in breakdowns]
    if notes:
        md += ["", "Where the figures stand against the issue's targets:", ""] + notes + [
            "- Resolution errors are mostly namesakes with too little context in short local articles (Dublin, "
            "Ohio's city council; Decatur, Huntsville, Richmond, Paris; a county and its seat that both have "
            "namesakes in another state, Walker County and Huntsville), conventions on which the corpora disagree "
            "(LGL puts bare 'New York' at the state, the EU at Brussels and Canada at GeoNames' old point; "
            "GeoWebNews puts them at the city, Europe and the new point), and macro-regions whose GeoNames point "
            "is not the one we can source (Middle East, Atlantic, North Africa: our regions.yaml uses the World "
            "Factbook's points or the mean of the member countries). Divisions sit at GeoNames' own points "
            "(admin1_points.yaml). Detection misses are the small English model's (lowercase or mislabelled "
            "names), names the gazetteer lacks (rivers, streets, quarters: Cauvery, Ghouta), adjectives "
            "(South Ossetian, Central American) and spans GeoWebNews counts as places ('US' in 'US dollars')."]
    ucdp_md = []
    if ucdp:
        ucdp_md = ["## Geoparsing: UCDP GED Ukrainian place strings (`python -m wartrace.evaluation.geo --sets ucdp`)", "",
                   f"UCDP GED Ukraine 2014-2021, rows with where_prec <= 2: {ucdp['rows']} rows "
                   f"({ucdp['strings']} distinct `where_description` strings): **{ucdp['within25']:.3f}** resolved "
                   f"within 25 km (target 0.88; 0.792 before the KATOTTG codifier's villages, issue 23); "
                   f"dev {ucdp['within25_dev']:.3f} ({ucdp['dev_rows']} rows), held-out test "
                   f"{ucdp['within25_test']:.3f} ({ucdp['test_rows']} rows): the rows are split by a hash of the "
                   "string (evaluation/geo.py ucdp_split), rules were chosen on the dev rows' misses only. Misses: "
                   + "; ".join(f"{k}: {v}" for k, v in sorted(ucdp["misses"].items(), key=lambda kv: -kv[1])) + ". "
                   f"For {ucdp['ranking']} of the {sum(ucdp['misses'].values())} misses the gazetteer holds a place named in the "
                   f"string within 25 km of the event, so better recognition or ranking could fix them; for the other "
                   f"{sum(ucdp['misses'].values()) - ucdp['ranking']} it holds none, which caps this figure at "
                   f"**{ucdp['ceiling']:.3f}**. " + UCDP_NOTE]
    if args.limit:
        md.insert(2, f"_Quick run on the first {args.limit} articles/rows of each set; not the reported figure._")
        ucdp_md.insert(2, f"_Quick run on the first {args.limit} rows; not the reported figure._")
    # Each part writes its own section, so a run of one set leaves the others' figures alone.
    if not args.no_write and rows:
        write_section("geo", "\n".join(md))
    if not args.no_write and ucdp_md:
        write_section("geo-ucdp", "\n".join(ucdp_md))


if __name__ == "__main__":
    main()
