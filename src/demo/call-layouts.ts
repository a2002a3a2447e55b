/**
 * The three call-log exports, as three vendors' systems would write them:
 * - English ACD report: UTF-8 with BOM, comma, ISO 8601 times with +08:00, durations in seconds;
 * - Chinese ACD report: GB18030, CRLF, a title line, Chinese headers and labels, `2025/07/05 13:00:00`,
 *   talk time as `2分30秒` or `00:02:30`, wait as `HH:MM:SS`;
 * - CRM contact export: tab-separated, mixed English/Chinese headers, `m:ss` durations, some rows fully quoted,
 *   some phone numbers with a +86 prefix.
 */
import { formatIsoShanghai, formatLocalDateTime } from './local-time.js';
import { CHANNEL_VENDOR, channelZh, chineseMinutes, clockHms, clockShort, type Cell, type FileLayout } from './layout.js';
import { CALL_DIRTY_SHARE } from './dirty.js';
import type { SeededRandom } from './random.js';
import type { DemoContact } from './records.js';

/** Headers of the English ACD call report. */
export const CALLS_ENGLISH_HEADERS = [
  'Call ID', 'Start Time', 'Answer Time', 'End Time', 'Channel', 'Queue', 'Status', 'Wait Time (s)', 'Talk Time (s)',
  'Hold Time (s)', 'ACW Time (s)', 'Transferred', 'FCR', 'Priority', 'Agent ID', 'Agent Name', 'Team', 'Region', 'Caller ID',
] as const;

/** Headers of the Chinese (GB18030) ACD call report. */
export const CALLS_CHINESE_HEADERS = [
  '流水号', '来电时间', '接通时间', '挂机时间', '渠道', '业务类型', '呼叫结果', '排队时长', '通话时长', '保持时长',
  '话后处理时长', '是否转接', '是否一次解决', '故障级别', '坐席工号', '坐席姓名', '班组', '区域', '来电号码',
] as const;

/** Headers of the tab-separated CRM contact export. */
export const CALLS_TSV_HEADERS = [
  'session_id', 'queued_at', 'answered_at', 'ended_at', 'media_type', 'skill_group', 'disposition', 'queue wait', 'talk',
  'hold', 'wrap_up', 'is_transferred', '首次解决', 'severity', '工号', '坐席姓名', '组别', '所属区域', 'msisdn', 'email',
] as const;

function fillEnglish(c: DemoContact, _rng: SeededRandom, out: Cell[]): void {
  out[0] = c.id;
  out[1] = formatIsoShanghai(c.startedMs);
  out[2] = c.answered ? formatIsoShanghai(c.answeredMs) : '';
  out[3] = formatIsoShanghai(c.endedMs);
  out[4] = c.channel;
  out[5] = c.queue;
  out[6] = c.answered ? 'answered' : 'abandoned';
  out[7] = String(c.waitSeconds);
  out[8] = String(c.talkSeconds);
  out[9] = String(c.holdSeconds);
  out[10] = String(c.afterWorkSeconds);
  out[11] = c.transferred ? 'Y' : 'N';
  out[12] = c.answered ? (c.resolved ? 'Y' : 'N') : '';
  out[13] = c.major ? 'major' : 'normal';
  out[14] = c.agent === null ? '' : c.agent.code;
  out[15] = c.agent === null ? '' : c.agent.name;
  out[16] = c.team;
  out[17] = c.region;
  out[18] = c.customer.phone;
}

function fillChinese(c: DemoContact, rng: SeededRandom, out: Cell[]): void {
  out[0] = c.id;
  out[1] = formatLocalDateTime(c.startedMs, '/', ' ');
  out[2] = c.answered ? formatLocalDateTime(c.answeredMs, '/', ' ') : '';
  out[3] = formatLocalDateTime(c.endedMs, '/', ' ');
  out[4] = channelZh(c.channel, rng);
  out[5] = c.queue;
  out[6] = c.answered ? '已接通' : '放弃';
  out[7] = clockHms(c.waitSeconds);
  out[8] = c.answered ? (rng.bernoulli(0.7) ? chineseMinutes(c.talkSeconds) : clockHms(c.talkSeconds)) : '';
  out[9] = c.answered ? String(c.holdSeconds) : '';
  out[10] = c.answered ? String(c.afterWorkSeconds) : '';
  out[11] = c.transferred ? '是' : '否';
  out[12] = c.answered ? (c.resolved ? '是' : '否') : '';
  out[13] = c.major ? '重大故障' : '一般';
  out[14] = c.agent === null ? '' : c.agent.code;
  out[15] = c.agent === null ? '' : c.agent.name;
  out[16] = c.team;
  out[17] = c.region;
  out[18] = c.customer.phone;
}

