import { css, unsafeCSS } from 'lit';
import { hostStyles } from '../styles.js';
import figures from './figures.styles.js';
import contract from './contract.styles.js';
import { COLUMN_IDS, COLUMN_REM, TIER_MAX_REM, TIER_MIN_REM, TIER_STEP_REM } from './columns.js';

/** Column widths, from the one table of them (columns.ts). */
const widths = unsafeCSS(COLUMN_IDS.map((id) => `col.c-${id} { width: ${COLUMN_REM[id]}rem; }`).join('\n'));

/**
 * The card layout of the rows inside `scope` (a table whose columns need more room than the
 * editor has): each line a small grid of labelled fields under its full-width product name.
 */
const cardRules = (t: string) => `
  ${t}, ${t} > tbody, ${t} > tbody > tr, ${t} > tbody > tr > td, ${t} > tbody > tr > th { display: block; }
  ${t} { min-width: 0; }
  ${t} > thead, ${t} > colgroup { display: none; }
  ${t} > caption { display: block; }
  ${t} > tbody > tr.line {
    display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr)); gap: 0.4rem 0.75rem;
    padding: 0.6rem 0; border-bottom: 1px solid var(--cpq-color-border, #d0d7de);
  }
  ${t} > tbody > tr > td { border: 0; padding: 0; }
  ${t} > tbody > tr.line > td.c-product, ${t} > tbody > tr.line > td.c-actions { grid-column: 1 / -1; position: static; }
  ${t} > tbody > tr.line > td[data-label]::before, ${t} > tbody > tr.child > td[data-label]::before {
    content: attr(data-label); display: block; font-size: 0.8em; color: var(--cpq-color-muted, #57606a);
  }
  ${t} > tbody > tr.line > td.c-term:not([data-label]), ${t} > tbody > tr.child > td:not(.c-product, .c-qty, .c-net) { display: none; }
  ${t} .num { text-align: start; }
  ${t} > tbody > tr.child {
    display: grid; grid-template-columns: minmax(0, 1fr) auto auto; gap: 0 0.75rem; align-items: end;
    padding: 0.35rem 0 0.35rem 1rem; border-bottom: 1px dashed var(--cpq-color-border, #d0d7de);
  }
  ${t} > tbody > tr.child > td.c-product { padding-inline-start: 0; position: static; }
  ${t} > tbody > tr.messages > td { padding: 0 0 0.5rem; border-bottom: 1px solid var(--cpq-color-border, #d0d7de); }
  ${t} > tbody > tr.group > th { padding: 0.5rem; }
  ${t} > tbody.gap > tr > td { padding: 0; }
`;

/** One container query per width step: a table whose columns need N rem (class fit-N) shows cards below N rem. */
const tiers: string[] = [];
for (let n = TIER_MIN_REM; n <= TIER_MAX_REM; n += TIER_STEP_REM) {
  tiers.push(`table.fit-${n} { min-width: ${n}rem; }\n@container cpq-lines (width < ${n}rem) {${cardRules(`table.fit-${n}`)}}`);
}
const cards = unsafeCSS(tiers.join('\n'));

