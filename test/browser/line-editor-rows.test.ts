// <cpq-line-editor> on a long quote (issue 15): an edit re-renders only the rows whose data
// changed — the edited line and the lines that depend on it (percent-of lines) — and nothing
// else, counted by the row template's test hook and by the DOM mutations under each row.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/index.js';
import type { CpqLineEditor } from '../../src/components/line-editor/line-editor.js';
import { rowRenders } from '../../src/components/line-editor/line-rows.js';
import { money } from '../../src/components/format.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import { priceQuote } from '../../src/pricing/index.js';
import type { Catalog, Quote, QuoteLine } from '../../src/types.js';
import { crmCatalog } from './support/catalogs.js';

interface Mounted { el: CpqQuote; editor: CpqLineEditor; root: ShadowRoot; catalog: Catalog }

const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

async function mount(quote: Quote): Promise<Mounted> {
  const catalog = await crmCatalog();
  const box = await fixture<HTMLElement>(html`<div style="width: 1000px">
    <cpq-quote .catalog=${catalog} .quote=${quote} mode="sales" locale="zh-CN"><cpq-line-editor></cpq-line-editor></cpq-quote></div>`);
  const el = box.querySelector('cpq-quote') as CpqQuote;
  const editor = el.querySelector('cpq-line-editor') as CpqLineEditor;
  await el.updateComplete;
  await editor.updateComplete;
  await frame();
  await editor.updateComplete;
  return { el, editor, root: editor.shadowRoot!, catalog };
}

/**
 * A 1,000-line quote whose first rows hold what an edit can disturb: percent-of lines (L1, L4)
 * of the subscriptions, two configured bundles (L2, L3, with option lines), and lines with
 * discounts that set off approvals and issues.
 */
function bigQuote(n: number): Quote {
  const head: QuoteLine[] = [
    { id: 'L1', sku: 'IMPL-STD', qty: '1' },
    { id: 'L2', sku: 'CRM-PRO', qty: '60', term: '12', options: [{ sku: 'ADDON-CPQ', qty: '1' }], discount: { percent: '5' } },
    { id: 'L3', sku: 'CRM-PRO', qty: '10', term: '12', options: [{ sku: 'ADDON-SSO', qty: '1' }] },
    { id: 'L4', sku: 'SUPPORT-PREMIUM', qty: '1' },
  ];
  const rest = Array.from({ length: n - head.length }, (_, i): QuoteLine => ({
    id: `L${i + 5}`, sku: i % 2 ? 'TRAIN-DAY' : 'HW-SCANNER', qty: String(1 + (i % 5)),
    ...(i % 3 === 0 ? { discount: { percent: '60' } } : {}),
  }));
  return { id: 'Q-BIG', date: '2026-11-28', lines: [...head, ...rest] };
}

/** The `data-unit` of every row whose DOM changed, or that was added, while `act` ran (text, attributes, children). */
async function changedUnits(m: Mounted, act: () => Promise<void>): Promise<Set<string>> {
  const units = new Set<string>();
  const table = m.root.querySelector('table')!;
  const note = (records: MutationRecord[]) => {
    for (const r of records) {
      const el = r.target instanceof Element ? r.target : r.target.parentElement;
      const unit = el?.closest<HTMLElement>('tr[data-unit]')?.dataset.unit;
      if (unit) units.add(unit);
      // Rows added to a section (rows leaving at the window's edge are no rendering).
      else for (const n of r.addedNodes) if (n instanceof HTMLElement) units.add(n.dataset.unit ?? n.tagName);
    }
  };
  const observer = new MutationObserver(note);
  observer.observe(table, { subtree: true, childList: true, characterData: true, attributes: true });
  await act();
  note(observer.takeRecords());
  observer.disconnect();
  return units;
}

/** Commit `value` in a line's control; which row templates ran and which rows' DOM changed. */
async function edit(m: Mounted, id: string, control: string, value: string) {
  const renders = new Set<string>();
  rowRenders.onRender = (line) => renders.add(line);
  let quote: Quote | undefined;
  const units = await changedUnits(m, async () => {
    const input = m.root.querySelector<HTMLInputElement>(`[data-id="${id}"][data-control="${control}"]`)!;
    const changed = oneEvent(m.el, 'cpq-quote-change');
    input.value = value;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    quote = (await changed).detail.quote;
    await m.el.updateComplete;
    await m.editor.updateComplete;
    await frame();
    await m.editor.updateComplete;
  });
  rowRenders.onRender = undefined;
  return { rendered: [...renders].sort(), units: [...units].sort(), quote: quote! };
}

