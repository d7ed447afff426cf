// Honest figures in the line editor and the summary (issue 14, item 2), in Chromium: a tiered or
// volume list price as its tier table (hover, focus, Enter, Escape), the effective discount
// beside the one entered, quote-level approvals said once at the quote, the margin per line and
// over the lines that have a cost (naming those without), category and level names, and none of
// the seller's figures in self-service. Expected figures come from priceQuote on the same input.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import { categoryName, levelName } from '../../src/catalog/names.js';
import type { CpqState } from '../../src/components/context.js';
import { money, percent } from '../../src/components/format.js';
import type { CpqLineEditor } from '../../src/components/line-editor/line-editor.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import { priceQuote } from '../../src/pricing/index.js';
import type { Catalog, PricedQuote, Quote, Tier } from '../../src/types.js';
import { sellerOnly } from '../fixtures/seller-only.js';
import { crmCatalog, quoteFixture } from './support/catalogs.js';

interface Mounted { el: CpqQuote; editor: CpqLineEditor; root: ShadowRoot; summary: ShadowRoot; catalog: Catalog; priced: PricedQuote }

async function mount(quote: Quote, opts: { mode?: string; locale?: string; columns?: string } = {}): Promise<Mounted> {
  const catalog = await crmCatalog();
  const locale = opts.locale ?? 'zh-CN';
  const el = await fixture<CpqQuote>(html`<cpq-quote .catalog=${catalog} .quote=${quote} mode=${opts.mode ?? 'sales'} locale=${locale}>
    <cpq-line-editor columns=${opts.columns ?? 'qty term list discount net actions'}></cpq-line-editor><cpq-quote-summary></cpq-quote-summary></cpq-quote>`);
  const editor = el.querySelector('cpq-line-editor') as CpqLineEditor;
  const summary = el.querySelector('cpq-quote-summary')!;
  await editor.updateComplete;
  await (summary as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return { el, editor, root: editor.shadowRoot!, summary: summary.shadowRoot!, catalog, priced: priceQuote(catalog, quote, { locale }) };
}

const row = (m: Mounted, id: string) => m.root.querySelector<HTMLTableRowElement>(`tr[data-line="${id}"]`)!;
const line = (m: Mounted, id: string) => m.priced.lines.find((l) => l.id === id)!;
const shown = (el: Element) => getComputedStyle(el).display !== 'none';
const text = (el: Element | ShadowRoot | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const withLines = (q: Quote, edit: (l: Quote['lines'][number]) => Quote['lines'][number], extra: Partial<Quote> = {}): Quote => ({ ...q, lines: q.lines.map(edit), ...extra });

describe('honest figures: the tier table of a tiered or volume list price', () => {
  it('shows the graduated tiers the quantity uses, labelled an average, on focus; Escape hides, Enter pins (zh-CN)', async () => {
    const m = await mount(await quoteFixture('crm-pro-120'));
    const l1 = line(m, 'L1');
    const model = m.catalog.products.find((p) => p.sku === 'CRM-PRO')!.price as { model: 'tiered'; tiers: Tier[] };
    const trigger = row(m, 'L1').querySelector<HTMLButtonElement>('button.tiers-trigger')!;
    const panel = m.root.getElementById(trigger.getAttribute('aria-controls')!)!;
    expect(text(trigger)).to.contain('均价').and.contain(money(l1.listUnitPrice, 'CNY', 'zh-CN'));
    expect(text(trigger)).to.not.contain(l1.listUnitPrice);
    expect(shown(panel)).to.equal(false);
    // Focus (as Tab would): the table shows, the tiers 120 users reach marked.
    trigger.focus();
    expect(shown(panel)).to.equal(true);
    const rows = [...panel.querySelectorAll(':scope tbody tr')];
    expect(rows.length).to.equal(model.tiers.length);
    const reached = model.tiers.map((t, i) => i === 0 || Number(model.tiers[i - 1]!.upTo) < Number(l1.qty));
    expect(rows.map((r) => r.classList.contains('used'))).to.deep.equal(reached);
    model.tiers.forEach((t, i) => expect(text(rows[i]!)).to.contain(money(String(t.unit), 'CNY', 'zh-CN')));
    await expect(m.editor).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    expect(shown(panel), 'Escape dismisses it').to.equal(false);
    await sendKeys({ press: 'Enter' });
    expect(trigger.getAttribute('aria-expanded')).to.equal('true');
    row(m, 'L1').querySelector<HTMLInputElement>('[data-control="qty"]')!.focus();
    expect(shown(panel), 'pinned open after focus leaves').to.equal(true);
    trigger.click();
    expect(trigger.getAttribute('aria-expanded')).to.equal('false');
  });

  it('a volume price names the one tier the whole quantity pays, with no average (en, self-service)', async () => {
    const base = await quoteFixture('crm-pro-120');
    const quote: Quote = { ...base, lines: [...base.lines, { id: 'L9', sku: 'ADDON-BI', qty: '250' }] };
    const m = await mount(quote, { mode: 'self-service', locale: 'en', columns: 'qty list net' });
    const model = m.catalog.products.find((p) => p.sku === 'ADDON-BI')!.price as { model: 'volume'; tiers: Tier[] };
    const trigger = row(m, 'L9').querySelector<HTMLButtonElement>('button.tiers-trigger')!;
    expect(text(trigger)).to.not.contain('avg.');
    expect(text(trigger)).to.contain(money(line(m, 'L9').listUnitPrice, 'CNY', 'en'));
    trigger.focus();
    const panel = m.root.getElementById(trigger.getAttribute('aria-controls')!)!;
    expect(text(panel.querySelector('caption'))).to.contain('Volume prices of');
    const used = model.tiers.findIndex((t) => t.upTo === null || Number(t.upTo) >= 250);
    expect([...panel.querySelectorAll(':scope tbody tr')].map((r) => r.classList.contains('used'))).to.deep.equal(model.tiers.map((_t, i) => i === used));
    await expect(m.editor).to.be.accessible();
  });
});

describe('honest figures: discounts, approvals and margins', () => {
  it('shows the effective discount beside the one entered, and no note where they agree', async () => {
    const base = await quoteFixture('crm-pro-120');
    const m = await mount({ ...base, discount: { percent: '2' } });
    const l1 = line(m, 'L1');
    expect(l1.discountPercent).to.not.equal('5.00');
    const note = row(m, 'L1').querySelector('.effective')!;
    expect(text(note)).to.equal(`实际 ${percent(l1.discountPercent, 'zh-CN')}`);
    const input = row(m, 'L1').querySelector<HTMLInputElement>('[data-control="discount"]')!;
    expect(input.value).to.equal('5');
    expect(input.getAttribute('aria-describedby')!.split(' ')).to.include(note.id);
    // No discount entered: the quote discount's share is the effective one.
    expect(text(row(m, 'L3').querySelector('.effective'))).to.equal(`实际 ${percent(line(m, 'L3').discountPercent, 'zh-CN')}`);
    const plain = await mount(withLines(base, (l) => (l.id === 'L1' ? l : { ...l, discount: undefined })));
    expect(plain.priced.lines.find((l) => l.id === 'L2')!.discountPercent).to.equal('0.00');
    expect(row(plain, 'L2').querySelector('.effective')).to.equal(null);
    await expect(m.editor).to.be.accessible();
  });

  it('says quote-level approvals once, at the quote; a line keeps its own, by level name', async () => {
    const base = await quoteFixture('crm-pro-120');
    const m = await mount(withLines(base, (l) => (l.id === 'L1' ? { ...l, discount: { percent: '60' } } : l)));
    const quoteLevel = m.priced.approvals.filter((a) => a.lineId === undefined);
    const own = m.priced.approvals.filter((a) => a.lineId === 'L1');
    expect(quoteLevel.length, 'the premise: quote-level approvals').to.be.greaterThan(0);
    expect(own.length, 'the premise: the line is below its floor').to.be.greaterThan(0);
    const lineText = text(m.root);
    for (const a of quoteLevel) {
      expect(lineText).to.not.contain(a.message);
      expect(text(m.summary).split(a.message).length - 1, a.message).to.equal(1);
    }
    const messages = text(m.root.querySelector('tr[data-for="L1"]'));
    for (const a of own) expect(messages).to.contain(a.message).and.contain(`需审批（${levelName(m.catalog, a.level, 'zh-CN')}）`);
    expect(messages).to.not.contain(`（${own[0]!.level}）`);
  });

  it('shows each line’s margin, and the quote’s over the lines with a cost, naming the others', async () => {
    const quote = await quoteFixture('crm-pro-120');
    const m = await mount(quote);
    const l1 = line(m, 'L1');
    expect(text(row(m, 'L1').querySelector('td.c-net .margin'))).to.equal(`毛利率 ${percent(l1.marginPercent, 'zh-CN')}`);
    const uncosted = m.priced.lines.filter((l) => l.parentId === null && l.cost === undefined);
    expect(uncosted.length, 'the premise: lines without a cost').to.be.greaterThan(0);
    for (const l of uncosted) expect(text(row(m, l.id).querySelector('td.c-net .margin'))).to.equal('无成本');
    // The summary: the contract's quote margin is absent; the margin over the costed lines is there.
    const c = m.priced.totals.costedMargin!;
    expect(m.priced.totals.margin).to.equal(undefined);
    expect(text(m.summary.querySelector('[data-figure="costed-margin"]'))).to.equal(`${money(c.margin, 'CNY', 'zh-CN')}（${percent(c.marginPercent, 'zh-CN')}）`);
    expect(text(m.summary.querySelector('[data-figure="uncosted"]'))).to.equal(`未计入（无成本）：${c.uncosted.map((id) => line(m, id).name).join('、')}`);
    // The margin column, when chosen: the percent and the cost.
    const withColumn = await mount(quote, { columns: 'qty list discount net margin' });
    const cell = row(withColumn, 'L1').querySelector('td.c-margin')!;
    expect(text(cell)).to.contain(percent(l1.marginPercent, 'zh-CN')).and.contain(`成本 ${money(l1.cost, 'CNY', 'zh-CN')}`);
    expect(row(withColumn, 'L1').querySelector('td.c-net .margin'), 'not said twice').to.equal(null);
    await expect(withColumn.editor).to.be.accessible();
    await expect(m.el.querySelector('cpq-quote-summary')).to.be.accessible();
  });

  it('names categories, not codes', async () => {
    const m = await mount(await quoteFixture('crm-pro-120'), { locale: 'en' });
    const meta = text(row(m, 'L1').querySelector('.c-product .meta'));
    expect(meta).to.contain(categoryName(m.catalog, 'license', 'en'));
    expect(meta).to.not.contain('license');
  });

  it('self-service: no margin, cost or costed margin anywhere — the state, the editor, the summary', async () => {
    const m = await mount(await quoteFixture('crm-pro-120'), { mode: 'self-service', columns: 'qty list net margin' });
    const state = (m.el as unknown as { cpq: CpqState }).cpq;
    expect(sellerOnly(state.priced)).to.deep.equal([]);
    expect(m.root.querySelector('.c-margin, .margin')).to.equal(null);
    for (const root of [m.root, m.summary]) {
      for (const word of ['毛利', '成本', 'margin', 'cost']) expect(text(root)).to.not.contain(word);
    }
    await expect(m.editor).to.be.accessible();
  });
});

describe('honest figures: every status after each lifecycle move', () => {
  it('the summary and the approvals panel say needed, in approval, approved — and still approved once sent, accepted and ordered', async () => {
    const base = await quoteFixture('crm-pro-120');
    const quote = withLines(base, (l) => (l.id === 'L1' ? { ...l, discount: { percent: '40' } } : l));
    const catalog = await crmCatalog();
    const endpoint = `/__orders/honest-${Date.now()}`;
    const el = await fixture<CpqQuote>(html`<cpq-quote .catalog=${catalog} .quote=${quote} mode="sales" locale="zh-CN" .endpoint=${endpoint}>
      <cpq-quote-summary></cpq-quote-summary><cpq-quote-actions></cpq-quote-actions></cpq-quote>`);
    const summary = el.querySelector('cpq-quote-summary')!;
    const actions = el.querySelector('cpq-quote-actions')!;
    const settle = async () => {
      await el.updateComplete;
      await (summary as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      await (actions as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    };
    await settle();
    const api = (el as unknown as { cpq: CpqState }).cpq.api;
    const priced = priceQuote(catalog, quote, { locale: 'zh-CN' });
    expect(priced.approvals.length, 'the premise').to.be.greaterThan(1);
    const look = () => {
      const list = summary.shadowRoot!.querySelector('[part="approvals"]')!;
      return {
        heading: text(list.closest('section')!.querySelector('[role="heading"]')),
        items: [...list.querySelectorAll('li')].map((li) => text(li)),
        levels: [...actions.shadowRoot!.querySelectorAll<HTMLElement>('[part~="approval-level"]')].map((l) => l.dataset.status),
      };
    };
    expect(look().heading).to.equal('需要审批');
    expect(look().levels.every((s) => s === 'required')).to.equal(true);
    expect(api.transition('submit')).to.deep.equal([]);
    await settle();
    expect(look().heading).to.equal('审批中');
    expect(look().items.every((i) => i.endsWith('（待批）'))).to.equal(true);
    expect(api.transition('approve')).to.deep.equal([]);
    await settle();
    const approved = look();
    expect(approved.heading).to.equal('审批已通过');
    expect(approved.items.every((i) => /已批准）$/.test(i))).to.equal(true);
    expect(approved.levels.every((s) => s === 'done')).to.equal(true);
    expect(api.transition('send')).to.deep.equal([]);
    await settle();
    expect(look(), 'after sending').to.deep.equal(approved);
    expect(api.transition('accept', { reference: 'PO-1' })).to.deep.equal([]);
    await settle();
    expect(look(), 'after the customer accepted').to.deep.equal(approved);
    const delivered = oneEvent(el, 'cpq-order-delivered');
    expect(await api.submitOrder()).to.deep.equal([]);
    await delivered;
    await settle();
    expect((el.quote as { lifecycle?: { state: string } }).lifecycle!.state).to.equal('ordered');
    expect(look(), 'after ordering').to.deep.equal(approved);
    await expect(summary).to.be.accessible();
  });
});
