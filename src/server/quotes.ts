import { snapshot } from '../quote/snapshot.js';
import { pendingApprovals } from '../quote/lifecycle-input.js';
import { recordEdit, revise as reviseQuote } from '../quote/index.js';
import type { LifecycleQuote, QuoteError, QuoteSnapshot, QuoteState } from '../quote/lifecycle-types.js';
import type { OrderStatus } from '../quote/order-types.js';
import { isPastValidity } from '../quote/validity.js';
import type { PricedQuote, Quote } from '../types.js';
import { levelStatus, type LevelAct, type LevelStatus } from './approval-levels.js';
import type { UserIdentity } from './auth.js';
import { addDays, now, price, type LoadedCatalog, type ServiceContext } from './context.js';
export { now } from './context.js';
import { isIsoDate } from '../core/dates.js';
import { ApiError, conflict, forbidden, notFound, unprocessable, type LocatedError } from './errors.js';
import { pricedJsonBytes, utf8, withJsonMembers, type JsonText } from './json-text.js';
import type { MoveRow, QuoteHeadRow, QuoteVersionWrite, StoreTx } from './store/types.js';
import { checkContractLines } from './contracts.js';

/** What a seller sends to create or edit a quote: only what a person decides (the schema in schemas/quote-input.ts). */
export interface QuoteInput {
  catalogId?: string;
  validUntil?: string;
  locale?: string;
  priceBook?: string;
  customer?: Record<string, unknown>;
  opportunity?: Record<string, unknown>;
  lines: Quote['lines'];
  discount?: Quote['discount'];
  priceRule?: string;
  /** The document's words (issue 14): notes and terms (payment terms are a sales-order field). */
  notes?: string;
  terms?: string;
  baseRevision?: number;
  /** The sales-order fields (bill-to, ship-to, payment terms, requested date, the customer's PO): into the order event. */
  billTo?: unknown;
  shipTo?: unknown;
  paymentTerms?: unknown;
  requestedDate?: string;
  customerReference?: string;
}

/** The sales-order fields a seller may set, copied as sent (checked by the schema, and by toOrderEvent at the order). */
const SALES_ORDER_FIELDS = ['billTo', 'shipTo', 'paymentTerms', 'requestedDate', 'customerReference'] as const;

/** A quote version as the seller's side sees it. */
export interface QuoteView {
  quoteId: string;
  version: number;
  latestVersion: number;
  state: QuoteState;
  revision: number;
  owner: string;
  createdAt: string;
  updatedAt: string;
  catalog: { id: string; version: number; digest: string };
  digest: string;
  quote: LifecycleQuote;
  priced: PricedQuote;
  /** Where each approval level stands for the current prices (多级审批). */
  approval: { levels: LevelStatus[] };
  /** The order made from this version, if any. */
  orderId?: string;
  /** That order and where it stands (its ERP's reports, a seller's cancellation). */
  order?: { id: string; status: OrderStatus; erpOrderNumber?: string };
}

/** A version loaded for a move: its rows, its parsed documents and the catalog it pins. */
export interface Loaded {
  head: QuoteHeadRow;
  /** Its row (a row just written may hold its priced JSON as bytes: read `priced`, not the row's). */
  row: QuoteVersionWrite;
  quote: LifecycleQuote;
  priced: PricedQuote;
  catalog: LoadedCatalog;
}

/**
 * Load a quote version (row-locked inside a transaction when `lock`); 404 across tenants alike.
 * `priced: false` leaves the stored prices unread (an edit re-prices and never needs them);
 * `priced: 'bytes'` reads them as bytes where the store can (a read that sends them on as stored).
 */
export async function load(ctx: ServiceContext, tx: StoreTx, tenant: string, quoteId: string, version?: number, lock = false, options: { priced?: boolean | 'bytes' } = {}): Promise<Loaded> {
  const head = await tx.getHead(tenant, quoteId, { lock });
  if (!head) throw notFound(`Quote "${quoteId}"`, 'quoteId');
  const v = version ?? head.latestVersion;
  const withPriced = options.priced !== false;
  const row: QuoteVersionWrite | undefined = options.priced === 'bytes'
    ? await tx.getVersion(tenant, quoteId, v, { lock, priced: 'bytes' })
    : await tx.getVersion(tenant, quoteId, v, { lock, priced: withPriced });
  if (!row) throw notFound(`Quote "${quoteId}" version ${v}`, 'version');
  const catalog = await ctx.catalogs.load(tx, tenant, row.catalogId, row.catalogVersion);
  // The stored prices are parsed only when asked for: an edit re-prices and never needs them.
  let priced: PricedQuote | undefined;
  return {
    head, row, quote: JSON.parse(row.body) as LifecycleQuote, catalog,
    get priced() {
      if (!withPriced) throw new Error('The stored prices of this version were not loaded.');
      return (priced ??= JSON.parse(typeof row.priced === 'string' ? row.priced : utf8(row.priced)) as PricedQuote);
    },
  };
}

