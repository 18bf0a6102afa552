"""Passenger-transport routing and crew allocation (pure Python: dataclasses in and out).

Public entry points::

    from shiftapp.engine.routing import (
        plan_session, plan_day, replan, apply_variations, check_plan, allocate_crew, eligibility,
    )

See ``planner.py`` (runs), ``crew.py`` (drivers and escorts), ``solomon.py`` (benchmark).
"""
from .checker import check_plan
from .crew import (
    Absence, Credential, CrewMember, CrewPlan, HoursLimits, allocate_crew, check_allocation, duty_interval,
    eligibility, person_day_problems,
)
from .domain import (
    AddressChange, Destination, NewPassenger, Passenger, PassengerAbsent, Plan, PlanSettings, Run,
    Session, Stop, TransportProblem, Vehicle, VehicleOffRoad, apply_variations, at, hhmm,
)
from .planner import DayPlan, plan_day, plan_session, replan
from .travel import EstimatedRoad, TravelProvider

__all__ = [
    "Absence", "AddressChange", "Credential", "CrewMember", "CrewPlan", "DayPlan", "Destination",
    "EstimatedRoad", "HoursLimits", "NewPassenger", "Passenger", "PassengerAbsent", "Plan", "PlanSettings",
    "Run", "Session", "Stop", "TransportProblem", "TravelProvider", "Vehicle", "VehicleOffRoad",
    "allocate_crew", "apply_variations", "at", "check_allocation", "check_plan", "duty_interval", "eligibility", "hhmm", "person_day_problems", "plan_day",
    "plan_session", "replan",
]
