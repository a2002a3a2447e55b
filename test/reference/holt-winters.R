# Reference values for test/analysis/holt-winters.test.ts and test/analysis/backtest.test.ts.
# Run from the repository root: Rscript test/reference/holt-winters.R  (writes test/reference/holt-winters.json)
# Needs R's stats (HoltWinters, predict.HoltWinters) and the forecast package (snaive) for the baseline.
# Every value sits beside the exact R call that produced it; NA is written as null.
suppressPackageStartupMessages(library(forecast))
version <- paste0(R.version.string, "; forecast ", packageVersion("forecast"))
num <- function(v) {
  v <- as.numeric(v)
  paste0("[", paste(ifelse(is.na(v), "null", sprintf("%.17g", v)), collapse = ","), "]")
}
sc <- function(v) if (is.null(v) || is.logical(v) || is.na(v)) "null" else sprintf("%.17g", v)
q <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
obj <- function(...) {
  kv <- list(...)
  paste0("{", paste(paste0(q(names(kv)), ":", unlist(kv)), collapse = ","), "}")
}

weekly <- ts(round(50 + 0.3 * (1:70) + 8 * sin(2 * pi * (1:70) / 7) + 3 * cos(1:70), 4), frequency = 7)
definitions <- "weekly <- ts(round(50 + 0.3 * (1:70) + 8 * sin(2 * pi * (1:70) / 7) + 3 * cos(1:70), 4), frequency = 7)"

# --- fixed parameters: the recursion, start values, coefficients and predictions ---------------------------
fixed <- list(
  list(call = "HoltWinters(co2, alpha = 0.5, beta = 0.01, gamma = 0.5)", series = "co2",
       options = '{"period":12,"alpha":0.5,"beta":0.01,"gamma":0.5}'),
  list(call = "HoltWinters(co2, alpha = 0.52, beta = 0.0097, gamma = 0.42, seasonal = \"multiplicative\")", series = "co2",
       options = '{"period":12,"seasonal":"multiplicative","alpha":0.52,"beta":0.0097,"gamma":0.42}'),
  list(call = "HoltWinters(co2, alpha = 0.5, beta = 0, gamma = 0)", series = "co2",
       options = '{"period":12,"alpha":0.5,"beta":0,"gamma":0}'),
  list(call = "HoltWinters(AirPassengers, alpha = 0.2756, beta = 0.0327, gamma = 0.8707, seasonal = \"multiplicative\")",
       series = "AirPassengers",
       options = '{"period":12,"seasonal":"multiplicative","alpha":0.2756,"beta":0.0327,"gamma":0.8707}'),
  list(call = "HoltWinters(AirPassengers, alpha = 0.25, beta = 0.035, gamma = 1)", series = "AirPassengers",
       options = '{"period":12,"alpha":0.25,"beta":0.035,"gamma":1}'),
  list(call = "HoltWinters(AirPassengers, alpha = 0.3, beta = FALSE, gamma = 0.6, seasonal = \"multiplicative\")",
       series = "AirPassengers", options = '{"period":12,"seasonal":"multiplicative","trend":false,"alpha":0.3,"gamma":0.6}'),
  list(call = "HoltWinters(nottem, alpha = 0.1, beta = 0.01, gamma = 0.3)", series = "nottem",
       options = '{"period":12,"alpha":0.1,"beta":0.01,"gamma":0.3}'),
  list(call = "HoltWinters(nottem, alpha = 0.05, beta = FALSE, gamma = 0.2)", series = "nottem",
       options = '{"period":12,"trend":false,"alpha":0.05,"gamma":0.2}'),
  list(call = "HoltWinters(Nile, alpha = 0.25, beta = FALSE, gamma = FALSE)", series = "Nile",
       options = '{"trend":false,"season":false,"alpha":0.25}'),
  list(call = "HoltWinters(uspop, alpha = 0.9, beta = 0.5, gamma = FALSE)", series = "uspop",
       options = '{"season":false,"alpha":0.9,"beta":0.5}'),
  list(call = "HoltWinters(WWWusage, alpha = 0.8, beta = 0.3, gamma = FALSE)", series = "WWWusage",
       options = '{"season":false,"alpha":0.8,"beta":0.3}'),
  list(call = "HoltWinters(weekly, alpha = 0.3, beta = 0.1, gamma = 0.2)", series = "weekly",
       options = '{"period":7,"alpha":0.3,"beta":0.1,"gamma":0.2}'),
  list(call = "HoltWinters(weekly, alpha = 0.3, beta = 0.1, gamma = 0.2, seasonal = \"multiplicative\")", series = "weekly",
       options = '{"period":7,"seasonal":"multiplicative","alpha":0.3,"beta":0.1,"gamma":0.2}')
)
fixedOut <- character(0)
for (cs in fixed) {
  m <- eval(parse(text = cs$call))
  x <- eval(parse(text = cs$series))
  ft <- m$fitted
  col <- function(name) if (name %in% colnames(ft)) num(ft[, name]) else "null"
  preds <- character(0)
  for (lv in c(0.95, 0.8)) {
    pcall <- sprintf("predict(m, n.ahead = 30, prediction.interval = TRUE, level = %s)", lv)
    p <- eval(parse(text = pcall))
    preds <- c(preds, obj(call = q(pcall), level = sc(lv), fit = num(p[, "fit"]), upr = num(p[, "upr"]), lwr = num(p[, "lwr"])))
  }
  co <- m$coefficients
  fixedOut <- c(fixedOut, obj(
    call = q(paste0("m <- ", cs$call)), version = q(version), series = q(cs$series), x = num(x), options = cs$options,
    SSE = sc(m$SSE), alpha = sc(m$alpha), beta = sc(m$beta), gamma = sc(m$gamma),
    xhat = col("xhat"), level = col("level"), trend = col("trend"), season = col("season"),
    a = sc(co[["a"]]), b = if ("b" %in% names(co)) sc(co[["b"]]) else "null",
    s = if (any(grepl("^s", names(co)))) num(co[grepl("^s", names(co))]) else "[]",
    residualVariance = sc(var(residuals(m))),
    predict = paste0("[", paste(preds, collapse = ","), "]")))
}

