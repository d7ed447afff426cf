import { provide } from '@lit/context';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { StageMapping } from '../../quote/stages.js';
import type { Catalog, ConfigState, PricedQuote, Quote } from '../../types.js';
import { cpqContext, type CpqMode, type CpqState } from '../context.js';
import { emit } from '../events.js';
import { money } from '../format.js';
import { text } from '../i18n.js';
import { QuoteServiceController } from '../service/quote-service.js';
import { serviceMessages } from '../service/service-strings.js';
import { CatalogPrep } from './catalog-prep.js';
import { quoteApi } from './quote-api.js';
import { customerCatalog, EMPTY_QUOTE, ErrorReporter, forCustomer, setCustomState, statusStrings, syncInternals } from './quote-status.js';
import { QuoteFlow, type FlowView } from './quote-flow.js';
import { PricingWorker, WORKER_THRESHOLD, workersAvailable, type WorkerPriced } from './pricing-worker.js';
import { relabel } from './relabel.js';
import { FormValue } from './form-value.js';

/** No catalog errors (one array, so the shared state keeps its identity). */
const NO_ERRORS: readonly never[] = Object.freeze([]);

/**
 * Holds one quote: prices it on every change and shares catalog, quote, priced quote and
 * configuration states with the elements inside it through @lit/context.
 *
 * @summary The state holder of a quote; put the other cpq elements inside it.
 * @slot - The elements that show and edit the quote.
 * @csspart announcer - The visually hidden live region announcing total changes.
 * @csspart catalog-error - The message shown when the catalog is not valid.
 * @csspart service-error - With `service`: the alert when the quote service refused to load or save the quote.
 * @csspart server-differs - With `service`: the polite note when the service priced the quote differently from this page.
 * @csspart order-status - With `service`: the ordered quote's order status (`data-status` placed, confirmed, fulfilled, invoiced or cancelled), with the ERP's order number.
 * @fires cpq-quote-change - The user changed the quote (with `service`: also a move the service made); detail `{ quote, priced }`.
 * @fires cpq-approval-required - A change left the quote needing approvals; detail `{ count, approvals }`.
 * @fires cpq-error - The catalog is not valid, pricing reported errors, the quote service refused a request, a property was set to a value it cannot take, or `catalog`/`quote` was given as an attribute; detail `{ source: 'catalog' | 'quote' | 'service' | 'property' | 'attribute', errors: [{ path, message }], status? }`.
 * @fires cpq-warning - The catalog has warnings (an unknown field, a rule that can never match, …); detail `{ source: 'catalog', warnings: [{ path, message }] }`.
 * @fires cpq-stage-suggest - A lifecycle move suggests an opportunity stage; detail `{ state, stage }`.
 * @fires cpq-order-submit - Cancelable, local mode only: the order event of the accepted quote is ready; detail `{ event }`.
 * @fires cpq-order-delivered - The receiver (with `service`: the quote service's order move) has the order; detail `{ id, status }`.
 * @fires cpq-order-failed - The order was refused for good (a 4xx); detail `{ id, status, message }`.
 * @fires cpq-order-status - With `service`: the order's status (placed, confirmed, fulfilled, invoiced, cancelled) is not what the element last saw (on load, after a move, after a refresh); detail `{ orderId, status, erpOrderNumber? }`.
 * @fires cpq-server-differs - With `service`: the service priced the quote differently from this page (its figures are shown); detail `{ local, server, currency, localDigest, serverDigest }`.
 * @fires cpq-share-link - With `service`: sending the quote made a customer link; detail `{ url?, token, expiresAt, id, allowOrder, quoteId, version }`.
 * @fires cpq-quote-saved - With `service`: the service saved an edit (the first one creates the quote); detail `{ quoteId, version, revision, state, digest, total }`.
 * @cssstate invalid - The quote cannot be ordered (or the catalog is not valid).
 * @cssstate needs-approval - The quote needs approvals.
 * @cssstate self-service - `mode="self-service"`.
 * @cssstate readonly - Nothing can be changed (read-only, or the lifecycle locks the quote).
 * @cssstate updating - A quote above `worker-threshold` lines is being priced in the Web Worker: the figures shown are those of the quote before the change (also `aria-busy="true"`).
 */
export class CpqQuote extends LitElement {
  static formAssociated = true;

