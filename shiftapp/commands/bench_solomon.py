"""``shiftapp bench solomon INSTANCE.txt --time-limit S [--out plan.json]``.

Solves a Solomon VRPTW instance with the passenger-transport routing core, re-checks
the result with the independent checker and prints vehicles and distance against the
best known (both the vehicles-first and the distance-only best known, where known).
"""
from __future__ import annotations

import json
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser("solomon", help="solve a Solomon VRPTW instance with the routing engine")
    p.add_argument("instance", help="path to a Solomon .txt file (e.g. C101.txt)")
    p.add_argument("--time-limit", type=float, default=60.0, help="seconds of search (default 60)")
    p.add_argument("--objective", choices=["distance", "vehicles"], default="distance",
                   help="minimise distance only (default) or vehicles first, then distance")
    p.add_argument("--first-solution", default="parallel_cheapest_insertion")
    p.add_argument("--out", help="write the routes and figures as JSON here")
    p.set_defaults(func=run)


def run(args) -> int:
    from shiftapp.engine.routing import solomon, solomon_check

    path = Path(args.instance)
    text = path.read_text()
    inst = solomon.parse(text)
    sol = solomon.solve(inst, time_limit_s=args.time_limit, objective=args.objective,
                        first_solution=args.first_solution)
    chk = solomon_check.check(text, sol.routes)
    name = inst.name.strip().upper()
    print(f"instance   {inst.name}  ({len(inst.customers) - 1} customers, {inst.vehicles} vehicles of {inst.capacity})")
    print(f"result     {sol.vehicles} vehicles, distance {chk.distance:.2f}  ({sol.seconds:.1f} s, {sol.status})")
    print(f"feasible   {chk.feasible}" + ("" if chk.feasible else f"  {chk.errors[:5]}"))
    out = sol.to_json() | {"feasible": chk.feasible, "errors": chk.errors}
    for label, table in (("vehicles-first", solomon.BEST_KNOWN_VEHICLES_FIRST),
                         ("distance-only", solomon.BEST_KNOWN_DISTANCE_ONLY)):
        if name in table:
            bv, bd = table[name]
            gap = solomon.gap_percent(chk.distance, bd)
            print(f"best known ({label}) {bv} / {bd:.2f}: gap {gap:+.2f}% distance, {sol.vehicles - bv:+d} vehicles")
            out[f"best_known_{label.replace('-', '_')}"] = {"vehicles": bv, "distance": bd, "gap_percent": round(gap, 2)}
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=2))
        print(f"written    {args.out}")
    return 0 if chk.feasible else 1
