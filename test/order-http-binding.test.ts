/**
 * The CloudEvents HTTP binding, both ways: readCloudEvents reads what the official SDK
 * (`cloudevents` 10) sends over real HTTP in binary, structured and batched mode; the kit's own
 * order events go through writeCloudEvent / writeCloudEventBatch and come back unchanged, and
 * the SDK reads them; header values are percent-encoded as §3.1.3.2 says (which the SDK does
 * not do: where that matters, the test says so); every malformed message is a located error
 * with the status to answer.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, validateHeaderValue, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudEvent, CONSTANTS, emitterFor, HTTP, httpTransport, Mode } from 'cloudevents';
import fc from 'fast-check';
import {
  InvalidCloudEventError, readCloudEvents, toOrderEvent, tryOrderEvent, verifyOrder, writeCloudEvent, writeCloudEventBatch,
  type CloudEventObject, type HttpHeaders, type OrderEvent, type ReadCloudEventsResult,
} from '../src/quote/index.js';
import { decodeHeaderValue, encodeHeaderValue } from '../src/quote/header-value.js';
import { acceptedOrder, discountedQuote } from './fixtures/order-flow.js';

/** A sink that keeps each request's headers and raw body, as a receiver sees them. */
let server: Server;
let url: string;
const received: { headers: IncomingHttpHeaders; body: Buffer }[] = [];

let catalog: unknown;
let event: OrderEvent;

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  const r = acceptedOrder();
  catalog = r.catalog;
  event = toOrderEvent(r.catalog, r.priced, { quote: r.quote, source: 'https://crm.example.com/quotes' });
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Send with the SDK's own HTTP transport; what the receiver got. */
async function sdkSend(ce: CloudEvent<unknown>, mode: Mode): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  const before = received.length;
  await emitterFor(httpTransport(url), { mode })(ce);
  assert.equal(received.length, before + 1);
  return received[received.length - 1]!;
}

async function sdkSendBatch(events: CloudEvent<unknown>[]): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  const before = received.length;
  // The SDK reads batches (HTTP.toEvent) but has no batch emitter: its transport sends the JSON array.
  await httpTransport(url)({ headers: { 'content-type': CONSTANTS.MIME_CE_BATCH }, body: JSON.stringify(events) });
  assert.equal(received.length, before + 1);
  return received[received.length - 1]!;
}

/** The SDK's view of an event as JSON (its time normalised to UTC milliseconds). */
function sdkJson(ce: CloudEvent<unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(ce)) as Record<string, unknown>;
}

function events(r: ReadCloudEventsResult): CloudEventObject[] {
  assert.ok(r.ok, JSON.stringify(r));
  return r.events;
}

const sample = () => new CloudEvent({
  id: 'A234-1234-1234', source: '/mycontext', type: 'com.example.someevent', time: '2018-04-05T17:31:00Z',
  subject: 'larger-context', tenant: 'acme', retries: 3, urgent: true, datacontenttype: 'application/json', data: { a: [1, 'b'] },
});

