import type { ReactiveController } from 'lit';
import type { LineDiscount } from '../../types.js';
import type { LineEdits, LineEditsHost } from './line-edits.js';
import { normalizeDecimal, type DiscountKind } from './line-rows.js';
import { fixedLine } from './contract-row.js';

/**
 * The lines a seller selected for one change to all of them (quantity, discount, group, remove),
 * and the bar's other tools (add a section heading or a note line). Every change is one call of
 * the quote's API (one reprice, one `cpq-quote-change`) and is announced; the selection drops the
 * lines that are gone after each change.
 */
export class LineSelection implements ReactiveController {
  readonly selected = new Set<string>();

  constructor(private readonly host: LineEditsHost, private readonly edits: LineEdits) {
    host.addController(this);
    edits.onSelect = (id, on) => this.toggle(id, on);
  }

  /** The quote lines the selection was last checked against. */
  private checked: readonly unknown[] | undefined;

  hostUpdate(): void {
    // Lines removed elsewhere (or a new quote) leave the selection: looked for only when something
    // is selected and the lines changed (not on every update: a 10,000-line quote's answer updates
    // the editor, and a set of every line's id was made each time).
    const lines = this.host.state?.quote.lines;
    if (this.selected.size === 0 || lines === this.checked) return;
    this.checked = lines;
    const ids = new Set(lines?.map((l) => l.id));
    for (const id of this.selected) if (!ids.has(id)) this.selected.delete(id);
  }

  private toggle(id: string, on: boolean): void {
    if (on) this.selected.add(id);
    else this.selected.delete(id);
    this.edits.announce(this.count());
  }

  private count(): string {
    return this.edits.say('selectedCount', '').replace('{count}', String(this.selected.size));
  }

  /** Clicks and changes in the bar (`data-bulk`). */
  readonly handleBar = (e: Event): void => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-bulk]');
    const what = el?.dataset.bulk;
    const s = this.host.state;
    if (!what || !s || s.readonly || s.mode !== 'sales') return;
    if (what === 'select-all') {
      if (e.type !== 'change') return;
      const on = (el as HTMLInputElement).checked;
      // Existing subscriptions and ramp segments are not edited as lines (contract-row.ts).
      const fixed = new Set(s.quote.lines.filter(fixedLine).map((l) => l.id));
      for (const id of (this.host.view?.order ?? []).filter((x) => !fixed.has(x))) {
        if (on) this.selected.add(id);
        else this.selected.delete(id);
      }
      this.edits.announce(this.count());
      return;
    }
    if (e.type !== 'click') return;
    const root = el!.getRootNode() as ShadowRoot;
    const field = (id: string) => root.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)?.value ?? '';
    const ids = [...this.selected];
    const lines = new Set(s.quote.lines.filter((l) => this.selected.has(l.id) && l.kind === undefined).map((l) => l.id));
    const products = ids.filter((id) => lines.has(id));
    const done = (word: 'qtyWord' | 'discountWord' | 'groupWord', value: string, count: number) =>
      this.edits.announce(this.edits.say('bulkDone', '').replace('{count}', String(count)).replace('{what}', this.edits.say(word, '')).replace('{value}', value));
    switch (what) {
      case 'add-section': case 'add-note': {
        const kind = what === 'add-section' ? 'section' : 'note';
        const id = s.api.addTextLine(kind, '');
        if (!id) return;
        this.edits.focusAfter({ id, control: 'text' });
        this.edits.announce(this.edits.say('added', `${this.edits.say(kind === 'section' ? 'sectionLine' : 'noteLine', '')} ${id}`));
        return;
      }
      case 'qty': {
        const qty = normalizeDecimal(field('bulk-qty'));
        if (qty === '' || products.length === 0) return;
        s.api.updateLines(products, { qty });
        return done('qtyWord', qty, products.length);
      }
      case 'discount': {
        const value = normalizeDecimal(field('bulk-discount'));
        const kind = field('bulk-kind') as DiscountKind;
        if (products.length === 0) return;
        s.api.updateLines(products, { discount: value === '' ? undefined : ({ [kind]: value } as LineDiscount) });
        return done('discountWord', value === '' ? '—' : `${value}${kind === 'percent' ? '%' : ''}`, products.length);
      }
      case 'group': {
        const group = field('bulk-group').trim();
        s.api.updateLines(ids, { group: group || undefined });
        return done('groupWord', group || this.edits.say('noGroup', ''), ids.length);
      }
      case 'remove': {
        const count = ids.length;
        this.selected.clear();
        this.edits.focusAfter('caption');
        s.api.removeLines(ids);
        this.edits.announce(this.edits.say('bulkRemoved', '').replace('{count}', String(count)));
        return;
      }
      case 'clear':
        this.selected.clear();
        this.edits.announce(this.count());
        // The bar's selection tools are gone: the focus goes to "select all".
        this.host.updateComplete.then(() => root.querySelector<HTMLElement>('[data-bulk="select-all"]')?.focus());
    }
  };
}
