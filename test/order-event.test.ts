/**
 * toOrderEvent: a CloudEvents 1.0 structured-mode event, valid against the shipped JSON
 * Schemas, stable per quote version, refused for a quote that cannot be ordered (it throws
 * OrderRefusedError; tryOrderEvent returns the errors); all synchronous. The digest under it
 * (canonical JSON, SHA-256) is stable under key order and locale.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { priceQuote } from '../src/pricing/index.js';
import {
  canonicalJson, OrderRefusedError, pricedForCustomer, quoteDigest, revise, toOrderEvent, tryOrderEvent, verifyOrder,
  type LifecycleQuote, type OrderEvent, type OrderEventOptions, type OrderEventResult,
} from '../src/quote/index.js';
import { digestContent, digestText, sha256Hex, sha256HexPortable } from '../src/quote/digest.js';
import { isSettled } from '../src/core/object.js';
import { scenarioArb } from './arbitraries.js';
import type { PricedQuote } from '../src/types.js';
import { catalogMin } from './fixtures/catalog-min.js';
import { acceptedOrder, discountedQuote, T2 } from './fixtures/order-flow.js';

const dataSchema = JSON.parse(readFileSync(new URL('../schemas/order-event.schema.json', import.meta.url), 'utf8'));
const eventSchema = JSON.parse(readFileSync(new URL('../schemas/order-cloudevent.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addSchema(dataSchema);
const validateData = ajv.compile(dataSchema);
const validateEvent = ajv.compile(eventSchema);

let catalog: unknown;
let quote: LifecycleQuote;
let priced: PricedQuote;
let event: OrderEvent;

before(() => {
  ({ catalog, quote, priced } = acceptedOrder());
  event = toOrderEvent(catalog, priced, { quote, source: 'https://crm.example.com/quotes' });
});

describe('CloudEvents 1.0, structured JSON mode', () => {
  test('required context attributes, with the types the spec gives them', () => {
    assert.equal(event.specversion, '1.0');
    for (const key of ['id', 'source', 'type'] as const) assert.ok(typeof event[key] === 'string' && event[key].length > 0, key);
    assert.match(event.type, /order\.created$/);
    assert.match(event.source, /^\S+$/, 'a URI reference');
  });

  test('optional attributes the kit sets are well-typed; attribute names are lower-case alphanumerics', () => {
    assert.equal(event.datacontenttype, 'application/json');
    assert.match(event.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    assert.match(event.dataschema, /^[a-z][a-z0-9+.-]*:/i, 'an absolute URI');
    assert.equal(event.subject, 'Q-ORDER-1');
    for (const key of Object.keys(event)) assert.match(key, /^[a-z0-9]{1,20}$/);
    assert.equal('data_base64' in event, false);
    assert.equal(typeof event.data, 'object');
  });

  test('the event is JSON: it survives a JSON round trip unchanged', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(event)), event);
  });

  test('valid against the shipped schemas (data, and the whole event)', () => {
    assert.ok(validateData(event.data), JSON.stringify(validateData.errors));
    assert.ok(validateEvent(event), JSON.stringify(validateEvent.errors));
    assert.equal(event.dataschema, dataSchema.$id);
  });

  const broken: [string, (e: OrderEvent) => void][] = [
    ['a missing required field', (e) => { delete (e.data as Partial<typeof e.data>).digest; }],
    ['a float amount', (e) => { (e.data.totals as Record<string, unknown>).total = 1.5; }],
    ['an amount in exponent notation', (e) => { e.data.lines[0]!.netAmount = '1e3'; }],
    ['a malformed digest', (e) => { e.data.digest = 'sha-256:XYZ'; }],
    ['a cost in the totals', (e) => { (e.data.totals as Record<string, unknown>).cost = '1.00'; }],
    ['an acceptance time without offset', (e) => { e.data.acceptance.at = '2026-12-01T09:30:00'; }],
    ['a wrong specversion', (e) => { (e as { specversion: string }).specversion = '0.3'; }],
    ['an upper-case attribute name', (e) => { (e as unknown as Record<string, unknown>).Tenant = 'x'; }],
  ];
  for (const [name, mutate] of broken) {
    test(`the schemas refuse ${name}`, () => {
      const copy = structuredClone(event);
      mutate(copy);
      assert.equal(validateData(copy.data) && validateEvent(copy), false);
    });
  }
});

describe('content', () => {
  test('the event itself, synchronously (not a promise, not a result wrapper)', () => {
    const e: unknown = toOrderEvent(catalog, priced, { quote, source: 'https://crm.example.com/quotes' });
    assert.equal(e instanceof Promise, false);
    assert.equal((e as Record<string, unknown>).specversion, '1.0');
    assert.equal('ok' in (e as object), false);
  });

  test('id stable per quote id and version; building again gives the same event', () => {
    assert.equal(event.id, 'order:Q-ORDER-1:v1');
    const again = toOrderEvent(catalog, priced, { quote, source: 'https://crm.example.com/quotes' });
    assert.deepEqual(again, event);
    assert.equal(event.time, T2, 'the time of the acceptance');
    const timed = toOrderEvent(catalog, priced, { quote, time: '2026-12-02T08:00:00Z' });
    assert.equal(timed.time, '2026-12-02T08:00:00Z');
    assert.equal(timed.id, event.id);
  });

  test('an id that is plain ASCII whatever the quote id', () => {
    const q = { ...discountedQuote(), id: '报价/2026:7', version: 3 };
    const r = acceptedOrder(catalogMin(), q);
    const e = toOrderEvent(r.catalog, r.priced, { quote: r.quote });
    assert.equal(e.id, 'order:%E6%8A%A5%E4%BB%B7%2F2026%3A7:v3');
  });

  test('data: lines with what was priced and what was entered, totals, approvals, acceptance, digest', () => {
    const d = event.data;
    assert.equal(d.quoteId, 'Q-ORDER-1');
    assert.equal(d.currency, 'CNY');
    assert.deepEqual(d.customer, { id: 'C-88', name: 'Ruida Precision', segment: 'enterprise' });
    assert.deepEqual(d.lines.map((l) => [l.id, l.parentId, l.sku]), [['L1', null, 'CRM-PRO'], ['L1/SUPPORT', 'L1', 'SUPPORT'], ['L2', null, 'STORAGE'], ['L3', null, 'HARDWARE']]);
    const l1 = d.lines[0]!;
    assert.deepEqual([l1.qty, l1.term, l1.termUnit, l1.attributes, l1.discount, l1.options], ['20', '12', 'month', { deploy: 'onprem' }, { percent: '5' }, [{ sku: 'SUPPORT' }]]);
    assert.deepEqual([l1.listUnitPrice, l1.netAmount], [priced.lines[0]!.listUnitPrice, priced.lines[0]!.netAmount]);
    assert.equal(d.totals.total, priced.totals.total);
    assert.deepEqual(d.discount, { percent: '20' });
    assert.deepEqual(d.approvals.map((a) => [a.ruleId, a.level, a.approvedBy, a.digest === d.digest]), [['disc-15', 'manager', 'li.manager', true]]);
    assert.deepEqual(d.acceptance, { by: 'Zhang Wei (C-88)', at: T2, digest: d.digest, reference: 'PO-4711' });
    assert.match(d.digest, /^sha-256:[0-9a-f]{64}$/);
  });

  test('built for a customer: the approvals without their rules\' messages, still valid and verified', () => {
    const e = toOrderEvent(catalog, priced, { quote, source: event.source, forCustomer: true });
    assert.ok(event.data.approvals.every((a) => typeof a.message === 'string' && a.message !== ''));
    assert.deepEqual(e.data.approvals.map((a) => [a.ruleId, 'message' in a]), [['disc-15', false]]);
    assert.doesNotMatch(JSON.stringify(e), /15 ?%/);
    assert.deepEqual({ ...e, data: { ...e.data, approvals: [] } }, { ...event, data: { ...event.data, approvals: [] } });
    assert.equal(validateData(e.data), true, JSON.stringify(validateData.errors));
    assert.equal(validateEvent(e), true, JSON.stringify(validateEvent.errors));
    assert.deepEqual(verifyOrder(catalog, e).differences, []);
  });

  test('no cost or margin anywhere in the event', () => {
    assert.doesNotMatch(JSON.stringify(event), /"(cost|margin|marginPercent|costedMargin|uncosted)"/);
  });

  test('the customer\'s copy of the priced quote gives the same event', () => {
    const e = toOrderEvent(catalog, pricedForCustomer(priced), { quote, source: 'https://crm.example.com/quotes' });
    assert.deepEqual(e, event);
  });
});

describe('refusals', () => {
  /** Each case: the arguments of a refused call, and the code of its (first) error. */
  const cases: [string, () => [unknown, PricedQuote, OrderEventOptions], string][] = [
    ['a quote not accepted', () => [catalog, priced, { quote: { ...quote, lifecycle: { ...quote.lifecycle!, state: 'sent' } } }], 'not-accepted'],
    ['a draft', () => [catalog, priced, { quote: discountedQuote() }], 'not-accepted'],
    ['approvals pending (a rule added since)', () => {
      const stricter = catalogMin();
      stricter.approvalRules.push({ id: 'disc-10', level: 'director', when: { '>': [{ var: 'quote.discountPercent' }, 10] } });
      return [stricter, priceQuote(stricter, quote), { quote }];
    }, 'approval-pending'],
    ['a quote with pricing errors', () => {
      const bad = { ...quote, lines: [...quote.lines, { id: 'L9', sku: 'NOPE' }] };
      return [catalog, priceQuote(catalog, bad), { quote: bad }];
    }, 'not-orderable'],
    ['a quote changed after acceptance', () => {
      const more = { ...quote, lines: quote.lines.map((l) => (l.id === 'L2' ? { ...l, qty: '9' } : l)) };
      return [catalog, priceQuote(catalog, more), { quote: more }];
    }, 'changed-since-acceptance'],
    ['a priced quote that does not match the catalog', () => {
      const cheaper = catalogMin();
      cheaper.products[0].price.list = '1000.00';
      return [catalog, priceQuote(cheaper, quote), { quote }];
    }, 'priced-stale'],
    ['a priced quote of another quote', () => [catalog, { ...priced, quoteId: 'Q-OTHER' }, { quote }], 'priced-mismatch'],
    ['a version the host knows is superseded', () => [catalog, priced, { quote, latestVersion: 2 }], 'superseded'],
    ['a superseded version', () => {
      const r = revise(quote, { at: T2, actor: 'wang.seller' });
      assert.ok(r.ok);
      return [catalog, priced, { quote: r.superseded }];
    }, 'superseded'],
    ['an invalid catalog', () => [{ id: 'x' }, priced, { quote }], 'invalid-catalog'],
    ['a catalog that is not an object', () => [null, priced, { quote }], 'invalid-catalog'],
    ['options missing', () => [catalog, priced, undefined as never], 'invalid-input'],
    ['a quote that is not an object', () => [catalog, priced, { quote: 'Q-ORDER-1' as never }], 'invalid-input'],
    ['a priced quote that is not an object', () => [catalog, null as never, { quote }], 'invalid-input'],
    ['an empty source', () => [catalog, priced, { quote, source: '' }], 'invalid-input'],
    ['a time without offset', () => [catalog, priced, { quote, time: '2026-12-01 10:00' }], 'invalid-input'],
  ];
  for (const [name, args, code] of cases) {
    test(`${name}: tryOrderEvent returns the errors, toOrderEvent throws them`, () => {
      const r: OrderEventResult = tryOrderEvent(...args());
      assert.ok(!r.ok, 'refused');
      assert.equal(r.errors[0]!.code, code, JSON.stringify(r.errors));
      for (const e of r.errors) {
        assert.equal(typeof e.path, 'string');
        assert.ok(e.message.length > 0);
      }
      assert.throws(() => toOrderEvent(...args()), (e: unknown) => {
        assert.ok(e instanceof OrderRefusedError && e instanceof Error);
        assert.deepEqual(e.errors, r.errors);
        return true;
      });
    });
  }

  test('bad input is located, not a deep throw', () => {
    const noQuote = tryOrderEvent(catalog, priced, { quote: 'Q-ORDER-1' as never });
    assert.ok(!noQuote.ok);
    assert.equal(noQuote.errors[0]!.path, 'options.quote');
    const noPriced = tryOrderEvent(catalog, 42 as never, { quote });
    assert.ok(!noPriced.ok);
    assert.deepEqual(noPriced.errors.map((e) => e.path), ['pricedQuote']);
    assert.match(noPriced.errors[0]!.message, /priced quote.*42/);
    const nothing = tryOrderEvent(undefined, undefined as never, undefined as never);
    assert.ok(!nothing.ok);
    assert.deepEqual(nothing.errors.map((e) => e.path), ['options', 'pricedQuote']);
    // Getters that throw: errors of the same shape, never the getter's throw.
    const hostile = { ...quote, get lines(): never { throw new Error('boom'); } };
    const r = tryOrderEvent(catalog, priced, { quote: hostile });
    assert.ok(!r.ok);
    assert.match(r.errors[0]!.message, /boom/);
    assert.throws(() => toOrderEvent(catalog, priced, { quote: hostile }), OrderRefusedError);
    const options = { quote, get source(): never { throw new Error('no source'); } };
    const internal = tryOrderEvent(catalog, priced, options);
    assert.ok(!internal.ok);
    assert.deepEqual(internal.errors.map((e) => e.code), ['internal-error']);
    assert.match(internal.errors[0]!.message, /could not be built: no source/);
    assert.throws(() => toOrderEvent(catalog, priced, options), { name: 'OrderRefusedError', message: /\(root\): The order event could not be built: no source/ });
  });

  test('OrderRefusedError: name, errors, and a message of `path: message` lines', () => {
    let caught: unknown;
    try {
      toOrderEvent(catalog, priced, { quote: { ...quote, lifecycle: { ...quote.lifecycle!, state: 'sent' } }, source: '' });
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof OrderRefusedError);
    assert.equal(caught.name, 'OrderRefusedError');
    assert.ok(caught.errors.length >= 1);
    for (const e of caught.errors) assert.deepEqual(Object.keys(e).sort(), ['code', 'message', 'path']);
    const lines = caught.message.split('\n');
    assert.equal(lines[0], 'The quote cannot be ordered:');
    assert.deepEqual(lines.slice(1), caught.errors.map((e) => `${e.path}: ${e.message}`));
    assert.ok(lines.includes(`options.source: ${caught.errors[0]!.message}`), caught.message);
    assert.match(String(caught.stack), /^OrderRefusedError: The quote cannot be ordered:/);
  });

  test('OrderRefusedError: every error listed, in the requested locale', () => {
    const sent = { ...quote, lifecycle: { ...quote.lifecycle!, state: 'sent' as const } };
    const zh = (() => {
      try {
        toOrderEvent(catalog, priced, { quote: sent, locale: 'zh-CN' });
      } catch (e) {
        return e as OrderRefusedError;
      }
      assert.fail('not refused');
    })();
    assert.deepEqual(zh.errors.map((e) => [e.code, e.path]), [['not-accepted', 'options.quote.lifecycle.state']]);
    assert.equal(zh.message, `报价单不能下单：\noptions.quote.lifecycle.state: ${zh.errors[0]!.message}`);
    assert.match(zh.errors[0]!.message, /只有客户已接受的报价单才能下单/);
    // The quote's own locale is the default; several errors give several lines.
    const many = tryOrderEvent(catalog, priced, { quote: { ...sent, locale: 'zh-CN' }, source: '', time: 'noon' });
    assert.ok(!many.ok);
    assert.equal(many.errors.length, 2);
    const err = new OrderRefusedError(many.errors, 'zh-CN');
    assert.deepEqual(err.message.split('\n'), ['报价单不能下单：', ...many.errors.map((e) => `${e.path}: ${e.message}`)]);
    assert.throws(() => toOrderEvent(catalog, priced, { quote: { ...sent, locale: 'zh-CN' }, source: '', time: 'noon' }), { message: err.message });
    assert.match(many.errors[0]!.message, /[\u4e00-\u9fff]/);
  });

  test('tryOrderEvent gives { ok: true, event } with the event toOrderEvent returns', () => {
    const r = tryOrderEvent(catalog, priced, { quote, source: 'https://crm.example.com/quotes' });
    assert.ok(r.ok);
    assert.deepEqual(r.event, event);
  });

  test('an ordered quote still gives its (same) event', () => {
    const ordered = { ...quote, lifecycle: { ...quote.lifecycle!, state: 'ordered' as const } };
    assert.deepEqual(toOrderEvent(catalog, priced, { quote: ordered, source: 'https://crm.example.com/quotes' }), event);
  });
});

