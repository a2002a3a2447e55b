# Reference values for describe(), quantile(), histogram() and prettyBreaks().
# Run from the repository root:  Rscript test/reference/descriptive.R
# Writes test/reference/descriptive.json; then run test/reference/descriptive.py (skewness/kurtosis by SciPy).
# Every value sits beside the R call that produced it; numbers are printed with sprintf('%.17g').
# Non-finite numbers are written as the strings "NaN", "Infinity", "-Infinity".

version <- R.version.string

num <- function(x) {
  ifelse(is.nan(x) | is.na(x), '"NaN"',
         ifelse(is.infinite(x), ifelse(x > 0, '"Infinity"', '"-Infinity"'), sprintf("%.17g", x)))
}
arr <- function(x) structure(list(x), class = "jsonarray")
to_json <- function(v) {
  if (inherits(v, "jsonarray")) {
    x <- v[[1]]
    if (is.character(x)) return(paste0("[", paste0('"', x, '"', collapse = ","), "]"))
    return(paste0("[", paste(num(x), collapse = ","), "]"))
  }
  if (is.null(v)) return("null")
  if (is.list(v)) {
    if (!is.null(names(v))) {
      items <- vapply(names(v), function(k) paste0('"', k, '":', to_json(v[[k]])), "")
      return(paste0("{", paste(items, collapse = ","), "}"))
    }
    return(paste0("[", paste(vapply(v, to_json, ""), collapse = ","), "]"))
  }
  if (is.character(v)) return(paste0('"', gsub('"', '\\\\"', v), '"'))
  if (is.logical(v)) return(if (v) "true" else "false")
  if (length(v) != 1) stop("use arr() for vectors")
  num(v)
}
dq <- function(x) deparse(x, control = "digits17", width.cutoff = 500L)

set.seed(20240611)
datasets <- list(
  ties = c(1, 2, 2, 3, 3, 3, 4, 4, 5, 10),
  n1 = c(42.5),
  n2 = c(3, -1),
  n3 = c(0.5, 9, 2),
  even8 = c(2, 4, 4, 4, 5, 5, 7, 9),
  mixed = c(-3.5, 0, 2.25, -1e-3, 8, -7.75, 1/3),
  constant = rep(7.25, 6),
  huge = c(1e300, 2e300, -5e299, 3e300, 1.5e300),
  offset = 1e9 + rnorm(50),
  normal37 = rnorm(37, 100, 15),
  exp1000 = rexp(1000, 1 / 60),
  lognormal500 = rlnorm(500, 4, 1),
  digits200 = as.numeric(sample(0:9, 200, replace = TRUE)),
  sorted101 = sort(rnorm(101)),
  skewed = c(rep(1, 40), rep(2, 5), 50, 120)
)
probs <- c(0, 0.001, 0.01, 0.1, 0.2, 0.25, 1/3, 0.5, 2/3, 0.75, 0.8, 0.9, 0.95, 0.99, 0.999, 1)

# ---- quantile: every dataset, every type, the same probabilities ----
quantile_cases <- list()
qsets <- c(datasets, list(withInf = c(-Inf, 1, 2, 3, Inf), infTop = c(1, 2, 3, Inf)))
for (nm in names(qsets)) {
  x <- qsets[[nm]]
  for (type in 1:9) {
    q <- quantile(x, probs, type = type, names = FALSE)
    quantile_cases[[length(quantile_cases) + 1]] <- list(
      call = sprintf("quantile(datasets$%s, probs, type = %d, names = FALSE)", nm, type),
      dataset = nm, type = type, quantiles = arr(q))
  }
}
# random small samples with heavy ties and random probabilities (types 1-9)
random_quantile <- list()
for (i in 1:120) {
  n <- sample(1:40, 1)
  x <- round(rnorm(n, 0, 3), sample(0:2, 1))
  p <- c(runif(5), sample(0:20, 3) / 20)
  type <- ((i - 1) %% 9) + 1
  q <- quantile(x, p, type = type, names = FALSE)
  random_quantile[[i]] <- list(call = sprintf("quantile(x, p, type = %d, names = FALSE)", type),
                               x = arr(x), p = arr(p), type = type, quantiles = arr(q))
}

