import { rgb } from 'pdf-lib';
import { Canvas, type TextStyle } from './canvas.js';
import type { RowContent } from './content.js';

/** Column widths in points; the name column takes what is left of the page width. */
const FIXED = [24, 64, 0, 42, 38, 54, 32, 54, 64];
const NAME_COLUMN = 2;
const NUMERIC = new Set([3, 5, 6, 7, 8]);
/** Cells that shrink to fit on one line before they wrap: numbers, and line numbers like 1.10.2. */
const SHRINK = new Set([0, ...NUMERIC]);
const PAD_X = 3;
const PAD_Y = 3;
const BODY = 7.5;
const SPEC = 6.5;
const HEAD = 7;
/** Smallest size a number is shrunk to before it wraps: amounts should stay on one line. */
const MIN_NUMBER = 5;
const INDENT = 8;

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
  kind: RowContent['kind'] | 'head';
  cells: Cell[];
  height: number;
}

function lineHeight(lines: Line[]): number {
  let h = 0;
  for (const l of lines) h += Canvas.leading(l.style.size);
  return h;
}

/**
 * The line table: wraps every cell (names and specifications with the CJK rules, numbers
 * shrunk to fit before they wrap), repeats the header row on every page, keeps a group
 * heading with its first line, and splits a row taller than a page between pages.
 */
export class LineTable {
  private readonly x: number[] = [];
  private readonly w: number[];

  constructor(
    private readonly canvas: Canvas,
    private readonly columns: string[],
  ) {
    const fixed = FIXED.reduce((a, b) => a + b, 0);
    this.w = FIXED.map((v, i) => (i === NAME_COLUMN ? canvas.width - fixed : v));
    let x = canvas.left;
    for (const v of this.w) {
      this.x.push(x);
      x += v;
    }
  }

  private textCell(text: string, col: number, style: TextStyle, indent = 0): Cell {
    const width = this.w[col]! - 2 * PAD_X - indent;
    if (SHRINK.has(col) && text !== '') {
      const natural = this.canvas.measure(text, style);
      if (natural > width) style = { ...style, size: Math.max(MIN_NUMBER, (style.size * width) / natural) };
    }
    const lines = this.canvas.wrap(text, width, style).map((t) => ({ text: t, style }));
    return { lines, align: NUMERIC.has(col) ? 'right' : 'left', indent };
  }

  private row(kind: Row['kind'], cells: Cell[]): Row {
    return { kind, cells, height: Math.max(...cells.map((c) => lineHeight(c.lines))) + 2 * PAD_Y };
  }

  private header(): Row {
    const style = { size: HEAD, bold: true, color: rgb(1, 1, 1) };
    return this.row('head', this.columns.map((c, i) => ({ ...this.textCell(c, i, style), align: NUMERIC.has(i) ? 'right' : 'left' })));
  }

  /** Measure a content row into cells of wrapped lines. */
  private prepare(r: RowContent): Row {
    const c = this.canvas.colors;
    if (r.kind === 'group') {
      const style = { size: BODY + 0.5, bold: true, color: c.accent };
      const cell = { lines: this.canvas.wrap(r.text, this.canvas.width - 2 * PAD_X, style).map((text) => ({ text, style })), align: 'left' as const, indent: 0 };
      return this.row('group', [cell]);
    }
    if (r.kind === 'subtotal') {
      const style = { size: BODY, bold: true };
      const label = this.textCell(r.label, NAME_COLUMN, style);
      const amount = this.textCell(r.amount, 8, style);
      return this.row('subtotal', this.columns.map((_, i) => (i === NAME_COLUMN ? label : i === 8 ? amount : { lines: [], align: 'left', indent: 0 })));
    }
    const color = r.muted ? c.muted : c.ink;
    const style = { size: BODY, color };
    const indent = Math.min(r.depth, 4) * INDENT;
    const cells = r.cells.map((text, i) => this.textCell(text, i, style, i === NAME_COLUMN ? indent : 0));
    if (r.spec) {
      const name = cells[NAME_COLUMN]!;
      const specStyle = { size: SPEC, color: c.muted };
      for (const text of this.canvas.wrap(r.spec, this.w[NAME_COLUMN]! - 2 * PAD_X - indent, specStyle)) name.lines.push({ text, style: specStyle });
    }
    if (r.qtyTerm) cells[3]!.lines.push(...this.textCell(r.qtyTerm, 3, { size: SPEC, color: c.muted }).lines);
    return this.row('line', cells);
  }

  /** Draw the table, starting at the canvas cursor. */
  draw(rows: RowContent[]): void {
    const head = this.header();
    const canvas = this.canvas;
    // The header row needs the room of itself and one line of text below it.
    canvas.ensure(head.height + 20);
    this.drawRow(head);
    const prepared = rows.map((r) => this.prepare(r));
    const fresh = canvas.bodyHeight - head.height;
    for (let i = 0; i < prepared.length; i++) {
      let row = prepared[i]!;
      // A group heading stays with (the start of) its first line.
      const next = row.kind === 'group' ? prepared[i + 1] : undefined;
      const need = row.height + (next ? Math.min(next.height, 40) : 0);
      // A row that fits on a fresh page moves there whole; only a taller one is split.
      if (need > canvas.room && need <= fresh) this.breakPage(head);
      while (row.height > canvas.room) {
        const rest = this.split(row, canvas.room);
        this.breakPage(head);
        if (rest) row = rest;
      }
      this.drawRow(row);
    }
  }

  private breakPage(head: Row): void {
    this.canvas.addPage();
    this.drawRow(head);
  }

  /**
   * Draw as much of a too-tall row as fits in `room` and return the rest, or undefined when
   * not even one line of it fits (the caller moves the whole row to the next page).
   */
  private split(row: Row, room: number): Row | undefined {
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
    this.drawRow(this.row(row.kind, here));
    return this.row(row.kind, rest);
  }

  private drawRow(row: Row): void {
    const canvas = this.canvas;
    const top = canvas.y;
    const c = canvas.colors;
    if (row.kind === 'head' || row.kind === 'group') {
      canvas.page.drawRectangle({ x: canvas.left, y: top - row.height, width: canvas.width, height: row.height, color: row.kind === 'head' ? c.accent : c.tint });
    }
    row.cells.forEach((cell, i) => {
      const x = row.kind === 'group' ? canvas.left : this.x[i]!;
      const w = row.kind === 'group' ? canvas.width : this.w[i]!;
      let y = top - PAD_Y;
      for (const line of cell.lines) {
        canvas.text(line.text, x + PAD_X + cell.indent, y, line.style, cell.align, w - 2 * PAD_X - cell.indent);
        y -= Canvas.leading(line.style.size);
      }
    });
    if (row.kind !== 'head') canvas.rule(top - row.height, canvas.left, canvas.right, row.kind === 'subtotal' ? 0.8 : 0.4);
    canvas.y = top - row.height;
  }
}