const snapshots = new WeakMap<PricedQuote, QuoteSnapshot>();

/**
 * The snapshot of a loaded version's prices, taken once per parsed priced quote: each is a
 * canonical JSON and a SHA-256 of every line (milliseconds on a 1,000-line quote), and a move
 * asks for it several times (the transition, its pending approvals, the view).
 */
export function snapshotOf(priced: PricedQuote): QuoteSnapshot {
  let snap = snapshots.get(priced);
  if (!snap) snapshots.set(priced, (snap = snapshot(priced)));
  return snap;
}

/** The acts (sign-offs, hand-overs) recorded for the current approval round of a version. */
export function currentActs(moves: readonly MoveRow[], digest: string): LevelAct[] {
  let start = 0;
  moves.forEach((m, i) => {
    if (['submit', 'edit', 'reject', 'revise', 'decline'].includes(m.action)) start = i + 1;
  });
  return moves.slice(start).flatMap((m): LevelAct[] => {
    if (m.digest !== digest || (m.action !== 'approve' && m.action !== 'handover')) return [];
    const detail = JSON.parse(m.detail) as { level?: string; to?: string };
    if (typeof detail.level !== 'string') return [];
    return [{ level: detail.level, actor: m.actor, action: m.action, ...(detail.to ? { to: detail.to } : {}) }];
  });
}

/**
 * The seller's view of a loaded version. A caller that knows them passes the current round's acts
 * (an edit has just started a new round: none) and the snapshot of the prices, which saves reading
 * the move log and hashing the prices again.
 */
export async function view(ctx: ServiceContext, tx: StoreTx, l: Loaded, known: { acts?: LevelAct[]; snap?: QuoteSnapshot } = {}): Promise<QuoteView> {
  return { ...(await viewFields(ctx, tx, l, known)), quote: l.quote, priced: l.priced };
}

/** A view without its two documents (the quote and its prices). */
type ViewFields = Omit<QuoteView, 'quote' | 'priced'>;

/**
 * The view's fields but its quote and prices, which `viewText` takes from the row as the store
 * holds them: the prices are read only for a version awaiting approval (its pending levels).
 */
async function viewFields(ctx: ServiceContext, tx: StoreTx, l: Loaded, known: { acts?: LevelAct[]; snap?: QuoteSnapshot } = {}): Promise<ViewFields> {
  const acts = known.acts ?? currentActs(await tx.listMoves(l.row.tenant, l.row.quoteId, l.row.version), l.row.digest);
  const lifecycle = l.quote.lifecycle ?? { state: 'draft', approvals: [], history: [] };
  const pending = l.row.state === 'approval-pending' ? pendingApprovals(lifecycle, known.snap ?? snapshotOf(l.priced)) : [];
  const order = l.row.state === 'ordered' ? await tx.getOrderFor(l.row.tenant, l.row.quoteId, l.row.version) : undefined;
  const state = isPastValidity(l.quote.validUntil, now(ctx).at) && ['draft', 'approval-pending', 'approved', 'rejected', 'sent'].includes(l.row.state)
    ? 'expired' : l.row.state as QuoteState;
  const v: ViewFields = {
    quoteId: l.row.quoteId, version: l.row.version, latestVersion: l.head.latestVersion, state, revision: l.row.revision,
    owner: l.head.owner, createdAt: l.row.createdAt, updatedAt: l.row.updatedAt,
    catalog: { id: l.catalog.id, version: l.catalog.version, digest: l.catalog.digest },
    digest: l.row.digest,
    approval: { levels: levelStatus(ctx.levels, pending, acts) },
  };
  if (order) {
    v.orderId = order.id;
    v.order = { id: order.id, status: order.status, ...(order.erpOrderNumber !== null ? { erpOrderNumber: order.erpOrderNumber } : {}) };
  }
  return v;
}

