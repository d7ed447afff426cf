import { css } from 'lit';
import { hostStyles } from '../styles.js';

export const styles = [hostStyles, css`
  h2 { font-size: 1.05em; margin: 0 0 var(--cpq-space-s, 0.5rem); }
  h3 { font-size: 1em; margin: var(--cpq-space-m, 0.75rem) 0 var(--cpq-space-s, 0.5rem); }
  p { margin: var(--cpq-space-s, 0.5rem) 0; }
  .row { display: flex; flex-wrap: wrap; gap: var(--cpq-space-s, 0.5rem); align-items: end; }
  button { font: inherit; padding: 0.35rem 0.8rem; border-radius: var(--cpq-radius, 6px); border: 1px solid var(--cpq-color-border, #d0d7de); background: var(--cpq-color-surface, #fff); color: inherit; cursor: pointer; }
  button.primary { background: var(--cpq-color-accent, #0969da); border-color: var(--cpq-color-accent, #0969da); color: #fff; }
  button:disabled, button[aria-disabled='true'] { opacity: 0.55; cursor: not-allowed; }
  :focus-visible { outline: 2px solid var(--cpq-color-accent, #0969da); outline-offset: 2px; }
  [tabindex='-1']:focus:not(:focus-visible) { outline: none; }
  label { display: grid; gap: 0.2rem; font-size: 0.875em; }
  input, textarea { font: inherit; padding: 0.3rem 0.5rem; border: 1px solid var(--cpq-color-border, #d0d7de); border-radius: var(--cpq-radius, 6px); }
  textarea { min-width: min(22rem, 100%); resize: vertical; }
  [part~='errors'], .failed { color: var(--cpq-color-danger, #b00020); }
  .muted, [part~='history'] { color: var(--cpq-color-muted, #57606a); font-size: 0.875em; }
  progress { width: 10rem; }
  summary { cursor: pointer; min-height: 24px; padding-block: 0.25rem; display: list-item; }
  .levels { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--cpq-space-s, 0.5rem); }
  [part~='approval-level'] { border: 1px solid var(--cpq-color-border, #d0d7de); border-radius: var(--cpq-radius, 6px); padding: var(--cpq-space-s, 0.5rem) var(--cpq-space-m, 0.75rem); }
  [part~='approval-level'][data-status='current'] { border-color: var(--cpq-color-warning, #9a6700); }
  .level-head { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: baseline; }
  .badge { font-size: 0.8125em; padding: 0 0.4rem; border-radius: 999px; border: 1px solid currentColor; }
  .badge[data-status='current'] { color: var(--cpq-color-warning, #9a6700); }
  .badge[data-status='done'] { color: var(--cpq-color-success, #1a7f37); }
  .items { margin: 0.25rem 0; padding-inline-start: 1.25rem; }
  .decided { color: var(--cpq-color-muted, #57606a); font-size: 0.875em; }
  .who { margin: 0.25rem 0; }
  [part~='confirm'] { border: 1px solid var(--cpq-color-accent, #0969da); border-radius: var(--cpq-radius, 6px); padding: var(--cpq-space-s, 0.5rem) var(--cpq-space-m, 0.75rem); display: grid; gap: var(--cpq-space-s, 0.5rem); }
  [part~='confirm'] p { margin: 0; }
  .confirm-title { font-weight: 600; }
`];
