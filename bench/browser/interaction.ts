// The interaction bench page (driven by bench/browser.bench.ts in Chromium through real input:
// Playwright's keyboard, mouse and wheel). `cpqBench.setup('options')` loads a generated product
// with 200 options; `cpqBench.setup('lines', n)` a quote of n lines (line 1 a configurable
// bundle). Before each user action the driver calls `arm(expect)`; the page then times from the
// input event's own timestamp (the keydown or wheel that starts the action; for a click, its
// pointerup, as Interaction to Next Paint times a click's event — the time the button is held
// down is the user's, and is reported apart as `fromPress`) to the
// end of the rendering of the first frame painted after the update it causes — for `total`, the
// frame in which <cpq-quote-summary> shows the new total; for `frame`, the first frame after the
// keystroke's `input` event and its microtasks (what a keystroke that changes no figure costs) — and collects
// the long tasks (> 50 ms, PerformanceObserver) from the input until 300 ms after that frame.
import '../../src/index.js';
import type { Catalog, CpqQuote, CpqState, Quote } from '../../src/index.js';
import { linesCatalogAndQuote } from './lines-fixture.js';

type Setup = 'options' | 'lines';

const FEATURES = 10;
const OPTIONS_PER_FEATURE = 20;

/** One product with 200 priced options in 10 features, and 40 validation rules over them. */
function optionCatalog(): Catalog {
  const sku = (f: number, o: number) => `OPT-${f * OPTIONS_PER_FEATURE + o}`;
  const features = Array.from({ length: FEATURES }, (_, f) => ({
    id: `F${f}`,
    name: { 'zh-CN': `功能组 ${f + 1}`, en: `Feature group ${f + 1}` },
    min: 0,
    max: OPTIONS_PER_FEATURE,
    options: Array.from({ length: OPTIONS_PER_FEATURE }, (_, o) => ({ sku: sku(f, o), default: o % 5 === 0, qtyPer: 'parent' as const })),
  }));
  const options = features.flatMap((f, fi) =>
    f.options.map((o, oi) => ({
      sku: o.sku,
      name: { 'zh-CN': `选件 ${fi + 1}-${oi + 1}`, en: `Option ${fi + 1}-${oi + 1}` },
      price: { model: 'flat' as const, list: `${100 + fi * 20 + oi}.00` },
    })),
  );
  const rules = Array.from({ length: 40 }, (_, i) => ({
    id: `R${i}`,
    kind: 'validate' as const,
    severity: 'warning' as const,
    when: { and: [{ '!!': { var: `selected.${sku(i % FEATURES, (i * 7) % OPTIONS_PER_FEATURE)}` } }, { '>': [{ var: 'qty' }, 50 + i] }] },
    message: { 'zh-CN': `规则 ${i}`, en: `Rule ${i}` },
  }));
  return {
    id: 'bench-options', currency: 'CNY', locale: 'zh-CN', taxes: [{ code: 'VAT13', rate: '13' }], defaultTaxCode: 'VAT13',
    products: [
      { sku: 'BIG', name: { 'zh-CN': '大型可配置产品', en: 'Big configurable product' }, price: { model: 'flat', list: '10000.00' }, qty: { min: '1', max: '100', default: '2' }, features },
      ...options,
    ],
    rules,
  } as unknown as Catalog;
}

// ---- DOM helpers: the elements are found as a user finds them, through their shadow roots ----

function deepAll<T extends Element>(root: ParentNode, selector: string): T[] {
  const out: T[] = [...root.querySelectorAll<T>(selector)];
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) out.push(...deepAll<T>(el.shadowRoot, selector));
  return out;
}

/**
 * The text a user reads, through shadow roots — not a <select>'s option list (the summary's line
 * chooser holds one option per line: walking 10,000 of them on every mutation made this harness,
 * not the kit, the long task of a 10,000-line edit).
 */
function deepText(root: Node): string {
  let s = '';
  for (const node of root.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) s += (node as Text).data;
    else if (node instanceof Element && !['STYLE', 'SCRIPT', 'SELECT'].includes(node.tagName)) s += deepText(node) + (node.shadowRoot ? deepText(node.shadowRoot) : '');
  }
  return s;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K): HTMLElementTagNameMap[K] {
  const el = document.querySelector(tag);
  if (!el) throw new Error(`<${tag}> is not on the bench page`);
  if (!customElements.get(tag)) throw new Error(`<${tag}> is not defined`);
  if (!el.shadowRoot) throw new Error(`<${tag}> has no shadow root`);
  return el;
}