/**
 * The seller's view of a stored version as JSON text: its quote and prices are the row's JSON as
 * stored, spliced in — a 1,000-line quote's prices are not parsed and written again to be read.
 */
export async function viewStored(ctx: ServiceContext, tx: StoreTx, l: Loaded): Promise<JsonText> {
  return viewText(await viewFields(ctx, tx, l), l.row);
}

/** Refuse what the lifecycle refused, located; the status says whether it is the state (409) or the input (422). */
export function refused(errors: QuoteError[]): ApiError {
  const first = errors[0]!;
  const stateCodes = ['invalid-transition', 'superseded', 'already-ordered', 'expired', 'locked', 'not-accepted', 'approval-pending', 'approval-required',
    'changed-since-submit', 'changed-since-approval', 'changed-since-sent', 'changed-since-acceptance'];
  const located = errors.map((e) => ({ path: e.path, message: e.message, code: e.code }));
  if (stateCodes.includes(first.code)) return conflict(first.code, first.message, first.path, located);
  return unprocessable(first.code, first.message, first.path, located);
}

/** What the server decides of a quote: id, version, date, currency, lifecycle, and its contract. */
interface ComposeBase {
  id: string;
  version: number;
  date: string;
  currency: string;
  lifecycle?: LifecycleQuote['lifecycle'];
  kind?: Quote['kind'];
  contract?: Quote['contract'];
}

/** The quote a seller's input makes, on top of what the server decides (id, version, date, currency, lifecycle). */
function compose(base: ComposeBase, input: QuoteInput, validUntil: string, locale: string | undefined): LifecycleQuote {
  const quote: LifecycleQuote = { id: base.id, version: base.version, date: base.date, validUntil, currency: base.currency, lines: input.lines };
  // What a quote is about (a new sale, or a contract it amends or renews) is the server's, like its id.
  if (base.kind !== undefined) quote.kind = base.kind;
  if (base.contract !== undefined) quote.contract = base.contract;
  if (locale !== undefined) quote.locale = locale;
  if (input.priceBook !== undefined) quote.priceBook = input.priceBook;
  if (input.customer !== undefined) quote.customer = input.customer;
  if (input.opportunity !== undefined) quote.opportunity = input.opportunity;
  if (input.discount !== undefined) quote.discount = input.discount;
  if (input.priceRule !== undefined) quote.priceRule = input.priceRule;
  if (input.notes !== undefined) quote.notes = input.notes;
  if (input.terms !== undefined) quote.terms = input.terms;
  for (const key of SALES_ORDER_FIELDS) if (input[key] !== undefined) (quote as unknown as Record<string, unknown>)[key] = input[key];
  if (base.lifecycle !== undefined) quote.lifecycle = base.lifecycle;
  return quote;
}

/**
 * The days a seller sends (`validUntil`, `requestedDate`, each line's `requestedDate`) must exist:
 * the schema's pattern takes any day 01–31 of any month, so 2027-02-30 is refused here, located
 * like a schema error (400, `body.…`), rather than stored and refused only at the order.
 */
function checkDays(input: QuoteInput): void {
  const errors: LocatedError[] = [];
  const day = (value: unknown, path: string) => {
    if (typeof value === 'string' && !isIsoDate(value)) errors.push({ path, message: `must be a day that exists (YYYY-MM-DD), got "${value}"`, code: 'format' });
  };
  day(input.validUntil, 'body.validUntil');
  day(input.requestedDate, 'body.requestedDate');
  input.lines.forEach((line, i) => day((line as { requestedDate?: unknown }).requestedDate, `body.lines[${i}].requestedDate`));
  if (errors.length > 0) throw new ApiError('invalid_request', 'invalid-request', `${errors[0]!.path} ${errors[0]!.message}.`, errors[0]!.path, errors.slice(0, 20));
}

/** The validity the seller asked for, within what the service allows from the quote's date. */
function validity(ctx: ServiceContext, date: string, asked: string | undefined): string {
  if (asked === undefined) return addDays(date, ctx.validityDays);
  const latest = addDays(date, ctx.maxValidityDays);
  if (asked < date || asked > latest) {
    throw unprocessable('invalid-validity', `validUntil must be between the quote's date ${date} and ${latest} (${ctx.maxValidityDays} days), got ${asked}.`, 'validUntil');
  }
  return asked;
}

