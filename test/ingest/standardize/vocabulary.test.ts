import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText } from './arbitraries.js';
import {
  CALL_OUTCOMES,
  CHANNELS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  normalizeVocabularyLabel,
  PRIORITIES,
  ROOT_CAUSES,
  standardizeBoolean,
  standardizeCategory,
  standardizeChannel,
  standardizeComplaintStatus,
  standardizeOutcome,
  standardizePriority,
  standardizeRootCause,
  standardizeSurveyMethod,
  standardizeUrgency,
  SURVEY_METHODS,
  URGENCY_LEVELS,
} from '../../../src/ingest/standardize/vocabulary.js';

interface VocabularyCase {
  readonly name: string;
  readonly codes: readonly string[];
  readonly standardize: (text: string) => string | null;
  /** label → code, as seen in real exports. */
  readonly labels: Readonly<Record<string, string>>;
  readonly unknown: readonly string[];
}

const VOCABULARIES: readonly VocabularyCase[] = [
  {
    name: 'channel',
    codes: CHANNELS,
    standardize: standardizeChannel,
    labels: {
      电话: 'phone', phone: 'phone', Tel: 'phone', TELEPHONE: 'phone', hotline: 'phone', voice: 'phone', 呼入: 'phone', 热线: 'phone', 客服热线: 'phone', 'Inbound Call': 'phone',
      在线客服: 'chat', 在线: 'chat', 'web chat': 'chat', 'Live Chat': 'chat', chat: 'chat', IM: 'chat', 网页: 'chat', 'live-chat': 'chat',
      邮件: 'email', email: 'email', 'E-mail': 'email', mail: 'email', 电子邮件: 'email',
      微信: 'social', 微博: 'social', 抖音: 'social', WeChat: 'social', weibo: 'social', 'Social Media': 'social', twitter: 'social', Facebook: 'social',
      APP: 'app', 手机应用: 'app', app: 'app', 'Mobile App': 'app', 小程序: 'app',
      上门: 'onsite', 现场: 'onsite', 营业厅: 'onsite', 'on-site': 'onsite', visit: 'onsite', store: 'onsite', 'Walk-in': 'onsite',
      短信: 'sms', SMS: 'sms',
      其他: 'other', other: 'other', Other: 'other',
      // fallbacks: bracketed notes and generic suffixes
      '电话(呼入)': 'phone', '电话（400热线）': 'phone', 电话渠道: 'phone', 'Email channel': 'email',
    },
    unknown: ['10086', '400', 'pigeon', '电', ''],
  },
  {
    name: 'category',
    codes: COMPLAINT_CATEGORIES,
    standardize: standardizeCategory,
    labels: {
      服务: 'service', 服务质量: 'service', 服务态度类: 'service', 服务类: 'service', 'Service Quality': 'service',
      产品: 'product', 资费: 'product', 计费: 'product', 账单: 'product', billing: 'product', 资费投诉: 'product', 'Billing issue': 'product', 套餐: 'product',
      技术: 'technical', 网络: 'technical', 故障: 'technical', 信号: 'technical', 宽带: 'technical', network: 'technical', outage: 'technical', 网络问题: 'technical', 技术类: 'technical',
      其他: 'other', other: 'other', 其他类: 'other',
    },
    unknown: ['complaint', '投诉', 'weather'],
  },
  {
    name: 'urgency',
    codes: URGENCY_LEVELS,
    standardize: standardizeUrgency,
    labels: {
      特急: 'critical', 紧急: 'critical', critical: 'critical', P1: 'critical', urgent: 'critical', p0: 'critical', 一级: 'critical',
      高: 'high', high: 'high', P2: 'high', 较急: 'high', major: 'high',
      中: 'medium', 一般: 'medium', medium: 'medium', normal: 'medium', P3: 'medium', 普通: 'medium',
      低: 'low', low: 'low', P4: 'low', 不急: 'low', minor: 'low',
    },
    unknown: ['P9', 'whenever'],
  },
  {
    name: 'rootCause',
    codes: ROOT_CAUSES,
    standardize: standardizeRootCause,
    labels: {
      流程: 'process', 制度: 'process', process: 'process', 流程问题: 'process',
      服务态度: 'staff_attitude', 员工态度: 'staff_attitude', 人员: 'staff_attitude', 'staff attitude': 'staff_attitude', staff_attitude: 'staff_attitude',
      产品质量: 'product_quality', 产品: 'product_quality', 'Product Quality': 'product_quality',
      技术支持: 'technical_support', 技术: 'technical_support', 'technical-support': 'technical_support', 技术问题: 'technical_support',
      其他: 'other', 其他原因: 'other',
    },
    unknown: ['bad luck'],
  },
  {
    name: 'outcome',
    codes: CALL_OUTCOMES,
    standardize: standardizeOutcome,
    labels: {
      接通: 'answered', 已接: 'answered', answered: 'answered', Connected: 'answered', handled: 'answered', 是: 'answered', 已接通: 'answered',
      放弃: 'abandoned', 未接通: 'abandoned', 挂断: 'abandoned', abandoned: 'abandoned', Missed: 'abandoned', 未接: 'abandoned', 否: 'abandoned', 'no answer': 'abandoned',
      voicemail: 'other', callback: 'other', 转留言: 'other', 'Call-back': 'other',
    },
    unknown: ['maybe'],
  },
  {
    name: 'priority',
    codes: PRIORITIES,
    standardize: standardizePriority,
    labels: {
      重大故障: 'major', 重大: 'major', 紧急: 'major', P1: 'major', major: 'major', critical: 'major', high: 'major', P2: 'major',
      一般: 'ordinary', 普通: 'ordinary', ordinary: 'ordinary', normal: 'ordinary', low: 'ordinary', medium: 'ordinary', P3: 'ordinary', 一般故障: 'ordinary',
    },
    unknown: ['P7', 'soon'],
  },
  {
    name: 'complaintStatus',
    codes: COMPLAINT_STATUSES,
    standardize: standardizeComplaintStatus,
    labels: {
      待处理: 'open', 新建: 'open', open: 'open', New: 'open', 重开: 'open',
      处理中: 'in_progress', 'in progress': 'in_progress', 'In-Progress': 'in_progress', in_progress: 'in_progress', pending: 'in_progress', 已受理: 'in_progress',
      已解决: 'resolved', resolved: 'resolved', 已处理: 'resolved',
      已关闭: 'closed', 已结案: 'closed', closed: 'closed', done: 'closed', DONE: 'closed',
    },
    unknown: ['lost'],
  },
  {
    name: 'surveyMethod',
    codes: SURVEY_METHODS,
    standardize: standardizeSurveyMethod,
    labels: {
      问卷: 'questionnaire', 问卷调查: 'questionnaire', 纸质问卷: 'questionnaire', questionnaire: 'questionnaire',
      电话: 'phone', 电话回访: 'phone', 电话访谈: 'phone', phone: 'phone', 'Phone Interview': 'phone', CATI: 'phone',
      在线: 'online', 网上: 'online', 在线问卷: 'online', 短信: 'online', 微信: 'online', online: 'online', web: 'online',
      现场: 'onsite', 现场观察: 'onsite', 面访: 'onsite', 'On-site': 'onsite', observation: 'onsite', 'in person': 'onsite',
    },
    unknown: ['telepathy'],
  },
];

