/**
 * Every word a report prints, in English and Simplified Chinese (`--lang zh`). Metric names follow DOMAIN.md;
 * a metric without an entry prints its identifier, so a new metric never breaks a report.
 */
export type Lang = 'en' | 'zh';
export const LANGS: readonly Lang[] = ['en', 'zh'];

type Entry = readonly [en: string, zh: string];

const METRICS: Readonly<Record<string, Entry>> = {
  contacts_offered: ['Contacts offered', '来电/接触总量'],
  contacts_answered: ['Contacts answered', '已接通量'],
  contacts_abandoned: ['Contacts abandoned', '放弃量'],
  service_level: ['Service level', '服务水平'],
  service_level_priority: ['Service level (priority)', '服务水平（按优先级标准）'],
  abandon_rate: ['Abandon rate', '放弃率'],
  asa_seconds: ['Average speed of answer', '平均应答速度'],
  aht_seconds: ['Average handling time', '平均处理时长'],
  fcr: ['First-contact resolution', '首次解决率'],
  csat: ['Satisfaction (CSAT)', '满意度（CSAT）'],
  nps: ['Net Promoter Score', '净推荐值（NPS）'],
  ces_easy_share: ['Customer effort: easy', '客户费力度：容易'],
  transparency_satisfied: ['Satisfied with transparency', '进度透明满意度'],
  complaints_received: ['Complaints received', '投诉受理量'],
  first_reply_within_30min: ['First reply within 30 min', '30 分钟内首次回复'],
  handled_within_24h: ['Handled within 24 h', '24 小时内处理完毕'],
  complaints_per_1000_contacts: ['Complaints per 1,000 contacts', '每千次接触投诉数'],
  first_response_within_standard: ['First response within standard', '首次响应达标'],
  followup_within_48h: ['Follow-up within 48 h', '48 小时内回访'],
  reopen_rate: ['Reopen rate', '重开率'],
  escalation_rate: ['Escalation rate', '升级率'],
  satisfaction_after_resolution: ['Satisfaction after resolution', '处理后满意度'],
  share_handled_within_24h: ['Feedback handled within 24 h', '24 小时内处理完毕的反馈'],
  csat_transparency: ['Satisfaction with transparency', '进度透明满意度'],
  service_level_miss_share: ['Share missing the service level', '未达服务水平比例'],
  contacts_offered_adjusted: ['Contacts offered (weekday-adjusted)', '接触量（按星期调整）'],
  contacts: ['Contacts', '接触量'],
  top2_share: ['Top-two-box share', '前两档比例'],
};

