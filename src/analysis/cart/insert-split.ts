/**
 * Keeps a list of splits ordered by decreasing improvement, at most `max` long (rpart `insert_split.c`): a new
 * split goes after every split at least as good, so among equal improvements the earliest variable stays first.
 */
import type { SplitRec } from './engine.js';

/** Returns a fresh record placed in `list`, or null when the split does not make the list. */
export function insertSplit(list: SplitRec[], improve: number, max: number, ncat: number): SplitRec | null {
  let pos = 0;
  while (pos < list.length && !(improve > list[pos]!.improve)) pos++;
  if (list.length > 0 && list.length >= Math.max(1, max) && pos === list.length) return null;
  const rec: SplitRec = { varNum: 0, improve, spoint: 0, csplit: new Int8Array(Math.max(1, ncat)), count: 0, adj: 0, rankCut: -1, rankHi: -1 };
  list.splice(pos, 0, rec);
  if (list.length > Math.max(1, max)) list.pop();
  return rec;
}
