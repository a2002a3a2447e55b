/**
 * Controlled vocabularies (channel, complaint category, urgency, root cause, call outcome, priority, complaint
 * status, survey method, yes/no) and the lookups that map real-world export labels, English and Chinese, to
 * their codes.
 *
 * Matching: NFKC (full-width → half-width), lower case, trimmed, runs of blanks, `_` and `-` folded to one
 * space (so `in_progress`, `In-Progress` and `in progress` are one label). When the whole label is unknown,
 * a bracketed note is dropped (`电话(呼入)` → `电话`) and then one generic suffix (`类`, `投诉`, `问题`, `渠道`,
 * `方式`, …: `服务态度类` → `服务态度`) before giving up. Unknown labels give null: the engine rejects the row
 * and names the label, and a mapping profile can add it. The row writer memoises per distinct label, so these
 * lookups are off the per-row hot path.
 */

/** Contact channels (DOMAIN.md: phone, email, online chat, social media, app, on-site visit; plus SMS). */
export const CHANNELS = ['phone', 'email', 'chat', 'social', 'app', 'onsite', 'sms', 'other'] as const;
/** A code of `CHANNELS`. */
export type Channel = (typeof CHANNELS)[number];

/** Complaint categories of the DOMAIN.md taxonomy. */
export const COMPLAINT_CATEGORIES = ['service', 'product', 'technical', 'other'] as const;
/** A code of `COMPLAINT_CATEGORIES`. */
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/** Urgency (and impact) levels of a complaint, most urgent first. */
export const URGENCY_LEVELS = ['critical', 'high', 'medium', 'low'] as const;
/** A code of `URGENCY_LEVELS`. */
export type UrgencyLevel = (typeof URGENCY_LEVELS)[number];

/** Root causes of the DOMAIN.md taxonomy. */
export const ROOT_CAUSES = ['process', 'staff_attitude', 'product_quality', 'technical_support', 'other'] as const;
/** A code of `ROOT_CAUSES`. */
export type RootCause = (typeof ROOT_CAUSES)[number];

/** What became of an offered contact. */
export const CALL_OUTCOMES = ['answered', 'abandoned', 'other'] as const;
/** A code of `CALL_OUTCOMES`. */
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Fault priority for the response-time standards (major fault: 15 min; ordinary issue: 1 h). */
export const PRIORITIES = ['major', 'ordinary'] as const;
/** A code of `PRIORITIES`. */
export type Priority = (typeof PRIORITIES)[number];

/** Complaint handling states. */
export const COMPLAINT_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
/** A code of `COMPLAINT_STATUSES`. */
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** How a satisfaction survey was taken (DOMAIN.md: questionnaire, phone interview, online, on-site observation). */
export const SURVEY_METHODS = ['questionnaire', 'phone', 'online', 'onsite'] as const;
/** A code of `SURVEY_METHODS`. */
export type SurveyMethod = (typeof SURVEY_METHODS)[number];

// ---- matching ----------------------------------------------------------------------------------------

/**
 * The form labels are compared in: NFKC, lower case, trimmed, blank/`_`/`-` runs folded to one space.
 *
 * @param text a label as exported
 * @example normalizeVocabularyLabel(' In_Progress ') // => 'in progress'
 */
export function normalizeVocabularyLabel(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s_\-]+/g, ' ').trim();
}

const BRACKETED = /\s*[(\[【（][^)\]】）]*[)\]】）]\s*/g;
/** Generic suffixes dropped (one, longest first) when the whole label is unknown. */
const SUFFIXES = ['类问题', '类投诉', '类', '投诉', '问题', '渠道', '方式', '方面', '原因', '级别', '等级', ' channel', ' issue', ' issues', ' complaint', ' complaints', ' level'];

function buildTable<T extends string>(vocabulary: string, codes: readonly T[], labels: Readonly<Record<T, readonly string[]>>): Map<string, T> {
  const table = new Map<string, T>();
  for (const code of codes) {
    for (const label of [code, ...labels[code]]) {
      const key = normalizeVocabularyLabel(label);
      const previous = table.get(key);
      // A label listed under two codes is a bug in this file: fail at load, not silently per row.
      if (previous !== undefined && previous !== code) throw new Error(`vocabulary ${vocabulary}: '${label}' maps to both ${previous} and ${code}`);
      table.set(key, code);
    }
  }
  return table;
}

