// <cpq-quote> in service mode against the REAL quote service (createQuoteService on in-memory
// SQLite, the demo catalogs published), proxied as /api/cpq by test/browser/support/quote-service.mjs
// through a fault injector: loading by quote id, edits saved and the service's figures shown, a
// service that prices differently, submit → approve (another user) → send → share link, the
// customer portal (no seller-only field anywhere), accept with name and PO, the order move, a
// move retried through 503s under one Idempotency-Key, the service's refusals, keyboard and axe.
import { ContextConsumer } from '@lit/context';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import { cpqContext, type CpqState } from '../../src/components/context.js';
import { money } from '../../src/components/format.js';
import type { CpqQuoteActions } from '../../src/components/quote-actions/quote-actions.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import { moveOutcomeOf } from '../../src/components/order/delivery-policy.js';
import { claimsOf, editableFields } from '../../src/components/service/client.js';
import { serviceError } from '../../src/components/service/service-error.js';
import type { QuoteState } from '../../src/quote/lifecycle-types.js';
import type { Catalog, Quote } from '../../src/types.js';
import { quoteFixture } from './support/catalogs.js';
import { button, buttonNames, nameOf } from './support/buttons.js';
import { call, token } from './support/service-api.js';

/** A bare context consumer: what every element inside `<cpq-quote>` is given. */
class StateProbe extends HTMLElement {
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
customElements.define('cpq-test-service-probe', StateProbe);

type User = 's1' | 's2' | 'm1' | 'dir' | 'f1' | 'admin';
interface LogEntry { method: string; path: string; key?: string; status: number; replayed?: boolean; fault?: number | string; served?: number }

/** Create the crm-pro-120 sample quote in the service (as s1), with a quote discount. */
async function createQuote(discount?: string): Promise<any> {
  const q = await quoteFixture('crm-pro-120');
  const body: Record<string, unknown> = { catalogId: 'demo-crm-2026', lines: q.lines, customer: q.customer, opportunity: q.opportunity, locale: 'en' };
  if (discount) body.discount = { percent: discount };
  const r = await call('POST', 'quotes', 's1', body);
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  return r.body;
}

const faults = (match: string, answers: (number | string)[]) =>
  fetch('/__cpq/faults', { method: 'POST', body: JSON.stringify({ match, answers }) });
const proxyLog = async (part: string): Promise<LogEntry[]> => ((await (await fetch('/__cpq/log')).json()) as LogEntry[]).filter((e) => e.path.includes(part));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause(20);
  }
}

interface Mounted {
  el: CpqQuote;
  actions: CpqQuoteActions;
  root: ShadowRoot;
  probe: StateProbe;
}

interface MountOptions {
  quoteId?: string;
  user?: User;
  shareToken?: string;
  canApprove?: boolean;
  catalog?: Catalog;
  quote?: Quote;
  shareOptions?: { allowOrder?: boolean };
}

async function mount(o: MountOptions): Promise<Mounted> {
  const getToken = o.user ? () => token(o.user!) : undefined;
  const el = await fixture<CpqQuote>(html`<cpq-quote service="/api/cpq" locale="en" quote-id=${o.quoteId ?? ''} share-token=${o.shareToken ?? ''}
      share-url="/portal.html#token={token}" .getToken=${getToken} .catalog=${o.catalog} .quote=${o.quote ?? { id: 'Q-NEW', lines: [] }} .shareOptions=${o.shareOptions}>
    <cpq-line-editor></cpq-line-editor>
    <cpq-quote-summary></cpq-quote-summary>
    <cpq-quote-actions ?can-approve=${o.canApprove === true}></cpq-quote-actions>
    <cpq-test-service-probe></cpq-test-service-probe>
  </cpq-quote>`);
  // An empty attribute is no quote id / share token.
  if (!o.quoteId) el.quoteId = undefined;
  if (!o.shareToken) el.shareToken = undefined;
  const actions = el.querySelector('cpq-quote-actions') as CpqQuoteActions;
  const m = { el, actions, root: actions.shadowRoot!, probe: el.querySelector('cpq-test-service-probe') as StateProbe };
  await settle(m);
  return m;
}

async function settle(m: Mounted): Promise<void> {
  await m.el.updateComplete;
  await m.actions.updateComplete;
}

const stateOf = (m: Mounted): QuoteState => m.probe.last?.lifecycle.state ?? 'draft';