function customerIdOf(quote: Quote): string | null {
  const id = quote.customer?.id;
  return typeof id === 'string' ? id : null;
}

/** The next quote number of the tenant: `Q-<year>-<n>`. */
export async function nextQuoteId(ctx: ServiceContext, tx: StoreTx, tenant: string): Promise<string> {
  const { day } = now(ctx);
  const seq = await tx.nextSequence(tenant, `quote:${day.slice(0, 4)}`);
  return `Q-${day.slice(0, 4)}-${String(seq).padStart(5, '0')}`;
}

/** Create a quote (version 1) on the newest version of a catalog; `base` names the contract an amendment or renewal starts from. */
export async function createQuote(ctx: ServiceContext, tx: StoreTx, user: UserIdentity, input: QuoteInput, base?: { id: string; kind: Quote['kind']; contract: Quote['contract'] }): Promise<JsonText> {
  checkDays(input);
  const catalog = await ctx.catalogs.load(tx, user.tenant, input.catalogId!);
  const { at, day } = now(ctx);
  const id = base?.id ?? await nextQuoteId(ctx, tx, user.tenant);
  const quote = compose({ id, version: 1, date: day, currency: catalog.raw.currency, kind: base?.kind, contract: base?.contract }, input, validity(ctx, day, input.validUntil), input.locale);
  await checkContractLines(tx, user.tenant, catalog.raw, quote);
  const priced = price(catalog, quote);
  const head: QuoteHeadRow = { tenant: user.tenant, quoteId: id, latestVersion: 1, owner: user.userId, customerId: customerIdOf(quote), createdAt: ctx.clock().toISOString(), updatedAt: at };
  await tx.insertHead(head);
  const row = versionRow(user.tenant, quote, priced, catalog, 1, at, at, 'draft');
  await tx.insertVersion(row);
  await tx.insertMove({ tenant: user.tenant, quoteId: id, version: 1, seq: 0, action: 'create', actor: user.userId, at, fromState: 'draft', toState: 'draft', digest: row.digest, detail: '{}' });
  return viewText(await viewFields(ctx, tx, { head, row, quote, priced, catalog }), row);
}

/**
 * A view of a version just written, as JSON text: its quote and prices are the row's own JSON
 * (the same documents the view holds), not written a second time.
 */
function viewText(v: ViewFields, row: QuoteVersionWrite): JsonText {
  return withJsonMembers(v, { quote: row.body, priced: row.priced });
}

/** The row of a version as priced now (`digest`: the prices' snapshot digest, when the caller has it). */
export function versionRow(tenant: string, quote: LifecycleQuote, priced: PricedQuote, catalog: LoadedCatalog, revision: number, createdAt: string, updatedAt: string, state: string,
  digest = snapshot(priced).digest): QuoteVersionWrite {
  return {
    tenant, quoteId: quote.id, version: quote.version ?? 1, state, catalogId: catalog.id, catalogVersion: catalog.version,
    body: JSON.stringify(quote), priced: pricedJsonBytes(priced), digest, total: priced.totals.total,
    currency: priced.currency, revision, createdAt, updatedAt,
  };
}

/** States in which the seller may still edit the quote itself (else: revise it). */
const EDITABLE = new Set(['draft', 'approval-pending', 'approved', 'rejected']);

