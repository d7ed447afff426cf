import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LineDiscount, QuoteLine, SelectedOption } from '../../types.js';
import type { CpqState } from '../context.js';
import { text } from '../i18n.js';
import { parseColumns, shownColumns, type ColumnId } from './columns.js';
import { strings, type Key } from './line-editor.strings.js';
import { usable, type RowContext } from './line-row.js';
import { discountKindOf, discountValueOf, discountWarnings, normalizeDecimal, withDiscount, withOptionRule, type DiscountKind, type LineView } from './line-rows.js';
import { lineKey } from './view-slice.js';
import { changesOf, fixedLine, isChange, newQuantity } from './contract-row.js';
import { contractStrings, type ContractKey } from './contract.strings.js';

/** Controls that commit a typed value. */
export const TEXT_CONTROLS = new Set(['qty', 'term', 'discount', 'group', 'text', 'description', 'sub-qty']);
const PREVIEW_DELAY = 120;

/** Where the focus goes once a change has rendered: a line's control, or the table caption. */
export type FocusTarget = { id: string; control: string } | 'caption';

/** What the controller needs of `<cpq-line-editor>`. */
export interface LineEditsHost extends ReactiveControllerHost, EventTarget {
  /** The shared state (undefined outside a `<cpq-quote>`). */
  readonly state: CpqState | undefined;
  /** The rows as last built from the state. */
  readonly view: LineView | undefined;
  columns: ColumnId[] | undefined;
}

/**
 * The line editor's event handlers and the little state they keep (the discount being typed,
 * the announcement, where the focus goes next, the line holding the focus). Events are delegated
 * from the table by `data-id` / `data-control`; every change goes through the quote's `api`.
 */
export class LineEdits implements ReactiveController {
  /** What the discount being typed would set off (api.preview), before it is committed. */
  draft: RowContext['draft'] = null;
  /** What the live region says after a change that moves no focus. */
  announcement = '';
  /** The line (item key) holding the focus: kept rendered when it scrolls out of view. */
  focusKey: string | null = null;
  /** The control to focus once the change it follows has rendered. */
  pendingFocus: FocusTarget | null = null;
  /** A discount kind chosen on a line, not committed until a value is typed. */
  readonly kinds = new Map<string, DiscountKind>();
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  /** Moves with every discount typed, committed or left: a preview priced for an older one is not shown. */
  private previewSeq = 0;

