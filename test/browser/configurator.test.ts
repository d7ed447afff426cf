// <cpq-configurator> inside a real <cpq-quote>, on the sample catalogs. What it should show is
// derived in the test from priceQuote/configure output and the catalog, never hard-coded figures.
import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { CpqState } from '../../src/components/context.js';
import type { CpqConfigurator } from '../../src/components/configurator/configurator.js';
import { money } from '../../src/components/format.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import { Dec } from '../../src/core/decimal.js';
import { priceQuote } from '../../src/pricing/index.js';
import type { Catalog, ConfigState, FeatureState, OptionState, PricedQuote, Quote, QuoteLine } from '../../src/types.js';
import { compressorCatalog, crmCatalog, quoteFixture } from './support/catalogs.js';

interface Mounted { el: CpqQuote; cfg: CpqConfigurator; root: ShadowRoot; catalog: Catalog }

const DATE = '2026-11-28';
const quoteOf = (line: Omit<QuoteLine, 'id'>): Quote => ({ id: 'Q-T', date: DATE, lines: [{ id: 'L1', ...line }] });

async function mount(opts: { quote?: Quote; catalog?: Catalog; mode?: string; locale?: string; readonly?: boolean; lineId?: string | null } = {}): Promise<Mounted> {
  const catalog = opts.catalog ?? (await compressorCatalog());
  const quote = opts.quote ?? quoteOf({ sku: 'AC-SCREW' });
  const lineId = opts.lineId === undefined ? 'L1' : opts.lineId;
  const el = await fixture<CpqQuote>(html`<cpq-quote .catalog=${catalog} .quote=${quote} mode=${opts.mode ?? 'sales'} locale=${opts.locale ?? 'zh-CN'} ?readonly=${opts.readonly ?? false}>
    <cpq-configurator line-id=${lineId ?? ''}></cpq-configurator></cpq-quote>`);
  const cfg = el.querySelector('cpq-configurator')!;
  if (lineId === null) cfg.removeAttribute('line-id');
  await cfg.updateComplete;
  return { el, cfg, root: cfg.shadowRoot!, catalog };
}

const stateOf = (m: Mounted) => (m.el as unknown as { cpq: CpqState }).cpq;
const settle = async (m: Mounted) => { await m.el.updateComplete; await m.cfg.updateComplete; };
/** The options not chosen are priced after the change is painted (a frame, then a task). */
const previewed = async (m: Mounted) => { await nextFrame(); await new Promise((r) => setTimeout(r)); await m.cfg.updateComplete; };
const change = (m: Mounted) => oneEvent<GlobalEventHandlersEventMap['cpq-quote-change']>(m.el, 'cpq-quote-change');
const input = (m: Mounted, sku: string) => m.root.querySelector<HTMLInputElement>(`input[data-k="opt"][data-s="${sku}"]`);
const optionRow = (m: Mounted, sku: string) => input(m, sku)!.closest('[part="option"]')!;
const count = (m: Mounted, selector: string) => m.root.querySelectorAll(selector).length;
const shownText = (m: Mounted) => m.root.textContent!.replace(/\s+/g, ' ');
const localized = (t: unknown, locale: string) => (typeof t === 'string' ? t : (t as Record<string, string>)[locale]!);

/** What <cpq-quote> prices and configures for this quote: the element must show exactly this. */
function expected(catalog: Catalog, quote: Quote, locale = 'zh-CN'): { priced: PricedQuote; config: ConfigState } {
  let config: ConfigState | undefined;
  const priced = priceQuote(catalog, quote, { locale, onConfigure: (id, s) => { if (id === 'L1') config = s; } });
  return { priced, config: config! };
}

/** The configured line's total with its option lines, on the price basis (含税: total). */
function lineTotal(priced: PricedQuote, id = 'L1'): string {
  const sum = priced.lines.filter((l) => l.id === id || l.id.startsWith(`${id}/`))
    .reduce((s, l) => s.plus(priced.taxMode === 'inclusive' ? l.total : l.netAmount), new Dec(0));
  return money(sum.toFixed(), priced.currency, priced.locale);
}

const shownTotal = (m: Mounted) => m.root.querySelector('[part="total"]')!.textContent!.replace(/\s+/g, ' ');
const visibleOptions = (f: FeatureState) => f.options.filter((o) => !o.hidden);

async function click(m: Mounted, sku: string) {
  const changed = change(m);
  input(m, sku)!.click();
  const event = await changed;
  await settle(m);
  return event.detail;
}

