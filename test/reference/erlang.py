#!/usr/bin/python3
"""Reference values for src/analysis/erlang (Erlang B, C, A and staffing), written to erlang.json.

Run with Debian's Python:  /usr/bin/python3 test/reference/erlang.py
Independent of the TypeScript: everything is evaluated in 40-digit arithmetic (mpmath) from the textbook
closed forms, not from the recursions or scaled series the TypeScript uses:
- Erlang B: (A^N/N!) / sum_{k<=N} A^k/k!                                    (the definition)
- Erlang C: the DOMAIN.md sum formula (A^N/N! * N/(N-A)) / (sum_{k<N} A^k/k! + A^N/N! * N/(N-A)),
  SL(t) = 1 - C e^{-(N-A)t/h}, ASA = C h/(N-A)
- Erlang A (Garnett, Mandelbaum & Reiman 2002; Mandelbaum & Zeltyn 2007), x = N mu/theta, y = lambda/theta,
  A(x,y) = x e^y y^-x gamma(x,y) with gamma the lower incomplete gamma (mpmath.gammainc(x, 0, y)):
  P(wait) = A(x,y) E / (1 + (A(x,y) - 1) E),  P(ab | wait) = 1/(rho A(x,y)) + 1 - 1/rho,
  P(V > t | wait) = gamma(x, y e^{-theta t}) / gamma(x, y)  (V = offered wait),
  P(served, V <= t | wait) = (gamma(x+1, y) - gamma(x+1, y e^{-theta t})) / (y gamma(x, y)),
  E[V; served] = P(wait) * integral_0^inf (1 - theta v) e^{-theta v} P(V > v | wait) dv  (mpmath.quad),
  ASA = E[V; served] / (1 - P(ab)).
  The script checks P(served | wait) from the incomplete-gamma form against 1 - P(ab | wait) from the
  published formula, and P(wait) against scipy.special.gammainc (double precision) where it is finite.
- Staffing: smallest N meeting the target, scanning N upward with the formulas above.
"""
import json
import math
import platform

import mpmath
import scipy
from mpmath import mp, mpf
from scipy import special

mp.dps = 40
VERSION = f"Python {platform.python_version()}, mpmath {mpmath.__version__} (mp.dps = 40), scipy {scipy.__version__}"


def f(x):
    """An mpf as the nearest double, for JSON (repr keeps all 17 digits)."""
    return float(x)


def erlang_b_mp(A, N):
    A = mpf(A)
    term = mpf(1)
    total = mpf(1)
    for k in range(1, N + 1):
        term = term * A / k
        total += term
    return term / total


def erlang_c_mp(A, N, h, t):
    A = mpf(A)
    h = mpf(h)
    below = mpf(0)  # sum_{k<N} A^k/k!
    term = mpf(1)
    for k in range(N):
        if k > 0:
            term = term * A / k
        below += term
    top = term * A / N if N > 0 else mpf(1)  # A^N/N!
    top = top * N / (N - A)
    c = top / (below + top)
    out = {"probWait": c, "asaSeconds": c * h / (N - A), "occupancy": A / N, "meanQueueLength": c * A / (N - A)}
    if t is not None:
        out["serviceLevel"] = 1 - c * mp.exp(-(N - A) * mpf(t) / h)
    return out


