import type { FastifyReply } from 'fastify';
import { isSettled } from '../core/object.js';

/** A piece of JSON text: a string, or its UTF-8 bytes. */
export type JsonPiece = string | Uint8Array;

const byteLength = (piece: JsonPiece): number => (typeof piece === 'string' ? Buffer.byteLength(piece, 'utf8') : piece.byteLength);

/**
 * An answer already written as JSON text. The largest answers (a quote with its prices) are made
 * of documents the store has just written as JSON; sending that text saves writing them again.
 * It is kept as the pieces it is made of (strings, or UTF-8 bytes): `bytes()` writes them into
 * one buffer for the wire, with no string of the whole made first (a 1,000-line quote's answer
 * is over 1 MB, and a string that size is a fresh allocation and a copy: 4–8 ms on a slow
 * machine, more than the pieces' encoding); `text` joins them when a string is needed. `toJSON`
 * keeps it correct wherever it is serialized as a value instead.
 */
export class JsonText {
  #text: string | undefined;
  #bytes: Buffer | undefined;
  readonly #pieces: readonly JsonPiece[];

  constructor(text: string | readonly JsonPiece[]) {
    if (typeof text === 'string') {
      this.#text = text;
      this.#pieces = [text];
    } else this.#pieces = text;
  }

  /** The whole text, one flat string (joined once, when first asked for). */
  get text(): string {
    return (this.#text ??= this.#pieces.map((p) => (typeof p === 'string' ? p : utf8(p))).join(''));
  }

  /** The text's UTF-8 bytes, each piece written once into one buffer (once: the same buffer again). */
  bytes(): Buffer {
    return (this.#bytes ??= joinBytes(this.#pieces));
  }

  toJSON(): unknown {
    return JSON.parse(this.text) as unknown;
  }
}

/** UTF-8 bytes as a string. */
export const utf8 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');

/** The pieces' UTF-8 bytes in one buffer. */
function joinBytes(pieces: readonly JsonPiece[]): Buffer {
  let size = 0;
  for (const piece of pieces) size += byteLength(piece);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const piece of pieces) {
    if (typeof piece === 'string') at += out.write(piece, at, 'utf8');
    else {
      out.set(piece, at);
      at += piece.byteLength;
    }
  }
  return out;
}

/**
 * Send JSON text as it is, encoded once: sent as a string, it would be read twice (its UTF-8
 * length for Content-Length, then its bytes) — a 1,000-line quote's answer is over 1 MB.
 */
export function sendJsonText(reply: FastifyReply, body: JsonText): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(body.bytes());
}

/** `{...value, [key]: <text>, ...}`: an object's JSON with members whose JSON text (or its UTF-8 bytes) is known appended. */
export function withJsonMembers(value: Record<string, unknown>, members: Record<string, JsonPiece>): JsonText {
  const text = JSON.stringify(value);
  const parts: JsonPiece[] = [text.slice(0, -1)];
  for (const [k, v] of Object.entries(members)) parts.push(parts.length > 1 || text !== '{}' ? ',' : '', JSON.stringify(k), ':', v);
  parts.push('}');
  return new JsonText(parts);
}

/** The UTF-8 JSON of each settled priced line written so far (pricing gives an unchanged line again: the same frozen object). */
const lineBytes = new WeakMap<object, Buffer>();

const OPEN = Buffer.from('{');
const CLOSE = Buffer.from('}');
const COMMA = Buffer.from(',');
const END_LINES = Buffer.from(']');

/**
 * The UTF-8 bytes of `JSON.stringify(priced)`, with each line's JSON encoded once: pricing
 * freezes every priced line whole (`settle`) and gives a line whose figures did not change
 * again, the same object (pricing/finish.ts), so a 1,000-line quote's edit writes the few lines
 * it changed, not 1 MB. Bytes, not a string: the store binds them as they are (the column is
 * text) and the answer copies them in, where a string of the whole would be made (a 1,000-line
 * quote's is a 2.5 MB two-byte string: its step labels are Chinese), then encoded twice.
 */
export function pricedJsonBytes(priced: object): Buffer {
  if (typeof (priced as { toJSON?: unknown }).toJSON === 'function') return Buffer.from(JSON.stringify(priced), 'utf8');
  const parts: Buffer[] = [OPEN];
  let first = true;
  for (const key of Object.keys(priced)) {
    const value = (priced as Record<string, unknown>)[key];
    if (key === 'lines' && Array.isArray(value)) {
      parts.push(Buffer.from(first ? '"lines":[' : ',"lines":['));
      for (let i = 0; i < value.length; i++) {
        if (i > 0) parts.push(COMMA);
        parts.push(lineJson(value[i]));
      }
      parts.push(END_LINES);
      first = false;
      continue;
    }
    const text = JSON.stringify(value);
    if (text === undefined) continue;
    parts.push(Buffer.from(`${first ? '' : ','}${JSON.stringify(key)}:${text}`, 'utf8'));
    first = false;
  }
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

/** A line's JSON as an array element, in UTF-8; kept for a line pricing made and froze whole (`isSettled`). */
function lineJson(line: unknown): Buffer {
  if (typeof line !== 'object' || line === null || !isSettled(line)) return Buffer.from(arrayItem(line), 'utf8');
  let bytes = lineBytes.get(line);
  if (bytes === undefined) lineBytes.set(line, (bytes = Buffer.from(arrayItem(line), 'utf8')));
  return bytes;
}

/** JSON.stringify of an array element (undefined, a function or a symbol is `null` there). */
const arrayItem = (value: unknown): string => JSON.stringify(value) ?? 'null';
