// <cpq-line-editor> inside a real <cpq-quote>, on the sample catalogs and quotes. Expected values
// come from priceQuote() on the same input, never from hard-coded figures.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { nothing } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { CpqLineEditor } from '../../src/components/line-editor/line-editor.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import { money } from '../../src/components/format.js';
import { priceQuote } from '../../src/pricing/index.js';
import type { Catalog, PricedQuote, Quote } from '../../src/types.js';
import { compressorCatalog, crmCatalog, quoteFixture } from './support/catalogs.js';

interface Mounted { el: CpqQuote; editor: CpqLineEditor; root: ShadowRoot; catalog: Catalog }

/** Every column (the defaults leave out optional and group). */
const ALL_COLUMNS = 'qty term list discount net optional group actions';

async function mount(quote: Quote, opts: { mode?: string; locale?: string; readonly?: boolean; catalog?: Catalog; columns?: string } = {}): Promise<Mounted> {
  const catalog = opts.catalog ?? (await crmCatalog());
  const el = await fixture<CpqQuote>(html`<cpq-quote .catalog=${catalog} .quote=${quote} mode=${opts.mode ?? 'sales'} locale=${opts.locale ?? 'zh-CN'} ?readonly=${opts.readonly ?? false}>
    <cpq-line-editor columns=${opts.columns ?? nothing}></cpq-line-editor></cpq-quote>`);
  const editor = el.querySelector('cpq-line-editor') as CpqLineEditor;
  await editor.updateComplete;
  return { el, editor, root: editor.shadowRoot!, catalog };
}

const quoteChange = (m: Mounted) => oneEvent<GlobalEventHandlersEventMap['cpq-quote-change']>(m.el, 'cpq-quote-change');
const settle = async (m: Mounted) => {
  await m.el.updateComplete;
  await m.editor.updateComplete;
};
const lineIds = (root: ShadowRoot) => [...root.querySelectorAll<HTMLElement>('tr.line')].map((r) => r.dataset.line);
const row = (root: ShadowRoot, id: string) => root.querySelector<HTMLTableRowElement>(`tr[data-line="${id}"]`)!;
const control = <T extends HTMLElement = HTMLInputElement>(root: ShadowRoot, id: string, name: string) =>
  root.querySelector<T>(`[data-id="${id}"][data-control="${name}"]`)!;
/** The net amount a row shows (its net cell without the margin note under it). */
const netText = (root: ShadowRoot, id: string) => {
  const cell = row(root, id).querySelector('td.c-net')!.cloneNode(true) as HTMLElement;
  cell.querySelectorAll('.meta').forEach((e) => e.remove());
  return cell.textContent!.trim();
};
const price = (catalog: Catalog, quote: Quote, locale = 'zh-CN'): PricedQuote => priceQuote(catalog, quote, { locale });
const ungrouped = (q: Quote): Quote => ({ ...q, lines: q.lines.map(({ group: _g, ...l }) => l) });

async function change(m: Mounted, input: HTMLInputElement, value: string) {
  const changed = quoteChange(m);
  input.value = value;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  const event = await changed;
  await settle(m);
  return event;
}

async function altKey(key: string) {
  await sendKeys({ down: 'Alt' });
  await sendKeys({ press: key });
  await sendKeys({ up: 'Alt' });
}

