import { isRecord, own } from '../core/object.js';
import type { LocalizedText } from '../types.js';
import type { QuoteState } from './lifecycle-types.js';
import { isQuoteState } from './lifecycle-input.js';

/**
 * Lead-to-cash: which stage of the host's opportunity a quote state suggests. The default
 * follows the sales process the kit was designed from (../shared/seed, the opportunity
 * stages 目标识别 10 %, 赢得支持者 30 %, 赢得权力支持者 50 %, 赢得高层支持者 70 %, 商务谈判 80 %,
 * 签约 100 %, 输单): a quote being drafted and approved belongs to 方案形成 (the deck's
 * "solution formed" step, which carries no win probability of its own, so none is suggested),
 * a quote with the customer to 商务谈判 80 %, an accepted or ordered one to 签约 100 %, and a
 * rejected or expired one to 输单. A superseded version suggests nothing: its successor does.
 */

/** An opportunity stage as a host CRM knows it; `probability` is a percent as a decimal string. */
export interface OpportunityStage {
  id: string;
  name: LocalizedText;
  probability?: string;
}

/** Quote state → opportunity stage; `null` leaves the opportunity where it is. */
export type StageMapping = Record<QuoteState, OpportunityStage | null>;

/** A frozen stage: the default mapping is shared, so nobody may change it in place. */
function stage(s: OpportunityStage): OpportunityStage {
  Object.freeze(s.name);
  return Object.freeze(s);
}

const SOLUTION: OpportunityStage = stage({ id: 'solution', name: { 'zh-CN': '方案形成', en: 'Solution formed' } });
const NEGOTIATION: OpportunityStage = stage({ id: 'negotiation', name: { 'zh-CN': '商务谈判', en: 'Business negotiation' }, probability: '80' });
const SIGNED: OpportunityStage = stage({ id: 'signed', name: { 'zh-CN': '签约', en: 'Signed' }, probability: '100' });
const LOST: OpportunityStage = stage({ id: 'lost', name: { 'zh-CN': '输单', en: 'Lost' }, probability: '0' });

/** The default mapping, from the seed's sales process. */
export const DEFAULT_STAGE_MAPPING: Readonly<StageMapping> = Object.freeze({
  draft: SOLUTION,
  'approval-pending': SOLUTION,
  approved: SOLUTION,
  rejected: LOST,
  sent: NEGOTIATION,
  accepted: SIGNED,
  ordered: SIGNED,
  expired: LOST,
  superseded: null,
});

/**
 * The opportunity stage a quote state suggests, from `mapping` (a host's own, possibly partial:
 * states it leaves out use the default), or `null` for no move. An unknown state suggests nothing.
 */
export function suggestStage(state: QuoteState, mapping?: Partial<StageMapping>): OpportunityStage | null {
  if (!isQuoteState(state)) return null;
  if (isRecord(mapping) && Object.prototype.hasOwnProperty.call(mapping, state)) {
    const stage = own(mapping, state);
    return stage === null || isRecord(stage) ? (stage as OpportunityStage | null) : DEFAULT_STAGE_MAPPING[state];
  }
  return DEFAULT_STAGE_MAPPING[state];
}
