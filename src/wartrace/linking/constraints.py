"""Reviewer decisions about linking, kept apart from the linker's own output.

A merge is a must-link ("these items are one happening"), a split a cannot-link
("items of different groups are never one happening"). Constraints are stored, not
applied once: every re-link reads them again, so a reviewer's split survives. Revoking
one sets `active = False` (nothing is deleted, so the decision trail stays).
"""
from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from itertools import combinations
from typing import Any, Iterable

MUST = "must_link"
CANNOT = "cannot_link"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Constraint:
    kind: str  # must_link | cannot_link
    groups: list[list[str]]  # item ids; must_link: all in one incident; cannot_link: groups kept apart
    reviewer: str | None = None
    reason: str | None = None
    id: str = field(default_factory=lambda: "lc-" + uuid.uuid4().hex[:12])
    created_at: str = field(default_factory=_now)
    active: bool = True
    revoked_by: str | None = None
    revoked_at: str | None = None

    def items(self) -> set[str]:
        return {i for g in self.groups for i in g}

    def pairs(self) -> Iterable[tuple[str, str]]:
        """The item pairs the constraint speaks about."""
        if self.kind == MUST:
            yield from combinations(sorted(self.items()), 2)
        else:
            for g1, g2 in combinations(self.groups, 2):
                for a in g1:
                    for b in g2:
                        yield a, b

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Constraint":
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class ConstraintSet:
    """The active constraints compiled into must-link groups and cannot-link pairs.

    A later decision overrides an earlier one about the same pair: adding a merge
    revokes the earlier splits it contradicts, and the other way round.
    """

    def __init__(self, constraints: Iterable[Constraint] = ()) -> None:
        self.all: list[Constraint] = []
        for c in constraints:
            self.all.append(c)
        self._compile()

    def add(self, c: Constraint) -> list[Constraint]:
        """Add a decision; returns the earlier constraints it revoked."""
        new_pairs = {frozenset(p) for p in c.pairs()}
        revoked = []
        for old in self.all:
            if old.active and old.kind != c.kind and any(frozenset(p) in new_pairs for p in old.pairs()):
                old.active, old.revoked_by, old.revoked_at = False, c.reviewer or c.id, _now()
                revoked.append(old)
        self.all.append(c)
        self._compile()
        return revoked

    def revoke(self, cid: str, reviewer: str | None = None) -> Constraint:
        for c in self.all:
            if c.id == cid:
                c.active, c.revoked_by, c.revoked_at = False, reviewer, _now()
                self._compile()
                return c
        raise KeyError(cid)

    def _compile(self) -> None:
        self._uf = _UnionFind()
        self.cannot: dict[str, set[str]] = {}
        for c in self.all:
            if not c.active:
                continue
            if c.kind == CANNOT:
                for a, b in c.pairs():
                    self.cannot.setdefault(a, set()).add(b)
                    self.cannot.setdefault(b, set()).add(a)
        for c in self.all:
            if c.active and c.kind == MUST:
                ids = sorted(c.items())
                for b in ids[1:]:
                    self._uf.union(ids[0], b)
        self.groups: dict[str, set[str]] = {}
        for x in list(self._uf.parent):
            self.groups.setdefault(self._uf.find(x), set()).add(x)

    def must_group(self, item_id: str) -> set[str]:
        if item_id not in self._uf.parent:
            return {item_id}
        return self.groups[self._uf.find(item_id)]

    def cannot_with(self, item_id: str) -> set[str]:
        return self.cannot.get(item_id, set())

    def touched(self) -> set[str]:
        return {i for c in self.all for i in c.items()}

    def active(self) -> list[Constraint]:
        return [c for c in self.all if c.active]