  constructor(private readonly host: LineEditsHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.previewTimer);
  }

  /** Take the pending focus target (once). */
  takeFocus(): FocusTarget | null {
    const target = this.pendingFocus;
    this.pendingFocus = null;
    return target;
  }

  /** Focus this control once the change it follows has rendered. */
  focusAfter(target: FocusTarget): void {
    this.pendingFocus = target;
    this.host.requestUpdate();
  }

  /** Say something in the live region. */
  announce(message: string): void {
    this.announcement = message;
    this.host.requestUpdate();
  }

  private line(id: string): QuoteLine | undefined {
    return this.host.state?.quote.lines.find((l) => l.id === id);
  }

  /** A line as announced: its id and name. */
  who(id: string): string {
    return `${id} ${this.host.state?.priced?.lines.find((l) => l.id === id)?.name ?? this.line(id)?.sku ?? ''}`;
  }

  say(key: Key, value: string): string {
    return text(strings, this.host.state?.locale, key, { line: value, messages: value });
  }

  readonly handleChange = (e: Event): void => {
    const el = e.target as HTMLInputElement | HTMLSelectElement;
    const { id, control } = el.dataset;
    const s = this.host.state;
    if (!id || !control || !s || s.readonly) return;
    if (TEXT_CONTROLS.has(control)) this.commitText(id, control, el.value);
    else if (control === 'discount-kind') this.chooseKind(id, el.value as DiscountKind);
    else if (control === 'select') this.onSelect?.(id, (el as HTMLInputElement).checked);
    else if (control === 'optional') s.api.updateLine(id, { optional: (el as HTMLInputElement).checked ? true : undefined });
    else if (control === 'rule' && el.value) this.chooseRule(id, el.value);
  };

  /** Commit a typed value when it differs from the line's (so Enter then blur commits once). */
  commitText(id: string, control: string, raw: string): void {
    const { api, priced } = this.host.state!;
    const line = this.line(id);
    if (!line) return;
    if (control === 'text' || control === 'description') {
      const value = raw.replace(/\r\n?/g, '\n');
      if (value === (line[control] ?? '')) return;
      api.updateLine(id, { [control]: control === 'description' && value.trim() === '' ? undefined : value });
      return;
    }
    if (control === 'group') {
      const group = raw.trim();
      if (group === (line.group ?? '')) return;
      // The line moves to another group's section (new DOM): keep the focus on its group field.
      this.focusAfter({ id, control });
      api.updateLine(id, { group: group || undefined });
      return;
    }
    const value = normalizeDecimal(raw);
    if (control === 'sub-qty') {
      // An existing subscription's quantity from the effective date: the change line follows it.
      const sub = line.subscriptionId;
      if (sub === undefined || value === '' || value === newQuantity(line, changesOf(this.host.state!.quote.lines).get(sub), api.sum)) return;
      const errors = api.changeSubscription(sub, value);
      if (errors.length > 0) this.announce(errors.map((x) => x.message).join(' · '));
      return;
    }
    if (control === 'discount') {
      clearTimeout(this.previewTimer);
      this.previewSeq++;
      this.draft = null;
      this.host.requestUpdate();
      const kind = this.kindOf(id);
      const current = discountValueOf(line.discount, kind);
      // Emptied: removes a discount of this kind; a kind just chosen and left empty changes nothing.
      if (value === '' ? current === '' : value === current) return;
      this.kinds.delete(id);
      api.setLineDiscount(id, value === '' ? undefined : ({ [kind]: value } as LineDiscount));
      return;
    }
    const shown = priced?.lines.find((l) => l.id === id);
    const key = control as 'qty' | 'term';
    if (value !== String(line[key] ?? shown?.[key] ?? '')) api.updateLine(id, { [key]: value === '' ? undefined : value });
  }

  /** The discount kind shown on a line: the one just chosen, else its discount's, else percent. */
  kindOf(id: string): DiscountKind {
    return this.kinds.get(id) ?? discountKindOf(this.line(id)?.discount);
  }

  /** A kind chosen: the field now takes that kind's value (typed next); nothing is priced until then. */
  private chooseKind(id: string, kind: DiscountKind): void {
    if (kind === discountKindOf(this.line(id)?.discount)) this.kinds.delete(id);
    else this.kinds.set(id, kind);
    this.host.requestUpdate();
  }

  /** Told when a line's selection checkbox changes (the selection controller). */
  onSelect: ((id: string, on: boolean) => void) | undefined;

  /** Resolve a price-rule tie: on the line itself, or on the bundle option the option line stands for. */
  private chooseRule(lineId: string, rule: string): void {
    const { api, configs } = this.host.state!;
    // The select goes away with the tie it resolved: the focus stays on the line.
    this.focusAfter({ id: lineId, control: 'rule' });
    const [top, ...path] = lineId.split('/');
    if (path.length === 0) return api.updateLine(lineId, { priceRule: rule });
    const options = (this.line(top!)?.options as SelectedOption[] | undefined) ?? configs[top!]?.selection.options ?? [];
    api.updateLine(top!, { options: withOptionRule(options, path, rule) });
  }

  readonly handleInput = (e: Event): void => {
    const el = e.target as HTMLInputElement;
    if (el.dataset.control !== 'discount' || !el.dataset.id || this.host.state?.mode !== 'sales') return;
    const id = el.dataset.id;
    const value = normalizeDecimal(el.value);
    clearTimeout(this.previewTimer);
    const seq = ++this.previewSeq;
    const kind = this.kindOf(id);
    this.previewTimer = setTimeout(() => this.previewDiscount(id, kind, value, seq), PREVIEW_DELAY);
  };

  /**
   * Price the quote as if the typed discount were committed, and show what it would set off. It is
   * priced ahead (`api.anticipate`): a big quote in the pricing worker, so that typing a discount
   * on 10,000 lines leaves the main thread free and Enter finds the lines priced; a small one here.
   */
  private previewDiscount(id: string, kind: DiscountKind, value: string, seq: number): void {
    const s = this.host.state;
    if (!s) return;
    void s.api.anticipate(withDiscount(s.quote, id, kind, value)).then((priced) => {
      const now = this.host.state;
      // Typed on, committed or left meanwhile, or the quote changed under it: not this preview's to show.
      if (seq !== this.previewSeq || !now || now.quote !== s.quote || !priced) return;
      const warnings = discountWarnings(priced, usable(now), id);
      this.draft = { id, warnings };
      this.announce(warnings.length ? this.say('draft', warnings.map((w) => w.message).join(' · ')) : '');
    });
  }

  readonly handleFocusIn = (e: FocusEvent): void => {
    const id = (e.target as HTMLElement).dataset.id;
    this.focusKey = id ? lineKey(id.split('/')[0]!) : null;
  };

  readonly handleFocusOut = (e: FocusEvent): void => {
    const root = (e.currentTarget as HTMLElement | null)?.getRootNode();
    if (!(e.relatedTarget instanceof Node && root?.contains(e.relatedTarget))) this.focusKey = null;
    // Once the field is left, the row shows what was committed (change fires before focusout).
    if ((e.target as HTMLElement).dataset.control !== 'discount') return;
    clearTimeout(this.previewTimer);
    this.previewSeq++;
    this.draft = null;
    this.host.requestUpdate();
  };

  /** Show or hide a column (`data-column`; empty: back to the mode's defaults) and tell the host. */
  readonly handleChooser = (e: Event): void => {
    const column = (e.target as HTMLElement).closest<HTMLElement>('button[data-column]')?.dataset.column;
    const s = this.host.state;
    if (column === undefined || !s) return;
    const shown = shownColumns(this.host.columns, s.mode);
    const next = column === '' ? undefined : parseColumns(shown.includes(column as ColumnId) ? shown.filter((c) => c !== column) : [...shown, column]);
    this.host.columns = next;
    this.host.dispatchEvent(new CustomEvent('cpq-columns-change', { detail: { columns: next ?? null }, bubbles: true, composed: true }));
  };

  readonly handleClick = (e: Event): void => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('button[data-control]');
    const { id, control } = el?.dataset ?? {};
    const s = this.host.state;
    if (!id || !control || !s) return;
    if (control === 'configure') s.api.selectLine(id);
    else if (control === 'clone') this.cloneLine(id);
    else if (control === 'remove') this.removeLine(id, control);
    else if (control === 'up' || control === 'down') this.move(id, control, control);
    else if (control === 'ramp-add') this.addSegment(id);
    else if (control === 'ramp-remove-seg') this.removeSegment(el!.dataset.ramp ?? '', Number(el!.dataset.index));
    else if (control === 'ramp-remove') this.removeRamp(id);
    else if (control === 'make-ramp') this.makeRamp(id);
  };

  private rampText(key: ContractKey, params: Record<string, string | number>): string {
    return text(contractStrings, this.host.state?.locale, key, params);
  }

  private rampName(rampId: string): string {
    const first = this.host.state?.quote.lines.find((l) => l.group === `ramp:${rampId}`);
    return first ? this.who(first.id).slice(first.id.length + 1) : rampId;
  }

  /** A segment after the last; the focus goes to its quantity, where the rep goes on typing. */
  private addSegment(rampId: string): void {
    const s = this.host.state!;
    const segs = s.quote.lines.filter((l) => l.group === `ramp:${rampId}`);
    const ids = new Set(s.quote.lines.map((l) => l.id));
    let n = segs.length + 1;
    while (ids.has(`${rampId}:r${n}`)) n++;
    const name = this.rampName(rampId);
    const errors = s.api.editRamp(rampId, { op: 'add' });
    if (errors.length > 0) return this.announce(errors.map((x) => x.message).join(' · '));
    this.focusAfter({ id: `${rampId}:r${n}`, control: 'qty' });
    this.announce(this.rampText('segAdded', { name, n: segs.length + 1 }));
  }

  /** Remove a segment; the focus goes to the next one's Remove (the previous one's, else its quantity). */
  private removeSegment(rampId: string, index: number): void {
    const s = this.host.state!;
    const segs = s.quote.lines.filter((l) => l.group === `ramp:${rampId}`);
    const next = segs[index + 1] ?? segs[index - 1];
    const name = this.rampName(rampId);
    const errors = s.api.editRamp(rampId, { op: 'removeSegment', index });
    if (errors.length > 0) return this.announce(errors.map((x) => x.message).join(' · '));
    this.focusAfter(next ? { id: next.id, control: 'ramp-remove-seg' } : { id: rampId, control: 'ramp-add' });
    this.announce(this.rampText('segRemoved', { name, n: index + 1 }));
  }

  /** Remove every segment of the ramp; the focus goes to the next line's Remove, as after removing a line. */
  private removeRamp(rampId: string): void {
    const s = this.host.state!;
    const order = this.host.view?.order ?? [];
    const mine = (id: string) => s.quote.lines.find((l) => l.id === id)?.group === `ramp:${rampId}`;
    const first = order.findIndex(mine);
    let last = first;
    while (last + 1 < order.length && mine(order[last + 1]!)) last++;
    const next = order[last + 1] ?? (first > 0 ? order[first - 1] : undefined);
    const name = this.rampName(rampId);
    const errors = s.api.editRamp(rampId, { op: 'remove' });
    if (errors.length > 0) return this.announce(errors.map((x) => x.message).join(' · '));
    const ramp = next === undefined ? undefined : s.quote.lines.find((l) => l.id === next)?.group;
    this.focusAfter(next === undefined ? 'caption' : ramp?.startsWith('ramp:') ? { id: ramp.slice(5), control: 'ramp-remove' } : { id: next, control: 'remove' });
    this.announce(this.rampText('rampRemoved', { name }));
  }

  /** A term line becomes a 2-segment ramp; the focus goes to its schedule button. */
  private makeRamp(lineId: string): void {
    const s = this.host.state!;
    const name = this.who(lineId).slice(lineId.length + 1);
    const errors = s.api.makeRamp(lineId);
    if (errors.length > 0) return this.announce(errors.map((x) => x.message).join(' · '));
    this.focusAfter({ id: lineId, control: 'schedule' });
    this.announce(this.rampText('rampMade', { name }));
  }

  readonly handleKeydown = (e: KeyboardEvent): void => {
    const { id, control } = (e.target as HTMLElement).dataset;
    const s = this.host.state;
    if (!id || !control || !s || s.readonly) return;
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && control !== 'rule' && control !== 'discount-kind') {
      e.preventDefault();
      this.move(id, e.key === 'ArrowUp' ? 'up' : 'down', control);
    } else if (e.key === 'Delete' && control === 'remove') {
      e.preventDefault();
      this.removeLine(id, control);
    } else if (e.key === 'Enter' && TEXT_CONTROLS.has(control)) {
      this.commitText(id, control, (e.target as HTMLInputElement).value);
    }
  };

  /** Not cloned or moved: an existing subscription, a ramp's segment, an amendment's change. */
  private fixed(id: string): boolean {
    const line = this.line(id);
    return line === undefined || fixedLine(line) || isChange(line, this.host.state?.quote.kind === 'amendment');
  }

  private move(id: string, direction: 'up' | 'down', control: string): void {
    if (this.fixed(id)) return;
    const row = this.host.view?.sections.flatMap((s) => s.rows).find((r) => r.line.id === id);
    const to = direction === 'up' ? row?.up : row?.down;
    if (to === undefined) return;
    this.focusAfter({ id, control });
    this.host.state!.api.moveLine(id, to);
    // Focus stays put, so say where the line went.
    this.announce(this.say(direction === 'up' ? 'movedUp' : 'movedDown', this.who(id)));
  }

  private cloneLine(id: string): void {
    if (this.fixed(id)) return;
    const s = this.host.state!;
    const text = this.line(id)?.kind !== undefined;
    const copy = s.api.cloneLine(id);
    if (!copy) return;
    // The copy is usually changed next: its quantity (its text), where the rep goes on typing.
    this.focusAfter({ id: copy, control: text ? 'text' : 'qty' });
    this.announce(this.say('cloned', this.who(id)).replace('{id}', copy));
  }

  private removeLine(id: string, control: string): void {
    const order = this.host.view?.order ?? [];
    const at = order.indexOf(id);
    const next = order[at + 1] ?? order[at - 1];
    this.focusAfter(next ? { id: next, control } : 'caption');
    if (this.draft?.id === id) this.draft = null;
    this.announce(this.say('removed', this.who(id)));
    this.host.state!.api.removeLine(id);
  }
}
