"""Cross-check values for mannWhitneyTest from SciPy (scipy.stats.mannwhitneyu), run by Debian's /usr/bin/python3.

Writes test/reference/rank-tests.scipy.json. R (rank-tests.R) is the primary reference; these confirm W and the
asymptotic p-value (tie + continuity correction) against an independent implementation.
"""
import json
import pathlib

import scipy
from scipy import stats

VERSION = f"scipy {scipy.__version__}"


def seqmod(n, a, m, start=1):
    return [float((i * a) % m) for i in range(start, start + n)]


cases = []


def case(x, y, alternative, use_continuity, method, options):
    res = stats.mannwhitneyu(x, y, alternative=alternative, use_continuity=use_continuity, method=method)
    call = f"mannwhitneyu(x, y, alternative={alternative!r}, use_continuity={use_continuity}, method={method!r})"
    cases.append({"call": call, "version": VERSION, "x": x, "y": y, "options": options,
                  "statistic": float(res.statistic), "pvalue": float(res.pvalue)})


x2 = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
y2 = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
case(x2, y2, "two-sided", True, "asymptotic", {})
case(x2, y2, "greater", True, "asymptotic", {"alternative": "greater"})
case(x2, y2, "less", False, "asymptotic", {"alternative": "less", "correct": False})
xl = seqmod(3000, 7919, 1000)
yl = [v + 30 for v in seqmod(2500, 104729, 1000, 7)]
case(xl, yl, "two-sided", True, "asymptotic", {})
x1 = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
y1 = [1.15, 0.88, 0.90, 0.74, 1.21]
case(x1, y1, "two-sided", True, "exact", {})
case(x1, y1, "less", True, "exact", {"alternative": "less"})

out = pathlib.Path(__file__).with_name("rank-tests.scipy.json")
out.write_text(json.dumps({"mannwhitneyu": cases}, indent=1) + "\n")
