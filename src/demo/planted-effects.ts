/**
 * The effects deliberately planted in the demo data, with the exact parameters the simulation uses (the model
 * reads them from here, so the documentation cannot drift from the data). Later analyses are tested by
 * recovering them from the ingested demo: a key-driver analysis must find wait and first-contact resolution,
 * a staff scorecard must flag team T4, a cluster/Pareto view must find the billing cluster, a forecast must
 * see the weekly and yearly seasonality and the trend, and the service-level scorecard must rank the channels.
 *
 * All times are wall-clock times in Asia/Shanghai (UTC+8, no daylight saving).
 */

/** The demo service center's time zone (fixed UTC+8). */
export const DEMO_TIME_ZONE = 'Asia/Shanghai';

/**
 * The planted effects. Satisfaction is drawn as a latent score `z = base + Σ effects + N(0, noiseSd)`, then
 * `overall = clamp(round(z), 1, 5)`; the other survey items are noisy functions of `z` (see `survey-model.ts`).
 *
 * @example PLANTED_EFFECTS.teamComplaintRate.team // => 'T4'
 */
export const PLANTED_EFFECTS = {
  /** 1. Longer queue wait lowers overall satisfaction. */
  waitLowersSatisfaction: {
    description:
      'Each minute of queue wait lowers the latent overall-satisfaction score by 0.25 points (1–5 scale), ' +
      'wait capped at 10 minutes, on the real-time channels (phone, chat, social, app). Email and on-site waits ' +
      '(hours) carry no wait penalty. Expect mean overall ≥ 0.5 points lower for waits > 3 min than for < 30 s.',
    overallPerWaitMinute: -0.25,
    waitCapMinutes: 10,
    channels: ['phone', 'chat', 'social', 'app'],
    baseOverall: 4.25,
    noiseSd: 0.8,
  },
  /** 2. Team T4 has about double the complaint rate per answered contact. */
  teamComplaintRate: {
    description:
      'An answered contact becomes a complaint with probability 0.023 × the team multiplier; T4 has multiplier 2 ' +
      '(all others 1). The multiplier follows the team, not the agent: an agent who moves into T4 doubles. The ' +
      'billing cluster (effect 3) adds complaints independent of team, so over the whole period T4 ÷ others ≈ 1.9; ' +
      'outside the cluster window and region ≈ 2.0.',
    team: 'T4',
    baseComplaintProbability: 0.023,
    complaintRateMultiplier: 2,
  },
  /** 3. A six-week billing complaint cluster in one region. */
  billingComplaintCluster: {
    description:
      'From 2025-09-01 to 2025-10-12 (inclusive) customers in 华南 contact 35 % more (extra contacts to the ' +
      '账务查询 queue) and each of their answered contacts adds a 12 % chance of a product/billing complaint ' +
      '(category product, root cause product_quality, description mentioning 计费/账单/扣费). Outside the ' +
      'cluster about a third of product complaints are billing-worded.',
    region: '华南',
    fromDate: '2025-09-01',
    toDate: '2025-10-12',
    extraContactShare: 0.35,
    extraComplaintProbability: 0.12,
    queue: '账务查询',
    category: 'product',
    rootCause: 'product_quality',
    keywords: ['计费', '账单', '扣费'],
  },
  /** 4. Weekly and yearly seasonality plus an upward trend in contact volume. */
  seasonality: {
    description:
      'Expected new contacts per day = base × weekday factor × (1 + Chinese-New-Year bump + summer bump) × ' +
      '1.15^(years since the period start). Weekday factors Mon…Sun below (normalised to a weekly mean of 1). ' +
      'The CNY bump peaks 3 days ' +
      'before the festival (Gaussian, sd 9 days, +35 %); the summer bump peaks on 25 July (sd 28 days, +20 %). ' +
      'Busy days also have longer waits (wait × load²).',
    weekdayFactors: { mon: 1.3, tue: 1.12, wed: 1.06, thu: 1.02, fri: 1.0, sat: 0.8, sun: 0.7 },
    chineseNewYearBump: { peakOffsetDays: -3, sdDays: 9, height: 0.35 },
    summerBump: { peakMonthDay: '07-25', sdDays: 28, height: 0.2 },
    trendPerYear: 0.15,
  },
  /** 5. Channel speed: chat is answered faster than phone, email slowest (hours). */
  channelSpeed: {
    description:
      'Queue wait is lognormal per channel with these medians (seconds) and log-sds, times the day load²; the ' +
      'customer abandons when an exponential patience (means below) runs out first, so abandonment rises with ' +
      'wait. Email and on-site contacts never abandon.',
    medianWaitSeconds: { chat: 12, phone: 35, app: 45, social: 300, email: 3 * 3600, onsite: 20 * 3600 },
    waitSigmaLog: { chat: 0.9, phone: 1.0, app: 0.9, social: 0.8, email: 0.7, onsite: 0.6 },
    meanPatienceSeconds: { chat: 600, phone: 900, app: 1200, social: 7200 },
  },
  /** 6. First-contact resolution raises satisfaction. */
  fcrRaisesSatisfaction: {
    description:
      'A contact resolved at first contact adds 0.6 points to the latent overall score (and lifts the solved, ' +
      'expertise and CES items). Transfers lower resolution (0.50 vs 0.76) and cost 0.3 points themselves.',
    overallIfResolved: 0.6,
    overallIfTransferred: -0.3,
    resolvedProbability: 0.76,
    resolvedProbabilityIfTransferred: 0.5,
  },
} as const;

/** Names of the planted effects, for tests that iterate over them. */
export type PlantedEffectName = keyof typeof PLANTED_EFFECTS;
