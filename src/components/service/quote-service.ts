import type { ReactiveController } from 'lit';
import type { QuoteError } from '../../quote/lifecycle-types.js';
import type { Catalog, PricedQuote, Quote } from '../../types.js';
import { emit, type CpqOrderStatusDetail, type CpqServerDiffersDetail } from '../events.js';
import type { OrderStatus } from '../quote/quote-flow.js';
import type { CustomerQuote, SellerQuote, ServiceClient, TokenClaims } from './client.js';
import type { EditSync } from './edit-sync.js';
import type { MoveDetails, ServiceMove } from './move-targets.js';
import type { MoveRunner } from './move-runner.js';
import { serviceError, ServiceError } from './service-error.js';
import type { ServiceHost, ServiceHub, ServiceStatus } from './service-hub.js';

type Parts = typeof import('./service-parts.js');
let parts: Promise<Parts> | undefined;

export type { MoveDetails, ServiceMove } from './move-targets.js';
export type { ServiceHost, ServiceStatus } from './service-hub.js';

const keyOf = (h: ServiceHost, quoteId = h.quoteId) => (!h.service ? '' : h.shareToken ? `${h.service}\nlink\n${h.shareToken}` : `${h.service}\nuser\n${quoteId ?? ''}`);

/**
 * `<cpq-quote>` with a quote service: the service decides, the page proposes. Loads the quote and
 * the catalog version it pins (or, with a share token, the customer's view and catalog copy:
 * never the full catalog or the seller's pricing); edits go out through `EditSync`, moves
 * through `MoveRunner` (the durable outbox); the service's pricing of its own answer is what the
 * page shows. The client, the sync and the moves are fetched with the first `service` set.
 */
export class QuoteServiceController implements ReactiveController, ServiceHub {
  order: OrderStatus = { status: 'none' };
  error: ServiceError | undefined;
  differs: CpqServerDiffersDetail | undefined;
  loading: Promise<void> | undefined;
  client: ServiceClient | undefined;
  key = '';
  view: SellerQuote | undefined;
  shared: CustomerQuote | undefined;
  synced: Quote | undefined;
  /** The order's status as the element last saw it (shown in the state display; a change fires `cpq-order-status`). */
  orderStatus: CpqOrderStatusDetail | undefined;
  private served: { quote: Quote; priced: PricedQuote } | undefined;
  private catalogFrom: { ref: string; catalog: Catalog } | undefined;
  private abort: AbortController | undefined;
  private who: string | undefined;
  /** The signed-in user's claims, as the last token told them (unverified: only to offer the moves). */
  private claims: TokenClaims | undefined;
  private impl: { parts: Parts; sync: EditSync; moves: MoveRunner } | undefined;

  constructor(readonly host: ServiceHost) {
    host.addController(this);
  }

  get active(): boolean {
    return Boolean(this.host.service);
  }

  get customer(): boolean {
    return this.active && Boolean(this.host.shareToken);
  }

  hostConnected(): void {
    this.configure();
  }

  hostDisconnected(): void {
    // An edit waiting for the pause still goes out.
    if (this.impl?.sync.waiting) void this.impl.sync.save();
    this.abort?.abort();
    this.impl?.moves.close();
    this.key = '';
  }

  /** The client, the sync and the moves, loaded once, with a client for the current `service`. */
  private async ready(): Promise<NonNullable<QuoteServiceController['impl']>> {
    if (!this.impl) {
      const p = await (parts ??= import('./service-parts.js'));
      this.impl ??= { parts: p, sync: new p.EditSync(this), moves: new p.MoveRunner(this) };
    }
    const service = this.host.service;
    if (service && this.client?.base !== service) this.client = new this.impl.parts.ServiceClient(service, () => this.token());
    if (service) this.impl.moves.open();
    return this.impl;
  }

  /** After `service`, `quoteId` or `shareToken` changed: load what they name. */
  configure(): void {
    const h = this.host;
    const key = keyOf(h);
    if (key === this.key) return;
    this.key = key;
    this.abort?.abort();
    this.impl?.sync.cancel();
    this.view = this.shared = this.served = this.synced = this.error = this.differs = this.client = this.orderStatus = undefined;
    if (this.impl) this.impl.moves.shareLink = undefined;
    this.order = { status: 'none' };
    if (!h.service) {
      this.impl?.moves.close();
      return;
    }
    void this.reload();
  }

  /** The service's priced quote when `quote` is the one it answered with (what the page shows). */
  pricedFor(quote: Quote): PricedQuote | undefined {
    return this.served?.quote === quote ? this.served.priced : undefined;
  }

  status(): ServiceStatus | undefined {
    if (!this.active) return undefined;
    const b = this.impl?.moves.busy;
    const link = this.impl?.moves.shareLink;
    const user = this.claims?.sub ? { user: { id: this.claims.sub, levels: this.claims.levels ?? [] } } : {};
    const seller = this.view ? { owner: this.view.owner, levels: this.view.approval.levels } : {};
    return {
      customer: this.customer, ...(b ? { busy: b.move, ...(b.retrying ? { retrying: b.retrying } : {}) } : {}), ...(link ? { shareLink: link } : {}),
      allowOrder: this.shared?.allowOrder ?? false, ...user, ...seller,
    };
  }

