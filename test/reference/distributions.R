# Reference values for src/analysis/distributions (servq). Run from the repository root:
#   Rscript test/reference/distributions.R
# Writes test/reference/distributions.json: one entry per R call, {"call", "version", "value"}, full precision.
# Non-finite values are written as the strings "Infinity", "-Infinity", "NaN".
version <- R.version.string
num <- function(v) {
  if (is.nan(v)) return('"NaN"')
  if (is.infinite(v)) return(if (v > 0) '"Infinity"' else '"-Infinity"')
  sprintf('%.17g', v)
}
entries <- character(0)
add <- function(call) {
  v <- eval(parse(text = call))
  entries <<- c(entries, sprintf('{"call": "%s", "version": "%s", "value": %s}', call, version, num(v)))
}
arg <- function(v) if (is.infinite(v)) (if (v > 0) 'Inf' else '-Inf') else sprintf('%.17g', v)

# Normal
for (x in c(-1e200, -60, -40, -38, -37.5, -37, -30, -20, -10, -8.3, -5.7, -5, -3, -1.96, -1, -0.66, -0.5,
            -1e-10, 0, 0.3, 0.7, 1, 2, 5.6, 6, 8.2924, 9, 20, 37, 38)) {
  add(sprintf('pnorm(%s)', arg(x)))
  add(sprintf('pnorm(%s, lower.tail = FALSE)', arg(x)))
  add(sprintf('pnorm(%s, log.p = TRUE)', arg(x)))
  add(sprintf('pnorm(%s, lower.tail = FALSE, log.p = TRUE)', arg(x)))
}
for (p in c(1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.05, 0.074, 0.076, 0.3, 0.5, 0.7, 0.925, 0.975,
            0.999, 1 - 1e-10)) {
  add(sprintf('qnorm(%s)', arg(p)))
  add(sprintf('qnorm(%s, lower.tail = FALSE)', arg(p)))
  add(sprintf('qnorm(%s, log.p = TRUE)', arg(log(p))))
}
add('qnorm(-1000, log.p = TRUE)')

# Student t
dfs <- c(0.5, 1, 1.5, 2, 2.5, 3, 4.7, 10, 29.3, 100, 1234.5, 1e5, 1e6, Inf)
for (df in dfs) {
  for (t in c(-1e300, -1e10, -50, -10, -3, -2, -1, -0.1, 0, 0.5, 1.5, 2, 2.5, 4, 8, 30, 100, 1e5)) {
    add(sprintf('pt(%s, %s)', arg(t), arg(df)))
    add(sprintf('pt(%s, %s, lower.tail = FALSE)', arg(t), arg(df)))
    add(sprintf('pt(%s, %s, lower.tail = FALSE, log.p = TRUE)', arg(t), arg(df)))
  }
  for (p in c(1e-300, 1e-50, 1e-10, 1e-4, 0.01, 0.025, 0.05, 0.2, 0.45, 0.5, 0.55, 0.8, 0.95, 0.975, 0.99, 0.9999)) {
    add(sprintf('qt(%s, %s)', arg(p), arg(df)))
  }
  for (t in c(0, 1, 3, 50)) add(sprintf('dt(%s, %s)', arg(t), arg(df)))
}

# Chi-square
for (df in c(0.5, 1, 2, 3, 5.5, 10, 50, 100, 1000, 1e4, 1e5, 1e6)) {
  xs <- c(1e-10, 0.001, 0.1, 0.5, 1, 2, 3.84, 5, 10, 50, 100, 500, 1000, 1300, 1e4, df * c(0.5, 0.9, 0.99, 1, 1.01, 1.1, 2))
  for (x in unique(xs)) {
    add(sprintf('pchisq(%s, %s)', arg(x), arg(df)))
    add(sprintf('pchisq(%s, %s, lower.tail = FALSE)', arg(x), arg(df)))
    add(sprintf('pchisq(%s, %s, lower.tail = FALSE, log.p = TRUE)', arg(x), arg(df)))
  }
  for (p in c(1e-300, 1e-50, 1e-10, 1e-4, 0.01, 0.025, 0.05, 0.2, 0.5, 0.8, 0.95, 0.975, 0.99, 0.9999, 1 - 1e-12)) {
    add(sprintf('qchisq(%s, %s)', arg(p), arg(df)))
  }
}

# F
for (dd in list(c(1, 1), c(1, 10), c(2, 30), c(3.5, 7.2), c(0.5, 0.5), c(10, 1e6), c(1e6, 1e6), c(5, Inf),
                c(Inf, 20), c(49, 2450), c(2, 1e5), c(50, 1e6), c(250, 1e7), c(1000, 1e4), c(2000, 1e7))) {
  for (x in c(1e-8, 0.01, 0.3, 0.9, 0.99, 1, 1.01, 1.03, 1.1, 1.3, 2, 4, 10, 100, 1e4, 1e8)) {
    add(sprintf('pf(%s, %s, %s)', arg(x), arg(dd[1]), arg(dd[2])))
    add(sprintf('pf(%s, %s, %s, lower.tail = FALSE)', arg(x), arg(dd[1]), arg(dd[2])))
    add(sprintf('pf(%s, %s, %s, lower.tail = FALSE, log.p = TRUE)', arg(x), arg(dd[1]), arg(dd[2])))
  }
}

# Special functions
for (x in c(1e-300, 1e-10, 0.1, 0.5, 1, 1.5, 2, 2.5, 3, 7.3, 10, 14.9, 15, 15.1, 23, 24, 100, 1e5, 1e10, 1e300,
            -0.5, -1.5, -10.3)) {
  add(sprintf('lgamma(%s)', arg(x)))
}
for (a in c(0.01, 0.1, 0.5, 1, 3.3, 10, 100, 1e4)) {
  for (x in c(1e-5, 0.01, 0.5, 1, 2, 5, 9, 11, 50, 99, 101, 150, 1e4, 1.1e4)) {
    add(sprintf('pgamma(%s, %s)', arg(x), arg(a)))
    add(sprintf('pgamma(%s, %s, lower.tail = FALSE)', arg(x), arg(a)))
  }
}
for (ab in list(c(0.5, 0.5), c(2, 3), c(0.1, 10), c(10, 0.1), c(50, 50), c(1e4, 2), c(5e5, 5e5), c(1, 1), c(200, 0.5))) {
  for (x in c(1e-10, 0.001, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999, 1 - 1e-10)) {
    add(sprintf('pbeta(%s, %s, %s)', arg(x), arg(ab[1]), arg(ab[2])))
  }
}
for (ab in list(c(5e5, 5e5))) {
  for (x in c(0.499, 0.4999, 0.5, 0.5001, 0.501)) add(sprintf('pbeta(%s, %s, %s)', arg(x), arg(ab[1]), arg(ab[2])))
}

writeLines(c('[', paste(entries, collapse = ',\n'), ']'), 'test/reference/distributions.json')
cat(length(entries), 'entries\n')
