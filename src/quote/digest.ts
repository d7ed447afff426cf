import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { isRecord, keptText, own } from '../core/object.js';

/**
 * The digest of a priced quote: SHA-256 over the canonical JSON (RFC 8785) of its priced
 * content, written `sha-256:<64 hex digits>`. The content is what an approval and an
 * acceptance vouch for — identity and version, currency, dates, the price book, the customer
 * id, every line's SKU, quantity, term, attributes and amounts, the quote adjustments and the
 * totals — and nothing that depends on the locale (names, labels, messages) or that a
 * customer's copy leaves out (cost, margin). So the seller's and the customer's copies, in
 * zh-CN or in en, share one digest, and any change to a price, a quantity or a line does not.
 *
 * Hashing is synchronous: pure JavaScript (`@noble/hashes`) in every browser (node:crypto in
 * Node, the same SHA-256), on https and plain-http pages alike (WebCrypto's `crypto.subtle` is async and missing
 * outside secure contexts), so the digest, `snapshot`, `toOrderEvent` and `verifyOrder` are
 * synchronous.
 */

/** The digest's written form. */
export const DIGEST_PATTERN = /^sha-256:[0-9a-f]{64}$/;

const LINE_STRINGS = [
  'id', 'sku', 'qty', 'listUnitPrice', 'netUnitPrice', 'listAmount', 'netAmount', 'taxCode', 'taxRate', 'tax', 'total',
] as const;
const TOTAL_STRINGS = ['list', 'discount', 'net', 'tax', 'total'] as const;

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Only string values: attributes are `{ id: valueId }`. */
function attributes(value: unknown): Record<string, string> | null {
  if (!isRecord(value)) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') Object.defineProperty(out, k, { value: v, enumerable: true });
  }
  return out;
}

/**
 * The priced content a digest covers, read from a priced quote or from an order event's `data`
 * (which use the same field names). Absent and malformed values become null, so the content is
 * always flat JSON and hashing it cannot fail.
 */
export function digestContent(source: unknown): Record<string, unknown> {
  const customerId = own(own(source, 'customer'), 'id');
  const version = own(source, 'version');
  return {
    quoteId: str(own(source, 'quoteId')),
    version: Number.isSafeInteger(version) ? version : null,
    currency: str(own(source, 'currency')),
    date: str(own(source, 'date')),
    validUntil: str(own(source, 'validUntil')),
    priceBook: str(own(source, 'priceBook')),
    taxMode: str(own(source, 'taxMode')),
    rounding: str(own(source, 'rounding')),
    customerId: typeof customerId === 'string' || Number.isSafeInteger(customerId) ? customerId : null,
    lines: list(own(source, 'lines')).map((line) => {
      const out: Record<string, unknown> = {
        parentId: str(own(line, 'parentId')),
        term: str(own(line, 'term')),
        attributes: attributes(own(line, 'attributes')),
        optional: own(line, 'optional') === true,
        included: own(line, 'included') === true,
      };
      for (const key of LINE_STRINGS) out[key] = str(own(line, key));
      // Subscriptions (issue 16), only where a line has them, so that every other digest stays as it was:
      // the service period (a priced line's `proration`, an event line's `period`) and what the line is to its contract.
      const period = own(line, 'proration') ?? own(line, 'period');
      if (period !== undefined) out.period = { start: str(own(period, 'start')), end: str(own(period, 'end')), factor: str(own(period, 'factor')) };
      for (const flag of ['locked', 'credit'] as const) if (own(line, flag) === true) out[flag] = true;
      const subscription = str(own(line, 'subscriptionId'));
      if (subscription !== null) out.subscriptionId = subscription;
      return out;
    }),
    adjustments: list(own(source, 'adjustments')).map((a) => ({
      kind: str(own(a, 'kind')), ruleId: str(own(a, 'ruleId')), amount: str(own(a, 'amount')),
    })),
    totals: totals(own(source, 'totals')),
    ...contractContent(source),
  };
}

/** The kind of a quote that changes a contract (an amendment or a renewal), else undefined. */
function contractKind(source: unknown): 'amendment' | 'renewal' | undefined {
  const kind = own(source, 'kind');
  return kind === 'amendment' || kind === 'renewal' ? kind : undefined;
}

/** An amendment's or renewal's kind and contract (absent on a new sale: its digest is unchanged). */
function contractContent(source: unknown): Record<string, unknown> {
  const kind = contractKind(source);
  if (kind === undefined) return {};
  const c = own(source, 'contract');
  return { kind, contract: { id: str(own(c, 'id')), start: str(own(c, 'start')), end: str(own(c, 'end')) } };
}