const quoteEl = () => element('cpq-quote') as CpqQuote;

/**
 * Formatters by locale and decimals: the check below runs on every mutation of the summary inside
 * the timed window, and a new Intl.NumberFormat each time (ICU) would be the harness's cost, not
 * the kit's.
 */
const formats = new Map<string, Intl.NumberFormat>();

/** The total as the summary shows it: the priced total's digits, grouped for the locale. */
function shownTotal(): string {
  const q = quoteEl();
  const total = q.priced?.totals.total;
  if (!total) throw new Error('<cpq-quote> has no priced quote');
  const digits = (total.split('.')[1] ?? '').length;
  const locale = (q as unknown as { cpq?: CpqState }).cpq?.locale ?? 'zh-CN';
  const key = `${locale}|${digits}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return format.format(total as unknown as number).replace(/\s/g, '');
}

function summaryShows(figure: string): boolean {
  return deepText(element('cpq-quote-summary').shadowRoot!).replace(/\s/g, '').includes(figure);
}

const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
/** Resolves after the rendering of the frame that starts next (a task queued in its rAF runs after its paint). */
const endOfNextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(() => {
  const c = new MessageChannel();
  c.port1.onmessage = () => resolve(performance.now());
  c.port2.postMessage(0);
}));

async function setup(kind: Setup, n = 1000, worker = true): Promise<{ lines: number; rows: number }> {
  const q = quoteEl();
  // `worker: false`: every quote priced on the main thread, to compare with the Web Worker (issue 15).
  if (!worker) q.workerThreshold = Number.MAX_SAFE_INTEGER;
  if (kind === 'options') {
    q.catalog = optionCatalog();
    q.quote = { id: 'Q-BENCH-OPTIONS', date: '2026-11-28', currency: 'CNY', lines: [{ id: 'L1', sku: 'BIG', qty: '2' }] } as unknown as Quote;
  } else {
    const { catalog, quote } = linesCatalogAndQuote(n);
    q.catalog = catalog;
    q.quote = quote;
  }
  await q.updateComplete;
  // What the line editor or the picker does when a line is chosen: the configurator shows it.
  (q as unknown as { cpq?: CpqState }).cpq?.api.selectLine('L1');
  for (const tag of ['cpq-configurator', 'cpq-line-editor', 'cpq-quote-summary'] as const) await (element(tag) as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  await frame();
  await frame();
  if (!q.priced) throw new Error(`<cpq-quote> did not price the ${kind} quote`);
  if (!summaryShows(shownTotal())) {
    const shown = deepText(element('cpq-quote-summary').shadowRoot!).replace(/\s+/g, ' ').trim().slice(0, 120);
    throw new Error(`<cpq-quote-summary> does not show the quote total ${q.priced.totals.total} (it shows: "${shown}")`);
  }
  return { lines: q.quote.lines.length, rows: deepAll(element('cpq-line-editor').shadowRoot!, 'tr, [role=row], li').length };
}

/** One timed action's outcome: ms from the input to the end of the painted frame, and the long tasks around it. */
export interface Timing {
  ms: number;
  /** For a click, the time from its pointerdown (`ms` is from its pointerup). */
  fromPress?: number;
  longTasks: number[];
}

const INPUTS = ['keydown', 'pointerdown', 'wheel'] as const;
let armed: Promise<Timing> | undefined;

/**
 * Start watching for the next user input and what it causes (`total`: the summary showing a new
 * total; `frame`: the first frame after the keystroke's `input` event). `result()` gives the timing.
 */
function arm(expect: 'total' | 'frame', timeoutMs = 20_000): void {
  const before = shownTotal();
  const longTasks: number[] = [];
  const lt = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(Math.round(e.duration));
  });
  lt.observe({ type: 'longtask', buffered: false });
  armed = new Promise<Timing>((resolve, reject) => {
    let t0: number | undefined;
    /** A click's pointerdown, when the action began with one (`t0` then moves to its pointerup). */
    let pressed: number | undefined;
    let observer: MutationObserver | undefined;
    const timer = setTimeout(() => {
      observer?.disconnect();
      lt.disconnect();
      reject(new Error(`no ${expect === 'total' ? 'new total' : 'frame'} within ${timeoutMs} ms of the input (total still ${before})`));
    }, timeoutMs);
    const done = async (end: number) => {
      clearTimeout(timer);
      observer?.disconnect();
      // The timed window in a trace (the bench's BENCH_TRACE reads it): from the input to the frame's end.
      window.removeEventListener('pointerup', onRelease, true);
      performance.measure('cpq-bench-action', { start: t0!, end });
      // Long tasks the action left behind (a deferred preview, a worker's answer) are its cost too.
      await new Promise((r) => setTimeout(r, 300));
      lt.disconnect();
      resolve({ ms: end - t0!, ...(pressed !== undefined ? { fromPress: end - pressed } : {}), longTasks });
    };
    // A click changes nothing until it is released: it is timed from its pointerup (see above).
    const onRelease = (e: Event) => {
      if (pressed !== undefined && t0 === pressed) t0 = e.timeStamp;
    };
    const onInput = (e: Event) => {
      if (t0 !== undefined) return;
      t0 = e.timeStamp;
      if (e.type === 'pointerdown') {
        pressed = t0;
        window.addEventListener('pointerup', onRelease, true);
      }
      for (const type of INPUTS) window.removeEventListener(type, onInput, true);
      if (expect === 'frame') {
        // The keystroke's effect is in the page once its \`input\` event (or, for a key that types
        // nothing, its keyup) has been handled — listened to on the window in the bubbling phase,
        // after the field's own handlers; the frame that starts next paints it. (Waiting for a
        // task after the keydown instead, as this bench did until 2026-12-08, let that frame go
        // by and timed the one after it: 2.5 against 10.6 ms on a bare page with one input.)
        const typed = () => {
          window.removeEventListener('input', typed);
          window.removeEventListener('keyup', typed);
          void endOfNextFrame().then(done);
        };
        window.addEventListener('input', typed);
        window.addEventListener('keyup', typed);
        return;
      }
      const summary = element('cpq-quote-summary');
      const roots = [summary.shadowRoot!, ...deepAll(summary.shadowRoot!, '*').flatMap((el) => (el.shadowRoot ? [el.shadowRoot] : []))];
      const pricedBefore = quoteEl().priced?.totals.total;
      const check = () => {
        // The priced total first (a field read): the summary is read only once it moved.
        if (quoteEl().priced?.totals.total === pricedBefore) return;
        const now = shownTotal();
        if (now === before || !summaryShows(now)) return;
        observer!.disconnect();
        void endOfNextFrame().then(done);
      };
      observer = new MutationObserver(check);
      for (const root of roots) observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    };
    for (const type of INPUTS) window.addEventListener(type, onInput, true);
  });
}

/** Frame intervals (ms) while the driver scrolls with the wheel: collected from `startFrames` to `stopFrames`. */
let frames: { stamps: number[]; running: boolean } | undefined;
function startFrames(): void {
  frames = { stamps: [], running: true };
  const f = frames;
  const step = (now: number) => {
    f.stamps.push(now);
    if (f.running) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}
function stopFrames(): number[] {
  if (!frames) return [];
  frames.running = false;
  const s = frames.stamps;
  return s.slice(1).map((t, i) => t - s[i]!);
}

declare global {
  interface Window {
    cpqBench: {
      setup: typeof setup;
      arm: typeof arm;
      result(): Promise<Timing>;
      startFrames: typeof startFrames;
      stopFrames: typeof stopFrames;
      scroll(): { top: number; max: number };
    };
  }
}

window.cpqBench = {
  setup,
  arm,
  result: () => {
    if (!armed) return Promise.reject(new Error('arm() was not called'));
    return armed;
  },
  startFrames,
  stopFrames,
  scroll() {
    const s = element('cpq-line-editor').shadowRoot!.querySelector<HTMLElement>('[part~="scroller"]');
    return { top: s?.scrollTop ?? 0, max: s ? s.scrollHeight - s.clientHeight : 0 };
  },
};
