# Reference values for src/analysis/net-promoter.ts, computed from scored answers (+1 promoter, 0 passive,
# −1 detractor) — a different path from the counts formula the code uses. Run: Rscript net-promoter.R
library(jsonlite)
cases <- list(c(50, 30, 20), c(40, 30, 30), c(7, 2, 1), c(0, 0, 12), c(312, 401, 287), c(3, 0, 0))
score <- function(p, pa, d) c(rep(1, p), rep(0, pa), rep(-1, d))
one <- lapply(cases, function(k) {
  s <- score(k[1], k[2], k[3]); n <- length(s)
  se <- 100 * sqrt(mean((s - mean(s))^2) / n)  # population variance of the score / n (Wald)
  list(promoters = k[1], passives = k[2], detractors = k[3], n = n, estimate = 100 * mean(s), se = se,
       lower = max(-100, 100 * mean(s) - qnorm(0.975) * se), upper = min(100, 100 * mean(s) + qnorm(0.975) * se))
})
pairs <- list(c(1, 2), c(5, 2), c(3, 4))
two <- lapply(pairs, function(ij) {
  a <- one[[ij[1]]]; b <- one[[ij[2]]]
  se <- sqrt(a$se^2 + b$se^2); z <- (a$estimate - b$estimate) / se
  list(x = ij[1] - 1, y = ij[2] - 1, difference = a$estimate - b$estimate, statistic = z, p_value = 2 * pnorm(-abs(z)),
       lower = a$estimate - b$estimate - qnorm(0.975) * se, upper = a$estimate - b$estimate + qnorm(0.975) * se)
})
write(toJSON(list(call = "s <- c(rep(1,P), rep(0,Pa), rep(-1,D)); 100*mean(s); 100*sqrt(mean((s-mean(s))^2)/n); z = diff/sqrt(se1^2+se2^2), 2*pnorm(-|z|)",
                  version = R.version.string, scores = one, differences = two), auto_unbox = TRUE, digits = NA, pretty = TRUE), "net-promoter.json")
