// The CRM opportunity page: a seller's quote inside the opportunity record. In service mode the
// element reads and writes the quote through the quote service (`service`, `quote-id`, and the
// host's `getToken`); the host listens to the kit's events and shows the quote total as the
// opportunity amount. The "sign in as" switch stands in for the host's own sign-in.
import '../src/index.js';
import fontUrl from '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf?url';
import { money } from '../src/components/format.js';
import type { CpqShareLinkDetail } from '../src/components/events.js';
import type { CpqQuote, PricedQuote, Quote } from '../src/index.js';
import type { LifecycleQuote } from '../src/quote/lifecycle-types.js';
import { suggestStage, type OpportunityStage } from '../src/quote/stages.js';
import { ContractsCard, contractStrings } from './contracts.js';
import { catalogFromUrl, type CatalogId } from './shared/data.js';
import { EventLog } from './shared/event-log.js';
import { headerStatus } from './shared/header-status.js';
import { rememberColumns } from './shared/columns.js';
import { applyText, localeFromUrl, setUrlParam, shared, t, wirePageSwitches, type Table, type UiLocale } from './shared/i18n.js';
import { DemoSession, seededQuoteIds, userFromUrl, type DemoUserId } from './shared/session.js';
import { STAGES, stageOf, type Stage } from './shared/stages.js';

