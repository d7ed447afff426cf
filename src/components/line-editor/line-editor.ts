import { consume } from '@lit/context';
import { html, LitElement } from 'lit';
import { state } from 'lit/decorators.js';
import { cpqContext, type CpqState } from '../context.js';

/**
 * @summary Placeholder: being built (issue 4).
 */
export class CpqLineEditor extends LitElement {
  /** The state shared by the enclosing `<cpq-quote>`. */
  @consume({ context: cpqContext, subscribe: true }) @state() protected cpq: CpqState | undefined;

  override render() {
    return html``;
  }
}
