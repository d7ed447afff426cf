/**
 * Quote documents are customer-safe by default (issue 13, item 1): the attached cpq-quote.json
 * is the customer's copy — read back with readQuoteFromPdf, `qpdf --show-attachment` and
 * poppler's `pdfdetach` and scanned recursively for seller-only fields — for every kind of
 * default document, the CLI's included; the seller's priced quote only with
 * `attachment: "internal-priced-quote"`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadNotoSansSC, PdfInputError, readQuoteFromPdf, renderQuotePdf, type QuotePdfOptions } from '../src/pdf/index.js';
import { pricedForCustomer, quoteDigest } from '../src/quote/index.js';
import type { Catalog, PricedQuote, Quote } from '../src/types.js';
import { bigQuote, compressorCatalog, compressorQuote, crmCatalog, priced, sellerEn, sellerZh } from './fixtures/pdf-quotes.js';
import { save, text, tool } from './fixtures/pdf-tools.js';
import { sellerOnly } from './fixtures/seller-only.js';

const font = await loadNotoSansSC();
const when = '2026-10-16T09:30:00+08:00';
const read = (name: string): Quote => JSON.parse(readFileSync(new URL(`./fixtures/quotes/${name}`, import.meta.url), 'utf8')) as Quote;

/** A quote with lines below their floor price (CRM-PRO floor 36.00, HW-SCANNER 750.00) and a 20 % quote discount. */
function belowFloor(locale: 'zh-CN' | 'en'): Quote {
  const q = bigQuote(16, locale);
  q.discount = { percent: '20' };
  q.lines[0]!.discount = { unitPrice: '30' };
  q.lines[8]!.discount = { unitPrice: '31' };
  q.lines[5]!.discount = { percent: '40' };
  return q;
}

const deep = (q: Quote): Quote => ({ ...q, discount: { percent: '35' } });

/** Every kind of default document: [name, priced quote, its catalog, options]. */
const documents: [string, PricedQuote, Catalog, QuotePdfOptions][] = [
  ['zh-CN, one line, no approval', priced(bigQuote(1, 'zh-CN')), crmCatalog, { font, seller: sellerZh }],
  ['zh-CN, below-floor lines and a discount approval', priced(belowFloor('zh-CN')), crmCatalog, { font, seller: sellerZh, catalog: crmCatalog }],
  ['en, below-floor lines (no font)', priced(belowFloor('en')), crmCatalog, { seller: sellerEn, locale: 'en' }],
  ['en, 35 % off: manager, director and margin approvals', priced(deep(bigQuote(8, 'en'))), crmCatalog, { seller: sellerEn, locale: 'en' }],
  ['partner price book with an opportunity', priced(read('partner-gold.json')), crmCatalog, { font }],
  ['tax-inclusive compressor with a nested bundle', priced(compressorQuote, compressorCatalog), compressorCatalog, { font, catalog: compressorCatalog }],
  ['a quote with errors', priced(read('compressor-rule-errors.json'), compressorCatalog), compressorCatalog, { font }],
];

/** The attachment three ways: the kit's reader, qpdf and poppler's pdfdetach. */
async function attachments(bytes: Uint8Array, name: string): Promise<unknown[]> {
  const path = save(bytes, name);
  const detached = `${path}.json`;
  // By number: pdfdetach 22.12's -savefile refuses every name ("Invalid file name").
  const listed = /^(\d+): cpq-quote\.json$/m.exec(tool('pdfdetach', ['-list', path]));
  assert.ok(listed, 'pdfdetach lists cpq-quote.json');
  tool('pdfdetach', ['-save', listed[1]!, '-o', detached, path]);
  return [
    await readQuoteFromPdf(bytes),
    JSON.parse(tool('qpdf', ['--show-attachment=cpq-quote.json', path])),
    JSON.parse(readFileSync(detached, 'utf8')),
  ];
}

