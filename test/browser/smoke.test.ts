// Proves the browser test set-up itself: TypeScript through esbuild, decimal.js (ESM) and
// json-logic-js (CommonJS) through the kit's core modules, and pdf-lib's ESM bundle.
import { expect } from '@open-wc/testing';
import { PDFDocument } from 'pdf-lib';
import { Dec } from '../../src/core/decimal.js';
import { compileCondition } from '../../src/core/logic.js';

describe('browser toolchain', () => {
  it('does exact decimal arithmetic with decimal.js', () => {
    expect(new Dec('0.1').plus('0.2').toString()).to.equal('0.3');
    expect(new Dec('1200.00').times('10').times('12').toFixed(2)).to.equal('144000.00');
  });

  it('evaluates JsonLogic conditions with json-logic-js (CommonJS)', () => {
    const bigDeal = compileCondition({ '>=': [{ var: 'line.qty' }, 100] });
    expect(bigDeal({ line: { qty: 120 } })).to.equal(true);
    expect(bigDeal({ line: { qty: 10 } })).to.equal(false);
    expect(compileCondition(undefined)({})).to.equal(true);
  });

  it('loads pdf-lib and writes a PDF', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([200, 100]);
    const bytes = await doc.save();
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).to.equal('%PDF-');
  });
});
