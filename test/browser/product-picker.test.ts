// <cpq-product-picker> inside a real <cpq-quote>, on the sample catalogs. Expected result sets and
// prices are derived from the catalog in the test, never hard-coded figures.
import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { CpqProductPicker } from '../../src/components/product-picker/product-picker.js';
import { searchIndex } from '../../src/components/product-picker/search.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import { money } from '../../src/components/format.js';
import type { Catalog, Product, Quote } from '../../src/types.js';
import { compressorCatalog, crmCatalog, quoteFixture } from './support/catalogs.js';

interface Mounted { el: CpqQuote; picker: CpqProductPicker; root: ShadowRoot; catalog: Catalog }

const EMPTY: Quote = { id: 'Q-T', lines: [] };

async function mount(opts: { quote?: Quote; mode?: string; locale?: string; readonly?: boolean; catalog?: Catalog; categories?: string } = {}): Promise<Mounted> {
  const catalog = opts.catalog ?? (await crmCatalog());
  const el = await fixture<CpqQuote>(html`<cpq-quote .catalog=${catalog} .quote=${opts.quote ?? EMPTY} mode=${opts.mode ?? 'sales'} locale=${opts.locale ?? 'zh-CN'} ?readonly=${opts.readonly ?? false}>
    <cpq-product-picker categories=${opts.categories ?? ''}></cpq-product-picker></cpq-quote>`);
  const picker = el.querySelector('cpq-product-picker') as CpqProductPicker;
  await picker.updateComplete;
  return { el, picker, root: picker.shadowRoot!, catalog };
}

const input = (m: Mounted) => m.root.querySelector<HTMLInputElement>('input[type="search"]')!;
const select = (m: Mounted) => m.root.querySelector<HTMLSelectElement>('select')!;
const shownSkus = (m: Mounted) => [...m.root.querySelectorAll<HTMLButtonElement>('button[data-sku]')].map((b) => b.dataset.sku);
const status = (m: Mounted) => m.root.querySelector('[part="status"]')!.textContent!.trim();
/** How many elements match (assert on counts: a failing assertion on an element itself stalls the reporter). */
const count = (m: Mounted, selector: string) => m.root.querySelectorAll(selector).length;
const quoteChange = (m: Mounted) => oneEvent<GlobalEventHandlersEventMap['cpq-quote-change']>(m.el, 'cpq-quote-change');
const focused = (m: Mounted) => m.root.activeElement as HTMLElement | null;

async function type(m: Mounted, value: string) {
  const field = input(m);
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  await m.picker.updateComplete;
}

/** Every name variant of a product, lower-cased: what a reader would search by. */
const names = (p: Product) => (typeof p.name === 'string' ? [p.name] : Object.values(p.name)).map((n) => n.toLowerCase());
const skusWhere = (catalog: Catalog, keep: (p: Product) => boolean) => catalog.products.filter(keep).map((p) => p.sku);