/** Click a move's button (and its confirmation, for a consequential move). */
async function press(m: Mounted, name: string): Promise<void> {
  await settle(m);
  button(m, name).click();
  await settle(m);
  m.root.querySelector<HTMLButtonElement>('[part~="confirm"] [data-confirm]')?.click();
}

/** Click a move's button and wait until the quote reaches `state`. */
async function move(m: Mounted, name: string, state: QuoteState): Promise<void> {
  await press(m, name);
  await until(() => stateOf(m) === state && m.probe.last?.service?.busy === undefined, `${name} → ${state} (now ${stateOf(m)}; ${alerts(m).join(' | ')})`);
  await settle(m);
}

/** Click a move's button and wait for the refusal saying `message`. */
async function refused(m: Mounted, name: string, message: string): Promise<void> {
  await press(m, name);
  await until(() => alerts(m).some((a) => a.includes(message)) && m.probe.last?.service?.busy === undefined, `${name} refused with "${message}" (${alerts(m).join(' | ')})`);
  await settle(m);
}

function type(m: Mounted, part: string, value: string): void {
  const input = m.root.querySelector<HTMLInputElement>(`input[part="${part}"]`);
  if (!input) throw new Error(`no input ${part}`);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

const alerts = (m: Mounted) => [...m.root.querySelectorAll('[role="alert"]'), ...m.el.shadowRoot!.querySelectorAll('[role="alert"]')]
  .map((a) => a.textContent!.replace(/\s+/g, ' ').trim());
const summaryTotal = (m: Mounted) => m.el.querySelector('cpq-quote-summary')!.shadowRoot!.querySelector('[data-figure="total"]')?.textContent?.trim();
const api = (m: Mounted) => m.probe.last!.api;

/** The rendered markup of an element and of every shadow root below it. */
function deepDom(node: Element | ShadowRoot): string {
  let out = node instanceof Element ? node.outerHTML : node.innerHTML;
  if (node instanceof Element && node.shadowRoot) out += deepDom(node.shadowRoot);
  for (const e of node.querySelectorAll('*')) if (e.shadowRoot) out += deepDom(e.shadowRoot);
  return out;
}

const SELLER_ONLY = ['cost', 'floorPrice', 'margin', 'marginPercent', 'costedMargin', 'approvalRules', 'priceRules'];

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (into.add(k), keysOf(v, into));
  return into;
}

/** Walk a quote to `sent` in the service (as its users) and return it with its share link. */
async function sentQuote(discount?: string, allowOrder = false): Promise<{ quoteId: string; share: { token: string } }> {
  let q = await createQuote(discount);
  const path = `quotes/${q.quoteId}/versions/1`;
  q = (await call('POST', `${path}/submit`, 's1', {})).body;
  if (q.state === 'approval-pending') q = (await call('POST', `${path}/approve`, 'm1', { digest: q.digest })).body;
  const sent = await call('POST', `${path}/send`, 's1', { allowOrder });
  expect(sent.status, JSON.stringify(sent.body)).to.equal(200);
  return { quoteId: q.quoteId, share: sent.body.shareLink };
}

/** Standard Webhooks headers for `body` (HMAC-SHA256 with the whsec_ secret, in WebCrypto), as an ERP signs its status events. */
async function signed(secret: string, body: string): Promise<Record<string, string>> {
  const raw = Uint8Array.from(atob(secret.replace(/^whsec_/, '')), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestamp}.${body}`)));
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${btoa(String.fromCharCode(...mac))}` };
}

// Nothing the element does may end in an uncaught promise.
const unhandled: unknown[] = [];
window.addEventListener('unhandledrejection', (e) => unhandled.push(e.reason));
afterEach(() => expect(unhandled.splice(0).map(String)).to.deep.equal([]));

