/**
 * The status on every page (issue 13, item 2): a quote that is not final — waiting for
 * approval, with errors, expired, superseded — carries its mark as a header mark (pdftotext
 * finds it at the top of every page) and as a diagonal watermark (pdftoppm: the pixels that
 * differ from the same document printed final lie along the page diagonal, on every page); an
 * approved quote carries none; a quote with errors prints no signature blocks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentStatus, type DocumentStatus } from '../src/pdf/document-status.js';
import { loadNotoSansSC, PdfInputError, renderQuotePdf, type QuotePdfOptions } from '../src/pdf/index.js';
import { approve, send, snapshot, submit, type Lifecycle, type LifecycleQuote, type QuoteState } from '../src/quote/index.js';
import type { PricedQuote, Quote } from '../src/types.js';
import { bigQuote, compressorCatalog, crmCatalog, priced, sellerEn, sellerZh } from './fixtures/pdf-quotes.js';
import { pdfinfo, render, save, text, words, type Bitmap } from './fixtures/pdf-tools.js';
import { readFileSync } from 'node:fs';

const font = await loadNotoSansSC();
/** Within every fixture's validity (2026-10-15 … 2026-11-14). */
const when = '2026-10-16T09:30:00+08:00';
const squash = (s: string): string => s.replace(/\s+/g, '');
const MARKS = ['草稿', '待审批', '已过期', '已作废', 'DRAFT', 'PENDINGAPPROVAL', 'EXPIRED', 'SUPERSEDED'];

/** 30 lines with a 20 % quote discount (manager approval) and a line below its floor: two or more pages. */
function needsApproval(locale: 'zh-CN' | 'en'): Quote {
  const q = bigQuote(30, locale);
  q.discount = { percent: '20' };
  q.lines[0]!.discount = { unitPrice: '30' };
  return q;
}
const errors = JSON.parse(readFileSync(new URL('./fixtures/quotes/compressor-rule-errors.json', import.meta.url), 'utf8')) as Quote;
/** The same errors after 25 good lines: several pages. */
const manyErrors: Quote = { ...errors, lines: [...Array.from({ length: 25 }, (_, i) => ({ ...errors.lines[0]!, id: `G${i + 1}` })), ...errors.lines] };

const zhPending = priced(needsApproval('zh-CN'));
const enPending = priced(needsApproval('en'));
const zhOptions: QuotePdfOptions = { font, seller: sellerZh, catalog: crmCatalog, creationDate: when };
const enOptions: QuotePdfOptions = { seller: sellerEn, locale: 'en', creationDate: when };

/** The quote approved through the lifecycle, for these prices. */
function approved(quote: Quote, pq: PricedQuote, then?: 'send'): Lifecycle {
  const ctx = { at: '2026-10-15T10:00:00+08:00', actor: 'li.manager' };
  const snap = snapshot(pq);
  let r = submit(quote as LifecycleQuote, snap, ctx);
  assert.ok(r.ok, JSON.stringify(r));
  r = approve(r.quote, snap, ctx);
  assert.ok(r.ok && r.quote.lifecycle?.state === 'approved', JSON.stringify(r));
  if (then === 'send') {
    r = send(r.quote, snap, ctx);
    assert.ok(r.ok, JSON.stringify(r));
  }
  return r.quote.lifecycle!;
}

async function doc(pq: PricedQuote, options: QuotePdfOptions, name: string): Promise<{ path: string; pages: number }> {
  const path = save(await renderQuotePdf(pq, options), name);
  return { path, pages: Number(pdfinfo(path).get('Pages')) };
}

/** The header mark: the mark's words near the top of the page (y < 36 pt, the top margin), on every page. */
function assertMarkedEveryPage(d: { path: string; pages: number }, mark: string): void {
  for (let p = 1; p <= d.pages; p++) {
    assert.ok(squash(text(d.path, p)).includes(squash(mark)), `page ${p} of ${d.pages}: pdftotext finds ${mark}`);
    const top = words(d.path, p).filter((w) => w.y < 36).map((w) => w.text).join(' ');
    assert.ok(top.includes(mark), `page ${p}: "${mark}" in the top margin, found "${top}"`);
  }
}

function assertNoMark(d: { path: string; pages: number }): void {
  for (let p = 1; p <= d.pages; p++) {
    const t = squash(text(d.path, p));
    assert.deepEqual(MARKS.filter((m) => t.includes(m)), [], `page ${p} has no status mark`);
  }
}

