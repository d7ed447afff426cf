import { Dec } from '../../core/decimal.js';
import { dict, isRecord, own, ownEntries } from '../../core/object.js';
import { describe, parseDecimal } from '../../core/parse.js';
import type { PreparedCatalog, PreparedOption, PreparedProduct } from '../../pricing/prepare.js';
import type { ConfigMessage, OptionState } from '../../types.js';
import { say } from './messages.js';

/** Deepest nesting of bundles inside bundles; deeper (or cyclic) catalogs stop here with an error. */
export const MAX_BUNDLE_DEPTH = 5;

/**
 * One option that can be chosen somewhere in a product's configuration tree. The tree holds
 * every option of every feature, so that the state can say why an unchosen one is unavailable.
 * Nodes are built once per product and reused; what a call chose lives in `Tree`'s arrays.
 */
export interface OptionNode {
  key: number;
  sku: string;
  product: PreparedProduct | undefined;
  option: PreparedOption;
  featureId: string;
  parent: BundleNode;
  /** Present when the option is itself a bundle. */
  bundle: BundleNode | undefined;
  /** The option's name in the locale last asked for (a cache). */
  name: { locale: string; name: string } | undefined;
  /** The option's last state and what it was made from, to hand back when nothing changed. */
  last: { state: OptionState; locale: string; selected: boolean; qty: Dec; line: Dec; hidden: unknown[] | undefined; excluded: unknown[] | undefined; auto: unknown[] | undefined } | undefined;
  /** The option's quantity range as the state shows it (a frozen, shared object). */
  range: Readonly<{ min?: string; max?: string; step?: string }> | undefined;
  /**
   * Caches keyed by the (immutable) decimal they were made from: most calls see the same
   * quantity instances again, and a property on the node is cheaper than a map lookup.
   */
  memo: { qty: Dec | undefined; qtyText: string | undefined; line: Dec | undefined; lineText: string | undefined; lineNumber: number | undefined; one: Dec | undefined; isOne: boolean };
}

export interface BundleNode {
  sku: string;
  product: PreparedProduct;
  /** The option this bundle is, or null for the root product. */
  node: OptionNode | null;
  depth: number;
  options: OptionNode[];
  /** The options of each of the product's features, in feature order. */
  byFeature: OptionNode[][];
}

interface Skeleton {
  root: BundleNode;
  nodes: OptionNode[];
  bySku: Map<string, OptionNode[]>;
  /** Bundles cut off at MAX_BUNDLE_DEPTH (too deep, or a cycle in the catalog). */
  tooDeep: OptionNode[];
  /** True when some option is itself a bundle. */
  nested: boolean;
}

/** A product's tree with one call's selection read into it, by node key. */
export interface Tree extends Skeleton {
  /** Chosen by the user (or by default when the user gave no list at that level). */
  userSelected: boolean[];
  /** The user's quantity, per parent unit for `qtyPer: "parent"`. */
  userQty: (Dec | undefined)[];
  /** The raw selection entry, for its nested options and priceRule. */
  entry: unknown[];
  /** Where the option is in the selection. */
  path: string[];
  /** What every round of the rules starts from: chosen or required, at the chosen or default quantity. */
  baseSelected: Uint8Array;
  baseQty: Dec[];
  /** True when the user gave some option a quantity of their own. */
  anyUserQty: boolean;
}

export interface ReadContext {
  cat: PreparedCatalog;
  locale: string;
  errors: ConfigMessage[];
}

const skeletons = new WeakMap<PreparedProduct, Skeleton>();

function skeleton(cat: PreparedCatalog, product: PreparedProduct): Skeleton {
  let s = skeletons.get(product);
  if (!s) {
    const nodes: OptionNode[] = [];
    const bySku = new Map<string, OptionNode[]>();
    const tooDeep: OptionNode[] = [];
    const grow = (p: PreparedProduct, owner: OptionNode | null, depth: number): BundleNode => {
      const b: BundleNode = { sku: p.sku, product: p, node: owner, depth, options: [], byFeature: [] };
      for (const feature of p.features) {
        const group: OptionNode[] = [];
        for (const option of feature.options) {
          const n: OptionNode = {
            key: nodes.length, sku: option.sku, product: cat.products.get(option.sku), option, featureId: feature.id, parent: b, bundle: undefined,
            name: undefined, last: undefined, range: undefined, memo: { qty: undefined, qtyText: undefined, line: undefined, lineText: undefined, lineNumber: undefined, one: undefined, isOne: false },
          };
          nodes.push(n);
          group.push(n);
          b.options.push(n);
          const same = bySku.get(n.sku);
          if (same) same.push(n);
          else bySku.set(n.sku, [n]);
          if (n.product && n.product.features.length > 0) {
            if (depth + 1 >= MAX_BUNDLE_DEPTH) tooDeep.push(n);
            else n.bundle = grow(n.product, n, depth + 1);
          }
        }
        b.byFeature.push(group);
      }
      return b;
    };
    const root = grow(product, null, 0);
    s = { root, nodes, bySku, tooDeep, nested: nodes.some((n) => n.bundle !== undefined) };
    skeletons.set(product, s);
  }
  return s;
}

