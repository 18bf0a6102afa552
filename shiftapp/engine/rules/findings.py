"""Building findings from pack values, and the override / derogation ledger (WTR-11, WTR-12)."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from .model import BLOCK, WARN, Finding
from .packs import RulePack
from .timeline import Timeline
from .timeutil import hm, local


def finding(pack: RulePack, rule: str, s: int, e: int, message: str,
            severity: str | None = None, **figures: Any) -> Finding:
    cfg = pack.rule(rule)
    return Finding(rule=rule, start=local(s), end=local(e),
                   severity=severity or cfg.get("severity", BLOCK), message=message,
                   override_allowed=bool(cfg.get("override_allowed", False)), figures=figures)


def apply_derogations(pack: RulePack, findings: list[Finding]) -> list[Finding]:
    """WTR-11: where the pack derogates a rule (regs 21-23), a shortfall is not a breach
    but creates compensatory rest owed (reg 24), recorded as a WTR-11 finding."""
    derogated = set(pack.value("WTR-11", "derogated_rules", []) or [])
    if not derogated or not pack.enabled("WTR-11"):
        return findings
    out = []
    for f in findings:
        if f.rule in derogated and f.severity == BLOCK:
            owed = int(f.figures.get("shortfall_minutes", 0))
            out.append(Finding(
                rule="WTR-11", start=f.start, end=f.end,
                severity=pack.value("WTR-11", "severity", WARN),
                message=f"{f.rule} derogated: {f.message}; compensatory rest owed {hm(owed)}",
                override_allowed=False, figures={"derogated_rule": f.rule, **f.figures},
                compensatory_rest_minutes=owed))
        else:
            out.append(f)
    return out


def apply_emergency_overrides(pack: RulePack, tl: Timeline,
                              findings: list[Finding]) -> list[Finding]:
    """WTR-12: a breach touching a duty worked under an operational-emergency override
    (with a reason, and an approver where the pack requires one) becomes a warning that
    records the compensatory rest owed; where the override is not available or is
    incomplete, a WTR-12 finding says so and the breach stands."""
    marked = [w for w in tl.work if w.emergency is not None]
    if not marked:
        return findings
    cfg = pack.rule("WTR-12")
    out: list[Finding] = []
    problems: list[Finding] = []
    for w in marked:
        if not pack.enabled("WTR-12"):
            problems.append(finding(pack, "WTR-12", w.s, w.e, (
                "operational emergency override is not available under rule pack "
                f"{pack.id}"), severity=BLOCK))
        elif not w.emergency.reason.strip() or (cfg.get("require_approver")
                                                 and not w.emergency.approver.strip()):
            problems.append(finding(pack, "WTR-12", w.s, w.e, (
                "operational emergency override needs a reason and an approver"),
                severity=BLOCK))
    valid = [w for w in marked if w.emergency.reason.strip() and pack.enabled("WTR-12")
             and (w.emergency.approver.strip() or not cfg.get("require_approver"))]
    allowed = set(cfg.get("overridable_rules", []) or [])
    for f in findings:
        if f.rule in allowed and f.severity == BLOCK and f.override_allowed:
            s, e = f.start.timestamp(), f.end.timestamp()
            hit = next((w for w in valid if w.s <= e and w.e >= s), None)
            if hit is not None:
                owed = int(f.figures.get("shortfall_minutes", 0))
                f = replace(f, severity=WARN, overridden_by=hit.emergency,
                            compensatory_rest_minutes=owed)
                out.append(f)
                out.append(Finding(
                    rule="WTR-12", start=f.start, end=f.end, severity=cfg.get("severity", WARN),
                    message=(f"operational emergency override of {f.rule} "
                             f"({hit.emergency.reason}; approved by {hit.emergency.approver or 'n/a'}): "
                             f"compensatory rest owed {hm(owed)}"),
                    override_allowed=False, figures={"overridden_rule": f.rule, **f.figures},
                    overridden_by=hit.emergency, compensatory_rest_minutes=owed))
                continue
        out.append(f)
    return out + problems


def compensatory_rest_owed(findings: list[Finding]) -> int:
    """Total compensatory rest (minutes) owed by WTR-11 and WTR-12 findings."""
    return sum(f.compensatory_rest_minutes for f in findings if f.rule in ("WTR-11", "WTR-12"))
