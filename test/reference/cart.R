# Reference values for servq's CART module (src/analysis/cart) from R's rpart.
#
# Run from the repository root:
#   /usr/bin/python3 test/reference/cart.py   # first: writes cart.sklearn.json (data reused below)
#   Rscript test/reference/cart.R             # writes test/reference/cart.json
#
# Every case stores the exact rpart call, the versions, the data it ran on, and what rpart returned: the frame
# (node ids, n, wt, dev, yval, complexity, class probabilities), fit$where as node ids, the cp table, variable
# importance, the primary and surrogate splits, and predictions on the training rows through predict(newdata=)
# (which routes missing values by surrogates and the children's n, as pred.rpart does).
# Factor levels are set in sorted C-locale order (sort(method = "radix")), the order servq uses.
# Doubles are written with sprintf("%.17g") so they round-trip exactly.

suppressMessages(library(rpart))
version <- sprintf("%s, rpart %s", R.version.string, as.character(packageVersion("rpart")))

# ---- a minimal exact JSON writer -------------------------------------------------------------------------
json_str <- function(s) {
  s <- gsub("\\\\", "\\\\\\\\", s)
  s <- gsub("\"", "\\\\\"", s)
  paste0("\"", s, "\"")
}
num <- function(x) ifelse(is.na(x), "null", ifelse(is.infinite(x), ifelse(x > 0, "1e999", "-1e999"), sprintf("%.17g", x)))
tojson <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x) && !is.data.frame(x)) {
    if (!is.null(names(x))) {
      parts <- mapply(function(k, v) paste0(json_str(k), ":", tojson(v)), names(x), x, USE.NAMES = FALSE)
      return(paste0("{", paste(parts, collapse = ","), "}"))
    }
    return(paste0("[", paste(vapply(x, tojson, ""), collapse = ","), "]"))
  }
  if (is.factor(x)) x <- as.character(x)
  arr <- inherits(x, "AsIs") || length(x) != 1L
  x <- unclass(x)
  vals <- if (is.character(x)) ifelse(is.na(x), "null", json_str(x))
          else if (is.logical(x)) ifelse(is.na(x), "null", ifelse(x, "true", "false"))
          else num(as.double(x))
  if (arr) paste0("[", paste(vals, collapse = ","), "]") else vals
}
A <- function(x) I(x) # force a JSON array even for length 1

radix_factor <- function(x) factor(x, levels = sort(unique(x[!is.na(x)]), method = "radix"))

# data columns as JSON: numeric -> numbers (NA -> null), factor -> strings (NA -> null)
data_json <- function(df, target) {
  feats <- setdiff(names(df), target)
  features <- lapply(feats, function(v) A(if (is.factor(df[[v]])) as.character(df[[v]]) else as.double(df[[v]])))
  names(features) <- feats
  y <- df[[target]]
  list(features = features, target = A(if (is.factor(y)) as.character(y) else as.double(y)))
}

# the splits of every non-leaf node (primary + surrogates), levels sent left/right for categorical ones
node_splits <- function(fit) {
  ff <- fit$frame
  if (is.null(fit$splits)) return(list())
  out <- list()
  row <- 1L
  xl <- attr(fit, "xlevels")
  for (i in seq_len(nrow(ff))) {
    if (ff$var[i] == "<leaf>") next
    nrows <- 1L + ff$ncompete[i] + ff$nsurrogate[i]
    sp <- fit$splits[row:(row + nrows - 1L), , drop = FALSE]
    vars <- rownames(sp)
    one <- function(k) {
      v <- vars[k]
      ncat <- sp[k, "ncat"]
      res <- list(variable = v, improve = sp[k, "improve"], count = sp[k, "count"], adj = sp[k, "adj"])
      if (ncat > 1) {
        cs <- fit$csplit[sp[k, "index"], seq_len(ncat)]
        lev <- xl[[v]]
        res$left <- A(lev[cs == 1L]); res$right <- A(lev[cs == 3L])
      } else {
        res$threshold <- sp[k, "index"]; res$lessGoes <- if (ncat == -1) "left" else "right"
      }
      res
    }
    prim <- one(1L)
    surr <- if (ff$nsurrogate[i] > 0) lapply(seq_len(ff$nsurrogate[i]) + 1L + ff$ncompete[i], one) else list()
    out[[length(out) + 1L]] <- list(node = as.integer(rownames(ff)[i]), primary = prim, surrogates = surr)
    row <- row + nrows
  }
  out
}

