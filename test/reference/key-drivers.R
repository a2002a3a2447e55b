# Reference values for keyDrivers (servq). Run from the repository root:   Rscript test/reference/key-drivers.R
# Writes test/reference/key-drivers.json. Per case: the data (NA written as null), and with the exact R calls
#  - lm(y ~ ., d) on complete cases: summary()$r.squared, $adj.r.squared, $fstatistic, pf(...) for its p-value;
#  - standardized betas: summary(lm(scale(y) ~ scale(X))) coefficients (Estimate, Std. Error, t, p) and
#    confint(level = 0.95) — the regression on z-scores, whose slopes are the beta weights;
#  - raw coefficients and SEs of lm(y ~ ., d);
#  - VIF: diag(solve(cor(X)));
#  - LMG: r-cran-relaimpo is not packaged in Debian 12, so LMG is a hand-written Shapley value over ALL 2^p
#    subsets, each R² from summary(lm(y ~ X[, S]))$r.squared, weight |S|! (p − |S| − 1)! / p! (Grömping 2006,
#    eq. 2); it equals relaimpo::calc.relimp(type = "lmg", rela = FALSE)$lmg by definition;
#  - Johnson's (2000) relative weights from the paper's formula: R = VΛVᵀ, Λ½ = V√ΛVᵀ, β = Λ½⁻¹ r_xy,
#    ε_j = Σ_k (Λ½)_jk² β_k²;
#  - performance: colMeans(X) or colMeans(X >= max − topBoxes + 1) (top-box share).
version <- R.version.string
num <- function(v) {
  if (is.na(v) && !is.nan(v)) return('null')
  if (is.nan(v)) return('"NaN"')
  if (is.infinite(v)) return(if (v > 0) '"Infinity"' else '"-Infinity"')
  sprintf('%.17g', v)
}
vec <- function(v) paste0('[', paste(vapply(v, num, ''), collapse = ', '), ']')
str <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
strs <- function(v) paste0('[', paste(vapply(v, str, ''), collapse = ', '), ']')
obj <- function(...) {
  f <- list(...)
  paste0('{', paste(sprintf('"%s": %s', names(f), unlist(f)), collapse = ', '), '}')
}

lmg_hand <- function(y, X) {
  p <- ncol(X)
  r2 <- numeric(2^p)
  for (mask in 1:(2^p - 1)) {
    S <- which(bitwAnd(mask, 2^(0:(p - 1))) > 0)
    r2[mask + 1] <- summary(lm(y ~ X[, S, drop = FALSE]))$r.squared
  }
  out <- numeric(p)
  for (j in 1:p) {
    for (mask in 0:(2^p - 1)) {
      if (bitwAnd(mask, 2^(j - 1)) > 0) next
      s <- sum(bitwAnd(mask, 2^(0:(p - 1))) > 0)
      w <- factorial(s) * factorial(p - s - 1) / factorial(p)
      out[j] <- out[j] + w * (r2[mask + 2^(j - 1) + 1] - r2[mask + 1])
    }
  }
  out
}

johnson_rw <- function(y, X) {
  R <- cor(X)
  rxy <- cor(X, y)
  e <- eigen(R, symmetric = TRUE)
  L <- e$vectors %*% diag(sqrt(e$values), ncol(X)) %*% t(e$vectors)
  beta <- solve(L, rxy)
  as.vector((L^2) %*% (beta^2))
}

