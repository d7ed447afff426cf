import type { Canvas } from './canvas.js';

/**
 * One piece of the document below the parties — a table row, the totals, a line of the terms,
 * the signature area — with what the page-breaking needs to know about it.
 */
export interface Block {
  /** Height on the page, spacing after it included. */
  height: number;
  /** Stay on one page with the next block (a group heading with its first line, the last rows with the totals). */
  keepWithNext?: boolean;
  /** Draw at the canvas cursor and move the cursor below. */
  draw(): void;
  /**
   * Draw what fits in `room` and return the rest, or undefined when not even a first line fits.
   * Without it a block moves whole to the next page; one taller than a page draws itself
   * across pages (the totals of a quote with hundreds of tax rates).
   */
  split?(room: number): Block | undefined;
  /** The table the block is a row of: a break before it closes and reopens a table page. */
  region?: Region;
}

/** What a page break inside a table does beyond starting a page. */
export interface Region {
  /** Room kept at the foot of a page for `close` (the carried-forward row). */
  readonly reserve: number;
  /** Room a new page offers `block` once `open` has drawn. */
  fresh(block: Block): number;
  /** Finish the page being left, the table going on (过次页). */
  close(): void;
  /** Start the new page before `block` (the header row, 承前页, the group heading （续）). */
  open(block: Block): void;
}

/**
 * When a chain of blocks kept together is longer than a page, a block is kept with no more than
 * this much of the next one (a group heading with the first lines of a very long line).
 */
const KEEP_START = 40;

/**
 * Place blocks down the pages: a block moves to the next page when it, and the blocks it is
 * kept with, do not fit in what is left of this one but fit on a new page; a chain too long
 * for any page is kept only with the start of its next block; a block taller than a page is
 * split. Decisions look ahead only through the heights, so the layout stays linear in the
 * number of blocks.
 */
export function layoutBlocks(canvas: Canvas, blocks: Block[]): void {
  const fresh = (b: Block): number => (b.region ? b.region.fresh(b) : canvas.bodyHeight);
  // need[i]: the height block i and the blocks kept with it ask of the page it goes on.
  const need = new Float64Array(blocks.length);
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i]!;
    const next = b.keepWithNext ? blocks[i + 1] : undefined;
    let chain = b.height + (next ? need[i + 1]! : 0);
    if (next && chain > fresh(b)) chain = b.height + Math.min(next.height, KEEP_START);
    need[i] = chain;
  }
  let current: Region | undefined;
  const breakBefore = (b: Block): void => {
    if (current && current === b.region) current.close();
    canvas.addPage();
    b.region?.open(b);
    current = b.region;
  };
  const room = (b: Block): number => canvas.room - (b.region ? b.region.reserve : 0);
  for (let i = 0; i < blocks.length; i++) {
    let b = blocks[i]!;
    const r = room(b);
    // A block taller than any page at least starts on a new one.
    if (need[i]! > r && (need[i]! <= fresh(b) || (!b.split && b.height > r && r < fresh(b)))) breakBefore(b);
    while (b.split && b.height > room(b)) {
      const rest = b.split(room(b));
      breakBefore(b);
      if (rest) b = rest;
    }
    b.draw();
    current = b.region;
  }
}
