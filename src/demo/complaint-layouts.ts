/**
 * The two complaint exports:
 * - the legacy ticket system: GB18030 CSV, CRLF, Chinese headers and labels (投诉类型 服务类/产品类/技术类/计费,
 *   紧急程度 特急/高/中/低, 影响范围 重大/较大/一般/较小, 工单状态 待处理/处理中/已解决/已关闭), ratings as digits or
 *   verbal labels, resident ID numbers for a few customers;
 * - the new CRM's API dump: a JSON array with English keys and codes, UTC times (`…Z`), booleans and nulls.
 */
import { formatIsoUtc, formatLocalDateTime } from './local-time.js';
import { channelZh, ratingText, type Cell, type FileLayout } from './layout.js';
import { COMPLAINT_DIRTY_SHARE } from './dirty.js';
import type { SeededRandom } from './random.js';
import type { DemoCategory, DemoComplaint, DemoLevel, DemoRootCause, DemoStatus } from './records.js';

/** Headers of the GB18030 complaint CSV. */
export const COMPLAINTS_CSV_HEADERS = [
  '投诉单号', '受理时间', '受理渠道', '投诉类型', '紧急程度', '影响范围', '根本原因', '投诉内容', '首次响应时间', '解决时间',
  '结案时间', '工单状态', '是否重开', '是否升级', '回访满意度', '回访时间', '受理人工号', '受理人', '班组', '区域', '联系电话', '身份证号',
] as const;

/** Keys of the complaint JSON array records. */
export const COMPLAINTS_JSON_KEYS = [
  'ticket_id', 'created_at', 'channel', 'category', 'urgency', 'impact', 'root_cause', 'description', 'first_response_at',
  'resolved_at', 'closed_at', 'status', 'reopened', 'escalated', 'satisfaction', 'followup_at', 'agent_code', 'agent_name',
  'team', 'region', 'phone', 'email', 'id_card',
] as const;

const CATEGORY_ZH: Readonly<Record<DemoCategory, string>> = { service: '服务类', product: '产品类', technical: '技术类', other: '其他' };
const URGENCY_ZH: Readonly<Record<DemoLevel, string>> = { critical: '特急', high: '高', medium: '中', low: '低' };
const IMPACT_ZH: Readonly<Record<DemoLevel, string>> = { critical: '重大', high: '较大', medium: '一般', low: '较小' };
const ROOT_CAUSE_ZH: Readonly<Record<DemoRootCause, string>> = {
  process: '流程问题',
  staff_attitude: '服务态度',
  product_quality: '产品质量',
  technical_support: '技术支持',
  other: '其他',
};
const STATUS_ZH: Readonly<Record<DemoStatus, string>> = { open: '待处理', in_progress: '处理中', resolved: '已解决', closed: '已关闭' };

function zhTime(localMs: number): string {
  return localMs === localMs ? formatLocalDateTime(localMs, '-', ' ') : '';
}

function utcTime(localMs: number): string | null {
  return localMs === localMs ? formatIsoUtc(localMs) : null;
}

function fillCsv(c: DemoComplaint, rng: SeededRandom, out: Cell[]): void {
  out[0] = c.id;
  out[1] = zhTime(c.receivedMs);
  out[2] = channelZh(c.channel, rng);
  // Billing complaints are often filed under the billing label itself, which the vocabulary files under product.
  out[3] = c.textKind === 'billing' && rng.bernoulli(0.5) ? '计费' : CATEGORY_ZH[c.category];
  out[4] = URGENCY_ZH[c.urgency];
  out[5] = IMPACT_ZH[c.impact];
  out[6] = ROOT_CAUSE_ZH[c.rootCause];
  out[7] = c.description;
  out[8] = zhTime(c.firstResponseMs);
  out[9] = zhTime(c.resolvedMs);
  out[10] = zhTime(c.closedMs);
  out[11] = STATUS_ZH[c.status];
  out[12] = c.reopened ? '是' : '否';
  out[13] = c.escalated ? '是' : '否';
  out[14] = ratingText(c.satisfaction, rng, 0.3);
  out[15] = zhTime(c.followupMs);
  out[16] = c.agent === null ? '' : c.agent.code;
  out[17] = c.agent === null ? '' : c.agent.name;
  out[18] = c.team;
  out[19] = c.region;
  out[20] = c.customer.phone;
  out[21] = c.customer.idCard;
}

function fillJson(c: DemoComplaint, _rng: SeededRandom, out: Cell[]): void {
  out[0] = c.id;
  out[1] = formatIsoUtc(c.receivedMs);
  out[2] = c.channel;
  out[3] = c.category;
  out[4] = c.urgency;
  out[5] = c.impact;
  out[6] = c.rootCause;
  out[7] = c.description;
  out[8] = utcTime(c.firstResponseMs);
  out[9] = utcTime(c.resolvedMs);
  out[10] = utcTime(c.closedMs);
  out[11] = c.status;
  out[12] = c.reopened;
  out[13] = c.escalated;
  out[14] = c.satisfaction === c.satisfaction ? c.satisfaction : null;
  out[15] = utcTime(c.followupMs);
  out[16] = c.agent === null ? null : c.agent.code;
  out[17] = c.agent === null ? null : c.agent.name;
  out[18] = c.team;
  out[19] = c.region;
  out[20] = c.customer.phone;
  out[21] = c.customer.email === '' ? null : c.customer.email;
  out[22] = c.customer.idCard === '' ? null : c.customer.idCard;
}

/**
 * The GB18030 complaint CSV of the legacy ticket system.
 * @param fileName e.g. `complaints-2025-gb18030.csv`
 * @example complaintsCsvLayout('complaints-2025-gb18030.csv').headers[0] // => '投诉单号'
 */
export function complaintsCsvLayout(fileName: string): FileLayout<DemoComplaint> {
  return {
    kind: 'complaints',
    fileName,
    format: 'csv',
    encoding: 'gb18030',
    bom: false,
    delimiter: ',',
    lineEnd: '\r\n',
    titleLines: [],
    headers: COMPLAINTS_CSV_HEADERS,
    roles: { timestamp: 1, duration: -1, rating: 14, channel: 2, phone: 20, padded: [16, 18, 19] },
    unknownChannel: '飞鸽传书',
    quoteShare: 0,
    dirtyShare: COMPLAINT_DIRTY_SHARE,
    fill: fillCsv,
  };
}

/**
 * The CRM's complaint JSON array.
 * @param fileName e.g. `complaints-2026Q1.json`
 * @example complaintsJsonLayout('complaints-2026Q1.json').format // => 'json'
 */
export function complaintsJsonLayout(fileName: string): FileLayout<DemoComplaint> {
  return {
    kind: 'complaints',
    fileName,
    format: 'json',
    encoding: 'utf-8',
    bom: false,
    delimiter: '',
    lineEnd: '\n',
    titleLines: [],
    headers: COMPLAINTS_JSON_KEYS,
    roles: { timestamp: 1, duration: -1, rating: 14, channel: 2, phone: 20, padded: [16, 18, 19] },
    unknownChannel: 'pigeon',
    quoteShare: 0,
    dirtyShare: COMPLAINT_DIRTY_SHARE,
    fill: fillJson,
  };
}
