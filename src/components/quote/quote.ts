import { provide } from '@lit/context';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Prepared } from '../../pricing/prepare-with.js';
import { catalogForCustomer, pricedForCustomer } from '../../quote/redact.js';
import type { StageMapping } from '../../quote/stages.js';
import type { Catalog, ConfigState, PricedQuote, Quote, ValidationError } from '../../types.js';
import { loadCore, type Core } from '../core-loader.js';
import { cpqContext, type CpqMode, type CpqState } from '../context.js';
import { emit } from '../events.js';
import { money } from '../format.js';
import { text } from '../i18n.js';
import { quoteApi } from './quote-api.js';
import { errorDetail, statusStrings, syncInternals } from './quote-status.js';
import { QuoteFlow, type FlowView } from './quote-flow.js';


const customerCatalogs = new WeakMap<Catalog, Catalog>();

/** The customer's copy of a catalog, made once per catalog object. */
function customerCatalog(catalog: Catalog): Catalog {
  let copy = customerCatalogs.get(catalog);
  if (!copy) customerCatalogs.set(catalog, (copy = catalogForCustomer(catalog)));
  return copy;
}

const EMPTY_QUOTE: Quote = Object.freeze({ id: 'Q-NEW', lines: [] }) as unknown as Quote;

/**
 * Holds one quote: prices it on every change and shares catalog, quote, priced quote and
 * configuration states with the elements inside it through @lit/context.
 *
 * @summary The state holder of a quote; put the other cpq elements inside it.
 * @slot - The elements that show and edit the quote.
 * @csspart announcer - The visually hidden live region announcing total changes.
 * @csspart catalog-error - The message shown when the catalog is not valid.
 * @fires cpq-quote-change - The user changed the quote; detail `{ quote, priced }`.
 * @fires cpq-approval-required - A change left the quote needing approvals; detail `{ count, approvals }`.
 * @fires cpq-error - The catalog is not valid, or pricing reported errors; detail `{ source, errors }`.
 * @fires cpq-stage-suggest - A lifecycle move suggests an opportunity stage; detail `{ state, stage }`.
 * @fires cpq-order-submit - Cancelable: the order event of the accepted quote is ready; detail `{ event }`.
 * @fires cpq-order-delivered - The receiver has the order; detail `{ id, status }`.
 * @fires cpq-order-failed - The receiver refused the order for good (a 4xx); detail `{ id, status, message }`.
 * @cssstate invalid - The quote cannot be ordered (or the catalog is not valid).
 * @cssstate needs-approval - The quote needs approvals.
 * @cssstate self-service - `mode="self-service"`.
 * @cssstate readonly - Nothing can be changed (read-only, or the lifecycle locks the quote).
 */
export class CpqQuote extends LitElement {
  static formAssociated = true;


