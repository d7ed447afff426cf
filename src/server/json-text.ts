import { keptText } from '../core/object.js';

/**
 * An answer already written as JSON text. The largest answers (a quote with its prices) are made
 * of documents the store has just written as JSON; sending that text saves writing them again.
 * It is kept as the pieces it is made of: `bytes()` writes them into one buffer for the wire,
 * with no string of the whole made first (a 1,000-line quote's answer is over 1 MB, and a string
 * that size is a fresh allocation and a copy: 4–8 ms on a slow machine, more than the pieces'
 * encoding); `text` joins them when a string is needed. `toJSON`
 * keeps it correct wherever it is serialized as a value instead.
 */
export class JsonText {
  #text: string | undefined;
  #bytes: Buffer | undefined;
  readonly #parts: readonly string[];

  constructor(text: string | readonly string[]) {
    if (typeof text === 'string') {
      this.#text = text;
      this.#parts = [text];
    } else this.#parts = text;
  }

  /** The whole text, one flat string (joined once, when first asked for). */
  get text(): string {
    return (this.#text ??= this.#parts.join(''));
  }

  /** The text's UTF-8 bytes, each piece written once into one buffer (once: the same buffer again). */
  bytes(): Buffer {
    return (this.#bytes ??= this.#write());
  }

  #write(): Buffer {
    const parts = this.#parts;
    let size = 0;
    for (const part of parts) size += Buffer.byteLength(part, 'utf8');
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    for (const part of parts) at += out.write(part, at, 'utf8');
    return out;
  }

  toJSON(): unknown {
    return JSON.parse(this.text) as unknown;
  }
}

/** `{...value, [key]: <text>, ...}`: an object's JSON with members whose JSON text is known appended. */
export function withJsonMembers(value: Record<string, unknown>, members: Record<string, string>): JsonText {
  const text = JSON.stringify(value);
  const parts = [text.slice(0, -1)];
  for (const [k, v] of Object.entries(members)) parts.push(parts.length > 1 || text !== '{}' ? ',' : '', JSON.stringify(k), ':', v);
  parts.push('}');
  return new JsonText(parts);
}

/** The JSON text of an answer body. */
export function jsonText(body: unknown): string {
  return body instanceof JsonText ? body.text : JSON.stringify(body);
}

/** The JSON text of each settled priced line written so far (pricing gives an unchanged line again: the same frozen object). */
const lineTexts = new WeakMap<object, string>();

/**
 * `JSON.stringify(priced)`, the same text, with each line's JSON written once: pricing freezes
 * every priced line whole (`settle`) and gives a line whose figures did not change again, the same object
 * (pricing/finish.ts), so a 1,000-line quote's edit writes the few lines it changed, not 1 MB.
 * The text is joined from its parts, one flat string: the store binds it and the answer encodes
 * it without first copying a string made of thousands of pieces.
 */
export function pricedJson(priced: object): string {
  if (typeof (priced as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(priced);
  const parts: string[] = ['{'];
  let first = true;
  for (const key of Object.keys(priced)) {
    const value = (priced as Record<string, unknown>)[key];
    if (key === 'lines' && Array.isArray(value)) {
      parts.push(first ? '"lines":[' : ',"lines":[');
      for (let i = 0; i < value.length; i++) parts.push(i > 0 ? ',' : '', lineJson(value[i]));
      parts.push(']');
      first = false;
      continue;
    }
    const text = JSON.stringify(value);
    if (text === undefined) continue;
    parts.push(first ? '' : ',', JSON.stringify(key), ':', text);
    first = false;
  }
  parts.push('}');
  return parts.join('');
}

/** A line's JSON as an array element; kept for a line pricing made and froze whole (`keptText`). */
function lineJson(line: unknown): string {
  return typeof line === 'object' && line !== null ? keptText(lineTexts, line, arrayItem) : arrayItem(line);
}

/** JSON.stringify of an array element (undefined, a function or a symbol is `null` there). */
const arrayItem = (value: unknown): string => JSON.stringify(value) ?? 'null';
