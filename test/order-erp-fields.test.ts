/**
 * The sales-order fields of the order event (issue 12, item 5): bill-to and ship-to parties,
 * payment terms, requested delivery dates (quote and line), the customer's reference and the
 * seller. Each is optional and additive (schema version 1 unchanged): an event without them is
 * what it was; with them, it validates against both shipped schemas (ajv) and verifyOrder accepts
 * it, for any well-formed values (fast-check); malformed values are refused, located, never
 * thrown; approval rules that read them give verifyOrder the same answer as the seller's side.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { toOrderEvent, tryOrderEvent, verifyOrder, type OrderEvent } from '../src/quote/index.js';
import type { OrderParty, OrderQuoteFields, OrderSeller } from '../src/quote/index.js';
import type { Quote } from '../src/types.js';
import { catalogMin } from './fixtures/catalog-min.js';
import { acceptedOrder, discountedQuote } from './fixtures/order-flow.js';

const dataSchema = JSON.parse(readFileSync(new URL('../schemas/order-event.schema.json', import.meta.url), 'utf8'));
const eventSchema = JSON.parse(readFileSync(new URL('../schemas/order-cloudevent.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addSchema(dataSchema);
const validateData = ajv.compile(dataSchema);
const validateEvent = ajv.compile(eventSchema);

const SOURCE = 'https://crm.example.com/quotes';
const FIELDS = ['billTo', 'shipTo', 'paymentTerms', 'requestedDate', 'customerReference', 'seller'] as const;

const BILL_TO: OrderParty = {
  id: 'C-88', name: '苏州锐达精密机械有限公司', taxId: '91320594MA1XXXXX0Y',
  address: { lines: ['星湖街328号', '创意产业园 12 幢'], city: '苏州', region: '江苏省', postalCode: '215123', country: 'CN' },
  contact: { name: '张伟', phone: '+86 512 6288 0000', email: 'zhang.wei@ruida.example.cn' },
};
const SHIP_TO: OrderParty = { name: 'Ruida Precision, plant 2', address: { lines: ['Tongyuan Rd 88'], city: 'Kunshan', country: 'CN' }, contact: { name: 'Li Lei' } };

/** `discountedQuote()` with the sales-order fields (L1 has its own delivery date; L2 takes the quote's). */
function erpQuote(extra: Partial<OrderQuoteFields> = {}): Quote {
  const q = discountedQuote() as Quote & OrderQuoteFields;
  Object.assign(q, {
    billTo: structuredClone(BILL_TO), shipTo: structuredClone(SHIP_TO), paymentTerms: { code: 'NT30', days: 30, text: '30 days net' },
    requestedDate: '2027-01-15', customerReference: 'PO-2026-4711',
  }, extra);
  (q.lines[0] as unknown as Record<string, unknown>).requestedDate = '2027-01-05';
  return q;
}

function eventOf(quote: Quote, seller?: OrderSeller, catalog: unknown = catalogMin()): OrderEvent {
  const o = acceptedOrder(catalog, quote);
  return toOrderEvent(o.catalog, o.priced, { quote: o.quote, source: SOURCE, ...(seller ? { seller } : {}) });
}

/** fast-check's records may have no prototype; the event's are plain objects. */
const plain = (x: unknown) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));

function assertValid(event: OrderEvent, catalog: unknown = catalogMin()): void {
  assert.ok(validateData(event.data), JSON.stringify(validateData.errors));
  assert.ok(validateEvent(event), JSON.stringify(validateEvent.errors));
  const verified = verifyOrder(catalog, event);
  assert.deepEqual(verified.differences, []);
  assert.equal(verified.ok, true);
}

