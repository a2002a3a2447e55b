/**
 * The canonical fields of each source kind, their value types and the header names (English and
 * Chinese) that are recognised for them without a mapping profile.
 *
 * A source header matches a field when its normalised form (see `normalizeHeader`) equals one of the
 * field's aliases' normalised forms. Anything else needs a mapping profile (`--map FILE`).
 */

import type { SourceKind } from '../db/schema.js';

export { SOURCE_KINDS, type SourceKind } from '../db/schema.js';

/**
 * How a field's text becomes a stored value:
 * - `text`: trimmed text, personal data masked when `freeText`;
 * - `timestamp`: a point in time (local wall-clock in the configured time zone unless it carries an offset);
 * - `duration`: seconds (accepts `90`, `1:30`, `00:01:30`, `1.5 min`, `90s`, `2分30秒`, …);
 * - `boolean`: yes/no in English and Chinese;
 * - `rating`: a rating on a declared scale, stored raw and canonical;
 * - `channel`, `category`, `urgency`, `rootCause`, `outcome`, `priority`, `complaintStatus`, `surveyMethod`:
 *   controlled vocabularies (see `standardize/vocabulary.ts`);
 * - `customerId`, `phone`, `email`, `idCard`: personal identifiers, pseudonymised before storage.
 */
export type FieldType =
  | 'text'
  | 'timestamp'
  | 'duration'
  | 'boolean'
  | 'rating'
  | 'channel'
  | 'category'
  | 'urgency'
  | 'rootCause'
  | 'outcome'
  | 'priority'
  | 'complaintStatus'
  | 'surveyMethod'
  | 'customerId'
  | 'phone'
  | 'email'
  | 'idCard';

export interface FieldSpec {
  /** Canonical field name (snake_case, as in the database where it is stored as is). */
  readonly name: string;
  readonly type: FieldType;
  /** Header names recognised for this field, English and Chinese. */
  readonly aliases: readonly string[];
  /** True when a file without this column cannot be loaded. */
  readonly required?: boolean;
  /** Free text that may contain personal data: masked before storage. */
  readonly freeText?: boolean;
  /** Survey items: true when a higher answer is worse (effort), so the canonical value is reversed. */
  readonly lowerIsBetter?: boolean;
}

/**
 * The record's own last-update time: a ticketing system or survey platform exports the same record again after
 * it changed, and the latest version (by this time, else by load order) is the record's current state.
 */
const UPDATED_AT_ALIASES = ['updated_at', 'updated', 'last_updated', 'last updated', 'modified_at', 'last_modified', 'update_time', 'updated time', '更新时间', '最后更新时间', '修改时间', '最后修改时间'];

const customerFields: readonly FieldSpec[] = [
  { name: 'customer_id', type: 'customerId', aliases: ['customer_id', 'customer id', 'customer', 'account', 'account_id', 'cust_id', '客户编号', '客户id', '客户号', '客户账号', '用户编号', '用户id', '账号'] },
  { name: 'customer_phone', type: 'phone', aliases: ['phone', 'customer_phone', 'phone number', 'caller', 'caller_id', 'ani', 'mobile', 'msisdn', '主叫号码', '来电号码', '客户电话', '联系电话', '手机号', '手机号码', '电话号码'] },
  { name: 'customer_email', type: 'email', aliases: ['email', 'e-mail', 'customer_email', 'mail', '邮箱', '电子邮箱', '客户邮箱', '电子邮件'] },
  { name: 'customer_id_card', type: 'idCard', aliases: ['id_card', 'id card', 'national_id', '身份证', '身份证号', '身份证号码', '证件号码'] },
];

