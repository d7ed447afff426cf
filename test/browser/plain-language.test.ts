// Plain language (issue 14, item 5), in Chromium against the real quote service: a Chinese page
// shows a quote the service priced in English in Chinese (the same figures: the service's digest);
// the customer's portal speaks the customer's language (no CRM stage, no seller history, no
// status-mark jargon, what happens next when there is nothing to do); the service's refusals are
// said in Chinese on a Chinese page; every zh-CN string of the elements' tables uses full-width
// punctuation. axe in each state.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import { approvalStrings } from '../../src/components/quote-actions/approvals.strings.js';
import { strings as actionStrings } from '../../src/components/quote-actions/quote-actions.strings.js';
import type { CpqQuoteActions } from '../../src/components/quote-actions/quote-actions.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import { serviceStrings } from '../../src/components/service/service-strings.js';
import type { LifecycleQuote } from '../../src/quote/lifecycle-types.js';
import { quoteFixture } from './support/catalogs.js';
import { call, token } from './support/service-api.js';

type User = 's1' | 'm1';
/** The crm-pro-120 quote in the service, in English, with a quote discount. */
async function createQuote(discount: string): Promise<any> {
  const q = await quoteFixture('crm-pro-120');
  const r = await call('POST', 'quotes', 's1', { catalogId: 'demo-crm-2026', lines: q.lines, customer: q.customer, discount: { percent: discount }, locale: 'en' });
  expect(r.status).to.equal(201);
  return r.body;
}

/** A quote sent to its customer (approved by m1 when it needs it): its share token. */
async function sentQuote(): Promise<string> {
  const q = await createQuote('10');
  const path = `quotes/${q.quoteId}/versions/1`;
  const submitted = (await call('POST', `${path}/submit`, 's1', {})).body;
  if (submitted.state === 'approval-pending') await call('POST', `${path}/approve`, 'm1', { digest: submitted.digest });
  return (await call('POST', `${path}/send`, 's1', {})).body.shareLink.token;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause(20);
  }
}

const textOf = (e: Element | null | undefined) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The text a person reads in an element and every shadow root below it (not styles). */
function shownText(node: Element | ShadowRoot): string {
  let out = '';
  const walk = (n: Node) => {
    if (n instanceof HTMLStyleElement || n instanceof HTMLScriptElement) return;
    if (n.nodeType === Node.TEXT_NODE) out += `${n.textContent} `;
    if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
    n.childNodes.forEach(walk);
  };
  walk(node);
  return out.replace(/\s+/g, ' ');
}

