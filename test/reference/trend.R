# Reference values for mannKendall and senSlope (test/analysis/mann-kendall.test.ts, sen-slope.test.ts).
# Run: Rscript test/reference/trend.R   (from the repository root; writes test/reference/trend.json)
#
# Debian 12 packages neither Kendall (Kendall::MannKendall) nor trend (trend::mk.test, trend::sens.slope), so the
# formulas are written out plainly below as those packages define them, and every Mann-Kendall value is checked
# against base R's cor.test(x, seq_along(x), method = "kendall", exact = FALSE, continuity = TRUE), which uses
# the same tie-corrected variance and continuity correction (computed differently: S from tau-b).
# Values are printed with %.17g; NA/NaN are written as null.
#
# Ties are groups of exactly equal doubles (as SciPy and cor.test's duplicated() see them). trend's own code
# counts them with table(x), which groups values through as.character (15 significant digits), so two values
# that differ only in the 16th-17th digit (e.g. 0.3 * 17 + 0.1 vs 5.2) tie there and not here.
exactTies <- function(v) rle(sort(v))$lengths

num <- function(v) {
  if (length(v) == 0) return("null")
  s <- ifelse(is.na(v), "null", sprintf("%.17g", v))
  if (length(v) == 1) s else paste0("[", paste(s, collapse = ","), "]")
}
vec <- function(v) paste0("[", paste(ifelse(is.na(v), "null", sprintf("%.17g", v)), collapse = ","), "]")
str1 <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
version <- R.version.string

# ---- Mann-Kendall, as trend::mk.test(x, continuity = TRUE) / Kendall::MannKendall -------------------------
mk <- function(x, alternative = "two.sided") {
  x <- x[!is.na(x)]                       # missing values dropped, order kept
  n <- length(x)
  S <- 0
  for (i in 1:(n - 1)) for (j in (i + 1):n) S <- S + sign(x[j] - x[i])
  t <- exactTies(x)
  varS <- (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5))) / 18
  N <- n * (n - 1) / 2
  D <- sqrt((N - sum(t * (t - 1) / 2)) * N)
  z <- sign(S) * (abs(S) - 1) / sqrt(varS)
  p <- switch(alternative,
              two.sided = 2 * min(0.5, pnorm(abs(z), lower.tail = FALSE)),
              greater = pnorm(z, lower.tail = FALSE),
              less = pnorm(z))
  list(n = n, S = S, varS = varS, z = z, p = p, tau = S / D, tauA = S / N)
}

set.seed(42)
mkCases <- list(
  list("Nile", as.numeric(Nile), "two.sided"),
  list("Nile greater", as.numeric(Nile), "greater"),
  list("Nile less", as.numeric(Nile), "less"),
  list("co2[1:60]", as.numeric(co2)[1:60], "two.sided"),
  list("co2[1:60] greater", as.numeric(co2)[1:60], "greater"),
  list("ties", c(1, 2, 2, 3, 3, 3, 4, 2, 5, 5), "two.sided"),
  list("heavy ties, decreasing", round(rev(as.numeric(Nile)) / 200), "two.sided"),
  list("n = 3", c(1, 3, 2), "two.sided"),
  list("n = 3 decreasing", c(3, 2, 1), "less"),
  list("one differs", c(5, 5, 5, 5, 6), "two.sided"),
  list("S = 0", c(1, 3, 2, 2, 3, 1), "two.sided"),
  list("with missing", c(1, NA, 3, 2, NaN, 5, 4, NA, 6), "two.sided"),
  list("huge values", c(1e300, -1e300, 1.7e308, 5e307, -1.7e308, 2e307, 3e307), "two.sided"),
  list("1:10", as.numeric(1:10), "two.sided"),
  list("random n = 200", round(rnorm(200, 0, 1) + (1:200) / 150, 1), "two.sided"),
  list("strong trend n = 400 (tiny p)", (1:400) + rnorm(400, 0, 5), "two.sided")
)

mkOut <- character(0)
for (case in mkCases) {
  x <- case[[2]]
  alt <- case[[3]]
  r <- mk(x, alt)
  ct <- cor.test(x, seq_along(x), method = "kendall", exact = FALSE, continuity = TRUE, alternative = alt)
  # the two routes must agree before anything is written
  stopifnot(abs(ct$statistic[["z"]] - r$z) <= 1e-9 * max(1, abs(r$z)),
            abs(ct$p.value - r$p) <= 1e-9 * max(1e-300, r$p),
            abs(ct$estimate[["tau"]] - r$tau) <= 1e-12)
  call <- sprintf(paste0("mk formulas as trend::mk.test(x, alternative = \"%s\", continuity = TRUE); ",
                         "checked with cor.test(x, seq_along(x), method = \"kendall\", exact = FALSE, ",
                         "continuity = TRUE, alternative = \"%s\")"), alt, alt)
  mkOut <- c(mkOut, paste0(
    "{", '"name":', str1(case[[1]]), ',"call":', str1(call), ',"version":', str1(version),
    ',"x":', vec(x), ',"alternative":', str1(sub(".", "-", alt, fixed = TRUE)),
    ',"n":', r$n, ',"S":', num(r$S), ',"varS":', num(r$varS), ',"z":', num(r$z), ',"p":', num(r$p),
    ',"tau":', num(r$tau), ',"tauA":', num(r$tauA),
    ',"corTest":{"z":', num(ct$statistic[["z"]]), ',"p":', num(ct$p.value), ',"tau":', num(ct$estimate[["tau"]]),
    "}}"))
}