# --- fitted parameters: R's SSE is the bar the optimiser must reach ------------------------------------------
set.seed(20240601)
sim1 <- ts(300 + 1.5 * (1:96) + 40 * sin(2 * pi * (1:96) / 12) + cumsum(rnorm(96, 0, 4)) + rnorm(96, 0, 8), frequency = 12)
sim2 <- ts(80 + 10 * sin(2 * pi * (1:210) / 7) + cumsum(rnorm(210, 0, 1)) + rnorm(210, 0, 3), frequency = 7)
sim3 <- ts(cumsum(rnorm(60, 0.5, 2)) + 100, frequency = 1)
definitions <- paste(definitions,
  "set.seed(20240601)",
  "sim1 <- ts(300 + 1.5 * (1:96) + 40 * sin(2 * pi * (1:96) / 12) + cumsum(rnorm(96, 0, 4)) + rnorm(96, 0, 8), frequency = 12)",
  "sim2 <- ts(80 + 10 * sin(2 * pi * (1:210) / 7) + cumsum(rnorm(210, 0, 1)) + rnorm(210, 0, 3), frequency = 7)",
  "sim3 <- ts(cumsum(rnorm(60, 0.5, 2)) + 100, frequency = 1)", sep = "; ")
fitted <- list(
  list(call = "HoltWinters(co2)", series = "co2", options = '{"period":12}'),
  list(call = "HoltWinters(co2, seasonal = \"multiplicative\")", series = "co2", options = '{"period":12,"seasonal":"multiplicative"}'),
  list(call = "HoltWinters(co2, beta = FALSE)", series = "co2", options = '{"period":12,"trend":false}'),
  list(call = "HoltWinters(AirPassengers)", series = "AirPassengers", options = '{"period":12}'),
  list(call = "HoltWinters(AirPassengers, seasonal = \"multiplicative\")", series = "AirPassengers",
       options = '{"period":12,"seasonal":"multiplicative"}'),
  list(call = "HoltWinters(AirPassengers, alpha = 0.3, seasonal = \"multiplicative\")", series = "AirPassengers",
       options = '{"period":12,"seasonal":"multiplicative","alpha":0.3}'),
  list(call = "HoltWinters(nottem)", series = "nottem", options = '{"period":12}'),
  list(call = "HoltWinters(nottem, beta = FALSE)", series = "nottem", options = '{"period":12,"trend":false}'),
  list(call = "HoltWinters(nottem, gamma = 0.2)", series = "nottem", options = '{"period":12,"gamma":0.2}'),
  list(call = "HoltWinters(nottem, alpha = 0.1, beta = 0.01)", series = "nottem", options = '{"period":12,"alpha":0.1,"beta":0.01}'),
  list(call = "HoltWinters(Nile, gamma = FALSE, beta = FALSE)", series = "Nile", options = '{"season":false,"trend":false}'),
  list(call = "HoltWinters(Nile, gamma = FALSE)", series = "Nile", options = '{"season":false}'),
  list(call = "HoltWinters(uspop, gamma = FALSE)", series = "uspop", options = '{"season":false}'),
  list(call = "HoltWinters(WWWusage, gamma = FALSE)", series = "WWWusage", options = '{"season":false}'),
  list(call = "HoltWinters(WWWusage, gamma = FALSE, alpha = 0.9)", series = "WWWusage", options = '{"season":false,"alpha":0.9}'),
  list(call = "HoltWinters(UKgas, seasonal = \"multiplicative\")", series = "UKgas", options = '{"period":4,"seasonal":"multiplicative"}'),
  list(call = "HoltWinters(USAccDeaths)", series = "USAccDeaths", options = '{"period":12}'),
  list(call = "HoltWinters(weekly)", series = "weekly", options = '{"period":7}'),
  list(call = "HoltWinters(sim1, seasonal = \"multiplicative\")", series = "sim1", options = '{"period":12,"seasonal":"multiplicative"}'),
  list(call = "HoltWinters(sim1)", series = "sim1", options = '{"period":12}'),
  list(call = "HoltWinters(sim2)", series = "sim2", options = '{"period":7}'),
  list(call = "HoltWinters(sim3, gamma = FALSE)", series = "sim3", options = '{"season":false}'),
  list(call = "HoltWinters(sim3, gamma = FALSE, beta = FALSE)", series = "sim3", options = '{"season":false,"trend":false}')
)
fittedOut <- character(0)
for (cs in fitted) {
  m <- suppressWarnings(eval(parse(text = cs$call)))
  x <- eval(parse(text = cs$series))
  fittedOut <- c(fittedOut, obj(call = q(cs$call), version = q(version), series = q(cs$series), x = num(x),
    options = cs$options, SSE = sc(m$SSE), alpha = sc(m$alpha), beta = sc(m$beta), gamma = sc(m$gamma)))
}

