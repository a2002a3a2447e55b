/**
 * The cleaning stages before tokenizing: markup, emoji, personal data, normalisation, the length cap. Expected
 * values are worked out by hand from the rules each file's header states; the 64 KiB cases check that every
 * stage stays linear on adversarial input (a regex that backtracks would take seconds to minutes there).
 */
import { describe, expect, it } from 'vitest';
import { cleanText, DEFAULT_MAX_TEXT_CHARS } from '../../../src/analysis/text/clean-text.js';
import { normalizeText } from '../../../src/analysis/text/normalize-text.js';
import { removeEmoji } from '../../../src/analysis/text/remove-emoji.js';
import { removePersonalData } from '../../../src/analysis/text/remove-personal-data.js';
import { stripMarkup } from '../../../src/analysis/text/strip-markup.js';

const KIB64 = 65_536;

function timed<T>(work: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = work();
  return { result, ms: performance.now() - start };
}

describe('stripMarkup', () => {
  it('drops tags, keeps block boundaries as line breaks and decodes references', () => {
    expect(stripMarkup('<p>宽带<b>掉线</b></p><p>&lt;急&gt;</p>')).toBe('\n宽带 掉线 \n\n<急>\n');
    expect(stripMarkup('a<br/>b<BR>c')).toBe('a\nb\nc');
    expect(stripMarkup('&#25105;&#x6211;&amp;&nbsp;&unknown;')).toBe('我我& &unknown;');
    expect(stripMarkup('AT&T bill')).toBe('AT&T bill');
  });

  it('drops script, style and comments whole, to the end when never closed', () => {
    expect(stripMarkup('x<script>alert("账单")</script>y')).toBe('x y');
    expect(stripMarkup('x<STYLE type="text/css">p{}</style >y')).toBe('x y');
    expect(stripMarkup('x<!-- 退费 -->y')).toBe('x y');
    expect(stripMarkup('x<script>never closed 账单')).toBe('x ');
    expect(stripMarkup('x<!-- never closed')).toBe('x ');
  });

  it('leaves text that only looks like markup', () => {
    expect(stripMarkup('speed < 10 Mbps, 5 > 3')).toBe('speed < 10 Mbps, 5 > 3');
    expect(stripMarkup('a <b unclosed')).toBe('a <b unclosed');
    expect(stripMarkup('')).toBe('');
  });

  it('is linear on 64 KiB of adversarial markup', () => {
    for (const text of ['<'.repeat(KIB64), '<a'.repeat(KIB64 / 2), '<script>'.repeat(KIB64 / 8), '<!--'.repeat(KIB64 / 4), '&#1'.repeat(KIB64 / 3)]) {
      const { ms } = timed(() => stripMarkup(text));
      expect(ms).toBeLessThan(500);
    }
  });
});

describe('removeEmoji', () => {
  it('drops pictographs with their modifiers, joiners, selectors, flags and keycaps', () => {
    expect(removeEmoji('网速太慢😡😡，客服👍🏻')).toBe('网速太慢 ，客服 ');
    expect(removeEmoji('family 👨‍👩‍👧 flag 🇨🇳 heart ❤️ keycap 1️⃣')).toBe('family   flag   heart   keycap 1 ');
    expect(removeEmoji('plain 中文 text, ½ ∑ → 〒')).toBe('plain 中文 text, ½ ∑ → 〒');
  });
});

describe('removePersonalData', () => {
  it('removes every masked form src/privacy/mask.ts writes, and other systems masks', () => {
    expect(removePersonalData('请回电138****5678或邮件z***@163.com')).toBe('请回电 或邮件 ');
    expect(removePersonalData('座机0755-****1234，身份证110105********123X，邮箱***@***。')).toBe('座机 ，身份证 ，邮箱 。');
    expect(removePersonalData('card ****1234 ok')).toBe('card   ok');
  });

  it('removes unmasked phones, e-mails, ids, account numbers and links', () => {
    expect(removePersonalData('call 13812345678 or +86 138 1234 5678')).toBe('call   or  ');
    expect(removePersonalData('mail zhang.wei@example.com now')).toBe('mail   now');
    expect(removePersonalData('工单 20260114000123 未处理')).toBe('工单   未处理');
    expect(removePersonalData('see https://crm.example.com/t?id=5&phone=138 and www.example.cn/x，谢谢')).toBe('see   and  ，谢谢');
  });

  it('keeps short numbers, amounts and product names', () => {
    expect(removePersonalData('多扣58元，5G套餐，iPhone 15，100Mbps')).toBe('多扣58元，5G套餐，iPhone 15，100Mbps');
  });

  it('is linear on 64 KiB of adversarial input', () => {
    for (const text of ['a'.repeat(KIB64), 'a@'.repeat(KIB64 / 2), '1'.repeat(KIB64), '1 '.repeat(KIB64 / 2), 'x*'.repeat(KIB64 / 2), 'http://'.repeat(KIB64 / 7)]) {
      const { ms } = timed(() => removePersonalData(text));
      expect(ms).toBeLessThan(500);
    }
  });
});

describe('normalizeText', () => {
  it('unifies full-width forms and case, resolves contractions', () => {
    expect(normalizeText('ＷｉＦｉ DOESN’T work, the Agent’s fault')).toBe('wifi does not work, the agent fault');
    expect(normalizeText("I can't, we won't, it's o'clock")).toBe('i can not, we will not, it oclock');
    expect(normalizeText('a\r\nb\rc\u0007d')).toBe('a\nb\nc d');
  });
});

describe('cleanText', () => {
  it('runs the stages in order: entities decoded before personal data, NFKC before masks', () => {
    expect(cleanText('<p>ＷｉＦｉ 掉线😡 请回电138****5678</p>').text).toBe('\nwifi 掉线  请回电 \n');
    expect(cleanText('电话：１３８＊＊＊＊５６７８').text).toBe('电话: ');
    expect(cleanText('mail z&#64;example.com').text).toBe('mail  ');
  });

  it('reads null, empty and whitespace as empty', () => {
    expect(cleanText(null)).toEqual({ text: '', truncated: false });
    expect(cleanText(undefined)).toEqual({ text: '', truncated: false });
    expect(cleanText('   \n\t ').text.trim()).toBe('');
  });

  it('cuts text beyond the cap, never inside a surrogate pair, and says so', () => {
    expect(cleanText('宽带'.repeat(KIB64))).toEqual({ text: '宽带'.repeat(KIB64 / 2), truncated: true });
    expect(cleanText('宽带'.repeat(KIB64 / 2))).toEqual({ text: '宽带'.repeat(KIB64 / 2), truncated: false });
    expect(cleanText('ab𠀀c', 3)).toEqual({ text: 'ab', truncated: true });
    expect(DEFAULT_MAX_TEXT_CHARS).toBe(KIB64);
    expect(() => cleanText('x', 0)).toThrow(/^cleanText: maxChars must be a positive integer, got 0$/);
  });
});
