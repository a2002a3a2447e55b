/**
 * The demo simulation: a telecom service center in Asia/Shanghai, day by day.
 *
 * Stages per day:
 *   1. arrivals: Poisson(new contacts) from the seasonal calendar (planted effect 4), plus the billing cluster's
 *      extra contacts (effect 3), major-fault bursts, customers coming back about an unresolved issue and
 *      retries after abandoning; sorted by start time;
 *   2. each contact: queue wait by channel and day load (effect 5), patience → answered or abandoned, team and
 *      agent from the current roster, talk/hold/after-work, transfer, first-contact resolution;
 *   3. consequences: a survey (effects 1 and 6, in `survey-model.ts`), a complaint (effects 2 and 3, in
 *      `complaint-model.ts`), a retry or a repeat contact scheduled for later.
 *
 * Records go to a `DemoRecordSink` as they are made, so memory holds one day, not the period.
 */
import { compactDate, DAY_MS } from './local-time.js';
import { PLANTED_EFFECTS } from './planted-effects.js';
import type { Population, Roster } from './population.js';
import { cumulativeWeights, type SeededRandom } from './random.js';
import type { DemoContact, DemoRecordSink } from './records.js';
import { dailyVolumeFactor, HOURLY_ARRIVALS, weekdayFactor, yearlyFactor } from './seasonality.js';
import { makeComplaint } from './complaint-model.js';
import { makeSurvey } from './survey-model.js';
import {
  BASE_CONTACTS_PER_DAY,
  CHANNEL_HANDLING,
  DEMO_CHANNELS,
  DEMO_QUEUES,
  DEMO_REGIONS,
  DEMO_TEAMS,
  MAJOR_FAULTS_PER_YEAR,
  REPEAT_CONTACT_PROBABILITY,
  RETRY_AFTER_ABANDON_PROBABILITY,
  type DemoChannel,
} from './world.js';

/** A contact before it is handled: who, when, where. */
interface Arrival {
  startedMs: number;
  channel: DemoChannel;
  queue: string;
  customer: number;
  major: boolean;
}

/** A burst of major-fault contacts in one region. */
export interface MajorFault {
  readonly day: number;
  readonly region: string;
  readonly startHour: number;
  readonly hours: number;
  readonly expectedContacts: number;
}

/** Options of a simulation run. */
export interface SimulationOptions {
  /** Local midnight of the first day. */
  readonly fromMs: number;
  /** Number of days in the period. */
  readonly days: number;
  /** Volume multiplier (1 ⇒ ~70k contacts over 15 months). */
  readonly scale: number;
  /** The export moment: later events are not known yet (local ms). */
  readonly exportMs: number;
}

const CHANNEL_WEIGHTS = cumulativeWeights(DEMO_CHANNELS.map((c) => CHANNEL_HANDLING[c].share));
const QUEUE_WEIGHTS = cumulativeWeights(DEMO_QUEUES.map((q) => q.share));
const HOUR_WEIGHTS: Readonly<Record<DemoChannel, Float64Array>> = {
  phone: cumulativeWeights(HOURLY_ARRIVALS.phone),
  chat: cumulativeWeights(HOURLY_ARRIVALS.chat),
  email: cumulativeWeights(HOURLY_ARRIVALS.email),
  social: cumulativeWeights(HOURLY_ARRIVALS.social),
  app: cumulativeWeights(HOURLY_ARRIVALS.app),
  onsite: cumulativeWeights(HOURLY_ARRIVALS.onsite),
};
const SPEED = PLANTED_EFFECTS.channelSpeed;
const FCR = PLANTED_EFFECTS.fcrRaisesSatisfaction;
const CLUSTER = PLANTED_EFFECTS.billingComplaintCluster;
const CLUSTER_REGION = DEMO_REGIONS.findIndex((r) => r.name === CLUSTER.region);
const CLUSTER_REGION_SHARE = DEMO_REGIONS[CLUSTER_REGION]!.customerShare;

