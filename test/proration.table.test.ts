/**
 * Proration (src/core/proration.ts), case by case. Every expected fraction below was worked
 * out by hand from the policy definitions in the README ("Subscriptions and contracts"), not
 * by running the code: the comment beside each case shows the arithmetic.
 * Run: node --import tsx --test test/proration.table.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addMonths, dayText, parseDay } from '../src/core/calendar.js';
import { prorate, prorationLabel, type ProrationPolicy, type TermUnit } from '../src/core/proration.js';

const day = (s: string) => {
  const d = parseDay(s);
  assert.ok(d !== undefined, s);
  return d;
};
const P = (method: ProrationPolicy['method'], first: ProrationPolicy['first'] = 'prorate', last = first): ProrationPolicy => ({ method, first, last });

/** [name, policy, term unit, anchor (contract start), from, last day (inclusive), expected "num/den", en label] */
const CASES: [string, ProrationPolicy, TermUnit, string, string, string, string, string?][] = [
  // Feb 12–28 is 17 of February's 28 days; March–December are 10 whole months: 10 + 17/28 = 297/28.
  ['actual days, mid-February to year end', P('actual-days'), 'month', '2026-01-01', '2026-02-12', '2026-12-31', '297/28', '10 months + 17/28 of a month'],
  // Leap year: Feb 12–29 is 18 of 29 days: 10 + 18/29 = 308/29.
  ['actual days, leap February', P('actual-days'), 'month', '2028-01-01', '2028-02-12', '2028-12-31', '308/29', '10 months + 18/29 of a month'],
  // Anchor Jan 31: the grid is Jan 31, Feb 28, Mar 31, …, Jan 31 2027. [Jan 31, Feb 28) has 28 days;
  // Feb 10–27 is 18 of them; Feb 28 → Jan 31 2027 is 11 months: 11 + 18/28 = 326/28 = 163/14.
  ['actual days, month-end anchor (Jan 31 → Feb 28)', P('actual-days'), 'month', '2026-01-31', '2026-02-10', '2027-01-30', '163/14', '11 months + 18/28 of a month'],
  // Leap: the grid is Jan 31, Feb 29, …; [Jan 31, Feb 29) has 29 days, Feb 10–28 is 19: 11 + 19/29 = 338/29.
  ['actual days, month-end anchor in a leap year (Jan 31 → Feb 29)', P('actual-days'), 'month', '2028-01-31', '2028-02-10', '2029-01-30', '338/29'],
  // Anchor Feb 29 2028: grid Feb 29, Mar 29, …, Feb 28 2029. [Feb 29, Mar 29) has 29 days; Mar 10–28 is 19; then 11 months.
  ['actual days, anchor on Feb 29', P('actual-days'), 'month', '2028-02-29', '2028-03-10', '2029-02-27', '338/29'],
  // Shorter than a month, inside March (31 days): Mar 10–20 is 11 days: 11/31.
  ['actual days, eleven days inside one month', P('actual-days'), 'month', '2026-01-01', '2026-03-10', '2026-03-20', '11/31', '11/31 of a month'],
  // Effective on the contract's first day: 12 whole months.
  ['actual days, effective on the start', P('actual-days'), 'month', '2026-01-01', '2026-01-01', '2026-12-31', '12/1', '12 months'],
  // Effective on the contract's last day: Dec 31 is 1 of December's 31 days.
  ['actual days, effective on the last day', P('actual-days'), 'month', '2026-01-01', '2026-12-31', '2026-12-31', '1/31', '1/31 of a month'],
  // Partial first and last: Jan 20–31 is 12/31, February whole, Mar 1–15 is 15/31: 1 + 27/31 = 58/31.
  ['actual days, partial first and last', P('actual-days'), 'month', '2026-01-01', '2026-01-20', '2026-03-15', '58/31', '1 month + 12/31 of a month + 15/31 of a month'],
  // A yearly price, counted in months: (10 + 17/28) / 12 = 297/336 = 99/112.
  ['actual days, yearly term', P('actual-days'), 'year', '2026-01-01', '2026-02-12', '2026-12-31', '99/112', '(10 months + 17/28 of a month) ÷ 12'],
  // 30/360 (30E): Feb 12 → Mar 1 is (2·30+1) − (1·30+12) = 19 of a 30-day month: 10 + 19/30 = 319/30.
  ['30/360, mid-February', P('30-360'), 'month', '2026-01-01', '2026-02-12', '2026-12-31', '319/30', '10 months + 19/30 of a month'],
  // The same in a leap year: 30/360 does not see Feb 29.
  ['30/360, leap February', P('30-360'), 'month', '2028-01-01', '2028-02-12', '2028-12-31', '319/30'],
  // Jan 31 counts as the 30th: Jan 31 → Feb 1 is 31 − 30 = 1 day of 30; 11 whole months: 331/30.
  ['30/360, the 31st', P('30-360'), 'month', '2026-01-01', '2026-01-31', '2026-12-31', '331/30', '11 months + 1/30 of a month'],
  // Whole months, a started month counts whole: 10 + 1 = 11.
  ['whole months, started month counts', P('whole-months', 'full'), 'month', '2026-01-01', '2026-02-12', '2026-12-31', '11/1', '10 months + 1 month (a started month counts whole)'],
  // Whole months, a partial month is free: 10.
  ['whole months, partial month free', P('whole-months', 'free'), 'month', '2026-01-01', '2026-02-12', '2026-12-31', '10/1', '10 months + 0 (a partial month is free)'],
  // Whole months on a yearly price: (10 + 1) / 12 = 11/12.
  ['whole months, yearly term', P('whole-months', 'full'), 'year', '2026-01-01', '2026-02-12', '2026-12-31', '11/12'],
  // Whole term units (years): Jul 1 2026 → Jan 1 2027 is a started year (1), then 2 whole years: 3.
  ['whole years, started year counts', P('whole-units', 'full'), 'year', '2026-01-01', '2026-07-01', '2028-12-31', '3/1', '2 years + 1 year (a started year counts whole)'],
  ['whole years, partial year free', P('whole-units', 'free'), 'year', '2026-01-01', '2026-07-01', '2028-12-31', '2/1'],
  // None: never prorated, every started unit in full: 10 + 1 = 11.
  ['none', P('none', 'full'), 'month', '2026-01-01', '2026-02-12', '2026-12-31', '11/1'],
  // A price per day: Feb 12–20 is 9 days.
  ['term in days', P('actual-days'), 'day', '2026-01-01', '2026-02-12', '2026-02-20', '9/1', '9 days'],
  // First partial free, last prorated: Jan 20–31 free, February whole, Mar 1–15 = 15/31: 46/31.
  ['first free, last prorated', P('actual-days', 'free', 'prorate'), 'month', '2026-01-01', '2026-01-20', '2026-03-15', '46/31'],
];

