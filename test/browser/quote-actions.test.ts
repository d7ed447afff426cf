// <cpq-quote-actions> inside <cpq-quote>: the sales path from draft to a delivered order through the
// element's own buttons, the guards (an edit after approval, a rejection without a reason, a quote
// locked once sent), the order handoff (a host that takes it over, a refusal and its retry),
// self-service, both languages, and axe in every state the element shows.
import { ContextConsumer } from '@lit/context';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import { cpqContext, type CpqState } from '../../src/components/context.js';
import type { CpqQuoteActions } from '../../src/components/quote-actions/quote-actions.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import type { LifecycleQuote, QuoteState } from '../../src/quote/lifecycle-types.js';
import type { OrderApproval } from '../../src/quote/order-types.js';
import type { Catalog, Quote } from '../../src/types.js';
import { crmCatalog, quoteFixture } from './support/catalogs.js';
import { button, buttonNames, confirmPanel, nameOf } from './support/buttons.js';

/** A bare context consumer: the `api` any element inside `<cpq-quote>` uses. */
class ApiProbe extends HTMLElement {
  last: CpqState | undefined;
  consumer = new ContextConsumer(this as unknown as import('lit').ReactiveControllerHost & HTMLElement, {
    context: cpqContext, subscribe: true, callback: (value) => (this.last = value),
  });
  addController() {}
  removeController() {}
  requestUpdate() {}
  get updateComplete() { return Promise.resolve(true); }
  connectedCallback() { this.consumer.hostConnected(); }
}
customElements.define('cpq-test-actions-probe', ApiProbe);

interface Log { requests: { key: string; answer: number | string; type: string }[]; orders: string[] }

let n = 0;
/** Unique per test: quote ids (the outbox database `cpq-outbox` is shared) and receiver buckets. */
const fresh = () => `${Date.now().toString(36)}-${n++}`;
const endpointOf = (bucket: string) => `/__orders/${bucket}`;
const log = async (bucket: string): Promise<Log> => (await fetch(`/__orders/${bucket}/log`)).json();
const script = (bucket: string, answers: (number | string)[]) =>
  fetch(`/__orders/${bucket}/script`, { method: 'POST', body: JSON.stringify({ answers }) });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Mounted {
  el: CpqQuote;
  actions: CpqQuoteActions;
  root: ShadowRoot;
  probe: ApiProbe;
  catalog: Catalog;
  id: string;
}

interface MountOptions {
  /** The quote discount, percent (crm-saas asks a manager above 15 %, a director above 30 %). */
  discount?: string;
  mode?: 'sales' | 'self-service';
  locale?: string;
  canApprove?: boolean;
  endpoint?: string;
  actor?: string;
  /** Also put a `<cpq-line-editor>` inside. */
  editor?: boolean;
}

/** The crm-pro-120 quote under a fresh id, optionally with a quote discount, inside `<cpq-quote>`. */
async function mount(o: MountOptions = {}): Promise<Mounted> {
  const catalog = await crmCatalog();
  const base = await quoteFixture('crm-pro-120');
  const id = `Q-ACT-${fresh()}`;
  const quote: Quote = o.discount ? { ...base, id, discount: { percent: o.discount } } : { ...base, id };
  const el = await fixture<CpqQuote>(html`<cpq-quote .catalog=${catalog} .quote=${quote} mode=${o.mode ?? 'sales'}
      locale=${o.locale ?? 'zh-CN'} .endpoint=${o.endpoint} .actor=${o.actor}>
    ${o.editor ? html`<cpq-line-editor></cpq-line-editor>` : ''}
    <cpq-quote-actions ?can-approve=${o.canApprove === true}></cpq-quote-actions>
    <cpq-test-actions-probe></cpq-test-actions-probe>
  </cpq-quote>`);
  const actions = el.querySelector('cpq-quote-actions') as CpqQuoteActions;
  const m = { el, actions, root: actions.shadowRoot!, probe: el.querySelector('cpq-test-actions-probe') as ApiProbe, catalog, id };
  await settle(m);
  return m;
}

async function settle(m: Mounted): Promise<void> {
  await m.el.updateComplete;
  await m.actions.updateComplete;
}

const lifecycleOf = (m: Mounted) => (m.el.quote as LifecycleQuote).lifecycle;
const stateOf = (m: Mounted): QuoteState => lifecycleOf(m)?.state ?? 'draft';
const api = (m: Mounted) => m.probe.last!.api;


