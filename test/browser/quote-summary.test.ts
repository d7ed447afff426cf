// <cpq-quote-summary> inside a real <cpq-quote>, on the sample catalogs and quotes. Every expected
// figure comes from priceQuote() on the same input, formatted with money().
import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import { parsePercent, type CpqQuoteSummary } from '../../src/components/quote-summary/quote-summary.js';
import { money, percent } from '../../src/components/format.js';
import { priceQuote } from '../../src/pricing/index.js';
import type { Catalog, PricedQuote, Quote } from '../../src/types.js';
import { compressorCatalog, crmCatalog, quoteFixture } from './support/catalogs.js';
import { linesCatalogAndQuote } from '../../bench/browser/lines-fixture.js';

interface Mounted { el: CpqQuote; summary: CpqQuoteSummary; root: ShadowRoot; catalog: Catalog }

async function mount(quote: Quote, opts: { mode?: string; locale?: string; readonly?: boolean; catalog?: Catalog } = {}): Promise<Mounted> {
  const catalog = opts.catalog ?? (await crmCatalog());
  const el = await fixture<CpqQuote>(html`<cpq-quote .catalog=${catalog} .quote=${quote} mode=${opts.mode ?? 'sales'} locale=${opts.locale ?? 'zh-CN'} ?readonly=${opts.readonly ?? false}>
    <cpq-quote-summary></cpq-quote-summary></cpq-quote>`);
  const summary = el.querySelector('cpq-quote-summary') as CpqQuoteSummary;
  await summary.updateComplete;
  return { el, summary, root: summary.shadowRoot!, catalog };
}

const price = (catalog: Catalog, quote: Quote, locale = 'zh-CN'): PricedQuote => priceQuote(catalog, quote, { locale });
const figure = (m: Mounted, name: string) => m.root.querySelector(`[data-figure="${name}"]`)?.textContent?.trim();
/** How many elements match (assert on counts: a failing assertion on an element itself stalls the reporter). */
const count = (m: Mounted, selector: string) => m.root.querySelectorAll(selector).length;
const quoteChange = (m: Mounted) => oneEvent<GlobalEventHandlersEventMap['cpq-quote-change']>(m.el, 'cpq-quote-change');
const discountInput = (m: Mounted) => m.root.querySelector<HTMLInputElement>('[part="discount-input"]');
const settle = async (m: Mounted) => {
  await m.el.updateComplete;
  await m.summary.updateComplete;
};

function expectTotals(m: Mounted, p: PricedQuote, locale = 'zh-CN') {
  const cur = (a: string) => money(a, p.currency, locale);
  expect(figure(m, 'list')).to.equal(cur(p.totals.list));
  expect(figure(m, 'discount')).to.contain(cur(p.totals.discount)).and.contain(percent(p.totals.discountPercent, locale));
  expect(figure(m, 'net')).to.equal(cur(p.totals.net));
  expect(figure(m, 'total')).to.equal(cur(p.totals.total));
}

