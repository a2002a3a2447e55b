/**
 * Complaints arising from answered contacts: planted effects 2 (team T4 doubles the complaint rate) and 3 (the
 * billing cluster), and the handling timeline (first response, resolution, closure, re-open, escalation,
 * follow-up callback, post-resolution satisfaction) judged against DOMAIN.md's standards.
 *
 * Method: P(complaint) = 0.023 × team multiplier, plus 0.12 for contacts of the cluster region inside the cluster
 * window (those complaints are billing-worded product complaints). Delays are lognormal: first response by
 * urgency (medians 8–50 min, so the 15 min / 1 h standards are mostly met), resolution by category (6–30 h,
 * 72 h in the cluster backlog), closure ≈ 20 h after resolution, callback 2–46 h after resolution for 85 %
 * (late for 10 %, never for 5 %). Anything after the export moment is unknown: the status says how far it got.
 */
import { compactDate, DAY_MS } from './local-time.js';
import { PLANTED_EFFECTS } from './planted-effects.js';
import type { SeededRandom } from './random.js';
import type { DemoCategory, DemoComplaint, DemoContact, DemoLevel, DemoRootCause, DemoStatus, DemoSurvey } from './records.js';
import { makeComplaintSurvey } from './survey-model.js';
import { complaintDescription, type ComplaintTextKind } from './text.js';
import { COMPLAINT_SURVEY_PROBABILITY } from './world.js';

const TEAM = PLANTED_EFFECTS.teamComplaintRate;
const CLUSTER = PLANTED_EFFECTS.billingComplaintCluster;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

function pickCategory(rng: SeededRandom): DemoCategory {
  const u = rng.next();
  return u < 0.35 ? 'service' : u < 0.65 ? 'product' : u < 0.95 ? 'technical' : 'other';
}

function pickRootCause(rng: SeededRandom, category: DemoCategory): DemoRootCause {
  const u = rng.next();
  switch (category) {
    case 'service':
      return u < 0.5 ? 'staff_attitude' : u < 0.9 ? 'process' : 'other';
    case 'product':
      return u < 0.7 ? 'product_quality' : u < 0.9 ? 'process' : 'other';
    case 'technical':
      return u < 0.7 ? 'technical_support' : u < 0.9 ? 'product_quality' : 'other';
    default:
      return u < 0.5 ? 'process' : 'other';
  }
}

function pickUrgency(rng: SeededRandom, major: boolean): DemoLevel {
  const u = rng.next();
  if (major) return u < 0.6 ? 'critical' : 'high';
  return u < 0.02 ? 'critical' : u < 0.22 ? 'high' : u < 0.77 ? 'medium' : 'low';
}

function pickImpact(rng: SeededRandom, major: boolean, cluster: boolean): DemoLevel {
  const u = rng.next();
  if (major) return u < 0.5 ? 'critical' : 'high';
  if (cluster) return u < 0.7 ? 'medium' : 'high';
  return u < 0.6 ? 'low' : u < 0.95 ? 'medium' : 'high';
}

function firstResponseMedianMinutes(urgency: DemoLevel): number {
  return urgency === 'critical' ? 8 : urgency === 'high' ? 25 : urgency === 'medium' ? 40 : 50;
}

function resolutionMedianHours(category: DemoCategory, cluster: boolean): number {
  if (cluster) return 72;
  return category === 'service' ? 6 : category === 'product' ? 30 : category === 'technical' ? 20 : 12;
}

/** A complaint and, sometimes, a survey about its handling. */
export interface ComplaintOutcome {
  readonly complaint: DemoComplaint;
  readonly survey: DemoSurvey | null;
}

/**
 * Maybe a complaint arising from contact `c`, or null (also when it would be received after the export).
 * @param rng the model stream @param c an answered contact
 * @param inCluster the contact is in the billing cluster's region and window
 * @param seq running complaint number @param surveySeq running survey number for a follow-up survey
 * @param exportMs export moment, local ms
 * @example makeComplaint(rng, contact, false, 1, 1, exportMs) // => ComplaintOutcome or null
 */
