# Reference values for kmeans, silhouette, standardize and chooseK (test/analysis/{kmeans,silhouette,
# standardize,choose-k}.test.ts). Run from the repository root:
#   Rscript test/reference/kmeans.R        (writes test/reference/kmeans.json)
# then /usr/bin/python3 test/reference/kmeans.py (scikit-learn cross-checks; reads the data written here).
# Every expected value sits beside the exact R call that produced it; numbers are printed with 17 significant
# digits. Needs R >= 4.2 with the recommended package 'cluster'.
suppressPackageStartupMessages(library(cluster))

version <- paste0("R ", R.version$major, ".", R.version$minor, ", cluster ", as.character(packageVersion("cluster")))

# ---- a minimal JSON writer (jsonlite may be missing) -------------------------------------------------------
arr <- function(x) structure(x, json_array = TRUE)
rows <- function(m) { m <- as.matrix(m); lapply(seq_len(nrow(m)), function(i) arr(unname(m[i, ]))) }
js <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (!is.null(names(x)) && all(names(x) != "")) {
      body <- vapply(names(x), function(n) paste0(js_str(n), ":", js(x[[n]])), "")
      return(paste0("{", paste(body, collapse = ","), "}"))
    }
    return(paste0("[", paste(vapply(x, js, ""), collapse = ","), "]"))
  }
  if (is.character(x)) {
    v <- vapply(x, js_str, "")
  } else if (is.logical(x)) {
    v <- ifelse(is.na(x), "null", ifelse(x, "true", "false"))
  } else {
    v <- ifelse(is.na(x), "null", sprintf("%.17g", as.numeric(x)))
  }
  if (length(x) == 1 && is.null(attr(x, "json_array"))) return(v[[1]])
  paste0("[", paste(v, collapse = ","), "]")
}
js_str <- function(s) paste0('"', gsub('"', '\\\\"', gsub("\\\\", "\\\\\\\\", s)), '"')

# ---- data -----------------------------------------------------------------------------------------------------
iris4 <- as.matrix(iris[, 1:4]); dimnames(iris4) <- NULL
iris_scaled <- scale(iris4)

# Well-separated synthetic blobs: 4 clusters in 3-D, sizes 60/50/70/40, sd 0.6, centres far apart.
set.seed(20240601)
blob_centres <- rbind(c(0, 0, 0), c(8, 0, 2), c(0, 9, -3), c(7, 8, 6))
blob_sizes <- c(60, 50, 70, 40)
blobs <- do.call(rbind, lapply(1:4, function(g) sweep(matrix(rnorm(blob_sizes[g] * 3, sd = 0.6), ncol = 3), 2, blob_centres[g, ], "+")))
blobs <- blobs[sample(nrow(blobs)), ]

# Unstructured data (uniform noise) where many local optima exist: exercises every branch of AS 136.
set.seed(7)
noise <- matrix(runif(2000 * 5), ncol = 5)

out <- list(version = version)
out$data <- list(iris = rows(iris4), blobs = rows(blobs), noise = rows(noise))

fit_record <- function(call, fit, extra = list()) {
  c(list(call = call, version = version,
         tot.withinss = fit$tot.withinss, withinss = arr(fit$withinss), size = arr(fit$size),
         totss = fit$totss, betweenss = fit$betweenss, iter = fit$iter, ifault = if (is.null(fit$ifault)) NA else fit$ifault,
         cluster = arr(unname(fit$cluster)), centers = rows(fit$centers)), extra)
}

# ---- best of nstart = 50 (R's default algorithm Hartigan-Wong, iter.max = 10) ---------------------------------
best <- list()
for (k in 2:8) {
  set.seed(1); fit <- kmeans(iris4, centers = k, nstart = 50)
  best[[length(best) + 1]] <- fit_record(sprintf('set.seed(1); kmeans(as.matrix(iris[, 1:4]), centers = %d, nstart = 50)', k), fit, list(data = "iris", k = k, standardized = FALSE))
}
for (k in 2:6) {
  set.seed(1); fit <- kmeans(iris_scaled, centers = k, nstart = 50)
  best[[length(best) + 1]] <- fit_record(sprintf('set.seed(1); kmeans(scale(as.matrix(iris[, 1:4])), centers = %d, nstart = 50)', k), fit, list(data = "iris", k = k, standardized = TRUE))
}
for (k in 2:6) {
  set.seed(1); fit <- kmeans(blobs, centers = k, nstart = 50)
  best[[length(best) + 1]] <- fit_record(sprintf('set.seed(1); kmeans(blobs, centers = %d, nstart = 50)', k), fit, list(data = "blobs", k = k, standardized = FALSE))
}
set.seed(1); fit <- kmeans(noise, centers = 6, nstart = 50, iter.max = 50)
best[[length(best) + 1]] <- fit_record('set.seed(1); kmeans(noise, centers = 6, nstart = 50, iter.max = 50)', fit, list(data = "noise", k = 6, standardized = FALSE))
out$bestOfStarts <- best