def erlang_a_mp(A, N, h, p, t, with_asa=True):
    A, h, p = mpf(A), mpf(h), mpf(p)
    theta = 1 / p
    x = N * p / h
    y = A * p / h
    E = erlang_b_mp(A, N)
    g = mp.gammainc(x, 0, y)
    Axy = x * mp.exp(y) * y ** (-x) * g
    pw = Axy * E / (1 + (Axy - 1) * E)
    rho = A / N
    ab_w = 1 / (rho * Axy) + 1 - 1 / rho
    served_w = mp.gammainc(x + 1, 0, y) / (y * g)
    assert abs(served_w - (1 - ab_w)) < mpf(10) ** -30, (served_w, ab_w)
    pab = pw * ab_w

    def tail(v):  # P(V > v | wait)
        return mp.gammainc(x, 0, y * mp.exp(-theta * v)) / g

    out = {
        "probWait": pw,
        "probAbandon": pab,
        "meanWaitSeconds": pab * p,
        "occupancy": A * (1 - pab) / N,
    }
    if with_asa:
        # Break points on both time scales: service (h/N, h, 10h) and patience (p, 10p, 100p).
        points = sorted({mpf(0), h / N, h, 10 * h, p, 10 * p, 100 * p}) + [mp.inf]
        integral, err = mp.quad(lambda v: (1 - theta * v) * mp.exp(-theta * v) * tail(v), points, error=True)
        assert err < mpf(10) ** -20 * abs(integral), (err, integral)
        out["asaSeconds"] = pw * integral / (1 - pab)
    if t is not None:
        t = mpf(t)
        z = mp.exp(-theta * t)
        answered = 1 - pw + pw * (mp.gammainc(x + 1, 0, y) - mp.gammainc(x + 1, 0, y * z)) / (y * g)
        wait_above = pw * tail(t) * z
        abandoned = 1 - answered - wait_above
        out.update(
            {
                "serviceLevel": answered,
                "serviceLevelAbandonsMet": 1 - wait_above,
                "serviceLevelShortAbandonsExcluded": answered / (1 - abandoned),
                "probAbandonWithinTarget": abandoned,
            }
        )
    # Double-precision cross-check with SciPy where gammainc's regularized form does not underflow.
    xf, yf = float(x), float(y)
    reg = special.gammainc(xf, yf)
    logd = xf * math.log(yf) - yf - special.gammaln(xf + 1)
    if reg > 1e-300 and abs(logd) < 700:
        axy = reg / math.exp(logd)
        ef = float(E)
        pw_scipy = axy * ef / (1 + (axy - 1) * ef)
        assert abs(pw_scipy - float(pw)) <= 1e-8 * float(pw), (pw_scipy, float(pw))
    return out


def as_floats(d):
    return {k: f(v) for k, v in d.items()}


erlang_b_cases = [
    (0.5, 1), (1, 1), (1, 2), (0.001, 5), (4.46, 10), (10, 10), (12.03, 20), (37.9, 50), (84.06, 100),
    (100, 90), (100, 120), (500.5, 480), (1500, 1550), (2000, 1, ), (2000, 1500), (2000, 1900),
    (2000, 2000), (2000, 2100), (2000, 2500), (2000, 3000), (150.25, 3000), (3000, 2000),
]
erlang_b = [
    {"call": f"erlang_b_mp(A={A!r}, N={N})", "trafficErlangs": A, "agents": N, "value": f(erlang_b_mp(A, N))}
    for A, N in erlang_b_cases
]

# (A, N, aht seconds, target seconds)
erlang_c_cases = [
    (10, 14, 180, 20), (10, 13, 180, 20), (10, 11, 180, 20), (10, 20, 180, 0), (48, 55, 240, 15),
    (0.3, 1, 60, 10), (99.5, 100, 300, 30), (500, 540, 240, 60), (2000, 2001, 180, 20), (2000, 2050, 180, 20),
    (2000, 2200, 180, 20), (2000, 3000, 180, 20), (1234.5, 1300, 300, 45),
]
erlang_c = []
for A, N, h, t in erlang_c_cases:
    erlang_c.append(
        {
            "call": f"erlang_c_mp(A={A!r}, N={N}, h={h}, t={t})",
            "trafficErlangs": A, "agents": N, "ahtSeconds": h, "targetAnswerSeconds": t,
            **as_floats(erlang_c_mp(A, N, h, t)),
        }
    )

# (A, N, aht, patience, target)
erlang_a_cases = [
    (10, 12, 180, 120, 20), (10, 8, 180, 120, 20), (10, 14, 180, 600, 20), (10, 12, 180, 1, 20),
    (10, 12, 180, 0.01, 20), (100, 95, 300, 200, 30), (100, 110, 300, 60, 20), (48, 55, 240, 180, 15),
    (2000, 1950, 180, 300, 20), (2000, 2050, 180, 300, 20), (2000, 2000, 180, 3600, 20),
    (1, 1, 60, 30, 0), (0.5, 3, 120, 90, 60), (10, 12, 180, 100000, 20), (20, 5, 300, 60, 30),
    (3, 1, 100, 500, 10), (400, 420, 240, 45, 20),
]
erlang_a = []
for A, N, h, p, t in erlang_a_cases:
    erlang_a.append(
        {
            "call": f"erlang_a_mp(A={A!r}, N={N}, h={h}, p={p!r}, t={t})",
            "trafficErlangs": A, "agents": N, "ahtSeconds": h, "patienceSeconds": p, "targetAnswerSeconds": t,
            **as_floats(erlang_a_mp(A, N, h, p, t)),
        }
    )


