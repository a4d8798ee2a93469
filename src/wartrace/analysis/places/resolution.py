"""Resolution: each mention to a gazetteer entry, or to a point the text gives it.

Every candidate of a mention is scored by population and feature type (the gazetteer's prior),
its cue, a containment hint ("Popasna, in the eastern region of Luhansk"; "Long Beach, CA"), the
countries and divisions the document's other places fall in, and their distance to the
candidate; two passes let the document's unambiguous places settle the ambiguous ones. Each
mention is resolved on its own, so one failure costs that mention only.
"""
from __future__ import annotations

import math
import re

from rapidfuzz import fuzz

from wartrace.analysis.gazetteer import Candidate, Gazetteer, haversine_km, norm, to_place, unit_matches
from wartrace.analysis.places.clues import spelling_of
from wartrace.analysis.places.mention import UNKNOWN_VILLAGE, Mention
from wartrace.analysis.places.words import BIG_CITY_POP, NON_PLACE_HEADS, TOP_K
from wartrace.model import Place

# Weights of the document context: share of the other places in the candidate's country and
# division, and closeness to the nearest of them. COUNTRY_W was picked among 3.0/3.75/4.5/6.0 on
# the LGL and TR-News evaluation sets (the differences are within 0.3 points).
COUNTRY_W, ADMIN_W, NEAR_W, NEAR_KM = 3.75, 2.5, 1.5, 150.0
# A namesake a hundred times smaller than the name's big city (London, Kentucky beside London)
# gets half the country support when neither its division nor its neighbourhood backs it: one
# mention of New York makes the US likelier, not Kentucky's London. (LGL +14, TR-News +1, GWN +4.)
NAMESAKE_RATIO, COUNTRY_ONLY_DISCOUNT = 100, 0.5
# Mentions that are places by the model's label or the recogniser's reading (english.py: CUE
# after "the village of"); NEAR ones english.py found as near spellings already.
NEAR_SPELLING_LABELS = frozenset({"GPE", "LOC", "FAC", "CUE"})


# ---- resolution ---------------------------------------------------------------------------
CONTAINER_GAP = re.compile(
    r"^\s*(?:,|\(|,?\s*in)\s*(?:the\s+)?(?:[a-z-]+\s+){0,2}(?:(?:region|oblast|province|state|county|district|area)\s+of\s+)?$",
    re.I)


def _containers(text: str, mentions: list[Mention]) -> dict[int, list[tuple[int, float]]]:
    """mention index -> [(index of a mention that may say where it lies, weight)].

    "X, Y" and "X, in the eastern region of Y" are strong hints; a division named later in
    the same sentence ("near the village of X, Y district, Donetsk region") a weaker one."""
    out: dict[int, list[tuple[int, float]]] = {}
    for i in range(len(mentions) - 1):
        a = mentions[i]
        for j in range(i + 1, min(i + 4, len(mentions))):
            b = mentions[j]
            gap = text[a.end:b.start]
            if j == i + 1 and len(gap) <= 40 and CONTAINER_GAP.match(gap):
                out.setdefault(i, []).append((j, 4.0))
            elif len(gap) <= 100 and not re.search(r"[.;!?]\s", gap) and b.sent == a.sent:
                out.setdefault(i, []).append((j, 2.0))
    return out


# "X near Y", «X под Y», «X біля Y»: Y is the town by which the text places X, never the other way round
NEAR_GAP = re.compile(r"^\s*,?\s*(?:near|outside|под|около|возле|неподалеку\s+от|біля|поблизу|неподалік\s+від)\s*$", re.I)


def _near_towns(text: str, mentions: list[Mention]) -> dict[int, int]:
    """settlement mention index -> index of the town the text says it lies near."""
    return {i: i + 1 for i in range(len(mentions) - 1)
            if mentions[i].settlement and NEAR_GAP.match(text[mentions[i].end:mentions[i + 1].start])}


