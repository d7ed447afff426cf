import { degrees, rgb, type PDFPage } from 'pdf-lib';
import { own } from '../core/object.js';
import { pendingApprovals, stateOf } from '../quote/lifecycle-input.js';
import type { Lifecycle, LifecycleQuote } from '../quote/lifecycle-types.js';
import { snapshot } from '../quote/snapshot.js';
import type { PricedQuote } from '../types.js';
import type { Canvas } from './canvas.js';
import { documentStatus, isCleared, type DocumentStatus } from './document-status.js';
import { PdfInputError } from './errors.js';
import type { ResolvedOptions } from './options.js';
import type { DocQuote } from './validate-quote.js';

/**
 * The status a document carries (see `documentStatus`), from the host's explicit `status`,
 * else from the quote's lifecycle (`options.lifecycle`) and approvals at the document's date.
 * Without a lifecycle the quote is read as a draft: every approval it requires is pending, so
 * a host that passes nothing gets a marked document, never a clean one it did not vouch for.
 */
export function resolveStatus(pricedQuote: PricedQuote, q: DocQuote, o: ResolvedOptions): { status: DocumentStatus; hasErrors: boolean } {
  const issues = own(pricedQuote, 'issues');
  const hasErrors = !q.orderable || (Array.isArray(issues) && issues.some((i) => own(i, 'severity') === 'error'));
  if (o.status) {
    if (o.status === 'final' && hasErrors) {
      throw new PdfInputError('options.status', '"final" for a quote with errors (not orderable): fix the errors first; it can only be printed as a draft');
    }
    return { status: o.status, hasErrors };
  }
  const lifecycle: Lifecycle = o.lifecycle ?? { state: 'draft', approvals: [], history: [] };
  // Expiry is judged at the document's date, as stateOf judges it for a transition.
  const state = stateOf({ id: q.quoteId, lines: [], lifecycle, ...(q.validUntil ? { validUntil: q.validUntil } : {}) } as LifecycleQuote, o.creationDate.toISOString());
  const approvals = own(pricedQuote, 'approvals');
  const required = Array.isArray(approvals) && approvals.length > 0;
  // A customer's copy has no approvals, only the fact that some were required.
  let approvalPending = own(pricedQuote, 'reviewRequired') === true && !isCleared(state);
  if (required && !approvalPending) {
    // Only decisions bound to these prices count (an approval given for other prices does not);
    // with none recorded there is no digest to compute.
    approvalPending = lifecycle.approvals.length === 0 || pendingApprovals(lifecycle, snapshot(pricedQuote)).length > 0;
  }
  return { status: documentStatus({ state, approvalPending, hasErrors }), hasErrors };
}

const MARK_SIZE = 10;
const NOTE_SIZE = 7;
/** The header mark sits in the top margin, above anything the layout draws. */
const MARK_TOP = 11;
const MARK_HEIGHT = 17;
/** The watermark runs along the page diagonal over at most this share of it. */
const WATERMARK_SPAN = 0.62;
const WATERMARK_MAX_SIZE = 150;
const WATERMARK_OPACITY = 0.16;

/**
 * Draw the status on every page, once the pages exist: a boxed mark with a one-line note in the
 * top margin (text a reader and pdftotext find on each page) and the mark across the page
 * diagonal, translucent over the content, so that no page of an unapproved quote looks final.
 */
export function drawStatusMarks(canvas: Canvas, mark: string, note: string): void {
  const red = canvas.colors.warn;
  const bold = { size: MARK_SIZE, bold: true };
  const markW = canvas.measure(mark, bold);
  const boxW = markW + 12;
  const noteStyle = { size: NOTE_SIZE, color: red };
  const noteRoom = canvas.width - boxW - 10;
  const noteText = fit(canvas, note, noteRoom, noteStyle);
  const [pageW, pageH] = canvas.size;
  const font = canvas.face.bold;
  const wmSize = Math.min(WATERMARK_MAX_SIZE, (WATERMARK_SPAN * Math.hypot(pageW, pageH) * 1000) / Math.max(1, widthAt1000(canvas, mark)));
  const wmWidth = (widthAt1000(canvas, mark) * wmSize) / 1000;
  const angle = Math.atan2(pageH, pageW);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  // Centre the run on the page: back off half its width along the diagonal and a third of the
  // size across it (about half the height of capitals and CJK characters).
  const x = pageW / 2 - (wmWidth / 2) * cos + (wmSize / 3) * sin;
  const y = pageH / 2 - (wmWidth / 2) * sin - (wmSize / 3) * cos;
  const current = canvas.page;
  for (const page of canvas.pages) {
    canvas.page = page;
    drawWatermark(page, mark, { x, y, size: wmSize, angle, font, color: red });
    const top = pageH - MARK_TOP;
    const boxX = canvas.right - boxW;
    page.drawRectangle({ x: boxX, y: top - MARK_HEIGHT, width: boxW, height: MARK_HEIGHT, borderColor: red, borderWidth: 1.2, color: rgb(1, 1, 1) });
    canvas.text(mark, boxX, top - (MARK_HEIGHT - MARK_SIZE) / 2 + 0.5, { ...bold, color: red }, 'center', boxW);
    canvas.text(noteText, canvas.left, top - (MARK_HEIGHT - NOTE_SIZE) / 2, noteStyle, 'right', noteRoom);
  }
  canvas.page = current;
}

function drawWatermark(page: PDFPage, text: string, o: { x: number; y: number; size: number; angle: number; font: Canvas['face']['bold']; color: ReturnType<typeof rgb> }): void {
  page.drawText(text, { x: o.x, y: o.y, size: o.size, font: o.font, color: o.color, opacity: WATERMARK_OPACITY, rotate: degrees((o.angle * 180) / Math.PI) });
}

function widthAt1000(canvas: Canvas, text: string): number {
  return canvas.measure(text, { size: 1000, bold: true });
}

/** The note cut to one line (it explains the mark; the mark itself is never cut). */
function fit(canvas: Canvas, text: string, width: number, style: { size: number }): string {
  if (canvas.measure(text, style) <= width) return text;
  const chars = Array.from(text);
  while (chars.length > 1 && canvas.measure(chars.join('') + '…', style) > width) chars.pop();
  return chars.join('') + '…';
}
