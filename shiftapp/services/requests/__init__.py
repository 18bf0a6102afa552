"""Request workflows for staff and the planner decisions on them.

Staff (``actor`` linked to a person):
- leave: ``leave_overview``, ``preview_leave``, ``request_leave``, ``withdraw_leave``
- swaps: ``my_future_duties``, ``swap_candidates``, ``offer_swap``, ``respond_swap``, ``withdraw_swap``, ``my_swaps``
- flexible working: ``flex_options``, ``request_flex``, ``withdraw_flex``

Planners (scoped to the person's unit; each decision is a conditional update on status and
``version``, so a second planner gets ``Conflict("...already approved by X at HH:MM...")``):
- ``decide_leave(actor, request_id, approve, reason="", expected_version=None)``
- ``decide_swap(actor, swap_id, approve, reason="", expected_version=None)``
- ``decide_flex(actor, request_id, approve, reason="", expected_version=None, refusal_reason=None,
  consultation_date=None, trial=False)``
- queues: ``pending_leave``, ``pending_swaps``, ``pending_flex``; ``flex_impact`` for the pattern check.

Every function is a ``@service``: called as ``f(actor, ...)`` in its own transaction."""
from .flex import (FLEX_REFUSAL_REASONS, REFUSAL_LABELS, decide_flex, flex_impact, flex_options, pending_flex,
                   request_flex, withdraw_flex)
from .leave import (balances_for, decide_leave, leave_overview, pending_leave, preview_leave, request_leave,
                    withdraw_leave)
from .swaps import (decide_swap, my_future_duties, my_swaps, offer_swap, pending_swaps, respond_swap, swap_candidates,
                    withdraw_swap)

__all__ = [n for n in dir() if not n.startswith("_")]
