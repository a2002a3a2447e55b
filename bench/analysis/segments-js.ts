/**
 * Where the JavaScript time of `servq analyze segments` goes at the model cap (50,000 complaints): the whole group
 * as the analysis runs it (groupSegments), and with `--parts` the feature matrix, each k-means fit and the
 * silhouettes as segments-fit.ts makes them; `--before` adds the way segments ran before (chooseK: every k fitted
 * on all rows with 10 starts, one silhouette per k on the 4,000-point sample, then the chosen k refitted).
 *
 * Data: 50,000 complaint rows drawn like bench/analysis/scale-complaints.ts draws them (urgency mix, lognormal
 * first response by urgency σ 1.0, lognormal resolution by urgency σ 0.9 × 1.3 for technical faults, the
 * category and channel mixes, ~8 % open or without a first response), from servq's seeded generator: the same
 * rows on every run. Not the same numbers as the SQL generator, the same shape (13 features: 3 numeric, 4
 * categories, 6 channels).
 *
 * Run: `npm run build && node dist/bench/analysis/segments-js.js [--rows 50000] [--rounds 3] [--parts] [--parts-only]
 * [--before] [--k 2,8]` (`--k` limits the parts to those k). Wall-clock milliseconds plus the process's user CPU
 * time: the machine is shared, and CPU time is the steadier of the two.
 * CPU profile: `node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/analysis/segments-js.js --rounds 1`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { kmeans, type KMeansResult } from '../../src/analysis/kmeans/index.js';
import { SeededRandom } from '../../src/analysis/kmeans/seeded-random.js';
import { silhouette } from '../../src/analysis/silhouette.js';
import { silhouettes } from '../../src/analysis/silhouettes.js';
import { complete, groupSegments, SEGMENT_K_MAX, SEGMENT_K_MIN, SEGMENT_SILHOUETTE_SAMPLE, segmentFeatures } from '../../src/analyze/analyses/segments.js';
import { SEGMENT_FIT_RESTARTS_SAMPLED, SEGMENT_FIT_SAMPLE } from '../../src/analyze/analyses/segments-fit.js';
import type { ComplaintRow } from '../../src/db/metrics/complaint-rows.js';

const URGENCY = [
  { value: 'critical', share: 0.03, frtMedianSeconds: 300, handleMedianSeconds: 10_800 },
  { value: 'high', share: 0.17, frtMedianSeconds: 900, handleMedianSeconds: 21_600 },
  { value: 'medium', share: 0.5, frtMedianSeconds: 1500, handleMedianSeconds: 43_200 },
  { value: 'low', share: 0.3, frtMedianSeconds: 1500, handleMedianSeconds: 72_000 },
] as const;
const CATEGORIES = [
  { value: 'service', share: 0.4 },
  { value: 'product', share: 0.3 },
  { value: 'technical', share: 0.2 },
  { value: 'other', share: 0.1 },
] as const;
const CHANNELS = [
  { value: 'phone', share: 0.44 },
  { value: 'chat', share: 0.144 },
  { value: 'email', share: 0.156 },
  { value: 'social', share: 0.116 },
  { value: 'app', share: 0.12 },
  { value: 'onsite', share: 0.024 },
] as const;
const REGIONS = ['华北', '华东', '华南', '西南', '东北'];
const ROOT_CAUSES = [null, 'process', 'staff_attitude', 'product_quality', 'technical_support', 'other'];

function pick<T extends { readonly share: number }>(options: readonly T[], u: number): T {
  let acc = 0;
  for (const o of options) {
    acc += o.share;
    if (u < acc) return o;
  }
  return options[options.length - 1] as T;
}

function normal(random: SeededRandom): number {
  const u = 1 - random.nextDouble();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
}

/** n complaint rows shaped like the scale benchmark's (seeded). */
export function benchComplaints(n: number, seed = 42): ComplaintRow[] {
  const random = new SeededRandom(seed);
  const rows: ComplaintRow[] = [];
  for (let i = 0; i < n; i++) {
    const urgency = pick(URGENCY, random.nextDouble());
    const category = pick(CATEGORIES, random.nextDouble()).value;
    const channel = pick(CHANNELS, random.nextDouble()).value;
    const frt = Math.round(urgency.frtMedianSeconds * Math.exp(1.0 * normal(random)));
    const handle = Math.round(urgency.handleMedianSeconds * Math.exp(0.9 * normal(random)) * (category === 'technical' ? 1.3 : 1));
    rows.push({
      dimensions: {},
      firstResponseSeconds: random.nextDouble() < 0.03 ? null : frt,
      resolutionSeconds: random.nextDouble() < 0.05 ? null : handle,
      category,
      channel,
      urgency: urgency.value,
      region: REGIONS[random.nextInt(REGIONS.length)] as string,
      rootCause: ROOT_CAUSES[random.nextInt(ROOT_CAUSES.length)] as string | null,
    });
  }
  return rows;
}

/** Wall and user-CPU milliseconds of one call. */
function timed<T>(work: () => T): { value: T; wallMs: number; cpuMs: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = work();
  return { value, wallMs: performance.now() - t0, cpuMs: process.cpuUsage(c0).user / 1000 };
}

