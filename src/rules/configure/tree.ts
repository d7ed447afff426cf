import { Dec } from '../../core/decimal.js';
import { dict, isRecord, own, ownEntries } from '../../core/object.js';
import { describe, parseDecimal } from '../../core/parse.js';
import type { PreparedCatalog, PreparedOption, PreparedProduct } from '../prepare-catalog.js';
import type { ConfigMessage, OptionState } from '../../types.js';
import { productOf, say } from './messages.js';

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
  memo: {
    qty: Dec | undefined; qtyText: string | undefined; line: Dec | undefined; lineText: string | undefined; lineNumber: number | undefined;
    one: Dec | undefined; isOne: boolean; pick: Dec | undefined; pickIsDefault: boolean;
  };
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
  /** The options that are bundles themselves (read recursively). */
  bundles: OptionNode[];
  /**
   * The options by SKU (a SKU may sit in more than one feature), made when a selection first
   * lists this bundle's options (`optionsBySku`): a call with the defaults never needs it.
   */
  bySku: Map<string, OptionNode[]> | undefined;
}

/** A bundle's options by SKU, made once. */
function optionsBySku(b: BundleNode): Map<string, OptionNode[]> {
  if (!b.bySku) {
    const map = new Map<string, OptionNode[]>();
    for (let i = 0; i < b.options.length; i++) {
      const n = b.options[i]!;
      const same = map.get(n.sku);
      if (same) same.push(n);
      else map.set(n.sku, [n]);
    }
    b.bySku = map;
  }
  return b.bySku;
}

interface Skeleton {
  root: BundleNode;
  nodes: OptionNode[];
  bySku: Map<string, OptionNode[]>;
  /** Bundles cut off at MAX_BUNDLE_DEPTH (too deep, or a cycle in the catalog). */
  tooDeep: OptionNode[];
  /** True when some option is itself a bundle. */
  nested: boolean;
  /**
   * The selection when the user gives no lists: 1 where an option is a default, 1 where it is a
   * default or required, and each option's default quantity. Calls copy these (or share the
   * quantities while nobody changes them) instead of reading every option again.
   */
  defaultChosen: Uint8Array;
  defaultBase: Uint8Array;
  defaultQty: Dec[];
  /** The line quantities of `defaultQty` for the last root quantity asked for. */
  defaultLines: { rootQty: Dec | undefined; lineQty: Dec[] | undefined };
}

/** A product's tree with one call's selection read into it, by node key. */
export interface Tree extends Skeleton {
  /** 1 where chosen by the user (or by default when the user gave no list at that level). */
  userSelected: Uint8Array;
  /** The user's entry for an option, where there is one (a sparse array). */
  picks: (Pick | undefined)[];
  /** What every round of the rules starts from: chosen or required, at the chosen or default quantity. */
  baseSelected: Uint8Array;
  /** Each option's quantity; the skeleton's `defaultQty` itself while no entry changes one. */
  baseQty: Dec[];
  /** True when the user gave some option a quantity other than its default. */
  anyUserQty: boolean;
}

/** One entry of the user's selection. */
export interface Pick {
  /** The quantity, per parent unit for `qtyPer: "parent"` (the default's own instance when equal). */
  qty: Dec | undefined;
  entry: Record<string, unknown>;
  /** Where the entry is: `${list}[${index}]`, built only when a message needs it. */
  list: string;
  index: number;
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
    const add = (map: Map<string, OptionNode[]>, n: OptionNode) => {
      const same = map.get(n.sku);
      if (same) same.push(n);
      else map.set(n.sku, [n]);
    };
    const grow = (p: PreparedProduct, owner: OptionNode | null, depth: number): BundleNode => {
      const b: BundleNode = { sku: p.sku, product: p, node: owner, depth, options: [], byFeature: [], bundles: [], bySku: undefined };
      for (const feature of p.features) {
        const group: OptionNode[] = [];
        for (const option of feature.options) {
          const n: OptionNode = {
            key: nodes.length, sku: option.sku, product: cat.products.get(option.sku), option, featureId: feature.id, parent: b, bundle: undefined,
            name: undefined, last: undefined, range: undefined, memo: { qty: undefined, qtyText: undefined, line: undefined, lineText: undefined, lineNumber: undefined, one: undefined, isOne: false, pick: undefined, pickIsDefault: false },
          };
          nodes.push(n);
          group.push(n);
          b.options.push(n);
          add(bySku, n);
          if (n.product && n.product.features.length > 0) {
            if (depth + 1 >= MAX_BUNDLE_DEPTH) tooDeep.push(n);
            else {
              n.bundle = grow(n.product, n, depth + 1);
              b.bundles.push(n);
            }
          }
        }
        b.byFeature.push(group);
      }
      return b;
    };
    const root = grow(product, null, 0);
    s = {
      root, nodes, bySku, tooDeep, nested: nodes.some((n) => n.bundle !== undefined),
      defaultChosen: Uint8Array.from(nodes, (n) => (n.option.isDefault ? 1 : 0)),
      defaultBase: Uint8Array.from(nodes, (n) => (n.option.isDefault || n.option.required ? 1 : 0)),
      defaultQty: nodes.map((n) => n.option.qty.default ?? ONE),
      defaultLines: { rootQty: undefined, lineQty: undefined },
    };
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
  const tree: Tree = {
    ...s, userSelected: s.defaultChosen.slice(), picks: new Array(s.nodes.length),
    baseSelected: s.defaultBase.slice(), baseQty: s.defaultQty, anyUserQty: false,
  };
  read(ctx, tree, s.root, own(selection, 'options'), 'options');
  for (const node of s.tooDeep) {
    ctx.errors.push({ severity: 'error', sku: node.sku, path: pathOf(tree, node), message: say(ctx.locale, 'too-deep', { sku: node.sku, depth: MAX_BUNDLE_DEPTH }) });
  }
  return tree;
}