  static override styles = css`
    :host { display: block; font-family: var(--cpq-font-family, inherit); color: var(--cpq-color-text, inherit); }
    .sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
    [part='catalog-error'], [part='service-error'] { color: var(--cpq-color-danger, #b00020); padding: var(--cpq-space-s, 0.5rem) 0; }
    [part='server-differs'] { color: var(--cpq-color-warning, #9a6700); }
    [part='server-differs']:empty { margin: 0; }
  `;

  /** The catalog (contract JSON). Treated as immutable: pass a new object to change it. */
  @property({ attribute: false }) catalog: Catalog | undefined;

  /** The quote (contract JSON). Set by the host; the elements replace it (a new object) on every edit. */
  @property({ attribute: false }) quote: Quote = EMPTY_QUOTE;

  /** `sales` (every figure, manual discounts) or `self-service` (what a customer may see). */
  @property({ reflect: true }) mode: CpqMode = 'sales';

  /** Locale for labels and catalog text: `zh-CN` or `en`; default the quote's, then the catalog's. */
  @property({ reflect: true }) locale: string | undefined;

  /** When set, nothing can be changed. */
  @property({ type: Boolean, reflect: true }) readonly = false;

  /** The form field name under which the quote JSON is submitted. */
  @property({ reflect: true }) name: string | undefined;

  /** Where order events are POSTed (through a durable outbox); without it the host takes `cpq-order-submit`. Ignored with `service`. */
  @property() endpoint: string | undefined;

  /** The quote service's base URL (e.g. `/api/cpq`): it loads, saves, prices and moves the quote; the page proposes. */
  @property() service: string | undefined;

  /** With `service`: the quote to load (the catalog version it pins comes with it); without it, the first edit creates one. */
  @property({ attribute: 'quote-id' }) quoteId: string | undefined;

  /** With `service`: the host's bearer token getter, called before each request. */
  @property({ attribute: false }) getToken: (() => string | Promise<string>) | undefined;

  /** With `service`: a customer's share token (the portal). Forces `self-service`; only the customer's view and catalog copy are loaded. */
  @property({ attribute: 'share-token' }) shareToken: string | undefined;

  /** With `service`: the portal address for share links, `{token}` standing for the token (e.g. `/portal.html#token={token}`). */
  @property({ attribute: 'share-url' }) shareUrl: string | undefined;

  /** With `service`: how a send shares the quote: link lifetime in `days`, `allowOrder` (the customer may order online). */
  @property({ attribute: false }) shareOptions: { days?: number; allowOrder?: boolean } | undefined;

  /** Who acts, as the lifecycle history records it (a user name or id). */
  @property() actor: string | undefined;

  /** Who owns the quote (its seller), who may not approve it; default whoever submitted it. Local mode: the service knows its owners. */
  @property() owner: string | undefined;

  /** Let the quote's owner approve it too (local mode; the quote service never does). */
  @property({ type: Boolean, attribute: 'allow-own-approval' }) allowOwnApproval = false;

  /** The host's opportunity stages by quote state (states left out keep the default mapping). */
  @property({ attribute: false }) stageMapping: Partial<StageMapping> | undefined;

  /**
   * Above this many quote lines the quote is priced in a Web Worker (the same pure core, with its
   * incremental cache), off the main thread; until it answers, the figures of the quote before the
   * change stay shown, marked as updating (`:state(updating)`, `aria-busy`, `CpqState.updating`).
   * `0`: always in the worker. Where there are no workers (Node, a server render) or the worker
   * cannot load, the main thread prices, with the same figures and errors.
   */
  @property({ type: Number, attribute: 'worker-threshold' }) workerThreshold: number = WORKER_THRESHOLD;

  /** The shared state (a new object on every change). */
  @provide({ context: cpqContext }) @state() protected cpq: CpqState | undefined;

  @state() private announcement = '';