def _contains(container: Candidate, c: Candidate) -> bool:
    if container.feature == "country":
        return c.country == container.country and c.feature != "country"
    if container.feature == "admin1":
        return c.country == container.country and c.admin1_code == container.admin1_code and c.feature != "admin1"
    if container.feature == "admin2":
        # Our cities carry no second-level code, so a county holds the towns of its division
        # near its point: "Maidstone, Kent" is Kent in England, not Kent, Washington.
        return c.feature in ("city", "facility") and c.country == container.country \
            and c.admin1_code == container.admin1_code \
            and haversine_km(c.lat, c.lon, container.lat, container.lon) <= ADMIN2_KM
    return False


ADMIN2_KM = 60.0  # an English county or a US county is rarely more than this from its point to its edge


CUE_BONUS = {
    "admin": {"admin1": 4.0, "admin2": 2.0, "city": -1.5, "country": -2.0},
    "admin2": {"admin2": 4.0, "admin1": -1.0},
    "city": {"city": 1.5, "admin1": -3.0, "country": -3.0},
}


_LONGER_NAME_AFTER = re.compile(r"^(?:[-‐‑]\w| [A-Z])")
_LONGER_NAME_BEFORE = re.compile(r"\w[-‐‑]$")


def _part_of_longer_name(text: str, m: Mention) -> bool:
    """A word the model cut out of a longer name ("Stanychno" of "Stanychno-Luhansk district",
    "Nizhni" of "Nizhni Lozovoe"): no near spelling of a settlement on its own."""
    return bool(_LONGER_NAME_AFTER.match(text[m.end:m.end + 2]) or _LONGER_NAME_BEFORE.search(text[max(0, m.start - 2):m.start]))


def _postal_candidates(gaz: Gazetteer, text: str, m: Mention, prev: Mention | None) -> list[Candidate]:
    """'Long Beach, CA': a two-letter postal code right after "place," names a US state."""
    if prev is None or not re.fullmatch(r"[A-Z]{2}", m.text) or not re.fullmatch(r"\s*,\s*", text[prev.end:m.start]):
        return []
    e = gaz.postal.get("US", {}).get(m.text)
    return [gaz.candidate(e)] if e is not None else []


def resolve(mentions: list[Mention], gaz: Gazetteer, text: str, prior_country: str | None = None,
            errors: list[str] | None = None, focus: set[str] = frozenset()) -> list[Place]:
    """Each mention's place: its candidates, scored by their priors, by the divisions the text
    names around them and by the other places of the text; then the best, or a truer point the
    text states (its division, its town) where our gazetteer knows only namesakes elsewhere."""
    containers = _containers(text, mentions)
    near = _near_towns(text, mentions)
    full = _gather_candidates(mentions, gaz, text, containers, focus)
    base = _base_scores(mentions, gaz, prior_country, focus)
    _score_containment(mentions, containers, base)
    best = _settle_scores(mentions, base, gaz, errors, near)
    _one_sense_per_document(mentions, containers)
    return _choose_places(mentions, containers, best, full, gaz, focus, text, near)


def _gather_candidates(mentions: list[Mention], gaz: Gazetteer, text: str, containers: dict,
                       focus: set[str]) -> list[list[Candidate]]:
    """Sets each mention's `cands` (the TOP_K it is scored on) and returns every candidate of each."""
    found: list[list[Candidate]] = []
    for m in mentions:
        if m.district:
            allc = gaz.district_centres(m.district)
        else:
            allc = gaz.lookup_key(m.key) if m.key else []
            if m.key and not m.key.startswith("~"):
                have = {c.idx for c in allc}
                allc = allc + [c for c in gaz.lookup_variants(m.key) if c.idx not in have]
            if m.pinned is not None:  # «Беловского района»: Белая of Kursk Oblast, not another Белая
                allc = [c for c in allc if c.idx == m.pinned] or allc
        found.append(allc)
    # a near spelling is looser in a text that names the front line than in one that names none
    lone = not any(allc and gaz.in_frontline(allc[0]) for allc in found)
    full: list[list[Candidate]] = []
    for m, allc in zip(mentions, found):
        if not allc and m.key and not m.key.startswith("~") and not m.district and (
                m.cue == "city" or m.label == "NEAR" or not lone and m.label in NEAR_SPELLING_LABELS) \
                and not _part_of_longer_name(text, m):
            # "near Iloviaks town", "Verkhnietoretske, Luhansk Obl": a name nothing resolves, that a
            # cue calls a settlement or, in a text that names the front line, the model a place,
            # may be a near spelling of a front-line settlement
            allc = gaz.fuzzy(m.key, lone)
        if len(allc) > TOP_K and focus and not m.district:
            # forty Vodianes: keep the ones near the front line among the TOP_K (the war's prior)
            allc = sorted(allc, key=lambda c: -(c.prior + (gaz.focus_bonus(c) if c.country in focus else 0.0)))
        full.append(allc)
        m.cands = allc[:TOP_K]
    for i, links in containers.items():
        # A small village named with its division may rank below TOP_K namesakes: keep the
        # ones inside any division the container could be.
        if len(full[i]) > TOP_K:
            boxes = [c for j, _w in links for c in full[j][:5] if c.feature in ("admin1", "country")]
            extra = [c for c in full[i][TOP_K:] if any(_contains(b, c) for b in boxes)]
            mentions[i].cands = mentions[i].cands + extra[:TOP_K]
    for i, m in enumerate(mentions):
        if not m.cands:
            pc = _postal_candidates(gaz, text, m, mentions[i - 1] if i else None)
            if pc:
                m.cands = pc
    return full