describe('what the SDK sends over HTTP', () => {
  test('binary mode: ce-* headers and the JSON body; integer and boolean extensions arrive as their text', async () => {
    const ce = sample();
    const got = await sdkSend(ce, Mode.BINARY);
    assert.equal(got.headers['ce-id'], 'A234-1234-1234');
    const r = readCloudEvents(got.headers, got.body);
    assert.equal(r.ok && r.mode, 'binary');
    assert.deepEqual(events(r), [{ ...sdkJson(ce), retries: '3', urgent: 'true' }]);
  });

  test('structured mode: the event as application/cloudevents+json', async () => {
    const ce = sample();
    const got = await sdkSend(ce, Mode.STRUCTURED);
    const r = readCloudEvents(got.headers, got.body);
    assert.equal(r.ok && r.mode, 'structured');
    assert.deepEqual(events(r), [sdkJson(ce)]);
  });

  test('batched mode: a JSON array as application/cloudevents-batch+json', async () => {
    const batch = [sample(), new CloudEvent({ id: 'B1', source: '/mycontext/4', type: 'com.example.other', datacontenttype: 'text/plain', data: 'héllo' })];
    const got = await sdkSendBatch(batch);
    const r = readCloudEvents(got.headers, got.body);
    assert.equal(r.ok && r.mode, 'batch');
    assert.deepEqual(events(r), batch.map(sdkJson));
  });

  test('binary data: raw bytes in binary mode, data_base64 in structured mode; text data as a string', async () => {
    const bytes = new Uint8Array([0, 1, 2, 255, 128]);
    const bin = new CloudEvent({ id: 'b', source: '/s', type: 't', datacontenttype: 'application/octet-stream', data: bytes });
    for (const mode of [Mode.BINARY, Mode.STRUCTURED]) {
      const got = await sdkSend(bin, mode);
      const [e] = events(readCloudEvents(got.headers, got.body));
      assert.equal(e!.data_base64, 'AAEC/4A=', mode);
      assert.equal('data' in e!, false);
    }
    const text = new CloudEvent({ id: 't', source: '/s', type: 't', datacontenttype: 'text/plain; charset=utf-8', data: 'Grüße 报价' });
    const got = await sdkSend(text, Mode.BINARY);
    assert.equal(events(readCloudEvents(got.headers, got.body))[0]!.data, 'Grüße 报价');
  });

  test('the kit\'s order event sent by the SDK, in each mode, reads back and verifies', async () => {
    const ce = new CloudEvent(event as never);
    for (const got of [await sdkSend(ce, Mode.BINARY), await sdkSend(ce, Mode.STRUCTURED), await sdkSendBatch([ce, ce])]) {
      for (const e of events(readCloudEvents(got.headers, got.body))) {
        assert.equal(e.id, event.id);
        assert.equal(e.source, event.source);
        // The SDK rewrites time in UTC; the instant is the same.
        assert.equal(Date.parse(e.time!), Date.parse(event.time));
        assert.deepEqual(verifyOrder(catalog, e).differences, []);
      }
    }
  });

  test('the SDK\'s HTTP.binary message, handed over as it is (numbers in headers), reads the same', () => {
    const ce = sample();
    const m = HTTP.binary(ce);
    assert.deepEqual(events(readCloudEvents(m.headers as HttpHeaders, m.body)), [{ ...sdkJson(ce), retries: '3', urgent: 'true' }]);
  });
});

