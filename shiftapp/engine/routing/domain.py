"""Passenger-transport routing: the nouns, as plain dataclasses.

Times of day are **seconds after midnight** (``int``) on the planning date, so that
what the solver sees and what the run sheet shows are the same numbers; ``hhmm()``
formats them. Distances are miles, money is pence (``int``).

References to the rules are to ``shared/domain/uk-rules.md`` §3 (HTS-01…09).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from enum import Enum


class Session(str, Enum):
    AM = "AM"   # home -> destination, arrive before the start bell
    PM = "PM"   # destination -> home, collect after the finish bell


def hhmm(seconds: float) -> str:
    m = int(round(seconds / 60.0))
    return f"{m // 60:02d}:{m % 60:02d}"


def at(h: int, m: int = 0) -> int:
    """Seconds after midnight for ``h:m``."""
    return h * 3600 + m * 60


# HTS-02: DfE best-practice maximum journey each way (guidance, not law).
GUIDANCE_MAX_RIDE_MIN = {"primary": 45, "secondary": 75}
# Day-centre adults have no statutory journey guidance; policy default (choice, documented).
ADULT_DEFAULT_MAX_RIDE_MIN = 75

# Training a crew member needs for a passenger need (HTS-03). Medical tags map to
# themselves unless listed here.
TRAINING_FOR_WHEELCHAIR = "wheelchair_restraint"
TRAINING_FOR_ESCORT_ROLE = "passenger_assistant"
DBS_CHILD = "enhanced_child_barred"     # enhanced DBS with the children's barred list
DBS_ADULT = "enhanced_adult_barred"     # enhanced DBS with the adults' barred list


@dataclass(frozen=True)
class Passenger:
    id: str
    lat: float
    lon: float
    destination_id: str
    phase: str | None = None            # "primary" | "secondary" | "adult"; None -> from age
    age: int | None = None
    wheelchair: bool = False            # travels in their wheelchair: needs a wheelchair space
    escort_required: bool = False       # passenger assistant on board (individual assessment)
    travel_alone: bool = False          # no other passenger on board at the same time
    medical: tuple[str, ...] = ()       # e.g. ("epilepsy",): crew need that training
    max_ride_minutes: int | None = None  # per-passenger assessed limit (overrides guidance)
    ride_limit_justification: str = ""
    needs_stability: bool = False       # keep the same crew (HTS-03)
    sessions: tuple[str, ...] = ("AM", "PM")
    earliest_pickup: int | None = None  # AM: not collected before (seconds)
    home_from: int | None = None        # PM: someone home to receive from (seconds)
    home_until: int | None = None       # PM: ... until
    name: str = ""

    @property
    def effective_phase(self) -> str:
        if self.phase:
            return self.phase
        if self.age is None:
            return "primary"            # strictest guidance when unknown
        if self.age < 11:
            return "primary"
        if self.age < 19:
            return "secondary"
        return "adult"

    @property
    def is_child(self) -> bool:
        return self.effective_phase in ("primary", "secondary")

    @property
    def guidance_max_ride(self) -> int:
        return GUIDANCE_MAX_RIDE_MIN.get(self.effective_phase, ADULT_DEFAULT_MAX_RIDE_MIN)

    @property
    def effective_max_ride(self) -> int:
        """Minutes on board allowed: the assessed limit if given, else the guidance."""
        return self.max_ride_minutes if self.max_ride_minutes is not None else self.guidance_max_ride

    def required_training(self) -> set[str]:
        need = set(self.medical)
        if self.wheelchair:
            need.add(TRAINING_FOR_WHEELCHAIR)
        return need

    def required_dbs(self) -> str:
        return DBS_CHILD if self.is_child else DBS_ADULT


@dataclass(frozen=True)
class Destination:
    id: str
    lat: float
    lon: float
    start: int                          # bell time (seconds after midnight)
    finish: int
    kind: str = "school"                # "school" | "day_centre"
    name: str = ""
    arrive_earliest_before: int = 30 * 60   # AM: arrive no earlier than start - this
    arrive_latest_before: int = 5 * 60      # AM: and no later than start - this
    collect_earliest_after: int = 5 * 60    # PM: collect no earlier than finish + this
    collect_latest_after: int = 30 * 60     # PM: and no later than finish + this

    def am_window(self) -> tuple[int, int]:
        return self.start - self.arrive_earliest_before, self.start - self.arrive_latest_before

    def pm_window(self) -> tuple[int, int]:
        return self.finish + self.collect_earliest_after, self.finish + self.collect_latest_after


def licence_for_seats(seats: int) -> str:
    """UK licence category for a passenger vehicle by passenger seats (excl. driver)."""
    if seats <= 8:
        return "B"
    if seats <= 16:
        return "D1"
    return "D"


@dataclass(frozen=True)
class Vehicle:
    id: str
    seats: int                          # passenger seats, excluding the driver's
    base_lat: float
    base_lon: float
    wheelchair_spaces: int = 0
    cost_per_day: int = 0               # pence, charged once a day if the vehicle is used
    cost_per_mile: int = 0              # pence
    operator: str = "in_house"          # "in_house" or a contractor id
    escort_seat: bool = True            # can carry a passenger assistant; one seat is kept for them
    base_kind: str = "depot"            # "depot" | "driver_home"
    home_driver_id: str | None = None   # kept at this driver's home
    licence_class: str | None = None    # None -> from seats (B, D1, D)
    extra_credentials: tuple[str, ...] = ()  # e.g. ("phv_driver",) for private hire
    available_from: int | None = None   # seconds; None -> session default
    available_to: int | None = None
    end_lat: float | None = None        # finish somewhere other than the base (e.g. park at
    end_lon: float | None = None        # the day centre); None -> back to the base
    name: str = ""

    @property
    def end(self) -> tuple[float, float]:
        if self.end_lat is None or self.end_lon is None:
            return self.base_lat, self.base_lon
        return self.end_lat, self.end_lon

    @property
    def is_contractor(self) -> bool:
        return self.operator != "in_house"

    @property
    def required_licence(self) -> str:
        return self.licence_class or licence_for_seats(self.seats)

    @property
    def passenger_seats(self) -> int:
        """Seats for passengers: one is kept for an escort on escort-capable vehicles."""
        return max(0, self.seats - (1 if self.escort_seat else 0))


@dataclass
class PlanSettings:
    pickup_service_s: int = 120
    wheelchair_pickup_service_s: int = 300
    dropoff_service_s: int = 60
    wheelchair_dropoff_service_s: int = 180
    am_vehicle_window: tuple[int, int] = (at(6, 30), at(11, 0))
    pm_vehicle_window: tuple[int, int] = (at(13, 0), at(18, 30))
    unassigned_penalty: int = 1_000_00      # pence (GBP 1,000) per passenger left out
    time_limit_s: float = 8.0
    first_solution: str = "parallel_cheapest_insertion"
    operators: dict[str, bool] | None = None     # OR-Tools local-search operators to switch on/off
    # First solution (cheapest insertion): consider only this many nearest nodes. None =
    # automatic: every node up to AUTO_NEIGHBOURS_FROM nodes (best on the 120-passenger
    # demo AM), 40 beyond (at 300 passengers the full insertion alone eats a 10 s budget).
    insertion_neighbors: int | None = None
    # Re-planning: what a change costs in the objective (pence).
    change_vehicle_penalty: int = 50_00      # a passenger moved to another vehicle
    change_order_penalty: int = 5_00         # a stop that now follows a different stop


@dataclass
class TransportProblem:
    session: Session
    passengers: list[Passenger]
    destinations: list[Destination]
    vehicles: list[Vehicle]
    day: date | None = None
    settings: PlanSettings = field(default_factory=PlanSettings)
    fixed_cost_paid: frozenset[str] = frozenset()   # vehicles whose daily cost is already paid (AM)

    def destination(self, dest_id: str) -> Destination:
        return self._dest_index()[dest_id]

    def _dest_index(self) -> dict[str, Destination]:
        return {d.id: d for d in self.destinations}

    def travelling(self) -> list[Passenger]:
        return [p for p in self.passengers if self.session.value in p.sessions]


# ---- results ---------------------------------------------------------------------

@dataclass
class Stop:
    seq: int
    kind: str                   # "depart" | "pickup" | "dropoff" | "return"
    passenger_id: str | None
    place_id: str               # passenger id (home), destination id, "base:<vehicle>" or "end:<vehicle>"
    lat: float
    lon: float
    arrive: int                 # seconds: service starts (the planned time on the sheet)
    depart: int
    seats_used: int             # after this stop
    wheelchair_used: int

    @property
    def time(self) -> str:
        return hhmm(self.arrive)


@dataclass
class Ride:
    passenger_id: str
    run_id: str
    pickup: int
    dropoff: int
    max_ride_minutes: int
    guidance_minutes: int

    @property
    def ride_minutes(self) -> float:
        return (self.dropoff - self.pickup) / 60.0


@dataclass
class Run:
    id: str
    session: Session
    vehicle_id: str
    operator: str
    stops: list[Stop]
    passenger_ids: list[str]
    start: int
    end: int
    distance_miles: float
    drive_minutes: float
    cost: int                   # pence
    max_seats_used: int
    max_wheelchair_used: int
    needs_escort: bool
    required_training: tuple[str, ...]
    required_dbs: tuple[str, ...]
    licence_class: str
    extra_credentials: tuple[str, ...]
    stability_passenger_ids: tuple[str, ...]
    first_stop: tuple[float, float]     # where crew join: first pickup
    warnings: list[str] = field(default_factory=list)
    home_driver_id: str | None = None   # the vehicle is kept at this driver's home
    base: tuple[float, float] = (0.0, 0.0)
    first_pickup: int | None = None     # seconds: when an escort must be aboard
    last_dropoff: int | None = None     # seconds: when the escort's run ends

    @property
    def cost_per_passenger(self) -> float:
        """Pence per passenger carried on this run."""
        return self.cost / len(self.passenger_ids) if self.passenger_ids else float(self.cost)


@dataclass
class Unassigned:
    passenger_id: str
    reason: str


@dataclass
class Disruption:
    moved_passengers: list[str]         # on a different vehicle than before
    new_passengers: list[str]           # not in the previous plan, now planned
    unchanged_runs: list[str]           # same passengers in the same order
    changed_runs: list[str]

    def summary(self) -> str:
        return (f"{len(self.unchanged_runs)} runs unchanged, {len(self.changed_runs)} changed, "
                f"{len(self.moved_passengers)} passengers moved, {len(self.new_passengers)} added")


@dataclass
class Plan:
    session: Session
    day: date | None
    runs: list[Run]
    rides: dict[str, Ride]
    unassigned: list[Unassigned]
    warnings: list[str]
    total_distance_miles: float
    total_cost: int
    seconds: float
    status: str
    disruption: Disruption | None = None

    @property
    def passengers_planned(self) -> int:
        return len(self.rides)

    def to_dict(self) -> dict:
        """Plain JSON-ready data (enums as their values, times in seconds after midnight)."""
        def enc(o):
            if isinstance(o, Enum):
                return o.value
            if isinstance(o, date):
                return o.isoformat()
            if isinstance(o, dict):
                return {k: enc(v) for k, v in o.items()}
            if isinstance(o, (list, tuple)):
                return [enc(v) for v in o]
            return o
        return enc(asdict(self))

    def run_of(self, passenger_id: str) -> Run | None:
        ride = self.rides.get(passenger_id)
        if ride is None:
            return None
        return next(r for r in self.runs if r.id == ride.run_id)


# ---- variations (for re-planning) --------------------------------------------------

@dataclass(frozen=True)
class PassengerAbsent:
    passenger_id: str


@dataclass(frozen=True)
class NewPassenger:
    passenger: Passenger


@dataclass(frozen=True)
class AddressChange:
    passenger_id: str
    lat: float
    lon: float


@dataclass(frozen=True)
class VehicleOffRoad:
    vehicle_id: str


Variation = PassengerAbsent | NewPassenger | AddressChange | VehicleOffRoad


def apply_variations(problem: TransportProblem, variations: list[Variation]) -> TransportProblem:
    """A copy of ``problem`` with today's variations applied (the input is not changed)."""
    passengers = list(problem.passengers)
    vehicles = list(problem.vehicles)
    for v in variations:
        if isinstance(v, PassengerAbsent):
            passengers = [p for p in passengers if p.id != v.passenger_id]
        elif isinstance(v, NewPassenger):
            passengers = [p for p in passengers if p.id != v.passenger.id] + [v.passenger]
        elif isinstance(v, AddressChange):
            passengers = [replace(p, lat=v.lat, lon=v.lon) if p.id == v.passenger_id else p
                          for p in passengers]
        elif isinstance(v, VehicleOffRoad):
            vehicles = [x for x in vehicles if x.id != v.vehicle_id]
        else:
            raise TypeError(f"unknown variation {v!r}")
    return replace(problem, passengers=passengers, vehicles=vehicles)
