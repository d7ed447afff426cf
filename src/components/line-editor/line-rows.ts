import { sameData } from '../../core/object.js';
import type { Approval, Catalog, Issue, PricedLine, PricedQuote, Product, Quote, QuoteLine, SelectedOption } from '../../types.js';

/**
 * The line editor's view of a quote, as plain data: sections (groups) of top-level rows, each
 * with its priced line and its option lines, plus the issues and approvals that belong to each.
 * Pure (no DOM, no lit) so that it is built once per state and tested on its own.
 */

/** An option line of a bundle (read-only in the editor), with its depth under the top-level line. */
export interface ChildRow {
  line: PricedLine;
  depth: number;
  issues: readonly Issue[];
  approvals: readonly Approval[];
}

/** A top-level quote line with what pricing said about it (a section or note line: its text only). */
export interface LineRow {
  line: QuoteLine;
  /** Set on a section heading or a note line: no product, no figures. */
  kind?: 'section' | 'note';
  /** Position in `quote.lines`. */
  index: number;
  priced: PricedLine | undefined;
  product: Product | undefined;
  children: readonly ChildRow[];
  issues: readonly Issue[];
  approvals: readonly Approval[];
  /** Quote positions of the neighbouring rows in the same section (move targets). */
  up: number | undefined;
  down: number | undefined;
}

export interface Section {
  key: string;
  /** The group name; undefined for lines without a group. */
  group: string | undefined;
  rows: LineRow[];
}

export interface LineView {
  sections: Section[];
  /** Top-level line ids in display order. */
  order: string[];
  /** Whether any line has a group (then ungrouped lines get a heading too). */
  grouped: boolean;
  /** The rows by their quote position (`row.index`): the next build looks a line's previous row up here first. */
  byIndex: readonly LineRow[];
}

const NONE: readonly never[] = Object.freeze([]);

/** Told the id of each top-level line whose row template runs (for tests and benches; not part of the API). */
export const rowRenders: { onRender?: (id: string) => void } = {};
const productMaps = new WeakMap<Catalog, Map<string, Product>>();
const discountRuleSets = new WeakMap<Catalog, Set<string>>();

/** The catalog's products by SKU, built once per catalog object. */
export function productsBySku(catalog: Catalog | undefined): Map<string, Product> {
  if (!catalog) return new Map();
  let map = productMaps.get(catalog);
  if (!map) productMaps.set(catalog, (map = new Map(catalog.products.map((p) => [p.sku, p]))));
  return map;
}

/** Facts a line discount moves: the quote's discount and, with it, its margin. */
const DISCOUNT_FACTS = /\b(discountPercent|marginPercent)\b/;

