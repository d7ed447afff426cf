import type { Catalog, ConfigState, PricedLine, PricedQuote, Quote } from '../../types.js';
import { changedPositions, recordLineChanges } from './line-changes.js';
import { appendPatch, applyFigures, patchOf, type WorkerAnswer, type WorkerRequest } from './pricing-protocol.js';

/** What the worker made of one request: the priced quote and the lines' configuration states. */
export interface WorkerPriced {
  priced: PricedQuote;
  configs: Record<string, ConfigState>;
}

/**
 * Above this many quote lines `<cpq-quote>` prices in a Web Worker (its `worker-threshold`). At
 * 1,000 lines main-thread pricing of an edit leaves no long task and paints sooner than the
 * worker's round trip (bench: quantity commit 24 vs 33 ms); at 10,000 its task is hundreds of ms.
 */
export const WORKER_THRESHOLD = 2000;

/**
 * An answer whose lines took longer than this (ms) to put together on the page is shown in a task
 * of its own (`answer`): a quote discount on 10,000 lines on a slow machine. Measured, not counted:
 * an answer put together quickly is shown in the same task, painted in the next frame, instead of
 * in a task after it that may miss that frame.
 */
const SPLIT_AFTER_MS = 16;

const catalogIds = new WeakMap<Catalog, number>();
let nextCatalogId = 1;
const idOf = (catalog: Catalog) => {
  let id = catalogIds.get(catalog);
  if (id === undefined) catalogIds.set(catalog, (id = nextCatalogId++));
  return id;
};

/** The same items in the same order (by identity), and some. */
function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether this environment has module workers at all (not Node, not a server render). */
export function workersAvailable(): boolean {
  return typeof Worker === 'function' && typeof window !== 'undefined';
}

/**
 * `<cpq-quote>`'s side of the pricing worker (pricing.worker.ts): one worker per element, made on
 * the first request. `price` resolves with the worker's pricing, with `undefined` when a newer
 * request overtook this one (the worker skipped it, or `latest` moved on), and rejects when the
 * worker cannot price (it failed to load — a CSP without `worker-src 'self'` — or the quote cannot
 * be posted): the element then prices on the main thread, so the figures and errors are the same.
 */
export class PricingWorker {
  private worker: Worker | undefined;
  /** Set once the worker failed to load or crashed: no new one is made. */
  broken = false;
  private seq = 0;
  /** The catalog ids the worker holds (it keeps the last two it was sent). */
  private held: number[] = [];
  /**
   * The quote lines of the last request posted (the next request sends its lines as a change of them,
   * by identity): a copy of the list as it was posted, so a host that changes a quote's list in place is still seen.
   */
  private sentLines: readonly unknown[] = [];
  /** The priced lines of the worker's last answer (its next answer's lines are a change of them). */
  private answeredLines: PricedLine[] = [];
  /** What the last priced answer carried, for tests: lines sent whole, kept (an index), and kept with new figures, and in how many messages. @internal */
  lastAnswer = { whole: 0, kept: 0, figures: 0, messages: 1 };
  /** The lines of an answer whose parts are arriving (put together part by part), and what they carried. */
  private partial: { seq: number; lines: PricedLine[]; parts: number; whole: number; figures: number } | undefined;
  /** The requests awaiting their answer, by seq (`ahead`: asked by `anticipate`, not a committed change). */
  private readonly waiting = new Map<number, { resolve(a: WorkerPriced | undefined): void; reject(e: Error): void; ahead: boolean }>();

  /** The sequence number of the newest request. */
  get latest(): number {
    return this.seq;
  }

  price(catalog: Catalog, quote: Quote, locale: string): Promise<WorkerPriced | undefined> {
    return new Promise((resolve, reject) => {
      const error = this.post(catalog, quote, locale);
      if (error) reject(error);
      else this.waiting.set(this.seq, { resolve, reject, ahead: false });
    });
  }

  /**
   * Price `quote` ahead: a change the user is about to commit (a discount typed, not yet entered).
   * Its answer moves the base of the next one like any other and resolves the promise (undefined
   * when a newer request overtook it), for a preview; when the change is committed, the worker
   * finds every line it priced already and the answer to the commit crosses as indexes — a
   * 10,000-line quote discount is then shown as fast as an unchanged quote. Nothing is asked while
   * a committed change is being priced (the worker would skip that one for this) or where the
   * worker cannot run: undefined then. A change priced ahead and not committed costs that pricing.
   */
  anticipate(catalog: Catalog, quote: Quote, locale: string): Promise<WorkerPriced | undefined> | undefined {
    if (this.broken) return undefined;
    for (const w of this.waiting.values()) if (!w.ahead) return undefined;
    if (this.post(catalog, quote, locale)) return undefined;
    this.anticipated++;
    const seq = this.seq;
    return new Promise((resolve) => this.waiting.set(seq, { resolve, reject: () => resolve(undefined), ahead: true }));
  }

  /** How many requests `anticipate` posted, for tests. @internal */
  anticipated = 0;
  /** How the last request's lines crossed, for tests: the lines sent before, one for one; a change of them; or inside the quote. @internal */
  lastLines: 'same' | 'patch' | 'whole' | undefined;

