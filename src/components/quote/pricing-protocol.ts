import { sameData } from '../../core/object.js';
import type { Catalog, ConfigState, PricedLine, PricedQuote, Quote, WaterfallStep } from '../../types.js';

/**
 * A list sent as a change of the one sent before it: `from[i]` is the index in the previous list of
 * item i, or -1 for the next item of `fresh` (the new items, in order). A 10,000-line quote whose
 * one line changed crosses as one line and 10,000 numbers in one typed array (a memory copy): the
 * structured clone of the rest — or of a plain array of numbers, number by number — is not paid,
 * on either side.
 */
export interface ListPatch<T> {
  from: Int32Array;
  fresh: T[];
}

/**
 * `items` as a change of `previous`: an item that is one of `previous` (by identity) is sent as its
 * index. The item at the same index is tried first; an item that is not there is looked for among
 * the previous items that are not at their index either (a map of those only: an edit that
 * replaces one line of 10,000 looks at one previous item, not 10,000). An item that appears twice
 * is found once at its index and may be sent whole the second time: still the same list.
 */
export function patchOf<T>(items: readonly T[], previous: readonly T[]): ListPatch<T> {
  const from = new Int32Array(items.length);
  let misses: number[] | undefined;
  for (let i = 0; i < items.length; i++) {
    if (i < previous.length && previous[i] === items[i]) from[i] = i;
    else (misses ??= []).push(i);
  }
  const fresh: T[] = [];
  if (!misses) return { from, fresh };
  // The previous items no item holds at their index: the only ones a missed item can be found among.
  const free = new Map<T, number>();
  for (let k = previous.length - 1; k >= 0; k--) if (k >= items.length || items[k] !== previous[k]) free.set(previous[k]!, k);
  for (const i of misses) {
    const item = items[i]!;
    const j = free.get(item);
    if (j === undefined) {
      from[i] = -1;
      fresh.push(item);
    } else from[i] = j;
  }
  return { from, fresh };
}

/** The page asks the pricing worker to price a quote (pricing.worker.ts). */
export interface WorkerRequest {
  /** Increases with every request of one page: answers are matched, stale ones dropped, by it. */
  seq: number;
  /** The page's id for the catalog; `catalog` comes with the first request that uses it. */
  catalogId: number;
  catalog?: Catalog;
  /** The quote without its lines when `lines` is given, else the whole quote (lines not a list). */
  quote: Quote;
  /**
   * The quote's lines, as a change of the lines of the request before (the same objects, by
   * identity); `'same'`: the same lines as that request's, one for one (a quote-level change: a
   * 10,000-line quote discount sends no line at all, not even 10,000 indexes).
   */
  lines?: ListPatch<unknown> | 'same';
  locale: string;
}

/**
 * New figures for lines that are otherwise the same as a line of the previous answer: the lines a
 * quote-level change reaches (a quote discount moves every line's allocated share, net, tax, total,
 * net unit price, discount and margin) cross as a few texts each in one string, not as whole line
 * objects — a 10,000-line quote discount is then one string and two number arrays to clone, and
 * the page builds new line objects from the previous ones (see `applyFigures`).
 */
export interface FigurePatch {
  /**
   * What changes, per kind of line: top-level string fields by name, and either waterfall steps (by
   * index) whose `amount` changes or, when steps came or went (a quote discount set or cleared), the
   * whole waterfall: its steps with `amount` empty, every amount then among the values. `same`,
   * when given, has one entry per step amount: the index in `fields` of the field whose new value
   * the amount repeats (a quote discount's step is the line's new net amount, the tax step its
   * total: not sent twice), or -1 for an amount among the values.
   */
  shapes: { fields: string[]; steps: number[]; waterfall?: WaterfallStep[]; same?: number[] }[];
  /** The positions (in the new list, ascending) of the lines with new figures; their `lines` entry is the previous line's index. */
  at: Int32Array;
  /** Each such line's shape (an index into `shapes`). */
  shape: Int32Array;
  /** The new values, line after line, fields then steps, each followed by FIGURE_END (no value contains it). */
  values: string;
}

/** Ends each value of `FigurePatch.values`. */
export const FIGURE_END = '\u001f';

/**
 * The worker's answer: the priced quote, a request a newer one overtook, or a failure. A big
 * answer's lines cross in parts (`part` messages, then the priced quote with the last lines): the
 * page puts each part together as it comes, while the worker works out the next.
 */
