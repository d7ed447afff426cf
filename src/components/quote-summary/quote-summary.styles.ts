import { css } from 'lit';
import { hostStyles } from '../styles.js';

const own = css`
  section + section { margin-top: var(--cpq-space-l, 1.5rem); }
  .heading { font-weight: 600; font-size: 1.05em; margin: 0 0 var(--cpq-space-s, 0.5rem); }
  .subheading { font-weight: 600; margin: var(--cpq-space-m, 1rem) 0 var(--cpq-space-s, 0.5rem); }
  dl {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 0.25rem var(--cpq-space-m, 1rem);
    margin: 0;
  }
  dt { overflow-wrap: anywhere; }
  dd { margin: 0; text-align: end; font-variant-numeric: tabular-nums; }
  /* A big quote priced in the worker: the previous figures, dimmed, until the new ones arrive. */
  [aria-busy='true'] dd { opacity: 0.55; }
  .detail { display: block; color: var(--cpq-color-muted, #57606a); font-size: 0.875em; }
  .total {
    font-size: 1.375em;
    font-weight: 700;
    padding-top: var(--cpq-space-s, 0.5rem);
    border-top: 1px solid var(--cpq-color-border, #d0d7de);
  }
  .internal { color: var(--cpq-color-muted, #57606a); }
  dd.note { grid-column: 1 / -1; text-align: start; font-size: 0.875em; overflow-wrap: anywhere; }
  [part~='tax-mode'], [part~='review'] { margin: var(--cpq-space-s, 0.5rem) 0; }
  [part~='not-orderable'] { color: var(--cpq-color-danger, #b00020); font-weight: 600; }
  ul, ol { margin: 0; padding-inline-start: 1.5rem; }
  li { margin: 0.125rem 0; }
  li.error strong { color: var(--cpq-color-danger, #b00020); }
  li.warning strong { color: var(--cpq-color-warning, #7d4e00); }
  [part~='approvals'] strong { color: var(--cpq-color-warning, #7d4e00); }
  [part~='waterfall'] li, [part~='adjustments'] li { display: flex; justify-content: space-between; gap: var(--cpq-space-m, 1rem); }
  [part~='waterfall'] .amount, [part~='adjustments'] .amount { font-variant-numeric: tabular-nums; }
  .field { display: flex; flex-direction: column; gap: 0.25rem; margin: var(--cpq-space-s, 0.5rem) 0; max-width: 24rem; }
  label { font-weight: 600; font-size: 0.875em; }
  input, select {
    font: inherit;
    color: inherit;
    padding: 0.375rem 0.5rem;
    border: 1px solid var(--cpq-color-border, #8c959f);
    border-radius: var(--cpq-radius, 4px);
    background: var(--cpq-color-surface, #fff);
  }
  input { max-width: 8rem; }
  .with-kind { display: flex; gap: 0.35rem; align-items: center; }
  input[aria-invalid='true'] { border-color: var(--cpq-color-danger, #b00020); }
  .hint { color: var(--cpq-color-muted, #57606a); font-size: 0.875em; }
  .invalid { color: var(--cpq-color-danger, #b00020); font-size: 0.875em; }
  :focus-visible { outline: 2px solid var(--cpq-color-accent, #0969da); outline-offset: 2px; }
`;

export default [hostStyles, own];
