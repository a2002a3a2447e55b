# Reference values for mannWhitneyTest (R wilcox.test, two independent samples) and averageRanks (R rank).
# Run: Rscript test/reference/rank-tests.R   (writes test/reference/rank-tests.json)
# Every case records the exact call evaluated with its x and y, R's version, and values printed with %.17g.
version <- paste0("R ", R.version$major, ".", R.version$minor)

num <- function(v) {
  if (length(v) == 0) return("[]")
  s <- vapply(v, function(a) {
    if (is.na(a)) "null" else if (is.infinite(a)) (if (a > 0) '"Infinity"' else '"-Infinity"') else sprintf("%.17g", a)
  }, "")
  if (length(v) == 1) s else paste0("[", paste(s, collapse = ", "), "]")
}
vec <- function(v) paste0("[", paste(vapply(v, num, ""), collapse = ", "), "]")
str <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
strs <- function(v) paste0("[", paste(vapply(v, str, ""), collapse = ", "), "]")

capture <- function(expr_text, env) {
  warns <- character(0)
  value <- withCallingHandlers(eval(parse(text = expr_text), envir = env),
    warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") })
  list(value = value, warnings = warns)
}

cases <- character(0)
wcase <- function(name, call, x, y, opts = "{}") {
  env <- new.env(); env$x <- x; env$y <- y
  out <- capture(call, env)
  r <- out$value
  fields <- c(
    paste0('"name": ', str(name)),
    paste0('"call": ', str(call)),
    paste0('"version": ', str(version)),
    paste0('"x": ', vec(x)),
    paste0('"y": ', vec(y)),
    paste0('"options": ', opts),
    paste0('"statistic": ', num(unname(r$statistic))),
    paste0('"p.value": ', num(r$p.value)),
    paste0('"method": ', str(r$method)),
    paste0('"warnings": ', strs(out$warnings))
  )
  if (!is.null(r$conf.int)) {
    fields <- c(fields, paste0('"conf.int": ', vec(as.numeric(r$conf.int))),
                paste0('"conf.level": ', num(attr(r$conf.int, "conf.level"))),
                paste0('"estimate": ', num(unname(r$estimate))))
  }
  cases <<- c(cases, paste0("{", paste(fields, collapse = ", "), "}"))
}

# Deterministic integer sequences (identical in TypeScript): (i * a) %% m.
seqmod <- function(n, a, m, from = 1) ((from:(from + n - 1)) * a) %% m

x1 <- c(0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46)
y1 <- c(1.15, 0.88, 0.90, 0.74, 1.21)
wcase("exact two-sided", "wilcox.test(x, y)", x1, y1, '{}')
wcase("exact greater", 'wilcox.test(x, y, alternative = "greater")', x1, y1, '{"alternative": "greater"}')
wcase("exact less", 'wilcox.test(x, y, alternative = "less")', x1, y1, '{"alternative": "less"}')
wcase("exact mu", "wilcox.test(x, y, mu = 0.3)", x1, y1, '{"mu": 0.3}')
wcase("exact conf.int", "wilcox.test(x, y, conf.int = TRUE)", x1, y1, '{"confInt": true}')
wcase("exact conf.int greater 0.9", 'wilcox.test(x, y, conf.int = TRUE, alternative = "greater", conf.level = 0.9)', x1, y1, '{"confInt": true, "alternative": "greater", "level": 0.9}')
wcase("exact conf.int less", 'wilcox.test(x, y, conf.int = TRUE, alternative = "less")', x1, y1, '{"confInt": true, "alternative": "less"}')
wcase("exact not achievable", "wilcox.test(x, y, conf.int = TRUE, conf.level = 0.99)", c(1.1, 2.3, 3.7), c(0.5, 4.2), '{"confInt": true, "level": 0.99}')
wcase("exact n1 = 1", "wilcox.test(x, y)", c(3.5), c(1, 2, 4, 5, 6), '{}')
wcase("exact n1 = n2 = 1", "wilcox.test(x, y)", c(2), c(1), '{}')
wcase("exact separated 30 x 30", "wilcox.test(x, y)", (1:30) + 0.5, 31:60, '{}')
wcase("exact 49 x 49", "wilcox.test(x, y)", seqmod(49, 7919, 10007) + 0.25, seqmod(49, 104729, 10007, 50), '{}')
wcase("exact 49 x 49 conf.int", "wilcox.test(x, y, conf.int = TRUE)", seqmod(49, 7919, 10007) + 0.25, seqmod(49, 104729, 10007, 50), '{"confInt": true}')
wcase("exact 40 x 12 greater", 'wilcox.test(x, y, alternative = "greater")', seqmod(40, 7919, 10007) + 0.5, seqmod(12, 104729, 10007, 50), '{"alternative": "greater"}')
wcase("forced exact 60 x 70", "wilcox.test(x, y, exact = TRUE)", seqmod(60, 7919, 10007) + 0.5, seqmod(70, 104729, 10007, 100), '{"exact": true}')
wcase("forced exact 60 x 70 less", 'wilcox.test(x, y, exact = TRUE, alternative = "less")', seqmod(60, 7919, 10007) + 0.5 - 2000, seqmod(70, 104729, 10007, 100), '{"exact": true, "alternative": "less"}')
wcase("forced exact 60 x 70 conf.int", 'wilcox.test(x, y, exact = TRUE, conf.int = TRUE)', seqmod(60, 7919, 10007) + 0.5, seqmod(70, 104729, 10007, 100), '{"exact": true, "confInt": true}')

# ties: normal approximation with tie and continuity correction (and R's warning)
x2 <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
y2 <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)
wcase("ties default", "wilcox.test(x, y)", x2, y2, '{}')
wcase("ties correct = FALSE", "wilcox.test(x, y, correct = FALSE)", x2, y2, '{"correct": false}')
wcase("ties greater", 'wilcox.test(x, y, alternative = "greater")', x2, y2, '{"alternative": "greater"}')
wcase("ties less", 'wilcox.test(x, y, alternative = "less")', x2, y2, '{"alternative": "less"}')
wcase("ties conf.int", "wilcox.test(x, y, conf.int = TRUE)", x2, y2, '{"confInt": true}')
wcase("ties conf.int greater", 'wilcox.test(x, y, conf.int = TRUE, alternative = "greater")', x2, y2, '{"confInt": true, "alternative": "greater"}')
wcase("ties conf.int less no cc", 'wilcox.test(x, y, conf.int = TRUE, alternative = "less", correct = FALSE)', x2, y2, '{"confInt": true, "alternative": "less", "correct": false}')
wcase("exact = FALSE no ties", "wilcox.test(x, y, exact = FALSE)", x1, y1, '{"exact": false}')
wcase("exact = FALSE conf.int", "wilcox.test(x, y, exact = FALSE, conf.int = TRUE)", x1, y1, '{"exact": false, "confInt": true}')
wcase("integer scores ties", "wilcox.test(x, y)", c(1, 2, 2, 3, 3, 3, 4, 4, 5, 5), c(2, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5), '{}')
wcase("integer scores ties conf.int", "wilcox.test(x, y, conf.int = TRUE)", c(1, 2, 2, 3, 3, 3, 4, 4, 5, 5), c(2, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5), '{"confInt": true}')
wcase("missing values", "wilcox.test(x, y)", c(1.5, NA, 2.5, 3.5, NaN, 0.2), c(0.1, 2.2, NA, 4.4), '{}')
wcase("infinite values", "wilcox.test(x, y)", c(1.5, Inf, 2.5, 3.5), c(-Inf, 0.1, 2.2, 4.4), '{}')
wcase("huge values", "wilcox.test(x, y)", c(1e300, 2e300, -1e300, 5e299), c(3e300, 4e300, 1e-300), '{}')
wcase("one value each tied", "wilcox.test(x, y)", c(1, 2, 3), c(3, 4, 5), '{}')
# large samples: normal approximation (default exact = FALSE at n >= 50)
xl <- seqmod(3000, 7919, 1000); yl <- seqmod(2500, 104729, 1000, 7) + 30
wcase("large ties 3000 x 2500", "wilcox.test(x, y)", xl, yl, '{}')
wcase("large ties 3000 x 2500 conf.int", "wilcox.test(x, y, conf.int = TRUE)", xl, yl, '{"confInt": true}')
wcase("large 60 x 55 no ties conf.int", "wilcox.test(x, y, conf.int = TRUE)", seqmod(60, 7919, 10007) + 0.5, seqmod(55, 104729, 10007, 100), '{"confInt": true}')
wcase("large mu", "wilcox.test(x, y, mu = 25)", xl, yl, '{"mu": 25}')
wcase("separated 900 x 900 tiny p", "wilcox.test(x, y)", (1:900) + 0.5, 901:1800, '{}')
wcase("separated 900 x 900 greater", 'wilcox.test(x, y, alternative = "greater")', (1:900) + 0.5, 901:1800, '{"alternative": "greater"}')

rank_cases <- character(0)
rcase <- function(v) {
  r <- rank(v)
  ties <- as.numeric(table(v)[table(v) > 1])
  rank_cases <<- c(rank_cases, paste0('{"call": "rank(x)", "version": ', str(version), ', "x": ', vec(v), ', "ranks": ', vec(r), ', "tieSizes": ', vec(ties), '}'))
}
rcase(c(10, 20, 10, 30))
rcase(c(3, -1, -0, 0, 2, -5, Inf, -Inf, 2))
rcase(c(5, 5, 5, 5))
rcase(c(42))
rcase(c(1e-300, -1e-300, 5e-324, 1.7976931348623157e308, -1.7976931348623157e308))
rcase(seqmod(2000, 7919, 97) / 4 - 10)

cat("{\n\"wilcox\": [\n", paste(cases, collapse = ",\n"), "\n],\n\"rank\": [\n", paste(rank_cases, collapse = ",\n"), "\n]\n}\n",
    file = "test/reference/rank-tests.json", sep = "")