describe('the kit\'s order events through writeCloudEvent', () => {
  test('structured, binary and batched: readCloudEvents gives back the very event', () => {
    for (const m of [writeCloudEvent(event), writeCloudEvent(event, 'binary'), writeCloudEventBatch([event, event])]) {
      for (const e of events(readCloudEvents(m.headers, m.body))) assert.deepEqual(e, event);
    }
    assert.deepEqual(events(readCloudEvents(writeCloudEventBatch([]).headers, '[]')), []);
  });

  test('the SDK reads the kit\'s messages in each mode (HTTP.toEvent)', () => {
    const binary = HTTP.toEvent(writeCloudEvent(event, 'binary')) as CloudEvent<unknown>;
    const structured = HTTP.toEvent(writeCloudEvent(event)) as CloudEvent<unknown>;
    const batch = HTTP.toEvent(writeCloudEventBatch([event, event])) as CloudEvent<unknown>[];
    for (const ce of [binary, structured, ...batch]) {
      assert.equal(ce.id, event.id);
      assert.equal(ce.source, event.source);
      assert.equal(ce.subject, event.subject);
      assert.deepEqual(ce.data, event.data);
      assert.doesNotThrow(() => ce.validate());
    }
    assert.equal(batch.length, 2);
  });

  test('binary mode headers are percent-encoded (§3.1.3.2): the spec\'s example, and an id that holds "%"', () => {
    assert.equal(encodeHeaderValue('Euro € 😀'), 'Euro%20%E2%82%AC%20%F0%9F%98%80');
    assert.deepEqual(decodeHeaderValue('Euro%20%E2%82%AC%20%F0%9F%98%80'), { ok: true, value: 'Euro € 😀' });
    const r = acceptedOrder(undefined, { ...discountedQuote(), id: '报价 100%' });
    const e = toOrderEvent(r.catalog, r.priced, { quote: r.quote });
    assert.equal(e.id, 'order:%E6%8A%A5%E4%BB%B7%20100%25:v1');
    const m = writeCloudEvent(e, 'binary');
    assert.equal(m.headers['ce-id'], 'order:%25E6%258A%25A5%25E4%25BB%25B7%2520100%2525:v1');
    assert.equal(m.headers['ce-subject'], '%E6%8A%A5%E4%BB%B7%20100%25');
    assert.deepEqual(events(readCloudEvents(m.headers, m.body)), [e]);
  });

  test('property: any quote id, any source: binary headers are valid HTTP, and every mode gives the event back', () => {
    const quoteId = fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), fc.constantFrom('Q%41', '"Q"', 'Q 1', '😀'));
    const source = fc.constantFrom('/cpq-kit', 'https://crm.example.com/q?a=b#c', 'urn:x:%E6', 'crm/quotes');
    fc.assert(fc.property(quoteId, source, (id, src) => {
      const r = acceptedOrder(undefined, { ...discountedQuote(), id });
      const result = tryOrderEvent(r.catalog, r.priced, { quote: r.quote, source: src });
      if (!result.ok) return; // a quote id the String type forbids (see order-cloudevents.test.ts)
      const e = result.event;
      const m = writeCloudEvent(e, 'binary');
      for (const [name, value] of Object.entries(m.headers)) assert.doesNotThrow(() => validateHeaderValue(name, value), `${name}: ${value}`);
      for (const message of [m, writeCloudEvent(e), writeCloudEventBatch([e])]) {
        assert.deepEqual(events(readCloudEvents(message.headers, message.body)), [e]);
      }
    }), { numRuns: 80 });
  });

  test('what the SDK itself does not encode: a Unicode subject cannot go over HTTP, and a "%" in an id is decoded', () => {
    const r = acceptedOrder(undefined, { ...discountedQuote(), id: '报价-1' });
    const e = toOrderEvent(r.catalog, r.priced, { quote: r.quote });
    const raw = HTTP.binary(new CloudEvent(e as never));
    assert.equal(raw.headers['ce-subject'], '报价-1');
    assert.throws(() => validateHeaderValue('ce-subject', raw.headers['ce-subject'] as string), { code: 'ERR_INVALID_CHAR' });
    const read = readCloudEvents(raw.headers as HttpHeaders, raw.body);
    assert.ok(!read.ok && read.errors.some((x) => x.path === 'headers.ce-subject' && /percent-encodes/.test(x.message)));
    // Without the subject, the id "order:%E6%8A%A5%E4%BB%B7-1:v1" is read as the binding says: decoded once.
    const { 'ce-subject': _s, ...headers } = raw.headers as Record<string, string>;
    const [decoded] = events(readCloudEvents(headers, raw.body));
    assert.equal(decoded!.id, 'order:报价-1:v1');
    assert.deepEqual(verifyOrder(r.catalog, decoded).differences.map((d) => d.path), ['id']);
  });
});

