/**
 * Survey answers for answered contacts and resolved complaints: the latent-satisfaction model carrying
 * planted effects 1 (wait lowers satisfaction) and 6 (first-contact resolution raises it).
 *
 * Method: a latent score z = 4.25 + 0.6·resolved − 0.3·transferred − 0.25·min(wait minutes, 10) (real-time
 * channels) − 0.5·major + agent skill + N(0, 0.8); overall = clamp(round(z), 1, 5). The items are noisy
 * functions of z (speed leans on wait, solved and expertise on resolution), NPS ≈ 2.3·(z − 1) on 0–10, CES
 * (1–7, 7 = very easy) ≈ 1.4·z − 0.2, lower when transferred or unresolved.
 */
import { DAY_MS } from './local-time.js';
import { PLANTED_EFFECTS } from './planted-effects.js';
import type { SeededRandom } from './random.js';
import type { DemoComplaint, DemoContact, DemoSurvey, DemoSurveyMethod } from './records.js';
import { surveyComment } from './text.js';
import { CHANNEL_HANDLING, SURVEY_PROBABILITY } from './world.js';

const WAIT = PLANTED_EFFECTS.waitLowersSatisfaction;
const FCR = PLANTED_EFFECTS.fcrRaisesSatisfaction;
/** Share of the non-overall items a respondent skips. */
const ITEM_SKIP = 0.04;

function clampRound(x: number, min: number, max: number): number {
  const r = Math.round(x);
  return r < min ? min : r > max ? max : r;
}

function item(rng: SeededRandom, z: number, shift: number, sd: number): number {
  return rng.bernoulli(ITEM_SKIP) ? Number.NaN : clampRound(z + shift + rng.normal(0, sd), 1, 5);
}

/**
 * The wait penalty of planted effect 1, in points of the latent score (≤ 0).
 * @param channel contact channel @param waitSeconds queue wait in seconds
 * @example waitPenalty('phone', 240) // => -1
 */
export function waitPenalty(channel: string, waitSeconds: number): number {
  if (!(WAIT.channels as readonly string[]).includes(channel)) return 0;
  return WAIT.overallPerWaitMinute * Math.min(waitSeconds / 60, WAIT.waitCapMinutes);
}

function answerTime(rng: SeededRandom, method: DemoSurveyMethod, endedMs: number): number {
  if (method === 'phone') {
    // Phone interviews are made 1–3 days later in office hours.
    const day = endedMs - (endedMs % DAY_MS) + (1 + rng.int(3)) * DAY_MS;
    return day + Math.round((10 + rng.next() * 8) * 3600) * 1000;
  }
  if (method === 'onsite') return endedMs + Math.round(rng.uniform(60, 600)) * 1000;
  return endedMs + Math.round(rng.lognormal(1200, 1.2)) * 1000;
}

/**
 * Maybe a survey of an answered contact (probability `SURVEY_PROBABILITY`), or null; also null when the answer
 * would come after the export moment.
 * @param rng the model stream @param c the contact @param seq running survey number if one is made
 * @param exportMs export moment, local ms
 * @example makeSurvey(rng, contact, 1, exportMs) // => DemoSurvey or null
 */