export_fit <- function(fit, call, df, target) {
  ff <- fit$frame
  ids <- as.integer(rownames(ff))
  cpt <- fit$cptable
  isclass <- fit$method == "class"
  res <- list(
    call = call,
    version = version,
    method = fit$method,
    nodeIds = A(ids),
    var = A(as.character(ff$var)),
    n = A(ff$n), wt = A(ff$wt), dev = A(ff$dev), complexity = A(ff$complexity),
    yval = A(if (isclass) attr(fit, "ylevels")[ff$yval] else ff$yval),
    whereRows = A(as.integer(names(fit$where))),     # 1-based input rows kept
    whereNode = A(ids[fit$where]),                   # node id of each kept row
    cptable = list(CP = A(cpt[, "CP"]), nsplit = A(cpt[, "nsplit"]), relError = A(cpt[, "rel error"]),
                   xerror = if ("xerror" %in% colnames(cpt)) A(cpt[, "xerror"]) else NULL,
                   xstd = if ("xstd" %in% colnames(cpt)) A(cpt[, "xstd"]) else NULL),
    importance = if (is.null(fit$variable.importance)) list(variable = A(character(0)), value = A(numeric(0)))
                 else list(variable = A(names(fit$variable.importance)), value = A(unname(fit$variable.importance))),
    splits = node_splits(fit)
  )
  nd <- df[, setdiff(names(df), target), drop = FALSE]
  if (isclass) {
    nclass <- length(attr(fit, "ylevels"))
    res$prob <- lapply(seq_len(nrow(ff)), function(i) A(ff$yval2[i, 1 + nclass + seq_len(nclass)]))
    pr <- predict(fit, newdata = nd, type = "prob")
    res$predictProb <- lapply(seq_len(nrow(pr)), function(i) A(unname(pr[i, ])))
    res$predictClass <- A(as.character(predict(fit, newdata = nd, type = "class")))
  } else {
    res$predictValue <- A(unname(predict(fit, newdata = nd)))
  }
  res
}

cases <- list()
add_case <- function(name, df, target, fit, call, extra = list()) {
  ex <- export_fit(fit, call, df, target)
  cases[[name]] <<- c(list(dataset = extra$dataset, options = extra$options), ex, extra$more)
}
datasets <- list()

# ---- kyphosis (rpart's own data) ----------------------------------------------------------------------------
kyph <- kyphosis
kyph$Kyphosis <- radix_factor(as.character(kyph$Kyphosis))
datasets$kyphosis <- data_json(kyph, "Kyphosis")
set.seed(101)
folds_k <- sample(rep(1:10, length.out = nrow(kyph)))
datasets$kyphosis$folds <- A(folds_k)

fit <- rpart(Kyphosis ~ Age + Number + Start, data = kyph, xval = folds_k)
add_case("kyphosis_default", kyph, "Kyphosis", fit,
         "rpart(Kyphosis ~ Age + Number + Start, data = kyphosis, xval = folds)",
         list(dataset = "kyphosis", options = list(folds = TRUE)))

fit <- rpart(Kyphosis ~ Age + Number + Start, data = kyph, xval = folds_k, cp = 0, minsplit = 5)
add_case("kyphosis_cp0", kyph, "Kyphosis", fit,
         "rpart(Kyphosis ~ Age + Number + Start, data = kyphosis, xval = folds, cp = 0, minsplit = 5)",
         list(dataset = "kyphosis", options = list(folds = TRUE, cp = 0, minSplit = 5)))