function totals(value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of TOTAL_STRINGS) out[key] = str(own(value, key));
  out.taxes = list(own(value, 'taxes')).map((t) => ({
    code: str(own(t, 'code')), rate: str(own(t, 'rate')), base: str(own(t, 'base')), amount: str(own(t, 'amount')),
  }));
  return out;
}

/** SHA-256 of a string's UTF-8 bytes, as lower-case hex (synchronous: works in any context). */
export function sha256Hex(text: string): string {
  return nodeSha256 ? nodeSha256(text) : bytesToHex(sha256(utf8ToBytes(text)));
}

/** The pure-JS hash, whatever runs (the tests compare the two). */
export function sha256HexPortable(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

interface NodeHash { update(text: string, encoding: 'utf8'): NodeHash; digest(encoding: 'hex'): string }
interface NodeCrypto { createHash(algorithm: 'sha256'): NodeHash }

const nodeCrypto: NodeCrypto | undefined = (() => {
  try {
    const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const crypto = p?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
    return typeof crypto?.createHash === 'function' ? crypto : undefined;
  } catch {
    return undefined;
  }
})();

/**
 * In Node (20.16+), node:crypto's native SHA-256 — the same function, about ten times faster
 * on a quote's canonical text (the quote service hashes every edit) — found through
 * `process.getBuiltinModule`, so the core stays free of Node imports and browsers, which have
 * no `process`, use @noble/hashes.
 */
const nodeSha256: ((text: string) => string) | undefined = nodeCrypto && ((text) => nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex'));

/** The same hash of pieces of a text, fed one after the other (no joined copy of the text). */
const nodeSha256Pieces: ((pieces: readonly string[]) => string) | undefined = nodeCrypto && ((pieces) => {
  const hash = nodeCrypto.createHash('sha256');
  for (let i = 0; i < pieces.length; i++) if (pieces[i]!.length > 0) hash.update(pieces[i]!, 'utf8');
  return hash.digest('hex');
});

/**
 * The canonical JSON of `digestContent(source)`, written directly: the content's shape is fixed,
 * so its keys are sorted once, here, and each value is written as JSON.stringify writes it (which
 * is what RFC 8785 asks of strings, integers, booleans and null). Several times faster than
 * building the content and sorting every object's keys again; a property test holds the two
 * equal for any input, well-formed or not.
 */
export function digestText(source: unknown): string {
  return digestPieces(source).join('');
}

/**
 * `digestText` in pieces, the lines' kept texts as they are: hashed one after the other (Node), a
 * 1,000-line quote's text is never copied into one string first.
 */
function digestPieces(source: unknown): string[] {
  const out: string[] = ['{'];
  let first = true;
  for (let i = 0; i < TOP_FIELDS.length; i++) {
    const [prefix, write] = TOP_FIELDS[i]!;
    if (write === LINES) {
      out.push(first ? '' : ',', prefix);
      pushLines(own(source, 'lines'), out);
    } else {
      const value = write(source);
      if (value === undefined) continue;
      out.push(first ? '' : ',', prefix, value);
    }
    first = false;
  }
  out.push('}');
  return out;
}

/** A field's key and its writer; a writer that gives undefined leaves the field out (the subscription fields of other lines). */
type Field = readonly [key: string, write: (source: unknown) => string | undefined];

const text = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : 'null');
const stringField = (key: string): Field => [key, (o) => text(own(o, key))];
/** Fields in RFC 8785 order (UTF-16 code units, as the default sort compares). */
const sorted = (fields: Field[]): readonly Field[] => fields.map((f): [string, Field] => [f[0], [JSON.stringify(f[0]) + ':', f[1]]]).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map((x) => x[1]);

function writeFields(source: unknown, fields: readonly Field[]): string {
  let out = '{';
  let first = true;
  for (let i = 0; i < fields.length; i++) {
    const [prefix, write] = fields[i]!;
    const value = write(source);
    if (value === undefined) continue;
    out += (first ? '' : ',') + prefix + value;
    first = false;
  }
  return out + '}';
}

function writeList(value: unknown, fields: readonly Field[]): string {
  const items = list(value);
  let out = '[';
  for (let i = 0; i < items.length; i++) out += (i === 0 ? '' : ',') + writeFields(items[i], fields);
  return out + ']';
}

/** The canonical text of each settled line written so far (see `pushLines`). */
const lineTexts = new WeakMap<object, string>();
const writeLine = (line: unknown): string => writeFields(line, LINE_FIELDS);

/**
 * The lines' canonical text, each line's written once where it cannot change (`isSettled`: a
 * line pricing made and froze whole) — and pricing gives a line whose figures did not change
 * again, the same object (pricing/finish.ts), so the digest of a 1,000-line quote's edit writes
 * the lines the edit changed. Any other line is written every time.
 */
function pushLines(value: unknown, out: string[]): void {
  const items = list(value);
  out.push('[');
  for (let i = 0; i < items.length; i++) {
    const line = items[i];
    out.push(i === 0 ? '' : ',', typeof line === 'object' && line !== null ? keptText(lineTexts, line, writeLine) : writeLine(line));
  }
  out.push(']');
}

function writeAttributes(value: unknown): string {
  if (!isRecord(value)) return 'null';
  const keys: string[] = [];
  const values = new Map<string, string>();
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') continue;
    keys.push(k);
    values.set(k, v);
  }
  keys.sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) out += (i === 0 ? '' : ',') + JSON.stringify(keys[i]) + ':' + JSON.stringify(values.get(keys[i]!));
  return out + '}';
}

