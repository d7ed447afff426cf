import { randomBytes } from 'node:crypto';
import { accept, approve, decline, expire, markOrdered, reject, send, submit } from '../quote/index.js';
import { approvalKey, pendingApprovals } from '../quote/lifecycle-input.js';
import type { LifecycleQuote, LifecycleResult } from '../quote/lifecycle-types.js';
import { tryOrderEvent } from '../quote/order-event.js';
import { completes, levelStatus, mayAct } from './approval-levels.js';
import type { CustomerIdentity, UserIdentity } from './auth.js';
import type { ServiceContext } from './context.js';
import { contractForOrder } from './contracts.js';
import { enqueueEvent } from './dispatch/outbox.js';
import { conflict, forbidden, unprocessable } from './errors.js';
import type { JsonText } from './json-text.js';
import { currentActs, load, notOwner, now, refused, snapshotOf, view, viewStored, type Loaded, type QuoteView } from './quotes.js';
import type { OrderRow, ShareLinkRow, StoreTx } from './store/types.js';

/** Who moves a quote: a signed-in user, or a customer by share link (with the evidence of the request). */
export type Actor =
  | { kind: 'user'; user: UserIdentity }
  | { kind: 'customer'; customer: CustomerIdentity; name: string; ip: string; userAgent: string };

function actorId(a: Actor): string {
  return a.kind === 'user' ? a.user.userId : `customer:${a.name}`;
}

/** Store the quote a move made (with its new state), and record the move. */
async function commit(tx: StoreTx, l: Loaded, quote: LifecycleQuote, action: string, actor: string, at: string, detail: Record<string, unknown>): Promise<Loaded> {
  const state = quote.lifecycle?.state ?? 'draft';
  const row = { ...l.row, state, body: JSON.stringify(quote), revision: l.row.revision + 1, updatedAt: at };
  if (!(await tx.updateVersion(row, l.row.revision))) throw conflict('stale-revision', 'The quote changed during the move: try again.');
  await tx.appendMove({ tenant: l.row.tenant, quoteId: l.row.quoteId, version: l.row.version,
    action, actor, at, fromState: l.row.state, toState: state, digest: l.row.digest, detail: JSON.stringify(detail) });
  await tx.updateHead(l.row.tenant, l.row.quoteId, { latestVersion: l.head.latestVersion, updatedAt: at, customerId: l.head.customerId });
  return { ...l, row, quote };
}

function result(r: LifecycleResult): LifecycleQuote {
  if (!r.ok) throw refused(r.errors);
  return r.quote;
}

/** Load the version a move names; only the newest version of a quote moves (an older one is superseded). */
async function forMove(ctx: ServiceContext, tx: StoreTx, tenant: string, quoteId: string, version: number): Promise<Loaded> {
  const l = await load(ctx, tx, tenant, quoteId, version, true);
  if (version !== l.head.latestVersion) throw conflict('superseded', `Version ${version} was replaced by version ${l.head.latestVersion}.`, 'version');
  return l;
}

/** The digest the person saw must be the one stored: an approval or acceptance binds to what was seen. */
function seen(l: Loaded, digest: string | undefined): void {
  if (digest !== undefined && digest !== l.row.digest) {
    throw conflict('changed-since-seen', 'The quote\'s prices changed since you loaded it: reload it and look again.', 'digest');
  }
}

/** A quote with nothing to order (no line outside the optional ones) is not submitted or sent: an empty order is no order. */
function notEmpty(l: Loaded): void {
  if (!l.priced.lines.some((line) => !line.optional && line.parentId === null)) {
    throw unprocessable('empty-quote', 'The quote has no line to order: add a product first.', 'lines');
  }
}

/** Submit for approval (or straight to approved when no approval is needed). */
export async function submitMove(ctx: ServiceContext, tx: StoreTx, user: UserIdentity, quoteId: string, version: number): Promise<JsonText> {
  const l = await forMove(ctx, tx, user.tenant, quoteId, version);
  notEmpty(l);
  const { at } = now(ctx);
  const quote = result(submit(l.quote, snapshotOf(l.priced), { at, actor: user.userId }));
  const unknown = pendingApprovals(quote.lifecycle!, snapshotOf(l.priced)).find((a) => !ctx.levels.some((lv) => lv.id === a.level));
  if (unknown) throw unprocessable('unknown-level', `Approval "${unknown.ruleId}" asks for level "${unknown.level}", which the service does not have.`, 'approvals');
  return viewStored(ctx, tx, await commit(tx, l, quote, 'submit', user.userId, at, {}));
}

