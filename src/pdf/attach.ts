import {
  AFRelationship, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, decodePDFRawStream,
  type PDFObject,
} from 'pdf-lib';
import { isRecord } from '../core/object.js';
import type { PricedQuote } from '../types.js';
import { PdfInputError } from './errors.js';

/** File name of the machine-readable copy inside the PDF. */
export const QUOTE_ATTACHMENT = 'cpq-quote.json';

/**
 * Attach the priced quote as JSON, as Factur-X/ZUGFeRD attach their XML: an embedded file
 * listed in the document's EmbeddedFiles and in the catalog's /AF with AFRelationship /Data
 * (the data the document shows).
 */
export async function attachQuote(doc: PDFDocument, pricedQuote: unknown, when: Date): Promise<void> {
  let json: string;
  try {
    // Compact: a 300-line quote is 0.3 MB of JSON this way, 0.5 MB indented, and the file is
    // for machines; `readQuoteFromPdf` or any JSON tool reads it back.
    json = JSON.stringify(pricedQuote);
  } catch (error) {
    throw new PdfInputError('pricedQuote', `cannot be written as JSON for the attachment: ${(error as Error).message}`);
  }
  await doc.attach(utf8Encode(json), QUOTE_ATTACHMENT, {
    mimeType: 'application/json',
    description: 'Priced quote (cpq-kit data contract v1)',
    creationDate: when,
    modificationDate: when,
    afRelationship: AFRelationship.Data,
  });
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

/**
 * The priced quote JSON a PDF made by `renderQuotePdf` carries, or null when it carries none.
 * Throws a located error when the bytes are not a PDF, the PDF is encrypted, or the
 * attachment is not JSON.
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
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(data, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch (error) {
    return fail(`the PDF cannot be read: ${(error as Error).message}`);
  }
  const specs = fileSpecs(doc);
  const spec = specs.find((s) => [s.lookup(PDFName.of('UF')), s.lookup(PDFName.of('F'))].some((n) => nameOf(n) === QUOTE_ATTACHMENT));
  if (!spec) return null;
  if (doc.isEncrypted) fail('the PDF is encrypted; decrypt it first (e.g. qpdf --decrypt)');
  const ef = spec.lookup(PDFName.of('EF'));
  const stream = ef instanceof PDFDict ? ef.lookup(PDFName.of('F')) : undefined;
  if (!(stream instanceof PDFRawStream)) fail(`the ${QUOTE_ATTACHMENT} attachment has no file stream`);
  let text: string;
  try {
    const raw = decodePDFRawStream(stream).decode();
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
