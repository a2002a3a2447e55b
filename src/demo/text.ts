/**
 * Chinese text for the demo: agent names, e-mail handles, complaint descriptions and survey comments. Some
 * texts carry a phone number or an e-mail address on purpose, so the ingest's masking of free text is
 * exercised. Billing-worded complaint texts all contain 计费, 账单 or 扣费 (planted effect 3).
 */
import type { SeededRandom } from './random.js';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玲辉鹏飞婷雪琳晨浩宇欣怡子涵梓轩思彤嘉';
const SYLLABLES = ['wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu', 'hu', 'guo', 'lin', 'luo', 'xiao', 'mei', 'jun', 'hao', 'yu', 'fei', 'ting', 'lei', 'xin', 'yi'];
const DOMAINS = ['163.com', '126.com', 'sina.com', 'gmail.com', 'outlook.com', 'foxmail.com'];

/**
 * A Chinese personal name: a common surname and one or two given-name characters.
 * @param rng seeded stream
 * @example chineseName(new SeededRandom(1)) // => e.g. '王芳'
 */
export function chineseName(rng: SeededRandom): string {
  const surname = SURNAMES[rng.int(SURNAMES.length)]!;
  const first = GIVEN[rng.int(GIVEN.length)]!;
  return rng.bernoulli(0.6) ? surname + first + GIVEN[rng.int(GIVEN.length)]! : surname + first;
}

/**
 * A plausible personal e-mail address: a QQ number at qq.com (40 %) or a pinyin handle at a common provider.
 * @param rng seeded stream
 * @example emailAddress(new SeededRandom(1)) // => e.g. 'zhao.ting87@163.com'
 */
export function emailAddress(rng: SeededRandom): string {
  if (rng.bernoulli(0.4)) return `${10_000_000 + rng.int(2_000_000_000)}@qq.com`;
  const a = rng.pick(SYLLABLES);
  const b = rng.pick(SYLLABLES);
  const sep = rng.bernoulli(0.5) ? '.' : '_';
  return `${a}${sep}${b}${rng.int(100)}@${rng.pick(DOMAINS)}`;
}

const BILLING_TEXTS = [
  '本月账单比上月多出{amount}元，未办理任何新业务，要求核实计费并退还多扣费用',
  '账单显示国际漫游费用{amount}元，但本人近期未出境，怀疑计费错误',
  '套餐内流量未用完却被扣费{amount}元，账单明细与实际使用不符',
  '取消的增值业务仍在计费，连续两个月被扣费，要求全额退款',
  '话费账单重复扣费{amount}元，营业厅说是系统计费问题，至今未处理',
  '宽带已经办理停机，账单仍按月扣费，请尽快核实',
];
const PRODUCT_TEXTS = [
  '办理的融合套餐实际权益与宣传不符，承诺的视频会员一直没有到账',
  '流量包购买后未生效，影响正常使用',
  '携号转网申请被无故拒绝，业务规则不清楚',
  '新装宽带的实际网速只有签约速率的一半',
  '合约机到手后发现套餐被默认升级，事先没有告知',
];
const SERVICE_TEXTS = [
  '客服态度冷淡，多次打断我说话，问题没有解决',
  '排队等待超过二十分钟无人接听，体验很差',
  '坐席承诺二十四小时内回电，但一直没有人联系我',
  '同一个问题反复转接了三次，每次都要重新描述',
  '营业厅工作人员推销业务，拒绝后态度恶劣',
  '投诉后处理进度不透明，询问多次没有答复',
];
const TECHNICAL_TEXTS = [
  '家里宽带频繁掉线，影响居家办公，报修三天未上门',
  '手机信号差，室内基本无法通话，已持续一周',
  '光猫故障灯常亮，重启无效，需要上门检修',
  '5G网络下视频通话经常卡顿断线',
  'IPTV经常黑屏，机顶盒重启后仍然无法观看',
];
const OTHER_TEXTS = ['营业厅排队叫号系统故障，等待时间过长', '发票开具信息有误，需要重新开具', '积分兑换的礼品一直没有收到'];

/** Complaint text families; `billing` is the product subfamily planted effect 3 counts. */
export type ComplaintTextKind = 'billing' | 'product' | 'service' | 'technical' | 'other';

const TEXTS: Readonly<Record<ComplaintTextKind, readonly string[]>> = {
  billing: BILLING_TEXTS,
  product: PRODUCT_TEXTS,
  service: SERVICE_TEXTS,
  technical: TECHNICAL_TEXTS,
  other: OTHER_TEXTS,
};

/**
 * A complaint description of the given family. With probability `piiShare` a contact detail is appended
 * (the customer's phone or e-mail, or another number), so masking can be tested; with probability 0.01 the
 * text spans two lines and contains an ASCII comma and quotes (CSV quoting is exercised).
 * @param rng seeded stream @param kind text family
 * @param phone the customer's mobile number @param email the customer's e-mail or '' @param piiShare 0–1
 * @example complaintDescription(new SeededRandom(1), 'billing', '13812345678', '', 0) // => e.g. '本月账单比上月多出58元…'
 */
export function complaintDescription(rng: SeededRandom, kind: ComplaintTextKind, phone: string, email: string, piiShare: number): string {
  let text = rng.pick(TEXTS[kind]).replace('{amount}', String(10 + rng.int(190)));
  if (rng.bernoulli(piiShare)) {
    const u = rng.next();
    if (u < 0.5) text += `，请回电${phone}`;
    else if (u < 0.75 && email !== '') text += `，联系邮箱${email}`;
    else text += `，备用联系人电话1${3 + rng.int(6)}${String(rng.int(1e9)).padStart(9, '0')}`;
  }
  if (rng.bernoulli(0.01)) text += '。\n补充说明: 已于上周反馈过一次, 工单号 "未知"';
  return text;
}

const PRAISE = ['客服很耐心，问题很快解决了', '专业、热情，点赞', '一次就处理好了，非常满意', '回复及时，讲解清楚', '服务态度很好'];
const NEUTRAL = ['还可以，希望能更快一些', '问题解决了，但等待时间有点长', '整体一般'];
const CRITICISM = ['等了很久才接通', '问题没有解决，还要再打一次', '转了好几次才找到能处理的人', '说明不清楚，感觉在敷衍', '太慢了'];

/**
 * A survey comment matching the overall rating (1–5), sometimes carrying a phone number or e-mail.
 * @param rng seeded stream @param overall the rating 1–5 @param phone the customer's number @param email '' if none
 * @example surveyComment(new SeededRandom(1), 5, '13812345678', '') // => e.g. '服务态度很好'
 */
export function surveyComment(rng: SeededRandom, overall: number, phone: string, email: string): string {
  let text = rng.pick(overall >= 4 ? PRAISE : overall === 3 ? NEUTRAL : CRITICISM);
  if (rng.bernoulli(0.06)) text += email !== '' && rng.bernoulli(0.5) ? `，有问题请发邮件到${email}` : `，我的电话${phone}`;
  return text;
}
