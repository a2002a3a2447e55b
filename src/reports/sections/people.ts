/**
 * Team and agent scorecards (minimum n; agents' values shrunk towards their team, empirical Bayes) and the
 * staffing outlook (Erlang C agents required per weekday × hour for the next period's forecast volume).
 */
import { formatValue } from '../format.js';
import { metricLabel, t, weekdayLabel, WEEKDAY_ORDER } from '../labels.js';
import type { Block, ReportInputs, Section } from '../report.js';
import { heatmap } from '../specs/heatmap.js';
import { missingNote, num, okValue, rowsOf, str, tableBlock, variantLines , compareText } from './rows.js';

const TEAM_METRICS = ['contacts', 'service_level', 'aht_seconds', 'fcr', 'csat', 'complaints_per_1000_contacts'] as const;

export function scorecardsSection(inputs: ReportInputs): Section {
  const lang = inputs.lang;
  const title = t(lang, 'scorecards');
  const doc = inputs.documents['scorecards'];
  const teamRows = rowsOf(doc).filter((r) => r['agent'] === undefined);
  if (!doc || teamRows.length === 0) return { id: 'scorecards', title, blocks: [missingNote(lang, inputs, 'scorecards')] };
  const teams = [...new Set(teamRows.map((r) => str(r, 'team') ?? '–'))];
  const cell = (team: string, metric: string) => teamRows.find((r) => (str(r, 'team') ?? '–') === team && r['metric'] === metric);
  const flagged = teamRows.filter((r) => r['flag'] !== null && r['flag'] !== undefined);
  const blocks: Block[] = [
    tableBlock(
      'team-scorecard',
      lang === 'zh' ? '团队记分卡' : 'Team scorecard',
      teams,
      [
        { key: 'team', label: t(lang, 'team'), value: (x) => x },
        ...TEAM_METRICS.map((m) => ({
          key: m,
          label: metricLabel(lang, m),
          numeric: true,
          value: (x: string) => okValue(cell(x, m)),
          text: (x: string) => `${formatValue(okValue(cell(x, m)), cell(x, m)?.['unit'], lang)}${cell(x, m)?.['flag'] ? ` (${String(cell(x, m)!['flag'])})` : ''}`,
        })),
      ],
      {
        reading: flagged.length > 0 ? flagged.map((r) => `${str(r, 'team')}: ${metricLabel(lang, String(r['metric']))} ${String(r['flag'])} (q = ${(num(r, 'vs_others_q') ?? NaN).toPrecision(2)})`).join('; ') : lang === 'zh' ? '没有团队与其他团队有显著差异。' : 'No team differs significantly from the other teams.',
        variants: variantLines(doc, ['flag', ...TEAM_METRICS]),
      },
    ),
  ];
  const agents = rowsOf(doc, 'service_level').filter((r) => r['agent'] !== undefined);
  if (agents.length > 0) {
    blocks.push(
      tableBlock(
        'agent-scorecard',
        lang === 'zh' ? '坐席记分卡（服务水平，收缩估计）' : 'Agent scorecard (service level, shrunk)',
        // Code-unit order, not the machine's locale: the same bytes everywhere.
        [...agents].sort((a, b) => compareText(String(a['team']), String(b['team'])) || (num(a, 'rank_in_team') ?? 0) - (num(b, 'rank_in_team') ?? 0)),
        [
          { key: 'team', label: t(lang, 'team'), value: (r) => str(r, 'team') },
          { key: 'agent', label: t(lang, 'agent'), value: (r) => str(r, 'agent') },
          { key: 'value', label: metricLabel(lang, 'service_level'), numeric: true, value: (r) => okValue(r), text: (r) => (r['status'] === 'ok' ? formatValue(okValue(r), 'share') : `(${str(r, 'status')})`) },
          { key: 'shrunk', label: t(lang, 'shrunk'), numeric: true, value: (r) => num(r, 'shrunk'), text: (r) => formatValue(num(r, 'shrunk'), 'share') },
          { key: 'n', label: t(lang, 'n'), numeric: true, value: (r) => num(r, 'n'), text: (r) => formatValue(num(r, 'n'), 'count') },
          { key: 'rank_in_team', label: lang === 'zh' ? '团队内排名' : 'Rank in team', numeric: true, value: (r) => num(r, 'rank_in_team') },
        ],
        { variants: variantLines(doc, ['shrunk', 'service_level']) },
      ),
    );
  }
  return { id: 'scorecards', title, blocks };
}

export function staffingSection(inputs: ReportInputs): Section {
  const lang = inputs.lang;
  const title = t(lang, 'staffing');
  const doc = inputs.documents['staffing'];
  const cells = rowsOf(doc, 'agents_required').filter((r) => typeof r['weekday'] === 'string' && okValue(r) !== null);
  if (!doc || cells.length === 0) return { id: 'staffing', title, blocks: [missingNote(lang, inputs, 'staffing')] };
  const peak = rowsOf(doc, 'peak_agents_required')[0];
  const hours = rowsOf(doc, 'agent_hours_per_week')[0];
  const top = [...cells].sort((a, b) => okValue(b)! - okValue(a)!)[0]!;
  return {
    id: 'staffing',
    title,
    blocks: [
      {
        kind: 'chart',
        id: 'staffing-agents-required',
        title: t(lang, 'agentsRequired'),
        spec: heatmap(
          cells.map((r) => ({ row: weekdayLabel(lang, String(r['weekday'])), column: String(r['hour']), value: okValue(r)! })),
          { rowTitle: t(lang, 'weekday'), columnTitle: t(lang, 'hour'), valueTitle: t(lang, 'agentsRequired'), rowOrder: WEEKDAY_ORDER.map((d) => weekdayLabel(lang, d)) },
        ),
        alt: `${t(lang, 'agentsRequired')}: ${cells.length} intervals, peak ${formatValue(okValue(top), 'agents')} (${weekdayLabel(lang, String(top['weekday']))} ${String(top['hour'])}:00)`,
        reading:
          lang === 'zh'
            ? `高峰时段（${weekdayLabel(lang, String(top['weekday']))} ${String(top['hour'])}:00）需要 ${formatValue(okValue(peak) ?? okValue(top), 'agents')} 名坐席；每周共 ${formatValue(okValue(hours), 'agents')} 坐席小时。`
            : `The busiest interval (${weekdayLabel(lang, String(top['weekday']))} ${String(top['hour'])}:00) needs ${formatValue(okValue(peak) ?? okValue(top), 'agents')} agents; ${formatValue(okValue(hours), 'agents')} agent hours a week in all.`,
        variants: variantLines(doc, ['agents_required', 'standard', 'aht_seconds', 'source']),
      },
    ],
  };
}
