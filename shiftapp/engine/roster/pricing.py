"""One person's best schedule under prices: a dynamic programme over their rules.

Column generation (``colgen.py``) asks, again and again, "given what each day and shift is
worth to cover now (the LP duals), which whole-horizon schedule is best for this person?".
This module answers exactly, for a person's sequence rules and budgets:

- the *sequence state* of a day — off (run length so far, capped at the minimum days off) or
  working shift k (run length so far) — with a flag for runs that touch day 0 (exempt from
  the minimum run lengths, as runs touching the last day are);
- forbidden successions, max/min consecutive shifts, min consecutive days off, days that
  must be off or locked to a shift (infinite costs), history before day 0 (the shift the day
  before and the run it ended);
- total minutes (in units of the minutes' greatest common divisor) between the contract
  minimum and maximum, and worked weekends up to the maximum, as resources of the state.

Per-type maximums ("at most 4 nights"): one type at a time can be counted as a resource
(``track``); ``colgen`` prices the others with Lagrange multipliers and checks the result. The kernel is compiled with numba (it releases
the GIL, so two people are priced at once on two cores).
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from functools import reduce

import numpy as np
from numba import njit

INF = np.inf
_NO_BP = np.zeros((0, 1, 1, 1, 1), dtype=np.int32)
_scratch = threading.local()  # per-thread back-pointer buffer (Pricer._bp)


@njit(cache=True, nogil=True, inline="always")
def _weekend_step(wt, worked_before):
    """1 if working today starts a worked weekend: today is its first day (``wt`` = 1), or its
    second (``wt`` = 2) after a Saturday off."""
    return 1 if wt == 1 or (wt == 2 and not worked_before) else 0


@njit(cache=True, nogil=True, inline="always")
def _action_minutes(a, d, K, cost, cost_off, klen):
    """Minute units that action a (K: a day off) adds on day d; -1 if it is not possible."""
    if a == K:
        return 0 if cost_off[d] < INF else -1
    return klen[a] if cost[d, a] < INF else -1


@njit(cache=True, nogil=True)
def _bands(H, K, cost, cost_off, trans, klen, init_s, mmin, M1):
    """Which minutes each state can hold before each day, from the state graph and the
    possible cells alone: ``lo[d, s]`` .. ``hi[d, s]`` (inclusive, in minute units; lo > hi
    when none). The bounds are the most and fewest minutes that can be worked before day d
    on a way into s, and what the days from d on can still add (at most, to reach
    ``mmin``; at least, without passing ``M1 - 1``). On long horizons with tight minute
    budgets (Instance20: 115-117 shifts in 182 days) this leaves a band a few shifts wide."""
    S = trans.shape[0]
    big = 1 << 40
    fmax = np.full((H + 1, S), -1, dtype=np.int64)
    fmin = np.full((H + 1, S), big, dtype=np.int64)
    fmax[0, init_s] = 0
    fmin[0, init_s] = 0
    for d in range(H):
        for s in range(S):
            if fmax[d, s] < 0:
                continue
            for a in range(K + 1):
                ns = trans[s, a]
                if ns < 0:
                    continue
                dm = _action_minutes(a, d, K, cost, cost_off, klen)
                if dm < 0:
                    continue
                if fmax[d, s] + dm > fmax[d + 1, ns]:
                    fmax[d + 1, ns] = fmax[d, s] + dm
                if fmin[d, s] + dm < fmin[d + 1, ns]:
                    fmin[d + 1, ns] = fmin[d, s] + dm
    rmax = np.full((H + 1, S), -1, dtype=np.int64)
    rmin = np.full((H + 1, S), big, dtype=np.int64)
    rmax[H, :] = 0
    rmin[H, :] = 0
    for d in range(H - 1, -1, -1):
        for s in range(S):
            for a in range(K + 1):
                ns = trans[s, a]
                if ns < 0 or rmax[d + 1, ns] < 0:
                    continue
                dm = _action_minutes(a, d, K, cost, cost_off, klen)
                if dm < 0:
                    continue
                if rmax[d + 1, ns] + dm > rmax[d, s]:
                    rmax[d, s] = rmax[d + 1, ns] + dm
                if rmin[d + 1, ns] + dm < rmin[d, s]:
                    rmin[d, s] = rmin[d + 1, ns] + dm
    # minutes before day d (forward) and from day d on (backward) of a state on a full path
    lo = np.empty((H + 1, S), dtype=np.int64)
    hi = np.empty((H + 1, S), dtype=np.int64)
    blo = np.empty((H + 1, S), dtype=np.int64)
    bhi = np.empty((H + 1, S), dtype=np.int64)
    for d in range(H + 1):
        for s in range(S):
            if fmax[d, s] < 0 or rmax[d, s] < 0:
                lo[d, s] = blo[d, s] = 1
                hi[d, s] = bhi[d, s] = 0
                continue
            lo[d, s] = max(fmin[d, s], mmin - rmax[d, s], 0)
            hi[d, s] = min(fmax[d, s], M1 - 1 - rmin[d, s])
            blo[d, s] = max(rmin[d, s], mmin - fmax[d, s], 0)
            bhi[d, s] = min(rmax[d, s], M1 - 1 - fmin[d, s])
    return lo, hi, blo, bhi


@njit(cache=True, nogil=True)
def _forward(H, K, cost, cost_off, trans, is_work, klen, wtype, cinc, init_s, mmin, V, bp):
    """Best value of every state (sequence state s, minutes m, weekends w, counted shifts c)
    day by day. ``V`` has shape (L, S, M1, W1, C1): with L = 2 it rolls (layer d % 2 holds
    the states before day d), with L = H + 1 it keeps every day (layer d). ``bp[d, s, m, w,
    c]`` records how each state after day d was best reached (skipped if ``bp`` is empty).
    Returns the layer after the last day."""
    L, S, M1, W1, C1 = V.shape[0], V.shape[1], V.shape[2], V.shape[3], V.shape[4]
    keep = bp.shape[0] == H
    kmax = 0
    for k in range(K):
        if klen[k] > kmax:
            kmax = klen[k]
    lo, hi, _, _ = _bands(H, K, cost, cost_off, trans, klen, init_s, mmin, M1)
    V[:, :, :, :, :] = INF
    V[0, init_s, 0, 0, 0] = 0.0
    wseen = 0  # weekends begun before day d: no more can have been worked
    for d in range(H):
        cur = d if L > 2 else d & 1
        nxt = d + 1 if L > 2 else 1 - cur
        # before day d at most d shifts were worked, and the minutes still to come must be
        # able to reach the minimum: only that part of the resource box is read (and reset)
        m_hi = min(M1, d * kmax + 1)
        m_lo = max(0, mmin - (H - d) * kmax)
        c_hi = min(C1, d + 1)
        V[nxt, :, max(0, mmin - (H - d - 1) * kmax):min(M1, (d + 1) * kmax + 1), :, :min(C1, d + 2)] = INF
        wt = wtype[d]
        w_hi = min(W1, wseen + 1)
        if wt == 1:
            wseen += 1
        for s in range(S):
            dw = _weekend_step(wt, is_work[s])
            for m in range(max(m_lo, lo[d, s]), min(m_hi, hi[d, s] + 1)):
                for w in range(w_hi):
                    nw = w + dw
                    for cc in range(c_hi):
                        v = V[cur, s, m, w, cc]
                        if v == INF:
                            continue
                        base = (((s * M1 + m) * W1 + w) * C1 + cc) * (K + 1)
                        # day off
                        ns = trans[s, K]
                        if ns >= 0:
                            c = cost_off[d]
                            if c < INF:
                                nv = v + c
                                if nv < V[nxt, ns, m, w, cc]:
                                    V[nxt, ns, m, w, cc] = nv
                                    if keep:
                                        bp[d, ns, m, w, cc] = base + K
                        if nw >= W1:
                            continue
                        for k in range(K):
                            ns = trans[s, k]
                            if ns < 0:
                                continue
                            c = cost[d, k]
                            if c == INF:
                                continue
                            nm = m + klen[k]
                            if nm >= M1:
                                continue
                            nc = cc + cinc[k]
                            if nc >= C1:
                                continue
                            nv = v + c
                            if nv < V[nxt, ns, nm, nw, nc]:
                                V[nxt, ns, nm, nw, nc] = nv
                                if keep:
                                    bp[d, ns, nm, nw, nc] = base + k
    return V[H if L > 2 else H & 1].copy()


@njit(cache=True, nogil=True)
def _backward(H, K, cost, cost_off, trans, is_work, klen, wtype, cinc, init_s, mmin, B):
    """``B[d, s, m, w, c]``: the best cost of days d..H-1 from state s (after day d-1) using
    exactly m minutes, w weekends and c counted shifts, ending with enough minutes in all
    (at least ``mmin`` once added to what came before is checked by the caller). Only the
    minutes a full path can have from there on (``_bands``) are filled."""
    S, M1, W1, C1 = B.shape[1], B.shape[2], B.shape[3], B.shape[4]
    _, _, blo, bhi = _bands(H, K, cost, cost_off, trans, klen, init_s, mmin, M1)
    B[:, :, :, :, :] = INF
    B[H, :, 0, 0, 0] = 0.0
    for d in range(H - 1, -1, -1):
        wt = wtype[d]
        for s in range(S):
            dw = _weekend_step(wt, is_work[s])
            ns = trans[s, K]
            if ns >= 0 and cost_off[d] < INF:
                for m in range(blo[d + 1, ns], bhi[d + 1, ns] + 1):
                    for w in range(W1):
                        for cc in range(C1):
                            v = B[d + 1, ns, m, w, cc] + cost_off[d]
                            if v < B[d, s, m, w, cc]:
                                B[d, s, m, w, cc] = v
            for k in range(K):
                ns = trans[s, k]
                if ns < 0 or cost[d, k] == INF:
                    continue
                dm, dc = klen[k], cinc[k]
                for m in range(blo[d + 1, ns], min(bhi[d + 1, ns] + 1, M1 - dm)):
                    for w in range(W1 - dw):
                        for cc in range(C1 - dc):
                            v = B[d + 1, ns, m, w, cc] + cost[d, k]
                            if v < B[d, s, m + dm, w + dw, cc + dc]:
                                B[d, s, m + dm, w + dw, cc + dc] = v
    return B


@njit(cache=True, nogil=True)
def _join(H, K, act_of, mmin, Fv, B, lo, hi, blo, bhi):
    """``L[d, a]``: the best cost of a whole schedule that takes action a on day d (a = K:
    off), joining the best prefix ending in each state after day d with the best suffix from
    it whose resources fit: minutes in [mmin, M1-1], weekends and counted shifts in range.
    Prefix and suffix minutes are only looked for in their bands (``_bands``)."""
    S, M1, W1, C1 = Fv.shape[1], Fv.shape[2], Fv.shape[3], Fv.shape[4]
    L = np.full((H, K + 1), INF)
    # P[m, w, c] = min over w' <= w, c' <= c of B[d+1, s, m, w', c']
    P = np.empty((M1, W1, C1))
    for d in range(H):
        for s in range(S):
            a = act_of[s]
            if a < 0:
                continue
            b0, b1 = blo[d + 1, s], bhi[d + 1, s] + 1
            if b0 >= b1 or lo[d + 1, s] > hi[d + 1, s]:
                continue
            for m in range(b0, b1):
                for w in range(W1):
                    for cc in range(C1):
                        v = B[d + 1, s, m, w, cc]
                        if w > 0 and P[m, w - 1, cc] < v:
                            v = P[m, w - 1, cc]
                        if cc > 0 and P[m, w, cc - 1] < v:
                            v = P[m, w, cc - 1]
                        P[m, w, cc] = v
            best = L[d, a]
            for m in range(lo[d + 1, s], hi[d + 1, s] + 1):
                for w in range(W1):
                    for cc in range(C1):
                        f = Fv[d + 1, s, m, w, cc]
                        if f == INF:
                            continue
                        mb0 = max(mmin - m, b0)
                        for mb in range(mb0, min(M1 - m, b1)):
                            v = f + P[mb, W1 - 1 - w, C1 - 1 - cc]
                            if v < best:
                                best = v
            L[d, a] = best
    return L


@njit(cache=True, nogil=True)
def _backtrack(H, K, bp, s, m, w, cc, M1, W1, C1):
    path = np.empty(H, dtype=np.int64)
    for d in range(H - 1, -1, -1):
        code = bp[d, s, m, w, cc]
        a = code % (K + 1)
        prev = code // (K + 1)
        path[d] = -1 if a == K else a
        cc = prev % C1
        prev //= C1
        w = prev % W1
        prev //= W1
        m = prev % M1
        s = prev // M1
    return path


@njit(cache=True, nogil=True)
def _enumerate(H, K, cost, cost_off, trans, is_work, klen, wtype, cinc, init_s, mmin, B, limit, cap,
               tmax, lam, max_nodes):
    """Every schedule (path with -1 = off) whose total cost is at most ``limit``, depth first
    with the suffix bound ``B`` (``_backward``, on ``cost`` + ``lam`` per shift of a type the
    DP does not count). ``tmax``: each type's maximum, kept on the path itself; a suffix then
    costs at least its bound less ``lam`` × the shifts of each type still allowed. Returns
    (paths, complete): incomplete when more than ``cap`` paths or ``max_nodes`` steps."""
    S, M1, W1, C1 = B.shape[1], B.shape[2], B.shape[3], B.shape[4]
    # Q[d, s, m, w, c]: the best suffix with exactly m minutes and at most w weekends, c counted
    Q = B.copy()
    for d in range(H + 1):
        for s in range(S):
            for m in range(M1):
                for w in range(W1):
                    for c in range(C1):
                        v = Q[d, s, m, w, c]
                        if w > 0 and Q[d, s, m, w - 1, c] < v:
                            v = Q[d, s, m, w - 1, c]
                        if c > 0 and Q[d, s, m, w, c - 1] < v:
                            v = Q[d, s, m, w, c - 1]
                        Q[d, s, m, w, c] = v
    out = np.empty((cap, H), dtype=np.int8)
    n = 0
    nxt = np.zeros(H + 1, dtype=np.int64)  # the next action to try at each depth
    st = np.zeros(H + 1, dtype=np.int64)
    mm = np.zeros(H + 1, dtype=np.int64)
    ww = np.zeros(H + 1, dtype=np.int64)
    cc = np.zeros(H + 1, dtype=np.int64)
    g = np.zeros(H + 1)
    path = np.zeros(H, dtype=np.int8)
    count = np.zeros(K, dtype=np.int64)
    st[0] = init_s
    d = 0
    steps = 0
    while d >= 0:
        steps += 1
        if steps > max_nodes:
            return out[:n], False
        if d == H or nxt[d] > K:
            if d == H and g[H] <= limit + 1e-9:  # (the bound on the way allowed for lam's slack)
                if n == cap:
                    return out[:n], False
                out[n] = path
                n += 1
            d -= 1
            if d >= 0 and path[d] >= 0:
                count[path[d]] -= 1
            continue
        a = nxt[d]
        nxt[d] = a + 1
        s = st[d]
        ns = trans[s, a]
        if ns < 0:
            continue
        if a == K:
            c = cost_off[d]
            nm, nw, nc = mm[d], ww[d], cc[d]
        else:
            if count[a] >= tmax[a]:
                continue
            c = cost[d, a]
            nm = mm[d] + klen[a]
            nw = ww[d] + _weekend_step(wtype[d], is_work[s])
            nc = cc[d] + cinc[a]
        if c == INF or nm >= M1 or nw >= W1 or nc >= C1:
            continue
        ng = g[d] + c
        best = INF
        for mb in range(max(0, mmin - nm), M1 - nm):
            v = Q[d + 1, ns, mb, W1 - 1 - nw, C1 - 1 - nc]
            if v < best:
                best = v
        slack = 0.0
        for k in range(K):
            if lam[k] > 0.0:
                slack += lam[k] * (tmax[k] - count[k] - (1 if k == a else 0))
        if ng + best - slack > limit + 1e-9:
            continue
        path[d] = -1 if a == K else a
        if a < K:
            count[a] += 1
        st[d + 1], mm[d + 1], ww[d + 1], cc[d + 1], g[d + 1] = ns, nm, nw, nc, ng
        nxt[d + 1] = 0
        d += 1
    return out[:n], True


@dataclass
class PersonRules:
    """What the DP needs to know about one person (indices, not ids)."""

    H: int
    K: int
    minutes: list[int]
    forbidden: list[tuple[int, ...]]  # [a] -> shifts not allowed the day after a
    max_consecutive: int | None
    min_consecutive: int | None
    min_days_off: int | None
    max_minutes: int | None
    min_minutes: int | None
    max_weekends: int | None
    weekends: list[tuple[int, ...]]
    shift_before: int | None = None  # index of the shift worked the day before day 0
    run_before: int = 0


class Pricer:
    """The state graph of one person, built once; ``best(cost, cost_off)`` is then a DP run."""

    def __init__(self, r: PersonRules):
        self.r = r
        H, K = r.H, r.K
        cmax = r.max_consecutive if r.max_consecutive is not None else H + max(0, r.run_before)
        cmax = max(1, min(cmax, H + max(0, r.run_before)))
        cmin = max(1, r.min_consecutive or 1)
        omin = max(1, r.min_days_off or 1)
        # states: 0 = before the horizon (off, exempt); off(r, e); work(k, r, e)
        states: list[tuple] = [("init",)]
        index: dict[tuple, int] = {("init",): 0}

        def sid(key):
            if key not in index:
                index[key] = len(states)
                states.append(key)
            return index[key]

        def off(run, ex):
            run = min(run, omin)
            return ("off", run, ex and run < omin)

        def work(k, run, ex):
            return ("work", k, run, ex and run < cmin)

        # breadth-first over reachable states
        start = work(r.shift_before, min(max(1, r.run_before), cmax), True) if r.shift_before is not None else ("init",)
        if start != ("init",):
            sid(start)
        todo = [start]
        trans_rows: dict[tuple, list[int]] = {}
        seen = {start}
        while todo:
            st = todo.pop()
            row = [-1] * (K + 1)
            if st[0] == "init":
                row[K] = sid(off(1, True))
                for k in range(K):
                    row[k] = sid(work(k, 1, True))
            elif st[0] == "off":
                _, run, ex = st
                row[K] = sid(off(run + 1, ex))
                if ex or run >= omin:
                    for k in range(K):
                        row[k] = sid(work(k, 1, False))
            else:
                _, k0, run, ex = st
                if ex or run >= cmin:
                    row[K] = sid(off(1, False))
                if run + 1 <= cmax:
                    bad = set(r.forbidden[k0])
                    for k in range(K):
                        if k not in bad:
                            row[k] = sid(work(k, run + 1, ex))
            trans_rows[st] = row
            for ns in row:
                if ns >= 0 and states[ns] not in seen:
                    seen.add(states[ns])
                    todo.append(states[ns])
        S = len(states)
        self.S = S
        self.trans = np.full((S, K + 1), -1, dtype=np.int64)
        for st, row in trans_rows.items():
            self.trans[index[st]] = row
        self.is_work = np.array([st[0] == "work" for st in states], dtype=np.bool_)
        # the action that leads into each state: its shift, K for a day off, -1 for none
        self.act_of = np.array([st[1] if st[0] == "work" else (K if st[0] == "off" else -1) for st in states],
                               dtype=np.int64)
        self.init_s = index[start]
        # resources: minutes in units of their gcd, weekends
        mins = list(r.minutes)
        if r.max_minutes is None and r.min_minutes is None:
            self.unit = 1
            self.klen = np.zeros(K, dtype=np.int64)
            self.M1 = 1
            self.mmin = 0
        else:
            g = reduce(math.gcd, [m for m in mins if m > 0] or [1])
            self.unit = g
            self.klen = np.array([m // g for m in mins], dtype=np.int64)
            most = H * int(self.klen.max(initial=0))
            top = most if r.max_minutes is None else min(most, r.max_minutes // g)
            self.M1 = top + 1
            self.mmin = 0 if r.min_minutes is None else -(-r.min_minutes // g)
        self.wtype = np.zeros(H, dtype=np.int64)
        if r.max_weekends is not None and r.max_weekends < len(r.weekends):
            for days in r.weekends:
                self.wtype[days[0]] = 1
                if len(days) > 1:
                    self.wtype[days[1]] = 2
            self.W1 = r.max_weekends + 1
        else:
            self.W1 = 1
        self.track(None, 0)

    def track(self, k: int | None, limit: int) -> None:
        """Count shifts of type ``k`` as a resource (at most ``limit``); None: count none."""
        self.tracked = k
        self.cinc = np.zeros(self.r.K, dtype=np.int64)
        self.C1 = 1
        if k is not None:
            self.cinc[k] = 1
            self.C1 = limit + 1
        self.V = np.empty((2, self.S, self.M1, self.W1, self.C1), dtype=np.float64)

    def _bp(self) -> np.ndarray:
        """The back-pointer array for one DP run: a view of this thread's scratch buffer,
        reused by every pricer the thread runs (one per person would be 48 MB each on
        Instance20, and touching fresh pages made a person's first run 15 times slower).
        Only entries written in the run are read back, so it is never cleared."""
        shape = (self.r.H, self.S, self.M1, self.W1, self.C1)
        n = int(np.prod(shape))
        buf = getattr(_scratch, "bp", None)
        if buf is None or buf.size < n:
            buf = _scratch.bp = np.empty(n, dtype=np.int32)
        return buf[:n].reshape(shape)

    def cell_bounds(self, cost: np.ndarray, cost_off: np.ndarray) -> np.ndarray:
        """(H, K + 1): the lowest total cost of a schedule of this person (keeping all their
        rules but the per-type limits that are not counted) that works shift k on day d
        (column K: is off that day); infinite where there is none."""
        r = self.r
        shape = (r.H + 1, self.S, self.M1, self.W1, self.C1)
        Fv = np.empty(shape)
        _forward(r.H, r.K, cost, cost_off, self.trans, self.is_work, self.klen, self.wtype,
                 self.cinc, self.init_s, 0, Fv, _NO_BP)
        B = _backward(r.H, r.K, cost, cost_off, self.trans, self.is_work, self.klen, self.wtype,
                      self.cinc, self.init_s, self.mmin, np.empty(shape))
        lo, hi, blo, bhi = _bands(r.H, r.K, cost, cost_off, self.trans, self.klen, self.init_s, self.mmin, self.M1)
        return _join(r.H, r.K, self.act_of, self.mmin, Fv, B, lo, hi, blo, bhi)

    def enumerate(self, cost: np.ndarray, cost_off: np.ndarray, limit: float, tmax: np.ndarray,
                  lam: np.ndarray, cap: int, max_nodes: int = 50_000_000) -> tuple[np.ndarray, bool]:
        """Every schedule of this person that keeps their rules and the per-type maximums
        ``tmax`` and costs at most ``limit`` (``cost`` per shift worked, ``cost_off`` per day
        off). ``lam`` (≥ 0, per type; 0 for the type the DP counts) only sharpens the bound on
        what the rest of a path costs. Returns (paths as rows, -1 = off; complete), incomplete
        past ``cap`` paths or ``max_nodes`` search steps."""
        r = self.r
        shape = (r.H + 1, self.S, self.M1, self.W1, self.C1)
        B = _backward(r.H, r.K, cost + lam[None, :], cost_off, self.trans, self.is_work, self.klen, self.wtype,
                      self.cinc, self.init_s, self.mmin, np.empty(shape))
        return _enumerate(r.H, r.K, cost, cost_off, self.trans, self.is_work, self.klen, self.wtype, self.cinc,
                          self.init_s, self.mmin, B, float(limit), int(cap), np.asarray(tmax, dtype=np.int64),
                          np.asarray(lam, dtype=np.float64), int(max_nodes))

    @property
    def cells(self) -> int:
        """Work of one DP run (states × resources × days × actions): for budgeting."""
        return self.S * self.M1 * self.W1 * self.C1 * self.r.H * (self.r.K + 1)

    def best(self, cost: np.ndarray, cost_off: np.ndarray, n: int = 1) -> list[tuple[float, np.ndarray]]:
        """Up to ``n`` schedules (value, path with -1 = off) with the lowest total cost, the
        best one first; the others are the best for other total minutes (diverse columns).
        Empty when the person has no schedule that keeps their rules."""
        r = self.r
        final = _forward(r.H, r.K, cost, cost_off, self.trans, self.is_work, self.klen, self.wtype,
                         self.cinc, self.init_s, self.mmin, self.V, bp := self._bp())
        if self.mmin > 0:
            final[:, : min(self.mmin, self.M1)] = INF
        best_per_m = final.min(axis=(0, 2, 3))
        order = np.argsort(best_per_m)
        out = []
        for m in order[:n]:
            v = best_per_m[m]
            if not np.isfinite(v):
                break
            flat = int(np.argmin(final[:, m]))
            s, rest = divmod(flat, self.W1 * self.C1)
            w, cc = divmod(rest, self.C1)
            path = _backtrack(r.H, r.K, bp, s, int(m), w, cc, self.M1, self.W1, self.C1)
            out.append((float(v), path))
        return out


def warm_up() -> None:
    """Compile the kernels now. numba caches them on disk beside this module, so only the
    first run after an install (or a change to this file) compiles; left to the first solve,
    that takes about 3 s of its time (Instance20 at 60 s: the construction ran to 6.1 s
    instead of 3.0 s). The setup script calls this, and the benchmark before its clock."""
    H = 14
    r = PersonRules(H=H, K=2, minutes=[480, 600], forbidden=[(), (0,)], max_consecutive=5,
                    min_consecutive=2, min_days_off=2, max_minutes=8 * 480, min_minutes=4 * 480,
                    max_weekends=1, weekends=[(5, 6), (12, 13)])
    pr = Pricer(r)
    cost, cost_off = np.linspace(-1.0, 1.0, H * 2).reshape(H, 2), np.zeros(H)
    pr.best(cost, cost_off, 3)
    pr.track(1, 4)
    pr.best(cost, cost_off, 1)
    pr.cell_bounds(cost, cost_off)
    pr.enumerate(cost, cost_off, 0.0, np.full(2, H), np.zeros(2), 10)