function lookup<T extends string>(table: ReadonlyMap<string, T>, text: string): T | null {
  const key = normalizeVocabularyLabel(text);
  if (key.length === 0) return null;
  const exact = table.get(key);
  if (exact !== undefined) return exact;
  const unbracketed = key.replace(BRACKETED, '').trim();
  if (unbracketed.length > 0 && unbracketed !== key) {
    const found = table.get(unbracketed);
    if (found !== undefined) return found;
  }
  const base = unbracketed.length > 0 ? unbracketed : key;
  for (const suffix of SUFFIXES) {
    if (base.length > suffix.length && base.endsWith(suffix)) {
      const found = table.get(base.slice(0, -suffix.length).trim());
      if (found !== undefined) return found;
    }
  }
  return null;
}

// ---- tables ------------------------------------------------------------------------------------------

const CHANNEL_TABLE = buildTable('channel', CHANNELS, {
  phone: ['电话', '电话客服', '客服电话', '热线', '热线电话', '客服热线', '服务热线', '呼入', '呼出', '来电', '去电', '语音', '语音客服', '人工', '人工客服', '人工服务', '座机', '固话', '手机', '外呼', 'ivr', '自助语音',
    'phone', 'telephone', 'tel', 'tele', 'call', 'calls', 'phone call', 'voice', 'hotline', 'inbound', 'outbound', 'inbound call', 'outbound call', 'call center', 'callcenter', 'contact center'],
  email: ['邮件', '电子邮件', '邮箱', '电邮', 'email', 'e mail', 'mail', 'emails'],
  chat: ['在线客服', '在线', '在线咨询', '在线聊天', '在线服务', '网页', '网页客服', '网站', '官网', '网上客服', '即时通讯', '文字客服', '智能客服', '机器人', '机器人客服',
    'web chat', 'webchat', 'live chat', 'livechat', 'chat', 'online', 'online chat', 'im', 'instant message', 'instant messaging', 'web', 'website', 'chatbot', 'bot', 'messaging'],
  social: ['微信', '微信公众号', '公众号', '企业微信', '微博', '抖音', '小红书', '快手', '社交媒体', '社交', '社媒', '新媒体', 'qq',
    'wechat', 'weixin', 'weibo', 'douyin', 'tiktok', 'social', 'social media', 'twitter', 'facebook', 'instagram', 'whatsapp', 'messenger'],
  app: ['app', '手机应用', '移动应用', '客户端', '手机客户端', '手机app', '小程序', '微信小程序', 'mobile app', 'mobile', 'application', 'ios', 'android', 'in app'],
  onsite: ['上门', '上门服务', '现场', '现场服务', '营业厅', '门店', '线下', '柜台', '到店', '实体店', '网点', '营业网点', '自营厅', '面对面',
    'on site', 'onsite', 'visit', 'site visit', 'field', 'field service', 'store', 'retail', 'walk in', 'branch', 'counter', 'in person', 'face to face'],
  sms: ['短信', '短消息', '彩信', 'sms', 'text', 'text message', 'mms'],
  other: ['其他', '其它', '其他渠道', 'others', 'misc', 'miscellaneous'],
});

/**
 * The channel code of a label (电话/phone/hotline → phone, 在线客服/live chat → chat, 微信/微博 → social, …).
 *
 * @param text channel label as exported
 * @returns the code, or null when the label is unknown
 * @example standardizeChannel('在线客服') // => 'chat'
 */
export function standardizeChannel(text: string): Channel | null {
  return lookup(CHANNEL_TABLE, text);
}

