import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LifecycleEntry, LifecycleQuote, QuoteError, QuoteState } from '../../quote/lifecycle-types.js';
import type { OpportunityStage, StageMapping } from '../../quote/stages.js';
import type { PricedQuote, Quote } from '../../types.js';
import type { Core } from '../core-loader.js';
import { emit } from '../events.js';
import { text, type Strings } from '../i18n.js';
import type { Outbox, OutboxRecord } from '../order/outbox.js';
import type { ServiceStatus } from '../service/service-hub.js';
import { approvalLevels, type ApprovalLevelView } from './approval-levels.js';

/** The lifecycle moves the elements offer. */
export type QuoteAction = 'submit' | 'approve' | 'reject' | 'send' | 'accept' | 'decline' | 'revise';

/**
 * Where the quote's order stands in this browser: handed to the host page (it cancelled
 * `cpq-order-submit`, or no `endpoint` is set), waiting in the outbox, delivered, or refused.
 */
export interface OrderStatus {
  status: 'none' | 'host' | 'pending' | 'delivered' | 'failed';
  eventId?: string;
  /** The receiver's answer when it refused the order; the last error while retrying. */
  message?: string;
}

const strings: Strings<'notPriced' | 'readonly' | 'ownQuote'> = {
  'zh-CN': { notPriced: '报价尚未完成计价。', readonly: '报价为只读，不能操作。', ownQuote: '这是您自己的报价，需由其他人审批。' },
  en: { notPriced: 'The quote is not priced yet.', readonly: 'The quote is read-only.', ownQuote: 'This is your own quote: someone else must approve it.' },
};

/** Who may decide the approvals, and where they stand (`CpqState.lifecycle` in sales mode). */
export interface ApprovalState {
  approvals: ApprovalLevelView[];
  owner?: string;
  actor?: string;
  allowOwnApproval: boolean;
}

/** What the flow sees of the quote (and the element that holds it). */
export interface FlowView {
  core: Core;
  quote: LifecycleQuote;
  /** The full priced quote (never the customer's copy: digests cover the full pricing). */
  priced: PricedQuote;
  locale: string;
}

/** The element the flow works for: `<cpq-quote>`. */
export interface FlowHost extends ReactiveControllerHost, EventTarget {
  readonly: boolean;
  mode: 'sales' | 'self-service';
  endpoint: string | undefined;
  /** With a quote service, orders are the service's order move: no order events leave the page. */
  service: string | undefined;
  actor: string | undefined;
  stageMapping: Partial<StageMapping> | undefined;
  /** The current quote, core and full pricing (undefined until priced). */
  flowView(): FlowView | undefined;
  /** Replace the quote as a user's change (reprice, `cpq-quote-change`), with the version it superseded. */
  replaceQuote(quote: Quote, superseded?: Quote): void;
  /** The order status changed: share it. */
  flowChanged(): void;
  /** Who owns the quote (local mode); default: whoever submitted it. */
  readonly owner: string | undefined;
  /** The owner may approve their own quote (local mode). */
  readonly allowOwnApproval: boolean;
}

/** States in which the quote itself is not edited any more (revise it instead). */
const LOCKED: ReadonlySet<QuoteState> = new Set(['sent', 'accepted', 'ordered', 'superseded', 'expired']);

/**
 * The quote's way from draft to order, for `<cpq-quote>`: lifecycle moves bound to the digest of
 * the full pricing, edits recorded (an edit after approval returns the quote to approval), the
 * suggested opportunity stage (`cpq-stage-suggest`), and the order handoff — `cpq-order-submit`
 * (cancelable), then the durable outbox when an `endpoint` is set.
 */
export class QuoteFlow implements ReactiveController {
  order: OrderStatus = { status: 'none' };
  /** The durable outbox for `endpoint`, opened on demand: it and IndexedDB's wrapper load only where a host set an endpoint. */
  private outbox: Promise<Outbox> | undefined;
  private outboxFor: string | undefined;

  constructor(private readonly host: FlowHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.syncOutbox();
  }

  hostDisconnected(): void {
    closeOutbox(this.outbox);
    this.outbox = this.outboxFor = undefined;
  }

  hostUpdate(): void {
    this.syncOutbox();
  }

