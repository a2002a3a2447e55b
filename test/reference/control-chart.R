# Reference values for controlChart(): Shewhart p, np, c, u and XmR charts, phase I and phase II.
# Run from the repository root:  Rscript test/reference/control-chart.R  → test/reference/control-chart.json
# Debian 12 has no r-cran-qcc, so the limits are computed here from the textbook formulas (Montgomery,
# Introduction to Statistical Quality Control, 6th ed., ch. 6-7), written out plainly below; they are the
# formulas of qcc's stats.*/sd.*/limits.* (lower limits floored at 0, the p UCL capped at 1, np at n).
# XmR uses the table constants d2 = 1.128 and D4 = 3.267 for subgroups of two.
# Out-of-limit indices are 0-based (which(...) - 1). Missing points are written as "NaN".

num <- function(x) {
  ifelse(is.nan(x) | is.na(x), '"NaN"',
         ifelse(is.infinite(x), ifelse(x > 0, '"Infinity"', '"-Infinity"'), sprintf("%.17g", x)))
}
arr <- function(x) structure(list(x), class = "jsonarray")
to_json <- function(v) {
  if (inherits(v, "jsonarray")) return(paste0("[", paste(num(v[[1]]), collapse = ","), "]"))
  if (is.null(v)) return("null")
  if (is.list(v)) {
    if (!is.null(names(v))) {
      items <- vapply(names(v), function(k) paste0('"', k, '":', to_json(v[[k]])), "")
      return(paste0("{", paste(items, collapse = ","), "}"))
    }
    return(paste0("[", paste(vapply(v, to_json, ""), collapse = ","), "]"))
  }
  if (is.character(v)) return(paste0('"', gsub('"', '\\\\"', v), '"'))
  if (length(v) != 1) stop("use arr() for vectors")
  num(v)
}
idx0 <- function(b) which(b) - 1

set.seed(7011)

