/**
 * PDF/A-3b (issue 13, item 6), read back with the real tools: pdffonts (every font embedded,
 * with and without a font given), qpdf (the XMP, the output intent, the associated file,
 * --check) and pdftotext; then the PDF/A-3b checklist of test/fixtures/pdfa-check.ts on every
 * kind of document — veraPDF, the reference validator, is Java from outside Debian and npm and
 * cannot be installed on these machines.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { fontkitFor } from '../src/pdf/fontkit-adapter.js';
import { loadNotoSansSC, readQuoteFromPdf, renderQuotePdf, type QuotePdfOptions } from '../src/pdf/index.js';
import { fromBase64, loadLatinFonts } from '../src/pdf/latin-font.js';
import { OUTPUT_CONDITION } from '../src/pdf/pdfa.js';
import { SRGB_ICC_FLATE } from '../src/pdf/srgb-icc.js';
import type { PricedQuote } from '../src/types.js';
import { redDiscPng } from './fixtures/pdf-layout.js';
import { bigQuote, crmCatalog, priced, sellerEn, sellerZh } from './fixtures/pdf-quotes.js';
import { PdfObjects, pdfaProblems, textOf, xmpProperties } from './fixtures/pdfa-check.js';
import { pdfinfo, qpdfCheck, save, text, tool } from './fixtures/pdf-tools.js';

const font = await loadNotoSansSC();
const when = '2026-10-15T09:30:00Z';

/** Every kind of document: no font (the built-in Arimo), a CJK font, a logo, a seal, a status mark. */
const docs: { name: string; quote: PricedQuote; options: QuotePdfOptions; builtIn: boolean }[] = [
  { name: 'en, no font', quote: priced(bigQuote(30, 'en')), options: { seller: sellerEn, catalog: crmCatalog, creationDate: when, locale: 'en' }, builtIn: true },
  {
    name: 'en, no font, pending approval, logo and seal',
    quote: priced(bigQuote(3, 'en')),
    options: { seller: { ...sellerEn, logo: redDiscPng(96) }, creationDate: when, locale: 'en', status: 'pending-approval', seal: { image: redDiscPng(240), acrossPages: true } },
    builtIn: true,
  },
  { name: 'zh-CN, Noto Sans SC', quote: priced(bigQuote(30, 'zh-CN')), options: { font, seller: sellerZh, catalog: crmCatalog, creationDate: when }, builtIn: false },
  {
    name: 'zh-CN, Noto Sans SC, draft, seal',
    quote: priced(bigQuote(2, 'zh-CN')),
    options: { font, seller: sellerZh, creationDate: when, status: 'draft', seal: { image: redDiscPng(240) } },
    builtIn: false,
  },
];

const rendered = await Promise.all(docs.map(async (d) => ({ ...d, path: save(await renderQuotePdf(d.quote, d.options), 'pdfa') })));

/** pdffonts' table: name, type, encoding, embedded, subset, ToUnicode. */
function pdffonts(path: string): { name: string; type: string; emb: string; sub: string; uni: string }[] {
  const lines = tool('pdffonts', [path]).split('\n').slice(2).filter((l) => l.trim());
  return lines.map((l) => {
    const m = /^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/.exec(l);
    assert.ok(m, `pdffonts line not understood: ${l}`);
    return { name: m[1]!, type: m[2]!, emb: m[4]!, sub: m[5]!, uni: m[6]! };
  });
}