# --- backtest: rolling origin written out by hand ------------------------------------------------------------
# origins t = n - H - K + 1, ..., n - H (one step apart); training x[1:t]; metrics pooled over all errors.
backtestCase <- function(name, x, m, H, K, level, forecaster, fcall, bcall) {
  n <- length(x)
  rows <- character(0)
  e <- c(); ape <- c(); se <- c(); cov <- c(); eb <- c(); apeb <- c(); seb <- c(); covb <- c(); hh <- c()
  for (t in (n - H - K + 1):(n - H)) {
    train <- ts(x[1:t], frequency = m)
    act <- x[(t + 1):(t + H)]
    fc <- forecaster(train, H, level)
    sn <- snaive(train, h = H, level = 100 * level)
    scale <- mean(abs(diff(x[1:t], lag = m)))
    err <- act - fc$mean
    errb <- act - as.numeric(sn$mean)
    inside <- if (is.null(fc$lower)) rep(NA, H) else as.numeric(act >= fc$lower & act <= fc$upper)
    insideb <- as.numeric(act >= as.numeric(sn$lower) & act <= as.numeric(sn$upper))
    nz <- act != 0
    rows <- c(rows, obj(trainLength = sc(t), actual = num(act), scale = sc(scale),
      mean = num(fc$mean), lower = if (is.null(fc$lower)) "null" else num(fc$lower),
      upper = if (is.null(fc$upper)) "null" else num(fc$upper),
      mae = sc(mean(abs(err))), rmse = sc(sqrt(mean(err^2))), mape = sc(mean(abs(err[nz] / act[nz]))),
      mase = sc(mean(abs(err)) / scale), coverage = sc(mean(inside)),
      naiveMean = num(sn$mean), naiveLower = num(sn$lower), naiveUpper = num(sn$upper),
      naiveMae = sc(mean(abs(errb))), naiveMase = sc(mean(abs(errb)) / scale), naiveCoverage = sc(mean(insideb))))
    e <- c(e, err); eb <- c(eb, errb); se <- c(se, abs(err) / scale); seb <- c(seb, abs(errb) / scale)
    ape <- c(ape, abs(err[nz] / act[nz])); apeb <- c(apeb, abs(errb[nz] / act[nz]))
    cov <- c(cov, inside); covb <- c(covb, insideb); hh <- c(hh, 1:H)
  }
  obj(name = q(name), version = q(version), x = num(x), period = sc(m), horizon = sc(H), origins = sc(K), level = sc(level),
    forecaster = q(fcall), baseline = q(bcall), perOrigin = paste0("[", paste(rows, collapse = ","), "]"),
    overall = obj(mae = sc(mean(abs(e))), rmse = sc(sqrt(mean(e^2))), mape = sc(mean(ape)), mase = sc(mean(se)),
                  coverage = sc(mean(cov)), naiveMae = sc(mean(abs(eb))), naiveRmse = sc(sqrt(mean(eb^2))),
                  naiveMape = sc(mean(apeb)), naiveMase = sc(mean(seb)), naiveCoverage = sc(mean(covb))),
    maeByHorizon = num(tapply(abs(e), hh, mean)), naiveMaeByHorizon = num(tapply(abs(eb), hh, mean)),
    coverageByHorizon = num(tapply(cov, hh, mean)))
}
hwFc <- function(train, H, level) {
  p <- predict(HoltWinters(train, alpha = 0.3, beta = 0.05, gamma = 0.6), n.ahead = H, prediction.interval = TRUE, level = level)
  list(mean = as.numeric(p[, "fit"]), lower = as.numeric(p[, "lwr"]), upper = as.numeric(p[, "upr"]))
}
meanFc <- function(train, H, level) list(mean = rep(mean(train), H), lower = NULL, upper = NULL)
counts <- c(0, 3, 5, 0, 2, 4, 0, 3, 6, 0, 2, 5, 0, 4, 6, 1, 3, 5, 0, 2, 4, 0, 3, 7)
backtests <- c(
  backtestCase("AirPassengers, Holt-Winters with fixed parameters", as.numeric(AirPassengers), 12, 6, 5, 0.9, hwFc,
    "predict(HoltWinters(ts(x[1:t], frequency = 12), alpha = 0.3, beta = 0.05, gamma = 0.6), n.ahead = 6, prediction.interval = TRUE, level = 0.9)",
    "snaive(ts(x[1:t], frequency = 12), h = 6, level = 90); scale = mean(abs(diff(x[1:t], lag = 12)))"),
  backtestCase("counts with zeros, training mean", counts, 4, 3, 4, 0.8, meanFc,
    "rep(mean(x[1:t]), 3)",
    "snaive(ts(x[1:t], frequency = 4), h = 3, level = 80); scale = mean(abs(diff(x[1:t], lag = 4)))"))

fixture <- paste0('{"generator":"test/reference/holt-winters.R","definitions":', q(definitions),
  ',\n"fixed":[\n', paste(fixedOut, collapse = ",\n"),
  '\n],\n"fitted":[\n', paste(fittedOut, collapse = ",\n"),
  '\n],\n"backtest":[\n', paste(backtests, collapse = ",\n"), "\n]}\n")
writeLines(fixture, "test/reference/holt-winters.json", sep = "")