pr <- prune(fit, cp = 0.03)
add_case("kyphosis_cp0_pruned", kyph, "Kyphosis", pr,
         "prune(rpart(Kyphosis ~ Age + Number + Start, data = kyphosis, xval = folds, cp = 0, minsplit = 5), cp = 0.03)",
         list(dataset = "kyphosis", options = list(folds = TRUE, cp = 0, minSplit = 5), more = list(pruneCp = 0.03)))

fit <- rpart(Kyphosis ~ Age + Number + Start, data = kyph, xval = folds_k, parms = list(split = "information"),
             cp = 0.001, minsplit = 8)
add_case("kyphosis_information", kyph, "Kyphosis", fit,
         "rpart(Kyphosis ~ Age + Number + Start, data = kyphosis, xval = folds, parms = list(split = 'information'), cp = 0.001, minsplit = 8)",
         list(dataset = "kyphosis", options = list(folds = TRUE, split = "information", cp = 0.001, minSplit = 8)))

wts <- rep(c(1, 2, 0.5), length.out = nrow(kyph))
datasets$kyphosis$weights <- A(wts)
fit <- rpart(Kyphosis ~ Age + Number + Start, data = kyph, xval = folds_k, weights = wts, cp = 0.005, minsplit = 10)
add_case("kyphosis_weights", kyph, "Kyphosis", fit,
         "rpart(Kyphosis ~ Age + Number + Start, data = kyphosis, xval = folds, weights = rep(c(1, 2, 0.5), length.out = 81), cp = 0.005, minsplit = 10)",
         list(dataset = "kyphosis", options = list(folds = TRUE, weights = TRUE, cp = 0.005, minSplit = 10)))

wts0 <- rep(c(1, 0, 3, 1), length.out = nrow(kyph))
datasets$kyphosis$weights0 <- A(wts0)
fit <- rpart(Kyphosis ~ Age + Number + Start, data = kyph, xval = folds_k, weights = wts0, cp = 0.005, minsplit = 10)
add_case("kyphosis_zero_weights", kyph, "Kyphosis", fit,
         "rpart(Kyphosis ~ Age + Number + Start, data = kyphosis, xval = folds, weights = rep(c(1, 0, 3, 1), length.out = 81), cp = 0.005, minsplit = 10)",
         list(dataset = "kyphosis", options = list(folds = TRUE, weights0 = TRUE, cp = 0.005, minSplit = 10)))

fit <- rpart(Kyphosis ~ Age + Number + Start, data = kyph, xval = 0, maxdepth = 2, cp = 0)
add_case("kyphosis_depth2", kyph, "Kyphosis", fit,
         "rpart(Kyphosis ~ Age + Number + Start, data = kyphosis, xval = 0, maxdepth = 2, cp = 0)",
         list(dataset = "kyphosis", options = list(xval = 0, maxDepth = 2, cp = 0)))

# ---- iris (3 classes, many ties) ----------------------------------------------------------------------------
ir <- iris
datasets$iris <- data_json(ir, "Species")
set.seed(202)
folds_i <- sample(rep(1:5, length.out = nrow(ir)))
datasets$iris$folds <- A(folds_i)
fit <- rpart(Species ~ ., data = ir, xval = folds_i)
add_case("iris_default", ir, "Species", fit, "rpart(Species ~ ., data = iris, xval = folds)",
         list(dataset = "iris", options = list(folds = TRUE)))
fit <- rpart(Species ~ ., data = ir, xval = folds_i, cp = 0, minsplit = 4, minbucket = 1)
add_case("iris_full", ir, "Species", fit, "rpart(Species ~ ., data = iris, xval = folds, cp = 0, minsplit = 4, minbucket = 1)",
         list(dataset = "iris", options = list(folds = TRUE, cp = 0, minSplit = 4, minBucket = 1)))

