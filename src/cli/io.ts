/// <reference types="node" />
import { readFileSync } from 'node:fs';

/**
 * Reading the CLI's input files. A problem with a file (missing, unreadable, not JSON) is a
 * usage error: it throws `UsageError`, which `main` turns into exit code 2 with the message.
 */

/** Exit codes, stable for scripts and CI. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** Bad invocation or unreadable input: exit code 2. */
export class UsageError extends Error {}

/** The text of a file, or a UsageError naming it. */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read the file${code ? ` (${code})` : ''}`);
  }
}

/** A file's JSON value, or a UsageError naming the file and the parser's complaint. */
export function readJson(file: string): unknown {
  const text = readText(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/**
 * The events in a file: one JSON event, a JSON array of events, or JSON lines (one event per
 * line).
 */
export function readEvents(file: string): unknown[] {
  const text = readText(file);
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [value];
  } catch {
    // Not one JSON document: JSON lines, then.
  }
  const events: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      events.push(JSON.parse(line));
    } catch (e) {
      throw new UsageError(`${file}:${i + 1}: not valid JSON (${(e as Error).message})`);
    }
  });
  if (events.length === 0) throw new UsageError(`${file}: no events in the file`);
  return events;
}

/** A value for a message: strings as JSON, so that `"1.00"` and `1.00` can be told apart. */
export function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
