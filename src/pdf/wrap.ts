/**
 * Line breaking for mixed Chinese and Latin text, with the CJK rules (禁则, kinsoku) that
 * Chinese typesetting expects: a line never starts with closing punctuation (，。）」 …) and
 * never ends with opening punctuation (（「《 …); Chinese breaks between any two characters,
 * Latin at spaces and after a hyphen or slash inside a word. A word longer than the line is
 * cut between characters, still obeying the punctuation rules where the line allows.
 *
 * Widths are additive per code point (`advance`), which is what makes wrapping linear in the
 * length of the text: a 10,000-character name wraps as fast as it is read.
 */

/** May not start a line: closing brackets and quotes, stops, commas, small kana, iteration marks. */
const NO_START = new Set(
  Array.from(
    '!%),.:;?]}¢°’”‰′″℃、。〃々〉》」』】〕〗〙〛゛゜ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・ーヽヾ！％），．：；？］｝～｡｣､･ｰ…‥',
  ).map((c) => c.codePointAt(0)!),
);

/** May not end a line: opening brackets and quotes, currency signs that lead a number. */
const NO_END = new Set(Array.from('$(£¥[{‘“〈《「『【〔〖〘〚＄（［｛｢￡￥€').map((c) => c.codePointAt(0)!));

/** Code points set solid in Chinese text, each one a place to break. */
export function isCjk(cp: number): boolean {
  return (
    (cp >= 0x2e80 && cp <= 0x9fff) || // radicals, CJK punctuation, kana, ideographs
    (cp >= 0xac00 && cp <= 0xd7af) || // Hangul
    (cp >= 0xf900 && cp <= 0xfaff) || // compatibility ideographs
    (cp >= 0xfe30 && cp <= 0xfe4f) || // vertical forms
    (cp >= 0xff00 && cp <= 0xffef) || // full-width forms
    (cp >= 0x20000 && cp <= 0x3ffff) // extension ideographs
  );
}

const SPACE = 0x20;
const isAlnum = (cp: number): boolean => (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);

/** True when a line may break before `cps[i]` (after `cps[i - 1]`). */
function canBreak(cps: number[], i: number): boolean {
  const a = cps[i - 1]!;
  const b = cps[i]!;
  if (b === SPACE) return false; // spaces stay at the end of the line they follow
  if (NO_START.has(b) || NO_END.has(a)) return false;
  if (a === SPACE) {
    // "（ 报": the spaces would be dropped and leave the opening bracket at the line end.
    let k = i - 1;
    while (k > 0 && cps[k] === SPACE) k--;
    return !NO_END.has(cps[k]!);
  }
  if (isCjk(a) || isCjk(b)) return true;
  // "ADDON-STORAGE", "user/month": after a hyphen or slash inside a word, not in "-5".
  return (a === 0x2d || a === 0x2f) && i >= 2 && isAlnum(cps[i - 2]!);
}

/**
 * Break `text` into lines no wider than `maxWidth`, measured with `advance` (the width of one
 * code point in the same unit as `maxWidth`). `\n` is a forced break. Spaces at a line end
 * are dropped; every line holds at least one character, so the loop always advances.
 */
export function wrapText(text: string, maxWidth: number, advance: (cp: number) => number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) wrapParagraph(paragraph, maxWidth, advance, out);
  return out;
}

function wrapParagraph(text: string, maxWidth: number, advance: (cp: number) => number, out: string[]): void {
  const chars = Array.from(text);
  const cps = chars.map((c) => c.codePointAt(0)!);
  const n = cps.length;
  if (n === 0) {
    out.push('');
    return;
  }
  // x[i] = width of cps[0..i): a line's width is a difference of two entries.
  const x = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) x[i + 1] = x[i]! + advance(cps[i]!);

  let start = 0;
  while (start < n) {
    // Trailing spaces of a line cost nothing: measure to the last non-space.
    let end = start;
    let lastBreak = -1;
    while (end < n) {
      const next = end + 1;
      if (cps[end] !== SPACE && x[next]! - x[start]! > maxWidth && end > start) break;
      end = next;
      if (end < n && canBreak(cps, end)) lastBreak = end;
    }
    let cut: number;
    if (end >= n) cut = n;
    else if (lastBreak > start) cut = lastBreak;
    else cut = forcedCut(cps, start, end);
    out.push(chars.slice(start, cut).join('').trimEnd());
    start = cut;
    while (start < n && cps[start] === SPACE) start++;
  }
}

/**
 * No break opportunity fits: cut between characters at `end`, moving back over closing
 * punctuation so it does not start the next line (one character at least stays). Spaces at
 * the cut are dropped, so the rules look past them: in "，  ）" the ） would start the next line.
 */
function forcedCut(cps: number[], start: number, end: number): number {
  let cut = end;
  while (cut - 1 > start && (NO_START.has(cps[nextSolid(cps, cut)]!) || NO_END.has(cps[lastSolid(cps, cut, start)]!))) cut--;
  return cut;
}

/** The first position at or after `i` that is not a space (the next line's first character). */
function nextSolid(cps: number[], i: number): number {
  while (i < cps.length && cps[i] === SPACE) i++;
  return i;
}

/** The last position before `i`, not before `start`, that is not a space (the line's last character). */
function lastSolid(cps: number[], i: number, start: number): number {
  let k = i - 1;
  while (k > start && cps[k] === SPACE) k--;
  return k;
}
