import { isIsoDate } from '../core/dates.js';
import { isRecord, own } from '../core/object.js';
import { describe } from '../core/parse.js';
import { DIGEST_PATTERN } from './digest.js';
import type { Lifecycle, LifecycleQuote, QuoteError, QuoteSnapshot, QuoteState, RequiredApproval, TransitionContext } from './lifecycle-types.js';
import { error, phrase } from './messages.js';
import { isPastValidity, isTimestamp } from './validity.js';

/**
 * Reading a transition's input, which comes from hosts and storage and is checked like any
 * other input: every problem is a located error, nothing throws.
 */

/** The nine lifecycle states, in the order a quote usually meets them. */
export const STATES: readonly QuoteState[] = [
  'draft', 'approval-pending', 'approved', 'rejected', 'sent', 'accepted', 'ordered', 'expired', 'superseded',
];

/** States a quote leaves for `expired` once `validUntil` has passed: it was never accepted. */
const OPEN: ReadonlySet<QuoteState> = new Set(['draft', 'approval-pending', 'approved', 'rejected', 'sent']);

/** True for one of the nine lifecycle states. */
export function isQuoteState(value: unknown): value is QuoteState {
  return typeof value === 'string' && (STATES as readonly string[]).includes(value);
}

/** A transition's checked input. */
export interface Prepared {
  quote: LifecycleQuote;
  lifecycle: Lifecycle;
  version: number;
  locale: string;
  ctx: TransitionContext;
  /** The stored state, and the state at `ctx.at` (expired when past `validUntil` and not accepted). */
  stored: QuoteState;
  state: QuoteState;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: QuoteError[] };

/** The version of a quote (absent means 1, as in pricing). */
export function versionOf(quote: unknown): number {
  const v = own(quote, 'version');
  return Number.isSafeInteger(v) && (v as number) >= 1 ? (v as number) : 1;
}

/** The lifecycle state of a quote at `now` (an RFC 3339 time): the stored state, or `expired`. */
export function stateOf(quote: LifecycleQuote, now: string): QuoteState {
  const stored = own(own(quote, 'lifecycle'), 'state');
  const state = isQuoteState(stored) ? stored : 'draft';
  const validUntil = own(quote, 'validUntil');
  return OPEN.has(state) && isPastValidity(typeof validUntil === 'string' ? validUntil : undefined, now) ? 'expired' : state;
}

/** Check a quote and a transition context; read the lifecycle (a quote without one is a draft). */
export function prepare(quote: unknown, context: unknown): Checked<Prepared> {
  const ctxLocale = own(context, 'locale');
  const quoteLocale = own(quote, 'locale');
  const locale = typeof ctxLocale === 'string' ? ctxLocale : typeof quoteLocale === 'string' ? quoteLocale : 'en';
  const errors: QuoteError[] = [];
  const bad = (path: string, en: string, zh: string) => errors.push(error(locale, 'invalid-input', path, { what: phrase(locale, en, zh) }));

  if (!isRecord(quote)) {
    bad('quote', `The quote must be an object, got ${describe(quote)}.`, `报价单必须是对象，实际为 ${describe(quote)}。`);
  } else {
    const id = own(quote, 'id');
    if (typeof id !== 'string' || id === '') bad('quote.id', 'The quote has no id (a non-empty string).', '报价单缺少编号（非空字符串）。');
    const version = own(quote, 'version');
    if (version !== undefined && !(Number.isSafeInteger(version) && (version as number) >= 1)) {
      bad('quote.version', `The version must be a whole number from 1, got ${describe(version)}.`, `版本号必须是从 1 起的整数，实际为 ${describe(version)}。`);
    }
    const validUntil = own(quote, 'validUntil');
    if (validUntil !== undefined && !isIsoDate(validUntil)) {
      bad('quote.validUntil', `validUntil must be an ISO 8601 date, got ${describe(validUntil)}.`, `validUntil 必须是 ISO 8601 日期，实际为 ${describe(validUntil)}。`);
    }
  }
  if (!isRecord(context)) {
    bad('context', `The context must be an object { at, actor, reason? }, got ${describe(context)}.`, `上下文必须是对象 { at, actor, reason? }，实际为 ${describe(context)}。`);
  } else {
    const at = own(context, 'at');
    if (!isTimestamp(at)) bad('context.at', `at must be an RFC 3339 date-time with offset such as "2026-11-28T10:00:00+08:00", got ${describe(at)}.`, `at 必须是带时区的 RFC 3339 时间（如 "2026-11-28T10:00:00+08:00"），实际为 ${describe(at)}。`);
    const actor = own(context, 'actor');
    if (typeof actor !== 'string' || actor.trim() === '') bad('context.actor', 'actor must name who acts (a non-empty string).', 'actor 必须注明操作人（非空字符串）。');
    const reason = own(context, 'reason');
    if (reason !== undefined && typeof reason !== 'string') bad('context.reason', `reason must be a string, got ${describe(reason)}.`, `reason 必须是字符串，实际为 ${describe(reason)}。`);
  }
  const lifecycle = readLifecycle(own(quote, 'lifecycle'), locale, errors);
  if (errors.length > 0 || !lifecycle) return { ok: false, errors };

  const q = quote as LifecycleQuote;
  const ctx = context as TransitionContext;
  return {
    ok: true,
    value: { quote: q, lifecycle, version: versionOf(q), locale, ctx, stored: lifecycle.state, state: stateOf(q, ctx.at) },
  };
}

