/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { isRecord } from '../core/object.js';

/**
 * The CLI's input and output. A file name `-` is standard input (once per run: it is one
 * stream). A problem with an input (missing, unreadable, not JSON) is a usage error: it throws
 * `UsageError`, which `run` turns into exit code 2 with the message.
 */

/** Exit codes, stable for scripts and CI. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** Bad invocation, unreadable input or output that cannot be written: exit code 2. */
export class UsageError extends Error {}

/** Where the CLI reads and writes: stdout for results (text, or a PDF's bytes), stderr for reports and errors. */
export interface Io {
  out(data: string | Uint8Array): void;
  err(text: string): void;
  /** All of standard input; absent where there is none to read. */
  stdin?(): Uint8Array;
}

/** The runs whose standard input has been read already. */
const stdinRead = new WeakSet<Io>();

/** A system error's code (`ENOENT`, `EACCES`, `EPIPE`), if it is one. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** Refuse, before anything is read, a run that names standard input (`-`) more than once. */
export function stdinOnce(files: readonly (string | undefined)[]): void {
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('-: standard input can be read only once; give a file for the other inputs');
}

/** The bytes of a file, or of standard input for `-`; a UsageError naming it otherwise. */
export function readBytes(file: string, io: Io, what = 'the file'): Uint8Array {
  if (file === '-') {
    if (stdinRead.has(io)) throw new UsageError('-: standard input can be read only once; give a file for the other inputs');
    stdinRead.add(io);
    if (!io.stdin) throw new UsageError('-: there is no standard input to read here');
    let bytes: Uint8Array;
    try {
      bytes = io.stdin();
    } catch (e) {
      const code = errorCode(e);
      throw new UsageError(`-: cannot read standard input${code ? ` (${code})` : ''}`);
    }
    if (bytes.length === 0) throw new UsageError('-: standard input is empty');
    return bytes;
  }
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    const code = errorCode(e);
    throw new UsageError(`${file}: cannot read ${what}${code ? ` (${code})` : ''}`);
  }
}

/** The text of a file (UTF-8), or a UsageError naming it. */
export function readText(file: string, io: Io): string {
  // A byte order mark (as some Windows editors write) is not part of the JSON.
  return Buffer.from(readBytes(file, io)).toString('utf8').replace(/^\uFEFF/, '');
}

/** A file's JSON value, or a UsageError naming the file and the parser's complaint. */
export function readJson(file: string, io: Io): unknown {
  const text = readText(file, io);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** An event to verify, and the stored order it came in, if it came in one. */
export interface LoadedEvent {
  event: unknown;
  /** The order as the quote service returns it (`GET /orders/:id`), without its event. */
  order?: Record<string, unknown>;
}

/**
 * The events in a file: one JSON event, a JSON array of events, or JSON lines (one per line);
 * and what the quote service stores and returns — an order (`GET /orders/:id`: `{ id, quoteId,
 * version, …, event }`) or a list of them (`{ data: [...] }`), in any of those shapes.
 */
export function readEvents(file: string, io: Io): LoadedEvent[] {
  const text = readText(file, io);
  let values: unknown[];
  try {
    values = [JSON.parse(text)];
  } catch {
    // Not one JSON document: JSON lines, then.
    values = [];
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        values.push(JSON.parse(line));
      } catch (e) {
        throw new UsageError(`${file}:${i + 1}: not valid JSON (${(e as Error).message})`);
      }
    });
    if (values.length === 0) throw new UsageError(`${file}: no events in the file`);
  }
  const out: LoadedEvent[] = [];
  for (const value of values) unwrap(value, file, out, true);
  return out;
}

/** Events from a value: an event, an order with its event, or a list of either. */
function unwrap(value: unknown, file: string, out: LoadedEvent[], top: boolean): void {
  if (top && Array.isArray(value)) {
    for (const v of value) unwrap(v, file, out, false);
    return;
  }
  if (!isRecord(value) || 'specversion' in value) {
    out.push({ event: value });
    return;
  }
  if (top && Array.isArray(value.data)) {
    for (const v of value.data) unwrap(v, file, out, false);
    return;
  }
  if ('event' in value) {
    const { event, ...order } = value;
    let parsed = event;
    if (typeof event === 'string') {
      // A store's row keeps the event as JSON text.
      try {
        parsed = JSON.parse(event);
      } catch (e) {
        throw new UsageError(`${file}#${out.length + 1}: the order's event is not valid JSON (${(e as Error).message})`);
      }
    }
    out.push({ event: parsed, order });
    return;
  }
  if (typeof value.id === 'string' && 'quoteId' in value) {
    throw new UsageError(`${file}#${out.length + 1}: the order ${value.id} comes without its event (GET /orders lists orders without events); save GET /orders/${encodeURIComponent(value.id)} instead`);
  }
  out.push({ event: value });
}

/** A value for a message: strings as JSON, so that `"1.00"` and `1.00` can be told apart. */
export function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