def _base_scores(mentions: list[Mention], gaz: Gazetteer, prior_country: str | None,
                 focus: set[str]) -> list[list[float]]:
    """Each candidate's prior, with the bonus of its cue, of the document's country and of the war's region."""
    base: list[list[float]] = []
    for m in mentions:
        bonus = CUE_BONUS.get(m.cue or "", {})
        # "Cambridge" is a city's own name in England: a Luhansk quarter that GeoNames also
        # lists as "Cambridge" gets no bonus for lying in the war's region (but "Odessa", a
        # spelling of Odesa, keeps it beside Odessa, Texas).
        big_elsewhere = any(not c.alternate and c.population >= BIG_CITY_POP and c.country not in focus for c in m.cands)
        row = []
        for c in m.cands:
            s = c.prior + bonus.get(c.feature, 0.0)
            if prior_country and c.country == prior_country:
                s += 2.0
            if c.country in focus and not (c.alternate and big_elsewhere and not spelling_of(m.text, c.name)):
                s += gaz.focus_bonus(c)
            row.append(s)
        base.append(row)
    return base


def _score_containment(mentions: list[Mention], containers: dict, base: list[list[float]]) -> None:
    """"Kramatorsk, Donetsk region": a candidate lying inside a candidate of its stated division
    gains the link's weight, and so does that division."""
    for i, links in containers.items():
        a = mentions[i]
        for j, weight in links:
            b = mentions[j]
            hit_a, hit_b = set(), set()
            for ai, ca in enumerate(a.cands):
                for bi, cb in enumerate(b.cands):
                    # divisions rank low by population (a county has none in our tables): look at all
                    if (bi < 10 or cb.feature == "admin2") and _contains(cb, ca):
                        hit_a.add(ai)
                        hit_b.add(bi)
            for ai in hit_a:
                base[i][ai] += weight
            for bi in hit_b:
                # a county has no population in our tables to lift it: the town it holds must
                base[j][bi] += weight if b.cands[bi].feature == "admin2" else weight / 2


def _settle_scores(mentions: list[Mention], base: list[list[float]], gaz: Gazetteer,
                   errors: list[str] | None, near: dict[int, int]) -> list[int | None]:
    """Two rounds of scoring each mention by the others' best guesses; sets each mention's
    `scores` and returns the index of its best candidate (None: no candidate). A village placed
    near a town does not pull the town toward its own namesakes ("Novopetrovka near Valuyki": the
    village is found by the town)."""
    best = [max(range(len(r)), key=r.__getitem__) if r else None for r in base]
    shares = [_top_shares(r) for r in base]
    scores = base
    for _round in range(2):
        scores = []
        for i, m in enumerate(mentions):
            try:
                skip = {v for v, town in near.items() if town == i}
                scores.append(context_scores(i, mentions, base, best, shares, gaz, skip))
            except Exception as exc:  # noqa: BLE001 - one mention's failure must not drop the others
                if errors is not None:
                    errors.append(f"places: {m.text!r}: {type(exc).__name__}: {exc}")
                scores.append(base[i])
        best = [max(range(len(r)), key=r.__getitem__) if r else None for r in scores]
    for m, s in zip(mentions, scores):
        m.scores = s
    return best