const netText = (root: ShadowRoot, id: string) => root.querySelector(`tr[data-line="${id}"] .c-net`)!.textContent!.trim();

describe('<cpq-line-editor> rows', () => {
  afterEach(() => { rowRenders.onRender = undefined; });

  it('re-renders only the edited line and the lines that depend on it, on a 1,000-line quote', async function () {
    this.timeout(30_000);
    const m = await mount(bigQuote(1000));
    const shown = [...m.root.querySelectorAll<HTMLElement>('tr.line')].map((r) => r.dataset.line!);
    expect(shown, 'the first rows and the dependants are rendered').to.include.members(['L1', 'L2', 'L3', 'L4', 'L5', 'L10']);
    expect(m.root.querySelectorAll('tr.child').length, 'bundles show their option lines').to.be.greaterThan(1);
    expect(m.root.querySelectorAll('tr.messages').length, 'lines with messages are among them').to.be.greaterThan(1);
    for (const qty of ['25', '30']) {
      const { rendered, units, quote } = await edit(m, 'L3', 'qty', qty);
      expect(rendered, `row templates run (qty ${qty})`).to.deep.equal(['L1', 'L3', 'L4']);
      expect(units, `rows whose DOM changed (qty ${qty})`).to.deep.equal(['l:L1', 'l:L3', 'l:L4']);
      // The figures shown are those of pricing the edited quote from scratch.
      const fresh = priceQuote(m.catalog, quote);
      for (const id of ['L1', 'L3', 'L4', 'L2', 'L5']) {
        const line = fresh.lines.find((l) => l.id === id)!;
        expect(netText(m.root, id), id).to.contain(money(line.netAmount, fresh.currency, 'zh-CN'));
      }
    }
    // A line with messages: its discount re-renders it alone (nothing depends on a scanner line).
    const { rendered, units, quote } = await edit(m, 'L5', 'discount', '10');
    expect(rendered).to.deep.equal(['L5']);
    expect(units).to.deep.equal(['l:L5']);
    const fresh = priceQuote(m.catalog, quote);
    expect(netText(m.root, 'L5')).to.contain(money(fresh.lines.find((l) => l.id === 'L5')!.netAmount, fresh.currency, 'zh-CN'));
  });

  it('an option chosen ahead of another inserts its row: the other option rows keep their DOM, no text rewritten', async () => {
    const m = await mount(bigQuote(20));
    const childIds = () => [...m.root.querySelectorAll<HTMLElement>('tr.child[data-parent="L3"]')].map((r) => r.dataset.line!);
    const before = childIds();
    expect(before.length, 'L3 shows its option line').to.equal(1);
    const kept = m.root.querySelector<HTMLElement>(`tr.child[data-line="${before[0]}"]`)!;
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((r) => records.push(...r));
    observer.observe(kept, { subtree: true, childList: true, characterData: true, attributes: true });
    const quote = m.el.quote!;
    m.el.quote = { ...quote, lines: quote.lines.map((l) => (l.id === 'L3' ? { ...l, options: [{ sku: 'ADDON-CPQ', qty: '1' }, { sku: 'ADDON-SSO', qty: '1' }] } : l)) };
    await m.el.updateComplete;
    await m.editor.updateComplete;
    await frame();
    await m.editor.updateComplete;
    records.push(...observer.takeRecords());
    observer.disconnect();
    const after = childIds();
    expect(after.length, 'the new option line is shown').to.equal(2);
    expect(after.indexOf(before[0]!), 'ahead of the option line there was').to.equal(1);
    expect(m.root.querySelector(`tr.child[data-line="${before[0]}"]`), 'the same row element').to.equal(kept);
    expect(records.map((r) => `${r.type} ${(r.target as Element).className ?? r.target.nodeName}`), 'nothing in it rewritten').to.deep.equal([]);
  });
});
