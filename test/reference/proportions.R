# Reference values for wilsonInterval, newcombeDifference, twoProportionTest, proportionsTest and chiSquareTest
# (servq). Run from the repository root:   Rscript test/reference/proportions.R
# Writes test/reference/proportions.json. Every case carries the exact R call that produced it and R's version;
# numbers are printed with 17 significant digits; non-finite values as the strings "Infinity"/"-Infinity"/"NaN".
# Newcombe's hybrid score interval has no function in base R: it is hand-coded below from the formulas of
# Newcombe (1998), Stat. Med. 17, 873-890 (method 10, from Wilson intervals; method 11, from the continuity-
# corrected intervals of Newcombe (1998), Stat. Med. 17, 857-872, method 4), written in closed form as in the
# papers, independently of servq's code.
version <- R.version.string
num <- function(v) {
  if (is.nan(v)) return('"NaN"')
  if (is.infinite(v)) return(if (v > 0) '"Infinity"' else '"-Infinity"')
  sprintf('%.17g', v)
}
vec <- function(v) paste0('[', paste(vapply(v, num, ''), collapse = ', '), ']')
mat <- function(m) paste0('[', paste(apply(m, 1, vec), collapse = ', '), ']')
str <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
obj <- function(...) {
  f <- list(...)
  paste0('{', paste(sprintf('"%s": %s', names(f), unlist(f)), collapse = ', '), '}')
}
# Evaluates a call text, recording whether R warned.
run <- function(call) {
  warned <- FALSE
  value <- withCallingHandlers(eval(parse(text = call)), warning = function(w) {
    warned <<- TRUE
    invokeRestart('muffleWarning')
  })
  list(value = value, warned = warned)
}
out <- list()

# --- Wilson score interval: prop.test(x, n)$conf.int -------------------------------------------------------
wilson <- character(0)
cases <- list(c(0, 1), c(1, 1), c(0, 10), c(10, 10), c(5, 10), c(1, 2), c(3, 7), c(15, 50), c(49, 50),
              c(12345, 98765), c(1, 1e9), c(0, 1e9), c(1e9, 1e9), c(5e8, 1e9), c(999999999, 1e9), c(7, 1e6))
for (cs in cases) for (correct in c(TRUE, FALSE)) for (level in c(0.95, 0.8, 0.99, 0.999999)) {
  for (alt in c('two.sided', 'less', 'greater')) {
    if (alt != 'two.sided' && level != 0.95) next
    call <- sprintf('prop.test(%s, %s, correct = %s, conf.level = %s, alternative = "%s")$conf.int',
                    format(cs[1], scientific = FALSE), format(cs[2], scientific = FALSE), correct, level, alt)
    ci <- run(call)$value
    wilson <- c(wilson, obj(call = str(call), version = str(version), x = num(cs[1]), n = num(cs[2]),
                            continuity = tolower(correct), level = num(level), alternative = str(alt),
                            lower = num(ci[1]), upper = num(ci[2])))
  }
}
out$wilson <- wilson

# --- Newcombe hybrid score interval (hand-coded from the papers) ---------------------------------------------
score_ci <- function(x, n, z, cc) {
  p <- x / n
  if (!cc) {
    centre <- 2 * n * p + z^2
    half <- z * sqrt(z^2 + 4 * n * p * (1 - p))
    return(c((centre - half) / (2 * (n + z^2)), (centre + half) / (2 * (n + z^2))))
  }
  lower <- if (x == 0) 0 else
    (2 * n * p + z^2 - 1 - z * sqrt(z^2 - 2 - 1 / n + 4 * p * (n * (1 - p) + 1))) / (2 * (n + z^2))
  upper <- if (x == n) 1 else
    (2 * n * p + z^2 + 1 + z * sqrt(z^2 + 2 - 1 / n + 4 * p * (n * (1 - p) - 1))) / (2 * (n + z^2))
  c(max(lower, 0), min(upper, 1))
}
newcombe <- function(x1, n1, x2, n2, conf.level = 0.95, cc = FALSE) {
  z <- qnorm((1 + conf.level) / 2)
  p1 <- x1 / n1; p2 <- x2 / n2
  a <- score_ci(x1, n1, z, cc); b <- score_ci(x2, n2, z, cc)
  d <- p1 - p2
  c(d - sqrt((p1 - a[1])^2 + (b[2] - p2)^2), d + sqrt((a[2] - p1)^2 + (p2 - b[1])^2))
}
nc <- character(0)
cases <- list(c(56, 70, 48, 80), c(9, 10, 3, 10), c(6, 7, 2, 7), c(5, 56, 0, 29), c(0, 10, 0, 20), c(10, 10, 0, 20),
              c(10, 10, 20, 20), c(1, 1, 0, 1), c(15, 50, 25, 50), c(4975, 10000, 5100, 10000),
              c(123456789, 1e9, 123400000, 1e9), c(1, 1e9, 0, 1e9))
for (cs in cases) for (cc in c(FALSE, TRUE)) for (level in c(0.95, 0.9, 0.999)) {
  call <- sprintf('newcombe(%s, %s, %s, %s, conf.level = %s, cc = %s)', format(cs[1], scientific = FALSE),
                  format(cs[2], scientific = FALSE), format(cs[3], scientific = FALSE),
                  format(cs[4], scientific = FALSE), level, cc)
  ci <- eval(parse(text = call))
  nc <- c(nc, obj(call = str(call), version = str(paste(version, '(hand-coded Newcombe 1998 formulas)')),
                  x1 = num(cs[1]), n1 = num(cs[2]), x2 = num(cs[3]), n2 = num(cs[4]), continuity = tolower(cc),
                  level = num(level), lower = num(ci[1]), upper = num(ci[2])))
}
out$newcombe <- nc

