import { BlendMode, type PDFImage } from 'pdf-lib';
import { Canvas } from './canvas.js';
import type { Content } from './content.js';
import type { Block } from './flow.js';
import { block, flow } from './header.js';
import type { LayoutLabels } from './layout-strings.js';

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

/** A seal image and the size it prints at (points), over signature block `block`. */
export interface SealPlacement {
  image: PDFImage;
  width: number;
  block: number;
}

const SECTION_HEAD = 9;
const SECTION_TEXT = 8;
const END_MARK = 8;

/**
 * Everything after the table as blocks for the page flow: the totals with the amount in words
 * (one block, kept with the last rows before it and with the start of what follows); payment
 * terms, validity and the terms and conditions (a heading kept with the first two lines of its
 * text, no paragraph leaving one line alone at the foot or top of a page); the end mark
 * 以下无正文; the signature area. The last lines of the text, the end mark and the signature
 * area stay on one page, so a last page never holds only the signature boxes.
 */
export function closingBlocks(canvas: Canvas, content: Content, labels: LayoutLabels, seal?: SealPlacement): Block[] {
  const out: Block[] = [];
  out.push({ height: canvas.measureHeight(() => drawTotals(canvas, content)), keepWithNext: true, draw: () => drawTotals(canvas, content) });
  const c = canvas.colors;
  const text = { size: SECTION_TEXT };
  content.sections.forEach((s, si) => {
    const headStyle = { size: SECTION_HEAD, bold: true, color: c.accent };
    const headLines = canvas.wrap(s.heading, canvas.width, headStyle);
    out.push({
      height: headLines.length * Canvas.leading(SECTION_HEAD) + 2,
      keepWithNext: true,
      draw: () => {
        canvas.y = block(canvas, s.heading, canvas.left, canvas.y, canvas.width, headStyle) - 2;
      },
    });
    s.paragraphs.forEach((p, pi) => {
      const lines = canvas.wrap(p, canvas.width, text);
      const lastOfSection = pi === s.paragraphs.length - 1;
      const lastOfText = lastOfSection && si === content.sections.length - 1;
      lines.forEach((line, li) => {
        const last = li === lines.length - 1;
        const height = Canvas.leading(SECTION_TEXT) + (last ? 3 : 0) + (last && lastOfSection ? 8 : 0);
        // Two lines at least on each side of a break: the first keeps with the second, the
        // one before the last with the last; the text's last line with the end mark.
        const keepWithNext = (li === 0 && lines.length > 1) || li === lines.length - 2 || (last && lastOfText);
        out.push({
          height,
          keepWithNext,
          draw: () => {
            canvas.text(line, canvas.left, canvas.y, text);
            canvas.y -= height;
          },
        });
      });
    });
  });
  const signatures = content.signatures;
  const endHeight = Canvas.leading(END_MARK) + 10;
  out.push({
    height: endHeight,
    keepWithNext: signatures !== undefined,
    draw: () => {
      canvas.text(labels.endMark, canvas.left, canvas.y, { size: END_MARK, color: c.muted }, 'center', canvas.width);
      canvas.y -= endHeight;
    },
  });
  if (signatures) out.push({ height: canvas.measureHeight(() => drawSignatures(canvas, content, seal)), draw: () => drawSignatures(canvas, content, seal) });
  return out;
}

/**
 * The signature area: one box per party with lines to sign and date, and a round seal area —
 * or, over the block `seal` names, the seal image at its real size, inside the box (the box
 * grows to hold it), multiplied onto the page as ink is, so the text under it stays legible.
 */
export function drawSignatures(canvas: Canvas, content: Content, seal?: SealPlacement): void {
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
  // Real size, whatever the box: a seal wider than a narrow box overlaps its edge, as on paper.
  const sealSize = seal ? { w: seal.width, h: (seal.width * seal.image.height) / seal.image.width } : undefined;
  // The seal goes under the block's title, over the name and the lines to sign, as pressed on
  // paper; the box grows to hold it.
  const sealBlock = seal && s.blocks[seal.block];
  const sealTop = sealBlock ? 7 + canvas.wrap(sealBlock.title, inner, titleStyle).length * Canvas.leading(9) + 2 : 0;
  const height = Math.max(118, head + 90, sealSize ? sealTop + sealSize.h + 6 : 0);
  canvas.ensure(Canvas.leading(9) + 4 + height);
  canvas.y = block(canvas, s.heading, canvas.left, canvas.y, canvas.width, { size: 9, bold: true, color: c.accent }) - 4;
  const top = canvas.y;
  const radius = Math.min(30, width / 5);
  s.blocks.forEach((b, i) => {
    const x = canvas.left + i * (width + gap);
    canvas.page.drawRectangle({ x, y: top - height, width, height, borderColor: c.rule, borderWidth: 0.6 });
    let y = block(canvas, b.title, x + 8, top - 7, inner, titleStyle);
    if (b.party) y = block(canvas, b.party, x + 8, y, inner, partyStyle);
    const sealed = seal !== undefined && sealSize !== undefined && seal.block === i;
    const lineEnd = b.seal !== false || sealed ? x + width - 2 * radius - 16 : x + width - 8;
    const signAt = top - 7 - head - 16;
    for (const [label, at] of [[s.sign, signAt], [s.date, signAt - 32]] as const) {
      canvas.text(label, x + 8, at, { size: 7.5, color: c.muted });
      canvas.rule(at - 20, x + 8, lineEnd, 0.5, c.muted);
    }
    if (sealed) {
      const sx = Math.max(canvas.left, x + width - 4 - sealSize.w);
      const sy = top - sealTop - sealSize.h;
      canvas.page.drawImage(seal.image, { x: sx, y: sy, width: sealSize.w, height: sealSize.h, blendMode: BlendMode.Multiply });
    } else if (b.seal !== false) {
      const cx = x + width - radius - 10;
      const cy = top - height + radius + 10;
      canvas.page.drawEllipse({ x: cx, y: cy, xScale: radius, yScale: radius, borderColor: c.rule, borderWidth: 0.6, borderDashArray: [2, 2] });
      canvas.text(s.seal, cx - radius, cy + 4, { size: 7, color: c.muted }, 'center', 2 * radius);
    }
  });
  canvas.y = top - height - 10;
}
