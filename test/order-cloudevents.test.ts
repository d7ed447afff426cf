/**
 * CloudEvents conformance of the order event, measured against the spec and the official SDK
 * (`cloudevents` 10): `source` an RFC 3986 URI-reference (the kit's parser against an oracle
 * built from the RFC's ABNF, and against the SDK's and the shipped schema's `uri-reference`
 * format); toOrderEvent refuses a source that is not one, with a located error, and every event
 * it can emit is accepted by the SDK, by the schema and by verifyOrder; verifyOrder reports what
 * the spec forbids (data with data_base64, an invalid source, extension names and value types).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { CloudEvent } from 'cloudevents';
import fc from 'fast-check';
import {
  isAbsoluteUri, isUriReference, toOrderEvent, tryOrderEvent, uriReferenceProblem, verifyOrder, type OrderEvent,
} from '../src/quote/index.js';
import type { PricedQuote } from '../src/types.js';
import type { LifecycleQuote } from '../src/quote/index.js';
import { acceptedOrder, discountedQuote } from './fixtures/order-flow.js';

const dataSchema = JSON.parse(readFileSync(new URL('../schemas/order-event.schema.json', import.meta.url), 'utf8'));
const eventSchema = JSON.parse(readFileSync(new URL('../schemas/order-cloudevent.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addSchema(dataSchema);
const validateEvent = ajv.compile(eventSchema);
const validateUriRef = ajv.compile({ type: 'string', format: 'uri-reference' });

/** RFC 3986 Appendix A, transcribed: the oracle for the kit's hand-written parser. */
const RFC3986 = (() => {
  const unreserved = 'A-Za-z0-9\\-._~';
  const subDelims = "!$&'()*+,;=";
  const pct = '%[0-9A-Fa-f]{2}';
  const pchar = `(?:[${unreserved}${subDelims}:@]|${pct})`;
  const segment = `${pchar}*`;
  const segmentNz = `${pchar}+`;
  const segmentNzNc = `(?:[${unreserved}${subDelims}@]|${pct})+`;
  const h16 = '[0-9A-Fa-f]{1,4}';
  const decOctet = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
  const ipv4 = `${decOctet}(?:\\.${decOctet}){3}`;
  const ls32 = `(?:${h16}:${h16}|${ipv4})`;
  const rep = (n: number) => `(?:${h16}:){${n}}`;
  const upTo = (n: number) => `(?:(?:${h16}:){0,${n}}${h16})?`;
  const ipv6 = [
    `${rep(6)}${ls32}`, `::${rep(5)}${ls32}`, `(?:${h16})?::${rep(4)}${ls32}`, `${upTo(1)}::${rep(3)}${ls32}`,
    `${upTo(2)}::${rep(2)}${ls32}`, `${upTo(3)}::${h16}:${ls32}`, `${upTo(4)}::${ls32}`, `${upTo(5)}::${h16}`, `${upTo(6)}::`,
  ].join('|');
  const ipLiteral = `\\[(?:${ipv6}|[vV][0-9A-Fa-f]+\\.[${unreserved}${subDelims}:]+)\\]`;
  const host = `(?:${ipLiteral}|${ipv4}|(?:[${unreserved}${subDelims}]|${pct})*)`;
  const authority = `(?:(?:[${unreserved}${subDelims}:]|${pct})*@)?${host}(?::[0-9]*)?`;
  const abempty = `(?:/${segment})*`;
  const absolute = `/(?:${segmentNz}(?:/${segment})*)?`;
  const tail = `(?:\\?(?:${pchar}|[/?])*)?(?:#(?:${pchar}|[/?])*)?`;
  const uri = `[A-Za-z][A-Za-z0-9+\\-.]*:(?://${authority}${abempty}|${absolute}|${segmentNz}(?:/${segment})*|)${tail}`;
  const relative = `(?://${authority}${abempty}|${absolute}|${segmentNzNc}(?:/${segment})*|)${tail}`;
  return new RegExp(`^(?:${uri}|${relative})$`);
})();

