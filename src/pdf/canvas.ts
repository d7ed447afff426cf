import {
  TextRenderingMode, popGraphicsState, pushGraphicsState, rgb, setLineWidth, setStrokingColor, setTextRenderingMode,
  type PDFDocument, type PDFPage, type RGB,
} from 'pdf-lib';
import type { Face } from './fonts.js';
import { wrapText } from './wrap.js';

/** The page a dry run draws on: every pdf-lib drawing call is accepted and does nothing. */
const NO_PAGE = new Proxy({}, { get: () => () => undefined }) as PDFPage;

/** Colours of the document; the accent comes from the options. */
export interface Palette {
  ink: RGB;
  muted: RGB;
  rule: RGB;
  accent: RGB;
  tint: RGB;
  warn: RGB;
}

/** The palette for an accent colour (r, g, b in 0..1); the tint is the accent at 10 %. */
export function palette([r, g, b]: [number, number, number]): Palette {
  const mix = (c: number): number => 1 - (1 - c) * 0.1;
  return {
    ink: rgb(0.13, 0.13, 0.13),
    muted: rgb(0.42, 0.42, 0.42),
    rule: rgb(0.78, 0.78, 0.78),
    accent: rgb(r, g, b),
    tint: rgb(mix(r), mix(g), mix(b)),
    warn: rgb(0.75, 0.1, 0.1),
  };
}

/** How a run of text is set. */
export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: RGB;
}

/**
 * A flowing page cursor: `y` runs down from the top margin; `ensure` starts a new page when
 * a block does not fit in what is left above the footer. Coordinates are PDF points (layout
 * numbers, never money).
 */
export class Canvas {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  y = 0;
  readonly left = 36;
  readonly top = 36;
  /** Room kept for the footer. */
  readonly bottom = 46;

  /** Pages a dry run has broken to (see `measureHeight`); 0 when drawing for real. */
  private dryBreaks = 0;
  private dry = false;

  constructor(
    readonly doc: PDFDocument,
    readonly face: Face,
    readonly size: [number, number],
    readonly colors: Palette,
  ) {}

  /**
   * The height `draw` takes when drawn from the top of a fresh page, drawing nothing: the
   * layout asks before it places a block that must stay with what precedes it (the totals with
   * the last rows). The drawing code runs unchanged against a page that ignores every call;
   * a block taller than a page measures as the pages it fills.
   */
  measureHeight(draw: () => void): number {
    const saved = { page: this.page, y: this.y };
    this.dry = true;
    this.dryBreaks = 0;
    this.page = NO_PAGE;
    const start = this.size[1] - this.top;
    this.y = start;
    try {
      draw();
      return this.dryBreaks * this.bodyHeight + (start - this.y);
    } finally {
      this.dry = false;
      this.page = saved.page;
      this.y = saved.y;
    }
  }

  /** Printable width between the side margins. */
  get width(): number {
    return this.size[0] - 2 * this.left;
  }

  /** Right edge of the printable area. */
  get right(): number {
    return this.size[0] - this.left;
  }

  /** Height a fresh page offers. */
  get bodyHeight(): number {
    return this.size[1] - this.top - this.bottom;
  }

  /** Space left on the current page. */
  get room(): number {
    return this.y - this.bottom;
  }

  /** Start a new page at the top margin. */
  addPage(): void {
    if (this.dry) {
      this.dryBreaks++;
      this.y = this.size[1] - this.top;
      return;
    }
    this.page = this.doc.addPage(this.size);
    this.pages.push(this.page);
    this.y = this.size[1] - this.top;
  }

  /** Make room for `height` points: a new page when the current one has less. True if it broke. */
  ensure(height: number): boolean {
    if (height <= this.room) return false;
    this.addPage();
    return true;
  }

  /** Width of `text` in points. */
  measure(text: string, style: TextStyle): number {
    let w = 0;
    for (const ch of text) w += this.face.advance(ch.codePointAt(0)!, style.bold);
    return (w * style.size) / 1000;
  }

  /** Wrap `text` to `width` points with the CJK line-breaking rules. */
  wrap(text: string, width: number, style: TextStyle): string[] {
    const k = style.size / 1000;
    return wrapText(text, width, (cp) => this.face.advance(cp, style.bold) * k);
  }

  /** Line height for a size. */
  static leading(size: number): number {
    return size * 1.32;
  }

  /**
   * Draw one line of text with its top at `top` (baseline derived from the size), aligned in
   * the box [x, x + width]. Empty strings draw nothing (pdf-lib would still write an operator).
   */
  text(text: string, x: number, top: number, style: TextStyle, align: 'left' | 'right' | 'center' = 'left', width = 0): void {
    if (text === '' || this.dry) return;
    // pdf-lib sets a "\n" as a line below, outside any height the layout reserved (a title
    // with a line break in the footer ran off the page): one line is one line.
    if (text.includes('\n')) text = text.replace(/\s*\n\s*/g, ' ');
    let at = x;
    if (align !== 'left') {
      const w = this.measure(text, style);
      at = align === 'right' ? x + width - w : x + (width - w) / 2;
    }
    const color = style.color ?? this.colors.ink;
    // A host font comes in one weight: bold is drawn as fill plus a thin outline of the same
    // colour (the usual faux bold), set outside drawText's own q…Q so it applies inside it.
    const fauxBold = style.bold === true && this.face.custom;
    if (fauxBold) {
      this.page.pushOperators(pushGraphicsState(), setTextRenderingMode(TextRenderingMode.FillAndOutline), setLineWidth(style.size * 0.035), setStrokingColor(color));
    }
    this.page.drawText(text, {
      x: at,
      y: top - style.size * 0.94,
      size: style.size,
      font: style.bold ? this.face.bold : this.face.regular,
      color,
    });
    if (fauxBold) this.page.pushOperators(popGraphicsState());
  }

  /** A horizontal rule at `y` from x1 to x2. */
  rule(y: number, x1 = this.left, x2 = this.right, thickness = 0.5, color = this.colors.rule): void {
    this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness, color });
  }
}