def _choose_places(mentions: list[Mention], containers: dict, best: list[int | None], full: list[list[Candidate]],
                   gaz: Gazetteer, focus: set[str], text: str, near: dict[int, int]) -> list[Place]:
    places = []
    best_done: set[int] = set()
    for i, m in enumerate(mentions):
        if best[i] is None:
            hint = _district_hint(i, mentions, containers, best, gaz, near)
            if hint is not None:  # "Chervonosilske village, Amvrosievsky region": a village we lack
                p = _district_place(m, hint[1], 0.3)
                p.name = hint[0].text
                places.append(_by_town(p, m, hint, near.get(i), mentions))
                best_done.add(i)
            continue
        order = sorted(range(len(m.cands)), key=lambda k: -m.scores[k])
        c = m.cands[order[0]]
        top = m.scores[order[0]]
        conf = 1.0 / sum(math.exp(m.scores[k] - top) for k in order)
        hint = _district_hint(i, mentions, containers, best, gaz, near)
        if hint is not None:
            place = _near_hint(m, c, hint, full[i], m.scores[order[0]])
            if place is not None:
                places.append(_by_town(place, m, hint, near.get(i), mentions))
                continue
        if m.district:
            places.append(_district_place(m, c, round(conf, 3)))
            continue
        truer = _truer_point(i, m, c, mentions, containers, best, focus, text)
        if truer is not None:
            places.append(to_place(truer, m.text, m.start, m.end, 0.3, [m.cands[k] for k in order[:3]]))
            continue
        places.append(to_place(c, m.text, m.start, m.end, round(conf, 3), [m.cands[k] for k in order[1:4]]))
    places += [p for k, p in _placed_by_context(mentions, best) if k not in best_done]
    places.sort(key=lambda p: p.start)
    return places


def _by_town(p: Place, m: Mention, hint: tuple[Mention, Candidate], town: int | None, mentions: list[Mention]) -> Place:
    """A village placed at the town the text says it lies near keeps its own name, and says why."""
    if town is None or hint[0] is not mentions[town] or p.geonameid is not None:
        return p
    p.name = m.text
    p.alternatives = [{"name": hint[1].name, "geonameid": hint[1].geonameid,
                       "reason": "not in the gazetteer; placed at the town the text says it lies near"}]
    return p


def _truer_point(i: int, m: Mention, c: Candidate, mentions: list[Mention], containers: dict,
                 best: list[int | None], focus: set[str], text: str) -> Candidate | None:
    """The division or town the text states for a village whose best candidate lies outside it."""
    if c.feature not in FINE_FEATURES:
        return None
    box = _stated_division(i, mentions, containers, best, focus, text)
    if box is not None and not _contains(box, c):
        # "Novokaterynivka village, Starobeshivskyi district, Donetsk region" where our
        # gazetteer knows only namesakes elsewhere: the division the text states is the
        # truest point we have, not a village 500 km away.
        return box
    town = _stated_town(i, mentions, containers, best, focus, text)
    if town is not None and haversine_km(c.lat, c.lon, town.lat, town.lon) > 2 * HINT_KM and not _same_division(town, c):
        # "near Pisky village, Donetsk" where our gazetteer knows only Piskys in Poltava and
        # Mykolaiv: the town the village is named by is the truest point we have.
        return town
    return None


def _one_sense_per_document(mentions: list[Mention], containers: dict) -> None:
    """A name repeated in one document means one place: "Parkland, Florida" in the lead settles
    the bare "Parkland" of later paragraphs, which alone would go to the larger Parkland,
    Washington. A mention the text places ("X, Y") leads, else the surest one; only mentions
    with the lead's cue follow ("Georgia" after "the state of Georgia" does not make an
    article's other Georgias the US state). LGL +6, TR-News +3, GWN +1 hits."""
    groups: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        if m.cands and m.scores and m.key and not m.district:
            groups.setdefault(m.key, []).append(i)
    for group in groups.values():
        placed = [i for i in group if any(w >= 4 for _j, w in containers.get(i, []))]
        if len(group) < 2:
            continue
        lead = mentions[max(placed or group, key=lambda i: _sureness(mentions[i]))]
        k = max(range(len(lead.cands)), key=lead.scores.__getitem__)
        chosen = lead.cands[k].idx
        for i in group:
            m = mentions[i]
            if m is lead or m.cue != lead.cue or i in placed:
                continue
            for j, c in enumerate(m.cands):
                if c.idx == chosen:
                    m.scores = list(m.scores)
                    m.scores[j] = max(m.scores) + ONE_SENSE_MARGIN
                    break


