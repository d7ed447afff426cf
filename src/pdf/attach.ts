import {
  PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, decodePDFRawStream,
  type PDFObject,
} from 'pdf-lib';
import { isRecord } from '../core/object.js';
import type { PricedQuote } from '../types.js';
import { PdfInputError } from './errors.js';
import { quietly } from './quiet.js';
import { QUOTE_ATTACHMENT } from './attachment-name.js';

export { QUOTE_ATTACHMENT };

/**
 * Attach the priced quote as JSON, as Factur-X/ZUGFeRD attach their XML, in the form PDF/A-3
 * requires of an embedded file (ISO 19005-3, 6.8): an associated file of the document — its file
 * specification in the catalog's /AF with AFRelationship /Data (the data the document shows) —
 * with /F and /UF names and a description, and an EmbeddedFile stream with its MIME type as
 * /Subtype (application/json) and /Params holding /Size, /CreationDate and /ModDate. Listed in the
 * EmbeddedFiles name tree too, where viewers' attachment panes look.
 */
export async function attachQuote(doc: PDFDocument, pricedQuote: unknown, when: Date, description = 'Priced quote (cpq-kit data contract v1)'): Promise<void> {
  let json: string;
  try {
    // Compact: a 300-line quote is 0.3 MB of JSON this way, 0.5 MB indented, and the file is
    // for machines; `readQuoteFromPdf` or any JSON tool reads it back.
    json = JSON.stringify(pricedQuote);
  } catch (error) {
    throw new PdfInputError('pricedQuote', `cannot be written as JSON for the attachment: ${(error as Error).message}`);
  }
  const bytes = utf8Encode(json);
  const { context, catalog } = doc;
  // Written here rather than through pdf-lib's attach(), so each entry PDF/A asks for is in
  // this file, whatever the PDF library does.
  const file = context.register(
    context.flateStream(bytes, {
      Type: 'EmbeddedFile',
      Subtype: 'application/json',
      Params: { Size: bytes.length, CreationDate: PDFString.fromDate(when), ModDate: PDFString.fromDate(when) },
    }),
  );
  const spec = context.register(
    context.obj({
      Type: 'Filespec',
      F: PDFString.of(QUOTE_ATTACHMENT),
      UF: PDFHexString.fromText(QUOTE_ATTACHMENT),
      EF: { F: file, UF: file },
      Desc: PDFHexString.fromText(description),
      AFRelationship: 'Data',
    }),
  );
  const names = catalog.lookupMaybe(PDFName.of('Names'), PDFDict) ?? context.obj({});
  catalog.set(PDFName.of('Names'), names);
  const tree = names.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict) ?? context.obj({});
  names.set(PDFName.of('EmbeddedFiles'), tree);
  const list = tree.lookupMaybe(PDFName.of('Names'), PDFArray) ?? context.obj([]);
  tree.set(PDFName.of('Names'), list);
  list.push(PDFString.of(QUOTE_ATTACHMENT));
  list.push(spec);
  const af = catalog.lookupMaybe(PDFName.of('AF'), PDFArray) ?? context.obj([]);
  catalog.set(PDFName.of('AF'), af);
  af.push(spec);
}

const MAX_DEPTH = 32;

function nameOf(obj: PDFObject | undefined): string | undefined {
  return obj instanceof PDFString || obj instanceof PDFHexString ? obj.decodeText() : undefined;
}

/** File specifications from the EmbeddedFiles name tree (with Kids) and from /AF. */
function fileSpecs(doc: PDFDocument): PDFDict[] {
  const out: PDFDict[] = [];
  const seen = new Set<PDFObject>();
  const walk = (node: PDFObject | undefined, depth: number): void => {
    if (!(node instanceof PDFDict) || seen.has(node) || depth > MAX_DEPTH) return;
    seen.add(node);
    const names = node.lookup(PDFName.of('Names'));
    if (names instanceof PDFArray) {
      for (let i = 1; i < names.size(); i += 2) {
        const spec = names.lookup(i);
        if (spec instanceof PDFDict) out.push(spec);
      }
    }
    const kids = node.lookup(PDFName.of('Kids'));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) walk(kids.lookup(i), depth + 1);
  };
  const tree = doc.catalog.lookup(PDFName.of('Names'));
  if (tree instanceof PDFDict) walk(tree.lookup(PDFName.of('EmbeddedFiles')), 0);
  const af = doc.catalog.lookup(PDFName.of('AF'));
  if (af instanceof PDFArray) {
    for (let i = 0; i < af.size(); i++) {
      const spec = af.lookup(i);
      if (spec instanceof PDFDict) out.push(spec);
    }
  }
  return out;
}

function fail(detail: string, path = 'bytes'): never {
  throw new PdfInputError(path, detail, 'readQuoteFromPdf');
}

const ENCRYPTED = 'the PDF is encrypted (an owner password that only restricts printing or copying encrypts it too), so its attachment cannot be read; decrypt it first, e.g. qpdf --decrypt in.pdf out.pdf (add --password=… when it opens with a password)';

