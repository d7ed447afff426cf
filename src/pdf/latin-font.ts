import { create } from './fontkit-import.js';
import type { FkFont } from './fontkit-types.js';

/** One cut of the built-in font: its bytes (for pdf-lib) and fontkit's parse of them (for measuring). */
export interface LatinCut {
  bytes: Uint8Array;
  font: FkFont;
}

/** The built-in Arimo pair. */
export interface LatinFonts {
  regular: LatinCut;
  bold: LatinCut;
}

let cached: Promise<LatinFonts> | undefined;

/**
 * The built-in font for a document given none: Arimo Regular and Bold (SIL OFL 1.1,
 * metric-compatible with Helvetica, so a layout measured for Helvetica holds), trimmed to
 * Latin text (WinAnsi, Latin Extended-A, Vietnamese, currency signs; scripts/pdf-assets.py).
 * PDF/A forbids the unembedded standard fonts, so this is what "no font" embeds — as a subset.
 *
 * The 84 KB of font data sit in a module of their own, imported on first use: a bundler gives
 * it a chunk of its own, fetched only when a document without `options.font` is made; Node
 * and a browser need nothing from the host. Decoded and parsed once per process or page.
 */
export function loadLatinFonts(): Promise<LatinFonts> {
  cached ??= import('./latin-font-data.js').then(
    (data) => ({ regular: cut(data.ARIMO_REGULAR), bold: cut(data.ARIMO_BOLD) }),
    (error: unknown) => {
      cached = undefined;
      throw error;
    },
  );
  return cached;
}

function cut(base64: string): LatinCut {
  const bytes = fromBase64(base64);
  return { bytes, font: create(bytes) as FkFont };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/**
 * Standard base64 to bytes. Neither `atob` nor `Buffer` is declared in the DOM-free lib of the
 * core, and the input is our own generated data, so a plain decoder does (about 1 ms for both cuts).
 */
export function fromBase64(text: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 4 <= end; i += 4) {
    const n = (VALUES[text.charCodeAt(i)]! << 18) | (VALUES[text.charCodeAt(i + 1)]! << 12) | (VALUES[text.charCodeAt(i + 2)]! << 6) | VALUES[text.charCodeAt(i + 3)]!;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  const rest = end - i;
  if (rest >= 2) {
    const n = (VALUES[text.charCodeAt(i)]! << 18) | (VALUES[text.charCodeAt(i + 1)]! << 12) | (rest === 3 ? VALUES[text.charCodeAt(i + 2)]! << 6 : 0);
    out[o++] = n >> 16;
    if (rest === 3) out[o++] = (n >> 8) & 0xff;
  }
  return out;
}
