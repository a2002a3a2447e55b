/**
 * The fixed shape of the demo service center: regions, teams, queues and channels with their operating
 * parameters (handling times, transfer rates, mix). Seed-independent; the seeded parts (agents, customers) are
 * built in `population.ts`. Channel speed parameters of planted effect 5 live in `planted-effects.ts`.
 */

/** Canonical channel codes the demo uses (a subset of the database's channel vocabulary). */
export const DEMO_CHANNELS = ['phone', 'chat', 'email', 'social', 'app', 'onsite'] as const;
/** One of `DEMO_CHANNELS`. */
export type DemoChannel = (typeof DEMO_CHANNELS)[number];

/**
 * Regions served and their share of customers.
 * @example DEMO_REGIONS[0].name // => '华东'
 */
export const DEMO_REGIONS = [
  { name: '华东', customerShare: 0.35 },
  { name: '华南', customerShare: 0.25 },
  { name: '华北', customerShare: 0.25 },
  { name: '西部', customerShare: 0.15 },
] as const;

/**
 * The six teams: code as written in every export, a Chinese name, and the number of agents at the start.
 * Contacts are routed to teams in proportion to their current size, independent of channel and region, so the
 * team effect of `PLANTED_EFFECTS.teamComplaintRate` is not confounded.
 * @example DEMO_TEAMS.length // => 6
 */
export const DEMO_TEAMS = [
  { code: 'T1', name: '一组（宽带）', agents: 7 },
  { code: 'T2', name: '二组（移动）', agents: 7 },
  { code: 'T3', name: '三组（账务）', agents: 7 },
  { code: 'T4', name: '四组（综合）', agents: 7 },
  { code: 'T5', name: '五组（线上）', agents: 6 },
  { code: 'T6', name: '六组（政企）', agents: 6 },
] as const;

/**
 * Agents who change team during the period: code, teams, and when (as a fraction of the period's days).
 * @example DEMO_TEAM_MOVES[0].toTeam // => 'T4'
 */
export const DEMO_TEAM_MOVES = [
  { agentCode: 'A0307', fromTeam: 'T3', toTeam: 'T4', atPeriodFraction: 0.4 },
  { agentCode: 'A0602', fromTeam: 'T6', toTeam: 'T2', atPeriodFraction: 0.6 },
] as const;

/**
 * Skill-group queues (same Chinese labels in every export) and their share of new contacts.
 * @example DEMO_QUEUES[0].name // => '账务查询'
 */
export const DEMO_QUEUES = [
  { name: '账务查询', share: 0.25 },
  { name: '宽带故障', share: 0.25 },
  { name: '移动业务', share: 0.2 },
  { name: '套餐办理', share: 0.2 },
  { name: '政企服务', share: 0.1 },
] as const;

/** Handling parameters of one channel (seconds unless named otherwise). */
export interface ChannelHandling {
  /** Share of new contacts arriving on this channel. */
  readonly share: number;
  readonly talkMedianSeconds: number;
  readonly talkSigmaLog: number;
  /** Share of answered contacts put on hold at least once. */
  readonly holdShare: number;
  readonly holdMedianSeconds: number;
  readonly afterWorkMedianSeconds: number;
  readonly transferProbability: number;
  /** Probability that the survey of a contact on this channel is a phone interview (else online / on-site). */
  readonly phoneInterviewShare: number;
}

/**
 * Per-channel handling: talk (for chat/e-mail/social/app: the agent's handling time), hold, after-contact work.
 * @example CHANNEL_HANDLING.phone.share // => 0.55
 */
export const CHANNEL_HANDLING: Readonly<Record<DemoChannel, ChannelHandling>> = {
  phone: { share: 0.55, talkMedianSeconds: 240, talkSigmaLog: 0.6, holdShare: 0.3, holdMedianSeconds: 45, afterWorkMedianSeconds: 40, transferProbability: 0.1, phoneInterviewShare: 0.75 },
  chat: { share: 0.18, talkMedianSeconds: 420, talkSigmaLog: 0.5, holdShare: 0, holdMedianSeconds: 0, afterWorkMedianSeconds: 30, transferProbability: 0.06, phoneInterviewShare: 0.1 },
  email: { share: 0.07, talkMedianSeconds: 300, talkSigmaLog: 0.5, holdShare: 0, holdMedianSeconds: 0, afterWorkMedianSeconds: 90, transferProbability: 0.04, phoneInterviewShare: 0.1 },
  social: { share: 0.07, talkMedianSeconds: 360, talkSigmaLog: 0.5, holdShare: 0, holdMedianSeconds: 0, afterWorkMedianSeconds: 30, transferProbability: 0.05, phoneInterviewShare: 0.1 },
  app: { share: 0.1, talkMedianSeconds: 300, talkSigmaLog: 0.5, holdShare: 0, holdMedianSeconds: 0, afterWorkMedianSeconds: 30, transferProbability: 0.05, phoneInterviewShare: 0.1 },
  onsite: { share: 0.03, talkMedianSeconds: 2700, talkSigmaLog: 0.4, holdShare: 0, holdMedianSeconds: 0, afterWorkMedianSeconds: 600, transferProbability: 0.02, phoneInterviewShare: 0.3 },
};

/** Expected new contacts per day at the start of the period, before seasonality, at scale 1. */
export const BASE_CONTACTS_PER_DAY = 112;
/** Number of customers at scale 1. */
export const BASE_CUSTOMERS = 8000;
/** Share of answered contacts that are surveyed (phone interview, online or on-site questionnaire). */
export const SURVEY_PROBABILITY = 0.11;
/** Share of resolved complaints that also get a survey (with the progress-transparency item). */
export const COMPLAINT_SURVEY_PROBABILITY = 0.3;
/** Probability that a contact not resolved first time brings the customer back within 1–7 days. */
export const REPEAT_CONTACT_PROBABILITY = 0.45;
/** Probability that an abandoned contact is retried by the customer, 5–120 minutes later. */
export const RETRY_AFTER_ABANDON_PROBABILITY = 0.5;
/** Major network faults: expected events per year, each adding a burst of major-priority contacts in one region. */
export const MAJOR_FAULTS_PER_YEAR = 4;