export type WorkerAnswer =
  | {
    seq: number;
    /** The priced quote without its lines. */
    priced: PricedQuote;
    /** Its lines (after those of its parts), as a change of the lines of the worker's previous priced answer (the same field for field). */
    lines: ListPatch<PricedLine>;
    /** New figures for some of the lines `lines` gives as a previous line's index. */
    figures?: FigurePatch;
    configs: Record<string, ConfigState>;
    /** How many `part` messages of this answer came before it (none: absent). */
    parts?: number;
  }
  | {
    seq: number;
    /** Which part (0, 1, …): the lines that follow those of the parts before it. */
    part: number;
    lines: ListPatch<PricedLine>;
    figures?: FigurePatch;
  }
  | { seq: number; skipped: true }
  | { seq: number; failed: string };

/** The list a patch stands for, given the previous one (an index past its end, or too few or many new items: a broken patch, undefined). */
export function applyPatch<T>(patch: ListPatch<T>, previous: readonly T[]): T[] | undefined {
  const out: T[] = [];
  return appendPatch(patch, previous, out) ? out : undefined;
}

/**
 * The items a patch stands for, given the previous list, pushed onto `out`: a patch of a part of
 * a list (an answer crossing in parts, `WorkerAnswer`) adds that part to what the parts before it
 * gave. False for a broken patch (`out` then holds some of its items).
 */
export function appendPatch<T>(patch: ListPatch<T>, previous: readonly T[], out: T[]): boolean {
  const { from, fresh } = patch;
  if (!(from instanceof Int32Array) || !Array.isArray(fresh)) return false;
  let f = 0;
  for (let i = 0; i < from.length; i++) {
    const j = from[i]!;
    if (j < 0) {
      if (f >= fresh.length) return false;
      out.push(fresh[f++]!);
    } else {
      if (j >= previous.length) return false;
      out.push(previous[j]!);
    }
  }
  return f === fresh.length;
}

/**
 * Put `patch`'s figures into `lines` (the list `applyPatch` gave, changed in place): a line with new
 * figures becomes a new object — the previous line's fields in the same order, the changed ones
 * replaced, its waterfall a new array whose changed steps are new objects (all of them, from the
 * shape's, when the steps changed) — and every other line
 * keeps its identity. A patch that does not fit (a position or shape out of range, values missing,
 * a field that is not a string) gives false.
 */
export function applyFigures(patch: FigurePatch, lines: PricedLine[]): boolean {
  const values = patch.values.split(FIGURE_END);
  const { at, shape, shapes } = patch;
  if (at.length !== shape.length) return false;
  // How many values a line of each shape takes (its step amounts that repeat a field's take none).
  const sent: number[] = [];
  for (const s of shapes) {
    const steps = (s.waterfall ?? s.steps).length;
    let repeats = 0;
    if (s.same !== undefined) {
      if (!Array.isArray(s.same) || s.same.length !== steps) return false;
      for (const f of s.same) {
        if (f === -1) continue;
        if (!Number.isInteger(f) || f < 0 || f >= s.fields.length) return false;
        repeats++;
      }
    }
    sent.push(s.fields.length + steps - repeats);
  }
  let v = 0;
  for (let k = 0; k < at.length; k++) {
    const i = at[k]!;
    const s = shapes[shape[k]!];
    const base = lines[i];
    if (!s || !base || v + sent[shape[k]!]! >= values.length) return false;
    const line = { ...base } as unknown as Record<string, unknown>;
    const first = v;
    for (const f of s.fields) {
      if (typeof line[f] !== 'string') return false;
      line[f] = values[v++];
    }
    // The n-th step amount: the value of the field it repeats (`same`), or the next value.
    const same = s.same;
    if (s.waterfall) {
      const waterfall = new Array<WaterfallStep>(s.waterfall.length);
      for (let n = 0; n < waterfall.length; n++) {
        const f = same === undefined ? -1 : same[n]!;
        waterfall[n] = { ...s.waterfall[n]!, amount: f >= 0 ? values[first + f]! : values[v++]! };
      }
      line.waterfall = waterfall;
    } else if (s.steps.length > 0) {
      const waterfall = base.waterfall.slice();
      for (let n = 0; n < s.steps.length; n++) {
        const step = waterfall[s.steps[n]!];
        if (!step) return false;
        const f = same === undefined ? -1 : same[n]!;
        waterfall[s.steps[n]!] = { ...step, amount: f >= 0 ? values[first + f]! : values[v++]! };
      }
      line.waterfall = waterfall;
    }
    lines[i] = line as unknown as PricedLine;
  }
  // The values end with FIGURE_END: split leaves one empty string after the last.
  return v === values.length - 1;
}

