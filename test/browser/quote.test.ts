// <cpq-quote>: pricing on every change, context for descendants, events, form association.
import { ContextConsumer } from '@lit/context';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/index.js';
import { cpqContext, type CpqState } from '../../src/components/context.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import type { Quote } from '../../src/types.js';
import { crmCatalog, quoteFixture } from './support/catalogs.js';

/** A bare consumer: what any descendant sees through the context. */
class ProbeEl extends HTMLElement {
  seen: CpqState[] = [];
  consumer = new ContextConsumer(this as unknown as import('lit').ReactiveControllerHost & HTMLElement, {
    context: cpqContext, subscribe: true, callback: (value) => value && this.seen.push(value),
  });
  addController() {}
  removeController() {}
  requestUpdate() {}
  get updateComplete() { return Promise.resolve(true); }
  connectedCallback() { this.consumer.hostConnected(); }
}
customElements.define('cpq-test-probe', ProbeEl);

async function mount(quote: Quote, mode = 'sales') {
  const catalog = await crmCatalog();
  const el = await fixture<CpqQuote>(html`<cpq-quote .catalog=${catalog} .quote=${quote} mode=${mode} locale="zh-CN"><cpq-test-probe></cpq-test-probe></cpq-quote>`);
  const probe = el.querySelector('cpq-test-probe') as ProbeEl;
  return { el, probe, catalog };
}

describe('<cpq-quote>', () => {
  it('prices the quote and shares one state object per change', async () => {
    const { el, probe } = await mount(await quoteFixture('crm-pro-120'));
    const first = probe.seen.at(-1)!;
    expect(first.priced?.totals.total).to.match(/^\d+\.\d{2}$/);
    expect(first.catalogErrors).to.deep.equal([]);
    const changed = oneEvent(el, 'cpq-quote-change');
    first.api.updateLine(first.quote.lines[0]!.id, { qty: '10' });
    const event = await changed;
    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.detail.quote.lines[0]!.qty).to.equal('10');
    expect(JSON.parse(JSON.stringify(event.detail))).to.deep.equal(event.detail);
    await el.updateComplete;
    const second = probe.seen.at(-1)!;
    expect(second).to.not.equal(first);
    expect(second.priced?.totals.total).to.equal(event.detail.priced?.totals.total);
    expect(second.priced?.totals.total).to.not.equal(first.priced?.totals.total);
  });

  it('announces total changes politely', async () => {
    const { el, probe } = await mount(await quoteFixture('crm-pro-120'));
    probe.seen.at(-1)!.api.updateLine('L1', { qty: '7' });
    await el.updateComplete;
    const live = el.shadowRoot!.querySelector('[role="status"]')!;
    expect(live.getAttribute('aria-live')).to.equal('polite');
    expect(live.textContent).to.contain('报价总额');
  });

  it('submits the quote JSON with its form and reports validity', async () => {
    const catalog = await crmCatalog();
    const quote = await quoteFixture('crm-pro-120');
    const form = await fixture<HTMLFormElement>(html`<form><cpq-quote name="quote" .catalog=${catalog} .quote=${quote}></cpq-quote></form>`);
    const el = form.querySelector('cpq-quote') as CpqQuote;
    await el.updateComplete;
    expect(JSON.parse(new FormData(form).get('quote') as string)).to.deep.equal(quote);
    expect(el.checkValidity()).to.equal(true);
    el.quote = { ...quote, lines: [{ id: 'L1', sku: 'NOPE' }] };
    await el.updateComplete;
    expect(el.checkValidity()).to.equal(false);
    expect(el.matches(':state(invalid)')).to.equal(true);
  });

  it('fires cpq-error with located errors for a bad catalog', async () => {
    const el = await fixture<CpqQuote>(html`<cpq-quote></cpq-quote>`);
    const error = oneEvent(el, 'cpq-error');
    el.catalog = { id: 'x', currency: 'CNY', taxes: [], products: [{ sku: 'A', name: 'A', price: { model: 'flat', list: 'abc' } }] } as never;
    const event = await error;
    expect(event.detail.source).to.equal('catalog');
    expect(event.detail.errors[0]!.path).to.contain('products[0]');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="catalog-error"]')!.textContent).to.contain('products[0]');
  });

  it('keeps costs, margins and approval rules out of self-service state and events', async () => {
    const quote = { ...(await quoteFixture('crm-pro-120')) };
    const { el, probe } = await mount(quote, 'self-service');
    const s = probe.seen.at(-1)!;
    const dump = JSON.stringify({ priced: s.priced, catalog: s.catalog });
    for (const word of ['"cost"', '"margin"', '"marginPercent"', '"floorPrice"', 'approvalRules', 'priceRules']) expect(dump).to.not.contain(word);
    const changed = oneEvent(el, 'cpq-quote-change');
    s.api.setLineDiscount('L1', { percent: '50' });
    s.api.updateLine('L1', { qty: '11', discount: { percent: '50' } });
    const event = await changed;
    // The seller's own discount stays; the customer's attempts change nothing but the quantity.
    expect(event.detail.quote.lines[0]!.discount).to.deep.equal(quote.lines[0]!.discount);
    expect(event.detail.quote.lines[0]!.qty).to.equal('11');
    expect(JSON.stringify(event.detail)).to.not.contain('"cost"');
  });
});