# ---- describe: moments, quantiles and t intervals ----
describe_cases <- list()
for (nm in setdiff(names(datasets), "huge")) {
  x <- datasets[[nm]]
  n <- length(x)
  q7 <- quantile(x, c(0.25, 0.5, 0.75, 0.9), type = 7, names = FALSE)
  q6 <- quantile(x, c(0.25, 0.5, 0.75, 0.9), type = 6, names = FALSE)
  case <- list(dataset = nm,
               calls = "n = length(x); sum(x); mean(x); var(x); sd(x); sd(x)/sqrt(n); min(x); max(x); quantile(x, c(.25,.5,.75,.9), type = 7 and 6); IQR(x); t.test(x, conf.level = L)$conf.int",
               n = n, sum = sum(x), mean = mean(x), min = min(x), max = max(x),
               q7 = arr(q7), q6 = arr(q6), iqr = IQR(x))
  if (n >= 2) {
    case$variance <- var(x); case$sd <- sd(x); case$se <- sd(x) / sqrt(n)
    if (sd(x) > 0) {
      for (L in c(0.95, 0.9, 0.99)) {
        ci <- t.test(x, conf.level = L)$conf.int
        case[[sprintf("ci%g", L * 100)]] <- arr(as.numeric(ci))
      }
    }
  }
  describe_cases[[length(describe_cases) + 1]] <- case
}
# huge values: the mean and sd via long-double sums in R
hx <- datasets$huge
# sd(x) itself overflows to Inf in R (var() squares in double); sd is scale-equivariant, so the reference for
# the (finite) sd is sd(x / 1e300) * 1e300.
describe_huge <- list(dataset = "huge", calls = "mean(x); sd(x); sd(x / 1e300) * 1e300; sum(x)",
                      mean = mean(hx), sdR = sd(hx), sdScaled = sd(hx / 1e300) * 1e300, sum = sum(hx))

# ---- histogram: hist(x, breaks, right, plot = FALSE) ----
hist_case <- function(label, call, h) list(label = label, call = call,
  breaks = arr(h$breaks), counts = arr(as.numeric(h$counts)), density = arr(h$density), mids = arr(h$mids),
  equidist = h$equidist)
histogram_cases <- list()
add_hist <- function(label, x, breaks_expr, right = TRUE) {
  h <- eval(parse(text = sprintf("hist(x, breaks = %s, right = %s, plot = FALSE)", breaks_expr, right)))
  call <- sprintf("hist(datasets$%s, breaks = %s, right = %s, plot = FALSE)", label, breaks_expr, right)
  histogram_cases[[length(histogram_cases) + 1]] <<- c(hist_case(label, call, h), list(bins = breaks_expr, right = right))
}
for (nm in c("ties", "n1", "n2", "even8", "mixed", "constant", "normal37", "exp1000", "lognormal500", "digits200", "skewed", "sorted101", "offset")) {
  x <- datasets[[nm]]
  add_hist(nm, x, '"Sturges"')
  add_hist(nm, x, '"Sturges"', right = FALSE)
  if (length(x) >= 2) {
    add_hist(nm, x, '"FD"')
    add_hist(nm, x, '"Scott"')
  }
  for (b in c(3, 10, 25)) add_hist(nm, x, as.character(b))
}
datasets$tinyRange <- 1 + (1:10) * 1e-12
datasets$onBreaks <- c(0, 10, 10, 20, 20, 20, 30, 40, 40, 50)
for (nm in c("tinyRange", "onBreaks")) {
  add_hist(nm, datasets[[nm]], '"Sturges"')
  add_hist(nm, datasets[[nm]], '"Sturges"', right = FALSE)
  add_hist(nm, datasets[[nm]], "5")
}
explicit <- list(
  list(nm = "exp1000", br = c(0, 30, 60, 120, 300, 600, 3600)),
  list(nm = "onBreaks", br = c(0, 10, 20, 30, 40, 50)),
  list(nm = "onBreaks", br = c(50, 0, 25)),
  list(nm = "digits200", br = c(-0.5, 2.5, 5, 9)),
  list(nm = "mixed", br = c(-10, -1, 0, 1, 10))
)
for (e in explicit) {
  for (right in c(TRUE, FALSE)) {
    x <- datasets[[e$nm]]
    h <- hist(x, breaks = e$br, right = right, plot = FALSE)
    histogram_cases[[length(histogram_cases) + 1]] <- c(
      hist_case(e$nm, sprintf("hist(datasets$%s, breaks = %s, right = %s, plot = FALSE)", e$nm, dq(e$br), right), h),
      list(givenBreaks = arr(e$br), right = right))
  }
}

