import { approvalRuleName, levelName } from '../../catalog/names.js';
import type { Lifecycle } from '../../quote/lifecycle-types.js';
import type { Catalog, PricedQuote } from '../../types.js';

/** One approval the quote needs, as a person reads it: the rule's name, its message, and the decision once given. */
export interface ApprovalItemView {
  /** The lifecycle's key: the rule id, `ruleId@lineId` for one line's approval. */
  key: string;
  ruleId: string;
  lineId?: string;
  /** The rule's display name ('' when the catalog names it not). */
  rule: string;
  message: string;
  /** The line's product, for a line's approval (below the floor price). */
  product?: string;
  /** Who approved it for the current prices, when, and their comment. */
  decided?: { by: string; at: string; comment?: string };
}

/** One approval level of the quote: what it must approve and where it stands. */
export interface ApprovalLevelView {
  level: string;
  /** The level's display name (the catalog's `approvalLevels`, the kit's own for its default levels). */
  name: string;
  /**
   * `required`: the quote is not submitted yet; `current`: it can be decided now; `waiting`: a lower
   * level comes first (the quote service decides levels in order); `done`: decided.
   */
  status: 'required' | 'current' | 'waiting' | 'done';
  items: ApprovalItemView[];
  /** 或签 (`any`: one approver decides) or 会签 (`all`: each of `awaiting` must sign), as the service runs it. */
  mode: 'any' | 'all';
  /** With the service's 会签: who must still sign, who signed so far. */
  awaiting: string[];
  signedBy: string[];
  /** With the service: who handed the level to whom (转交). */
  handovers: { from: string; to: string }[];
}

/** Where the quote service says a level stands (its `approval.levels[]`). */
export interface ServiceLevel {
  level: string;
  mode?: 'any' | 'all';
  status: 'waiting' | 'current' | 'done' | 'none';
  signedBy?: string[];
  awaiting?: string[];
  handovers?: { from: string; to: string }[];
}

const keyOf = (a: { ruleId: string; lineId?: string }) => (a.lineId === undefined ? a.ruleId : `${a.ruleId}@${a.lineId}`);

/**
 * The approvals of the quote's current prices, by level: the levels in the service's order (it
 * decides them lowest first), else the catalog's `approvalLevels` order, else as they come. Each
 * approval carries its decision when one was given for these prices (the same digest).
 */
export function approvalLevels(catalog: Catalog | undefined, priced: PricedQuote | undefined, lifecycle: Lifecycle | undefined, locale: string,
  service?: readonly ServiceLevel[]): ApprovalLevelView[] {
  const required = priced?.approvals ?? [];
  if (required.length === 0) return [];
  const state = lifecycle?.state ?? 'draft';
  const open = state === 'approval-pending' || state === 'approved';
  // After approval the decisions still stand for these prices (the same digest): a quote sent,
  // accepted or ordered shows its approvals as given, not as needed again.
  const past = state === 'sent' || state === 'accepted' || state === 'ordered' || state === 'expired' || state === 'superseded';
  const decisions = new Map(open || past ? (lifecycle?.approvals ?? []).filter((d) => d.digest === lifecycle?.digest).map((d) => [keyOf(d), d]) : []);
  const order = [...(service ?? []).map((l) => l.level), ...(catalog?.approvalLevels ?? []).map((l) => l?.id)];
  const levels = [...new Set(required.map((a) => a.level))].sort((a, b) => rank(order, a) - rank(order, b));
  return levels.map((level) => {
    const items = required.filter((a) => a.level === level).map((a): ApprovalItemView => {
      const key = keyOf(a);
      const d = decisions.get(key);
      const item: ApprovalItemView = { key, ruleId: a.ruleId, rule: approvalRuleName(catalog, a.ruleId, locale), message: a.message };
      if (a.lineId !== undefined) {
        item.lineId = a.lineId;
        const product = priced?.lines.find((l) => l.id === a.lineId)?.name;
        if (product) item.product = product;
      }
      if (d) item.decided = { by: d.approvedBy, at: d.approvedAt, ...(d.reason ? { comment: d.reason } : {}) };
      return item;
    });
    const s = service?.find((l) => l.level === level);
    const decided = items.every((i) => i.decided);
    const status: ApprovalLevelView['status'] = decided && (open || past) ? 'done' : !open ? 'required' : s?.status === 'waiting' ? 'waiting' : 'current';
    return {
      level, name: levelName(catalog, level, locale), status, items, mode: s?.mode ?? 'any',
      awaiting: s?.awaiting ?? [], signedBy: s?.signedBy ?? [], handovers: s?.handovers ?? [],
    };
  });
}

function rank(order: readonly (string | undefined)[], level: string): number {
  const i = order.indexOf(level);
  return i < 0 ? order.length : i;
}
