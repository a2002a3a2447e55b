# High-precision reference values (mpmath, 50 digits) for the few distribution arguments where R 4.2's own
# quantile functions are not accurate to double precision: qt() at p = 1e-300 with small df (R's Newton polish
# stops early; pt(qt(1e-300, 1.5), 1.5) = 9.85e-301 in R), and qchisq() at p = 1 - 1e-12 (R works with the lower
# tail there, losing ~1e-11 relative), and two log-scale F tails where R's pf is off (see below). Run from the
# repository root with Debian's Python:
#   /usr/bin/python3 test/reference/distributions.mpmath.py
# Writes test/reference/distributions.mpmath.json: {"call", "version", "value"} per entry, value to 17 digits.
import json
import mpmath as mp

mp.mp.dps = 50
version = 'mpmath ' + mp.__version__
entries = []


def t_upper(t, df):
    # P(T > t) for t > 0: I_{df/(df+t^2)}(df/2, 1/2) / 2
    x = df / (df + t * t)
    return mp.betainc(df / 2, mp.mpf(1) / 2, 0, x, regularized=True) / 2


for df in ['1.5', '2.5', '3', '4.7', '10', '29.3']:
    dfv = mp.mpf(float(df))  # the double R and JavaScript see
    p = mp.mpf(1e-300)
    guess = mp.exp((mp.log(1 / p)) / dfv)
    logt = mp.findroot(lambda u: mp.log(t_upper(mp.exp(u), dfv)) - mp.log(p), mp.log(guess))
    entries.append({'call': f'qt(1e-300, {df})', 'version': version, 'value': float(-mp.exp(logt))})

p = mp.mpf(0.999999999999)  # the double 0.99999999999900002, exactly
q = 1 - p
for df in ['0.5', '1', '3', '5.5', '10', '50', '100', '1000', '10000']:
    a = mp.mpf(float(df)) / 2
    # Start from the Wilson-Hilferty approximation (z = 7.034 for an upper tail of 1e-12), then Newton on log Q.
    c = 2 / (9 * 2 * a)
    start = 2 * a * (1 - c + mp.mpf('7.034483825') * mp.sqrt(c)) ** 3
    x = mp.findroot(lambda z: mp.log(mp.gammainc(a, z / 2, mp.inf, regularized=True)) - mp.log(q), start)
    entries.append({'call': f'qchisq(0.99999999999900002, {df})', 'version': version, 'value': float(x)})

# R 4.2.2's pf(x, 50, 1e6, lower.tail = FALSE, log.p = TRUE) is off by ~100 in the log for x = 100 and 10000
# (its pbeta log-scale path); with integer half-degrees of freedom the F tail is an exact finite binomial sum:
# P(F > x) = I_y(df2/2, df1/2) = P(Binomial(n, y) >= df2/2), n = (df1 + df2)/2 - 1, y = df2 / (df2 + df1 x).
for x in [100, 10000]:
    df1, df2 = 50, 10**6
    u = mp.mpf(df1) * x
    small, large = u / (u + df2), df2 / (u + df2)
    a, b = df2 // 2, df1 // 2
    n = a + b - 1
    tail = mp.fsum(mp.binomial(n, j) * large**j * small**(n - j) for j in range(a, n + 1))
    entries.append({'call': f'pf({x}, 50, 1000000, lower.tail = FALSE, log.p = TRUE)', 'version': version,
                    'value': float(mp.log(tail))})

with open('test/reference/distributions.mpmath.json', 'w') as f:
    f.write('[\n' + ',\n'.join(json.dumps(e) for e in entries) + '\n]\n')
print(len(entries), 'entries')
