/**
 * The two survey exports:
 * - the phone-interview and on-site questionnaire system: CSV (UTF-8, no BOM), Chinese headers with the scale
 *   in brackets (`满意度(1-5)`, `推荐意愿(0-10)`, `费力度(1-7)`), ratings mixing digits and verbal labels;
 * - the online survey platform (SMS/app links): NDJSON with English keys, numbers on their scales, `solved`
 *   as yes/no (the ingest reads `solved` on the binary scale by default).
 */
import { formatIsoShanghai, formatLocalDateTime } from './local-time.js';
import { channelZh, ratingText, type Cell, type FileLayout } from './layout.js';
import { SURVEY_DIRTY_SHARE } from './dirty.js';
import type { SeededRandom } from './random.js';
import type { DemoSurvey } from './records.js';

/** Headers of the interview/questionnaire survey CSV. */
export const SURVEYS_CSV_HEADERS = [
  '评价编号', '评价时间', '调查方式', '服务渠道', '关联通话ID', '工单号', '满意度(1-5)', '服务态度', '专业能力', '沟通能力',
  '响应速度', '问题解决(1-5)', '进度透明度', '推荐意愿(0-10)', '费力度(1-7)', '意见建议', '坐席工号', '班组', '区域', '手机号码',
] as const;

/** Keys of the online-survey NDJSON records. */
export const SURVEYS_NDJSON_KEYS = [
  'response_id', 'submitted_at', 'method', 'channel', 'contact_id', 'complaint_id', 'overall', 'attitude', 'expertise',
  'communication', 'speed', 'solved', 'transparency', 'nps', 'ces', 'comment', 'agent_code', 'team', 'region', 'phone', 'email',
] as const;

function num(value: number): number | null {
  return value === value ? value : null;
}

function fillCsv(s: DemoSurvey, rng: SeededRandom, out: Cell[]): void {
  out[0] = 'SV' + String(s.seq).padStart(7, '0');
  out[1] = formatLocalDateTime(s.answeredMs, '-', ' ').slice(0, 16);
  out[2] = s.method === 'onsite' ? '现场' : '电话回访';
  out[3] = channelZh(s.channel, rng);
  out[4] = s.contactId;
  out[5] = s.complaintId;
  out[6] = ratingText(s.overall, rng, 0.4);
  out[7] = ratingText(s.attitude, rng, 0.1);
  out[8] = ratingText(s.expertise, rng, 0.1);
  out[9] = ratingText(s.communication, rng, 0.1);
  out[10] = ratingText(s.speed, rng, 0.1);
  out[11] = ratingText(s.solved, rng, 0);
  out[12] = ratingText(s.transparency, rng, 0);
  out[13] = String(s.nps);
  out[14] = String(s.ces);
  out[15] = s.comment;
  out[16] = s.agent === null ? '' : s.agent.code;
  out[17] = s.team;
  out[18] = s.region;
  out[19] = s.customer.phone;
}

function fillNdjson(s: DemoSurvey, rng: SeededRandom, out: Cell[]): void {
  out[0] = 'web-' + String(s.seq).padStart(8, '0');
  out[1] = formatIsoShanghai(s.answeredMs);
  out[2] = rng.bernoulli(0.3) ? 'sms' : 'online';
  out[3] = s.channel;
  out[4] = s.contactId === '' ? null : s.contactId;
  out[5] = s.complaintId === '' ? null : s.complaintId;
  out[6] = s.overall;
  out[7] = num(s.attitude);
  out[8] = num(s.expertise);
  out[9] = num(s.communication);
  out[10] = num(s.speed);
  out[11] = s.solved === s.solved ? (s.solved >= 4 ? 'yes' : 'no') : null;
  out[12] = num(s.transparency);
  out[13] = s.nps;
  out[14] = s.ces;
  out[15] = s.comment === '' ? null : s.comment;
  out[16] = s.agent === null ? null : s.agent.code;
  out[17] = s.team;
  out[18] = s.region;
  out[19] = s.customer.phone;
  out[20] = s.customer.email === '' ? null : s.customer.email;
}

/**
 * The interview/questionnaire survey CSV.
 * @param fileName e.g. `surveys-interviews.csv`
 * @example surveysCsvLayout('surveys-interviews.csv').headers[6] // => '满意度(1-5)'
 */
export function surveysCsvLayout(fileName: string): FileLayout<DemoSurvey> {
  return {
    kind: 'surveys',
    fileName,
    format: 'csv',
    encoding: 'utf-8',
    bom: false,
    delimiter: ',',
    lineEnd: '\n',
    titleLines: [],
    headers: SURVEYS_CSV_HEADERS,
    roles: { timestamp: 1, duration: -1, rating: 6, channel: 3, phone: 19, padded: [16, 17, 18] },
    unknownChannel: '飞鸽传书',
    quoteShare: 0,
    dirtyShare: SURVEY_DIRTY_SHARE,
    fill: fillCsv,
  };
}

/**
 * The online-survey NDJSON export.
 * @param fileName e.g. `surveys-online.ndjson`
 * @example surveysNdjsonLayout('surveys-online.ndjson').format // => 'ndjson'
 */
export function surveysNdjsonLayout(fileName: string): FileLayout<DemoSurvey> {
  return {
    kind: 'surveys',
    fileName,
    format: 'ndjson',
    encoding: 'utf-8',
    bom: false,
    delimiter: '',
    lineEnd: '\n',
    titleLines: [],
    headers: SURVEYS_NDJSON_KEYS,
    roles: { timestamp: 1, duration: -1, rating: 6, channel: 3, phone: 19, padded: [16, 17, 18] },
    unknownChannel: 'pigeon',
    quoteShare: 0,
    dirtyShare: SURVEY_DIRTY_SHARE,
    fill: fillNdjson,
  };
}
