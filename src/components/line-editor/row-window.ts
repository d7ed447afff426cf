import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Row virtualization for the line editor: which of the table's items (group headings and lines,
 * each with its messages and option lines) are in the DOM. Only those within the scroller's
 * view, plus an overscan, plus the pinned ones (the line holding the focus, the line focus is
 * about to go to) are rendered; the others are stood for by spacer rows of their height
 * (measured once rendered, else the mean of those measured).
 */

/** What the table renders: item indices in order, with the height of each gap before, between and after them. */
export interface Slice {
  /** Runs of consecutive item indices `[from, to)`, each preceded by a gap of `gapBefore` px. */
  runs: { from: number; to: number; gapBefore: number }[];
  /** The gap after the last run, px. */
  gapAfter: number;
}

/** Everything, no gaps: what a small quote renders. */
export const whole = (count: number): Slice => ({ runs: count ? [{ from: 0, to: count, gapBefore: 0 }] : [], gapAfter: 0 });

/**
 * The slice of `heights` (px, in item order) to render for a view `[top, top + height)` of the
 * items (px from the first item's top), with `overscan` px more on each side (at least `minItems`
 * items beyond the view each way, so that Tab always finds the next row) and the `pinned`
 * indices wherever they are.
 */
export function sliceFor(heights: readonly number[], top: number, height: number, overscan: number, pinned: readonly number[] = [], minItems = 3): Slice {
  const n = heights.length;
  if (n === 0) return whole(0);
  let y = 0;
  let first = n - 1;
  for (let i = 0; i < n; i++) {
    if (y + heights[i]! > top - overscan) { first = i; break; }
    y += heights[i]!;
  }
  let last = first;
  for (let i = first, yy = y; i < n; i++) {
    last = i;
    yy += heights[i]!;
    if (yy >= top + height + overscan) break;
  }
  first = Math.max(0, first - minItems);
  last = Math.min(n - 1, last + minItems);
  const keep = new Set<number>();
  for (let i = first; i <= last; i++) keep.add(i);
  for (const p of pinned) if (p >= 0 && p < n) keep.add(p);
  const order = [...keep].sort((a, b) => a - b);
  const runs: Slice['runs'] = [];
  let at = 0;
  let gap = 0;
  for (const i of order) {
    for (; at < i; at++) gap += heights[at]!;
    const run = runs.at(-1);
    if (run && run.to === i && gap === 0) run.to = i + 1;
    else runs.push({ from: i, to: i + 1, gapBefore: gap });
    gap = 0;
    at = i + 1;
  }
  for (; at < n; at++) gap += heights[at]!;
  return { runs, gapAfter: gap };
}

/** Every item `need` renders is rendered by `have`. */
export const covers = (have: Slice, need: Slice) =>
  need.runs.every((n) => {
    for (let i = n.from; i < n.to; i++) if (!have.runs.some((h) => h.from <= i && i < h.to)) return false;
    return true;
  });

/**
 * Keeps the slice of a host whose items live in a scroller: listens to its scrolling and size,
 * measures the rendered items after each update, and asks the host to update when the rows to
 * render change. The host gives the item keys, the scroller and the rendered items' elements.
 */
