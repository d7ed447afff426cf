// The interaction bench page (driven by bench/browser.bench.ts in Chromium). `?scenario=option`
// loads a generated product with 200 options and clicks options in <cpq-configurator>;
// `?scenario=quantity` loads a 1,000-line quote and edits a quantity in <cpq-line-editor>;
// `?scenario=scroll` scrolls that quote's line editor 120 px a frame, end to end and back.
// Each run is timed in the page from the dispatch of the user's action to the end of the
// rendering of the frame in which <cpq-quote-summary> shows the new total.
import '../../src/index.js';
import type { Catalog, CpqQuote, CpqState, Quote } from '../../src/index.js';

type Scenario = 'option' | 'quantity' | 'scroll';

const FEATURES = 10;
const OPTIONS_PER_FEATURE = 20;
const LINES = 1000;

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

/** 50 products (flat and tiered) and a quote with 1,000 lines of them. */
function linesCatalogAndQuote(): { catalog: Catalog; quote: Quote } {
  const products = Array.from({ length: 50 }, (_, i) => ({
    sku: `P-${i}`,
    name: { 'zh-CN': `产品 ${i}`, en: `Product ${i}` },
    qty: { min: '1', max: '10000', default: '1' },
    price: i % 2
      ? { model: 'flat', list: `${(i + 1) * 10}.50` }
      : { model: 'tiered', tiers: [{ upTo: '10', unit: `${i + 20}.00` }, { upTo: null, unit: `${i + 15}.00` }] },
  }));
  const lines = Array.from({ length: LINES }, (_, i) => ({ id: `L${i + 1}`, sku: `P-${i % 50}`, qty: String(1 + (i % 7)) }));
  return {
    catalog: { id: 'bench-lines', currency: 'CNY', locale: 'zh-CN', taxes: [{ code: 'VAT13', rate: '13' }], defaultTaxCode: 'VAT13', products } as unknown as Catalog,
    quote: { id: 'Q-BENCH-LINES', date: '2026-11-28', currency: 'CNY', lines } as unknown as Quote,
  };
}

// ---- DOM helpers: the elements are found as a user finds them, through their shadow roots ----

function deepAll<T extends Element>(root: ParentNode, selector: string): T[] {
  const out: T[] = [...root.querySelectorAll<T>(selector)];
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) out.push(...deepAll<T>(el.shadowRoot, selector));
  return out;
}

function deepText(root: Node): string {
  let s = '';
  for (const node of root.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) s += (node as Text).data;
    else if (node instanceof Element && !['STYLE', 'SCRIPT'].includes(node.tagName)) s += deepText(node) + (node.shadowRoot ? deepText(node.shadowRoot) : '');
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

/** The total as the summary shows it: the priced total's digits, grouped for the locale. */
function shownTotal(): string {
  const q = quoteEl();
  const total = q.priced?.totals.total;
  if (!total) throw new Error('<cpq-quote> has no priced quote');
  const digits = (total.split('.')[1] ?? '').length;
  const locale = (q as unknown as { cpq?: CpqState }).cpq?.locale ?? 'zh-CN';
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(total as unknown as number).replace(/\s/g, '');
}

function summaryShows(figure: string): boolean {
  return deepText(element('cpq-quote-summary').shadowRoot!).replace(/\s/g, '').includes(figure);
}

const frame = () => new Promise<number>((r) => requestAnimationFrame(r));

/**
 * Time one action: dispatched at the start of a frame (inside requestAnimationFrame, so no idle
 * wait for vsync is counted), ended by the first task after the rendering (style, layout, paint)
 * of the frame in which the summary shows the new total. A double rAF would add one whole idle
 * frame (16.7 ms) to every figure; a MessageChannel task queued during the frame runs right
 * after that frame's rendering.
 */
function timeAction(action: () => void, timeoutMs = 5000): Promise<number> {
  const summary = element('cpq-quote-summary');
  const before = shownTotal();
  return new Promise((resolve, reject) => {
    requestAnimationFrame(() => {
      let inFrame = true;
      const afterFrame = new MessageChannel();
      afterFrame.port1.onmessage = () => (inFrame = false);
      afterFrame.port2.postMessage(0);
      const roots = [summary.shadowRoot!, ...deepAll(summary.shadowRoot!, '*').flatMap((e) => (e.shadowRoot ? [e.shadowRoot] : []))];
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`the summary did not show a new total within ${timeoutMs} ms (still ${before}; priced ${quoteEl().priced?.totals.total})`));
      }, timeoutMs);
      const finish = () => {
        const end = new MessageChannel();
        end.port1.onmessage = () => resolve(performance.now() - t0);
        end.port2.postMessage(0);
      };
      const check = () => {
        const now = shownTotal();
        if (now === before || !summaryShows(now)) return;
        observer.disconnect();
        clearTimeout(timer);
        // Shown during this frame's update: ends after this frame's rendering; later: the next one.
        if (inFrame) finish();
        else requestAnimationFrame(finish);
      };
      const observer = new MutationObserver(check);
      for (const root of roots) observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
      const t0 = performance.now();
      action();
    });
  });
}

/** Candidates in order; the first whose action changes the total within a second is used. */
async function firstWorking<T>(candidates: T[], act: (c: T) => void, what: string): Promise<T> {
  for (const c of candidates.slice(0, 12)) {
    try {
      await timeAction(() => act(c), 1000);
      return c;
    } catch {
      // This one did not change the total: try the next.
    }
  }
  throw new Error(`${candidates.length} ${what} found, none of the first ${Math.min(12, candidates.length)} changed the total shown by <cpq-quote-summary>`);
}