describe('the sales-order fields in the event', () => {
  test('copied from the quote and the options; dates per line: its own, an option line its quote line\'s, else the quote\'s', () => {
    const event = eventOf(erpQuote(), { id: 'wang.seller', name: '王涛' });
    const d = event.data;
    assert.deepEqual(d.billTo, BILL_TO);
    assert.deepEqual(d.shipTo, SHIP_TO);
    assert.deepEqual(d.paymentTerms, { code: 'NT30', days: 30, text: '30 days net' });
    assert.equal(d.requestedDate, '2027-01-15');
    assert.equal(d.customerReference, 'PO-2026-4711');
    assert.equal(d.acceptance.reference, 'PO-4711', 'the reference given at acceptance stays where it was');
    assert.deepEqual(d.seller, { id: 'wang.seller', name: '王涛' });
    assert.equal(d.validUntil, '2026-12-28', 'the quote\'s validity');
    const dates = d.lines.map((l) => [l.id, l.parentId, l.requestedDate, l.unit ?? null]);
    assert.deepEqual(dates, [
      ['L1', null, '2027-01-05', 'user/mo'],
      [dates[1]![0], 'L1', '2027-01-05', null],
      ['L2', null, '2027-01-15', null],
      ['L3', null, '2027-01-15', null],
    ]);
    assertValid(event);
  });

  test('copies, not references: changing the quote afterwards does not change the event', () => {
    const quote = erpQuote();
    const o = acceptedOrder(catalogMin(), quote);
    const event = toOrderEvent(o.catalog, o.priced, { quote: o.quote, source: SOURCE });
    (o.quote as unknown as { billTo: OrderParty }).billTo.address!.lines!.push('changed');
    assert.deepEqual(event.data.billTo, BILL_TO);
  });

  test('absent fields are absent (an event of version 1 as before); only the seller, or only a line date, alone', () => {
    const plain = eventOf(discountedQuote());
    for (const key of FIELDS) assert.equal(key in plain.data, false, key);
    assert.ok(plain.data.lines.every((l) => !('requestedDate' in l)));
    assert.equal(plain.data.schemaVersion, '1');
    assertValid(plain);

    const q = discountedQuote();
    (q.lines[1] as unknown as Record<string, unknown>).requestedDate = '2027-02-28';
    const one = eventOf(q, { id: 'li.si' });
    assert.deepEqual(one.data.seller, { id: 'li.si' });
    assert.deepEqual(one.data.lines.map((l) => l.requestedDate ?? null), [null, null, '2027-02-28', null]);
    assertValid(one);
  });

  test('the same event however often it is built, and the digest does not depend on the fields', () => {
    const a = eventOf(erpQuote(), { id: 's' });
    const b = eventOf(erpQuote(), { id: 's' });
    assert.deepEqual(a, b);
    assert.equal(a.data.digest, eventOf(discountedQuote()).data.digest);
  });
});

