# Reference values for differenceInDifferences and the linear-model/ OLS + sandwich code (servq).
# Run from the repository root:   Rscript test/reference/did.R
# Writes test/reference/did.json with two sections:
#  - "lm":  lm() fits (coefficients with NA for aliased columns, summary()$r.squared, $adj.r.squared, $sigma,
#           $fstatistic, vcov(), sandwich::vcovHC(type = "HC0"/"HC1"), sandwich::vcovCL(cluster = ~g, type = "HC1"));
#  - "did": per case the data (NA as null), the exact lm() call, and the treated:post row of
#           lmtest::coeftest(fit, vcov = V, df = DF) / lmtest::coefci(fit, vcov = V, df = DF, level = L) with
#           V = vcov(fit) (classical), sandwich::vcovHC(fit, type = "HC1") or sandwich::vcovCL(fit, cluster = ~unit,
#           type = "HC1") and DF = n − k (classical/HC1), G − 1 (cluster, Stata's convention) or Inf (normal);
#           the four cell means/counts (tapply); and, with periods, the treated:period row of the same test on
#           lm(y ~ treated * period, pre-period rows).
# Complete cases are taken explicitly before each fit (the TypeScript drops the same rows).
suppressMessages({ library(sandwich); library(lmtest) })
version <- paste0(R.version.string, '; sandwich ', packageVersion('sandwich'), '; lmtest ', packageVersion('lmtest'))
num <- function(v) {
  if (is.na(v) && !is.nan(v)) return('null')
  if (is.nan(v)) return('"NaN"')
  if (is.infinite(v)) return(if (v > 0) '"Infinity"' else '"-Infinity"')
  sprintf('%.17g', v)
}
vec <- function(v) paste0('[', paste(vapply(v, num, ''), collapse = ', '), ']')
str <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
strs <- function(v) paste0('[', paste(vapply(as.character(v), str, ''), collapse = ', '), ']')
obj <- function(...) {
  f <- list(...)
  f <- f[!vapply(f, is.null, TRUE)]
  paste0('{', paste(sprintf('"%s": %s', names(f), unlist(f)), collapse = ', '), '}')
}
mat <- function(m) paste0('[', paste(apply(m, 1, vec), collapse = ', '), ']')

# ---- lm section ----------------------------------------------------------------------------------------------
lm_case <- function(call, fit, X, y, g, slopes_from = NULL, slopes_call = NULL) {
  s <- summary(fit)
  full <- !any(is.na(coef(fit)))
  slope <- function(V) mat(V[-1, -1, drop = FALSE])
  obj(
    slopes_call = if (is.null(slopes_call)) NULL else str(slopes_call),
    slopes_hc0 = if (is.null(slopes_from)) NULL else slope(vcovHC(slopes_from, type = 'HC0')),
    slopes_hc1 = if (is.null(slopes_from)) NULL else slope(vcovHC(slopes_from, type = 'HC1')),
    slopes_cl = if (is.null(slopes_from)) NULL else slope(vcovCL(slopes_from, cluster = g, type = 'HC1')),
    call = str(call), version = str(version),
    names = strs(names(coef(fit))),
    X = mat(t(X)), y = vec(y), cluster = vec(g),
    coefficients = vec(unname(coef(fit))),
    r_squared = num(s$r.squared), adj_r_squared = num(s$adj.r.squared), sigma = num(s$sigma),
    fstatistic = vec(unname(s$fstatistic)), df_residual = num(fit$df.residual), rank = num(fit$rank),
    vcov = if (full) mat(vcov(fit)) else 'null',
    vcov_hc0 = if (full) mat(vcovHC(fit, type = 'HC0')) else 'null',
    vcov_hc1 = if (full) mat(vcovHC(fit, type = 'HC1')) else 'null',
    vcov_cl = if (full) mat(vcovCL(fit, cluster = g, type = 'HC1')) else 'null'
  )
}
lms <- character(0)
X <- model.matrix(~ wt + hp + qsec, mtcars)
lms <- c(lms, lm_case('lm(mpg ~ wt + hp + qsec, mtcars); vcovCL(fit, cluster = mtcars$cyl, type = "HC1")',
  lm(mpg ~ wt + hp + qsec, mtcars), X, mtcars$mpg, mtcars$cyl))
X <- model.matrix(~ wt + am + disp, mtcars)
lms <- c(lms, lm_case('lm(mpg ~ wt + am + disp, mtcars); vcovCL(fit, cluster = mtcars$carb, type = "HC1")',
  lm(mpg ~ wt + am + disp, mtcars), X, mtcars$mpg, mtcars$carb))