# random data sets: scale, offset, rounding (ties), rule and closed side all drawn at random
random_histogram <- list()
rules <- c('"Sturges"', '"FD"', '"Scott"', "1", "2", "5", "13", "30")
for (i in 1:150) {
  n <- sample(c(1:12, 50, 200, 500), 1)
  k <- sample(-6:6, 1)
  x <- rnorm(n) * 10^k + sample(c(0, 0, 1, -1, 1000), 1) * 10^k
  if (runif(1) < 0.5) x <- round(x, sample(0:3, 1) - k)
  br <- sample(rules, 1)
  if (n == 1 && br %in% c('"FD"', '"Scott"')) br <- '"Sturges"'  # R's nclass.FD/scott fail on var() of one value
  right <- runif(1) < 0.5
  h <- eval(parse(text = sprintf("hist(x, breaks = %s, right = %s, plot = FALSE)", br, right)))
  random_histogram[[i]] <- c(hist_case("random", sprintf("hist(x, breaks = %s, right = %s, plot = FALSE)", br, right), h),
                             list(x = arr(x), bins = br, right = right))
}

# ---- pretty(c(lo, hi), n, min.n) ----
pretty_cases <- list()
fixed <- list(c(0, 1, 5), c(0.3, 9.7, 5), c(-3.7, 12.1, 7), c(1e-12, 3e-12, 5), c(1e6, 1.00001e6, 5),
              c(0, 0, 5), c(5, 5, 5), c(-1e-300, 1e-300, 5), c(123456, 987654, 10), c(-0.05, 0.05, 4),
              c(1, 1e10, 3), c(0.1, 0.7, 1), c(-7, 0, 3), c(0, 13, 2), c(1e300, 1.7e308, 5), c(2.5, 2.5, 1),
              c(-1234.5, -1234.5, 4), c(1e-320, 3e-320, 5))
for (f in fixed) {
  for (minn in unique(c(1, f[3] %/% 3))) {
    s <- pretty(c(f[1], f[2]), n = f[3], min.n = minn)
    pretty_cases[[length(pretty_cases) + 1]] <- list(
      call = sprintf("pretty(c(%s, %s), n = %d, min.n = %d)", dq(f[1]), dq(f[2]), as.integer(f[3]), as.integer(minn)),
      lo = f[1], hi = f[2], n = f[3], minN = minn, breaks = arr(s))
  }
}
for (i in 1:300) {
  k <- sample(-8:8, 1)
  lo <- round(rnorm(1) * 10^k, sample(0:6, 1) - k)
  hi <- lo + if (runif(1) < 0.1) 0 else rexp(1) * 10^(k + sample(-2:2, 1))
  n <- sample(1:25, 1)
  minn <- if (runif(1) < 0.5) 1 else n %/% 3
  s <- pretty(c(lo, hi), n = n, min.n = minn)
  pretty_cases[[length(pretty_cases) + 1]] <- list(
    call = sprintf("pretty(c(%s, %s), n = %d, min.n = %d)", dq(lo), dq(hi), as.integer(n), as.integer(minn)),
    lo = lo, hi = hi, n = n, minN = minn, breaks = arr(s))
}

data_json <- lapply(datasets, arr)
out <- list(
  version = version,
  generator = "test/reference/descriptive.R",
  probs = arr(probs),
  datasets = data_json,
  quantileExtra = list(withInf = arr(qsets$withInf), infTop = arr(qsets$infTop)),
  quantile = quantile_cases,
  randomQuantile = random_quantile,
  describe = describe_cases,
  describeHuge = describe_huge,
  histogram = histogram_cases,
  randomHistogram = random_histogram,
  pretty = pretty_cases
)
writeLines(to_json(out), "test/reference/descriptive.json")
cat("wrote test/reference/descriptive.json\n")