for (const [name, policy, unit, anchor, from, last, expected, label] of CASES) {
  test(`proration: ${name}`, () => {
    const p = prorate(policy, unit, day(anchor), day(from), day(last) + 1);
    assert.equal(`${p.num}/${p.den}`, expected);
    if (label !== undefined) assert.equal(prorationLabel(p, unit, 'en'), label);
  });
}

test('proration: the zh-CN label', () => {
  const p = prorate(P('actual-days'), 'month', day('2026-01-01'), day('2026-02-12'), day('2027-01-01'));
  assert.equal(prorationLabel(p, 'month', 'zh-CN'), '10 个月 + 17/28 个月');
  assert.deepEqual({ from: p.first?.from, to: p.first?.to, days: p.first?.days, of: p.first?.of }, { from: '2026-02-12', to: '2026-02-28', days: 17, of: 28 });
});

test('calendar: months are counted from the anchor, never chained, clamped to month ends', () => {
  const jan31 = day('2026-01-31');
  assert.deepEqual([1, 2, 3, 13, 25].map((k) => dayText(addMonths(jan31, k))), ['2026-02-28', '2026-03-31', '2026-04-30', '2027-02-28', '2028-02-29']);
  for (const bad of ['2026-02-29', '2026-13-01', '2026-04-31', '2026-1-01', '', 20260101, null]) assert.equal(parseDay(bad), undefined, String(bad));
});

test('prorate refuses a period before its anchor or ending before it starts', () => {
  assert.throws(() => prorate(P('actual-days'), 'month', day('2026-02-01'), day('2026-01-15'), day('2026-03-01')), RangeError);
  assert.throws(() => prorate(P('actual-days'), 'month', day('2026-01-01'), day('2026-03-01'), day('2026-02-01')), RangeError);
});

const frac = (p: { num: bigint; den: bigint }) => [p.num, p.den] as const;
const add = (a: readonly [bigint, bigint], b: readonly [bigint, bigint]) => [a[0] * b[1] + b[0] * a[1], a[1] * b[1]] as const;
const same = (a: readonly [bigint, bigint], b: readonly [bigint, bigint]) => a[0] * b[1] === b[0] * a[1];

const spanArb = fc.record({
  anchor: fc.integer({ min: day('2024-01-01'), max: day('2030-12-31') }),
  a: fc.integer({ min: 0, max: 800 }),
  b: fc.integer({ min: 0, max: 800 }),
  c: fc.integer({ min: 0, max: 800 }),
  method: fc.constantFrom('actual-days' as const, '30-360' as const),
  unit: fc.constantFrom('month' as const, 'year' as const),
});

test('property: cutting a period anywhere, the prorated pieces add up to the whole exactly', () => {
  fc.assert(fc.property(spanArb, ({ anchor, a, b, c, method, unit }) => {
    const [x, y, z] = [a, b, c].sort((p, q) => p - q).map((n) => anchor + n) as [number, number, number];
    const pol = P(method);
    const whole = prorate(pol, unit, anchor, x, z);
    const sum = add(frac(prorate(pol, unit, anchor, x, y)), frac(prorate(pol, unit, anchor, y, z)));
    assert.ok(same(sum, frac(whole)), `${dayText(x)}..${dayText(y)}..${dayText(z)}`);
  }), { numRuns: 2000 });
});

test('property: one grid month is exactly one month under every method, wherever it is cut', () => {
  fc.assert(fc.property(fc.integer({ min: day('2024-01-01'), max: day('2030-12-31') }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 30 }), (anchor, k, cut) => {
    const start = addMonths(anchor, k);
    const end = addMonths(anchor, k + 1);
    const mid = Math.min(start + cut, end);
    for (const method of ['actual-days', '30-360'] as const) {
      const pieces = add(frac(prorate(P(method), 'month', anchor, start, mid)), frac(prorate(P(method), 'month', anchor, mid, end)));
      assert.ok(same(pieces, [1n, 1n]), `${method} ${dayText(start)} | ${dayText(mid)} | ${dayText(end)}`);
    }
    for (const method of ['whole-months', 'none'] as const) assert.ok(same(frac(prorate(P(method, 'full'), 'month', anchor, start, end)), [1n, 1n]));
  }), { numRuns: 2000 });
});