# ---- Sen's slope, as trend::sens.slope (equally spaced) and Sen (1968) eq. 2.6 with ties in x -----------
# t: positions (0-based index when x is omitted); missing values dropped with their positions kept.
# Ranks of the interval as trend::sens.slope: round((N - C)/2) and round((N + C)/2 + 1), C = qnorm(1 - (1 -
# level)/2) * sqrt(varS); R's round() takes halves to even. When a rank falls outside 1..N, trend::sens.slope
# returns NA; "clamped" gives the rank clamped to 1..N (as scipy.stats.theilslopes does).
tieTerm <- function(v) { t <- exactTies(v); sum(t * (t - 1) * (2 * t + 5)) }
sen <- function(y, x = NULL, level = 0.95) {
  if (is.null(x)) x <- seq_along(y) - 1
  keep <- !is.na(x) & !is.na(y)
  x <- x[keep]; y <- y[keep]
  n <- length(y)
  d <- numeric(0)
  for (i in 1:(n - 1)) for (j in (i + 1):n) if (x[j] != x[i]) d <- c(d, (y[j] - y[i]) / (x[j] - x[i]))
  N <- length(d)
  b <- median(d)
  varS <- (n * (n - 1) * (2 * n + 5) - tieTerm(x) - tieTerm(y)) / 18
  C <- qnorm(1 - (1 - level) / 2) * sqrt(max(0, varS))
  lo <- round((N - C) / 2); up <- round((N + C) / 2 + 1)
  s <- sort(d)
  list(n = n, N = N, slope = b, lower = if (lo >= 1) s[lo] else NA, upper = if (up <= N) s[up] else NA,
       lowerClamped = s[max(1, lo)], upperClamped = s[min(N, up)], rankLower = lo, rankUpper = up,
       intercept = median(y) - b * median(x), varS = varS)
}

set.seed(43)
xr <- sort(round(runif(40, 0, 100)))
senCases <- list(
  list("Nile", as.numeric(Nile), NULL, 0.95),
  list("Nile level 0.9", as.numeric(Nile), NULL, 0.9),
  list("co2[1:48] level 0.99", as.numeric(co2)[1:48], NULL, 0.99),
  list("small with ties", c(1, 3, 2, 5, 4, 6, 8, 8, 7, 10), NULL, 0.95),
  list("doc example", c(1, 3, 2, 5, 4, 6, 8), NULL, 0.95),
  list("n = 3 (interval clamped)", c(1, 3, 2), NULL, 0.95),
  list("n = 2", c(4, 1), NULL, 0.95),
  list("all equal", c(2, 2, 2, 2, 2, 2), NULL, 0.95),
  list("with missing", c(1, NA, 3, 2, 6, NA, 7, 9, NaN, 8), NULL, 0.95),
  list("decreasing, even N", c(10, 9, 9.5, 7, 6, 6.5, 4, 3, 3.5), NULL, 0.95),
  list("x with ties", 2 + 0.3 * xr + round(rnorm(40, 0, 3), 1), xr, 0.95),
  list("x uneven, y ties", c(3, 3, 4, 4, 4, 6, 5, 7), c(0, 0.5, 2, 2.5, 7, 8, 8, 20), 0.95),
  list("x epoch days", c(12.5, 13.1, 12.9, 14.2, 14.0, 15.3), c(19000, 19007, 19021, 19022, 19050, 19064), 0.9),
  list("huge values", c(1e150, 3e150, 2e150, 5e150, 4e150, 6e150), NULL, 0.95)
)
senOut <- character(0)
for (case in senCases) {
  y <- case[[2]]; x <- case[[3]]; level <- case[[4]]
  r <- sen(y, x, level)
  call <- if (is.null(x)) sprintf("sens.slope formulas as trend::sens.slope(y, conf.level = %s), x = 0-based index", level)
          else sprintf("Sen (1968) formulas: median slope over pairs with x_i != x_j, eq. 2.6 variance, level = %s", level)
  senOut <- c(senOut, paste0(
    "{", '"name":', str1(case[[1]]), ',"call":', str1(call), ',"version":', str1(version),
    ',"y":', vec(y), ',"x":', if (is.null(x)) "null" else vec(x), ',"level":', num(level),
    ',"n":', r$n, ',"N":', r$N, ',"slope":', num(r$slope), ',"lower":', num(r$lower), ',"upper":', num(r$upper),
    ',"lowerClamped":', num(r$lowerClamped), ',"upperClamped":', num(r$upperClamped),
    ',"rankLower":', num(r$rankLower), ',"rankUpper":', num(r$rankUpper),
    ',"intercept":', num(r$intercept), ',"varS":', num(r$varS), "}"))
}

writeLines(paste0('{\n"mannKendall": [\n', paste(mkOut, collapse = ",\n"), '\n],\n"senSlope": [\n',
                  paste(senOut, collapse = ",\n"), "\n]\n}"), "test/reference/trend.json")
cat("wrote", length(mkOut), "Mann-Kendall and", length(senOut), "Sen slope cases to test/reference/trend.json\n")
