# Reference values for servq's held-out CART predictions (cart(…, { xpred: true }).xpred) from R's rpart:
# xpred.rpart(fit, xval = folds) — the tree grown on the other folds, cut back to each cp-table row's complexity
# (the geometric means of adjacent CPs, as xpred.rpart's default), predicting the held-out rows.
#
# Run from the repository root after cart.R (its datasets, with their folds, are read from cart.json so both
# files use the same rows):
#   Rscript test/reference/cart-xpred.R     # writes test/reference/cart-xpred.json
# Debian: r-base-core, r-cran-rpart, r-cran-jsonlite. Doubles are written with digits = NA (17 significant).

suppressMessages({ library(rpart); library(jsonlite) })
version <- sprintf("%s, rpart %s", R.version.string, as.character(packageVersion("rpart")))
ref <- fromJSON("test/reference/cart.json", simplifyVector = TRUE)

radix_factor <- function(x) factor(x, levels = sort(unique(x[!is.na(x)]), method = "radix"))
frame_of <- function(ds) {
  df <- as.data.frame(lapply(ds$features, function(col) if (is.character(col)) radix_factor(col) else as.double(col)))
  df$y <- if (is.character(ds$target)) radix_factor(ds$target) else as.double(ds$target)
  df
}

cases <- list()
add <- function(name, dataset, call, options, fit_fn) {
  ds <- ref$datasets[[dataset]]
  df <- frame_of(ds)
  fit <- fit_fn(df, ds$folds)
  xp <- xpred.rpart(fit, xval = ds$folds)
  kept <- as.integer(names(fit$where))          # 1-based input rows rpart kept
  cols <- lapply(seq_len(ncol(xp)), function(j) unname(xp[, j]))
  cases[[name]] <<- list(
    dataset = dataset, call = call, version = version, options = options,
    cp = unname(fit$cptable[, "CP"]), keptRows = kept, xpred = cols,
    levels = if (fit$method == "class") attr(fit, "ylevels") else NULL
  )
}

add("mtcars_deep", "mtcars", "xpred.rpart(rpart(mpg ~ ., data = mtcars, xval = folds, cp = 0.001, minsplit = 5), xval = folds)",
    list(cp = 0.001, minSplit = 5),
    function(df, folds) rpart(y ~ ., data = df, xval = folds, cp = 0.001, minsplit = 5))
add("kyphosis_deep", "kyphosis", "xpred.rpart(rpart(Kyphosis ~ Age + Number + Start, data = kyphosis, xval = folds, cp = 0, minsplit = 5), xval = folds)",
    list(cp = 0, minSplit = 5),
    function(df, folds) rpart(y ~ ., data = df, xval = folds, cp = 0, minsplit = 5))
add("surveyReg_deep", "surveyReg", "xpred.rpart(rpart(handle ~ ., data = survey, xval = folds, cp = 0.002, minsplit = 10), xval = folds)",
    list(cp = 0.002, minSplit = 10),
    function(df, folds) rpart(y ~ ., data = df, xval = folds, cp = 0.002, minsplit = 10))
# rows missing a split variable with no surrogate stop where they are (rundown's "oops" path)
add("surveyReg_usesurrogate0", "surveyReg", "xpred.rpart(rpart(handle ~ ., data = survey, xval = folds, cp = 0.002, minsplit = 10, usesurrogate = 0), xval = folds)",
    list(cp = 0.002, minSplit = 10, useSurrogate = 0),
    function(df, folds) rpart(y ~ ., data = df, xval = folds, cp = 0.002, minsplit = 10, usesurrogate = 0))
add("survey2_deep", "survey2", "xpred.rpart(rpart(sat ~ ., data = survey, xval = folds, cp = 0.002, minsplit = 10), xval = folds)",
    list(cp = 0.002, minSplit = 10),
    function(df, folds) rpart(y ~ ., data = df, xval = folds, cp = 0.002, minsplit = 10))

# servq analyze tree's cross-validated metrics (src/analyze/analyses/tree.ts, treeCrossValidatedRows) on a 0/1
# target grown as an anova tree: the one-standard-error row of the cp table, its xpred column as the held-out
# score, the training folds' mean as the baseline. AUC = Mann-Whitney W / (n1 n0) (wilcox.test, ties 1/2),
# accuracy at 0.5, R2 = 1 - SSE / SSE(baseline).
tree_metrics <- list()
{
  ds <- ref$datasets[["survey2"]]
  df <- frame_of(ds)
  df$y <- ifelse(is.na(df$y), NA, ifelse(df$y == "dissatisfied", 1, 0))
  fit <- rpart(y ~ ., data = df, method = "anova", xval = ds$folds, cp = 0.002, minsplit = 30, minbucket = 10, maxdepth = 4)
  cpt <- fit$cptable
  best <- which.min(cpt[, "xerror"])
  chosen <- which(cpt[, "xerror"] <= cpt[best, "xerror"] + cpt[best, "xstd"])[1]
  xp <- xpred.rpart(fit, xval = ds$folds)
  kept <- as.integer(names(fit$where))
  y <- df$y[kept]
  folds <- ds$folds[kept]
  score <- unname(xp[, chosen])
  baseline <- vapply(seq_along(kept), function(i) mean(y[folds != folds[i]]), 0)
  pos <- score[y == 1]; neg <- score[y == 0]
  w <- unname(wilcox.test(pos, neg, exact = FALSE)$statistic)
  tree_metrics <- list(
    call = "rpart(sat01 ~ ., data = survey, method = 'anova', xval = folds, cp = 0.002, minsplit = 30, minbucket = 10, maxdepth = 4); one-SE row; xpred.rpart column",
    dataset = "survey2", chosenRow = chosen, n = length(kept),
    auc = w / (length(pos) * length(neg)),
    accuracy = mean(ifelse(score > 0.5, 1, 0) == y),
    baselineAccuracy = max(mean(y), 1 - mean(y)),
    r2 = 1 - sum((y - score)^2) / sum((y - baseline)^2),
    rmse = sqrt(mean((y - score)^2)), baselineRmse = sqrt(mean((y - baseline)^2))
  )
}

writeLines(toJSON(list(version = version, cases = cases, treeMetrics = tree_metrics), auto_unbox = TRUE, digits = NA, null = "null"),
           "test/reference/cart-xpred.json")