const WORDS = {
  quarterlyTitle: ['Quarterly service-quality report', '季度服务质量报告'],
  monthlyTitle: ['Monthly service-quality report', '月度服务质量报告'],
  scorecardTitle: ['Improvement targets: leadership scorecard', '改进目标：管理层记分卡'],
  dataQualityTitle: ['Data-quality report', '数据质量报告'],
  periodLine: ['{period} ({from} to {to}, {tz})', '{period}（{from} 至 {to}，{tz}）'],
  madeAt: ['Made {at} from batches {batches}', '生成于 {at}，数据批次 {batches}'],
  contents: ['Contents', '目录'],
  atAGlance: ['At a glance', '要点'],
  headline: ['Headline KPIs', '核心指标'],
  serviceLevel: ['Service level by channel', '各渠道服务水平'],
  trends: ['Trends and forecast', '趋势与预测'],
  control: ['Control charts', '控制图'],
  complaints: ['Complaints', '投诉'],
  surveys: ['Survey items and key drivers', '调查题项与关键驱动因素'],
  themes: ['Complaint themes', '投诉主题'],
  segments: ['Complaint segments', '投诉细分'],
  tree: ['What predicts dissatisfaction (decision tree)', '不满意的预测规则（决策树）'],
  scorecards: ['Team and agent scorecards', '团队与坐席记分卡'],
  training: ['Training effectiveness', '培训效果'],
  staffing: ['Staffing outlook', '人力需求展望'],
  dataQuality: ['Data quality', '数据质量'],
  targets: ['Improvement targets', '改进目标'],
  noData: ['No data for this part in the period: {reason}', '本期无此部分数据：{reason}'],
  failed: ['This part could not be computed: {reason}', '此部分无法计算：{reason}'],
  vsPrevious: ['vs {period}', '较 {period}'],
  target: ['Target', '目标'],
  actual: ['Actual', '实际'],
  status: ['Status', '状态'],
  met: ['met', '达成'],
  at_risk: ['at risk', '有风险'],
  missed: ['missed', '未达成'],
  trendPerMonth: ['Trend per month', '月度趋势'],
  projected: ['Projected date', '预计达成日期'],
  channel: ['Channel', '渠道'],
  priority: ['Priority', '优先级'],
  month: ['Month', '月份'],
  day: ['Day', '日期'],
  value: ['Value', '数值'],
  metric: ['Metric', '指标'],
  lower: ['Lower 95%', '95% 下限'],
  upper: ['Upper 95%', '95% 上限'],
  standard: ['Standard', '标准'],
  n: ['n', '样本量'],
  category: ['Category', '类别'],
  root_cause: ['Root cause', '根本原因'],
  share: ['Share', '占比'],
  cumulative: ['Cumulative share', '累计占比'],
  item: ['Item', '题项'],
  importance: ['Importance (share of R²)', '重要性（R² 占比）'],
  performance: ['Performance (top-two-box)', '表现（前两档比例）'],
  quadrant: ['Quadrant', '象限'],
  term: ['Term', '词语'],
  shareNow: ['Share now', '本期占比'],
  shareBefore: ['Share before', '上期占比'],
  examples: ['Examples', '示例'],
  segment: ['Segment', '细分'],
  complaintsCount: ['Complaints', '投诉数'],
  topCategory: ['Top category', '主要类别'],
  topChannel: ['Top channel', '主要渠道'],
  firstResponse: ['First response (median)', '首次响应（中位数）'],
  resolution: ['Resolution (median)', '解决时长（中位数）'],
  rule: ['Rule', '规则'],
  team: ['Team', '团队'],
  agent: ['Agent', '坐席'],
  shrunk: ['Shrunk value', '收缩估计'],
  flag: ['Flag', '标记'],
  weekday: ['Weekday', '星期'],
  hour: ['Hour', '小时'],
  agentsRequired: ['Agents required', '所需坐席数'],
  forecastContacts: ['Forecast contacts per day', '每日接触量预测'],
  interval95: ['95% interval', '95% 区间'],
  centre: ['Centre line', '中心线'],
  limits: ['Control limits', '控制限'],
  flagged: ['Flagged day', '异常日'],
  source: ['Source', '数据源'],
  batches: ['Batches', '批次'],
  rowsRead: ['Rows read', '读取行数'],
  rowsLoaded: ['Rows loaded', '入库行数'],
  rowsRejected: ['Rows rejected', '拒收行数'],
  rowsDuplicate: ['Duplicates', '重复行数'],
  reason: ['Reason', '原因'],
  rows: ['Rows', '行数'],
  example: ['Example', '示例'],
  file: ['File', '文件'],
  error: ['Error', '错误'],
  batch: ['Batch', '批次'],
  encoding: ['Encoding', '编码'],
  significant: ['significant', '显著'],
  notSignificant: ['not significant', '不显著'],
  rose: ['rose', '上升'],
  fell: ['fell', '下降'],
  unchanged: ['was unchanged', '持平'],
  calls: ['Call logs', '通话记录'],
  surveysSource: ['Survey answers', '调查答卷'],
  complaintsSource: ['Complaints', '投诉'],
  noRejects: ['No rows were rejected.', '无拒收行。'],
  noRefused: ['No file was refused.', '无被拒文件。'],
  definitions: ['Definitions', '指标定义'],
  mark: ['* significant after Benjamini–Hochberg adjustment (q < 0.05)', '* 经 Benjamini–Hochberg 校正后显著（q < 0.05）'],
} as const satisfies Record<string, Entry>;

export type WordKey = keyof typeof WORDS;

/** A word or sentence in `lang`, `{name}` placeholders filled from `values`. */
export function t(lang: Lang, key: WordKey, values: Readonly<Record<string, string | number>> = {}): string {
  const text = WORDS[key][lang === 'zh' ? 1 : 0];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
}

/** A metric's name in `lang` (its identifier when it has none). */
export function metricLabel(lang: Lang, metric: string): string {
  const e = METRICS[metric];
  return e ? e[lang === 'zh' ? 1 : 0] : metric;
}

const WEEKDAYS: Readonly<Record<string, Entry>> = {
  mon: ['Mon', '周一'],
  tue: ['Tue', '周二'],
  wed: ['Wed', '周三'],
  thu: ['Thu', '周四'],
  fri: ['Fri', '周五'],
  sat: ['Sat', '周六'],
  sun: ['Sun', '周日'],
};

/** 'mon' → 'Mon' / '周一'. */
export function weekdayLabel(lang: Lang, day: string): string {
  const e = WEEKDAYS[day];
  return e ? e[lang === 'zh' ? 1 : 0] : day;
}

/** The order of weekdays on an axis. */
export const WEEKDAY_ORDER = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
