/**
 * verifyOrder: an untouched event verifies; every class of tampering — price, quantity,
 * discount, totals, an added line, a removed line, currency — is found (a table on a known
 * quote, and a property over generated catalogs and quotes); a consistent forgery still lacks
 * the approvals its discount needs; bad input gives differences, never a throw.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { priceQuote } from '../src/pricing/index.js';
import {
  approve, accept, canonicalJson, digestContent, quoteDigest, send, snapshot, submit, toOrderEvent, tryOrderEvent, verifyOrder,
  type LifecycleQuote, type OrderDifference, type OrderEvent, type VerifyResult,
} from '../src/quote/index.js';
import type { Quote } from '../src/types.js';
import { CURRENCIES, scenarioArb } from './arbitraries.js';
import { catalogMin } from './fixtures/catalog-min.js';
import { acceptedOrder, discountedQuote, ok, T0, T1, T2 } from './fixtures/order-flow.js';

let catalog: unknown;
let event: OrderEvent;

before(() => {
  const r = acceptedOrder();
  catalog = r.catalog;
  event = toOrderEvent(catalog, r.priced, { quote: r.quote, source: 'https://crm.example.com/quotes' });
});

function paths(r: VerifyResult): string[] {
  return r.differences.map((d) => d.path);
}

describe('an untouched event', () => {
  test('verifies, and comes back with the catalog\'s own pricing and digest', () => {
    const r = verifyOrder(catalog, event);
    assert.deepEqual(r.differences, []);
    assert.equal(r.ok, true);
    assert.equal(r.digest, event.data.digest);
    assert.equal(r.priced!.totals.total, event.data.totals.total);
  });

  test('after a JSON round trip, with its keys in another order', () => {
    const reversed = (_: string, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v;
    const copy = JSON.parse(JSON.stringify(event), reversed);
    assert.notDeepEqual(Object.keys(copy.data), Object.keys(event.data));
    assert.ok((verifyOrder(catalog, copy)).ok);
  });

  test('with the digest the host recorded at acceptance; another recorded digest is a difference', () => {
    assert.ok((verifyOrder(catalog, event, { acceptedDigest: event.data.digest })).ok);
    const other = `sha-256:${'0'.repeat(64)}`;
    const r = verifyOrder(catalog, event, { acceptedDigest: other });
    assert.deepEqual(r.differences, [{ path: 'data.digest', expected: other, actual: event.data.digest }]);
  });
});

describe('tampering found (known quote)', () => {
  const cases: [string, (e: OrderEvent) => void, (string | RegExp)[]][] = [
    ['a net unit price', (e) => { e.data.lines[0]!.netUnitPrice = '1.00'; }, ['data.lines[0].netUnitPrice']],
    ['a line amount', (e) => { e.data.lines[2]!.netAmount = '1.00'; }, ['data.lines[2].netAmount']],
    ['a quantity', (e) => { e.data.lines[2]!.qty = '80'; }, ['data.lines[2].netAmount', 'data.totals.net', 'data.digest']],
    ['a line discount as entered', (e) => { e.data.lines[0]!.discount = { percent: '30' }; }, ['data.lines[0].netAmount', 'data.digest']],
    ['the quote discount as entered', (e) => { e.data.discount = { percent: '25' }; }, ['data.totals.net', 'data.digest']],
    ['a total', (e) => { e.data.totals.total = '1.00'; }, ['data.totals.total']],
    ['a tax summary', (e) => { e.data.totals.taxes[0]!.amount = '0.00'; }, ['data.totals.taxes[0].amount']],
    ['an added line', (e) => { e.data.lines.push({ ...e.data.lines[2]!, id: 'L9' }); }, ['data.totals.net', 'data.digest']],
    ['a removed quote line', (e) => { e.data.lines.splice(2, 1); }, ['data.totals.net', 'data.digest']],
    ['a removed option line', (e) => { e.data.lines.splice(1, 1); }, ['data.lines']],
    ['the currency', (e) => { e.data.currency = 'USD'; }, ['data.currency', /^data\.lines\[\d\]\.sku$/]],
    ['an approval removed', (e) => { e.data.approvals = []; }, ['data.approvals']],
    ['an approval for other prices', (e) => { e.data.approvals[0]!.digest = `sha-256:${'a'.repeat(64)}`; }, ['data.approvals[0].digest']],
    ['the acceptance removed', (e) => { delete (e.data as Partial<typeof e.data>).acceptance; }, ['data.acceptance']],
    ['an acceptance after validUntil', (e) => { e.data.acceptance.at = '2027-01-05T10:00:00+08:00'; }, ['data.acceptance.at']],
    ['the digest', (e) => { e.data.digest = `sha-256:${'b'.repeat(64)}`; }, ['data.digest']],
    ['the id', (e) => { e.id = 'order:Q-ORDER-1:v2'; }, ['id']],
    ['the specversion', (e) => { (e as { specversion: string }).specversion = '0.3'; }, ['specversion']],
    ['the type', (e) => { e.type = 'com.example.quote.sent'; }, ['type']],
    ['the content type', (e) => { (e as { datacontenttype: string }).datacontenttype = 'text/plain'; }, ['datacontenttype']],
    ['the schema version', (e) => { (e.data as { schemaVersion: string }).schemaVersion = '2'; }, ['data.schemaVersion']],
    ['a product name', (e) => { e.data.lines[0]!.name = 'Something else'; }, ['data.lines[0].name']],
    ['an option line\'s SKU', (e) => { e.data.lines[1]!.sku = 'ADDON-SSO'; }, ['data.lines[1].sku']],
    ['an extension attribute with a bad name', (e) => { (e as unknown as Record<string, unknown>)['Tenant-Id'] = 'x'; }, ['Tenant-Id']],
  ];
  for (const [name, tamper, want] of cases) {
    test(name, () => {
      const copy = structuredClone(event);
      tamper(copy);
      const r = verifyOrder(catalog, copy);
      assert.equal(r.ok, false);
      for (const w of want) assert.ok(paths(r).some((p) => (typeof w === 'string' ? p === w : w.test(p))), `${w} in ${JSON.stringify(r.differences)}`);
      for (const d of r.differences) assert.ok('expected' in d && 'actual' in d);
    });
  }
});

describe('a consistent forgery', () => {
  test('a deeper discount, every figure and digest recomputed, still lacks the approval it needs', () => {
    const strict = catalogMin();
    strict.approvalRules.push({ id: 'disc-30', level: 'director', when: { '>': [{ var: 'quote.discountPercent' }, 30] } });
    const real = acceptedOrder(strict);
    const built = toOrderEvent(strict, real.priced, { quote: real.quote });
    // The forger prices a 40 % discount and rewrites the event to match, approvals and all.
    const forged = structuredClone(built);
    const deeper: Quote = { ...discountedQuote(), discount: { percent: '40' } };
    const priced = priceQuote(strict, deeper);
    const digest = quoteDigest(priced);
    forged.data.discount = { percent: '40' };
    forged.data.lines = forged.data.lines.map((l, i) => ({ ...l, ...pickFigures(priced.lines[i]!) }));
    forged.data.totals = { ...forged.data.totals, ...pickTotals(priced.totals) };
    forged.data.adjustments = priced.adjustments;
    forged.data.digest = digest;
    forged.data.acceptance.digest = digest;
    forged.data.approvals = forged.data.approvals.map((a) => ({ ...a, digest }));
    const r = verifyOrder(strict, forged);
    // Only approvals are missing (disc-30, and below-floor on L1 at this price): every figure agrees.
    assert.ok(r.differences.every((d) => d.path === 'data.approvals' && d.actual === null), JSON.stringify(r.differences));
    assert.ok(r.differences.some((d) => (d.expected as { ruleId: string }).ruleId === 'disc-30'));
    // And the host's own record of what was accepted exposes it too.
    const recorded = verifyOrder(strict, forged, { acceptedDigest: built.data.digest });
    assert.ok(recorded.differences.some((d) => d.path === 'data.digest'));
  });
});

function pickFigures(l: object): Record<string, unknown> {
  const keys = ['listUnitPrice', 'netUnitPrice', 'listAmount', 'netAmount', 'discountPercent', 'tax', 'total'];
  return Object.fromEntries(keys.map((k) => [k, (l as Record<string, unknown>)[k]]));
}
function pickTotals(t: object): Record<string, unknown> {
  const keys = ['list', 'discount', 'net', 'tax', 'total', 'discountPercent', 'taxes'];
  return Object.fromEntries(keys.map((k) => [k, (t as Record<string, unknown>)[k]]));
}

/** Submit, approve what is required, send and accept a quote; its order event. */
function eventFor(cat: unknown, quote: Quote): OrderEvent | undefined {
  const priced = priceQuote(cat, quote);
  if (!priced.orderable) return undefined;
  const snap = snapshot(priced);
  let q: LifecycleQuote = ok(submit(quote, snap, { at: T0, actor: 's' }));
  if (q.lifecycle!.state === 'approval-pending') q = ok(approve(q, snap, { at: T0, actor: 'm' }));
  q = ok(accept(ok(send(q, snap, { at: T1, actor: 's' })), snap, { at: T2, actor: 'c' }));
  const built = tryOrderEvent(cat, priced, { quote: q });
  assert.ok(built.ok, JSON.stringify(!built.ok && built.errors));
  return built.event;
}

