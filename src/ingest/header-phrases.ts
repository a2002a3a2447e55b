/**
 * Phrase rules for headers no alias names exactly: the words a column's header says, per canonical field.
 *
 * Survey platforms and ticketing systems write headers as words ("RecordedDate", "Date/Time Opened", "Queue
 * Time", "How likely are you to recommend us?"). A phrase is a list of word stems; it matches a header when
 * every stem begins a distinct word of the header (English, any order) or, for Chinese stems, occurs in it.
 * Its score is the number of stems (a stem prefixed `~` counts half: generic words such as "satisfied" lose
 * to an item's own word in "How satisfied were you with the agent's attitude?"). See header-match.ts for how
 * scores become a mapping, and how ties are refused rather than guessed.
 */
import type { SourceKind } from './fields.js';

/** Field → phrases (space-separated stems). */
export type PhraseTable = Readonly<Record<string, readonly string[]>>;

const CUSTOMER: PhraseTable = {
  customer_id: ['customer id', 'customer number', 'account id', 'account number', 'client id', 'member id', 'requester id', '客户编号', '客户id', '用户id', '会员id'],
  customer_phone: ['phone number', 'caller number', 'calling number', 'caller id', 'customer phone', 'mobile number', 'contact number', 'ani', '来电号码', '主叫', '客户号码', '手机'],
  customer_email: ['email address', 'e mail', 'requester email', 'customer email', 'contact email', '邮箱', '邮件地址'],
};

const STAFF: PhraseTable = {
  agent_code: ['agent id', 'agent login', 'agent code', 'agent username', '~agent', '~operator', '~assignee', '~owner', 'handled by', '~server', '坐席', '客服工号', '工号', '处理人'],
  agent_name: ['agent name', 'assignee name', 'owner name', 'operator name', '坐席姓名', '客服姓名', '客服名'],
  team: ['team', 'group', 'assignment group', 'squad', '班组', '团队', '技能组名', '组别'],
  region: ['region', 'province', 'city', 'territory', 'borough', '区域', '地区', '省', '地市'],
};

const CALLS: PhraseTable = {
  contact_id: ['call id', 'contact id', 'session id', 'interaction id', 'conversation id', 'task sid', 'call guid', 'call key', '通话id', '会话id', '通话编号', '会话编号', '呼叫编号'],
  started_at: ['start time', 'start date', 'call start', 'call date', 'call time', 'initiation timestamp', 'initiat', 'offered', 'arrival time', 'created', 'begin time', 'date time', '开始时间', '来电时间', '呼入时间', '进线时间', '接入时间', '创建时间'],
  answered_at: ['answer time', 'answered time', 'connected time', 'connect time', 'pickup time', 'agent connected', 'connected to agent', '接听时间', '应答时间', '接通时间'],
  ended_at: ['end time', 'end date', 'disconnect', 'hangup', 'hang up', 'call end', 'finish time', '结束时间', '挂机时间'],
  updated_at: ['updated', 'last modified', 'modified', 'last update', '更新时间', '修改时间'],
  channel: ['channel', 'media type', 'media', 'medium', 'interaction type', 'contact type', '渠道', '媒体类型', '接入方式', '来源渠道'],
  queue: ['~queue', 'skill', 'split', 'campaign', 'service type', '技能组', '队列', '业务类型'],
  outcome: ['disposition', 'outcome', 'call result', 'result', 'call status', 'answered', 'abandon', '呼叫结果', '接听状态', '是否接通', '通话结果'],
  wait_seconds: ['queue time', 'queue duration', 'queue wait', 'wait time', 'wait duration', 'wait', 'time in queue', 'speed of answer', 'ring time', 'q time', 'answer speed', '排队时长', '排队时间', '等待时长', '等待时间', '振铃时长'],
  talk_seconds: ['talk time', 'talk duration', 'talk', 'conversation duration', 'call duration', 'service time', 'ser time', 'interaction duration', 'handle time', '通话时长', '通话时间', '会话时长', '服务时长'],
  hold_seconds: ['hold time', 'hold duration', 'on hold', 'hold', '保持时长', '保持时间'],
  after_work_seconds: ['after call work', 'after contact work', 'wrap up', 'wrapup', 'acw', '话后', '整理时长'],
  transferred: ['transfer', '转接'],
  resolved_first_contact: ['first contact resolution', 'first call resolution', 'first contact', 'fcr', '一次解决', '首次解决'],
  priority: ['priority', 'severity', '优先级', '故障级别'],
};

