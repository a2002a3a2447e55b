/**
 * The demo's training records: about a third of the agents take one of three courses, each course held once
 * near the middle of the period (a cohort), so the training-effectiveness analysis has agents trained on a
 * known day and agents never trained to compare them with. `trainingsCsv` writes them as the export a
 * training department would send (Chinese header, as `servq trainings import` reads it).
 *
 * Its own random stream (`SeededRandom(seed).fork('trainings')`): adding it changes nothing else the demo
 * generates. The simulation does not yet make trained agents better; that is the demo's planted effect to wire.
 */
import { DAY_MS, formatLocalDate, parseLocalDate } from './local-time.js';
import { SeededRandom } from './random.js';

/** The courses, in the order `generateTrainings` numbers them. */
export const DEMO_COURSES = ['投诉处理技巧 Complaint handling', '产品知识进阶 Product knowledge', '沟通与共情 Communication and empathy'] as const;

/** One training: an agent finished a course on a day. */
export interface DemoTraining {
  readonly agentCode: string;
  readonly course: string;
  /** The day the course ended, `YYYY-MM-DD`. */
  readonly trainedOn: string;
}

export interface GenerateTrainingsOptions {
  readonly seed: number;
  /** Agent codes (duplicates are taken once). */
  readonly agents: readonly string[];
  /** First day of the period, `YYYY-MM-DD`. */
  readonly from: string;
  /** Last day, `YYYY-MM-DD`, inclusive. */
  readonly to: string;
}

/**
 * Seeded trainings: round(n / 3) of the n agents, drawn without replacement (partial Fisher–Yates), each
 * assigned one of the three courses uniformly; each course's day is drawn once, uniformly between 40 % and
 * 60 % of the period. Rows are ordered by day, then agent code.
 * @param options seed, agents and period
 * @throws RangeError when a day is not `YYYY-MM-DD` or `from` is after `to`
 * @example generateTrainings({ seed: 1, agents: ['A0101', 'A0102', 'A0103'], from: '2025-01-01', to: '2025-12-31' })
 * // => [{ agentCode: 'A0101', course: '产品知识进阶 Product knowledge', trainedOn: '2025-07-01' }] (one agent of three; same every run)
 */
export function generateTrainings(options: GenerateTrainingsOptions): DemoTraining[] {
  const fromMs = parseLocalDate(options.from);
  const toMs = parseLocalDate(options.to);
  if (fromMs > toMs) throw new RangeError(`generateTrainings: from (${options.from}) must not be after to (${options.to})`);
  const rng = new SeededRandom(options.seed).fork('trainings');
  const days = Math.round((toMs - fromMs) / DAY_MS);
  const courseDays = DEMO_COURSES.map(() => formatLocalDate(fromMs + Math.round(days * rng.uniform(0.4, 0.6)) * DAY_MS));
  const agents = [...new Set(options.agents)];
  const take = Math.round(agents.length / 3);
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(agents.length - i);
    [agents[i], agents[j]] = [agents[j]!, agents[i]!];
  }
  return agents
    .slice(0, take)
    .map((agentCode) => {
      const course = rng.int(DEMO_COURSES.length);
      return { agentCode, course: DEMO_COURSES[course]!, trainedOn: courseDays[course]! };
    })
    .sort((a, b) => (a.trainedOn < b.trainedOn ? -1 : a.trainedOn > b.trainedOn ? 1 : a.agentCode < b.agentCode ? -1 : a.agentCode > b.agentCode ? 1 : 0));
}

/** A CSV field, quoted when it holds a comma, quote or line end (RFC 4180). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The trainings as a CSV file's text: header `工号,培训课程,完成日期` (agent code, course, day finished), one row
 * per training, LF line ends, no byte-order mark (write it as UTF-8).
 * @example trainingsCsv([{ agentCode: 'A0101', course: 'Complaint handling', trainedOn: '2025-06-19' }])
 * // => '工号,培训课程,完成日期\nA0101,Complaint handling,2025-06-19\n'
 */
export function trainingsCsv(rows: readonly DemoTraining[]): string {
  return ['工号,培训课程,完成日期', ...rows.map((r) => [r.agentCode, r.course, r.trainedOn].map(csvField).join(','))].join('\n') + '\n';
}