type Tamper = 'price' | 'quantity' | 'discount' | 'totals' | 'added line' | 'removed line' | 'currency';
const TAMPERS: Tamper[] = ['price', 'quantity', 'discount', 'totals', 'added line', 'removed line', 'currency'];

describe('tampering found (property)', () => {
  test('every class of tampering is reported, with a difference where it was made', () => {
    const arb = fc.tuple(scenarioArb, fc.constantFrom(...TAMPERS), fc.nat(), fc.integer({ min: 1, max: 50 }));
    fc.assert(fc.property(arb, ([scenario, kind, pick, delta]) => {
      const e = eventFor(scenario.catalog, scenario.quote);
      fc.pre(e !== undefined);
      const ev = structuredClone(e!);
      const lines = ev.data.lines;
      const quoteLines = lines.map((l, i) => [l, i] as const).filter(([l]) => l.parentId === null);
      const [line, i] = quoteLines[pick % quoteLines.length]!;
      let want: (p: string) => boolean;
      switch (kind) {
        case 'price': {
          const [l, j] = [lines[pick % lines.length]!, pick % lines.length];
          l.netUnitPrice = bump(l.netUnitPrice, delta);
          want = (p) => p === `data.lines[${j}].netUnitPrice`;
          break;
        }
        case 'quantity':
          line.qty = bump(line.qty, delta);
          want = (p) => p.startsWith(`data.lines[${i}]`) || p === 'data.digest';
          break;
        case 'discount': {
          const before = line.discount;
          line.discount = { percent: before && 'percent' in before && before.percent === '50' ? '49' : '50' };
          fc.pre(changesPricing(scenario.catalog, e!, ev));
          want = (p) => p.startsWith('data.lines[') || p.startsWith('data.totals') || p === 'data.digest';
          break;
        }
        case 'totals': {
          const field = (['list', 'discount', 'net', 'tax', 'total'] as const)[pick % 5]!;
          ev.data.totals[field] = bump(ev.data.totals[field], delta);
          want = (p) => p === `data.totals.${field}`;
          break;
        }
        case 'added line':
          lines.push({ ...line, id: 'TAMPERED' });
          want = (p) => p === 'data.digest';
          break;
        case 'removed line':
          lines.splice(pick % lines.length, 1);
          want = (p) => p === 'data.digest' || p === 'data.lines';
          break;
        case 'currency':
          ev.data.currency = CURRENCIES.find((c) => c !== ev.data.currency)!;
          want = (p) => p === 'data.currency';
          break;
      }
      const r = verifyOrder(scenario.catalog, ev);
      assert.equal(r.ok, false, `${kind} not found`);
      assert.ok(r.differences.some((d: OrderDifference) => want(d.path)), `${kind}: ${JSON.stringify(r.differences.slice(0, 5))}`);
    }), { numRuns: 120 });
  });
});