describe('service client pieces', () => {
  it('a move\'s answer: 2xx done, passing troubles retried, every other status final (a 409 too)', () => {
    const table: [number, string][] = [[200, 'delivered'], [201, 'delivered'], [400, 'final'], [401, 'final'], [403, 'final'], [404, 'final'],
      [408, 'retry'], [409, 'final'], [422, 'final'], [425, 'retry'], [429, 'retry'], [500, 'retry'], [502, 'retry'], [503, 'retry']];
    for (const [status, outcome] of table) expect(moveOutcomeOf(status), String(status)).to.equal(outcome);
  });

  it('reads the service\'s error shape, located', () => {
    const e = serviceError(409, { error: { type: 'conflict', code: 'changed-since-seen', message: 'Prices changed.', param: 'digest' } });
    expect([e.status, e.code, e.message, e.passing]).to.deep.equal([409, 'changed-since-seen', 'Prices changed.', false]);
    expect(e.errors).to.deep.equal([{ path: 'digest', message: 'Prices changed.', code: 'changed-since-seen' }]);
    const v = serviceError(400, { error: { code: 'invalid-request', message: 'body.lines[0].qty is not valid.', errors: [{ path: 'body.lines[0].qty', message: 'is not valid', code: 'anyOf' }] } });
    expect(v.errors).to.deep.equal([{ path: 'body.lines[0].qty', message: 'is not valid', code: 'anyOf' }]);
    const html = serviceError(502, '<html>Bad gateway</html>');
    expect([html.code, html.message, html.passing]).to.deep.equal(['http-502', 'HTTP 502', true]);
    expect(serviceError(0, undefined, 'offline').passing).to.equal(true);
  });

  it('sends only what a seller decides; tells whose token it is without trusting it', () => {
    const quote = { id: 'Q-1', version: 2, date: '2026-12-04', currency: 'CNY', lines: [{ id: 'L1', sku: 'X' }], discount: { percent: '3' },
      lifecycle: { state: 'draft', approvals: [], history: [] } } as unknown as Quote;
    expect(editableFields(quote)).to.deep.equal({ lines: [{ id: 'L1', sku: 'X' }], discount: { percent: '3' } });
    const jwt = (claims: object) => `e30.${btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.sig`;
    expect(claimsOf(jwt({ sub: 's1' }))).to.deep.equal({ sub: 's1' });
    expect(claimsOf('not a jwt')).to.deep.equal({});
    expect(claimsOf(undefined)).to.deep.equal({});
  });
});