  /** After a user's edit: send it once the user pauses. */
  edited(): void {
    if (this.active) void this.ready().then((i) => i.sync.edited(), (e: unknown) => void this.fail(e));
  }

  /** Send the pending edit now; resolves once the service has answered. */
  async save(): Promise<void> {
    if (!this.active) return;
    const i = await this.ready().catch((e: unknown) => void this.fail(e));
    await i?.sync.save();
  }

  /** Make a lifecycle move (or the order) in the service; the refusal's errors, or [] when the quote moved. */
  async move(action: ServiceMove, details: MoveDetails = {}): Promise<QuoteError[]> {
    try {
      const i = await this.ready();
      return await i.moves.move(action, details, () => i.sync.save());
    } catch (e) {
      const error = this.fail(e);
      return [{ code: error.code, path: '', message: error.message }];
    }
  }

  /** Load the quote again (after someone else moved it); `keepError`: after a refusal, whose message stays shown. */
  reload(keepError = false): Promise<void> {
    const h = this.host;
    if (!h.service) return Promise.resolve();
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    const work = this.ready().then(async () => {
      const id = this.view?.quoteId ?? h.quoteId;
      if (abort.signal.aborted || (!h.shareToken && !id)) return;
      await (h.shareToken ? this.loadShare(abort.signal) : this.loadQuote(id!, abort.signal));
      if (!keepError && !abort.signal.aborted) this.error = undefined;
    });
    const tracked: Promise<void> = work.catch((e: unknown) => void (abort.signal.aborted || this.fail(e))).finally(() => {
      if (this.loading === tracked) this.loading = undefined;
      h.serviceChanged();
    });
    return (this.loading = tracked);
  }

  private async loadQuote(id: string, signal: AbortSignal): Promise<void> {
    const view = await this.client!.getQuote(id, signal);
    const ref = `${view.catalog.id}@${view.catalog.version}`;
    if (this.catalogFrom?.ref !== ref || this.host.catalog !== this.catalogFrom.catalog) {
      const catalog = await this.client!.getCatalog(view.catalog.id, view.catalog.version, signal);
      if (signal.aborted) return;
      this.catalogFrom = { ref, catalog };
      this.host.catalog = catalog;
    }
    if (!signal.aborted) this.take(view, 'load');
  }

  private async loadShare(signal: AbortSignal): Promise<void> {
    const [view, catalog] = await Promise.all([this.client!.getShare(signal), this.client!.getShareCatalog(signal)]);
    if (signal.aborted) return;
    this.host.catalog = catalog;
    this.takeShared(view, 'load');
  }

  take(view: SellerQuote, how: 'load' | 'save' | 'move'): void {
    this.view = view;
    this.served = { quote: view.quote, priced: view.priced };
    this.synced = view.quote;
    this.order = view.orderId ? { status: 'delivered', eventId: view.orderId } : this.order.status === 'pending' || this.order.status === 'failed' ? this.order : { status: 'none' };
    this.host.adoptQuote(view.quote, how);
    this.orderSeen(view.order);
  }

  /** The order's status in an answer (a load, a move, a refresh): `cpq-order-status` when it is not what the element last saw. */
  private orderSeen(order: SellerQuote['order']): void {
    if (!order?.status) return;
    const seen = this.orderStatus;
    if (seen && seen.orderId === order.id && seen.status === order.status && seen.erpOrderNumber === order.erpOrderNumber) return;
    this.orderStatus = { orderId: order.id, status: order.status, ...(order.erpOrderNumber !== undefined ? { erpOrderNumber: order.erpOrderNumber } : {}) };
    if (!seen || seen.orderId !== order.id || seen.status !== order.status) emit(this.host, 'cpq-order-status', { ...this.orderStatus });
  }

  takeShared(view: CustomerQuote, how: 'load' | 'move'): void {
    this.shared = view;
    const quote = this.impl!.parts.customerQuote(view);
    this.served = { quote, priced: view.priced };
    this.synced = quote;
    this.order = view.orderId ? { status: 'delivered', eventId: view.orderId } : this.order.status === 'pending' || this.order.status === 'failed' ? this.order : { status: 'none' };
    this.host.adoptQuote(quote, how);
  }

  created(quoteId: string): void {
    // The element is now about this quote: setting its id loads nothing more.
    this.key = keyOf(this.host, quoteId);
    this.host.quoteId = quoteId;
  }

  fail(e: unknown): ServiceError {
    this.error = this.report(e instanceof ServiceError ? e : serviceError(0, undefined, e instanceof Error ? e.message : String(e)));
    this.host.serviceChanged();
    return this.error;
  }

  report(error: ServiceError): ServiceError {
    emit(this.host, 'cpq-error', { source: 'service', status: error.status, errors: error.errors });
    return error;
  }

  /** The share token, else the host's token (asked for before each request); and whose moves this page sends. */
  async token(): Promise<string | undefined> {
    const h = this.host;
    const token = h.shareToken || (await h.getToken?.());
    const claims = this.impl!.parts.claimsOf(token);
    this.claims = h.shareToken ? undefined : claims;
    this.who = `${h.service}|${h.shareToken ? `link:${claims.jti ?? ''}` : `user:${claims.sub ?? ''}`}`;
    return token;
  }

  scope(): string | undefined {
    return this.who;
  }
}
