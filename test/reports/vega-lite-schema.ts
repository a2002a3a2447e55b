/**
 * Validates Vega-Lite specs against the JSON schema the installed vega-lite ships
 * (`vega-lite/vega-lite-schema.json`, draft-07), and compiles them to Vega and parses that, as a renderer would.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { parse } from 'vega';
import { compileSpec } from '../../src/reports/render/svg.js';
import type { VegaLiteSpec } from '../../src/reports/report.js';

let validate: ValidateFunction | null = null;

/** The schema errors of `spec` (empty when it is valid), then whether it compiles and parses. */
export function specProblems(spec: VegaLiteSpec): string[] {
  if (!validate) {
    const path = createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json');
    const ajv = new Ajv({ strict: false, allowUnionTypes: true, validateFormats: false });
    validate = ajv.compile(JSON.parse(readFileSync(path, 'utf8')) as object);
  }
  const problems: string[] = [];
  if (!validate(spec)) problems.push(`schema: ${JSON.stringify(validate.errors).slice(0, 400)}`);
  try {
    parse(compileSpec(spec));
  } catch (error) {
    problems.push(`compile: ${String(error)}`);
  }
  return problems;
}