const staffFields: readonly FieldSpec[] = [
  { name: 'agent_code', type: 'text', aliases: ['agent', 'agent_id', 'agent_code', 'agent id', 'staff_id', 'operator', 'rep', '坐席', '坐席工号', '工号', '坐席号', '客服工号', '客服', '处理人工号', '受理人工号'] },
  { name: 'agent_name', type: 'text', aliases: ['agent_name', 'agent name', 'staff_name', '坐席姓名', '客服姓名', '处理人', '受理人'] },
  { name: 'team', type: 'text', aliases: ['team', 'group', 'team_name', 'squad', '班组', '团队', '组别', '小组', '所属班组'] },
  { name: 'region', type: 'text', aliases: ['region', 'area', 'province', 'city', '地区', '区域', '省份', '地市', '所属区域'] },
];

/** Call-center and other contact logs (phone, email, chat, social, app, on-site). */
export const CALL_FIELDS: readonly FieldSpec[] = [
  { name: 'contact_id', type: 'text', aliases: ['contact_id', 'call_id', 'contact id', 'call id', 'session_id', 'interaction_id', 'id', '通话id', '呼叫id', '通话编号', '流水号', '记录编号', '会话id'] },
  { name: 'started_at', type: 'timestamp', required: true, aliases: ['started_at', 'start_time', 'start time', 'call_time', 'call time', 'offered_at', 'queued_at', 'datetime', 'timestamp', 'date', 'time', '来电时间', '呼入时间', '开始时间', '进线时间', '接入时间', '日期时间', '时间', '日期'] },
  { name: 'answered_at', type: 'timestamp', aliases: ['answered_at', 'answer_time', 'answered time', '接听时间', '应答时间', '接通时间'] },
  { name: 'ended_at', type: 'timestamp', aliases: ['ended_at', 'end_time', 'end time', 'hangup_time', '结束时间', '挂机时间'] },
  { name: 'updated_at', type: 'timestamp', aliases: UPDATED_AT_ALIASES },
  { name: 'channel', type: 'channel', required: true, aliases: ['channel', 'media', 'media_type', 'contact_channel', 'source', '渠道', '接入渠道', '服务渠道', '联系渠道', '来源渠道', '媒体类型', '渠道类型'] },
  { name: 'queue', type: 'text', aliases: ['queue', 'skill', 'skill_group', 'service_type', '技能组', '队列', '业务类型', '服务类型'] },
  { name: 'outcome', type: 'outcome', aliases: ['outcome', 'result', 'status', 'call_status', 'call result', 'disposition', '呼叫结果', '接听状态', '通话状态', '状态', '是否接通'] },
  { name: 'wait_seconds', type: 'duration', aliases: ['wait_seconds', 'wait', 'wait_time', 'wait time', 'queue_time', 'queue wait', 'ring_time', 'speed_of_answer', '排队时长', '等待时长', '等待时间', '排队时间', '振铃时长', '排队'] },
  { name: 'talk_seconds', type: 'duration', aliases: ['talk_seconds', 'talk', 'talk_time', 'talk time', 'duration', 'call_duration', '通话时长', '通话时间', '会话时长'] },
  { name: 'hold_seconds', type: 'duration', aliases: ['hold_seconds', 'hold', 'hold_time', 'hold time', '保持时长', '保持时间'] },
  { name: 'after_work_seconds', type: 'duration', aliases: ['after_work_seconds', 'acw', 'acw_time', 'wrap_up', 'wrap_up_time', 'after call work', '话后处理时长', '话后时长', '整理时长'] },
  { name: 'transferred', type: 'boolean', aliases: ['transferred', 'transfer', 'is_transferred', '是否转接', '转接'] },
  { name: 'resolved_first_contact', type: 'boolean', aliases: ['resolved_first_contact', 'fcr', 'first_contact_resolution', 'resolved', '一次解决', '首次解决', '是否一次解决', '首问解决'] },
  { name: 'priority', type: 'priority', aliases: ['priority', 'severity', 'fault_level', '优先级', '故障级别', '故障等级', '严重程度'] },
  ...staffFields,
  ...customerFields,
];

/**
 * The built-in rated items of a survey answer; each is a `rating` field stored as its own item row (a profile's
 * `items` declares more). `ces` is the ease item of Gartner's CES 2.0 ("made it easy", 1–7 agreement, high =
 * good); `effort` is the effort item of CES 1.0 ("how much effort did you have to put forth", high = bad).
 */
