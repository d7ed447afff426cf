import { Canvas } from './canvas.js';
import type { Content } from './content.js';
import { block, flow } from './header.js';

const TOTALS_WIDTH = 300;
const VALUE_WIDTH = 110;

/**
 * The totals under the table, kept together on one page: list, discount, net, each tax rate
 * with its base, the total; then the total in words across the page.
 */
export function drawTotals(canvas: Canvas, content: Content): void {
  const c = canvas.colors;
  const x = canvas.right - TOTALS_WIDTH;
  const labelWidth = TOTALS_WIDTH - VALUE_WIDTH - 8;
  const rows = content.totals.map((r) => {
    const style = { size: r.strong ? 9.5 : 8, bold: r.strong === true };
    const lines = canvas.wrap(r.label, labelWidth, style);
    return { ...r, style, lines, height: lines.length * Canvas.leading(style.size) + 3 };
  });
  const wordsStyle = { size: 8.5, bold: true };
  const words = canvas.wrap(content.words, canvas.width, wordsStyle);
  const note = content.optionalNote ? canvas.wrap(content.optionalNote, canvas.width, { size: 7 }) : [];
  const height = 8 + note.length * Canvas.leading(7) + rows.reduce((h, r) => h + r.height, 0) + 8 + words.length * Canvas.leading(8.5) + 12;
  canvas.y -= 8;
  // Totals belong together; only a page-long list of tax rates would ever need to split.
  if (height <= canvas.bodyHeight) canvas.ensure(height);
  for (const line of note) {
    canvas.ensure(Canvas.leading(7));
    canvas.text(line, canvas.left, canvas.y, { size: 7, color: c.muted });
    canvas.y -= Canvas.leading(7);
  }
  for (const r of rows) {
    canvas.ensure(r.height);
    if (r.strong) canvas.rule(canvas.y + 1, x, canvas.right, 0.8, c.accent);
    let y = canvas.y - 1.5;
    for (const line of r.lines) {
      canvas.text(line, x, y, r.style, 'left');
      y -= Canvas.leading(r.style.size);
    }
    canvas.text(r.value, canvas.right - VALUE_WIDTH, canvas.y - 1.5, { ...r.style, color: r.strong ? c.accent : c.ink }, 'right', VALUE_WIDTH);
    canvas.y -= r.height;
  }
  canvas.y -= 8;
  flow(canvas, content.words, canvas.left, canvas.width, wordsStyle);
  canvas.y -= 12;
}

/** Payment terms, validity and the terms and conditions: headings and flowing paragraphs. */
export function drawSections(canvas: Canvas, content: Content): void {
  const c = canvas.colors;
  for (const s of content.sections) {
    // A heading never ends a page: keep it with the first two lines of its text.
    canvas.ensure(Canvas.leading(9) + 2 * Canvas.leading(8) + 4);
    canvas.y = block(canvas, s.heading, canvas.left, canvas.y, canvas.width, { size: 9, bold: true, color: c.accent }) - 2;
    for (const p of s.paragraphs) {
      flow(canvas, p, canvas.left, canvas.width, { size: 8 });
      canvas.y -= 3;
    }
    canvas.y -= 8;
  }
}

/** The signature area: one box per party with lines to sign and date, and a round seal area. */
export function drawSignatures(canvas: Canvas, content: Content): void {
  const s = content.signatures;
  if (!s) return;
  const c = canvas.colors;
  const gap = 14;
  const n = s.blocks.length;
  const width = (canvas.width - gap * (n - 1)) / n;
  const inner = width - 16;
  const titleStyle = { size: 9, bold: true };
  const partyStyle = { size: 8 };
  // The boxes grow with the longest title and party name, so nothing runs into the lines.
  const head = Math.max(...s.blocks.map((b) => canvas.wrap(b.title, inner, titleStyle).length * Canvas.leading(9) + (b.party ? canvas.wrap(b.party, inner, partyStyle).length * Canvas.leading(8) : 0)));
  const height = Math.max(118, head + 90);
  canvas.ensure(Canvas.leading(9) + 4 + height);
  canvas.y = block(canvas, s.heading, canvas.left, canvas.y, canvas.width, { size: 9, bold: true, color: c.accent }) - 4;
  const top = canvas.y;
  const radius = Math.min(30, width / 5);
  s.blocks.forEach((b, i) => {
    const x = canvas.left + i * (width + gap);
    canvas.page.drawRectangle({ x, y: top - height, width, height, borderColor: c.rule, borderWidth: 0.6 });
    let y = block(canvas, b.title, x + 8, top - 7, inner, titleStyle);
    if (b.party) y = block(canvas, b.party, x + 8, y, inner, partyStyle);
    const seal = b.seal !== false;
    const lineEnd = seal ? x + width - 2 * radius - 16 : x + width - 8;
    const signAt = top - 7 - head - 16;
    for (const [label, at] of [[s.sign, signAt], [s.date, signAt - 32]] as const) {
      canvas.text(label, x + 8, at, { size: 7.5, color: c.muted });
      canvas.rule(at - 20, x + 8, lineEnd, 0.5, c.muted);
    }
    if (seal) {
      const cx = x + width - radius - 10;
      const cy = top - height + radius + 10;
      canvas.page.drawEllipse({ x: cx, y: cy, xScale: radius, yScale: radius, borderColor: c.rule, borderWidth: 0.6, borderDashArray: [2, 2] });
      canvas.text(s.seal, cx - radius, cy + 4, { size: 7, color: c.muted }, 'center', 2 * radius);
    }
  });
  canvas.y = top - height - 10;
}