function readLifecycle(raw: unknown, locale: string, errors: QuoteError[]): Lifecycle | undefined {
  if (raw === undefined) return { state: 'draft', approvals: [], history: [] };
  const bad = (path: string, what: string) => {
    errors.push(error(locale, 'invalid-lifecycle', `quote.lifecycle${path}`, { what: `${path || 'lifecycle'} ${what}` }));
    return undefined;
  };
  if (!isRecord(raw)) return bad('', phrase(locale, `must be an object, got ${describe(raw)}`, `必须是对象，实际为 ${describe(raw)}`));
  const before = errors.length;
  const state = own(raw, 'state');
  if (!isQuoteState(state)) bad('.state', phrase(locale, `must be one of ${STATES.join(', ')}, got ${describe(state)}`, `必须是 ${STATES.join('、')} 之一，实际为 ${describe(state)}`));
  const digest = own(raw, 'digest');
  if (digest !== undefined && !(typeof digest === 'string' && DIGEST_PATTERN.test(digest))) {
    bad('.digest', phrase(locale, `must be "sha-256:" and 64 hex digits, got ${describe(digest)}`, `必须是 "sha-256:" 加 64 位十六进制数，实际为 ${describe(digest)}`));
  }
  const approvals = own(raw, 'approvals');
  if (approvals !== undefined && !Array.isArray(approvals)) bad('.approvals', phrase(locale, 'must be an array', '必须是数组'));
  else (approvals ?? []).forEach((a: unknown, i: number) => {
    for (const key of ['ruleId', 'level', 'approvedBy', 'approvedAt', 'digest']) {
      if (typeof own(a, key) !== 'string') bad(`.approvals[${i}].${key}`, phrase(locale, 'must be a string', '必须是字符串'));
    }
  });
  const history = own(raw, 'history');
  if (history !== undefined && !(Array.isArray(history) && history.every(isRecord))) bad('.history', phrase(locale, 'must be an array of entries', '必须是记录数组'));
  const acceptance = own(raw, 'acceptance');
  if (acceptance !== undefined) {
    for (const key of ['by', 'at', 'digest']) {
      if (typeof own(acceptance, key) !== 'string') bad(`.acceptance.${key}`, phrase(locale, 'must be a string', '必须是字符串'));
    }
  }
  if (errors.length > before) return undefined;
  return { ...(raw as unknown as Lifecycle), approvals: (approvals ?? []) as Lifecycle['approvals'], history: (history ?? []) as Lifecycle['history'] };
}

/** Check a snapshot and that it was taken of this quote version. */
export function readSnapshot(p: Prepared, raw: unknown): Checked<QuoteSnapshot> {
  const { locale } = p;
  const errors: QuoteError[] = [];
  const bad = (path: string, en: string, zh: string) => errors.push(error(locale, 'invalid-input', `snapshot${path}`, { what: phrase(locale, en, zh) }));
  if (!isRecord(raw)) {
    bad('', `The snapshot must be the object snapshot(priced) returns, got ${describe(raw)}.`, `snapshot 必须是 snapshot(priced) 返回的对象，实际为 ${describe(raw)}。`);
    return { ok: false, errors };
  }
  const digest = own(raw, 'digest');
  if (typeof digest !== 'string' || !DIGEST_PATTERN.test(digest)) bad('.digest', `digest must be "sha-256:" and 64 hex digits, got ${describe(digest)}.`, `digest 必须是 "sha-256:" 加 64 位十六进制数，实际为 ${describe(digest)}。`);
  if (typeof own(raw, 'orderable') !== 'boolean') bad('.orderable', 'orderable must be true or false.', 'orderable 必须是布尔值。');
  const approvals = own(raw, 'approvals');
  const approvalOk = (a: unknown) => typeof own(a, 'ruleId') === 'string' && typeof own(a, 'level') === 'string' && ['string', 'undefined'].includes(typeof own(a, 'lineId'));
  if (!Array.isArray(approvals) || !approvals.every(approvalOk)) bad('.approvals', 'approvals must be an array of { ruleId, level, lineId? }.', 'approvals 必须是 { ruleId, level, lineId? } 数组。');
  if (errors.length > 0) return { ok: false, errors };
  const quoteId = own(raw, 'quoteId');
  const version = own(raw, 'version');
  if (quoteId !== p.quote.id || version !== p.version) {
    return { ok: false, errors: [error(locale, 'snapshot-mismatch', 'snapshot', { other: `${describe(quoteId)} v${describe(version)}`, quote: `${p.quote.id} v${p.version}` })] };
  }
  return { ok: true, value: raw as unknown as QuoteSnapshot };
}

/** The key of a required approval: its rule, and its line for per-line approvals (below-floor). */
export function approvalKey(a: { ruleId: string; lineId?: string }): string {
  return a.lineId === undefined ? a.ruleId : `${a.ruleId}@${a.lineId}`;
}

/** The approvals the snapshot requires that no decision bound to its digest covers yet. */
export function pendingApprovals(lifecycle: Lifecycle, snapshot: QuoteSnapshot): RequiredApproval[] {
  const done = new Set(lifecycle.approvals.filter((d) => d.digest === snapshot.digest).map(approvalKey));
  return snapshot.approvals.filter((a) => !done.has(approvalKey(a)));
}
