/**
 * Reads `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` output: where a statement's time went, node by node.
 *
 * Method: a node's exclusive time is its inclusive time (`Actual Total Time` × `Actual Loops`) minus its
 * children's inclusive times; for parallel nodes the loops include the workers, so the figure is summed over
 * processes (as PostgreSQL's own explain.depesz.com-style readers do). The rendering is a compact plan tree:
 * node, relation or key, rows, inclusive and exclusive milliseconds, shared buffers hit / read, spills.
 */

/** One plan node as EXPLAIN's JSON format gives it (the fields read here). */
export interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly Alias?: string;
  readonly 'Join Type'?: string;
  readonly Strategy?: string;
  readonly 'Parent Relationship'?: string;
  readonly 'Subplan Name'?: string;
  readonly 'CTE Name'?: string;
  readonly 'Actual Total Time'?: number;
  readonly 'Actual Rows'?: number;
  readonly 'Actual Loops'?: number;
  readonly 'Plan Rows'?: number;
  readonly 'Shared Hit Blocks'?: number;
  readonly 'Shared Read Blocks'?: number;
  readonly 'Temp Written Blocks'?: number;
  readonly 'Sort Method'?: string;
  readonly 'Sort Space Used'?: number;
  readonly 'Sort Space Type'?: string;
  readonly 'Rows Removed by Filter'?: number;
  readonly 'Rows Removed by Index Recheck'?: number;
  readonly 'Heap Blocks Lossy'?: number;
  readonly 'Hash Batches'?: number;
  readonly 'Workers Launched'?: number;
  readonly Plans?: readonly PlanNode[];
}

/** The top level of one EXPLAIN JSON document. */
export interface ExplainDocument {
  readonly Plan: PlanNode;
  readonly 'Planning Time'?: number;
  readonly 'Execution Time'?: number;
  readonly JIT?: { readonly Functions?: number; readonly Timing?: { readonly Total?: number } };
}

/** A node's share of the statement. */
export interface NodeTime {
  readonly label: string;
  readonly depth: number;
  readonly inclusiveMs: number;
  readonly exclusiveMs: number;
  readonly rows: number;
  readonly loops: number;
  readonly estimatedRows: number;
  readonly detail: string;
}

/** The statement: its total, JIT time, and every node in plan order. */
export interface PlanSummary {
  readonly executionMs: number;
  readonly planningMs: number;
  readonly jitMs: number;
  readonly nodes: readonly NodeTime[];
}

const inclusive = (n: PlanNode) => (n['Actual Total Time'] ?? 0) * (n['Actual Loops'] ?? 1);

/** A short name for a node: type, join type or strategy, and the relation / index / CTE / subplan it reads. */
function nodeLabel(n: PlanNode): string {
  const kind = [n.Strategy && n.Strategy !== 'Plain' ? n.Strategy : '', n['Join Type'] && n['Join Type'] !== 'Inner' ? n['Join Type'] : '', n['Node Type']]
    .filter((s) => s !== '')
    .join(' ');
  const on = n['Index Name'] ? ` using ${n['Index Name']} on ${n['Relation Name'] ?? ''}` : n['Relation Name'] ? ` on ${n['Relation Name']}` : '';
  const alias = n.Alias && n.Alias !== n['Relation Name'] ? ` ${n.Alias}` : '';
  const named = n['CTE Name'] ? ` (CTE ${n['CTE Name']})` : n['Subplan Name'] ? ` (${n['Subplan Name']})` : '';
  return `${kind}${on}${alias}${named}`;
}