  /**
   * Where the quote stands now (expiry is judged against the clock): its state, the stage that
   * suggests, its history, and whether the state locks it against edits (revise it instead).
   */
  lifecycle(view: FlowView | undefined): { state: QuoteState; stage: OpportunityStage | null; history: readonly LifecycleEntry[]; locked: boolean } {
    if (!view) return { state: 'draft', stage: null, history: [], locked: false };
    const state = view.core.stateOf(view.quote, now());
    return { state, stage: view.core.suggestStage(state, this.host.stageMapping), history: view.quote.lifecycle?.history ?? [], locked: LOCKED.has(state) };
  }

  /**
   * Sales mode: the approvals of the current prices by level, who owns the quote and who acts —
   * with a service, as it says (its levels, its owner, the signed-in user).
   */
  approvalState(view: FlowView | undefined, catalog: Parameters<typeof approvalLevels>[0], service: ServiceStatus | undefined): ApprovalState {
    const approvals = view ? approvalLevels(catalog, view.priced, view.quote.lifecycle, view.locale, service?.levels) : [];
    if (service) return { approvals, ...(service.owner ? { owner: service.owner } : {}), ...(service.user ? { actor: service.user.id } : {}), allowOwnApproval: false };
    const owner = view ? this.owner(view.quote) : undefined;
    return { approvals, ...(owner ? { owner } : {}), ...(this.host.actor ? { actor: this.host.actor } : {}), allowOwnApproval: this.host.allowOwnApproval };
  }

  /** Who owns the quote: the host's `owner`, else whoever last submitted it for approval. */
  owner(quote: LifecycleQuote): string | undefined {
    if (this.host.owner) return this.host.owner;
    const history = quote.lifecycle?.history ?? [];
    for (let i = history.length - 1; i >= 0; i--) if (history[i]!.action === 'submit') return history[i]!.actor;
    return undefined;
  }

  /** Make a lifecycle move; the refusal's errors, or [] when the quote moved. */
  transition(action: QuoteAction, details: { reason?: string; reference?: string; approvals?: string[] } = {}): QuoteError[] {
    const view = this.host.flowView();
    const t = (k: 'notPriced' | 'readonly' | 'ownQuote') => text(strings, view?.locale, k);
    if (!view) return [{ code: 'not-priced', path: '', message: t('notPriced') }];
    if (this.host.readonly) return [{ code: 'readonly', path: '', message: t('readonly') }];
    const { core, quote, priced, locale } = view;
    const ctx = { at: now(), actor: this.host.actor ?? 'user', locale, ...details };
    // Segregation of duties, as the quote service has it: the owner does not decide their own quote's
    // approval. Without an actor the host tells no one apart, and nothing can be checked.
    if ((action === 'approve' || action === 'reject') && this.host.actor !== undefined && !this.host.allowOwnApproval && this.owner(quote) === this.host.actor) {
      return [{ code: 'own-quote', path: 'actor', message: t('ownQuote') }];
    }
    if (action === 'revise') {
      const r = core.revise(quote, ctx);
      if (!r.ok) return r.errors;
      this.host.replaceQuote(r.quote, r.superseded);
      this.suggest(r.quote);
      return [];
    }
    const snap = core.snapshot(priced);
    const move = { submit: core.submit, approve: core.approve, reject: core.reject, send: core.send, accept: core.accept, decline: core.decline }[action];
    const r = move(quote, snap, ctx);
    if (!r.ok) return r.errors;
    this.host.replaceQuote(r.quote);
    this.suggest(r.quote);
    return [];
  }

  /**
   * After a user's edit of `quote` (priced as `priced`): record it in the lifecycle, so that an
   * edit of prices after a submission or an approval sends the quote back. Returns the quote to
   * keep (the same object when the lifecycle has nothing to record).
   */
  recordEdit(view: FlowView): LifecycleQuote {
    const state = view.quote.lifecycle?.state;
    if (state !== 'approval-pending' && state !== 'approved' && state !== 'rejected') return view.quote;
    const snap = view.core.snapshot(view.priced);
    if (snap.digest === view.quote.lifecycle?.digest && state !== 'rejected') return view.quote;
    const r = view.core.recordEdit(view.quote, snap, { at: now(), actor: this.host.actor ?? 'user', locale: view.locale });
    if (!r.ok) return view.quote;
    if (r.quote.lifecycle?.state !== state) queueMicrotask(() => this.suggest(r.quote));
    return r.quote;
  }