describe('plain language', () => {
  before(async function () {
    this.timeout(120_000);
    await token('s1');
  });

  it('a Chinese page shows a quote the service priced in English in Chinese, with the service\'s figures', async () => {
    const created = await createQuote('20');
    expect(created.priced.locale).to.equal('en');
    const el = await fixture<CpqQuote>(html`<cpq-quote service="/api/cpq" locale="zh-CN" quote-id=${created.quoteId} .getToken=${() => token('s1')}>
      <cpq-line-editor></cpq-line-editor><cpq-quote-summary></cpq-quote-summary><cpq-quote-actions></cpq-quote-actions>
    </cpq-quote>`);
    await el.updateComplete;
    await until(() => el.priced !== undefined, 'priced');
    expect(el.priced!.totals.total).to.equal(created.priced.totals.total);
    expect(el.priced!.lines[0]!.name).to.equal('CRM 专业版');
    expect(el.priced!.adjustments!.map((a) => a.label)).to.deep.equal(['整单折扣']);
    const shown = shownText(el);
    for (const english of ['CRM Professional', 'Quote discount', 'Implementation', 'Awaiting', 'Draft']) expect(shown, english).to.not.contain(english);
    await expect(el).to.be.accessible();
  });

  it('the portal speaks the customer\'s language: no stage, no history, no jargon, and what happens next', async () => {
    const share = await sentQuote();
    const el = await fixture<CpqQuote>(html`<cpq-quote service="/api/cpq" locale="zh-CN" share-token=${share}>
      <cpq-quote-summary></cpq-quote-summary><cpq-quote-actions></cpq-quote-actions>
    </cpq-quote>`);
    const actions = el.querySelector('cpq-quote-actions') as CpqQuoteActions;
    await el.updateComplete;
    await until(() => el.priced !== undefined, 'the shared quote');
    await actions.updateComplete;
    const root = actions.shadowRoot!;
    // The service's figures (its digest), the customer's catalog copy's words: it cannot price the seller's discount itself.
    const view = (await call('GET', 'share', { share })).body;
    expect(el.priced!.totals.total).to.equal(view.priced.totals.total);
    expect([el.priced!.lines[0]!.name, el.priced!.adjustments!.map((a) => a.label), el.priced!.totals.taxes.map((t) => t.name)])
      .to.deep.equal(['CRM 专业版', ['整单折扣'], ['增值税 13%', '增值税 6%（服务）']]);
    expect(textOf(root.querySelector('h2'))).to.equal('下一步');
    expect(textOf(root.querySelector('[part~="state"]'))).to.equal('报价状态：待您答复');
    expect([...root.querySelectorAll('label')].map(textOf)).to.deep.equal(['您的姓名', '您的采购单号（可选）']);
    expect(root.querySelector('[part~="history"]')).to.equal(null);
    expect(root.querySelector('[part~="pdf-mark"]')).to.equal(null);
    const shown = shownText(el);
    for (const seller of ['商机', '阶段', '审批', 'PDF 不带状态标记', '历史记录', 'Quote discount']) expect(shown, seller).to.not.contain(seller);
    // One primary action.
    expect([...root.querySelectorAll('button.primary')].map(textOf)).to.deep.equal(['接受报价']);
    await expect(el).to.be.accessible();

    const name = root.querySelector<HTMLInputElement>('input[part="name"]')!;
    name.value = '陈静';
    name.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    root.querySelector<HTMLButtonElement>('button.primary')!.click();
    await until(() => (el.quote as LifecycleQuote).lifecycle?.state === 'accepted', 'accepted');
    await actions.updateComplete;
    expect(textOf(root.querySelector('[part~="state"]'))).to.equal('报价状态：您已接受');
    expect(textOf(root.querySelector('[part~="next"]'))).to.equal('您的客户经理将为您下单，您无需再做什么。');
    expect(root.querySelectorAll('button.primary').length).to.equal(0);
    await expect(el).to.be.accessible();

    el.locale = 'en';
    await el.updateComplete;
    await actions.updateComplete;
    expect(textOf(root.querySelector('[part~="state"]'))).to.equal('Quote status: Accepted by you');
    expect(textOf(root.querySelector('[part~="next"]'))).to.equal('Your account manager will place the order: there is nothing more for you to do.');
    await expect(el).to.be.accessible();
  }).timeout(30_000);

  it('says the service\'s refusals in Chinese on a Chinese page', async () => {
    const created = await createQuote('20');
    await call('POST', `quotes/${created.quoteId}/versions/1/submit`, 's1', {});
    const el = await fixture<CpqQuote>(html`<cpq-quote service="/api/cpq" locale="zh-CN" quote-id=${created.quoteId} .getToken=${() => token('s1')}>
      <cpq-quote-actions can-approve></cpq-quote-actions></cpq-quote>`);
    await el.updateComplete;
    await until(() => el.priced !== undefined, 'priced');
    const api = (el.querySelector('cpq-quote-actions') as unknown as { cpq: { api: { move(a: string, d?: object): Promise<{ code: string; message: string }[]> } } }).cpq.api;
    expect((await api.move('approve')).map((e) => e.message)).to.deep.equal(['您没有执行此操作的权限。']);
    expect((await api.move('approve', { level: 'director' })).map((e) => e.message)).to.deep.equal(['这一级的审批还没有轮到：请重新加载报价后再看。']);
  });

  it('every zh-CN string of the elements\' tables uses full-width punctuation', () => {
    const tables = [actionStrings, approvalStrings, serviceStrings];
    const halfWidth = /[\u3400-\u9fff][,:;()!?]|[,:;()!?][\u3400-\u9fff]|[\u3400-\u9fff] ?\.(?!\d)/;
    for (const table of tables) {
      for (const [key, value] of Object.entries(table['zh-CN'] as Record<string, string>)) expect(value, `${key}: ${value}`).to.not.match(halfWidth);
    }
  });
});
