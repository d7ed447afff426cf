import type { QuoteError } from '../../quote/lifecycle-types.js';
import { emit, type CpqShareLinkDetail } from '../events.js';
import { text } from '../i18n.js';
import type { Outbox, OutboxRecord } from '../order/outbox.js';
import { serviceError, type CustomerQuote, type SellerQuote, type ServiceError, type ShareLink } from './client.js';
import { customerTarget, sellerTarget, type MoveDetails, type ServiceMove } from './move-targets.js';
import { newKey, openMoves, settled, type MoveEvent } from './moves.js';
import type { ServiceHub } from './service-hub.js';
import { refusalText, serviceStrings } from './service-strings.js';

/**
 * Lifecycle moves (and the order) through the service, one at a time: the move the person made
 * on what they saw (its digest), stored in the outbox with a new Idempotency-Key and retried under
 * it through passing troubles; the service's answer adopted, its refusal shown and reported.
 */
export class MoveRunner {
  /** The move in progress: its action, key, and the trouble it is being retried through. */
  busy: { move: ServiceMove; key: string; retrying?: string } | undefined;
  /** The share link made by the last send in this page. */
  shareLink: CpqShareLinkDetail | undefined;
  private outbox: Outbox | undefined;

  constructor(private readonly hub: ServiceHub) {}

  open(): void {
    if (this.outbox) return;
    this.outbox = openMoves({ scope: () => this.hub.scope(), token: () => this.hub.token() });
    this.outbox.addEventListener('retry', (e) => this.retrying((e as CustomEvent<OutboxRecord>).detail));
    // A move of an earlier page, sent now: the quote moved without this page; show where it stands.
    this.outbox.addEventListener('delivered', (e) => {
      const r = (e as CustomEvent<OutboxRecord>).detail;
      if (r.id !== this.busy?.key && (r.event as MoveEvent).quoteId === (this.hub.view?.quoteId ?? this.hub.shared?.quoteId)) void this.hub.reload();
    });
  }

  close(): void {
    this.outbox?.close();
    this.outbox = undefined;
  }

  /** Make a move; the refusal's errors, or [] when the quote moved. */
  async move(action: ServiceMove, details: MoveDetails, save: () => Promise<void>): Promise<QuoteError[]> {
    const { hub } = this;
    if (!hub.client || !this.outbox) return this.local('notLoaded');
    if (this.busy) return this.local('busy');
    if (hub.loading) await hub.loading;
    if (!hub.customer && hub.host.quote !== hub.synced) {
      // The person decides on what they see: their edit is saved (and priced by the service) first.
      await save();
      if (hub.host.quote !== hub.synced && hub.error) return this.errorsOf(hub.error);
    }
    const target = hub.customer ? customerTarget(hub.shared, action, details) : sellerTarget(hub.view, action, details, hub.host.shareOptions);
    if ('refuse' in target) return this.local(target.refuse, target.field);
    const key = newKey();
    this.busy = { move: action, key };
    if (action === 'order') hub.order = { status: 'pending' };
    hub.host.serviceChanged();
    try {
      await hub.token();
      const quoteId = hub.view?.quoteId ?? hub.shared?.quoteId;
      await this.outbox.submit(hub.client.url(target.path), { id: key, scope: hub.scope()!, action, quoteId, body: target.body });
      const record = await settled(this.outbox, key);
      void this.outbox?.remove(key).catch(() => undefined);
      if (record.status === 'failed') return this.refused(action, record);
      this.answered(action, record.answer);
      return [];
    } catch (e) {
      if (action === 'order') hub.order = { status: 'failed', message: (e as Error).message };
      return this.errorsOf(hub.fail(e));
    } finally {
      this.busy = undefined;
      hub.host.serviceChanged();
    }
  }

  private answered(action: ServiceMove, answer: unknown): void {
    const { hub } = this;
    if (hub.customer) hub.takeShared(action === 'order' ? (answer as { quote: CustomerQuote }).quote : (answer as CustomerQuote), 'move');
    else hub.take(action === 'send' || action === 'order' ? (answer as { quote: SellerQuote }).quote : (answer as SellerQuote), 'move');
    if (action === 'order' && hub.order.status === 'delivered') emit(hub.host, 'cpq-order-delivered', { id: hub.order.eventId!, status: 201 });
    if (action === 'send') this.keepShareLink((answer as { shareLink: ShareLink }).shareLink);
  }

  private keepShareLink(link: ShareLink): void {
    const template = this.hub.host.shareUrl;
    const v = this.hub.view!;
    this.shareLink = {
      ...(template ? { url: template.replace('{token}', encodeURIComponent(link.token)) } : {}),
      token: link.token, expiresAt: link.expiresAt, id: link.id, allowOrder: link.allowOrder, quoteId: v.quoteId, version: v.version,
    };
    emit(this.hub.host, 'cpq-share-link', { ...this.shareLink });
  }

  private refused(action: ServiceMove, record: OutboxRecord): QuoteError[] {
    const { hub } = this;
    const error = hub.report(serviceError(record.lastStatus ?? 0, record.answer, record.lastError));
    if (action === 'order') {
      hub.order = { status: 'failed', eventId: record.id, message: error.message };
      emit(hub.host, 'cpq-order-failed', { id: record.id, status: error.status, message: error.message });
    }
    // The quote moved on in the service (prices changed since seen, ordered already): show where it stands now.
    if (error.status === 409) void hub.reload(true);
    return this.errorsOf(error);
  }

  private retrying(record: OutboxRecord): void {
    if (!this.busy || record.id !== this.busy.key) return;
    const message = refusalText(serviceError(record.lastStatus ?? 0, record.answer, record.lastError ?? ''), this.hub.host.uiLocale());
    this.busy = { ...this.busy, retrying: message };
    if (this.busy.move === 'order') this.hub.order = { status: 'pending', message };
    this.hub.host.serviceChanged();
  }

  private errorsOf(error: ServiceError): QuoteError[] {
    return [{ code: error.code, path: error.errors[0]?.path ?? '', message: refusalText(error, this.hub.host.uiLocale()) }];
  }

  private local(key: keyof (typeof serviceStrings)['en'], path = ''): QuoteError[] {
    return [{ code: key, path, message: text(serviceStrings, this.hub.host.uiLocale(), key) }];
  }
}