export class RowWindow implements ReactiveController {
  /** Pixels rendered beyond the view on each side. */
  overscan = 600;
  /** The slice the host renders. */
  slice: Slice = whole(0);
  private heights = new Map<string, number>();
  private keys: readonly string[] = [];
  /**
   * The height estimates in key order and the keys' positions, for `keys` as they are and the
   * heights as measured: rebuilt only when the keys (a new list) or a measured height change, not
   * on every render of a 10,000-line quote.
   */
  private estimated: { keys: readonly string[]; list: number[] } | undefined;
  private positions: { keys: readonly string[]; at: Map<string, number> } | undefined;
  /** How many times the estimates were rebuilt (for tests). @internal */
  rebuilds = 0;
  private pinned = new Set<string>();
  private scroller: HTMLElement | undefined;
  private resize: ResizeObserver | undefined;
  /**
   * The scroller's view as last read — its scroll offset, its height and the items' top (the
   * header's height) — read on scroll and resize and in the frame after an update, never in the
   * update itself: reading it there laid the page out in the input's task, once before the
   * render and again after it.
   */
  private view: { top: number; height: number; itemsTop: number } | undefined;
  /** The rows an update rendered, measured in the next frame (`measure`). */
  private toMeasure: HTMLElement[] | undefined;
  private measureFrame = 0;
  private recheckFrame = 0;
  private enabled = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** The scroller's offset of the first item (the header's height). */
    private readonly itemsTop: () => number,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.detach();
  }

  /** The items (by key, in order) and whether to virtualize them; returns the slice to render. */
  update(keys: readonly string[], enabled: boolean): Slice {
    this.keys = keys;
    this.enabled = enabled;
    this.slice = enabled ? this.compute() : whole(keys.length);
    return this.slice;
  }

  /** Keep these items rendered wherever they are (the focused line; the line focus goes to next). */
  pin(keys: Iterable<string>): void {
    this.pinned = new Set(keys);
  }

  /** Follow this scroller (the element that scrolls the items), or none. */
  attach(scroller: HTMLElement | undefined): void {
    if (scroller === this.scroller) return;
    this.detach();
    this.scroller = scroller;
    this.view = undefined;
    if (!scroller) return;
    scroller.addEventListener('scroll', this.onScroll, { passive: true });
    this.resize = new ResizeObserver(this.onScroll);
    this.resize.observe(scroller);
  }

  /**
   * Measure the rendered items: `rows` are their rows, each with `data-unit` set to its item's key.
   * Rows measured before (an edit re-rendering the rows in view) are measured again at the next
   * frame's start, where the frame lays the page out anyway, not in the update's task: an edit's
   * input task would lay out the page for it. An item never measured (scrolled into view) is
   * measured at once, so that the gaps around it are right before anything else moves.
   */
  measure(rows: Iterable<HTMLElement>): void {
    if (!this.enabled) return;
    const list = [...rows];
    this.toMeasure = list;
    if (list.some((row) => row.dataset.unit !== undefined && !this.heights.has(row.dataset.unit))) {
      cancelAnimationFrame(this.measureFrame);
      this.measureNow();
      return;
    }
    if (!this.measureFrame) this.measureFrame = requestAnimationFrame(this.measureNow);
  }

  private readonly measureNow = (): void => {
    this.measureFrame = 0;
    const rows = this.toMeasure ?? [];
    this.toMeasure = undefined;
    if (!this.enabled) return;
    const span = new Map<string, [number, number]>();
    for (const row of rows) {
      const key = row.dataset.unit;
      if (key === undefined || !row.isConnected) continue;
      const r = row.getBoundingClientRect();
      const s = span.get(key);
      if (s) s[1] = Math.max(s[1], r.bottom);
      else span.set(key, [r.top, r.bottom]);
    }
    let changed = false;
    for (const [key, [top, bottom]] of span) {
      const h = Math.round(bottom - top);
      if (h > 0 && this.heights.get(key) !== h) {
        this.heights.set(key, h);
        changed = true;
      }
    }
    // The view read here, laid out already, for the next update to use as it is.
    this.view = this.readView();
    // Better estimates move the gaps: check them at the next frame (this update is not done yet).
    if (changed) {
      this.estimated = undefined;
      if (!this.recheckFrame) this.recheckFrame = requestAnimationFrame(() => ((this.recheckFrame = 0), this.onScroll()));
    }
  };

  private readView(): { top: number; height: number; itemsTop: number } | undefined {
    const s = this.scroller;
    return s ? { top: s.scrollTop, height: s.clientHeight || 800, itemsTop: this.itemsTop() } : undefined;
  }

  /** The scroller was scrolled by the host (not yet told by its scroll event): read its view again. */
  scrolled(): void {
    this.view = undefined;
  }

  /** The scroller's offset (px from the first item's top) of an item, for scrolling to it. */
  offsetOf(key: string): number | undefined {
    const at = this.indexOf(key);
    if (at < 0) return undefined;
    const h = this.estimates();
    let y = 0;
    for (let i = 0; i < at; i++) y += h[i]!;
    return y;
  }

  private estimates(): number[] {
    if (this.estimated?.keys === this.keys) return this.estimated.list;
    let sum = 0;
    let count = 0;
    for (const h of this.heights.values()) {
      sum += h;
      count++;
    }
    const mean = count ? sum / count : 48;
    this.rebuilds++;
    const list = this.keys.map((k) => this.heights.get(k) ?? mean);
    this.estimated = { keys: this.keys, list };
    return list;
  }

  /** The position of an item by key (-1: none). */
  private indexOf(key: string): number {
    if (this.positions?.keys !== this.keys) {
      const at = new Map<string, number>();
      this.keys.forEach((k, i) => { if (!at.has(k)) at.set(k, i); });
      this.positions = { keys: this.keys, at };
    }
    return this.positions.at.get(key) ?? -1;
  }

  private compute(overscan = this.overscan, minItems = 3): Slice {
    const heights = this.estimates();
    const pinned = [...this.pinned].map((k) => this.indexOf(k));
    const v = (this.view ??= this.readView());
    if (!v) return sliceFor(heights, 0, 800, overscan, pinned, minItems);
    return sliceFor(heights, Math.max(0, v.top - v.itemsTop), v.height, overscan, pinned, minItems);
  }

  private detach(): void {
    this.scroller?.removeEventListener('scroll', this.onScroll);
    this.resize?.disconnect();
    this.resize = undefined;
    this.scroller = undefined;
    this.view = undefined;
    cancelAnimationFrame(this.measureFrame);
    cancelAnimationFrame(this.recheckFrame);
    this.measureFrame = 0;
    this.recheckFrame = 0;
    this.toMeasure = undefined;
  }

  /**
   * Render again only when the rows rendered no longer cover the view and half the overscan (and
   * one item) each way: in between, scrolling moves rendered rows only (no update, no layout of
   * new rows), and an update renders a whole overscan ahead.
   */
  private readonly onScroll = (): void => {
    // Scrolled or resized: the view is read again (laid out already at a scroll event).
    this.view = this.readView();
    if (this.enabled && !covers(this.slice, this.compute(this.overscan / 2, 1))) this.host.requestUpdate();
  };
}
