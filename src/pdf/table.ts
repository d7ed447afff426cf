import { rgb } from 'pdf-lib';
import { Dec } from '../core/decimal.js';
import { fill } from '../core/text.js';
import { Canvas, type TextStyle } from './canvas.js';
import type { RowContent } from './content.js';
import { PdfInputError } from './errors.js';
import type { Block, Region } from './flow.js';
import { groupDigits } from './format.js';
import type { LayoutLabels } from './layout-strings.js';

/** Column widths in points; the name column takes what is left of the page width. */
const FIXED = [24, 64, 0, 42, 38, 54, 32, 54, 64];
const NAME_COLUMN = 2;
const AMOUNT_COLUMN = 8;
const NUMERIC = [3, 5, 6, 7, 8];
/** Cells set on one line, never wrapped: numbers, and line numbers like 1.10.2. */
const ONE_LINE = new Set([0, ...NUMERIC]);
/** What each numeric column prints of a line, for error messages. */
const FIELDS: Record<number, string> = { 3: 'qty', 5: 'listUnitPrice', 6: 'discountPercent', 7: 'netUnitPrice', 8: 'netAmount' };
/** The name column gives up width to the numbers down to this (a dozen Chinese characters a line)… */
const NAME_MIN = 110;
/** …and then the SKU column down to this (codes wrap after a hyphen or slash). */
const SKU_COLUMN = 1;
const SKU_MIN = 44;
/** A number is shrunk to no less than this share of its size: 5 pt for the body's 7.5 pt. */
const FLOOR = 2 / 3;
/**
 * The line-number column widens up to this; a deeper number (1.2.1.3.1.2…, option lines nested
 * a dozen levels) may then wrap: it is an identifier, not an amount.
 */
const NO_MAX = 48;
const PAD_X = 3;
const PAD_Y = 3;
const BODY = 7.5;
const SPEC = 6.5;
const HEAD = 7;
const INDENT = 8;
/** Layout slack: widths are sums of floats. */
const EPS = 1e-6;

interface Line {
  text: string;
  style: TextStyle;
}

interface Cell {
  lines: Line[];
  align: 'left' | 'right';
  indent: number;
}

interface Row {
  kind: RowContent['kind'] | 'head' | 'carry';
  cells: Cell[];
  height: number;
  /** The group the row is in (index into the group headings), -1 outside any group. */
  group: number;
  /** The amount the row adds to the running total (counted lines only, on the row's first part). */
  amount?: Dec;
}

/** One-line text of a cell, how it is set, and where it comes from (for the error when it cannot fit). */
interface Figure {
  text: string;
  style: TextStyle;
  col: number;
  path: string;
  what?: string;
}