const PERIOD_FIELDS = sorted(['start', 'end', 'factor'].map(stringField));
const LINE_FIELDS = sorted([
  ...LINE_STRINGS.map(stringField),
  ['parentId', (l) => text(own(l, 'parentId'))],
  ['term', (l) => text(own(l, 'term'))],
  ['attributes', (l) => writeAttributes(own(l, 'attributes'))],
  ['optional', (l) => String(own(l, 'optional') === true)],
  ['included', (l) => String(own(l, 'included') === true)],
  // Subscriptions (issue 16), only where a line has them, exactly as digestContent writes them.
  ['period', (l) => {
    const period = own(l, 'proration') ?? own(l, 'period');
    return period === undefined ? undefined : writeFields(period, PERIOD_FIELDS);
  }],
  ['locked', (l) => (own(l, 'locked') === true ? 'true' : undefined)],
  ['credit', (l) => (own(l, 'credit') === true ? 'true' : undefined)],
  ['subscriptionId', (l) => { const id = own(l, 'subscriptionId'); return typeof id === 'string' ? JSON.stringify(id) : undefined; }],
]);
const CONTRACT_FIELDS = sorted(['id', 'start', 'end'].map(stringField));
const ADJUSTMENT_FIELDS = sorted(['kind', 'ruleId', 'amount'].map(stringField));
const TAX_FIELDS = sorted(['code', 'rate', 'base', 'amount'].map(stringField));
const TOTAL_FIELDS = sorted([...TOTAL_STRINGS.map(stringField), ['taxes', (t) => writeList(own(t, 'taxes'), TAX_FIELDS)]]);
/** The lines' field: `digestPieces` writes it in pieces (`pushLines`); this writer gives the same text whole. */
const LINES = (o: unknown): string => {
  const out: string[] = [];
  pushLines(own(o, 'lines'), out);
  return out.join('');
};
const TOP_FIELDS = sorted([
  ...['quoteId', 'currency', 'date', 'validUntil', 'priceBook', 'taxMode', 'rounding'].map(stringField),
  ['version', (o) => { const v = own(o, 'version'); return Number.isSafeInteger(v) ? String(v) : 'null'; }],
  ['customerId', (o) => { const id = own(own(o, 'customer'), 'id'); return typeof id === 'string' ? JSON.stringify(id) : Number.isSafeInteger(id) ? String(id) : 'null'; }],
  ['lines', LINES],
  ['adjustments', (o) => writeList(own(o, 'adjustments'), ADJUSTMENT_FIELDS)],
  ['totals', (o) => writeFields(own(o, 'totals'), TOTAL_FIELDS)],
  // An amendment's or renewal's kind and contract, as digestContent (contractContent) gives them.
  ['kind', (o) => (contractKind(o) === undefined ? undefined : JSON.stringify(contractKind(o)))],
  ['contract', (o) => (contractKind(o) === undefined ? undefined : writeFields(own(o, 'contract'), CONTRACT_FIELDS))],
]);

/** The digest (`sha-256:<hex>`) of a priced quote, or of an order event's `data`. */
export function quoteDigest(source: unknown): string {
  const pieces = digestPieces(source);
  return `sha-256:${nodeSha256Pieces ? nodeSha256Pieces(pieces) : sha256Hex(pieces.join(''))}`;
}
