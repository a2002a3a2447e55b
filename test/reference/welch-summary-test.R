# Reference values for welchTestFromSummary (servq). Run from the repository root:
#   Rscript test/reference/welch-summary-test.R
# Writes test/reference/welch-summary-test.json: per case the exact t.test() call on the raw samples below, R's
# version, the summaries R computes from those samples and the test is given (mean(), var(), length(), i.e. what
# SQL's avg, var_samp and count return), and t.test's statistic, parameter (df), p.value, conf.int, estimate and
# stderr, all with 17 significant digits. A call R refuses (too few values, constant data) is recorded with its
# error message instead of results.
version <- R.version.string
num <- function(v) {
  if (is.na(v) && !is.nan(v)) return('null')
  if (is.nan(v)) return('"NaN"')
  if (is.infinite(v)) return(if (v > 0) '"Infinity"' else '"-Infinity"')
  sprintf('%.17g', v)
}
vec <- function(v) paste0('[', paste(vapply(v, num, ''), collapse = ', '), ']')
str <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
obj <- function(...) {
  f <- list(...)
  paste0('{', paste(sprintf('"%s": %s', names(f), unlist(f)), collapse = ', '), '}')
}
summ <- function(v) obj(mean = num(mean(v)), variance = num(var(v)), n = num(length(v)))

set.seed(20240611)
data <- list(
  # Handling times in seconds, this week and last week (log-normal, as handling times are).
  aht_now = round(rlnorm(180, log(300), 0.6)),
  aht_prev = round(rlnorm(220, log(330), 0.55)),
  # Survey ratings 1-5.
  rating_now = sample(1:5, 64, replace = TRUE, prob = c(0.05, 0.1, 0.2, 0.35, 0.3)),
  rating_prev = sample(1:5, 81, replace = TRUE, prob = c(0.08, 0.12, 0.25, 0.3, 0.25)),
  a = c(1, 2, 3, 4, 5),
  b = c(2, 4, 6, 8, 11),
  pair1 = c(1.5, 2.25),
  pair2 = c(3, 4.5),
  const = c(4, 4, 4, 4),
  const2 = c(7, 7, 7),
  one = c(7.25),
  # Epoch-second offsets: the summaries must keep their digits.
  offset1 = 1.7e9 + round(rnorm(30, 0, 40), 3),
  offset2 = 1.7e9 + 25 + round(rnorm(40, 0, 55), 3),
  big1 = rnorm(50000, 0, 1),
  big2 = rnorm(40000, 0.05, 1.6),
  far1 = rnorm(300, 0, 1),
  far2 = rnorm(250, 3, 1.2),
  unequal1 = rnorm(6, 10, 0.2),
  unequal2 = rnorm(300, 10.4, 5)
)
cases <- c(
  't.test(aht_now, aht_prev)', 't.test(aht_now, aht_prev, alternative = "less")',
  't.test(aht_now, aht_prev, alternative = "greater", conf.level = 0.9)', 't.test(aht_now, aht_prev, mu = -20)',
  't.test(aht_prev, aht_now, conf.level = 0.99)',
  't.test(rating_now, rating_prev)', 't.test(rating_now, rating_prev, alternative = "greater")',
  't.test(a, b)', 't.test(a, b, mu = -1, conf.level = 0.8)', 't.test(pair1, pair2)',
  't.test(const, b)', 't.test(a, const)', 't.test(offset1, offset2)', 't.test(offset1, offset2, mu = -25)',
  't.test(big1, big2)', 't.test(big1, big2, alternative = "less")',
  't.test(far1, far2)', 't.test(far1, far2, alternative = "greater")', 't.test(unequal1, unequal2)',
  't.test(unequal1, unequal2, alternative = "greater", conf.level = 0.999)',
  # Refused by R: recorded with the error.
  't.test(one, a)', 't.test(a, one)', 't.test(const, const2)'
)
entries <- character(0)
for (call in cases) {
  args <- all.vars(parse(text = call)[[1]])
  x <- data[[args[1]]]
  y <- data[[args[2]]]
  cl <- parse(text = call)[[1]]
  mu <- if (is.null(cl$mu)) 0 else eval(cl$mu)
  alt <- if (is.null(cl$alternative)) 'two.sided' else cl$alternative
  level <- if (is.null(cl$conf.level)) 0.95 else cl$conf.level
  common <- list(call = str(call), version = str(version), x = summ(x), y = summ(y), mu = num(mu),
                 alternative = str(alt), level = num(level))
  t <- tryCatch(with(data, eval(parse(text = call))), error = function(e) e)
  if (inherits(t, 'error')) {
    entries <- c(entries, do.call(obj, c(common, list(error = str(conditionMessage(t))))))
    next
  }
  entries <- c(entries, do.call(obj, c(common, list(
    statistic = num(unname(t$statistic)), df = num(unname(t$parameter)), p_value = num(t$p.value),
    conf_int = vec(t$conf.int), estimate = vec(unname(t$estimate)), stderr = num(t$stderr),
    method = str(t$method)))))
}
writeLines(c('[', paste(entries, collapse = ',\n'), ']'), 'test/reference/welch-summary-test.json')
cat(length(entries), 'cases\n')