def staff_c(arrivals, interval, h, target, t, max_occ=None):
    A = mpf(arrivals) * h / interval
    if A == 0:
        return 0
    n = int(mp.floor(A)) + 1
    while True:
        m = erlang_c_mp(A, n, h, t)
        occ_ok = max_occ is None or float(A / n) <= max_occ
        sl_ok = target is None or m["serviceLevel"] >= target
        if occ_ok and sl_ok:
            return n
        n += 1


def staff_a(arrivals, interval, h, p, target, t, variant):
    A = mpf(arrivals) * h / interval
    n = 1
    while True:
        m = erlang_a_mp(A, n, h, p, t, with_asa=False)
        key = {"miss": "serviceLevel", "met": "serviceLevelAbandonsMet", "exclude": "serviceLevelShortAbandonsExcluded"}[variant]
        if m[key] >= target:
            return n
        n += 1


staffing_cases = []
for arrivals, interval, h, target, t, max_occ in [
    (100, 1800, 180, 0.8, 20, None), (360, 1800, 240, 0.8, 15, None), (100, 1800, 180, 0.9, 10, None),
    (20000, 1800, 180, 0.8, 20, None), (20000, 1800, 180, 0.95, 20, None), (50, 900, 300, 0.8, 20, 0.85),
    (1, 3600, 120, 0.8, 20, None), (7, 900, 600, 0.5, 60, 0.7),
]:
    n = staff_c(arrivals, interval, h, target, t, max_occ)
    staffing_cases.append(
        {
            "call": f"staff_c(arrivals={arrivals}, interval={interval}, h={h}, target={target}, t={t}, max_occ={max_occ})",
            "model": "erlang-c", "arrivals": arrivals, "intervalSeconds": interval, "ahtSeconds": h,
            "serviceLevelTarget": target, "targetAnswerSeconds": t, "maxOccupancy": max_occ, "agents": n,
        }
    )
for arrivals, interval, h, p, target, t, variant in [
    (100, 1800, 180, 120, 0.8, 20, "miss"), (100, 1800, 180, 120, 0.8, 20, "met"),
    (100, 1800, 180, 120, 0.8, 20, "exclude"), (300, 1800, 300, 60, 0.8, 30, "miss"),
    (40, 900, 240, 300, 0.9, 20, "miss"),
]:
    n = staff_a(arrivals, interval, h, p, target, t, variant)
    staffing_cases.append(
        {
            "call": f"staff_a(arrivals={arrivals}, interval={interval}, h={h}, p={p}, target={target}, t={t}, variant={variant!r})",
            "model": "erlang-a", "arrivals": arrivals, "intervalSeconds": interval, "ahtSeconds": h,
            "patienceSeconds": p, "serviceLevelTarget": target, "targetAnswerSeconds": t, "abandons": variant,
            "agents": n,
        }
    )

# A day of 96 quarter-hours, integer arrivals from a fixed formula the test rebuilds identically.
day_arrivals = [0 if i < 4 else 20 + ((i * 37) % 97) * 4 for i in range(96)]
day = {
    "call": "[staff_c(arrivals=a, interval=900, h=240, target=0.8, t=20) for a in day_arrivals]",
    "arrivals": day_arrivals,
    "agents": [staff_c(a, 900, 240, 0.8, 20) for a in day_arrivals],
}

with open(__file__.replace("erlang.py", "erlang.json"), "w") as out:
    json.dump(
        {
            "version": VERSION,
            "generator": "test/reference/erlang.py",
            "erlangB": erlang_b,
            "erlangC": erlang_c,
            "erlangA": erlang_a,
            "staffing": staffing_cases,
            "staffingDay": day,
        },
        out,
        indent=1,
    )
print("wrote erlang.json")
