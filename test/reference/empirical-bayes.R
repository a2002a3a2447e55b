# Reference values for shrinkProportions, shrinkMeans and betaQuantile (servq). Run from the repository root:
#   Rscript test/reference/empirical-bayes.R        (writes test/reference/empirical-bayes.json)
# Needs Debian's r-base-core, r-cran-vgam and r-cran-lme4. Every case carries the exact R calls that produced
# it and the versions; numbers are printed with 17 significant digits, NA as null.
#
# Proportions (beta-binomial, marginal maximum likelihood):
#   - `vglm(cbind(x, n - x) ~ 1, betabinomialff)` (VGAM) with its default control, and again with
#     vglm.control(epsilon = 1e-15, maxit = 200);
#   - an independent fit written here from the beta-binomial log-likelihood
#     sum(lchoose(n, x) + lbeta(x + a, n - x + b) - lbeta(a, b)): optim(method = "BFGS") on (log a, log b) with
#     the digamma gradient, polished by (at most 50) Newton steps with the exact (trigamma) Hessian until the step is at
#     rounding level. These "polished" values are the tight reference (VGAM with epsilon = 1e-15 agrees to
#     ~2e-6, stopping on half-steps; with its default control to ~1e-3).
#   - per group the posterior mean (x + a)/(n + a + b) and the equal-tailed interval
#     qbeta(c((1 - level)/2, (1 + level)/2), x + a, n - x + b) at the polished (a, b).
#   - a case with no overdispersion: Tarone's score sum((x - n p)^2)/(p (1 - p)) - sum(n) <= 0 at the pooled p,
#     and the log-likelihood profiled over the mean rising monotonically to the binomial one as a + b grows
#     (recorded), so the maximum is at a + b = Infinity.
# Means (normal-normal random intercept, REML):
#   - `lmer(y ~ 1 + (1 | g), data, REML = TRUE)` (lme4) with its default control on the raw data below, and the
#     per-group mean(), var() and length() the servq function is given;
#   - the tight reference: REML's profiled criterion of lme4, (N - 1)(1 + log(2 pi (W + Q(l))/(N - 1)))
#     + sum(log(1 + n_i l)) + log(sum(n_i/(1 + n_i l))) with l = theta^2, W the within-group sum of squares
#     and Q(l) the weighted between-group sum of squares about the GLS mean, is checked here against lme4's own
#     deviance function (devFunOnly = TRUE) at several theta, then minimised by uniroot() on its analytic
#     derivative (or found at theta = 0 when the derivative there is >= 0); lme4 is then evaluated at that theta
#     (start = list(theta = ...), lmerControl(optimizer = NULL)) for fixef, VarCorr, ranef(condVar = TRUE),
#     vcov and REMLcrit; the GLS grand mean also in closed form (lme4's own loses ~1e-8 with 2e5 rows);
#   - the prediction standard error of fixef + ranef per group from Henderson's mixed-model equations,
#     solved here with the design matrices (independently of the closed form servq uses).
# betaQuantile: qbeta(p, a, b) on a grid.
suppressPackageStartupMessages({ library(VGAM); library(lme4) })
version <- paste0(R.version.string, '; VGAM ', packageVersion('VGAM'), '; lme4 ', packageVersion('lme4'))
num <- function(v) {
  if (is.null(v)) return('null')
  if (is.na(v) && !is.nan(v)) return('null')
  if (is.nan(v)) return('"NaN"')
  if (is.infinite(v)) return(if (v > 0) '"Infinity"' else '"-Infinity"')
  sprintf('%.17g', v)
}
vec <- function(v) paste0('[', paste(vapply(as.numeric(v), num, ''), collapse = ', '), ']')
str <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
obj <- function(...) {
  f <- list(...)
  paste0('{', paste(sprintf('"%s": %s', names(f), unlist(f)), collapse = ', '), '}')
}
arr <- function(v) paste0('[', paste(v, collapse = ',\n  '), ']')
# Evaluates a call, returning its value or the error, and whether R warned.
run <- function(expr) {
  warnings <- character(0)
  value <- withCallingHandlers(tryCatch(expr, error = function(e) e), warning = function(w) {
    warnings <<- c(warnings, conditionMessage(w))
    invokeRestart('muffleWarning')
  })
  list(value = value, warnings = warnings)
}