  /** Post a request for `quote` (the next seq); an error when it cannot be posted (the worker's base then unchanged). */
  private post(catalog: Catalog, quote: Quote, locale: string): Error | undefined {
    const seq = ++this.seq;
    const worker = this.start();
    if (!worker) return new Error('the pricing worker is not available');
    const catalogId = idOf(catalog);
    const lines: unknown = quote.lines;
    // Lines that are all objects cross as a change of the last ones sent (a number stands for a line
    // sent before); the same lines as those, one for one (a quote-level change), as 'same'.
    const same = Array.isArray(lines) && sameItems(lines, this.sentLines);
    const patchable = same || (Array.isArray(lines) && lines.every((l) => typeof l === 'object' && l !== null));
    let request: WorkerRequest;
    if (patchable) {
      const { lines: _lines, ...head } = quote;
      request = { seq, catalogId, quote: head as Quote, lines: same ? 'same' : patchOf(lines as unknown[], this.sentLines), locale };
    } else request = { seq, catalogId, quote, locale };
    this.lastLines = same ? 'same' : patchable ? 'patch' : 'whole';
    const fresh = !this.held.includes(catalogId);
    if (fresh) request.catalog = catalog;
    try {
      worker.postMessage(request);
    } catch (error) {
      // A quote or catalog holding something that cannot be cloned (a function, a class instance).
      // The worker never saw it: its lines base is unchanged.
      return error instanceof Error ? error : new Error(String(error));
    }
    if (!same) this.sentLines = patchable ? (lines as unknown[]).slice() : [];
    if (fresh) this.held = [...this.held, catalogId].slice(-2);
    return undefined;
  }

  /** Stop the worker (the element left the page); pending requests resolve as overtaken. */
  stop(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.held = [];
    this.sentLines = [];
    this.answeredLines = [];
    this.partial = undefined;
    for (const w of this.waiting.values()) w.resolve(undefined);
    this.waiting.clear();
  }

  private start(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    try {
      this.worker = new Worker(new URL('./pricing.worker.ts', import.meta.url), { type: 'module', name: 'cpq-pricing' });
    } catch {
      this.broken = true;
      return undefined;
    }
    this.worker.onmessage = (e: MessageEvent<WorkerAnswer>) => this.answer(e.data);
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.fail(`the pricing worker failed: ${e.message || 'it could not be loaded'}`);
    };
    this.worker.onmessageerror = () => this.fail('an answer of the pricing worker could not be read');
    return this.worker;
  }

  private answer(a: WorkerAnswer): void {
    const began = performance.now();
    if ('part' in a) {
      // A part of an answer's lines: put together now, while the worker works out the next.
      let p = this.partial;
      if (a.part === 0) p = this.partial = { seq: a.seq, lines: [], parts: 0, whole: 0, figures: 0 };
      if (!p || p.seq !== a.seq || p.parts !== a.part || !appendPatch(a.lines, this.answeredLines, p.lines) || (a.figures && !applyFigures(a.figures, p.lines))) {
        return this.fail('a part of an answer of the pricing worker did not match the one before it');
      }
      p.parts++;
      p.whole += a.lines.fresh.length;
      p.figures += a.figures?.at.length ?? 0;
      return;
    }
    // Any other message ends the parts before it (a failure after some parts: they are dropped).
    const p = this.partial;
    this.partial = undefined;
    let priced: PricedQuote | undefined;
    let configs: Record<string, ConfigState> = {};
    if ('priced' in a) {
      configs = a.configs;
      const parts = a.parts ?? 0;
      // Every answer moves the base of the next one, used or not.
      const lines = parts > 0 && p !== undefined && p.seq === a.seq && p.parts === parts ? p.lines : parts === 0 ? [] : undefined;
      if (!lines || !appendPatch(a.lines, this.answeredLines, lines) || (a.figures && !applyFigures(a.figures, lines))) return this.fail('an answer of the pricing worker did not match the one before it');
      if (lines.length === this.answeredLines.length) recordLineChanges(lines, this.answeredLines, changedPositions(lines, this.answeredLines));
      this.answeredLines = lines;
      const whole = a.lines.fresh.length + (parts > 0 ? p!.whole : 0);
      const figures = (a.figures?.at.length ?? 0) + (parts > 0 ? p!.figures : 0);
      this.lastAnswer = { whole, kept: lines.length - whole - figures, figures, messages: parts + 1 };
      priced = a.priced;
      priced.lines = lines;
    }
    const w = this.waiting.get(a.seq);
    if (!w) return;
    this.waiting.delete(a.seq);
    if ('failed' in a) return w.reject(new Error(a.failed));
    const deliver = () => {
      if (!priced || a.seq !== this.seq) w.resolve(undefined);
      else w.resolve({ priced, configs });
    };
    // An answer that took long to apply (many lines with new figures on a slow machine) is shown in
    // the next task, so that neither is a long task.
    if (performance.now() - began > SPLIT_AFTER_MS) setTimeout(deliver, 0);
    else deliver();
  }

  private fail(message: string): void {
    this.broken = true;
    this.worker?.terminate();
    this.worker = undefined;
    this.held = [];
    this.sentLines = [];
    this.answeredLines = [];
    this.partial = undefined;
    for (const w of this.waiting.values()) w.reject(new Error(message));
    this.waiting.clear();
  }
}