/**
 * The configuration tree of `product` with the user's selection read into it: with an
 * `options` list exactly those options are chosen at that level, without one the defaults.
 */
export function buildTree(ctx: ReadContext, product: PreparedProduct, selection: unknown): Tree {
  const s = skeleton(ctx.cat, product);
  const n = s.nodes.length;
  const tree: Tree = {
    ...s, userSelected: new Array(n), userQty: new Array(n), entry: new Array(n), path: new Array(n),
    baseSelected: new Uint8Array(n), baseQty: new Array(n), anyUserQty: false,
  };
  read(ctx, tree, s.root, own(selection, 'options'), 'options');
  for (const node of s.tooDeep) {
    ctx.errors.push({ severity: 'error', sku: node.sku, path: tree.path[node.key], message: say(ctx.locale, 'too-deep', { sku: node.sku, depth: MAX_BUNDLE_DEPTH }) });
  }
  return tree;
}

function read(ctx: ReadContext, tree: Tree, b: BundleNode, list: unknown, path: string): void {
  const picks = readList(ctx, b.product, list, path);
  for (const node of b.options) {
    const pick = picks?.get(node.sku);
    const chosen = picks ? pick !== undefined : node.option.isDefault;
    tree.userSelected[node.key] = chosen;
    tree.userQty[node.key] = pick?.qty;
    if (pick?.qty) tree.anyUserQty = true;
    tree.baseSelected[node.key] = chosen || node.option.required ? 1 : 0;
    tree.baseQty[node.key] = pick?.qty ?? node.option.qty.default ?? ONE;
    tree.entry[node.key] = pick?.entry;
    tree.path[node.key] = pick?.path ?? path;
    if (node.bundle) read(ctx, tree, node.bundle, own(pick?.entry, 'options'), `${pick?.path ?? path}.options`);
  }
}

interface Pick {
  qty: Dec | undefined;
  entry: unknown;
  path: string;
}

function readList(ctx: ReadContext, product: PreparedProduct, list: unknown, path: string): Map<string, Pick> | undefined {
  if (list === undefined || list === null) return undefined;
  const picks = new Map<string, Pick>();
  if (!Array.isArray(list)) {
    ctx.errors.push({ severity: 'error', path, message: say(ctx.locale, 'not-a-list', { what: describe(list) }) });
    return picks;
  }
  list.forEach((entry, i) => {
    const p = `${path}[${i}]`;
    const sku = own(entry, 'sku');
    if (!isRecord(entry)) {
      ctx.errors.push({ severity: 'error', path: p, message: say(ctx.locale, 'not-an-entry', { what: describe(entry) }) });
      return;
    }
    if (sku === undefined) {
      ctx.errors.push({ severity: 'error', path: `${p}.sku`, message: say(ctx.locale, 'no-sku') });
      return;
    }
    if (typeof sku !== 'string' || !product.options.has(sku)) {
      ctx.errors.push({ severity: 'error', path: `${p}.sku`, message: say(ctx.locale, 'not-an-option', { sku: typeof sku === 'string' ? sku : describe(sku), product: product.sku }) });
      return;
    }
    if (picks.has(sku)) {
      ctx.errors.push({ severity: 'error', sku, path: `${p}.sku`, message: say(ctx.locale, 'chosen-twice', { sku }) });
      return;
    }
    let qty: Dec | undefined;
    const rawQty = own(entry, 'qty');
    if (rawQty !== undefined) {
      const r = parseQuantity(rawQty);
      if (r.ok && r.value.gt(0)) qty = r.value;
      else ctx.errors.push({ severity: 'error', sku, path: `${p}.qty`, message: say(ctx.locale, 'bad-qty', { sku, what: r.ok ? describe(rawQty) : r.message }) });
    }
    picks.set(sku, { qty, entry, path: p });
  });
  return picks;
}

