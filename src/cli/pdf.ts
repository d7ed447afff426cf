/// <reference types="node" />
import { writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { isRecord, own } from '../core/object.js';
import { priceQuote } from '../pricing/price-quote.js';
import type { PricedQuote } from '../types.js';
import { PDF_HELP } from './help.js';
import { errorCode, EXIT, type Io, readBytes, readJson, stdinOnce, UsageError } from './io.js';
import { loadCatalog } from './price.js';

interface PdfModule {
  renderQuotePdf(priced: PricedQuote, options: Record<string, unknown>): Promise<Uint8Array>;
  loadNotoSansSC?: () => Promise<Uint8Array>;
}

/**
 * The PDF module, loaded only for this command (pdf-lib and fontkit are large), or why there
 * is none (a build without `renderQuotePdf`, or a module that fails to load).
 */
async function loadPdf(): Promise<PdfModule | string> {
  try {
    const pdf = (await import('../pdf/index.js')) as unknown as Record<string, unknown>;
    if (typeof pdf.renderQuotePdf !== 'function') return 'pdf: not available yet (this build has no renderQuotePdf)';
    // pdf-lib and fontkit are optional peers: say what to install before reading any input.
    await (await import('../pdf/load-stack.js')).loadPdfStack('renderQuotePdf');
    return pdf as unknown as PdfModule;
  } catch (e) {
    const peer = (e as { code?: unknown }).code === 'ERR_CPQ_PDF_PEER_MISSING';
    return `pdf: ${peer ? '' : 'the PDF module cannot be loaded: '}${(e as Error).message}`;
  }
}

/** `cpq-kit pdf <catalog> <quote>`: price the quote and write its PDF. */
export async function pdfCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' }, font: { type: 'string' }, locale: { type: 'string' }, options: { type: 'string' }, status: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(PDF_HELP);
    return EXIT.ok;
  }
  const pdf = await loadPdf();
  if (typeof pdf === 'string') {
    io.err(`${pdf}\n`);
    return EXIT.usage;
  }
  const [catalogFile, quoteFile, ...rest] = positionals;
  if (!catalogFile || !quoteFile || rest.length > 0) throw new UsageError('pdf: give a catalog file and one quote file (cpq-kit pdf --help)');
  stdinOnce([catalogFile, quoteFile, values.options, values.font]);
  if (quoteFile === '-' && values.out === undefined) throw new UsageError('pdf: the quote comes from standard input, so give --out <file.pdf> (or --out - for standard output)');
  const extra = values.options === undefined ? {} : readJson(values.options, io);
  if (!isRecord(extra)) throw new UsageError(`${values.options}: the PDF options must be a JSON object`);
  const catalog = loadCatalog(catalogFile, io);
  const quote = readJson(quoteFile, io);
  const priced = priceQuote(catalog, quote, values.locale !== undefined ? { locale: values.locale } : {});
  for (const i of priced.issues) io.err(`${quoteFile}: ${i.severity} ${i.code}${i.path ? ` at ${i.path}` : ''}: ${i.message}\n`);
  if (!priced.orderable) return EXIT.problems;

  const options: Record<string, unknown> = { ...extra, catalog };
  if (values.locale !== undefined) options.locale = values.locale;
  // The status mark comes from the quote's own lifecycle record unless the options or --status
  // say otherwise; the attachment is the customer's copy unless the options name the internal one.
  const lifecycle = own(quote, 'lifecycle');
  if (lifecycle !== undefined && options.lifecycle === undefined) options.lifecycle = lifecycle;
  if (values.status !== undefined) options.status = values.status;
  const font = values.font !== undefined ? readBytes(values.font, io, 'the font file') : await defaultFont(pdf);
  if (font) options.font = font;
  const out = values.out ?? join(dirname(quoteFile), `${basename(quoteFile, extname(quoteFile))}.pdf`);
  let bytes: Uint8Array;
  try {
    bytes = await pdf.renderQuotePdf(priced, options);
  } catch (e) {
    // The renderer's input errors (PdfInputError, a TypeError) are bad input: a font without
    // the quote's characters, unreadable logo bytes, malformed options.
    if (!(e instanceof TypeError)) throw e;
    const hint = font ? '' : ' (pass --font <file.ttf>, or install @expo-google-fonts/noto-sans-sc for Chinese text)';
    throw new UsageError(`${e.message}${hint}`);
  }
  if (out === '-') {
    io.out(bytes);
    io.err(`${quoteFile}: wrote the PDF to standard output (${bytes.length} bytes)\n`);
    return EXIT.ok;
  }
  try {
    writeFileSync(out, bytes);
  } catch (e) {
    const code = errorCode(e);
    throw new UsageError(`${out}: cannot write the PDF${code ? ` (${code})` : ''}`);
  }
  io.err(`${quoteFile}: wrote ${out} (${bytes.length} bytes)\n`);
  return EXIT.ok;
}

/** Noto Sans SC when its optional package is installed; otherwise none (the standard Latin font). */
async function defaultFont(pdf: PdfModule): Promise<Uint8Array | undefined> {
  try {
    return await pdf.loadNotoSansSC?.();
  } catch {
    return undefined;
  }
}