let ipv6: fc.Arbitrary<string>;
/** Strings near the grammar: URI-shaped parts, with characters that break it mixed in. */
const uriLike: fc.Arbitrary<string> = (() => {
  const chars = fc.constantFrom(
    'a', 'b', 'Z', 'v', 'F', 'f', '0', '1', '9', '-', '.', '_', '~', ':', '/', '?', '#', '[', ']', '@', '!', '$', '&', "'",
    '(', ')', '*', '+', ',', ';', '=', '%', '%2F', '%e6', ' ', '"', '<', '\\', '^', '`', '{', '|', '}', '报', '\u0000', '::',
  );
  const text = fc.array(chars, { maxLength: 12 }).map((a) => a.join(''));
  const scheme = fc.constantFrom('', 'http:', 'https:', 'urn:', 'mailto:', 'a1+.-:', '1a:', ':');
  const host = fc.constantFrom(
    '', 'crm.example.com', 'user:pw@host', '127.0.0.1', '[::1]', '[1:2:3:4:5:6:7:8]', '[::ffff:1.2.3.4]', '[1::2::3]',
    '[v1.x]', '[::1', 'h:8080', 'h:80a', '[fe80::1%25eth0]', '[1:2:3:4:5:6:7]', '[::1.2.3]',
  );
  // IPv6 literals of 0 to 9 groups, "::" anywhere or nowhere, an IPv4 tail or not.
  const group = fc.oneof({ weight: 9, arbitrary: fc.constantFrom('0', '1', 'ff', 'FFFF', 'abcd') }, { weight: 1, arbitrary: fc.constantFrom('12345', 'g', '') });
  ipv6 = fc.tuple(
    fc.array(group, { maxLength: 9 }),
    fc.option(fc.nat(9)),
    fc.option(fc.constantFrom('1.2.3.4', '255.255.255.255', '01.2.3.4', '256.1.1.1', '1.2.3')),
  ).map(([groups, gap, v4]) => {
    const parts: string[] = [...groups];
    if (v4 !== null) parts.push(v4);
    const text = gap === null ? parts.join(':') : `${parts.slice(0, Math.min(gap, parts.length)).join(':')}::${parts.slice(Math.min(gap, parts.length)).join(':')}`;
    return `[${text}]`;
  });
  const shaped = fc.tuple(scheme, fc.boolean(), fc.oneof(host, ipv6), text, fc.option(text), fc.option(text))
    .map(([s, auth, h, path, query, fragment]) => `${s}${auth ? `//${h}` : ''}${path}${query === null ? '' : `?${query}`}${fragment === null ? '' : `#${fragment}`}`);
  return fc.oneof(text, shaped, fc.webUrl({ withQueryParameters: true, withFragments: true }));
})();

describe('URI-reference (RFC 3986), source\'s type', () => {
  // RFC 3986 §5.4's reference resolution examples are all URI-references, and so are the spec's sources.
  const valid = [
    'g:h', 'g', './g', 'g/', '/g', '//g', '?y', 'g?y', '#s', 'g#s', 'g?y#s', ';x', 'g;x', 'g;x?y#s', '.', './', '..', '../', '../g',
    '../..', '../../g', '/./g', 'g.', '.g', '..g', 'g;x=1/../y', 'g?y/./x', 'g#s/../x', 'http:g',
    'https://github.com/cloudevents', 'mailto:cncf-wg-serverless@lists.cncf.io', 'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66',
    'cloudevents/spec/pull/123', '/sensors/tn-1234567/alerts', '1-555-123-4567', '/cpq-kit', 'http://[::1]:8080/x',
    'http://[v1.fe]/', 'http://user:pw@host/p?q=1#f', 'a:b:c', 'HTTP://EXAMPLE.COM/%7Efoo', 'x:', 'http://h:/p',
  ];
  const invalid: [string, RegExp][] = [
    ['%%', /"%" at position 1 is not followed by two hex digits/],
    [' ', /a space at position 1 is not allowed/],
    ['http://[', /no closing "\]"/],
    ['a b', /a space at position 2/],
    ['1a:b', /"1a" before the first ":" is not a scheme/],
    [':x', /starts with ":"/],
    ['http://host:po/', /port "po"/],
    ['http://[::g]/', /not an IPv6 address/],
    ['http://[1::2::3]/', /not an IPv6 address/],
    ['a#b#c', /"#" at position 4 is not allowed in the fragment/],
    ['http://h/a[b]', /"\[" at position 11 is not allowed in the path/],
    ['q"x', /"""/],
    ['报价', /U\+62A5 at position 1/],
    ['a\\b', /"\\"/],
    ['{x}', /"\{"/],
    ['http://h/?q=%zz', /"%" at position 13/],
  ];

  test('valid references (RFC 3986 §5.4, the CloudEvents spec\'s examples) are accepted', () => {
    for (const v of valid) {
      assert.equal(uriReferenceProblem(v), undefined, v);
      assert.ok(RFC3986.test(v), `oracle: ${v}`);
      assert.ok(validateUriRef(v), `ajv-formats: ${v}`);
    }
  });

  test('invalid ones are refused, saying what is wrong and where', () => {
    for (const [v, why] of invalid) {
      const problem = uriReferenceProblem(v);
      assert.match(problem ?? '(accepted)', why, v);
      assert.equal(RFC3986.test(v), false, `oracle: ${v}`);
    }
  });

  test('property: the parser agrees with the RFC\'s grammar on every string near it', () => {
    fc.assert(fc.property(uriLike, (s) => {
      assert.equal(isUriReference(s), RFC3986.test(s), `${JSON.stringify(s)}: ${uriReferenceProblem(s) ?? 'accepted'}`);
    }), { numRuns: 5000 });
  });

  test('property: IP literals (IPv6 of 0 to 9 groups, "::", an IPv4 tail) as the RFC\'s grammar says', () => {
    fc.assert(fc.property(ipv6, fc.constantFrom('//', 'http://', 'http://u@'), (literal, before) => {
      const s = `${before}${literal}:8080/x`;
      assert.equal(isUriReference(s), RFC3986.test(s), `${s}: ${uriReferenceProblem(s) ?? 'accepted'}`);
    }), { numRuns: 3000 });
  });

  test('property: what the kit accepts, the SDK and the schema format accept (they are laxer, never stricter)', () => {
    fc.assert(fc.property(uriLike.filter((s) => s !== '' && isUriReference(s)), (s) => {
      assert.ok(validateUriRef(s), s);
      assert.doesNotThrow(() => new CloudEvent({ id: '1', source: s, type: 'x.order.created', specversion: '1.0' }), s);
    }), { numRuns: 2000 });
  });

  test('absolute URI (dataschema): a scheme, no fragment', () => {
    assert.ok(isAbsoluteUri('urn:cpq-kit:schema:order-event:1'));
    assert.ok(isAbsoluteUri('https://example.com/s.json?v=1'));
    for (const v of ['/relative', 'https://example.com/s.json#x', '', 'a b:c']) assert.equal(isAbsoluteUri(v), false, v);
  });
});

let catalog: unknown;
let quote: LifecycleQuote;
let priced: PricedQuote;
let event: OrderEvent;

before(() => {
  ({ catalog, quote, priced } = acceptedOrder());
  event = toOrderEvent(catalog, priced, { quote, source: 'https://crm.example.com/quotes' });
});

describe('toOrderEvent: source', () => {
  // What the SDK and the shipped schema say of the same source: the kit is as strict, or
  // stricter where the RFC is (the SDK's uri-reference format lets '"' and "1a:b" through).
  const refused: [string, { sdk: boolean; schema: boolean }][] = [
    ['%%', { sdk: false, schema: false }], [' ', { sdk: false, schema: false }], ['http://[', { sdk: false, schema: false }],
    ['a b', { sdk: false, schema: false }], ['https://crm.example.com/q?x=%zz', { sdk: false, schema: false }],
    ['报价系统', { sdk: false, schema: false }], ['/a\nb', { sdk: false, schema: false }],
    ['q"x', { sdk: true, schema: false }], ['1a:b', { sdk: true, schema: true }],
  ];
  for (const [source, accepted] of refused) {
    test(`${JSON.stringify(source)} is refused at options.source (the SDK ${accepted.sdk ? 'accepts' : 'refuses'} it, the schema ${accepted.schema ? 'accepts' : 'refuses'} it)`, () => {
      const r = tryOrderEvent(catalog, priced, { quote, source });
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.deepEqual(r.errors.map((e) => [e.code, e.path]), [['invalid-input', 'options.source']]);
      assert.match(r.errors[0]!.message, /URI reference \(RFC 3986\)/);
      assert.throws(() => toOrderEvent(catalog, priced, { quote, source }), /options\.source: source must be a URI reference/);
      const zh = tryOrderEvent(catalog, priced, { quote, source, locale: 'zh-CN' });
      assert.ok(!zh.ok && /URI 引用/.test(zh.errors[0]!.message));
      assert.equal(sdkAccepts({ ...event, source }), accepted.sdk);
      assert.equal(validateEvent({ ...event, source }), accepted.schema);
    });
  }

  test('the default and absolute sources are accepted by the kit, the SDK and the schema', () => {
    for (const source of ['/cpq-kit', 'https://crm.example.com/quotes', 'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66', 'https://h.example/q%20x']) {
      const r = tryOrderEvent(catalog, priced, { quote, source });
      assert.ok(r.ok, source);
      assert.ok(sdkAccepts(r.event), source);
      assert.ok(validateEvent(r.event), source);
    }
  });

  test('a quote id that is not a CloudEvents string (a control character, an unpaired surrogate) is refused at options.quote.id', () => {
    for (const id of ['Q-1\n', 'Q-\uD800', 'Q\u0085']) {
      const r = tryOrderEvent(catalog, priced, { quote: { ...quote, id } });
      assert.ok(!r.ok && r.errors.some((e) => e.path === 'options.quote.id'), `${JSON.stringify(id)}: ${JSON.stringify(r)}`);
    }
  });
});

function sdkAccepts(e: unknown): boolean {
  try {
    new CloudEvent(e as never);
    return true;
  } catch {
    return false;
  }
}

describe('every event toOrderEvent can emit is a valid CloudEvent', () => {
  const quoteId = fc.oneof(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
    fc.constantFrom('Q-2026-0001', '报价-001', 'Q%41', '100%', 'Q/1?x#y', 'Q 1', '😀', 'a:b:v1'),
  );
  const source = fc.oneof(fc.constant(undefined), uriLike.filter((s) => s !== '' && isUriReference(s)));
  const version = fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 2 ** 31 }), fc.constant(Number.MAX_SAFE_INTEGER));

  test('property: accepted by the SDK (new CloudEvent, strict), the shipped schema and verifyOrder', () => {
    fc.assert(fc.property(quoteId, source, version, (id, src, v) => {
      const r = acceptedFor(id, v);
      const result = tryOrderEvent(r.catalog, r.priced, { quote: r.quote, ...(src === undefined ? {} : { source: src }) });
      if (!result.ok) {
        // Only a quote id the spec's String type forbids is refused here.
        assert.deepEqual(result.errors.map((e) => e.path), ['options.quote.id'], JSON.stringify(result.errors));
        return;
      }
      const e = result.event;
      const sdk = new CloudEvent(e as never);
      assert.equal(sdk.id, e.id);
      assert.equal(sdk.source, e.source);
      assert.ok(validateEvent(e), JSON.stringify(validateEvent.errors));
      const verified = verifyOrder(r.catalog, JSON.parse(JSON.stringify(e)));
      assert.deepEqual(verified.differences, []);
      assert.match(e.id, /^order:[\x21-\x7e]+:v\d+$/);
    }), { numRuns: 120 });
  });
});

/** An accepted quote with this id and version (the price is the same; the lifecycle binds the digest). */
function acceptedFor(id: string, version: number): { catalog: unknown; quote: LifecycleQuote; priced: PricedQuote } {
  return acceptedOrder(undefined, { ...discountedQuote(), id, version });
}

describe('verifyOrder: what the spec forbids, as located differences', () => {
  const cases: [string, (e: Record<string, unknown>) => void, string][] = [
    ['data with data_base64', (e) => { e.data_base64 = 'e30='; }, 'data_base64'],
    ['a source that is not a URI-reference ("%%")', (e) => { e.source = '%%'; }, 'source'],
    ['a source with an unclosed IP literal', (e) => { e.source = 'http://['; }, 'source'],
    ['a source with a space', (e) => { e.source = '/cpq kit'; }, 'source'],
    ['an empty source', (e) => { e.source = ''; }, 'source'],
    ['no source', (e) => { delete e.source; }, 'source'],
    ['a source that is not a string', (e) => { e.source = 42; }, 'source'],
    ['an id that is null', (e) => { e.id = null; }, 'id'],
    ['a subject with a control character', (e) => { e.subject = 'Q-ORDER-1\u0007'; }, 'subject'],
    ['a dataschema with a fragment', (e) => { e.dataschema = 'https://example.com/s.json#x'; }, 'dataschema'],
    ['a relative dataschema', (e) => { e.dataschema = '/schemas/order'; }, 'dataschema'],
    ['a time without offset', (e) => { e.time = '2026-12-01T09:30:00'; }, 'time'],
    ['an upper-case extension name', (e) => { e.Tenant = 'acme'; }, 'Tenant'],
    ['an extension name with "_"', (e) => { e.tenant_id = 'acme'; }, 'tenant_id'],
    ['an extension name of 21 characters', (e) => { e['a'.repeat(21)] = 'x'; }, 'a'.repeat(21)],
    ['an extension that is an object', (e) => { e.tenant = { id: 'acme' }; }, 'tenant'],
    ['an extension that is an array', (e) => { e.tags = ['a']; }, 'tags'],
    ['an extension that is a fraction', (e) => { e.weight = 1.5; }, 'weight'],
    ['an extension integer beyond 32 bits', (e) => { e.count = 2 ** 31; }, 'count'],
    ['an extension string with an unpaired surrogate', (e) => { e.note = 'x\uDC00'; }, 'note'],
    ['an extension string with a noncharacter', (e) => { e.note = 'x\uFFFE'; }, 'note'],
  ];
  for (const [name, mutate, path] of cases) {
    test(name, () => {
      const copy = structuredClone(event) as unknown as Record<string, unknown>;
      mutate(copy);
      const r = verifyOrder(catalog, copy);
      assert.equal(r.ok, false);
      const d = r.differences.find((x) => x.path === path);
      assert.ok(d, `${path} in ${JSON.stringify(r.differences)}`);
      assert.equal(typeof d.expected, 'string');
    });
  }

  test('extensions of the spec\'s types, null attributes (unset) and a UTF-8 charset are fine', () => {
    const copy = {
      ...structuredClone(event), tenant: 'acme', retries: 3, negative: -2147483648, urgent: false, ['a'.repeat(20)]: 'x',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', unsetext: null, subject: null,
      datacontenttype: 'application/json; charset=utf-8', blob: 'AAEC',
    };
    assert.deepEqual(verifyOrder(catalog, copy).differences, []);
  });

  test('the identity is (source, id): the same event from another source verifies as well, and is another event', () => {
    const other = { ...structuredClone(event), source: 'https://other-crm.example.org/' };
    assert.ok(verifyOrder(catalog, other).ok);
    assert.equal(other.id, event.id);
    assert.notEqual(other.source, event.source);
  });
});
