// amountInWords: the examples printed in the People's Bank of China rules for filling in bills
// (《正确填写票据和结算凭证的基本规定》), English words, bad input, and a round-trip property
// through an independent reader of capital numerals.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { amountInWords } from '../src/pdf/index.js';

describe('amountInWords, zh-CN (PBoC examples)', () => {
  const table: [string, string, string][] = [
    // [amount, expected, where the example comes from]
    ['1409.50', '壹仟肆佰零玖元伍角', 'inner 0 → 零; none after 角'],
    ['6007.14', '陆仟零柒元壹角肆分', 'a run of zeros → one 零'],
    ['1680.32', '壹仟陆佰捌拾元零叁角贰分', '元位 0, 角 not 0 (first form)'],
    ['107000.53', '壹拾万柒仟元零伍角叁分', '万位 and 元位 0 (first form)'],
    ['16409.02', '壹万陆仟肆佰零玖元零贰分', '角 0, 分 not 0 → 零 after 元'],
    ['325.04', '叁佰贰拾伍元零肆分', '角 0, 分 not 0 → 零 after 元'],
    ['140644.00', '壹拾肆万零陆佰肆拾肆元整', 'the contract example; 整 after 元'],
    ['10.00', '壹拾元整', 'a leading 壹 before 拾'],
    ['15.00', '壹拾伍元整', 'a leading 壹 before 拾'],
    ['100000001.00', '壹亿零壹元整', 'zeros across a whole group → one 零'],
    ['100007000.00', '壹亿零柒仟元整', 'a whole 万 group of zeros → 零'],
    ['0.00', '零元整', 'zero'],
    ['0.30', '叁角', 'below one yuan'],
    ['1000000.00', '壹佰万元整', 'trailing zeros → no 零'],
  ];
  for (const [amount, expected, why] of table) {
    it(`${amount} → ${expected} (${why})`, () => assert.equal(amountInWords(amount, 'CNY', 'zh-CN'), expected));
  }
  it('other currencies take their Chinese name before the numerals', () => {
    assert.equal(amountInWords('100.00', 'USD', 'zh-CN'), '美元壹佰元整');
    assert.equal(amountInWords('-5.50', 'CNY', 'zh-CN'), '负伍元伍角');
    assert.equal(amountInWords('3000', 'JPY', 'zh-CN'), '日元叁仟元整');
  });
});

describe('amountInWords, en', () => {
  const table: [string, string, string][] = [
    ['140644.00', 'CNY', 'One hundred forty thousand six hundred forty-four yuan only'],
    ['1250.50', 'USD', 'One thousand two hundred fifty dollars and fifty cents'],
    ['1.01', 'USD', 'One dollar and one cent'],
    ['0.99', 'EUR', 'Zero euros and ninety-nine cents'],
    ['2000000.00', 'GBP', 'Two million pounds only'],
    ['12.345', 'KWD', 'Twelve KWD and 345/1000'],
    ['100', 'JPY', 'One hundred yen only'],
  ];
  for (const [amount, currency, expected] of table) {
    it(`${amount} ${currency} → ${expected}`, () => assert.equal(amountInWords(amount, currency, 'en'), expected));
  }
});

describe('amountInWords, bad input', () => {
  const cases: [unknown, unknown, unknown, RegExp][] = [
    [140644, 'CNY', 'zh-CN', /amountInWords\(amount\): must be a decimal string/],
    ['1.005', 'CNY', 'zh-CN', /CNY has 2 decimals; round "1.005" first/],
    ['12', 'XXX', 'zh-CN', /amountInWords\(currency\): must be an ISO 4217 code/],
    ['1e5', 'CNY', 'zh-CN', /amountInWords\(amount\): must be a decimal string/],
    ['12345678901234567', 'CNY', 'zh-CN', /at most 16 integer digits/],
    ['1.00', 'CNY', 42, /amountInWords\(locale\)/],
  ];
  for (const [amount, currency, locale, message] of cases) {
    it(`${String(amount)} ${String(currency)} ${String(locale)} → ${message.source}`, () => {
      assert.throws(() => amountInWords(amount, currency, locale), (e: unknown) => e instanceof RangeError && message.test(e.message));
    });
  }
});

/** An independent reader of capital numerals: the amount in fen. */
function readCapitals(text: string): bigint {
  const digit: Record<string, bigint> = { 零: 0n, 壹: 1n, 贰: 2n, 叁: 3n, 肆: 4n, 伍: 5n, 陆: 6n, 柒: 7n, 捌: 8n, 玖: 9n };
  const small: Record<string, bigint> = { 拾: 10n, 佰: 100n, 仟: 1000n };
  const minor: Record<string, bigint> = { 角: 10n, 分: 1n };
  let total = 0n; // in fen
  let section = 0n; // the current group below 万
  let high = 0n; // what was closed by 万 / 亿 but not yet by a bigger unit
  let pending = 0n;
  for (const ch of text.replace(/整$/, '')) {
    if (ch in digit) pending = digit[ch]!;
    else if (ch in small) { section += pending * small[ch]!; pending = 0n; }
    else if (ch === '万') { high += (section + pending) * 10000n; section = 0n; pending = 0n; }
    else if (ch === '亿') { total += (high + section + pending) * 100000000n * 100n; high = 0n; section = 0n; pending = 0n; }
    else if (ch === '元') { total += (high + section + pending) * 100n; high = 0n; section = 0n; pending = 0n; }
    else if (ch in minor) { total += pending * minor[ch]!; pending = 0n; }
    else throw new Error(`unexpected ${ch} in ${text}`);
  }
  return total;
}

describe('amountInWords, properties', () => {
  const fen = fc.bigInt({ min: 0n, max: 10n ** 15n - 1n });
  const text = (f: bigint) => `${f / 100n}.${(f % 100n).toString().padStart(2, '0')}`;

  it('reads back as the same amount, with no doubled 零 and 整 exactly when there are no 角/分', () => {
    fc.assert(fc.property(fen, (f) => {
      const words = amountInWords(text(f), 'CNY', 'zh-CN');
      assert.equal(readCapitals(words), f, words);
      assert.ok(!words.includes('零零'), words);
      assert.equal(words.endsWith('整'), f % 100n === 0n, words);
      if (f >= 100n) assert.ok(!words.startsWith('零'), words);
      assert.match(words, /^[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$/);
    }), { numRuns: 2000 });
  });

  it('English words never contain digits for known currencies and always name the unit', () => {
    fc.assert(fc.property(fen, fc.constantFrom('CNY', 'USD', 'EUR', 'GBP'), (f, currency) => {
      const words = amountInWords(text(f), currency, 'en');
      assert.ok(!/\d/.test(words), words);
      assert.match(words, /(yuan|dollars?|euros?|pounds?)( only| and )/);
    }), { numRuns: 1000 });
  });
});
