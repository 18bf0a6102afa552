"""Rule packs: every number the rules use, as versioned data.

A pack is a JSON file in ``packs/`` named after its id::

    {"id": "police-ew-constable", "title": "...", "extends": "wtr-gb",
     "versions": [{"effective_from": "2019-01-01", "rules": {"POL-05": {...}},
                   "to_confirm": {"POL-13": "why"}}]}

``load_pack(id, on=date)`` resolves the pack in force on a date: the parent pack (if
``extends``) resolved on that date, then each of the pack's own versions with
``effective_from`` on or before the date, merged in order (rule by rule, key by key). A
change of law is a new version, not a code change. ``young-worker-gb`` is an overlay
applied by :func:`young_overlay` to any pack for the days a person is under 18.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from .model import RulesInputError

YOUNG_OVERLAY = "young-worker-gb"


@dataclass(frozen=True)
class RulePack:
    id: str
    title: str
    effective_from: date
    rules: dict[str, dict[str, Any]]
    to_confirm: dict[str, str] = field(default_factory=dict)
    chain: tuple[str, ...] = ()
    on: date | None = None

    def rule(self, rule_id: str) -> dict[str, Any]:
        return self.rules.get(rule_id, {})

    def enabled(self, rule_id: str) -> bool:
        return bool(self.rules.get(rule_id, {}).get("enabled", False))

    def value(self, rule_id: str, key: str, default: Any = None) -> Any:
        return self.rules.get(rule_id, {}).get(key, default)

    def with_rule(self, rule_id: str, **values: Any) -> "RulePack":
        """A copy with some values of one rule replaced (local agreements, tests)."""
        rules = copy.deepcopy(self.rules)
        rules.setdefault(rule_id, {}).update(values)
        return RulePack(self.id, self.title, self.effective_from, rules,
                        dict(self.to_confirm), self.chain, self.on)


def _merge(into: dict[str, dict], rules: dict[str, dict]) -> None:
    for rule_id, values in rules.items():
        into.setdefault(rule_id, {}).update(copy.deepcopy(values))


@lru_cache(maxsize=None)
def _raw(pack_id: str) -> dict[str, Any]:
    if not pack_id or "/" in pack_id or "\\" in pack_id or pack_id.startswith("."):
        raise RulesInputError(f"unknown rule pack {pack_id!r}")
    try:
        text = (resources.files(__package__) / "packs" / f"{pack_id}.json").read_text(
            encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, OSError):
        known = ", ".join(available_packs())
        raise RulesInputError(f"unknown rule pack {pack_id!r} (known: {known})") from None
    data = json.loads(text)
    if data.get("id") != pack_id:
        raise RulesInputError(f"rule pack file {pack_id}.json declares id {data.get('id')!r}")
    for v in data["versions"]:
        v["_from"] = date.fromisoformat(v["effective_from"])
    data["versions"].sort(key=lambda v: v["_from"])
    return data


def available_packs(include_overlays: bool = False) -> list[str]:
    names = []
    for entry in (resources.files(__package__) / "packs").iterdir():
        if entry.name.endswith(".json"):
            pid = entry.name[:-5]
            if include_overlays or pid != YOUNG_OVERLAY:
                names.append(pid)
    return sorted(names)


def version_dates(pack_id: str) -> list[date]:
    """Every effective-from date in the pack and its ancestors (sorted)."""
    data = _raw(pack_id)
    dates = {v["_from"] for v in data["versions"]}
    if data.get("extends"):
        dates.update(version_dates(data["extends"]))
    return sorted(dates)


def _effective_key(pack_id: str, on: date) -> date:
    applicable = [d for d in version_dates(pack_id) if d <= on]
    if not applicable or _raw(pack_id)["versions"][0]["_from"] > on:
        raise RulesInputError(f"rule pack {pack_id!r} has no version in force on {on}")
    return applicable[-1]


@lru_cache(maxsize=256)
def _resolve(pack_id: str, key: date) -> RulePack:
    data = _raw(pack_id)
    rules: dict[str, dict] = {}
    to_confirm: dict[str, str] = {}
    chain: tuple[str, ...] = ()
    if data.get("extends"):
        parent = _resolve(data["extends"], _effective_key(data["extends"], key))
        rules = copy.deepcopy(parent.rules)
        to_confirm = dict(parent.to_confirm)
        chain = parent.chain
    for v in data["versions"]:
        if v["_from"] <= key:
            _merge(rules, v.get("rules", {}))
            to_confirm.update(v.get("to_confirm", {}))
    return RulePack(pack_id, data.get("title", pack_id), key, rules, to_confirm,
                    chain + (pack_id,), key)


def load_pack(pack: "str | RulePack", on: date | None = None) -> RulePack:
    """The pack in force on ``on`` (default: today). A RulePack passes through unchanged."""
    if isinstance(pack, RulePack):
        return pack
    on = on or date.today()
    return _resolve(pack, _effective_key(pack, on))


def young_overlay(pack: RulePack) -> RulePack:
    """``pack`` with the young-worker overlay (in force on the pack's date) merged on top."""
    on = pack.on or pack.effective_from
    overlay = _resolve(YOUNG_OVERLAY, _effective_key(YOUNG_OVERLAY, on))
    rules = copy.deepcopy(pack.rules)
    _merge(rules, overlay.rules)
    to_confirm = {**pack.to_confirm, **overlay.to_confirm}
    return RulePack(pack.id + "+" + YOUNG_OVERLAY, pack.title + " (young worker)",
                    pack.effective_from, rules, to_confirm, pack.chain + (YOUNG_OVERLAY,),
                    pack.on)


def all_to_confirm() -> dict[str, dict[str, str]]:
    """{pack id: {rule id: note}} over every version of every pack (for the README)."""
    out: dict[str, dict[str, str]] = {}
    for pid in available_packs(include_overlays=True):
        notes: dict[str, str] = {}
        for v in _raw(pid)["versions"]:
            notes.update(v.get("to_confirm", {}))
        if notes:
            out[pid] = notes
    return out
