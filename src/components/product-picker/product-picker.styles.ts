import { css } from 'lit';
import { hostStyles } from '../styles.js';

const own = css`
  .controls { display: flex; flex-wrap: wrap; gap: var(--cpq-space-s, 0.5rem) var(--cpq-space-m, 1rem); align-items: end; }
  .field { display: flex; flex-direction: column; gap: 0.25rem; }
  .field.grow { flex: 1 1 16rem; }
  label { font-weight: 600; font-size: 0.875em; }
  input, select, button { font: inherit; color: inherit; }
  input, select {
    padding: 0.375rem 0.5rem;
    border: 1px solid var(--cpq-color-border, #8c959f);
    border-radius: var(--cpq-radius, 4px);
    background: var(--cpq-color-surface, #fff);
  }
  [part~='status'], [part~='added'] { margin: var(--cpq-space-s, 0.5rem) 0; color: var(--cpq-color-muted, #57606a); font-size: 0.875em; }
  ul { list-style: none; margin: 0; padding: 0; }
  /* The list's own width (not the viewport) decides where the price goes. */
  [part~='results'] { container: cpq-results / inline-size; }
  li {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto auto;
    gap: 0 var(--cpq-space-m, 1rem);
    align-items: center;
    padding: var(--cpq-space-s, 0.5rem) 0;
    border-bottom: 1px solid var(--cpq-color-border, #d0d7de);
  }
  /* A word breaks only when it alone is wider than the list (never a letter a line). */
  .name { font-weight: 600; overflow-wrap: break-word; }
  .meta { grid-column: 1; color: var(--cpq-color-muted, #57606a); font-size: 0.875em; }
  .meta span + span::before { content: ' · '; }
  [part~='price'] { grid-row: 1 / span 2; grid-column: 2; text-align: end; font-variant-numeric: tabular-nums; }
  [part~='add'] { grid-row: 1 / span 2; grid-column: 3; }
  /* Narrow (a side panel, a phone): the price goes under the name, which keeps the width. */
  @container cpq-results (width < 30rem) {
    li { grid-template-columns: minmax(0, 1fr) auto; }
    [part~='price'] { grid-row: auto; grid-column: 1; text-align: start; font-size: 0.875em; }
    [part~='add'] { grid-row: 1 / span 3; grid-column: 2; }
  }
  button {
    padding: 0.375rem 0.875rem;
    border: 1px solid var(--cpq-color-accent, #0969da);
    border-radius: var(--cpq-radius, 4px);
    background: var(--cpq-color-accent, #0969da);
    color: #fff;
    cursor: pointer;
  }
  button:disabled { cursor: not-allowed; opacity: 0.6; }
  :focus-visible { outline: 2px solid var(--cpq-color-accent, #0969da); outline-offset: 2px; }
`;

export default [hostStyles, own];
