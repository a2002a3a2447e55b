/**
 * `servq.config.json`: where a deployment's inbox, reports and outputs live, its time zone, report languages,
 * and per-pipeline schedule overrides. Every key is optional; a missing file means the defaults below. The
 * file is validated with zod (unknown keys are errors, with the nearest valid name), and relative paths are
 * read from the config file's folder, so `servq schedule` under systemd finds the same folders as a user in
 * a shell.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_MAX_DUPLICATE_RATE, DEFAULT_MAX_REJECT_RATE, DEFAULT_TIME_ZONE } from '../ingest/defaults.js';
import { SOURCE_KINDS, type SourceKind } from '../ingest/fields.js';
import { didYouMean } from '../ingest/nearest-name.js';
import { loadPresets } from '../ingest/presets.js';
import { profileProblem } from '../ingest/profile.js';
import { isTimeZone } from '../ingest/time-zone.js';
import { cronProblem } from './cron-ticks.js';

/** The config file looked for in the working folder when no --config / SERVQ_CONFIG names one. */
export const DEFAULT_CONFIG_FILE = 'servq.config.json';

const zone = z.string().refine(isTimeZone, { message: 'not a time-zone name (e.g. Asia/Shanghai, Europe/Berlin, UTC)' });
const share = z.number().min(0).max(1);

const KindInboxSchema = z
  .object({
    /** Folder of this kind's files (default `<inbox.dir>/<kind>`). */
    dir: z.string().min(1).optional(),
    /** Mapping profile, as `servq ingest --map`. */
    map: z.string().min(1).optional(),
    preset: z.string().min(1).optional(),
    timeZone: zone.optional(),
    dateFormat: z.enum(['DMY', 'MDY', 'YMD']).optional(),
    encoding: z.enum(['utf-8', 'gb18030', 'gbk', 'utf-16le', 'utf-16be']).optional(),
    delimiter: z.string().min(1).max(2).optional(),
    maxRejectRate: share.optional(),
    maxDuplicateRate: share.optional(),
    minDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2000-01-01').optional(),
  })
  .strict();

/** The settings an inbox kind takes: `servq ingest`'s option names (camel case), plus `dir`. */
export const INBOX_KIND_KEYS: readonly string[] = Object.keys(KindInboxSchema.shape);

const PipelineOverrideSchema = z
  .object({
    schedule: z.string().superRefine((cron, ctx) => {
      const problem = cronProblem(cron);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `'${cron}' is not a usable cron expression: ${problem}` });
    }).optional(),
    enabled: z.boolean().optional(),
    timeZone: zone.optional(),
  })
  .strict();

