/**
 * Empirical Bayes shrinkage for staff scorecards: per-agent rates and means pulled toward the team's by as much
 * as each agent's few observations warrant, so that an agent with 3 surveys is not ranked first or last by
 * chance. Call once per team (the team's agents are the groups); show raw and shrunk side by side.
 *
 * Stages / files:
 *   1. polygamma-differences.ts — ψ(a + m) − ψ(a), ψ′(a) − ψ′(a + m) over integer steps, without cancellation
 *   2. beta-binomial-fit.ts     — Beta(α, β) prior by marginal ML (Newton on logit mean, log precision)
 *   3. shrink-proportions.ts    — shrinkProportions: posterior means and equal-tailed intervals (qbeta)
 *   4. one-way-reml.ts          — τ², σ², grand mean of the random-intercept model by REML (lme4's criterion)
 *   5. shrink-means.ts          — shrinkMeans: BLUPs, shrinkage factors, prediction standard errors
 */
export {
  shrinkProportions,
  SHRINK_PROPORTIONS_WARNINGS,
  type ProportionGroup,
  type ShrinkProportionsOptions,
  type ShrinkProportionsResult,
  type ShrunkProportion,
} from './shrink-proportions.js';
export {
  shrinkMeans,
  SHRINK_MEANS_WARNINGS,
  type MeanGroup,
  type ShrinkMeansResult,
  type ShrunkMean,
} from './shrink-means.js';