# p chart: p.bar = sum(d)/sum(n); sigma_i = sqrt(p.bar (1 - p.bar) / n_i); limits clipped to [0, 1].
p_chart <- function(d, n, p.bar = NULL) {
  ok <- !is.na(d) & n > 0
  if (is.null(p.bar)) p.bar <- sum(d[ok]) / sum(n[ok])
  stat <- ifelse(ok, d / n, NA)
  s <- ifelse(ok, sqrt(p.bar * (1 - p.bar) / n), NA)
  lcl <- ifelse(ok, pmax(0, p.bar - 3 * s), NA)
  ucl <- ifelse(ok, pmin(1, p.bar + 3 * s), NA)
  list(centre = p.bar, sigma = sqrt(p.bar * (1 - p.bar)), baselineCentre = p.bar, statistics = arr(stat),
       sigmas = arr(s), lower = arr(lcl), upper = arr(ucl), outOfLimits = arr(idx0(ok & (stat > ucl | stat < lcl))))
}
# np chart (equal n): centre n p.bar; sigma = sqrt(n p.bar (1 - p.bar)); limits clipped to [0, n].
np_chart <- function(d, n, p.bar = NULL) {
  ok <- !is.na(d)
  if (is.null(p.bar)) p.bar <- sum(d[ok]) / (n * sum(ok))
  s <- sqrt(n * p.bar * (1 - p.bar))
  lcl <- max(0, n * p.bar - 3 * s); ucl <- min(n, n * p.bar + 3 * s)
  list(centre = n * p.bar, sigma = s, baselineCentre = p.bar, statistics = arr(d),
       sigmas = arr(ifelse(ok, s, NA)), lower = arr(ifelse(ok, lcl, NA)), upper = arr(ifelse(ok, ucl, NA)),
       outOfLimits = arr(idx0(ok & (d > ucl | d < lcl))))
}
# c chart: c.bar = mean(c); sigma = sqrt(c.bar); lower limit floored at 0.
c_chart <- function(cnt, c.bar = NULL) {
  ok <- !is.na(cnt)
  if (is.null(c.bar)) c.bar <- mean(cnt[ok])
  s <- sqrt(c.bar)
  lcl <- max(0, c.bar - 3 * s); ucl <- c.bar + 3 * s
  list(centre = c.bar, sigma = s, baselineCentre = c.bar, statistics = arr(cnt),
       sigmas = arr(ifelse(ok, s, NA)), lower = arr(ifelse(ok, lcl, NA)), upper = arr(ifelse(ok, ucl, NA)),
       outOfLimits = arr(idx0(ok & (cnt > ucl | cnt < lcl))))
}
# u chart: u.bar = sum(c)/sum(n); sigma_i = sqrt(u.bar / n_i); lower limit floored at 0.
u_chart <- function(cnt, n, u.bar = NULL) {
  ok <- !is.na(cnt) & n > 0
  if (is.null(u.bar)) u.bar <- sum(cnt[ok]) / sum(n[ok])
  stat <- ifelse(ok, cnt / n, NA)
  s <- ifelse(ok, sqrt(u.bar / n), NA)
  lcl <- ifelse(ok, pmax(0, u.bar - 3 * s), NA); ucl <- ifelse(ok, u.bar + 3 * s, NA)
  list(centre = u.bar, sigma = sqrt(u.bar), baselineCentre = u.bar, statistics = arr(stat), sigmas = arr(s),
       lower = arr(lcl), upper = arr(ucl), outOfLimits = arr(idx0(ok & (stat > ucl | stat < lcl))))
}
# XmR: x.bar = mean(x); MR_i = |x_i - x_{i-1}|; MR.bar = mean(MR); sigma = MR.bar / 1.128;
# limits x.bar +- 3 sigma (not floored); MR chart: centre MR.bar, UCL = 3.267 MR.bar, LCL = 0.
xmr_chart <- function(x, x.bar = NULL, mr.bar = NULL) {
  ok <- !is.na(x)
  mr <- c(NA, abs(diff(x)))
  if (is.null(x.bar)) x.bar <- mean(x[ok])
  if (is.null(mr.bar)) mr.bar <- mean(mr, na.rm = TRUE)
  s <- mr.bar / 1.128
  lcl <- x.bar - 3 * s; ucl <- x.bar + 3 * s
  list(centre = x.bar, sigma = s, baselineCentre = x.bar, movingRangeMean = mr.bar, statistics = arr(x),
       sigmas = arr(ifelse(ok, s, NA)), lower = arr(ifelse(ok, lcl, NA)), upper = arr(ifelse(ok, ucl, NA)),
       outOfLimits = arr(idx0(ok & (x > ucl | x < lcl))),
       movingRange = arr(mr), movingRangeUpper = 3.267 * mr.bar,
       movingRangeOut = arr(idx0(!is.na(mr) & mr > 3.267 * mr.bar)))
}

cases <- list()
add <- function(name, type, call, data, sizes, res, phase = "I", baseline = NULL) {
  case <- list(name = name, type = type, phase = phase, call = call, data = arr(data))
  if (!is.null(sizes)) case$sizes <- arr(sizes)
  if (!is.null(baseline)) case$baseline <- baseline
  cases[[length(cases) + 1]] <<- c(case, res)
}

