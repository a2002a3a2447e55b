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

writeLines(toJSON(list(version = version, cases = cases), auto_unbox = TRUE, digits = NA, null = "null"),
           "test/reference/cart-xpred.json")