# --- Beta-binomial ----------------------------------------------------------------------------------------------
bb_loglik <- function(a, b, x, n) sum(lchoose(n, x) + lbeta(x + a, n - x + b) - lbeta(a, b))
bb_grad <- function(a, b, x, n) {
  m <- a + b
  common <- digamma(m) - digamma(n + m)
  c(sum(digamma(x + a) - digamma(a) + common), sum(digamma(n - x + b) - digamma(b) + common))
}
bb_hess <- function(a, b, x, n) {
  m <- a + b
  common <- sum(trigamma(m) - trigamma(n + m))
  matrix(c(sum(trigamma(x + a) - trigamma(a)) + common, common,
           common, sum(trigamma(n - x + b) - trigamma(b)) + common), 2, 2)
}
bb_polish <- function(start, x, n) {
  nll <- function(p) -bb_loglik(exp(p[1]), exp(p[2]), x, n)
  ngr <- function(p) -bb_grad(exp(p[1]), exp(p[2]), x, n) * exp(p)
  o <- optim(log(start), nll, ngr, method = 'BFGS', control = list(reltol = 1e-15, maxit = 10000))
  ab <- exp(o$par)
  for (i in 1:50) {
    step <- -solve(bb_hess(ab[1], ab[2], x, n), bb_grad(ab[1], ab[2], x, n))
    t <- 1
    while (any(ab + t * step <= 0)) t <- t / 2
    ab <- ab + t * step
    if (max(abs(t * step) / ab) < 1e-15) break
  }
  list(ab = ab, optim_value = -o$value, optim_convergence = o$convergence, newton_steps = i)
}

set.seed(20240612)
n_csat <- c(3, 5, 12, 40, 80, 150, 200, 25, 60, 8, 1, 33, 2, 17)
n_extreme <- c(4, 6, 9, 15, 3, 20, 11, 7, 2, 30)
n_rare <- c(120, 340, 800, 1500, 2200, 60, 450, 975)
n_huge <- c(5e6, 2e6, 1e6, 250000, 40000, 900, 12)
proportion_data <- list(
  csat = list(n = n_csat, x = rbinom(length(n_csat), n_csat, rbeta(length(n_csat), 16, 4))),
  extremes = list(n = n_extreme, x = c(0, 6, 2, 15, 0, 11, 9, 7, 1, 0)),
  rare = list(n = n_rare, x = rbinom(length(n_rare), n_rare, rbeta(length(n_rare), 3, 150))),
  huge = list(n = n_huge, x = rbinom(length(n_huge), n_huge, rbeta(length(n_huge), 50, 10))),
  mild = list(n = rep(1000, 6), x = c(480, 500, 520, 530, 470, 505)),
  slight = list(n = c(2000, 1500, 2500, 1800, 2200, 1000, 3000), x = c(1018, 738, 1290, 877, 1125, 478, 1550)),
  two = list(n = c(40, 60), x = c(30, 31)),
  underdispersed = list(n = rep(10, 8), x = c(5, 5, 6, 5, 4, 5, 6, 4))
)
proportion_levels <- list(csat = c(0.95, 0.8), extremes = 0.95, rare = 0.95, huge = 0.95, mild = 0.95,
                          slight = 0.95, two = 0.95, underdispersed = 0.95)
