# Reference values for test/analysis/decompose.test.ts, from R's stats::decompose.
# Run from the repository root: Rscript test/reference/decompose.R  (writes test/reference/decompose.json)
# (R stops on internal NAs: na.omit.ts "time series contains internal NAs"; only leading/trailing NAs are
# referenced.) Every case keeps the exact R call beside its values; NA is written as null.
version <- R.version.string
num <- function(v) {
  v <- as.numeric(v)
  paste0("[", paste(ifelse(is.na(v), "null", sprintf("%.17g", v)), collapse = ","), "]")
}
q <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')

weekly <- ts(round(50 + 0.3 * (1:70) + 8 * sin(2 * pi * (1:70) / 7) + 3 * cos(1:70), 4), frequency = 7)
gappy <- AirPassengers
gappy[c(1, 2, 144)] <- NA

cases <- list(
  list(name = "co2 additive", call = "decompose(co2)", series = "co2", options = '{"period":12}'),
  list(name = "co2 multiplicative", call = "decompose(co2, type = \"multiplicative\")", series = "co2",
       options = '{"period":12,"type":"multiplicative"}'),
  list(name = "AirPassengers additive", call = "decompose(AirPassengers)", series = "AirPassengers",
       options = '{"period":12}'),
  list(name = "AirPassengers multiplicative", call = "decompose(AirPassengers, type = \"multiplicative\")",
       series = "AirPassengers", options = '{"period":12,"type":"multiplicative"}'),
  list(name = "UKgas additive (period 4)", call = "decompose(UKgas)", series = "UKgas", options = '{"period":4}'),
  list(name = "odd period 7", call = "decompose(weekly)", series = "weekly", options = '{"period":7}'),
  list(name = "odd period 7 multiplicative", call = "decompose(weekly, type = \"multiplicative\")",
       series = "weekly", options = '{"period":7,"type":"multiplicative"}'),
  list(name = "custom symmetric filter", call = "decompose(co2, filter = c(0.1, 0.2, 0.4, 0.2, 0.1))",
       series = "co2", options = '{"period":12,"filter":[0.1,0.2,0.4,0.2,0.1]}'),
  list(name = "custom even-length filter", call = "decompose(UKgas, filter = rep(1/4, 4))", series = "UKgas",
       options = '{"period":4,"filter":[0.25,0.25,0.25,0.25]}'),
  list(name = "missing values at the ends", call = "decompose(gappy, type = \"multiplicative\")", series = "gappy",
       options = '{"period":12,"type":"multiplicative"}'),
  list(name = "exactly two periods", call = "decompose(ts(c(3, 1, 4, 1, 5, 9, 2, 6), frequency = 4))",
       series = "ts(c(3, 1, 4, 1, 5, 9, 2, 6), frequency = 4)", options = '{"period":4}')
)

out <- character(0)
for (cs in cases) {
  d <- eval(parse(text = cs$call))
  x <- eval(parse(text = cs$series))
  out <- c(out, paste0(
    '{"name":', q(cs$name), ',"call":', q(cs$call), ',"version":', q(version),
    ',"series":', q(cs$series), ',"x":', num(x), ',"options":', cs$options,
    ',"trend":', num(d$trend), ',"seasonal":', num(d$seasonal), ',"random":', num(d$random),
    ',"figure":', num(d$figure), '}'))
}
fixture <- paste0('{"generator":"test/reference/decompose.R","definitions":',
  q("weekly <- ts(round(50 + 0.3 * (1:70) + 8 * sin(2 * pi * (1:70) / 7) + 3 * cos(1:70), 4), frequency = 7); gappy <- AirPassengers; gappy[c(1, 2, 144)] <- NA"),
  ',"cases":[\n', paste(out, collapse = ",\n"), "\n]}\n")
writeLines(fixture, "test/reference/decompose.json", sep = "")
