import { utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Bytes and text for the HTTP binding, without the DOM or Node: UTF-8 both ways (decoding
 * refuses invalid sequences, overlong forms and surrogates, as the binding requires) and
 * base64 (RFC 4648, padded) for the `Binary` type and `data_base64`.
 */

interface Utf8Decoder {
  decode(bytes: Uint8Array): string;
}
type DecoderClass = new (label: string, options: { fatal: boolean; ignoreBOM: boolean }) => Utf8Decoder;
// Every runtime the kit supports has TextDecoder (Node, browsers, workers); the core's type
// library (ES2022, no DOM) does not declare it.
const Decoder = (globalThis as unknown as { TextDecoder: DecoderClass }).TextDecoder;

/** The UTF-8 bytes of a string. */
export function encodeUtf8(text: string): Uint8Array {
  return utf8ToBytes(text);
}

/** The text of UTF-8 bytes, or undefined when they are not valid UTF-8 (a byte order mark is kept). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new Decoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 (RFC 4648 §4, padded) of bytes. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63]! : '=';
  }
  return out;
}

/** The bytes of padded base64 text (checked by the caller: `BASE64` in cloudevent.ts). */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let j = 0;
  for (const c of clean) {
    value = (value << 6) | ALPHABET.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (value >> bits) & 0xff;
    }
  }
  return out;
}
