import { digestLineText, digestTextWith, sha256Hex } from '../quote/digest.js';
import type { PricedLine, PricedQuote } from '../types.js';

/**
 * A priced quote written for the store and the answer: its JSON text (what `JSON.stringify`
 * writes), its digest (what `quoteDigest` gives) and its UTF-8 bytes.
 */
export interface PricedText {
  json: string;
  digest: string;
  /** The JSON's UTF-8 bytes, in parts (their concatenation is `Buffer.from(json)`). */
  bytes: Buffer[];
}

/** What was written of one priced line besides its JSON: its part of the digest's text and its bytes. */
interface Written {
  digest: string;
  bytes: Buffer;
}

/**
 * The lines last written of a quote (its tenant, id and version: a lineage), by position: each
 * line's JSON, digest part and bytes. At most LINEAGES quotes and LINES lines in all, the least
 * recently written dropped first (a 1,000-line quote's take about 4 MB).
 */
interface Last {
  /** Each line's JSON ('' for a line whose digest part may not be taken again). */
  json: string[];
  written: Written[];
}
const LINEAGES = 32;
const LINES = 12_000;
const lasts = new Map<string, Last>();
let lastLines = 0;
/** Lines found written and lines written since the process started (for tests and benches). */
export const pricedTextStats = { hits: 0, misses: 0 };

/**
 * The texts of a priced quote, its lines' digest parts and bytes written once per distinct line:
 * an edit of a stored quote re-prices every line, and most come out as they were (on a 1,000-line
 * quote whose one quantity changed, all but that line and those the quote discount's allocation
 * moved). Each line is still written as JSON (the key), which is what JSON.stringify does fastest;
 * its digest part and its UTF-8 bytes are taken from the line with that JSON. The result is what
 * `JSON.stringify`, `quoteDigest` and `Buffer.from` give (test/server-priced-text.test.ts).
 */
export function pricedText(priced: PricedQuote, lineage?: string): PricedText {
  const lines = priced.lines;
  if (Object.getPrototypeOf(priced) !== Object.prototype || !Array.isArray(lines) || Object.hasOwn(priced, 'toJSON')) return plain(priced);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (typeof line !== 'object' || line === null || Object.getPrototypeOf(line) !== Object.prototype || Object.hasOwn(line, 'toJSON')) return plain(priced);
  }
  // The quote's own members as JSON.stringify writes an object's (an undefined one left out), the lines from their parts.
  let head = '{';
  let tail = '';
  let atLines = false;
  for (const key of Object.keys(priced)) {
    if (key === 'lines') {
      head += `${head === '{' ? '' : ','}${JSON.stringify(key)}:[`;
      atLines = true;
      continue;
    }
    const value = JSON.stringify((priced as unknown as Record<string, unknown>)[key]);
    if (value === undefined) continue;
    const member = `${JSON.stringify(key)}:${value}`;
    if (atLines) tail += `,${member}`;
    else head += `${head === '{' ? '' : ','}${member}`;
  }
  const end = `]${tail}}`;
  const last = lineage === undefined ? undefined : lasts.get(lineage);
  const jsons: string[] = new Array(lines.length);
  const all: Written[] = new Array(lines.length);
  const digests: string[] = new Array(lines.length);
  const bytes: Buffer[] = [Buffer.from(head, 'utf8')];
  let json = head;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const text = JSON.stringify(line);
    let w: Written;
    // The line at the same place last time, when it is the same JSON and what the digest reads of
    // both is plain data (so the same digest part): a line that is not is never taken nor kept.
    const plainDigest = digestPlain(line);
    if (plainDigest && last !== undefined && last.json[i] === text) {
      pricedTextStats.hits++;
      w = last.written[i]!;
    } else {
      pricedTextStats.misses++;
      w = { digest: digestLineText(line), bytes: Buffer.from(text, 'utf8') };
    }
    jsons[i] = plainDigest ? text : '';
    all[i] = w;
    if (i > 0) {
      json += ',';
      bytes.push(COMMA);
    }
    json += text;
    bytes.push(w.bytes);
    digests[i] = w.digest;
  }
  json += end;
  bytes.push(Buffer.from(end, 'utf8'));
  if (lineage !== undefined) remember(lineage, { json: jsons, written: all });
  let at = 0;
  const digest = `sha-256:${sha256Hex(digestTextWith(priced, () => digests[at++]!))}`;
  return { json, digest, bytes };
}

const COMMA = Buffer.from(',');

/** A quote that is not plain data as pricing makes it: written as it is. */
function plain(priced: PricedQuote): PricedText {
  const json = JSON.stringify(priced);
  return { json, digest: `sha-256:${sha256Hex(digestTextWith(priced, digestLineText))}`, bytes: [Buffer.from(json, 'utf8')] };
}

function remember(lineage: string, last: Last): void {
  const before = lasts.get(lineage);
  if (before) {
    lastLines -= before.json.length;
    lasts.delete(lineage);
  }
  if (last.json.length > LINES) return;
  lasts.set(lineage, last);
  lastLines += last.json.length;
  while (lasts.size > LINEAGES || lastLines > LINES) {
    const [key, oldest] = lasts.entries().next().value!;
    lasts.delete(key);
    lastLines -= oldest.json.length;
  }
}

/**
 * Whether what the digest reads of a line (src/quote/digest.ts: these members, and the records'
 * members) is plain data that JSON writes as it is, so that two lines with the same JSON have the
 * same digest part (a Date, say, is written as a string that the digest would not read as one).
 */
function digestPlain(line: object): boolean {
  const l = line as Record<string, unknown>;
  for (let i = 0; i < READ.length; i++) if (!isScalar(l[READ[i]!])) return false;
  for (let i = 0; i < RECORDS.length; i++) {
    const value = l[RECORDS[i]!];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
    for (const inner of Object.values(value)) if (!isScalar(inner) && !(typeof inner === 'object' && Object.getPrototypeOf(inner) === Object.prototype)) return false;
  }
  return true;
}

/** The members of a line the digest reads as values, and those it reads as records. */
const READ = ['id', 'sku', 'qty', 'listUnitPrice', 'netUnitPrice', 'listAmount', 'netAmount', 'taxCode', 'taxRate', 'tax', 'total',
  'parentId', 'term', 'optional', 'included', 'locked', 'credit', 'subscriptionId'];
const RECORDS = ['attributes', 'proration', 'period'];

const isScalar = (v: unknown): boolean => v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
