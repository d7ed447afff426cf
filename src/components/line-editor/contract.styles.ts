import { css } from 'lit';

/** Locked subscriptions (and their quantity from the effective date), change notes and the ramp schedule disclosure of contract-row.ts. */
export default css`
  tr.locked > td { background: var(--cpq-color-locked, #f6f8fa); }
  .contract-note { display: block; font-size: 0.85em; color: var(--cpq-color-muted, #57606a); overflow-wrap: anywhere; }
  .sub-qty { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.5rem; margin-top: 0.3rem; font-size: 0.85em; }
  .sub-qty input { width: 6rem; min-height: 1.75rem; font: inherit; }
  .tag.credit { color: var(--cpq-color-danger, #a40e26); }
  .schedule-trigger { font: inherit; font-size: 0.85em; margin-top: 0.25rem; min-height: 1.75rem; cursor: pointer; }
  .schedule-trigger .caret { display: inline-block; margin-inline-start: 0.25rem; }
  .schedule-trigger[aria-expanded="true"] .caret { transform: rotate(180deg); }
  .schedule-trigger[aria-expanded="false"] + .schedule { display: none; }
  .schedule { margin-top: 0.35rem; max-width: 100%; overflow-x: auto; }
  .schedule table { border-collapse: collapse; font-size: 0.85em; width: 100%; }
  .schedule caption { text-align: start; font-weight: 600; padding-bottom: 0.2rem; }
  .schedule th, .schedule td { padding: 0.15rem 0.4rem; border-bottom: 1px solid var(--cpq-color-border, #d0d7de); text-align: start; white-space: nowrap; }
  .schedule input.seg-qty { width: 5rem; min-height: 1.75rem; font: inherit; text-align: end; }
  .schedule .seg-price { display: inline-flex; gap: 0.25rem; }
  .schedule .seg-price input { width: 5rem; min-height: 1.75rem; font: inherit; text-align: end; }
  .schedule .seg-price select, .schedule td > button, .schedule .add-segment { font: inherit; min-height: 1.75rem; }
  .schedule .add-segment { margin-top: 0.3rem; }
  .schedule td.num, .schedule th.num { text-align: end; font-variant-numeric: tabular-nums; }
  @container cpq-lines (width < 30rem) {
    .schedule th, .schedule td { white-space: normal; }
    .schedule .period { min-width: 6.5rem; }
    .schedule table, .schedule tbody, .schedule tr, .schedule td { display: block; width: auto; }
    .schedule thead { display: none; }
    .schedule tbody > tr { display: flex; flex-wrap: wrap; gap: 0.2rem 0.5rem; border-bottom: 1px solid var(--cpq-color-border, #d0d7de); padding: 0.2rem 0; }
    .schedule tbody > tr > td { border-bottom: 0; padding: 0; }
    .schedule .seg-price { flex-wrap: wrap; }
    .schedule td[data-label]::before { content: attr(data-label) ' '; color: var(--cpq-color-muted, #57606a); }
  }
`;