describe('any well-formed fields: the event validates and verifies (fast-check)', () => {
  // Strings the fields accept: non-blank, no control characters, within the length.
  const ch = fc.oneof(fc.constantFrom('a', 'Z', '0', ' ', '-', '#', '号', '省', '市', 'é', '😀', '"', '\\', '/', '\u00a0'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }));
  const str = (max: number) => fc.array(ch, { minLength: 1, maxLength: Math.min(max, 30) })
    .map((a) => a.join('').slice(0, max))
    .filter((s) => s.trim() !== '' && !/[\u0000-\u001f\u007f-\u009f]/.test(s) && !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')));
  const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const party = fc.record({
    id: str(100), name: str(500), taxId: str(64),
    address: fc.record({ lines: fc.array(str(200), { minLength: 1, maxLength: 6 }), city: str(100), region: str(100), postalCode: str(20), country: fc.constantFrom('CN', 'US', 'DE', 'JP') }, { requiredKeys: [] }),
    contact: fc.record({ name: str(200), phone: str(50), email: fc.emailAddress().filter((e) => e.length <= 254) }, { requiredKeys: [] }),
  }, { requiredKeys: [] });
  const terms = fc.record({ code: str(50), days: fc.integer({ min: 0, max: 3650 }), text: str(500) }, { requiredKeys: [] }).filter((t) => Object.keys(t).length > 0);
  const fields = fc.record({ billTo: party, shipTo: party, paymentTerms: terms, requestedDate: day, customerReference: str(100) }, { requiredKeys: [] });
  const seller = fc.option(fc.record({ id: str(200), name: str(200) }, { requiredKeys: ['id'] }), { nil: undefined });
  const lineDates = fc.tuple(fc.option(day, { nil: undefined }), fc.option(day, { nil: undefined }), fc.option(day, { nil: undefined }));

  test('200 quotes: both schemas (ajv) and verifyOrder accept the event; the fields arrive as given', () => {
    const catalog = catalogMin();
    fc.assert(fc.property(fields, seller, lineDates, (f, s, dates) => {
      const q = discountedQuote();
      Object.assign(q, f);
      dates.forEach((d, i) => { if (d !== undefined) (q.lines[i] as unknown as Record<string, unknown>).requestedDate = d; });
      const event = eventOf(q, s, catalog);
      assertValid(event, catalog);
      for (const key of ['billTo', 'shipTo', 'paymentTerms', 'requestedDate', 'customerReference'] as const) assert.deepEqual(event.data[key], plain((f as Record<string, unknown>)[key]));
      assert.deepEqual(event.data.seller, plain(s));
      const quoteLines = event.data.lines.filter((l) => l.parentId === null);
      quoteLines.forEach((l, i) => assert.equal(l.requestedDate, dates[i] ?? f.requestedDate));
    }), { numRuns: 200 });
  });
});

describe('malformed fields: a located refusal, never an exception', () => {
  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ['billTo not an object', { billTo: 'ACME' }, ['options.quote.billTo']],
    ['a typo refused, not dropped', { billTo: { taxID: 'X' } }, ['options.quote.billTo.taxID']],
    ['blank name', { shipTo: { name: '   ' } }, ['options.quote.shipTo.name']],
    ['name too long', { shipTo: { name: 'x'.repeat(501) } }, ['options.quote.shipTo.name']],
    ['a line break in a street line', { billTo: { address: { lines: ['a\nb'] } } }, ['options.quote.billTo.address.lines[0]']],
    ['no street lines', { billTo: { address: { lines: [] } } }, ['options.quote.billTo.address.lines']],
    ['seven street lines', { billTo: { address: { lines: ['1', '2', '3', '4', '5', '6', '7'] } } }, ['options.quote.billTo.address.lines']],
    ['country not ISO 3166 alpha-2', { shipTo: { address: { country: 'China' } } }, ['options.quote.shipTo.address.country']],
    ['e-mail', { billTo: { contact: { email: 'not an address' } } }, ['options.quote.billTo.contact.email']],
    ['days fractional', { paymentTerms: { days: 30.5 } }, ['options.quote.paymentTerms.days']],
    ['days negative', { paymentTerms: { days: -1 } }, ['options.quote.paymentTerms.days']],
    ['days as a string', { paymentTerms: { days: '30' } }, ['options.quote.paymentTerms.days']],
    ['terms empty', { paymentTerms: {} }, ['options.quote.paymentTerms']],
    ['a day that does not exist', { requestedDate: '2027-02-30' }, ['options.quote.requestedDate']],
    ['a date-time, not a date', { requestedDate: '2027-02-01T00:00:00Z' }, ['options.quote.requestedDate']],
    ['reference a number', { customerReference: 4711 }, ['options.quote.customerReference']],
    ['two at once', { billTo: { name: '' }, requestedDate: 'soon' }, ['options.quote.billTo.name', 'options.quote.requestedDate']],
  ];
  for (const [name, extra, paths] of cases) {
    test(name, () => {
      const o = acceptedOrder(catalogMin(), Object.assign(discountedQuote(), extra));
      const r = tryOrderEvent(o.catalog, o.priced, { quote: o.quote, source: SOURCE });
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.deepEqual(r.errors.map((e) => e.path), paths);
      for (const e of r.errors) assert.equal(e.code, 'invalid-input');
      assert.throws(() => toOrderEvent(o.catalog, o.priced, { quote: o.quote, source: SOURCE }), (e: Error) => paths.every((p) => e.message.includes(p)));
    });
  }

  test('a line\'s requested date and the seller, located; messages in Chinese for a zh-CN quote', () => {
    const q = discountedQuote();
    (q.lines[2] as unknown as Record<string, unknown>).requestedDate = 20270101;
    const o = acceptedOrder(catalogMin(), q);
    for (const [seller, path] of [[{ id: '' }, 'options.seller.id'], [{ name: 'x' }, 'options.seller.id'], ['wang', 'options.seller'], [{ id: 'a', role: 'x' }, 'options.seller.role']] as const) {
      const r = tryOrderEvent(o.catalog, o.priced, { quote: o.quote, source: SOURCE, seller: seller as unknown as OrderSeller });
      assert.ok(!r.ok);
      assert.deepEqual(r.errors.map((e) => e.path), ['options.quote.lines[2].requestedDate', path]);
    }
    const zh = tryOrderEvent(o.catalog, o.priced, { quote: o.quote, source: SOURCE, locale: 'zh-CN' });
    assert.ok(!zh.ok);
    assert.match(zh.errors[0]!.message, /必须是存在的日期/);
  });

  test('anything at all in the fields (fast-check): an event both schemas accept, or a refusal located under the field', () => {
    const catalog = catalogMin();
    const base = acceptedOrder(catalog, discountedQuote());
    const key = fc.constantFrom('billTo', 'shipTo', 'paymentTerms', 'requestedDate', 'customerReference');
    fc.assert(fc.property(key, fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true }), (k, value) => {
      const quote = { ...base.quote, [k]: value };
      let r;
      assert.doesNotThrow(() => { r = tryOrderEvent(catalog, base.priced, { quote, source: SOURCE }); });
      r = r!;
      if (value === undefined) assert.ok(r.ok);
      if (r.ok) {
        assert.ok(validateEvent(r.event), JSON.stringify(validateEvent.errors));
        assert.ok(verifyOrder(catalog, r.event).ok);
      } else {
        assert.ok(r.errors.length > 0);
        for (const e of r.errors) assert.ok(e.path === `options.quote.${k}` || e.path.startsWith(`options.quote.${k}.`) || e.path.startsWith(`options.quote.${k}[`), e.path);
      }
    }), { numRuns: 500 });
  });
});