describe('<cpq-product-picker>', () => {
  it('finds products by their Chinese name, ignoring width and spacing', async () => {
    const m = await mount();
    await type(m, '专业版');
    const expected = skusWhere(m.catalog, (p) => names(p).some((n) => n.includes('专业版')));
    expect(expected).to.have.length.greaterThan(0);
    expect(shownSkus(m)).to.deep.equal(expected);
    // Full-width Latin letters and no space still find "CRM 专业版".
    await type(m, 'ＣＲＭ专业版');
    expect(shownSkus(m)).to.deep.equal(expected);
    expect(status(m)).to.contain(String(expected.length));
    await expect(m.picker).to.be.accessible();
  });

  it('finds products by their English name, case-insensitively and in any word order', async () => {
    const m = await mount();
    await type(m, 'PREMIUM support');
    expect(shownSkus(m)).to.deep.equal(skusWhere(m.catalog, (p) => names(p).some((n) => n.includes('premium support'))));
    await type(m, 'professional crm');
    expect(shownSkus(m)).to.deep.equal(skusWhere(m.catalog, (p) => names(p).some((n) => n.includes('crm') && n.includes('professional'))));
    expect(shownSkus(m)).to.have.length(1);
    // The result shows the name in the UI locale even when matched through the other language.
    const shown = m.catalog.products.find((p) => p.sku === shownSkus(m)[0])!;
    expect(m.root.querySelector('[part="name"]')!.textContent).to.equal((shown.name as Record<string, string>)['zh-CN']);
  });

  it('finds products by SKU and by category, and offers only the listed categories', async () => {
    const m = await mount();
    await type(m, 'addon-s');
    expect(shownSkus(m)).to.deep.equal(skusWhere(m.catalog, (p) => p.sku.toLowerCase().includes('addon-s')));
    await type(m, '');
    const categories = [...new Set(m.catalog.products.map((p) => p.category))];
    expect([...select(m).options].map((o) => o.value)).to.deep.equal(['', ...categories]);
    expect(select(m).options[0]!.textContent).to.equal('全部');
    select(m).value = 'service';
    select(m).dispatchEvent(new Event('change'));
    await m.picker.updateComplete;
    expect(shownSkus(m)).to.deep.equal(skusWhere(m.catalog, (p) => p.category === 'service'));
    // Typing a category name finds it too.
    await type(m, 'hardware');
    expect(shownSkus(m)).to.deep.equal([]);
    select(m).value = '';
    select(m).dispatchEvent(new Event('change'));
    await m.picker.updateComplete;
    expect(shownSkus(m)).to.deep.equal(skusWhere(m.catalog, (p) => p.category === 'hardware'));

    const limited = await mount({ categories: 'addon, service' });
    expect(limited.picker.categories).to.deep.equal(['addon', 'service']);
    expect([...select(limited).options].map((o) => o.value)).to.deep.equal(['', 'addon', 'service']);
    expect(shownSkus(limited)).to.deep.equal(skusWhere(limited.catalog, (p) => p.category === 'addon' || p.category === 'service'));
  });

  it('shows list prices: flat as is, tiered/volume/block from their first step, none for derived prices', async () => {
    const m = await mount();
    const price = (sku: string) => m.root.querySelector(`button[data-sku="${sku}"]`)!.closest('li')!.querySelector('[part="price"]')!.textContent!.trim();
    for (const p of m.catalog.products) {
      const pm = p.price;
      const shown = price(p.sku);
      if (pm.model === 'flat') expect(shown).to.contain(money(String(pm.list), m.catalog.currency, 'zh-CN'));
      else if (pm.model === 'tiered' || pm.model === 'volume') expect(shown).to.contain(`${money(String(pm.tiers[0]!.unit), m.catalog.currency, 'zh-CN')} 起`);
      else if (pm.model === 'block') expect(shown).to.contain(`${money(String(pm.blocks[0]!.price), m.catalog.currency, 'zh-CN')} 起`);
      else expect(shown, p.sku).to.equal('');
    }
  });

  it('adds a product: cpq-quote-change carries the new line, which becomes the active one', async () => {
    const m = await mount({ quote: await quoteFixture('crm-pro-120') });
    await type(m, 'ADDON-SSO');
    const button = m.root.querySelector<HTMLButtonElement>('button[data-sku="ADDON-SSO"]')!;
    expect(button.getAttribute('aria-label')).to.equal('添加 单点登录（SSO）');
    const changed = quoteChange(m);
    button.click();
    const { detail } = await changed;
    const added = detail.quote.lines.at(-1)!;
    expect(added.sku).to.equal('ADDON-SSO');
    expect(detail.quote.lines).to.have.length(4);
    expect(detail.priced!.lines.some((l) => l.id === added.id && l.sku === 'ADDON-SSO')).to.equal(true);
    await m.picker.updateComplete;
    expect(m.root.querySelector('[part="added"]')!.textContent).to.contain('单点登录（SSO）');
    expect(m.el.priced!.lines.some((l) => l.id === added.id)).to.equal(true);
  });

  it('keyboard: ArrowDown to the results, ArrowUp/Down between them, Enter and Space add, Escape clears', async () => {
    const m = await mount();
    input(m).focus();
    await sendKeys({ type: 'addon' });
    await m.picker.updateComplete;
    const expected = skusWhere(m.catalog, (p) => p.sku.toLowerCase().includes('addon') || names(p).some((n) => n.includes('addon')) || p.category === 'addon');
    expect(shownSkus(m)).to.deep.equal(expected);
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(m)?.dataset.sku).to.equal(expected[0]);
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(m)?.dataset.sku).to.equal(expected[1]);
    await m.picker.updateComplete;
    // One Tab stop: the focused result.
    expect(m.root.querySelectorAll('button[data-sku][tabindex="0"]')).to.have.length(1);
    expect(focused(m)?.getAttribute('tabindex')).to.equal('0');
    await sendKeys({ press: 'ArrowUp' });
    expect(focused(m)?.dataset.sku).to.equal(expected[0]);
    await sendKeys({ press: 'ArrowUp' });
    expect(focused(m) === input(m), 'focus on the search field').to.equal(true);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'End' });
    expect(focused(m)?.dataset.sku).to.equal(expected.at(-1));

    let changed = quoteChange(m);
    await sendKeys({ press: 'Enter' });
    expect((await changed).detail.quote.lines.at(-1)!.sku).to.equal(expected.at(-1));
    await sendKeys({ press: 'Home' });
    changed = quoteChange(m);
    await sendKeys({ press: 'Space' });
    expect((await changed).detail.quote.lines.map((l) => l.sku)).to.deep.equal([expected.at(-1), expected[0]]);

    await sendKeys({ press: 'Escape' });
    await m.picker.updateComplete;
    expect(focused(m) === input(m), 'focus on the search field').to.equal(true);
    expect(input(m).value).to.equal('');
    expect(shownSkus(m)).to.deep.equal(m.catalog.products.map((p) => p.sku));
    await sendKeys({ type: 'sso' });
    await sendKeys({ press: 'Escape' });
    await m.picker.updateComplete;
    expect(m.picker.query).to.equal('');
    expect(shownSkus(m)).to.have.length(m.catalog.products.length);
  });

  it('never shows costs or floor prices, in either mode', async () => {
    const catalog = await compressorCatalog();
    const listed = new Set(catalog.products.flatMap((p) => (p.price.model === 'flat' ? [String(p.price.list)] : [])));
    for (const mode of ['self-service', 'sales']) {
      const m = await mount({ catalog, mode });
      const shown = m.root.textContent!;
      expect(shownSkus(m)).to.have.length(catalog.products.length);
      for (const p of catalog.products) {
        for (const internal of [p.cost, p.floorPrice]) {
          if (internal === undefined || listed.has(String(internal))) continue;
          expect(shown, `${mode} ${p.sku}`).to.not.contain(money(String(internal), catalog.currency, 'zh-CN'));
        }
      }
      // Tax-inclusive list prices say so.
      expect(m.root.querySelector('[part="price"]')!.textContent).to.contain('含税');
      await expect(m.picker).to.be.accessible();
    }
  });

  it('read-only: add buttons are disabled and nothing is added', async () => {
    const m = await mount({ readonly: true });
    const buttons = [...m.root.querySelectorAll<HTMLButtonElement>('button[data-sku]')];
    expect(buttons).to.have.length(m.catalog.products.length);
    expect(buttons.every((b) => b.disabled)).to.equal(true);
    let fired = false;
    m.el.addEventListener('cpq-quote-change', () => (fired = true));
    buttons[0]!.click();
    await m.el.updateComplete;
    expect(fired).to.equal(false);
    expect(m.el.quote.lines).to.have.length(0);
    await expect(m.picker).to.be.accessible();
    // A host page gives the list a height (the demo does): scrolled, with no control to focus,
    // the list itself is in the tab order (axe: scrollable-region-focusable).
    const list = m.root.querySelector<HTMLUListElement>('ul[part="results"]')!;
    list.style.maxHeight = '60px';
    list.style.overflow = 'auto';
    expect(list.scrollHeight).to.be.greaterThan(list.clientHeight);
    expect(list.tabIndex).to.equal(0);
    await expect(m.picker).to.be.accessible();
  });

  it('in sales mode the list is not a tab stop of its own (the active add button is)', async () => {
    const m = await mount();
    expect(m.root.querySelector('ul[part="results"]')!.hasAttribute('tabindex')).to.equal(false);
    expect(m.root.querySelectorAll('button[data-sku][tabindex="0"]')).to.have.length(1);
  });

  it('switches between zh-CN and en', async () => {
    const m = await mount();
    await type(m, 'CRM-PRO');
    expect(m.root.querySelector('label')!.textContent).to.equal('搜索产品');
    expect(input(m).placeholder).to.equal('按名称、SKU 或类别搜索');
    m.el.locale = 'en';
    await m.el.updateComplete;
    await m.picker.updateComplete;
    expect(m.root.querySelector('label')!.textContent).to.equal('Search products');
    expect(input(m).placeholder).to.equal('Search by name, SKU or category');
    expect(select(m).options[0]!.textContent).to.equal('All');
    expect(m.root.querySelector('[part="name"]')!.textContent).to.equal('CRM Professional');
    expect(m.root.querySelector('button[data-sku="CRM-PRO"]')!.getAttribute('aria-label')).to.equal('Add CRM Professional');
    expect(status(m)).to.equal('1 products found');
    m.picker.placeholder = 'Find…';
    await m.picker.updateComplete;
    expect(input(m).placeholder).to.equal('Find…');
    await expect(m.picker).to.be.accessible();
  });

  it('renders catalog text as text: markup in names never runs', async () => {
    const w = window as unknown as { __xss?: number };
    delete w.__xss;
    const base = await crmCatalog();
    const img = '<img src=x onerror="window.__xss=1">';
    const script = '<script>window.__xss=2</script>';
    const catalog: Catalog = { ...base, products: base.products.map((p, i) => (i === 0 ? { ...p, name: { 'zh-CN': img, en: script } } : i === 1 ? { ...p, name: script, category: img } : p)) };
    const m = await mount({ catalog });
    await type(m, '<img');
    expect(shownSkus(m)).to.deep.equal([base.products[0]!.sku, base.products[1]!.sku]);
    const nameEls = m.root.querySelectorAll('[part="name"]');
    expect(nameEls[0]!.textContent).to.equal(img);
    expect(nameEls[1]!.textContent).to.equal(script);
    expect(count(m, 'img, script'), 'img, script').to.equal(0);
    await nextFrame();
    await new Promise((r) => setTimeout(r, 50));
    expect(w.__xss).to.equal(undefined);
    await expect(m.picker).to.be.accessible();
  });

  it('stays fast on 1,000 products: one index per catalog, a capped result list', async () => {
    const base = await crmCatalog();
    const products: Product[] = Array.from({ length: 1000 }, (_, i) => ({
      sku: `P-${String(i).padStart(4, '0')}`, name: { 'zh-CN': `产品 ${i}`, en: `Product ${i}` }, category: `cat-${i % 7}`,
      price: { model: 'flat', list: `${100 + i}.00` },
    }));
    const catalog: Catalog = { ...base, rules: [], priceRules: [], priceBooks: [], approvalRules: [], products };
    const m = await mount({ catalog });
    const index = searchIndex(catalog);
    expect(index).to.have.length(1000);
    expect(shownSkus(m)).to.have.length(m.picker.limit);
    expect(status(m)).to.contain('1000').and.contain(String(m.picker.limit));
    const start = performance.now();
    for (const q of ['p', 'pr', 'pro', 'prod', 'product 9', '产品 990']) await type(m, q);
    const elapsed = performance.now() - start;
    expect(searchIndex(catalog)).to.equal(index);
    // Every word must occur: "产品 990" is product 990 only (not 99, 199, …).
    const expected = products.filter((p) => names(p).some((n) => n.includes('产品') && n.includes('990'))).map((p) => p.sku);
    expect(expected).to.have.length(1);
    expect(shownSkus(m)).to.deep.equal(expected);
    expect(elapsed, `${elapsed.toFixed(1)} ms for 6 searches`).to.be.below(500);
  });
});
