"""Shift patterns: each of the unit's rotating patterns as weeks of codes with its check (hours and rest
days a week over the cycle, POL-02, and the working-time findings when it repeats); a new one is typed
as codes, checked, then saved."""
import reflex as rx

from ..components.layout import card, desk_shell
from ..state.desk_patterns import PatternsState as S
from .desk_rota import unit_select

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _code(code: rx.Var) -> rx.Component:
    return rx.badge(code, color_scheme=rx.match(code, ("R", "gray"), ("N", "indigo"), ("L", "orange"), "blue"),
                    variant=rx.cond(code == "R", "outline", "soft"), size="2", width="36px", justify="center",
                    font_family="monospace")


def _weeks(weeks: rx.Var, weekly: rx.Var) -> rx.Component:
    """The cycle seven days to a row; under weekday names when it is whole weeks (it then starts on a Monday)."""
    def head(names):
        return rx.hstack(*[rx.text(d, size="1", color="var(--gray-10)", width="36px", text_align="center")
                           for d in names], spacing="1")
    return rx.vstack(rx.cond(weekly != "", head(DAYS), head([f"{i}" for i in range(1, 8)])),
                     rx.foreach(weeks, lambda w: rx.hstack(rx.foreach(w, _code), spacing="1")),
                     spacing="1", overflow_x="auto", max_width="100%")


def _finding(f: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.badge(f["rule"], color_scheme=rx.cond(f["severity"] == "block", "red", "amber"), size="1"),
        rx.text(f["message"], rx.cond(f["times"] != "", rx.text.span(" (", f["times"], ")", color="var(--gray-10)")),
                size="1"),
        spacing="2", align="start",
    )


def _summary(c: rx.Var, people: bool = False) -> rx.Component:
    """Cycle, hours and rest days a week; for a saved pattern (``people``), who is on it now and joining later."""
    on_it = [] if not people else [
        rx.badge(c["people"], " on it now", size="2", color_scheme="green"),
        rx.cond(c["joining"] != "0", rx.badge(c["joining"], " joining later", size="2", color_scheme="green",
                                             variant="outline"))]
    return rx.hstack(
        rx.badge(c["cycle"], "-day cycle", size="2"), rx.badge(c["hours"], " a week", size="2"),
        rx.badge(c["rest"], " rest days a week", size="2"), *on_it, spacing="2", wrap="wrap",
    )


def _findings(findings: rx.Var) -> rx.Component:
    return rx.cond(findings.length() > 0, rx.vstack(rx.foreach(findings, _finding), spacing="1"),
                   rx.text("No working-time findings when it repeats.", size="1", color="var(--green-11)"))


def _pattern(r: rx.Var, i: rx.Var) -> rx.Component:
    return card(
        rx.hstack(rx.heading(r["name"], size="3"), rx.text(r["unit"], size="1", color="var(--gray-10)"),
                  align="baseline", spacing="2", wrap="wrap"),
        _summary(r, people=True), _weeks(S.row_weeks[i], r["weekly"]), _findings(S.row_findings[i]),
        custom_attrs={"data-pattern": r["name"]},
    )


def _builder() -> rx.Component:
    return card(
        rx.heading("New pattern", size="4"),
        rx.text("Type one code a day, with R for a rest day; a cycle of up to 13 weeks. A cycle of whole weeks "
                "starts on a Monday.", size="2"),
        rx.hstack(rx.foreach(S.codes, lambda c: rx.hstack(_code(c["code"]), rx.text(c["name"], " ", c["times"], size="1"),
                                                           spacing="1", align="center")),
                  spacing="3", wrap="wrap"),
        rx.input(placeholder="Name, e.g. 4 on 4 off (12 h)", value=S.name, on_change=S.set_name, max_length=80,
                 aria_label="Pattern name", width="100%", max_width="420px"),
        rx.text_area(placeholder="E E L L N N R R R R", value=S.steps, on_change=S.set_steps, aria_label="Pattern days",
                     width="100%", max_width="640px", rows="3", font_family="monospace"),
        rx.hstack(rx.button("Check", on_click=S.run_check, variant="soft"),
                  rx.button("Save pattern", on_click=S.save, disabled=~S.checked), spacing="2"),
        rx.cond(S.checked, rx.vstack(_summary(S.check), _weeks(S.weeks, S.check["weekly"]), _findings(S.findings), spacing="2",
                                     id="pattern-check", width="100%")),
        id="new-pattern",
    )


def _assign() -> rx.Component:
    def choose(name, items, label):
        return rx.select.root(rx.select.trigger(placeholder=label, aria_label=label),
                              rx.select.content(rx.foreach(items, lambda x: rx.select.item(x["name"], value=x["id"]))),
                              name=name)
    return card(
        rx.heading("Put someone on a pattern", size="4"),
        rx.text("From a future date, starting at a day of the cycle. Their draft duties from then are drawn again. "
                "Published ones stay, unless the change is at their request: then their published shifts and rest "
                "days follow the new pattern too (each recorded with its notice); leave and absences stay.",
                size="2"),
        rx.form(rx.hstack(
            choose("person", S.people, "Person"), choose("pattern", S.rows, "Pattern"),
            rx.input(name="start", type="date", aria_label="From"),
            rx.input(name="step", type="number", min=1, default_value="1", width="90px", aria_label="Day of the cycle"),
            rx.checkbox("Their published duties too: they asked (flexible working agreed)", name="published_too",
                        size="2"),
            rx.button("Put on pattern", type="submit"), spacing="2", wrap="wrap", align="center"),
            on_submit=S.assign, reset_on_submit=False),
        id="assign-pattern",
    )


def desk_patterns_page() -> rx.Component:
    return desk_shell(
        unit_select(S, on_change=S.choose_unit),
        _builder(),
        _assign(),
        rx.heading("Patterns", size="4"),
        rx.cond(S.rows.length() > 0, rx.foreach(S.rows, _pattern),
                rx.text("This unit has no patterns yet.", size="2")),
        title="Shift patterns", active="patterns",
    )