/**
 * `lines` as a change of `previous`: a line equal field for field to the previous line with its
 * id (or at its index) is sent as that line's index; a line that differs from it only in some
 * string fields and in the amounts of some waterfall steps (what a quote-level change does to the
 * lines it does not touch otherwise) as that index too, with its new texts in `figures`.
 *
 * This runs in the worker over every line of an answer (10,000 after a quote discount), so it
 * makes nothing per line that it can avoid: a line's change is found into one reused scratch
 * (`Change`), its values go straight into the answer's list, and its shape is matched against the
 * shapes found so far (a handful: one per kind of line) before any key or copy is made.
 *
 * `remade`: pricing's pairs (PricingTrace, src/pricing/price-prepared.ts) of a line made again for
 * a memoized line and the line it replaces; where that line is the previous one, only the fields
 * a line's figures give and the waterfall's steps are compared (`figuresOnly`; steps pricing made
 * by their fields, `madeAlike`), the others being the same by what pricing keeps (a 10,000-line
 * quote discount: every line is such a pair).
 */
export function linesPatch(lines: readonly PricedLine[], previous: readonly PricedLine[], remade?: readonly PricedLine[]): { patch: ListPatch<PricedLine>; figures?: FigurePatch } {
  return new LinesPatcher(lines, previous, remade).next(lines.length);
}

/**
 * `linesPatch` made part by part: `next(end)` gives the patch of the lines from where the last part
 * ended up to `end` (positions in `figures.at` are the lines' own: in the whole list). The parts
 * applied one after another (`appendPatch`, then `applyFigures` on the list so far) give the list
 * the whole patch gives — the pricing worker sends a 10,000-line answer in parts, so that the page
 * puts the first ones together while the worker works out the next.
 */
export class LinesPatcher {
  private at: Map<string, number> | undefined;
  private readonly change = newChange();
  /** The next line to patch, and the next of pricing's pairs. */
  private i = 0;
  private r = 0;

  constructor(private readonly lines: readonly PricedLine[], private readonly previous: readonly PricedLine[], private readonly remade?: readonly PricedLine[]) {}

  /** Whether every line has been patched. */
  get done(): boolean {
    return this.i >= this.lines.length;
  }

  next(end: number): { patch: ListPatch<PricedLine>; figures?: FigurePatch } {
    const { lines, previous, remade, change } = this;
    const start = this.i;
    end = Math.max(start, Math.min(end, lines.length));
    const found = new Shapes();
    const positions: number[] = [];
    const shapeOf: number[] = [];
    const values: string[] = [];
    const from = new Int32Array(end - start);
    const fresh: PricedLine[] = [];
    let r = this.r;
    for (let i = start; i < end; i++) {
      const line = lines[i]!;
      let j = i;
      if (previous[i]?.id !== line.id) {
        // A line not at its place is looked for among the previous lines not at theirs (a line added
        // at the end looks through none of 10,000).
        if (!this.at) {
          const at = (this.at = new Map());
          for (let k = previous.length - 1; k >= 0; k--) {
            const id = previous[k]!.id;
            if (lines[k]?.id !== id && !at.has(id)) at.set(id, k);
          }
        }
        j = this.at.get(line.id) ?? i;
      }
      const before = previous[j];
      // The same object (a line pricing kept: src/pricing/finish.ts) is the same line.
      if (before !== undefined && line === before) {
        from[i - start] = j;
        continue;
      }
      // Pricing's pairs come in line order: the next one is this line's, or a later line's.
      let replaced: PricedLine | undefined;
      if (remade !== undefined && remade[r] === line) {
        replaced = remade[r + 1];
        r += 2;
      }
      const mark = values.length;
      const figures = before !== undefined && (replaced === before && before.id === line.id ? figuresOnly(line, before, change, values) : figureChange(line, before, change, values));
      if (!figures) {
        from[i - start] = -1;
        fresh.push(line);
        continue;
      }
      from[i - start] = j;
      if (change.fields.length === 0 && change.steps.length === 0 && !change.waterfall) continue;
      repeated(change, values, mark, found.lastSame());
      positions.push(i);
      shapeOf.push(found.of(change, line));
    }
    this.i = end;
    this.r = r;
    const patch = { from, fresh };
    if (positions.length === 0) return { patch };
    return { patch, figures: { shapes: found.list, at: Int32Array.from(positions), shape: Int32Array.from(shapeOf), values: values.length ? values.join(FIGURE_END) + FIGURE_END : '' } };
  }
}

