/**
 * Cross-check of prorated amendment lines against an independent reference: scripts/crosscheck-proration.py
 * (Python's datetime, fractions and decimal, written from the README's proration arithmetic, overlap by
 * overlap where the kit walks a cursor) over 2,000 random contracts and changes — month-end and leap-day
 * anchors, every policy and partial rule, months, years and days, CNY/JPY/KWD, both rounding modes,
 * credits. CI needs no Python: the fixture is committed (`python3 scripts/crosscheck-proration.py
 * --check` compares a fresh build with it). Run: node --import tsx --test test/proration.crosscheck.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { priceQuote } from '../src/pricing/index.js';
import type { Catalog, Quote, SubscriptionSettingsInput } from '../src/types.js';

interface Case {
  policy: NonNullable<SubscriptionSettingsInput['proration']>;
  unit: 'month' | 'year' | 'day';
  currency: string;
  rounding: 'half-up' | 'half-even';
  contract: { start: string; end: string };
  line: { qty: string; contractedUnitPrice: string; period: { start: string; end: string }; credit: boolean };
  expected: { factor: string; netAmount: string };
}

const cases = JSON.parse(readFileSync(new URL('./fixtures/proration-crosscheck.json', import.meta.url), 'utf8')) as Case[];
const catalogs = new Map<string, Catalog>();

function catalogFor(c: Case): Catalog {
  const key = JSON.stringify([c.policy, c.unit, c.currency, c.rounding]);
  let cat = catalogs.get(key);
  if (!cat) {
    cat = {
      id: 'xc', currency: c.currency, pricing: { rounding: c.rounding }, taxes: [{ code: 'T0', rate: '0' }], defaultTaxCode: 'T0',
      products: [{ sku: 'SUB', name: 'Subscription', term: { unit: c.unit }, price: { model: 'flat', list: '1' }, subscription: { proration: c.policy } }],
    };
    catalogs.set(key, cat);
  }
  return cat;
}

test('the proration cross-check fixture is present and varied', () => {
  assert.equal(cases.length, 2000);
  const seen = (f: (c: Case) => string) => new Set(cases.map(f)).size;
  assert.equal(seen((c) => c.policy.method), 5);
  assert.equal(seen((c) => c.unit), 3);
  assert.ok(cases.some((c) => c.line.credit) && cases.some((c) => c.contract.start.endsWith('-29') || c.contract.start.endsWith('-31')));
});

test('prorated amendment lines agree with the reference (scripts/crosscheck-proration.py) on every case, to the string', () => {
  const mismatches: string[] = [];
  cases.forEach((c, i) => {
    const quote: Quote = {
      id: `Q-${i}`, date: c.contract.start, kind: 'amendment', contract: { id: 'K', start: c.contract.start, end: c.contract.end },
      lines: [{ id: 'L', sku: 'SUB', subscriptionId: 'K:L', ...c.line }],
    };
    const p = priceQuote(catalogFor(c), quote);
    const line = p.lines[0];
    const errors = p.issues.filter((x) => x.severity === 'error');
    if (errors.length > 0 || !line) mismatches.push(`case ${i}: ${JSON.stringify(errors)}`);
    else if (line.proration?.factor !== c.expected.factor || line.netAmount !== c.expected.netAmount) {
      mismatches.push(`case ${i} (${c.policy.method}/${c.policy.first}/${c.policy.last}, ${c.unit}, ${c.contract.start} ${c.line.period.start}..${c.line.period.end}): factor ${line.proration?.factor} vs ${c.expected.factor}, amount ${line.netAmount} vs ${c.expected.netAmount}`);
    }
  });
  assert.deepEqual(mismatches.slice(0, 10), [], `${mismatches.length} mismatches; the first ones listed`);
});
