/** The part of fontkit 2 the kit uses (see fontkit-import.js for why it is declared here). */
export interface FkGlyph {
  id: number;
  advanceWidth: number;
}

/** A fontkit 2 subset: glyphs are added one by one, `encode()` writes the subset font. */
export interface FkSubset {
  includeGlyph(glyph: FkGlyph | number): number;
  encode(): Uint8Array;
  /** Present on CFF (OpenType/CFF) subsets; pdf-lib picks the font file type from it. */
  cff?: unknown;
}

/** A parsed font. */
export interface FkFont {
  postscriptName: string | null;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): FkGlyph;
  createSubset(): FkSubset;
}

/** A font collection (.ttc, .dfont). */
export interface FkCollection {
  fonts: FkFont[];
  getFont(postscriptName: string): FkFont | null;
}