  private readonly internals: ElementInternals = this.attachInternals();
  /** The form value: the quote's JSON (above `workerThreshold` lines written only when the form is read). @internal */
  readonly formValue = new FormValue(this.internals, () => this.getAttribute('name'));
  private fullPriced: PricedQuote | undefined;
  private activeLineId: string | null = null;
  private readonly errors = new ErrorReporter(this);
  private approvalsBefore = 0;
  /** The pure core and the prepared form of `catalog` (undefined while loading). */
  private readonly prep = new CatalogPrep(() => this.catalog, () => this.recompute());
  /** The inputs of the last repricing, so that a change already priced is not priced again. */
  private pricedFor: unknown[] = [];
  /** The lifecycle and the order handoff. @internal */
  readonly flow = new QuoteFlow(this);
  /** The quote service, when `service` is set. */
  private readonly remote = new QuoteServiceController(this);
  /** The Web Worker that prices quotes above `workerThreshold` lines (made on first use). */
  private readonly worker = new PricingWorker();
  /** The quote the worker is pricing (the newest asked; older answers are dropped), and the change to announce once priced. */
  private inWorker: { quote: Quote; locale: string; commit?: { superseded?: Quote; edit: boolean } } | undefined;
  /** The quote `fullPriced` is the pricing of (it lags `quote` while the worker prices). */
  private pricedQuote: Quote | undefined;
  /** A quote the worker could not take (it cannot be posted): priced on the main thread. */
  private notForWorker: Quote | undefined;
  /** Resolves when the worker's pricing of the newest change is shared (or the main thread priced it instead). */
  private workerWait: { promise: Promise<void>; resolve(): void } | undefined;
  /** How the quotes were priced, for tests: on the main thread, by the worker, the worker answers dropped as overtaken, and changes priced ahead (`anticipate`). @internal */
  readonly pricingCounts = { main: 0, worker: 0, dropped: 0, fallback: 0, anticipated: 0 };

  /** The priced quote as the current mode may see it (undefined without a valid catalog). */
  get priced(): PricedQuote | undefined {
    return this.cpq?.priced;
  }

  /** The form the element belongs to, as for native form controls. */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  /** Whether the quote can be submitted with its form (an orderable quote on a valid catalog). */
  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  private readonly api = ((el: CpqQuote) => quoteApi({
    get quote() { return el.quote; },
    get catalog() { return el.catalog; },
    get mode() { return el.mode; },
    get frozen() { return el.readonly || el.cpq?.readonly === true || el.remote.customer; },
    flow: this.flow,
    service: this.remote,
    commit: (quote) => this.commit(quote),
    setActiveLine: (id, rerender) => {
      this.activeLineId = id;
      if (rerender && this.cpq) this.cpq = { ...this.cpq, activeLineId: id };
    },
    sum: (amounts) => this.prep.core?.sumDecimals(amounts),
    changeQuantity: (quote, id, qty) => this.prep.core?.changeQuantity(quote, id, qty),
    ramps: () => this.prep.core,
    preview: (quote, options) => {
      const priced = this.prep.price(quote, { locale: this.effectiveLocale(), ...(options?.memo === false ? { memo: false } : {}) });
      return priced && this.mode !== 'sales' ? forCustomer(priced) : priced;
    },
    anticipate: (quote) => this.anticipate(quote),
  }))(this);

  /** For the flow: the quote, the core and the full pricing, once priced. @internal */
  flowView(): FlowView | undefined {
    // While the worker prices a change, the figures at hand are the previous quote's: no move is bound to them.
    return this.inWorker ? undefined : this.shownView();
  }

  /** The quote's lifecycle with the figures shown (while the worker prices, the previous quote's). */
  private shownView(): FlowView | undefined {
    if (!this.prep.core || !this.fullPriced) return undefined;
    return { core: this.prep.core, quote: this.quote, priced: this.fullPriced, locale: this.effectiveLocale() };
  }

  /** For the flow: a lifecycle move's quote, as a user's change (not an edit: the move is its own record). @internal */
  replaceQuote(quote: Quote, superseded?: Quote): void {
    this.commit(quote, superseded, false);
  }

  /** With `service`: load the quote again (after someone else moved it). */
  reload(): Promise<void> {
    return this.remote.reload();
  }

  /** With `service`: send the pending edit now; resolves once the service has answered. */
  save(): Promise<void> {
    return this.remote.save();
  }

  /** For the service: take its quote (`move`: the answer to the user's move, announced as a change). @internal */
  adoptQuote(quote: Quote, how: 'load' | 'save' | 'move'): void {
    if (this.activeLineId && !quote.lines.some((l) => l.id === this.activeLineId)) this.activeLineId = null;
    this.quote = quote;
    this.recompute();
    if (how !== 'move') return;
    emit(this, 'cpq-quote-change', { quote, priced: this.cpq?.priced });
    this.flow.suggest(quote);
  }