const ConfigSchema = z
  .object({
    $schema: z.string().optional(),
    /** Zone of the schedules and of the analyses' days, months and quarters. */
    timeZone: zone.optional(),
    inbox: z
      .object({
        dir: z.string().min(1).optional(),
        /** A file whose size or modification time changes within this many seconds is left for the next run. */
        settleSeconds: z.number().min(0).max(3600).optional(),
        kinds: z.object(Object.fromEntries(SOURCE_KINDS.map((k) => [k, KindInboxSchema.optional()])) as Record<SourceKind, z.ZodOptional<typeof KindInboxSchema>>).strict().optional(),
      })
      .strict()
      .optional(),
    reports: z
      .object({
        out: z.string().min(1).optional(),
        languages: z.array(z.enum(['en', 'zh'])).min(1).optional(),
        minN: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
    /** Folder of the analyses' JSON and CSV files written by pipelines (e.g. weekly-service-levels). */
    outputs: z.string().min(1).optional(),
    pipelines: z.record(z.string(), PipelineOverrideSchema).optional(),
    retry: z
      .object({
        attempts: z.number().int().min(1).max(10).optional(),
        firstDelaySeconds: z.number().min(0).max(600).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Per-kind ingest settings of the inbox, resolved. */
export interface KindInbox {
  readonly kind: SourceKind;
  readonly dir: string;
  readonly map?: string;
  readonly preset?: string;
  readonly timeZone?: string;
  readonly dateFormat?: 'DMY' | 'MDY' | 'YMD';
  readonly encoding?: string;
  readonly delimiter?: string;
  readonly maxRejectRate: number;
  readonly maxDuplicateRate: number;
  readonly minDate: string;
}

/** The configuration with every default filled in and every path absolute. */
export interface ServqConfig {
  /** The file read, or null when none was (defaults only). */
  readonly file: string | null;
  readonly timeZone: string;
  readonly inbox: { readonly dir: string; readonly settleSeconds: number; readonly kinds: readonly KindInbox[] };
  readonly reports: { readonly out: string; readonly languages: readonly ('en' | 'zh')[]; readonly minN: number };
  readonly outputs: string;
  readonly pipelines: Readonly<Record<string, { readonly schedule?: string; readonly enabled?: boolean; readonly timeZone?: string }>>;
  readonly retry: { readonly attempts: number; readonly firstDelayMs: number };
  /**
   * What is wrong but does not stop the pipelines: a kind's mapping profile that cannot be read (that kind's
   * files wait in the inbox; `servq pipelines` and the scheduler's start show these).
   */
  readonly warnings: readonly string[];
}

/** A config file that cannot be used: names the file and every problem. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type RawConfig = z.infer<typeof ConfigSchema>;

/** The keys the config's object schema at `path` accepts (for "did you mean"), or [] when it is not an object. */
function keysAt(path: readonly PropertyKey[]): string[] {
  let schema: unknown = ConfigSchema;
  for (const key of path) {
    schema = unwrap(schema);
    const def = (schema as { _zod?: { def?: { type?: string; shape?: Record<string, unknown>; valueType?: unknown } } })._zod?.def;
    schema = def?.type === 'object' ? def.shape?.[String(key)] : def?.type === 'record' ? def.valueType : undefined;
    if (schema === undefined) return [];
  }
  const def = (unwrap(schema) as { _zod?: { def?: { type?: string; shape?: Record<string, unknown> } } })._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

function unwrap(schema: unknown): unknown {
  let s = schema as { _zod?: { def?: { type?: string; innerType?: unknown } } } | undefined;
  while (s?._zod?.def?.type === 'optional') s = s._zod.def.innerType as typeof s;
  return s;
}

function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.join('.') || 'the top level';
  if (issue.code === 'unrecognized_keys') {
    const valid = keysAt(issue.path);
    return `${where}: unknown key ${issue.keys.map((k) => didYouMean(k, valid)).join(', ')}${valid.length > 0 ? ` (valid: ${valid.filter((v) => v !== '$schema').join(', ')})` : ''}`;
  }
  return `${where}: ${issue.message}`;
}

/**
 * A kind's `preset` that does not exist or is for another kind: an error of the config, like an unknown key.
 */
function presetProblems(kind: SourceKind, preset: string | undefined): string[] {
  if (preset === undefined || preset === 'none') return [];
  const presets = loadPresets();
  const found = presets.find((p) => p.id === preset);
  if (found === undefined) return [`inbox.kinds.${kind}.preset: unknown preset ${didYouMean(preset, presets.map((p) => p.id))} (servq presets lists them)`];
  return found.kind === kind ? [] : [`inbox.kinds.${kind}.preset: ${preset} is for ${found.kind} exports, not ${kind}`];
}

/**
 * A kind's `map` that is not a readable, valid mapping profile. A warning, not an error: a profile removed
 * later must not stop the other pipelines or the scheduler; that kind's files wait in the inbox, and
 * `servq pipelines` and the scheduler's start say why before the night's run does.
 */
function profileWarning(kind: SourceKind, path: string | undefined): string[] {
  const problem = path === undefined ? undefined : profileProblem(path);
  return problem === undefined ? [] : [`inbox.kinds.${kind}.map: ${problem}; ${kind} files wait in the inbox until it is fixed`];
}

/**
 * Validates a config object and fills in the defaults.
 * @param base folder relative paths are read from (the config file's)
 * @param where the file, for messages
 * @param knownPipelines names of the declared pipelines (a schedule override for another name is an error)
 * @throws ConfigError naming `where` and every problem
 */
export function parseConfig(json: unknown, base: string, where: string | null, knownPipelines: readonly string[]): ServqConfig {
  const label = where ?? 'configuration';
  const parsed = ConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(`${label}: ${parsed.error.issues.map((i) => issueText(i)).join('; ')} (see README, "Pipelines and scheduling")`);
  }
  const raw: RawConfig = parsed.data;
  const envZone = process.env['SERVQ_TIME_ZONE'];
  if (raw.timeZone === undefined && envZone !== undefined && !isTimeZone(envZone)) {
    throw new ConfigError(`SERVQ_TIME_ZONE: '${envZone}' is not a time-zone name (e.g. Asia/Shanghai, Europe/Berlin, UTC); fix it or set timeZone in ${label}`);
  }
  const unknown = Object.keys(raw.pipelines ?? {}).filter((name) => !knownPipelines.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(`${label}: pipelines: unknown pipeline ${unknown.map((n) => didYouMean(n, knownPipelines)).join(', ')}; the pipelines are ${knownPipelines.join(', ')}`);
  }
  const at = (path: string) => resolve(base, path);
  const kindProblems = SOURCE_KINDS.flatMap((kind) => presetProblems(kind, raw.inbox?.kinds?.[kind]?.preset));
  if (kindProblems.length > 0) throw new ConfigError(`${label}: ${kindProblems.join('; ')}`);
  const inboxDir = at(raw.inbox?.dir ?? 'inbox');
  const kinds = SOURCE_KINDS.map((kind): KindInbox => {
    const k = raw.inbox?.kinds?.[kind] ?? {};
    return {
      kind,
      dir: k.dir !== undefined ? at(k.dir) : resolve(inboxDir, kind),
      ...(k.map !== undefined ? { map: at(k.map) } : {}),
      ...(k.preset !== undefined ? { preset: k.preset } : {}),
      ...(k.timeZone !== undefined ? { timeZone: k.timeZone } : {}),
      ...(k.dateFormat !== undefined ? { dateFormat: k.dateFormat } : {}),
      ...(k.encoding !== undefined ? { encoding: k.encoding } : {}),
      ...(k.delimiter !== undefined ? { delimiter: k.delimiter } : {}),
      maxRejectRate: k.maxRejectRate ?? DEFAULT_MAX_REJECT_RATE,
      maxDuplicateRate: k.maxDuplicateRate ?? DEFAULT_MAX_DUPLICATE_RATE,
      minDate: k.minDate ?? '2000-01-01',
    };
  });
  return {
    file: where,
    timeZone: raw.timeZone ?? process.env['SERVQ_TIME_ZONE'] ?? DEFAULT_TIME_ZONE,
    inbox: { dir: inboxDir, settleSeconds: raw.inbox?.settleSeconds ?? 5, kinds },
    reports: { out: at(raw.reports?.out ?? 'reports'), languages: raw.reports?.languages ?? ['en'], minN: raw.reports?.minN ?? 30 },
    outputs: at(raw.outputs ?? 'outputs'),
    pipelines: Object.fromEntries(Object.entries(raw.pipelines ?? {}).map(([name, o]) => [name, { ...o }])) as ServqConfig['pipelines'],
    retry: { attempts: raw.retry?.attempts ?? 3, firstDelayMs: (raw.retry?.firstDelaySeconds ?? 2) * 1000 },
    warnings: kinds.flatMap((k) => profileWarning(k.kind, k.map)),
  };
}

/**
 * Reads the configuration: `file` when given (it must exist), else `servq.config.json` in `cwd` when there is
 * one, else the defaults (folders under `cwd`).
 * @throws ConfigError for a missing named file, a file that is not JSON, or an invalid config
 */
export function loadConfig(file: string | undefined, knownPipelines: readonly string[], cwd = process.cwd()): ServqConfig {
  const path = file !== undefined ? resolve(cwd, file) : resolve(cwd, DEFAULT_CONFIG_FILE);
  if (!existsSync(path)) {
    if (file !== undefined) throw new ConfigError(`${file}: no such config file (write one as in README "Pipelines and scheduling", or leave --config out for the defaults)`);
    return parseConfig({}, cwd, null, knownPipelines);
  }
  let json: unknown;
  const text = readFileSync(path, 'utf8');
  try {
    json = JSON.parse(text);
  } catch (error) {
    // JSON.parse names a character position; people edit by line and column.
    const message = (error as Error).message;
    const position = Number(/at position (\d+)/.exec(message)?.[1]);
    const before = Number.isInteger(position) ? text.slice(0, position).split('\n') : undefined;
    const where = before ? ` at line ${before.length}, column ${before.at(-1)!.length + 1}` : '';
    throw new ConfigError(`${path}: not valid JSON${where} (${message})`);
  }
  return parseConfig(json, dirname(path), path, knownPipelines);
}
