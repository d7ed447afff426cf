import { css } from 'lit';

/** The tier-table disclosure, the effective-discount note and the margin of figures.ts. */
export default css`
  .tiers { position: relative; display: inline-block; }
  .tiers-trigger {
    font-size: 1em; min-block-size: auto; padding: 0 0.2rem; border-style: dashed;
    font-variant-numeric: tabular-nums; background: transparent;
  }
  .tiers-trigger .avg { font-size: 0.85em; color: var(--cpq-color-muted, #57606a); }
  .tiers-trigger .caret { margin-inline-start: 0.15rem; font-size: 0.75em; }
  .tiers-panel {
    display: none; position: absolute; inset-inline-end: 0; top: 100%; z-index: 4; margin-top: 0.2rem;
    inline-size: max-content; max-inline-size: min(22rem, 80vw); padding: 0.4rem 0.5rem; text-align: start; white-space: normal;
    border: 1px solid var(--cpq-color-border, #8c959f); border-radius: var(--cpq-radius, 4px);
    background: var(--cpq-color-background, Canvas); color: var(--cpq-color-text, #1f2328); box-shadow: 0 4px 12px rgb(0 0 0 / 0.12);
  }
  .tiers:not([data-dismissed]):hover > .tiers-panel,
  .tiers:not([data-dismissed]):focus-within > .tiers-panel,
  .tiers-trigger[aria-expanded='true'] + .tiers-panel { display: block; }
  .tiers-panel table { border-collapse: collapse; font-size: 0.875em; min-width: 0; }
  .tiers-panel caption { text-align: start; font-weight: 600; padding-block-end: 0.25rem; }
  .tiers-panel th, .tiers-panel td { position: static; padding: 0.1rem 0.5rem; border-bottom: 1px solid var(--cpq-color-border, #d0d7de); background: none; }
  .tiers-panel tr.used td { font-weight: 600; }
  .tiers-panel tr.used td:first-child::before { content: '▸ '; }
  .tiers-panel p { margin: 0.3rem 0 0; font-size: 0.85em; }
  .effective, .margin { overflow-wrap: anywhere; }
  .muted { color: var(--cpq-color-muted, #57606a); }
`;
