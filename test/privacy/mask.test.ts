import { describe, expect, it } from 'vitest';
import { containsPersonalData, maskPersonalData } from '../../src/privacy/mask.js';

describe('maskPersonalData', () => {
  it.each([
    ['请回电 13812345678 谢谢', '请回电 138****5678 谢谢'],
    ['tel +86 138-1234-5678.', 'tel +86 138****5678.'],
    ['电话:8613812345678', '电话:86138****5678'],
    ['mail zhang.san@example.com now', 'mail z***@example.com now'],
    ['身份证 11010519491231002X 已核实', '身份证 110105********002X 已核实'],
    ['订单号 202601050000123456789 金额 1380.00', '订单号 202601050000123456789 金额 1380.00'],
    ['no personal data here', 'no personal data here'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });

  it('leaves nothing detectable behind', () => {
    const text = 'A 13912345678, B li@corp.cn, C 440301199001011234, D 13812345678';
    expect(containsPersonalData(text)).toBe(true);
    expect(containsPersonalData(maskPersonalData(text))).toBe(false);
  });
});