# ---- a synthetic survey: categorical features, ties, NA in features and target ------------------------------
set.seed(42)
n <- 900
channel <- sample(c("phone", "chat", "email", "web"), n, TRUE, prob = c(.4, .25, .2, .15))
region <- sample(c("north", "south", "east", "west", "central", "islands"), n, TRUE)
wait <- round(rexp(n, 1 / 150))
tenure <- round(runif(n, 0, 120), 1)
agent <- sample(1:5, n, TRUE)
lp <- -1 + 0.012 * (wait - 150) + ifelse(channel == "phone", 0.9, 0) - 0.35 * (agent - 3) +
  ifelse(region %in% c("east", "west"), 0.6, 0) + ifelse(channel == "chat" & region == "north", -1, 0)
sat <- ifelse(runif(n) < plogis(lp), "dissatisfied", "satisfied")
score3 <- lp + rnorm(n, sd = 0.8)
sat3 <- ifelse(score3 < -0.6, "high", ifelse(score3 < 0.6, "mid", "low"))
handle <- 120 + 0.8 * wait + ifelse(channel == "email", 200, 0) + ifelse(region == "islands", 90, 0) +
  15 * agent + rnorm(n, sd = 60)
# missing values: features, a few rows with every feature missing, a few missing targets
wait[sample(n, 70)] <- NA
channel[sample(n, 45)] <- NA
agent[sample(n, 60)] <- NA
region[sample(n, 30)] <- NA
allna <- sample(n, 4)
wait[allna] <- NA; channel[allna] <- NA; agent[allna] <- NA; region[allna] <- NA; tenure[allna] <- NA
sat[sample(n, 6)] <- NA
handle[sample(n, 5)] <- NA
survey <- data.frame(wait = wait, channel = radix_factor(channel), region = radix_factor(region),
                     tenure = tenure, agent = agent)
sv2 <- survey; sv2$sat <- radix_factor(sat)
sv3 <- survey; sv3$sat3 <- radix_factor(sat3)
svr <- survey; svr$handle <- handle
set.seed(303)
folds_s <- sample(rep(1:10, length.out = n))
datasets$survey2 <- c(data_json(sv2, "sat"), list(folds = A(folds_s)))
datasets$survey3 <- c(data_json(sv3, "sat3"), list(folds = A(folds_s)))
datasets$surveyReg <- c(data_json(svr, "handle"), list(folds = A(folds_s)))

fit <- rpart(sat ~ ., data = sv2, xval = folds_s)
add_case("survey2_default", sv2, "sat", fit, "rpart(sat ~ ., data = survey, xval = folds)",
         list(dataset = "survey2", options = list(folds = TRUE)))
fit <- rpart(sat ~ ., data = sv2, xval = folds_s, cp = 0.002, minsplit = 10)
add_case("survey2_deep", sv2, "sat", fit, "rpart(sat ~ ., data = survey, xval = folds, cp = 0.002, minsplit = 10)",
         list(dataset = "survey2", options = list(folds = TRUE, cp = 0.002, minSplit = 10)))
fit <- rpart(sat ~ ., data = sv2, xval = folds_s, cp = 0.002, minsplit = 10, maxsurrogate = 0)
add_case("survey2_nosurrogate", sv2, "sat", fit,
         "rpart(sat ~ ., data = survey, xval = folds, cp = 0.002, minsplit = 10, maxsurrogate = 0)",
         list(dataset = "survey2", options = list(folds = TRUE, cp = 0.002, minSplit = 10, maxSurrogate = 0)))
fit <- rpart(sat ~ ., data = sv2, xval = folds_s, cp = 0.002, minsplit = 10, surrogatestyle = 1)
add_case("survey2_surrogatestyle1", sv2, "sat", fit,
         "rpart(sat ~ ., data = survey, xval = folds, cp = 0.002, minsplit = 10, surrogatestyle = 1)",
         list(dataset = "survey2", options = list(folds = TRUE, cp = 0.002, minSplit = 10, surrogateStyle = 1)))
