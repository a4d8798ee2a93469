"""The reviewer's actions, one service for the CLI and the workbench.

    reviewing.set_status(store, "inc-…", "corroborated", actor="ana", reason="second witness located")
    reviewing.add_note(store, "inc-…", "check the video's metadata", actor="ana")
    reviewing.correct(store, "inc-…", "place", {"place": "Bakhmut", "lat": "48.6", "lon": "38.0"}, "ana", "…")
    reviewing.merge(store, ["inc-a", "inc-b"], actor="ana", reason="one raid")          # -> the merged incident
    reviewing.split(store, "inc-a", [[doc or event ids…], […]], actor="ana", reason="…")  # -> one incident per group
    reviewing.revoke(store, decision_id, actor="ben", reason="same detention after all")

Every action needs a reason and writes a `reviews` row and a custody entry in one format
(store/review.py); bad input raises `ReviewError` with one line saying what is wrong. Status,
note and correction are one write transaction each. Merge, split and revoke are decisions the
linker applies (a must-link or cannot-link that every later re-link keeps; workflow.py), so the
incidents they leave are the ones a re-link would give.
"""
from __future__ import annotations

from typing import Callable, TypeVar

from sqlalchemy.orm import Session

from wartrace.store import review
from wartrace.store.db import Store, begin_write
from wartrace.store.incidents import list_decisions
from wartrace.store.review import ReviewError
from wartrace.workflow import merge_incidents, revoke_decision, split_incident

T = TypeVar("T")
STATUSES = review.STATUSES


def _write(store: Store, action: Callable[[Session], T]) -> T:
    with store.session() as s:
        begin_write(s)  # SQLite: hold the write lock from the first read, so a capture's commit cannot stale it
        out = action(s)
        s.commit()
        return out


def set_status(store: Store, incident_id: str, status: str, actor: str, reason: str | None) -> int:
    """Override the incident's status (kept across re-links); returns the review's id."""
    return _write(store, lambda s: review.set_status(s, incident_id, status, actor, reason).id)


def add_note(store: Store, incident_id: str, note: str, actor: str) -> int:
    return _write(store, lambda s: review.add_note(s, incident_id, note, actor).id)


def correct(store: Store, incident_id: str, field: str, value: dict, actor: str, reason: str | None) -> int:
    """Correct the place, date or actors; a re-link keeps the correction."""
    return _write(store, lambda s: review.correct(s, incident_id, field, value, actor, reason).id)


def merge(store: Store, incident_ids: list[str], actor: str, reason: str | None, resources=None) -> str:
    """Merge the incidents into one; returns its id (the first incident's, unless the re-link renamed it)."""
    reason = review.checked_reason(reason)
    ids = list(dict.fromkeys(incident_ids))
    if len(ids) < 2:
        raise ReviewError("name at least two different incidents to merge")
    with store.session() as s:
        anchors = [_first_item(s, iid) for iid in ids]
    _linked(merge_incidents, store, ids, reviewer=actor, reason=reason, resources=resources)
    with store.session() as s:
        return review.incident_of_item(s, anchors[0]) or ids[0]


def split(store: Store, incident_id: str, groups: list[list[str]], actor: str, reason: str | None,
          resources=None) -> list[str]:
    """Split the incident into these groups of document or event ids; returns the incident of
    each group, in order. One group splits off from the rest of the incident; with several,
    members no group names stay where the linker puts them."""
    reason = review.checked_reason(reason)
    groups = [list(dict.fromkeys(g)) for g in groups if g]
    with store.session() as s:
        _first_item(s, incident_id)
        items = {review.item_id(m): m.document_id for m in review.members(s, incident_id)}
    if len(groups) == 1:
        groups.append([i for i, doc in items.items() if i not in groups[0] and doc not in groups[0]])
    if len(groups) < 2 or not all(groups):
        raise ReviewError("a split needs two groups: name some of the incident's documents or events, not all")
    firsts = []
    for g in groups:
        named = [i for i, doc in items.items() if i in g or doc in g]
        if not named:
            raise ReviewError(f"a group names no member of {incident_id}: {', '.join(g)}")
        firsts.append(named[0])
    _linked(split_incident, store, incident_id, groups, reviewer=actor, reason=reason, resources=resources)
    with store.session() as s:
        return [review.incident_of_item(s, i) or incident_id for i in firsts]


def split_off(store: Store, incident_id: str, document_ids: list[str], actor: str, reason: str | None,
              resources=None) -> str:
    """Move these documents out of the incident into another (the workbench's split); returns its id."""
    reason = review.checked_reason(reason)
    with store.session() as s:
        _first_item(s, incident_id)
        docs = list(dict.fromkeys(m.document_id for m in review.members(s, incident_id)))
    moving = [d for d in docs if d in set(document_ids)]
    staying = [d for d in docs if d not in set(document_ids)]
    if not moving or not staying:
        raise ReviewError("a split needs some documents to move and some to stay")
    return split(store, incident_id, [moving, staying], actor, reason, resources)[0]


def revoke(store: Store, decision_id: str, actor: str, reason: str | None, resources=None) -> list[str]:
    """Undo a merge or split (an id from `decisions`); returns the incidents it touched, re-linked without it."""
    reason = review.checked_reason(reason)
    with store.session() as s:
        if not any(d["id"] == decision_id and d["active"] for d in list_decisions(s)):
            raise ReviewError(f"no active decision {decision_id}")
    return _linked(revoke_decision, store, decision_id, reviewer=actor, reason=reason,
                   resources=resources).incidents_touched


def decisions(store: Store, incident_id: str | None = None) -> list[dict]:
    """Reviewer merges and splits, each with the id `revoke` takes."""
    with store.session() as s:
        return list_decisions(s, incident_id)


def _linked(run: Callable[..., T], *args, **kwargs) -> T:
    """A linker decision; what it refuses (an item it does not know, a group naming no member)
    becomes a ReviewError, so the CLI and the workbench answer with one line."""
    try:
        return run(*args, **kwargs)
    except ReviewError:
        raise
    except (KeyError, ValueError) as exc:
        raise ReviewError(exc.args[0] if exc.args else str(exc)) from exc


def _first_item(session: Session, incident_id: str) -> str:
    """The incident's first linking item; a ReviewError names an unknown or empty incident."""
    review.incident_row(session, incident_id)
    found = review.members(session, incident_id)
    if not found:
        raise ReviewError(f"incident {incident_id} has no members to merge or split")
    return review.item_id(found[0])