const own = css`
  .sr-only {
    position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
    overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
  .toolbar { display: flex; flex-wrap: wrap; justify-content: flex-end; align-items: flex-start; gap: 0.5rem; margin-block-end: 0.25rem; }
  .tools { flex: 1 1 auto; min-inline-size: 0; }
  .bulk { display: flex; flex-wrap: wrap; align-items: center; gap: 0.35rem 0.5rem; font-size: 0.875em; }
  .bulk .all { display: inline-flex; align-items: center; gap: 0.25rem; }
  .bulk .set { display: inline-flex; align-items: center; gap: 0.25rem; }
  .bulk .set input { inline-size: 5.5rem; }
  .bulk .set select { inline-size: auto; }
  .bulk .count { font-weight: 600; }
  .picked { display: flex; align-items: flex-start; gap: 0.4rem; }
  .picked > .name { flex: 1 1 auto; min-inline-size: 0; }
  .pick { flex: none; margin: 0.15rem 0 0; }
  input.desc { margin-block-start: 0.2rem; font-size: 0.85em; border-style: dashed; }
  .desc-text { display: block; font-size: 0.85em; white-space: pre-line; }
  tr.text-line td { background: var(--cpq-color-background, Canvas); }
  tr.section .heading, tr.section input.text { font-weight: 600; }
  tr.note .note, tr.note input.text { font-style: italic; color: var(--cpq-color-muted, #57606a); }
  tr.text-line input.text { inline-size: calc(100% - 1.6rem); }
  .with-unit select.kind { inline-size: auto; flex: none; padding-inline: 0.15rem; }
  .chooser { position: relative; font-size: 0.875em; }
  .chooser > summary { cursor: pointer; color: var(--cpq-color-muted, #57606a); padding: 0.15rem 0.35rem; border-radius: var(--cpq-radius, 4px); }
  .choices {
    position: absolute; inset-inline-end: 0; z-index: 3; margin-top: 0.25rem;
    display: flex; flex-wrap: wrap; gap: 0.35rem; inline-size: max-content; max-inline-size: min(24rem, 90vw);
    padding: 0.5rem; border: 1px solid var(--cpq-color-border, #8c959f); border-radius: var(--cpq-radius, 4px);
    background: var(--cpq-color-background, Canvas); box-shadow: 0 4px 12px rgb(0 0 0 / 0.12);
  }
  .choices button[aria-pressed='true'] { border-color: var(--cpq-color-accent, #0969da); color: var(--cpq-color-accent, #0969da); font-weight: 600; }
  .choices button[aria-pressed='true']::before { content: '✓ '; }
  /* The editor's own width decides between table and cards (not the viewport). */
  .frame { container: cpq-lines / inline-size; }
  .scroll { overflow-x: auto; position: relative; }
  .scroll.virtual {
    overflow-y: auto;
    max-block-size: var(--cpq-line-editor-max-height, min(70vh, 40rem));
    overscroll-behavior: contain;
  }
  .virtual thead th { position: sticky; top: 0; z-index: 2; background: var(--cpq-color-background, Canvas); }
  .virtual thead th.c-product { z-index: 3; }
  /* The product column stays in view when the table scrolls sideways. */
  th.c-product, td.c-product {
    position: sticky; inset-inline-start: 0; z-index: 1;
    background: var(--cpq-color-background, Canvas);
  }
  table {
    width: 100%;
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
    /* Words break only when one alone is wider than its cell (never "C R M" a letter a line). */
    overflow-wrap: break-word;
  }
  thead th { overflow-wrap: normal; font-weight: 600; color: var(--cpq-color-muted, #57606a); font-size: 0.875em; }
  /* The product column takes what the others leave (at least PRODUCT_REM of columns.ts, from the table's min-width). */
  ${widths}
  td.num { white-space: nowrap; }
  .num { text-align: end; font-variant-numeric: tabular-nums; }
  /*
   * No content-visibility on the cells: Chromium tracks every such element with an
   * intersection observer, and 9,000 cells cost ~20 ms per frame on a 1,000-line quote, more
   * than the layout they save (measured: 45 ms per quantity edit with it, 35 ms without).
   * Containment does not apply to table rows (CSS Containment 2), so rows cannot take it.
   */
  tr.line[aria-current='true'] > * { background: color-mix(in srgb, var(--cpq-color-accent, #0969da) 8%, var(--cpq-color-background, Canvas)); }
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
  .with-unit input { flex: 1 1 auto; min-width: 2.75rem; }
  input[type='checkbox'] { inline-size: 1.1rem; block-size: 1.1rem; accent-color: var(--cpq-color-accent, #0969da); }
  input:disabled, select:disabled { opacity: 0.65; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.25rem; }
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
  ${cards}
`;

export default [hostStyles, own, figures, contract];
