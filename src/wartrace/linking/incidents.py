"""Link items (events, reports) that describe the same happening into incidents.

How an item finds its incident:
1. **Blocking** (near-linear cost): an incident is indexed under keys made of its type
   family × week × place cell (or oblast / country for areas); an item is compared only
   with incidents sharing a key. Items without a stated date (none, or one inferred from
   the days a text mentions) are also blocked by random-hyperplane LSH bands over their
   embeddings, against every item, dated or not; two items with stated dates meet only in
   their week.
2. **Vetoes** (hard, `vetoes.py`): compatible type family, no conflicting facts (stated
   dates more than a day apart, inferred ones half a year apart; towns out of each other's
   reach, an oblast holding the towns in it, where an event states the town (a report item's
   town is only the first of its lead: `LinkConfig.report_town_vetoes`); different struck sites, such as a railway
   station and a restaurant), and no reviewer cannot-link. A missing fact is no conflict.
   The vetoes hold against every member of the incident, not against the union of its days
   and places (complete linkage), so reports cannot chain; a published report that states no
   event, town or date of its own (`LinkItem.stands_alone`) joins nothing.
3. **Score** (soft): cosine of the item's MiniLM embedding with the incident centroid,
   blended with the share of the item's salient names and numbers (IDF-weighted) found
   in the incident. The best incident above the threshold wins, else a new incident.

Items are placed in date order, greedily, then (in a batch `link()` or `relink()`) every
item is re-placed given all the others for a couple of rounds (`refine()`, k-means
style), which undoes the greedy order's early mistakes; `attach()` places new items
against the existing incidents without a rebuild; `relink()` rebuilds everything from the items
and the reviewer constraints (which therefore survive); incident ids stay stable
across rebuilds (an incident keeps the id most of its members had).
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable

import numpy as np

from wartrace.linking.constraints import CANNOT, MUST, Constraint, ConstraintSet
from wartrace.linking.items import FAMILIES, LinkItem, event_item_id, language_free_keys
from wartrace.linking.vetoes import INFERRED_DATES, conflict, same_day_and_town


@dataclass
class LinkConfig:
    embed_weight: float = 0.45  # the rest goes to salient-token overlap
    threshold_event: float = 0.40  # event items that passed the date and place gates
    threshold_report: float = 0.40  # a report (type Other) on either side
    date_tolerance_days: int = 1
    max_gap_km: float = 25.0  # between the edges of two places' uncertainty circles
    # Whether a report item's town (no anchor event: only the first town of its lead, a guess at
    # where its happening was) vetoes a link as an event's stated town does. Chosen with the link
    # threshold by cross-validation over ECB+ topics (evaluation/linking_product.py): every fold's
    # training topics chose False.
    report_town_vetoes: bool = False
    # An item joins an incident of two or more members only if its names and numbers
    # (`LinkItem.names`) agree with theirs (the mean IDF-weighted cosine, `Linker._name_cosine`) at
    # least this share of how well theirs agree with each other: a report that shares only a
    # story's recurring names ("Colts", "Klitschko") with a tight incident tells its sibling (the
    # other game, the other fight). 0 disables. Chosen with the link threshold by cross-validation
    # over ECB+ topics (evaluation/linking_product.py): offered 0, 0.4, 0.5 and 0.6, four folds of
    # five chose 0.5 and one 0.4.
    name_cohesion: float = 0.5
    cell_deg: float = 1.0  # geo blocking cell (neighbouring cells are searched too)
    lsh_bands: int = 16  # for undated items
    lsh_bits: int = 6
    seed: int = 13
    refine_rounds: int = 2  # batch links and rebuilds re-place every item given the others
    # A busy block (a week of undated-type headlines in one region) can hold hundreds of
    # incidents; only the most similar by embedding are scored in full, so cost stays linear.
    max_candidates: int = 64


@dataclass
class Incident:
    id: str
    members: list[str] = field(default_factory=list)  # item ids, in order of placement
    emb_sum: Any = None
    key_counts: Counter = field(default_factory=Counter)
    name_sum: dict[str, float] = field(default_factory=dict)  # members' unit name vectors, summed
    start: date | None = None
    end: date | None = None
    types: Counter = field(default_factory=Counter)
    families: Counter = field(default_factory=Counter)
    points: list[tuple[float, float, float]] = field(default_factory=list)  # lat, lon, radius km
    admin1s: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    actors: Counter = field(default_factory=Counter)
    block_keys: set = field(default_factory=set)
    documents: list[str] = field(default_factory=list)

    @property
    def event_type(self) -> str:
        typed = [(n, t) for t, n in self.types.items() if t != "Other"]
        return max(typed)[1] if typed else "Other"

    def to_dict(self, items: dict[str, LinkItem] | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "event_type": self.event_type,
            "documents": list(self.documents),
            "items": list(self.members),
            "date": {"start": self.start.isoformat() if self.start else None,
                     "end": self.end.isoformat() if self.end else None},
            "actors": [a for a, _ in self.actors.most_common()],
        }
        if items:
            out["events"] = [event_item_id(items[m].document_id, e) for m in self.members
                              for e in items[m].event_ids]
            places = [items[m] for m in self.members if items[m].place_name]
            out["places"] = sorted({(p.place_name, p.place_feature, p.lat, p.lon) for p in places},
                                   key=lambda x: str(x))
        return out


def _week(d: date) -> int:
    return d.toordinal() // 7


def incident_id_for(first_item_id: str) -> str:
    return "inc-" + hashlib.sha1(first_item_id.encode()).hexdigest()[:12]


class Linker:
    def __init__(self, config: LinkConfig | None = None, constraints: ConstraintSet | None = None):
        self.config = config or LinkConfig()
        self.constraints = constraints or ConstraintSet()
        self.items: dict[str, LinkItem] = {}
        self.seq: dict[str, int] = {}
        self.incidents: dict[str, Incident] = {}
        self.item_incident: dict[str, str] = {}
        self.buckets: dict[tuple, set[str]] = defaultdict(set)
        self.df: Counter = Counter()
        self.name_df: Counter = Counter()
        self._name_vecs: dict[str, dict[str, float]] = {}
        self._planes: np.ndarray | None = None

    # --- public API ------------------------------------------------------------------

    def attach(self, new_items: Iterable[LinkItem]) -> set[str]:
        """Place new items against the existing incidents; returns the incident ids touched."""
        fresh = [it for it in new_items if it.id not in self.items]
        for it in fresh:
            self.seq[it.id] = len(self.seq)
            self.items[it.id] = it
            self.df.update(it.keys)
            self.name_df.update(it.names)
        touched: set[str] = set()
        for it in sorted(fresh, key=self._order):
            touched.add(self._place(it))
        return touched

    def relink(self) -> None:
        """Rebuild every incident from the items and the active reviewer constraints."""
        self._rebuild(list(self.items))

    def add_constraint(self, c: Constraint) -> list[Constraint]:
        """Record a reviewer's merge or split and apply it now (local rebuild)."""
        unknown = c.items() - set(self.items)
        if unknown:
            raise KeyError(f"unknown items: {sorted(unknown)[:3]}")
        revoked = self.constraints.add(c)
        self._rebuild_around(c.items())
        return revoked

    def revoke(self, constraint_id: str, reviewer: str | None = None) -> Constraint:
        c = self.constraints.revoke(constraint_id, reviewer)
        self._rebuild_around(c.items())
        return c

    def merge(self, incident_ids: list[str], reviewer: str | None = None, reason: str | None = None) -> Constraint:
        groups = [list(self.incidents[i].members) for i in incident_ids]
        c = Constraint(kind=MUST, groups=groups, reviewer=reviewer, reason=reason)
        self.add_constraint(c)
        return c

    def split(self, groups: list[list[str]], reviewer: str | None = None, reason: str | None = None) -> Constraint:
        """Split by item groups (items of different groups never share an incident again)."""
        c = Constraint(kind=CANNOT, groups=[list(g) for g in groups], reviewer=reviewer, reason=reason)
        self.add_constraint(c)
        return c

    def incident_of(self, item_id: str) -> Incident:
        return self.incidents[self.item_incident[item_id]]

    def incidents_list(self) -> list[Incident]:
        return sorted(self.incidents.values(), key=lambda inc: (inc.start or date.max, inc.id))

    @classmethod
    def from_incidents(cls, items: Iterable[LinkItem], membership: dict[str, str],
                       config: LinkConfig | None = None, constraints: ConstraintSet | None = None) -> "Linker":
        """Rebuild the index of stored incidents (item id -> incident id) without re-deciding anything."""
        lk = cls(config, constraints)
        items = sorted(items, key=lk._order)
        for it in items:
            lk.seq[it.id] = len(lk.seq)
            lk.items[it.id] = it
            lk.df.update(it.keys)
            lk.name_df.update(it.names)
        for it in items:
            iid = membership.get(it.id)
            if iid is None:
                continue
            inc = lk.incidents.get(iid) or lk.incidents.setdefault(iid, Incident(id=iid))
            lk._add(inc, it)
        rest = [it for it in items if it.id not in membership]
        for it in rest:
            lk._place(it)
        return lk

    # --- placing one item -----------------------------------------------------------

    def _order(self, it: LinkItem):
        return (it.start or it.published or date.max, it.published or date.max, it.id)

    def _place(self, it: LinkItem) -> str:
        forbidden = self.constraints.cannot_with(it.id)
        # A reviewer's merge decides before any similarity does.
        for other in sorted(self.constraints.must_group(it.id) - {it.id}):
            iid = self.item_incident.get(other)
            if iid and not (forbidden & set(self.incidents[iid].members)):
                self._add(self.incidents[iid], it)
                return iid
        best, best_score = None, -1.0
        for iid in self._shortlist(it, self._candidates(it)):
            inc = self.incidents[iid]
            if forbidden and forbidden & set(inc.members):
                continue
            if not self._compatible(it, inc) or not self._names_cohere(it, inc):
                continue
            s = self._score(it, inc)
            if s > best_score or (s == best_score and best is not None and iid < best.id):
                best, best_score = inc, s
        if best is not None and best_score >= self._threshold(it, best):
            self._add(best, it)
            return best.id
        inc = Incident(id=self._new_id(it.id))
        self.incidents[inc.id] = inc
        self._add(inc, it)
        return inc.id

    def _new_id(self, item_id: str) -> str:
        base = incident_id_for(item_id)
        iid, n = base, 1
        while iid in self.incidents:
            n += 1
            iid = f"{base}-{n}"
        return iid

    def _threshold(self, it: LinkItem, inc: Incident) -> float:
        cfg = self.config
        if it.kind == "report" or set(inc.families) == {"other"}:
            return cfg.threshold_report
        return cfg.threshold_event

    def _add(self, inc: Incident, it: LinkItem) -> None:
        inc.members.append(it.id)
        if it.document_id not in inc.documents:
            inc.documents.append(it.document_id)
        self.item_incident[it.id] = inc.id
        if it.embedding is not None:
            inc.emb_sum = it.embedding.copy() if inc.emb_sum is None else inc.emb_sum + it.embedding
        inc.key_counts.update(it.keys)
        for k, w in self._name_vec(it).items():
            inc.name_sum[k] = inc.name_sum.get(k, 0.0) + w
        if it.start is not None:
            inc.start = it.start if inc.start is None else min(inc.start, it.start)
            inc.end = it.end if inc.end is None else max(inc.end, it.end)
        inc.types[it.event_type] += 1
        inc.families.update(it.families)
        if it.is_point:
            inc.points.append((it.lat, it.lon, it.radius_km))
        elif it.place_feature == "admin1":
            inc.admin1s.add(it.admin1 or it.place_name or "")
        if it.country:
            inc.countries.add(it.country)
        inc.actors.update(it.actors)
        for k in self._index_keys(it):
            if k not in inc.block_keys:
                inc.block_keys.add(k)
                self.buckets[k].add(inc.id)

    def _take_out(self, item_id: str) -> None:
        """Remove one item from its incident, updating the aggregates by subtraction.

        Blocking keys are left in place: a stale key only offers a candidate that the gates
        and the score then judge on the incident's true aggregates.
        """
        iid = self.item_incident.pop(item_id)
        inc = self.incidents[iid]
        it = self.items[item_id]
        inc.members.remove(item_id)
        if not inc.members:
            self._detach(iid)
            return
        rest = [self.items[m] for m in inc.members]
        if it.embedding is not None and inc.emb_sum is not None:
            inc.emb_sum = inc.emb_sum - it.embedding
        inc.key_counts.subtract(it.keys)
        for k in it.keys:
            if inc.key_counts[k] <= 0:
                del inc.key_counts[k]
        for k, w in self._name_vec(it).items():
            left = inc.name_sum.get(k, 0.0) - w
            if left > 1e-9:
                inc.name_sum[k] = left
            else:
                inc.name_sum.pop(k, None)
        inc.types[it.event_type] -= 1
        if inc.types[it.event_type] <= 0:
            del inc.types[it.event_type]
        inc.families.subtract(it.families)
        inc.families = +inc.families
        inc.actors.subtract(it.actors)
        inc.actors = +inc.actors
        inc.documents = list(dict.fromkeys(r.document_id for r in rest))
        dated = [r for r in rest if r.start is not None]
        inc.start = min((r.start for r in dated), default=None)
        inc.end = max((r.end for r in dated), default=None)
        inc.points = [(r.lat, r.lon, r.radius_km) for r in rest if r.is_point]
        inc.admin1s = {r.admin1 or r.place_name or "" for r in rest if r.place_feature == "admin1"}
        inc.countries = {r.country for r in rest if r.country}

    def refine(self, rounds: int = 2) -> int:
        """Re-place each item given all the others (k-means style), undoing the greedy order's
        early mistakes; reviewer constraints hold throughout. Returns how many items moved."""
        moved_total = 0
        for _ in range(rounds):
            moved = 0
            for item_id in sorted(self.items, key=lambda i: self._order(self.items[i])):
                if len(self.constraints.must_group(item_id)) > 1:
                    continue
                before = self.item_incident[item_id]
                self._take_out(item_id)
                after = self._place(self.items[item_id])
                if after != before:
                    moved += 1
            moved_total += moved
            if not moved:
                break
        return moved_total

    def _remove_incident(self, iid: str) -> None:
        inc = self.incidents.pop(iid)
        for k in inc.block_keys:
            self.buckets[k].discard(iid)
        for m in inc.members:
            if self.item_incident.get(m) == iid:
                del self.item_incident[m]

    # --- gates and score ---------------------------------------------------------------

    def _compatible(self, it: LinkItem, inc: Incident) -> bool:
        fams = it.families
        if "other" not in fams and "other" not in inc.families and not fams & inc.families.keys():
            return False
        # Complete linkage: the vetoes hold against every member, not against the incident's
        # union of days and places, so reports cannot chain (a report of 25 January and one of
        # 19 February joined through reports in between; Melbourne joined Kyiv through reports
        # that named no place).
        return all(self._pair_compatible(it, self.items[m]) for m in inc.members if m in self.items)

    def _pair_compatible(self, a: LinkItem, b: LinkItem) -> bool:
        """Whether two items can report one happening: no fact one states conflicts with one the
        other states (`vetoes.conflict`: dates, places, countries, struck sites)."""
        # A report with no anchor event whose only date is its own publication states no happening
        # to link: similar words alone joined weeks of commentary ("the US warns of an invasion").
        if a.stands_alone or b.stands_alone:
            return False
        cfg = self.config
        return conflict(a, b, cfg.date_tolerance_days, cfg.max_gap_km, cfg.report_town_vetoes) is None

    def _idf(self, key: str, df: Counter | None = None) -> float:
        """A key's IDF over the items linked so far (`df`: the document frequencies it is counted in,
        the keys' by default)."""
        df = self.df if df is None else df
        return math.log((len(self.items) + 1) / (df.get(key, 0) + 1)) + 1.0

    def _other_language(self, it: LinkItem, inc: Incident) -> bool:
        """Whether the item is written in a language none of the incident's items is (both known)."""
        known = {"unknown", None}
        if it.language in known:
            return False
        langs = {self.items[m].language for m in inc.members if m in self.items}
        return bool(langs - known) and it.language not in langs and not langs & known

    def _score(self, it: LinkItem, inc: Incident) -> float:
        cfg = self.config
        if self._other_language(it, inc):
            # across languages only the language-free keys compare (place ids, actors, canonical
            # claimants, numbers): the embedding and the names as written would count a
            # translation as a different story
            return self._key_share(language_free_keys(it.keys), inc)
        emb = 0.0
        if it.embedding is not None and inc.emb_sum is not None:
            norm = float(np.linalg.norm(inc.emb_sum)) or 1.0
            emb = float(np.dot(it.embedding, inc.emb_sum)) / norm
            # or the closest member's, when higher: the reports of one happening each tell part of
            # it, and a new one may read like one of them more than like their average
            emb = max(emb, max((float(np.dot(it.embedding, v)) for v in self._member_vectors(inc)), default=emb))
        if not it.keys:
            return emb
        return cfg.embed_weight * emb + (1 - cfg.embed_weight) * self._key_share(it.keys, inc)

    def _name_vec(self, it: LinkItem) -> dict[str, float]:
        """The item's names and numbers as a unit vector of IDF weights, fixed when first asked for
        (so that an incident's sum loses exactly what it gained when the item leaves)."""
        v = self._name_vecs.get(it.id)
        if v is None:
            v = {k: self._idf(k, self.name_df) for k in it.names}
            norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
            v = self._name_vecs[it.id] = {k: w / norm for k, w in v.items()}
        return v

    def _names_cohere(self, it: LinkItem, inc: Incident) -> bool:
        """Whether the item's names agree with an incident's members at least
        `LinkConfig.name_cohesion` of how well the members' agree with each other."""
        ratio = self.config.name_cohesion
        n = len(inc.members)
        if not ratio or n < 2 or not it.names or not inc.name_sum:
            return True
        # Names tell apart two happenings of one kind that no stated fact separates (ECB+'s two
        # games, two earthquakes); an event that states the same day and town as a member needs no
        # such help, and independent accounts of one strike name different people (the governor
        # in two reports, a resident in a third), which is what corroboration is made of.
        if any(same_day_and_town(it, self.items[m], self.config.max_gap_km) for m in inc.members if m in self.items):
            return True
        # the members' mean pairwise cosine: |sum|^2 counts each member's unit vector once
        # (members without names add nothing) and every pair twice
        sq = sum(w * w for w in inc.name_sum.values())
        named = sum(1 for m in inc.members if m in self.items and self.items[m].names)
        cohesion = (sq - named) / (n * (n - 1))
        return cohesion <= 0 or self._name_cosine(it, inc) >= ratio * cohesion

    def _name_cosine(self, it: LinkItem, inc: Incident) -> float:
        """The mean cosine of the item's name vector with the incident's members' (their summed
        vectors over their number: not the centroid's cosine, which a loose incident of many
        names would raise)."""
        return sum(w * inc.name_sum.get(k, 0.0) for k, w in self._name_vec(it).items()) / len(inc.members)

    def _member_vectors(self, inc: Incident):
        return (self.items[m].embedding for m in inc.members
                if m in self.items and self.items[m].embedding is not None)

    def _key_share(self, keys: set[str], inc: Incident) -> float:
        """The IDF-weighted share of the keys found in the incident's items."""
        n = len(inc.members)
        total = found = 0.0
        for k in keys:
            w = self._idf(k)
            total += w
            c = inc.key_counts.get(k)
            if c:
                found += w * (c / n)
        return found / total if total else 0.0

    # --- blocking --------------------------------------------------------------------------

    def _families(self, it: LinkItem) -> tuple[str, ...]:
        fams = it.families
        return FAMILIES if "other" in fams else tuple(sorted(fams))

    def _weeks(self, it: LinkItem) -> range:
        tol = timedelta(days=self.config.date_tolerance_days)
        return range(_week(it.start - tol), _week(it.end + tol) + 1)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        c = self.config.cell_deg
        return int(math.floor(lat / c)), int(math.floor(lon / c))

    def _lsh_keys(self, it: LinkItem) -> list[tuple]:
        if it.embedding is None:
            return [("nolsh",)]
        cfg = self.config
        if self._planes is None or self._planes.shape[1] != it.embedding.shape[0]:
            rng = np.random.default_rng(cfg.seed)
            self._planes = rng.standard_normal((cfg.lsh_bands * cfg.lsh_bits, it.embedding.shape[0]))
        bits = (self._planes @ it.embedding) > 0
        out = []
        for b in range(cfg.lsh_bands):
            chunk = bits[b * cfg.lsh_bits:(b + 1) * cfg.lsh_bits]
            out.append(("lsh", b, int(np.packbits(chunk)[0])))
        return out

    def _place_index_keys(self, it: LinkItem) -> list[tuple]:
        if it.lat is None and not it.country:
            return [("noplace",), ("all",)]
        keys: list[tuple] = [("all",)]
        if it.is_point:
            keys.append(("c",) + self._cell(it.lat, it.lon))
            if it.admin1:
                keys.append(("a1", it.admin1))
        elif it.place_feature == "admin1":
            keys += [("a1area", it.admin1 or it.place_name), ("a1", it.admin1 or it.place_name)]
        else:
            keys.append(("ccarea", it.country))
        if it.country:
            keys.append(("cc", it.country))
        return keys

    def _place_query_keys(self, it: LinkItem) -> list[tuple]:
        if it.lat is None and not it.country:
            return [("all",)]
        keys: list[tuple] = [("noplace",)]
        if it.is_point:
            ci, cj = self._cell(it.lat, it.lon)
            keys += [("c", ci + di, cj + dj) for di in (-1, 0, 1) for dj in (-1, 0, 1)]
            if it.admin1:
                keys.append(("a1area", it.admin1))
            if it.country:
                keys.append(("ccarea", it.country))
        elif it.place_feature == "admin1":
            keys.append(("a1", it.admin1 or it.place_name))
            if it.country:
                keys.append(("ccarea", it.country))
        elif it.country:
            keys.append(("cc", it.country))
        return keys

    def _lsh(self, it: LinkItem, space: str) -> set[tuple]:
        return {(f, space) + k for f in self._families(it) for k in self._lsh_keys(it)}

    def _index_keys(self, it: LinkItem) -> set[tuple]:
        # An item with a stated date is indexed by week and place, and by its embedding in the
        # "stated" space, where only items without a stated date look: two dated items meet only
        # in their week (linear cost), while a report with no date, or one inferred from the days
        # its text mentions, still meets the dated reports of its happening.
        if not self._stated(it):
            keys = self._lsh(it, "loose")
            if it.dated:
                keys |= self._dated_keys(it, self._place_index_keys(it))
            return keys
        return self._lsh(it, "stated") | self._dated_keys(it, self._place_index_keys(it))

    def _query_keys(self, it: LinkItem) -> set[tuple]:
        if not self._stated(it):
            keys = self._lsh(it, "loose") | self._lsh(it, "stated")
            if it.dated:
                keys |= self._dated_keys(it, self._place_query_keys(it))
            return keys
        return self._lsh(it, "loose") | self._dated_keys(it, self._place_query_keys(it))

    @staticmethod
    def _stated(it: LinkItem) -> bool:
        return it.dated and it.date_source not in INFERRED_DATES

    def _dated_keys(self, it: LinkItem, places: list[tuple]) -> set[tuple]:
        return {(f, w) + p for f in self._families(it) for w in self._weeks(it) for p in places}

    def _shortlist(self, it: LinkItem, candidates: set[str]) -> list[str]:
        """The candidates worth a full score: all of them, or the closest by embedding."""
        ids = sorted(candidates)
        cap = self.config.max_candidates
        if len(ids) <= cap or it.embedding is None:
            return ids
        sums = [self.incidents[i].emb_sum for i in ids]
        if any(v is None for v in sums):
            return ids
        mat = np.vstack(sums)
        sims = mat @ it.embedding / (np.linalg.norm(mat, axis=1) + 1e-9)
        keep = np.argsort(-sims, kind="stable")[:cap]
        return [ids[k] for k in sorted(keep)]

    def _candidates(self, it: LinkItem) -> set[str]:
        out: set[str] = set()
        for k in self._query_keys(it):
            b = self.buckets.get(k)
            if b:
                out |= b
        return out

    # --- rebuilds -------------------------------------------------------------------------

    def _rebuild_around(self, item_ids: set[str]) -> None:
        """Re-place the items of every incident a constraint touches (a local rebuild)."""
        affected = {self.item_incident[i] for i in item_ids if i in self.item_incident}
        members = [m for iid in affected for m in self.incidents[iid].members]
        self._rebuild(members, partial=True)

    def _rebuild(self, item_ids: list[str], partial: bool = False) -> None:
        previous = {m: self.item_incident.get(m) for m in item_ids}
        if partial:
            for iid in {v for v in previous.values() if v}:
                if iid in self.incidents:
                    self._remove_incident(iid)
        else:
            self.incidents.clear()
            self.item_incident.clear()
            self.buckets.clear()
        for it in sorted((self.items[i] for i in item_ids), key=self._order):
            self._place(it)
        if not partial and self.config.refine_rounds:
            self.refine(self.config.refine_rounds)
        self._restore_ids(item_ids, previous)

    def _restore_ids(self, item_ids: list[str], previous: dict[str, str | None]) -> None:
        """Give each rebuilt incident the id most of its members had, where still free."""
        new = sorted({self.item_incident[i] for i in item_ids}, key=lambda iid: (-len(self.incidents[iid].members), iid))
        taken = set(self.incidents) - set(new)
        final: dict[str, str] = {}
        for iid in new:
            votes = Counter(previous.get(m) for m in self.incidents[iid].members if previous.get(m))
            name = next((old for old, _ in votes.most_common() if old not in taken), None)
            if name is None:
                name = iid if iid not in taken else self._fresh_id(iid, taken)
            final[iid] = name
            taken.add(name)
        # Detach first, then re-attach under the final names, so that swaps cannot collide.
        staged = [(name, self._detach(iid)) for iid, name in final.items() if iid != name]
        for name, inc in staged:
            inc.id = name
            self.incidents[name] = inc
            for m in inc.members:
                self.item_incident[m] = name
            for k in inc.block_keys:
                self.buckets[k].add(name)

    @staticmethod
    def _fresh_id(base: str, taken: set[str]) -> str:
        n = 2
        while f"{base}-{n}" in taken:
            n += 1
        return f"{base}-{n}"

    def _detach(self, iid: str) -> Incident:
        inc = self.incidents.pop(iid)
        for k in inc.block_keys:
            self.buckets[k].discard(iid)
        return inc


def link(items: Iterable[LinkItem], config: LinkConfig | None = None,
         constraints: ConstraintSet | None = None) -> Linker:
    """Link a batch of items from scratch (items need embeddings: see items.embed_items)."""
    lk = Linker(config, constraints)
    lk.attach(items)
    if lk.config.refine_rounds:
        lk.refine(lk.config.refine_rounds)
    return lk