/** Spellings of the same label an export may carry: case, padding, full-width forms. */
function variants(label: string): string[] {
  const wide = label.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  return [label, ` ${label} `, `\t${label}\u3000`, label.toUpperCase(), label.toLowerCase(), wide];
}

describe.each(VOCABULARIES)('$name', ({ codes, standardize, labels, unknown }) => {
  it.each(Object.entries(labels))('maps %j to %s', (label, code) => {
    expect(standardize(label)).toBe(code);
  });

  it.each(unknown)('does not know %j', (label) => {
    expect(standardize(label)).toBeNull();
  });

  it('maps each code to itself', () => {
    for (const code of codes) expect(standardize(code)).toBe(code);
  });

  it('ignores case, padding and full-width forms', () => {
    for (const [label, code] of Object.entries(labels)) {
      for (const variant of variants(label)) expect(standardize(variant)).toBe(code);
    }
  });

  it('never throws; returns null or a code; is idempotent on its results', () => {
    const known = fc.constantFrom(...Object.keys(labels), ...codes);
    fc.assert(
      fc.property(fc.oneof(known, anyText), (text) => {
        const code = standardize(text);
        if (code !== null) {
          expect(codes).toContain(code);
          expect(standardize(code)).toBe(code);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('standardizeBoolean', () => {
  const TRUE = ['是', '有', 'Y', 'y', 'yes', 'YES', 'true', 'True', '1', '已转接', '转接', '已升级', '已重开', '已解决', '√', '✓', 'T'];
  const FALSE = ['否', '无', 'N', 'n', 'no', 'No', 'false', 'FALSE', '0', '未转接', '未升级', '未重开', '未解决', '没有', '×', 'F'];

  it.each(TRUE)('reads %j as true', (text) => expect(standardizeBoolean(text)).toBe(true));
  it.each(FALSE)('reads %j as false', (text) => expect(standardizeBoolean(text)).toBe(false));
  it.each(['', ' ', 'maybe', '2', '是否', 'yes no'])('does not know %j', (text) => expect(standardizeBoolean(text)).toBeNull());

  it('reads full-width and padded forms', () => {
    expect(standardizeBoolean('　Ｙ　')).toBe(true);
    expect(standardizeBoolean('１')).toBe(true);
    expect(standardizeBoolean(' ０ ')).toBe(false);
  });

  it('never throws; returns a boolean or null', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect([true, false, null]).toContain(standardizeBoolean(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalizeVocabularyLabel', () => {
  it('folds width, case, padding and separators', () => {
    expect(normalizeVocabularyLabel('  In_Progress ')).toBe('in progress');
    expect(normalizeVocabularyLabel('ＬＩＶＥ－ＣＨＡＴ')).toBe('live chat');
    expect(normalizeVocabularyLabel('on - site')).toBe('on site');
  });
});