// Billing, tariffs and plans count as product complaints: what the customer bought, not how they were served.
const CATEGORY_TABLE = buildTable('category', COMPLAINT_CATEGORIES, {
  service: ['服务', '服务质量', '服务态度', '服务态度类', '服务规范', '服务效率', '服务流程', '人员服务', '客服服务', '服务类', '态度', '人员',
    'service', 'service quality', 'customer service', 'staff', 'attitude', 'staff attitude'],
  product: ['产品', '产品质量', '产品功能', '资费', '计费', '账单', '话费', '扣费', '收费', '乱收费', '套餐', '费用', '价格', '业务', '业务办理', '营销', '营销推广', '合约', '退费', '退款', '账务', '增值业务',
    'product', 'product quality', 'billing', 'bill', 'bills', 'charge', 'charges', 'charging', 'pricing', 'price', 'tariff', 'tariffs', 'plan', 'package', 'refund', 'fee', 'fees', 'marketing'],
  technical: ['技术', '网络', '网络质量', '故障', '信号', '宽带', '断网', '网速', '网络故障', '通信', '通信故障', '系统', '系统故障', '软件', '设备', '设备故障', '质差', '掉线', '上网',
    'technical', 'tech', 'network', 'network quality', 'outage', 'signal', 'coverage', 'broadband', 'fault', 'faults', 'connectivity', 'system', 'software', 'hardware', 'device', 'bug', 'internet'],
  other: ['其他', '其它', '其他类', 'others', 'misc', 'miscellaneous'],
});

/**
 * The complaint category of a label. Billing, tariffs, plans and refunds are `product` complaints (the
 * offering itself, not how it was served); network, outages and faults are `technical`.
 *
 * @param text category label as exported
 * @returns the code, or null when the label is unknown
 * @example standardizeCategory('资费') // => 'product'
 */
export function standardizeCategory(text: string): ComplaintCategory | null {
  return lookup(CATEGORY_TABLE, text);
}

const URGENCY_TABLE = buildTable('urgency', URGENCY_LEVELS, {
  critical: ['特急', '特别紧急', '非常紧急', '紧急', '加急', '极高', '最高', '严重', '非常严重', '致命', '重大', '特大', '一级', '1级', '特级',
    'critical', 'urgent', 'very urgent', 'blocker', 'emergency', 'highest', 'severe', 'p0', 'p1', 'sev1', 'sev 1', 'severity 1', 's1'],
  high: ['高', '较高', '急', '较急', '比较紧急', '重要', '较大', '较严重', '二级', '2级',
    'high', 'major', 'important', 'p2', 'sev2', 'sev 2', 'severity 2', 's2'],
  medium: ['中', '中等', '一般', '普通', '正常', '三级', '3级',
    'medium', 'med', 'normal', 'moderate', 'average', 'p3', 'sev3', 'sev 3', 'severity 3', 's3'],
  low: ['低', '较低', '不急', '轻微', '较小', '很低', '最低', '四级', '4级',
    'low', 'minor', 'lowest', 'trivial', 'p4', 'p5', 'sev4', 'sev 4', 'severity 4', 's4'],
});

/**
 * The urgency (or impact) level of a label: 特急/紧急/critical/P1 → critical, 高/P2 → high, 中/一般/P3 → medium,
 * 低/P4 → low. Chinese incident grades 一级…四级 run from most to least severe.
 *
 * @param text urgency label as exported
 * @returns the code, or null when the label is unknown
 * @example standardizeUrgency('P1') // => 'critical'
 */
export function standardizeUrgency(text: string): UrgencyLevel | null {
  return lookup(URGENCY_TABLE, text);
}

const ROOT_CAUSE_TABLE = buildTable('rootCause', ROOT_CAUSES, {
  process: ['流程', '制度', '流程问题', '流程缺陷', '制度缺陷', '管理', '管理问题', '政策', '规章', '规定', '业务流程', 'process', 'processes', 'policy', 'procedure', 'management'],
  staff_attitude: ['服务态度', '员工态度', '人员', '人员态度', '态度', '员工', '坐席', '人为', '人员素质', '服务人员', '客服态度', 'staff attitude', 'attitude', 'staff', 'employee', 'agent', 'agent attitude', 'human'],
  product_quality: ['产品质量', '产品', '质量', '产品缺陷', '质量问题', 'product quality', 'product', 'quality', 'defect', 'product defect'],
  technical_support: ['技术支持', '技术', '技术问题', '系统', '网络', '故障', '技术故障', 'technical support', 'technical', 'tech support', 'technology', 'system', 'network', 'it'],
  other: ['其他', '其它', 'others', 'misc', 'miscellaneous'],
});