describe('PDF/A-3b: fonts', () => {
  for (const d of rendered) {
    it(`pdffonts lists every font as embedded, subset, with ToUnicode: ${d.name}`, () => {
      const fonts = pdffonts(d.path);
      assert.ok(fonts.length > 0);
      for (const f of fonts) {
        assert.equal(f.emb, 'yes', `${f.name} not embedded`);
        assert.equal(f.sub, 'yes', `${f.name} not a subset`);
        assert.equal(f.uni, 'yes', `${f.name} has no ToUnicode`);
        assert.doesNotMatch(f.name, /Helvetica/);
      }
      const names = fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort();
      assert.deepEqual(names, d.builtIn ? ['Arimo', 'Arimo-Bold'] : ['NotoSansSC-Regular']);
    });
  }

  it('the built-in font draws Latin beyond WinAnsi: Vietnamese, Central European, currency signs (pdftotext)', async () => {
    const q = structuredClone(docs[0]!.quote);
    q.lines[0]!.name = 'Công ty Đức Thịnh – Łódź Świętokrzyska ₫ ₩ ₹ €';
    const path = save(await renderQuotePdf(q, { creationDate: when, locale: 'en' }), 'pdfa-latin');
    // pdftotext breaks the wrapped name where the PDF does.
    assert.ok(text(path, 1).replace(/\s+/g, '').includes('CôngtyĐứcThịnh–ŁódźŚwiętokrzyska₫₩₹€'));
    assert.deepEqual(pdfaProblems(path), []);
  });

  it('the built-in font keeps Helvetica\'s widths, so layouts measured for Helvetica hold (±1/1000 em but six rare signs)', async () => {
    const doc = await PDFDocument.create();
    const { regular, bold } = await loadLatinFonts();
    for (const [std, cut] of [[StandardFonts.Helvetica, regular], [StandardFonts.HelveticaBold, bold]] as const) {
      const helvetica = await doc.embedFont(std);
      const differ: string[] = [];
      for (const cp of helvetica.getCharacterSet()) {
        assert.ok(cut.font.hasGlyphForCodePoint(cp), `U+${cp.toString(16)} missing`);
        const arimo = (cut.font.glyphForCodePoint(cp).advanceWidth * 1000) / cut.font.unitsPerEm;
        if (Math.abs(arimo - helvetica.widthOfTextAtSize(String.fromCodePoint(cp), 1000)) > 1) differ.push(String.fromCodePoint(cp));
      }
      assert.deepEqual(differ.sort(), ['¯', '±', 'µ', '·', '÷', 'Ÿ'].sort(), std);
    }
  });

  it('the embedded data decodes to what it says: two TrueType fonts and an RGB display ICC profile', async () => {
    const { regular, bold } = await loadLatinFonts();
    for (const cut of [regular, bold]) assert.deepEqual([...cut.bytes.subarray(0, 4)], [0, 1, 0, 0]);
    assert.equal(regular.font.postscriptName, 'Arimo');
    assert.equal(bold.font.postscriptName, 'Arimo-Bold');
    const icc = inflateSync(fromBase64(SRGB_ICC_FLATE));
    assert.equal(icc.readUInt32BE(0), icc.length);
    assert.equal(icc.subarray(36, 40).toString('latin1'), 'acsp');
    assert.equal(icc.subarray(12, 20).toString('latin1'), 'mntrRGB ');
    // The decoder against Node's, on every length remainder.
    for (const s of ['', 'a', 'ab', 'abc', 'abcd', 'caf\u00e9 \u2013 \u20ab']) {
      const b64 = Buffer.from(s).toString('base64');
      assert.deepEqual(Buffer.from(fromBase64(b64)), Buffer.from(s));
    }
  });
});