describe('<cpq-quote> with a quote service', () => {
  // The service starts in a child process on the first call: on a loaded machine that takes longer than one test's time.
  before(async function () {
    this.timeout(120_000);
    await token('s1');
  });

  it('shows a refused load (401 without a token, 404 for an unknown quote) as an alert and cpq-error', async () => {
    const created = await createQuote();
    const errors: { source: string; status?: number; errors: { message: string }[] }[] = [];
    const el = await fixture<CpqQuote>(html`<cpq-quote service="/api/cpq" locale="en" quote-id=${created.quoteId}
      @cpq-error=${(e: CustomEvent) => errors.push(e.detail)}><cpq-quote-summary></cpq-quote-summary></cpq-quote>`);
    await el.updateComplete;
    expect(errors.map((e) => [e.source, e.status])).to.deep.equal([['service', 401]]);
    const alert = () => el.shadowRoot!.querySelector('[part="service-error"]')?.textContent ?? '';
    expect(alert()).to.contain('Sign in');
    el.getToken = () => token('s1');
    el.quoteId = 'Q-2026-99999';
    await el.updateComplete;
    expect(errors.map((e) => [e.source, e.status])).to.deep.equal([['service', 401], ['service', 404]]);
    expect(alert()).to.contain('Quote "Q-2026-99999" was not found.');
    el.quoteId = created.quoteId;
    await el.updateComplete;
    expect(alert(), 'the alert goes once the quote loads').to.equal('');
    expect(el.quote.id).to.equal(created.quoteId);
    await expect(el).to.be.accessible();
  });

  it('loads a quote by id with its pinned catalog version and shows the service\'s figures', async () => {
    const created = await createQuote('20');
    const m = await mount({ quoteId: created.quoteId, user: 's1' });
    expect(m.el.quote.id).to.equal(created.quoteId);
    expect(m.el.catalog?.id).to.equal('demo-crm-2026');
    expect(m.el.mode).to.equal('sales');
    expect(m.el.priced!.totals.total).to.equal(created.priced.totals.total);
    expect(m.el.priced!.totals.margin).to.equal(created.priced.totals.margin);
    expect(summaryTotal(m)).to.equal(money(created.priced.totals.total, 'CNY', 'en'));
    expect(stateOf(m)).to.equal('draft');
    expect(buttonNames(m)).to.include('Submit for approval');
    const calls = await proxyLog(created.quoteId);
    expect(calls.map((c) => `${c.method} ${c.status}`)).to.deep.equal(['GET 200']);
    expect((await proxyLog('/catalogs/demo-crm-2026/versions/1')).length).to.be.greaterThan(0);
  });

  it('sends edits debounced (the latest wins) and adopts the service\'s answer: the revision increments', async () => {
    const created = await createQuote();
    const m = await mount({ quoteId: created.quoteId, user: 's1' });
    const saved = oneEvent(m.el, 'cpq-quote-saved');
    api(m).updateLine('L2', { qty: '2' });
    api(m).updateLine('L2', { qty: '3' });
    api(m).setQuoteDiscount({ percent: '5' });
    const detail = (await saved).detail;
    expect(detail).to.include({ quoteId: created.quoteId, version: 1, revision: created.revision + 1, state: 'draft' });
    const server = (await call('GET', `quotes/${created.quoteId}`, 's1')).body;
    expect(server.revision).to.equal(created.revision + 1);
    expect(server.quote.lines.find((l: { id: string }) => l.id === 'L2').qty).to.equal('3');
    expect(server.quote.discount).to.deep.equal({ percent: '5' });
    await settle(m);
    expect(m.el.quote).to.deep.equal(server.quote);
    expect(m.el.priced!.totals.total).to.equal(server.priced.totals.total);
    expect(detail.total).to.equal(server.priced.totals.total);
    expect(summaryTotal(m)).to.equal(money(server.priced.totals.total, 'CNY', 'en'));
    const puts = (await proxyLog(created.quoteId)).filter((c) => c.method === 'PUT');
    expect(puts.length, 'one PUT for three quick edits').to.equal(1);
    expect(puts[0]!.key, 'an Idempotency-Key on the PUT').to.match(/^mv_[0-9a-f]{32}$/);
  });

  it('creates the quote with the first edit when no quote id is given', async () => {
    const catalog = (await call('GET', 'catalogs/demo-crm-2026/versions/1', 's1')).body.catalog as Catalog;
    const m = await mount({ user: 's1', catalog });
    const saved = oneEvent(m.el, 'cpq-quote-saved');
    api(m).addProduct('CRM-PRO');
    const detail = (await saved).detail;
    expect(detail.quoteId).to.match(/^Q-\d{4}-\d{5}$/);
    expect(m.el.quoteId).to.equal(detail.quoteId);
    await settle(m);
    expect(m.el.quote.id).to.equal(detail.quoteId);
    expect(m.el.quote.lines.map((l) => l.sku)).to.deep.equal(['CRM-PRO']);
    const server = (await call('GET', `quotes/${detail.quoteId}`, 's1')).body;
    expect(server.quote.lines.map((l: { sku: string }) => l.sku)).to.deep.equal(['CRM-PRO']);
    // The next edit goes to the same quote, not a new one.
    const again = oneEvent(m.el, 'cpq-quote-saved');
    api(m).updateLine('L1', { qty: '12' });
    expect((await again).detail).to.include({ quoteId: detail.quoteId, revision: server.revision + 1 });
  });

  it('says when the service prices differently, and shows the service\'s total', async () => {
    const created = await createQuote();
    const m = await mount({ quoteId: created.quoteId, user: 's1' });
    // The host tampers with its copy of the catalog: CRM-PRO far cheaper than the published version.
    const tampered = structuredClone(m.el.catalog!) as Catalog;
    const pro = tampered.products.find((p) => p.sku === 'CRM-PRO')!;
    pro.price = { model: 'flat', list: '1.00' };
    m.el.catalog = tampered;
    await settle(m);
    const differs = oneEvent(m.el, 'cpq-server-differs');
    const saved = oneEvent(m.el, 'cpq-quote-saved');
    api(m).updateLine('L2', { qty: '2' });
    const d = (await differs).detail;
    const s = (await saved).detail;
    expect(d.server).to.equal(s.total);
    expect(d.local).to.not.equal(d.server);
    expect(Number(d.local)).to.be.lessThan(Number(d.server));
    expect(d.serverDigest).to.equal(s.digest);
    expect(d.localDigest).to.match(/^sha-256:/);
    expect(d.localDigest).to.not.equal(d.serverDigest);
    await settle(m);
    expect(m.el.priced!.totals.total).to.equal(s.total);
    expect(summaryTotal(m)).to.equal(money(s.total, 'CNY', 'en'));
    const note = m.el.shadowRoot!.querySelector('[part="server-differs"]')!;
    expect(note.getAttribute('role')).to.equal('status');
    expect(note.textContent).to.contain(money(d.server, 'CNY', 'en')).and.contain(money(d.local, 'CNY', 'en'));
    await expect(m.el).to.be.accessible();
  });

  it('submits, is approved by another user (the digest seen), sends, and gives the share link', async () => {
    const created = await createQuote('20');
    const seller = await mount({ quoteId: created.quoteId, user: 's1', canApprove: true });
    const stages: string[] = [];
    seller.el.addEventListener('cpq-stage-suggest', (e) => stages.push(e.detail.state));
    await move(seller, 'Submit for approval', 'approval-pending');
    // The quote's own seller is not offered its approval, and is told why.
    expect(buttonNames(seller).some((b) => b.startsWith('Approve'))).to.equal(false);
    expect(seller.root.querySelector('[part~="approval-level"][data-level="manager"]')!.textContent).to.contain('This is your own quote: someone else must approve it.');

    const approver = await mount({ quoteId: created.quoteId, user: 'm1', canApprove: true });
    expect(stateOf(approver)).to.equal('approval-pending');
    const seen = approver.el.priced!;
    await move(approver, 'Approve as Sales manager…', 'approved');
    const moves = (await call('GET', `quotes/${created.quoteId}/moves`, 's1')).body.data as { action: string; actor: string; digest: string }[];
    const approval = moves.find((x) => x.action === 'approve')!;
    expect(approval.actor).to.equal('m1');
    expect(seen.totals.total).to.equal(created.priced.totals.total);
    expect(approval.digest).to.equal(created.digest);

    await seller.el.reload();
    await settle(seller);
    expect(stateOf(seller)).to.equal('approved');
    const link = oneEvent(seller.el, 'cpq-share-link');
    await move(seller, 'Send to customer…', 'sent');
    const shared = (await link).detail;
    expect(shared).to.include({ quoteId: created.quoteId, version: 1, allowOrder: false });
    expect(shared.token.split('.').length).to.equal(3);
    expect(shared.url).to.equal(`/portal.html#token=${encodeURIComponent(shared.token)}`);
    expect(Date.parse(shared.expiresAt)).to.be.greaterThan(Date.now());
    const shown = seller.root.querySelector('[part="share-link"]')!;
    expect(shown.querySelector('input')!.value).to.equal(shared.url);
    // The seller does not answer for the customer: no accept or decline once sent.
    expect(buttonNames(seller)).to.not.include('Customer accepted');
    expect(stages).to.deep.equal(['approval-pending', 'sent']);
    const share = await call('GET', 'share', { share: shared.token });
    expect(share.body.state).to.equal('sent');
    await expect(seller.el).to.be.accessible();
  });

  it('the portal: a customer\'s view without a seller-only field, accepted with a name and a PO reference', async () => {
    const { quoteId, share } = await sentQuote('20');
    const m = await mount({ shareToken: share.token });
    expect(m.el.mode).to.equal('self-service');
    expect(m.el.quote.id).to.equal(quoteId);
    expect(stateOf(m)).to.equal('sent');
    expect(m.el.catalog?.id).to.equal('demo-crm-2026');
    expect(m.el.priced!.totals.total).to.match(/^\d+\.\d\d$/);
    // Its approvals were given before it was sent: the customer is not told the seller will review it.
    expect((m.el.priced as { reviewRequired?: boolean }).reviewRequired).to.equal(false);

    const state = { catalog: m.el.catalog, quote: m.el.quote, priced: m.el.priced, shared: { ...m.probe.last!, api: undefined } };
    const keys = keysOf(JSON.parse(JSON.stringify(state)));
    for (const field of SELLER_ONLY) expect(keys.has(field), `state has ${field}`).to.equal(false);
    const dom = deepDom(m.el);
    for (const field of SELLER_ONLY) expect(dom.includes(field), `DOM mentions ${field}`).to.equal(false);
    for (const path of ['share', 'share/catalog']) {
      const answer = await call('GET', path, { share: share.token });
      const found = keysOf(answer.body);
      for (const field of SELLER_ONLY) expect(found.has(field), `${path} answers ${field}`).to.equal(false);
    }
    // The portal never reaches the seller's routes.
    expect((await proxyLog(`/quotes/${quoteId}`)).filter((c) => c.method === 'GET' && c.status === 200).length).to.equal(0);

    // Without a name, nothing is sent (the proxy's log is shared with the other test files: counted from here).
    const accepts = (await proxyLog('/share/accept')).length;
    await refused(m, 'Accept this quote', 'Enter your name.');
    expect(stateOf(m)).to.equal('sent');
    expect((await proxyLog('/share/accept')).length).to.equal(accepts);

    type(m, 'name', 'Li Caigou');
    type(m, 'reference', 'PO-7781');
    const changed = oneEvent(m.el, 'cpq-quote-change');
    await move(m, 'Accept this quote', 'accepted');
    expect((await changed).detail.quote.id).to.equal(quoteId);
    const server = (await call('GET', `quotes/${quoteId}`, 's1')).body;
    expect(server.state).to.equal('accepted');
    expect(server.quote.lifecycle.acceptance).to.include({ by: 'Li Caigou', reference: 'PO-7781', digest: server.digest });
    // No order button: the seller did not allow online orders.
    expect(buttonNames(m)).to.not.include('Place order…');
    for (const field of SELLER_ONLY) expect(deepDom(m.el).includes(field), `DOM mentions ${field} after accepting`).to.equal(false);
    await expect(m.el).to.be.accessible();
  });

  it('places the order with the order move: ordered from the service\'s answer', async () => {
    const { quoteId, share } = await sentQuote();
    expect((await call('POST', 'share/accept', { share: share.token }, { name: 'Zhao', digest: (await call('GET', 'share', { share: share.token })).body.digest })).status).to.equal(200);
    const m = await mount({ quoteId, user: 's1' });
    expect(stateOf(m)).to.equal('accepted');
    const delivered = oneEvent(m.el, 'cpq-order-delivered');
    let submitted = false;
    m.el.addEventListener('cpq-order-submit', () => (submitted = true));
    await move(m, 'Place order…', 'ordered');
    const server = (await call('GET', `quotes/${quoteId}`, 's1')).body;
    expect((await delivered).detail).to.deep.equal({ id: server.orderId, status: 201 });
    expect(submitted, 'no CloudEvents handoff in service mode').to.equal(false);
    expect(m.probe.last!.order).to.deep.equal({ status: 'delivered', eventId: server.orderId });
    expect(m.root.querySelector('[part="order"]')!.textContent).to.contain(server.orderId);
    expect(buttonNames(m)).to.not.include('Place order…');
  });

  it('the order\'s status: cpq-order-status after the order move, on load and after a refresh when it changed; shown in en and zh', async () => {
    const { quoteId, share } = await sentQuote();
    await call('POST', 'share/accept', { share: share.token }, { name: 'Zhao', digest: (await call('GET', 'share', { share: share.token })).body.digest });
    const fired: { orderId: string; status: string; erpOrderNumber?: string }[] = [];
    const listen = (e: Event) => fired.push((e as CustomEvent).detail);
    document.addEventListener('cpq-order-status', listen);
    try {
      const m = await mount({ quoteId, user: 's1' });
      const shown = () => m.el.shadowRoot!.querySelector('[part="order-status"]')?.textContent?.trim();
      expect(fired, 'not ordered: no order status').to.deep.equal([]);
      expect(shown()).to.equal(undefined);
      // After the move: placed.
      const placed = oneEvent(m.el, 'cpq-order-status');
      await move(m, 'Place order…', 'ordered');
      const orderId = (await call('GET', `quotes/${quoteId}`, 's1')).body.orderId as string;
      expect((await placed).detail).to.deep.equal({ orderId, status: 'placed' });
      expect((await placed).bubbles && (await placed).composed).to.equal(true);
      await m.el.updateComplete;
      expect(shown()).to.equal('Order status: placed, awaiting the ERP');

      // The ERP confirms (a signed status event, as an ERP sends it); the element sees it when it loads the quote again.
      const sub = await call('POST', 'subscribers', 'admin', { url: 'http://127.0.0.1:9/erp' });
      const body = JSON.stringify({ specversion: '1.0', id: 'erp-1', source: 'https://erp.example.com', type: 'cpq-kit.order.status', data: { orderId, status: 'confirmed', erpOrderNumber: 'SO-77' } });
      const report = await fetch(`/api/cpq/subscribers/${sub.body.id}/events`, { method: 'POST', body, headers: { 'Content-Type': 'application/cloudevents+json', ...(await signed(sub.body.secret, body)) } });
      expect(report.status, await report.clone().text()).to.equal(200);
      expect((await report.json()).data[0].result).to.equal('applied');
      await m.el.reload();
      await m.el.updateComplete;
      expect(fired.slice(1)).to.deep.equal([{ orderId, status: 'confirmed', erpOrderNumber: 'SO-77' }]);
      expect(m.el.shadowRoot!.querySelector('[part="order-status"]')!.getAttribute('data-status')).to.equal('confirmed');
      expect(shown()).to.equal('Order status: confirmed by the ERP (ERP order SO-77)');
      // Nothing changed: no event.
      await m.el.reload();
      expect(fired.length).to.equal(2);
      m.el.locale = 'zh-CN';
      await m.el.updateComplete;
      expect(shown()).to.equal('订单状态：ERP 已确认（ERP 订单号 SO-77）');

      // A fresh element loading the ordered quote sees its status at once.
      const again = await mount({ quoteId, user: 's2' });
      expect(fired.slice(2)).to.deep.equal([{ orderId, status: 'confirmed', erpOrderNumber: 'SO-77' }]);
      expect(again.el.shadowRoot!.querySelector('[part="order-status"]')!.textContent!.trim()).to.equal('Order status: confirmed by the ERP (ERP order SO-77)');
      await expect(again.el).to.be.accessible();
    } finally {
      document.removeEventListener('cpq-order-status', listen);
    }
  });

  it('a cancelled order: cancelled by the seller in the service, the element says so in both languages', async () => {
    const { quoteId, share } = await sentQuote();
    await call('POST', 'share/accept', { share: share.token }, { name: 'Zhao', digest: (await call('GET', 'share', { share: share.token })).body.digest });
    const ordered = await call('POST', `quotes/${quoteId}/versions/1/order`, 's1', {});
    expect(ordered.status).to.equal(201);
    const cancelled = await call('POST', `orders/${encodeURIComponent(ordered.body.order.id)}/cancel`, 's1', { reason: 'wrong customer' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).to.equal(200);
    const m = await mount({ quoteId, user: 's1' });
    const part = m.el.shadowRoot!.querySelector('[part="order-status"]')!;
    expect(part.getAttribute('data-status')).to.equal('cancelled');
    expect(part.textContent!.trim()).to.equal('Order status: cancelled');
    m.el.locale = 'zh-CN';
    await m.el.updateComplete;
    expect(part.textContent!.trim()).to.equal('订单状态：已取消');
  });

  it('retries an order through a 503 and a lost answer under one Idempotency-Key: one order', async () => {
    const { quoteId, share } = await sentQuote();
    await call('POST', 'share/accept', { share: share.token }, { name: 'Zhao', digest: (await call('GET', 'share', { share: share.token })).body.digest });
    const m = await mount({ quoteId, user: 's1' });
    const order = `POST /api/cpq/quotes/${quoteId}/versions/1/order`;
    // The first attempt never reaches the service; the second is done there but its answer is lost.
    await faults(order, [503, 'after:503']);
    const retries: string[] = [];
    const watch = setInterval(() => m.probe.last?.service?.retrying && retries.push(m.probe.last.service.retrying), 10);
    await move(m, 'Place order…', 'ordered');
    clearInterval(watch);
    const calls = (await proxyLog(`/quotes/${quoteId}/versions/1/order`));
    expect(calls.map((c) => [c.status, c.fault ?? null, c.replayed ?? false])).to.deep.equal([[503, 503, false], [503, 'after:503', false], [201, null, true]]);
    expect(new Set(calls.map((c) => c.key)).size, 'one key across the retries').to.equal(1);
    expect(calls[1]!.served).to.equal(201);
    expect(retries.some((r) => r.includes('Injected 503'))).to.equal(true);
    const orders = ((await call('GET', 'orders?limit=100', 's1')).body.data as { quoteId: string }[]).filter((o) => o.quoteId === quoteId);
    expect(orders.length).to.equal(1);
    expect(stateOf(m)).to.equal('ordered');
  });

  it('the customer orders online when the seller allowed it', async () => {
    const { quoteId, share } = await sentQuote(undefined, true);
    const m = await mount({ shareToken: share.token });
    type(m, 'name', 'Zhao');
    await move(m, 'Accept this quote', 'accepted');
    expect(buttonNames(m)).to.include('Place order…');
    type(m, 'name', 'Zhao');
    await move(m, 'Place order…', 'ordered');
    const server = (await call('GET', `quotes/${quoteId}`, 's1')).body;
    expect(server.state).to.equal('ordered');
    expect(m.probe.last!.order).to.deep.equal({ status: 'delivered', eventId: server.orderId });
  });

  it('shows the service\'s refusals: a 403 and a 409 on moves, a 409 on an edit', async () => {
    const created = await createQuote('20');
    const errors: { source: string; status?: number; errors: { code?: string; message: string }[] }[] = [];
    const seller = await mount({ quoteId: created.quoteId, user: 's1', canApprove: true });
    seller.el.addEventListener('cpq-error', (e) => errors.push(e.detail));
    await move(seller, 'Submit for approval', 'approval-pending');

    // 403: a seller is no approver (nor offered the move: the service refuses it anyway).
    expect(buttonNames(seller).some((b) => b.startsWith('Approve'))).to.equal(false);
    const refusal = await api(seller).move('approve', { level: 'manager' });
    expect(refusal.map((e) => e.message)).to.deep.equal(['This needs the role approver; you have seller.']);
    expect(stateOf(seller)).to.equal('approval-pending');
    expect(errors.at(-1)).to.deep.include({ source: 'service', status: 403 });

    // 409: the prices changed since the approver loaded the quote.
    const approver = await mount({ quoteId: created.quoteId, user: 'm1', canApprove: true });
    const approverErrors: number[] = [];
    approver.el.addEventListener('cpq-error', (e) => approverErrors.push(e.detail.status ?? -1));
    const edit = await call('PUT', `quotes/${created.quoteId}/versions/1`, 's1', { lines: created.quote.lines, discount: { percent: '18' }, customer: created.quote.customer });
    expect(edit.status).to.equal(200);
    await refused(approver, 'Approve as Sales manager…', 'changed since you loaded it');
    expect(approverErrors).to.deep.equal([409]);
    // It reloads: the approver now sees the new prices and can decide on them.
    await until(() => approver.el.priced?.totals.total === edit.body.priced.totals.total, 'the new prices loaded');

    // 409 on an edit: the page edits a revision the service has moved past; the alert, then the service's quote.
    await seller.el.reload();
    await call('PUT', `quotes/${created.quoteId}/versions/1`, 's1', { lines: created.quote.lines, discount: { percent: '19' }, customer: created.quote.customer });
    const saveError = oneEvent(seller.el, 'cpq-error');
    api(seller).setQuoteDiscount({ percent: '17' });
    expect((await saveError).detail).to.deep.include({ source: 'service', status: 409 });
    await settle(seller);
    const alert = seller.el.shadowRoot!.querySelector('[part="service-error"]')!;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.contain('reload it and edit again');
    await until(() => (seller.el.quote.discount as { percent?: string } | undefined)?.percent === '19', 'the service\'s quote reloaded');
    await expect(seller.el).to.be.accessible();
  });

  it('keyboard: the customer types a name and a PO and accepts with Enter; axe in the portal states', async () => {
    const { quoteId, share } = await sentQuote();
    const m = await mount({ shareToken: share.token });
    await expect(m.el).to.be.accessible();
    m.root.querySelector<HTMLInputElement>('input[part="name"]')!.focus();
    await sendKeys({ type: 'Wang Customer' });
    await sendKeys({ press: 'Tab' });
    expect(m.root.activeElement?.getAttribute('part')).to.equal('reference');
    await sendKeys({ type: 'PO-42' });
    await sendKeys({ press: 'Tab' });
    expect(nameOf(m.root.activeElement!)).to.equal('Accept this quote');
    await sendKeys({ press: 'Enter' });
    await until(() => stateOf(m) === 'accepted', 'accepted by keyboard');
    await settle(m);
    const server = (await call('GET', `quotes/${quoteId}`, 's1')).body;
    expect(server.quote.lifecycle.acceptance).to.include({ by: 'Wang Customer', reference: 'PO-42' });
    await expect(m.el).to.be.accessible();
  });
});
