"""Skewness and excess kurtosis reference values for describe() (SciPy, bias=False: G1 and G2).

Run from the repository root after descriptive.R:  /usr/bin/python3 test/reference/descriptive.py
Reads the datasets from test/reference/descriptive.json (written by descriptive.R) and writes
test/reference/descriptive.scipy.json. Each value sits beside the exact call; floats are repr (round-trip).
"""
import json
import math
import warnings
from fractions import Fraction

import numpy as np
import scipy
import scipy.stats

# The constant dataset makes SciPy warn about precision loss (it then returns NaN): expected.
warnings.simplefilter("ignore", RuntimeWarning)

with open("test/reference/descriptive.json") as f:
    ref = json.load(f)

def num(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v

cases = []
for name, data in ref["datasets"].items():
    x = np.array([float(v) for v in data], dtype=np.float64)
    case = {"dataset": name, "n": int(x.size)}
    # x ~ 1e300 overflows SciPy's squares; skewness and kurtosis are scale-invariant, so the reference is
    # computed on x / 1e300 (a rounding-level change of the data).
    arg, shown = (x / 1e300, "x / 1e300") if name == "huge" else (x, "x")
    if x.size >= 3:
        case["skewCall"] = f"scipy.stats.skew({shown}, bias=False)"
        case["skewness"] = num(scipy.stats.skew(arg, bias=False))
    if x.size >= 4:
        case["kurtosisCall"] = f"scipy.stats.kurtosis({shown}, fisher=True, bias=False)"
        case["excessKurtosis"] = num(scipy.stats.kurtosis(arg, fisher=True, bias=False))
    # Exact rational arithmetic on the same doubles (Python's fractions), rounded once at the end: an
    # arbiter where SciPy's own rounding matters (the ill-conditioned "offset" data, 1e9 + N(0, 1)).
    if x.size >= 3 and name != "constant":
        xs = [Fraction(float(v)) for v in data]
        n = len(xs)
        m = sum(xs) / n
        d = [v - m for v in xs]
        m2 = sum(t * t for t in d) / n
        m3 = sum(t ** 3 for t in d) / n
        m4 = sum(t ** 4 for t in d) / n
        case["exactCall"] = "fractions.Fraction: G1 = sqrt(n(n-1))/(n-2)*m3/m2^1.5, G2 = ((n^2-1)*m4/m2^2 - 3(n-1)^2)/((n-2)(n-3))"
        # m3/m2^1.5 = sign(m3)*sqrt(m3^2/m2^3), evaluated exactly before the one square root.
        ratio = m3 * m3 / (m2 ** 3)
        g1 = math.copysign(math.sqrt(float(ratio)), 1 if m3 > 0 else -1) if m3 != 0 else 0.0
        case["exactSkewness"] = math.sqrt(n * (n - 1)) / (n - 2) * g1
        if n >= 4:
            case["exactExcessKurtosis"] = float(((n * n - 1) * m4 / (m2 * m2) - 3 * (n - 1) ** 2) / ((n - 2) * (n - 3)))
    if x.size >= 2 and name != "huge":
        d = scipy.stats.describe(x)
        case["describeCall"] = "scipy.stats.describe(x)  # ddof=1, bias=True: mean, variance only used"
        case["mean"] = num(d.mean)
        case["variance"] = num(d.variance)
    cases.append(case)

out = {
    "version": f"SciPy {scipy.__version__}, NumPy {np.__version__}",
    "generator": "test/reference/descriptive.py",
    "cases": cases,
}
with open("test/reference/descriptive.scipy.json", "w") as f:
    json.dump(out, f, indent=1)
print("wrote test/reference/descriptive.scipy.json")