/** Edit the newest version: re-priced on the server with its pinned catalog; an edit after approval returns it to approval. */
export async function editQuote(ctx: ServiceContext, tx: StoreTx, user: UserIdentity, quoteId: string, version: number, input: QuoteInput): Promise<JsonText> {
  checkDays(input);
  const l = await load(ctx, tx, user.tenant, quoteId, version, true, { priced: false });
  if (version !== l.head.latestVersion) throw conflict('superseded', `Version ${version} was replaced by version ${l.head.latestVersion}: edit that one.`, 'version');
  if (input.baseRevision !== undefined && input.baseRevision !== l.row.revision) {
    throw conflict('stale-revision', `The quote changed since revision ${input.baseRevision} (now ${l.row.revision}): reload it and edit again.`, 'baseRevision');
  }
  if (!EDITABLE.has(l.row.state)) throw conflict('locked', `A quote that is ${l.row.state} cannot be edited: revise it.`, 'state');
  const { at } = now(ctx);
  const next = compose({ id: quoteId, version, date: l.quote.date!, currency: l.quote.currency!, lifecycle: l.quote.lifecycle, kind: l.quote.kind, contract: l.quote.contract }, input,
    validity(ctx, l.quote.date!, input.validUntil ?? l.quote.validUntil), input.locale ?? l.quote.locale);
  await checkContractLines(tx, user.tenant, l.catalog.raw, next);
  const priced = price(l.catalog, next);
  // One snapshot (a canonical JSON and a SHA-256 of the prices) for the edit, the row and the view.
  const snap = snapshot(priced);
  const recorded = recordEdit(next, snap, { at, actor: user.userId });
  if (!recorded.ok) throw refused(recorded.errors);
  const quote = recorded.quote;
  const state = quote.lifecycle?.state ?? 'draft';
  const row = versionRow(user.tenant, quote, priced, l.catalog, l.row.revision + 1, l.row.createdAt, at, state, snap.digest);
  if (!(await tx.updateVersion(row, l.row.revision))) throw conflict('stale-revision', 'The quote changed while it was being saved: reload it and edit again.', 'baseRevision');
  await tx.appendMove({ tenant: user.tenant, quoteId, version, action: 'edit', actor: user.userId, at,
    fromState: l.row.state, toState: state, digest: row.digest, detail: JSON.stringify({ revision: row.revision, changed: row.digest !== l.row.digest }) });
  const head = { ...l.head, updatedAt: at, customerId: customerIdOf(quote) };
  await tx.updateHead(user.tenant, quoteId, head);
  // The edit's move has just opened a new approval round: no acts in it yet.
  return viewText(await viewFields(ctx, tx, { head, row, quote, priced, catalog: l.catalog }, { acts: [], snap }), row);
}

/**
 * Revise: version n+1, a draft dated today on the newest catalog version, with the same lines;
 * the old version is superseded. An ordered quote is not revised.
 */
export async function reviseVersion(ctx: ServiceContext, tx: StoreTx, user: UserIdentity, quoteId: string, version: number, reason: string | undefined): Promise<JsonText> {
  const l = await load(ctx, tx, user.tenant, quoteId, version, true);
  if (version !== l.head.latestVersion) throw conflict('superseded', `Version ${version} was already revised as version ${l.head.latestVersion}.`, 'version');
  const { at, day } = now(ctx);
  const result = reviseQuote(l.quote, { at, actor: user.userId, ...(reason !== undefined ? { reason } : {}) });
  if (!result.ok) throw refused(result.errors);
  const catalog = await ctx.catalogs.load(tx, user.tenant, l.catalog.id);
  const nextVersion = version + 1;
  const revised: LifecycleQuote = { ...result.quote, date: day, validUntil: addDays(day, ctx.validityDays), currency: catalog.raw.currency };
  const priced = price(catalog, revised);
  const old = { ...l.row, state: 'superseded', body: JSON.stringify(result.superseded), revision: l.row.revision + 1, updatedAt: at };
  if (!(await tx.updateVersion(old, l.row.revision))) throw conflict('stale-revision', 'The quote changed while it was being revised: try again.');
  await tx.appendMove({ tenant: user.tenant, quoteId, version, action: 'supersede', actor: user.userId, at,
    fromState: l.row.state, toState: 'superseded', digest: l.row.digest, detail: JSON.stringify({ by: nextVersion }) });
  const row = versionRow(user.tenant, revised, priced, catalog, 1, at, at, 'draft');
  await tx.insertVersion(row);
  await tx.insertMove({ tenant: user.tenant, quoteId, version: nextVersion, seq: 0, action: 'revise', actor: user.userId, at, fromState: l.row.state, toState: 'draft',
    digest: row.digest, detail: JSON.stringify({ from: version, ...(reason !== undefined ? { reason } : {}) }) });
  const head = { ...l.head, latestVersion: nextVersion, updatedAt: at };
  await tx.updateHead(user.tenant, quoteId, head);
  return viewText(await viewFields(ctx, tx, { head, row, quote: revised, priced, catalog }), row);
}

/** A seller may not decide their own quote's approval (segregation of duties). */
export function notOwner(l: Loaded, user: UserIdentity): void {
  if (l.head.owner === user.userId) throw forbidden('You cannot approve or reject a quote you created.', 'own-quote');
}
