import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { sha256Hex } from '../quote/digest.js';
import { fromBase64 } from './latin-font.js';
import { SRGB_ICC_FLATE } from './srgb-icc.js';

/** What the output intent names: the colour space every colour of the document is given in. */
export const OUTPUT_CONDITION = 'sRGB IEC61966-2.1';

/**
 * Make the document PDF/A-3b (ISO 19005-3, level B) in the parts the drawing code does not
 * decide: XMP metadata that identifies it (pdfaid:part 3, conformance B) and repeats the Info
 * dictionary's title, author, subject, keywords, creator, producer and dates, as PDF/A asks;
 * an sRGB output intent with its ICC profile (the kit draws in DeviceRGB, and DeviceGray with
 * transparency, which an RGB output intent allows); and the file identifier in the trailer.
 *
 * The rest of PDF/A-3b lies with the other parts and is tested beside this: every font
 * embedded (fonts.ts), the attachment an associated file with AFRelationship, MIME type and
 * modification date (attach.ts), no encryption, no JavaScript, no unembedded standard font.
 * Call it after the Info dictionary is set: the XMP is written from it.
 */
export function markPdfA3b(doc: PDFDocument): void {
  const info = infoOf(doc);
  const xmp = utf8(xmpPacket(info));
  // Uncompressed (PDF/A forbids a filter on the metadata stream, so any tool can read it).
  const metadata = doc.context.register(doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' }));
  doc.catalog.set(PDFName.of('Metadata'), metadata);

  // Shipped compressed: pako compressing 7 KB took 5 ms per document.
  const profile = doc.context.register(doc.context.stream(fromBase64(SRGB_ICC_FLATE), { N: 3, Filter: 'FlateDecode' }));
  const intent = doc.context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of(OUTPUT_CONDITION),
    Info: PDFString.of(OUTPUT_CONDITION),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: profile,
  });
  doc.catalog.set(PDFName.of('OutputIntents'), doc.context.obj([doc.context.register(intent)]));

  // Both halves alike: a file as first written. From the Info values, so the same quote, version
  // and date make the same file; a PDF writer that changes the file keeps the first half.
  const id = PDFHexString.of(sha256Hex(JSON.stringify(['cpq-kit pdf id', info])).slice(0, 32).toUpperCase());
  doc.context.trailerInfo.ID = PDFArray.withContext(doc.context);
  (doc.context.trailerInfo.ID as PDFArray).push(id);
  (doc.context.trailerInfo.ID as PDFArray).push(id);
}

/** The Info dictionary's entries that have an XMP counterpart. */
export interface InfoEntries {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string;
  creator?: string;
  producer?: string;
  created?: Date;
  modified?: Date;
  lang?: string;
}

function infoOf(doc: PDFDocument): InfoEntries {
  const lang = doc.catalog.lookup(PDFName.of('Lang'));
  return {
    title: doc.getTitle(),
    author: doc.getAuthor(),
    subject: doc.getSubject(),
    keywords: doc.getKeywords(),
    creator: doc.getCreator(),
    producer: doc.getProducer(),
    created: doc.getCreationDate(),
    modified: doc.getModificationDate(),
    lang: lang instanceof PDFString || lang instanceof PDFHexString ? lang.decodeText() : undefined,
  };
}

/**
 * The XMP packet (ISO 16684-1) for the Info entries, with the PDF/A-3b identification. Only
 * properties of the schemas PDF/A predefines (dc, xmp, pdf, pdfaid), so no extension schema is
 * needed.
 */
export function xmpPacket(info: InfoEntries): string {
  const lang = info.lang ? esc(info.lang) : 'x-default';
  const alt = (name: string, value: string | undefined): string[] =>
    value === undefined ? [] : [`   <${name}><rdf:Alt><rdf:li xml:lang="x-default">${esc(value)}</rdf:li></rdf:Alt></${name}>`];
  const simple = (name: string, value: string | undefined): string[] => (value === undefined ? [] : [`   <${name}>${esc(value)}</${name}>`]);
  const date = (d: Date | undefined): string | undefined => (d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined);
  const body = [
    '  <rdf:Description rdf:about=""',
    '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    '    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
    '   <pdfaid:part>3</pdfaid:part>',
    '   <pdfaid:conformance>B</pdfaid:conformance>',
    '   <dc:format>application/pdf</dc:format>',
    ...alt('dc:title', info.title),
    ...(info.author === undefined ? [] : [`   <dc:creator><rdf:Seq><rdf:li>${esc(info.author)}</rdf:li></rdf:Seq></dc:creator>`]),
    ...alt('dc:description', info.subject),
    ...(info.lang ? [`   <dc:language><rdf:Bag><rdf:li>${lang}</rdf:li></rdf:Bag></dc:language>`] : []),
    ...simple('pdf:Keywords', info.keywords),
    ...simple('pdf:Producer', info.producer),
    ...simple('xmp:CreatorTool', info.creator),
    ...simple('xmp:CreateDate', date(info.created)),
    ...simple('xmp:ModifyDate', date(info.modified)),
    ...simple('xmp:MetadataDate', date(info.modified ?? info.created)),
    '  </rdf:Description>',
  ];
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    ...body,
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

/** XML text: the five entities, and no character XML 1.0 cannot hold (C0 controls but tab and newlines). */
function esc(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const encoder = globalThis as unknown as { TextEncoder: new () => { encode(s: string): Uint8Array } };

function utf8(text: string): Uint8Array {
  return new encoder.TextEncoder().encode(text);
}
