// What a developer is told about a bad catalog or a misused element (issue 17): a collapsed
// console group in development (`[cpq-kit] …`, one line per problem at its path), `cpq-error` for
// errors, `cpq-warning` for the catalog's warnings, never an uncaught error; `setDiagnostics`
// silences the console (the events stay).
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/index.js';
import { setDiagnostics } from '../../src/components/diagnostics.js';
import type { CpqErrorDetail, CpqWarningDetail } from '../../src/components/events.js';
import type { CpqProductPicker } from '../../src/components/product-picker/product-picker.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import type { Catalog } from '../../src/types.js';
import { crmCatalog, demoQuote } from './support/catalogs.js';

describe('diagnostics', () => {
  const lines: { level: string; text: string }[] = [];
  const escaped: string[] = [];
  const originals = { error: console.error, warn: console.warn, groupCollapsed: console.groupCollapsed, groupEnd: console.groupEnd };
  const onError = (e: ErrorEvent) => escaped.push(e.message);
  const onRejection = (e: PromiseRejectionEvent) => escaped.push(String(e.reason));

  beforeEach(() => {
    lines.length = 0;
    escaped.length = 0;
    setDiagnostics(undefined);
    console.error = (...a: unknown[]) => void lines.push({ level: 'error', text: a.join(' ') });
    console.warn = (...a: unknown[]) => void lines.push({ level: 'warn', text: a.join(' ') });
    console.groupCollapsed = (...a: unknown[]) => void lines.push({ level: 'group', text: a.join(' ') });
    console.groupEnd = () => void lines.push({ level: 'end', text: '' });
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });
  afterEach(() => {
    Object.assign(console, originals);
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    setDiagnostics(undefined);
  });

  it('a catalog without currency: a located cpq-error and a console group, nothing uncaught', async () => {
    const { currency: _c, ...catalog } = await crmCatalog();
    const el = await fixture<CpqQuote>(html`<cpq-quote locale="en"><cpq-product-picker></cpq-product-picker><cpq-quote-summary></cpq-quote-summary></cpq-quote>`);
    const reported = oneEvent(el, 'cpq-error');
    el.catalog = catalog as Catalog;
    el.quote = await demoQuote('crm-pro-120');
    const detail = (await reported).detail as CpqErrorDetail;
    await el.updateComplete;
    expect(detail.source).to.equal('catalog');
    expect(detail.errors.map((e) => e.path)).to.include('currency');
    expect(lines.filter((l) => l.level === 'error' && !l.text.startsWith('currency')), JSON.stringify(lines)).to.deep.equal([]);
    expect(lines[0]).to.deep.equal({ level: 'group', text: '[cpq-kit] cpq-quote.catalog is not valid (1 error)' });
    expect(lines.some((l) => l.level === 'error' && l.text.startsWith('currency: is required'))).to.equal(true);
    expect(lines.at(-1)!.level).to.equal('end');
    expect(el.shadowRoot!.querySelector('[part="catalog-error"]')!.textContent).to.contain('currency');
    expect(escaped).to.deep.equal([]);
  });

  it('catalog = "oops": the validator says what a catalog is, nothing uncaught', async () => {
    const el = await fixture<CpqQuote>(html`<cpq-quote locale="en"><cpq-line-editor></cpq-line-editor><cpq-configurator></cpq-configurator></cpq-quote>`);
    const reported = oneEvent(el, 'cpq-error');
    (el as unknown as { catalog: unknown }).catalog = 'oops';
    const detail = (await reported).detail as CpqErrorDetail;
    await el.updateComplete;
    expect(detail.errors[0]!.message).to.match(/the catalog must be a JSON object/);
    expect(escaped).to.deep.equal([]);
  });

  it("the catalog's warnings: cpq-warning and a console group of warnings (the elements used to drop them)", async () => {
    const good = await crmCatalog();
    const catalog = { ...good, products: [{ ...good.products[0]!, descripton: 'typo' }, ...good.products.slice(1)] };
    const el = await fixture<CpqQuote>(html`<cpq-quote locale="en"></cpq-quote>`);
    const warned = oneEvent(el, 'cpq-warning');
    el.catalog = catalog as Catalog;
    const detail = (await warned).detail as CpqWarningDetail;
    expect(detail).to.deep.equal({ source: 'catalog', warnings: [{ path: 'products[0].descripton', message: 'unknown field "descripton"; did you mean "description"?' }] });
    expect(lines.map((l) => l.level)).to.deep.equal(['group', 'warn', 'end']);
    expect(lines[0]!.text).to.equal('[cpq-kit] cpq-quote.catalog: 1 warning');
    expect(lines[1]!.text).to.equal('products[0].descripton: unknown field "descripton"; did you mean "description"?');
  });

  it('catalog given as an attribute: told that it is a property', async () => {
    const wrapper = document.createElement('div');
    wrapper.innerHTML = '<cpq-quote catalog="/catalog.json"></cpq-quote>';
    const el = wrapper.firstElementChild as CpqQuote;
    const reported = oneEvent(el, 'cpq-error');
    document.body.append(wrapper);
    try {
      const detail = (await reported).detail as CpqErrorDetail;
      expect(detail.source).to.equal('attribute');
      expect(detail.errors[0]!.path).to.equal('cpq-quote.catalog');
      expect(detail.errors[0]!.message).to.contain('"catalog" is a property, not an attribute: the attribute "/catalog.json" is ignored');
      expect(lines[0]!.text).to.equal('[cpq-kit] <cpq-quote> was given catalog as an attribute');
    } finally {
      wrapper.remove();
    }
  });

  it('a number attribute that is not a number: the previous value is kept, and the element says so', async () => {
    const el = await fixture<CpqProductPicker>(html`<cpq-product-picker></cpq-product-picker>`);
    const reported = oneEvent(el, 'cpq-error');
    el.setAttribute('limit', 'many');
    const detail = (await reported).detail as CpqErrorDetail;
    expect(el.limit).to.equal(50);
    expect(detail).to.deep.equal({ source: 'property', errors: [{ path: 'cpq-product-picker.limit', message: 'expected a finite number, got NaN; the previous value (50) is kept' }] });
    el.setAttribute('limit', '7');
    expect(el.limit).to.equal(7);
  });

  it('null on an optional property means unset; on one with a default it is refused', async () => {
    const el = await fixture<CpqQuote>(html`<cpq-quote locale="en" mode="self-service"></cpq-quote>`);
    el.removeAttribute('locale');
    expect(el.locale).to.equal(undefined);
    const reported = oneEvent(el, 'cpq-error');
    (el as unknown as { mode: unknown }).mode = null;
    expect(el.mode).to.equal('self-service');
    expect(((await reported).detail as CpqErrorDetail).errors[0]!.path).to.equal('cpq-quote.mode');
  });

  it("setDiagnostics('silent'): no console output; the events still tell the host", async () => {
    setDiagnostics('silent');
    const el = await fixture<CpqProductPicker>(html`<cpq-product-picker></cpq-product-picker>`);
    const reported = oneEvent(el, 'cpq-error');
    (el as unknown as { limit: unknown }).limit = 'ten';
    expect(((await reported).detail as CpqErrorDetail).errors[0]!.path).to.equal('cpq-product-picker.limit');
    expect(lines).to.deep.equal([]);
  });
});