one_case <- function(name, call, y, X, level = 0.95, topBoxes = NA, scaleMin = NA, scaleMax = NA, lmg = TRUE) {
  ok <- complete.cases(cbind(y, X))
  yc <- y[ok]
  Xc <- X[ok, , drop = FALSE]
  d <- data.frame(y = yc, Xc)
  fit <- lm(y ~ ., data = d)
  s <- summary(fit)
  zs <- summary(lm(scale(yc) ~ scale(Xc)))
  zfit <- lm(scale(yc) ~ scale(Xc))
  ci <- confint(zfit, level = level)[-1, , drop = FALSE]
  zc <- zs$coefficients[-1, , drop = FALSE]
  rc <- s$coefficients[-1, , drop = FALSE]
  f <- s$fstatistic
  perf <- if (is.na(topBoxes)) colMeans(Xc) else colMeans(Xc >= scaleMax - topBoxes + 1)
  obj(
    name = str(name),
    call = str(call),
    calls = strs(c(
      'complete cases: ok <- complete.cases(cbind(y, X)); fit <- lm(y ~ ., data.frame(y, X)[ok, ]); s <- summary(fit)',
      'r_squared, adj_r_squared, fstatistic: s$r.squared, s$adj.r.squared, s$fstatistic; f_p_value: pf(F, df1, df2, lower.tail = FALSE)',
      'beta, beta_se, t, p_value: summary(lm(scale(y) ~ scale(X)))$coefficients[-1, ]',
      'beta_ci_lower, beta_ci_upper: confint(lm(scale(y) ~ scale(X)), level = level)[-1, ]',
      'coefficient, coefficient_se: s$coefficients[-1, 1:2]',
      'vif: diag(solve(cor(X)))',
      'lmg: lmg_hand(y, X) (all-subsets Shapley value of summary(lm)$r.squared; see the script header)',
      'relative_weights: johnson_rw(y, X) (Johnson 2000 via eigen(cor(X)); see the script header)',
      'performance: colMeans(X) or colMeans(X >= scaleMax - topBoxes + 1)'
    )),
    version = str(version),
    level = num(level),
    topBoxes = num(topBoxes), scaleMin = num(scaleMin), scaleMax = num(scaleMax),
    outcome = vec(y),
    driverNames = strs(colnames(X)),
    drivers = paste0('[', paste(apply(X, 2, vec), collapse = ', '), ']'),
    n = num(sum(ok)),
    r_squared = num(s$r.squared),
    adj_r_squared = num(s$adj.r.squared),
    fstatistic = vec(unname(f)),
    f_p_value = num(pf(f[1], f[2], f[3], lower.tail = FALSE)),
    beta = vec(zc[, 1]),
    beta_se = vec(zc[, 2]),
    t = vec(zc[, 3]),
    p_value = vec(zc[, 4]),
    beta_ci_lower = vec(ci[, 1]),
    beta_ci_upper = vec(ci[, 2]),
    coefficient = vec(rc[, 1]),
    coefficient_se = vec(rc[, 2]),
    vif = vec(diag(solve(cor(Xc)))),
    lmg = if (lmg) vec(lmg_hand(yc, Xc)) else 'null',
    relative_weights = vec(johnson_rw(yc, Xc)),
    performance = vec(unname(perf))
  )
}

cases <- character(0)

# swiss: Fertility on the five socio-economic indicators.
X <- as.matrix(swiss[, -1])
cases <- c(cases, one_case('swiss', 'lm(Fertility ~ ., swiss)', swiss$Fertility, X))
cases <- c(cases, one_case('swiss level 0.9', 'lm(Fertility ~ ., swiss); confint(level = 0.9)', swiss$Fertility, X, level = 0.9))
# mtcars: mpg on all 10 other columns (2^10 = 1024 subsets), and on 4 of them.
X <- as.matrix(mtcars[, -1])
cases <- c(cases, one_case('mtcars all', 'lm(mpg ~ ., mtcars)', mtcars$mpg, X))
X <- as.matrix(mtcars[, c('wt', 'hp', 'qsec', 'drat')])
cases <- c(cases, one_case('mtcars 4', 'lm(mpg ~ wt + hp + qsec + drat, mtcars)', mtcars$mpg, X))
# One driver: LMG = relative weight = R².
cases <- c(cases, one_case('swiss one driver', 'lm(Fertility ~ Education, swiss)', swiss$Fertility, as.matrix(swiss[, 'Education', drop = FALSE])))

# Seeded synthetic survey: overall satisfaction (1–10) vs 6 items rated 1–5, some items missing.
set.seed(20240611)
n <- 400
latent <- rnorm(n)
items <- sapply(1:6, function(j) {
  v <- round(3 + 0.9 * latent * c(1, 0.8, 0.6, 0.5, 0.3, 0.2)[j] + rnorm(n, 0, 0.9))
  pmin(5, pmax(1, v))
})
colnames(items) <- c('resolution', 'wait', 'courtesy', 'knowledge', 'callback', 'ivr')
overall <- round(pmin(10, pmax(1, 1 + 1.2 * items[, 1] + 0.6 * items[, 2] + 0.3 * items[, 3] + 0.2 * items[, 4] + rnorm(n, 0, 1.2))))
items[sample(n, 12), 2] <- NA
items[sample(n, 7), 5] <- NA
overall[sample(n, 5)] <- NA
cases <- c(cases, one_case('survey', 'lm(overall ~ ., survey) on complete cases; top-2-box of 1–5 items', overall, items, topBoxes = 2, scaleMin = 1, scaleMax = 5))
cases <- c(cases, one_case('survey top-3', 'lm(overall ~ ., survey) on complete cases; top-3-box of 1–5 items', overall, items, topBoxes = 3, scaleMin = 1, scaleMax = 5, level = 0.99))

# 14 synthetic drivers: above the LMG default limit, relative weights only.
set.seed(20240612)
n <- 300
Z <- matrix(rnorm(n * 14), n, 14)
Z[, 2] <- Z[, 2] + 0.6 * Z[, 1]
Z[, 3] <- Z[, 3] + 0.5 * Z[, 2]
colnames(Z) <- paste0('d', 1:14)
yz <- as.vector(Z %*% seq(1.4, 0.1, length.out = 14) + rnorm(n, 0, 2))
cases <- c(cases, one_case('fourteen drivers', 'lm(y ~ ., 14 synthetic drivers)', round(yz, 6), round(Z, 6), lmg = FALSE))

writeLines(paste0('[\n', paste(cases, collapse = ',\n'), '\n]'), 'test/reference/key-drivers.json')
