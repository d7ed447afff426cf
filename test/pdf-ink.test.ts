/**
 * The page checks of test/pdf-layout.test.ts can fail (issue 13's Must-show: prove the check
 * fails on the output it was written against). Two documents drawn by hand with pdf-lib stand
 * for the old renderer's failures: a 15-digit amount whose last digit wrapped onto a second line
 * of its cell (as text: the word check sees two words), and the same digit drawn as a shape the
 * text layer does not know (the ink check sees it on the rendered page). The kit's own document
 * with the same figures passes both (test/pdf-layout.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { assertInkExplained, assertNumbersOnOneLine, type NumberCells } from './fixtures/pdf-numbers.js';
import { pageWords } from './fixtures/pdf-layout.js';
import { unexplainedInk } from './fixtures/pdf-ink.js';
import { save } from './fixtures/pdf-tools.js';

const cells: NumberCells = { qty: '5', list: '187,654,321,098,765.43', discount: '12%', net: '165,135,802,566,913.58', amount: '825,679,012,834,567.90' };

/** One table row: each figure in its column; `wrap` draws the amount's last digit below it, as text or as a shape. */
async function row(wrap?: 'text' | 'shape'): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  const y = 700;
  const size = 8;
  page.drawLine({ start: { x: 36, y: y + 12 }, end: { x: 559, y: y + 12 }, thickness: 0.5, color: rgb(0.5, 0.5, 0.5) });
  page.drawText(cells.qty, { x: 60, y, size, font });
  page.drawText(cells.list, { x: 90, y, size, font });
  page.drawText(cells.discount, { x: 200, y, size, font });
  page.drawText(cells.net, { x: 240, y, size, font });
  const amount = wrap ? cells.amount.slice(0, -1) : cells.amount;
  page.drawText(amount, { x: 460, y, size, font });
  if (wrap === 'text') page.drawText(cells.amount.slice(-1), { x: 460, y: y - 10, size, font });
  // A "0" as outlines: an ellipse the size of a digit, which no word of the text layer covers.
  if (wrap === 'shape') page.drawEllipse({ x: 462, y: y - 7, xScale: 2, yScale: 3, borderWidth: 0.9, borderColor: rgb(0, 0, 0) });
  page.drawLine({ start: { x: 36, y: y - 16 }, end: { x: 559, y: y - 16 }, thickness: 0.5, color: rgb(0.5, 0.5, 0.5) });
  return save(await doc.save(), `ink-${wrap ?? 'clean'}`);
}

describe('the page checks can fail', () => {
  it('a clean row passes both checks (the control)', async () => {
    const path = await row();
    assertNumbersOnOneLine(path, [cells]);
    assertInkExplained(path);
  });

  it('a last digit wrapped as text onto a second line fails the word check', async () => {
    const path = await row('text');
    assert.throws(() => assertNumbersOnOneLine(path, [cells]), /the amount 825,679,012,834,567\.90 is one word on the page/);
  });

  it('a last digit drawn where the text layer has nothing fails the ink check, at the place it was drawn', async () => {
    const path = await row('shape');
    assertNumbersOnOneLine(path, [{ ...cells, amount: cells.amount.slice(0, -1) }]);
    const blobs = unexplainedInk(path, 1, pageWords(path)[0]!);
    assert.equal(blobs.length, 1, JSON.stringify(blobs));
    const [b] = blobs;
    // pdf-lib's y is from the bottom: the ellipse's centre is 841.89 - 693 ≈ 149 pt from the top.
    assert.ok(b!.x >= 458 && b!.xMax <= 466 && b!.y >= 143 && b!.yMax <= 155, JSON.stringify(b));
    assert.throws(() => assertInkExplained(path), /ink no word accounts for/);
  });
});
