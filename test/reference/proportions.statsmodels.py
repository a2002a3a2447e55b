# statsmodels reference values for wilsonInterval (no continuity correction) and newcombeDifference (method 10).
# Run from the repository root with Debian's Python:   /usr/bin/python3 test/reference/proportions.statsmodels.py
# Writes test/reference/proportions.statsmodels.json: {"call", "version", inputs..., "lower", "upper"} per case.
import json

import statsmodels
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

version = 'statsmodels ' + statsmodels.__version__
out = {'wilson': [], 'newcombe': []}
for x, n in [(0, 1), (1, 1), (0, 10), (10, 10), (5, 10), (3, 7), (15, 50), (12345, 98765), (1, 10**9), (7, 10**6)]:
    for alpha in [0.05, 0.2, 0.01]:
        call = f"proportion_confint({x}, {n}, alpha={alpha}, method='wilson')"
        lo, hi = eval(call)
        out['wilson'].append({'call': call, 'version': version, 'x': x, 'n': n, 'level': 1 - alpha,
                              'lower': float(lo), 'upper': float(hi)})
for x1, n1, x2, n2 in [(56, 70, 48, 80), (9, 10, 3, 10), (5, 56, 0, 29), (0, 10, 0, 20), (10, 10, 0, 20),
                       (15, 50, 25, 50), (4975, 10000, 5100, 10000), (123456789, 10**9, 123400000, 10**9)]:
    for alpha in [0.05, 0.1]:
        call = (f"confint_proportions_2indep({x1}, {n1}, {x2}, {n2}, method='newcomb', compare='diff', "
                f"alpha={alpha})")
        lo, hi = eval(call)
        out['newcombe'].append({'call': call, 'version': version, 'x1': x1, 'n1': n1, 'x2': x2, 'n2': n2,
                                'level': 1 - alpha, 'lower': float(lo), 'upper': float(hi)})
with open('test/reference/proportions.statsmodels.json', 'w') as f:
    json.dump(out, f, indent=1)
print({k: len(v) for k, v in out.items()})
