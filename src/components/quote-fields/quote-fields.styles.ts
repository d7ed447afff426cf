import { css } from 'lit';
import { hostStyles } from '../styles.js';

const own = css`
  fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
  legend, .heading { font-weight: 600; font-size: 1.05em; padding: 0; margin: 0 0 var(--cpq-space-s, 0.5rem); }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr)); gap: var(--cpq-space-s, 0.5rem) var(--cpq-space-m, 1rem); }
  .field { display: flex; flex-direction: column; gap: 0.25rem; min-width: 0; }
  .wide { grid-column: 1 / -1; }
  label, dt { font-weight: 600; font-size: 0.875em; }
  input, select, textarea, button {
    font: inherit; color: inherit; padding: 0.375rem 0.5rem; min-width: 0;
    border: 1px solid var(--cpq-color-border, #8c959f); border-radius: var(--cpq-radius, 4px); background: var(--cpq-color-surface, #fff);
  }
  button { cursor: pointer; justify-self: start; }
  textarea { resize: vertical; min-height: 4rem; }
  [aria-invalid='true'] { border-color: var(--cpq-color-danger, #b00020); }
  .error { color: var(--cpq-color-danger, #b00020); font-size: 0.875em; margin: 0; }
  .hint { color: var(--cpq-color-muted, #57606a); font-size: 0.875em; }
  dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.25rem var(--cpq-space-m, 1rem); margin: 0; }
  dd { margin: 0; white-space: pre-line; overflow-wrap: anywhere; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  :focus-visible { outline: 2px solid var(--cpq-color-accent, #0969da); outline-offset: 2px; }
`;

export default [hostStyles, own];
