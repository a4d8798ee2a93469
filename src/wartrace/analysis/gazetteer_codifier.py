"""Every Ukrainian settlement of the official KATOTTG codifier in the gazetteer (see
analysis/katottg.py): each at its own GeoNames point when GeoNames has it, else at its hromada's
(or raion's) centre with its placement saying so; indexed under its Ukrainian name, its official
romanisation, its Russian spellings and their romanisations, and the names it bore before the 2016
and 2024 renamings. Called once by analysis/gazetteer.py while it builds the index."""
from __future__ import annotations

import re

from wartrace.analysis.gazetteer_index import Gazetteer
from wartrace.analysis.gazetteer_names import latin_skeleton, norm, stem_cyrillic
from wartrace.analysis.katottg import (
    centre_base,
    former_names,
    read_settlements,
    romanise,
    russian_forms,
    russian_latin,
    russian_style,
)
from wartrace.config import load_yaml
from wartrace.geo import haversine_km

MIN_GUESSED_LATIN = 5  # letters of a generated romanisation of a Russian form worth indexing


def codifier_oblasts(gaz_dir: str) -> dict[str, str]:
    """The codifier's oblast name ("Донецька", "Автономна Республіка Крим") -> GeoNames admin1 code."""
    out = {}
    for r in load_yaml(f"{gaz_dir}/admin1_curated.yaml")["entries"]:
        if r["cc"] == "UA":
            for form in r.get("uk") or []:
                out[norm(re.sub(r"\s+область$", "", form))] = r["code"]
    return out


def add_codifier_settlements(g: Gazetteer, idx: dict, stems: dict, gaz_dir: str) -> None:
    CodifierPlacer(g, idx, stems, gaz_dir).run()


