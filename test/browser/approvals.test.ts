// Approvals a person can trust, and moves a keyboard cannot run into (issue 14, item 3), in local
// mode: each pending approval shown by level with the level's name, the rule, its message and who
// approves it; one level decided per click, with a comment, after a confirmation; never by the
// quote's owner unless the host allows it; Enter pressed again and again on any lifecycle button
// makes at most one move, and after every action the focus is on something meaningful — never
// <body> — also after choosing a price rule and the PDF download. axe in each state, zh-CN and en.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { CpqQuoteActions } from '../../src/components/quote-actions/quote-actions.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import type { LifecycleQuote, QuoteState } from '../../src/quote/lifecycle-types.js';
import type { Catalog, Quote } from '../../src/types.js';
import { crmCatalog, quoteFixture } from './support/catalogs.js';
import { button, buttonNames, confirmPanel, nameOf } from './support/buttons.js';
import { call, token } from './support/service-api.js';

let n = 0;
const fresh = () => `${Date.now().toString(36)}-${n++}`;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Mounted {
  el: CpqQuote;
  actions: CpqQuoteActions;
  root: ShadowRoot;
  catalog: Catalog;
}

interface MountOptions {
  discount?: string;
  locale?: string;
  actor?: string;
  canApprove?: boolean;
  approverLevels?: string;
  allowOwn?: boolean;
  editor?: boolean;
  quote?: Quote;
  mode?: 'sales' | 'self-service';
}

async function mount(o: MountOptions = {}): Promise<Mounted> {
  const catalog = await crmCatalog();
  const base = o.quote ?? await quoteFixture('crm-pro-120');
  const id = `Q-APR-${fresh()}`;
  const quote: Quote = o.discount ? { ...base, id, discount: { percent: o.discount } } : { ...base, id };
  const el = await fixture<CpqQuote>(html`<cpq-quote .catalog=${catalog} .quote=${quote} locale=${o.locale ?? 'zh-CN'} .actor=${o.actor}
      mode=${o.mode ?? 'sales'} ?allow-own-approval=${o.allowOwn === true}>
    ${o.editor ? html`<cpq-line-editor></cpq-line-editor>` : ''}
    <cpq-quote-actions ?can-approve=${o.canApprove === true} approver-levels=${o.approverLevels ?? ''}></cpq-quote-actions>
  </cpq-quote>`);
  const actions = el.querySelector('cpq-quote-actions') as CpqQuoteActions;
  if (!o.approverLevels) actions.approverLevels = undefined;
  const m = { el, actions, root: actions.shadowRoot!, catalog };
  await settle(m);
  return m;
}

async function settle(m: Mounted): Promise<void> {
  await m.el.updateComplete;
  await m.actions.updateComplete;
  await m.actions.updateComplete;
}

const lifecycleOf = (m: Mounted) => (m.el.quote as LifecycleQuote).lifecycle;
const stateOf = (m: Mounted): QuoteState => lifecycleOf(m)?.state ?? 'draft';
const historyOf = (m: Mounted) => (lifecycleOf(m)?.history ?? []).map((e) => e.action);
const textOf = (e: Element | null | undefined) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function click(m: Mounted, name: string): Promise<void> {
  await settle(m);
  button(m, name).click();
  await settle(m);
}

/** Click a consequential move's button, then the confirmation's own (optionally with a comment). */
async function confirmed(m: Mounted, name: string, comment?: string): Promise<void> {
  await click(m, name);
  confirmPanel(m, name, comment);
  await settle(m);
}

/** The focused element, through every shadow root. */
function deepActive(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

function expectFocusOn(part: string): void {
  const a = deepActive();
  expect(a, 'focus fell to <body>').to.not.equal(document.body);
  expect(a?.getAttribute('part') ?? '', `focused ${a?.outerHTML.slice(0, 80)}`).to.contain(part);
}

const level = (m: Mounted, id: string) => m.root.querySelector<HTMLElement>(`[part~="approval-level"][data-level="${id}"]`)!;

/** Press Enter `times` times, letting the element answer after each. */
async function enter(m: Mounted, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await sendKeys({ press: 'Enter' });
    await settle(m);
  }
}