function fillTsv(c: DemoContact, rng: SeededRandom, out: Cell[]): void {
  out[0] = c.id;
  out[1] = formatLocalDateTime(c.startedMs, '-', ' ');
  out[2] = c.answered ? formatLocalDateTime(c.answeredMs, '-', ' ') : '';
  out[3] = formatLocalDateTime(c.endedMs, '-', ' ');
  out[4] = CHANNEL_VENDOR[c.channel];
  out[5] = c.queue;
  out[6] = c.answered ? 'Connected' : 'Abandoned';
  out[7] = clockShort(c.waitSeconds);
  out[8] = clockShort(c.talkSeconds);
  out[9] = clockShort(c.holdSeconds);
  out[10] = clockShort(c.afterWorkSeconds);
  out[11] = c.transferred ? 'yes' : 'no';
  out[12] = c.answered ? (c.resolved ? '是' : '否') : '';
  out[13] = c.major ? 'P1' : 'P3';
  out[14] = c.agent === null ? '' : c.agent.code;
  out[15] = c.agent === null ? '' : c.agent.name;
  out[16] = c.team;
  out[17] = c.region;
  out[18] = rng.bernoulli(0.1) ? '+86 ' + c.customer.phone : c.customer.phone;
  out[19] = c.customer.email;
}

/**
 * The English ACD call report (UTF-8 with BOM, comma, ISO times, seconds).
 * @param fileName file name, e.g. `calls-2025H1.csv`
 * @example callsEnglishLayout('calls-2025H1.csv').headers[0] // => 'Call ID'
 */
export function callsEnglishLayout(fileName: string): FileLayout<DemoContact> {
  return {
    kind: 'calls',
    fileName,
    format: 'csv',
    encoding: 'utf-8',
    bom: true,
    delimiter: ',',
    lineEnd: '\n',
    titleLines: [],
    headers: CALLS_ENGLISH_HEADERS,
    roles: { timestamp: 1, duration: 7, rating: -1, channel: 4, phone: 18, padded: [14, 16, 17] },
    unknownChannel: 'pigeon post',
    quoteShare: 0,
    dirtyShare: CALL_DIRTY_SHARE,
    fill: fillEnglish,
  };
}

/**
 * The Chinese ACD call report (GB18030, CRLF, a title line, Chinese headers and labels).
 * @param fileName file name, e.g. `calls-2025H2-gb18030.csv` @param title the report title line
 * @example callsChineseLayout('calls-2025H2-gb18030.csv', '呼叫明细报表').encoding // => 'gb18030'
 */
export function callsChineseLayout(fileName: string, title: string): FileLayout<DemoContact> {
  return {
    kind: 'calls',
    fileName,
    format: 'csv',
    encoding: 'gb18030',
    bom: false,
    delimiter: ',',
    lineEnd: '\r\n',
    titleLines: [title],
    headers: CALLS_CHINESE_HEADERS,
    roles: { timestamp: 1, duration: 7, rating: -1, channel: 4, phone: 18, padded: [14, 16, 17] },
    unknownChannel: '飞鸽传书',
    quoteShare: 0,
    dirtyShare: CALL_DIRTY_SHARE,
    fill: fillChinese,
  };
}

/**
 * The tab-separated CRM contact export (UTF-8, `m:ss` durations, some rows quoted).
 * @param fileName file name, e.g. `calls-2026Q1.tsv`
 * @example callsTsvLayout('calls-2026Q1.tsv').delimiter // => '\t'
 */
export function callsTsvLayout(fileName: string): FileLayout<DemoContact> {
  return {
    kind: 'calls',
    fileName,
    format: 'csv',
    encoding: 'utf-8',
    bom: false,
    delimiter: '\t',
    lineEnd: '\n',
    titleLines: [],
    headers: CALLS_TSV_HEADERS,
    roles: { timestamp: 1, duration: 7, rating: -1, channel: 4, phone: 18, padded: [14, 16, 17] },
    unknownChannel: 'Pigeon',
    quoteShare: 0.08,
    dirtyShare: CALL_DIRTY_SHARE,
    fill: fillTsv,
  };
}
