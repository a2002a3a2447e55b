/**
 * Bench cases for the CART module: a 1M × 10 classification tree beside scikit-learn's DecisionTreeClassifier with
 * the same max_depth (and rpart's settings that grow sklearn's tree: cp = -1, minsplit = 2, minbucket = 1, no
 * cross-validation); 100k survey-like rows with rpart's default 10-fold cp table beside R's rpart(xval = 10);
 * crossValidate with 10 folds beside the same loop of rpart fits in R; and the user's previous library, ml-cart
 * 2.1.1 (O(n²) split search), on 5k × 6 beside cart and sklearn on the same size.
 */
import { createRequire } from 'node:module';
import { cart, crossValidate } from '../../src/analysis/cart/index.js';
import type { CartData } from '../../src/analysis/cart/index.js';
import type { AnalysisBenchCase } from './bench-case.js';

/** mulberry32: a small seeded PRNG so the inputs are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n rows of p continuous features (sum of two uniforms on [-1, 1]) and a noisy two-class rule on four of them. */
function continuousData(n: number, p: number, seed: number): CartData {
  const u = mulberry32(seed);
  const features: Record<string, Float64Array> = {};
  const cols: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = u() * 2 - 1 + u() * 2 - 1;
    features[`x${j + 1}`] = c;
    cols.push(c);
  }
  const target: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const z = cols[0]![i]! + 0.5 * cols[1]![i]! * cols[2]![i]! - 0.3 * cols[3]![i]! + (u() - 0.5);
    target[i] = z > 0.2 ? 'yes' : 'no';
  }
  return { features, target };
}

const PY_CONTINUOUS = (n: number, p: number): string => `
import numpy as np
from sklearn.tree import DecisionTreeClassifier
rng = np.random.default_rng(20240613)
X = rng.random((${n}, ${p})) * 2 - 1 + rng.random((${n}, ${p})) * 2 - 1
z = X[:, 0] + 0.5 * X[:, 1] * X[:, 2] - 0.3 * X[:, 3] + (rng.random(${n}) - 0.5)
y = np.where(z > 0.2, 'yes', 'no')
`;

/** A survey-like table: 8 integer timings/scores with ties, channel (4 levels), region (8 levels), satisfied or not. */
function surveyData(n: number, seed: number): CartData {
  const u = mulberry32(seed);
  const channels = ['chat', 'email', 'phone', 'web'];
  const features: Record<string, Float64Array | string[]> = {};
  const numeric: Float64Array[] = [];
  for (let j = 0; j < 8; j++) {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = Math.round(u() * 600);
    features[`t${j + 1}`] = c;
    numeric.push(c);
  }
  const channel = Array.from({ length: n }, () => channels[Math.floor(u() * 4)]!);
  const region = Array.from({ length: n }, () => `r${Math.floor(u() * 8)}`);
  features['channel'] = channel;
  features['region'] = region;
  const target = Array.from({ length: n }, (_, i) => {
    const z = numeric[0]![i]! / 300 - 1 + (channel[i] === 'phone' ? 0.5 : 0) + 0.002 * numeric[1]![i]! - 0.6 + (u() - 0.5) * 2;
    return z > 0 ? 'dissatisfied' : 'satisfied';
  });
  return { features, target };
}

const R_SURVEY = `
suppressMessages(library(rpart))
set.seed(20240613)
n <- 100000
df <- as.data.frame(matrix(round(runif(n * 8) * 600), n, 8, dimnames = list(NULL, paste0("t", 1:8))))
df$channel <- factor(sample(c("chat", "email", "phone", "web"), n, TRUE))
df$region <- factor(paste0("r", sample(0:7, n, TRUE)))
z <- df$t1 / 300 - 1 + ifelse(df$channel == "phone", 0.5, 0) + 0.002 * df$t2 - 0.6 + (runif(n) - 0.5) * 2
df$y <- factor(ifelse(z > 0, "dissatisfied", "satisfied"))
folds <- sample(rep(1:10, length.out = n))
`;

interface MlCartClassifier {
  train(x: number[][], y: number[]): void;
}
const requireCjs = createRequire(import.meta.url);
const { DecisionTreeClassifier: MlCart } = requireCjs('ml-cart') as {
  DecisionTreeClassifier: new (options?: Record<string, unknown>) => MlCartClassifier;
};

/** The 5k × 6 data as ml-cart wants it: an array of rows and numeric labels. */
function mlCartData(data: CartData): { x: number[][]; y: number[] } {
  const cols = Object.values(data.features) as Float64Array[];
  const n = data.target.length;
  return {
    x: Array.from({ length: n }, (_, i) => cols.map((c) => c[i]!)),
    y: Array.from(data.target as readonly string[], (label) => (label === 'yes' ? 1 : 0)),
  };
}

export const cases: readonly AnalysisBenchCase[] = [
  {
    name: 'cart classification 1M × 10, maxDepth 10 (sklearn settings: cp -1, minSplit 2, minBucket 1, xval 0)',
    setup: () => continuousData(1_000_000, 10, 20240613),
    run: (input) => cart(input as CartData, { cp: -1, minSplit: 2, minBucket: 1, maxDepth: 10, xval: 0 }),
    python: `${PY_CONTINUOUS(1_000_000, 10)}
def work():
    return DecisionTreeClassifier(max_depth=10, random_state=0).fit(X, y)
`,
  },
  {
    name: 'cart classification 100k × 10 survey rows, rpart defaults with the 10-fold cp table',
    setup: () => surveyData(100_000, 11),
    run: (input) => cart(input as CartData, { xval: 10, seed: 1 }),
    r: `${R_SURVEY}
work <- function() rpart(y ~ ., data = df, xval = 10)
`,
  },
  {
    name: 'crossValidate 100k × 10 survey rows, 10 folds, rpart defaults',
    setup: () => surveyData(100_000, 11),
    run: (input) => crossValidate(input as CartData, {}, { folds: 10, seed: 1 }),
    r: `${R_SURVEY}
work <- function() {
  pred <- character(n)
  for (f in 1:10) {
    fit <- rpart(y ~ ., data = df[folds != f, ], xval = 0)
    pred[folds == f] <- as.character(predict(fit, newdata = df[folds == f, ], type = "class"))
  }
  mean(pred == df$y)
}
`,
  },
  {
    name: 'cart classification 5k × 6, rpart defaults without cross-validation (size of the ml-cart baseline)',
    setup: () => continuousData(5_000, 6, 5),
    run: (input) => cart(input as CartData, { xval: 0 }),
    python: `${PY_CONTINUOUS(5_000, 6)}
def work():
    return DecisionTreeClassifier(min_samples_split=20, min_samples_leaf=7, random_state=0).fit(X, y)
`,
  },
  {
    name: 'ml-cart 2.1.1 DecisionTreeClassifier 5k × 6, default options (the former library: O(n²) split search)',
    setup: () => mlCartData(continuousData(5_000, 6, 5)),
    run: (input) => {
      const { x, y } = input as { x: number[][]; y: number[] };
      const model = new MlCart();
      model.train(x, y);
      return model;
    },
  },
];