describe('<cpq-configurator>', () => {
  it('shows the default air-compressor line as its configuration state says', async () => {
    const m = await mount();
    const { config, priced } = expected(m.catalog, quoteOf({ sku: 'AC-SCREW' }));
    const fieldsets = [...m.root.querySelectorAll('[part="base"] > fieldset')];
    expect(fieldsets.map((f) => f.querySelector('legend')!.textContent!.trim().split(' ')[0])).to.deep.equal(config.features.map((f) => f.name));
    expect(fieldsets[0]!.querySelector('legend')!.textContent).to.contain('选 1 项');
    for (const f of config.features) {
      for (const o of visibleOptions(f)) {
        const el = input(m, o.sku)!;
        expect(el, o.sku).to.exist;
        expect(el.type, o.sku).to.equal(f.max === 1 ? 'radio' : 'checkbox');
        expect(el.checked, o.sku).to.equal(o.selected);
        expect(el.disabled, o.sku).to.equal(!o.available);
        expect(optionRow(m, o.sku).querySelector('.name')!.textContent).to.equal(o.name);
      }
    }
    // Selected: the priced child line's amount; not selected: "+" the amount it would add; included: 已含.
    const child = priced.lines.find((l) => l.id === 'L1/MOTOR-37')!;
    expect(optionRow(m, 'MOTOR-37').querySelector('[part="price"]')!.textContent).to.equal(money(child.total, 'CNY', 'zh-CN'));
    await previewed(m);
    const alone = priceQuote(m.catalog, { id: 'W', date: DATE, lines: [{ id: 'W1', sku: 'MOTOR-55', qty: '1' }] });
    expect(optionRow(m, 'MOTOR-55').querySelector('[part="price"]')!.textContent).to.equal(`+${money(alone.lines[0]!.total, 'CNY', 'zh-CN')}`);
    expect(optionRow(m, 'MOUNT-SKID').querySelector('[part="price"]')!.textContent).to.equal('已含');
    expect(shownTotal(m)).to.contain(lineTotal(priced)).and.to.contain('含税');
    // Quantity and the attribute with its price deltas.
    expect(m.root.querySelector<HTMLInputElement>('input[data-k="qty"]')!.value).to.equal(config.qty);
    const select = m.root.querySelector<HTMLSelectElement>('select[data-k="attr"]')!;
    expect(select.value).to.equal(config.attributes[0]!.value);
    expect(select.closest('label')!.textContent).to.contain(config.attributes[0]!.name);
    expect(select.options[1]!.textContent).to.contain(`+${money(config.attributes[0]!.values[1]!.priceDelta, 'CNY', 'zh-CN')}`);
    expect(count(m, '[role="alert"]')).to.equal(config.errors.length > 0 ? 1 : 0);
    for (const w of config.warnings) expect(shownText(m)).to.contain(w.message);
    await expect(m.cfg).to.be.accessible();
  });

  it('changes the quote when an option is clicked, and shows the new total', async () => {
    const m = await mount();
    const before = shownTotal(m);
    const detail = await click(m, 'MOTOR-55');
    const skus = detail.quote.lines[0]!.options!.map((o) => o.sku);
    expect(skus).to.include('MOTOR-55').and.not.include('MOTOR-37');
    expect(detail.priced!.lines.some((l) => l.id === 'L1/MOTOR-55')).to.equal(true);
    expect(shownTotal(m)).to.not.equal(before);
    expect(shownTotal(m)).to.contain(lineTotal(detail.priced!));
    expect(input(m, 'MOTOR-55')!.checked && !input(m, 'MOTOR-37')!.checked).to.equal(true);
    // A checkbox removes just itself.
    const off = await click(m, 'DRYER-REF');
    const left = off.quote.lines[0]!.options!.map((o) => o.sku);
    expect(left).to.not.include('DRYER-REF');
    expect(left).to.include('MOTOR-55');
  });

  it('marks a rule-selected option with its reason, and drops it with the option that caused it', async () => {
    const m = await mount();
    await click(m, 'SVC-PREM-3Y');
    const iot = input(m, 'IOT-MON')!;
    expect(iot.checked && iot.disabled).to.equal(true);
    const rule = m.catalog.rules!.find((r) => r.id === 'premium-iot')!;
    const note = m.root.getElementById(iot.getAttribute('aria-describedby')!)!;
    expect(note.textContent).to.contain(localized(rule.message, 'zh-CN'));
    // "None" in the service plan: the premium plan goes, and the module it brought goes with it.
    const changed = change(m);
    m.root.querySelector<HTMLInputElement>('input[data-k="none"][data-f="servicePlan"]')!.click();
    const detail = (await changed).detail;
    await settle(m);
    expect(detail.quote.lines[0]!.options!.map((o) => o.sku)).to.not.include('SVC-PREM-3Y').and.not.include('IOT-MON');
    expect(input(m, 'IOT-MON')!.checked).to.equal(false);
  });

  it('disables a rule-excluded option and shows why; hidden options are absent', async () => {
    const m = await mount();
    const des = input(m, 'DRYER-DES')!;
    expect(des.disabled).to.equal(true);
    const reason = localized(m.catalog.rules!.find((r) => r.id === 'ref-excludes-des')!.message, 'zh-CN');
    const described = m.root.getElementById(des.getAttribute('aria-describedby')!)!;
    expect(described.textContent).to.contain(reason);
    expect(described.getBoundingClientRect().height).to.be.greaterThan(0);
    // 380 V hides the export package; 400 V shows it.
    expect(count(m, '[data-s="EXPORT-PACK"]')).to.equal(0);
    expect(count(m, 'fieldset')).to.equal(expected(m.catalog, quoteOf({ sku: 'AC-SCREW' })).config.features.length);
    const select = m.root.querySelector<HTMLSelectElement>('select[data-k="attr"]')!;
    const changed = change(m);
    select.value = '400V';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect((await changed).detail.quote.lines[0]!.attributes).to.deep.equal({ voltage: '400V' });
    await settle(m);
    expect(count(m, '[data-s="EXPORT-PACK"]')).to.equal(1);
  });

  it('keeps a chosen option that a rule now excludes removable, with its reason', async () => {
    const defaults = expected(await compressorCatalog(), quoteOf({ sku: 'AC-SCREW' })).config.selection.options;
    const m = await mount({ quote: quoteOf({ sku: 'AC-SCREW', options: [...defaults, { sku: 'DRYER-DES', qty: '1' }] }) });
    const { config } = expected(m.catalog, stateOf(m).quote);
    const des = config.features.flatMap((f) => f.options).find((o) => o.sku === 'DRYER-DES')!;
    expect(des.selected && !des.available).to.equal(true);
    const el = input(m, 'DRYER-DES')!;
    expect(el.checked && !el.disabled).to.equal(true);
    expect(m.root.getElementById(el.getAttribute('aria-describedby')!)!.textContent).to.contain(des.reasons[0]!.message);
    const detail = await click(m, 'DRYER-DES');
    expect(detail.quote.lines[0]!.options!.map((o) => o.sku)).to.not.include('DRYER-DES');
    expect(input(m, 'DRYER-REF')!.disabled).to.equal(false);
  });

  it('renders a selected bundle option with its own features nested, and edits them there', async () => {
    const m = await mount();
    await click(m, 'TANK-AIR');
    const tank = optionRow(m, 'TANK-AIR');
    const nested = tank.querySelector('[part="nested"]')!;
    const { config } = expected(m.catalog, stateOf(m).quote);
    const tankState = config.features.flatMap((f) => f.options).find((o) => o.sku === 'TANK-AIR') as OptionState;
    expect([...nested.querySelectorAll('legend')].map((l) => l.textContent!.trim().split(' ')[0])).to.deep.equal(tankState.features!.map((f) => f.name));
    expect(getComputedStyle(nested).marginInlineStart).to.not.equal('0px');
    const prv = nested.querySelector<HTMLInputElement>('[data-s="TANK-PRV"]')!;
    expect(prv.checked && prv.disabled).to.equal(true);
    expect(prv.closest('[part="option"]')!.textContent).to.contain('必选').and.contain('已含');
    const detail = await click(m, 'TANK-2M3');
    const tankOption = detail.quote.lines[0]!.options!.find((o) => o.sku === 'TANK-AIR') as { options?: { sku: string }[] };
    expect(tankOption.options!.map((o) => o.sku)).to.include('TANK-2M3').and.include('TANK-PRV').and.not.include('TANK-1M3');
    const child = detail.priced!.lines.find((l) => l.id === 'L1/TANK-AIR/TANK-2M3')!;
    expect(optionRow(m, 'TANK-2M3').querySelector('[part="price"]')!.textContent).to.equal(money(child.total, 'CNY', 'zh-CN'));
    expect(shownText(m)).to.contain(localized(m.catalog.rules!.find((r) => r.id === 'tank2-drain')!.message, 'zh-CN'));
  });

  it('changes an option quantity with its stepper', async () => {
    const defaults = expected(await compressorCatalog(), quoteOf({ sku: 'AC-SCREW' })).config.selection.options;
    const m = await mount({ quote: quoteOf({ sku: 'AC-SCREW', options: [...defaults, { sku: 'FILTER-PREC', qty: '1' }] }) });
    const stepper = optionRow(m, 'FILTER-PREC').querySelector<HTMLInputElement>('[part="stepper"] input')!;
    const range = m.catalog.products[0]!.features!.find((f) => f.id === 'accessories')!.options.find((o) => o.sku === 'FILTER-PREC')!.qty!;
    expect([stepper.min, stepper.max]).to.deep.equal([range.min, range.max]);
    expect(stepper.getAttribute('aria-label')).to.contain('精密过滤器');
    expect(count(m, '[data-s="MOTOR-37"] ~ [part="stepper"], [part="option"]:has([data-s="MOTOR-37"]) [part="stepper"]')).to.equal(0);
    const changed = change(m);
    stepper.value = '3';
    stepper.dispatchEvent(new Event('change', { bubbles: true }));
    const detail = (await changed).detail;
    expect(detail.quote.lines[0]!.options!.find((o) => o.sku === 'FILTER-PREC')!.qty).to.equal('3');
    await settle(m);
    const child = detail.priced!.lines.find((l) => l.id === 'L1/FILTER-PREC')!;
    expect(child.qty).to.equal('3');
    expect(optionRow(m, 'FILTER-PREC').querySelector('[part="price"]')!.textContent).to.equal(money(child.total, 'CNY', 'zh-CN'));
  });

  it('is operated with the keyboard: Tab reaches the first radio group, arrow keys change the choice', async () => {
    const m = await mount();
    m.root.querySelector<HTMLInputElement>('input[data-k="qty"]')!.focus();
    await sendKeys({ press: 'Tab' });
    expect((m.root.activeElement as HTMLElement).dataset.k).to.equal('attr');
    await sendKeys({ press: 'Tab' });
    expect((m.root.activeElement as HTMLInputElement).dataset.s).to.equal('MOTOR-37');
    const changed = change(m);
    await sendKeys({ press: 'ArrowDown' });
    expect((await changed).detail.quote.lines[0]!.options!.map((o) => o.sku)).to.include('MOTOR-55');
    await settle(m);
    expect((m.root.activeElement as HTMLInputElement).dataset.s).to.equal('MOTOR-55');
    expect(input(m, 'MOTOR-55')!.checked).to.equal(true);
    expect(count(m, '[tabindex]:not([tabindex="-1"]):not([tabindex="0"])')).to.equal(0);
  });

  it('speaks zh-CN and en, and follows a locale switch on <cpq-quote>', async () => {
    const m = await mount();
    expect(m.root.querySelector('input[data-k="qty"]')!.closest('label')!.textContent).to.contain('数量');
    m.el.locale = 'en';
    await settle(m);
    const { config } = expected(m.catalog, quoteOf({ sku: 'AC-SCREW' }), 'en');
    expect(m.root.querySelector('input[data-k="qty"]')!.closest('label')!.textContent).to.contain('Quantity');
    expect(m.root.querySelector('legend')!.textContent).to.contain(config.features[0]!.name).and.contain('choose 1');
    expect(optionRow(m, 'MOUNT-SKID').querySelector('[part="price"]')!.textContent).to.equal('Included');
    expect(shownTotal(m)).to.contain('incl. tax');
    await expect(m.cfg).to.be.accessible();
    // A product with a term (CRM, tax-exclusive): the term field, in English.
    const crm = await mount({ catalog: await crmCatalog(), quote: await quoteFixture('crm-pro-120'), locale: 'en' });
    const term = crm.root.querySelector<HTMLInputElement>('input[data-k="term"]')!;
    expect(term.value).to.equal('12');
    expect(term.closest('label')!.textContent).to.contain('Term (months)');
    expect(shownTotal(crm)).to.contain('excl. tax');
    await expect(crm.cfg).to.be.accessible();
  });

  it('shows errors at the top and next to their feature, accessibly', async () => {
    const quote = await quoteFixture('compressor-rule-errors');
    const m = await mount({ quote: { ...quote, lines: [{ ...quote.lines[1]!, id: 'L1' }] } });
    const { config } = expected(m.catalog, stateOf(m).quote);
    expect(config.errors.length).to.be.greaterThan(0);
    const alert = m.root.querySelector('[role="alert"]')!;
    for (const e of config.errors.filter((x) => !x.featureId)) expect(alert.textContent).to.contain(e.message);
    expect(count(m, '[role="alert"], [aria-live]')).to.equal(1);
    await expect(m.cfg).to.be.accessible();
    // A feature's own error sits in its fieldset and describes it.
    const over = await mount({ quote: quoteOf({ sku: 'AC-SCREW', options: [{ sku: 'MOTOR-37' }, { sku: 'MOTOR-55' }, { sku: 'COOL-AIR' }, { sku: 'MOUNT-SKID' }] }) });
    const error = expected(over.catalog, stateOf(over).quote).config.errors.find((e) => e.featureId === 'motor')!;
    const fieldset = input(over, 'MOTOR-55')!.closest('fieldset')!;
    expect(over.root.getElementById(fieldset.getAttribute('aria-describedby')!)!.textContent).to.contain(error.message);
    await expect(over.cfg).to.be.accessible();
  });

  it('shows no cost, margin or discount in self-service', async () => {
    const m = await mount({ mode: 'self-service' });
    const words = ['成本', '毛利', '折扣', 'cost', 'margin', 'discount', 'floor'];
    for (const w of words) expect(shownText(m).toLowerCase()).to.not.contain(w);
    for (const p of m.catalog.products.filter((x) => x.cost && Number(x.cost) > 0)) expect(shownText(m)).to.not.contain(money(String(p.cost), 'CNY', 'zh-CN'));
    const kinds = new Set([...m.root.querySelectorAll<HTMLElement>('input, select')].map((e) => e.dataset.k));
    expect([...kinds].sort()).to.deep.equal(['attr', 'none', 'opt', 'qty']);
    await expect(m.cfg).to.be.accessible();
  });

  it('disables everything when read-only', async () => {
    const m = await mount({ readonly: true });
    const controls = [...m.root.querySelectorAll<HTMLInputElement>('input, select')];
    expect(controls.length).to.be.greaterThan(10);
    expect(controls.filter((c) => !c.disabled).length).to.equal(0);
  });

  it('follows the active line, and hints when there is no configurable line', async () => {
    const quote: Quote = { id: 'Q-T', date: DATE, lines: [{ id: 'L1', sku: 'AC-SCREW' }, { id: 'L2', sku: 'DRYER-REF' }] };
    const m = await mount({ quote, lineId: null });
    expect(m.root.querySelector('[part="hint"]')!.textContent).to.equal('选择一个可配置的报价行');
    stateOf(m).api.selectLine('L2');
    await settle(m);
    expect(count(m, '[part="hint"]')).to.equal(1);
    stateOf(m).api.selectLine('L1');
    await settle(m);
    expect(count(m, 'fieldset')).to.be.greaterThan(0);
    await expect(m.cfg).to.be.accessible();
  });

  it('prices the options not chosen with one preview per state, however often it renders', async () => {
    const m = await mount({ quote: quoteOf({ sku: 'AC-SCREW' }) });
    const api = stateOf(m).api;
    const original = api.preview;
    const second = document.createElement('cpq-configurator');
    const seen: Quote[] = [];
    api.preview = (q) => (seen.push(q), original(q));
    try {
      // A second configurator on the same line shares the state, and the preview.
      second.lineId = 'L1';
      m.el.append(second);
      // Its first render (on the current state) is done before the change.
      await second.updateComplete;
      await click(m, 'COOL-WATER');
      await second.updateComplete;
      expect(seen.length).to.equal(0);
      await previewed(m);
      m.cfg.requestUpdate();
      second.requestUpdate();
      await settle(m);
      await previewed(m);
      expect(seen.length).to.equal(1);
      const { config } = expected(m.catalog, stateOf(m).quote);
      const candidates = config.features.flatMap((f) => f.options).filter((o) => !o.selected && o.available && !o.hidden && !o.included);
      expect(seen[0]!.lines.map((l) => [l.sku, l.qty])).to.deep.equal(candidates.map((o) => [o.sku, o.lineQty]));
      expect(second.shadowRoot!.querySelector('[part="total"]')!.textContent).to.equal(m.root.querySelector('[part="total"]')!.textContent);
    } finally {
      api.preview = original;
    }
  });

  it('renders catalog text as text', async () => {
    const catalog = structuredClone(await compressorCatalog());
    const img = '<img src=x onerror="window.__xss=1">';
    const script = '<script>window.__xss=2</script>';
    catalog.products.find((p) => p.sku === 'MOTOR-55')!.name = img;
    catalog.products.find((p) => p.sku === 'DRYER-DES')!.name = script;
    const m = await mount({ catalog });
    await new Promise((r) => setTimeout(r, 50));
    expect(m.root.textContent).to.contain(img).and.contain(script);
    expect(count(m, 'img, script')).to.equal(0);
    expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
  });
});