function byStart(a: Arrival, b: Arrival): number {
  return a.startedMs - b.startedMs;
}

function isRealtime(channel: DemoChannel): boolean {
  return channel === 'phone' || channel === 'chat' || channel === 'social' || channel === 'app';
}

function patienceMeanSeconds(channel: DemoChannel): number {
  switch (channel) {
    case 'phone':
      return SPEED.meanPatienceSeconds.phone;
    case 'chat':
      return SPEED.meanPatienceSeconds.chat;
    case 'app':
      return SPEED.meanPatienceSeconds.app;
    case 'social':
      return SPEED.meanPatienceSeconds.social;
    default:
      return Number.POSITIVE_INFINITY;
  }
}

/** Inserts `a` into `list` (sorted by start) after position `from`, keeping order stable. */
function insertSorted(list: Arrival[], a: Arrival, from: number): void {
  let i = list.length;
  while (i > from + 1 && list[i - 1]!.startedMs > a.startedMs) i--;
  list.splice(i, 0, a);
}

/**
 * The day-by-day simulation. Construct once per run, then call `simulateDay(d)` for d = 0 … days − 1 in order.
 *
 * @example
 * const sim = new DemoSimulation(rng, population, { fromMs, days: 455, scale: 1, exportMs });
 * for (let d = 0; d < 455; d++) sim.simulateDay(d, sink); // sink.onContact called ≈ 71 000 times
 */
export class DemoSimulation {
  /** Major faults planned for the period. */
  readonly faults: readonly MajorFault[];
  private readonly buckets: Arrival[][];
  private readonly clusterFromDay: number;
  private readonly clusterToDay: number;
  private complaintSeq = 0;
  private surveySeq = 0;
  private roster: Roster;
  private rosterIndex = 0;

  /**
   * @param rng the model's stream (consumed) @param population agents and customers
   * @param options period, scale and export moment
   */
  constructor(
    private readonly rng: SeededRandom,
    private readonly population: Population,
    private readonly options: SimulationOptions,
  ) {
    this.buckets = Array.from({ length: options.days + 1 }, () => []);
    this.clusterFromDay = Math.round((Date.parse(CLUSTER.fromDate + 'T00:00:00Z') - options.fromMs) / DAY_MS);
    this.clusterToDay = Math.round((Date.parse(CLUSTER.toDate + 'T00:00:00Z') - options.fromMs) / DAY_MS);
    this.roster = population.rosters[0]!;
    const faults: MajorFault[] = [];
    const count = Math.max(options.days >= 60 ? 1 : 0, rng.poisson((MAJOR_FAULTS_PER_YEAR * options.days) / 365));
    for (let i = 0; i < count; i++) {
      faults.push({
        day: rng.int(options.days),
        region: DEMO_REGIONS[rng.int(DEMO_REGIONS.length)]!.name,
        startHour: 8 + rng.int(12),
        hours: 2 + rng.int(5),
        expectedContacts: 60 * options.scale,
      });
    }
    faults.sort((a, b) => a.day - b.day);
    this.faults = faults;
  }

