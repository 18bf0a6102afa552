"""``shiftapp rules …``: the rules engine from the command line, JSON in and JSON out.

- ``shiftapp rules check FILE.json``: findings for a person's duties under a rule pack.
- ``shiftapp rules compensate FILE.json``: compensation for one change to a published duty.
- ``shiftapp rules packs``: the rule packs and the rules still marked to confirm.

``FILE`` may be ``-`` for standard input. Bad input prints one line on stderr and exits
with status 2; no traceback.
"""
from __future__ import annotations

import json
import sys
from datetime import date, datetime
from typing import Any

from shiftapp.engine.rules import (Change, Duty, OptOut, Override, PersonFacts, RulesInputError,
                                   all_to_confirm, available_packs, check, compensate,
                                   compensatory_rest_owed, load_pack)
from shiftapp.engine.rules.timeutil import LONDON

EXIT_BAD_INPUT = 2


def _date(value: Any, what: str) -> date:
    if not isinstance(value, str):
        raise RulesInputError(f"{what} must be a date like 2026-03-02, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RulesInputError(f"{what} must be a date like 2026-03-02, got {value!r}") from None


def _datetime(value: Any, what: str) -> datetime:
    if not isinstance(value, str) or len(value) < 16 or "T" not in value:
        raise RulesInputError(f"{what} must be a local date-time like 2026-03-02T07:00, got {value!r}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise RulesInputError(f"{what} must be a local date-time like 2026-03-02T07:00, got {value!r}") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(LONDON).replace(tzinfo=None)
    return moment


def _int(obj: dict, key: str, what: str, default: int = 0) -> int:
    value = obj.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RulesInputError(f"{what}: {key} must be a whole number of 0 or more, got {value!r}")
    return value


def _bool(obj: dict, key: str, what: str, default: bool = False) -> bool:
    value = obj.get(key, default)
    if not isinstance(value, bool):
        raise RulesInputError(f"{what}: {key} must be true or false, got {value!r}")
    return value


def _object(value: Any, what: str) -> dict:
    if not isinstance(value, dict):
        raise RulesInputError(f"{what} must be a JSON object")
    return value


def parse_person(raw: Any) -> PersonFacts:
    raw = _object(raw if raw is not None else {}, "person")
    opt = raw.get("opt_out", False)
    opt_out = None
    if opt is True:
        opt_out = OptOut()
    elif isinstance(opt, dict):
        opt_out = OptOut(
            signed=_date(opt["signed"], "person.opt_out.signed") if opt.get("signed") else None,
            withdrawn=_date(opt["withdrawn"], "person.opt_out.withdrawn") if opt.get("withdrawn") else None)
    elif opt not in (False, None):
        raise RulesInputError("person.opt_out must be true, false or {\"signed\": ..., \"withdrawn\": ...}")

    def optional_date(key: str) -> date | None:
        return _date(raw[key], f"person.{key}") if raw.get(key) else None
    hours = raw.get("contract_hours")
    if hours is not None and (isinstance(hours, bool) or not isinstance(hours, (int, float))):
        raise RulesInputError("person.contract_hours must be a number")
    return PersonFacts(birth_date=optional_date("birth_date"),
                       service_start=optional_date("service_start"), opt_out=opt_out,
                       special_hazard=_bool(raw, "special_hazard", "person"),
                       night_assessment=optional_date("night_assessment"),
                       contract_hours=hours)


def parse_duty(raw: Any, n: int) -> Duty:
    what = f"duty {n}"
    raw = _object(raw, what)
    kind = raw.get("kind", "work")
    if not isinstance(kind, str):
        raise RulesInputError(f"{what}: kind must be a string")
    if "date" in raw and "start" not in raw:
        return Duty(kind, day=_date(raw["date"], f"{what}: date"))
    if "start" not in raw or "end" not in raw:
        raise RulesInputError(f"{what}: needs start and end (or a date for a day entry)")
    breaks = []
    for b in raw.get("breaks", []) or []:
        b = _object(b, f"{what}: break")
        breaks.append((_datetime(b.get("start"), f"{what}: break start"),
                       _datetime(b.get("end"), f"{what}: break end")))
    emergency = None
    if raw.get("emergency") is not None:
        e = _object(raw["emergency"], f"{what}: emergency")
        emergency = Override(reason=str(e.get("reason", "")), approver=str(e.get("approver", "")))
    driving = raw.get("driving_minutes")
    if driving is not None:
        driving = _int(raw, "driving_minutes", what)
    return Duty(kind, _datetime(raw["start"], f"{what}: start"), _datetime(raw["end"], f"{what}: end"),
                break_minutes=_int(raw, "break_minutes", what), breaks=tuple(breaks),
                driving_minutes=driving, emergency=emergency)


def run_check(doc: Any) -> dict:
    doc = _object(doc, "the input")
    pack_id = doc.get("rule_pack")
    if not isinstance(pack_id, str):
        raise RulesInputError("rule_pack must name a rule pack, e.g. \"police-ew-constable\"")
    duties_raw = doc.get("duties")
    if not isinstance(duties_raw, list):
        raise RulesInputError("duties must be a list")
    person = parse_person(doc.get("person"))
    duties = [parse_duty(d, i) for i, d in enumerate(duties_raw, 1)]
    on = _date(doc["on"], "on") if doc.get("on") else None
    load_pack(pack_id, on or date.today())  # unknown pack -> clear error even with no duties
    findings = check(person, pack_id, duties, on=on)
    return {"rule_pack": pack_id,
            "findings": [f.to_dict() for f in findings],
            "compensatory_rest_minutes": compensatory_rest_owed(findings)}


def run_compensate(doc: Any) -> dict:
    doc = _object(doc, "the input")
    pack_id = doc.get("rule_pack")
    if not isinstance(pack_id, str):
        raise RulesInputError("rule_pack must name a rule pack, e.g. \"police-ew-constable\"")
    c = _object(doc.get("change"), "change")
    what = "change"
    if not isinstance(c.get("kind"), str):
        raise RulesInputError("change.kind must be one of rest_day_worked, public_holiday_worked, "
                              "overtime, recall, annual_leave_worked, rest_day_reinstated, part_time_extra")
    occasion = _int(c, "occasion_in_week", what, 1)
    week_hours = c.get("week_hours_before", 0)
    if isinstance(week_hours, bool) or not isinstance(week_hours, (int, float)) or week_hours < 0:
        raise RulesInputError("change.week_hours_before must be a number of 0 or more")
    change = Change(
        kind=c["kind"], start=_datetime(c.get("start"), "change.start"),
        end=_datetime(c.get("end"), "change.end"),
        notified=_datetime(c["notified"], "change.notified") if c.get("notified") else None,
        planned=_bool(c, "planned", what), occasion_in_week=max(1, occasion),
        travel_minutes=_int(c, "travel_minutes", what), toil=_bool(c, "toil", what),
        run_on=_bool(c, "run_on", what), absence_days=_int(c, "absence_days", what),
        day_number=max(1, _int(c, "day_number", what, 1)),
        cancellation_notified=(_datetime(c["cancellation_notified"], "change.cancellation_notified")
                               if c.get("cancellation_notified") else None),
        works=_bool(c, "works", what), week_hours_before=float(week_hours))
    result = compensate(pack_id, change).to_dict()
    return {"rule_pack": pack_id, **result}


def _read(path: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    except OSError as exc:
        raise RulesInputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RulesInputError(f"{path} is not valid JSON: {exc.msg} at line {exc.lineno} "
                              f"column {exc.colno}") from None


def _guard(func):
    def run(args) -> int:
        try:
            out = func(args)
        except RulesInputError as exc:
            print(f"shiftapp rules: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except (KeyError, TypeError, ValueError) as exc:
            print(f"shiftapp rules: invalid input ({type(exc).__name__}: {exc})", file=sys.stderr)
            return EXIT_BAD_INPUT
        json.dump(out, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    return run


def _packs(_args) -> dict:
    packs = []
    for pid in available_packs(include_overlays=True):
        p = load_pack(pid)
        packs.append({"id": pid, "title": p.title, "extends": list(p.chain[:-1]),
                      "in_force_from": p.effective_from.isoformat()})
    return {"packs": packs, "to_confirm": all_to_confirm()}


def register(subparsers) -> None:
    parser = subparsers.add_parser("rules", help="check duties against working-time and police rules")
    sub = parser.add_subparsers(dest="rules_command", required=True)
    p = sub.add_parser("check", help="findings for a person's duties (JSON in, JSON out)")
    p.add_argument("file", help="JSON file, or - for standard input")
    p.set_defaults(func=_guard(lambda a: run_check(_read(a.file))))
    p = sub.add_parser("compensate", help="compensation for a change to a published duty")
    p.add_argument("file", help="JSON file, or - for standard input")
    p.set_defaults(func=_guard(lambda a: run_compensate(_read(a.file))))
    p = sub.add_parser("packs", help="list rule packs and the rules still to confirm")
    p.set_defaults(func=_guard(_packs))
