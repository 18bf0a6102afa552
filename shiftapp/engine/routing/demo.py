"""A deterministic demo transport depot around Leeds (fixed seed).

Used by ``benchmarks/transport_demo.py`` and meant to be reused by the lead's seed
command, so the shapes here are the engine's own dataclasses. All names and places
are invented; coordinates are random points around Leeds city centre.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .crew import Absence, Credential, CrewMember
from .domain import (
    DBS_ADULT, DBS_CHILD, TRAINING_FOR_ESCORT_ROLE, TRAINING_FOR_WHEELCHAIR, Destination,
    Passenger, PlanSettings, Session, TransportProblem, Vehicle, at,
)

LEEDS = (53.7997, -1.5492)
DEPOT = (53.7735, -1.5235)                  # council fleet depot, south Leeds
CONTRACTOR_BASES = {"AireCabs": (53.8105, -1.5790), "WharfePH": (53.8260, -1.5010)}
DEMO_DAY = date(2026, 3, 10)                # a Tuesday in term time

_DEST_KINDS = [
    # (kind, phase, start, finish, count, share of passengers)
    ("primary", "primary", at(8, 50), at(15, 15), 4, 0.15),
    ("secondary", "secondary", at(8, 35), at(15, 5), 3, 0.15),
    ("special", None, at(9, 15), at(15, 0), 4, 0.50),
    ("day_centre", "adult", at(9, 45), at(15, 30), 4, 0.20),
]
_STREETS = ["Armley", "Beeston", "Bramley", "Chapeltown", "Crossgates", "Gipton", "Harehills",
            "Headingley", "Holbeck", "Horsforth", "Hunslet", "Kirkstall", "Meanwood", "Middleton",
            "Moortown", "Pudsey", "Rothwell", "Roundhay", "Seacroft", "Wortley"]


def _offset(rng: random.Random, centre: tuple[float, float], r_min: float, r_max: float) -> tuple[float, float]:
    """A random point between r_min and r_max straight-line miles from ``centre``."""
    r = rng.uniform(r_min, r_max)
    a = rng.uniform(0, 2 * math.pi)
    lat = centre[0] + r * math.sin(a) / 69.0
    lon = centre[1] + r * math.cos(a) / (69.0 * math.cos(math.radians(centre[0])))
    return round(lat, 5), round(lon, 5)


@dataclass
class DemoDepot:
    day: date
    destinations: list[Destination]
    passengers: list[Passenger]
    vehicles: list[Vehicle]
    crew: list[CrewMember]
    absences: list[Absence]
    settings: PlanSettings = field(default_factory=PlanSettings)

    def problem(self, session: Session = Session.AM) -> TransportProblem:
        return TransportProblem(session, list(self.passengers), list(self.destinations), list(self.vehicles),
                                self.day, self.settings)


def generate(seed: int = 7, *, n_passengers: int = 120, n_vehicles: int = 25, n_drivers: int = 40,
             n_escorts: int = 40, day: date = DEMO_DAY) -> DemoDepot:
    rng = random.Random(seed)

    # ---- destinations: 15 schools and day centres -------------------------------
    dests: list[Destination] = []
    dest_phase: dict[str, str | None] = {}
    shares: list[tuple[str, float]] = []
    for kind, phase, start, finish, count, share in _DEST_KINDS:
        for k in range(count):
            lat, lon = _offset(rng, LEEDS, 0.5, 4.0)
            jitter = rng.choice([-10, -5, 0, 5, 10]) * 60
            name = {"primary": "Primary School", "secondary": "High School", "special": "Special School",
                    "day_centre": "Day Centre"}[kind]
            did = f"{kind[:3].upper()}{k + 1}"
            flexible = kind == "day_centre"       # adults: wider arrival and collection windows
            dests.append(Destination(
                did, lat, lon, start + jitter, finish + jitter,
                kind="day_centre" if flexible else "school",
                name=f"{rng.choice(_STREETS)} {name}",
                arrive_earliest_before=(45 if flexible else 30) * 60,
                collect_latest_after=(45 if flexible else 30) * 60,
            ))
            dest_phase[did] = phase
            shares.append((did, share / count))

    # ---- passengers ----------------------------------------------------------------
    ids = [d for d, _ in shares]
    weights = [w for _, w in shares]
    by_id = {d.id: d for d in dests}
    n = n_passengers
    wheelchair = set(rng.sample(range(n), round(0.15 * n)))
    escort = set(rng.sample(range(n), round(0.30 * n)))
    rest = [i for i in range(n) if i not in wheelchair]
    alone = set(rng.sample(rest, 3))
    epilepsy = set(rng.sample(range(n), 8))
    diabetes = set(rng.sample(range(n), 4))
    stability = set(rng.sample(range(n), round(0.25 * n)))
    short_limit = set(rng.sample(range(n), 6))
    passengers: list[Passenger] = []
    for i in range(n):
        did = rng.choices(ids, weights)[0]
        d = by_id[did]
        phase = dest_phase[did]
        if phase == "primary":
            age = rng.randint(5, 10)
        elif phase == "secondary":
            age = rng.randint(11, 16)
        elif phase == "adult":
            age = rng.randint(19, 70)
        else:
            age = rng.randint(5, 18)
        lat, lon = _offset(rng, (d.lat, d.lon), 0.8, 5.5)
        medical = tuple(t for t, s in (("epilepsy", epilepsy), ("diabetes", diabetes)) if i in s)
        limit, just = None, ""
        if i in short_limit:
            limit, just = 30, "EHCP: anxiety on long journeys"
        passengers.append(Passenger(
            id=f"P{i + 1:03d}", lat=lat, lon=lon, destination_id=did, age=age,
            wheelchair=i in wheelchair, escort_required=i in escort, travel_alone=i in alone,
            medical=medical, max_ride_minutes=limit, ride_limit_justification=just,
            needs_stability=i in stability, name=f"Passenger {i + 1}",
        ))

    # ---- vehicles ----------------------------------------------------------------
    vehicles: list[Vehicle] = []
    home_drivers = {}
    for k in range(8):
        vehicles.append(Vehicle(f"MB{k + 1}", 12, *DEPOT, wheelchair_spaces=2, cost_per_day=95_00,
                                cost_per_mile=55, name=f"Minibus {k + 1}"))
    for k in range(4):
        hd = f"D{21 + k:02d}" if k >= 2 else None
        base = _offset(rng, LEEDS, 2.0, 5.0) if hd else DEPOT
        if hd:
            home_drivers[hd] = base
        vehicles.append(Vehicle(f"WAV{k + 1}", 5, *base, wheelchair_spaces=2, cost_per_day=65_00, cost_per_mile=45,
                                base_kind="driver_home" if hd else "depot", home_driver_id=hd,
                                name=f"Wheelchair van {k + 1}"))
    contractors = list(CONTRACTOR_BASES)
    n_taxis = max(0, n_vehicles - len(vehicles))
    for k in range(n_taxis):
        op = contractors[k % 2]
        wav = k < 3
        vehicles.append(Vehicle(
            f"TX{k + 1}", 4, *CONTRACTOR_BASES[op], wheelchair_spaces=1 if wav else 0,
            cost_per_day=(40_00 if wav else 30_00), cost_per_mile=(170 if wav else 160), operator=op,
            escort_seat=wav or k < 8, extra_credentials=("phv_driver",),
            name=f"{op} {'WAV ' if wav else ''}taxi {k + 1}",
        ))

    # ---- crew ----------------------------------------------------------------------
    far = day + timedelta(days=400)
    crew: list[CrewMember] = []

    def creds(rng_share: dict[str, float], *, licence: str | None, phv: bool, update_check: bool):
        out = [Credential("dbs", DBS_CHILD, far, (day + timedelta(days=rng.randint(20, 180))) if update_check else None)]
        if rng.random() < 0.85:
            out.append(Credential("dbs", DBS_ADULT, far))
        for t, share in rng_share.items():
            if rng.random() < share:
                out.append(Credential("training", t, far))
        if licence:
            out.append(Credential("licence", licence, far))
        if phv:
            out.append(Credential("phv_driver", "phv_driver", far))
        return out

    training_driver = {TRAINING_FOR_WHEELCHAIR: 0.9, "epilepsy": 0.8, "diabetes": 0.75}
    training_escort = {TRAINING_FOR_ESCORT_ROLE: 0.95, TRAINING_FOR_WHEELCHAIR: 0.85, "epilepsy": 0.8,
                       "diabetes": 0.75}
    n_in_house = min(n_drivers, 24)
    for k in range(n_drivers):
        did = f"D{k + 1:02d}"
        in_house = k < n_in_house
        employer = "in_house" if in_house else contractors[k % 2]
        licence = ("D1" if k < 18 else "B") if in_house else "B"
        cs = creds(training_driver, licence=licence, phv=not in_house, update_check=not in_house)
        home = home_drivers.get(did) or _offset(rng, LEEDS if in_house else CONTRACTOR_BASES[employer], 0.5, 5.0)
        roles = ("driver", "escort") if in_house and k % 8 == 7 else ("driver",)
        if roles == ("driver", "escort"):
            cs.append(Credential("training", TRAINING_FOR_ESCORT_ROLE, far))
        crew.append(CrewMember(did, roles, *home, credentials=tuple(cs), employer=employer, name=f"Driver {k + 1}"))
    for k in range(n_escorts):
        cs = creds(training_escort, licence=None, phv=False, update_check=False)
        home = _offset(rng, LEEDS, 0.5, 6.0)
        crew.append(CrewMember(f"E{k + 1:02d}", ("escort",), *home, credentials=tuple(cs),
                               available_from=at(6, 30), available_to=at(18, 0), max_work_s=7 * 3600,
                               name=f"Escort {k + 1}"))

    # A few realistic wrinkles: an expired DBS, an overdue update check, late finish yesterday.
    def patch(pid: str, **kw):
        for j, m in enumerate(crew):
            if m.id == pid:
                from dataclasses import replace
                crew[j] = replace(m, **kw)

    expired = day - timedelta(days=3)
    patch("D05", credentials=tuple(c if c.kind != "dbs" else Credential(c.kind, c.code, expired)
                                   for c in next(m for m in crew if m.id == "D05").credentials))
    patch("D27", credentials=tuple(c if c.kind != "dbs" else Credential(c.kind, c.code, far, expired)
                                   for c in next(m for m in crew if m.id == "D27").credentials))
    patch("E09", credentials=tuple(c if c.code != TRAINING_FOR_ESCORT_ROLE else Credential(c.kind, c.code, expired)
                                   for c in next(m for m in crew if m.id == "E09").credentials))
    patch("D07", previous_day_finish=at(23, 0), reduced_rests_left=0)
    absences = [
        Absence("D03", day - timedelta(days=2), day + timedelta(days=4), "annual_leave"),
        Absence("D11", day, day, "sickness"),
        Absence("D30", day, day + timedelta(days=1), "annual_leave"),
        Absence("E05", day - timedelta(days=1), day + timedelta(days=2), "sickness"),
        Absence("E17", day, day, "annual_leave"),
        Absence("E22", day, day, "training"),
    ]
    return DemoDepot(day, dests, passengers, vehicles, crew, absences)