for (us in 0:1) {
  fit <- rpart(sat ~ ., data = sv2, xval = folds_s, cp = 0.002, minsplit = 10, usesurrogate = us)
  add_case(sprintf("survey2_usesurrogate%d", us), sv2, "sat", fit,
           sprintf("rpart(sat ~ ., data = survey, xval = folds, cp = 0.002, minsplit = 10, usesurrogate = %d)", us),
           list(dataset = "survey2", options = list(folds = TRUE, cp = 0.002, minSplit = 10, useSurrogate = us)))
}
fit <- rpart(sat3 ~ ., data = sv3, xval = folds_s, cp = 0.003, minsplit = 10)
add_case("survey3_deep", sv3, "sat3", fit, "rpart(sat3 ~ ., data = survey, xval = folds, cp = 0.003, minsplit = 10)",
         list(dataset = "survey3", options = list(folds = TRUE, cp = 0.003, minSplit = 10)))
fit <- rpart(handle ~ ., data = svr, xval = folds_s, cp = 0.002, minsplit = 10)
add_case("surveyReg_deep", svr, "handle", fit, "rpart(handle ~ ., data = survey, xval = folds, cp = 0.002, minsplit = 10)",
         list(dataset = "surveyReg", options = list(folds = TRUE, cp = 0.002, minSplit = 10)))

# ---- regression: mtcars and cars ---------------------------------------------------------------------------
mt <- mtcars
rownames(mt) <- NULL
datasets$mtcars <- data_json(mt, "mpg")
set.seed(404)
folds_m <- sample(rep(1:4, length.out = nrow(mt)))
datasets$mtcars$folds <- A(folds_m)
fit <- rpart(mpg ~ ., data = mt, xval = folds_m)
add_case("mtcars_default", mt, "mpg", fit, "rpart(mpg ~ ., data = mtcars, xval = folds)",
         list(dataset = "mtcars", options = list(folds = TRUE)))
fit <- rpart(mpg ~ ., data = mt, xval = folds_m, minsplit = 6, cp = 0.001)
add_case("mtcars_deep", mt, "mpg", fit, "rpart(mpg ~ ., data = mtcars, xval = folds, minsplit = 6, cp = 0.001)",
         list(dataset = "mtcars", options = list(folds = TRUE, minSplit = 6, cp = 0.001)))
datasets$cars <- data_json(cars, "dist")
set.seed(505)
folds_c <- sample(rep(1:10, length.out = nrow(cars)))
datasets$cars$folds <- A(folds_c)
fit <- rpart(dist ~ speed, data = cars, xval = folds_c, minsplit = 6, cp = 0.005)
add_case("cars_deep", cars, "dist", fit, "rpart(dist ~ speed, data = cars, xval = folds, minsplit = 6, cp = 0.005)",
         list(dataset = "cars", options = list(folds = TRUE, minSplit = 6, cp = 0.005)))
wts_c <- rep(c(1, 2.5, 0.5), length.out = nrow(cars))
datasets$cars$weights <- A(wts_c)
fit <- rpart(dist ~ speed, data = cars, xval = folds_c, weights = wts_c, minsplit = 6, cp = 0.005)
add_case("cars_weights", cars, "dist", fit,
         "rpart(dist ~ speed, data = cars, xval = folds, weights = rep(c(1, 2.5, 0.5), length.out = 50), minsplit = 6, cp = 0.005)",
         list(dataset = "cars", options = list(folds = TRUE, weights = TRUE, minSplit = 6, cp = 0.005)))

# ---- the sklearn data: rpart(cp = -1, minsplit = 2, minbucket = 1, xval = 0) ---------------------------------
sk <- jsonlite::fromJSON("test/reference/cart.sklearn.json", simplifyVector = TRUE)
skdf <- as.data.frame(sk$data$features)
skdf$y <- radix_factor(sk$data$target)
datasets$sklearn <- data_json(skdf, "y")
for (depth in c(30, 3, 6)) {
  fit <- rpart(y ~ ., data = skdf, cp = -1, minsplit = 2, minbucket = 1, xval = 0, maxdepth = depth)
  add_case(sprintf("sklearn_depth%d", depth), skdf, "y", fit,
           sprintf("rpart(y ~ ., data = sklearn_data, cp = -1, minsplit = 2, minbucket = 1, xval = 0, maxdepth = %d)", depth),
           list(dataset = "sklearn", options = list(cp = -1, minSplit = 2, minBucket = 1, xval = 0, maxDepth = depth)))
}