/** The chosen attribute values with defaults filled in; problems are errors with `attributeId`. */
export function readAttributes(ctx: ReadContext, product: PreparedProduct, raw: unknown): Record<string, string> {
  const out = dict<string>();
  if (raw !== undefined && !isRecord(raw)) {
    ctx.errors.push({ severity: 'error', path: 'attributes', message: say(ctx.locale, 'attributes-not-object', { what: describe(raw) }) });
  }
  for (const [key, value] of ownEntries(raw)) {
    const attr = product.attributes.get(key);
    if (!attr) {
      ctx.errors.push({ severity: 'error', attributeId: key, path: `attributes.${key}`, message: say(ctx.locale, 'unknown-attribute', { sku: product.sku, id: key }) });
    } else if (typeof value !== 'string' || !attr.values.has(value)) {
      ctx.errors.push({ severity: 'error', attributeId: key, path: `attributes.${key}`, message: say(ctx.locale, 'bad-attribute-value', { id: key, what: describe(value), allowed: [...attr.values.keys()].join(', ') }) });
    } else {
      out[key] = value;
    }
  }
  for (const attr of product.attributes.values()) {
    if (attr.id in out) continue;
    if (attr.default !== undefined) out[attr.id] = attr.default;
    else if (attr.required) ctx.errors.push({ severity: 'error', attributeId: attr.id, path: 'attributes', message: say(ctx.locale, 'attribute-required', { id: attr.id }) });
  }
  return out;
}

export const ONE = new Dec(1);
const quantities = new Map<string, ReturnType<typeof parseDecimal>>();

/**
 * Quantities are parsed through a small cache: a configurator sends the same "10" on every
 * click, and the same decimal instance lets the per-option caches (text, numbers) hit.
 */
function parseQuantity(raw: unknown): ReturnType<typeof parseDecimal> {
  if (typeof raw !== 'string') return parseDecimal(raw);
  let r = quantities.get(raw);
  if (!r) {
    if (quantities.size >= 256) quantities.clear();
    quantities.set(raw, (r = parseDecimal(raw)));
  }
  return r;
}

/** A quantity or term from the selection, checked against its range; `fallback` when absent or bad. */
export function readAmount(
  ctx: ReadContext, raw: unknown, range: { min?: Dec; max?: Dec; step?: Dec; default?: Dec }, path: 'qty' | 'term',
): Dec {
  const fallback = range.default ?? range.min ?? ONE;
  if (raw === undefined) return fallback;
  const r = parseQuantity(raw);
  if (!r.ok || !r.value.gt(0)) {
    ctx.errors.push({ severity: 'error', path, message: say(ctx.locale, path === 'qty' ? 'bad-root-qty' : 'bad-term', { what: r.ok ? describe(raw) : r.message }) });
    return fallback;
  }
  const v = r.value;
  if ((range.min && v.lt(range.min)) || (range.max && v.gt(range.max))) {
    ctx.errors.push({ severity: 'error', path, message: say(ctx.locale, path === 'qty' ? 'root-qty-range' : 'term-range', { value: v.toString(), min: range.min?.toString() ?? '0', max: range.max?.toString() ?? '∞' }) });
  } else if (range.step && !v.minus(range.min ?? 0).mod(range.step).isZero()) {
    ctx.errors.push({ severity: 'error', path, message: say(ctx.locale, 'step', { value: v.toString(), step: range.step.toString() }) });
  }
  return v;
}

// Per-node caches keyed by the decimal they were made from (decimals are immutable).

/** Most option quantities are 1: answered once per node and quantity instance, not per round. */
export function isOne(node: OptionNode, d: Dec): boolean {
  if (d === ONE) return true;
  const memo = node.memo;
  if (memo.one !== d) {
    memo.one = d;
    memo.isOne = d.eq(ONE);
  }
  return memo.isOne;
}

/** The node's line-quantity cache, emptied when the line quantity is another decimal. */
function lineMemo(node: OptionNode, d: Dec): OptionNode['memo'] {
  const memo = node.memo;
  if (memo.line !== d) {
    memo.line = d;
    memo.lineText = undefined;
    memo.lineNumber = undefined;
  }
  return memo;
}

/** A line quantity as the number rules compare with (contract: numbers, for comparison only). */
export function lineNumber(node: OptionNode, d: Dec): number {
  const memo = lineMemo(node, d);
  return (memo.lineNumber ??= d.toNumber());
}

/** Quantities written once per node and quantity instance (decimals are immutable). */
export function qtyText(node: OptionNode, d: Dec): string {
  const memo = node.memo;
  if (memo.qty !== d || memo.qtyText === undefined) {
    memo.qty = d;
    memo.qtyText = d.toString();
  }
  return memo.qtyText;
}

export function lineText(node: OptionNode, d: Dec): string {
  const memo = lineMemo(node, d);
  return (memo.lineText ??= d.toString());
}