const ms = (t: { wallMs: number; cpuMs: number }): string => `${t.wallMs.toFixed(0)} ms wall / ${t.cpuMs.toFixed(0)} ms CPU`;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] as number;
}

function main(): void {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '50000' }, rounds: { type: 'string', default: '3' }, parts: { type: 'boolean', default: false }, 'parts-only': { type: 'boolean', default: false }, before: { type: 'boolean', default: false }, k: { type: 'string' }, seed: { type: 'string', default: '1' } } });
  const n = Number(values.rows);
  const rounds = Number(values.rounds);
  const seed = Number(values.seed);
  const all = benchComplaints(n);
  const usable = all.filter(complete);
  console.log(`segments-js: ${n} complaint rows, ${usable.length} complete; seed ${seed}; ${rounds} round(s); node ${process.version}`);

  const whole: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < (values['parts-only'] ? 0 : rounds); r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const out = groupSegments({}, usable, 5, seed);
    const ms = performance.now() - t0;
    const cpuMs = process.cpuUsage(c0).user / 1000;
    whole.push(ms);
    cpu.push(cpuMs);
    const curve = out.filter((row) => row.metric === 'mean_silhouette').map((row) => `${String(row.extra?.['k'])}:${typeof row.value === 'number' ? row.value.toFixed(4) : 'null'}${row.extra?.['chosen'] === true ? '*' : ''}`);
    console.log(`round ${r + 1}: groupSegments ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms user CPU; silhouette by k ${curve.join(' ')}`);
  }
  if (whole.length > 0) {
    console.log(`groupSegments median of ${rounds}: ${median(whole).toFixed(0)} ms wall (${whole.map((ms) => ms.toFixed(0)).join(', ')}), ${median(cpu).toFixed(0)} ms user CPU (${cpu.map((ms) => ms.toFixed(0)).join(', ')})`);
  }

  if (values.parts || values['parts-only']) {
    const features = timed(() => segmentFeatures(usable));
    const built = features.value;
    if ('reason' in built) throw new Error(built.reason);
    const matrix = { values: built.values, rows: usable.length, columns: built.columns };
    console.log(`features: ${ms(features)} (${matrix.rows} × ${matrix.columns})`);
    const ks = values.k === undefined ? [] : values.k.split(',').map(Number);
    const wanted = (k: number) => ks.length === 0 || ks.includes(k);
    const sampled = matrix.rows > SEGMENT_FIT_SAMPLE;
    const fits: KMeansResult[] = [];
    let kmeansCpu = 0;
    for (let k = SEGMENT_K_MIN; k <= SEGMENT_K_MAX; k++) {
      if (!wanted(k)) continue;
      const options = sampled ? { seed, sampleSize: SEGMENT_FIT_SAMPLE, restarts: SEGMENT_FIT_RESTARTS_SAMPLED, localSearch: false } : { seed };
      const t = timed(() => kmeans(matrix, k, options));
      const fit = t.value;
      if (fit.status !== 'ok') throw new Error(fit.reason);
      fits.push(fit);
      kmeansCpu += t.cpuMs;
      console.log(`now    k = ${k}: kmeans ${ms(t)} (${JSON.stringify(options)}; best run ${fit.iterations} iterations, converged ${String(fit.converged)}, within-SS ${fit.totalWithinSS.toFixed(1)})`);
    }
    const t = timed(() => silhouettes(matrix, fits.map((f) => f.clusters), { sampleSize: SEGMENT_SILHOUETTE_SAMPLE, seed }));
    console.log(`now    silhouettes of ${fits.length} partitions, one pass: ${ms(t)} (${t.value.map((r) => (r.status === 'ok' ? r.meanSilhouette.toFixed(4) : r.reason)).join(' ')})`);
    console.log(`now    total CPU: features ${features.cpuMs.toFixed(0)} + kmeans ${kmeansCpu.toFixed(0)} + silhouettes ${t.cpuMs.toFixed(0)} ms`);
    if (values.before) {
      let kmeansBefore = 0;
      let silhouetteBefore = 0;
      for (let k = SEGMENT_K_MIN; k <= SEGMENT_K_MAX; k++) {
        if (!wanted(k)) continue;
        const tk = timed(() => kmeans(matrix, k, { seed }));
        const fit = tk.value;
        if (fit.status !== 'ok') throw new Error(fit.reason);
        const ts = timed(() => silhouette(matrix, fit.clusters, { sampleSize: SEGMENT_SILHOUETTE_SAMPLE, seed }));
        const s = ts.value.status === 'ok' ? ts.value.meanSilhouette.toFixed(4) : ts.value.reason;
        kmeansBefore += tk.cpuMs;
        silhouetteBefore += ts.cpuMs;
        console.log(`before k = ${k}: kmeans ${ms(tk)} (all rows, 10 starts; best run ${fit.iterations} iterations, within-SS ${fit.totalWithinSS.toFixed(1)}); silhouette ${ms(ts)} (${s})`);
      }
      console.log(`before total CPU: kmeans ${kmeansBefore.toFixed(0)} (+ the chosen k refitted) + silhouettes ${silhouetteBefore.toFixed(0)} ms`);
    }
  }
}

// run when executed, not when imported (other scripts reuse benchComplaints)
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