async function setup(scenario: Scenario): Promise<void> {
  const q = quoteEl();
  if (scenario === 'option') {
    q.catalog = optionCatalog();
    q.quote = { id: 'Q-BENCH-OPTIONS', date: '2026-11-28', currency: 'CNY', lines: [{ id: 'L1', sku: 'BIG', qty: '2' }] } as unknown as Quote;
  } else {
    const { catalog, quote } = linesCatalogAndQuote();
    q.catalog = catalog;
    q.quote = quote;
  }
  await q.updateComplete;
  // What the line editor or the picker does when a line is chosen: the configurator shows it.
  (q as unknown as { cpq?: CpqState }).cpq?.api.selectLine('L1');
  for (const tag of ['cpq-configurator', 'cpq-line-editor', 'cpq-quote-summary'] as const) await (element(tag) as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  await frame();
  await frame();
  if (!q.priced) throw new Error(`<cpq-quote> did not price the ${scenario} quote`);
  if (!summaryShows(shownTotal())) {
    const shown = deepText(element('cpq-quote-summary').shadowRoot!).replace(/\s+/g, ' ').trim().slice(0, 120);
    throw new Error(`<cpq-quote-summary> does not show the quote total ${q.priced.totals.total} (it shows: "${shown}")`);
  }
}

/** Option click → total painted, `runs` times (after 3 warm-up clicks); ms each. */
async function optionRuns(runs: number): Promise<number[]> {
  const configurator = element('cpq-configurator');
  const inputs = deepAll<HTMLElement>(
    configurator.shadowRoot!,
    'input[type=checkbox]:not(:disabled), input[type=radio]:not(:disabled), [role=checkbox]:not([aria-disabled=true]), [role=menuitemcheckbox], [role=switch]',
  );
  if (inputs.length === 0) throw new Error('<cpq-configurator> shows no option checkbox, radio or switch for the 200-option product');
  const option = await firstWorking(inputs, (el) => el.click(), 'option controls');
  const times: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const t = await timeAction(() => option.click());
    if (i >= 3) times.push(t);
  }
  return times;
}

/** Quantity edit → total painted on the 1,000-line quote; ms each. */
async function quantityRuns(runs: number): Promise<number[]> {
  const editor = element('cpq-line-editor');
  const inputs = deepAll<HTMLInputElement>(editor.shadowRoot!, 'input').filter((i) =>
    !i.disabled && !i.readOnly && (i.type === 'number' || /numeric|decimal/.test(i.inputMode) || /qty|quantity|数量/i.test(`${i.name} ${i.id} ${i.getAttribute('aria-label') ?? ''} ${i.className}`)),
  );
  if (inputs.length === 0) throw new Error('<cpq-line-editor> shows no quantity input for the 1,000-line quote');
  // Inputs that say they are a quantity first (name, label or data attribute), then the others.
  const saysQty = (i: HTMLInputElement) => /qty|quantity|数量/i.test(`${i.name} ${i.id} ${i.getAttribute('aria-label') ?? ''} ${Object.values(i.dataset).join(' ')}`);
  inputs.sort((a, b) => Number(saysQty(b)) - Number(saysQty(a)));
  let next = 0;
  const edit = (input: HTMLInputElement) => {
    input.value = String(20 + (next++ % 2) * 5);
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  };
  const input = await firstWorking(inputs, edit, 'quantity inputs');
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t = await timeAction(() => edit(input));
    if (i >= 2) times.push(t);
  }
  return times;
}

/**
 * Scrolling the 1,000-line quote: every frame moves the line editor's scroller 120 px (a wheel
 * notch), end to end and back, `runs` passes after a warm-up pass. Each figure is the time
 * between two frames (requestAnimationFrame timestamps): the scroll event's work, the rows
 * brought into view, style, layout and paint all happen in between, so at 60 fps every interval
 * is one vsync (16.7 ms) and a frame that overran shows as 33 ms or more.
 */
async function scrollRuns(runs: number): Promise<number[]> {
  const editor = element('cpq-line-editor');
  const scroller = editor.shadowRoot!.querySelector<HTMLElement>('[part~="scroller"]');
  if (!scroller) throw new Error('<cpq-line-editor> has no scroller part');
  const max = scroller.scrollHeight - scroller.clientHeight;
  if (max <= 0) throw new Error('the 1,000-line quote does not scroll inside <cpq-line-editor>');
  const positions: number[] = [];
  for (let pass = 0; pass <= runs; pass++) {
    const down = pass % 2 === 0;
    for (let y = 0; y <= max; y += 120) positions.push(down ? y : max - y);
  }
  const warmUp = Math.ceil(max / 120) + 1;
  return new Promise((resolve) => {
    const stamps: number[] = [];
    let i = 0;
    const step = (now: number) => {
      stamps.push(now);
      if (i === positions.length) {
        resolve(stamps.slice(warmUp + 1).map((t, k) => t - stamps[warmUp + k]!));
        return;
      }
      scroller.scrollTop = positions[i++]!;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
}

declare global {
  interface Window {
    cpqBench: { run(scenario: Scenario, runs: number): Promise<{ times: number[]; lines: number; rows: number }> };
  }
}

window.cpqBench = {
  async run(scenario, runs) {
    await setup(scenario);
    const times = scenario === 'option' ? await optionRuns(runs) : scenario === 'quantity' ? await quantityRuns(runs) : await scrollRuns(runs);
    const rows = deepAll(element('cpq-line-editor').shadowRoot!, 'tr, [role=row], li').length;
    return { times, lines: quoteEl().quote.lines.length, rows };
  },
};
