"""Cross-check of senSlope against SciPy (test/analysis/sen-slope.test.ts).

Run: /usr/bin/python3 test/reference/trend.py   (from the repository root, after trend.R; Debian's Python with
SciPy). Reads the inputs of the Sen slope cases from test/reference/trend.json and writes
test/reference/trend.scipy.json with scipy.stats.theilslopes(y, x, alpha=level) for each, x = 0-based positions
when the case has none; points with a missing x or y are dropped first (positions kept). SciPy clamps the
interval's ranks to 1..N where trend::sens.slope gives NA.
"""
import json
import math

import numpy as np
import scipy
from scipy import stats

with open("test/reference/trend.json", encoding="utf8") as f:
    cases = json.load(f)["senSlope"]

out = []
for case in cases:
    y = [math.nan if v is None else v for v in case["y"]]
    x = list(range(len(y))) if case["x"] is None else [math.nan if v is None else v for v in case["x"]]
    keep = [i for i in range(len(y)) if not (math.isnan(y[i]) or math.isnan(x[i]))]
    yk = np.array([y[i] for i in keep], dtype=float)
    xk = np.array([x[i] for i in keep], dtype=float)
    if len(yk) < 2:
        continue
    res = stats.theilslopes(yk, xk, alpha=case["level"])
    out.append({
        "name": case["name"],
        "call": f"scipy.stats.theilslopes(y, x, alpha={case['level']!r}) (method='separate')",
        "version": f"SciPy {scipy.__version__}",
        "slope": float(res[0]),
        "intercept": float(res[1]),
        "lower": float(res[2]),
        "upper": float(res[3]),
    })

with open("test/reference/trend.scipy.json", "w", encoding="utf8") as f:
    f.write(json.dumps(out, indent=1))
    f.write("\n")
print(f"wrote {len(out)} cases to test/reference/trend.scipy.json")