# Rank deficient: the third column is wt + hp (R reports NA for it, qsec still estimated).
d <- transform(mtcars, s = wt + hp)
X <- model.matrix(~ wt + hp + s + qsec, d)
lms <- c(lms, lm_case('lm(mpg ~ wt + hp + s + qsec, transform(mtcars, s = wt + hp))', lm(mpg ~ wt + hp + s + qsec, d), X, d$mpg, d$cyl))
# Rank deficient early: b = 2a is the second column, c after it.
d <- data.frame(a = c(1, 2, 3, 4, 5, 6, 7), c = c(2, 1, 4, 3, 6, 5, 9), y = c(1.2, 1.9, 3.2, 3.8, 5.3, 5.9, 7.4))
d$b <- 2 * d$a
X <- model.matrix(~ a + b + c, d)
lms <- c(lms, lm_case('lm(y ~ a + b + c, d) with b = 2 * a', lm(y ~ a + b + c, d), X, d$y, c(1, 1, 2, 2, 3, 3, 3)))
# Large common offset: 1e6 + wt. R's vcovHC/vcovCL form bread·meat·bread with entries ~1e12 and lose ~3 digits
# here (their matrices are not even symmetric), so the slope blocks are taken from the equivalent centred-free
# fit lm(mpg ~ wt + hp): the slope covariances do not depend on the offset (only the intercept's do).
d <- transform(mtcars, w = 1e6 + wt)
X <- model.matrix(~ w + hp, d)
lms <- c(lms, lm_case('lm(mpg ~ w + hp, transform(mtcars, w = 1e6 + wt))', lm(mpg ~ w + hp, d), X, d$mpg, d$gear,
  slopes_from = lm(mpg ~ wt + hp, d),
  slopes_call = 'vcovHC(lm(mpg ~ wt + hp, mtcars), type = "HC0"/"HC1")[-1, -1]; vcovCL(lm(mpg ~ wt + hp, mtcars), cluster = mtcars$gear, type = "HC1")[-1, -1]'))

# ---- did section ---------------------------------------------------------------------------------------------
did_case <- function(name, d, covariates = character(0), se = 'cluster', distribution = 'auto', level = 0.95, period = FALSE) {
  cols <- c('y', 'treated', 'post', if ('unit' %in% names(d)) 'unit', covariates, if (period) 'period')
  raw <- d
  d <- d[complete.cases(d[, cols]), ]
  form <- as.formula(paste('y ~ treated * post', paste(c('', covariates), collapse = ' + ')))
  fit <- lm(form, d)
  k <- length(coef(fit))
  n <- nrow(d)
  has_unit <- 'unit' %in% names(d)
  G <- if (has_unit) length(unique(d$unit)) else NA
  Vc <- vcov(fit)
  Vh <- vcovHC(fit, type = 'HC1')
  Vg <- if (has_unit) vcovCL(fit, cluster = d$unit, type = 'HC1') else NULL
  V <- switch(se, classical = Vc, hc1 = Vh, cluster = Vg)
  df <- if (distribution == 'normal') Inf else if (distribution == 'auto' && se == 'cluster') G - 1 else n - k
  ct <- coeftest(fit, vcov = V, df = df)
  ci <- coefci(fit, vcov = V, df = df, level = level)
  term <- 'treated:post'
  means <- tapply(d$y, list(d$treated, d$post), mean)
  counts <- tapply(d$y, list(d$treated, d$post), length)
  pre <- NULL
  if (period) {
    dp <- d[d$post == 0, ]
    pf <- lm(y ~ treated * period, dp)
    Vp <- switch(se, classical = vcov(pf), hc1 = vcovHC(pf, type = 'HC1'), cluster = vcovCL(pf, cluster = dp$unit, type = 'HC1'))
    dfp <- if (distribution == 'normal') Inf else if (distribution == 'auto' && se == 'cluster') length(unique(dp$unit)) - 1 else nrow(dp) - 4
    pt <- coeftest(pf, vcov = Vp, df = dfp)['treated:period', ]
    pre <- obj(call = str('coeftest(lm(y ~ treated * period, d[d$post == 0, ]), vcov = <same kind>, df = <same rule>)["treated:period", ]'),
      estimate = num(pt[1]), std_error = num(pt[2]), statistic = num(pt[3]), p_value = num(pt[4]),
      periods = num(length(unique(dp$period))))
  }
  obj(
    name = str(name),
    call = str(sprintf('fit <- lm(%s, d); coeftest(fit, vcov = %s, df = %s); coefci(..., level = %s)',
      deparse(form), switch(se, classical = 'vcov(fit)', hc1 = 'vcovHC(fit, type = "HC1")', cluster = 'vcovCL(fit, cluster = d$unit, type = "HC1")'),
      if (is.infinite(df)) 'Inf' else as.character(df), level)),
    version = str(version),
    se = str(se), distribution = str(distribution), level = num(level),
    y = vec(raw$y), treated = vec(raw$treated), post = vec(raw$post),
    unit = if ('unit' %in% names(raw)) strs(raw$unit) else 'null',
    period = if (period) vec(raw$period) else 'null',
    covariateNames = strs(covariates),
    covariates = paste0('[', paste(vapply(covariates, function(cv) vec(raw[[cv]]), ''), collapse = ', '), ']'),
    n = num(n), k = num(k), clusters = num(G), df = num(df),
    terms = strs(rownames(ct)),
    estimates = vec(ct[, 1]), std_errors = vec(ct[, 2]), statistics = vec(ct[, 3]), p_values = vec(ct[, 4]),
    effect = num(ct[term, 1]), std_error = num(ct[term, 2]), statistic = num(ct[term, 3]), p_value = num(ct[term, 4]),
    ci_lower = num(ci[term, 1]), ci_upper = num(ci[term, 2]),
    se_classical = num(sqrt(Vc[term, term])), se_hc1 = num(sqrt(Vh[term, term])),
    se_cluster = if (has_unit) num(sqrt(Vg[term, term])) else 'null',
    r_squared = num(summary(fit)$r.squared),
    cell_means = vec(c(means['0', '0'], means['0', '1'], means['1', '0'], means['1', '1'])),
    cell_counts = vec(c(counts['0', '0'], counts['0', '1'], counts['1', '0'], counts['1', '1'])),
    pre_trend = if (is.null(pre)) 'null' else pre
  )
}