/** A decimal string made different: its last digit moved by `delta` (kept a valid decimal). */
function bump(value: string, delta: number): string {
  return `${value}${delta % 9 + 1}`.replace(/^(-?)0(\d)/, '$1$2');
}

/** True when the tampered event's entered values price differently from the original. */
function changesPricing(cat: unknown, original: OrderEvent, tampered: OrderEvent): boolean {
  const r = verifyOrder(cat, tampered);
  return canonicalJson(digestContent(r.priced)) !== canonicalJson(digestContent(original.data)) || r.differences.length > 0;
}

describe('bad input: differences, never a throw', () => {
  const cases: [string, () => unknown, () => unknown, string][] = [
    ['an event that is null', () => catalog, () => null, ''],
    ['an event that is an array', () => catalog, () => [event], ''],
    ['an event that is a string', () => catalog, () => JSON.stringify(event), ''],
    ['no data', () => catalog, () => ({ ...event, data: undefined }), 'data'],
    ['lines not an array', () => catalog, () => ({ ...event, data: { ...event.data, lines: {} } }), 'data.lines'],
    ['no quote id', () => catalog, () => ({ ...event, data: { ...event.data, quoteId: 7 } }), 'data.quoteId'],
    ['a version that is not a whole number', () => catalog, () => ({ ...event, data: { ...event.data, version: 1.5 } }), 'data.version'],
    ['an invalid catalog', () => ({ id: 'broken' }), () => event, 'catalog.currency'],
    ['a line that is not an object', () => catalog, () => ({ ...event, data: { ...event.data, lines: [...event.data.lines, 42] } }), 'data.lines[4]'],
    ['a quantity that is a float', () => catalog, () => {
      const e = structuredClone(event);
      (e.data.lines[2] as { qty: unknown }).qty = 8.5;
      return e;
    }, 'data.lines[2].qty'],
    ['attributes nested very deep', () => catalog, () => {
      const e = structuredClone(event);
      let deep: unknown = 'x';
      for (let k = 0; k < 5000; k++) deep = { a: deep };
      (e.data.lines[0] as { attributes: unknown }).attributes = deep;
      return e;
    }, 'data.lines[0].attributes'],
  ];
  for (const [name, cat, ev, path] of cases) {
    test(name, () => {
      const r = verifyOrder(cat(), ev());
      assert.equal(r.ok, false);
      assert.ok(paths(r).includes(path), `${path} in ${JSON.stringify(paths(r))}`);
    });
  }
});