  /**
   * Simulates day `d` (0-based) and sends its records to `sink`.
   * @param d day index, called in increasing order @param sink receives contacts, surveys and complaints
   */
  simulateDay(d: number, sink: DemoRecordSink): void {
    const { fromMs, scale } = this.options;
    const rng = this.rng;
    const dayMs = fromMs + d * DAY_MS;
    while (this.rosterIndex + 1 < this.population.rosters.length && this.population.rosters[this.rosterIndex + 1]!.fromDay <= d) {
      this.rosterIndex++;
      this.roster = this.population.rosters[this.rosterIndex]!;
    }
    const arrivals = this.buckets[d]!;
    this.buckets[d] = [];
    const expected = BASE_CONTACTS_PER_DAY * scale * dailyVolumeFactor(dayMs, fromMs);
    const fresh = rng.poisson(expected);
    for (let i = 0; i < fresh; i++) arrivals.push(this.newArrival(dayMs, -1, '', false));
    if (d >= this.clusterFromDay && d <= this.clusterToDay) {
      const extra = rng.poisson(expected * CLUSTER_REGION_SHARE * CLUSTER.extraContactShare);
      for (let i = 0; i < extra; i++) arrivals.push(this.newArrival(dayMs, CLUSTER_REGION, CLUSTER.queue, false));
    }
    for (const fault of this.faults) {
      if (fault.day !== d) continue;
      const n = rng.poisson(fault.expectedContacts);
      const region = DEMO_REGIONS.findIndex((r) => r.name === fault.region);
      for (let i = 0; i < n; i++) {
        const a = this.newArrival(dayMs, region, '宽带故障', true);
        a.channel = rng.bernoulli(0.75) ? 'phone' : 'app';
        a.startedMs = dayMs + (fault.startHour + rng.next() * fault.hours) * 3_600_000;
        a.startedMs -= a.startedMs % 1000;
        arrivals.push(a);
      }
    }
    arrivals.sort(byStart);
    // Busy days (weekday and season, not trend: staffing grows with the trend) queue longer.
    const load = weekdayFactor(dayMs) * yearlyFactor(dayMs);
    const waitFactor = load * load;
    const prefix = 'C' + compactDate(dayMs);
    for (let i = 0; i < arrivals.length; i++) {
      const contact = this.handle(arrivals[i]!, prefix + String(i + 1).padStart(5, '0'), waitFactor);
      sink.onContact(contact);
      this.consequences(contact, arrivals, i, d, sink);
    }
  }

  /** A new arrival on day `dayMs`: region −1 = any customer; queue '' = drawn. */
  private newArrival(dayMs: number, region: number, queue: string, major: boolean): Arrival {
    const rng = this.rng;
    const channel = DEMO_CHANNELS[rng.pickCumulative(CHANNEL_WEIGHTS)]!;
    const hour = rng.pickCumulative(HOUR_WEIGHTS[channel]);
    let customer: number;
    if (region < 0) customer = rng.pickCumulative(this.population.customerWeights);
    else {
      const pool = this.population.regionCustomers[region]!;
      customer = pool.indices[rng.pickCumulative(pool.weights)]!;
    }
    const a: Arrival = {
      startedMs: dayMs + hour * 3_600_000 + rng.int(3600) * 1000,
      channel,
      queue: queue !== '' ? queue : DEMO_QUEUES[rng.pickCumulative(QUEUE_WEIGHTS)]!.name,
      customer,
      major,
    };
    return a;
  }