/** Approve the current level (或签: one approver; 会签: each member), bound to the digest the approver saw. */
export async function approveMove(ctx: ServiceContext, tx: StoreTx, user: UserIdentity, quoteId: string, version: number, body: { digest: string; reason?: string }): Promise<JsonText> {
  const { l, current: { level, status } } = await forDecision(ctx, tx, user, quoteId, version, body.digest, 'approve this quote');
  const { at } = now(ctx);
  const detail = { level: level.id, ...(body.reason !== undefined ? { reason: body.reason } : {}) };
  if (!completes(level, status, user.userId)) {
    // 会签: this member's sign-off is recorded; the level is decided when every member has signed.
    await tx.appendMove({ tenant: user.tenant, quoteId, version, action: 'approve', actor: user.userId, at,
      fromState: l.row.state, toState: l.row.state, digest: l.row.digest, detail: JSON.stringify({ ...detail, complete: false }) });
    return viewStored(ctx, tx, l);
  }
  const quote = result(approve(l.quote, snapshotOf(l.priced), {
    at, actor: user.userId, approvals: status.pending.map(approvalKey), ...(body.reason !== undefined ? { reason: body.reason } : {}),
  }));
  return viewStored(ctx, tx, await commit(tx, l, quote, 'approve', user.userId, at, { ...detail, complete: true }));
}

/** The lowest level with approvals pending, and where it stands. */
function currentLevel(ctx: ServiceContext, l: Loaded, moves: Awaited<ReturnType<StoreTx['listMoves']>>) {
  const pending = pendingApprovals(l.quote.lifecycle!, snapshotOf(l.priced));
  const statuses = levelStatus(ctx.levels, pending, currentActs(moves, l.row.digest));
  const status = statuses.find((s) => s.status === 'current');
  if (!status) throw conflict('invalid-transition', 'No approval is pending.', 'state');
  return { level: ctx.levels.find((lv) => lv.id === status.level)!, status, statuses };
}

/** An approver's decision on a version: pending, the digest they saw, not their own quote, and their level's turn. */
async function forDecision(ctx: ServiceContext, tx: StoreTx, user: UserIdentity, quoteId: string, version: number, digest: string | undefined, what: string) {
  const l = await forMove(ctx, tx, user.tenant, quoteId, version);
  seen(l, digest);
  if (l.row.state !== 'approval-pending') throw conflict('invalid-transition', `A quote that is ${l.row.state} has no approval pending: you cannot ${what}.`, 'state');
  notOwner(l, user);
  const current = currentLevel(ctx, l, await tx.listMoves(user.tenant, quoteId, version));
  checkMay(ctx, current, user, what);
  return { l, current };
}

/** Refuse `user` unless they may act on the current level; a level of theirs still waiting is named. */
function checkMay(ctx: ServiceContext, c: ReturnType<typeof currentLevel>, user: UserIdentity, what: string): void {
  const why = mayAct(c.level, c.status, user);
  if (!why) return;
  const waiting = c.statuses.find((s) => s.status === 'waiting' && user.levels.includes(s.level));
  const reason = waiting ? `your level "${waiting.level}" waits for a lower level first ("${c.level.id}")` : why;
  throw forbidden(`You cannot ${what} now: ${reason}.`, 'not-your-level');
}

/** Send back (退回) to the seller with a reason: the quote becomes rejected; the seller edits and submits again. */
export async function rejectMove(ctx: ServiceContext, tx: StoreTx, user: UserIdentity, quoteId: string, version: number, body: { reason: string; digest?: string }): Promise<JsonText> {
  const { l, current: { level } } = await forDecision(ctx, tx, user, quoteId, version, body.digest, 'send this quote back');
  const { at } = now(ctx);
  const quote = result(reject(l.quote, snapshotOf(l.priced), { at, actor: user.userId, reason: body.reason }));
  return viewStored(ctx, tx, await commit(tx, l, quote, 'reject', user.userId, at, { level: level.id, reason: body.reason }));
}

