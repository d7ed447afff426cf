/** Finding an element's buttons by their accessible names, and answering a move's confirmation. */

/** Anything with the element's shadow root as `root`. */
export interface HasRoot { root: ParentNode }

/** The accessible name of a button: its aria-label, else its text. */
export const nameOf = (b: Element) => (b.getAttribute('aria-label') ?? b.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The names of the element's buttons (and role=button elements, in its shadow root). */
export const buttonNames = (m: HasRoot) => [...m.root.querySelectorAll('button, [role="button"]')].map(nameOf);

/** The button named `name`, or an error listing the names there are. */
export function button(m: HasRoot, name: string): HTMLButtonElement {
  const found = [...m.root.querySelectorAll<HTMLButtonElement>('button, [role="button"]')].find((b) => nameOf(b) === name);
  if (!found) throw new Error(`no button "${name}" among ${JSON.stringify(buttonNames(m))}`);
  return found;
}

/** Answer the confirmation `name` asked for: type the comment (if any), press its confirm button. */
export function confirmPanel(m: HasRoot, name: string, comment?: string): void {
  const panel = m.root.querySelector('[part~="confirm"]');
  if (!panel) throw new Error(`"${name}" asked for no confirmation`);
  if (comment !== undefined) {
    const box = panel.querySelector('textarea')!;
    box.value = comment;
    box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
  panel.querySelector<HTMLButtonElement>('[data-confirm]')!.click();
}