/** Survey item phrases: an item's own word beats the generic "~satisf" of `overall`. */
const SURVEYS: PhraseTable = {
  response_id: ['response id', 'respondent id', 'submission id', 'answer id', 'survey response id', '答卷编号', '答卷id', '问卷编号'],
  answered_at: ['submitted', 'submission', 'submit time', 'submit date', 'recorded date', 'recorded', 'completion time', 'completed', 'complete time', 'end date', 'end time', 'response date', 'response time', 'survey date', 'answered', '提交', '填写时间', '答题时间', '结束答题', '完成时间', '评价时间'],
  updated_at: ['updated', 'last modified', 'modified', 'last update', '更新时间', '修改时间'],
  method: ['survey method', 'survey type', 'collector', 'distribution channel', '调查方式', '评价方式'],
  channel: ['service channel', 'contact channel', 'channel', '渠道'],
  contact_id: ['call id', 'contact id', 'session id', 'interaction id', 'conversation id', '通话id', '会话id', '会话编号'],
  complaint_id: ['ticket id', 'ticket number', 'case number', 'case id', '工单号', '工单编号'],
  overall: ['~satisf', 'overall', 'csat', '~满意', '总体', '整体'],
  attitude: ['attitud', 'courte', 'friendl', 'polite', 'respect', '态度', '礼貌'],
  expertise: ['knowledg', 'expert', 'professional', 'competen', 'skill', '专业', '业务能力'],
  communication: ['communicat', 'explain', 'clear', 'understand', '沟通', '表达'],
  speed: ['speed', 'quick', 'fast', 'prompt', 'timel', 'wait', 'response time', '速度', '及时', '等待'],
  solved: ['resolv', 'solved', 'solution', 'fixed', '解决'],
  transparency: ['transparen', 'informed', 'progress', 'updates', '透明', '进度'],
  nps: ['recommend', 'net promoter', 'promoter', 'nps', '推荐'],
  ces: ['easy', 'ease', 'convenien', 'ces', '便捷', '方便', '容易', '便利'],
  effort: ['effort', 'effort score', '费力', '费劲'],
  comment: ['comment', 'feedback', 'suggest', 'remark', 'verbatim', 'open ended', 'why', 'reason', '意见', '建议', '留言', '评价内容', '原因'],
};

const COMPLAINTS: PhraseTable = {
  ticket_id: ['ticket id', 'ticket number', 'case number', 'case id', 'complaint id', 'complaint number', 'incident number', 'incident id', 'request id', 'unique key', 'work order', '工单号', '工单编号', '投诉编号', '投诉单号', '单号'],
  contact_id: ['call id', 'contact id', 'session id', 'interaction id', '通话id', '会话id'],
  received_at: ['date received', 'received', 'created', 'creation', 'opened', 'open date', 'submitted date', 'date submitted', 'reported', 'logged', '受理时间', '投诉时间', '创建时间', '登记时间', '接收时间', '提交时间'],
  updated_at: ['updated', 'last modified', 'modified', 'last update', 'last activity', '更新时间', '修改时间'],
  channel: ['channel', 'submitted via', 'origin', 'source', 'via', 'media', '渠道', '来源'],
  description: ['description', 'narrative', 'details', 'content', 'summary', 'subject', 'short description', 'complaint text', 'descriptor', '内容', '描述', '详情', '摘要'],
  category: ['categor', 'complaint type', 'ticket type', 'issue type', 'problem type', 'type', '类型', '类别', '分类'],
  urgency: ['urgen', 'priorit', 'severit', '紧急', '优先'],
  impact: ['impact', 'scope', '影响'],
  first_response_at: ['first response', 'first reply', 'first responded', 'responded', '首次响应', '首次回复', '响应时间'],
  resolved_at: ['resolved time', 'resolved date', 'resolution time', 'resolution date', 'resolved', 'solved', '解决时间', '办结时间', '完成时间'],
  closed_at: ['closed', 'close time', 'close date', 'closure', '关闭时间', '结案时间', '归档时间'],
  status: ['status', 'state', '状态'],
  reopened: ['reopen', 're open', '重开', '重新打开'],
  reopened_at: ['reopened time', 'reopened date', 'reopened at', '重开时间'],
  escalated: ['escalat', '升级'],
  root_cause: ['root cause', 'cause', 'reason code', '原因'],
  satisfaction: ['~satisf', 'csat', 'rating', '~满意'],
  followup_at: ['follow up', 'followup', 'callback', 'call back', '回访', '回拨'],
};

/**
 * Headers that say something else than the phrases they contain: a column whose best phrase is one of these
 * stays unmapped (Qualtrics' `Q5_NPS_GROUP` is the promoter category, not a team; Amazon's `AWSAccountId` is
 * not a customer; Twilio's "Hang Up By" is who hung up, not when).
 */
export const NOT_A_FIELD = '(none)';
const NONE: PhraseTable = {
  [NOT_A_FIELD]: [
    'nps group', 'nps category', 'promoter group', 'aws account', 'hang up by', 'hung up by', 'disconnect reason', 'end reason', 'number of', 'count',
    // People, not times: "Created By", "Submitted by", "Closed by".
    'created by', 'submitted by', 'updated by', 'modified by', 'closed by', 'resolved by', 'opened by', 'assigned by', 'submitter', '提交人', '创建人', '处理人员',
  ],
};

/** Phrase tables per kind (staff and customer phrases shared). */
export const HEADER_PHRASES: Readonly<Record<SourceKind, PhraseTable>> = {
  calls: { ...CALLS, ...STAFF, ...CUSTOMER, ...NONE },
  surveys: { ...SURVEYS, ...STAFF, ...CUSTOMER, ...NONE },
  complaints: { ...COMPLAINTS, ...STAFF, ...CUSTOMER, ...NONE },
};
