// The CRM page's contracts card (issue 16): the account's running contracts, read from the quote
// service (GET /contracts?customerId=…, then each contract), with a seller's two ways to change
// one — an amendment from an effective date (POST /contracts/{id}/amendments) and a renewal for
// a next term with an uplift (POST /contracts/{id}/renewals). Either answers a new draft quote,
// which the page then opens in <cpq-quote>. Built with DOM calls (the page's strict CSP allows no
// inline script or style); an approver sees the contracts without the buttons (the service
// lets sellers alone start a quote).
import type { Contract } from '../src/contract/index.js';
import { t, type Table, type UiLocale } from './shared/i18n.js';

export const contractStrings: Table = {
  'zh-CN': {
    contracts: '客户合同', noContracts: '该客户暂无合同。', contractTerm: '{start} 至 {end}（第 {version} 版）',
    subscription: '{sku} × {qty}（{start} 起）', effective: '变更生效日', amend: '从该日起变更',
    renewTerm: '续约期（月）', uplift: '涨价（%）', upliftHint: '留空：按目录默认', renew: '续约',
    starting: '正在创建报价…', started: '已创建报价 {id}，已打开。', startFailed: '未能创建报价：{message}',
  },
  en: {
    contracts: 'Account contracts', noContracts: 'This account has no contract yet.', contractTerm: '{start} to {end} (version {version})',
    subscription: '{sku} × {qty} (from {start})', effective: 'Effective from', amend: 'Amend from this date',
    renewTerm: 'Renewal term (months)', uplift: 'Uplift (%)', upliftHint: 'Empty: the catalog default', renew: 'Renew',
    starting: 'Creating the quote…', started: 'Quote {id} created and opened.', startFailed: 'Could not create the quote: {message}',
  },
};

/** What the card needs of its page. */
export interface ContractsHost {
  locale(): UiLocale;
  getToken(): Promise<string>;
  /** Whether the signed-in user may start quotes (a seller). */
  seller(): boolean;
  /** Open a quote the card started. */
  open(quoteId: string): Promise<void>;
}

const SERVICE = '/api/cpq';

/** The first day of the next month after `day`, kept within the contract (a sensible default effective date). */
export function defaultEffective(contract: Pick<Contract, 'start' | 'end'>, today: string): string {
  const from = today < contract.start ? contract.start : today;
  const [y, m] = from.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return next > contract.end ? contract.end : next;
}

export class ContractsCard {
  private contracts: Contract[] = [];
  private customerId: string | undefined;

  constructor(private readonly root: HTMLElement, private readonly status: HTMLElement, private readonly host: ContractsHost) {}

  private async call(method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${SERVICE}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.host.getToken()}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(json?.error?.message ?? `HTTP ${res.status}`);
    return json;
  }

  /** Read the account's contracts again (after a load, a sign-in, an order). */
  async refresh(customerId: string | undefined): Promise<void> {
    this.customerId = customerId;
    if (!customerId) {
      this.contracts = [];
      this.render();
      return;
    }
    try {
      const list = await this.call('GET', `/contracts?customerId=${encodeURIComponent(customerId)}&limit=5`);
      const read = await Promise.all((list.data as { contractId: string }[]).map((c) => this.call('GET', `/contracts/${encodeURIComponent(c.contractId)}`)));
      if (customerId !== this.customerId) return;
      this.contracts = read.map((r) => r.contract as Contract);
    } catch (error) {
      this.contracts = [];
      this.status.textContent = t([contractStrings], this.host.locale(), 'startFailed', { message: (error as Error).message });
    }
    this.render();
  }

  render(): void {
    const locale = this.host.locale();
    const s = (key: string, params?: Record<string, string>) => t([contractStrings], locale, key, params);
    const today = new Date().toISOString().slice(0, 10);
    if (this.contracts.length === 0) {
      const p = document.createElement('p');
      p.className = 'muted';
      p.textContent = s('noContracts');
      this.root.replaceChildren(p);
      return;
    }
    this.root.replaceChildren(...this.contracts.map((c) => {
      const box = document.createElement('article');
      box.className = 'contract';
      box.dataset.contract = c.id;
      const h = document.createElement('h3');
      h.textContent = c.id;
      const term = document.createElement('p');
      term.className = 'contract-term';
      term.textContent = s('contractTerm', { start: c.start, end: c.end, version: String(c.version) });
      const subs = document.createElement('ul');
      subs.className = 'contract-subs';
      for (const sub of c.subscriptions.filter((x) => x.end >= (today > c.end ? c.end : today))) {
        const li = document.createElement('li');
        li.textContent = s('subscription', { sku: sub.sku, qty: sub.qty, start: sub.start });
        subs.append(li);
      }
      box.append(h, term, subs);
      if (!this.host.seller()) return box;

      const field = (label: string, input: HTMLInputElement, hint?: string) => {
        const wrap = document.createElement('label');
        wrap.className = 'contract-field';
        const span = document.createElement('span');
        span.textContent = label;
        wrap.append(span, input);
        if (hint) input.placeholder = hint;
        return wrap;
      };
      const button = (label: string, act: () => Promise<void>) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = label;
        b.addEventListener('click', () => void act());
        return b;
      };
      const effective = Object.assign(document.createElement('input'), { type: 'date', min: c.start, max: c.end, value: defaultEffective(c, today), name: 'effective' });
      const renewTerm = Object.assign(document.createElement('input'), { type: 'number', min: '1', max: '60', value: '12', name: 'term', inputMode: 'numeric' });
      const uplift = Object.assign(document.createElement('input'), { type: 'text', name: 'uplift', inputMode: 'decimal', autocomplete: 'off' });
      const amendRow = document.createElement('div');
      amendRow.className = 'contract-move';
      amendRow.append(field(s('effective'), effective), button(s('amend'), () => this.start(c.id, 'amendments', { effectiveDate: effective.value })));
      const renewRow = document.createElement('div');
      renewRow.className = 'contract-move';
      renewRow.append(field(s('renewTerm'), renewTerm), field(s('uplift'), uplift, s('upliftHint')), button(s('renew'), () => {
        const up = uplift.value.trim().replace(/%$/, '');
        return this.start(c.id, 'renewals', { term: Number(renewTerm.value), ...(up ? { uplift: up } : {}) });
      }));
      box.append(amendRow, renewRow);
      return box;
    }));
  }

  /** Start an amendment or a renewal, then open it. */
  private async start(contractId: string, kind: 'amendments' | 'renewals', body: Record<string, unknown>): Promise<void> {
    const locale = this.host.locale();
    this.status.textContent = t([contractStrings], locale, 'starting');
    try {
      const made = await this.call('POST', `/contracts/${encodeURIComponent(contractId)}/${kind}`, body);
      await this.host.open(made.quoteId);
      this.status.textContent = t([contractStrings], locale, 'started', { id: made.quoteId });
    } catch (error) {
      this.status.textContent = t([contractStrings], locale, 'startFailed', { message: (error as Error).message });
    }
  }
}
