import { decodeUtf8, encodeUtf8 } from './bytes.js';

/**
 * CloudEvents attribute values in HTTP headers (HTTP protocol binding 1.0.2, §3.1.3.2). Headers
 * carry printable ASCII only, so a sender percent-encodes the UTF-8 bytes of a space, a double
 * quote, a percent sign and every character outside U+0021–U+007E; a receiver first undoes
 * double-quoted strings (RFC 7230 §3.2.6), then percent-decodes once, and refuses bytes that
 * are not UTF-8.
 */

/** A header value for an attribute's canonical string. */
export function encodeHeaderValue(value: string): string {
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0x20 && cp < 0x7f && ch !== '"' && ch !== '%') {
      out += ch;
      continue;
    }
    for (const byte of encodeUtf8(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** An attribute's value from its header value, or why it cannot be read. */
export function decodeHeaderValue(raw: string): { ok: true; value: string } | { ok: false; problem: string } {
  const text = raw.replace(/^[ \t]+|[ \t]+$/g, '');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x09 && (c < 0x20 || c > 0x7e)) {
      return { ok: false, problem: `the character U+${c.toString(16).toUpperCase().padStart(4, '0')} at position ${i + 1} is not printable ASCII: a sender percent-encodes it (CloudEvents HTTP binding §3.1.3.2)` };
    }
  }
  // Double-quoted strings first: their quotes go, a backslash keeps the character after it.
  let unquoted = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '\\' && i + 1 < text.length) unquoted += text[++i]!;
    else if (c === '"') quoted = !quoted;
    else unquoted += c;
  }
  if (quoted) return { ok: false, problem: 'a double-quoted string is not closed' };
  // Then one round of percent-decoding, over bytes, and the bytes must be UTF-8.
  const bytes: number[] = [];
  for (let i = 0; i < unquoted.length; i++) {
    const c = unquoted[i]!;
    if (c !== '%') {
      bytes.push(c.charCodeAt(0));
      continue;
    }
    const pair = unquoted.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(pair)) return { ok: false, problem: `"%" at position ${i + 1} is not followed by two hex digits (a sender writes "%25" for a percent sign)` };
    bytes.push(parseInt(pair, 16));
    i += 2;
  }
  const value = decodeUtf8(Uint8Array.from(bytes));
  return value === undefined ? { ok: false, problem: 'the percent-encoded bytes are not valid UTF-8' } : { ok: true, value };
}