# Synthetic panel: 40 teams x 12 months, 15 teams trained from month 7; outcome = handling time in seconds.
set.seed(20240613)
teams <- 40
months <- 12
panel <- expand.grid(month = 1:months, team = 1:teams)
panel$unit <- sprintf('T%02d', panel$team)
panel$treated <- as.integer(panel$team <= 15)
panel$post <- as.integer(panel$month >= 7)
team_effect <- rnorm(teams, 0, 25)
month_effect <- rnorm(months, 0, 8)
panel$staff <- round(8 + 3 * runif(nrow(panel)) + 0.1 * panel$month, 2)
panel$y <- round(300 + team_effect[panel$team] + month_effect[panel$month] - 2 * panel$staff -
  12 * panel$treated * panel$post + rnorm(nrow(panel), 0, 15), 2)
panel$period <- panel$month
dids <- character(0)
dids <- c(dids, did_case('panel cluster', panel, period = TRUE))
dids <- c(dids, did_case('panel hc1', panel, se = 'hc1', period = TRUE))
dids <- c(dids, did_case('panel classical', panel, se = 'classical'))
dids <- c(dids, did_case('panel cluster t-residual 90%', panel, distribution = 't-residual', level = 0.9))
dids <- c(dids, did_case('panel cluster normal', panel, distribution = 'normal', period = TRUE))
dids <- c(dids, did_case('panel cluster + staff', panel, covariates = 'staff'))
# Missing values and an unbalanced panel.
holes <- panel
set.seed(20240614)
holes$y[sample(nrow(holes), 25)] <- NA
holes$staff[sample(nrow(holes), 10)] <- NA
holes <- holes[-sample(nrow(holes), 30), ]
dids <- c(dids, did_case('unbalanced panel with NA + staff', holes, covariates = 'staff', period = TRUE))
# Pre-trend present: the treated teams drift upwards before training.
drift <- panel
drift$y <- drift$y + ifelse(drift$treated == 1 & drift$post == 0, 4 * drift$month, 0)
dids <- c(dids, did_case('panel with pre-trend', drift, period = TRUE))
# mtcars: "treated" = manual (am), "post" = straight engine (vs), clustered by carb (6) and cyl (3).
m <- data.frame(y = mtcars$mpg, treated = mtcars$am, post = mtcars$vs, unit = mtcars$carb, wt = mtcars$wt, hp = mtcars$hp)
dids <- c(dids, did_case('mtcars carb clusters', m))
dids <- c(dids, did_case('mtcars carb clusters + wt + hp', m, covariates = c('wt', 'hp')))
dids <- c(dids, did_case('mtcars hc1 + wt', m, covariates = 'wt', se = 'hc1'))
m$unit <- mtcars$cyl
dids <- c(dids, did_case('mtcars cyl clusters', m))

writeLines(paste0('{\n"lm": [\n', paste(lms, collapse = ',\n'), '\n],\n"did": [\n', paste(dids, collapse = ',\n'), '\n]\n}'),
  'test/reference/did.json')
