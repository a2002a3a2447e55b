/**
 * Two-word phrases: each pair of consecutive terms within a clause, written `first second` (one space).
 *
 * Method: word bigrams (Manning & Schütze 1999, Foundations of Statistical Natural Language Processing, §6.1)
 * over the content terms a tokenizer kept, so a stop word between two terms does not break their pair
 * (退还 多扣 费用 gives 退还 多扣 and 多扣 费用), but a clause boundary does: no phrase joins the last word of one
 * sentence to the first of the next.
 */

/**
 * The bigrams of each clause, in order.
 * @param clauses terms per clause
 * @example clauseBigrams([['宽带', '频繁', '掉线'], ['报修']]) // => ['宽带 频繁', '频繁 掉线']
 */
export function clauseBigrams(clauses: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const clause of clauses) {
    for (let i = 1; i < clause.length; i++) out.push(`${clause[i - 1]!} ${clause[i]!}`);
  }
  return out;
}