describe('marked on every page', () => {
  const cases: [string, () => Promise<{ path: string; pages: number }>, string][] = [
    ['zh-CN, needs approval (no lifecycle: a draft)', () => doc(zhPending, zhOptions, 'zh-pending'), '待审批'],
    ['en, needs approval, submitted', async () => doc(enPending, { ...enOptions, lifecycle: { state: 'approval-pending', approvals: [], history: [] } }, 'en-pending'), 'PENDING APPROVAL'],
    ['zh-CN, approved for other prices (the discount changed since)', async () => {
      const before = needsApproval('zh-CN');
      const lifecycle = approved(before, priced(before));
      const changed = priced({ ...before, discount: { percent: '22' } });
      return doc(changed, { ...zhOptions, lifecycle }, 'zh-changed');
    }, '待审批'],
    ['zh-CN, errors: a draft', () => doc(priced(manyErrors, compressorCatalog), { font, creationDate: '2026-12-16T09:00:00+08:00' }, 'zh-errors'), '草稿'],
    ['en, past validUntil at the document\'s date', () => doc(priced(bigQuote(30, 'en')), { ...enOptions, creationDate: '2026-11-15T09:00:00Z' }, 'en-expired'), 'EXPIRED'],
    ['zh-CN, approved and sent, then expired', async () => {
      const q = needsApproval('zh-CN');
      const pq = priced(q);
      return doc(pq, { ...zhOptions, lifecycle: approved(q, pq, 'send'), creationDate: '2026-11-20T09:00:00+08:00' }, 'zh-sent-expired');
    }, '已过期'],
    ['zh-CN, superseded (the lifecycle)', () => doc(priced(bigQuote(30, 'zh-CN')), { ...zhOptions, lifecycle: { state: 'superseded', approvals: [], history: [] } }, 'zh-superseded'), '已作废'],
    ['en, superseded (the host says so: options.status)', () => doc(priced(bigQuote(30, 'en')), { ...enOptions, status: 'superseded' }, 'en-superseded'), 'SUPERSEDED'],
    ['en, rejected: back to a draft', () => doc(priced(bigQuote(30, 'en')), { ...enOptions, lifecycle: { state: 'rejected', approvals: [], history: [] } }, 'en-rejected'), 'DRAFT'],
    ['a zh-CN quote printed in English carries the English mark', () => doc(zhPending, { ...zhOptions, locale: 'en' }, 'zh-as-en'), 'PENDING APPROVAL'],
  ];
  for (const [name, make, mark] of cases) {
    it(`${name}: ${mark}`, async () => {
      const d = await make();
      assert.ok(d.pages >= 2, `${d.pages} pages`);
      assertMarkedEveryPage(d, mark);
    });
  }
});

describe('no mark on a final quote', () => {
  const cases: [string, () => Promise<{ path: string; pages: number }>][] = [
    ['needs no approval (a draft that may be sent as it is)', () => doc(priced(bigQuote(30, 'zh-CN')), zhOptions, 'zh-clean')],
    ['approved for these prices', async () => {
      const q = needsApproval('zh-CN');
      const pq = priced(q);
      return doc(pq, { ...zhOptions, lifecycle: approved(q, pq) }, 'zh-approved');
    }],
    ['approved and sent (en)', async () => {
      const q = needsApproval('en');
      const pq = priced(q);
      return doc(pq, { ...enOptions, lifecycle: approved(q, pq, 'send') }, 'en-sent');
    }],
    ['the host says final', () => doc(enPending, { ...enOptions, status: 'final' }, 'en-final')],
  ];
  for (const [name, make] of cases) {
    it(name, async () => assertNoMark(await make()));
  }
});

/** Darker by more than a few grey levels in `marked` than in `clean`, at each pixel. */
function darker(marked: Bitmap, clean: Bitmap): (x: number, y: number) => boolean {
  assert.equal(marked.width, clean.width);
  return (x, y) => clean.pixels[y * clean.width + x]! - marked.pixels[y * marked.width + x]! > 6;
}

describe('the watermark is drawn (pdftoppm)', () => {
  for (const [name, pq, options] of [['zh-CN', zhPending, zhOptions], ['en', enPending, enOptions]] as const) {
    it(`${name}: across the page diagonal of every page, nowhere else but the header mark`, async () => {
      const marked = await doc(pq, options, `${name}-wm`);
      const clean = await doc(pq, { ...options, status: 'final' }, `${name}-wm-clean`);
      assert.equal(marked.pages, clean.pages);
      for (let p = 1; p <= marked.pages; p++) {
        const [a, b] = [render(marked.path, p, 36), render(clean.path, p, 36)];
        const differs = darker(a, b);
        const k = a.dpi / 72;
        const [w, h] = [a.width / k, a.height / k];
        // Distance (points) from the diagonal through the centre, bottom-left to top-right.
        const norm = Math.hypot(w, h);
        let band = 0;
        let outside = 0;
        const alongBand = new Set<number>();
        for (let y = 0; y < a.height; y++) {
          for (let x = 0; x < a.width; x++) {
            if (!differs(x, y)) continue;
            const [px, py] = [x / k, h - y / k];
            const dist = Math.abs(h * (px - w / 2) - w * (py - h / 2)) / norm;
            if (dist < 110) {
              band++;
              // Which fifth of the diagonal the pixel lies along.
              alongBand.add(Math.floor((((px - w / 2) * w + (py - h / 2) * h) / norm / norm + 0.5) * 5));
            } else if (y / k > 36) outside++;
          }
        }
        assert.ok(band > 400, `page ${p}: ${band} watermark pixels along the diagonal`);
        assert.ok([1, 2, 3].every((f) => alongBand.has(f)), `page ${p}: the watermark spans the middle of the diagonal (${[...alongBand].sort()})`);
        assert.ok(outside < band / 50, `page ${p}: ${outside} changed pixels off the diagonal and below the top margin`);
      }
    });
  }

  it('the check can fail: a final document differs from itself nowhere', async () => {
    const clean = await doc(enPending, { ...enOptions, status: 'final' }, 'en-final-2');
    const differs = darker(render(clean.path, 1, 36), render(clean.path, 1, 36));
    const bmp = render(clean.path, 1, 36);
    let n = 0;
    for (let y = 0; y < bmp.height; y++) for (let x = 0; x < bmp.width; x++) if (differs(x, y)) n++;
    assert.equal(n, 0);
  });
});