describe('approvals in <cpq-quote-actions> (local mode)', () => {
  it('shows each approval by level: the level\'s name, the rule, its message and who approves; a seller sees the route before submitting', async () => {
    const m = await mount({ discount: '35', actor: 'wang.sales' });
    const panel = m.root.querySelector('[part~="approvals"]')!;
    expect(textOf(panel.querySelector('h3'))).to.equal('提交后需要的审批');
    expect([...m.root.querySelectorAll('[part~="approval-level"]')].map((l) => l.getAttribute('data-level'))).to.deep.equal(['manager', 'director']);
    const manager = level(m, 'manager');
    expect(textOf(manager.querySelector('.level-name'))).to.equal('销售经理');
    // Two approvals at one level: the quote discount, and an option priced under its floor (named by its product).
    expect([...manager.querySelectorAll('[part~="approval-item"]')].map(textOf)).to.deep.equal([
      '报价管理（CPQ）的净单价 12.35 低于底价 14.00。', '整单折扣超过 15%，需销售经理审批',
    ]);
    expect(textOf(manager.querySelector('.who'))).to.equal('审批人：任一位销售经理');
    expect(textOf(level(m, 'director').querySelector('.level-name'))).to.equal('销售总监');
    // No codes where a name exists.
    expect(textOf(panel)).to.not.match(/manager|director|disc-\d+/);
    await expect(m.el).to.be.accessible();

    await click(m, '提交审批');
    expect(stateOf(m)).to.equal('approval-pending');
    expect(textOf(m.root.querySelector('[part~="approvals"] h3'))).to.equal('审批（已完成 0/2 级）');
    expect(level(m, 'manager').getAttribute('data-status')).to.equal('current');
    expect(textOf(level(m, 'manager').querySelector('.badge'))).to.equal('待审批');

    m.el.locale = 'en';
    await settle(m);
    expect(textOf(level(m, 'manager').querySelector('.level-name'))).to.equal('Sales manager');
    expect(textOf(level(m, 'director').querySelector('[part~="approval-item"]'))).to.equal('Quote discount over 30 %: Quote discount above 30 %: sales director approval');
    expect(textOf(level(m, 'manager').querySelector('[part~="approval-item"]'))).to.equal('Quoting (CPQ): the net unit price 12.35 is below the floor price 14.00.');
    expect(textOf(level(m, 'director').querySelector('.who'))).to.equal('Approved by: any Sales director');
    await expect(m.el).to.be.accessible();
  });

  it('never lets the owner approve their own quote (unless the host allows it); one level per click, each with its comment', async () => {
    const m = await mount({ discount: '35', actor: 'wang.sales', canApprove: true });
    await click(m, '提交审批');
    // The owner: no approve or reject button, and why.
    expect(buttonNames(m).some((b) => b.startsWith('以'))).to.equal(false);
    expect(textOf(level(m, 'manager').querySelector('.who'))).to.contain('这是您自己的报价，需由其他人审批。');
    const api = m.el.querySelector('cpq-quote-actions') as unknown as { cpq: { api: { move: (a: string, d?: object) => Promise<{ code: string; message: string }[]> } } };
    const refused = await api.cpq.api.move('approve', { reason: 'ok' });
    expect(refused.map((e) => [e.code, e.message])).to.deep.equal([['own-quote', '这是您自己的报价，需由其他人审批。']]);
    expect(stateOf(m)).to.equal('approval-pending');

    // A manager: only their level.
    m.el.actor = 'li.manager';
    m.actions.approverLevels = ['manager'];
    await settle(m);
    expect(buttonNames(m)).to.include('以销售经理身份批准…').and.include('以销售经理身份驳回…').and.not.include('以销售总监身份批准…');
    expect(textOf(level(m, 'director').querySelector('.who'))).to.contain('这一级需由销售总监审批，您没有这一级的审批权限。');
    await confirmed(m, '以销售经理身份批准…', '客户为战略客户，同意');
    expect(stateOf(m)).to.equal('approval-pending');
    // The manager's level, both its approvals, and nothing of the director's.
    expect(lifecycleOf(m)!.approvals.map((a) => [a.ruleId, a.level, a.approvedBy, a.reason])).to.deep.equal([
      ['below-floor', 'manager', 'li.manager', '客户为战略客户，同意'], ['disc-15', 'manager', 'li.manager', '客户为战略客户，同意'],
    ]);
    expect(lifecycleOf(m)!.history.at(-1)).to.include({ action: 'approve', actor: 'li.manager', reason: '客户为战略客户，同意' });
    expect(level(m, 'manager').getAttribute('data-status')).to.equal('done');
    expect(textOf(level(m, 'manager'))).to.contain('li.manager 于').and.contain('审批意见：客户为战略客户，同意');
    expect(textOf(m.root.querySelector('[part~="approvals"] h3'))).to.equal('审批（已完成 1/2 级）');
    await expect(m.el).to.be.accessible();

    // The director decides the other level.
    m.el.actor = 'zhao.director';
    m.actions.approverLevels = ['director'];
    await settle(m);
    expect(buttonNames(m)).to.include('以销售总监身份批准…').and.not.include('以销售经理身份批准…');
    await confirmed(m, '以销售总监身份批准…');
    expect(stateOf(m)).to.equal('approved');
    expect(lifecycleOf(m)!.approvals.map((a) => [a.level, a.approvedBy])).to.deep.equal([['manager', 'li.manager'], ['manager', 'li.manager'], ['director', 'zhao.director']]);
    expect(lifecycleOf(m)!.history.filter((e) => e.action === 'approve').map((e) => e.approvals)).to.deep.equal([['below-floor@L1/ADDON-CPQ', 'disc-15'], ['disc-30']]);

    // A host that lets owners approve their own quotes.
    const own = await mount({ discount: '20', actor: 'wang.sales', canApprove: true, allowOwn: true });
    await click(own, '提交审批');
    await confirmed(own, '以销售经理身份批准…');
    expect(stateOf(own)).to.equal('approved');
  });

  it('a rejection needs its reason in the confirmation; Escape cancels and gives the focus back to the button', async () => {
    const m = await mount({ discount: '20', actor: 'li.manager', canApprove: true, owner: undefined } as MountOptions);
    m.el.owner = 'wang.sales';
    await settle(m);
    await click(m, '提交审批');
    await click(m, '以销售经理身份驳回…');
    expectFocusOn('comment');
    button(m, '确认驳回').click();
    await settle(m);
    expect(stateOf(m)).to.equal('approval-pending');
    expect(textOf(m.root.querySelector('#confirm-error'))).to.equal('请填写驳回原因。');
    expectFocusOn('comment');
    await expect(m.el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await settle(m);
    expect(m.root.querySelector('[part~="confirm"]')).to.equal(null);
    expect(nameOf(deepActive()!)).to.equal('以销售经理身份驳回…');
    await confirmed(m, '以销售经理身份驳回…', '折扣过高');
    expect(stateOf(m)).to.equal('rejected');
    expect(lifecycleOf(m)!.history.at(-1)).to.include({ action: 'reject', reason: '折扣过高', actor: 'li.manager' });
  });
});

describe('keyboard: one move per press, and the focus always somewhere meaningful', () => {
  it('Enter pressed again and again on each lifecycle button makes at most one move; focus goes to the status', async () => {
    const m = await mount({ discount: '20', actor: 'li.manager', canApprove: true, locale: 'en' });
    m.el.owner = 'wang.sales';
    await settle(m);

    button(m, 'Submit for approval').focus();
    await enter(m, 3);
    expect(historyOf(m)).to.deep.equal(['submit']);
    expectFocusOn('state');

    // Approve: the first Enter asks; the comment field has the focus, so more Enters write new lines.
    button(m, 'Approve as Sales manager…').focus();
    await enter(m, 3);
    expect(historyOf(m)).to.deep.equal(['submit']);
    expectFocusOn('comment');
    await sendKeys({ press: 'Tab' });
    expect(nameOf(deepActive()!)).to.equal('Confirm approval');
    await enter(m, 3);
    expect(historyOf(m)).to.deep.equal(['submit', 'approve']);
    expectFocusOn('state');

    // Send: the question has the focus; Enter there does nothing; the confirm button is one Tab away.
    button(m, 'Send to customer…').focus();
    await enter(m, 3);
    expect(historyOf(m)).to.deep.equal(['submit', 'approve']);
    expect(deepActive()!.id).to.equal('confirm-q');
    await sendKeys({ press: 'Tab' });
    await enter(m, 3);
    expect(historyOf(m)).to.deep.equal(['submit', 'approve', 'send']);
    expectFocusOn('state');

    // Customer accepted: the next button (revise) never sits under the focus.
    button(m, 'Customer accepted').focus();
    await enter(m, 3);
    expect(historyOf(m)).to.deep.equal(['submit', 'approve', 'send', 'accept']);
    expectFocusOn('state');

    // Place order: asks, then one order; the focus goes to the order's status.
    const submitted: string[] = [];
    m.el.addEventListener('cpq-order-submit', (e) => submitted.push(e.detail.event.id));
    button(m, 'Place order…').focus();
    await enter(m, 2);
    await sendKeys({ press: 'Tab' });
    expect(nameOf(deepActive()!)).to.equal('Confirm order');
    await enter(m, 3);
    expect(submitted.length).to.equal(1);
    expectFocusOn('order');

    // Revise: asks too.
    button(m, 'Revise (new version)…').focus();
    await enter(m, 3);
    expect(m.el.quote.version).to.equal(1);
    await sendKeys({ press: 'Tab' });
    await enter(m, 3);
    expect(m.el.quote.version).to.equal(2);
    expectFocusOn('state');
  });

  it('keeps the focus on the PDF button while the PDF is made', async () => {
    const m = await mount({ locale: 'en' });
    const pdf = button(m, 'Download quote PDF');
    pdf.focus();
    await sendKeys({ press: 'Enter' });
    await settle(m);
    expect(deepActive()).to.equal(pdf);
    const end = Date.now() + 50_000;
    while (!/ready|could not/.test(textOf(m.root.querySelector('[part~="pdf"] [role="status"]'))) && Date.now() < end) await pause(50);
    await settle(m);
    expect(deepActive()).to.equal(pdf);
    expect(pdf.getAttribute('aria-disabled')).to.equal(null);
  }).timeout(60_000);

  // Choosing the rule removes the select that had the focus: the focus goes to the line's next control.
  it('keeps the focus in the line editor after choosing a price rule for a conflict', async () => {
    const m = await mount({ quote: await quoteFixture('conflict'), editor: true, actor: 'wang.sales' });
    const editor = m.el.querySelector('cpq-line-editor')!;
    const select = editor.shadowRoot!.querySelector<HTMLSelectElement>('select[data-control="rule"]')!;
    const issue = m.el.priced!.issues.find((i) => i.code === 'price-rule-conflict')!;
    // Said in words: the product, the offers by name, no rule ids or priorities.
    expect(issue.message).to.equal('智能销售助手同时符合“年终促销：智能销售助手 85折”和“大客户专享：智能销售助手 88折”，这些优惠不能同时使用：请选择适用的一项。');
    select.focus();
    select.value = 'promo-yearend-ai';
    select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await settle(m);
    await (editor as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    await pause(50);
    expect(m.el.quote.lines.find((l) => l.sku === 'ADDON-SFA-AI')!.priceRule).to.equal('promo-yearend-ai');
    const a = deepActive();
    expect(a, 'focus fell to <body>').to.not.equal(document.body);
    expect(a === null ? false : editor.shadowRoot!.contains(a), `focused ${a?.outerHTML.slice(0, 80)}`).to.equal(true);
  });
});

// ——— Through the quote service (test/browser/support/quote-service.mjs: s1 seller, m1 manager, dir director). ———

type User = 's1' | 'm1' | 'dir';
async function serviceMount(quoteId: string, user: User, locale = 'en'): Promise<Mounted> {
  const el = await fixture<CpqQuote>(html`<cpq-quote service="/api/cpq" locale=${locale} quote-id=${quoteId} .getToken=${() => token(user)}>
    <cpq-quote-actions can-approve></cpq-quote-actions>
  </cpq-quote>`);
  const actions = el.querySelector('cpq-quote-actions') as CpqQuoteActions;
  const m = { el, actions, root: actions.shadowRoot!, catalog: el.catalog! };
  await settle(m);
  return m;
}

async function until(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause(20);
  }
}

/** A consequential move through the service: its button, the confirmation (with a comment), then the service's answer. */
async function decide(m: Mounted, name: string, comment: string, done: () => boolean): Promise<void> {
  await confirmed(m, name, comment);
  await until(() => done() && m.el.querySelector('cpq-quote-actions') !== null && !m.root.querySelector('[part~="busy"]')?.textContent, `${name} answered`);
  await settle(m);
}

describe('approvals through the quote service', () => {
  before(async function () {
    this.timeout(120_000);
    await token('s1');
  });

  it('two levels decided by two approvers in order, each with a comment; the seller sees the route and cannot approve', async () => {
    const q = await quoteFixture('crm-pro-120');
    const created = (await call('POST', 'quotes', 's1', { catalogId: 'demo-crm-2026', lines: q.lines, customer: q.customer, discount: { percent: '35' }, locale: 'en' })).body;
    const submitted = await call('POST', `quotes/${created.quoteId}/versions/1/submit`, 's1', {});
    expect(submitted.body.state).to.equal('approval-pending');

    // The seller, who owns the quote: the route, and no approval of their own.
    const seller = await serviceMount(created.quoteId, 's1');
    expect([...seller.root.querySelectorAll('[part~="approval-level"]')].map((l) => [l.getAttribute('data-level'), l.getAttribute('data-status')]))
      .to.deep.equal([['manager', 'current'], ['director', 'waiting']]);
    expect(textOf(level(seller, 'director').querySelector('.badge'))).to.equal('Waits for the level before it');
    expect(buttonNames(seller).some((b) => b.startsWith('Approve'))).to.equal(false);
    expect(textOf(level(seller, 'manager').querySelector('.who'))).to.contain('This is your own quote: someone else must approve it.');
    await expect(seller.el).to.be.accessible();

    // The director first: their level waits for the manager's.
    const director = await serviceMount(created.quoteId, 'dir', 'zh-CN');
    expect(buttonNames(director).some((b) => b.includes('批准'))).to.equal(false);
    expect(textOf(level(director, 'manager').querySelector('.who'))).to.contain('这一级需由销售经理审批，您没有这一级的审批权限。');
    expect(textOf(level(director, 'director').querySelector('.badge'))).to.equal('等待上一级审批');
    await expect(director.el).to.be.accessible();

    // The manager decides their level, with a comment.
    const manager = await serviceMount(created.quoteId, 'm1');
    expect(buttonNames(manager)).to.include('Approve as Sales manager…').and.not.include('Approve as Sales director…');
    await decide(manager, 'Approve as Sales manager…', 'Strategic account: agreed', () => level(manager, 'manager')?.getAttribute('data-status') === 'done');
    expect(stateOf(manager)).to.equal('approval-pending');
    expectFocusOn('state');

    // The director, once the manager's level is done.
    await director.el.reload();
    await settle(director);
    expect(level(director, 'director').getAttribute('data-status')).to.equal('current');
    expect(textOf(level(director, 'manager'))).to.contain('m1 于').and.contain('审批意见：Strategic account: agreed');
    await decide(director, '以销售总监身份批准…', '同意', () => stateOf(director) === 'approved');
    await expect(director.el).to.be.accessible();

    const moves = (await call('GET', `quotes/${created.quoteId}/moves`, 's1')).body.data as { action: string; actor: string; detail?: { level?: string; reason?: string } }[];
    expect(moves.filter((x) => x.action === 'approve').map((x) => [x.actor, x.detail?.level, x.detail?.reason])).to.deep.equal([
      ['m1', 'manager', 'Strategic account: agreed'], ['dir', 'director', '同意'],
    ]);
  }).timeout(60_000);
});