describe('the attachment is the customer\'s copy by default', () => {
  for (const [name, pq, catalog, options] of documents) {
    it(name, async () => {
      const bytes = await renderQuotePdf(pq, { ...options, creationDate: when });
      const [kit, qpdf, poppler] = await attachments(bytes, 'customer');
      assert.deepEqual(qpdf, kit, 'qpdf reads what readQuoteFromPdf reads');
      assert.deepEqual(poppler, kit, 'pdfdetach reads what readQuoteFromPdf reads');
      for (const copy of [kit, qpdf, poppler]) assert.deepEqual(sellerOnly(copy, catalog), []);
      const copy = kit as PricedQuote & { reviewRequired: boolean };
      // The same prices: the customer's copy shares the seller's digest and keeps every line.
      assert.equal(quoteDigest(copy), quoteDigest(pq));
      assert.equal(copy.lines.length, pq.lines.length);
      assert.equal(copy.reviewRequired, pq.approvals.length > 0);
      assert.deepEqual(copy, JSON.parse(JSON.stringify({ ...pricedForCustomer(pq), reviewRequired: pq.approvals.length > 0 })));
    });
  }

  it('the scan finds the seller\'s fields in the priced quotes (it can fail)', () => {
    const [, floor, catalog] = documents[1]!;
    const found = sellerOnly(JSON.parse(JSON.stringify(floor)), catalog);
    for (const what of ['.cost (a seller-only key)', '.margin (a seller-only key)', '.marginPercent (a seller-only key)', '$.approvals (', '(a below-floor issue)', '底价']) {
      assert.ok(found.some((f) => f.includes(what)), `${what} in ${found.slice(0, 5).join('; ')}`);
    }
    const [, partner] = documents[4]!;
    assert.ok(sellerOnly(JSON.parse(JSON.stringify(partner))).some((f) => f.startsWith('$.opportunity')));
    const [, deepOff, crm] = documents[3]!;
    assert.ok(sellerOnly({ message: deepOff.approvals[0]!.message }, crm).length > 0, 'an approval message is caught by its text');
  });

  it('a customer\'s copy passed in (self-service) stays one and keeps reviewRequired', async () => {
    const [, pq, catalog] = documents[1]!;
    const bytes = await renderQuotePdf(pricedForCustomer(pq), { font, creationDate: when });
    const [kit] = await attachments(bytes, 'self-service');
    assert.deepEqual(sellerOnly(kit, catalog), []);
    assert.equal((kit as { reviewRequired: boolean }).reviewRequired, true);
  });

  it('the attachment\'s description says whose copy it is', async () => {
    const [, pq] = documents[0]!;
    const path = save(await renderQuotePdf(pq, { font, creationDate: when }), 'described');
    assert.match(tool('qpdf', ['--list-attachments', '--verbose', path]), /the customer's copy/);
  });
});

describe('the internal copy only when named', () => {
  it('attachment: "internal-priced-quote" attaches the seller\'s priced quote, costs and approvals included', async () => {
    const [, pq, catalog, options] = documents[1]!;
    const bytes = await renderQuotePdf(pq, { ...options, creationDate: when, attachment: 'internal-priced-quote' });
    const [kit, qpdf] = await attachments(bytes, 'internal');
    assert.deepEqual(kit, JSON.parse(JSON.stringify(pq)));
    assert.deepEqual(qpdf, kit);
    assert.ok(sellerOnly(kit, catalog).length > 0);
    assert.doesNotMatch(tool('qpdf', ['--list-attachments', '--verbose', save(bytes, 'internal')]), /customer's copy/);
  });

  it('any other value is a located error', async () => {
    const [, pq] = documents[0]!;
    for (const bad of ['internal', 'seller', true, 'customer']) {
      await assert.rejects(renderQuotePdf(pq, { font, attachment: bad } as never), (e: unknown) => {
        assert.ok(e instanceof PdfInputError);
        assert.equal(e.path, 'options.attachment');
        assert.match(e.message, /^renderQuotePdf: options\.attachment: must be one of "customer-copy", "internal-priced-quote"/);
        return true;
      });
    }
  });
});

describe('cpq-kit pdf', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'cpq-pdf-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'pdf', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const file = (name: string, value: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };

  it('writes the customer\'s copy, marked from the quote\'s approvals; --status and --options override', async () => {
    const catalog = file('crm.json', crmCatalog);
    // Valid for long: the CLI judges expiry today.
    const quote = file('below-floor.json', { ...belowFloor('zh-CN'), validUntil: '2099-12-31' });
    const out = join(dir, 'below-floor.pdf');
    const r = cli(catalog, quote, '--out', out);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    const bytes = new Uint8Array(readFileSync(out));
    const [kit, qpdf, poppler] = await attachments(bytes, 'cli');
    for (const copy of [kit, qpdf, poppler]) assert.deepEqual(sellerOnly(copy, crmCatalog), []);
    assert.ok(text(out).includes('待审批'), 'a quote that needs approval is marked 待审批');
    const expired = join(dir, 'expired.pdf');
    assert.equal(cli(catalog, file('expired.json', { ...belowFloor('zh-CN'), validUntil: '2026-01-31' }), '--out', expired).status, 0);
    assert.ok(text(expired).includes('已过期'), 'a quote past its validUntil is marked 已过期');

    const superseded = join(dir, 'superseded.pdf');
    assert.equal(cli(catalog, quote, '--out', superseded, '--status', 'superseded').status, 0);
    assert.ok(text(superseded).includes('已作废'));
    const bad = cli(catalog, quote, '--out', join(dir, 'x.pdf'), '--status', 'approved');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /options\.status: must be one of "draft", "pending-approval", "expired", "superseded", "final"/);

    const internal = join(dir, 'internal.pdf');
    assert.equal(cli(catalog, quote, '--out', internal, '--options', file('internal.json', { attachment: 'internal-priced-quote' })).status, 0);
    assert.ok(sellerOnly(await readQuoteFromPdf(new Uint8Array(readFileSync(internal))), crmCatalog).length > 0);
  });
});
