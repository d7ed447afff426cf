/**
 * The pricing worker of `<cpq-quote>` (issue 15): the same pure core as the main thread —
 * `prepareCatalog` and `pricePrepared`, no eval — run in a module Web Worker, so that a big quote
 * is priced off the main thread. The prepared catalog, and with it the memo of incremental
 * re-pricing (src/pricing/line-memo.ts, kept per prepared catalog), live here: after the first
 * pricing, a one-line edit re-prices that line and the quote-level pass only; the lines it
 * receives are sealed (frozen, their memo keys kept) and unchanged lines keep their objects from
 * one request to the next, and the priced lines a run keeps unchanged are the same objects as the
 * last answer's, so the answer's patch finds them by identity.
 *
 * Protocol (pricing-protocol.ts; pricing-worker.ts is the other side): `{ seq, catalogId,
 * catalog?, quote, lines?, locale }` in (the catalog only the first time its id is used; the lines
 * as a change of the previous request's), `{ seq, priced, lines, figures?, configs }` out (the
 * priced lines as a change of the previous answer's: a line equal field for field is sent as its
 * index, a line that differs only in texts and waterfall amounts as its index and new figures —
 * `linesPatch`) — past `PART_LINES` lines, the lines first cross in parts, `{ seq, part, lines,
 * figures? }`, and the last message says how many came (`parts`) — or
 * `{ seq, skipped: true }` for a request a newer one overtook before it was started, or
 * `{ seq, failed }` when pricing could not run here (the page then prices on the main thread).
 */
import { prepareCatalog } from '../../rules/prepare-catalog.js';
import { pricePrepared, type PricingTrace } from '../../pricing/price-prepared.js';
import { sealLines } from '../../pricing/line-memo.js';
import type { PreparedCatalog } from '../../catalog/assemble.js';
import type { ConfigState, PricedLine, Quote } from '../../types.js';
import { applyPatch, LinesPatcher, type WorkerAnswer, type WorkerRequest } from './pricing-protocol.js';

interface Scope {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerAnswer): void;
}
const scope = globalThis as unknown as Scope;

/** The catalogs this worker has prepared, by the page's id for them (the latest few). */
const catalogs = new Map<number, PreparedCatalog | string>();
const KEEP_CATALOGS = 2;
/** The newest request not yet started (its quote whole): an older one still queued is skipped, not priced. */
let next: { seq: number; catalogId: number; quote: Quote | undefined; locale: string } | undefined;
/** The lines of the page's last request, as received: the next request's lines are a change of them. */
let lastLines: unknown[] = [];
/** The priced lines of the last answer, as sent: the next answer's lines are a change of them. */
let sentLines: PricedLine[] = [];
let scheduled = false;

/**
 * An answer with more lines than this crosses in parts of this many lines. Each part costs a
 * message; fewer, larger parts overlap less of the page's work with the worker's.
 */
const PART_LINES = 2000;

scope.onmessage = (e) => {
  const request = e.data;
  if (request.catalog !== undefined) {
    const prepared = prepareCatalog(request.catalog);
    catalogs.delete(request.catalogId);
    catalogs.set(request.catalogId, prepared.ok ? prepared.catalog : 'the catalog is not valid');
    while (catalogs.size > KEEP_CATALOGS) catalogs.delete(catalogs.keys().next().value!);
  }
  let quote: Quote | undefined = request.quote;
  // The worker owns the lines it receives and never writes to them: each is sealed once, when it
  // arrives (a line kept from the last request came sealed), so that pricing does not walk it again
  // to key the memo (line-memo.ts) and can take the last run's lines where they are.
  if (request.lines === 'same') {
    // The last request's lines, as they are (sealed when they came).
    quote = lastLines.length > 0 ? { ...request.quote, lines: lastLines } as Quote : undefined;
  } else if (request.lines) {
    const lines = applyPatch(request.lines, lastLines);
    lastLines = lines ?? [];
    if (lines) sealLines(request.lines.fresh);
    quote = lines ? { ...request.quote, lines } as Quote : undefined;
  } else {
    lastLines = [];
    const lines = (quote as { lines?: unknown } | undefined)?.lines;
    if (Array.isArray(lines)) sealLines(lines);
  }
  if (next) scope.postMessage({ seq: next.seq, skipped: true });
  next = { seq: request.seq, catalogId: request.catalogId, quote, locale: request.locale };
  if (scheduled) return;
  scheduled = true;
  // Messages already queued are read first: of a burst of edits, only the last is priced.
  setTimeout(run, 0);
};

function run(): void {
  scheduled = false;
  const request = next;
  next = undefined;
  if (!request) return;
  const cat = catalogs.get(request.catalogId);
  if (cat === undefined || typeof cat === 'string' || request.quote === undefined) {
    const why = request.quote === undefined ? 'the quote\'s lines did not arrive whole' : typeof cat === 'string' ? cat : `catalog ${request.catalogId} was never sent`;
    scope.postMessage({ seq: request.seq, failed: why });
    return;
  }
  try {
    const configs: Record<string, ConfigState> = {};
    // The lines cross as copies (the page's are not settled either): none is vouched for here.
    const trace: PricingTrace = { remade: [], settle: false };
    const priced = pricePrepared(cat, request.quote, { locale: request.locale, onConfigure: (id, s) => (configs[id] = s) }, trace);
    const lines = priced.lines;
    const patcher = new LinesPatcher(lines, sentLines, trace.remade);
    // A big answer's lines cross in parts: each is posted as soon as it is worked out, and the page
    // puts it together while this works out the next (a 10,000-line quote discount changes every line).
    let parts = 0;
    for (let end = PART_LINES; end < lines.length; end += PART_LINES) {
      const { patch, figures } = patcher.next(end);
      scope.postMessage(figures ? { seq: request.seq, part: parts, lines: patch, figures } : { seq: request.seq, part: parts, lines: patch });
      parts++;
    }
    const { patch, figures } = patcher.next(lines.length);
    // Emptied in place: the page puts the lines back where they were (the same key order).
    priced.lines = [];
    const answer: WorkerAnswer = figures ? { seq: request.seq, priced, lines: patch, figures, configs } : { seq: request.seq, priced, lines: patch, configs };
    if (parts > 0) answer.parts = parts;
    scope.postMessage(answer);
    sentLines = lines;
  } catch (error) {
    // pricePrepared answers bad input with issues; this is a priced quote that cannot be posted.
    scope.postMessage({ seq: request.seq, failed: error instanceof Error ? error.message : String(error) });
  }
}