definitions <- 'set.seed(20240612); see proportion_data in test/reference/empirical-bayes.R'
proportions <- character(0)
for (name in names(proportion_data)) {
  x <- proportion_data[[name]]$x
  n <- proportion_data[[name]]$n
  d <- data.frame(x = x, n = n)
  p <- sum(x) / sum(n)
  tarone <- sum((x - n * p)^2) / (p * (1 - p)) - sum(n)
  vcall <- 'vglm(cbind(x, n - x) ~ 1, betabinomialff, data = d)'
  vtight <- 'vglm(cbind(x, n - x) ~ 1, betabinomialff, data = d, control = vglm.control(epsilon = 1e-15, maxit = 200))'
  v <- run(eval(parse(text = vcall)))
  vt <- run(eval(parse(text = vtight)))
  vglm_fields <- function(r) {
    if (inherits(r$value, 'error')) return(obj(error = str(conditionMessage(r$value)), warnings = str(paste(r$warnings, collapse = '; '))))
    co <- Coef(r$value)
    obj(alpha = num(co[['shape1']]), beta = num(co[['shape2']]), loglik = num(logLik(r$value)),
        warnings = str(paste(r$warnings, collapse = '; ')))
  }
  common <- list(name = str(name), version = str(version), data = str(definitions), x = vec(x), n = vec(n),
                 pooled = num(p), tarone = num(tarone), vglm_call = str(vcall), vglm = vglm_fields(v),
                 vglm_tight_call = str(vtight), vglm_tight = vglm_fields(vt))
  if (tarone <= 0) {
    # No overdispersion: profile the log-likelihood over the mean at growing a + b.
    prec <- 10^(0:8)
    prof <- vapply(prec, function(m) -optimize(function(mu) -bb_loglik(mu * m, (1 - mu) * m, x, n), c(1e-6, 1 - 1e-6),
                                                  tol = 1e-12)$objective, 0)
    binom <- sum(dbinom(x, n, p, log = TRUE))
    proportions <- c(proportions, do.call(obj, c(common, list(boundary = 'true',
      profile_call = str('optimize over mu of bb_loglik(mu * m, (1 - mu) * m, x, n) at m = 10^(0:8)'),
      profile_precision = vec(prec), profile_loglik = vec(prof),
      binomial_call = str('sum(dbinom(x, n, sum(x)/sum(n), log = TRUE))'), binomial_loglik = num(binom)))))
    next
  }
  start <- if (inherits(vt$value, 'error')) c(p, 1 - p) * 10 else Coef(vt$value)
  pol <- bb_polish(start, x, n)
  a <- pol$ab[1]
  b <- pol$ab[2]
  groups <- character(0)
  for (i in seq_along(x)) {
    ints <- character(0)
    for (level in proportion_levels[[name]]) {
      q <- qbeta(c((1 - level) / 2, (1 + level) / 2), x[i] + a, n[i] - x[i] + b)
      ints <- c(ints, obj(level = num(level), lower = num(q[1]), upper = num(q[2])))
    }
    groups <- c(groups, obj(x = num(x[i]), n = num(n[i]), shrunk = num((x[i] + a) / (n[i] + a + b)),
                            intervals = paste0('[', paste(ints, collapse = ', '), ']')))
  }
  proportions <- c(proportions, do.call(obj, c(common, list(boundary = 'false',
    polished_call = str('bb_polish(Coef(vglm_tight), x, n): optim BFGS on log(a, b), then Newton'),
    alpha = num(a), beta = num(b), mean = num(a / (a + b)), loglik = num(bb_loglik(a, b, x, n)),
    gradient = vec(bb_grad(a, b, x, n)), optim_loglik = num(pol$optim_value), newton_steps = num(pol$newton_steps),
    interval_call = str('qbeta(c((1 - level)/2, (1 + level)/2), x + alpha, n - x + beta)'),
    groups = paste0('[', paste(groups, collapse = ', '), ']')))))
}

# --- Normal-normal random intercept ------------------------------------------------------------------------------
# Profiled REML criterion of lme4 from the per-group summaries; l = theta^2 = tau^2 / sigma^2.
reml_crit <- function(l, m, s2, n) {
  N <- sum(n)
  W <- sum(ifelse(n > 1, (n - 1) * s2, 0))
  w <- n / (1 + n * l)
  mu <- sum(w * m) / sum(w)
  Q <- sum(w * (m - mu)^2)
  (N - 1) * (1 + log(2 * pi * (W + Q) / (N - 1))) + sum(log(1 + n * l)) + log(sum(w))
}
reml_deriv <- function(l, m, s2, n) {
  N <- sum(n)
  W <- sum(ifelse(n > 1, (n - 1) * s2, 0))
  w <- n / (1 + n * l)
  mu <- sum(w * m) / sum(w)
  Q <- sum(w * (m - mu)^2)
  -(N - 1) * sum(w^2 * (m - mu)^2) / (W + Q) + sum(w) - sum(w^2) / sum(w)
}
henderson_se <- function(fit) {
  # Prediction error variance of fixef + ranef: sigma^2 * c' C^-1 c, C = [X'X X'Z; Z'X Z'Z + I/l].
  X <- getME(fit, 'X')
  Z <- as.matrix(getME(fit, 'Z'))
  l <- getME(fit, 'theta')[[1]]^2
  s2 <- sigma(fit)^2
  k <- ncol(Z)
  if (l == 0) {
    # tau^2 = 0: the random effects are exactly 0; the prediction is the GLS mean with variance vcov.
    return(rep(sqrt(vcov(fit)[1, 1]), k))
  }
  C <- rbind(cbind(crossprod(X), crossprod(X, Z)), cbind(crossprod(Z, X), crossprod(Z) + diag(1 / l, k)))
  Ci <- solve(C)
  vapply(seq_len(k), function(i) {
    cc <- c(1, replace(numeric(k), i, 1))
    sqrt(s2 * drop(t(cc) %*% Ci %*% cc))
  }, 0)
}