const page: Table = {
  'zh-CN': {
    skip: '跳到报价', recordType: '商机', customer: '客户', owner: '负责人', ownerName: '王涛', amount: '金额（报价总额）',
    probability: '赢率', validUntil: '报价有效期至', status: '报价状态', stagesLabel: '销售阶段', products: '产品',
    configure: '配置', lines: '报价明细', summary: '报价汇总', actions: '报价流程', events: '事件日志', title: '商机报价 · cpq-kit 演示',
    orderable: '草稿：可发送客户', notOrderable: '有错误，暂不能下单', approvals: '需要审批（{count} 项）', readonly: '已关闭（只读）',
    inApproval: '审批中：还有 {count} 项待批', approved: '已批准，可发送客户', rejected: '已驳回，待修改后重新提交', sent: '已发送客户，等待答复',
    accepted: '客户已接受，可下单', ordered: '已下单', expired: '已过期', superseded: '已有新版本',
    fields: '报价信息', shareLink: '客户链接：', openPortal: '在客户门户中打开',
  },
  en: {
    skip: 'Skip to the quote', recordType: 'Opportunity', customer: 'Account', owner: 'Owner', ownerName: 'Wang Tao', amount: 'Amount (quote total)',
    probability: 'Probability', validUntil: 'Quote valid until', status: 'Quote status', stagesLabel: 'Sales stages', products: 'Products',
    configure: 'Configure', lines: 'Quote lines', summary: 'Quote summary', actions: 'Quote flow', events: 'Event log', title: 'Opportunity quote · cpq-kit demo',
    orderable: 'Draft: ready to send', notOrderable: 'Has errors, cannot be ordered yet', approvals: 'Needs approval ({count})', readonly: 'Closed (read-only)',
    inApproval: 'In approval: {count} pending', approved: 'Approved, ready to send', rejected: 'Rejected: change it and submit again', sent: 'Sent, awaiting the customer',
    accepted: 'Accepted by the customer: ready to order', ordered: 'Ordered', expired: 'Expired', superseded: 'Superseded by a new version',
    fields: 'Quote details', shareLink: 'Customer link: ', openPortal: 'open in the customer portal',
  },
};
const tables = [page, contractStrings, shared];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const quoteEl = $<CpqQuote>('quote-area');
const session = new DemoSession(userFromUrl());
const quoteFromUrl = new URLSearchParams(location.search).get('quote');
let locale: UiLocale = localeFromUrl('zh-CN');
let catalogId: CatalogId = catalogFromUrl('crm');
/** Service mode: the opportunity's stage when the lifecycle or the user moved it (else the quote's `opportunity.stage`). */
let shownStage: Stage | undefined;
const log = new EventLog($('event-log'), quoteEl, () => locale);
const actions = document.querySelector('cpq-quote-actions')!;
quoteEl.getToken = session.getToken;
rememberColumns(document.querySelector('cpq-line-editor')!, 'crm');
/** The account's contracts, to amend or renew: the quote it starts opens here. */
const contracts = new ContractsCard($('contracts'), $('contracts-status'), {
  locale: () => locale,
  getToken: session.getToken,
  seller: () => !session.approver,
  open: async (quoteId) => {
    setUrlParam('quote', quoteId);
    await load(catalogId, quoteId);
  },
});
const customerId = (): string | undefined => {
  const id = (quoteEl.quote.customer as Record<string, unknown> | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
};
actions.fontUrl = fontUrl;
actions.pdfOptions = {
  seller: { name: '杭州云策软件有限公司', address: '杭州市西湖区文三路 90 号', taxId: '91330106MA2KXXXX0Q', contact: '王涛 138-0000-0000' },
  paymentTerms: '合同签订后 10 个工作日内支付 100%',
  terms: ['本报价含税价格以人民币计。', '软件订阅按年计费，到期前 30 天续约。'],
};

/** The opportunity header, from the quote the element holds and its priced copy. */
function renderHeader(quote: Quote, priced: PricedQuote | undefined): void {
  const opp = (quote.opportunity ?? {}) as Record<string, unknown>;
  const customer = (quote.customer ?? {}) as Record<string, unknown>;
  const stage = shownStage ?? stageOf(opp.stage);
  $('opp-id').textContent = String(opp.id ?? quote.id);
  $('opp-name').textContent = String(opp.name ?? quote.id);
  $('opp-customer').textContent = String(customer.name ?? '—');
  $('opp-amount').textContent = priced ? money(priced.totals.total, priced.currency, locale) : '—';
  $('opp-probability').textContent = `${stage.probability}%`;
  $('opp-valid').textContent = quote.validUntil ?? '—';
  const [text, tone] = quoteStatus(quote as LifecycleQuote, priced);
  const status = $('opp-status');
  status.className = 'status';
  status.textContent = text;
  if (tone) status.classList.add(`status-${tone}`);
  renderStages(stage);
}

/** The quote's status as the header says it (shared/header-status.ts), in the page's language. */
function quoteStatus(quote: LifecycleQuote, priced: PricedQuote | undefined): [string, 'ok' | 'warning' | 'error' | undefined] {
  const { key, count, tone } = headerStatus(quote, priced, quoteEl.readonly);
  return [t(tables, locale, key, count === undefined ? undefined : { count: String(count) }), tone];
}

/** The stage bar: a list of the deck's stages, the current one marked `aria-current="step"`. */
function renderStages(current: Stage): void {
  const list = $<HTMLOListElement>('stages');
  const index = STAGES.indexOf(current);
  list.replaceChildren(
    ...STAGES.map((stage, i) => {
      const item = document.createElement('li');
      item.className = i < index && !current.closed ? 'stage done' : 'stage';
      if (stage.id === '输单') item.classList.add('stage-lost');
      if (stage === current) item.setAttribute('aria-current', 'step');
      const button = document.createElement('button');
      button.type = 'button';
      const name = locale === 'en' ? stage.en : stage.id;
      const label = document.createElement('span');
      label.className = 'stage-name';
      label.textContent = name;
      const pct = document.createElement('span');
      pct.className = 'stage-probability';
      pct.textContent = stage.id === '输单' ? '' : `${stage.probability}%`;
      button.append(label, ' ', pct);
      button.addEventListener('click', () => setStage(stage));
      item.append(button);
      return item;
    }),
  );
}

/**
 * Move the opportunity. A stage closed by hand locks the quote; one the quote's own lifecycle
 * suggested (签约 after acceptance) leaves the kit in charge. The stage is the opportunity's,
 * kept by this page: the quote is the service's (and a sent quote cannot be edited).
 */
function setStage(stage: Stage, byHand = true): void {
  if (byHand) quoteEl.readonly = Boolean(stage.closed);
  shownStage = stage;
  void refresh();
}

/** The bar's stage for a quote state (方案形成, a step the bar does not show, gives none). */
function stageFor(name: OpportunityStage['name'] | undefined): Stage | undefined {
  return STAGES.find((s) => typeof name === 'object' && s.id === name['zh-CN']);
}

/**
 * After a load: where the quote's lifecycle puts the opportunity (moves made by someone else —
 * the customer accepting in the portal — fire no event in this page).
 */
function stageFromLifecycle(): void {
  const state = (quoteEl.quote as LifecycleQuote).lifecycle?.state;
  shownStage = (state && stageFor(suggestStage(state)?.name)) || undefined;
}

/** Re-read the element's state after it has priced the current quote. */
async function refresh(): Promise<void> {
  await quoteEl.updateComplete;
  renderHeader(quoteEl.quote, quoteEl.priced);
}

async function load(id: CatalogId, quoteId?: string): Promise<void> {
  const status = $('load-status');
  status.textContent = t(tables, locale, 'loading');
  try {
    quoteEl.readonly = false;
    quoteEl.quoteId = quoteId ?? (await seededQuoteIds())[id];
    await quoteEl.updateComplete;
    stageFromLifecycle();
    status.textContent = '';
    await refresh();
    await contracts.refresh(customerId());
  } catch (error) {
    status.textContent = t(tables, locale, 'loadFailed', { message: (error as Error).message });
  }
}

/**
 * Sign in as a seeded user, as another person opening the same quote: the last user's pending
 * edit is saved first (with their token), then the element's requests carry the new user's token
 * and it loads the quote again; approvers get the approve and reject moves, and the history
 * names whoever acts.
 */
async function signIn(user: DemoUserId, initial = false): Promise<void> {
  ($('signin-user') as HTMLSelectElement).value = user;
  try {
    if (!initial) await quoteEl.save();
    const name = await session.signIn(user);
    actions.canApprove = session.approver;
    quoteEl.actor = name;
    if (!initial) {
      await quoteEl.reload();
      stageFromLifecycle();
      await refresh();
      await contracts.refresh(customerId());
    }
  } catch (error) {
    $('load-status').textContent = t(tables, locale, 'loadFailed', { message: (error as Error).message });
  }
}

/** The customer's link, once the quote is sent: the portal opens it from the fragment (never sent to a server). */
function showShareLink(detail: CpqShareLinkDetail): void {
  const link = $<HTMLAnchorElement>('share-link-url');
  link.href = detail.url ?? `./portal.html#share=${encodeURIComponent(detail.token)}`;
  $('share-link').hidden = false;
}

function setLocale(next: UiLocale): void {
  locale = next;
  quoteEl.locale = locale;
  applyText(document, tables, locale);
  document.title = t(tables, locale, 'title');
  log.refresh();
  contracts.render();
  void refresh();
}

quoteEl.addEventListener('cpq-quote-change', (e) => renderHeader(e.detail.quote, e.detail.priced));
// The quote's lifecycle moves the opportunity along this page's stage bar (方案形成, a step the bar
// does not show, leaves it where it is).
quoteEl.addEventListener('cpq-stage-suggest', (e) => {
  const stage = stageFor(e.detail.stage?.name);
  if (stage) setStage(stage, false);
  // An order makes or changes a contract: the card reads the account's contracts again.
  void contracts.refresh(customerId());
});
quoteEl.addEventListener('cpq-share-link', (e) => showShareLink(e.detail));
wirePageSwitches(locale, catalogId, setLocale, (value) => {
  catalogId = value as CatalogId;
  void load(catalogId);
});
$<HTMLSelectElement>('signin-user').addEventListener('change', (e) => {
  const user = (e.target as HTMLSelectElement).value as DemoUserId;
  setUrlParam('as', user);
  void signIn(user);
});
setLocale(locale);
void signIn(session.user, true);
void load(catalogId, quoteFromUrl ?? undefined);
