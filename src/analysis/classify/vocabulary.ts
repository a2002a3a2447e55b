/**
 * The features a text classifier uses: the terms and phrases seen in enough training documents.
 *
 * Method: document frequency (the number of documents a feature occurs in) counted over the training documents;
 * features in fewer than `minDocumentFrequency` documents are dropped (a word seen once cannot be learned from,
 * and a misspelling or a name should not become a rule: Manning, Raghavan & Schütze 2008, Introduction to
 * Information Retrieval, §13.5 feature selection), and at most `maxFeatures` are kept, the most frequent first
 * (ties in code-unit order, so the same documents always give the same vocabulary; as scikit-learn's
 * CountVectorizer(min_df, max_features) except that its ties fall in index order).
 */

/** Options of {@link buildVocabulary}. */
export interface VocabularyOptions {
  /** Fewest documents a feature must occur in; default 2. */
  readonly minDocumentFrequency?: number;
  /** Most features kept; default 50 000. */
  readonly maxFeatures?: number;
}

/** The features, each with its index (its position) and document frequency. */
export interface Vocabulary {
  readonly features: readonly string[];
  readonly documentFrequency: readonly number[];
  /** Documents counted. */
  readonly documents: number;
  readonly index: ReadonlyMap<string, number>;
}

/**
 * The vocabulary of `documents`.
 * @param documents each document's features (terms and phrases; repeats allowed, counted once per document)
 * @param options minimum document frequency and maximum size
 * @throws RangeError when minDocumentFrequency or maxFeatures is not a positive integer
 * @example buildVocabulary([['宽带', '掉线'], ['宽带'], ['账单']]).features // => ['宽带']
 */
export function buildVocabulary(documents: readonly (readonly string[])[], options: VocabularyOptions = {}): Vocabulary {
  const minDf = options.minDocumentFrequency ?? 2;
  const maxFeatures = options.maxFeatures ?? 50_000;
  if (!Number.isSafeInteger(minDf) || minDf < 1) throw new RangeError(`buildVocabulary: minDocumentFrequency must be a positive integer, got ${minDf}`);
  if (!Number.isSafeInteger(maxFeatures) || maxFeatures < 1) throw new RangeError(`buildVocabulary: maxFeatures must be a positive integer, got ${maxFeatures}`);
  const df = new Map<string, number>();
  for (const doc of documents) {
    for (const f of new Set(doc)) df.set(f, (df.get(f) ?? 0) + 1);
  }
  const kept = [...df].filter(([, n]) => n >= minDf).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, maxFeatures);
  return vocabularyOf(kept.map(([f]) => f), kept.map(([, n]) => n), documents.length);
}

/**
 * A vocabulary from its parts (a stored model's).
 * @example vocabularyOf(['宽带', '掉线'], [3, 2], 5).index.get('掉线') // => 1
 */
export function vocabularyOf(features: readonly string[], documentFrequency: readonly number[], documents: number): Vocabulary {
  return { features, documentFrequency, documents, index: new Map(features.map((f, i) => [f, i])) };
}