export function makeSurvey(rng: SeededRandom, c: DemoContact, seq: number, exportMs: number): DemoSurvey | null {
  if (!c.answered || !rng.bernoulli(SURVEY_PROBABILITY)) return null;
  let method: DemoSurveyMethod;
  if (c.channel === 'onsite') method = rng.bernoulli(CHANNEL_HANDLING.onsite.phoneInterviewShare) ? 'phone' : 'onsite';
  else method = rng.bernoulli(CHANNEL_HANDLING[c.channel].phoneInterviewShare) ? 'phone' : 'online';
  const answeredMs = answerTime(rng, method, c.endedMs);
  const skill = c.agent === null ? 0 : c.agent.skill;
  const z =
    WAIT.baseOverall +
    (c.resolved ? FCR.overallIfResolved : 0) +
    (c.transferred ? FCR.overallIfTransferred : 0) +
    waitPenalty(c.channel, c.waitSeconds) +
    (c.major ? -0.5 : 0) +
    skill +
    rng.normal(0, WAIT.noiseSd);
  const overall = clampRound(z, 1, 5);
  const speedShift = 0.3 + 0.6 * waitPenalty(c.channel, c.waitSeconds);
  const survey: DemoSurvey = {
    seq,
    answeredMs,
    method,
    channel: c.channel,
    contactId: c.id,
    complaintId: '',
    overall,
    attitude: item(rng, z, 0.15, 0.6),
    expertise: item(rng, z, c.resolved ? 0.3 : -0.3, 0.6),
    communication: item(rng, z, 0, 0.6),
    speed: item(rng, z, speedShift, 0.6),
    solved: rng.bernoulli(ITEM_SKIP) ? Number.NaN : c.resolved ? clampRound(4.5 + rng.normal(0, 0.5), 1, 5) : clampRound(2.2 + rng.normal(0, 0.9), 1, 5),
    transparency: Number.NaN,
    nps: clampRound(2.3 * (z - 1) + rng.normal(0, 1.2), 0, 10),
    ces: clampRound(1.4 * z - 0.2 - (c.transferred ? 1 : 0) - (c.resolved ? 0 : 0.8) + rng.normal(0, 0.8), 1, 7),
    comment: rng.bernoulli(0.2) ? surveyComment(rng, overall, c.customer.phone, c.customer.email) : '',
    agent: c.agent,
    team: c.team,
    region: c.region,
    customer: c.customer,
    waitSeconds: c.waitSeconds,
  };
  return answeredMs > exportMs ? null : survey;
}

/**
 * A survey about a resolved complaint (asked at the follow-up call, with the progress-transparency item).
 * @param rng the model stream @param complaint the complaint (resolved, with a follow-up time)
 * @param seq running survey number @param resolutionDays days from receipt to resolution
 * @example makeComplaintSurvey(rng, complaint, 12, 1.5).transparency // => 1…5
 */
export function makeComplaintSurvey(rng: SeededRandom, complaint: DemoComplaint, seq: number, resolutionDays: number): DemoSurvey {
  const z =
    3.5 -
    (complaint.reopened ? 0.6 : 0) -
    (complaint.escalated ? 0.3 : 0) -
    0.15 * Math.min(resolutionDays, 5) +
    (complaint.agent === null ? 0 : complaint.agent.skill) +
    rng.normal(0, 0.9);
  const overall = clampRound(z, 1, 5);
  return {
    seq,
    answeredMs: complaint.followupMs + Math.round(rng.uniform(60, 900)) * 1000,
    method: rng.bernoulli(0.7) ? 'phone' : 'online',
    channel: complaint.channel,
    contactId: '',
    complaintId: complaint.id,
    overall,
    attitude: item(rng, z, 0.2, 0.6),
    expertise: item(rng, z, 0, 0.6),
    communication: item(rng, z, 0, 0.6),
    speed: item(rng, z, -0.15 * Math.min(resolutionDays, 5), 0.6),
    solved: item(rng, z, complaint.reopened ? -1 : 0.3, 0.7),
    transparency: item(rng, z, -0.3, 0.7),
    nps: clampRound(2.3 * (z - 1) + rng.normal(0, 1.2), 0, 10),
    ces: clampRound(1.4 * z - 0.8 + rng.normal(0, 0.8), 1, 7),
    comment: rng.bernoulli(0.3) ? surveyComment(rng, overall, complaint.customer.phone, complaint.customer.email) : '',
    agent: complaint.agent,
    team: complaint.team,
    region: complaint.region,
    customer: complaint.customer,
    waitSeconds: Number.NaN,
  };
}