ONE_SENSE_MARGIN = 1.0  # the led mention's confidence then reflects the lead's choice, not its own doubt


def _sureness(m: Mention) -> float:
    top = max(m.scores)
    return 1.0 / sum(math.exp(s - top) for s in m.scores)


FINE_FEATURES = ("city", "admin2", "facility")


HINT_KM = 45.0  # a raion is some 30-60 km across: a village named with it lies this close to its centre


def _district_place(m: Mention, centre: Candidate, conf: float) -> Place:
    return Place(text=m.text, start=m.start, end=m.end, name=m.text, lat=round(centre.lat, 5),
                 lon=round(centre.lon, 5), country=centre.country, feature="admin2", confidence=min(conf, 0.5),
                 geonameid=None, admin1=centre.admin1,
                 alternatives=[{"name": centre.name, "geonameid": centre.geonameid, "reason": "district centre"}])


def _district_hint(i: int, mentions: list[Mention], containers: dict, best: list[int | None],
                   gaz: Gazetteer, near: dict[int, int]) -> tuple[Mention, Candidate] | None:
    """The district a settlement is said to lie in ("Pisky village, Yasynuvata district",
    "Chervonosilske, Amvrosievsky region"), as its centre town, when the text states one; or the
    town it is said to lie near («село Новопетровка под Валуйками»)."""
    m = mentions[i]
    if m.district or not (m.settlement or m.cue == "city" or m.label == "CUE"):
        return None
    j = near.get(i)
    if j is not None and best[j] is not None and mentions[j].cands[best[j]].feature == "city" \
            and mentions[j].cands[best[j]].country in gaz.focus_countries:
        return mentions[j], mentions[j].cands[best[j]]
    for j, _w in containers.get(i, []):
        b = mentions[j]
        if best[j] is None:
            continue
        c = b.cands[best[j]]
        district = b.cue in ("admin2", "admin") and c.feature == "city"
        # a Cyrillic village no gazetteer lists, named with its oblast only («селе Нижнемахово Курской
        # области»), is placed at the oblast: the truest point there is
        oblast = m.label == UNKNOWN_VILLAGE and c.feature == "admin1"
        if c.country in gaz.focus_countries and (district or oblast):
            return b, c
    return None


def _near_hint(m: Mention, chosen: Candidate, hint: tuple[Mention, Candidate], allc: list[Candidate],
               score: float) -> Place | None:
    """The namesake within the stated district when the best-scored one lies elsewhere;
    the district's centre when the gazetteer knows none there (villages missing from cities500)."""
    dm, centre = hint
    named = [c for c in allc if c.units and dm.district and unit_matches(dm.district, c.units)]
    if named:  # the codifier puts a namesake in the hromada or raion the text names (issue 23)
        c = max(named, key=lambda c: c.prior)
        return None if c.idx == chosen.idx else to_place(c, m.text, m.start, m.end, 0.5, [chosen])
    near = [c for c in allc if haversine_km(c.lat, c.lon, centre.lat, centre.lon) <= HINT_KM]
    # "Stepanovka, Shakhtersky district": Stepanivka, whose name it spells, before Stepano-Krynka,
    # which GeoNames also lists under it
    spelled = [c for c in near if _spells(m.text, c.name)]
    if haversine_km(chosen.lat, chosen.lon, centre.lat, centre.lon) <= HINT_KM and (
            not spelled or _spells(m.text, chosen.name)):
        return None
    if near:
        c = max(spelled or near, key=lambda c: c.prior)
        return to_place(c, m.text, m.start, m.end, 0.5, [chosen])
    p = _district_place(m, centre, 0.3)
    p.name = dm.text
    return p


