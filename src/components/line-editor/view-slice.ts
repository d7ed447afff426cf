import type { LineRow, LineView, Section } from './line-rows.js';
import type { Slice } from './row-window.js';

/**
 * The line editor's view as a list of items (the unit of virtualization: a group heading, or a
 * line with its messages and option lines) and the `<tbody>` chunks one slice of them renders.
 * Pure: no DOM.
 */

/** One item: a section's heading, or one of its lines. `key` is its rows' `data-unit`. */
export interface Item {
  key: string;
  section: number;
  row?: LineRow;
}

/** The key (`data-unit`) of a line's rows, and of a section heading's row. */
export const lineKey = (id: string) => `l:${id}`;
export const headingKey = (section: Section) => `h:${section.key}`;

/**
 * The items in display order: each section's heading (when the quote has groups), then its lines.
 * With the previous items (`prev`), an item whose row is kept is kept, and a line's new row reuses
 * its item's key. The previous item at the same place is tried first; a map of them by line id is
 * made only when lines moved (a quote discount gives every one of 10,000 lines a new row in place:
 * a weak map of rows to items, filled anew per build, was the answer's longest step in a profile).
 */
export function itemsOf(view: LineView, prev: readonly Item[] = []): Item[] {
  const out: Item[] = [];
  let byId: Map<string, Item> | undefined;
  view.sections.forEach((section, i) => {
    if (view.grouped) out.push({ key: headingKey(section), section: i });
    for (const row of section.rows) {
      const id = row.line.id;
      let was: Item | undefined = prev[out.length];
      if (was?.row?.line.id !== id) {
        if (!byId) {
          byId = new Map();
          for (const p of prev) if (p.row) byId.set(p.row.line.id, p);
        }
        was = byId.get(id);
      }
      out.push(was?.row === row && was.section === i ? was : { key: was ? was.key : lineKey(id), section: i, row });
    }
  });
  return out;
}

/**
 * The items' keys in order: `previous.keys` itself while every key is the same (the items the
 * same objects, as itemsOf keeps them, or new items with the same keys), else a copy with the
 * keys that changed — a 10,000-line edit or worker answer does not build a new list of 10,000 keys.
 */
export function keysOf(items: readonly Item[], previous?: { items: readonly Item[]; keys: readonly string[] }): readonly string[] {
  if (!previous || previous.items.length !== items.length) return items.map((i) => i.key);
  if (previous.items === items) return previous.keys;
  let keys: string[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item === previous.items[i] || item.key === previous.keys[i]) continue;
    keys ??= previous.keys.slice();
    keys[i] = item.key;
  }
  return keys ?? previous.keys;
}

/** What the table body renders: sections (or the rendered part of one), and spacers standing for what is not rendered. */
export type Chunk =
  | { kind: 'gap'; key: string; height: number }
  | { kind: 'section'; key: string; section: Section; rows: LineRow[]; headed: boolean };

/** The chunks of a slice: each run split where its section changes, gaps between. */
export function chunksOf(view: LineView, items: readonly Item[], slice: Slice): Chunk[] {
  const out: Chunk[] = [];
  const seen = new Map<string, number>();
  const open = (section: Section, headed: boolean, at: number): Extract<Chunk, { kind: 'section' }> => {
    // A section rendered in two pieces (a pinned line far from the view) needs two keys.
    const n = seen.get(section.key) ?? 0;
    seen.set(section.key, n + 1);
    const chunk = { kind: 'section' as const, key: n === 0 ? `s:${section.key}` : `s:${section.key}@${at}`, section, rows: [], headed };
    out.push(chunk);
    return chunk;
  };
  for (const run of slice.runs) {
    if (run.gapBefore > 0) out.push({ kind: 'gap', key: `gap:${run.from}`, height: run.gapBefore });
    let current: Extract<Chunk, { kind: 'section' }> | undefined;
    for (let i = run.from; i < run.to; i++) {
      const item = items[i]!;
      const section = view.sections[item.section]!;
      if (!current || current.section !== section) current = open(section, !item.row, i);
      if (item.row) current.rows.push(item.row);
      else current.headed = true;
    }
  }
  if (slice.gapAfter > 0) out.push({ kind: 'gap', key: 'gap:end', height: slice.gapAfter });
  return out;
}
