// <cpq-line-editor>'s layout (issue 14): the columns a mode shows and the column chooser, the card
// layout below the width the columns need (the editor's own width, not the viewport), the frozen
// product column, and row virtualization of long quotes with the keyboard and focus kept.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/index.js';
import type { CpqLineEditor } from '../../src/components/line-editor/line-editor.js';
import { fitTier, shownColumns, tableWidth } from '../../src/components/line-editor/columns.js';
import { sliceFor } from '../../src/components/line-editor/row-window.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import type { Catalog, Quote } from '../../src/types.js';
import { crmCatalog, quoteFixture } from './support/catalogs.js';

interface Mounted { el: CpqQuote; editor: CpqLineEditor; root: ShadowRoot; box: HTMLElement }

async function mount(quote: Quote, opts: { width?: string; mode?: string; locale?: string; columns?: string; readonly?: boolean; catalog?: Catalog } = {}): Promise<Mounted> {
  const catalog = opts.catalog ?? (await crmCatalog());
  const box = await fixture<HTMLElement>(html`<div style="width: ${opts.width ?? '1000px'}">
    <cpq-quote .catalog=${catalog} .quote=${quote} mode=${opts.mode ?? 'sales'} locale=${opts.locale ?? 'zh-CN'} ?readonly=${opts.readonly ?? false}>
      <cpq-line-editor></cpq-line-editor></cpq-quote></div>`);
  const el = box.querySelector('cpq-quote') as CpqQuote;
  const editor = el.querySelector('cpq-line-editor') as CpqLineEditor;
  if (opts.columns !== undefined) editor.setAttribute('columns', opts.columns);
  await el.updateComplete;
  await editor.updateComplete;
  await frame();
  return { el, editor, root: editor.shadowRoot!, box };
}

const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
const settle = async (m: Mounted) => {
  await m.el.updateComplete;
  await m.editor.updateComplete;
  await frame();
  await m.editor.updateComplete;
};
const headers = (root: ShadowRoot) => [...root.querySelectorAll('table[part="table"] > thead th')].map((th) => th.textContent!.trim());
const scroller = (root: ShadowRoot) => root.querySelector<HTMLElement>('[part~=scroller]')!;
const control = (root: ShadowRoot, id: string, name: string) => root.querySelector<HTMLInputElement>(`[data-id="${id}"][data-control="${name}"]`);
const lineIds = (root: ShadowRoot) => [...root.querySelectorAll<HTMLElement>('tr.line')].map((r) => r.dataset.line!);
const cards = (root: ShadowRoot) => getComputedStyle(root.querySelector('tr.line')!).display === 'grid';
const inside = (r: DOMRect, box: DOMRect) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;

/** The element at a point, through the shadow roots. */
function deepPoint(x: number, y: number): Element | null {
  let el = document.elementFromPoint(x, y);
  while (el?.shadowRoot) {
    const inner = el.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === el) break;
    el = inner;
  }
  return el;
}

/** Latin words of `root`'s text that are broken across lines. */
function splitWords(root: ShadowRoot): string[] {
  const out: string[] = [];
  const it = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = it.nextNode(); n; n = it.nextNode()) {
    const node = n as Text;
    if (node.parentElement?.closest('.sr-only, option')) continue;
    for (const m of node.data.matchAll(/[A-Za-z0-9][A-Za-z0-9'’.,]*[A-Za-z0-9]/g)) {
      const range = document.createRange();
      range.setStart(node, m.index!);
      range.setEnd(node, m.index! + m[0].length);
      if (new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top / 3))).size > 1) out.push(m[0]);
    }
  }
  return out;
}

