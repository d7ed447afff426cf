// <cpq-quote>: pricing on every change, context for descendants, events, form association.
import { ContextConsumer } from '@lit/context';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/index.js';
import { background } from '../../src/components/background.js';
import { cpqContext, type CpqState } from '../../src/components/context.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import type { Approval, Quote } from '../../src/types.js';
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

  it('a quote below worker-threshold: a commit\'s form value is written after the next frame, not in the commit\'s task, and a form read before that carries the current quote', async () => {
    const catalog = await crmCatalog();
    const quote = await quoteFixture('crm-pro-120');
    const form = await fixture<HTMLFormElement>(html`<form><cpq-quote name="quote" .catalog=${catalog} .quote=${quote}></cpq-quote></form>`);
    const el = form.querySelector('cpq-quote') as CpqQuote;
    await el.updateComplete;
    const writes = el.formValue.writes;
    // After the next frame and the background work queued in it (background tasks run in the order posted).
    const afterFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => background(resolve)));
    // A commit: not written in its own task (the frame that shows it is not held back)…
    const first = { ...quote, lines: quote.lines.map((l, i) => (i === 0 ? { ...l, qty: '3' } : l)) };
    el.quote = first;
    await el.updateComplete;
    expect(el.formValue.writes).to.equal(writes);
    // …but a form read at once carries it, in its place.
    expect(JSON.parse(new FormData(form).get('quote') as string)).to.deep.equal(first);
    expect(el.formValue.writes).to.equal(writes + 1);
    await afterFrame();
    expect(el.formValue.writes).to.equal(writes + 1, 'written once: the read wrote it');
    // Two commits in one frame: one write, after it, of the later quote.
    const second = { ...first, lines: first.lines.map((l, i) => (i === 0 ? { ...l, qty: '4' } : l)) };
    const third = { ...second, lines: second.lines.map((l, i) => (i === 0 ? { ...l, qty: '5' } : l)) };
    el.quote = second;
    await el.updateComplete;
    el.quote = third;
    await el.updateComplete;
    expect(el.formValue.writes).to.equal(writes + 1);
    await afterFrame();
    await afterFrame();
    expect(el.formValue.writes).to.equal(writes + 2);
    const seen: string[] = [];
    form.addEventListener('formdata', (e) => seen.push(e.formData.get('quote') as string), { once: true });
    expect(JSON.parse(new FormData(form).get('quote') as string)).to.deep.equal(third);
    expect(JSON.parse(seen[0]!)).to.deep.equal(third);
    expect(el.formValue.writes).to.equal(writes + 2, 'already current: not written again');
  });

  it('a quote above worker-threshold: its form value is written only when the form is read, and a real submission carries the current quote in its place', async () => {
    const catalog = await crmCatalog();
    const quote = await quoteFixture('crm-pro-120');
    const frame = await fixture<HTMLIFrameElement>(html`<iframe name="cpq-form-sink"></iframe>`);
    const form = await fixture<HTMLFormElement>(html`<form method="get" action="/form-sink" target="cpq-form-sink"><input name="a" value="1"><cpq-quote name="quote" worker-threshold="0" .catalog=${catalog} .quote=${quote}></cpq-quote><input name="b" value="2"></form>`);
    const el = form.querySelector('cpq-quote') as CpqQuote;
    await el.updateComplete;
    const writes = el.formValue.writes;
    // Commits (the host's, here) of a quote above the threshold write no JSON.
    let current = quote;
    for (const qty of ['3', '4', '5']) {
      current = { ...current, lines: current.lines.map((l, i) => (i === 0 ? { ...l, qty } : l)) };
      el.quote = current;
      await el.updateComplete;
    }
    expect(el.formValue.writes).to.equal(writes);
    // A formdata listener on the form sees the current quote, in its place between the inputs.
    let seen: [string, FormDataEntryValue][] = [];
    form.addEventListener('formdata', (e) => (seen = [...e.formData.entries()]));
    const entries = [...new FormData(form).entries()];
    expect(entries.map(([k]) => k)).to.deep.equal(['a', 'quote', 'b']);
    expect(JSON.parse(entries[1]![1] as string)).to.deep.equal(current);
    expect(seen).to.deep.equal(entries);
    expect(el.formValue.writes).to.equal(writes + 1);
    new FormData(form);
    expect(el.formValue.writes).to.equal(writes + 1, 'read again unchanged: not written again');
    // A real submission after another commit.
    current = { ...current, lines: current.lines.map((l, i) => (i === 0 ? { ...l, qty: '6' } : l)) };
    el.quote = current;
    await el.updateComplete;
    expect(el.formValue.writes).to.equal(writes + 1);
    const loaded = oneEvent(frame, 'load');
    form.requestSubmit();
    await loaded;
    const sent = new URL(frame.contentWindow!.location.href).searchParams;
    expect([...sent.keys()]).to.deep.equal(['a', 'quote', 'b']);
    expect(JSON.parse(sent.get('quote')!)).to.deep.equal(current);
    expect(el.checkValidity()).to.equal(true);
    // A disabled fieldset: no entry, nothing replaced.
    form.querySelector('input[name=b]')!.insertAdjacentHTML('afterend', '<fieldset disabled></fieldset>');
    const fieldset = form.querySelector('fieldset')!;
    fieldset.append(el);
    await el.updateComplete;
    expect([...new FormData(form).keys()]).to.deep.equal(['a', 'b']);
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
    for (const word of ['"cost"', '"margin"', '"marginPercent"', '"costedMargin"', '"floorPrice"', 'approvalRules', 'priceRules']) expect(dump).to.not.contain(word);
    const changed = oneEvent(el, 'cpq-quote-change');
    s.api.setLineDiscount('L1', { percent: '50' });
    s.api.updateLine('L1', { qty: '11', discount: { percent: '50' } });
    const event = await changed;
    // The seller's own discount stays; the customer's attempts change nothing but the quantity.
    expect(event.detail.quote.lines[0]!.discount).to.deep.equal(quote.lines[0]!.discount);
    expect(event.detail.quote.lines[0]!.qty).to.equal('11');
    expect(JSON.stringify(event.detail)).to.not.contain('"cost"');
  });

  it('fires cpq-approval-required with the approvals a change needs (sales mode)', async () => {
    const { el, probe } = await mount(await quoteFixture('crm-pro-120'));
    const needed = oneEvent(el, 'cpq-approval-required');
    probe.seen.at(-1)!.api.setQuoteDiscount({ percent: '35' });
    const event = await needed;
    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.detail.count).to.equal(event.detail.approvals.length);
    expect(event.detail.approvals.map((a: Approval) => a.ruleId)).to.include.members(['disc-15', 'disc-30']);
    expect(JSON.parse(JSON.stringify(event.detail))).to.deep.equal(event.detail);
    await el.updateComplete;
    expect(el.matches(':state(needs-approval)')).to.equal(true);
  });

  it('changes nothing and fires nothing when read-only', async () => {
    const quote = await quoteFixture('crm-pro-120');
    const { el, probe } = await mount(quote);
    el.readonly = true;
    await el.updateComplete;
    expect(el.matches(':state(readonly)')).to.equal(true);
    let fired = 0;
    el.addEventListener('cpq-quote-change', () => fired++);
    const { api } = probe.seen.at(-1)!;
    api.updateLine('L1', { qty: '1' });
    api.removeLine('L2');
    api.setQuoteDiscount({ percent: '10' });
    expect(api.addProduct('CRM-STD')).to.equal(undefined);
    await el.updateComplete;
    expect(fired).to.equal(0);
    expect(el.quote).to.equal(quote);
  });

  it('follows a locale switch: state, announcements and validity messages in the new language', async () => {
    const { el, probe } = await mount(await quoteFixture('crm-pro-120'));
    el.locale = 'en';
    await el.updateComplete;
    const s = probe.seen.at(-1)!;
    expect(s.locale).to.equal('en');
    expect(s.priced?.locale).to.equal('en');
    s.api.updateLine('L1', { qty: '9' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain('Quote total');
  });

  it('shows catalog text in errors as text: markup in a bad catalog never runs', async () => {
    const w = window as unknown as { cpqXss?: number };
    w.cpqXss = 0;
    const el = await fixture<CpqQuote>(html`<cpq-quote locale="en"></cpq-quote>`);
    const evil = '<img src=x onerror="window.cpqXss++"><script>window.cpqXss++</script>';
    el.catalog = { id: 'x', currency: 'CNY', taxes: [], defaultTaxCode: evil, products: [{ sku: 'A', name: evil, price: { model: 'flat', list: '1' } }] } as never;
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 50));
    const shown = el.shadowRoot!.querySelector('[part="catalog-error"]')!;
    expect(shown.textContent).to.contain('<img src=x');
    expect(el.shadowRoot!.querySelectorAll('img, script').length).to.equal(0);
    expect(w.cpqXss).to.equal(0);
  });

  it('is accessible with every element inside, in sales, self-service, read-only and error states', async () => {
    const catalog = await crmCatalog();
    const quote = await quoteFixture('crm-pro-120');
    for (const [mode, readonly] of [['sales', false], ['self-service', false], ['sales', true]] as const) {
      const el = await fixture<CpqQuote>(html`<cpq-quote .catalog=${catalog} .quote=${quote} mode=${mode} ?readonly=${readonly}>
        <cpq-product-picker></cpq-product-picker><cpq-configurator></cpq-configurator>
        <cpq-line-editor></cpq-line-editor><cpq-quote-summary></cpq-quote-summary></cpq-quote>`);
      await el.updateComplete;
      await expect(el).to.be.accessible();
    }
    const broken = await fixture<CpqQuote>(html`<cpq-quote .catalog=${{ id: 'x' } as never}><cpq-quote-summary></cpq-quote-summary></cpq-quote>`);
    await broken.updateComplete;
    await expect(broken).to.be.accessible();
  });
});