/**
 * The root cause of a label (流程/制度 → process, 服务态度/人员 → staff_attitude, 产品质量 → product_quality,
 * 技术支持 → technical_support).
 *
 * @param text root-cause label as exported
 * @returns the code, or null when the label is unknown
 * @example standardizeRootCause('员工态度') // => 'staff_attitude'
 */
export function standardizeRootCause(text: string): RootCause | null {
  return lookup(ROOT_CAUSE_TABLE, text);
}

const OUTCOME_TABLE = buildTable('outcome', CALL_OUTCOMES, {
  answered: ['接通', '已接', '已接通', '接听', '已接听', '应答', '已应答', '人工接听', '呼叫成功', '成功', '已处理', '是', '1', 'y', 'yes', 'true',
    'answered', 'connected', 'handled', 'completed', 'complete', 'success', 'successful', 'accepted', 'answer'],
  abandoned: ['放弃', '已放弃', '未接通', '挂断', '客户挂断', '未接', '未接听', '未应答', '无应答', '放弃呼叫', '呼损', '排队放弃', '排队挂机', '振铃放弃', '早释', '否', '0', 'n', 'no', 'false',
    'abandoned', 'abandon', 'missed', 'no answer', 'unanswered', 'dropped', 'hung up', 'hangup', 'hang up', 'not connected', 'queue abandoned', 'short abandon'],
  other: ['voicemail', 'voice mail', 'callback', 'call back', '转留言', '留言', '语音信箱', '回呼', '回拨', '占线', '忙', '呼叫失败', '失败', '自助', '自助服务', '其他', '其它',
    'busy', 'failed', 'self service', 'ivr completed', 'transferred to voicemail', 'others'],
});

/**
 * The outcome of an offered contact (接通/answered/connected → answered, 放弃/未接通/missed → abandoned,
 * voicemail/callback/转留言 → other). 是/否 and 1/0 are read as a 是否接通 column.
 *
 * @param text outcome label as exported
 * @returns the code, or null when the label is unknown
 * @example standardizeOutcome('未接通') // => 'abandoned'
 */
export function standardizeOutcome(text: string): CallOutcome | null {
  return lookup(OUTCOME_TABLE, text);
}

// P2 / high count as major so that priorities agree with the urgency levels (P2 = high).
const PRIORITY_TABLE = buildTable('priority', PRIORITIES, {
  major: ['重大故障', '重大', '紧急', '特急', '严重', '严重故障', '高', '一级', '二级', 'major', 'critical', 'high', 'urgent', 'p0', 'p1', 'p2', 'sev1', 'sev2', 'severe', 'major fault', 'major incident'],
  ordinary: ['一般', '一般故障', '普通', '普通故障', '中', '低', '一般问题', '三级', '四级', 'ordinary', 'normal', 'low', 'medium', 'minor', 'p3', 'p4', 'p5', 'sev3', 'sev4', 'general', 'standard', 'routine'],
});

/**
 * The fault priority of a label (重大故障/紧急/P1/P2/major/high → major; 一般/普通/P3/normal/low → ordinary).
 *
 * @param text priority label as exported
 * @returns the code, or null when the label is unknown
 * @example standardizePriority('重大故障') // => 'major'
 */
export function standardizePriority(text: string): Priority | null {
  return lookup(PRIORITY_TABLE, text);
}

const STATUS_TABLE = buildTable('complaintStatus', COMPLAINT_STATUSES, {
  open: ['待处理', '新建', '新', '未处理', '待受理', '待分派', '待派单', '待分配', '已提交', '重开', '已重开', '重新打开', 'open', 'opened', 'new', 'created', 'submitted', 'reopened', 'unassigned', 'to do', 'todo'],
  in_progress: ['处理中', '进行中', '跟进中', '受理中', '已受理', '已派单', '已分派', '已分配', '挂起', '待审核', '审核中', '升级中', '待回复', '待反馈',
    'in progress', 'processing', 'pending', 'working', 'assigned', 'on hold', 'escalated', 'ongoing', 'wip'],
  resolved: ['已解决', '已处理', '处理完成', '已完成', '已修复', '已回复', '待回访', '待确认', 'resolved', 'solved', 'fixed', 'completed'],
  closed: ['已关闭', '关闭', '已结案', '结案', '已归档', '归档', '办结', '已办结', '已撤销', '撤销', '已取消', 'closed', 'done', 'archived', 'finished', 'cancelled', 'canceled'],
});