function nodeDetail(n: PlanNode): string {
  const parts: string[] = [];
  const hit = n['Shared Hit Blocks'] ?? 0;
  const read = n['Shared Read Blocks'] ?? 0;
  if (hit + read > 0) parts.push(`buffers hit ${hit} read ${read}`);
  if ((n['Temp Written Blocks'] ?? 0) > 0) parts.push(`temp written ${n['Temp Written Blocks']} blocks`);
  if (n['Sort Method']) parts.push(`sort ${n['Sort Method']} ${n['Sort Space Used'] ?? '?'} kB ${n['Sort Space Type'] ?? ''}`.trim());
  if ((n['Hash Batches'] ?? 1) > 1) parts.push(`hash batches ${n['Hash Batches']}`);
  if ((n['Rows Removed by Filter'] ?? 0) > 0) parts.push(`removed by filter ${n['Rows Removed by Filter']}`);
  if ((n['Rows Removed by Index Recheck'] ?? 0) > 0) parts.push(`removed by recheck ${n['Rows Removed by Index Recheck']}`);
  if ((n['Heap Blocks Lossy'] ?? 0) > 0) parts.push(`lossy blocks ${n['Heap Blocks Lossy']}`);
  if (n['Workers Launched'] !== undefined) parts.push(`workers ${n['Workers Launched']}`);
  return parts.join(', ');
}

/**
 * Flattens a plan into its nodes with inclusive and exclusive times.
 *
 * @param doc one element of EXPLAIN (FORMAT JSON)'s array
 * @example summarizePlan({ Plan: { 'Node Type': 'Seq Scan', 'Actual Total Time': 5, 'Actual Loops': 1 }, 'Execution Time': 5 }).nodes[0].exclusiveMs // => 5
 */
export function summarizePlan(doc: ExplainDocument): PlanSummary {
  const nodes: NodeTime[] = [];
  const walk = (n: PlanNode, depth: number) => {
    const children = n.Plans ?? [];
    const own = inclusive(n);
    nodes.push({
      label: nodeLabel(n),
      depth,
      inclusiveMs: own,
      exclusiveMs: Math.max(0, own - children.reduce((s, c) => s + inclusive(c), 0)),
      rows: n['Actual Rows'] ?? 0,
      loops: n['Actual Loops'] ?? 1,
      estimatedRows: n['Plan Rows'] ?? 0,
      detail: nodeDetail(n),
    });
    for (const c of children) walk(c, depth + 1);
  };
  walk(doc.Plan, 0);
  return {
    executionMs: doc['Execution Time'] ?? inclusive(doc.Plan),
    planningMs: doc['Planning Time'] ?? 0,
    jitMs: doc.JIT?.Timing?.Total ?? 0,
    nodes,
  };
}

/**
 * The plan as an indented tree, one line a node: inclusive / exclusive ms, rows (× loops), estimate, detail.
 * Nodes under `minShare` of the execution time are folded into their parent's line count.
 *
 * @example renderPlan(summary, 0.01).split('\n')[0] // => 'execution 9,452 ms, planning 3 ms, JIT 1,210 ms'
 */
export function renderPlan(summary: PlanSummary, minShare = 0): string {
  const ms = (x: number) => Math.round(x).toLocaleString('en-US');
  const lines = [`execution ${ms(summary.executionMs)} ms, planning ${ms(summary.planningMs)} ms, JIT ${ms(summary.jitMs)} ms`];
  for (const n of summary.nodes) {
    if (n.inclusiveMs < minShare * summary.executionMs) continue;
    const rows = n.loops > 1 ? `${n.rows} × ${n.loops} loops` : String(n.rows);
    const detail = n.detail === '' ? '' : `; ${n.detail}`;
    lines.push(`${'  '.repeat(n.depth)}${n.label}  [${ms(n.inclusiveMs)} ms, self ${ms(n.exclusiveMs)} ms; rows ${rows} (est. ${n.estimatedRows})${detail}]`);
  }
  return lines.join('\n');
}

/**
 * The nodes that took the most exclusive time, largest first.
 *
 * @example topNodes(summary, 3).map((n) => n.label) // => ['Sort', 'WindowAgg', 'Seq Scan on contact c']
 */
export function topNodes(summary: PlanSummary, count: number): NodeTime[] {
  return [...summary.nodes].sort((a, b) => b.exclusiveMs - a.exclusiveMs).slice(0, count);
}