/** Every line control inside the editor (and the scroller), the names visible, no word split, no sideways scroll. */
function expectFits(m: Mounted) {
  const box = m.editor.getBoundingClientRect();
  const sc = scroller(m.root);
  expect(sc.scrollWidth, 'the table does not scroll sideways').to.be.at.most(sc.clientWidth + 1);
  // Across: every control inside the editor (up and down, a long quote's scroller shows some rows at a time).
  for (const c of m.root.querySelectorAll<HTMLElement>('tr.line input, tr.line button, tr.line select')) {
    const r = c.getBoundingClientRect();
    expect(r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.width > 0, `${c.getAttribute('aria-label') ?? c.textContent} inside the editor`).to.equal(true);
  }
  for (const name of m.root.querySelectorAll<HTMLElement>('tr.line .name, tr.child .name')) {
    name.scrollIntoView({ block: 'center' });
    const r = name.getBoundingClientRect();
    const hit = deepPoint(r.left + Math.min(10, r.width / 2), r.top + r.height / 2);
    expect(hit === name || name.contains(hit), `${name.textContent} visible`).to.equal(true);
  }
  expect(splitWords(m.root)).to.deep.equal([]);
}

const bigQuote = (n: number): Quote => ({
  id: 'Q-BIG', date: '2026-11-28',
  lines: Array.from({ length: n }, (_, i) => ({ id: `L${i + 1}`, sku: i % 2 ? 'TRAIN-DAY' : 'HW-SCANNER', qty: String(1 + (i % 5)) })),
});

