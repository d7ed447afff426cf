import type { PDFDocument } from 'pdf-lib';
import type { FkFont, FkSubset } from './fontkit-types.js';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

/**
 * pdf-lib 1.17 was written against @pdf-lib/fontkit, whose subsetting draws CJK glyphs blank
 * or as boxes. Upstream fontkit 2 subsets correctly but changed two things pdf-lib calls:
 * `create` parses, and a subset has `encode()` (bytes) instead of `encodeStream()` (a stream
 * with `on('data' | 'end' | 'error')`). This adapter hands pdf-lib a font fontkit 2 already
 * parsed, whose subsets speak the old stream interface.
 */
export function fontkitFor(font: FkFont): Fontkit {
  // A Proxy rather than a copy: fontkit's tables are lazy getters that cache on the font
  // itself, so reads must reach the real object (receiver = target).
  // pdf-lib shapes every string it draws (and again to measure it); a quote table repeats
  // the same units, names and amounts hundreds of times, and shaping is deterministic.
  const runs = new Map<string, unknown>();
  const layout = (text: string, features?: unknown): unknown => {
    if (features !== undefined) return (font as unknown as Layout).layout(text, features);
    let run = runs.get(text);
    if (run === undefined) {
      run = (font as unknown as Layout).layout(text);
      runs.set(text, run);
    }
    return run;
  };
  const proxied = new Proxy(font, {
    get(target, prop) {
      if (prop === 'createSubset') return () => streamingSubset(target.createSubset());
      if (prop === 'layout') return layout;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { create: () => proxied } as unknown as Fontkit;
}

type Listener = (value?: unknown) => void;
interface Layout {
  layout(text: string, features?: unknown): unknown;
}

/** A fontkit 2 subset with the `encodeStream()` pdf-lib 1.17 reads the subset font from. */
function streamingSubset(subset: FkSubset): object {
  return {
    includeGlyph: (glyph: Parameters<FkSubset['includeGlyph']>[0]) => subset.includeGlyph(glyph),
    get cff() {
      return subset.cff;
    },
    encodeStream() {
      const listeners: Record<string, Listener[]> = { data: [], end: [], error: [] };
      const stream = {
        on(event: string, listener: Listener) {
          listeners[event]?.push(listener);
          return stream;
        },
      };
      // pdf-lib attaches its listeners in the same tick (`.on().on().on()`); emit after that.
      void Promise.resolve().then(() => {
        let bytes: Uint8Array;
        try {
          bytes = subset.encode();
        } catch (error) {
          for (const l of listeners.error!) l(error);
          return;
        }
        for (const l of listeners.data!) l(bytes);
        for (const l of listeners.end!) l();
      });
      return stream;
    },
  };
}