describe('approval rules see the fields, on both sides', () => {
  /** catalogMin() with an approval rule on the payment terms, and no discount rule in the way. */
  function termsCatalog() {
    const c = catalogMin();
    c.approvalRules = [{ id: 'long-terms', level: 'manager', when: { '>': [{ var: 'quote.paymentTerms.days' }, 60] }, message: 'Payment terms over 60 days' }];
    return c;
  }

  test('90 days net needs the manager: the event carries the approval and verifies; 30 days needs none', () => {
    const catalog = termsCatalog();
    const long = eventOf(erpQuote({ paymentTerms: { days: 90 } }), undefined, catalog);
    assert.deepEqual(long.data.approvals.map((a) => a.ruleId), ['long-terms']);
    assertValid(long, catalog);
    const short = eventOf(erpQuote({ paymentTerms: { days: 30 } }), undefined, catalog);
    assert.deepEqual(short.data.approvals, []);
    assertValid(short, catalog);
  });

  test('terms lengthened in the event after the fact: verifyOrder finds the approval missing', () => {
    const catalog = termsCatalog();
    const event = eventOf(erpQuote({ paymentTerms: { days: 30 } }), undefined, catalog);
    const forged = structuredClone(event);
    forged.data.paymentTerms = { days: 120 };
    const r = verifyOrder(catalog, forged);
    assert.equal(r.ok, false);
    assert.deepEqual(r.differences.map((d) => d.path), ['data.approvals']);
    assert.ok(validateEvent(forged), 'the schema alone cannot know');
  });
});