/** Hand the current level over (转交) to another user, who then decides it in the approver's place. */
export async function handoverMove(ctx: ServiceContext, tx: StoreTx, user: UserIdentity, quoteId: string, version: number, body: { to: string; reason?: string }): Promise<JsonText> {
  const l = await forMove(ctx, tx, user.tenant, quoteId, version);
  if (l.row.state !== 'approval-pending') throw conflict('invalid-transition', `A quote that is ${l.row.state} has no approval to hand over.`, 'state');
  if (body.to === user.userId) throw unprocessable('invalid-handover', 'Hand the approval over to someone else.', 'to');
  if (body.to === l.head.owner) throw unprocessable('invalid-handover', 'The quote\'s own seller cannot approve it.', 'to');
  const current = currentLevel(ctx, l, await tx.listMoves(user.tenant, quoteId, version));
  checkMay(ctx, current, user, 'hand this approval over');
  const { level } = current;
  const { at } = now(ctx);
  await tx.appendMove({ tenant: user.tenant, quoteId, version, action: 'handover', actor: user.userId, at,
    fromState: l.row.state, toState: l.row.state, digest: l.row.digest, detail: JSON.stringify({ level: level.id, to: body.to, ...(body.reason !== undefined ? { reason: body.reason } : {}) }) });
  return viewStored(ctx, tx, l);
}

/** A share link for the customer: signed, expiring, revocable, scoped to one quote version. */
export interface ShareLink {
  id: string;
  token: string;
  expiresAt: string;
  allowOrder: boolean;
}

/** Create a share link to a sent (or accepted) version. */
export async function createShareLink(ctx: ServiceContext, tx: StoreTx, user: UserIdentity, l: Loaded, options: { days?: number; allowOrder?: boolean }): Promise<ShareLink> {
  const { at } = now(ctx);
  const days = Math.min(options.days ?? ctx.shareDays, ctx.shareDays);
  const expires = new Date(ctx.clock().getTime() + days * 86_400_000);
  const id = `shl_${randomBytes(16).toString('base64url')}`;
  const row: ShareLinkRow = {
    id, tenant: user.tenant, quoteId: l.row.quoteId, version: l.row.version, createdBy: user.userId, createdAt: at,
    expiresAt: expires.toISOString(), revokedAt: null, allowOrder: options.allowOrder === true,
  };
  await tx.insertShareLink(row);
  const token = await ctx.auth.signShare({ id, tenant: user.tenant, quoteId: l.row.quoteId, version: l.row.version, expiresAt: expires });
  return { id, token, expiresAt: row.expiresAt, allowOrder: row.allowOrder };
}

/** Send the quote to the customer: the lifecycle's `send`, and a share link. */
export async function sendMove(ctx: ServiceContext, tx: StoreTx, user: UserIdentity, quoteId: string, version: number, body: { digest?: string; days?: number; allowOrder?: boolean }): Promise<{ quote: QuoteView; shareLink: ShareLink }> {
  const l = await forMove(ctx, tx, user.tenant, quoteId, version);
  seen(l, body.digest);
  notEmpty(l);
  const { at } = now(ctx);
  const quote = result(send(l.quote, snapshotOf(l.priced), { at, actor: user.userId }));
  const moved = await commit(tx, l, quote, 'send', user.userId, at, {});
  const shareLink = await createShareLink(ctx, tx, user, moved, body);
  return { quote: await view(ctx, tx, moved), shareLink };
}

/** What a customer gives when accepting: their name (the signer), the digest they saw, and optional PO reference and typed signature. */
export interface AcceptInput {
  name: string;
  digest: string;
  poReference?: string;
  signature?: string;
}

/** The customer accepts the version their link names, with the request's evidence. */
export async function acceptMove(ctx: ServiceContext, tx: StoreTx, actor: Extract<Actor, { kind: 'customer' }>, body: AcceptInput): Promise<Loaded> {
  const c = actor.customer;
  const l = await forMove(ctx, tx, c.tenant, c.quoteId, c.version);
  seen(l, body.digest);
  const { at } = now(ctx);
  const quote = result(accept(l.quote, snapshotOf(l.priced), { at, actor: body.name, ...(body.poReference !== undefined ? { reference: body.poReference } : {}) }));
  const evidence = { name: body.name, at, ip: actor.ip, userAgent: actor.userAgent, digest: l.row.digest, linkId: c.linkId,
    ...(body.poReference !== undefined ? { poReference: body.poReference } : {}), ...(body.signature !== undefined ? { signature: body.signature } : {}) };
  return commit(tx, l, quote, 'accept', actorId(actor), at, { evidence });
}

