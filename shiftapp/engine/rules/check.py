"""``check``: every working-time and drivers'-hours rule of a pack over a person's duties."""
from __future__ import annotations

from datetime import date

from . import drivers_hours, working_time
from .findings import apply_derogations, apply_emergency_overrides
from .model import Duty, Finding, PersonFacts
from .packs import RulePack, load_pack, young_overlay
from .timeline import Timeline, midnight, prepare
from .timeutil import local

RULES = (*working_time.RULES, drivers_hours.hts_06_gb_domestic)


def eighteenth_birthday(birth: date) -> date:
    try:
        return birth.replace(year=birth.year + 18)
    except ValueError:  # 29 February
        return date(birth.year + 18, 3, 1)


def _run(tl: Timeline, person: PersonFacts, pack: RulePack) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(tl, person, pack))
    findings = apply_derogations(pack, findings)
    return apply_emergency_overrides(pack, tl, findings)


def check(person: PersonFacts, pack: "str | RulePack", duties: list[Duty],
          on: date | None = None) -> list[Finding]:
    """Check a person's duties against a rule pack.

    ``pack`` is a pack id (resolved on ``on``, default the date of the first duty) or a
    resolved :class:`RulePack`. For the days a person is under 18 (from ``birth_date``)
    the young-worker overlay applies. Findings are sorted by start and rule id; raises
    :class:`RulesInputError` for invalid duties.
    """
    tl = prepare(duties)
    resolved = load_pack(pack, on or tl.first)
    if person.birth_date is not None and tl.work:
        b18 = eighteenth_birthday(person.birth_date)
        if tl.first < b18:
            cut = local(midnight(b18))
            young = [f for f in _run(tl, person, young_overlay(resolved)) if f.end <= cut]
            adult = ([] if tl.last < b18 else
                     [f for f in _run(tl, person, resolved) if f.end > cut])
            return sorted(young + adult, key=lambda f: (f.start, f.rule, f.end))
    return sorted(_run(tl, person, resolved), key=lambda f: (f.start, f.rule, f.end))