  /** For the service: this page's own pricing of `quote` (its total and digest), to compare with the service's. @internal */
  localFigures(quote: Quote): { total: string; digest: string } | undefined {
    const priced = this.prep.price(quote, { locale: this.effectiveLocale() });
    return priced && { total: priced.totals.total, digest: this.prep.core!.snapshot(priced).digest };
  }

  /** For the service: the locale of messages. @internal */
  uiLocale(): string {
    return this.effectiveLocale();
  }

  /** For the service: its status changed. @internal */
  serviceChanged(): void {
    this.recompute(true);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page after leaving it mid-pricing: price again.
    if (this.pricedFor.length === 0 && this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.worker.stop();
    if (!this.inWorker) return;
    this.inWorker = undefined;
    this.pricedFor = [];
    const wait = this.workerWait;
    this.workerWait = undefined;
    wait?.resolve();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (this.shareToken && this.mode !== 'self-service') this.mode = 'self-service';
    if (changed.has('service') || changed.has('quoteId') || changed.has('shareToken')) this.remote.configure();
    if (changed.has('catalog')) this.prep.load(this.catalog);
    this.recompute();
    // Who acts and who owns the quote decide which approvals this person may give: share them.
    if (changed.has('actor') || changed.has('owner') || changed.has('allowOwnApproval')) this.recompute(true);
  }

  /** Resolves once the catalog is prepared and the quote priced, as well as rendered. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.prep.pending || this.remote.loading || this.workerWait) {
      await (this.prep.pending ?? this.remote.loading ?? this.workerWait!.promise);
      done = await super.getUpdateComplete();
    }
    return done;
  }

  /**
   * A user's change: reprice, record an edit in the lifecycle, then tell the host. A lifecycle
   * move is no edit: recorded as one, a rejection (which drops its digest) would turn into a draft.
   */
  private commit(quote: Quote, superseded?: Quote, edit = true): void {
    if (quote === this.quote) return;
    if (this.activeLineId && !quote.lines.some((l) => l.id === this.activeLineId)) this.activeLineId = null;
    this.quote = quote;
    this.recompute();
    if (this.inWorker?.quote === quote) {
      // Announced once the worker has priced it: of quick changes in a row, the newest (a revision's superseded quote kept).
      const before = this.inWorker.commit;
      this.inWorker.commit = { superseded: superseded ?? before?.superseded, edit: edit || before?.edit === true };
      return;
    }
    this.committed(superseded, edit);
  }

  /** After a user's change is priced: record it in the lifecycle, tell the service and the host. */
  private committed(superseded: Quote | undefined, edit: boolean): void {
    const quote = this.quote;
    const view = this.flowView();
    const kept = view && edit ? this.flow.recordEdit(view) : quote;
    if (kept !== quote) {
      // Pricing ignores the lifecycle: the new quote object is priced already.
      this.quote = kept;
      this.pricedFor[1] = kept;
      this.recompute(true);
    }
    if (edit) this.remote.edited();
    emit(this, 'cpq-quote-change', superseded ? { quote: this.quote, priced: this.cpq?.priced, superseded } : { quote: this.quote, priced: this.cpq?.priced });
    const count = this.fullPriced?.approvals.length ?? 0;
    if (count > 0 && (count !== this.approvalsBefore || this.mode === 'sales')) {
      emit(this, 'cpq-approval-required', { count, approvals: this.mode === 'sales' ? this.fullPriced!.approvals : [] });
    }
    this.approvalsBefore = count;
  }

  private effectiveLocale(): string {
    return this.locale ?? this.quote.locale ?? this.catalog?.locale ?? 'zh-CN';
  }

  /**
   * Reprice when an input changed (or `state` only: the same pricing, a new state object, e.g.
   * for a new lifecycle or order status), and share the result.
   */
  private recompute(stateOnly = false): void {
    const locale = this.effectiveLocale();
    const quote = this.quote ?? EMPTY_QUOTE;
    const prepared = this.prep.prepared;
    const inputs = [prepared, quote, this.mode, locale, this.readonly];
    if (!stateOnly && inputs.every((v, i) => v === this.pricedFor[i])) return;
    const catalogErrors = prepared && !prepared.ok ? prepared.errors : NO_ERRORS;
    let configs: Record<string, ConfigState> = this.cpq?.configs ?? {};
    let priced = this.fullPriced;
    if (!stateOnly || this.pricedFor.length === 0) {
      const served = this.remote.pricedFor(quote);
      if (!served && this.offThread(quote)) {
        this.pricedFor = inputs;
        this.priceInWorker(quote, locale);
        return this.share(this.pricedQuote ?? quote, this.fullPriced, this.cpq?.configs ?? {}, locale);
      }
      if (this.inWorker) {
        // A change priced here now (a quote back under the threshold): the worker's answer will be dropped.
        this.inWorker = undefined;
        const wait = this.workerWait;
        this.workerWait = undefined;
        wait?.resolve();
      }
      configs = {};
      priced = this.prep.price(quote, { locale, onConfigure: (id, s) => (configs[id] = s) });
      if (priced) this.pricingCounts.main++;
      // The service's pricing of its own answer is the truth; this page's is for instant feedback —
      // and for this page's language, when the service priced it in another one to the same figures.
      priced = this.servedOrLocal(served, priced, locale);
    }
    this.pricedFor = inputs;
    if (this.inWorker) return this.share(this.pricedQuote ?? quote, this.fullPriced, configs, locale);
    this.pricedQuote = quote;
    this.share(quote, priced, configs, locale);
  }

  /** Whether `quote` is priced in the worker: above the threshold, with a valid prepared catalog, where workers exist. */
  private offThread(quote: Quote): boolean {
    const lines = Array.isArray(quote.lines) ? quote.lines.length : 0;
    return lines > (this.workerThreshold ?? WORKER_THRESHOLD) && this.prep.prepared?.ok === true && this.catalog !== undefined
      && !this.worker.broken && quote !== this.notForWorker && workersAvailable();
  }

  /**
   * Price ahead a change about to be committed (CpqApi.anticipate): its lines' figures are then in
   * the memo of incremental re-pricing — the worker's above the threshold (not while it prices a
   * change: that answer comes first), the page's below it — and the commit finds them there.
   */
  private anticipate(quote: Quote): Promise<PricedQuote | undefined> {
    const mine = (priced: PricedQuote | undefined) => (priced && this.mode !== 'sales' ? forCustomer(priced) : priced);
    if (!this.prep.prepared?.ok) return Promise.resolve(undefined);
    const locale = this.effectiveLocale();
    if (this.offThread(quote)) {
      const asked = this.inWorker ? undefined : this.worker.anticipate(this.catalog!, quote, locale);
      if (!asked) return Promise.resolve(undefined);
      this.pricingCounts.anticipated++;
      return asked.then((answer) => mine(answer?.priced));
    }
    const priced = this.prep.price(quote, { locale });
    if (priced) this.pricingCounts.anticipated++;
    return Promise.resolve(mine(priced));
  }

  /** Ask the worker to price `quote`; its answer is shared unless a newer change overtook it. */
  private priceInWorker(quote: Quote, locale: string): void {
    this.inWorker = { quote, locale, commit: this.inWorker?.quote === quote ? this.inWorker.commit : undefined };
    const asked = this.inWorker;
    if (!this.workerWait) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.workerWait = { promise, resolve };
    }
    this.worker.price(this.catalog!, quote, locale).then(
      (answer) => this.workerAnswered(asked, answer),
      () => {
        // The worker cannot price here (it did not load, or the quote cannot be posted): the main thread does.
        if (this.inWorker !== asked) return;
        this.pricingCounts.fallback++;
        this.notForWorker = asked.quote;
        this.inWorker = undefined;
        this.settle(asked, undefined);
      },
    );
  }