set.seed(20240613)
mk <- function(n, mean, between, within, digits = 1, fun = rnorm) {
  g <- rep(seq_along(n), n)
  u <- rnorm(length(n), 0, between)
  y <- round(mean + u[g] + fun(sum(n), 0, within), digits)
  data.frame(y = y, g = factor(g))
}
n_aht <- c(1, 3, 5, 12, 40, 8, 25, 60, 2, 18, 90, 7)
n_ratings <- c(2, 3, 4, 6, 8, 10, 12, 15, 20, 25, 30, 35, 40, 5, 9)
aht_effects <- rnorm(length(n_aht), 0, 0.25)
aht_groups <- rep(seq_along(n_aht), n_aht)
ratings_p <- c(0.05, 0.1, 0.2, 0.35, 0.3)
ratings_groups <- rep(seq_along(n_ratings), n_ratings)
ratings_shift <- sample(-1:1, length(n_ratings), replace = TRUE, prob = c(0.2, 0.6, 0.2))
mean_data <- list(
  # Handling times in seconds: log-normal within agent, agent effects on the log scale.
  aht = data.frame(y = round(exp(log(320) + aht_effects[aht_groups] + rnorm(sum(n_aht), 0, 0.5))),
                   g = factor(aht_groups)),
  # Ratings 1-5, some agents shifted by a point.
  ratings = data.frame(y = pmin(5, pmax(1, sample(1:5, sum(n_ratings), replace = TRUE, prob = ratings_p) +
                                             ratings_shift[ratings_groups])), g = factor(ratings_groups)),
  balanced = mk(rep(10, 6), 50, 4, 6),
  two = data.frame(y = c(10.1, 9.8, 10.4, 10.0, 13.2, 12.7, 13.5, 12.9, 13.1, 13.4), g = factor(rep(1:2, c(4, 6)))),
  huge = mk(c(200000, 50000, 3000, 40, 5, 1), 600, 20, 150),
  offset = mk(c(5, 8, 12, 20, 6), 1e6, 0.5, 1, digits = 4),
  # No between-agent variation beyond noise: lmer's fit is singular (theta = 0).
  singular = local({ set.seed(2); n <- c(1, 3, 5, 12, 40, 8, 25, 60, 2, 18); g <- rep(seq_along(n), n)
    u <- rnorm(length(n), 0, 30); data.frame(y = round(300 + u[g] + rnorm(sum(n), 0, 80), 1), g = factor(g)) })
)
means <- character(0)
for (name in names(mean_data)) {
  d <- mean_data[[name]]
  m <- as.numeric(tapply(d$y, d$g, mean))
  s2 <- as.numeric(tapply(d$y, d$g, var))
  n <- as.numeric(tapply(d$y, d$g, length))
  call <- 'lmer(y ~ 1 + (1 | g), data = d, REML = TRUE)'
  f <- run(eval(parse(text = call)))
  fit <- f$value
  dev <- lmer(y ~ 1 + (1 | g), data = d, REML = TRUE, devFunOnly = TRUE)
  # Our closed-form criterion is lme4's: check at a few theta.
  thetas <- c(0, 0.01, 0.1, 0.5, 1, 3)
  crit_check <- max(abs(vapply(thetas, function(t) reml_crit(t^2, m, s2, n) - dev(t), 0)))
  stopifnot(crit_check < 1e-9 * abs(dev(1)))
  if (reml_deriv(0, m, s2, n) >= 0) {
    l <- 0
  } else {
    hi <- 1
    while (reml_deriv(hi, m, s2, n) < 0) hi <- hi * 4
    l <- exp(uniroot(function(s) reml_deriv(exp(s), m, s2, n), c(log(1e-300), log(hi)), tol = 1e-15)$root)
  }
  theta <- sqrt(l)
  pcall <- sprintf('lmer(y ~ 1 + (1 | g), data = d, REML = TRUE, start = list(theta = %s), control = lmerControl(optimizer = NULL))',
                   sprintf('%.17g', theta))
  pf <- run(eval(parse(text = pcall)))
  pfit <- pf$value
  vc <- as.data.frame(VarCorr(pfit))
  re <- ranef(pfit, condVar = TRUE)$g
  cond_sd <- sqrt(as.numeric(attr(re, 'postVar')[1, 1, ]))
  fe <- fixef(pfit)[[1]]
  # The GLS mean and its standard error in closed form at the same theta: lme4's sparse solve over N rows loses
  # ~1e-8 relative when one group has 2e5 rows ('huge'); this is the tight reference for the grand mean.
  w <- n / (1 + n * l)
  gls <- sum(w * m) / sum(w)
  gls <- gls + sum(w * (m - gls)) / sum(w)
  gls_se <- sqrt(vc$vcov[2] / sum(w))
  vcd <- as.data.frame(VarCorr(fit))
  means <- c(means, obj(
    name = str(name), version = str(version), data = str('set.seed(20240613); see mean_data in test/reference/empirical-bayes.R'),
    mean = vec(m), variance = vec(s2), n = vec(n),
    lmer_call = str(call), lmer = obj(theta = num(getME(fit, 'theta')[[1]]), remlcrit = num(REMLcrit(fit)),
      fixef = num(fixef(fit)[[1]]), tau2 = num(vcd$vcov[1]), sigma2 = num(vcd$vcov[2]),
      singular = tolower(isSingular(fit)), messages = str(paste(f$warnings, collapse = '; '))),
    polished_call = str(pcall),
    polished_how = str('theta = sqrt(l), l = 0 if reml_deriv(0) >= 0, else the root of reml_deriv by uniroot(tol = 1e-15) on log l'),
    criterion_check = num(crit_check),
    theta = num(theta), remlcrit = num(REMLcrit(pfit)), grand_mean = num(fe), grand_mean_se = num(sqrt(vcov(pfit)[1, 1])),
    gls_call = str('w <- n / (1 + n * theta^2); sum(w * m) / sum(w) (one residual correction); sqrt(sigma2 / sum(w))'),
    gls_mean = num(gls), gls_mean_se = num(gls_se),
    tau2 = num(vc$vcov[1]), sigma2 = num(vc$vcov[2]),
    ranef = vec(re[, 1]), cond_sd = vec(cond_sd), shrunk = vec(fe + re[, 1]),
    shrinkage = vec(l * n / (1 + l * n)), prediction_se_call = str('henderson_se(fit): sqrt(sigma^2 c\' C^-1 c)'),
    prediction_se = vec(henderson_se(pfit))))
}

# --- qbeta ---------------------------------------------------------------------------------------------------------
qcases <- character(0)
for (a in c(0.05, 0.5, 1, 2.5, 12.3, 300, 1e5)) for (b in c(0.05, 0.5, 1, 2.5, 12.3, 300, 1e5)) {
  for (p in c(1e-10, 0.001, 0.025, 0.5, 0.975, 0.999, 1 - 1e-10)) {
    call <- sprintf('qbeta(%s, %s, %s)', format(p, digits = 17), format(a), format(b))
    qcases <- c(qcases, obj(call = str(call), p = num(p), a = num(a), b = num(b), q = num(qbeta(p, a, b))))
  }
}

writeLines(c('{', paste0('"version": ', str(version), ','),
             paste0('"proportions": ', arr(proportions), ','),
             paste0('"means": ', arr(means), ','),
             paste0('"qbeta": ', arr(qcases)), '}'), 'test/reference/empirical-bayes.json')
cat(length(proportions), 'proportion cases,', length(means), 'mean cases,', length(qcases), 'qbeta cases\n')
