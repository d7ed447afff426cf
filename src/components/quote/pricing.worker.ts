/**
 * The pricing worker of `<cpq-quote>` (issue 15): the same pure core as the main thread —
 * `prepareCatalog` and `pricePrepared`, no eval — run in a module Web Worker, so that a big quote
 * is priced off the main thread. The prepared catalog, and with it the memo of incremental
 * re-pricing (src/pricing/line-memo.ts, kept per prepared catalog), live here: after the first
 * pricing, a one-line edit re-prices that line and the quote-level pass only.
 *
 * Protocol (pricing-protocol.ts; pricing-worker.ts is the other side): `{ seq, catalogId,
 * catalog?, quote, lines?, locale }` in (the catalog only the first time its id is used; the lines
 * as a change of the previous request's), `{ seq, priced, lines, configs }` out (the priced lines
 * as a change of the previous answer's: a line equal field for field is sent as its index), or
 * `{ seq, skipped: true }` for a request a newer one overtook before it was started, or
 * `{ seq, failed }` when pricing could not run here (the page then prices on the main thread).
 */
import { prepareCatalog } from '../../rules/prepare-catalog.js';
import { pricePrepared } from '../../pricing/price-prepared.js';
import type { PreparedCatalog } from '../../catalog/assemble.js';
import type { ConfigState, PricedLine, Quote, WaterfallStep } from '../../types.js';
import { sameData } from '../../core/object.js';
import { applyPatch, FIGURE_END, type FigurePatch, type ListPatch, type WorkerAnswer, type WorkerRequest } from './pricing-protocol.js';

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

scope.onmessage = (e) => {
  const request = e.data;
  if (request.catalog !== undefined) {
    const prepared = prepareCatalog(request.catalog);
    catalogs.delete(request.catalogId);
    catalogs.set(request.catalogId, prepared.ok ? prepared.catalog : 'the catalog is not valid');
    while (catalogs.size > KEEP_CATALOGS) catalogs.delete(catalogs.keys().next().value!);
  }
  let quote: Quote | undefined = request.quote;
  if (request.lines) {
    const lines = applyPatch(request.lines, lastLines);
    lastLines = lines ?? [];
    quote = lines ? { ...request.quote, lines } as Quote : undefined;
  } else lastLines = [];
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
    const priced = pricePrepared(cat, request.quote, { locale: request.locale, onConfigure: (id, s) => (configs[id] = s) });
    const lines = priced.lines;
    const { patch, figures } = patchOf(lines, sentLines);
    // Emptied in place: the page puts the lines back where they were (the same key order).
    priced.lines = [];
    scope.postMessage(figures ? { seq: request.seq, priced, lines: patch, figures, configs } : { seq: request.seq, priced, lines: patch, configs });
    sentLines = lines;
  } catch (error) {
    // pricePrepared answers bad input with issues; this is a priced quote that cannot be posted.
    scope.postMessage({ seq: request.seq, failed: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * `lines` as a change of `previous`: a line equal field for field to the previous line with its
 * id (or at its index) is sent as that line's index; a line that differs from it only in some
 * string fields and in the amounts of some waterfall steps (what a quote-level change does to the
 * lines it does not touch otherwise) as that index too, with its new texts in `figures`.
 */
function patchOf(lines: PricedLine[], previous: PricedLine[]): { patch: ListPatch<PricedLine>; figures?: FigurePatch } {
  const at = new Map<string, number>();
  previous.forEach((l, i) => at.set(l.id, i));
  const shapes: FigurePatch['shapes'] = [];
  const shapeIds = new Map<string, number>();
  const positions: number[] = [];
  const shapeOf: number[] = [];
  const values: string[] = [];
  const patch = lines.map((line, i) => {
    const j = at.get(line.id) ?? i;
    if (j >= previous.length) return line;
    const before = previous[j]!;
    if (sameData(line, before)) return j;
    const change = figureChange(line, before);
    if (!change) return line;
    const key = `${change.fields.join(',')}|${change.steps.join(',')}|${change.waterfall ? JSON.stringify(change.waterfall) : ''}`;
    let id = shapeIds.get(key);
    if (id === undefined) {
      shapeIds.set(key, (id = shapes.length));
      shapes.push(change.waterfall ? { fields: change.fields, steps: [], waterfall: change.waterfall } : { fields: change.fields, steps: change.steps });
    }
    positions.push(i);
    shapeOf.push(id);
    for (const v of change.values) values.push(v);
    return j;
  });
  if (positions.length === 0) return { patch };
  return { patch, figures: { shapes, at: Int32Array.from(positions), shape: Int32Array.from(shapeOf), values: values.length ? values.join(FIGURE_END) + FIGURE_END : '' } };
}

const isText = (v: unknown): v is string => typeof v === 'string' && !v.includes(FIGURE_END);

/**
 * How `line` differs from `before` when only in string fields (both strings) and in its waterfall:
 * those fields and, when the steps are the same but for their amounts, the indexes of the steps
 * whose amount changed, else the new steps with empty amounts (`waterfall`); the new values, fields
 * first, then amounts. Undefined when the line is to be sent whole.
 */
function figureChange(line: PricedLine, before: PricedLine): { fields: string[]; steps: number[]; waterfall?: WaterfallStep[]; values: string[] } | undefined {
  const a = line as unknown as Record<string, unknown>;
  const b = before as unknown as Record<string, unknown>;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return undefined;
  const fields: string[] = [];
  const steps: number[] = [];
  const values: string[] = [];
  for (const k of keys) {
    if (!Object.hasOwn(b, k)) return undefined;
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (k === 'waterfall') continue;
    if (!isText(x) || typeof y !== 'string') {
      if (sameData(x, y)) continue;
      return undefined;
    }
    fields.push(k);
    values.push(x);
  }
  const wa = line.waterfall;
  const wb = before.waterfall;
  if (!Array.isArray(wa) || !Array.isArray(wb)) return undefined;
  const amounts = values.length;
  let same = wa.length === wb.length;
  for (let i = 0; same && i < wa.length; i++) {
    const s = wa[i]!;
    const t = wb[i]!;
    if (s.amount === t.amount) {
      same = sameData(s, t);
      continue;
    }
    same = isText(s.amount) && typeof t.amount === 'string' && sameData({ ...s, amount: '' }, { ...t, amount: '' });
    steps.push(i);
    values.push(s.amount);
  }
  if (same) return { fields, steps, values };
  // Steps came or went: the new ones, amounts apart (in their place, so the keys keep their order).
  values.length = amounts;
  const waterfall: WaterfallStep[] = [];
  for (const s of wa) {
    if (!isText(s.amount)) return undefined;
    waterfall.push({ ...s, amount: '' });
    values.push(s.amount);
  }
  return { fields, steps: [], waterfall, values };
}
