import type { PricedLine } from '../../types.js';

/**
 * How a list of priced lines was made from the one before it (the pricing worker's answers): the
 * previous list and the positions whose line is not the previous list's line at that position. An
 * element that derives something from every line (the configurator's positions of a line's
 * option lines) can then redo only what those positions change. Only the newest list's record is
 * kept (each record drops the one before), so no chain of old lists stays alive.
 */
export interface LineChanges {
  previous: readonly PricedLine[];
  changed: readonly number[];
}

const records = new WeakMap<readonly PricedLine[], LineChanges>();

/** Record that `lines` is `previous` with the lines at `changed` replaced (added or removed lines: any other length). */
export function recordLineChanges(lines: readonly PricedLine[], previous: readonly PricedLine[], changed: readonly number[]): void {
  records.delete(previous);
  records.set(lines, { previous, changed });
}

/** What `lines` changed of the list before it, when known. */
export function lineChanges(lines: readonly PricedLine[]): LineChanges | undefined {
  return records.get(lines);
}

/** The positions where `lines` and `previous` hold different line objects (identity only). */
export function changedPositions(lines: readonly PricedLine[], previous: readonly PricedLine[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i] !== previous[i]) out.push(i);
  return out;
}