describe('<cpq-line-editor>', () => {
  it('shows one row per priced line in quote order, option lines indented under their bundle', async () => {
    for (const [catalog, name] of [[await crmCatalog(), 'crm-pro-120'], [await compressorCatalog(), 'compressor-55kw-full']] as const) {
      const quote = await quoteFixture(name);
      const m = await mount(quote, { catalog });
      const priced = price(catalog, quote);
      const shown = [...m.root.querySelectorAll<HTMLElement>('tr.line, tr.child')];
      expect(shown.map((r) => r.dataset.line)).to.deep.equal(priced.lines.map((l) => l.id));
      expect(lineIds(m.root)).to.deep.equal(quote.lines.map((l) => l.id));
      const depth = new Map<string, number>();
      for (const [i, line] of priced.lines.entries()) {
        const d = line.parentId === null ? 0 : depth.get(line.parentId)! + 1;
        depth.set(line.id, d);
        const r = shown[i]!;
        expect(r.textContent).to.contain(line.name);
        if (d === 0) expect(r.classList.contains('line')).to.equal(true);
        else {
          expect(r.classList.contains('child'), line.id).to.equal(true);
          expect(r.querySelector(`td.depth-${Math.min(d, 4)}`), line.id).to.not.equal(null);
          expect(r.querySelector('input, button:not(.tiers-trigger)'), 'option lines are read-only (the tier table is a view)').to.equal(null);
          if (line.auto) expect(r.textContent).to.contain('自动');
          if (line.included) expect(r.textContent).to.contain('已含');
        }
        expect(r.textContent).to.contain(money(line.netAmount, priced.currency, 'zh-CN'));
      }
      const hasAuto = priced.lines.some((l) => l.auto);
      if (name === 'compressor-55kw-full') expect(hasAuto, 'the fixture exercises an auto-selected option').to.equal(true);
      await expect(m.editor).to.be.accessible();
    }
  });

  it('groups lines under a heading in the order groups first appear', async () => {
    const base = await quoteFixture('crm-pro-120');
    const quote = { ...base, lines: [{ ...base.lines[1]!, group: 'B' }, { ...base.lines[0]!, group: 'A' }, { ...base.lines[2]!, group: 'B' }] };
    const m = await mount(quote);
    const headings = [...m.root.querySelectorAll('tr.group th')].map((th) => th.textContent!.trim());
    expect(headings).to.deep.equal(['分组：B', '分组：A']);
    expect(lineIds(m.root)).to.deep.equal([quote.lines[0]!.id, quote.lines[2]!.id, quote.lines[1]!.id]);
  });

  it('commits an edited quantity and shows the new amount', async () => {
    const quote = await quoteFixture('crm-pro-120');
    const m = await mount(quote);
    const event = await change(m, control(m.root, 'L1', 'qty'), '30');
    expect(event.detail.quote.lines[0]!.qty).to.equal('30');
    const expected = price(m.catalog, event.detail.quote).lines.find((l) => l.id === 'L1')!;
    expect(expected.netAmount).to.not.equal(price(m.catalog, quote).lines[0]!.netAmount);
    expect(netText(m.root, 'L1')).to.equal(money(expected.netAmount, 'CNY', 'zh-CN'));
    // Lines priced as a percent of L1 (implementation, support) change too, though they were not edited.
    for (const line of price(m.catalog, event.detail.quote).lines.filter((l) => l.parentId === null)) {
      expect(netText(m.root, line.id), line.id).to.equal(money(line.netAmount, 'CNY', 'zh-CN'));
    }
    expect(netText(m.root, 'L2')).to.not.equal(money(price(m.catalog, quote).lines.find((l) => l.id === 'L2')!.netAmount, 'CNY', 'zh-CN'));
    // Enter commits too (once), and full-width digits from an input method count as digits.
    const qty = control(m.root, 'L2', 'qty');
    qty.focus();
    qty.select();
    let count = 0;
    m.el.addEventListener('cpq-quote-change', () => count++);
    const next = quoteChange(m);
    await sendKeys({ type: '２' });
    await sendKeys({ press: 'Enter' });
    expect((await next).detail.quote.lines[1]!.qty).to.equal('2');
    qty.blur();
    await settle(m);
    expect(count, 'Enter then leaving the field commits once').to.equal(1);
    // The term, where the product has one.
    expect(control(m.root, 'L2', 'term'), 'no term input without a product term').to.equal(null);
    const term = await change(m, control(m.root, 'L1', 'term'), '24');
    expect(term.detail.quote.lines[0]!.term).to.equal('24');
    const termed = price(m.catalog, term.detail.quote).lines.find((l) => l.id === 'L1')!;
    expect(netText(m.root, 'L1')).to.equal(money(termed.netAmount, 'CNY', 'zh-CN'));
  });

  it('shows an invalid quantity through the line issue', async () => {
    const m = await mount(await quoteFixture('crm-pro-120'));
    const event = await change(m, control(m.root, 'L2', 'qty'), 'abc');
    const issue = event.detail.priced!.issues.find((i) => i.lineId === 'L2' && i.code === 'invalid-quantity')!;
    const input = control(m.root, 'L2', 'qty');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    const list = m.root.getElementById(input.getAttribute('aria-describedby')!)!;
    expect(list.querySelector('li.error')!.textContent).to.contain(issue.message).and.to.contain('错误');
    await expect(m.editor).to.be.accessible();
  });

  it('edits a line discount in sales mode and warns of the approval it needs as you type', async () => {
    const quote = await quoteFixture('crm-pro-120');
    const m = await mount(quote);
    const withPercent = (p: string) => ({ ...quote, lines: quote.lines.map((l) => (l.id === 'L1' ? { ...l, discount: { percent: p } } : l)) });
    // A quote-level approval rule on the discount that the committed quote does not trip yet.
    const discountRule = (id: string) => JSON.stringify(m.catalog.approvalRules!.find((r) => r.id === id)!.when).includes('discountPercent');
    const before = new Set(price(m.catalog, quote).approvals.map((a) => a.ruleId));
    const tripped = (p: string) => price(m.catalog, withPercent(p)).approvals.find((a) => !a.lineId && discountRule(a.ruleId) && !before.has(a.ruleId));
    const percent = ['10', '20', '30', '40', '50', '60'].find((p) => tripped(p))!;
    expect(percent, 'some discount trips a quote discount rule').to.be.a('string');
    const approval = tripped(percent)!;
    expect(m.root.textContent).to.not.contain(approval.message);
    const input = control(m.root, 'L1', 'discount');
    expect(input.value).to.equal('5');
    input.focus();
    input.select();
    await sendKeys({ type: percent });
    await waitUntil(() => m.root.querySelector(`tr[data-for="L1"] li.approval`)?.textContent?.includes(approval.message), 'draft approval warning');
    expect(m.editor.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain(approval.message);
    const changed = quoteChange(m);
    await sendKeys({ press: 'Enter' });
    const event = await changed;
    expect(event.detail.quote.lines[0]!.discount).to.deep.equal({ percent });
    await settle(m);
    // Committed, the quote-level approval is the quote's: said at the quote, not on the line.
    expect(m.root.querySelector(`tr[data-for="L1"]`)?.textContent ?? '').to.not.contain(approval.message);
    await expect(m.editor).to.be.accessible();
    // Empty clears the discount.
    const cleared = await change(m, control(m.root, 'L1', 'discount'), '');
    expect(cleared.detail.quote.lines[0]!.discount).to.equal(undefined);
  });

  it('has no discount control and no internal figures in self-service mode', async () => {
    const base = await quoteFixture('crm-pro-120');
    const quote = { ...base, lines: base.lines.map((l) => (l.id === 'L1' ? { ...l, discount: { percent: '60' } } : l)) };
    const catalog = await crmCatalog();
    const sales = price(catalog, quote);
    expect(sales.approvals.length, 'the seller would see approvals').to.be.greaterThan(0);
    const m = await mount(quote, { mode: 'self-service', catalog, columns: `${ALL_COLUMNS} margin` });
    expect(m.root.querySelector('.c-margin, .margin, [data-column="margin"]'), 'no margin column, note or chooser button').to.equal(null);
    expect(m.root.querySelector('[data-control="discount"]')).to.equal(null);
    const dom = m.root.innerHTML;
    const headers = [...m.root.querySelectorAll('table[part="table"] > thead th')].map((th) => th.textContent!.trim());
    expect(headers).to.not.include('折扣');
    for (const a of sales.approvals) expect(dom).to.not.contain(a.message);
    for (const i of sales.issues.filter((x) => x.code === 'below-floor')) expect(dom).to.not.contain(i.message);
    for (const word of ['成本', '毛利', '底价', 'cost', 'margin', 'floor', '审批']) expect(m.root.textContent).to.not.contain(word);
    await expect(m.editor).to.be.accessible();
    // The customer can still change quantities, mark a line optional and remove one.
    expect((await change(m, control(m.root, 'L2', 'qty'), '2')).detail.quote.lines[1]!.qty).to.equal('2');
    const optional = quoteChange(m);
    control(m.root, 'L3', 'optional').click();
    expect((await optional).detail.quote.lines[2]!.optional).to.equal(true);
    const removed = quoteChange(m);
    control<HTMLButtonElement>(m.root, 'L2', 'remove').click();
    expect((await removed).detail.quote.lines.map((l) => l.id)).to.deep.equal(['L1', 'L3']);
  });

  it('resolves a price-rule conflict with the labelled rule select', async () => {
    const quote = await quoteFixture('conflict');
    const m = await mount(quote);
    const conflict = price(m.catalog, quote).issues.find((i) => i.code === 'price-rule-conflict')!;
    expect(conflict.ruleIds!.length).to.be.greaterThan(1);
    const select = control<HTMLSelectElement>(m.root, conflict.lineId!, 'rule');
    expect(select.getAttribute('aria-label')).to.contain('选择价格规则').and.to.contain(conflict.lineId!);
    expect([...select.options].map((o) => o.value).filter(Boolean)).to.deep.equal(conflict.ruleIds);
    expect(m.root.querySelector(`tr[data-for="${conflict.lineId}"] li.error`)!.textContent).to.contain(conflict.message);
    await expect(m.editor).to.be.accessible();
    const chosen = conflict.ruleIds![1]!;
    const changed = quoteChange(m);
    select.value = chosen;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    const event = await changed;
    expect(event.detail.quote.lines.find((l) => l.id === conflict.lineId)!.priceRule).to.equal(chosen);
    expect(event.detail.priced!.issues.some((i) => i.code === 'price-rule-conflict')).to.equal(false);
    await settle(m);
    expect(m.root.querySelector('[data-control="rule"]')).to.equal(null);
    const expected = price(m.catalog, event.detail.quote).lines.find((l) => l.id === conflict.lineId)!;
    expect(netText(m.root, conflict.lineId!)).to.equal(money(expected.netAmount, 'CNY', 'zh-CN'));
  });

  it('resolves a price-rule conflict on a bundle option line', async () => {
    const base = await quoteFixture('conflict');
    const quote: Quote = { ...base, lines: [{ id: 'L1', sku: 'CRM-ENT', qty: '80', term: '12', options: [{ sku: 'ADDON-SSO' }, { sku: 'ADDON-BI' }, { sku: 'ADDON-SFA-AI' }] }] };
    const m = await mount(quote);
    const conflict = price(m.catalog, quote).issues.find((i) => i.code === 'price-rule-conflict')!;
    expect(conflict.lineId, 'the conflict is on the option line').to.match(/^L1\//);
    const select = control<HTMLSelectElement>(m.root, conflict.lineId!, 'rule');
    const changed = quoteChange(m);
    select.value = conflict.ruleIds![0]!;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    const event = await changed;
    const option = event.detail.quote.lines[0]!.options!.find((o) => `L1/${o.sku}` === conflict.lineId)!;
    expect(option.priceRule).to.equal(conflict.ruleIds![0]);
    expect(event.detail.priced!.issues.filter((i) => i.code === 'price-rule-conflict')).to.deep.equal([]);
  });

  it('marks a line optional and back', async () => {
    const m = await mount(await quoteFixture('crm-pro-120'), { columns: ALL_COLUMNS });
    const box = control(m.root, 'L2', 'optional');
    expect(box.checked).to.equal(false);
    let changed = quoteChange(m);
    box.click();
    let event = await changed;
    expect(event.detail.quote.lines[1]!.optional).to.equal(true);
    expect(event.detail.priced!.lines.find((l) => l.id === 'L2')!.optional).to.equal(true);
    await settle(m);
    expect(control(m.root, 'L2', 'optional').checked).to.equal(true);
    changed = quoteChange(m);
    control(m.root, 'L2', 'optional').click();
    event = await changed;
    expect('optional' in event.detail.quote.lines[1]!).to.equal(false);
  });

  it('edits the group, configures, moves and removes lines with the buttons', async () => {
    const m = await mount(ungrouped(await quoteFixture('crm-pro-120')), { columns: ALL_COLUMNS });
    const group = control(m.root, 'L3', 'group');
    group.focus();
    const grouped = quoteChange(m);
    await sendKeys({ type: '  Support  ' });
    await sendKeys({ press: 'Enter' });
    expect((await grouped).detail.quote.lines[2]!.group).to.equal('Support');
    await settle(m);
    // The line now sits under its own group heading, and the focus stayed on its group field.
    expect([...m.root.querySelectorAll('tr.group th')].map((th) => th.textContent!.trim())).to.deep.equal(['未分组', '分组：Support']);
    expect(m.root.activeElement).to.equal(control(m.root, 'L3', 'group'));
    const m2 = await mount(ungrouped(await quoteFixture('crm-pro-120')));
    expect(control<HTMLButtonElement>(m2.root, 'L1', 'up').getAttribute('aria-disabled')).to.equal('true');
    expect(control(m2.root, 'L2', 'configure'), 'no configure button without features').to.equal(null);
    control<HTMLButtonElement>(m2.root, 'L1', 'configure').click();
    await settle(m2);
    expect(row(m2.root, 'L1').getAttribute('aria-current')).to.equal('true');
    let changed = quoteChange(m2);
    control<HTMLButtonElement>(m2.root, 'L1', 'down').click();
    expect((await changed).detail.quote.lines.map((l) => l.id)).to.deep.equal(['L2', 'L1', 'L3']);
    await settle(m2);
    expect(lineIds(m2.root)).to.deep.equal(['L2', 'L1', 'L3']);
    changed = quoteChange(m2);
    control<HTMLButtonElement>(m2.root, 'L3', 'up').click();
    expect((await changed).detail.quote.lines.map((l) => l.id)).to.deep.equal(['L2', 'L3', 'L1']);
    await settle(m2);
    changed = quoteChange(m2);
    control<HTMLButtonElement>(m2.root, 'L3', 'remove').click();
    expect((await changed).detail.quote.lines.map((l) => l.id)).to.deep.equal(['L2', 'L1']);
    await settle(m2);
    expect(lineIds(m2.root)).to.deep.equal(['L2', 'L1']);
    expect(m2.root.activeElement).to.equal(control(m2.root, 'L1', 'remove'));
  });

  it('is operable from the keyboard', async () => {
    const m = await mount(ungrouped(await quoteFixture('crm-pro-120')));
    control(m.root, 'L1', 'qty').focus();
    await sendKeys({ press: 'Tab' });
    expect((m.root.activeElement as HTMLElement).dataset).to.include({ id: 'L1', control: 'term' });
    control(m.root, 'L1', 'qty').focus();
    let changed = quoteChange(m);
    await altKey('ArrowDown');
    expect((await changed).detail.quote.lines.map((l) => l.id)).to.deep.equal(['L2', 'L1', 'L3']);
    await settle(m);
    expect(lineIds(m.root)).to.deep.equal(['L2', 'L1', 'L3']);
    expect(m.root.activeElement).to.equal(control(m.root, 'L1', 'qty'));
    changed = quoteChange(m);
    await altKey('ArrowUp');
    expect((await changed).detail.quote.lines.map((l) => l.id)).to.deep.equal(['L1', 'L2', 'L3']);
    await settle(m);
    expect(m.root.activeElement).to.equal(control(m.root, 'L1', 'qty'));
    // Delete on a Remove button: focus goes to the next line's Remove button, then the previous, then the caption.
    for (const [id, next] of [['L2', 'L3'], ['L3', 'L1']] as const) {
      control<HTMLButtonElement>(m.root, id, 'remove').focus();
      changed = quoteChange(m);
      await sendKeys({ press: 'Delete' });
      expect((await changed).detail.quote.lines.map((l) => l.id)).to.not.include(id);
      await settle(m);
      expect(m.root.activeElement).to.equal(control(m.root, next, 'remove'));
    }
    changed = quoteChange(m);
    await sendKeys({ press: 'Delete' });
    expect((await changed).detail.quote.lines).to.deep.equal([]);
    await settle(m);
    expect(m.root.activeElement).to.equal(m.root.querySelector('caption'));
    await expect(m.editor).to.be.accessible();
  });

  it('disables everything when read-only', async () => {
    const m = await mount(await quoteFixture('crm-pro-120'), { readonly: true });
    const inputs = [...m.root.querySelectorAll<HTMLInputElement>('input, select')];
    expect(inputs.length).to.be.greaterThan(0);
    for (const input of inputs) expect(input.disabled, input.getAttribute('aria-label')!).to.equal(true);
    expect(m.root.querySelector('[data-control="remove"], [data-control="up"], [data-control="down"]')).to.equal(null);
    await expect(m.editor).to.be.accessible();
  });

  it('switches from zh-CN to en', async () => {
    const quote = await quoteFixture('crm-pro-120');
    const m = await mount(quote);
    const headers = () => [...m.root.querySelectorAll('table[part="table"] > thead th')].map((th) => th.textContent!.trim());
    expect(headers()).to.include('数量');
    m.el.locale = 'en';
    await settle(m);
    expect(headers()).to.include('Quantity').and.to.not.include('数量');
    const en = price(m.catalog, quote, 'en');
    expect(row(m.root, 'L1').textContent).to.contain(en.lines[0]!.name);
    expect(control(m.root, 'L1', 'qty').getAttribute('aria-label')).to.equal(`Quantity L1 ${en.lines[0]!.name}`);
    await expect(m.editor).to.be.accessible();
  });

  it('renders catalog text as text', async () => {
    const catalog = await crmCatalog();
    const img = '<img src=x onerror="window.__xss=1">';
    const script = '<script>window.__xss=2</script>';
    const evil = { ...catalog, products: catalog.products.map((p) => (p.sku === 'IMPL-STD' ? { ...p, name: img } : p.sku === 'CRM-PRO' ? { ...p, name: { 'zh-CN': script, en: script } } : p)) };
    const m = await mount(await quoteFixture('crm-pro-120'), { catalog: evil });
    await new Promise((r) => setTimeout(r, 50));
    expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
    expect(m.root.querySelector('img, script')).to.equal(null);
    expect(row(m.root, 'L2').querySelector('.name')!.textContent).to.equal(img);
    expect(row(m.root, 'L1').querySelector('.name')!.textContent).to.equal(script);
    expect(control(m.root, 'L2', 'qty').getAttribute('aria-label')).to.equal(`数量 L2 ${img}`);
  });

  it('renders a 1,000-line quote (only the rows in view: line-editor-layout.test.ts)', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => ({ id: `L${i + 1}`, sku: i % 2 ? 'TRAIN-DAY' : 'HW-SCANNER', qty: String(1 + (i % 5)) }));
    const m = await mount({ id: 'Q-BIG', date: '2026-11-28', lines });
    expect(m.root.querySelectorAll('tr.line').length).to.be.within(1, 100);
    // Edits keep the rows right (the bench in bench/ times them on the production build).
    await m.editor.scrollToLine('L500');
    for (const qty of ['9', '8']) {
      const event = await change(m, control(m.root, 'L500', 'qty'), qty);
      expect(netText(m.root, 'L500')).to.equal(money(event.detail.priced!.lines[499]!.netAmount, 'CNY', 'zh-CN'));
    }
    expect(m.root.querySelectorAll('tr.line').length).to.be.within(1, 100);
  });
});