/** Ids of the approval rules whose condition reads the discount or the margin (those a line discount can trip). */
function discountRules(catalog: Catalog | undefined): Set<string> {
  if (!catalog) return new Set();
  let set = discountRuleSets.get(catalog);
  if (!set) {
    set = new Set((catalog.approvalRules ?? []).filter((r) => DISCOUNT_FACTS.test(JSON.stringify(r.when ?? null))).map((r) => r.id));
    discountRuleSets.set(catalog, set);
  }
  return set;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Plain data equal field for field (core/object.ts). */
export { sameData as same };

/** The previous value when the next one is equal to it field for field: a row's guard then sees no change. */
const keep = <T>(prev: T | undefined, next: T): T => (prev !== undefined && prev !== next && sameData(prev, next) ? prev : next);

/**
 * Sections, rows and option lines for a quote and its priced copy. With the view built for the
 * previous state (`prev`), a row's issues, approvals and option lines keep their previous
 * identity while equal field for field, and a row whose line, priced line and all of these are
 * the previous ones is the previous row itself, so that only the rows whose data changed
 * re-render (pricing gives new objects on every run, equal ones for the lines an edit does not
 * reach; the pricing worker's answer keeps them the same objects).
 *
 * Linear with small constants (a 10,000-line quote is rebuilt after every answer): the previous
 * row is found at the same quote position before a map of them by id is made; a quote line's
 * priced line is the top-level priced line at the same place among the priced ones before a map
 * by id is made; an option line's top-level line is found from the option lines just before it
 * (pricing lists them right after their parents).
 */
export function buildView(quote: Quote, priced: PricedQuote | undefined, catalog: Catalog | undefined, prev?: LineView): LineView {
  const prevAt = prev?.byIndex ?? NONE;
  let before: Map<string, LineRow> | undefined;
  const previousRow = (id: string, index: number): LineRow | undefined => {
    const at = prevAt[index];
    if (at !== undefined && at.line.id === id) return at;
    if (!prev) return undefined;
    if (!before) {
      before = new Map();
      for (const section of prev.sections) for (const row of section.rows) before.set(row.line.id, row);
    }
    return before.get(id);
  };
  const products = productsBySku(catalog);
  const issues = new Map<string, Issue[]>();
  const approvals = new Map<string, Approval[]>();
  for (const issue of priced?.issues ?? NONE) if (issue.lineId !== undefined) push(issues, issue.lineId, issue);
  for (const a of priced?.approvals ?? NONE) if (a.lineId !== undefined) push(approvals, a.lineId, a);
  const { tops, children } = pricedTree(priced?.lines ?? NONE, issues, approvals);
  let byId: Map<string, PricedLine> | undefined;
  const pricedOf = (id: string, k: number): PricedLine | undefined => {
    const at = tops[k];
    if (at !== undefined && at.id === id) return at;
    if (!byId) {
      byId = new Map();
      for (const line of tops) byId.set(line.id, line);
    }
    return byId.get(id);
  };
  const sections = new Map<string, Section>();
  const byIndex: LineRow[] = [];
  // The positions whose row is made here (the others are the previous view's rows).
  const made = new Uint8Array(quote.lines.length);
  let last: { group: unknown; section: Section } | undefined;
  let k = 0;
  quote.lines.forEach((line, index) => {
    let section: Section;
    if (last && last.group === line.group) section = last.section;
    else {
      const key = line.group === undefined || line.group === '' ? '' : `g:${line.group}`;
      let s = sections.get(key);
      if (!s) sections.set(key, (s = { key, group: key ? line.group : undefined, rows: [] }));
      last = { group: line.group, section: (section = s) };
    }
    const kind = line.kind === 'section' || line.kind === 'note' ? line.kind : undefined;
    const was = previousRow(line.id, index);
    const pricedLine = kind ? undefined : pricedOf(line.id, k++);
    const product = kind ? undefined : products.get(line.sku);
    const lineChildren = keep(was?.children, children.get(line.id) ?? NONE);
    const lineIssues = keep(was?.issues, issues.get(line.id) ?? NONE);
    const lineApprovals = keep(was?.approvals, approvals.get(line.id) ?? NONE);
    let row: LineRow;
    // Nothing of the row changed (a worker's answer keeps unchanged priced lines): the row itself, so
    // a 10,000-line quote's edit makes new rows for the lines it reached only.
    if (was && was.line === line && was.index === index && was.kind === kind && was.priced === pricedLine && was.product === product
      && was.children === lineChildren && was.issues === lineIssues && was.approvals === lineApprovals) row = was;
    else {
      // Written out for both kinds of row (no spread of a `{ kind }` made for each line: every row of a quote discount is new).
      row = kind
        ? { kind, line, index, priced: pricedLine, product, children: lineChildren, issues: lineIssues, approvals: lineApprovals, up: undefined, down: undefined }
        : { line, index, priced: pricedLine, product, children: lineChildren, issues: lineIssues, approvals: lineApprovals, up: undefined, down: undefined };
      made[index] = 1;
    }
    section.rows.push(row);
  });
  const order: string[] = [];
  for (const section of sections.values()) {
    const rows = section.rows;
    for (let i = 0; i < rows.length; i++) {
      let row = rows[i]!;
      const up = rows[i - 1]?.index;
      const down = rows[i + 1]?.index;
      if (row.up !== up || row.down !== down) {
        // A kept row is the previous view's too: a new one for new neighbours.
        if (made[row.index] === 0) rows[i] = row = { ...row };
        row.up = up;
        row.down = down;
      }
      byIndex[row.index] = row;
      order.push(row.line.id);
    }
  }
  return { sections: [...sections.values()], order, grouped: sections.size > (sections.has('') ? 1 : 0), byIndex };
}

/**
 * The top-level priced lines in order, and each one's option lines (by its id) with their depth,
 * issues and approvals. Pricing lists option lines right after their parents: an option line
 * belongs to the top-level line before it, and one whose parent is not among the lines since
 * that top-level line is left out.
 */
function pricedTree(lines: readonly PricedLine[], issues: Map<string, Issue[]>, approvals: Map<string, Approval[]>): { tops: PricedLine[]; children: Map<string, ChildRow[]> } {
  const tops: PricedLine[] = [];
  const children = new Map<string, ChildRow[]>();
  let root: string | undefined;
  // The depths of the current top-level line's option lines, by id; and where they go.
  let depths: Map<string, number> | undefined;
  let list: ChildRow[] | undefined;
  for (const line of lines) {
    if (line.parentId === null) {
      tops.push(line);
      root = line.id;
      depths = undefined;
      list = undefined;
      continue;
    }
    const parentDepth = root === undefined ? undefined : line.parentId === root ? 0 : depths?.get(line.parentId);
    if (parentDepth === undefined) continue;
    const depth = parentDepth + 1;
    (depths ??= new Map()).set(line.id, depth);
    if (!list) {
      list = children.get(root!);
      if (!list) children.set(root!, (list = []));
    }
    list.push({ line, depth, issues: issues.get(line.id) ?? NONE, approvals: approvals.get(line.id) ?? NONE });
  }
  return { tops, children };
}

/** A warning the seller sees next to a line discount: an approval it needs, or a price under the floor. */
export interface DiscountWarning {
  kind: 'approval' | 'floor';
  level?: string;
  message: string;
}

const within = (id: string, lineId: string | undefined) => lineId !== undefined && (lineId === id || lineId.startsWith(`${id}/`));

/**
 * What a line's discount sets off: the approvals of the line (and its option lines), the quote's
 * approvals whose rule reads the discount, and the line's below-floor issues. Sales mode only.
 */
export function discountWarnings(priced: PricedQuote | undefined, catalog: Catalog | undefined, id: string): DiscountWarning[] {
  if (!priced) return [];
  const rules = discountRules(catalog);
  const out: DiscountWarning[] = [];
  const seen = new Set<string>();
  for (const a of priced.approvals) {
    if (within(id, a.lineId) || (a.lineId === undefined && rules.has(a.ruleId))) {
      seen.add(a.message);
      out.push({ kind: 'approval', level: a.level, message: a.message });
    }
  }
  for (const i of priced.issues) {
    if (i.code === 'below-floor' && within(id, i.lineId) && !seen.has(i.message)) out.push({ kind: 'floor', message: i.message });
  }
  return out;
}

/** The quote's approvals that a line discount can trip (quote-level rules reading the discount). */
export function quoteDiscountApprovals(priced: PricedQuote | undefined, catalog: Catalog | undefined): Approval[] {
  const rules = discountRules(catalog);
  return (priced?.approvals ?? []).filter((a) => a.lineId === undefined && rules.has(a.ruleId));
}

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E\uFF0D]/g;