async function click(m: Mounted, name: string): Promise<void> {
  await settle(m);
  button(m, name).click();
  await settle(m);
}

/** A consequential move (approve, reject, send, order, revise, decline): its button, then the confirmation's, with an optional comment. */
async function confirmed(m: Mounted, name: string, comment?: string): Promise<void> {
  await click(m, name);
  confirmPanel(m, name, comment);
  await settle(m);
}

/** The input labelled `label` (the label wraps it). */
function field(m: Mounted, label: string): HTMLInputElement {
  const found = [...m.root.querySelectorAll('label')].find((l) => l.textContent!.trim().startsWith(label))?.querySelector('input');
  if (!found) throw new Error(`no field labelled "${label}"`);
  return found;
}

const alerts = (m: Mounted) => [...m.root.querySelectorAll('[role="alert"]')].map((a) => a.textContent!.replace(/\s+/g, ' ').trim());
const stateText = (m: Mounted) => m.root.querySelector('[part="state"]')!.textContent!.replace(/\s+/g, ' ').trim();

/** Every event of these types that `<cpq-quote>` fires, in order. */
function record(el: CpqQuote) {
  const seen: { type: string; detail: unknown; cancelable: boolean; composed: boolean }[] = [];
  for (const type of ['cpq-quote-change', 'cpq-stage-suggest', 'cpq-order-submit', 'cpq-order-delivered', 'cpq-order-failed'] as const) {
    el.addEventListener(type, (e) => seen.push({ type, detail: e.detail, cancelable: e.cancelable, composed: e.bubbles && e.composed }));
  }
  return {
    seen,
    of: <T = unknown>(type: string) => seen.filter((e) => e.type === type).map((e) => e.detail as T),
  };
}

/** Every detail is plain JSON: it survives a round trip unchanged. */
function expectPlainJson(details: unknown[]): void {
  for (const d of details) expect(JSON.parse(JSON.stringify(d))).to.deep.equal(d);
}

/** The rendered markup of an element and of every shadow root below it. */
function deepDom(node: Element | ShadowRoot): string {
  let out = node instanceof Element ? node.outerHTML : node.innerHTML;
  if (node instanceof Element && node.shadowRoot) out += deepDom(node.shadowRoot);
  for (const e of node.querySelectorAll('*')) if (e.shadowRoot) out += deepDom(e.shadowRoot);
  return out;
}

/** Wait until `check` holds (the outbox answers from the network). */
async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause(20);
  }
}

