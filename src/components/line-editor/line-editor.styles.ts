import { css } from 'lit';
import { hostStyles } from '../styles.js';

const own = css`
  .sr-only {
    position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
    overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
  .scroll { overflow-x: auto; }
  table {
    width: 100%;
    min-width: 77rem;
    border-collapse: collapse;
    /* Fixed layout: editing one cell never re-measures the other 999 rows. */
    table-layout: fixed;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding: var(--cpq-space-s, 0.5rem);
    border-radius: var(--cpq-radius, 4px);
  }
  th, td {
    padding: calc(var(--cpq-space-s, 0.5rem) / 2) var(--cpq-space-s, 0.5rem);
    border-bottom: 1px solid var(--cpq-color-border, #d0d7de);
    text-align: start;
    vertical-align: top;
    overflow-wrap: anywhere;
  }
  thead th { overflow-wrap: normal; font-weight: 600; color: var(--cpq-color-muted, #57606a); font-size: 0.875em; }
  /* The product column takes what the others leave (at least ~16rem, from the table's min-width). */
  col.c-qty { width: 5.5rem; }
  col.c-term { width: 8.5rem; }
  col.c-list { width: 7.5rem; }
  col.c-net { width: 8rem; }
  col.c-discount { width: 5.5rem; }
  col.c-optional { width: 5rem; }
  col.c-group { width: 7rem; }
  col.c-actions { width: 15rem; }
  .num { text-align: end; font-variant-numeric: tabular-nums; }
  /*
   * No content-visibility on the cells: Chromium tracks every such element with an
   * intersection observer, and 9,000 cells cost ~20 ms per frame on a 1,000-line quote, more
   * than the layout they save (measured: 45 ms per quantity edit with it, 35 ms without).
   * Containment does not apply to table rows (CSS Containment 2), so rows cannot take it.
   */
  tr.line[aria-current='true'] > * { background: color-mix(in srgb, var(--cpq-color-accent, #0969da) 8%, transparent); }
  tr.group th {
    background: var(--cpq-color-surface, #f6f8fa);
    font-weight: 600;
    padding-block: var(--cpq-space-s, 0.5rem);
  }
  .sku { font-family: ui-monospace, monospace; font-size: 0.85em; color: var(--cpq-color-muted, #57606a); }
  .name { display: block; font-weight: 500; }
  .meta { display: block; font-size: 0.85em; color: var(--cpq-color-muted, #57606a); }
  tr.child td { color: var(--cpq-color-muted, #57606a); font-size: 0.9em; }
  tr.child .name { font-weight: 400; }
  .depth-1 { padding-inline-start: 1.75rem; }
  .depth-2 { padding-inline-start: 3.25rem; }
  .depth-3, .depth-4 { padding-inline-start: 4.75rem; }
  :is(.depth-1, .depth-2, .depth-3, .depth-4) .name::before { content: '└ '; }
  .tag {
    display: inline-block; margin-inline-start: 0.35em; padding: 0 0.35em;
    border: 1px solid currentColor; border-radius: var(--cpq-radius, 4px);
    font-size: 0.8em; line-height: 1.4;
  }
  input[type='text'], select {
    box-sizing: border-box; width: 100%;
    font: inherit; color: inherit;
    padding: 0.2rem 0.35rem;
    border: 1px solid var(--cpq-color-border, #8c959f);
    border-radius: var(--cpq-radius, 4px);
    background: var(--cpq-color-surface, #fff);
  }
  input.num { text-align: end; }
  .with-unit { display: flex; align-items: center; gap: 0.25rem; white-space: nowrap; }
  .with-unit input { flex: 1 1 auto; min-width: 0; }
  input[type='checkbox'] { inline-size: 1.1rem; block-size: 1.1rem; accent-color: var(--cpq-color-accent, #0969da); }
  input:disabled, select:disabled { opacity: 0.65; }
  .actions { display: flex; gap: 0.25rem; }
  button {
    font: inherit; font-size: 0.875em; min-block-size: 1.75rem; min-inline-size: 1.75rem;
    padding: 0.1rem 0.45rem; cursor: pointer; white-space: nowrap; overflow-wrap: normal; flex: none;
    color: var(--cpq-color-text, #1f2328);
    background: var(--cpq-color-surface, #fff);
    border: 1px solid var(--cpq-color-border, #8c959f);
    border-radius: var(--cpq-radius, 4px);
  }
  button[aria-disabled='true'] { opacity: 0.5; cursor: default; }
  button.remove { color: var(--cpq-color-danger, #b3261e); }
  :focus-visible, caption:focus {
    outline: 2px solid var(--cpq-color-accent, #0969da);
    outline-offset: 1px;
  }
  tr.messages td { border-bottom-style: dashed; padding-top: 0; }
  ul.msgs { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.2rem; }
  ul.msgs li { font-size: 0.875em; }
  li.error { color: var(--cpq-color-danger, #b3261e); }
  li.warning, li.approval, li.floor { color: var(--cpq-color-warning, #8a5300); }
  li.draft { font-style: italic; }
  .rule { display: inline-flex; align-items: center; gap: 0.35rem; margin-inline-start: 0.5rem; }
  .rule select { width: auto; }
  .empty { color: var(--cpq-color-muted, #57606a); text-align: center; }
`;

export default [hostStyles, own];
