# Reference values for adjustPValues (R p.adjust).
# Run: Rscript test/reference/p-adjust.R   (writes test/reference/p-adjust.json)
version <- paste0("R ", R.version$major, ".", R.version$minor)
num1 <- function(a) if (is.na(a)) "null" else sprintf("%.17g", a)
vec <- function(v) paste0("[", paste(vapply(v, num1, ""), collapse = ", "), "]")
str <- function(s) paste0('"', s, '"')

inputs <- list(
  "five increasing" = c(0.01, 0.02, 0.03, 0.04, 0.05),
  "missing values" = c(0.01, NA, 0.04, 0.03, NaN, 0.5),
  "ties" = c(0.02, 0.02, 0.01, 0.5, 0.02, 0.9, 0.9),
  "single" = c(0.3),
  "two" = c(0.04, 0.01),
  "three" = c(0.02, 0.03, 0.015),
  "zeros, ones, tiny" = c(0, 1, 0.5, 1e-300, 0.2, 5e-324),
  "all missing but one" = c(NA, 0.2, NA),
  "hommel example" = c(0.01, 0.015, 0.02, 0.04, 0.045, 0.3, 0.5, 0.6, 0.8, 0.95),
  "fifty" = (((1:50) * 7919) %% 10007 / 10007)^3,
  "two thousand" = (((1:2000) * 104729) %% 100003 / 100003)^4
)
methods <- c("BH", "BY", "holm", "hochberg", "bonferroni", "hommel", "none")
cases <- character(0)
for (name in names(inputs)) {
  p <- inputs[[name]]
  for (m in methods) {
    cases <- c(cases, paste0('{"name": ', str(name), ', "call": ', str(sprintf('p.adjust(p, method = \\"%s\\")', m)),
      ', "version": ', str(version), ', "method": ', str(m), ', "p": ', vec(p), ', "adjusted": ', vec(p.adjust(p, method = m)), '}'))
  }
}
cat("[\n", paste(cases, collapse = ",\n"), "\n]\n", file = "test/reference/p-adjust.json", sep = "")