# ---- from given starting centres: the algorithms themselves, exactly ------------------------------------------
fixed <- list()
add_fixed <- function(name, x, idx, algorithm, iter.max) {
  call <- sprintf('kmeans(%s, centers = %s[c(%s), ], iter.max = %d, algorithm = "%s")', name, name, paste(idx, collapse = ", "), iter.max, algorithm)
  fit <- tryCatch(withCallingHandlers(kmeans(x, centers = x[idx, , drop = FALSE], iter.max = iter.max, algorithm = algorithm),
                                      warning = function(w) invokeRestart("muffleWarning")), error = function(e) NULL)
  if (is.null(fit)) return(invisible())
  fixed[[length(fixed) + 1]] <<- fit_record(call, fit, list(data = name, start = arr(idx), algorithm = algorithm, iter.max = iter.max))
}
set.seed(42)
for (k in c(2, 3, 4, 5, 7)) {
  for (rep in 1:3) {
    idx <- sample(150, k)
    add_fixed("iris", iris4, idx, "Hartigan-Wong", 100)
    add_fixed("iris", iris4, idx, "Lloyd", 100)
  }
}
add_fixed("iris", iris4, c(1, 51, 101), "Hartigan-Wong", 10)
add_fixed("iris", iris4, c(1, 2, 3), "Hartigan-Wong", 1)
for (k in c(3, 6, 9)) {
  idx <- sample(2000, k)
  add_fixed("noise", noise, idx, "Hartigan-Wong", 100)
  add_fixed("noise", noise, idx, "Lloyd", 100)
}
add_fixed("noise", noise, sample(2000, 8), "Hartigan-Wong", 2)
out$fromStarts <- fixed

# ---- silhouette ------------------------------------------------------------------------------------------------
sil_record <- function(call, x, cl) {
  s <- silhouette(cl, dist(x))
  sm <- summary(s)
  list(call = call, version = version, clusters = arr(as.integer(cl)),
       avg.width = sm$avg.width, clus.avg.widths = arr(unname(sm$clus.avg.widths)),
       clus.sizes = arr(unname(as.integer(sm$clus.sizes))), sil_width = arr(unname(s[, "sil_width"])))
}
sils <- list()
set.seed(1); cl <- kmeans(iris4, 3, nstart = 50)$cluster
sils[[1]] <- c(sil_record('summary(silhouette(cl, dist(iris4))) with set.seed(1); cl <- kmeans(iris4, 3, nstart = 50)$cluster', iris4, cl), list(data = "iris"))
sils[[2]] <- c(sil_record('summary(silhouette(as.integer(iris$Species), dist(iris4)))', iris4, as.integer(iris$Species)), list(data = "iris"))
set.seed(1); cl <- kmeans(blobs, 4, nstart = 50)$cluster
sils[[3]] <- c(sil_record('summary(silhouette(cl, dist(blobs))) with set.seed(1); cl <- kmeans(blobs, 4, nstart = 50)$cluster', blobs, cl), list(data = "blobs"))
set.seed(1); cl <- kmeans(noise[1:300, ], 5, nstart = 20)$cluster
sils[[4]] <- c(sil_record('summary(silhouette(cl, dist(noise[1:300, ]))) with set.seed(1); cl <- kmeans(noise[1:300, ], 5, nstart = 20)$cluster', noise[1:300, ], cl), list(data = "noise300"))
# a singleton cluster (its width is 0) and ties
small <- matrix(c(0, 0, 1, 0, 0, 1, 5, 5, 5, 6, 20, 20), ncol = 2, byrow = TRUE)
sils[[5]] <- c(sil_record('summary(silhouette(c(1, 1, 1, 2, 2, 3), dist(small)))', small, c(1, 1, 1, 2, 2, 3)), list(data = "small", x = rows(small)))
# duplicates shared by two clusters: a(i) = b(i) = 0 for the duplicated points
dup <- matrix(c(0, 0, 0, 0, 3, 3.5), ncol = 1)
sils[[6]] <- c(sil_record('summary(silhouette(c(1, 1, 2, 2, 3, 3), dist(dup)))', dup, c(1, 1, 2, 2, 3, 3)), list(data = "dup", x = rows(dup)))
line <- matrix(c(1, 2, 3, 4, 10, 11, 12, 30), ncol = 1)
sils[[7]] <- c(sil_record('summary(silhouette(c(1, 1, 1, 1, 2, 2, 2, 3), dist(line)))', line, c(1, 1, 1, 1, 2, 2, 2, 3)), list(data = "line", x = rows(line)))
out$silhouette <- sils