class CodifierPlacer:
    """One build's placing of the codifier's settlements; each step is a method, in run()'s order."""

    def __init__(self, g: Gazetteer, idx: dict, stems: dict, gaz_dir: str) -> None:
        self.g, self.idx, self.stems = g, idx, stems
        self.floor = load_yaml(f"{gaz_dir}/katottg.yaml")["population_floor"]
        oblasts = codifier_oblasts(gaz_dir)
        self.settlements = read_settlements()
        # (settlement, its GeoNames admin1 code, its official romanisation)
        self.rows = [(s, oblasts.get(norm(s.oblast)), romanise(s.name)) for s in self.settlements]
        self.entry_of: dict[str, int] = {}  # codifier code -> its gazetteer entry
        # GeoNames spells many Ukrainian places by another romanisation than the codifier's
        # (Chystyakove for Chystiakove, Ilovays'k for Ilovaisk): compared by a skeleton too.
        self.by_skeleton: dict[str, list[int]] = {}
        for e in range(len(g.names)):
            if g.cc[e] == "UA" and g.feature[e] == "city":
                self.by_skeleton.setdefault(latin_skeleton(g.names[e]), []).append(e)

    def run(self) -> None:
        first_guess, namesakes = self.first_guesses()
        centres = self.unit_centres(first_guess)
        key_unit_names(self.g, self.idx, self.rows, centres, first_guess)
        own = self.pair_points(namesakes, centres, first_guess)
        for i, row in enumerate(self.rows):
            if i in own:
                self.key_at_own_point(row, own[i])
            else:
                self.key_at_unit_centre(row, centres, first_guess)
        self.key_former_names()

    # ---- where each settlement may be ---------------------------------------------
    def geonames_points(self, name: str, latin: str, a1: str | None) -> dict[int, int]:
        """GeoNames places of the oblast that may be this settlement -> 0 when their own name
        is its name, 1 when only an alternate name is (which may be a former name of another
        place: GeoNames lists Oleksiivka among Chystiakove's)."""
        g = self.g
        found: dict[int, int] = {}
        for k in (norm(name), norm(latin)):
            for c in self.idx.get(k, ()):
                found[c >> 1] = min(found.get(c >> 1, 1), c & 1)
        for e in self.by_skeleton.get(latin_skeleton(latin), ()):
            found[e] = 0
        return {e: tier for e, tier in found.items()
                if g.cc[e] == "UA" and g.feature[e] == "city" and g.a1code[e] == a1}

    def first_guesses(self) -> tuple[dict[int, int], dict[int, dict[int, int]]]:
        """row -> a first guess of its GeoNames entry (its own name, most populous), to find the
        hromada centres with; and row -> every GeoNames place it may be, with its tier."""
        own: dict[int, int] = {}
        namesakes: dict[int, dict[int, int]] = {}
        for i, (s, a1, latin) in enumerate(self.rows):
            points = self.geonames_points(s.name, latin, a1)
            if points:
                own[i] = min(points, key=lambda e: (points[e], -self.g.pop[e]))
                namesakes[i] = points
        return own, namesakes

    def unit_centres(self, own: dict[int, int]) -> dict[str, tuple[int, str] | None]:
        """Hromada or raion code -> (row of its centre, how it was chosen), or None when no
        settlement of the unit has a point."""
        by_unit: dict[str, list[int]] = {}
        for i, (s, _a1, _l) in enumerate(self.rows):
            for code in (s.hromada_code, s.raion_code):
                if code:
                    by_unit.setdefault(code, []).append(i)
        centres: dict[str, tuple[int, str] | None] = {}
        for s, _a1, _l in self.rows:
            for code, unit in ((s.hromada_code, s.hromada), (s.raion_code, s.raion)):
                if code and code not in centres:
                    centres[code] = self.centre(by_unit[code], centre_base(unit or ""), own)
        return centres

    def centre(self, members: list[int], base: str, own: dict[int, int]) -> tuple[int, str] | None:
        """A placed settlement the unit is named after, else its most populous placed one."""
        placed = [i for i in members if i in own]
        named = [i for i in placed if norm(self.rows[i][0].name).startswith(norm(base))]
        # the adjective may alternate the stem's last vowel: Старобешівська -> Старобешеве
        near = [i for i in placed if len(base) >= 6 and norm(self.rows[i][0].name).startswith(norm(base)[:-2])]
        for pool, how in ((named, "centre"), (near, "centre"), (placed, "placed settlement")):
            if pool:
                return max(pool, key=lambda i: self.g.pop[own[i]]), how
        return None

    def pair_points(self, namesakes: dict[int, dict[int, int]], centres: dict,
                    first: dict[int, int]) -> dict[int, int]:
        """Settlements and GeoNames places paired one to one: own-name matches first, then nearest
        to the settlement's hromada centre (two Opytnes of Donetsk Oblast get GeoNames' two Opytne
        points, not both the larger one). One left without a point falls back to its hromada's
        centre. The centres keep the points they were chosen with (`first`)."""
        g = self.g
        pairs = []
        for i, points in namesakes.items():
            for e, tier in points.items():
                d = 1e9
                for unit in (self.rows[i][0].hromada_code, self.rows[i][0].raion_code):  # the hromada's, else the raion's
                    c = centres.get(unit) if unit else None
                    # a centre whose own point is this very place cannot say where the settlement lies
                    if c is not None and (c[0] == i or first[c[0]] != e):
                        d = haversine_km(g.lat[e], g.lon[e], g.lat[first[c[0]]], g.lon[first[c[0]]])
                        break
                pairs.append((tier, d, -g.pop[e], i, e))
        own: dict[int, int] = {}
        taken: set[int] = set()
        for _tier, _d, _pop, i, e in sorted(pairs):
            if i not in own and e not in taken:
                own[i] = e
                taken.add(e)
        return own

    # ---- indexing ------------------------------------------------------------------
    def key_at_own_point(self, row: tuple, e: int) -> None:
        """Its own point: GeoNames' entry answers to the codifier's spellings too."""
        s, _a1, latin = row
        g, idx = self.g, self.idx
        g.add_key(idx, s.name, e, True)
        g.add_key(idx, latin, e, True)
        g.add_key(idx, russian_style(s.name), e, True)
        self.stems.setdefault(stem_cyrillic(s.name), []).append(e * 2 + 1)
        self.add_russian_names(s.name, e)
        g.units[e] = self.unit_stems(s)
        self.entry_of[s.code] = e

    def key_at_unit_centre(self, row: tuple, centres: dict, first: dict[int, int]) -> None:
        """Not in GeoNames: a new entry at its hromada's centre, else its raion's; nowhere near a
        known point, it is left out rather than guessed."""
        s, a1, latin = row
        g, idx = self.g, self.idx
        for code, unit, level in ((s.hromada_code, s.hromada, "hromada"), (s.raion_code, s.raion, "raion")):  # noqa: B007 - read after the break
            c = centres.get(code) if code else None
            if c is not None:
                break
        else:
            return
        anchor = first[c[0]]
        how = f"its {level}'s centre" if c[1] == "centre" else f"a settlement of its {level}"
        e = g.add_entry(latin, g.lat[anchor], g.lon[anchor], "UA", a1, "city", self.floor, None)
        g.placement[e] = (f"not in GeoNames: placed at {how}, {g.names[anchor]} ({unit} {level}, "
                          f"KATOTTG {s.code})")
        g.add_key(idx, latin, e, False)
        g.add_key(idx, s.name, e, False)
        g.add_key(idx, russian_style(s.name), e, True)
        self.stems.setdefault(stem_cyrillic(s.name), []).append(e * 2)
        self.add_russian_names(s.name, e)
        g.units[e] = self.unit_stems(s)
        self.entry_of[s.code] = e

    def key_former_names(self) -> None:
        """Names of before the 2016 and 2024 renamings (former_names.yaml), spelled every way the
        current name is: "Krasny Lyman" is Lyman, "Kominternove" Pikuzy."""
        g, idx = self.g, self.idx
        for f in former_names(self.settlements):
            e = self.entry_of.get(f.settlement.code)
            if e is None:
                continue
            spellings = [f.former, romanise(f.former), russian_style(f.former), *f.also]
            for form in spellings:
                g.add_key(idx, form, e, True)
            self.stems.setdefault(stem_cyrillic(f.former), []).append(e * 2 + 1)
            self.add_russian_names(f.former, e)
            for form in spellings + [lat for r in russian_forms(f.former) for lat in (r, *russian_latin(r))]:
                if any(c >> 1 == e for c in idx.get(norm(form), ())):
                    g.former.add((norm(form), e))

    def add_russian_names(self, name: str, e: int) -> None:
        """Its Russian spellings and their romanisations, as alternate names (katottg.yaml)."""
        for form in russian_forms(name):
            self.g.add_key(self.idx, form, e, True)
            self.stems.setdefault(stem_cyrillic(form), []).append(e * 2 + 1)
            for latin in russian_latin(form):
                # a short guessed reading is likelier an English word or abbreviation ("Rev." as Рів -> Ров)
                if len(latin) >= MIN_GUESSED_LATIN:
                    self.g.add_key(self.idx, latin, e, True)

    @staticmethod
    def unit_stems(s) -> tuple[str, ...]:
        """Stems of its hromada's and raion's names, Ukrainian and Russian (unit_matches)."""
        out = []
        for unit in (s.hromada, s.raion):
            if unit:
                base = centre_base(unit)
                out += [norm(romanise(base)).replace(" ", ""), norm(russian_style(base)).replace(" ", "")]
        return tuple(dict.fromkeys(u for u in out if len(u) >= 4))


def key_unit_names(g: Gazetteer, idx: dict, rows: list, centres: dict, first: dict[int, int]) -> None:
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
        g.add_key(idx, key, first[c[0]], True)
        for form in (unit, *russian_forms(unit)):
            g.unit_centres.setdefault(stem_cyrillic(form), key)