const isText = (v: unknown): v is string => typeof v === 'string' && !v.includes(FIGURE_END);

/**
 * How a line differs from the one before it, found by `figureChange` into one object reused line
 * after line: the string fields that changed, the steps whose amount changed, or (`waterfall`)
 * that the steps themselves changed — then the line's whole waterfall is the shape, amounts apart.
 */
interface Change {
  fields: string[];
  steps: number[];
  waterfall: boolean;
  /** Per step amount (the first `amounts` entries, reused line after line), the field whose value it repeats, or -1 (`repeats`: some amount does). */
  same: number[];
  amounts: number;
  repeats: boolean;
}

const newChange = (): Change => ({ fields: [], steps: [], waterfall: false, same: [], amounts: 0, repeats: false });

/**
 * The step amounts of the line whose values begin at `mark` that repeat one of its new field
 * values: noted in `change.same` and taken out of `values` (the page takes them from the field).
 * `hint`: the last shape's, tried first — where each amount it says repeats a field does, the
 * others are taken as they are, without looking through the fields (the lines of one kind repeat
 * the same fields: a quote discount's step its net amount, the tax step its total).
 */
function repeated(change: Change, values: string[], mark: number, hint: readonly number[] | undefined): void {
  const nf = change.fields.length;
  const same = change.same;
  change.repeats = false;
  const first = mark + nf;
  const end = values.length;
  change.amounts = end - first;
  let fits = hint !== undefined && hint.length === end - first;
  for (let j = 0; fits && j < hint!.length; j++) {
    const f = hint![j]!;
    if (f >= 0 && (f >= nf || values[mark + f] !== values[first + j])) fits = false;
  }
  let kept = first;
  for (let r = first; r < end; r++) {
    const v = values[r]!;
    let k = -1;
    if (fits) k = hint![r - first]!;
    else for (let f = 0; f < nf; f++) {
      if (values[mark + f] === v) {
        k = f;
        break;
      }
    }
    same[r - first] = k;
    if (k >= 0) change.repeats = true;
    else values[kept++] = v;
  }
  if (kept !== end) values.length = kept;
}

/** `x` equals the first `n` items of `y`. */
function samePrefix<T>(x: readonly T[], y: readonly T[], n: number): boolean {
  if (x.length !== n) return false;
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return false;
  return true;
}

const sameList = <T>(x: readonly T[], y: readonly T[]): boolean => samePrefix(x, y, y.length);

/** The keys of a step, in order, when `sameButAmount` is asked to compare their order too (reused). */
const stepKeys: string[] = [];

/**
 * Two waterfall steps equal but for their amounts (`sameData` of them with the amounts blanked,
 * without the copies); `ordered`: their keys in the same order too.
 */
function sameButAmount(s: WaterfallStep, t: WaterfallStep, ordered = false): boolean {
  const a = s as unknown as Record<string, unknown>;
  const b = t as unknown as Record<string, unknown>;
  let n = 0;
  if (ordered) {
    stepKeys.length = 0;
    for (const k in b) stepKeys.push(k);
  }
  for (const k in a) {
    if (ordered && stepKeys[n] !== k) return false;
    n++;
    if (!Object.hasOwn(b, k)) return false;
    if (k !== 'amount' && a[k] !== b[k] && !sameData(a[k], b[k])) return false;
  }
  if (ordered) return n === stepKeys.length;
  for (const _ in b) n--;
  return n === 0;
}

/** Two waterfalls whose steps are equal but for their amounts, keys in the same order (a shape's steps, amounts blanked, are applied by spreading them). */
function sameStepsButAmount(wa: readonly WaterfallStep[], wb: readonly WaterfallStep[]): boolean {
  if (wa.length !== wb.length) return false;
  for (let i = 0; i < wa.length; i++) if (!sameButAmount(wa[i]!, wb[i]!, true)) return false;
  return true;
}

