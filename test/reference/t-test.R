# Reference values for tTest (servq). Run from the repository root:   Rscript test/reference/t-test.R
# Writes test/reference/t-test.json: per case the exact t.test() call, R's version, the data (NA written as
# null), and statistic, parameter (df), p.value, conf.int, estimate, stderr, all with 17 significant digits.
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

set.seed(20240607)
data <- list(
  a = round(rnorm(12, 10, 2), 3),
  b = round(rnorm(15, 11, 3), 3),
  small1 = c(1.5, 2.25),
  small2 = c(3, 4.5, 2),
  one = c(7.25),
  offset1 = 1e9 + round(rnorm(20), 4),
  offset2 = 1e9 + 0.3 + round(rnorm(25, 0, 2), 4),
  withNA1 = c(3.1, NA, 4.7, 5.2, NA, 6.8, 2.9, 4.4),
  withNA2 = c(2.2, 3.3, NA, 4.1, 5.9, 6.0, NA, 1.8),
  big1 = rnorm(2000, 0, 1),
  big2 = rnorm(1500, 1.75, 1.3),
  tiny1 = c(1e-12, 3e-12, 2.5e-12, 4e-12),
  tiny2 = c(5e-12, 6e-12, 4.5e-12, 7e-12, 6.5e-12),
  ties = c(2, 2, 2, 3, 3, 5, 5, 5, 5),
  pre = c(140, 152, 138, 160, 147, 155, 149, 142, 151, 158),
  post = c(135, 150, 132, 158, 140, 151, 148, 139, 149, 150)
)
cases <- c(
  't.test(a)', 't.test(a, mu = 10)', 't.test(a, mu = 10, alternative = "less")',
  't.test(a, mu = 10, alternative = "greater", conf.level = 0.9)', 't.test(a, conf.level = 0.999)',
  't.test(a, b)', 't.test(a, b, var.equal = TRUE)', 't.test(a, b, mu = -1)', 't.test(a, b, alternative = "less")',
  't.test(a, b, alternative = "greater", var.equal = TRUE)', 't.test(b, a, conf.level = 0.8)',
  't.test(small1)', 't.test(small1, small2)', 't.test(small1, small2, var.equal = TRUE)',
  't.test(one, small2, var.equal = TRUE)', 't.test(small2, one, var.equal = TRUE, alternative = "less")',
  't.test(offset1, mu = 1e9)', 't.test(offset1, offset2)', 't.test(offset1, offset2, var.equal = TRUE)',
  't.test(withNA1)', 't.test(withNA1, withNA2)', 't.test(withNA1, withNA2, paired = TRUE)',
  't.test(big1, big2)', 't.test(big1, big2, var.equal = TRUE)', 't.test(big1, big2, alternative = "less")',
  't.test(big1, big2, alternative = "greater")', 't.test(big2, mu = 0)',
  't.test(tiny1, tiny2)', 't.test(tiny1)', 't.test(ties, mu = 3)',
  't.test(pre, post, paired = TRUE)', 't.test(pre, post, paired = TRUE, mu = 2, alternative = "greater")',
  't.test(post, pre, paired = TRUE, conf.level = 0.99)', 't.test(pre, post)'
)
entries <- character(0)
for (call in cases) {
  t <- with(data, eval(parse(text = call)))
  args <- all.vars(parse(text = call)[[1]])
  x <- data[[args[1]]]
  y <- if (length(args) > 1) data[[args[2]]] else NULL
  cl <- parse(text = call)[[1]]
  paired <- isTRUE(cl$paired); var_equal <- isTRUE(cl$var.equal)
  mu <- if (is.null(cl$mu)) 0 else eval(cl$mu)
  alt <- if (is.null(cl$alternative)) 'two.sided' else cl$alternative
  level <- if (is.null(cl$conf.level)) 0.95 else cl$conf.level
  entries <- c(entries, obj(call = str(call), version = str(version), x = vec(x), y = if (is.null(y)) 'null' else vec(y),
    paired = tolower(paired), var_equal = tolower(var_equal), mu = num(mu), alternative = str(alt), level = num(level),
    statistic = num(unname(t$statistic)), df = num(unname(t$parameter)), p_value = num(t$p.value),
    conf_int = vec(t$conf.int), estimate = vec(unname(t$estimate)), stderr = num(t$stderr), method = str(t$method)))
}
writeLines(c('[', paste(entries, collapse = ',\n'), ']'), 'test/reference/t-test.json')
cat(length(entries), 'cases\n')
p <- with(data, t.test(big1, big2)$p.value); cat('smallest p', p, '\n')