export function makeComplaint(
  rng: SeededRandom,
  c: DemoContact,
  inCluster: boolean,
  seq: number,
  surveySeq: number,
  exportMs: number,
): ComplaintOutcome | null {
  if (!c.answered) return null;
  const pTeam = TEAM.baseComplaintProbability * (c.team === TEAM.team ? TEAM.complaintRateMultiplier : 1);
  const u = rng.next();
  let cluster = false;
  if (u >= pTeam) {
    if (!inCluster || u >= pTeam + CLUSTER.extraComplaintProbability) return null;
    cluster = true;
  }
  const category: DemoCategory = cluster ? 'product' : pickCategory(rng);
  const rootCause: DemoRootCause = cluster ? 'product_quality' : pickRootCause(rng, category);
  let textKind: ComplaintTextKind = category;
  if (cluster || (category === 'product' && rng.bernoulli(1 / 3))) textKind = 'billing';
  const receivedMs = c.endedMs + Math.round(rng.uniform(1, 30) * 60) * 1000;
  const urgency = pickUrgency(rng, c.major);
  const impact = pickImpact(rng, c.major, cluster);
  const firstResponseMs = receivedMs + Math.round(rng.lognormal(firstResponseMedianMinutes(urgency), 0.8) * MINUTE_MS / 1000) * 1000;
  let resolvedMs = firstResponseMs + Math.round(rng.lognormal(resolutionMedianHours(category, cluster), 0.9) * HOUR_MS / 1000) * 1000;
  const reopened = rng.bernoulli(cluster ? 0.12 : 0.06);
  if (reopened) resolvedMs += Math.round(rng.lognormal(24, 0.7) * HOUR_MS / 1000) * 1000;
  const escalated = rng.bernoulli(urgency === 'critical' ? 0.4 : urgency === 'high' ? 0.15 : cluster ? 0.1 : 0.05);
  const closedMs = resolvedMs + Math.round(rng.lognormal(20, 0.8) * HOUR_MS / 1000) * 1000;
  const f = rng.next();
  let followupMs =
    f < 0.85 ? resolvedMs + Math.round(rng.uniform(2, 46) * 3600) * 1000 : f < 0.95 ? resolvedMs + Math.round(rng.uniform(50, 120) * 3600) * 1000 : Number.NaN;
  const resolutionDays = (resolvedMs - receivedMs) / DAY_MS;
  let satisfaction = Number.NaN;
  if (followupMs === followupMs && rng.bernoulli(0.8)) {
    const z = 3.6 - (reopened ? 0.5 : 0) - (escalated ? 0.4 : 0) - 0.15 * Math.min(resolutionDays, 5) + rng.normal(0, 0.9);
    satisfaction = Math.min(5, Math.max(1, Math.round(z)));
  }
  const description = complaintDescription(rng, textKind, c.customer.phone, c.customer.email, 0.3);
  const wantsSurvey = rng.bernoulli(COMPLAINT_SURVEY_PROBABILITY);
  if (receivedMs > exportMs) return null;
  // What is known at the export moment.
  let status: DemoStatus = 'closed';
  let known = { first: firstResponseMs, resolved: resolvedMs, closed: closedMs };
  if (firstResponseMs > exportMs) {
    status = 'open';
    known = { first: Number.NaN, resolved: Number.NaN, closed: Number.NaN };
  } else if (resolvedMs > exportMs) {
    status = 'in_progress';
    known = { first: firstResponseMs, resolved: Number.NaN, closed: Number.NaN };
  } else if (closedMs > exportMs) {
    status = 'resolved';
    known = { first: firstResponseMs, resolved: resolvedMs, closed: Number.NaN };
  }
  if (!(followupMs <= exportMs) || status === 'open' || status === 'in_progress') {
    followupMs = Number.NaN;
    satisfaction = Number.NaN;
  }
  const complaint: DemoComplaint = {
    id: `TS${compactDate(receivedMs)}${String(seq).padStart(5, '0')}`,
    receivedMs,
    channel: c.channel,
    category,
    textKind,
    cluster,
    urgency,
    impact,
    rootCause,
    description,
    firstResponseMs: known.first,
    resolvedMs: known.resolved,
    closedMs: known.closed,
    status,
    reopened: reopened && status !== 'open',
    escalated,
    satisfaction,
    followupMs,
    agent: c.agent,
    team: c.team,
    region: c.region,
    customer: c.customer,
    contactId: c.id,
  };
  let survey: DemoSurvey | null = null;
  if (wantsSurvey && followupMs === followupMs) {
    survey = makeComplaintSurvey(rng, complaint, surveySeq, resolutionDays);
    if (survey.answeredMs > exportMs) survey = null;
  }
  return { complaint, survey };
}