# ---- standardize = scale() ---------------------------------------------------------------------------------
sc_record <- function(call, x, s) {
  list(call = call, version = version, x = rows(x), result = rows(s),
       center = if (is.null(attr(s, "scaled:center"))) NULL else arr(unname(attr(s, "scaled:center"))),
       scale = if (is.null(attr(s, "scaled:scale"))) NULL else arr(unname(attr(s, "scaled:scale"))))
}
scs <- list()
scs[[1]] <- sc_record('scale(as.matrix(iris[, 1:4]))', iris4, scale(iris4))
m <- matrix(c(1, 10, 100, 2, NA, 300, 4, 30, 200, 7, 50, NA, 11, 20, 500), ncol = 3, byrow = TRUE)
scs[[2]] <- sc_record('scale(m) with NA', m, scale(m))
scs[[3]] <- sc_record('scale(m, center = FALSE)', m, scale(m, center = FALSE))
scs[[4]] <- sc_record('scale(m, center = TRUE, scale = FALSE)', m, scale(m, center = TRUE, scale = FALSE))
scs[[5]] <- sc_record('scale(m, center = c(1, 2, 3), scale = c(2, 4, 8))', m, scale(m, center = c(1, 2, 3), scale = c(2, 4, 8)))
scs[[6]] <- sc_record('scale(m, center = c(1, 2, 3), scale = TRUE)', m, scale(m, center = c(1, 2, 3), scale = TRUE))
big <- matrix(c(1e9 + 1, 1e9 + 2, 1e9 + 4, 1e9 + 8, 3e-9, 1e-9, 4e-9, 2e-9), ncol = 2)
scs[[7]] <- sc_record('scale(big): offset 1e9 and magnitude 1e-9', big, scale(big))
cst <- matrix(c(1, 5, 2, 5, 3, 5), ncol = 2, byrow = TRUE)
scs[[8]] <- sc_record('scale(cst): second column constant (R gives NaN; servq scale 1)', cst, scale(cst))
out$scale <- scs

# ---- chooseK: elbow and mean silhouette per k (best of nstart = 50) -------------------------------------------
curves <- list()
for (name in c("iris", "blobs", "iris_scaled")) {
  x <- switch(name, iris = iris4, blobs = blobs, iris_scaled = iris_scaled)
  pts <- list()
  for (k in 2:6) {
    set.seed(1); fit <- kmeans(x, centers = k, nstart = 50)
    pts[[length(pts) + 1]] <- list(k = k, tot.withinss = fit$tot.withinss, avg.width = summary(silhouette(fit$cluster, dist(x)))$avg.width)
  }
  x_name <- switch(name, iris = "as.matrix(iris[, 1:4])", blobs = "blobs", iris_scaled = "scale(as.matrix(iris[, 1:4]))")
  curves[[length(curves) + 1]] <- list(
    call = sprintf("for k in 2:6: set.seed(1); fit <- kmeans(%s, centers = k, nstart = 50); summary(silhouette(fit$cluster, dist(%s)))$avg.width", x_name, x_name),
    version = version, data = if (name == "iris_scaled") "iris" else name, standardized = name == "iris_scaled", points = pts)
}
out$chooseK <- curves

writeLines(js(out), "test/reference/kmeans.json")
cat("wrote test/reference/kmeans.json\n")