# p, varying subgroup sizes (calls answered per day), one spike
n <- sample(80:160, 25, replace = TRUE); d <- rbinom(25, n, 0.08); d[17] <- round(0.25 * n[17])
add("p-varying", "p", "p_chart(d, n)", d, n, p_chart(d, n))
# p, constant size 50, low rate: LCL floored at 0
n50 <- rep(50, 30); d50 <- rbinom(30, 50, 0.03)
add("p-constant-low", "p", "p_chart(d, rep(50, 30))", d50, n50, p_chart(d50, n50))
# p with a size-0 subgroup and a missing count (both are missing points)
dz <- d[1:12]; nz <- n[1:12]; nz[4] <- 0; dz[4] <- 0; dz[9] <- NA
add("p-zero-size", "p", "p_chart(d, n) with n[4] = 0 and d[9] = NA excluded", dz, nz, p_chart(dz, nz))
# p with no defectives at all: sigma 0, limits equal the centre (0)
d0 <- rep(0, 10); n0 <- sample(20:40, 10, replace = TRUE)
add("p-all-zero", "p", "p_chart(rep(0, 10), n)", d0, n0, p_chart(d0, n0))
# p with a high rate: the UCL is capped at 1
dh <- c(9, 10, 8, 10, 7); nh <- rep(10, 5)
add("p-high", "p", "p_chart(c(9, 10, 8, 10, 7), rep(10, 5))", dh, nh, p_chart(dh, nh))
# np, n = 200
dnp <- rbinom(25, 200, 0.05); dnp[20] <- 25
add("np", "np", "np_chart(d, 200)", dnp, 200, np_chart(dnp, 200))
# c chart: complaints per day
cc <- rpois(30, 4.5); cc[c(8, 22)] <- c(15, 0)
add("c", "c", "c_chart(cnt)", cc, NULL, c_chart(cc))
# u chart: escalations per 1000 calls, exposure in thousands of calls
nu <- round(runif(25, 1.2, 3.5), 2); cu <- rpois(25, 6 * nu); cu[5] <- round(20 * nu[5])
add("u", "u", "u_chart(cnt, n)", cu, nu, u_chart(cu, nu))
# XmR: average handling time per day (seconds), a shift after day 20
xx <- c(rnorm(20, 300, 20), rnorm(10, 345, 20))
add("xmr", "xmr", "xmr_chart(x)", xx, NULL, xmr_chart(xx))
# XmR with a missing value (its moving ranges are missing too)
xm <- xx[1:15]; xm[6] <- NA
add("xmr-missing", "xmr", "xmr_chart(x) with x[6] = NA", xm, NULL, xmr_chart(xm))
# XmR all equal: MR.bar = 0, sigma = 0
add("xmr-constant", "xmr", "xmr_chart(rep(12.5, 8))", rep(12.5, 8), NULL, xmr_chart(rep(12.5, 8)))

# Phase II: limits from the first 20 points (phase I), applied to the next points
n2 <- sample(80:160, 35, replace = TRUE); d2 <- rbinom(35, n2, c(rep(0.06, 20), rep(0.11, 15)))
base <- p_chart(d2[1:20], n2[1:20])
add("p-phase1", "p", "p_chart(d[1:20], n[1:20])", d2[1:20], n2[1:20], base)
add("p-phase2", "p", "p_chart(d[21:35], n[21:35], p.bar = <phase I p.bar>)", d2[21:35], n2[21:35],
    p_chart(d2[21:35], n2[21:35], p.bar = base$centre), phase = "II",
    baseline = list(type = "p", centre = base$centre))
cb <- c_chart(cc[1:20])
add("c-phase2", "c", "c_chart(cnt[21:30], c.bar = mean(cnt[1:20]))", cc[21:30], NULL,
    c_chart(cc[21:30], c.bar = cb$centre), phase = "II", baseline = list(type = "c", centre = cb$centre))
ub <- u_chart(cu[1:15], nu[1:15])
add("u-phase2", "u", "u_chart(cnt[16:25], n[16:25], u.bar = sum(cnt[1:15])/sum(n[1:15]))", cu[16:25], nu[16:25],
    u_chart(cu[16:25], nu[16:25], u.bar = ub$centre), phase = "II", baseline = list(type = "u", centre = ub$centre))
npb <- np_chart(dnp[1:15], 200)
add("np-phase2", "np", "np_chart(d[16:25], 200, p.bar = sum(d[1:15])/(200*15))", dnp[16:25], 200,
    np_chart(dnp[16:25], 200, p.bar = npb$baselineCentre), phase = "II",
    baseline = list(type = "np", centre = npb$baselineCentre))
xb <- xmr_chart(xx[1:20])
add("xmr-phase2", "xmr", "xmr_chart(x[21:30], x.bar = mean(x[1:20]), mr.bar = mean(|diff(x[1:20])|))", xx[21:30], NULL,
    xmr_chart(xx[21:30], x.bar = xb$centre, mr.bar = xb$movingRangeMean), phase = "II",
    baseline = list(type = "xmr", centre = xb$centre, movingRangeMean = xb$movingRangeMean))

out <- list(version = R.version.string, generator = "test/reference/control-chart.R", cases = cases)
writeLines(to_json(out), "test/reference/control-chart.json")
cat("wrote test/reference/control-chart.json\n")
