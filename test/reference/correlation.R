# Reference values for correlation / correlationMatrix (R cor.test and cor).
# Run: Rscript test/reference/correlation.R   (writes test/reference/correlation.json)
# Each case: the exact call evaluated with its x and y (or a generator formula for the large cases, reproduced
# in the test), R's version, values printed with %.17g, and R's warnings.
version <- paste0("R ", R.version$major, ".", R.version$minor)

num1 <- function(a) {
  if (is.na(a)) "null" else if (is.infinite(a)) (if (a > 0) '"Infinity"' else '"-Infinity"') else sprintf("%.17g", a)
}
num <- function(v) if (length(v) == 1) num1(v) else vec(v)
vec <- function(v) paste0("[", paste(vapply(v, num1, ""), collapse = ", "), "]")
str <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
strs <- function(v) paste0("[", paste(vapply(v, str, ""), collapse = ", "), "]")

capture <- function(expr_text, env) {
  warns <- character(0)
  value <- withCallingHandlers(eval(parse(text = expr_text), envir = env),
    warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") })
  list(value = value, warnings = warns)
}

seqmod <- function(n, a, m, from = 1) ((from:(from + n - 1)) * a) %% m

cases <- character(0)
# data: either inline vectors, or a generator spec {"n", "x": [a, m, add], "y": [...]} reproduced by the test:
# x_i = ((i * a) mod m) * scale + add with i = 1..n, y_i = x_i * xWeight + ((i * a') mod m') (see gen()).
ccase <- function(name, call, x, y, opts = "{}", data = NULL) {
  env <- new.env(); env$x <- x; env$y <- y
  out <- capture(call, env)
  r <- out$value
  fields <- c(
    paste0('"name": ', str(name)),
    paste0('"call": ', str(call)),
    paste0('"version": ', str(version)),
    if (is.null(data)) c(paste0('"x": ', vec(x)), paste0('"y": ', vec(y))) else paste0('"generator": ', data),
    paste0('"options": ', opts),
    paste0('"n": ', length(x[complete.cases(x, y)])),
    paste0('"statistic": ', num(unname(r$statistic))),
    paste0('"statisticName": ', str(names(r$statistic))),
    paste0('"parameter": ', if (is.null(r$parameter)) "null" else num(unname(r$parameter))),
    paste0('"p.value": ', num(r$p.value)),
    paste0('"estimate": ', num(unname(r$estimate))),
    paste0('"method": ', str(r$method)),
    paste0('"warnings": ', strs(out$warnings))
  )
  if (!is.null(r$conf.int)) {
    fields <- c(fields, paste0('"conf.int": ', vec(as.numeric(r$conf.int))), paste0('"conf.level": ', num(attr(r$conf.int, "conf.level"))))
  }
  cases <<- c(cases, paste0("{", paste(fields, collapse = ", "), "}"))
}
# Generated data (exact integers, identical in TypeScript): x_i = (i*ax) mod mx; y_i = wx * x_i + (i*ay) mod my.
gen <- function(n, ax, mx, wx, ay, my) {
  i <- 1:n
  x <- (i * ax) %% mx
  list(x = x, y = wx * x + (i * ay) %% my,
       spec = sprintf('{"n": %d, "ax": %d, "mx": %d, "wx": %d, "ay": %d, "my": %d}', n, ax, mx, wx, ay, my))
}

x0 <- c(44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1)
y0 <- c( 2.6,  3.1,  2.5,  5.0,  3.6,  4.0,  5.2,  2.8,  3.8)
for (m in c("pearson", "spearman", "kendall")) {
  for (alt in c("two.sided", "less", "greater")) {
    a <- if (alt == "two.sided") "two-sided" else alt
    ccase(paste(m, alt, "n = 9"), sprintf('cor.test(x, y, method = "%s", alternative = "%s")', m, alt), x0, y0,
          sprintf('{"method": "%s", "alternative": "%s"}', m, a))
  }
}
ccase("pearson conf.level 0.9", 'cor.test(x, y, conf.level = 0.9)', x0, y0, '{"method": "pearson", "level": 0.9}')
ccase("pearson less 0.99", 'cor.test(x, y, alternative = "less", conf.level = 0.99)', x0, y0, '{"method": "pearson", "alternative": "less", "level": 0.99}')
ccase("pearson n = 3", 'cor.test(x, y)', c(1, 2, 3.5), c(2, 1, 7), '{"method": "pearson"}')
ccase("pearson n = 4", 'cor.test(x, y)', c(1, 2, 3.5, 4), c(2, 1, 7, 3), '{"method": "pearson"}')
ccase("pearson perfect", 'cor.test(x, y)', c(1, 2, 3, 4, 5), c(3, 5, 7, 9, 11), '{"method": "pearson"}')
ccase("pearson perfect negative greater", 'cor.test(x, y, alternative = "greater")', c(1, 2, 3, 4, 5), c(-3, -5, -7, -9, -11), '{"method": "pearson", "alternative": "greater"}')
ccase("pearson missing", 'cor.test(x, y)', c(1.2, NA, 3.1, 4.8, NaN, 6.0, 7.7, 8.1), c(2.2, 3.3, NA, 3.9, 5.0, 6.6, 6.1, 9.9), '{"method": "pearson"}')
ccase("pearson huge values", 'cor.test(x, y)', c(1e300, 2e300, 3e300, 5e300), c(1e-300, 3e-300, 2e-300, 4e-300), '{"method": "pearson"}')
ccase("pearson offset values", 'cor.test(x, y)', 1e9 + c(0.1, 0.25, 0.2, 0.45, 0.5), c(1, 2, 3, 4, 5), '{"method": "pearson"}')
g <- gen(100000, 7919, 10007, 1, 104729, 100003)
ccase("pearson n = 1e5 weak (p ~ 1e-218)", 'cor.test(x, y)', g$x, g$y, '{"method": "pearson"}', g$spec)
g <- gen(100000, 7919, 10007, 1, 104729, 88001)
ccase("pearson n = 1e5 (p ~ 1e-280)", 'cor.test(x, y)', g$x, g$y, '{"method": "pearson"}', g$spec)
g <- gen(100000, 7919, 10007, 1, 104729, 85009)
ccase("pearson n = 1e5 (p ~ 1e-300)", 'cor.test(x, y, alternative = "greater")', g$x, g$y, '{"method": "pearson", "alternative": "greater"}', g$spec)
g <- gen(100000, 7919, 10007, 3, 104729, 1009)
ccase("pearson n = 1e5 strong", 'cor.test(x, y)', g$x, g$y, '{"method": "pearson"}', g$spec)

# Spearman: exact enumeration (n <= 9), Edgeworth (10..1290), t (ties, exact = FALSE, n > 1290)
perm <- function(n, a, m) order((1:n * a) %% m)
for (n in 2:9) {
  x <- 1:n; y <- perm(n, 7919, 10007)
  ccase(sprintf("spearman exact n = %d", n), 'cor.test(x, y, method = "spearman")', x, y, '{"method": "spearman"}')
}
ccase("spearman exact n = 7 greater", 'cor.test(x, y, method = "spearman", alternative = "greater")', 1:7, c(2, 1, 4, 3, 7, 5, 6), '{"method": "spearman", "alternative": "greater"}')
ccase("spearman exact n = 9 perfect", 'cor.test(x, y, method = "spearman")', 1:9, 11:19, '{"method": "spearman"}')
ccase("spearman exact n = 9 reversed less", 'cor.test(x, y, method = "spearman", alternative = "less")', 1:9, 9:1, '{"method": "spearman", "alternative": "less"}')
for (n in c(10, 12, 20, 50, 100, 500, 1290, 1291)) {
  x <- 1:n; y <- perm(n, 7919, 10007) + (1:n) / 3
  ccase(sprintf("spearman n = %d", n), 'cor.test(x, y, method = "spearman")', x, y, '{"method": "spearman"}')
}
ccase("spearman n = 30 less", 'cor.test(x, y, method = "spearman", alternative = "less")', 1:30, perm(30, 104729, 10007), '{"method": "spearman", "alternative": "less"}')
ccase("spearman n = 30 greater", 'cor.test(x, y, method = "spearman", alternative = "greater")', 1:30, perm(30, 104729, 10007), '{"method": "spearman", "alternative": "greater"}')
ccase("spearman n = 30 exact = FALSE", 'cor.test(x, y, method = "spearman", exact = FALSE)', 1:30, perm(30, 104729, 10007), '{"method": "spearman", "exact": false}')
ccase("spearman n = 40 strong", 'cor.test(x, y, method = "spearman")', 1:40, (1:40) + perm(40, 7919, 10007) / 8, '{"method": "spearman"}')
ccase("spearman ties", 'cor.test(x, y, method = "spearman")', x0 %/% 3, y0, '{"method": "spearman"}')
ccase("spearman ties continuity", 'cor.test(x, y, method = "spearman", continuity = TRUE)', x0 %/% 3, y0, '{"method": "spearman", "continuity": true}')
ccase("spearman scores with ties", 'cor.test(x, y, method = "spearman")', c(1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 1, 2), c(2, 3, 3, 4, 4, 4, 5, 5, 5, 5, 1, 1), '{"method": "spearman"}')
ccase("spearman missing", 'cor.test(x, y, method = "spearman")', c(1.2, NA, 3.1, 4.8, NaN, 6.0, 7.7, 8.1), c(2.2, 3.3, NA, 3.9, 5.0, 6.6, 6.1, 9.9), '{"method": "spearman"}')
ccase("spearman infinite", 'cor.test(x, y, method = "spearman")', c(-Inf, 1, 2, 3, Inf), c(1, 3, 2, 5, 4), '{"method": "spearman"}')
ccase("spearman n = 2", 'cor.test(x, y, method = "spearman")', c(1, 2), c(5, 3), '{"method": "spearman"}')
g <- gen(100000, 7919, 100003, 1, 104729, 1000003)
ccase("spearman n = 1e5", 'cor.test(x, y, method = "spearman")', g$x, g$y, '{"method": "spearman"}', g$spec)
g <- gen(100000, 7919, 10007, 1, 104729, 88001)
ccase("spearman n = 1e5 ties tiny p", 'cor.test(x, y, method = "spearman")', g$x, g$y, '{"method": "spearman"}', g$spec)

# Kendall: exact (n < 50, no ties), normal (ties / n >= 50 / exact = FALSE)
for (n in c(2, 3, 5, 10, 30, 49)) {
  x <- 1:n; y <- perm(n, 7919, 10007)
  ccase(sprintf("kendall exact n = %d", n), 'cor.test(x, y, method = "kendall")', x, y, '{"method": "kendall"}')
}
ccase("kendall exact n = 12 greater", 'cor.test(x, y, method = "kendall", alternative = "greater")', 1:12, perm(12, 104729, 10007), '{"method": "kendall", "alternative": "greater"}')
ccase("kendall exact n = 12 less", 'cor.test(x, y, method = "kendall", alternative = "less")', 1:12, perm(12, 104729, 10007), '{"method": "kendall", "alternative": "less"}')
ccase("kendall exact n = 20 strong greater", 'cor.test(x, y, method = "kendall", alternative = "greater")', 1:20, (1:20) + perm(20, 7919, 10007) / 6, '{"method": "kendall", "alternative": "greater"}')
ccase("kendall exact n = 9 perfect", 'cor.test(x, y, method = "kendall")', 1:9, 1:9, '{"method": "kendall"}')
ccase("kendall exact n = 49 perfect greater", 'cor.test(x, y, method = "kendall", alternative = "greater")', 1:49, 1:49, '{"method": "kendall", "alternative": "greater"}')
ccase("kendall n = 50", 'cor.test(x, y, method = "kendall")', 1:50, perm(50, 7919, 10007), '{"method": "kendall"}')
ccase("kendall forced exact n = 60", 'cor.test(x, y, method = "kendall", exact = TRUE)', 1:60, perm(60, 7919, 10007) * 1000 + (1:60) * 37, '{"method": "kendall", "exact": true}')
ccase("kendall forced exact n = 60 less", 'cor.test(x, y, method = "kendall", exact = TRUE, alternative = "less")', 1:60, perm(60, 7919, 10007) * 1000 - (1:60) * 37, '{"method": "kendall", "exact": true, "alternative": "less"}')
ccase("kendall exact = FALSE", 'cor.test(x, y, method = "kendall", exact = FALSE)', 1:12, perm(12, 104729, 10007), '{"method": "kendall", "exact": false}')
ccase("kendall exact = FALSE continuity", 'cor.test(x, y, method = "kendall", exact = FALSE, continuity = TRUE)', 1:12, perm(12, 104729, 10007), '{"method": "kendall", "exact": false, "continuity": true}')
ccase("kendall ties", 'cor.test(x, y, method = "kendall")', x0 %/% 3, y0, '{"method": "kendall"}')
ccase("kendall ties continuity less", 'cor.test(x, y, method = "kendall", continuity = TRUE, alternative = "less")', x0 %/% 3, y0, '{"method": "kendall", "continuity": true, "alternative": "less"}')
ccase("kendall scores with ties", 'cor.test(x, y, method = "kendall")', c(1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 1, 2), c(2, 3, 3, 4, 4, 4, 5, 5, 5, 5, 1, 1), '{"method": "kendall"}')
ccase("kendall missing", 'cor.test(x, y, method = "kendall")', c(1.2, NA, 3.1, 4.8, NaN, 6.0, 7.7, 8.1), c(2.2, 3.3, NA, 3.9, 5.0, 6.6, 6.1, 9.9), '{"method": "kendall"}')
g <- gen(10000, 7919, 10007, 1, 104729, 30011)
ccase("kendall n = 1e4", 'cor.test(x, y, method = "kendall")', g$x, g$y, '{"method": "kendall"}', g$spec)
g <- gen(10000, 7919, 1009, 1, 104729, 3001)
ccase("kendall n = 1e4 ties", 'cor.test(x, y, method = "kendall")', g$x, g$y, '{"method": "kendall"}', g$spec)
g <- gen(5000, 7919, 1009, 1, 104729, 1201)
ccase("kendall n = 5000 ties tiny p", 'cor.test(x, y, method = "kendall")', g$x, g$y, '{"method": "kendall"}', g$spec)

# correlationMatrix: pairwise-complete estimates (cor), p-values (cor.test per pair) and counts
a <- c(1.2, 2.3, 3.1, 4.8, 5.0, 6.6, 7.7, 8.1, 9.4, 10.0, 11.5, 12.2)
b <- c(2.2, 1.3, 3.3, 3.9, 5.5, 6.0, 6.1, 9.9, 8.0, 12.0, 10.5, 13.0)
cc <- c(5, NA, 4, 4, 3, 2, NA, 1, 0, -1, -1, -3)
d <- c(NA, 7, 3, 9, 1, NaN, 4, 4, 8, 2, 6, 5)
e <- c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, NA)
X <- cbind(a = a, b = b, c = cc, d = d, e = e)
matrices <- character(0)
for (m in c("pearson", "spearman", "kendall")) {
  est <- suppressWarnings(cor(X, method = m, use = "pairwise.complete.obs"))
  k <- ncol(X); pv <- matrix(NA, k, k); nn <- matrix(0, k, k); warn <- list()
  for (i in 1:k) for (j in 1:k) {
    ok <- complete.cases(X[, i], X[, j]); nn[i, j] <- sum(ok)
    if (i != j) {
      w <- character(0)
      pv[i, j] <- withCallingHandlers(cor.test(X[, i], X[, j], method = m)$p.value,
        warning = function(w) invokeRestart("muffleWarning"))
    }
  }
  rows <- function(M) paste0("[", paste(apply(M, 1, vec), collapse = ", "), "]")
  matrices <- c(matrices, paste0('{"call": ', str(sprintf('cor(X, method = "%s", use = "pairwise.complete.obs"); cor.test(X[, i], X[, j], method = "%s")$p.value', m, m)),
    ', "version": ', str(version), ', "method": ', str(m), ', "names": ', strs(colnames(X)),
    ', "columns": {', paste(sprintf('"%s": %s', colnames(X), apply(X, 2, vec)), collapse = ", "), '}',
    ', "estimates": ', rows(est), ', "pValues": ', rows(pv), ', "n": ', rows(nn), '}'))
}

cat("{\n\"cor.test\": [\n", paste(cases, collapse = ",\n"), "\n],\n\"matrix\": [\n", paste(matrices, collapse = ",\n"), "\n]\n}\n",
    file = "test/reference/correlation.json", sep = "")