# --- Two-sample prop.test ----------------------------------------------------------------------------------
tp <- character(0)
cases <- list(c(15, 50, 25, 50), c(83, 86, 90, 93), c(0, 10, 5, 10), c(10, 10, 5, 10), c(1, 1, 0, 1), c(3, 4, 1, 5),
              c(30, 60, 30, 60), c(31, 60, 30, 60), c(4975, 10000, 5100, 10000), c(500820000, 1e9, 5e8, 1e9),
              c(500830000, 1e9, 5e8, 1e9), c(1, 1e9, 40, 1e9), c(123456789, 1e9, 123400000, 1e9), c(2, 3, 1, 2))
for (cs in cases) for (correct in c(TRUE, FALSE)) for (alt in c('two.sided', 'less', 'greater')) {
  for (level in c(0.95, 0.9)) {
    if (level != 0.95 && alt != 'two.sided') next
    call <- sprintf('prop.test(c(%s, %s), c(%s, %s), correct = %s, alternative = "%s", conf.level = %s)',
                    format(cs[1], scientific = FALSE), format(cs[3], scientific = FALSE),
                    format(cs[2], scientific = FALSE), format(cs[4], scientific = FALSE), correct, alt, level)
    r <- run(call)
    t <- r$value
    tp <- c(tp, obj(call = str(call), version = str(version), x1 = num(cs[1]), n1 = num(cs[2]), x2 = num(cs[3]),
                    n2 = num(cs[4]), continuity = tolower(correct), alternative = str(alt), level = num(level),
                    statistic = num(unname(t$statistic)), p_value = num(t$p.value),
                    estimate = vec(unname(t$estimate)), conf_int = vec(t$conf.int),
                    method = str(t$method), warned = tolower(r$warned)))
  }
}
out$two_proportion <- tp

# --- k-sample prop.test ------------------------------------------------------------------------------------
kp <- character(0)
cases <- list(list(c(83, 90, 129, 70), c(86, 93, 136, 82)), list(c(1, 2, 3), c(10, 10, 10)),
              list(c(15, 25), c(50, 50)), list(c(0, 0, 1), c(5, 5, 5)), list(c(10, 20, 30, 40, 50), c(100, 100, 100, 100, 100)),
              list(c(5e8, 500100000, 499900000), c(1e9, 1e9, 1e9)), list(c(5e8, 510000000, 490000000), c(1e9, 1e9, 1e9)),
              list(c(1, 0), c(1, 1)), list(c(30, 30), c(60, 60)))
for (cs in cases) for (correct in c(TRUE, FALSE)) {
  call <- sprintf('prop.test(c(%s), c(%s), correct = %s)', paste(format(cs[[1]], scientific = FALSE), collapse = ', '),
                  paste(format(cs[[2]], scientific = FALSE), collapse = ', '), correct)
  r <- run(call)
  t <- r$value
  kp <- c(kp, obj(call = str(call), version = str(version), x = vec(cs[[1]]), n = vec(cs[[2]]),
                  continuity = tolower(correct), statistic = num(unname(t$statistic)),
                  df = num(unname(t$parameter)), p_value = num(t$p.value), estimate = vec(unname(t$estimate)),
                  method = str(t$method), warned = tolower(r$warned)))
}
out$k_proportions <- kp

# --- chisq.test on r x c tables ----------------------------------------------------------------------------
ct <- character(0)
tables <- list('matrix(c(12, 7, 5, 9), 2)', 'matrix(c(10, 10, 10, 10), 2)', 'matrix(c(3, 1, 1, 3), 2)',
               'matrix(c(1, 2, 3, 4, 5, 6), 2)', 'matrix(c(20, 15, 30, 35, 25, 10, 5, 12, 40, 8, 9, 11), 3)',
               'matrix(c(762, 484, 327, 239, 468, 477), 2, byrow = TRUE)',
               'matrix(c(1e9, 999000000, 1e9, 1001000000), 2)', 'matrix(c(2e6, 1e6, 1e6, 2e6), 2)',
               'matrix(c(0, 5, 5, 0), 2)', 'matrix(c(0.5, 2.5, 3.5, 1), 2)')
for (tb in tables) for (correct in c(TRUE, FALSE)) {
  call <- sprintf('chisq.test(%s, correct = %s)', tb, correct)
  r <- run(call)
  t <- r$value
  ct <- c(ct, obj(call = str(call), version = str(version), table = mat(eval(parse(text = tb))),
                  correct = tolower(correct), statistic = num(unname(t$statistic)), df = num(unname(t$parameter)),
                  p_value = num(t$p.value), expected = mat(t$expected), residuals = mat(t$residuals),
                  stdres = mat(t$stdres), method = str(t$method), warned = tolower(r$warned)))
}
out$chisq <- ct

json <- paste0('{\n', paste(sprintf('"%s": [\n%s\n]', names(out), vapply(out, function(e) paste(e, collapse = ',\n'), '')),
                            collapse = ',\n'), '\n}\n')
writeLines(json, 'test/reference/proportions.json', sep = '')
cat('written', sum(lengths(out)), 'cases\n')
