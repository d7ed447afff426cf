// Building a ramp deal in <cpq-line-editor> without JSON (issue 16, item 5), in Chromium: each
// period's price typed in the schedule (sales mode only), periods added and removed by keyboard
// with the focus kept meaningful, the whole ramp removed from its row, "Make a ramp…" on a term
// line. Every priced result equals priceQuote of the quote cpq-kit/contract's ramp functions make.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { CpqLineEditor } from '../../src/components/line-editor/line-editor.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import type { CpqApi } from '../../src/components/context.js';
import { addRampSegment, makeRamp, rampLines, removeRampSegment, setRampSegment } from '../../src/contract/index.js';
import { priceQuote } from '../../src/pricing/index.js';
import { Dec } from '../../src/core/decimal.js';
import { money } from '../../src/components/format.js';
import type { Catalog, Quote } from '../../src/types.js';

const catalog: Catalog = {
  id: 'seats', currency: 'CNY', locale: 'en', taxes: [{ code: 'V13', rate: '13' }], defaultTaxCode: 'V13',
  products: [
    { sku: 'SEAT', name: { en: 'CRM seat', 'zh-CN': 'CRM 席位' }, term: { unit: 'month', min: '1', max: '60', default: '12' }, price: { model: 'flat', list: '65.00' } },
    { sku: 'SETUP', name: { en: 'Setup', 'zh-CN': '实施' }, price: { model: 'flat', list: '500.00' } },
  ],
};
const ok = <T>(r: { ok: true; value: T } | { ok: false; errors: unknown[] }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};
const start = (): Quote => ({ id: 'Q-R', date: '2026-12-01', lines: [
  ...ok(rampLines({ id: 'R1', sku: 'SEAT' }, '2027-01-01', [{ term: 12, qty: 100 }, { term: 12, qty: 150 }])),
  { id: 'S1', sku: 'SETUP', qty: '1' },
] });

interface Mounted { el: CpqQuote; editor: CpqLineEditor; root: ShadowRoot }
async function mount(locale: string, mode: 'sales' | 'self-service', quote: Quote = start()): Promise<Mounted> {
  const box = await fixture<HTMLElement>(html`<div style="width: 1100px">
    <cpq-quote .catalog=${catalog} .quote=${quote} mode=${mode} locale=${locale}><cpq-line-editor></cpq-line-editor></cpq-quote></div>`);
  const el = box.querySelector('cpq-quote') as CpqQuote;
  const editor = el.querySelector('cpq-line-editor') as CpqLineEditor;
  await settle({ el, editor });
  return { el, editor, root: editor.shadowRoot! };
}
async function settle(m: { el: CpqQuote; editor: CpqLineEditor }): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await m.el.updateComplete;
    await m.editor.updateComplete;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }
}
/** The API the elements use (the context `<cpq-quote>` provides). */
const apiOf = (m: Mounted) => (m.el as unknown as { cpq: { api: CpqApi } }).cpq.api;
const row = (m: Mounted, id: string) => m.root.querySelector<HTMLElement>(`tr[data-line="${id}"]`)!;
const text = (e: Element) => e.textContent!.replace(/\s+/g, ' ').trim();
const amounts = (m: Mounted) => m.el.priced!.lines.map((l) => [l.id, l.qty, l.netAmount]);
const expected = (q: Quote) => priceQuote(catalog, q).lines.map((l) => [l.id, l.qty, l.netAmount]);
async function open(m: Mounted): Promise<HTMLElement> {
  const trigger = row(m, 'R1').querySelector<HTMLButtonElement>('button.schedule-trigger')!;
  trigger.focus();
  if (trigger.getAttribute('aria-expanded') !== 'true') await sendKeys({ press: 'Enter' });
  return row(m, 'R1').querySelector<HTMLElement>('[part~=schedule]')!;
}

