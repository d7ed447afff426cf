import { own } from '../core/object.js';
import { describe, parseDecimal } from '../core/parse.js';
import { issue, type LineContext, type Work } from './lines.js';
import { message, phrase, productName } from './messages.js';
import { readPeriod } from './period.js';

/** The amendment fields of a top-level line: `period`, `locked`, `credit`, `subscriptionId`, `repriced`. */
export function readContractFields(ctx: LineContext, w: Work, raw: Record<string, unknown>): void {
  const period = own(raw, 'period');
  if (period !== undefined) {
    w.periodRaw = period;
    readPeriod(ctx, w, period);
  }
  w.locked = flag(ctx, w, raw, 'locked');
  w.credit = flag(ctx, w, raw, 'credit');
  w.repriced = flag(ctx, w, raw, 'repriced');
  const price = own(raw, 'contractedUnitPrice');
  if (price !== undefined) {
    const r = parseDecimal(price);
    if (!r.ok || r.value.isNegative()) {
      issue(ctx, 'error', 'invalid-line', message(ctx.locale, 'invalid-line', { line: w.id, what: `contractedUnitPrice ${r.ok ? phrase(ctx.locale, 'cannot be negative', '不能为负') : r.message}` }), w.id, `${w.path}.contractedUnitPrice`);
      w.failed = true;
    } else if (!w.repriced) w.contracted = r.value;
  }
  const sub = own(raw, 'subscriptionId');
  if (typeof sub === 'string' && sub !== '') w.subscriptionId = sub;
  else if (sub !== undefined) issue(ctx, 'error', 'invalid-line', message(ctx.locale, 'invalid-line', { line: w.id, what: phrase(ctx.locale, `subscriptionId must be a non-empty string, got ${describe(sub)}`, `subscriptionId 必须是非空字符串，实际为 ${describe(sub)}`) }), w.id, `${w.path}.subscriptionId`);
  if (w.credit && w.locked) {
    issue(ctx, 'error', 'invalid-line', message(ctx.locale, 'invalid-line', { line: w.id, what: phrase(ctx.locale, 'cannot be both locked and a credit', '不能同时是锁定行和贷项') }), w.id, `${w.path}.credit`);
  } else if (w.credit && ctx.contract.kind !== 'amendment') {
    issue(ctx, 'error', 'invalid-line', message(ctx.locale, 'invalid-line', { line: w.id, what: phrase(ctx.locale, 'is a credit, which only an amendment quote (kind "amendment") may have', '是贷项，只有合同变更报价（kind "amendment"）可以有贷项') }), w.id, `${w.path}.credit`);
  } else if (w.credit && w.product!.subscription.decreases === 'at-renewal') {
    issue(ctx, 'error', 'decrease-not-allowed', message(ctx.locale, 'decrease-not-allowed', { product: productName(ctx, w) }), w.id, `${w.path}.credit`);
  }
}

/** A line's boolean field (absent: false); anything else is an issue, and false. */
function flag(ctx: LineContext, w: Work, raw: Record<string, unknown>, key: 'locked' | 'credit' | 'repriced'): boolean {
  const v = own(raw, key);
  if (v === undefined || typeof v === 'boolean') return v === true;
  issue(ctx, 'error', 'invalid-line', message(ctx.locale, 'invalid-line', { line: w.id, what: phrase(ctx.locale, `${key} must be true or false, got ${describe(v)}`, `${key} 必须是 true 或 false，实际为 ${describe(v)}`) }), w.id, `${w.path}.${key}`);
  return false;
}
