import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Find = () => HTMLElement | null | undefined;

/**
 * Where the focus goes after an action, so that it never falls to `<body>`: a move replaces the
 * button that made it, a confirmation closes, a control is disabled while work runs. Before each
 * render the focused element of the host's shadow root is noted; after it, focus goes to the
 * element asked for with `after()`, or — when the noted element was removed or disabled — to
 * the fallback (the quote's status). Focus is only ever moved while it is inside the host, or
 * was lost to `<body>`: never away from where the person has gone meanwhile.
 */
export class FocusKeeper implements ReactiveController {
  private had: Element | null = null;
  private wanted: Find | undefined;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement, private readonly fallback: Find) {
    host.addController(this);
  }

  /** After the next render, focus what `find` gives (if the focus is still ours to move). */
  after(find: Find): void {
    this.wanted = find;
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    this.had = this.host.shadowRoot?.activeElement ?? null;
  }

  hostUpdated(): void {
    const root = this.host.shadowRoot;
    const active = document.activeElement;
    const ours = (root?.activeElement ?? null) !== null || active === null || active === document.body || active === this.host;
    const lost = this.had !== null && (!this.had.isConnected || (this.had as HTMLButtonElement).disabled === true);
    const wanted = this.wanted;
    this.wanted = undefined;
    if (!ours) return;
    const target = wanted?.() ?? (lost ? this.fallback() : undefined);
    if (target && target !== root?.activeElement) target.focus();
  }
}
