import { css } from 'lit';

/**
 * What every element's host shares: block layout and the host's font and text colour through
 * the `--cpq-*` tokens (inherited when unset). Each element adds its own sheet after this one.
 */
export const hostStyles = css`
  :host {
    display: block;
    font-family: var(--cpq-font-family, inherit);
    font-size: var(--cpq-font-size, 0.9375rem);
    color: var(--cpq-color-text, #1f2328);
  }
  [hidden] { display: none !important; }
`;
