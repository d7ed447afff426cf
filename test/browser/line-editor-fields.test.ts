// <cpq-line-editor>'s own-fields tools (issue 14, item 4), in a real <cpq-quote>, keyboard first:
// the discount as a percent, an amount off per unit or a net unit price; section headings and
// note lines (no money, kept in place); a line's description; clone; multi-select with one bulk
// change of quantity, discount, group or remove, each announced; read-only in self-service.
// Expected figures come from priceQuote() on the same input. axe in each state.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { CpqLineEditor } from '../../src/components/line-editor/line-editor.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import { priceQuote } from '../../src/pricing/index.js';
import type { Catalog, Quote } from '../../src/types.js';
import { crmCatalog, quoteFixture } from './support/catalogs.js';

interface Mounted { el: CpqQuote; editor: CpqLineEditor; root: ShadowRoot; catalog: Catalog }

async function mount(quote: Quote, opts: { mode?: string; locale?: string } = {}): Promise<Mounted> {
  const catalog = await crmCatalog();
  const el = await fixture<CpqQuote>(html`<cpq-quote .catalog=${catalog} .quote=${quote} mode=${opts.mode ?? 'sales'} locale=${opts.locale ?? 'zh-CN'}>
    <cpq-line-editor></cpq-line-editor></cpq-quote>`);
  const editor = el.querySelector('cpq-line-editor') as CpqLineEditor;
  await editor.updateComplete;
  return { el, editor, root: editor.shadowRoot!, catalog };
}

const quoteChange = (m: Mounted) => oneEvent<GlobalEventHandlersEventMap['cpq-quote-change']>(m.el, 'cpq-quote-change');
const settle = async (m: Mounted) => {
  await m.el.updateComplete;
  await m.editor.updateComplete;
};
const control = <T extends HTMLElement = HTMLInputElement>(m: Mounted, id: string, name: string) =>
  m.root.querySelector<T>(`[data-id="${id}"][data-control="${name}"]`)!;
const bar = <T extends HTMLElement = HTMLButtonElement>(m: Mounted, what: string) => m.root.querySelector<T>(`[data-bulk="${what}"]`)!;
const said = (m: Mounted) => m.root.querySelector('.sr-only[role="status"]')!.textContent!.trim();
const ids = (q: Quote) => q.lines.map((l) => l.id);