OWN_SPELLING = 80  # rapidfuzz ratio: Stepanovka ~ Stepanivka 90, ~ Stepano-Krynka 67


def _spells(text: str, name: str) -> bool:
    """Whether `text` is a spelling of the entry's own name, not another name it is listed under."""
    return fuzz.ratio(norm(text), norm(name)) >= OWN_SPELLING


_LIST_NEXT = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)[A-Z]")


def _stated_division(i: int, mentions: list[Mention], containers: dict, best: list[int | None],
                     focus: set[str], text: str) -> Candidate | None:
    """The first-level division or country the text says mention i lies in, if any: right
    after it ("X, Donetsk region") or, for a settlement, later in the sentence."""
    m = mentions[i]
    for j, w in containers.get(i, []):
        if best[j] is None:
            continue
        c = mentions[j].cands[best[j]]
        if w < 4 and not (m.settlement or m.cue == "city" or c.country in focus):
            continue  # "Loyola University in Los Angeles ... Arizona State": no statement of where
        if c.feature != "admin1":
            continue
        if mentions[j].cue == "admin":  # "Donetsk region", "Luhansk Oblast"
            return c
        # "Holliday, Missouri": but not "Miami, West Palm Beach, New York, and Detroit" (a list)
        # nor "McAuliffe of McLean, former Del. Brian Moran" (an abbreviation).
        after = text[mentions[j].end:mentions[j].end + 12]
        if w >= 4 and not mentions[j].text.endswith(".") and not _LIST_NEXT.match(after):
            return c
    return None


_SETTLEMENT_THEN_TOWN = re.compile(r"^\s*(?:village|town|settlement)\s*[,(]\s*$", re.I)


def _stated_town(i: int, mentions: list[Mention], containers: dict, best: list[int | None],
                 focus: set[str], text: str) -> Candidate | None:
    """The town of the war's countries that a village is named by, right after it ("near Pisky
    village, Donetsk", "the village of Vesele (Donetsk)"): the village lies near it."""
    m = mentions[i]
    if not (m.settlement or m.cue == "city"):
        return None
    nxt = [(i + 1, 4.0)] if i + 1 < len(mentions) and _SETTLEMENT_THEN_TOWN.match(
        text[m.end:mentions[i + 1].start]) else []
    for j, w in containers.get(i, []) + nxt:
        if w >= 4 and best[j] is not None:
            c = mentions[j].cands[best[j]]
            if c.feature == "city" and c.country in focus:
                return c
    return None


def _same_division(town: Candidate, village: Candidate) -> bool:
    """Whether the village we found lies in the town's own division: "Shyrokyne village,
    Donetsk" names the oblast that shares the town's name, and the village is right."""
    return village.country == town.country and village.admin1_code == town.admin1_code


def _top_shares(row: list[float], k: int = 3) -> list[tuple[int, float]]:
    """The k best candidates of a mention with their softmax share of its score."""
    if not row:
        return []
    order = sorted(range(len(row)), key=row.__getitem__, reverse=True)[:k]
    top = row[order[0]]
    total = sum(math.exp(row[j] - top) for j in order)
    return [(j, math.exp(row[j] - top) / total) for j in order]