export const SURVEY_ITEMS = [
  'overall',
  'attitude',
  'expertise',
  'communication',
  'speed',
  'solved',
  'transparency',
  'nps',
  'ces',
  'effort',
] as const;
export type SurveyItem = (typeof SURVEY_ITEMS)[number];

/** Satisfaction-survey answers (questionnaire, phone interview, online, on-site). */
export const SURVEY_FIELDS: readonly FieldSpec[] = [
  { name: 'response_id', type: 'text', aliases: ['response_id', 'survey_id', 'id', 'response id', '问卷编号', '调查编号', '评价编号', '答卷编号'] },
  { name: 'answered_at', type: 'timestamp', required: true, aliases: ['answered_at', 'submitted_at', 'response_time', 'survey_time', 'date', 'timestamp', '评价时间', '调查时间', '提交时间', '回访时间', '填写时间', '日期', '时间'] },
  { name: 'updated_at', type: 'timestamp', aliases: UPDATED_AT_ALIASES },
  { name: 'method', type: 'surveyMethod', aliases: ['method', 'survey_method', 'survey type', '调查方式', '调查方法', '评价方式'] },
  { name: 'channel', type: 'channel', aliases: ['channel', 'service_channel', 'contact_channel', '渠道', '服务渠道', '接入渠道'] },
  { name: 'contact_id', type: 'text', aliases: ['contact_id', 'call_id', 'rated_contact', '通话id', '关联通话', '关联通话id', '呼叫id', '流水号'] },
  { name: 'complaint_id', type: 'text', aliases: ['complaint_id', 'ticket_id', 'ticket', '工单号', '投诉单号', '关联工单'] },
  { name: 'overall', type: 'rating', aliases: ['overall', 'satisfaction', 'overall_satisfaction', 'overall satisfaction', 'csat', 'score', 'rating', '满意度', '总体满意度', '整体满意度', '综合满意度', '满意度评分', '评分'] },
  { name: 'attitude', type: 'rating', aliases: ['attitude', 'service_attitude', 'service attitude', 'courtesy', '服务态度', '态度'] },
  { name: 'expertise', type: 'rating', aliases: ['expertise', 'knowledge', 'professionalism', '专业能力', '业务能力', '专业水平', '专业性'] },
  { name: 'communication', type: 'rating', aliases: ['communication', 'communication_skills', '沟通能力', '沟通', '沟通表达'] },
  { name: 'speed', type: 'rating', aliases: ['speed', 'response_speed', 'response speed', 'responsiveness', '响应速度', '处理速度', '响应及时性'] },
  { name: 'solved', type: 'rating', aliases: ['solved', 'problem_solved', 'resolution', 'issue resolved', '问题解决', '问题是否解决', '解决情况', '是否解决'] },
  { name: 'transparency', type: 'rating', aliases: ['transparency', 'progress_transparency', '进度透明度', '进度透明', '过程透明度'] },
  { name: 'nps', type: 'rating', aliases: ['nps', 'likelihood_to_recommend', 'recommend', 'ltr', '推荐意愿', '推荐度', '推荐可能性', '净推荐值'] },
  { name: 'ces', type: 'rating', aliases: ['ces', 'ease', 'ease_score', 'customer_ease', '办理便捷度', '便捷度', '便利度', '办理便利度'] },
  { name: 'effort', type: 'rating', lowerIsBetter: true, aliases: ['effort', 'customer_effort', 'customer_effort_score', 'effort_score', '费力度', '客户费力度', '费力程度'] },
  { name: 'comment', type: 'text', freeText: true, aliases: ['comment', 'comments', 'feedback', 'verbatim', 'remarks', '意见', '建议', '意见建议', '评价内容', '备注', '留言'] },
  ...staffFields,
  ...customerFields,
];