/**
 * The complaint status of a label (待处理/新建/open/new → open, 处理中/pending → in_progress,
 * 已解决/resolved → resolved, 已关闭/已结案/closed/done → closed). Reopened complaints are open again.
 *
 * @param text status label as exported
 * @returns the code, or null when the label is unknown
 * @example standardizeComplaintStatus('已结案') // => 'closed'
 */
export function standardizeComplaintStatus(text: string): ComplaintStatus | null {
  return lookup(STATUS_TABLE, text);
}

// SMS, WeChat and e-mail surveys send a link to a form: they are online surveys.
const SURVEY_METHOD_TABLE = buildTable('surveyMethod', SURVEY_METHODS, {
  questionnaire: ['问卷', '问卷调查', '纸质问卷', '调查问卷', '书面', '书面调查', '纸质', '填表', 'questionnaire', 'paper', 'paper survey', 'survey', 'form', 'written'],
  phone: ['电话', '电话回访', '电话访谈', '电话调查', '电话访问', '回访', '语音', '外呼', 'ivr', '语音调查', 'phone', 'telephone', 'phone interview', 'telephone interview', 'call', 'cati', 'phone survey'],
  online: ['在线', '网上', '网络', '网页', '线上', '在线问卷', '网络问卷', '网上问卷', '在线调查', '网络调查', '微信', '短信', '邮件', 'app', '小程序', '二维码', '扫码',
    'web', 'online', 'internet', 'web survey', 'online survey', 'e survey', 'sms', 'email', 'wechat'],
  onsite: ['现场', '现场观察', '现场调查', '实地', '实地调查', '上门', '面访', '现场访谈', '面对面', '当面', '暗访', '神秘顾客', '营业厅',
    'on site', 'onsite', 'observation', 'on site observation', 'in person', 'face to face', 'field', 'mystery shopper', 'mystery shopping', 'interview'],
});

/**
 * The survey method of a label (问卷 → questionnaire, 电话回访 → phone, 在线/网上/短信链接 → online, 现场/面访 → onsite).
 *
 * @param text method label as exported
 * @returns the code, or null when the label is unknown
 * @example standardizeSurveyMethod('电话回访') // => 'phone'
 */
export function standardizeSurveyMethod(text: string): SurveyMethod | null {
  return lookup(SURVEY_METHOD_TABLE, text);
}

const BOOLEAN_TABLE = buildTable('boolean', ['t', 'f'] as const, {
  t: ['是', '是的', '有', '对', '真', '已转接', '转接', '已升级', '升级', '已重开', '重开', '已解决', '解决', '一次解决', '首次解决', '√', '✓', '✔', '☑',
    'y', 'yes', 'true', '1', 'on', 'checked'],
  f: ['否', '不是', '无', '没有', '不', '错', '假', '未转接', '不转接', '未升级', '不升级', '未重开', '未解决', '没解决', '没有解决', '非一次解决', '×', '✗', '✘', '☐',
    'n', 'no', 'false', '0', 'off', 'unchecked', 'none'],
});

/**
 * Yes/no of a label: 是/否, 有/无, Y/N, yes/no, true/false, 1/0, ✓/×, and 已X/未X forms of the boolean
 * fields (已转接/未转接, 已升级/未升级, 已重开/未重开, 已解决/未解决).
 *
 * @param text yes/no label as exported
 * @returns true, false, or null when the label is not a yes/no
 * @example standardizeBoolean('已转接') // => true
 */
export function standardizeBoolean(text: string): boolean | null {
  const code = lookup(BOOLEAN_TABLE, text);
  return code === null ? null : code === 't';
}
