/**
 * The seeded people of the demo: agents (codes `A0101`…, assigned to teams, two of them changing team during
 * the period) and customers (a unique Chinese mobile number each; some with an e-mail address; a few with an
 * 18-digit resident ID number with a valid GB 11643-1999 check digit).
 */
import { cumulativeWeights, type SeededRandom } from './random.js';
import { chineseName, emailAddress } from './text.js';
import { DEMO_REGIONS, DEMO_TEAM_MOVES, DEMO_TEAMS } from './world.js';

/** One agent. `skill` shifts satisfaction (points on the latent 1–5 score), `resolveBonus` the FCR probability. */
export interface DemoAgent {
  readonly code: string;
  readonly name: string;
  readonly skill: number;
  readonly resolveBonus: number;
}

/** One customer. `email` and `idCard` are '' when the customer has none. */
export interface DemoCustomer {
  readonly phone: string;
  readonly email: string;
  readonly idCard: string;
  readonly region: number;
}

/** Who works in which team from `fromDay` (day index within the period) on. */
export interface Roster {
  readonly fromDay: number;
  /** Per team index: its agents. */
  readonly teams: readonly (readonly DemoAgent[])[];
  /** Running sums of team sizes: contacts are routed to teams in proportion to size. */
  readonly teamWeights: Float64Array;
}

/** The seeded population. */
export interface Population {
  readonly agents: readonly DemoAgent[];
  /** Rosters in time order; the first starts at day 0. */
  readonly rosters: readonly Roster[];
  /** Team moves with the day index they take effect. */
  readonly moves: readonly { readonly agentCode: string; readonly fromTeam: string; readonly toTeam: string; readonly day: number }[];
  readonly customers: readonly DemoCustomer[];
  /** Running sums of customer activity weights, over all customers. */
  readonly customerWeights: Float64Array;
  /** Per region: its customers' indices and their running activity weights. */
  readonly regionCustomers: readonly { readonly indices: Int32Array; readonly weights: Float64Array }[];
}

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '166', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '198', '199'];
/** Administrative division codes (GB/T 2260) used for ID numbers, per region. */
const DIVISION_CODES = [
  ['310104', '320102', '330106', '340104'],
  ['440106', '440305', '450103', '350203'],
  ['110101', '120101', '130102', '370102'],
  ['510107', '500103', '610113', '530102'],
];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * The GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits of a resident ID number.
 * @param first17 17 decimal digits
 * @example idCardCheckDigit('11010519491231002') // => 'X'
 */
export function idCardCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

function idCardNumber(rng: SeededRandom, region: number): string {
  const division = rng.pick(DIVISION_CODES[region]!);
  const birth = new Date(Date.UTC(1960, 0, 1) + rng.int(42 * 365) * 86_400_000);
  const yyyymmdd = birth.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = division + yyyymmdd + String(rng.int(1000)).padStart(3, '0');
  return first17 + idCardCheckDigit(first17);
}

function buildAgents(rng: SeededRandom): DemoAgent[][] {
  return DEMO_TEAMS.map((team, t) => {
    const agents: DemoAgent[] = [];
    for (let k = 1; k <= team.agents; k++) {
      agents.push({
        code: `A${String(t + 1).padStart(2, '0')}${String(k).padStart(2, '0')}`,
        name: chineseName(rng),
        skill: rng.normal(0, 0.2),
        resolveBonus: rng.normal(0, 0.04),
      });
    }
    return agents;
  });
}

function buildRosters(byTeam: DemoAgent[][], days: number): { rosters: Roster[]; moves: Population['moves'] } {
  const teamIndex = new Map<string, number>(DEMO_TEAMS.map((t, i) => [t.code, i]));
  const moves = DEMO_TEAM_MOVES.map((m) => ({ ...m, day: Math.round(m.atPeriodFraction * days) })).sort((a, b) => a.day - b.day);
  const current = byTeam.map((agents) => agents.slice());
  const snapshot = (fromDay: number): Roster => ({
    fromDay,
    teams: current.map((agents) => agents.slice()),
    teamWeights: cumulativeWeights(current.map((agents) => agents.length)),
  });
  const rosters = [snapshot(0)];
  for (const move of moves) {
    const from = current[teamIndex.get(move.fromTeam)!]!;
    const at = from.findIndex((a) => a.code === move.agentCode);
    if (at < 0) continue;
    const [agent] = from.splice(at, 1);
    current[teamIndex.get(move.toTeam)!]!.push(agent!);
    rosters.push(snapshot(move.day));
  }
  return { rosters, moves: moves.map(({ agentCode, fromTeam, toTeam, day }) => ({ agentCode, fromTeam, toTeam, day })) };
}

/**
 * Builds agents, rosters and customers.
 * @param rng seeded stream (consumed)
 * @param customerCount number of customers, ≥ 1
 * @param days length of the period in days (team moves fall at fixed fractions of it)
 * @throws RangeError when `customerCount` < 1
 * @example buildPopulation(new SeededRandom(1), 8000, 455).agents.length // => 40
 */
export function buildPopulation(rng: SeededRandom, customerCount: number, days: number): Population {
  if (!(customerCount >= 1)) throw new RangeError(`buildPopulation: customerCount must be ≥ 1, got ${customerCount}`);
  const byTeam = buildAgents(rng);
  const { rosters, moves } = buildRosters(byTeam, days);
  const regionWeights = cumulativeWeights(DEMO_REGIONS.map((r) => r.customerShare));
  const phones = new Set<string>();
  const customers: DemoCustomer[] = [];
  const activity: number[] = [];
  for (let i = 0; i < customerCount; i++) {
    let phone: string;
    do phone = rng.pick(MOBILE_PREFIXES) + String(rng.int(100_000_000)).padStart(8, '0');
    while (phones.has(phone));
    phones.add(phone);
    const region = rng.pickCumulative(regionWeights);
    const email = rng.bernoulli(0.3) ? emailAddress(rng) : '';
    const idCard = rng.bernoulli(0.03) ? idCardNumber(rng, region) : '';
    customers.push({ phone, email, idCard, region });
    // Heavy-tailed activity: a few customers call often, most rarely.
    activity.push(rng.lognormal(1, 0.9));
  }
  const regionCustomers = DEMO_REGIONS.map((_, r) => {
    const indices: number[] = [];
    const weights: number[] = [];
    customers.forEach((c, i) => {
      if (c.region === r) {
        indices.push(i);
        weights.push(activity[i]!);
      }
    });
    if (indices.length === 0) {
      // Tiny populations: make sure every region has someone to call.
      indices.push(0);
      weights.push(1);
    }
    return { indices: Int32Array.from(indices), weights: cumulativeWeights(weights) };
  });
  return {
    agents: byTeam.flat(),
    rosters,
    moves,
    customers,
    customerWeights: cumulativeWeights(activity),
    regionCustomers,
  };
}
