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

  let right = block(canvas, content.title, canvas.left + half, top, half, { size: 20, bold: true, color: c.accent }, 'right') - 4;
  for (const f of content.headerFields) right = block(canvas, f, canvas.left + half, right, half, { size: 8, color: c.muted }, 'right');

  canvas.y = Math.min(left, right) - 6;
  canvas.rule(canvas.y, canvas.left, canvas.right, 1.5, c.accent);
  canvas.y -= 10;
  if (content.draft) canvas.y = block(canvas, content.draft, canvas.left, canvas.y, canvas.width, { size: 9, bold: true, color: c.warn }) - 6;
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
 * Buyer (left) and seller (right) side by side, moved whole to a new page if they do not fit;
 * blocks too tall for any page (absurdly long addresses) flow one after the other instead.
 */
export function drawParties(canvas: Canvas, content: Content): void {
  const parties = [content.buyer, content.seller].filter((p): p is PartyContent => p !== undefined);
  if (parties.length === 0) return;
  const gap = 16;
  const width = (canvas.width - gap) / 2;
  // Measure first: a block is drawn whole, never across a page break.
  const height = Math.max(...parties.map((p) => partyHeight(canvas, p, width)));
  if (height > canvas.bodyHeight) {
    const c = canvas.colors;
    for (const p of parties) {
      flow(canvas, p.heading, canvas.left, canvas.width, { size: 7.5, bold: true, color: c.accent });
      flow(canvas, p.name, canvas.left, canvas.width, { size: 9.5, bold: true });
      for (const f of p.fields) flow(canvas, f, canvas.left, canvas.width, { size: 7.5 });
      canvas.y -= 10;
    }
    return;
  }
  canvas.ensure(height);
  const bottoms = parties.map((p, i) => party(canvas, p, canvas.left + i * (width + gap), canvas.y, width));
  canvas.y = Math.min(...bottoms) - 10;
}

function partyHeight(canvas: Canvas, p: PartyContent, width: number): number {
  const lines = (text: string, size: number, bold = false): number => canvas.wrap(text, width, { size, bold }).length * Canvas.leading(size);
  return lines(p.heading, 7.5, true) + 1 + lines(p.name, 9.5, true) + p.fields.reduce((h, f) => h + lines(f, 7.5), 0);
}
