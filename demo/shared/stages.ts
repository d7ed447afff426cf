// The opportunity stages and win probabilities of the origin deck's sales process
// (/work/shared/seed/sales-process-l2c-cpq.txt, 流程阶段): 目标识别 10 % … 签约 100 %, 输单.
export interface Stage {
  /** The stage as the deck (and the sample quotes' `opportunity.stage`) names it. */
  id: string;
  en: string;
  /** Win probability in percent; 输单 (lost) has none in the deck: 0. */
  probability: string;
  /** A closed stage: the quote is no longer edited. */
  closed?: boolean;
}

export const STAGES: readonly Stage[] = [
  { id: '目标识别', en: 'Target identified', probability: '10' },
  { id: '赢得支持者', en: 'Supporter won', probability: '30' },
  { id: '赢得权力支持者', en: 'Power sponsor won', probability: '50' },
  { id: '赢得高层支持者', en: 'Executive support won', probability: '70' },
  { id: '商务谈判', en: 'Negotiation', probability: '80' },
  { id: '签约', en: 'Signed', probability: '100', closed: true },
  { id: '输单', en: 'Lost', probability: '0', closed: true },
];

/** The stage a quote's opportunity is in (by the deck's name or the English one), else the first. */
export function stageOf(name: unknown): Stage {
  return STAGES.find((s) => s.id === name || s.en === name) ?? STAGES[0]!;
}