/** Customer complaints and their handling. */
export const COMPLAINT_FIELDS: readonly FieldSpec[] = [
  { name: 'ticket_id', type: 'text', aliases: ['ticket_id', 'complaint_id', 'ticket', 'case_id', 'id', '工单号', '投诉单号', '投诉编号', '工单编号', '单号'] },
  { name: 'contact_id', type: 'text', aliases: ['contact_id', 'call_id', 'source_contact', '关联通话', '关联通话id', '来电流水号', '通话id'] },
  { name: 'received_at', type: 'timestamp', required: true, aliases: ['received_at', 'created_at', 'opened_at', 'complaint_time', 'date', '受理时间', '投诉时间', '创建时间', '登记时间', '接收时间', '日期', '时间'] },
  { name: 'channel', type: 'channel', aliases: ['channel', 'source', 'complaint_channel', '渠道', '投诉渠道', '来源', '受理渠道'] },
  { name: 'description', type: 'text', freeText: true, aliases: ['description', 'content', 'details', 'summary', 'complaint', '投诉内容', '问题描述', '内容', '描述', '投诉描述'] },
  { name: 'category', type: 'category', aliases: ['category', 'type', 'complaint_type', 'complaint category', '投诉类型', '投诉类别', '问题类型', '类别', '分类'] },
  { name: 'urgency', type: 'urgency', aliases: ['urgency', 'severity', 'priority', '紧急程度', '紧急度', '优先级', '严重程度'] },
  { name: 'impact', type: 'urgency', aliases: ['impact', 'impact_scope', 'scope', '影响范围', '影响程度', '影响'] },
  { name: 'first_response_at', type: 'timestamp', aliases: ['first_response_at', 'first_response', 'responded_at', 'first response time', '首次响应时间', '响应时间', '首次回复时间'] },
  { name: 'resolved_at', type: 'timestamp', aliases: ['resolved_at', 'resolution_time', 'solved_at', '解决时间', '处理完成时间', '办结时间'] },
  { name: 'closed_at', type: 'timestamp', aliases: ['closed_at', 'close_time', '关闭时间', '结案时间', '归档时间'] },
  { name: 'updated_at', type: 'timestamp', aliases: UPDATED_AT_ALIASES },
  { name: 'status', type: 'complaintStatus', aliases: ['status', 'state', 'complaint_status', '状态', '处理状态', '工单状态'] },
  { name: 'reopened', type: 'boolean', aliases: ['reopened', 're_opened', 'is_reopened', '是否重开', '重新打开', '重开'] },
  { name: 'reopened_at', type: 'timestamp', aliases: ['reopened_at', 'reopen_time', 're_opened_at', '重开时间', '重新打开时间'] },
  { name: 'escalated', type: 'boolean', aliases: ['escalated', 'is_escalated', '是否升级', '升级'] },
  { name: 'root_cause', type: 'rootCause', aliases: ['root_cause', 'cause', 'root cause', '根本原因', '原因分类', '原因', '责任原因'] },
  { name: 'satisfaction', type: 'rating', aliases: ['satisfaction', 'post_resolution_satisfaction', 'csat', '回访满意度', '满意度', '处理满意度'] },
  { name: 'followup_at', type: 'timestamp', aliases: ['followup_at', 'follow_up_at', 'callback_at', 'follow-up time', '回访时间', '回拨时间', '回访日期'] },
  ...staffFields,
  ...customerFields,
];

export const FIELDS_BY_KIND: Readonly<Record<SourceKind, readonly FieldSpec[]>> = {
  calls: CALL_FIELDS,
  surveys: SURVEY_FIELDS,
  complaints: COMPLAINT_FIELDS,
};

/**
 * Normalises a header for alias matching: NFKC (full-width → half-width), lower case, trimmed,
 * units in brackets dropped ("满意度(1-5)" → "满意度"), and runs of space, '-', '_' or '.' folded to '_'.
 *
 * @example normalizeHeader(' Wait Time (s) ') // => 'wait_time'
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[（(【\[].*?[)）】\]]/g, '')
    .trim()
    .replace(/[\s\-_.]+/g, '_');
}