  /**
   * Build the order event of the accepted quote and hand it over: `cpq-order-submit` first (a host
   * that cancels it delivers the event itself), then the outbox when `endpoint` is set. Returns the
   * refusal's errors, or [] when handed over.
   */
  async submitOrder(): Promise<QuoteError[]> {
    const view = this.host.flowView();
    if (!view) return [{ code: 'not-priced', path: '', message: text(strings, undefined, 'notPriced') }];
    const catalog = (this.host as unknown as { catalog: unknown }).catalog;
    // Built in a customer's browser, the event leaves out the approval rules' messages (internal thresholds).
    const built = view.core.tryOrderEvent(catalog, view.priced, { quote: view.quote, locale: view.locale, forCustomer: this.host.mode === 'self-service' });
    if (!built.ok) return built.errors;
    const event = built.event;
    if (!emit(this.host, 'cpq-order-submit', { event }, true) || !this.host.endpoint) {
      this.setOrder({ status: 'host', eventId: event.id });
      return [];
    }
    this.syncOutbox();
    this.setOrder({ status: 'pending', eventId: event.id });
    let outbox: Outbox;
    try {
      outbox = await this.outbox!;
    } catch (e) {
      // The outbox's module did not load (the page lost its server): nothing was stored or sent.
      this.setOrder({ status: 'failed', eventId: event.id, message: e instanceof Error ? e.message : String(e) });
      return [];
    }
    const record = await outbox.submit(this.host.endpoint, event as unknown as { id: string });
    this.settled(record);
    return [];
  }

  /** Try a refused order again (after the receiver was fixed). */
  async retryOrder(): Promise<void> {
    if (!this.order.eventId || !this.outbox) return;
    // An outbox that never loaded holds nothing to retry.
    const outbox = await this.outbox.catch(() => undefined);
    await outbox?.retry(this.order.eventId);
  }

  private syncOutbox(): void {
    const endpoint = this.host.service ? undefined : this.host.endpoint;
    if (endpoint === this.outboxFor) return;
    closeOutbox(this.outbox);
    this.outboxFor = endpoint;
    this.outbox = endpoint ? openOutbox((record) => this.settled(record)) : undefined;
  }

  /** An outbox answer for this quote's order: show it, and mark the quote ordered once delivered. */
  private settled(record: OutboxRecord): void {
    const view = this.host.flowView();
    // This quote version's order: the one submitted here, or (after a reload) the one its id names.
    const mine = this.order.eventId === record.id || (view !== undefined && view.core.orderEventId(view.quote.id, view.quote.version ?? 1) === record.id);
    if (!mine) return;
    const message = record.lastError;
    if (record.status === 'failed') {
      if (this.order.status !== 'failed') emit(this.host, 'cpq-order-failed', { id: record.id, status: record.lastStatus, message: message ?? '' });
      this.setOrder({ status: 'failed', eventId: record.id, message });
      return;
    }
    if (record.status === 'pending') return this.setOrder({ status: 'pending', eventId: record.id, message });
    if (this.order.status !== 'delivered') emit(this.host, 'cpq-order-delivered', { id: record.id, status: record.lastStatus ?? 201 });
    this.setOrder({ status: 'delivered', eventId: record.id });
    if (view && view.quote.lifecycle?.state === 'accepted') {
      const r = view.core.markOrdered(view.quote, view.core.snapshot(view.priced), { at: now(), actor: this.host.actor ?? 'user', locale: view.locale });
      if (r.ok) {
        this.host.replaceQuote(r.quote);
        this.suggest(r.quote);
      }
    }
  }

  private setOrder(order: OrderStatus): void {
    this.order = order;
    this.host.flowChanged();
  }

  /** `cpq-stage-suggest` for the state `quote` is in. */
  suggest(quote: LifecycleQuote): void {
    const view = this.host.flowView();
    if (!view) return;
    const state = view.core.stateOf(quote, now());
    emit(this.host, 'cpq-stage-suggest', { state, stage: view.core.suggestStage(state, this.host.stageMapping) });
  }
}

/** The time now, RFC 3339 with offset (UTC). */
function now(): string {
  return new Date().toISOString();
}

/** Open the durable outbox (its module loaded on first use), telling `settled` what each delivery comes to. */
function openOutbox(settled: (record: OutboxRecord) => void): Promise<Outbox> {
  return import('../order/outbox.js').then(({ Outbox }) => {
    const outbox = new Outbox();
    for (const name of ['delivered', 'failed', 'retry'] as const) {
      outbox.addEventListener(name, (e) => settled((e as CustomEvent<OutboxRecord>).detail));
    }
    return outbox;
  });
}

/** Close an outbox once it is open (one that failed to load has nothing to close). */
function closeOutbox(outbox: Promise<Outbox> | undefined): void {
  outbox?.then((o) => o.close(), () => undefined);
}
