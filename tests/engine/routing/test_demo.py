"""The demo depot generator is deterministic and has the advertised shape."""
from shiftapp.engine.routing import demo


def test_demo_is_deterministic_and_shaped():
    a, b = demo.generate(7), demo.generate(7)
    assert a.passengers == b.passengers and a.vehicles == b.vehicles and a.crew == b.crew
    assert demo.generate(8).passengers != a.passengers
    assert len(a.passengers) == 120 and len(a.destinations) == 15 and len(a.vehicles) == 25
    assert sum(p.wheelchair for p in a.passengers) == 18
    assert sum(p.escort_required for p in a.passengers) == 36
    assert any(v.is_contractor for v in a.vehicles) and any(v.wheelchair_spaces for v in a.vehicles)
    assert sum("driver" in m.roles for m in a.crew) == 40
    assert sum(m.roles == ("escort",) for m in a.crew) == 40
    # around Leeds
    assert all(53.6 < p.lat < 54.0 and -1.8 < p.lon < -1.3 for p in a.passengers)