/** Where an option is, or would be, in the selection. */
export function pathOf(tree: Tree, node: OptionNode): string {
  const pick = tree.picks[node.key];
  if (pick) return `${pick.list}[${pick.index}]`;
  return node.parent.node ? `${pathOf(tree, node.parent.node)}.options` : 'options';
}

function read(ctx: ReadContext, tree: Tree, b: BundleNode, list: unknown, path: string): void {
  if (list !== undefined && list !== null) {
    // With a list, exactly its options are chosen at this level (required ones stay in the base).
    for (const node of b.options) {
      tree.userSelected[node.key] = 0;
      tree.baseSelected[node.key] = node.option.required ? 1 : 0;
    }
    readList(ctx, tree, b, list, path);
  }
  for (const node of b.bundles) {
    const pick = tree.picks[node.key];
    read(ctx, tree, node.bundle!, own(pick?.entry, 'options'), `${pick ? `${pick.list}[${pick.index}]` : path}.options`);
  }
}

function readList(ctx: ReadContext, tree: Tree, b: BundleNode, list: unknown, path: string): void {
  if (!Array.isArray(list)) {
    ctx.errors.push({ severity: 'error', path, message: say(ctx.locale, 'not-a-list', { what: describe(list) }) });
    return;
  }
  const product = b.product;
  for (let i = 0; i < list.length; i++) {
    const entry: unknown = list[i];
    if (!isRecord(entry)) {
      ctx.errors.push({ severity: 'error', path: `${path}[${i}]`, message: say(ctx.locale, 'not-an-entry', { what: describe(entry) }) });
      continue;
    }
    const sku = own(entry, 'sku');
    if (sku === undefined) {
      ctx.errors.push({ severity: 'error', path: `${path}[${i}].sku`, message: say(ctx.locale, 'no-sku') });
      continue;
    }
    const nodes = typeof sku === 'string' ? optionsBySku(b).get(sku) : undefined;
    if (!nodes || !product.options.has(sku as string)) {
      ctx.errors.push({ severity: 'error', path: `${path}[${i}].sku`, message: say(ctx.locale, 'not-an-option', { sku: typeof sku === 'string' ? sku : describe(sku), product: product.sku }) });
      continue;
    }
    const first = nodes[0]!;
    if (tree.picks[first.key]) {
      ctx.errors.push({ severity: 'error', sku: first.sku, path: `${path}[${i}].sku`, message: say(ctx.locale, 'chosen-twice', { product: productOf(ctx.cat, ctx.locale, first.sku) }) });
      continue;
    }
    let qty: Dec | undefined;
    const rawQty = own(entry, 'qty');
    if (rawQty !== undefined) {
      const r = parseQuantity(rawQty);
      if (r.ok && r.value.gt(0)) qty = r.value;
      else ctx.errors.push({ severity: 'error', sku: first.sku, path: `${path}[${i}].qty`, message: say(ctx.locale, 'bad-qty', { sku: first.sku, what: r.ok ? describe(rawQty) : r.message }) });
    }
    for (const node of nodes) {
      // A quantity equal to the default is the default's own instance: the rounds and the
      // per-option caches then see the defaults, and the shared default quantities stay shared.
      const fallback = tree.defaultQty[node.key]!;
      const chosen = qty === undefined || qty === fallback || sameAsDefault(node, qty) ? undefined : qty;
      tree.picks[node.key] = { qty: qty === undefined ? undefined : (chosen ?? fallback), entry, list: path, index: i };
      tree.userSelected[node.key] = 1;
      tree.baseSelected[node.key] = 1;
      if (chosen) {
        if (tree.baseQty === tree.defaultQty) tree.baseQty = tree.defaultQty.slice();
        tree.baseQty[node.key] = chosen;
        tree.anyUserQty = true;
      }
    }
  }
}

/** Whether `d` equals the node's default quantity (cached per node and decimal instance). */
function sameAsDefault(node: OptionNode, d: Dec): boolean {
  const memo = node.memo;
  if (memo.pick !== d) {
    memo.pick = d;
    memo.pickIsDefault = d.eq(node.option.qty.default ?? ONE);
  }
  return memo.pickIsDefault;
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
  if (memo.lineNumber === undefined) {
    if (d !== lastNumberDec) {
      lastNumber = d.toNumber();
      lastNumberDec = d;
    }
    memo.lineNumber = lastNumber;
  }
  return memo.lineNumber;
}

/** The last decimal made a number, and the number (as for `text`). */
let lastNumberDec: Dec | undefined;
let lastNumber = 0;

/** Quantities written once per node and quantity instance (decimals are immutable). */
export function qtyText(node: OptionNode, d: Dec): string {
  const memo = node.memo;
  if (memo.qty !== d || memo.qtyText === undefined) {
    memo.qty = d;
    memo.qtyText = text(d);
  }
  return memo.qtyText;
}

export function lineText(node: OptionNode, d: Dec): string {
  const memo = lineMemo(node, d);
  return (memo.lineText ??= text(d));
}

/**
 * The last decimal written and its text: most options share one quantity instance (the default
 * 1, or the root's line quantity for options per parent), so a product's first state writes
 * it once rather than once per option.
 */
let lastDec: Dec | undefined;
let lastText = '';

function text(d: Dec): string {
  if (d !== lastDec) {
    lastText = d.toString();
    lastDec = d;
  }
  return lastText;
}