describe('PDF/A-3b: metadata, output intent, associated file', () => {
  const d = rendered[2]!;
  const pdf = new PdfObjects(d.path);

  it('the XMP carries the PDF/A-3b identification and repeats the Info entries (qpdf, pdfinfo)', () => {
    const ref = pdf.catalog['/Metadata'] as string;
    const xmp = tool('qpdf', [`--show-object=${ref.split(' ')[0]}`, '--raw-stream-data', d.path]);
    const props = xmpProperties(xmp);
    assert.equal(props.get('pdfaid:part'), '3');
    assert.equal(props.get('pdfaid:conformance'), 'B');
    const info = pdfinfo(d.path);
    assert.equal(props.get('dc:title'), info.get('Title'));
    assert.equal(props.get('dc:title'), `报价单 ${d.quote.quoteId}`);
    assert.equal(props.get('dc:creator'), info.get('Author'));
    assert.equal(props.get('dc:description'), info.get('Subject'));
    assert.equal(props.get('pdf:Keywords'), info.get('Keywords'));
    assert.equal(props.get('pdf:Producer'), info.get('Producer'));
    assert.equal(props.get('xmp:CreatorTool'), info.get('Creator'));
    assert.equal(props.get('xmp:CreateDate'), '2026-10-15T09:30:00Z');
    assert.equal(Date.parse(info.get('CreationDate')!), Date.parse(when));
    // pdfinfo reads the same packet.
    assert.match(tool('pdfinfo', ['-meta', d.path]), /<pdfaid:part>3<\/pdfaid:part>/);
  });

  it('XML special characters in the metadata are escaped, and Info and XMP still agree', async () => {
    const path = save(await renderQuotePdf(docs[0]!.quote, { ...docs[0]!.options, seller: { name: 'Smith & Sons <Ltd> "Q"' } }), 'pdfa-xml');
    const info = new PdfObjects(path).trailer['/Info'];
    assert.equal(textOf(new PdfObjects(path).dict(info)!['/Author']), 'Smith & Sons <Ltd> "Q"');
    assert.deepEqual(pdfaProblems(path), []);
  });

  it('an sRGB output intent (GTS_PDFA1) with its ICC profile', () => {
    const intents = pdf.array(pdf.catalog['/OutputIntents']).map((i) => pdf.dict(i)!);
    assert.equal(intents.length, 1);
    assert.equal(intents[0]!['/S'], '/GTS_PDFA1');
    assert.equal(textOf(intents[0]!['/OutputConditionIdentifier']), OUTPUT_CONDITION);
    const profile = pdf.data(intents[0]!['/DestOutputProfile'])!;
    assert.deepEqual(profile, inflateSync(fromBase64(SRGB_ICC_FLATE)));
    assert.equal(pdf.stream(intents[0]!['/DestOutputProfile'])!.dict['/N'], 3);
  });

  it('the quote JSON is an associated file: in /AF, AFRelationship /Data, MIME type, dates; it reads back', async () => {
    const af = pdf.array(pdf.catalog['/AF']);
    assert.equal(af.length, 1);
    const spec = pdf.dict(af[0])!;
    assert.equal(spec['/AFRelationship'], '/Data');
    assert.equal(textOf(spec['/F']), 'cpq-quote.json');
    assert.equal(textOf(spec['/UF']), 'cpq-quote.json');
    const names = pdf.array(pdf.dict(pdf.dict(pdf.catalog['/Names'])!['/EmbeddedFiles'])!['/Names']);
    assert.equal(names[1], af[0], 'the EmbeddedFiles entry is the associated file');
    const file = pdf.stream(pdf.dict(spec['/EF'])!['/F'])!;
    assert.equal(file.dict['/Type'], '/EmbeddedFile');
    assert.equal(file.dict['/Subtype'], '/application/json');
    const params = pdf.dict(file.dict['/Params'])!;
    assert.equal(textOf(params['/ModDate']), 'D:20261015093000Z');
    assert.equal(textOf(params['/CreationDate']), 'D:20261015093000Z');
    assert.equal(params['/Size'], pdf.data(pdf.dict(spec['/EF'])!['/F'])!.length);
    // qpdf names the MIME type as such, and the copy reads back.
    assert.match(tool('qpdf', ['--list-attachments', '--verbose', d.path]), /mime type: application\/json/);
    const back = await readQuoteFromPdf(new Uint8Array(await import('node:fs').then((fs) => fs.readFileSync(d.path))));
    assert.equal(back?.quoteId, d.quote.quoteId);
  });

  it('a file identifier in the trailer, the same for the same input', async () => {
    const id = pdf.array(pdf.trailer['/ID']);
    assert.equal(id.length, 2);
    assert.equal(id[0], id[1]);
    assert.match(String(id[0]), /^b:[0-9a-f]{32}$/);
    const again = new PdfObjects(save(await renderQuotePdf(d.quote, d.options), 'pdfa-again'));
    assert.deepEqual(again.array(again.trailer['/ID']), id);
  });
});

describe('PDF/A-3b: the whole checklist (veraPDF cannot be installed here)', () => {
  for (const d of rendered) {
    it(`qpdf --check is clean and the checklist finds nothing: ${d.name}`, () => {
      const check = qpdfCheck(d.path);
      assert.equal(check.status, 0, check.output);
      assert.deepEqual(pdfaProblems(d.path), []);
      assert.equal(pdfinfo(d.path).get('Encrypted'), 'no');
    });
  }

  it('the checklist finds what it checks: bare pdf-lib with Helvetica, and a .notdef shown', async () => {
    const bare = await PDFDocument.create();
    bare.addPage().drawText('Helvetica, unembedded', { font: await bare.embedFont(StandardFonts.Helvetica) });
    const problems = pdfaProblems(save(await bare.save(), 'pdfa-bare'));
    for (const clause of ['6.1.3: no file identifier', '6.2.2: no output intent', '6.6.2: no XMP metadata', '6.2.11.4: font /Helvetica is not embedded']) {
      assert.ok(problems.some((p) => p.startsWith(clause)), `${clause} not found in ${problems.join('; ')}`);
    }
    const notdef = await PDFDocument.create();
    const { regular } = await loadLatinFonts();
    notdef.registerFontkit(fontkitFor(regular.font));
    // A Chinese character the Latin font has no glyph for: pdf-lib shows glyph 0.
    notdef.addPage().drawText('A 中', { font: await notdef.embedFont(regular.bytes, { subset: true }) });
    assert.ok(pdfaProblems(save(await notdef.save(), 'pdfa-notdef')).includes('6.2.11.8: page 1 shows .notdef (CID 0)'));
  });
});