  private workerAnswered(asked: NonNullable<CpqQuote['inWorker']>, answer: WorkerPriced | undefined): void {
    if (this.inWorker !== asked || !answer || asked.quote !== this.quote || asked.locale !== this.effectiveLocale()) {
      this.pricingCounts.dropped++;
      return;
    }
    this.pricingCounts.worker++;
    this.inWorker = undefined;
    this.settle(asked, answer);
  }

  /** The worker's pricing of the current quote (or, without it, the main thread's): share it, then announce the change. */
  private settle(asked: NonNullable<CpqQuote['inWorker']>, answer: WorkerPriced | undefined): void {
    const wait = this.workerWait;
    this.workerWait = undefined;
    if (answer) {
      this.pricedQuote = asked.quote;
      this.share(asked.quote, answer.priced, answer.configs, asked.locale);
    } else {
      this.pricedFor = [];
      this.recompute();
    }
    if (asked.commit) this.committed(asked.commit.superseded, asked.commit.edit);
    wait?.resolve();
  }

  /** Share `priced` (the pricing of `quote`) with the elements, the form and the host. */
  private share(quote: Quote, priced: PricedQuote | undefined, configs: Record<string, ConfigState>, locale: string): void {
    const prepared = this.prep.prepared;
    const catalogErrors = prepared && !prepared.ok ? prepared.errors : NO_ERRORS;
    const before = this.fullPriced?.totals.total;
    this.fullPriced = priced;
    const updating = this.inWorker !== undefined;
    const sales = this.mode === 'sales';
    const view = this.shownView();
    const previous = this.cpq;
    const { locked, ...lifecycle } = this.flow.lifecycle(view);
    const service = this.remote.status();
    const approval = sales ? this.flow.approvalState(view, this.catalog, service) : { approvals: [], allowOwnApproval: false };
    this.cpq = {
      catalog: this.catalog && catalogErrors.length === 0 && !sales ? customerCatalog(this.catalog) : this.catalog,
      catalogErrors, loading: this.catalog !== undefined && prepared === undefined, quote, priced: priced && !sales ? forCustomer(priced) : priced, configs,
      activeLineId: this.activeLineId && quote.lines.some((l) => l.id === this.activeLineId) ? this.activeLineId : null,
      locale, mode: this.mode, readonly: this.readonly || locked || this.remote.customer, api: this.api,
      lifecycle: { ...lifecycle, canMove: !this.readonly, ...approval },
      order: this.remote.active ? this.remote.order : this.flow.order,
      service,
      updating,
    };
    // An unchanged lifecycle keeps its identity: elements that see nothing else change need not render.
    if (previous && JSON.stringify(previous.lifecycle) === JSON.stringify(this.cpq.lifecycle)) this.cpq.lifecycle = previous.lifecycle;
    if (updating) this.setAttribute('aria-busy', 'true');
    else this.removeAttribute('aria-busy');
    setCustomState(this.internals, 'updating', updating);
    if (priced && before !== undefined && before !== priced.totals.total) {
      this.announcement = text(statusStrings, locale, 'total', { total: money(priced.totals.total, priced.currency, locale) });
    }
    syncInternals(this.internals, this.quote ?? quote, locale, catalogErrors, this.cpq.priced, { selfService: !sales, readonly: this.cpq.readonly, value: this.formValue, lazyFormValueFrom: this.workerThreshold ?? WORKER_THRESHOLD });
    this.errors.report(catalogErrors, this.cpq.priced, prepared?.warnings);
  }

