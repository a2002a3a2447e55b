# Reference values for src/analysis/stl (test/analysis/stl.test.ts).
# Run: Rscript test/reference/stl.R   (from the repository root; writes test/reference/stl.json)
# Each case records the exact stats::stl call, the input series, and R's output at full precision (%.17g).

num <- function(v) paste0("[", paste(sprintf("%.17g", v), collapse = ","), "]")
str1 <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')

# the synthetic daily series with a weekly cycle: a slow trend, a yearly wave, noise and three outliers
set.seed(20260331)
day <- 1:730
daily <- 100 + 0.05 * day + 10 * sin(2 * pi * day / 7) + 4 * (day %% 7 == 1) +
  5 * cos(2 * pi * day / 365.25) + rnorm(730, 0, 3)
daily[c(50, 300, 601)] <- daily[c(50, 300, 601)] + c(60, -45, 80)
set.seed(7)
short <- round(50 + 10 * sin(2 * pi * (1:25) / 12) + rnorm(25), 1)
set.seed(8)
pairs <- round(3 * rep(c(1, -1), 10) + (1:20) / 4 + rnorm(20, 0, 0.5), 2)

# name, R expression for the series, frequency, stl arguments (R names), the same options in servq's names
cases <- list(
  list("co2 periodic", "co2", 12, list(s.window = "periodic"), '{"sWindow":"periodic"}'),
  list("co2 s.window=13", "co2", 12, list(s.window = 13), '{"sWindow":13}'),
  list("co2 s.window=13 robust", "co2", 12, list(s.window = 13, robust = TRUE), '{"sWindow":13,"robust":true}'),
  list("co2 periodic robust", "co2", 12, list(s.window = "periodic", robust = TRUE), '{"sWindow":"periodic","robust":true}'),
  list("co2 s.window=35 s.degree=1 t.window=25", "co2", 12, list(s.window = 35, s.degree = 1, t.window = 25),
       '{"sWindow":35,"sDegree":1,"tWindow":25}'),
  list("nottem s.window=7", "nottem", 12, list(s.window = 7), '{"sWindow":7}'),
  list("nottem periodic robust", "nottem", 12, list(s.window = "periodic", robust = TRUE),
       '{"sWindow":"periodic","robust":true}'),
  list("nottem degrees and windows", "nottem", 12,
       list(s.window = 9, s.degree = 1, t.window = 19, t.degree = 0, l.window = 15, l.degree = 1, robust = TRUE),
       '{"sWindow":9,"sDegree":1,"tWindow":19,"tDegree":0,"lWindow":15,"lDegree":1,"robust":true}'),
  list("nottem even spans, jumps 1", "nottem", 12,
       list(s.window = 8, t.window = 20, l.window = 12, s.jump = 1, t.jump = 1, l.jump = 1),
       '{"sWindow":8,"tWindow":20,"lWindow":12,"sJump":1,"tJump":1,"lJump":1}'),
  list("nottem wide jumps, inner 3 outer 2", "nottem", 12,
       list(s.window = 11, s.jump = 5, t.jump = 7, l.jump = 4, inner = 3, outer = 2),
       '{"sWindow":11,"sJump":5,"tJump":7,"lJump":4,"inner":3,"outer":2}'),
  list("daily periodic", "daily", 7, list(s.window = "periodic"), '{"sWindow":"periodic"}'),
  list("daily periodic robust", "daily", 7, list(s.window = "periodic", robust = TRUE),
       '{"sWindow":"periodic","robust":true}'),
  list("daily s.window=9 robust", "daily", 7, list(s.window = 9, robust = TRUE), '{"sWindow":9,"robust":true}'),
  list("daily s.window=21 t.window=91", "daily", 7, list(s.window = 21, t.window = 91), '{"sWindow":21,"tWindow":91}'),
  list("short n=25 (2 periods + 1), windows beyond n", "short", 12,
       list(s.window = 7, t.window = 41, l.window = 31), '{"sWindow":7,"tWindow":41,"lWindow":31}'),
  list("short n=25 periodic robust", "short", 12, list(s.window = "periodic", robust = TRUE),
       '{"sWindow":"periodic","robust":true}'),
  list("period 2, s.window=2", "pairs", 2, list(s.window = 2), '{"sWindow":2}'),
  list("period 2 periodic robust", "pairs", 2, list(s.window = "periodic", robust = TRUE),
       '{"sWindow":"periodic","robust":true}')
)

version <- R.version.string
out <- character(0)
for (case in cases) {
  x <- as.numeric(get(case[[2]]))
  series <- ts(x, frequency = case[[3]])
  args <- case[[4]]
  fit <- do.call(stl, c(list(series), args))
  argText <- paste(vapply(names(args), function(k) {
    v <- args[[k]]
    paste0(k, " = ", if (is.character(v)) paste0('"', v, '"') else as.character(v))
  }, ""), collapse = ", ")
  call <- sprintf("stl(ts(%s, frequency = %d), %s)", case[[2]], case[[3]], argText)
  ts3 <- fit$time.series
  entry <- paste0(
    "{", '"name":', str1(case[[1]]), ',"call":', str1(call), ',"version":', str1(version),
    ',"period":', case[[3]], ',"options":', case[[5]],
    ',"x":', num(x),
    ',"seasonal":', num(ts3[, "seasonal"]), ',"trend":', num(ts3[, "trend"]),
    ',"remainder":', num(ts3[, "remainder"]), ',"weights":', num(fit$weights),
    ',"win":', num(fit$win), ',"deg":', num(fit$deg), ',"jump":', num(fit$jump),
    ',"inner":', fit$inner, ',"outer":', fit$outer, "}")
  out <- c(out, entry)
}
writeLines(paste0("[\n", paste(out, collapse = ",\n"), "\n]"), "test/reference/stl.json")
cat("wrote", length(out), "cases to test/reference/stl.json\n")