describe('<cpq-line-editor> building a ramp deal', () => {
  it('prices each period from the schedule: net unit price or percent, by keyboard; read-only for a customer (zh-CN)', async () => {
    const m = await mount('zh-CN', 'sales');
    const panel = await open(m);
    const kind = panel.querySelector<HTMLSelectElement>('select[data-id="R1:r2"][data-control=discount-kind]')!;
    const input = panel.querySelector<HTMLInputElement>('input[data-id="R1:r2"][data-control=discount]')!;
    expect(kind.getAttribute('aria-label')).to.contain('第 2 段 CRM 席位');
    expect(input.getAttribute('aria-label')).to.contain('第 2 段 CRM 席位');
    // Period 2 at a net unit price of 58.50: choose the kind by keyboard, type, Enter.
    kind.focus();
    kind.value = 'unitPrice';
    kind.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(m);
    const price = row(m, 'R1').querySelector<HTMLInputElement>('input[data-id="R1:r2"][data-control=discount]')!;
    price.focus();
    await sendKeys({ type: '58.50' });
    await sendKeys({ press: 'Enter' });
    await settle(m);
    const want = ok(setRampSegment(start(), 'R1', 1, { discount: { unitPrice: '58.50' } }));
    expect(m.el.quote.lines).to.deep.equal(want.lines);
    expect(amounts(m)).to.deep.equal(expected(want));
    // 150 × 58.50 × 12 = 105,300.00.
    expect(m.el.priced!.lines.find((l) => l.id === 'R1:r2')!.netAmount).to.equal('105300.00');
    expect(text(row(m, 'R1'))).to.contain('¥58.50').and.contain('¥183,300.00');
    await expect(m.editor).to.be.accessible();
    // A customer sees the prices, cannot type them, add or remove periods.
    const c = await mount('zh-CN', 'self-service', want);
    const cpanel = await open(c);
    expect(cpanel.querySelectorAll('[data-control=discount], [data-control=discount-kind], [data-control^=ramp-add], [data-control=ramp-remove-seg]').length).to.equal(0);
    expect(text(cpanel)).to.contain('¥58.50');
    expect(apiOf(c).editRamp('R1', { op: 'set', index: 0, discount: { percent: '50' } })[0]!.path).to.equal('quote');
    expect(apiOf(c).editRamp('R1', { op: 'add' })[0]!.path).to.equal('quote');
    await expect(c.editor).to.be.accessible();
  });

  it('adds and removes periods by keyboard, contiguous, the focus on the new quantity and then the next Remove (en)', async () => {
    const m = await mount('en', 'sales');
    const panel = await open(m);
    const add = panel.querySelector<HTMLButtonElement>('button[data-control=ramp-add]')!;
    expect(add.getAttribute('aria-label')).to.equal('Add a period CRM seat');
    add.focus();
    await sendKeys({ press: 'Enter' });
    await settle(m);
    let want = ok(addRampSegment(start(), 'R1'));
    expect(m.el.quote.lines).to.deep.equal(want.lines);
    expect(amounts(m)).to.deep.equal(expected(want));
    expect(want.lines.map((l) => l.period?.start)).to.deep.equal(['2027-01-01', '2028-01-01', '2029-01-01', undefined]);
    const r3 = m.root.activeElement as HTMLInputElement;
    expect([r3.dataset.id, r3.dataset.control]).to.deep.equal(['R1:r3', 'qty']);
    expect(row(m, 'R1').querySelector('button.schedule-trigger')!.getAttribute('aria-expanded')).to.equal('true');
    expect(text(row(m, 'R1'))).to.contain('Schedule (3 periods)').and.contain('100 → 150 → 150');
    // The row's amount: its periods' net amounts added exactly (the core's decimals, loaded with the catalog).
    const periods = m.el.priced!.lines.filter((l) => /^R1:r\d+$/.test(l.id));
    expect(periods).to.have.length(3);
    const sum = periods.reduce((t, l) => t.plus(l.netAmount), new Dec(0)).toFixed();
    expect(text(row(m, 'R1').querySelector('td.c-net')!)).to.contain(money(sum, 'CNY', 'en'));
    await expect(m.editor).to.be.accessible();
    // Remove period 1: the later ones move earlier; the focus goes to the next period's Remove.
    row(m, 'R1').querySelector<HTMLButtonElement>('button[data-control=ramp-remove-seg][data-index="0"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await settle(m);
    want = ok(removeRampSegment(want, 'R1', 0));
    expect(m.el.quote.lines).to.deep.equal(want.lines);
    expect(amounts(m)).to.deep.equal(expected(want));
    expect(want.lines.map((l) => l.period?.start)).to.deep.equal(['2027-01-01', '2028-01-01', undefined]);
    const focused = m.root.activeElement as HTMLElement;
    expect([focused.dataset.id, focused.dataset.control]).to.deep.equal(['R1:r2', 'ramp-remove-seg']);
    expect(focused.getAttribute('aria-label')).to.equal('Remove Period 1 CRM seat');
    // The last remaining period has no Remove: the whole ramp is removed from its row.
    focused.click();
    await settle(m);
    expect(row(m, 'R1').querySelectorAll('[data-control=ramp-remove-seg]').length).to.equal(0);
    expect(apiOf(m).editRamp('R1', { op: 'removeSegment', index: 0 })[0]!.path).to.equal('index');
    expect(m.editor.shadowRoot!.textContent).to.contain('Removed period 1 of CRM seat');
    await expect(m.editor).to.be.accessible();
  });

  it('removes the whole ramp from its row; makes a ramp of a term line (zh-CN)', async () => {
    const m = await mount('zh-CN', 'sales');
    const remove = row(m, 'R1').querySelector<HTMLButtonElement>('button[data-control=ramp-remove]')!;
    expect(remove.getAttribute('aria-label')).to.equal('删除 R1 CRM 席位');
    remove.focus();
    await sendKeys({ press: 'Enter' });
    await settle(m);
    expect(m.el.quote.lines.map((l) => l.id)).to.deep.equal(['S1']);
    expect(amounts(m)).to.deep.equal(expected({ ...start(), lines: [start().lines[2]!] }));
    const focused = m.root.activeElement as HTMLElement;
    expect([focused.dataset.id, focused.dataset.control]).to.deep.equal(['S1', 'remove']);
    expect(m.editor.shadowRoot!.textContent).to.contain('已删除分段计价 CRM 席位');
    // A one-off product offers no "Make a ramp…"; a term line does.
    expect(row(m, 'S1').querySelector('[data-control=make-ramp]')).to.equal(null);
    const line: Quote = { id: 'Q-M', date: '2027-03-01', lines: [{ id: 'L7', sku: 'SEAT', qty: '40', term: '24', discount: { percent: '5' } }] };
    const n = await mount('zh-CN', 'sales', line);
    const make = row(n, 'L7').querySelector<HTMLButtonElement>('button[data-control=make-ramp]')!;
    expect(make.getAttribute('aria-label')).to.contain('改为分段计价…');
    make.focus();
    await sendKeys({ press: 'Enter' });
    await settle(n);
    const want = ok(makeRamp(line, 'L7', '2027-03-01'));
    expect(n.el.quote.lines).to.deep.equal(want.lines);
    expect(want.lines.map((l) => [l.qty, l.period?.start, l.period?.end])).to.deep.equal([['40', '2027-03-01', '2028-02-29'], ['40', '2028-03-01', '2029-02-28']]);
    expect(amounts(n)).to.deep.equal(expected(want));
    expect(n.el.priced!.totals.net).to.equal(priceQuote(catalog, line).totals.net);
    const trigger = n.root.activeElement as HTMLElement;
    expect([trigger.dataset.id, trigger.dataset.control]).to.deep.equal(['L7', 'schedule']);
    expect(text(row(n, 'L7'))).to.contain('分段计价').and.contain('40 → 40');
    await expect(n.editor).to.be.accessible();
    // Not in self-service.
    const c = await mount('zh-CN', 'self-service', line);
    expect(row(c, 'L7').querySelector('[data-control=make-ramp]')).to.equal(null);
    expect(apiOf(c).makeRamp('L7')[0]!.path).to.equal('quote');
  });
});