describe('a quote with errors prints no signature blocks', () => {
  // The block's heading, its signing line and its seal area (甲方/乙方 also head the parties).
  const signed = ['确认与签署', '授权代表', '（盖章）'];
  it('none by default, none when the host asks for blocks; the control quote without errors has them', async () => {
    const pq = priced(manyErrors, compressorCatalog);
    assert.equal(pq.orderable, false);
    for (const options of [{ font, creationDate: when }, { font, creationDate: when, signatures: [{ title: '采购方确认', party: '宁波海越电子材料有限公司' }] }]) {
      const t = squash(text((await doc(pq, options, 'errors-nosig')).path));
      assert.deepEqual([...signed, '采购方确认'].filter((s) => t.includes(s)), []);
      assert.ok(t.includes('草稿'));
    }
    const fine = { ...errors, lines: errors.lines.slice(0, 1) };
    const control = priced(fine, compressorCatalog);
    assert.equal(control.orderable, true);
    const t = squash(text((await doc(control, { font, creationDate: when }, 'control-sig')).path));
    for (const s of signed) assert.ok(t.includes(s), s);
  });
});

describe('status options', () => {
  const rejects = async (options: unknown, path: string, message: RegExp, pq: PricedQuote = enPending) => {
    await assert.rejects(renderQuotePdf(pq, { ...enOptions, ...(options as QuotePdfOptions) }), (e: unknown) => {
      assert.ok(e instanceof PdfInputError, String(e));
      assert.equal(e.path, path);
      assert.match(e.message, message);
      return true;
    });
  };
  it('bad values are located errors', async () => {
    await rejects({ status: 'approved' }, 'options.status', /must be one of "draft", "pending-approval", "expired", "superseded", "final", got "approved"/);
    await rejects({ lifecycle: 'approved' }, 'options.lifecycle', /must be the quote's lifecycle object/);
    await rejects({ lifecycle: { state: 'done' } }, 'options.lifecycle.state', /must be one of draft, approval-pending/);
    await rejects({ lifecycle: { state: 'approved', approvals: {} } }, 'options.lifecycle.approvals', /must be an array/);
    await rejects({ lifecycle: { state: 'approved', approvals: [{ ruleId: 1, level: 'manager', digest: 'x' }] } }, 'options.lifecycle.approvals[0].ruleId', /must be a string/);
  });

  it('"final" is refused for a quote with errors', async () => {
    await rejects({ status: 'final', locale: 'zh-CN', font }, 'options.status', /"final" for a quote with errors/, priced(errors, compressorCatalog));
  });
});

describe('documentStatus', () => {
  const table: [QuoteState, boolean, boolean, DocumentStatus][] = [
    // state, approval pending, errors → status
    ['draft', false, false, 'final'],
    ['draft', true, false, 'pending-approval'],
    ['draft', true, true, 'draft'],
    ['draft', false, true, 'draft'],
    ['approval-pending', false, false, 'pending-approval'],
    ['approval-pending', true, true, 'draft'],
    ['approved', false, false, 'final'],
    ['approved', true, false, 'pending-approval'],
    ['rejected', false, false, 'draft'],
    ['sent', false, false, 'final'],
    ['accepted', false, false, 'final'],
    ['ordered', false, false, 'final'],
    ['expired', false, false, 'expired'],
    ['expired', true, true, 'expired'],
    ['superseded', false, false, 'superseded'],
    ['superseded', true, true, 'superseded'],
  ];
  for (const [state, approvalPending, hasErrors, expected] of table) {
    it(`${state}${approvalPending ? ', approval pending' : ''}${hasErrors ? ', errors' : ''} → ${expected}`, () => {
      assert.equal(documentStatus({ state, approvalPending, hasErrors }), expected);
    });
  }
});