function lineHeight(lines: Line[]): number {
  let h = 0;
  for (const l of lines) h += Canvas.leading(l.style.size);
  return h;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** Options of the table beyond its rows. */
export interface TableOptions {
  labels: LayoutLabels;
  /** Carried-forward totals at the foot and head of every page the table runs over (过次页 / 承前页). */
  carryForward: boolean;
}

/**
 * The line table as blocks for the page flow: every cell wrapped (names and specifications with
 * the CJK rules) except the numbers, which stay on one line — the numeric columns are widened
 * (from the name column) to fit the widest figure, then figures shrink to fit, and a figure that
 * does not fit even so is a located error. On every page the header row repeats; a group that
 * continues repeats its heading with （续）; a group heading stays with its first line, a
 * subtotal with the line above it; a row taller than a page splits. With `carryForward` each
 * page the table leaves ends with 过次页 and the next starts with 承前页: the running total of
 * the amounts printed so far.
 */
export class LineTable implements Region {
  private readonly x: number[] = [];
  private readonly w: number[];
  private readonly head: Row;
  private readonly continued: Row[] = [];
  private readonly rows: Row[];
  readonly reserve: number;
  private readonly carryHeight: number;
  /** Running total of the amounts drawn so far, and its decimals (the currency's). */
  private carried = new Dec(0);
  private readonly scale: number;

  constructor(
    private readonly canvas: Canvas,
    private readonly columns: string[],
    content: RowContent[],
    private readonly options: TableOptions,
  ) {
    this.scale = Math.max(0, ...content.map((r) => (r.kind === 'line' ? decimals(r.cells[AMOUNT_COLUMN]!) : r.kind === 'subtotal' ? decimals(r.amount) : 0)));
    this.w = this.widths(this.figures(content));
    let x = canvas.left;
    for (const v of this.w) {
      this.x.push(x);
      x += v;
    }
    this.head = this.header();
    this.rows = this.prepare(content);
    this.carryHeight = options.carryForward ? this.carryRow(options.labels.broughtForward, new Dec(0)).height : 0;
    this.reserve = this.carryHeight;
  }

  /** Every one-line figure the table will print, with its style: what the columns must fit. */
  private figures(content: RowContent[]): Figure[] {
    const out: Figure[] = [];
    const body = { size: BODY };
    const bold = { size: BODY, bold: true };
    let running = new Dec(0);
    for (const r of content) {
      if (r.kind === 'line') {
        for (const col of ONE_LINE) if (r.cells[col]) out.push({ text: r.cells[col]!, style: body, col, path: col === 0 ? r.path : `${r.path}.${FIELDS[col]}`, ...(col === 0 ? { what: 'its line number' } : {}) });
        if (r.qtyTerm) out.push({ text: r.qtyTerm, style: { size: SPEC }, col: 3, path: `${r.path}.term` });
        if (r.discountNote) out.push({ text: r.discountNote, style: { size: SPEC }, col: 6, path: `${r.path}.discountPercent`, what: 'the effective discount' });
        if (this.options.carryForward && counted(r)) {
          running = running.plus(parseAmount(r.cells[AMOUNT_COLUMN]!));
          out.push({ text: this.money(running), style: bold, col: AMOUNT_COLUMN, path: r.path, what: 'the running total carried forward after this line' });
        }
      } else if (r.kind === 'subtotal') {
        out.push({ text: r.amount, style: bold, col: AMOUNT_COLUMN, path: 'pricedQuote.lines', what: 'a group subtotal' });
      }
    }
    return out;
  }

  /**
   * Column widths: the fixed widths, numeric columns widened to their widest figure at full size
   * when the name and SKU columns can give the room (down to NAME_MIN, SKU_MIN); else every column gets what its
   * widest figure needs at the smallest size and the rest is shared in proportion to what each
   * still lacks. Nothing left even at the smallest size: a located error.
   */
  private widths(figures: Figure[]): number[] {
    const natural = FIXED.map(() => 0);
    const widest: (Figure | undefined)[] = FIXED.map(() => undefined);
    for (const f of figures) {
      const w = this.canvas.measure(f.text, f.style) + 2 * PAD_X;
      if (w > natural[f.col]!) {
        natural[f.col] = w;
        widest[f.col] = f;
      }
    }
    const cap = (c: number, v: number): number => (c === 0 ? Math.min(v, NO_MAX) : v);
    const want = natural.map((v, c) => cap(c, v));
    const floor = natural.map((v, c) => cap(c, v === 0 ? 0 : (v - 2 * PAD_X) * FLOOR + 2 * PAD_X));
    const w = FIXED.slice();
    const nameWidth = this.canvas.width - sum(FIXED);
    const spare = nameWidth - NAME_MIN + FIXED[SKU_COLUMN]! - SKU_MIN;
    const cols = [...ONE_LINE];
    const grow = sum(cols.map((c) => Math.max(0, want[c]! - FIXED[c]!)));
    if (grow <= spare) {
      for (const c of cols) w[c] = Math.max(FIXED[c]!, want[c]!);
    } else {
      const base = cols.map((c) => Math.max(FIXED[c]!, floor[c]!));
      const growFloor = sum(cols.map((c, i) => base[i]! - FIXED[c]!));
      if (growFloor > spare + EPS) {
        // Name the column that asks the most beyond its width.
        const worst = cols.filter((c) => c !== 0).reduce((a, b) => (floor[b]! - FIXED[b]! > floor[a]! - FIXED[a]! ? b : a));
        const f = widest[worst]!;
        throw new PdfInputError(f.path, `${f.what ? `${f.what}, ` : ''}${JSON.stringify(f.text)}, does not fit in its column on one line: the figures of this quote need ${Math.ceil(growFloor - spare)} pt more than the page is wide, even at ${(BODY * FLOOR).toFixed(1)} pt with the name and SKU columns at their narrowest (${NAME_MIN} and ${SKU_MIN} pt)`);
      }
      const lack = cols.map((c, i) => Math.max(0, want[c]! - base[i]!));
      const total = sum(lack);
      const rest = spare - growFloor;
      cols.forEach((c, i) => {
        w[c] = base[i]! + (total > 0 ? (rest * lack[i]!) / total : 0);
      });
    }
    // The room comes from the name column first, then from the SKU column.
    const taken = sum(cols.map((c) => w[c]! - FIXED[c]!));
    const fromName = Math.min(taken, nameWidth - NAME_MIN);
    w[SKU_COLUMN] = FIXED[SKU_COLUMN]! - (taken - fromName);
    w[NAME_COLUMN] = this.canvas.width - sum(w.filter((_, c) => c !== NAME_COLUMN));
    return w;
  }

  private money(d: Dec): string {
    return groupDigits(d.toFixed(this.scale));
  }

  private textCell(text: string, col: number, style: TextStyle, indent = 0): Cell {
    const width = this.w[col]! - 2 * PAD_X - indent;
    const align = NUMERIC.includes(col) ? 'right' : 'left';
    if (ONE_LINE.has(col) && text !== '') {
      const natural = this.canvas.measure(text, style);
      // The columns were made wide enough for every figure at FLOOR of its size (widths()).
      if (natural > width) style = { ...style, size: Math.max(style.size * FLOOR, (style.size * width) / natural) };
      if (col !== 0 || this.canvas.measure(text, style) <= width + EPS) return { lines: [{ text, style }], align, indent };
    }
    return { lines: this.canvas.wrap(text, width, style).map((t) => ({ text: t, style })), align, indent };
  }

  private row(kind: Row['kind'], cells: Cell[], group: number): Row {
    return { kind, cells, group, height: Math.max(...cells.map((c) => lineHeight(c.lines))) + 2 * PAD_Y };
  }

  private header(): Row {
    const style = { size: HEAD, bold: true, color: rgb(1, 1, 1) };
    // Column titles are words: they wrap, only the figures below them may not.
    const cell = (c: string, i: number): Cell => ({ lines: this.canvas.wrap(c, this.w[i]! - 2 * PAD_X, style).map((text) => ({ text, style })), align: NUMERIC.includes(i) ? 'right' : 'left', indent: 0 });
    return this.row('head', this.columns.map(cell), -1);
  }

  private groupRow(text: string, group: number): Row {
    const style = { size: BODY + 0.5, bold: true, color: this.canvas.colors.accent };
    const cell = { lines: this.canvas.wrap(text, this.canvas.width - 2 * PAD_X, style).map((t) => ({ text: t, style })), align: 'left' as const, indent: 0 };
    return this.row('group', [cell], group);
  }

  /** A section heading (bold) or a note (muted) of the quote, across the table's width. */
  private textRow(text: string, kind: 'section' | 'note', group: number): Row {
    const c = this.canvas.colors;
    const style = kind === 'section' ? { size: BODY, bold: true, color: c.ink } : { size: SPEC, color: c.muted };
    const cell = { lines: this.canvas.wrap(text, this.canvas.width - 2 * PAD_X, style).map((t) => ({ text: t, style })), align: 'left' as const, indent: 0 };
    return this.row('text', [cell], group);
  }

  /** A label in the name column and an amount in the amount column (subtotals, carried totals). */
  private labelled(kind: Row['kind'], label: string, amount: string, group: number): Row {
    const style = { size: BODY, bold: true };
    const labelCell = this.textCell(label, NAME_COLUMN, style);
    const amountCell = this.textCell(amount, AMOUNT_COLUMN, style);
    return this.row(kind, this.columns.map((_, i) => (i === NAME_COLUMN ? labelCell : i === AMOUNT_COLUMN ? amountCell : { lines: [], align: 'left', indent: 0 })), group);
  }

  private carryRow(label: string, amount: Dec): Row {
    return this.labelled('carry', label, this.money(amount), -1);
  }

  /** Measure the content rows into cells of lines. */
  private prepare(content: RowContent[]): Row[] {
    const c = this.canvas.colors;
    const out: Row[] = [];
    let group = -1;
    for (const r of content) {
      if (r.kind === 'group') {
        group = this.continued.length;
        this.continued.push(this.groupRow(fill(this.options.labels.continued, { group: r.text }), group));
        out.push(this.groupRow(r.text, group));
        continue;
      }
      if (r.kind === 'subtotal') {
        out.push(this.labelled('subtotal', r.label, r.amount, group));
        continue;
      }
      if (r.kind === 'text') {
        out.push(this.textRow(r.text, r.style, group));
        continue;
      }
      const style = { size: BODY, color: r.muted ? c.muted : c.ink };
      const indent = Math.min(r.depth, 4) * INDENT;
      const cells = r.cells.map((text, i) => this.textCell(text, i, style, i === NAME_COLUMN ? indent : 0));
      if (r.description) {
        const descStyle = { size: SPEC, color: style.color };
        for (const text of this.canvas.wrap(r.description, this.w[NAME_COLUMN]! - 2 * PAD_X - indent, descStyle)) cells[NAME_COLUMN]!.lines.push({ text, style: descStyle });
      }
      if (r.spec) {
        const name = cells[NAME_COLUMN]!;
        const specStyle = { size: SPEC, color: c.muted };
        for (const text of this.canvas.wrap(r.spec, this.w[NAME_COLUMN]! - 2 * PAD_X - indent, specStyle)) name.lines.push({ text, style: specStyle });
      }
      if (r.qtyTerm) cells[3]!.lines.push(...this.textCell(r.qtyTerm, 3, { size: SPEC, color: c.muted }).lines);
      if (r.discountNote) cells[6]!.lines.push(...this.textCell(r.discountNote, 6, { size: SPEC, color: c.muted }).lines);
      const row = this.row('line', cells, group);
      if (counted(r)) row.amount = parseAmount(r.cells[AMOUNT_COLUMN]!);
      out.push(row);
    }
    return out;
  }

  /**
   * The table as blocks: the header row (kept with the first row), then the rows — a group
   * heading and the line before a subtotal kept with the next row, the last row kept with
   * whatever follows the table (the totals).
   */
  blocks(): Block[] {
    const out: Block[] = [{ height: this.head.height, keepWithNext: true, draw: () => this.drawRow(this.head) }];
    this.rows.forEach((row, i) => {
      const next = this.rows[i + 1];
      // A heading (a group's, or a section line's) stays with the row under it.
      const keepWithNext = row.kind === 'group' || (row.kind === 'text' && row.cells[0]?.lines[0]?.style.bold === true) || next === undefined || next.kind === 'subtotal';
      out.push(this.block(row, keepWithNext));
    });
    return out;
  }

  private block(row: Row, keepWithNext: boolean): Block & { row: Row } {
    return {
      row,
      height: row.height,
      keepWithNext,
      region: this,
      draw: () => this.drawRow(row),
      split: row.kind === 'line' ? (room) => this.split(row, room, keepWithNext) : undefined,
    };
  }

  fresh(block: Block): number {
    const row = (block as Block & { row?: Row }).row;
    const continued = row && row.kind !== 'group' && row.group >= 0 ? this.continued[row.group]!.height : 0;
    return this.canvas.bodyHeight - this.head.height - 2 * this.carryHeight - continued;
  }

  close(): void {
    if (this.options.carryForward) this.drawRow(this.carryRow(this.options.labels.carriedForward, this.carried));
  }

  open(block: Block): void {
    this.drawRow(this.head);
    if (this.options.carryForward) this.drawRow(this.carryRow(this.options.labels.broughtForward, this.carried));
    const row = (block as Block & { row?: Row }).row;
    if (row && row.kind !== 'group' && row.group >= 0) this.drawRow(this.continued[row.group]!);
  }

  /**
   * Draw as much of a too-tall row as fits in `room` and return the rest, or undefined when
   * not even one line of it fits (the caller moves the whole row to the next page).
   */
  private split(row: Row, room: number, keepWithNext: boolean): Block | undefined {
    const avail = room - 2 * PAD_Y;
    const here: Cell[] = [];
    const rest: Cell[] = [];
    let any = false;
    for (const cell of row.cells) {
      let h = 0;
      let n = 0;
      while (n < cell.lines.length && h + Canvas.leading(cell.lines[n]!.style.size) <= avail) h += Canvas.leading(cell.lines[n++]!.style.size);
      any ||= n > 0;
      here.push({ ...cell, lines: cell.lines.slice(0, n) });
      rest.push({ ...cell, lines: cell.lines.slice(n) });
    }
    if (!any) return undefined;
    const first = this.row(row.kind, here, row.group);
    if (row.amount) {
      // The amount goes with the part that prints it.
      if (here[AMOUNT_COLUMN]!.lines.length > 0) first.amount = row.amount;
    }
    this.drawRow(first);
    const remaining = this.row(row.kind, rest, row.group);
    if (row.amount && !first.amount) remaining.amount = row.amount;
    return this.block(remaining, keepWithNext);
  }

  private drawRow(row: Row): void {
    const canvas = this.canvas;
    const top = canvas.y;
    const c = canvas.colors;
    if (row.kind === 'head' || row.kind === 'group' || row.kind === 'carry') {
      canvas.page.drawRectangle({ x: canvas.left, y: top - row.height, width: canvas.width, height: row.height, color: row.kind === 'head' ? c.accent : c.tint });
    }
    row.cells.forEach((cell, i) => {
      const wide = row.kind === 'group' || row.kind === 'text';
      const x = wide ? canvas.left : this.x[i]!;
      const w = wide ? canvas.width : this.w[i]!;
      let y = top - PAD_Y;
      for (const line of cell.lines) {
        canvas.text(line.text, x + PAD_X + cell.indent, y, line.style, cell.align, w - 2 * PAD_X - cell.indent);
        y -= Canvas.leading(line.style.size);
      }
    });
    if (row.kind !== 'head') canvas.rule(top - row.height, canvas.left, canvas.right, row.kind === 'subtotal' || row.kind === 'carry' ? 0.8 : 0.4);
    if (row.amount) this.carried = this.carried.plus(row.amount);
    canvas.y = top - row.height;
  }
}

/** Lines that count towards the totals: optional lines are printed muted and not totalled. */
function counted(r: RowContent): boolean {
  return r.kind === 'line' && !r.muted;
}

/** A printed amount ("-1,234.50") as a decimal. */
function parseAmount(text: string): Dec {
  return new Dec(text.replace(/,/g, ''));
}

function decimals(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