  private handle(a: Arrival, id: string, waitFactor: number): DemoContact {
    const rng = this.rng;
    const channel = a.channel;
    const h = CHANNEL_HANDLING[channel];
    const customer = this.population.customers[a.customer]!;
    const realtime = isRealtime(channel);
    let potential = rng.lognormal(SPEED.medianWaitSeconds[channel], SPEED.waitSigmaLog[channel]);
    if (realtime) potential *= a.major ? waitFactor * 2.5 : waitFactor;
    const patience = realtime ? rng.exponential(patienceMeanSeconds(channel)) : Number.POSITIVE_INFINITY;
    const region = DEMO_REGIONS[customer.region]!.name;
    if (patience < potential) {
      const waitSeconds = Math.max(1, Math.round(patience));
      return {
        id,
        startedMs: a.startedMs,
        answeredMs: Number.NaN,
        endedMs: a.startedMs + waitSeconds * 1000,
        channel,
        queue: a.queue,
        answered: false,
        waitSeconds,
        talkSeconds: 0,
        holdSeconds: 0,
        afterWorkSeconds: 0,
        transferred: false,
        resolved: false,
        major: a.major,
        agent: null,
        team: '',
        region,
        customer,
      };
    }
    const waitSeconds = Math.max(1, Math.round(potential));
    const teamIndex = rng.pickCumulative(this.roster.teamWeights);
    const agent = rng.pick(this.roster.teams[teamIndex]!);
    const talkSeconds = Math.max(5, Math.round(rng.lognormal(h.talkMedianSeconds * (a.major ? 1.2 : 1), h.talkSigmaLog)));
    const holdSeconds = rng.bernoulli(h.holdShare) ? Math.max(5, Math.round(rng.lognormal(h.holdMedianSeconds, 0.7))) : 0;
    const afterWorkSeconds = Math.max(0, Math.round(rng.lognormal(h.afterWorkMedianSeconds, 0.5)));
    const transferred = rng.bernoulli(h.transferProbability * (a.major ? 1.5 : 1));
    let pResolve = (transferred ? FCR.resolvedProbabilityIfTransferred : FCR.resolvedProbability) + agent.resolveBonus;
    if (a.major) pResolve -= 0.2;
    if (a.queue === '宽带故障') pResolve -= 0.08;
    if (channel === 'onsite') pResolve += 0.1;
    const answeredMs = a.startedMs + waitSeconds * 1000;
    return {
      id,
      startedMs: a.startedMs,
      answeredMs,
      endedMs: answeredMs + (talkSeconds + holdSeconds) * 1000,
      channel,
      queue: a.queue,
      answered: true,
      waitSeconds,
      talkSeconds,
      holdSeconds,
      afterWorkSeconds,
      transferred,
      resolved: rng.bernoulli(pResolve),
      major: a.major,
      agent,
      team: DEMO_TEAMS[teamIndex]!.code,
      region,
      customer,
    };
  }

  private consequences(c: DemoContact, arrivals: Arrival[], i: number, d: number, sink: DemoRecordSink): void {
    const rng = this.rng;
    const { days, exportMs } = this.options;
    const customer = arrivals[i]!.customer;
    if (!c.answered) {
      if (!rng.bernoulli(RETRY_AFTER_ABANDON_PROBABILITY)) return;
      const startedMs = c.endedMs + Math.round(rng.uniform(5, 120) * 60) * 1000;
      const day = Math.floor((startedMs - this.options.fromMs) / DAY_MS);
      const retry: Arrival = { startedMs, channel: c.channel, queue: c.queue, customer, major: c.major };
      if (day === d) insertSorted(arrivals, retry, i);
      else if (day < days) this.buckets[day]!.push(retry);
      return;
    }
    const survey = makeSurvey(rng, c, this.surveySeq + 1, exportMs);
    if (survey) {
      this.surveySeq++;
      sink.onSurvey(survey);
    }
    const inCluster = c.region === CLUSTER.region && d >= this.clusterFromDay && d <= this.clusterToDay;
    const complaint = makeComplaint(rng, c, inCluster, this.complaintSeq + 1, this.surveySeq + 1, exportMs);
    if (complaint) {
      this.complaintSeq++;
      sink.onComplaint(complaint.complaint);
      if (complaint.survey) {
        this.surveySeq++;
        sink.onSurvey(complaint.survey);
      }
    }
    if (!c.resolved && rng.bernoulli(REPEAT_CONTACT_PROBABILITY)) {
      const after = 1 + Math.min(6, Math.floor(rng.exponential(1.5)));
      const day = d + after;
      if (day < days) {
        const channel = rng.bernoulli(0.6) ? c.channel : DEMO_CHANNELS[rng.pickCumulative(CHANNEL_WEIGHTS)]!;
        const startedMs = this.options.fromMs + day * DAY_MS + rng.pickCumulative(HOUR_WEIGHTS[channel]) * 3_600_000 + rng.int(3600) * 1000;
        this.buckets[day]!.push({ startedMs, channel, queue: c.queue, customer, major: false });
      }
    }
  }
}