  /**
   * The service's priced quote — in this page's language: this page's own pricing when it comes to
   * the same figures (the same digest: names and labels are not in it), else the service's
   * relabelled from the catalog (a customer's copy cannot price the seller's discounts).
   */
  private servedOrLocal(served: PricedQuote | undefined, local: PricedQuote | undefined, locale: string): PricedQuote | undefined {
    const core = this.prep.core;
    if (!served || !local || !core || served.locale === undefined || served.locale === local.locale) return served ?? local;
    if (core.snapshot(served).digest !== core.snapshot(local).digest) return relabel(served, this.catalog, locale);
    // A customer's copy keeps what the service says of the seller's review.
    return 'reviewRequired' in served ? { ...forCustomer(local), reviewRequired: (served as { reviewRequired?: boolean }).reviewRequired } as PricedQuote : local;
  }

  /** For the flow: its order status changed. @internal */
  flowChanged(): void {
    this.recompute(true);
  }

  /** The form owner changed: the form value follows its `formdata` events. @internal */
  formAssociatedCallback(form: HTMLFormElement | null): void {
    this.formValue.attach(form);
  }

  /** The form was reset: the quote goes back to an empty one. @internal */
  formResetCallback(): void {
    this.quote = EMPTY_QUOTE;
  }

  /** A disabled fieldset or form makes the quote read-only. @internal */
  formDisabledCallback(disabled: boolean): void {
    this.readonly = disabled;
  }

  override render() {
    const error = this.cpq?.catalogErrors[0];
    return html`
      ${error ? html`<p part="catalog-error" role="alert">${text(statusStrings, this.cpq!.locale, 'invalidCatalog', { message: `${error.path}: ${error.message}` })}</p>` : ''}
      ${this.remote.active ? serviceMessages(this.remote.error, this.remote.differs, this.effectiveLocale(), this.remote.orderStatus) : ''}
      <slot></slot>
      <div class="sr-only" part="announcer" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    `;
  }
}