describe('refusals: located, with the status to answer', () => {
  const json = JSON.stringify;
  const ok = { 'ce-specversion': '1.0', 'ce-id': '1', 'ce-source': '/s', 'ce-type': 't' };
  const structured = { 'content-type': 'application/cloudevents+json' };
  const minimal = { specversion: '1.0', id: '1', source: '/s', type: 't' };
  const cases: [string, HttpHeaders, unknown, 400 | 415, string, RegExp][] = [
    ['an event format the kit does not read', { 'content-type': 'application/cloudevents+xml' }, '<e/>', 415, 'headers.content-type', /only event format read is JSON/],
    ['a batch format the kit does not read', { 'content-type': 'application/cloudevents-batch+protobuf' }, '', 415, 'headers.content-type', /cloudevents-batch\+json/],
    ['a Content-Type that is not a media type', { 'content-type': 'json please' }, '{}', 415, 'headers.content-type', /not a media type/],
    ['a structured event sent as application/json (binary mode, no ce-* headers)', { 'content-type': 'application/json' }, json(minimal), 415, 'headers', /send it with Content-Type application\/cloudevents\+json/],
    ['no Content-Type and no ce-* headers', {}, '', 415, 'headers', /without Content-Type/],
    ['structured: not JSON', structured, '{"id":', 400, 'body', /not valid JSON/],
    ['structured: not UTF-8', structured, Uint8Array.from([0x7b, 0xc0, 0xa0, 0x7d]), 400, 'body', /not valid UTF-8/],
    ['structured: a charset other than UTF-8', { 'content-type': 'application/cloudevents+json; charset=iso-8859-1' }, Uint8Array.from([0x7b, 0x7d]), 400, 'body', /charset iso-8859-1/],
    ['structured: an array', structured, json([minimal]), 400, 'body', /is a batch/],
    ['structured: no body', structured, undefined, 400, 'body', /no body/],
    ['structured: data and data_base64', structured, json({ ...minimal, data: {}, data_base64: 'e30=' }), 400, 'body.data_base64', /never both/],
    ['structured: a source that is not a URI-reference', structured, json({ ...minimal, source: 'http://[' }), 400, 'body.source', /URI-reference/],
    ['structured: an extension of a forbidden type', structured, json({ ...minimal, tenant: { id: 1 } }), 400, 'body.tenant', /boolean, an integer or a string/],
    ['structured: an extension name too long', structured, json({ ...minimal, abcdefghijklmnopqrstu: 1 }), 400, 'body.abcdefghijklmnopqrstu', /1 to 20/],
    ['batch: an object', { 'content-type': 'application/cloudevents-batch+json' }, json(minimal), 400, 'body', /JSON array of events\. One event is sent as application\/cloudevents\+json/],
    ['batch: one bad event', { 'content-type': 'application/cloudevents-batch+json' }, json([minimal, { ...minimal, source: '%%' }]), 400, 'body[1].source', /"%" at position 1/],
    ['batch: a member that is not an object', { 'content-type': 'application/cloudevents-batch+json' }, json([minimal, 7]), 400, 'body[1]', /a CloudEvent/],
    ['binary: a raw "%" in ce-source', { ...ok, 'ce-source': '%%' }, '', 400, 'headers.ce-source', /not followed by two hex digits/],
    ['binary: a source that decodes to one with a space', { ...ok, 'ce-source': 'a%20b' }, '', 400, 'headers.ce-source', /a space at position 2/],
    ['binary: percent-encoded bytes that are not UTF-8 (overlong)', { ...ok, 'ce-subject': '%C0%A0' }, '', 400, 'headers.ce-subject', /not valid UTF-8/],
    ['binary: an unclosed quoted string', { ...ok, 'ce-subject': '"abc' }, '', 400, 'headers.ce-subject', /not closed/],
    ['binary: ce-datacontenttype', { ...ok, 'ce-datacontenttype': 'application/json' }, '', 400, 'headers.ce-datacontenttype', /must not be sent/],
    ['binary: no ce-id', { 'ce-specversion': '1.0', 'ce-source': '/s', 'ce-type': 't' }, '', 400, 'headers.ce-id', /id is required/],
    ['binary: another specversion', { ...ok, 'ce-specversion': '0.3' }, '', 400, 'headers.ce-specversion', /1\.0/],
    ['binary: an attribute name with "_"', { ...ok, 'ce-tenant_id': 'x' }, '', 400, 'headers.ce-tenant_id', /not an attribute name/],
    ['binary: a time without offset', { ...ok, 'ce-time': '2026-12-01T09:30:00' }, '', 400, 'headers.ce-time', /RFC 3339/],
    ['binary: JSON data that is not JSON', { ...ok, 'content-type': 'application/json' }, '{"a":', 400, 'body', /not valid JSON/],
    ['binary: an attribute header given twice', { ...ok, 'CE-ID': '2' }, '', 400, 'headers.ce-id', /more than once/],
    ['binary: Content-Type given twice', { ...ok, 'content-type': ['application/json', 'text/plain'] }, '', 400, 'headers.content-type', /more than once/],
  ];
  for (const [name, headers, body, status, path, message] of cases) {
    test(name, () => {
      const r = readCloudEvents(headers, body);
      assert.equal(r.ok, false, JSON.stringify(r));
      if (r.ok) return;
      assert.equal(r.status, status);
      const e = r.errors.find((x) => x.path === path);
      assert.ok(e, `${path} in ${json(r.errors)}`);
      assert.match(e.message, message);
    });
  }

  test('never throws, whatever it is given', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()), fc.anything())), fc.anything(), (headers, body) => {
      const r = readCloudEvents(headers as HttpHeaders, body);
      assert.equal(typeof r.ok, 'boolean');
    }), { numRuns: 500 });
    assert.equal(readCloudEvents(null as unknown as HttpHeaders, '').ok, false);
  });
});