/**
 * What a person typed into a number field, as the decimal string to store: trimmed, full-width
 * digits (a Chinese input method's) made ASCII, group separators and a trailing `%` dropped.
 * Anything still not a decimal is kept as typed, so that pricing reports it on the line.
 */
export function normalizeDecimal(input: string): string {
  const ascii = input.replace(FULL_WIDTH, (c) => (c === '\uFF0E' ? '.' : c === '\uFF0D' ? '-' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
  const s = ascii.trim().replace(/[%％]$/, '').trim();
  return /^-?\d{1,3}([,，]\d{3})+(\.\d+)?$/.test(s) ? s.replace(/[,，]/g, '') : s;
}

/** The three ways a seller states a line discount (a quote discount: the first two). */
export type DiscountKind = 'percent' | 'amount' | 'unitPrice';

/** The kind of a manual discount (percent when there is none). */
export function discountKindOf(d: QuoteLine['discount'] | Quote['discount']): DiscountKind {
  return d && 'amount' in d ? 'amount' : d && 'unitPrice' in d ? 'unitPrice' : 'percent';
}

/** A manual discount's value as typed text when it is of `kind` ('' otherwise, or without one). */
export function discountValueOf(d: QuoteLine['discount'] | Quote['discount'], kind: DiscountKind): string {
  return d && kind in d ? String((d as Record<string, unknown>)[kind]) : '';
}

/** The quote with one line's manual discount set (removed when `value` is empty): a what-if for a preview. */
export function withDiscount(quote: Quote, id: string, kind: DiscountKind, value: string): Quote {
  const lines = quote.lines.map((l) => {
    if (l.id !== id) return l;
    const { discount: _d, ...rest } = l;
    return value === '' ? rest : { ...rest, discount: { [kind]: value } as QuoteLine['discount'] };
  });
  return { ...quote, lines };
}

/** The line's manual percent discount as typed text ('' when it has none or another kind). */
export function percentOf(line: QuoteLine): string {
  const d = line.discount;
  return d && 'percent' in d ? String(d.percent) : '';
}

/** The quote with one line's manual discount set to `percent` (removed when empty): a what-if for a preview. */
export function withPercent(quote: Quote, id: string, percent: string): Quote {
  const lines = quote.lines.map((l) => {
    if (l.id !== id) return l;
    const { discount: _d, ...rest } = l;
    return percent === '' ? rest : { ...rest, discount: { percent } };
  });
  return { ...quote, lines };
}

/**
 * A bundle's option selection with `priceRule` set on the option at `path` (SKUs from the
 * bundle down), for a price-rule tie on an option line. Unknown paths leave the options as they are.
 */
export function withOptionRule(options: readonly SelectedOption[], path: readonly string[], rule: string): SelectedOption[] {
  const [sku, ...rest] = path;
  return options.map((o) => {
    if (o.sku !== sku) return o;
    if (rest.length === 0) return { ...o, priceRule: rule };
    return { ...o, options: withOptionRule(o.options ?? [], rest, rule) };
  });
}
