import type { PDFDocument, PDFFont } from 'pdf-lib';
import { fontkitFor } from './fontkit-adapter.js';
import { create } from './fontkit-import.js';
import type { FkCollection, FkFont } from './fontkit-types.js';
import { PdfInputError } from './errors.js';
import { loadLatinFonts } from './latin-font.js';

/** The fonts a document draws with, and what the layout needs to know about them. */
export interface Face {
  regular: PDFFont;
  /** The bold cut; the regular one again for a host font (one font file, one weight: drawn as faux bold). */
  bold: PDFFont;
  /** True when the font has a glyph for the code point. */
  has(cp: number): boolean;
  /** Advance width of a code point in 1/1000 em, in the regular or the bold cut. */
  advance(cp: number, bold?: boolean): number;
  /** Whether the text comes from a host font (options.font) or the built-in Arimo pair. */
  custom: boolean;
}

/**
 * Parse host font bytes with fontkit 2 (TTF, OTF, TTC with `fontName`, WOFF). Errors name the
 * option. Parsing is lazy in fontkit, so this is cheap even for a 10 MB CJK font.
 */
export function parseFont(bytes: Uint8Array, fontName: string | undefined): FkFont {
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic === 'wOF2') throw new PdfInputError('options.font', 'WOFF2 fonts cannot be embedded; pass the TTF or OTF file');
  let parsed: FkFont | FkCollection;
  try {
    parsed = create(bytes, fontName);
  } catch (error) {
    throw new PdfInputError('options.font', `not a font file that can be read (TTF, OTF, TTC): ${messageOf(error)}`);
  }
  if (!parsed) throw new PdfInputError(fontName ? 'options.fontName' : 'options.font', fontName ? `no font named ${JSON.stringify(fontName)} in the font file` : 'not a font file that can be read');
  if ('fonts' in parsed) {
    const first = parsed.fonts[0];
    if (!first) throw new PdfInputError('options.font', 'the font collection is empty');
    return first;
  }
  if (typeof parsed.glyphForCodePoint !== 'function' || !(parsed.unitsPerEm > 0)) {
    throw new PdfInputError('options.font', 'not a font file that can be read (TTF, OTF, TTC)');
  }
  return parsed;
}

/**
 * Embed the document's fonts, always as subsets (only the glyphs drawn) and always embedded, as
 * PDF/A requires: the host's font, else the built-in Arimo Regular and Bold (latin-font.ts) —
 * never an unembedded standard font.
 */
export async function embedFace(doc: PDFDocument, font: FkFont | undefined, bytes: Uint8Array | undefined): Promise<Face> {
  if (font && bytes) {
    const regular = await embedSubset(doc, { font, bytes });
    const advance = advances(font);
    return { regular, bold: regular, custom: true, has: (cp) => font.hasGlyphForCodePoint(cp), advance: (cp) => advance(cp) };
  }
  const latin = await loadLatinFonts();
  const regular = await embedSubset(doc, latin.regular);
  const bold = await embedSubset(doc, latin.bold);
  const [plain, heavy] = [advances(latin.regular.font), advances(latin.bold.font)];
  // The two cuts were trimmed to the same characters.
  return { regular, bold, custom: false, has: (cp) => latin.regular.font.hasGlyphForCodePoint(cp), advance: (cp, isBold = false) => (isBold ? heavy : plain)(cp) };
}

const embedded = new WeakMap<PDFDocument, number>();

/**
 * Embed one parsed font as a subset (pdf-lib calls the registered fontkit while embedding),
 * named as ISO 32000 names a subset — a six-letter tag, "+", the PostScript name — where pdf-lib
 * would append a random number: tools then see it is a subset, and the same input makes the same file.
 */
function embedSubset(doc: PDFDocument, cut: { font: FkFont; bytes: Uint8Array }): Promise<PDFFont> {
  const n = embedded.get(doc) ?? 0;
  embedded.set(doc, n + 1);
  const tag = `CPQ${String.fromCharCode(65 + Math.floor(n / 676) % 26, 65 + Math.floor(n / 26) % 26, 65 + n % 26)}`;
  const name = (cut.font.postscriptName ?? '').replace(/[^\x21-\x7e]|[()<>[\]{}/%#]/g, '').slice(0, 100) || 'Font';
  doc.registerFontkit(fontkitFor(cut.font));
  return doc.embedFont(cut.bytes, { subset: true, customName: `${tag}+${name}` });
}

/** Advance widths in 1/1000 em, cached per code point: the width pdf-lib writes for the glyph. */
function advances(font: FkFont): (cp: number) => number {
  const widths = new Map<number, number>();
  const scale = 1000 / font.unitsPerEm;
  return (cp) => {
    let w = widths.get(cp);
    if (w === undefined) {
      w = font.glyphForCodePoint(cp).advanceWidth * scale;
      widths.set(cp, w);
    }
    return w;
  };
}

/** A piece of text the document will draw, and where it came from (for error messages). */
export interface SourcedText {
  text: string;
  from: string;
}

const SHOWN = 12;

/**
 * Every character the document draws must be in the font: one clear error naming each
 * missing character (up to 12), where it first appears, and the fix. Nothing is drawn as a
 * box or left out silently.
 */
export function checkCoverage(face: Face, texts: Iterable<SourcedText>): void {
  const missing = new Map<number, string>();
  const seen = new Set<number>();
  for (const { text, from } of texts) {
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp === 0x0a || seen.has(cp)) continue;
      seen.add(cp);
      if (!face.has(cp)) missing.set(cp, from);
    }
  }
  if (missing.size === 0) return;
  const list = [...missing].slice(0, SHOWN).map(([cp, from]) => `${JSON.stringify(String.fromCodePoint(cp))} U+${cp.toString(16).toUpperCase().padStart(4, '0')} (in ${from})`);
  const more = missing.size > SHOWN ? ` and ${missing.size - SHOWN} more` : '';
  const fix = face.custom
    ? 'pass a font in options.font that has these characters'
    : 'the built-in font (Arimo) draws Latin text only (Western and Central European, Vietnamese, currency signs); pass options.font (a TTF/OTF with these characters; for Chinese a CJK font such as Noto Sans SC — in Node, install @expo-google-fonts/noto-sans-sc and pass `await loadNotoSansSC()` from cpq-kit/pdf)';
  const what = face.custom ? 'the font in options.font' : 'the built-in font';
  throw new PdfInputError('', `${what} cannot draw ${missing.size} character${missing.size === 1 ? '' : 's'}: ${list.join(', ')}${more}. Fix: ${fix}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