describe('what is read', () => {
  const ok = { 'ce-specversion': '1.0', 'ce-id': '1', 'ce-source': '/s', 'ce-type': 't' };

  test('header names in any case; quoted strings and lower-case percent escapes decoded', () => {
    const [e] = events(readCloudEvents({ 'CE-SpecVersion': '1.0', 'Ce-Id': '1', 'ce-source': '/s', 'ce-type': 't', 'ce-subject': '"Q \\"1\\"" %e6%8a%a5' }, ''));
    assert.equal(e!.subject, 'Q "1" 报');
  });

  test('an empty batch; JSON null attributes left out; data: null kept', () => {
    assert.deepEqual(events(readCloudEvents({ 'content-type': 'application/cloudevents-batch+json; charset=UTF-8' }, '[]')), []);
    const [e] = events(readCloudEvents({ 'content-type': 'application/cloudevents+json' }, '{"specversion":"1.0","id":"1","source":"/s","type":"t","subject":null,"data":null}'));
    assert.deepEqual(e, { specversion: '1.0', id: '1', source: '/s', type: 't', data: null });
  });

  test('a body a framework parsed already, a Buffer, a byte order mark', () => {
    const minimal = { specversion: '1.0', id: '1', source: '/s', type: 't' };
    assert.deepEqual(events(readCloudEvents({ 'content-type': 'application/cloudevents+json' }, minimal)), [minimal]);
    assert.deepEqual(events(readCloudEvents({ ...ok, 'content-type': 'application/json' }, { a: 1 }))[0]!.data, { a: 1 });
    assert.deepEqual(events(readCloudEvents({ 'content-type': 'application/cloudevents+json' }, Buffer.from(`\uFEFF${JSON.stringify(minimal)}`))), [minimal]);
  });

  test('binary data by content type: +json parsed, text as a string, other bytes (or no type) as base64, no body no data', () => {
    const read = (headers: HttpHeaders, body: unknown) => events(readCloudEvents({ ...ok, ...headers }, body))[0]!;
    assert.deepEqual(read({ 'content-type': 'application/vnd.erp.order+json' }, '{"a":1}').data, { a: 1 });
    assert.equal(read({ 'content-type': 'application/xml' , 'x-other': 'y' }, '<a/>').data_base64, 'PGEvPg==');
    assert.equal(read({ 'content-type': 'text/xml' }, '<a/>').data, '<a/>');
    assert.equal(read({}, Uint8Array.from([1, 2])).data_base64, 'AQI=');
    const none = read({ 'content-type': 'application/json' }, '');
    assert.equal('data' in none, false);
    assert.equal(none.datacontenttype, 'application/json');
  });
});

describe('writeCloudEvent', () => {
  test('refuses an event that breaks the spec, saying where', () => {
    assert.throws(() => writeCloudEvent({ ...event, source: '%%' }), (e: unknown) => e instanceof InvalidCloudEventError && e.problems[0]!.path === 'source');
    assert.throws(() => writeCloudEventBatch([event, { ...event, id: '' }]), (e: unknown) => e instanceof InvalidCloudEventError && e.problems[0]!.path === '[1].id');
    assert.throws(() => writeCloudEvent({ ...minimalText(), data: { a: 1 } }, 'binary'), /a string for the content type text\/plain/);
  });

  test('binary: extensions as their canonical strings, data_base64 as bytes, JSON data made explicit', () => {
    const m = writeCloudEvent({ specversion: '1.0', id: '1', source: '/s', type: 't', retries: 3, urgent: false, data_base64: 'AQI=', datacontenttype: 'application/octet-stream' } as CloudEventObject, 'binary');
    assert.equal(m.headers['ce-retries'], '3');
    assert.equal(m.headers['ce-urgent'], 'false');
    assert.deepEqual(m.body, Uint8Array.from([1, 2]));
    const j = writeCloudEvent({ specversion: '1.0', id: '1', source: '/s', type: 't', data: { a: 1 } }, 'binary');
    assert.equal(j.headers['content-type'], 'application/json');
    assert.equal(j.body, '{"a":1}');
  });
});

function minimalText(): CloudEventObject {
  return { specversion: '1.0', id: '1', source: '/s', type: 't', datacontenttype: 'text/plain', data: 'x' };
}
