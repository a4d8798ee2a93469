"""The gazetteer's index: a column store of places with a name index, and its lookups (exact,
by Cyrillic stem, by romanisation variant, near spellings), each answer ranked by a prior.
Built by analysis/gazetteer.py (and gazetteer_codifier.py for the Ukrainian codifier)."""
from __future__ import annotations

import math
from array import array
from dataclasses import dataclass

from wartrace.analysis.gazetteer_names import CYRILLIC, norm, romanisation_variants, stem_cyrillic
from wartrace.model import Place

GAZ_DIR = "gazetteer"  # its data folder, under wartrace/data

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
    def add_entry(self, name, lat, lon, cc, a1code, feature, pop, gid) -> int:
        """A new place; its number is its position, so builders add in a fixed order."""
        self.names.append(name)
        self.lat.append(float(lat))
        self.lon.append(float(lon))
        self.cc.append(cc)
        self.a1code.append(a1code)
        self.feature.append(feature)
        self.pop.append(int(pop or 0))
        self.gid.append(int(gid or 0))
        return len(self.names) - 1

    def add_key(self, index: dict, name: str, entry: int, alternate: bool) -> None:
        """Index `name` (normalised) as the entry's own name or, with `alternate`, another name of it."""
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
        if not cands and CYRILLIC.search(name):
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
        if len(key.replace(" ", "")) < (FUZZY_LONE_MIN_LETTERS if lone else FUZZY_MIN_LETTERS) or CYRILLIC.search(key):
            return []
        if getattr(self, "_fuzzy_keys", None) is None:
            self._fuzzy_keys = [k for k, codes in self.index.items() if not CYRILLIC.search(k) and any(
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
                if " " in k or CYRILLIC.search(k):
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

