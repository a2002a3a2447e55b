"""Cross-check values for correlation / correlationMatrix from SciPy, run by Debian's /usr/bin/python3.

Writes test/reference/correlation.scipy.json. R (correlation.R) is the primary reference; SciPy confirms Pearson,
Spearman with the t approximation (SciPy has no AS 89, so compare with `exact: false`), and Kendall tau-b with
its exact and asymptotic p-values.
"""
import json
import pathlib

import numpy as np
import scipy
from scipy import stats

VERSION = f"scipy {scipy.__version__}"


def gen(n, ax, mx, wx, ay, my):
    i = np.arange(1, n + 1, dtype=np.int64)
    x = (i * ax) % mx
    return x.astype(float), (wx * x + (i * ay) % my).astype(float)


x0 = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1]
y0 = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8]
cases = []


def add(call, x, y, options, res, generator=None):
    case = {"call": call, "version": VERSION, "options": options,
            "statistic": float(res.statistic), "pvalue": float(res.pvalue)}
    if generator is None:
        case["x"], case["y"] = list(map(float, x)), list(map(float, y))
    else:
        case["generator"] = generator
    cases.append(case)


for alt in ["two-sided", "less", "greater"]:
    add(f"pearsonr(x, y, alternative={alt!r})", x0, y0, {"method": "pearson", "alternative": alt},
        stats.pearsonr(x0, y0, alternative=alt))
    add(f"spearmanr(x, y, alternative={alt!r})", x0, y0, {"method": "spearman", "alternative": alt, "exact": False},
        stats.spearmanr(x0, y0, alternative=alt))
    add(f"kendalltau(x, y, method='exact', alternative={alt!r})", x0, y0, {"method": "kendall", "alternative": alt},
        stats.kendalltau(x0, y0, method="exact", alternative=alt))
    add(f"kendalltau(x, y, method='asymptotic', alternative={alt!r})", x0, y0,
        {"method": "kendall", "alternative": alt, "exact": False},
        stats.kendalltau(x0, y0, method="asymptotic", alternative=alt))
xt = [v // 3 for v in x0]
add("spearmanr(x, y)", xt, y0, {"method": "spearman"}, stats.spearmanr(xt, y0))
add("kendalltau(x, y)", xt, y0, {"method": "kendall"}, stats.kendalltau(xt, y0))
spec = {"n": 10000, "ax": 7919, "mx": 1009, "wx": 1, "ay": 104729, "my": 3001}
x, y = gen(**spec)
add("kendalltau(x, y)", x, y, {"method": "kendall"}, stats.kendalltau(x, y), spec)
add("spearmanr(x, y)", x, y, {"method": "spearman"}, stats.spearmanr(x, y), spec)
add("pearsonr(x, y)", x, y, {"method": "pearson"}, stats.pearsonr(x, y), spec)

# A matrix without missing values: spearmanr on the columns (t approximation for every pair).
i = np.arange(1, 201, dtype=np.int64)
columns = {
    "a": ((i * 7919) % 10007).astype(float),
    "b": ((i * 104729) % 10007 + (i * 7919) % 10007).astype(float),
    "c": ((i * 31) % 17).astype(float),
    "d": ((i * 7) % 101 - (i * 7919) % 10007 / 50).astype(float),
}
matrix = np.column_stack(list(columns.values()))
rho, p = stats.spearmanr(matrix)
out = {
    "pairs": cases,
    "matrix": {"call": "spearmanr(np.column_stack([a, b, c, d]))", "version": VERSION, "options": {"method": "spearman", "exact": False},
               "columns": {k: list(map(float, v)) for k, v in columns.items()},
               "estimates": rho.tolist(), "pValues": p.tolist()},
}
pathlib.Path(__file__).with_name("correlation.scipy.json").write_text(json.dumps(out, indent=1) + "\n")