/**
 * The shapes of one answer's changed lines, each given its index in `list` the first time it is
 * seen. A line's shape is compared with the last one's, then with each shape found so far (lines
 * of a few kinds: a quote discount gives each kind of line its own steps), and only past `SCAN`
 * shapes looked up by a key.
 */
class Shapes {
  readonly list: FigurePatch['shapes'] = [];
  private last = -1;
  private byKey: Map<string, number> | undefined;

  /** The `same` of the shape found last (undefined: none, or it repeats nothing). */
  lastSame(): readonly number[] | undefined {
    return this.last >= 0 ? this.list[this.last]!.same : undefined;
  }

  of(change: Change, line: PricedLine): number {
    if (this.last >= 0 && this.fits(this.list[this.last]!, change, line)) return this.last;
    const n = this.list.length;
    // Past the scan, a miss's key and blanked steps are made once, for the lookup and the new shape.
    let key: string | undefined;
    let waterfall = change.waterfall && n > SCAN ? blanked(line) : undefined;
    if (n <= SCAN) {
      for (let k = n - 1; k >= 0; k--) if (k !== this.last && this.fits(this.list[k]!, change, line)) return (this.last = k);
    } else {
      key = shapeKey(change.fields, change.steps, waterfall, change.repeats ? change.same.slice(0, change.amounts) : undefined);
      const hit = this.byKey!.get(key);
      if (hit !== undefined) return (this.last = hit);
    }
    if (change.waterfall) waterfall ??= blanked(line);
    const shape: FigurePatch['shapes'][number] = waterfall ? { fields: change.fields.slice(), steps: [], waterfall } : { fields: change.fields.slice(), steps: change.steps.slice() };
    if (change.repeats) shape.same = change.same.slice(0, change.amounts);
    this.list.push(shape);
    if (key !== undefined) this.byKey!.set(key, n);
    else if (this.list.length > SCAN) {
      // Past the scan: every shape found so far gets its key, made from the shape (amounts blanked, as a line's are).
      this.byKey = new Map();
      this.list.forEach((s, k) => this.byKey!.set(shapeKey(s.fields, s.steps, s.waterfall, s.same), k));
    }
    return (this.last = n);
  }

  private fits(shape: FigurePatch['shapes'][number], change: Change, line: PricedLine): boolean {
    if (!sameList(shape.fields, change.fields)) return false;
    if (change.repeats ? shape.same === undefined || !samePrefix(shape.same, change.same, change.amounts) : shape.same !== undefined) return false;
    if (change.waterfall) return shape.waterfall !== undefined && sameStepsButAmount(line.waterfall, shape.waterfall);
    return shape.waterfall === undefined && sameList(shape.steps, change.steps);
  }
}

/** How many shapes are compared one by one before they are looked up by a key. */
const SCAN = 16;

/** A line's steps with their amounts blanked: a shape's waterfall. */
const blanked = (line: PricedLine): WaterfallStep[] => line.waterfall.map((s) => ({ ...s, amount: '' }));

function shapeKey(fields: readonly string[], steps: readonly number[], waterfall: readonly WaterfallStep[] | undefined, same: readonly number[] | undefined): string {
  return `${fields.join(',')}|${steps.join(',')}|${same ? same.join(',') : ''}|${waterfall ? JSON.stringify(waterfall) : ''}`;
}

/**
 * How `line` differs from `before` when only in string fields (both strings) and in its waterfall:
 * into `change`, those fields and, when the steps are the same but for their amounts, the indexes
 * of the steps whose amount changed, else `waterfall: true` (the steps changed); the new values,
 * fields first, then amounts, pushed onto `values`. False (and `values` as it was) when the line is
 * to be sent whole.
 */