describe('digest', () => {
  test('canonical JSON follows RFC 8785 (key order by UTF-16 code units, JSON.stringify strings and numbers)', () => {
    const keys = { '\u20ac': 'Euro', '\r': 'CR', '\ufb33': 'Hebrew', '1': 'One', '\ud83d\ude00': 'Smiley', '\u0080': 'Ctl', '\u00f6': 'o' };
    assert.equal(canonicalJson(keys), '{"\\r":"CR","1":"One","\u0080":"Ctl","ö":"o","€":"Euro","😀":"Smiley","דּ":"Hebrew"}');
    assert.equal(canonicalJson({ b: [1, -0, 1e21, 0.000001, true, null], a: { d: undefined, c: 'x' } }), '{"a":{"c":"x"},"b":[1,0,1e+21,0.000001,true,null]}');
    assert.throws(() => { const a: unknown[] = []; a.push(a); canonicalJson(a); }, TypeError);
  });

  test('canonical JSON writes what the plain writer writes (every object\'s keys sorted, map and join): keys in order or not, integer-like keys, toJSON, undefined', () => {
    // The writer as it was before it skipped sorting keys already in order: the reference.
    const reference = (v: unknown): string | undefined => {
      if (v === null) return 'null';
      if (typeof v !== 'object') return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? JSON.stringify(v) : undefined;
      if (Array.isArray(v)) return `[${v.map((x) => reference(x) ?? 'null').join(',')}]`;
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return reference((v as { toJSON: () => unknown }).toJSON());
      const parts: string[] = [];
      for (const k of Object.keys(v).sort()) {
        const t = reference((v as Record<string, unknown>)[k]);
        if (t !== undefined) parts.push(`${JSON.stringify(k)}:${t}`);
      }
      return `{${parts.join(',')}}`;
    };
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), tie('array'), tie('object')),
      array: fc.array(tie('any'), { maxLength: 4 }),
      object: fc.dictionary(fc.oneof(fc.string({ maxLength: 3 }), fc.nat({ max: 20 }).map(String)), tie('any'), { maxKeys: 5 }),
    })).any;
    fc.assert(fc.property(value, (v) => assert.equal(canonicalJson(v), reference(v) ?? 'null')), { numRuns: 500 });
    assert.equal(canonicalJson({ 10: 'a', 9: 'b', b: { d: 1, c: [undefined, () => 1] }, a: new Date(0) }), '{"10":"a","9":"b","a":"1970-01-01T00:00:00.000Z","b":{"c":[null,null],"d":1}}');
  });

  test('SHA-256 (@noble/hashes in browsers, node:crypto in Node) equals node:crypto on any text (UTF-8, astral characters, lone surrogates)', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (text) => {
      const expected = createHash('sha256').update(text, 'utf8').digest('hex');
      assert.equal(sha256HexPortable(text), expected);
      assert.equal(sha256Hex(text), expected);
    }), { numRuns: 300 });
    for (const hash of [sha256Hex, sha256HexPortable]) {
      assert.equal(hash(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      assert.equal(hash('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
      // Longer than one 64-byte block, and many blocks.
      for (const text of ['报价'.repeat(40), 'x'.repeat(100_000)]) assert.equal(hash(text), createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });

  test('digestText writes exactly canonicalJson(digestContent(x)): real priced quotes and any malformed input', () => {
    const same = (x: unknown) => {
      assert.equal(digestText(x), canonicalJson(digestContent(x)));
      // Hashed in pieces (node:crypto), the digest is the portable hash of the whole text.
      assert.equal(quoteDigest(x), `sha-256:${sha256HexPortable(digestText(x))}`);
    };
    fc.assert(fc.property(scenarioArb, (s) => same(priceQuote(s.catalog, s.quote))), { numRuns: 150 });
    same(priced);
    same(event.data);
    // Attribute keys that JavaScript orders as integers, astral and combining characters, and values of every kind.
    const key = fc.oneof(fc.constantFrom('1', '10', '2', '__proto__', 'constructor', '\ud83d\ude00', 'e\u0301', ''), fc.string({ unit: 'grapheme' }));
    const value = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.anything());
    // The subscription fields (issue 16) too: a period or a priced line's proration, locked, credit, subscriptionId.
    const period = fc.oneof(fc.record({ start: value, end: value, factor: value }, { requiredKeys: [] }), value);
    const line = fc.tuple(
      fc.dictionary(fc.oneof(fc.constantFrom('id', 'sku', 'qty', 'term', 'parentId', 'attributes', 'optional', 'included', 'tax', 'total'), key), fc.oneof(value, fc.dictionary(key, value))),
      fc.record({ period, proration: period, locked: fc.oneof(fc.constant(true), value), credit: fc.oneof(fc.constant(true), value), subscriptionId: fc.oneof(fc.string(), value) }, { requiredKeys: [] }),
    ).map(([plain, subscription]) => ({ ...plain, ...subscription }));
    const source = fc.record({
      quoteId: value, version: fc.oneof(fc.integer(), fc.double(), value), customer: fc.oneof(fc.record({ id: value }), value),
      lines: fc.oneof(fc.array(fc.oneof(line, value), { maxLength: 5 }), value),
      adjustments: fc.oneof(fc.array(fc.oneof(fc.record({ kind: value, ruleId: value, amount: value }), value), { maxLength: 3 }), value),
      totals: fc.oneof(fc.record({ net: value, taxes: fc.oneof(fc.array(fc.dictionary(key, value), { maxLength: 3 }), value) }), value),
      // An amendment's or a renewal's contract (issue 16): covered by the digest, as digestContent says.
      kind: fc.oneof(fc.constantFrom('amendment', 'renewal', 'new'), value),
      contract: fc.oneof(fc.record({ id: value, start: value, end: value }, { requiredKeys: [] }), value),
    }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(source, fc.anything()), same), { numRuns: 2000 });
    // Frozen lines that pricing did not make (written every time), the same objects in any number of sources.
    const frozen = fc.array(line.map((l) => Object.freeze({ ...l, attributes: Object.freeze({ color: 'gold' }) })), { minLength: 1, maxLength: 4 });
    fc.assert(fc.property(frozen, source, (lines, s) => {
      same({ ...(s as object), lines });
      same({ ...(s as object), lines: [...lines].reverse() });
    }), { numRuns: 300 });
  });

  test('an amendment\'s digest vouches for its contract; a line written once is one whose content cannot change', () => {
    // Pricing vouches for the lines it made and froze (their texts are kept); nothing else is taken on trust.
    assert.ok(priced.lines.every((l) => isSettled(l)), 'pricing\'s lines are settled');
    assert.equal(isSettled(Object.freeze({ ...priced.lines[0]! })), false, 'a frozen copy is not');
    const amendment = { ...priced, kind: 'amendment', contract: { id: 'C-1', start: '2026-01-01', end: '2026-12-31' } };
    const digests = new Set([quoteDigest(priced), quoteDigest(amendment), quoteDigest({ ...amendment, kind: 'renewal' }),
      quoteDigest({ ...amendment, contract: { ...amendment.contract, id: 'C-2' } }), quoteDigest({ ...amendment, contract: { ...amendment.contract, end: '2027-12-31' } })]);
    assert.equal(digests.size, 5, 'kind and each contract field change the digest');
    assert.equal(quoteDigest({ ...priced, kind: 'new', contract: amendment.contract }), quoteDigest(priced), 'a new sale\'s digest does not read a contract');
    // A frozen line with attributes that are not frozen, or with an accessor: read again every time.
    const first = priced.lines[0]!;
    const attributes: Record<string, string> = { color: 'gold' };
    const open = Object.freeze({ ...first, attributes });
    const before = quoteDigest({ ...priced, lines: [open] });
    attributes.color = 'red';
    assert.notEqual(quoteDigest({ ...priced, lines: [open] }), before, 'a change to unfrozen attributes is seen');
    let qty = '1';
    const getter = Object.freeze(Object.defineProperty({ ...first }, 'qty', { get: () => qty, enumerable: true }));
    const one = quoteDigest({ ...priced, lines: [getter] });
    qty = '2';
    assert.notEqual(quoteDigest({ ...priced, lines: [getter] }), one, 'an accessor is read again');
    assert.equal(digestText({ ...priced, lines: [getter] }), canonicalJson(digestContent({ ...priced, lines: [getter] })));
  });

  test('stable under any reordering of keys, at every level of the priced quote', () => {
    const want = quoteDigest(priced);
    assert.equal(typeof want, 'string', 'synchronous');
    fc.assert(fc.property(fc.integer(), (seed) => {
      assert.equal(quoteDigest(reorder(priced, seed)), want);
    }), { numRuns: 60 });
  });

  test('the same for both locales; different for any change to a priced figure', () => {
    const zh = priceQuote(catalog, { ...quote, locale: 'zh-CN' });
    assert.notEqual(zh.lines[0]!.name, priced.lines[0]!.name);
    assert.equal(quoteDigest(zh), quoteDigest(priced));
    const base = quoteDigest(priced);
    const figures = ['qty', 'listUnitPrice', 'netUnitPrice', 'listAmount', 'netAmount', 'tax', 'total', 'taxRate', 'taxCode', 'sku'] as const;
    for (const field of figures) {
      const copy = structuredClone(priced);
      copy.lines[1]![field] = `${copy.lines[1]![field]}1`;
      assert.notEqual(quoteDigest(copy), base, field);
    }
    const totals = structuredClone(priced);
    totals.totals.net = '0.00';
    assert.notEqual(quoteDigest(totals), base);
    assert.equal(quoteDigest(event.data), base, 'the event data hashes as the priced quote does');
  });
});

/** A deep copy whose object keys come in an order drawn from `seed`. */
function reorder<T>(value: T, seed: number): T {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const keys = Object.keys(v).sort(() => (next() & 1 ? 1 : -1));
    return Object.fromEntries(keys.map((k) => [k, walk((v as Record<string, unknown>)[k])]));
  };
  return walk(value) as T;
}