describe('<cpq-quote-actions>', () => {
  it('walks the sales path through its buttons: submit, approve, send, accept with a PO, order delivered once', async () => {
    const started = Date.now();
    const bucket = fresh();
    const m = await mount({ discount: '20', canApprove: true, endpoint: endpointOf(bucket), actor: 'wang.sales' });
    const events = record(m.el);
    expect(stateOf(m)).to.equal('draft');
    expect(stateText(m)).to.contain('草稿').and.contain('方案形成');
    expect(m.el.priced!.approvals.map((a) => a.ruleId)).to.deep.equal(['disc-15']);
    expect(buttonNames(m)).to.include('下载报价单 PDF');

    const suggested = oneEvent(m.el, 'cpq-stage-suggest');
    await click(m, '提交审批');
    const submitted = await suggested;
    expect(submitted.bubbles && submitted.composed).to.equal(true);
    expect(submitted.detail.state).to.equal('approval-pending');
    expect(submitted.detail.stage?.id).to.equal('solution');
    expect(stateOf(m)).to.equal('approval-pending');
    expect(stateText(m)).to.contain('待审批');

    m.el.actor = 'li.manager';
    await confirmed(m, '以销售经理身份批准…');
    expect(stateOf(m)).to.equal('approved');
    expect(lifecycleOf(m)!.approvals.map((a) => [a.ruleId, a.approvedBy])).to.deep.equal([['disc-15', 'li.manager']]);

    m.el.actor = 'wang.sales';
    await confirmed(m, '发送给客户…');
    expect(stateOf(m)).to.equal('sent');
    expect(stateText(m)).to.contain('已发送客户').and.contain('商务谈判 80%');

    const po = field(m, '客户采购单号');
    po.value = 'PO-2026-7788';
    po.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    m.el.actor = 'zhao.buyer';
    await click(m, '客户已接受');
    expect(stateOf(m)).to.equal('accepted');
    expect(lifecycleOf(m)!.acceptance).to.include({ by: 'zhao.buyer', reference: 'PO-2026-7788' });
    expect(stateText(m)).to.contain('签约 100%');

    m.el.actor = 'wang.sales';
    const submit = oneEvent(m.el, 'cpq-order-submit');
    const delivered = oneEvent(m.el, 'cpq-order-delivered');
    await confirmed(m, '下单…');
    const handed = await submit;
    const orderId = `order:${m.id}:v1`;
    expect(handed.cancelable).to.equal(true);
    expect(handed.detail.event).to.include({ specversion: '1.0', id: orderId, type: 'cpq-kit.order.created', subject: m.id, datacontenttype: 'application/json' });
    expect(handed.detail.event.data.acceptance.reference).to.equal('PO-2026-7788');
    expect(handed.detail.event.data.approvals.map((a: OrderApproval) => [a.ruleId, a.approvedBy])).to.deep.equal([['disc-15', 'li.manager']]);
    expect(handed.detail.event.data.totals.total).to.equal(m.el.priced!.totals.total);
    expect((await delivered).detail).to.deep.equal({ id: orderId, status: 201 });
    await settle(m);

    expect((m.el.quote as LifecycleQuote).lifecycle!.state).to.equal('ordered');
    expect(lifecycleOf(m)!.orderEventId).to.equal(orderId);
    const history = lifecycleOf(m)!.history;
    expect(history.map((e) => [e.action, e.from, e.to, e.actor])).to.deep.equal([
      ['submit', 'draft', 'approval-pending', 'wang.sales'],
      ['approve', 'approval-pending', 'approved', 'li.manager'],
      ['send', 'approved', 'sent', 'wang.sales'],
      ['accept', 'sent', 'accepted', 'zhao.buyer'],
      ['order', 'accepted', 'ordered', 'wang.sales'],
    ]);
    for (const e of history) {
      expect(Date.parse(e.at), e.at).to.be.within(started - 1000, Date.now() + 1000);
      expect(e.version).to.equal(1);
    }
    expect(stateText(m)).to.contain('已下单').and.contain('签约 100%');
    expect(m.root.querySelector('[part="order"]')!.textContent).to.contain(`订单已送达订单系统（${orderId}）`);
    expect(buttonNames(m)).to.not.include('下单…');
    const shown = m.root.querySelector('[part="history"]')!;
    expect(shown.querySelector('summary')!.textContent).to.equal('历史记录（5）');
    expect(shown.querySelectorAll('li').length).to.equal(5);
    expect(shown.textContent).to.contain('li.manager').and.contain('zhao.buyer').and.contain('客户已接受 → 已下单');

    // Exactly one POST, as CloudEvents JSON keyed by the event id, and nothing later.
    await pause(300);
    const l = await log(bucket);
    expect(l.requests).to.deep.equal([{ key: orderId, answer: 201, type: 'application/cloudevents+json' }]);
    expect(l.orders).to.deep.equal([orderId]);

    expect(events.of<{ state: string; stage: { id: string; probability?: string } | null }>('cpq-stage-suggest').map((d) => [d.state, d.stage?.id, d.stage?.probability]))
      .to.deep.equal([
        ['approval-pending', 'solution', undefined], ['approved', 'solution', undefined], ['sent', 'negotiation', '80'],
        ['accepted', 'signed', '100'], ['ordered', 'signed', '100'],
      ]);
    expect(events.of<{ quote: LifecycleQuote }>('cpq-quote-change').map((d) => d.quote.lifecycle?.state))
      .to.deep.equal(['approval-pending', 'approved', 'sent', 'accepted', 'ordered']);
    expect(events.seen.every((e) => e.composed)).to.equal(true);
    expectPlainJson(events.seen.map((e) => e.detail));
  });

  it('sends an approved quote back to approval when a line changes after approval', async () => {
    const m = await mount({ discount: '20', canApprove: true, actor: 'li.manager' });
    m.el.owner = 'wang.sales';
    const events = record(m.el);
    await click(m, '提交审批');
    await confirmed(m, '以销售经理身份批准…');
    expect(stateOf(m)).to.equal('approved');
    const approvedDigest = lifecycleOf(m)!.digest;

    api(m).updateLine('L1', { qty: '150' });
    await settle(m);
    expect(m.el.quote.lines[0]!.qty).to.equal('150');
    expect(stateOf(m)).to.equal('approval-pending');
    expect(lifecycleOf(m)!.approvals).to.deep.equal([]);
    expect(lifecycleOf(m)!.digest).to.not.equal(approvedDigest);
    expect(lifecycleOf(m)!.history.at(-1)).to.include({ action: 'edit', from: 'approved', to: 'approval-pending', actor: 'li.manager' });
    // The seller cannot send what was approved at other prices: only the approver's moves are offered.
    expect(buttonNames(m)).to.include('以销售经理身份批准…').and.not.include('发送给客户…');
    expect(api(m).transition('send').map((e) => e.code)).to.deep.equal(['approval-pending']);
    expect(stateOf(m)).to.equal('approval-pending');
    await pause(0);
    expect(events.of<{ state: string }>('cpq-stage-suggest').map((d) => d.state)).to.deep.equal(['approval-pending', 'approved', 'approval-pending']);
    expect(events.of<{ quote: LifecycleQuote }>('cpq-quote-change').at(-1)!.quote.lifecycle!.state).to.equal('approval-pending');
    expectPlainJson(events.seen.map((e) => e.detail));

    // Approved again for the new prices, it can be sent.
    await confirmed(m, '以销售经理身份批准…');
    await confirmed(m, '发送给客户…');
    expect(stateOf(m)).to.equal('sent');
  });

  it('refuses a rejection without a reason (an alert, the state stays) and records one with it', async () => {
    const m = await mount({ discount: '20', canApprove: true, actor: 'li.manager' });
    m.el.owner = 'wang.sales';
    const events = record(m.el);
    await click(m, '提交审批');
    const pending = m.el.quote;
    await click(m, '以销售经理身份驳回…');
    await click(m, '确认驳回');
    expect(stateOf(m)).to.equal('approval-pending');
    expect(m.el.quote === pending).to.equal(true);
    const refused = alerts(m);
    expect(refused.length).to.equal(1);
    expect(refused[0]).to.equal('请填写驳回原因。');
    expect(events.of('cpq-stage-suggest').length).to.equal(1);

    // By keyboard: the reason field has the focus; type the reason, Tab to the confirmation, Enter.
    const reason = m.root.querySelector<HTMLTextAreaElement>('[part~="comment"]')!;
    expect(m.root.activeElement).to.equal(reason);
    expect(reason.getAttribute('aria-describedby')).to.equal('confirm-error');
    await sendKeys({ type: '折扣过高' });
    await sendKeys({ press: 'Tab' });
    expect(nameOf(m.root.activeElement!)).to.equal('确认驳回');
    await sendKeys({ press: 'Enter' });
    await settle(m);
    expect(stateOf(m)).to.equal('rejected');
    expect(lifecycleOf(m)!.history.map((e) => e.action)).to.deep.equal(['submit', 'reject']);
    expect(lifecycleOf(m)!.history.at(-1)).to.include({ action: 'reject', to: 'rejected', reason: '折扣过高', actor: 'li.manager' });
    expect(alerts(m).length).to.equal(0);
    expect(stateText(m)).to.contain('已驳回').and.contain('输单');
    expect(events.of<{ state: string; stage: { id: string; probability?: string } | null }>('cpq-stage-suggest').at(-1))
      .to.deep.equal({ state: 'rejected', stage: { id: 'lost', name: { 'zh-CN': '输单', en: 'Lost' }, probability: '0' } });
    expect(m.root.querySelector('[part="history"]')!.textContent).to.contain('（折扣过高）');
    // A rejected quote may be submitted again (after changes) or revised.
    expect(buttonNames(m)).to.include('提交审批').and.include('修订报价（新版本）…');
    expectPlainJson(events.seen.map((e) => e.detail));

    // The seller's change makes it a draft again, to be submitted anew.
    api(m).setQuoteDiscount({ percent: '18' });
    await settle(m);
    expect(stateOf(m)).to.equal('draft');
    await click(m, '提交审批');
    expect(stateOf(m)).to.equal('approval-pending');
  });

  it('lets a host that cancels cpq-order-submit take the order: nothing is POSTed', async () => {
    const bucket = fresh();
    const m = await mount({ endpoint: endpointOf(bucket) });
    const events = record(m.el);
    m.el.addEventListener('cpq-order-submit', (e) => e.preventDefault());
    await confirmed(m, '发送给客户…');
    await click(m, '客户已接受');
    expect(stateOf(m)).to.equal('accepted');
    await confirmed(m, '下单…');
    const taken = events.of<{ event: { id: string } }>('cpq-order-submit');
    expect(taken.length).to.equal(1);
    expect(taken[0]!.event.id).to.equal(`order:${m.id}:v1`);
    await pause(300);
    expect((await log(bucket)).requests.length).to.equal(0);
    expect(events.of('cpq-order-delivered').length + events.of('cpq-order-failed').length).to.equal(0);
    expect(stateOf(m)).to.equal('accepted');
    expect(alerts(m).length).to.equal(0);
    expect(m.root.querySelector('[part="order"][role="status"]')!.textContent).to.contain('订单已交给宿主页面处理');
    expectPlainJson(events.seen.map((e) => e.detail));

    // Without an endpoint the host takes the event as it is, and is told so on screen too.
    const bare = await mount({ locale: 'en' });
    await confirmed(bare, 'Send to customer…');
    await click(bare, 'Customer accepted');
    const submit = oneEvent(bare.el, 'cpq-order-submit');
    await confirmed(bare, 'Place order…');
    expect((await submit).detail.event.id).to.equal(`order:${bare.id}:v1`);
    expect(bare.root.querySelector('[part="order"][role="status"]')!.textContent).to.contain('Order handed to the host page');
    expect(stateOf(bare)).to.equal('accepted');
  });

  it('shows a refused order (4xx) as an alert with a retry, and fires cpq-order-failed', async () => {
    const bucket = fresh();
    await script(bucket, [422]);
    const m = await mount({ endpoint: endpointOf(bucket) });
    const events = record(m.el);
    await confirmed(m, '发送给客户…');
    await click(m, '客户已接受');
    const failed = oneEvent(m.el, 'cpq-order-failed');
    await confirmed(m, '下单…');
    const orderId = `order:${m.id}:v1`;
    const f = await failed;
    expect(f.bubbles && f.composed).to.equal(true);
    expect(f.detail.id).to.equal(orderId);
    expect(f.detail.status).to.equal(422);
    expect(f.detail.message).to.contain('scripted 422');
    await settle(m);
    expect(stateOf(m)).to.equal('accepted');
    const shown = alerts(m);
    expect(shown.length).to.equal(1);
    expect(shown[0]).to.contain('订单被订单系统拒绝').and.contain('scripted 422');
    expect(m.root.querySelector('[part="order"][role="alert"]')!.querySelectorAll('button').length).to.equal(1);
    await pause(200);
    expect((await log(bucket)).requests.length).to.equal(1);

    // The receiver was fixed: the retry delivers, and the quote is ordered.
    const delivered = oneEvent(m.el, 'cpq-order-delivered');
    await click(m, '重新发送订单');
    expect((await delivered).detail).to.deep.equal({ id: orderId, status: 201 });
    await settle(m);
    expect(stateOf(m)).to.equal('ordered');
    expect(alerts(m).length).to.equal(0);
    expect((await log(bucket)).orders).to.deep.equal([orderId]);
    expect(events.of('cpq-order-failed').length).to.equal(1);
    expectPlainJson(events.seen.map((e) => e.detail));
  });

  it('places one order for a double click on Place order and on its confirmation', async () => {
    const bucket = fresh();
    const m = await mount({ endpoint: endpointOf(bucket) });
    const events = record(m.el);
    await confirmed(m, '发送给客户…');
    await click(m, '客户已接受');
    const delivered = oneEvent(m.el, 'cpq-order-delivered');
    const order = button(m, '下单…');
    order.click();
    order.click();
    await settle(m);
    const confirm = button(m, '确认下单');
    confirm.click();
    confirm.click();
    await delivered;
    await settle(m);
    expect(stateOf(m)).to.equal('ordered');
    await pause(300);
    expect((await log(bucket)).requests.length).to.equal(1);
    expect(events.of('cpq-order-delivered').length).to.equal(1);
    expect(lifecycleOf(m)!.history.filter((e) => e.action === 'order').length).to.equal(1);
  });

  it('delivers an order a closed page left pending (offline) when the quote is opened again', async () => {
    const bucket = fresh();
    const first = await mount({ locale: 'en', endpoint: endpointOf(bucket) });
    await confirmed(first, 'Send to customer…');
    await click(first, 'Customer accepted');
    const onLine = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    let accepted: Quote;
    try {
      await confirmed(first, 'Place order…');
      await pause(100);
      expect(first.root.querySelector('[part="order"][role="status"]')!.textContent).to.contain('Order saved, sending');
      expect(button(first, 'Place order…').disabled).to.equal(true);
      expect((await log(bucket)).requests.length).to.equal(0);
      accepted = first.el.quote;
      first.el.remove(); // the page goes away with the order in the outbox
    } finally {
      Object.defineProperty(navigator, 'onLine', onLine);
      delete (navigator as unknown as { onLine?: boolean }).onLine;
    }
    const catalog = first.catalog;
    const delivered = new Promise<CustomEvent>((resolve) => document.addEventListener('cpq-order-delivered', (e) => resolve(e), { once: true }));
    const again = await fixture<CpqQuote>(html`<cpq-quote .catalog=${catalog} .quote=${accepted!} locale="en" .endpoint=${endpointOf(bucket)}>
      <cpq-quote-actions></cpq-quote-actions></cpq-quote>`);
    const orderId = `order:${first.id}:v1`;
    expect((await delivered).detail).to.deep.equal({ id: orderId, status: 201 });
    await again.updateComplete;
    expect((again.quote as LifecycleQuote).lifecycle!.state).to.equal('ordered');
    expect((await log(bucket)).orders).to.deep.equal([orderId]);
  });

  it('records a customer who declined: rejected, stage lost, revisable', async () => {
    const m = await mount({ locale: 'en' });
    const suggested = record(m.el);
    await confirmed(m, 'Send to customer…');
    await confirmed(m, 'Customer declined…');
    expect(stateOf(m)).to.equal('rejected');
    expect(lifecycleOf(m)!.history.map((e) => e.action)).to.deep.equal(['send', 'decline']);
    expect(suggested.of<{ state: string; stage: { id: string } | null }>('cpq-stage-suggest').map((d) => [d.state, d.stage?.id]))
      .to.deep.equal([['sent', 'negotiation'], ['rejected', 'lost']]);
    expect(stateText(m)).to.contain('Rejected').and.contain('Lost');
    expect(buttonNames(m)).to.include('Revise (new version)…');
  });

  it('locks the quote once sent (read-only editor, api changes nothing); revise makes an editable version 2', async () => {
    const m = await mount({ editor: true, actor: 'wang.sales' });
    const editor = m.el.querySelector('cpq-line-editor')!;
    const inputs = () => [...editor.shadowRoot!.querySelectorAll<HTMLInputElement>('input')];
    expect(inputs().length).to.be.greaterThan(0);
    expect(inputs().some((i) => i.disabled)).to.equal(false);

    await confirmed(m, '发送给客户…');
    await (editor as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(stateOf(m)).to.equal('sent');
    expect(m.probe.last!.readonly).to.equal(true);
    expect(m.el.matches(':state(readonly)')).to.equal(true);
    expect(inputs().every((i) => i.disabled)).to.equal(true);
    const sent = m.el.quote;
    let changes = 0;
    const count = () => changes++;
    m.el.addEventListener('cpq-quote-change', count);
    api(m).updateLine('L1', { qty: '1' });
    api(m).setQuoteDiscount({ percent: '10' });
    expect(api(m).addProduct('CRM-STD')).to.equal(undefined);
    await settle(m);
    expect(m.el.quote === sent).to.equal(true);
    expect(changes).to.equal(0);
    m.el.removeEventListener('cpq-quote-change', count);

    const changed = oneEvent(m.el, 'cpq-quote-change');
    const suggested = oneEvent(m.el, 'cpq-stage-suggest');
    await confirmed(m, '修订报价（新版本）…');
    const { detail } = await changed;
    expect(detail.quote.version).to.equal(2);
    expect((detail.quote as LifecycleQuote).lifecycle!.state).to.equal('draft');
    expect(detail.superseded?.version).to.equal(1);
    expect((detail.superseded as LifecycleQuote).lifecycle).to.include({ state: 'superseded', supersededBy: 2 });
    expectPlainJson([detail]);
    expect((await suggested).detail.state).to.equal('draft');
    await settle(m);
    await (editor as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(m.el.quote.version).to.equal(2);
    expect(lifecycleOf(m)!.history.map((e) => [e.action, e.version])).to.deep.equal([['send', 1], ['revise', 2]]);
    expect(m.probe.last!.readonly).to.equal(false);
    expect(inputs().some((i) => i.disabled)).to.equal(false);
    expect(buttonNames(m)).to.include('发送给客户…');
    api(m).updateLine('L1', { qty: '5' });
    await settle(m);
    expect(m.el.quote.lines[0]!.qty).to.equal('5');
  });

  it('self-service: no seller moves; a quote needing no review is accepted and ordered by the customer', async () => {
    const bucket = fresh();
    const m = await mount({ mode: 'self-service', canApprove: true, endpoint: endpointOf(bucket), actor: 'customer:C-10088' });
    const events = record(m.el);
    const names = buttonNames(m);
    for (const seller of ['以销售经理身份批准…', '以销售经理身份驳回…', '发送给客户…', '提交审批', '修订报价（新版本）…']) expect(names).to.not.include(seller);
    expect(names).to.include('接受报价').and.include('下载报价单 PDF');
    await click(m, '接受报价');
    expect(stateOf(m)).to.equal('accepted');
    expect(lifecycleOf(m)!.history.map((e) => [e.action, e.actor])).to.deep.equal([['send', 'customer:C-10088'], ['accept', 'customer:C-10088']]);
    expect(buttonNames(m)).to.not.include('修订报价（新版本）…');
    const delivered = oneEvent(m.el, 'cpq-order-delivered');
    await confirmed(m, '下单…');
    await delivered;
    await settle(m);
    expect(stateOf(m)).to.equal('ordered');
    expect((await log(bucket)).orders).to.deep.equal([`order:${m.id}:v1`]);

    const dom = deepDom(m.el);
    for (const internal of ['cost', 'margin', 'floor', 'disc-15', 'manager', '毛利', '成本', '底价', '销售经理']) expect(dom, internal).to.not.contain(internal);
    // The opportunity stage (the seller's CRM language, with its win probability) is not shown to a customer.
    expect(dom).to.not.contain('商机阶段');
    const changes = events.of<{ priced: unknown }>('cpq-quote-change').map((d) => JSON.stringify(d.priced));
    for (const c of changes) for (const internal of ['"cost"', '"margin"', '"marginPercent"', '"costedMargin"']) expect(c).to.not.contain(internal);
    expectPlainJson(events.seen.map((e) => e.detail));
  });

  it('self-service: a quote the seller must review is requested, never accepted at once, and never approved here', async () => {
    const m = await mount({ mode: 'self-service', discount: '20', canApprove: true });
    expect(buttonNames(m)).to.include('提交报价请求').and.not.include('接受报价');
    await click(m, '提交报价请求');
    expect(stateOf(m)).to.equal('approval-pending');
    expect(buttonNames(m).filter((b) => b.includes('批准') || b.includes('驳回') || b.startsWith('发送给客户')).length).to.equal(0);
    const dom = deepDom(m.el);
    // "待审批" names the state; the rule, its threshold and its approver stay out.
    for (const internal of ['disc-15', '15%', '15 %', 'manager', '销售经理', '整单折扣', 'cost', 'margin']) expect(dom, internal).to.not.contain(internal);
  });

  it('labels everything in zh-CN and in en, following a locale switch on <cpq-quote>', async () => {
    const m = await mount({ discount: '20', canApprove: true });
    expect(m.root.querySelector('h2')!.textContent).to.equal('报价流程');
    expect(buttonNames(m)).to.deep.equal(['提交审批', '下载报价单 PDF']);
    expect(m.root.querySelector('[part="actions"]')!.getAttribute('aria-label')).to.equal('报价操作');
    await click(m, '提交审批');
    expect(buttonNames(m)).to.deep.equal(['以销售经理身份批准…', '以销售经理身份驳回…', '下载报价单 PDF']);

    m.el.locale = 'en';
    await settle(m);
    expect(m.root.querySelector('h2')!.textContent).to.equal('Quote flow');
    expect(buttonNames(m)).to.deep.equal(['Approve as Sales manager…', 'Reject as Sales manager…', 'Download quote PDF']);
    expect(stateText(m)).to.contain('Quote status: Awaiting approval').and.contain('Suggested opportunity stage: Solution formed');
    await click(m, 'Reject as Sales manager…');
    expect(m.root.querySelector('[part~="confirm"] label')!.textContent).to.contain('Reason for rejecting (required)');
    await click(m, 'Confirm rejection');
    expect(alerts(m)[0]).to.equal('Enter a reason for rejecting.');
    await click(m, 'Cancel');
    await confirmed(m, 'Approve as Sales manager…');
    await confirmed(m, 'Send to customer…');
    expect(stateText(m)).to.contain('Sent to customer').and.contain('Business negotiation 80%');
    expect(m.root.querySelector('[part="actions"]')!.getAttribute('aria-label')).to.equal('Quote actions');
    expect(buttonNames(m)).to.deep.equal(['Customer accepted', 'Customer declined…', 'Revise (new version)…', 'Download quote PDF']);
    expect(field(m, 'Customer PO number (optional)').type).to.equal('text');
    expect(m.root.querySelector('[part="history"] summary')!.textContent).to.equal('History (3)');

    m.el.locale = 'zh-CN';
    await settle(m);
    expect(buttonNames(m)).to.deep.equal(['客户已接受', '客户拒绝…', '修订报价（新版本）…', '下载报价单 PDF']);
    expect(stateText(m)).to.contain('商务谈判 80%');
  });

  it('has a PDF download button in every state (its rendering is tested end to end elsewhere)', async () => {
    const m = await mount({ locale: 'en' });
    expect(buttonNames(m)).to.include('Download quote PDF');
    await confirmed(m, 'Send to customer…');
    expect(button(m, 'Download quote PDF').disabled).to.equal(false);
    expect(m.root.querySelectorAll('[part="pdf"] progress').length).to.equal(0);
    // A host's read-only quote offers no moves, but still its PDF.
    m.el.readonly = true;
    await settle(m);
    expect(buttonNames(m)).to.deep.equal(['Download quote PDF']);
  });

  it('is accessible in draft, approval-pending, sent, accepted and ordered, in sales and self-service', async () => {
    const sales = await mount({ discount: '20', canApprove: true, endpoint: endpointOf(fresh()) });
    await expect(sales.el).to.be.accessible();
    await click(sales, '提交审批');
    expect(stateOf(sales)).to.equal('approval-pending');
    await expect(sales.el).to.be.accessible();
    await click(sales, '以销售经理身份驳回…');
    await click(sales, '确认驳回');
    expect(alerts(sales).length).to.equal(1);
    await expect(sales.el).to.be.accessible();
    await click(sales, '取消');
    await confirmed(sales, '以销售经理身份批准…');
    await expect(sales.el).to.be.accessible();
    await confirmed(sales, '发送给客户…');
    expect(stateOf(sales)).to.equal('sent');
    await expect(sales.el).to.be.accessible();
    await click(sales, '客户已接受');
    expect(stateOf(sales)).to.equal('accepted');
    await expect(sales.el).to.be.accessible();
    await confirmed(sales, '下单…');
    await until(() => stateOf(sales) === 'ordered', 'the order');
    await settle(sales);
    sales.root.querySelector('details')!.open = true;
    await expect(sales.el).to.be.accessible();

    const self = await mount({ mode: 'self-service', locale: 'en', endpoint: endpointOf(fresh()) });
    await expect(self.el).to.be.accessible();
    await click(self, 'Accept this quote');
    expect(stateOf(self)).to.equal('accepted');
    await expect(self.el).to.be.accessible();
    await confirmed(self, 'Place order…');
    await until(() => stateOf(self) === 'ordered', 'the order');
    await settle(self);
    await expect(self.el).to.be.accessible();

    // A customer sees a quote the seller sent (and one waiting for review) with their own moves.
    const review = await mount({ mode: 'self-service', discount: '20' });
    await click(review, '提交报价请求');
    expect(stateOf(review)).to.equal('approval-pending');
    await expect(review.el).to.be.accessible();
    const sent = await mount({ mode: 'self-service', locale: 'en' });
    sent.el.mode = 'sales';
    await settle(sent);
    await confirmed(sent, 'Send to customer…');
    sent.el.mode = 'self-service';
    await settle(sent);
    expect(stateOf(sent)).to.equal('sent');
    expect(buttonNames(sent)).to.deep.equal(['Accept this quote', 'Decline this quote…', 'Download quote PDF']);
    await expect(sent.el).to.be.accessible();
  }).timeout(30_000);
});
