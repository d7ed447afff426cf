// <cpq-configurator> inside a real <cpq-quote>, on the sample catalogs. What it should show is
// derived in the test from priceQuote/configure output and the catalog, never hard-coded figures.
import { expect, fixture, html, nextFrame, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { CpqState } from '../../src/components/context.js';
import type { CpqConfigurator } from '../../src/components/configurator/configurator.js';
import { money } from '../../src/components/format.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import { Dec } from '../../src/core/decimal.js';
import { priceQuote } from '../../src/pricing/index.js';
import type { Catalog, ConfigState, FeatureState, OptionState, PricedQuote, Quote, QuoteLine } from '../../src/types.js';
import { compressorCatalog, crmCatalog, demoQuote, quoteFixture } from './support/catalogs.js';

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

/** The options of the priced line L1 as the configuration engine resolved them (what a click edits). */
function resolvedOptions(catalog: Catalog, quote: Quote) {
  return expected(catalog, quote).config.selection.options;
}

/**
 * The change in the quote total (含税 in this catalog) when `add` is chosen and `drop` unchosen on
 * line L1, from priceQuote on the two quotes: what the configurator must show beside `add`.
 */
function effect(catalog: Catalog, quote: Quote, add: string | null, drop: string[], basis: 'total' | 'net' = 'total'): string {
  const options = resolvedOptions(catalog, quote).filter((o) => !drop.includes(o.sku));
  const next: Quote = { ...quote, lines: quote.lines.map((l) => (l.id === 'L1' ? { ...l, options: add ? [...options, { sku: add, qty: '1' }] : options } : l)) };
  const total = (q: Quote) => new Dec(priceQuote(catalog, q, { locale: 'zh-CN' }).totals[basis]);
  return total(next).minus(total(quote)).toFixed(2);
}

/** A signed figure as the configurator writes it: −¥47,040.00 (a real minus), +¥12,740.00. */
const signed = (v: string, locale = 'zh-CN') => (v.startsWith('-') ? `\u2212${money(v.slice(1), 'CNY', locale)}` : `+${money(v, 'CNY', locale)}`);

/** The price effect shown beside an option not chosen, once priced (after the paint, for the options in view). */
async function effectShown(m: Mounted, sku: string): Promise<string> {
  const row = () => optionRow(m, sku).querySelector<HTMLElement>('[part="price"]')!;
  row().scrollIntoView({ block: 'center' });
  await waitUntil(() => row().dataset.effect !== '' && !row().classList.contains('stale'), `the price effect of ${sku}`);
  return row().textContent!;
}

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
    // Selected: the priced child line's amount; not selected: how the quote total would change; included: 已含.
    const child = priced.lines.find((l) => l.id === 'L1/MOTOR-37')!;
    expect(optionRow(m, 'MOTOR-37').querySelector('[part="price"]')!.textContent).to.equal(money(child.total, 'CNY', 'zh-CN'));
    const quote = quoteOf({ sku: 'AC-SCREW' });
    expect(await effectShown(m, 'MOTOR-55')).to.equal(signed(effect(m.catalog, quote, 'MOTOR-55', ['MOTOR-37'])));
    expect(optionRow(m, 'MOUNT-SKID').querySelector('[part="price"]')!.textContent).to.equal('已含');
    expect(m.root.querySelector('[part="effects-note"]')!.textContent).to.equal('未选选项旁的金额：选择它后报价合计的变化。');
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

  it('shows beside each option not chosen how the quote total would change: the motor whose choice lowers it with a minus', async () => {
    // The demo's 55 kW machine with a 2 % quote discount: the 37 kW motor costs less.
    const quote = await demoQuote('compressor-55kw-full');
    const m = await mount({ quote });
    const lower = effect(m.catalog, quote, 'MOTOR-37', ['MOTOR-55']);
    expect(new Dec(lower).isNegative(), lower).to.equal(true);
    expect(await effectShown(m, 'MOTOR-37')).to.equal(signed(lower));
    expect(await effectShown(m, 'MOTOR-75')).to.equal(signed(effect(m.catalog, quote, 'MOTOR-75', ['MOTOR-55'])));
    // An included option that replaces a priced one lowers the total too (it is not just 已含).
    const air = effect(m.catalog, quote, 'COOL-AIR', ['COOL-WATER']);
    expect(await effectShown(m, 'COOL-AIR')).to.equal(signed(air));
    // "None" in an optional radio group: the service plan's price leaves the total.
    const noneRow = () => m.root.querySelector<HTMLInputElement>('input[data-k="none"][data-f="servicePlan"]')!.closest('label')!.querySelector<HTMLElement>('[part="price"]')!;
    noneRow().scrollIntoView({ block: 'center' });
    await waitUntil(() => noneRow().dataset.effect !== '');
    expect(noneRow().textContent).to.equal(signed(effect(m.catalog, quote, null, ['SVC-PREM-3Y'])));
    // Choosing the motor changes the quote's total by exactly the figure shown.
    const before = stateOf(m).priced!.totals.total;
    const detail = await click(m, 'MOTOR-37');
    expect(new Dec(detail.priced!.totals.total).minus(before).toFixed(2)).to.equal(lower);
    await expect(m.cfg).to.be.accessible();
  });

  it('counts what a choice brings with it: the option a rule selects, the bundle’s own defaults', async () => {
    const quote = quoteOf({ sku: 'AC-SCREW' });
    const m = await mount({ quote });
    // The premium plan selects remote monitoring (autoSelect): its effect includes the module.
    const plan = effect(m.catalog, quote, 'SVC-PREM-3Y', []);
    const planAlone = priceQuote(m.catalog, { id: 'W', date: DATE, lines: [{ id: 'W1', sku: 'SVC-PREM-3Y', qty: '1' }] }).totals.total;
    expect(new Dec(plan).gt(planAlone)).to.equal(true);
    expect(await effectShown(m, 'SVC-PREM-3Y')).to.equal(signed(plan));
    // The air tank comes with its default size and valve.
    expect(await effectShown(m, 'TANK-AIR')).to.equal(signed(effect(m.catalog, quote, 'TANK-AIR', [])));
  });

  it('compares an optional line on its own total, before tax in an exclusive catalog, in English', async () => {
    const catalog = await crmCatalog();
    const bundle = catalog.products.find((p) => p.features?.some((f) => f.options.some((o) => !o.default)))!;
    const quote: Quote = { id: 'Q-T', date: DATE, lines: [{ id: 'L0', sku: bundle.sku }, { id: 'L1', sku: bundle.sku, optional: true }], discount: { percent: '10' } };
    const m = await mount({ catalog, quote, locale: 'en' });
    const { config } = expected(catalog, quote, 'en');
    const option = config.features.flatMap((f) => f.options).find((o) => !o.selected && o.available && !o.hidden && !o.included)!;
    const withIt: Quote = { ...quote, lines: [quote.lines[0]!, { ...quote.lines[1]!, options: [...config.selection.options, { sku: option.sku, qty: option.qty }] }] };
    const line = (q: Quote) => priceQuote(catalog, q, { locale: 'en' }).lines.filter((l) => l.id === 'L1' || l.id.startsWith('L1/')).reduce((t, l) => t.plus(l.netAmount), new Dec(0));
    const change = line(withIt).minus(line(quote)).toFixed(2);
    expect(new Dec(change).isZero()).to.equal(false);
    expect(await effectShown(m, option.sku)).to.equal(signed(change, 'en'));
    expect(m.root.querySelector('[part="effects-note"]')!.textContent).to.contain('this line’s total');
    await expect(m.cfg).to.be.accessible();
  });

  it('prices a long quote’s choices on the configured line alone, and says so', async () => {
    const catalog = await compressorCatalog();
    const filler = Array.from({ length: 120 }, (_, i) => ({ id: `F${i + 1}`, sku: 'IOT-MON', qty: '1' }));
    const quote: Quote = { id: 'Q-T', date: DATE, lines: [{ id: 'L1', sku: 'AC-SCREW', qty: '2' }, ...filler], discount: { percent: '2' } };
    const m = await mount({ catalog, quote });
    expect(m.root.querySelector('[part="effects-note"]')!.textContent).to.contain('按本行单独计价');
    const alone: Quote = { ...quote, lines: [quote.lines[0]!] };
    const line = (q: Quote) => priceQuote(catalog, q, { locale: 'zh-CN' }).lines.filter((l) => l.id === 'L1' || l.id.startsWith('L1/')).reduce((t, l) => t.plus(l.total), new Dec(0));
    const options = resolvedOptions(catalog, alone).filter((o) => o.sku !== 'MOTOR-37');
    const with55: Quote = { ...alone, lines: [{ ...alone.lines[0]!, options: [...options, { sku: 'MOTOR-55', qty: '1' }] }] };
    expect(await effectShown(m, 'MOTOR-55')).to.equal(signed(line(with55).minus(line(alone)).toFixed(2)));
  });

  it('prices each choice in view once per state, however often it renders, and the others when they come into view', async () => {
    const m = await mount({ quote: quoteOf({ sku: 'AC-SCREW' }) });
    const api = stateOf(m).api;
    const original = api.preview;
    const second = document.createElement('cpq-configurator');
    const seen: Quote[] = [];
    api.preview = (q, o) => (seen.push(q), original(q, o));
    try {
      // A second configurator on the same line shares the state, and the figures.
      second.lineId = 'L1';
      m.el.append(second);
      // A short viewport: only the first features are in view.
      m.el.style.cssText = 'display: block; height: 12rem; overflow: auto';
      m.el.scrollTop = 0;
      await second.updateComplete;
      await click(m, 'COOL-WATER');
      await second.updateComplete;
      expect(seen.length).to.equal(0);
      await effectShown(m, 'MOTOR-55');
      m.cfg.requestUpdate();
      second.requestUpdate();
      await settle(m);
      await previewed(m);
      const { config } = expected(m.catalog, stateOf(m).quote);
      const choices = (i: number) => config.features[i]!.options.filter((o) => !o.selected && o.available && !o.hidden).length + (config.features[i]!.max === 1 && config.features[i]!.min === 0 ? 1 : 0);
      const afterFirst = seen.length;
      // The quote as it is, once, and each choice of the features in view, once.
      expect(afterFirst).to.be.at.least(1 + choices(0));
      expect(afterFirst).to.be.below(1 + config.features.reduce((n, _f, i) => n + choices(i), 0));
      // The last feature comes into view: its choices are priced then.
      const last = config.features.length - 1;
      const lastOption = config.features[last]!.options.find((o) => !o.hidden)!;
      input(m, lastOption.sku)!.scrollIntoView();
      await waitUntil(() => seen.length > afterFirst, 'the features scrolled into view are priced');
      expect(second.shadowRoot!.querySelector('[part="total"]')!.textContent).to.equal(m.root.querySelector('[part="total"]')!.textContent);
    } finally {
      api.preview = original;
    }
  });

  it('prices no what-if while the pricing worker prices the change: the answer is shown first, the choices after it', async () => {
    // A worker whose answers come 300 ms late: the window in which a what-if priced on the page's
    // thread would hold the answer back (at 10,000 lines one takes 10–30 ms there).
    const Original = window.Worker;
    class SlowWorker extends Original {
      override set onmessage(handler: ((this: Worker, e: MessageEvent) => unknown) | null) {
        super.onmessage = handler && ((e: MessageEvent) => void setTimeout(() => handler.call(this, e), 300));
      }
      override get onmessage() {
        return super.onmessage;
      }
    }
    window.Worker = SlowWorker;
    try {
      const m = await mount({ quote: quoteOf({ sku: 'AC-SCREW' }) });
      m.el.workerThreshold = 0;
      m.el.quote = { ...m.el.quote };
      await waitUntil(() => m.el.pricingCounts.worker === 1 && !stateOf(m).updating, 'the worker priced the quote');
      await previewed(m);
      await effectShown(m, 'MOTOR-55');
      const api = stateOf(m).api;
      const original = api.preview;
      const calls: boolean[] = [];
      api.preview = (q, o) => (calls.push(stateOf(m).updating === true), original(q, o));
      try {
        input(m, 'COOL-WATER')!.click();
        await waitUntil(() => stateOf(m).updating === true, 'the change is being priced in the worker');
        // Frames and tasks pass while the worker prices: no what-if is priced meanwhile.
        await new Promise((r) => setTimeout(r, 150));
        expect(stateOf(m).updating, 'still waiting for the answer').to.equal(true);
        expect(calls, 'what-ifs priced while the worker priced').to.deep.equal([]);
        await waitUntil(() => m.el.pricingCounts.worker === 2 && !stateOf(m).updating, 'the answer came');
        await effectShown(m, 'MOTOR-55');
        expect(calls.length, 'the what-ifs are priced once the answer is shown').to.be.above(0);
        expect(calls.every((busy) => !busy)).to.equal(true);
      } finally {
        api.preview = original;
      }
    } finally {
      window.Worker = Original;
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
