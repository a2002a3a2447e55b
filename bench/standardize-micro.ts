/**
 * Micro-benchmark of the byte-level standardizers: nanoseconds per call of `parseDurationBytes` and
 * `parseTimestampBytes` on typical call-log fields, all fields packed in one buffer as the CSV scanner sees them.
 *
 * Run: `npm run build && node dist/bench/standardize-micro.js` (prints one line per input group).
 * Method: warm up (JIT), then time `ROUNDS` passes over the inputs with `process.hrtime.bigint()`; the median
 * of 7 timed repetitions is reported. A checksum of the results keeps the calls from being optimised away.
 */
import { parseDurationBytes } from '../src/ingest/standardize/duration.js';
import { newTimestampParts, parseTimestampBytes } from '../src/ingest/standardize/timestamp.js';

interface Packed {
  readonly buf: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

function pack(fields: readonly string[]): Packed {
  const encoder = new TextEncoder();
  const parts = fields.map((f) => encoder.encode(f));
  const buf = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
  const starts = new Int32Array(parts.length);
  const ends = new Int32Array(parts.length);
  let pos = 0;
  parts.forEach((p, i) => {
    starts[i] = pos;
    buf.set(p, pos);
    pos += p.length;
    ends[i] = pos;
    buf[pos++] = 0x2c; // the delimiter, outside [start, end)
  });
  return { buf, starts, ends };
}

const ROUNDS = 200_000;
const parts = newTimestampParts();

function timeDurations(p: Packed): number {
  let checksum = 0;
  const n = p.starts.length;
  for (let r = 0; r < ROUNDS; r++) {
    const i = r % n;
    checksum += parseDurationBytes(p.buf, p.starts[i]!, p.ends[i]!) || 0;
  }
  return checksum;
}

function timeTimestamps(p: Packed): number {
  let checksum = 0;
  const n = p.starts.length;
  for (let r = 0; r < ROUNDS; r++) {
    const i = r % n;
    if (parseTimestampBytes(p.buf, p.starts[i]!, p.ends[i]!, 'DMY', parts)) checksum += parts.minute;
  }
  return checksum;
}

function nsPerCall(run: (p: Packed) => number, p: Packed): { ns: number; checksum: number } {
  let checksum = run(p); // warm-up
  const samples: number[] = [];
  for (let k = 0; k < 7; k++) {
    const t0 = process.hrtime.bigint();
    checksum += run(p);
    samples.push(Number(process.hrtime.bigint() - t0) / ROUNDS);
  }
  samples.sort((a, b) => a - b);
  return { ns: samples[3]!, checksum };
}

const GROUPS: readonly { name: string; run: (p: Packed) => number; fields: readonly string[] }[] = [
  { name: 'duration: plain seconds', run: timeDurations, fields: ['12', '305', '0', '47', '1234', '8'] },
  { name: 'duration: clock', run: timeDurations, fields: ['00:01:30', '0:05:12', '1:30', '00:00:07'] },
  { name: 'duration: units (en/zh)', run: timeDurations, fields: ['1.5 min', '90s', '2分30秒', '1小时2分3秒'] },
  { name: 'timestamp: ISO local', run: timeTimestamps, fields: ['2026-01-05 13:00:05', '2026-03-17 08:59:59', '2026-11-30 23:00:00'] },
  { name: 'timestamp: ISO offset', run: timeTimestamps, fields: ['2026-01-05T13:00:05.123Z', '2026-01-05T13:00:05+08:00'] },
  { name: 'timestamp: slash / Chinese', run: timeTimestamps, fields: ['2026/1/5 9:05', '05/01/2026 13:00:00', '2026年1月5日 13:00', '2026/1/5 下午 1:05'] },
  { name: 'timestamp: numeric', run: timeTimestamps, fields: ['45292.5', '1767225600', '20260105130005'] },
];

for (const group of GROUPS) {
  const { ns, checksum } = nsPerCall(group.run, pack(group.fields));
  console.log(`${group.name.padEnd(30)} ${ns.toFixed(1).padStart(7)} ns/call   (checksum ${checksum})`);
}
