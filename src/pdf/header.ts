import type { PDFImage } from 'pdf-lib';
import { Canvas, type TextStyle } from './canvas.js';
import type { Content, PartyContent } from './content.js';

const LOGO_MAX_W = 150;
const LOGO_MAX_H = 44;

/** Draw wrapped lines top-down from `top` inside [x, x + width]; returns the y below them. */
export function block(canvas: Canvas, text: string, x: number, top: number, width: number, style: TextStyle, align: 'left' | 'right' = 'left'): number {
  let y = top;
  for (const line of canvas.wrap(text, width, style)) {
    canvas.text(line, x, y, style, align, width);
    y -= Canvas.leading(style.size);
  }
  return y;
}

/**
 * Page 1's head: logo and seller name on the left; title, quote number, version, dates and
 * currency on the right; an accent rule; the draft warning when the quote is not orderable.
 */
export function drawHeader(canvas: Canvas, content: Content, logo: PDFImage | undefined, sellerName: string | undefined): void {
  const top = canvas.y;
  const c = canvas.colors;
  const half = canvas.width / 2;
  let left = top;
  if (logo) {
    const k = Math.min(LOGO_MAX_W / logo.width, LOGO_MAX_H / logo.height, 1);
    const w = logo.width * k;
    const h = logo.height * k;
    canvas.page.drawImage(logo, { x: canvas.left, y: top - h, width: w, height: h });
    left = top - h - 6;
  }
  if (sellerName) left = block(canvas, sellerName, canvas.left, left, half - 12, { size: 11, bold: true });

  let right = block(canvas, content.title, canvas.left + half, top, half, { size: titleSize(canvas, content.title, half), bold: true, color: c.accent }, 'right') - 4;
  for (const f of content.headerFields) right = block(canvas, f, canvas.left + half, right, half, { size: 8, color: c.muted }, 'right');

  canvas.y = Math.min(left, right) - 6;
  canvas.rule(canvas.y, canvas.left, canvas.right, 1.5, c.accent);
  canvas.y -= 10;
  if (content.draft) canvas.y = block(canvas, content.draft, canvas.left, canvas.y, canvas.width, { size: 9, bold: true, color: c.warn }) - 6;
}

/** Title sizes from the largest down: a long title takes a smaller one before it takes more lines. */
const TITLE_SIZES = [20, 18, 16, 14, 12];
const TITLE_LINES = 3;

/** The largest title size at which the title takes at most three lines (else the smallest). */
function titleSize(canvas: Canvas, title: string, width: number): number {
  for (const size of TITLE_SIZES) {
    if (canvas.wrap(title, width, { size, bold: true }).length <= TITLE_LINES) return size;
  }
  return TITLE_SIZES.at(-1)!;
}

function party(canvas: Canvas, p: PartyContent, x: number, top: number, width: number): number {
  const c = canvas.colors;
  let y = block(canvas, p.heading, x, top, width, { size: 7.5, bold: true, color: c.accent }) - 1;
  y = block(canvas, p.name, x, y, width, { size: 9.5, bold: true });
  for (const f of p.fields) y = block(canvas, f, x, y, width, { size: 7.5 });
  return y;
}

/** Draw wrapped text line by line, starting new pages as needed (for text of any length). */
export function flow(canvas: Canvas, text: string, x: number, width: number, style: TextStyle): void {
  const h = Canvas.leading(style.size);
  for (const line of canvas.wrap(text, width, style)) {
    canvas.ensure(h);
    canvas.text(line, x, canvas.y, style);
    canvas.y -= h;
  }
}

/**
 * Buyer (left) and seller (right) side by side, drawn whole where they fit; blocks longer than
 * what is left of the page (a 2,000-character address) flow on, each column down its side of
 * the pages, from where they start — page 1 is never left blank below the header.
 */
export function drawParties(canvas: Canvas, content: Content): void {
  const parties = [content.buyer, content.seller].filter((p): p is PartyContent => p !== undefined);
  if (parties.length === 0) return;
  const gap = 16;
  const width = (canvas.width - gap) / 2;
  const height = Math.max(...parties.map((p) => partyHeight(canvas, p, width)));
  if (height > canvas.room && (height <= canvas.bodyHeight ? canvas.room < canvas.bodyHeight / 3 : canvas.room < MIN_FLOW_START)) canvas.addPage();
  if (height <= canvas.room) {
    const bottoms = parties.map((p, i) => party(canvas, p, canvas.left + i * (width + gap), canvas.y, width));
    canvas.y = Math.min(...bottoms) - 10;
    return;
  }
  flowColumns(canvas, parties.map((p, i) => ({ x: canvas.left + i * (width + gap), width, lines: partyLines(canvas, p, width) })));
  canvas.y -= 10;
}

/** Room below which a block that flows on starts on the next page instead. */
const MIN_FLOW_START = 60;

interface FlowLine {
  text: string;
  style: TextStyle;
  /** Space after the line. */
  after: number;
}

function partyLines(canvas: Canvas, p: PartyContent, width: number): FlowLine[] {
  const c = canvas.colors;
  const out: FlowLine[] = [];
  const add = (text: string, style: TextStyle, after = 0): void => {
    const lines = canvas.wrap(text, width, style);
    lines.forEach((line, i) => out.push({ text: line, style, after: i === lines.length - 1 ? after : 0 }));
  };
  add(p.heading, { size: 7.5, bold: true, color: c.accent }, 1);
  add(p.name, { size: 9.5, bold: true });
  for (const f of p.fields) add(f, { size: 7.5 });
  return out;
}

/**
 * Columns of lines side by side that go on over as many pages as they need, each down its own
 * side from the same start; the cursor ends below the column that ends last.
 */
function flowColumns(canvas: Canvas, columns: { x: number; width: number; lines: FlowLine[] }[]): void {
  const first = canvas.pages.length - 1;
  const startY = canvas.y;
  let end = { page: first, y: startY };
  for (const col of columns) {
    let page = first;
    canvas.page = canvas.pages[page]!;
    canvas.y = startY;
    for (const line of col.lines) {
      const h = Canvas.leading(line.style.size);
      if (h > canvas.room) {
        page++;
        if (page === canvas.pages.length) canvas.addPage();
        else {
          canvas.page = canvas.pages[page]!;
          canvas.y = canvas.size[1] - canvas.top;
        }
      }
      canvas.text(line.text, col.x, canvas.y, line.style);
      canvas.y -= h + line.after;
    }
    if (page > end.page || (page === end.page && canvas.y < end.y)) end = { page, y: canvas.y };
  }
  canvas.page = canvas.pages[end.page]!;
  canvas.y = end.y;
}

function partyHeight(canvas: Canvas, p: PartyContent, width: number): number {
  const lines = (text: string, size: number, bold = false): number => canvas.wrap(text, width, { size, bold }).length * Canvas.leading(size);
  return lines(p.heading, 7.5, true) + 1 + lines(p.name, 9.5, true) + p.fields.reduce((h, f) => h + lines(f, 7.5), 0);
}
