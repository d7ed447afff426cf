import type { Quote } from '../../types.js';
import { emit } from '../events.js';
import { editableFields, type SellerQuote } from './client.js';
import { newKey } from './moves.js';
import type { ServiceHub } from './service-hub.js';

const DEBOUNCE_MS = 400;

/**
 * A seller's edits to the service: sent once the user pauses, one request at a time, the latest
 * quote winning, on the revision last answered (`baseRevision`); the first edit of a quote
 * without an id creates it. The answer is adopted unless the user edited again meanwhile; when
 * the service priced it differently from this page, `cpq-server-differs` says so.
 */
export class EditSync {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> | undefined;
  private wanted = false;

  constructor(private readonly hub: ServiceHub) {}

  /** Whether an edit waits for the pause. */
  get waiting(): boolean {
    return this.timer !== undefined;
  }

  /** After a user's edit: send it once the user pauses. */
  edited(): void {
    if (!this.hub.client || this.hub.customer || this.hub.loading) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.save(), DEBOUNCE_MS);
  }

  /** Drop a waiting edit (another quote is loaded). */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Send the pending edit now; resolves once the service has answered the latest one. */
  save(): Promise<void> {
    this.cancel();
    if (!this.hub.client || this.hub.customer) return Promise.resolve();
    this.wanted = true;
    return (this.saving ??= this.drain().finally(() => (this.saving = undefined)));
  }

  private async drain(): Promise<void> {
    while (this.wanted) {
      this.wanted = false;
      const quote = this.hub.host.quote;
      if (quote !== this.hub.synced) await this.push(quote);
    }
  }

  private async push(quote: Quote): Promise<void> {
    const { hub } = this;
    const key = hub.key;
    const body = editableFields(quote);
    try {
      const view = hub.view
        ? await hub.client!.editQuote(hub.view.quoteId, hub.view.version, { ...body, baseRevision: hub.view.revision }, newKey())
        : await hub.client!.createQuote({ catalogId: hub.host.catalog?.id, ...body }, newKey());
      if (hub.key !== key) return;
      hub.error = undefined;
      this.compare(view);
      if (!hub.view) hub.created(view.quoteId);
      if (hub.host.quote === quote) hub.take(view, 'save');
      else hub.view = view;
      emit(hub.host, 'cpq-quote-saved', { quoteId: view.quoteId, version: view.version, revision: view.revision, state: view.state, digest: view.digest, total: view.priced.totals.total });
    } catch (e) {
      if (hub.key !== key) return;
      const error = hub.fail(e);
      // The quote moved on in the service (another edit, a move): show the service's truth, and why.
      if (error.status === 409 && hub.view) await hub.reload(true);
    }
  }

  private compare(view: SellerQuote): void {
    const { hub } = this;
    const local = hub.host.localFigures(view.quote);
    if (!local) return;
    if (local.digest === view.digest) {
      hub.differs = undefined;
      return;
    }
    hub.differs = { local: local.total, server: view.priced.totals.total, currency: view.priced.currency, localDigest: local.digest, serverDigest: view.digest };
    emit(hub.host, 'cpq-server-differs', { ...hub.differs });
  }
}
