import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { isRecord, own } from '../core/object.js';
import { canonicalJson } from './canonical-json.js';

/**
 * The digest of a priced quote: SHA-256 over the canonical JSON (RFC 8785) of its priced
 * content, written `sha-256:<64 hex digits>`. The content is what an approval and an
 * acceptance vouch for — identity and version, currency, dates, the price book, the customer
 * id, every line's SKU, quantity, term, attributes and amounts, the quote adjustments and the
 * totals — and nothing that depends on the locale (names, labels, messages) or that a
 * customer's copy leaves out (cost, margin). So the seller's and the customer's copies, in
 * zh-CN or in en, share one digest, and any change to a price, a quantity or a line does not.
 *
 * Hashing is synchronous and pure JavaScript (`@noble/hashes`): the same in Node and in every
 * browser, on https and plain-http pages alike (WebCrypto's `crypto.subtle` is async and missing
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
      return out;
    }),
    adjustments: list(own(source, 'adjustments')).map((a) => ({
      kind: str(own(a, 'kind')), ruleId: str(own(a, 'ruleId')), amount: str(own(a, 'amount')),
    })),
    totals: totals(own(source, 'totals')),
  };
}

function totals(value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of TOTAL_STRINGS) out[key] = str(own(value, key));
  out.taxes = list(own(value, 'taxes')).map((t) => ({
    code: str(own(t, 'code')), rate: str(own(t, 'rate')), base: str(own(t, 'base')), amount: str(own(t, 'amount')),
  }));
  return out;
}

/** SHA-256 of a string's UTF-8 bytes, as lower-case hex (synchronous, pure JS: works in any context). */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** The digest (`sha-256:<hex>`) of a priced quote, or of an order event's `data`. */
export function quoteDigest(source: unknown): string {
  return `sha-256:${sha256Hex(canonicalJson(digestContent(source)))}`;
}