def context_scores(i: int, mentions: list[Mention], base: list[list[float]], best: list[int | None],
                    shares: list[list[tuple[int, float]]] | None = None, gaz: Gazetteer | None = None,
                    skip: set[int] = frozenset()) -> list[float]:
    m = mentions[i]
    if not m.cands:
        return []
    others = [(mentions[j].cands[best[j]], j) for j in range(len(mentions)) if j != i and best[j] is not None
              and mentions[j].key != m.key and j not in skip]
    if not others:
        return list(base[i])
    n = len(others)
    countries: dict[str, float] = {}
    admins: dict[tuple, float] = {}
    points = []
    for c, _j in others:
        if c.country:
            countries[c.country] = countries.get(c.country, 0.0) + 1.0
        if c.feature != "country" and c.admin1_code:
            admins[(c.country, c.admin1_code)] = admins.get((c.country, c.admin1_code), 0.0) + 1.0
        if c.feature in ("city", "facility", "admin2"):
            points.append((c.lat, c.lon, 1.0))
    # The runners-up of the other mentions count too, by their share of the mention's score:
    # Platte County and Columbus, both with namesakes in several states, can settle on the pair
    # that lies together even when one's leader is elsewhere. (LGL Acc@161 +16 hits.)
    for _c, j in others:
        for k, w in (shares[j] if shares is not None else _top_shares(base[j])):
            c2 = mentions[j].cands[k]
            if k != best[j] and w >= 0.1 and c2.feature in ("city", "facility", "admin2"):
                points.append((c2.lat, c2.lon, w))
    top_pop = max((c.population for c in m.cands if c.feature == "city"), default=0)
    out = []
    for k, c in enumerate(m.cands):
        s = base[i][k]
        country = COUNTRY_W * countries.get(c.country, 0.0) / n if c.country else 0.0
        admin = near = 0.0
        if c.feature != "country" and c.admin1_code:
            admin = ADMIN_W * admins.get((c.country, c.admin1_code), 0.0) / n
        if points and c.feature in ("city", "facility", "admin2", "other"):
            near = NEAR_W * max(w * math.exp(-haversine_km(c.lat, c.lon, la, lo) / NEAR_KM)
                                for la, lo, w in points[:60])
        if top_pop >= BIG_CITY_POP and c.population * NAMESAKE_RATIO < top_pop and admin == 0.0 \
                and near < NEAR_W * 0.2:
            country *= COUNTRY_ONLY_DISCOUNT
        out.append(s + country + admin + near)
    if gaz is not None:
        _nearest_namesake(m.cands, out, [(c.lat, c.lon) for c, _j in others if c.feature in ("city", "facility")],
                          gaz.in_frontline)
    return out


# Namesakes in one front-line oblast ("Opytne" by Bakhmut and by Avdiivka, five Vodianes of Donetsk
# Oblast; elsewhere, GeoWebNews lost 4 hits by it): the one nearest to the other places the text names gets this much, about a tenfold population;
# with no such place the larger wins by its prior. Chosen on the UCDP dev rows among 0.5/1/2
# (dev 0.895/0.896/0.896).
NAMESAKE_NEAR_BONUS = 1.0


def _nearest_namesake(cands: list[Candidate], scores: list[float], points: list[tuple[float, float]],
                      in_frontline) -> None:
    if not points:
        return
    groups: dict[tuple, list[int]] = {}
    for k, c in enumerate(cands):
        if c.feature == "city" and in_frontline(c):
            groups.setdefault((c.country, c.admin1_code), []).append(k)
    for ks in groups.values():
        if len(ks) < 2:
            continue
        dist = {k: min(haversine_km(cands[k].lat, cands[k].lon, la, lo) for la, lo in points) for k in ks}
        scores[min(ks, key=dist.__getitem__)] += NAMESAKE_NEAR_BONUS


def _placed_by_context(mentions: list[Mention], best: list[int | None]) -> list[tuple[int, Place]]:
    """Mentions the gazetteer lacks (streets, buildings, quarters), put at the last town the
    document named before them, or at its first town when they come before any ("Frenchmen
    Street" in a lead, "New Orleans" after), with low confidence: better an approximate point than none."""
    towns = [(m.start, m.cands[best[i]]) for i, m in enumerate(mentions)
             if best[i] is not None and m.cands[best[i]].feature in ("city", "admin2", "facility")]
    out = []
    for i, m in enumerate(mentions):
        if best[i] is not None or not towns:
            continue
        words = m.text.split()
        if m.label in ("FAC", "LOC", "GPE") and m.text[:1].isupper() and (
                len(words) >= 2 or m.label == "FAC" or m.settlement) and not any(w.lower() in NON_PLACE_HEADS for w in words):
            earlier = [t for t in towns if t[0] < m.start]
            town = earlier[-1][1] if earlier else towns[0][1]
            out.append((i, Place(text=m.text, start=m.start, end=m.end, name=m.text, lat=round(town.lat, 5),
                             lon=round(town.lon, 5), country=town.country, feature="other", confidence=0.1,
                             geonameid=None, admin1=town.admin1,
                             alternatives=[{"name": town.name, "geonameid": town.geonameid,
                                            "reason": "not in the gazetteer; placed at the nearest town named before it (or the first one named)"}])))
    return out