/**
 * Whether a trailer or a cross-reference stream of the file has an /Encrypt entry. Read from the
 * bytes, because pdf-lib cannot say: each xref stream it parses replaces its trailer
 * information, so a linearized file — whose last xref stream carries only /Size — reads as
 * unencrypted. Trailer and xref stream dictionaries are never encrypted or compressed, and an
 * /Encrypt entry anywhere else (say, inside an uncompressed content stream) does not count.
 */
function hasEncryptEntry(data: Uint8Array): boolean {
  let text = '';
  for (let i = 0; i < data.length; i += 0x8000) text += String.fromCharCode(...data.subarray(i, i + 0x8000));
  for (const m of text.matchAll(/\/Encrypt\s*(?:\d+\s+\d+\s+R|<<)/g)) {
    const before = text.slice(Math.max(0, m.index - 4096), m.index);
    const trailer = before.lastIndexOf('trailer');
    const obj = Math.max(before.lastIndexOf(' obj'), before.lastIndexOf('\nobj'));
    if (trailer > obj) return true;
    // Inside an object's dictionary (no stream data or endobj in between) that is an xref stream.
    const dict = before.slice(obj);
    if (obj >= 0 && !/\bstream\b|\bendobj\b/.test(dict) && /\/Type\s*\/XRef\b/.test(dict + text.slice(m.index, m.index + 1024).split(/\bstream\b/)[0])) return true;
  }
  return false;
}

/**
 * The priced quote JSON a PDF made by `renderQuotePdf` carries, or null when it carries none.
 * Throws a located error (a `PdfInputError` at `bytes`) when the bytes are not a PDF, the PDF is
 * encrypted (with a user password or only an owner password), or the attachment is not JSON —
 * never `null` for an encrypted PDF. Prints nothing: pdf-lib's console messages are dropped.
 *
 * @example
 * const quote = await readQuoteFromPdf(signedPdfBytes); // → { quoteId: "Q-2026-0001", … } or null
 */
export async function readQuoteFromPdf(bytes: unknown): Promise<PricedQuote | null> {
  const data = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  if (!(data instanceof Uint8Array)) fail(`must be a Uint8Array (the PDF file's bytes), got ${bytes === null ? 'null' : typeof bytes}`);
  // "%PDF-" must start within the first KB (PDF 1.7, 7.5.2, readers' tolerance).
  const head = String.fromCharCode(...data.subarray(0, 1024));
  if (!head.includes('%PDF-')) fail('not a PDF (no %PDF- header)');
  // Before parsing: pdf-lib would stumble over the ciphertext (and say so on the console).
  if (hasEncryptEntry(data)) fail(ENCRYPTED);
  let doc: PDFDocument;
  try {
    doc = await quietly(() => PDFDocument.load(data, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false }));
  } catch (error) {
    return fail(`the PDF cannot be read: ${(error as Error).message}`);
  }
  // Before looking for the attachment: in an encrypted PDF its name is ciphertext too, and the
  // search would find nothing and answer "no quote".
  if (doc.isEncrypted || doc.context.trailerInfo.Encrypt !== undefined) fail(ENCRYPTED);
  // pdf-lib loads a file with no /Root and leaves the catalog undefined.
  if (!((doc.catalog as PDFDict | undefined) instanceof PDFDict)) fail('the PDF cannot be read: it has no document catalog (/Root)');
  const specs = fileSpecs(doc);
  const spec = specs.find((s) => [s.lookup(PDFName.of('UF')), s.lookup(PDFName.of('F'))].some((n) => nameOf(n) === QUOTE_ATTACHMENT));
  if (!spec) return null;
  const ef = spec.lookup(PDFName.of('EF'));
  const stream = ef instanceof PDFDict ? ef.lookup(PDFName.of('F')) : undefined;
  if (!(stream instanceof PDFRawStream)) fail(`the ${QUOTE_ATTACHMENT} attachment has no file stream`);
  let text: string;
  try {
    const raw = await quietly(() => decodePDFRawStream(stream).decode());
    text = utf8Decode(raw);
  } catch (error) {
    return fail(`the ${QUOTE_ATTACHMENT} attachment cannot be decoded: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`the ${QUOTE_ATTACHMENT} attachment is not JSON: ${(error as Error).message}`);
  }
  if (!isRecord(parsed)) fail(`the ${QUOTE_ATTACHMENT} attachment is not a priced quote object`);
  // The JSON as the PDF carries it: verify it against the catalog (verifyOrder) before trusting it.
  return parsed as unknown as PricedQuote;
}

/**
 * TextEncoder and TextDecoder exist in every runtime the kit runs in (Node, browsers, workers),
 * but the DOM-free lib of the core does not declare them. Native encoding is some 20× faster
 * than pdf-lib's utf8Encode on a large quote.
 */
const codecs = globalThis as unknown as {
  TextEncoder: new () => { encode(s: string): Uint8Array };
  TextDecoder: new (label: string, o: { fatal: boolean }) => { decode(b: Uint8Array): string };
};

function utf8Encode(text: string): Uint8Array {
  return new codecs.TextEncoder().encode(text);
}

function utf8Decode(bytes: Uint8Array): string {
  return new codecs.TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