describe('<cpq-line-editor> layout', () => {
  it('shows the mode\'s default columns, the host\'s, and the ones the user chooses (cpq-columns-change)', async () => {
    const quote = await quoteFixture('crm-pro-120');
    const sales = await mount(quote);
    expect(headers(sales.root)).to.deep.equal(['产品', '数量', '期限', '目录单价', '折扣', '净额', '操作']);
    expect(sales.root.querySelector('[data-control=optional], [data-control=group]')).to.equal(null);
    const self = await mount(quote, { mode: 'self-service', locale: 'en' });
    expect(headers(self.root)).to.deep.equal(['Product', 'Quantity', 'Term', 'List unit price', 'Net amount', 'Actions']);
    // The host's columns (an attribute or the property), discount never in self-service.
    const chosen = await mount(quote, { mode: 'self-service', locale: 'en', columns: 'net, qty discount optional bogus' });
    expect(headers(chosen.root)).to.deep.equal(['Product', 'Quantity', 'Net amount', 'Optional']);
    // The chooser: a toggle button per column; a click shows or hides it and tells the host.
    const m = sales;
    const summary = m.root.querySelector<HTMLElement>('[part~=columns] summary')!;
    summary.click();
    await settle(m);
    const toggle = (id: string) => m.root.querySelector<HTMLButtonElement>(`button[data-column="${id}"]`)!;
    expect(toggle('group').getAttribute('aria-pressed')).to.equal('false');
    expect(toggle('qty').getAttribute('aria-pressed')).to.equal('true');
    await expect(m.editor).to.be.accessible();
    let event = oneEvent(m.editor, 'cpq-columns-change');
    toggle('group').click();
    expect((await event).detail.columns).to.deep.equal(['qty', 'term', 'list', 'discount', 'net', 'group', 'actions']);
    await settle(m);
    expect(headers(m.root)).to.include('分组');
    expect(control(m.root, 'L1', 'group')).to.not.equal(null);
    event = oneEvent(m.editor, 'cpq-columns-change');
    toggle('term').click();
    expect((await event).detail.columns).to.not.include('term');
    await settle(m);
    expect(headers(m.root)).to.not.include('期限');
    // Reset: back to the mode's defaults, and the host is told to forget.
    event = oneEvent(m.editor, 'cpq-columns-change');
    m.root.querySelector<HTMLButtonElement>('button[data-column=""]')!.click();
    expect((await event).detail.columns).to.equal(null);
    await settle(m);
    expect(headers(m.root)).to.deep.equal(['产品', '数量', '期限', '目录单价', '折扣', '净额', '操作']);
    // A read-only quote keeps the chooser (a view choice), not one of the quote's inputs.
    const ro = await mount(quote, { readonly: true });
    expect(ro.root.querySelector<HTMLButtonElement>('button[data-column="qty"]')!.disabled).to.equal(false);
  });

  it('shows an optional line as such when the optional column is hidden', async () => {
    const base = await quoteFixture('crm-pro-120');
    const quote = { ...base, lines: base.lines.map((l) => (l.id === 'L2' ? { ...l, optional: true } : l)) };
    const m = await mount(quote, { locale: 'en' });
    expect(m.root.querySelector('tr[data-line="L2"] .name')!.textContent).to.contain('Optional');
    expect(m.root.querySelector('tr[data-line="L1"] .name')!.textContent).to.not.contain('Optional');
  });

  it('shows cards below the width its columns need: its own width, not the viewport\'s', async () => {
    await setViewport({ width: 1400, height: 900 });
    const quote = await quoteFixture('crm-pro-120');
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const need = fitTier(shownColumns(undefined, 'sales')) * rem;
    expect(tableWidth(shownColumns(undefined, 'sales'))).to.be.at.most(fitTier(shownColumns(undefined, 'sales')));
    const wide = await mount(quote, { width: `${need + 20}px` });
    expect(cards(wide.root), 'a table where the columns fit').to.equal(false);
    expect(getComputedStyle(wide.root.querySelector('thead')!).display).to.not.equal('none');
    expectFits(wide);
    await expect(wide.editor).to.be.accessible();
    // Every column needs more: the same width shows cards.
    const all = await mount(quote, { width: `${need + 20}px`, columns: 'qty term list discount net optional group actions' });
    expect(cards(all.root)).to.equal(true);
    expectFits(all);
    // Narrower than the defaults need: cards, in both modes and locales, down to a phone's width.
    for (const [width, mode, locale] of [[`${need - 20}px`, 'sales', 'zh-CN'], ['300px', 'sales', 'en'], ['300px', 'self-service', 'en'], ['240px', 'self-service', 'zh-CN']] as const) {
      const m = await mount(quote, { width, mode, locale });
      expect(cards(m.root), `${width} ${mode}`).to.equal(true);
      expect(m.root.querySelector('thead')!.getClientRects().length, 'no header row').to.equal(0);
      expectFits(m);
      // Each field is labelled where it is (the column's name above it).
      const qtyCell = control(m.root, 'L1', 'qty')!.closest('td')!;
      expect(getComputedStyle(qtyCell, '::before').content).to.contain(locale === 'en' ? 'Quantity' : '数量');
      await expect(m.editor).to.be.accessible();
    }
    // The viewport was wider than the table needs throughout: only the editor's width decided.
    expect(innerWidth).to.be.greaterThan(need + 20);
  });

  it('keeps the product column in view when a host makes the table scroll sideways', async () => {
    const style = document.createElement('style');
    // A host that wants a wider table than the editor's width (its columns still fit: a table, not cards).
    style.textContent = '.wide-table cpq-line-editor::part(table) { min-width: 75rem; }';
    document.head.append(style);
    try {
      const m = await mount(await quoteFixture('crm-pro-120'), { width: '1000px' });
      m.box.classList.add('wide-table');
      await frame();
      const sc = scroller(m.root);
      expect(sc.scrollWidth).to.be.greaterThan(sc.clientWidth + 100);
      // Focus on the last control of a row scrolls the table to its end, as Tab does.
      m.root.querySelector<HTMLElement>('[data-id="L1"][data-control="remove"]')!.focus();
      sc.scrollLeft = sc.scrollWidth;
      await frame();
      expect(sc.scrollLeft).to.be.greaterThan(100);
      expect(getComputedStyle(m.root.querySelector('tr.line')!).display, 'a table').to.equal('table-row');
      for (const name of m.root.querySelectorAll<HTMLElement>('tr.line .name, tr.child .name')) {
        const r = name.getBoundingClientRect();
        expect(r.left, `${name.textContent} at the scroller's start`).to.be.within(sc.getBoundingClientRect().left, sc.getBoundingClientRect().left + 60);
        const hit = deepPoint(r.left + 5, r.top + r.height / 2);
        expect(hit === name || name.contains(hit), `${name.textContent} not covered`).to.equal(true);
      }
      // A scroller that scrolls is reachable from the keyboard even with nothing to focus in it.
      await expect(m.editor).to.be.accessible();
    } finally {
      style.remove();
    }
  });

  it('renders only the rows in view of a 1,000-line quote, and any line on scrolling to it', async () => {
    const m = await mount(bigQuote(1000));
    const sc = scroller(m.root);
    expect(sc.getAttribute('tabindex')).to.equal('0');
    expect(sc.getAttribute('aria-label')).to.contain('报价行');
    const rendered = lineIds(m.root);
    expect(rendered.length).to.be.within(5, 80);
    expect(rendered[0]).to.equal('L1');
    expect(sc.scrollHeight, 'spacers stand for the rest').to.be.greaterThan(1000 * 30);
    // Scrolling to the end renders the last lines (and not the first).
    sc.scrollTop = sc.scrollHeight;
    await settle(m);
    sc.scrollTop = sc.scrollHeight;
    await settle(m);
    expect(lineIds(m.root)).to.include('L1000').and.not.include('L1');
    expect(lineIds(m.root).length).to.be.within(5, 80);
    // Any line by id, rendered and in view.
    await m.editor.scrollToLine('L500');
    const row = m.root.querySelector<HTMLElement>('tr[data-line="L500"]')!;
    expect(inside(row.getBoundingClientRect(), sc.getBoundingClientRect()), 'L500 in view').to.equal(true);
    await expect(m.editor).to.be.accessible();
  });

  it('a 1,000-line edit that keeps every line in place: the same key list, the height estimates not rebuilt, the new figure shown', async () => {
    const m = await mount(bigQuote(1000));
    await settle(m);
    const inner = m.editor as unknown as { keyList: { keys: readonly string[] }; rows: { rebuilds: number } };
    const keys = inner.keyList.keys;
    expect(keys.length).to.be.at.least(1000);
    const rebuilds = inner.rows.rebuilds;
    const lines = m.el.quote.lines;
    m.el.quote = { ...m.el.quote, lines: lines.map((l, i) => (i === 0 ? { ...l, qty: String(Number((l as { qty?: string }).qty ?? '1') + 1) } : l)) };
    await m.el.updateComplete;
    await m.editor.updateComplete;
    expect(inner.keyList.keys, 'the same key list object').to.equal(keys);
    expect(inner.rows.rebuilds, 'no new list of 1,000 height estimates').to.equal(rebuilds);
    expect(control(m.root, 'L1', 'qty')!.value).to.equal(String(Number((lines[0] as { qty?: string }).qty ?? '1') + 1));
    // A line removed: a new key list, without the line's key.
    m.el.quote = { ...m.el.quote, lines: m.el.quote.lines.slice(1) };
    await settle(m);
    expect(inner.keyList.keys).to.not.equal(keys);
    expect(inner.keyList.keys).to.not.include('l:L1');
    expect(inner.rows.rebuilds).to.be.greaterThan(rebuilds);
  });

  it('keeps Tab walking the rows and the focused line rendered when it scrolls out of view', async function () {
    this.timeout(40_000);
    const m = await mount(bigQuote(1000));
    const sc = scroller(m.root);
    const firstRendered = Math.max(...lineIds(m.root).map((id) => Number(id.slice(1))));
    // Tab from the first line's quantity goes through the following lines' controls, in order,
    // past the rows first rendered (the browser scrolls each focused control into view).
    control(m.root, 'L1', 'qty')!.focus();
    const seen: string[] = [];
    // Each line has 9 stops in sales mode: select, description, quantity, discount kind, discount, clone, up, down, remove.
    for (let i = 0; i < 9 * (firstRendered + 10); i++) {
      await sendKeys({ press: 'Tab' });
      await frame();
      const active = m.root.activeElement as HTMLElement | null;
      expect(active?.dataset.id, `Tab ${i + 1} stays in the lines`).to.be.a('string');
      if (active!.dataset.control === 'qty') seen.push(active!.dataset.id!);
    }
    const numbers = seen.map((id) => Number(id.slice(1)));
    expect(numbers).to.deep.equal(numbers.map((_, i) => i + 2));
    expect(numbers.at(-1), 'past the rows first rendered').to.be.greaterThan(firstRendered);
    expect(lineIds(m.root), 'the first rows are gone').to.not.include('L1');
    // The focused line stays rendered (and focused) when the user scrolls far away with the wheel.
    await m.editor.scrollToLine('L3');
    const focused = control(m.root, 'L3', 'qty')!;
    focused.focus();
    sc.scrollTop = sc.scrollHeight / 2;
    await settle(m);
    expect(lineIds(m.root)).to.include('L3');
    expect(m.root.activeElement).to.equal(focused);
    // Typing still edits it.
    const changed = oneEvent(m.el, 'cpq-quote-change');
    focused.select();
    await sendKeys({ type: '9' });
    await sendKeys({ press: 'Enter' });
    expect((await changed).detail.quote.lines[2]!.qty).to.equal('9');
    await settle(m);
    // Alt+↓ moves it and keeps the focus on it.
    const moved = oneEvent(m.el, 'cpq-quote-change');
    await sendKeys({ down: 'Alt' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ up: 'Alt' });
    expect((await moved).detail.quote.lines.map((l: { id: string }) => l.id).slice(0, 4)).to.deep.equal(['L1', 'L2', 'L4', 'L3']);
    await settle(m);
    expect(m.root.activeElement).to.equal(control(m.root, 'L3', 'qty'));
    // Once the focus leaves the lines, the row is no longer kept.
    (m.root.activeElement as HTMLElement).blur();
    sc.scrollTop = sc.scrollHeight / 2 + 100;
    await settle(m);
    expect(lineIds(m.root)).to.not.include('L3');
  });

  it('a read-only long quote: the scroller is focusable; cards when narrow', async () => {
    const m = await mount(bigQuote(300), { readonly: true, width: '320px', mode: 'self-service', locale: 'en' });
    expect(cards(m.root)).to.equal(true);
    expect(scroller(m.root).getAttribute('tabindex')).to.equal('0');
    expect(lineIds(m.root).length).to.be.within(3, 60);
    expectFits(m);
    await expect(m.editor).to.be.accessible();
  });

  it('slices: the view, the overscan and the pinned items', () => {
    const h = Array.from({ length: 100 }, () => 10);
    // View 200–300 px with 50 px overscan: items 15–35, three more each way.
    const s = sliceFor(h, 200, 100, 50, [], 3);
    expect(s.runs).to.deep.equal([{ from: 12, to: 38, gapBefore: 120 }]);
    expect(s.gapAfter).to.equal(620);
    // A pinned item far away is rendered too, with gaps around it.
    const p = sliceFor(h, 200, 100, 50, [90], 3);
    expect(p.runs).to.deep.equal([{ from: 12, to: 38, gapBefore: 120 }, { from: 90, to: 91, gapBefore: 520 }]);
    expect(p.gapAfter).to.equal(90);
    // The whole height is kept: rendered + gaps.
    for (const slice of [s, p]) {
      const rendered = slice.runs.reduce((sum, r) => sum + (r.to - r.from) * 10 + r.gapBefore, 0);
      expect(rendered + slice.gapAfter).to.equal(1000);
    }
  });
});