describe('<cpq-quote-summary>', () => {
  it('shows the priced totals and one row per tax rate with its base', async () => {
    const quote = await quoteFixture('crm-pro-120');
    const m = await mount(quote);
    const p = price(m.catalog, quote);
    expectTotals(m, p);
    expect(p.totals.taxes.length).to.be.greaterThan(1);
    for (const tax of p.totals.taxes) {
      const dd = m.root.querySelector(`[data-figure="tax-${tax.code}"]`)!;
      expect(dd.textContent!.trim()).to.equal(money(tax.amount, p.currency, 'zh-CN'));
      const dt = dd.previousElementSibling!;
      expect(dt.textContent).to.contain(tax.name!).and.contain(money(tax.base, p.currency, 'zh-CN')).and.contain(percent(tax.rate, 'zh-CN'));
    }
    expect(figure(m, 'tax')).to.equal(money(p.totals.tax, p.currency, 'zh-CN'));
    expect(count(m, '[part="tax-mode"]'), '[part="tax-mode"]').to.equal(0);
    await expect(m.summary).to.be.accessible();
  });

  it('tax-inclusive catalogs say so; sales mode shows cost, margin and margin %', async () => {
    const catalog = await compressorCatalog();
    const quote = await quoteFixture('compressor-55kw-full');
    const m = await mount(quote, { catalog });
    const p = price(catalog, quote);
    expect(p.taxMode).to.equal('inclusive');
    expectTotals(m, p);
    expect(m.root.querySelector('[part="tax-mode"]')!.textContent).to.contain('含税');
    expect(m.root.querySelector('[data-figure="total"]')!.previousElementSibling!.textContent).to.contain('含税');
    expect(figure(m, 'cost')).to.equal(money(p.totals.cost, p.currency, 'zh-CN'));
    expect(figure(m, 'margin')).to.equal(money(p.totals.margin, p.currency, 'zh-CN'));
    expect(figure(m, 'margin-percent')).to.equal(percent(p.totals.marginPercent, 'zh-CN'));
    await expect(m.summary).to.be.accessible();
  });

  it('lists the approvals in sales mode under "需要审批"', async () => {
    const base = await quoteFixture('crm-pro-120');
    const quote: Quote = { ...base, lines: base.lines.map((l) => (l.id === 'L1' ? { ...l, discount: { percent: '40' } } : l)) };
    const m = await mount(quote);
    const p = price(m.catalog, quote);
    expect(p.approvals.length).to.be.greaterThan(1);
    const section = m.root.querySelector('[part="approvals"]')!;
    expect(section.closest('section')!.querySelector('[role="heading"]')!.textContent).to.equal('需要审批');
    const items = [...section.querySelectorAll('li')].map((li) => li.textContent!);
    expect(items).to.have.length(p.approvals.length);
    // The level by its display name, never its code (issue 14).
    const names: Record<string, string> = { manager: '销售经理', director: '销售总监', finance: '财务' };
    p.approvals.forEach((a, i) => expect(items[i]).to.contain(names[a.level]).and.contain(a.message).and.not.contain(a.level));
    // The floor warning is a warning, said in words.
    const warning = p.issues.find((i) => i.severity === 'warning')!;
    const warnings = [...m.root.querySelectorAll('[part~="warnings"] li')].map((li) => li.textContent!);
    expect(warnings.some((w) => w.startsWith('提示：') && w.includes(warning.message))).to.equal(true);
    await expect(m.summary).to.be.accessible();
  });

  it('self-service: no approvals, cost, margin or discount control; says the seller will review', async () => {
    const catalog = await compressorCatalog();
    const base = await quoteFixture('compressor-55kw-full');
    const quote: Quote = { ...base, discount: { percent: '25' } };
    const p = price(catalog, quote);
    expect(p.approvals.length).to.be.greaterThan(0);
    const m = await mount(quote, { catalog, mode: 'self-service' });
    expectTotals(m, p);
    const dump = m.root.textContent!;
    for (const figureText of [money(p.totals.cost, p.currency, 'zh-CN'), money(p.totals.margin, p.currency, 'zh-CN'), percent(p.totals.marginPercent, 'zh-CN')]) {
      expect(dump).to.not.contain(figureText);
    }
    for (const line of p.lines) if (line.cost) expect(dump).to.not.contain(money(line.cost, p.currency, 'zh-CN'));
    for (const word of ['成本', '毛利', '需要审批', ...p.approvals.map((a) => a.message)]) expect(dump).to.not.contain(word);
    expect(count(m, '[part="approvals"], [part="discount-input"], [data-figure="cost"], [data-figure="margin"]'), '[part="approvals"], [part="discount-input"], [data-figure="cost"], [data-figure="margin"]').to.equal(0);
    expect(m.root.querySelector('[part="review"]')!.textContent).to.equal('报价需经销售确认');
    await expect(m.summary).to.be.accessible();

    // Same quote in sales mode: approvals listed, no customer note.
    const sales = await mount(quote, { catalog });
    expect(sales.root.querySelectorAll('[part="approvals"] li')).to.have.length(p.approvals.length);
    expect(count(sales, '[part="review"]'), '[part="review"]').to.equal(0);
  });

  it('the quote discount field sets, validates and clears the quote discount', async () => {
    const quote = await quoteFixture('crm-pro-120');
    const m = await mount(quote);
    const input = discountInput(m)!;
    expect(input.value).to.equal('');
    input.focus();
    let changed = quoteChange(m);
    await sendKeys({ type: '２０' });
    await sendKeys({ press: 'Enter' });
    let event = await changed;
    expect(event.detail.quote.discount).to.deep.equal({ percent: '20' });
    await settle(m);
    const discounted = price(m.catalog, { ...quote, discount: { percent: '20' } });
    expect(event.detail.priced!.totals.total).to.equal(discounted.totals.total);
    expectTotals(m, discounted);
    expect(m.root.querySelectorAll('[part="approvals"] li')).to.have.length(discounted.approvals.length);
    expect(discounted.approvals.length).to.be.greaterThan(0);

    // Not a number: nothing is sent, the field says why.
    let fired = 0;
    m.el.addEventListener('cpq-quote-change', () => fired++);
    input.value = 'abc';
    input.dispatchEvent(new Event('change'));
    await settle(m);
    expect(fired).to.equal(0);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(m.root.getElementById(input.getAttribute('aria-describedby')!.split(' ')[1]!)!.textContent).to.contain('0 到 100');
    await expect(m.summary).to.be.accessible();

    changed = quoteChange(m);
    input.value = '';
    input.dispatchEvent(new Event('change'));
    event = await changed;
    expect(event.detail.quote).to.not.have.property('discount');
    await settle(m);
    expectTotals(m, price(m.catalog, quote));
    expect(input.getAttribute('aria-invalid')).to.equal('false');
  });

  it('parses typed percents (full width, %, bounds)', () => {
    const cases: [string, string | undefined][] = [['10', '10'], ['１２.５０', '12.5'], [' 7 % ', '7'], ['', ''], ['100', '100'], ['100.5', undefined], ['-3', undefined], ['1e2', undefined], ['007.0', '7']];
    for (const [raw, expected] of cases) expect(parsePercent(raw), raw).to.equal(expected);
  });

  it('"why this price" lists the waterfall steps of a chosen line, options included, and the quote adjustments', async () => {
    const quote = await quoteFixture('partner-gold');
    const m = await mount(quote);
    const p = price(m.catalog, quote);
    const select = m.root.querySelector<HTMLSelectElement>('select[part="line-select"]')!;
    expect(m.root.querySelector(`label[for="${select.id}"]`)!.textContent).to.equal('选择报价行');
    expect([...select.options].slice(1).map((o) => o.value)).to.deep.equal(p.lines.map((l) => l.id));
    expect(count(m, '[part="waterfall"]'), '[part="waterfall"]').to.equal(0);

    const steps = () => [...m.root.querySelectorAll('[part="waterfall"] li')].map((li) => [li.querySelector('.label')!.textContent, li.querySelector('.amount')!.textContent]);
    const expectSteps = (id: string) => {
      const line = p.lines.find((l) => l.id === id)!;
      expect(steps()).to.deep.equal(line.waterfall.map((s) => [s.label, money(s.amount, p.currency, 'zh-CN')]));
    };
    select.value = 'L1';
    select.dispatchEvent(new Event('change'));
    await m.summary.updateComplete;
    expect(m.summary.waterfallLine).to.equal('L1');
    expectSteps('L1');
    const child = p.lines.find((l) => l.parentId !== null)!;
    m.summary.showWaterfall(child.id);
    await m.summary.updateComplete;
    expect(select.value).to.equal(child.id);
    expectSteps(child.id);
    m.summary.setAttribute('waterfall-line', 'L2');
    await m.summary.updateComplete;
    expectSteps('L2');

    expect(p.adjustments.length).to.be.greaterThan(0);
    const adjustments = [...m.root.querySelectorAll('[part="adjustments"] li')].map((li) => li.textContent);
    expect(adjustments).to.deep.equal(p.adjustments.map((a) => `${a.label}${money(a.amount, p.currency, 'zh-CN')}`));
    await expect(m.summary).to.be.accessible();
  });

  it('shows errors under their heading and says the quote cannot be ordered', async () => {
    const quote = await quoteFixture('conflict');
    const m = await mount(quote);
    const p = price(m.catalog, quote);
    expect(p.orderable).to.equal(false);
    expect(m.root.querySelector('[part="not-orderable"]')!.textContent).to.equal('报价尚不能下单');
    const errors = [...m.root.querySelectorAll('[part~="errors"] li')].map((li) => li.textContent!);
    const expected = p.issues.filter((i) => i.severity === 'error');
    expect(errors).to.have.length(expected.length);
    expected.forEach((issue, i) => expect(errors[i]).to.contain('错误：').and.contain(issue.message));
    await expect(m.summary).to.be.accessible();

    const ok = await mount(await quoteFixture('crm-pro-120'));
    expect(count(ok, '[part="not-orderable"], [part~="issues"]'), '[part="not-orderable"], [part~="issues"]').to.equal(0);
  });

  it('switches between zh-CN and en', async () => {
    const catalog = await compressorCatalog();
    const quote = await quoteFixture('compressor-rule-errors');
    const m = await mount(quote, { catalog });
    expect(m.root.querySelector('[part="tax-mode"]')!.textContent).to.equal('价格含税');
    m.el.locale = 'en';
    await settle(m);
    const p = price(catalog, quote, 'en');
    expectTotals(m, p, 'en');
    expect(m.root.querySelector('[part="tax-mode"]')!.textContent).to.equal('Prices include tax');
    expect(m.root.querySelector('label[for="qd"]')!.textContent).to.equal('Quote discount (%)');
    expect(m.root.querySelector('[part="not-orderable"]')!.textContent).to.equal('This quote cannot be ordered yet');
    const firstError = p.issues.find((i) => i.severity === 'error')!;
    expect(m.root.querySelector('[part~="errors"] li')!.textContent).to.contain('Error: ').and.contain(firstError.message);
    m.summary.showWaterfall('L1');
    await m.summary.updateComplete;
    expect(m.root.querySelector('[part="waterfall"]')!.getAttribute('aria-label')).to.equal(`How L1 ${p.lines[0]!.name} is priced`);
    await expect(m.summary).to.be.accessible();

    const self = await mount(quote, { catalog, mode: 'self-service', locale: 'en' });
    expectTotals(self, p, 'en');
    await expect(self.summary).to.be.accessible();
  });

  it('read-only: the discount field is disabled', async () => {
    const m = await mount(await quoteFixture('crm-pro-120'), { readonly: true });
    expect(discountInput(m)!.disabled).to.equal(true);
    await expect(m.summary).to.be.accessible();
  });

  it('renders catalog text as text: markup in names never runs', async () => {
    const w = window as unknown as { __xss?: number };
    delete w.__xss;
    const base = await crmCatalog();
    const img = '<img src=x onerror="window.__xss=1">';
    const script = '<script>window.__xss=2</script>';
    const catalog: Catalog = {
      ...base,
      products: base.products.map((p) => (p.sku === 'CRM-PRO' ? { ...p, name: { 'zh-CN': img, en: img } } : p.sku === 'ADDON-CPQ' ? { ...p, name: script } : p)),
      taxes: base.taxes.map((t) => ({ ...t, name: script })),
    };
    const quote = await quoteFixture('crm-pro-120');
    const m = await mount(quote, { catalog });
    const options = [...m.root.querySelectorAll('select[part="line-select"] option')].map((o) => o.textContent!);
    expect(options.some((o) => o.includes(img))).to.equal(true);
    expect(options.some((o) => o.includes(script))).to.equal(true);
    expect(m.root.querySelector('[part="totals"] dt')!.parentElement!.textContent).to.contain(script);
    expect(count(m, 'img, script'), 'img, script').to.equal(0);
    await nextFrame();
    await new Promise((r) => setTimeout(r, 50));
    expect(w.__xss).to.equal(undefined);
    await expect(m.summary).to.be.accessible();
  });
  it('the quote discount as an amount, chosen from the keyboard (issue 14, item 4): full-width digits and separators read, a bad amount refused at the field', async () => {
    const quote = await quoteFixture('crm-pro-120');
    const m = await mount(quote);
    const kind = m.root.querySelector<HTMLSelectElement>('[part="discount-kind"]')!;
    kind.focus();
    await sendKeys({ press: 'ArrowDown' });
    await settle(m);
    expect(kind.value).to.equal('amount');
    expect(m.root.querySelector('label[for="qd"]')!.textContent).to.equal('整单折扣（减额）');
    const input = discountInput(m)!;
    input.focus();
    await sendKeys({ type: '-5' });
    await sendKeys({ press: 'Enter' });
    await settle(m);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(m.root.querySelector('#qd-error')!.textContent).to.equal('请输入不小于 0 的金额');
    input.select();
    await sendKeys({ type: '１，０００.５０' });
    const changed = quoteChange(m);
    await sendKeys({ press: 'Enter' });
    const { quote: q, priced } = (await changed).detail;
    expect(q.discount).to.deep.equal({ amount: '1000.5' });
    const expected = price(m.catalog, { ...quote, discount: { amount: '1000.5' } });
    expect(priced!.totals.total).to.equal(expected.totals.total);
    await settle(m);
    expectTotals(m, expected);
    // Back to percent: nothing priced until a percent is typed; the hint says what the quote has.
    kind.focus();
    await sendKeys({ press: 'ArrowUp' });
    await settle(m);
    expect(m.el.quote.discount).to.deep.equal({ amount: '1000.5' });
    expect(discountInput(m)!.value).to.equal('');
    expect(m.root.querySelector('#qd-hint')!.textContent).to.contain('当前整单折扣：减');
    await expect(m.summary).to.be.accessible();
  });
  it('renders a long quote\'s line chooser options only while it is in use, then every line, and shows the chosen one after', async () => {
    const { catalog, quote } = linesCatalogAndQuote(600);
    const m = await mount(quote, { catalog, locale: 'en' });
    const select = () => m.root.querySelector<HTMLSelectElement>('select[part="line-select"]')!;
    const lines = m.el.priced!.lines.length;
    expect(lines).to.be.at.least(600);
    expect(count(m, 'select[part="line-select"] option')).to.equal(1);
    select().focus();
    await m.summary.updateComplete;
    expect(count(m, 'select[part="line-select"] option')).to.equal(lines + 1);
    select().value = 'L2';
    select().dispatchEvent(new Event('change', { bubbles: true }));
    select().blur();
    await m.summary.updateComplete;
    expect(count(m, 'select[part="line-select"] option')).to.equal(2);
    expect(select().value).to.equal('L2');
  });
});
