"""Curtois–Qu shift scheduling instances (schedulingbenchmarks.org) as RosterProblems.

Mapping: staff limits -> Person fields; days off -> ``unavailable``; shift on/off requests
-> Request; SECTION_COVER -> Cover (target with under/over weights, no hard minimum).
The objective of the benchmark is exactly the evaluator's objective.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from .domain import Cover, Person, Request, RosterProblem, Roster, ShiftType


def parse(path: str | os.PathLike, name: str | None = None) -> RosterProblem:
    text = Path(path).read_text()
    return parse_text(text, name or Path(path).stem)


def parse_text(text: str, name: str = "instance") -> RosterProblem:
    sections: dict[str, list[str]] = {}
    cur = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            cur = line
            sections[cur] = []
            continue
        if cur is None:
            raise ValueError(f"data before any section: {line!r}")
        sections[cur].append(line)

    horizon = int(sections["SECTION_HORIZON"][0])
    shifts = []
    for line in sections.get("SECTION_SHIFTS", []):
        parts = [x.strip() for x in line.split(",")]
        nxt = frozenset(x for x in (parts[2].split("|") if len(parts) > 2 else []) if x)
        shifts.append(ShiftType(parts[0], int(parts[1]), forbidden_next=nxt))
    people = []
    for line in sections.get("SECTION_STAFF", []):
        parts = [x.strip() for x in line.split(",")]
        mx = {}
        for item in parts[1].split("|"):
            if item:
                k, v = item.split("=")
                mx[k] = int(v)
        people.append(Person(
            id=parts[0], max_shifts=mx, max_minutes=int(parts[2]), min_minutes=int(parts[3]),
            max_consecutive=int(parts[4]), min_consecutive=int(parts[5]),
            min_days_off=int(parts[6]), max_weekends=int(parts[7]),
        ))
    unavailable = {}
    for line in sections.get("SECTION_DAYS_OFF", []):
        parts = [x.strip() for x in line.split(",") if x.strip()]
        for d in parts[1:]:
            unavailable[(parts[0], int(d))] = "day off"
    requests = []
    for sec, on in (("SECTION_SHIFT_ON_REQUESTS", True), ("SECTION_SHIFT_OFF_REQUESTS", False)):
        for line in sections.get(sec, []):
            e, d, s, w = [x.strip() for x in line.split(",")]
            requests.append(Request(e, int(d), s, on, int(w)))
    covers = []
    for line in sections.get("SECTION_COVER", []):
        d, s, req, wu, wo = [x.strip() for x in line.split(",")]
        covers.append(Cover(int(d), (s,), int(req), int(wu), int(wo)))
    return RosterProblem(
        name=name, horizon=horizon, shift_types=shifts, people=people, covers=covers,
        requests=requests, unavailable=unavailable, first_weekday=0,
    )


def roster_to_json(instance: str, objective: int, roster: Roster, **extra) -> dict:
    out = {"instance": instance, "objective": objective, "assignments": {k: list(v) for k, v in roster.items()}}
    out.update(extra)
    return out


def write_roster(path: str | os.PathLike, instance: str, objective: int, roster: Roster, **extra) -> None:
    Path(path).write_text(json.dumps(roster_to_json(instance, objective, roster, **extra), indent=1))


def read_roster(path: str | os.PathLike) -> tuple[str, int, Roster]:
    data = json.loads(Path(path).read_text())
    return data["instance"], int(data["objective"]), {k: list(v) for k, v in data["assignments"].items()}


BEST_KNOWN = {
    "Instance1": 607, "Instance2": 828, "Instance3": 1001, "Instance4": 1716,
    "Instance5": 1143, "Instance6": 1950, "Instance7": 1056, "Instance8": 1300,
    "Instance9": 439, "Instance10": 4631, "Instance11": 3443, "Instance12": 4040,
    "Instance14": 1278, "Instance16": 3225, "Instance20": 4769,
}