# ---- cross-validated accuracy with explicit folds (for crossValidate) ---------------------------------------
cv_class <- function(df, target, folds, call, ...) {
  y <- df[[target]]
  keep <- !is.na(y)
  pred <- rep(NA_character_, nrow(df)); base <- rep(NA_character_, nrow(df))
  for (f in sort(unique(folds))) {
    tr <- folds != f & keep
    te <- folds == f & keep
    fit <- rpart(as.formula(paste(target, "~ .")), data = df[tr, ], xval = 0, ...)
    pred[te] <- as.character(predict(fit, newdata = df[te, ], type = "class"))
    tab <- table(y[tr])
    base[te] <- names(tab)[which.max(tab)]
  }
  lev <- levels(y)
  yy <- as.character(y[keep]); pp <- pred[keep]; bb <- base[keep]
  conf <- table(factor(yy, levels = lev), factor(pp, levels = lev))
  bal <- function(p) mean(sapply(lev[lev %in% yy], function(l) mean(p[yy == l] == l)))
  list(call = call, version = version, levels = A(lev),
       predicted = A(pred), accuracy = mean(pp == yy), balancedAccuracy = bal(pp),
       confusion = lapply(seq_along(lev), function(i) A(as.integer(conf[i, ]))),
       baselineAccuracy = mean(bb == yy), baselineBalancedAccuracy = bal(bb))
}
cv_reg <- function(df, target, folds, call, ...) {
  y <- df[[target]]
  keep <- !is.na(y)
  pred <- rep(NA_real_, nrow(df)); base <- rep(NA_real_, nrow(df))
  for (f in sort(unique(folds))) {
    tr <- folds != f & keep
    te <- folds == f & keep
    fit <- rpart(as.formula(paste(target, "~ .")), data = df[tr, ], xval = 0, ...)
    pred[te] <- predict(fit, newdata = df[te, ])
    base[te] <- mean(y[tr])
  }
  e <- (y - pred)[keep]; b <- (y - base)[keep]
  list(call = call, version = version, predicted = A(pred),
       rmse = sqrt(mean(e^2)), mae = mean(abs(e)), r2 = 1 - sum(e^2) / sum(b^2),
       baselineRmse = sqrt(mean(b^2)), baselineMae = mean(abs(b)))
}
crossval <- list(
  kyphosis = c(list(dataset = "kyphosis"), cv_class(kyph, "Kyphosis", folds_k,
    "for f in 1:10: rpart(Kyphosis ~ ., data = kyphosis[folds != f, ], xval = 0); predict(type = 'class') on fold f")),
  survey2 = c(list(dataset = "survey2", options = list(cp = 0.005, minSplit = 10)), cv_class(sv2, "sat", folds_s,
    "for f in 1:10: rpart(sat ~ ., data = survey[folds != f, ], xval = 0, cp = 0.005, minsplit = 10); predict(type = 'class')",
    cp = 0.005, minsplit = 10)),
  iris = c(list(dataset = "iris"), cv_class(ir, "Species", folds_i,
    "for f in 1:5: rpart(Species ~ ., data = iris[folds != f, ], xval = 0); predict(type = 'class')")),
  surveyReg = c(list(dataset = "surveyReg", options = list(cp = 0.005, minSplit = 10)), cv_reg(svr, "handle", folds_s,
    "for f in 1:10: rpart(handle ~ ., data = survey[folds != f, ], xval = 0, cp = 0.005, minsplit = 10); predict()",
    cp = 0.005, minsplit = 10))
)

out <- list(version = version, datasets = datasets, cases = cases, crossValidate = crossval)
writeLines(tojson(out), "test/reference/cart.json")
cat("wrote test/reference/cart.json:", length(cases), "cases\n")
