"""Cross-check of differenceInDifferences against statsmodels (servq).

Run from the repository root:   /usr/bin/python3 test/reference/did.py
Reads the data of some cases of test/reference/did.json (written by did.R) and writes
test/reference/did.statsmodels.json: for each, the exact call
    sm.OLS(y, X).fit(cov_type='cluster', cov_kwds={'groups': g})   or   .fit(cov_type='HC1')
with X = [1, treated, post, covariates..., treated*post] on complete rows, and the treated:post
params, bse, tvalues (z), pvalues (normal reference: statsmodels' default use_t=False for robust covariances)
and conf_int(alpha=1 - level). Floats are written with repr (17 significant digits).
"""
import json

import numpy as np
import statsmodels
import statsmodels.api as sm

with open('test/reference/did.json') as f:
    reference = json.load(f)

version = f'statsmodels {statsmodels.__version__}, numpy {np.__version__}'
out = []
for case in reference['did']:
    if case['name'] not in ('panel cluster', 'panel hc1', 'mtcars carb clusters', 'unbalanced panel with NA + staff', 'mtcars carb clusters + wt + hp'):
        continue
    y = np.array([np.nan if v is None else v for v in case['y']], dtype=float)
    t = np.array(case['treated'], dtype=float)
    p = np.array(case['post'], dtype=float)
    covs = [np.array([np.nan if v is None else v for v in c], dtype=float) for c in case['covariates']]
    unit = np.array(case['unit'])
    ok = ~np.isnan(y)
    for c in covs:
        ok &= ~np.isnan(c)
    # Columns in R's order for y ~ treated * post + covariates: the interaction last.
    X = np.column_stack([np.ones(ok.sum()), t[ok], p[ok]] + [c[ok] for c in covs] + [(t * p)[ok]])
    _, groups = np.unique(unit[ok], return_inverse=True)
    if case['se'] == 'cluster':
        call = "sm.OLS(y, X).fit(cov_type='cluster', cov_kwds={'groups': g})"
        fit = sm.OLS(y[ok], X).fit(cov_type='cluster', cov_kwds={'groups': groups})
    else:
        call = "sm.OLS(y, X).fit(cov_type='HC1')"
        fit = sm.OLS(y[ok], X).fit(cov_type='HC1')
    level = case['level']
    ci = fit.conf_int(alpha=1 - level)
    out.append({
        'name': case['name'],
        'call': call + f'; X = [1, treated, post{"".join(", " + c for c in case["covariateNames"])}, treated*post]; conf_int(alpha={1 - level!r})',
        'version': version,
        'se': case['se'],
        'level': level,
        'params': [float(v) for v in fit.params],
        'bse': [float(v) for v in fit.bse],
        'tvalues': [float(v) for v in fit.tvalues],
        'pvalues': [float(v) for v in fit.pvalues],
        'ci_lower': float(ci[-1, 0]),
        'ci_upper': float(ci[-1, 1]),
    })

with open('test/reference/did.statsmodels.json', 'w') as f:
    json.dump(out, f, indent=1)