describe('<cpq-line-editor>: the quote’s own fields', () => {
  it('a discount as a net unit price or an amount off, chosen from the keyboard; the figures are pricing’s', async () => {
    const m = await mount(await quoteFixture('crm-pro-120'));
    const kind = control<HTMLSelectElement>(m, 'L2', 'discount-kind');
    expect([...kind.options].map((o) => o.textContent)).to.deep.equal(['%', '减额', '净价']);
    kind.focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await settle(m);
    expect(kind.value).to.equal('unitPrice');
    expect(control(m, 'L2', 'discount').getAttribute('aria-label')).to.match(/^净单价 L2 /);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '１２０００' });
    const changed = quoteChange(m);
    await sendKeys({ press: 'Enter' });
    const { quote, priced } = (await changed).detail;
    expect(quote.lines[1]!.discount).to.deep.equal({ unitPrice: '12000' });
    expect(priced!.lines.find((l) => l.id === 'L2')!.netAmount).to.equal(priceQuote(m.catalog, quote).lines.find((l) => l.id === 'L2')!.netAmount);
    await settle(m);
    expect(control<HTMLSelectElement>(m, 'L2', 'discount-kind').value).to.equal('unitPrice');
    expect(control(m, 'L2', 'discount').value).to.equal('12000');
    // L1's percent shows as a percent; switching its kind alone changes nothing.
    expect(control(m, 'L1', 'discount').value).to.equal('5');
    await expect(m.editor).to.be.accessible();
  });

  it('section and note lines: added from the bar, typed, no money, kept in place; a description on a line', async () => {
    const m = await mount(await quoteFixture('crm-pro-120'));
    const before = priceQuote(m.catalog, m.el.quote).totals;
    bar(m, 'add-section').focus();
    let changed = quoteChange(m);
    await sendKeys({ press: 'Enter' });
    const added = (await changed).detail.quote;
    const id = added.lines.at(-1)!.id;
    expect(added.lines.at(-1)).to.deep.equal({ id, kind: 'section', text: '' });
    await settle(m);
    expect(m.root.activeElement).to.equal(control(m, id, 'text'));
    await sendKeys({ type: '增值服务' });
    changed = quoteChange(m);
    await sendKeys({ press: 'Enter' });
    const typed = (await changed).detail;
    expect(typed.quote.lines.at(-1)!.text).to.equal('增值服务');
    expect(typed.priced!.totals).to.deep.equal(before);
    expect(typed.priced!.textLines).to.deep.equal([{ id, kind: 'section', text: '增值服务', after: 'L3' }]);
    await settle(m);
    expect(m.root.querySelector(`tr[data-line="${id}"]`)!.getAttribute('part')).to.equal('section-row');

    const desc = control(m, 'L1', 'description');
    desc.focus();
    await sendKeys({ type: '含 2 次上门培训。' });
    changed = quoteChange(m);
    await sendKeys({ press: 'Tab' });
    const described = (await changed).detail;
    expect(described.quote.lines[0]!.description).to.equal('含 2 次上门培训。');
    expect(described.priced!.lines[0]!.description).to.equal('含 2 次上门培训。');
    await expect(m.editor).to.be.accessible();
  });

  it('clone: a copy right after the line, the focus on its quantity, announced', async () => {
    const m = await mount(await quoteFixture('crm-pro-120'), { locale: 'en' });
    control(m, 'L1', 'clone').focus();
    const changed = quoteChange(m);
    await sendKeys({ press: 'Enter' });
    const { quote } = (await changed).detail;
    expect(ids(quote)).to.deep.equal(['L1', 'L4', 'L2', 'L3']);
    const { id: _a, ...copy } = quote.lines[1]!;
    const { id: _b, ...original } = quote.lines[0]!;
    expect(copy).to.deep.equal(original);
    await settle(m);
    expect(m.root.activeElement).to.equal(control(m, 'L4', 'qty'));
    expect(said(m)).to.equal('Cloned L1 CRM Professional as L4');
  });

  it('multi-select: Space picks lines, one change sets quantity, discount and group of all, remove takes them out; each announced', async () => {
    const m = await mount(await quoteFixture('crm-pro-120'));
    control(m, 'L2', 'select').focus();
    await sendKeys({ press: 'Space' });
    control(m, 'L3', 'select').focus();
    await sendKeys({ press: 'Space' });
    await settle(m);
    expect(said(m)).to.equal('已选 2 行');
    expect(bar<HTMLInputElement>(m, 'select-all').indeterminate).to.equal(true);
    await expect(m.editor).to.be.accessible();

    m.root.querySelector<HTMLInputElement>('#bulk-qty')!.focus();
    await sendKeys({ type: '３' });
    await sendKeys({ press: 'Tab' });
    let changed = quoteChange(m);
    await sendKeys({ press: 'Enter' });
    let q = (await changed).detail.quote;
    expect(q.lines.map((l) => l.qty)).to.deep.equal([q.lines[0]!.qty, '3', '3']);
    await settle(m);
    expect(said(m)).to.equal('已将 2 行的数量改为 3');

    const kind = m.root.querySelector<HTMLSelectElement>('#bulk-kind')!;
    kind.value = 'amount';
    m.root.querySelector<HTMLInputElement>('#bulk-discount')!.value = '100';
    changed = quoteChange(m);
    bar(m, 'discount').click();
    q = (await changed).detail.quote;
    expect(q.lines.slice(1).map((l) => l.discount)).to.deep.equal([{ amount: '100' }, { amount: '100' }]);
    expect(q.lines[0]!.discount).to.deep.equal({ percent: '5' });

    m.root.querySelector<HTMLInputElement>('#bulk-group')!.value = '服务';
    changed = quoteChange(m);
    bar(m, 'group').click();
    q = (await changed).detail.quote;
    expect(q.lines.slice(1).map((l) => l.group)).to.deep.equal(['服务', '服务']);
    await settle(m);

    bar(m, 'remove').focus();
    changed = quoteChange(m);
    await sendKeys({ press: 'Enter' });
    q = (await changed).detail.quote;
    expect(ids(q)).to.deep.equal(['L1']);
    await settle(m);
    expect(said(m)).to.equal('已删除 2 行');
    expect(m.root.activeElement?.tagName).to.equal('CAPTION');
    expect(m.root.querySelector('#bulk-qty')).to.equal(null);
    await expect(m.editor).to.be.accessible();
  });

  it('a selected line removed elsewhere leaves the selection; an update that changes no line keeps it', async () => {
    const m = await mount(await quoteFixture('crm-pro-120'), { locale: 'en' });
    control(m, 'L2', 'select').focus();
    await sendKeys({ press: 'Space' });
    control(m, 'L3', 'select').focus();
    await sendKeys({ press: 'Space' });
    await settle(m);
    const count = () => m.root.querySelector('#bulk-count')!.textContent!.trim();
    expect(count()).to.equal('2 selected');
    // A quote-level change: the same lines, the selection as it was.
    m.el.quote = { ...m.el.quote, discount: { percent: '3' } };
    await settle(m);
    expect(count()).to.equal('2 selected');
    // L3 removed by the host (another element, a server edit): only L2 stays selected.
    m.el.quote = { ...m.el.quote, lines: m.el.quote.lines.filter((l) => l.id !== 'L3') };
    await settle(m);
    await m.editor.updateComplete;
    expect(count()).to.equal('1 selected');
    expect(control<HTMLInputElement>(m, 'L2', 'select').checked).to.equal(true);
  });

  it('select all, then clear: the focus goes back to "select all"', async () => {
    const m = await mount(await quoteFixture('crm-pro-120'), { locale: 'en' });
    bar(m, 'select-all').focus();
    await sendKeys({ press: 'Space' });
    await settle(m);
    expect(said(m)).to.equal('3 selected');
    bar(m, 'clear').focus();
    await sendKeys({ press: 'Enter' });
    await settle(m);
    await m.editor.updateComplete;
    expect(said(m)).to.equal('0 selected');
    expect(m.root.activeElement).to.equal(bar(m, 'select-all'));
  });

  it('self-service: sections, notes and descriptions as text; no selection, clone, bar or discount', async () => {
    const quote = await quoteFixture('crm-pro-120');
    quote.lines = [{ id: 'S1', kind: 'section', text: 'Licences' } as Quote['lines'][number], { ...quote.lines[0]!, description: 'Two trainings included.' }, ...quote.lines.slice(1)];
    const m = await mount(quote, { mode: 'self-service', locale: 'en' });
    expect(m.root.querySelectorAll('[data-control="select"], [data-control="clone"], [data-control="description"], [data-control="discount-kind"], [part="bulk"]').length).to.equal(0);
    expect(m.root.querySelector('tr[part="section-row"] [role="heading"]')!.textContent).to.equal('Licences');
    expect(m.root.querySelector('tr[data-line="L1"] .desc-text')!.textContent).to.equal('Two trainings included.');
    await expect(m.editor).to.be.accessible();
  });

  it('a text over 1,000 characters (from the host) is marked at its line, located', async () => {
    const quote = await quoteFixture('crm-pro-120');
    quote.lines = [{ id: 'N1', kind: 'note', text: 'x'.repeat(1001) } as Quote['lines'][number], ...quote.lines];
    const m = await mount(quote, { locale: 'en' });
    const input = control(m, 'N1', 'text');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    const messages = m.root.querySelector(`#${input.getAttribute('aria-describedby')}`)!;
    expect(messages.textContent).to.contain('Line N1 text is longer than 1000 characters.');
    await expect(m.editor).to.be.accessible();
  });
});
