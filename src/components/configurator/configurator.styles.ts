import { css } from 'lit';
import { hostStyles } from '../styles.js';

const own = css`
  .hint { color: var(--cpq-color-muted, #57606a); margin: 0; }
  .title { margin: 0 0 var(--cpq-space-s, 0.5rem); }
  .title .name { font-weight: 600; }
  .muted, .legend-hint, .sku { color: var(--cpq-color-muted, #57606a); font-size: 0.875em; }
  .messages { list-style: none; margin: 0 0 var(--cpq-space-s, 0.5rem); padding: 0; display: grid; gap: 0.25rem; }
  .msg { margin: 0; font-size: 0.875em; }
  .msg .kind { font-weight: 600; margin-inline-end: 0.35em; }
  .error { color: var(--cpq-color-danger, #b3261e); }
  .warning { color: var(--cpq-color-warning, #8a5300); }
  .fields { display: flex; flex-wrap: wrap; gap: var(--cpq-space-s, 0.5rem) var(--cpq-space-m, 1rem); margin-block-end: var(--cpq-space-m, 1rem); }
  .field { display: grid; gap: 0.2rem; font-size: 0.875em; }
  input[type='number'], select {
    box-sizing: border-box;
    font: inherit; font-size: 1rem; color: inherit;
    padding: 0.2rem 0.35rem;
    border: 1px solid var(--cpq-color-border, #8c959f);
    border-radius: var(--cpq-radius, 4px);
    background: var(--cpq-color-surface, #fff);
  }
  input[type='number'] { inline-size: 6.5rem; text-align: end; }
  fieldset {
    margin: 0 0 var(--cpq-space-s, 0.5rem);
    padding: var(--cpq-space-s, 0.5rem) var(--cpq-space-m, 1rem);
    border: 1px solid var(--cpq-color-border, #d0d7de);
    border-radius: var(--cpq-radius, 4px);
    min-inline-size: 0;
  }
  /*
   * Features off screen skip style, layout and paint, so an option click on a 200-option
   * product repaints what is visible only; the remembered size keeps the scroll height stable.
   */
  [part='base'] > fieldset { content-visibility: auto; contain-intrinsic-size: auto none auto 10rem; }
  legend { font-weight: 600; padding-inline: 0.25rem; }
  .option { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.15rem 0.5rem; padding-block: 0.2rem; }
  .choice { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.15rem 0.4rem; flex: 1 1 100%; min-inline-size: 0; cursor: pointer; }
  .choice .name { flex: 0 1 auto; }
  .choice .name { overflow-wrap: anywhere; }
  .price { margin-inline-start: auto; white-space: nowrap; font-variant-numeric: tabular-nums; }
  .option:not(.selected) .price { color: var(--cpq-color-muted, #57606a); }
  .effects-note { margin: 0 0 var(--cpq-space-s, 0.5rem); color: var(--cpq-color-muted, #57606a); font-size: 0.875em; }
  .tag {
    display: inline-block; padding: 0 0.35em;
    border: 1px solid currentColor; border-radius: var(--cpq-radius, 4px);
    font-size: 0.8em; line-height: 1.4; white-space: nowrap;
  }
  .note, .reason { flex-basis: 100%; margin: 0; padding-inline-start: 1.6rem; font-size: 0.85em; }
  .note { color: var(--cpq-color-muted, #57606a); }
  .reason { color: var(--cpq-color-warning, #8a5300); }
  .stepper { flex-basis: 100%; padding-inline-start: 1.6rem; display: flex; align-items: center; gap: 0.4rem; font-size: 0.875em; }
  .nested {
    flex-basis: 100%;
    margin-inline-start: 1.6rem;
    padding-inline-start: var(--cpq-space-s, 0.5rem);
    border-inline-start: 2px solid var(--cpq-color-border, #d0d7de);
  }
  input[type='radio'], input[type='checkbox'] {
    inline-size: 1.1rem; block-size: 1.1rem; margin: 0; flex: none; align-self: center;
    accent-color: var(--cpq-color-accent, #0969da);
  }
  :disabled { cursor: not-allowed; }
  .choice:has(:disabled) { cursor: not-allowed; }
  .option.unavailable .name { color: var(--cpq-color-muted, #57606a); text-decoration: line-through; }
  :focus-visible { outline: 2px solid var(--cpq-color-accent, #0969da); outline-offset: 2px; }
  .total {
    display: flex; justify-content: space-between; gap: var(--cpq-space-s, 0.5rem);
    margin: var(--cpq-space-s, 0.5rem) 0 0; padding-block-start: var(--cpq-space-s, 0.5rem);
    border-block-start: 1px solid var(--cpq-color-border, #d0d7de);
    font-weight: 600; font-variant-numeric: tabular-nums;
  }
`;

export default [hostStyles, own];