/** The customer declines (with an optional reason). */
export async function declineMove(ctx: ServiceContext, tx: StoreTx, actor: Extract<Actor, { kind: 'customer' }>, body: { name: string; reason?: string }): Promise<Loaded> {
  const c = actor.customer;
  const l = await forMove(ctx, tx, c.tenant, c.quoteId, c.version);
  const { at } = now(ctx);
  const quote = result(decline(l.quote, snapshotOf(l.priced), { at, actor: body.name, ...(body.reason !== undefined ? { reason: body.reason } : {}) }));
  return commit(tx, l, quote, 'decline', actorId(actor), at, { name: body.name, ip: actor.ip, userAgent: actor.userAgent, ...(body.reason !== undefined ? { reason: body.reason } : {}) });
}

/** Record that an open quote passed its validity. */
export async function expireMove(ctx: ServiceContext, tx: StoreTx, user: UserIdentity, quoteId: string, version: number): Promise<JsonText> {
  const l = await forMove(ctx, tx, user.tenant, quoteId, version);
  const { at } = now(ctx);
  const quote = result(expire(l.quote, { at, actor: user.userId }));
  if (quote === l.quote) return viewStored(ctx, tx, l);
  return viewStored(ctx, tx, await commit(tx, l, quote, 'expire', user.userId, at, {}));
}

/**
 * Make the order: only from the stored, accepted newest version whose digest still matches its
 * acceptance, once per version (the database's unique key too); the CloudEvents order event is
 * built from stored state, never taken from a request, and put in the outbox with one delivery
 * per enabled subscriber, in the same transaction.
 */
export async function orderMove(ctx: ServiceContext, tx: StoreTx, actor: Actor, tenant: string, quoteId: string, version: number): Promise<{ order: OrderRow; loaded: Loaded }> {
  const l = await forMove(ctx, tx, tenant, quoteId, version);
  const existing = await tx.getOrderFor(tenant, quoteId, version);
  if (existing) throw conflict('already-ordered', `Version ${version} of quote ${quoteId} was ordered already (order ${existing.id}).`, 'version');
  const { at } = now(ctx);
  const who = actorId(actor);
  const ordered = result(markOrdered(l.quote, snapshotOf(l.priced), { at, actor: who, latestVersion: l.head.latestVersion }));
  // The seller is the quote's owner, whoever places the order (the seller, or the customer by link).
  // The contract it makes or changes (issue 16): its reference goes into the event, its row with the order.
  const contract = await contractForOrder(ctx, tx, tenant, l);
  const built = tryOrderEvent(l.catalog.raw, l.priced, { quote: ordered, source: ctx.orderSource(tenant), forCustomer: actor.kind === 'customer', seller: { id: l.head.owner }, ...(contract.ref ? { contract: contract.ref } : {}) });
  if (!built.ok) throw refused(built.errors);
  const event = built.event;
  const order: OrderRow = {
    tenant, id: event.id, quoteId, version, event: JSON.stringify(event), total: l.priced.totals.total, currency: l.priced.currency, createdAt: at, createdBy: who,
  };
  const loaded = await commit(tx, l, ordered, 'order', who, at, { orderId: event.id });
  await tx.insertOrder(order);
  await contract.save?.();
  // The outbox, in the same transaction: the event and its deliveries commit with the order or not at all.
  await enqueueEvent(ctx.outbox, tx, tenant, event, order.event, at);
  return { order, loaded };
}

/** A share link that is still good: not revoked, not expired, naming the newest version. */
export async function checkLink(ctx: ServiceContext, tx: StoreTx, c: CustomerIdentity): Promise<ShareLinkRow> {
  const link = await tx.getShareLink(c.linkId);
  if (!link || link.tenant !== c.tenant || link.quoteId !== c.quoteId || link.version !== c.version) throw forbidden('This share link is not valid.', 'invalid-link');
  if (link.revokedAt !== null) throw forbidden('This share link was withdrawn by the seller.', 'link-revoked');
  if (new Date(link.expiresAt).getTime() <= ctx.clock().getTime()) throw forbidden('This share link has expired: ask the seller for a new one.', 'link-expired');
  return link;
}