  static override styles = css`
    :host { display: block; font-family: var(--cpq-font-family, inherit); color: var(--cpq-color-text, inherit); }
    .sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
    [part='catalog-error'] { color: var(--cpq-color-danger, #b00020); padding: var(--cpq-space-s, 0.5rem) 0; }
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

  /** Where order events are POSTed (through a durable outbox); without it the host takes `cpq-order-submit`. */
  @property() endpoint: string | undefined;

  /** Who acts, as the lifecycle history records it (a user name or id). */
  @property() actor: string | undefined;

  /** The host's opportunity stages by quote state (states left out keep the default mapping). */
  @property({ attribute: false }) stageMapping: Partial<StageMapping> | undefined;

  /** The shared state (a new object on every change). */
  @provide({ context: cpqContext }) @state() protected cpq: CpqState | undefined;

  @state() private announcement = '';

  private readonly internals: ElementInternals = this.attachInternals();
  private fullPriced: PricedQuote | undefined;
  private activeLineId: string | null = null;
  private lastErrorKey = '';
  private approvalsBefore = 0;
  /** The pure core (undefined until loaded) and the prepared form of `catalog` (undefined while loading). */
  private core: Core | undefined;
  private prepared: Prepared | undefined;
  private pending: Promise<unknown> | undefined;
  /** The inputs of the last repricing, so that a change already priced is not priced again. */
  private pricedFor: unknown[] = [];
  /** The lifecycle and the order handoff. */
  readonly flow = new QuoteFlow(this);

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
    get mode() { return el.mode; },
    get frozen() { return el.readonly || el.cpq?.readonly === true; },
    flow: this.flow,
    commit: (quote) => this.commit(quote),
    setActiveLine: (id, rerender) => {
      this.activeLineId = id;
      if (rerender && this.cpq) this.cpq = { ...this.cpq, activeLineId: id };
    },
    sum: (amounts) => this.core?.sumDecimals(amounts),
    preview: (quote) => {
      if (!this.core || !this.prepared?.ok) return undefined;
      const priced = this.core.pricePrepared(this.prepared.catalog, quote, { locale: this.effectiveLocale() });
      return this.mode === 'sales' ? priced : pricedForCustomer(priced);
    },
  }))(this);

  /** For the flow: the quote, the core and the full pricing, once priced. */
  flowView(): FlowView | undefined {
    if (!this.core || !this.fullPriced) return undefined;
    return { core: this.core, quote: this.quote, priced: this.fullPriced, locale: this.effectiveLocale() };
  }

  /** For the flow: a lifecycle move's quote, as a user's change (not an edit: the move is its own record). */
  replaceQuote(quote: Quote, superseded?: Quote): void {
    this.commit(quote, superseded, false);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('catalog')) this.load(this.catalog);
    this.recompute();
  }

  /** Resolves once the catalog is prepared and the quote priced, as well as rendered. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.pending) {
      await this.pending;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  private load(catalog: Catalog | undefined): void {
    this.prepared = undefined;
    if (catalog === undefined) return;
    const core = loadCore();
    if (!(core instanceof Promise)) {
      this.core = core;
      this.prepared = core.prepareCatalog(catalog);
      return;
    }
    const pending = core.then((loaded) => {
      this.core = loaded;
      if (this.catalog === catalog) {
        this.prepared = loaded.prepareCatalog(catalog);
        this.recompute();
      }
      if (this.pending === pending) this.pending = undefined;
    });
    this.pending = pending;
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
    const view = this.flowView();
    const kept = view && edit ? this.flow.recordEdit(view) : quote;
    if (kept !== quote) {
      // Pricing ignores the lifecycle: the new quote object is priced already.
      this.quote = kept;
      this.pricedFor[1] = kept;
      this.recompute(true);
    }
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
    const inputs = [this.prepared, quote, this.mode, locale, this.readonly];
    if (!stateOnly && inputs.every((v, i) => v === this.pricedFor[i])) return;
    const prepared = this.prepared;
    const catalogErrors = prepared && !prepared.ok ? prepared.errors : [];
    let configs: Record<string, ConfigState> = this.cpq?.configs ?? {};
    let priced = this.fullPriced;
    if (!stateOnly || this.pricedFor.length === 0) {
      configs = {};
      priced = prepared?.ok ? this.core!.pricePrepared(prepared.catalog, quote, { locale, onConfigure: (id, s) => (configs[id] = s) }) : undefined;
    }
    this.pricedFor = inputs;
    const before = this.fullPriced?.totals.total;
    this.fullPriced = priced;
    const sales = this.mode === 'sales';
    const { locked, ...lifecycle } = this.flow.lifecycle(this.flowView());
    this.cpq = {
      catalog: this.catalog && catalogErrors.length === 0 && !sales ? customerCatalog(this.catalog) : this.catalog,
      catalogErrors, loading: this.catalog !== undefined && prepared === undefined, quote, priced: priced && !sales ? pricedForCustomer(priced) : priced, configs,
      activeLineId: this.activeLineId && quote.lines.some((l) => l.id === this.activeLineId) ? this.activeLineId : null,
      locale, mode: this.mode, readonly: this.readonly || locked, api: this.api,
      lifecycle: { ...lifecycle, canMove: !this.readonly },
      order: this.flow.order,
    };
    if (priced && before !== undefined && before !== priced.totals.total) {
      this.announcement = text(statusStrings, locale, 'total', { total: money(priced.totals.total, priced.currency, locale) });
    }
    syncInternals(this.internals, quote, locale, catalogErrors, this.cpq.priced, { selfService: !sales, readonly: this.cpq.readonly });
    this.reportErrors(catalogErrors, this.cpq.priced);
  }

  /** `cpq-error` once per distinct set of errors, so a host can log without repeats. */
  private reportErrors(catalogErrors: readonly ValidationError[], visible: PricedQuote | undefined): void {
    const detail = errorDetail(catalogErrors, visible);
    const key = detail ? JSON.stringify(detail) : '';
    if (key === this.lastErrorKey) return;
    this.lastErrorKey = key;
    if (detail) queueMicrotask(() => emit(this, 'cpq-error', detail));
  }

  /** For the flow: its order status changed. */
  flowChanged(): void {
    this.recompute(true);
  }

  formResetCallback(): void {
    this.quote = EMPTY_QUOTE;
  }

  formDisabledCallback(disabled: boolean): void {
    this.readonly = disabled;
  }

  override render() {
    const error = this.cpq?.catalogErrors[0];
    return html`
      ${error ? html`<p part="catalog-error" role="alert">${text(statusStrings, this.cpq!.locale, 'invalidCatalog', { message: `${error.path}: ${error.message}` })}</p>` : ''}
      <slot></slot>
      <div class="sr-only" part="announcer" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    `;
  }
}
