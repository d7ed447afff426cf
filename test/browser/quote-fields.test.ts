// <cpq-quote-fields> inside a real <cpq-quote> (issue 14, item 4): the quote's own fields edited
// by keyboard in sales mode (each commit reprices and fires cpq-quote-change), the host's customer
// picker through a cancelable event and the `customer` property, located problems at their field,
// full-width digits, and read-only in self-service without the seller's fields. axe in each state.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import type { CpqQuoteFields } from '../../src/components/quote-fields/quote-fields.js';
import type { Catalog, Quote } from '../../src/types.js';
import { crmCatalog, demoQuote } from './support/catalogs.js';

interface Mounted { el: CpqQuote; fields: CpqQuoteFields; root: ShadowRoot; catalog: Catalog }

async function mount(quote: Quote, opts: { mode?: string; locale?: string } = {}): Promise<Mounted> {
  const catalog = await crmCatalog();
  const el = await fixture<CpqQuote>(html`<cpq-quote .catalog=${catalog} .quote=${quote} mode=${opts.mode ?? 'sales'} locale=${opts.locale ?? 'zh-CN'}>
    <cpq-quote-fields></cpq-quote-fields></cpq-quote>`);
  const fields = el.querySelector('cpq-quote-fields') as CpqQuoteFields;
  await el.updateComplete;
  await fields.updateComplete;
  return { el, fields, root: fields.shadowRoot!, catalog };
}

const control = (m: Mounted, name: string) => m.root.querySelector<HTMLInputElement>(`[data-control="${name}"]`)!;
const change = (m: Mounted) => oneEvent<GlobalEventHandlersEventMap['cpq-quote-change']>(m.el, 'cpq-quote-change');
const settle = async (m: Mounted) => {
  await m.el.updateComplete;
  await m.fields.updateComplete;
};
/** Focus a control, select what it holds and type over it. */
async function typeInto(m: Mounted, name: string, value: string) {
  const input = control(m, name);
  input.focus();
  input.select?.();
  await sendKeys({ type: value });
}

describe('<cpq-quote-fields>', () => {
  it('sales: every field is labelled; typed notes, validity and payment terms reach the quote and its priced copy', async () => {
    const m = await mount(await demoQuote('crm-pro-120'));
    for (const input of m.root.querySelectorAll('input, select, textarea')) {
      expect(m.root.querySelector(`label[for="${input.id}"]`), `label for ${input.id}`).to.exist;
    }
    await typeInto(m, 'notes', '感谢您的信任！\n如有疑问请联系我们。');
    let changed = change(m);
    await sendKeys({ press: 'Tab' });
    let detail = (await changed).detail;
    expect(detail.quote.notes).to.equal('感谢您的信任！\n如有疑问请联系我们。');
    expect(detail.priced?.notes).to.equal(detail.quote.notes);

    await typeInto(m, 'payment-text', '发票日后 30 天付款');
    changed = change(m);
    await sendKeys({ press: 'Enter' });
    detail = (await changed).detail;
    expect(detail.quote.paymentTerms).to.deep.equal({ text: '发票日后 30 天付款' });

    // Full-width digits from a Chinese input method are numbers too; "30天" is not.
    await typeInto(m, 'payment-days', '30天');
    await sendKeys({ press: 'Enter' });
    await settle(m);
    expect(control(m, 'payment-days').getAttribute('aria-invalid')).to.equal('true');
    expect(m.root.querySelector('#payment-days-error')?.textContent).to.contain('0 到 3650');
    await expect(m.fields).to.be.accessible();
    await typeInto(m, 'payment-days', '３０');
    changed = change(m);
    await sendKeys({ press: 'Enter' });
    expect((await changed).detail.quote.paymentTerms).to.deep.equal({ text: '发票日后 30 天付款', days: 30 });
    await settle(m);
    expect(m.root.querySelector('#payment-days-error')).to.equal(null);

    const book = control(m, 'price-book') as unknown as HTMLSelectElement;
    book.value = 'partner-gold';
    changed = change(m);
    book.dispatchEvent(new Event('change', { bubbles: true }));
    detail = (await changed).detail;
    expect(detail.quote.priceBook).to.equal('partner-gold');
    expect(detail.priced?.priceBook).to.equal('partner-gold');
    await expect(m.fields).to.be.accessible();
  });

  it('the customer: the host cancels cpq-customer-pick and sets `customer`; unhandled, the focus goes to the name field', async () => {
    const m = await mount(await demoQuote('crm-pro-120'), { locale: 'en' });
    const pick = m.root.querySelector<HTMLButtonElement>('[part="pick"]')!;
    const handler = (e: GlobalEventHandlersEventMap['cpq-customer-pick']) => {
      expect(e.detail.customer?.id).to.equal('C-10088');
      e.preventDefault();
      queueMicrotask(() => { m.fields.customer = { id: 'C-20001', name: 'Acme Ltd', segment: 'smb' }; });
    };
    m.el.addEventListener('cpq-customer-pick', handler, { once: true });
    pick.focus();
    const changed = change(m);
    await sendKeys({ press: 'Enter' });
    const { quote } = (await changed).detail;
    expect(quote.customer).to.deep.equal({ id: 'C-20001', name: 'Acme Ltd', segment: 'smb' });
    await settle(m);
    expect(control(m, 'customer-name').value).to.equal('Acme Ltd');
    expect(m.root.querySelector('[role="status"]')?.textContent).to.contain('Customer set to Acme Ltd');
    // Nobody answers: the rep types the customer in.
    pick.focus();
    await sendKeys({ press: 'Enter' });
    expect(m.root.activeElement).to.equal(control(m, 'customer-name'));
  });

  it('pricing’s problems show at their field: notes over 4,000 characters, a currency the price book is not in', async () => {
    const quote = { ...(await demoQuote('crm-pro-120')), notes: '字'.repeat(4001), priceBook: 'partner-gold', currency: 'USD' };
    const m = await mount(quote, { locale: 'en' });
    expect(control(m, 'notes').getAttribute('aria-invalid')).to.equal('true');
    expect(m.root.querySelector('#notes-error')?.textContent).to.contain('notes is longer than 4000 characters');
    expect(control(m, 'currency').getAttribute('aria-invalid')).to.equal('true');
    expect(m.root.querySelector('#currency-error')?.textContent).to.contain('partner-gold');
    await expect(m.fields).to.be.accessible();
  });

  it('self-service: the document’s words read-only, never the price book or the account number', async () => {
    const quote = { ...(await demoQuote('crm-pro-120')), priceBook: 'partner-gold', notes: 'Thank you.', paymentTerms: { text: '30 days net', days: 30 } };
    const m = await mount(quote, { mode: 'self-service', locale: 'en' });
    expect(m.root.querySelectorAll('input, select, textarea, button').length).to.equal(0);
    const text = m.root.querySelector('dl')!.textContent!;
    for (const s of ['苏州瑞达精密制造股份有限公司', 'Thank you.', '30 days net', '2026-12-28']) expect(text).to.contain(s);
    for (const s of ['C-10088', 'partner-gold', 'Gold partner', 'enterprise']) expect(text).not.to.contain(s);
    // The customer cannot change them through the API either.
    m.el.querySelector('cpq-quote-fields')!.customer = { id: 'X', name: 'Mallory' };
    await settle(m);
    expect(m.el.quote.customer?.name).to.equal('苏州瑞达精密制造股份有限公司');
    await expect(m.fields).to.be.accessible();
  });
});
