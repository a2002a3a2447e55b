/**
 * Loads the rpart / scikit-learn fixtures written by test/reference/cart.R and cart.py and turns a stored dataset
 * into servq's CartData (JSON null → NaN for numeric columns, null for categorical ones).
 */
import { readFileSync } from 'node:fs';
import type { CartData, CartOptions } from '../../src/analysis/cart/index.js';

export interface RefDataset {
  features: Record<string, (number | string | null)[]>;
  target: (number | string | null)[];
  folds?: number[];
  weights?: number[];
  /** Weights with zeros (kyphosis only). */
  weights0?: number[];
}

export interface RefSplit {
  variable: string;
  improve: number;
  count: number;
  adj: number;
  threshold?: number;
  lessGoes?: 'left' | 'right';
  left?: string[];
  right?: string[];
}

export interface RefCase {
  dataset: string;
  options: Record<string, unknown>;
  call: string;
  version: string;
  method: 'class' | 'anova';
  nodeIds: number[];
  var: string[];
  n: number[];
  wt: number[];
  dev: number[];
  complexity: number[];
  yval: (string | number)[];
  whereRows: number[];
  whereNode: number[];
  cptable: { CP: number[]; nsplit: number[]; relError: number[]; xerror?: number[]; xstd?: number[] };
  importance: { variable: string[]; value: number[] };
  splits: { node: number; primary: RefSplit; surrogates: RefSplit[] }[];
  prob?: number[][];
  predictProb?: number[][];
  predictClass?: string[];
  predictValue?: number[];
  pruneCp?: number;
}

export interface RefCrossValidate {
  dataset: string;
  options?: Record<string, unknown>;
  call: string;
  levels?: string[];
  predicted: (string | number | null)[];
  accuracy?: number;
  balancedAccuracy?: number;
  confusion?: number[][];
  baselineAccuracy?: number;
  baselineBalancedAccuracy?: number;
  rmse?: number;
  mae?: number;
  r2?: number;
  baselineRmse?: number;
  baselineMae?: number;
}

export interface RefFixture {
  version: string;
  datasets: Record<string, RefDataset>;
  cases: Record<string, RefCase>;
  crossValidate: Record<string, RefCrossValidate>;
}

export function loadCartFixture(): RefFixture {
  return JSON.parse(readFileSync(new URL('./cart.json', import.meta.url), 'utf8')) as RefFixture;
}

export interface SklearnFixture {
  version: string;
  data: { features: Record<string, number[]>; target: string[] };
  cases: {
    call: string;
    maxDepth: number | null;
    leaf: number[];
    nLeaves: number;
    predicted: string[];
    childrenLeft: number[];
    childrenRight: number[];
    /** sklearn node ids on each row's path from the root. */
    paths: number[][];
  }[];
}

export function loadSklearnFixture(): SklearnFixture {
  return JSON.parse(readFileSync(new URL('./cart.sklearn.json', import.meta.url), 'utf8')) as SklearnFixture;
}

/** The dataset as CartData: numeric columns as Float64Array with NaN, categorical as (string | null)[]. */
export function toCartData(ds: RefDataset): CartData {
  const features: CartData['features'] = {};
  for (const [name, column] of Object.entries(ds.features)) {
    const categorical = column.some((v) => typeof v === 'string');
    (features as Record<string, unknown>)[name] = categorical
      ? column.map((v) => (v === null ? null : String(v)))
      : Float64Array.from(column, (v) => (v === null ? NaN : Number(v)));
  }
  const numericTarget = ds.target.some((v) => typeof v === 'number');
  const target = numericTarget ? Float64Array.from(ds.target, (v) => (v === null ? NaN : Number(v))) : ds.target;
  return { features, target };
}

/** The cart() options of a fixture case (folds and weights taken from the dataset). */
export function toCartOptions(c: { options?: Record<string, unknown> }, ds: RefDataset): CartOptions {
  const o: Record<string, unknown> = { ...(c.options ?? {}) };
  if (o['folds'] === true) o['folds'] = ds.folds;
  else delete o['folds'];
  if (o['weights'] === true) o['weights'] = ds.weights;
  else if (o['weights0'] === true) o['weights'] = ds.weights0;
  else delete o['weights'];
  delete o['weights0'];
  return o as CartOptions;
}