function figureChange(line: PricedLine, before: PricedLine, change: Change, values: string[]): boolean {
  const a = line as unknown as Record<string, unknown>;
  const b = before as unknown as Record<string, unknown>;
  const { fields, steps } = change;
  fields.length = 0;
  steps.length = 0;
  change.waterfall = false;
  const mark = values.length;
  // Keys in order and counted with for…in (no key lists: this runs over every line of an answer).
  let n = 0;
  for (const k in a) {
    n++;
    if (!Object.hasOwn(b, k)) return whole(values, mark);
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (k === 'waterfall') continue;
    if (!isText(x) || typeof y !== 'string') {
      if (sameData(x, y)) continue;
      return whole(values, mark);
    }
    fields.push(k);
    values.push(x);
  }
  for (const _ in b) n--;
  if (n !== 0) return whole(values, mark);
  return stepsChange(line, before, change, values, mark);
}

/**
 * The fields a priced line takes from its figures (src/pricing/finish.ts `pricedLine`): the ones
 * in which a line pricing made again for the same memoized line can differ from the one it replaces.
 */
type FigureField = 'netUnitPrice' | 'netAmount' | 'tax' | 'total' | 'discountPercent' | 'margin' | 'marginPercent';

/**
 * `figureChange` of a line pricing made again and the line it replaces (`remade`): the same
 * change, found by comparing the figure fields by name and the waterfall — the other fields are
 * the same by construction. A figure field present on one and not the other (a margin percent
 * gone with the net) is left to `figureChange`.
 */
function figuresOnly(line: PricedLine, before: PricedLine, change: Change, values: string[]): boolean {
  // Emptied only when not empty: setting an array's length is a runtime call, 10,000 times.
  if (change.fields.length !== 0) change.fields.length = 0;
  if (change.steps.length !== 0) change.steps.length = 0;
  change.waterfall = false;
  const mark = values.length;
  if (
    figure('netUnitPrice', line.netUnitPrice, before.netUnitPrice, change, values) &&
    figure('netAmount', line.netAmount, before.netAmount, change, values) &&
    figure('tax', line.tax, before.tax, change, values) &&
    figure('total', line.total, before.total, change, values) &&
    figure('discountPercent', line.discountPercent, before.discountPercent, change, values) &&
    figure('margin', line.margin, before.margin, change, values) &&
    figure('marginPercent', line.marginPercent, before.marginPercent, change, values)
  ) return stepsChange(line, before, change, values, mark, true);
  values.length = mark;
  return figureChange(line, before, change, values);
}

/**
 * One figure field into `change` (false: present on one only). Figures are decimals pricing wrote:
 * no FIGURE_END in them to look for.
 */
function figure(name: FigureField, x: string | undefined, y: string | undefined, change: Change, values: string[]): boolean {
  if (x === y) return true;
  if (x === undefined || y === undefined) return false;
  change.fields.push(name);
  values.push(x);
  return true;
}

/** The waterfall part of `figureChange` (`mark`: where this line's values begin). */
function stepsChange(line: PricedLine, before: PricedLine, change: Change, values: string[], mark: number, made = false): boolean {
  const steps = change.steps;
  const wa = line.waterfall;
  const wb = before.waterfall;
  if (!Array.isArray(wa) || !Array.isArray(wb)) return whole(values, mark);
  const amounts = values.length;
  let same = wa.length === wb.length;
  for (let i = 0; same && i < wa.length; i++) {
    const s = wa[i]!;
    const t = wb[i]!;
    if (s === t) continue;
    if (s.amount === t.amount) {
      same = made ? madeAlike(s, t) : sameData(s, t);
      continue;
    }
    same = made ? madeAlike(s, t) : isText(s.amount) && typeof t.amount === 'string' && sameButAmount(s, t, true);
    steps.push(i);
    values.push(s.amount);
  }
  if (same) return true;
  // Steps came or went: the new ones, amounts apart (the shape keeps them, in their key order).
  values.length = amounts;
  steps.length = 0;
  for (let i = 0; i < wa.length; i++) {
    const amount = wa[i]!.amount;
    if (!isText(amount)) return whole(values, mark);
    values.push(amount);
  }
  change.waterfall = true;
  return true;
}

/**
 * Two steps pricing made (`remade` lines' steps: `WaterfallStep`'s keys, in its order) equal but
 * for their amounts: every other field compared by name.
 */
function madeAlike(s: WaterfallStep, t: WaterfallStep): boolean {
  return s.step === t.step && s.label === t.label && s.ruleId === t.ruleId && s.attributeId === t.attributeId;
}

/** A line sent whole: the values pushed for it taken back. */
function whole(values: string[], mark: number): false {
  values.length = mark;
  return false;
}
