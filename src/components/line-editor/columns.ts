/**
 * The line editor's columns: which exist, how wide each is, which a mode shows by default, and
 * how wide the table must be to show a set of them. Pure (no DOM, no lit): the widths here are
 * the only ones (the stylesheet is generated from them), so the table never needs more room than
 * `tableWidth()` says, and the card layout takes over below that width.
 */

/** The columns after the product column (which is always shown, first and frozen). */
export const COLUMN_IDS = ['qty', 'term', 'list', 'discount', 'net', 'margin', 'optional', 'group', 'actions'] as const;

export type ColumnId = (typeof COLUMN_IDS)[number];

/** The product column's least width, in rem (it takes whatever the others leave). */
export const PRODUCT_REM = 11;

/** Each column's width in rem, cell padding included. */
export const COLUMN_REM: Readonly<Record<ColumnId, number>> = {
  qty: 5, term: 7.5, list: 7, discount: 7, net: 8, margin: 6, optional: 4.5, group: 7, actions: 13,
};

/**
 * Columns only a seller sees: the discount field, and the line's cost and margin (never in
 * self-service, whatever the host asks).
 */
export const SALES_ONLY: ReadonlySet<ColumnId> = new Set<ColumnId>(['discount', 'margin']);

/**
 * What each mode shows unless the host says otherwise: the figures a seller works with (the
 * optional flag shows as a tag on the product, groups as headings), and for a customer no
 * discount and nothing to group by.
 */
export const DEFAULT_COLUMNS: Readonly<Record<'sales' | 'self-service', readonly ColumnId[]>> = {
  sales: ['qty', 'term', 'list', 'discount', 'net', 'actions'],
  'self-service': ['qty', 'term', 'list', 'net', 'actions'],
};

/** The widths the stylesheet has a container query for: a table needing more than the last one only scrolls. */
export const TIER_STEP_REM = 2;
export const TIER_MIN_REM = 24;
export const TIER_MAX_REM = 90;

const known = new Set<string>(COLUMN_IDS);

/**
 * Columns as a host writes them (`columns="qty net actions"`, commas allowed, or an array) in
 * the table's order; unknown names are dropped. `undefined` (or nothing) means "the defaults".
 */
export function parseColumns(value: string | readonly string[] | null | undefined): ColumnId[] | undefined {
  if (value === null || value === undefined) return undefined;
  const names = typeof value === 'string' ? value.split(/[\s,]+/) : value;
  const wanted = new Set(names.map((n) => n.trim()).filter((n) => known.has(n)));
  return COLUMN_IDS.filter((id) => wanted.has(id));
}

/** The columns a mode shows: the host's choice (without discount and margin in self-service) or the mode's defaults. */
export function shownColumns(chosen: readonly ColumnId[] | undefined, mode: 'sales' | 'self-service'): ColumnId[] {
  const list = chosen ?? DEFAULT_COLUMNS[mode];
  return COLUMN_IDS.filter((id) => list.includes(id) && (mode === 'sales' || !SALES_ONLY.has(id)));
}

/** The least width (rem) at which the table shows `columns` without clipping a control. */
export function tableWidth(columns: readonly ColumnId[]): number {
  return columns.reduce((sum, id) => sum + COLUMN_REM[id], PRODUCT_REM);
}

/**
 * The container-query tier (rem) for a column set: below it the lines show as cards. The width
 * rounded up to the next step, so that the table always has at least the room it needs.
 */
export function fitTier(columns: readonly ColumnId[]): number {
  const need = tableWidth(columns);
  return Math.min(TIER_MAX_REM, Math.max(TIER_MIN_REM, Math.ceil(need / TIER_STEP_REM) * TIER_STEP_REM));
}
