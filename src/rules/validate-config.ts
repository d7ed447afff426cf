import { own, soleKey } from '../core/object.js';
import type { FactRead } from '../core/logic-reads.js';
import { describe } from '../core/parse.js';
import { localize } from '../core/text.js';
import { assembleCatalog, type PreparedCatalog, type PreparedConfigRule, type PreparedProduct } from '../catalog/assemble.js';
import type { ConfigMessage } from '../types.js';
import { configureErrors } from './configure/configure-product.js';
import { productList, productOf, say } from './configure/messages.js';
import { MAX_BUNDLE_DEPTH } from './configure/tree.js';
import { at, item, quote, type Report } from '../catalog/validate/report.js';
import { didYouMean } from '../catalog/validate/suggest.js';

/**
 * Configuration checks: what a catalog's rules and bundles do, beyond the shape of each field.
 * They run only on a catalog the structural checks accepted (warnings allowed), on the catalog
 * as the engine prepares it:
 *
 * 1. targets of a rule restricted by `products` that are no option of those products (the rule
 *    can never affect them), and JsonLogic `var` names outside the facts a rule sees;
 * 2. (feature `min > max` is a structural check already: see products.ts);
 * 3. the default configuration of every configurable product is complete;
 * 4. options a `hide` or `excludes` rule always removes;
 * 5. `setQty` rules that form a cycle through the facts they read and write.
 *
 * Costs stay linear in the catalog: products without features (and not named by a rule) are
 * never configured, and bundle trees are walked once per product that needs one.
 */
export function checkConfiguration(r: Report, catalog: Record<string, unknown>): void {
  let cat: PreparedCatalog;
  try {
    // The conditions the structural checks accepted are compiled without checking them again.
    cat = assembleCatalog(catalog, r.logicOk, r.uses);
  } catch (e) {
    r.error('', `could not be prepared: ${e instanceof Error ? e.message : describe(e)}`);
    return;
  }
  const ix = new ConfigIndex(cat, catalog);
  checkDefaults(r, ix);
  const cycles = findSetQtyCycles(ix);
  const rawRules = own(catalog, 'rules');
  cat.configRules.forEach((rule, k) => {
    // The rule's path is written only where a problem is reported (most rules have none).
    const raw = Array.isArray(rawRules) ? rawRules[k] : undefined;
    checkTargetsReach(r, ix, rule, k);
    checkFacts(r, ix, rule, k);
    checkAlwaysRemoved(r, ix, rule, raw, k);
    const messages = cycles.get(k);
    if (messages) for (const message of messages) r.error(item('rules', k), message);
  });
}

/** The facts a configuration rule sees (CONTRACT.md, "Configuration rules and state"). */
const FACT_ROOTS = ['qty', 'term', 'attributes', 'selected', 'sku', 'quote'];

/** Lookups over the prepared catalog, each built on first use. */
class ConfigIndex {
  readonly cat: PreparedCatalog;
  /** SKU → index in `products`. */
  readonly productIndex = new Map<string, number>();
  /** Rule id → compiled rule. */
  readonly rulesById = new Map<string, PreparedConfigRule>();
  private parents?: Map<string, string[]>;
  private readonly trees = new Map<string, ReadonlySet<string>>();
  private readonly ancestorSets = new Map<string, ReadonlySet<string>>();
  private allAttributes?: ReadonlySet<string>;
  private allSelected?: Record<string, number>;

  constructor(cat: PreparedCatalog, raw: Record<string, unknown>) {
    this.cat = cat;
    const products = own(raw, 'products');
    if (Array.isArray(products)) {
      products.forEach((p, i) => {
        const sku = own(p, 'sku');
        if (typeof sku === 'string' && !this.productIndex.has(sku)) this.productIndex.set(sku, i);
      });
    }
    for (const rule of cat.configRules) if (!this.rulesById.has(rule.id)) this.rulesById.set(rule.id, rule);
  }

  /**
   * Facts' `selected` with every product at 1, made once (not once per rule: a condition cannot
   * change it, and a catalog with many constant conditions would make it rules × products times).
   */
  everySelected(): Record<string, number> {
    if (!this.allSelected) {
      const selected: Record<string, number> = {};
      for (const sku of this.cat.products.keys()) Object.defineProperty(selected, sku, { value: 1, enumerable: true, writable: true, configurable: true });
      this.allSelected = selected;
    }
    return this.allSelected;
  }

  product(sku: string): PreparedProduct | undefined {
    return this.cat.products.get(sku);
  }

  isBundle(sku: string): boolean {
    return (this.product(sku)?.features.length ?? 0) > 0;
  }

  /**
   * Every option SKU in the configuration tree of `sku`, nested bundles included, as deep as
   * the engine builds the tree (MAX_BUNDLE_DEPTH levels; a cycle of bundles stops there too).
   */
  tree(sku: string): ReadonlySet<string> {
    const hit = this.trees.get(sku);
    if (hit) return hit;
    const out = new Set<string>();
    const expanded = new Set<string>([sku]);
    let level = [sku];
    for (let depth = 0; depth < MAX_BUNDLE_DEPTH && level.length > 0; depth++) {
      const next: string[] = [];
      for (const bundle of level) {
        for (const f of this.product(bundle)?.features ?? []) {
          for (const o of f.options) {
            out.add(o.sku);
            if (depth + 1 < MAX_BUNDLE_DEPTH && this.isBundle(o.sku) && !expanded.has(o.sku)) {
              expanded.add(o.sku);
              next.push(o.sku);
            }
          }
        }
      }
      level = next;
    }
    this.trees.set(sku, out);
    return out;
  }

  /** Every product whose configuration tree contains `sku` (bundles of bundles included). */
  ancestors(sku: string): ReadonlySet<string> {
    const hit = this.ancestorSets.get(sku);
    if (hit) return hit;
    if (!this.parents) {
      this.parents = new Map();
      for (const p of this.cat.products.values()) {
        for (const f of p.features) {
          for (const o of f.options) {
            const list = this.parents.get(o.sku);
            if (list) list.push(p.sku);
            else this.parents.set(o.sku, [p.sku]);
          }
        }
      }
    }
    const out = new Set<string>();
    const stack = [sku];
    while (stack.length > 0) {
      for (const parent of this.parents.get(stack.pop()!) ?? []) {
        if (out.has(parent)) continue;
        out.add(parent);
        stack.push(parent);
      }
    }
    this.ancestorSets.set(sku, out);
    return out;
  }

  /**
   * The products a rule is evaluated for: those it lists and every product that has a listed
   * bundle in its tree (the engine applies a restricted rule when a listed product is a bundle
   * anywhere in the tree; a listed plain option does not count); null when not restricted.
   */
  roots(rule: PreparedConfigRule): ReadonlySet<string> | null {
    if (!rule.products) return null;
    const out = new Set<string>();
    for (const sku of rule.products) {
      out.add(sku);
      if (this.isBundle(sku)) for (const a of this.ancestors(sku)) out.add(a);
    }
    return out;
  }

  /** Attribute ids of the given products, or of every product. */
  attributes(products: ReadonlySet<string> | null): ReadonlySet<string> {
    if (products === null) {
      if (!this.allAttributes) {
        const all = new Set<string>();
        for (const p of this.cat.products.values()) for (const id of p.attributes.keys()) all.add(id);
        this.allAttributes = all;
      }
      return this.allAttributes;
    }
    const out = new Set<string>();
    for (const sku of products) for (const id of this.product(sku)?.attributes.keys() ?? []) out.add(id);
    return out;
  }
}

// ---------------------------------------------------------------------------------------
// 3. The default configuration of every configurable product is complete.

function checkDefaults(r: Report, ix: ConfigIndex): void {
  const { cat } = ix;
  for (const product of cat.products.values()) {
    if (!product.configurable) continue;
    const i = ix.productIndex.get(product.sku);
    if (i === undefined) continue;
    const pp = item('products', i);
    const lead = `the default configuration of ${product.sku} is not complete`;
    let state: DefaultRun;
    try {
      // English messages, like the rest of validation; the rule texts are picked below.
      state = configureErrors(cat, product, {}, { locale: 'en', quote: {} });
    } catch (e) {
      r.error(pp, `${lead}: configuring it failed (${e instanceof Error ? e.message : describe(e)})`);
      continue;
    }
    for (const m of state.errors) {
      const rule = m.ruleId === undefined ? undefined : ix.rulesById.get(m.ruleId);
      // A validate rule is the author's own check of what the user entered (quantity, term,
      // attributes, the quote): the synthetic default input with an empty quote may well
      // trip it on purpose ("choose a customer first"), so it is not a catalog problem.
      if (rule?.kind === 'validate') continue;
      const where = locate(ix, product, i, m);
      r.error(where.path, `${lead}: ${where.subject}${detail(ix, rule, m, product.sku, state.selected)}`);
    }
  }
}

type DefaultRun = ReturnType<typeof configureErrors>;

/** Where a default-configuration error belongs, and what it is about. */
function locate(ix: ConfigIndex, product: PreparedProduct, i: number, m: ConfigMessage): { path: string; subject: string } {
  const pp = item('products', i);
  if (m.ruleId !== undefined) {
    const rule = ix.rulesById.get(m.ruleId);
    return { path: pp, subject: `rule ${quote(m.ruleId)}${rule ? ` (${rule.kind})` : ''}: ` };
  }
  if (m.featureId !== undefined) {
    // The feature is the product's own, or a nested bundle's (m.sku names the bundle).
    const owner = m.sku !== undefined && m.sku !== product.sku ? ix.product(m.sku) : product;
    const oi = owner ? ix.productIndex.get(owner.sku) : undefined;
    const j = owner ? owner.features.findIndex((f) => f.id === m.featureId) : -1;
    const nested = owner && owner !== product ? ` of option ${owner.sku}` : '';
    if (oi !== undefined && j >= 0) return { path: item(at(item('products', oi), 'features'), j), subject: `feature ${quote(m.featureId)}${nested}: ` };
    return { path: pp, subject: `feature ${quote(m.featureId)}${nested}: ` };
  }
  if (m.attributeId !== undefined) {
    const k = [...product.attributes.keys()].indexOf(m.attributeId);
    return { path: k >= 0 ? item(at(pp, 'attributes'), k) : pp, subject: `attribute ${quote(m.attributeId)}: ` };
  }
  return { path: pp, subject: '' };
}

/**
 * The text of a default-configuration error: the engine's message, except where it is the
 * rule's own message, which is given in English when the rule has English, else replaced by
 * the engine's generic English one naming the rule.
 */
function detail(ix: ConfigIndex, rule: PreparedConfigRule | undefined, m: ConfigMessage, sku: string, selected: ReadonlySet<string>): string {
  if (!rule || rule.message === undefined) return m.message;
  const ruleText = localize(rule.message, 'en', ix.cat.locale);
  if (m.message !== ruleText) return m.message;
  const english = englishText(rule.message);
  if (english !== undefined) return english;
  if (rule.kind === 'requires') {
    const missing = rule.targets.filter((t) => !selected.has(t));
    return say('en', 'requires', { targets: productList(ix.cat, 'en', missing.length > 0 ? missing : rule.targets) });
  }
  if (rule.kind === 'excludes') return say('en', 'excludes', { product: productOf(ix.cat, 'en', m.sku ?? sku) });
  return rule.id;
}

/** The English text of a message: a plain string, or its `en` (or `en-*`) entry. */
function englishText(text: unknown): string | undefined {
  if (typeof text === 'string') return text;
  const exact = own(text, 'en');
  if (typeof exact === 'string') return exact;
  for (const [k, v] of Object.entries(text as Record<string, unknown>)) if (k.split('-')[0] === 'en' && typeof v === 'string') return v;
  return undefined;
}

// ---------------------------------------------------------------------------------------
// 1. Targets of a restricted rule that can never occur; fact names a rule cannot read.

/** Kinds whose targets are acted on: a target outside every tree is never affected. */
const ACTING = new Set(['excludes', 'hide', 'autoSelect', 'setQty']);

function checkTargetsReach(r: Report, ix: ConfigIndex, rule: PreparedConfigRule, index: number): void {
  // `requires` targets are demands, not effects, and `validate` ignores its targets.
  if (!rule.products || !ACTING.has(rule.kind)) return;
  const roots = ix.roots(rule)!;
  const reported = new Set<string>();
  rule.targets.forEach((target, t) => {
    if (reported.has(target) || roots.has(target)) return;
    for (const root of roots) if (ix.tree(root).has(target)) return;
    reported.add(target);
    const listed = [...rule.products!];
    const names = listed.length === 1 ? listed[0]! : `any of ${listed.slice(0, 5).join(', ')}${listed.length > 5 ? ', …' : ''}`;
    r.warn(item(at(item('rules', index), 'targets'), t), `${quote(target)} is not an option of ${names}; the rule can never affect it`);
  });
}

function checkFacts(r: Report, ix: ConfigIndex, rule: PreparedConfigRule, index: number): void {
  // What each expression reads was found when the catalog was prepared (see factUses).
  checkFactsOf(r, ix, rule, rule.uses.when, 'when', index);
  checkFactsOf(r, ix, rule, rule.uses.qty, 'qty', index);
}

function checkFactsOf(r: Report, ix: ConfigIndex, rule: PreparedConfigRule, list: readonly FactRead[], field: 'when' | 'qty', index: number): void {
  // Nothing to report is the rule: the set and the path are made for the first problem.
  let reported: Set<string> | undefined;
  let attributes: ReadonlySet<string> | undefined;
  for (let k = 0; k < list.length; k++) {
    const name = list[k]!.name;
    if (name === undefined || name === '' || reported?.has(name)) continue;
    // Most names are an option's selection: a fact, nothing more to check.
    if (name.startsWith('selected.')) continue;
    // `name.split('.', 2)`, without the array.
    const dot = name.indexOf('.');
    const root = dot < 0 ? name : name.slice(0, dot);
    if (!FACT_ROOTS.includes(root)) {
      (reported ??= new Set()).add(name);
      const hint = root === 'features'
        ? '; features are not facts: test their options with "selected.<SKU>"'
        : root === 'customer'
          ? '; the customer is "quote.customer" here'
          : root === 'line'
            ? '; "line" is a price-rule fact: read "qty", "term", "attributes" or "sku"'
            : didYouMean(root, FACT_ROOTS);
      r.warn(at(item('rules', index), field), `reads ${quote(name)}, but the facts of a configuration rule are ${FACT_ROOTS.join(', ')}, so it is always empty${hint}`);
      continue;
    }
    if (root !== 'attributes' || dot < 0 || dot === name.length - 1) continue;
    const end = name.indexOf('.', dot + 1);
    const second = end < 0 ? name.slice(dot + 1) : name.slice(dot + 1, end);
    if (second === '') continue;
    attributes ??= ix.attributes(ix.roots(rule));
    if (attributes.has(second)) continue;
    (reported ??= new Set()).add(name);
    const scope = rule.products ? `no product this rule applies to (${[...rule.products].slice(0, 5).join(', ')}${rule.products.size > 5 ? ', …' : ''})` : 'no product';
    r.warn(at(item('rules', index), field), `reads ${quote(name)}, but ${scope} has the attribute ${quote(second)}${didYouMean(second, [...attributes])}`);
  }
}

// ---------------------------------------------------------------------------------------
// 4. Options a hide or excludes rule always removes.

function checkAlwaysRemoved(r: Report, ix: ConfigIndex, rule: PreparedConfigRule, raw: unknown, index: number): void {
  if (rule.kind !== 'hide' && rule.kind !== 'excludes') return;
  const when = own(raw, 'when');
  if (when !== undefined && !alwaysTrue(ix, rule, when)) return;
  const roots = ix.roots(rule);
  const verb = rule.kind === 'hide' ? 'hides' : 'excludes';
  const done = new Set<string>();
  rule.targets.forEach((target, t) => {
    if (done.has(target)) return;
    done.add(target);
    const products: string[] = [];
    if (roots) {
      for (const root of roots) if (ix.tree(root).has(target)) products.push(root);
    } else {
      for (const a of ix.ancestors(target)) if (ix.tree(a).has(target)) products.push(a);
    }
    if (products.length === 0) return;
    products.sort((a, b) => (ix.productIndex.get(a) ?? 0) - (ix.productIndex.get(b) ?? 0));
    const of = products.length === 1
      ? `product ${quote(products[0]!)}`
      : `products ${products.slice(0, 3).map(quote).join(', ')}${products.length > 3 ? ` and ${products.length - 3} more` : ''}`;
    r.warn(item(at(item('rules', index), 'targets'), t), `option ${quote(target)} of ${of} can never be chosen: rule ${quote(rule.id)} always ${verb} it`);
  });
}

/**
 * A condition that holds whatever the facts: it reads no facts at all (no `var`, `missing` or
 * `missing_some`) and holds both on empty facts and on facts with every product selected.
 */
function alwaysTrue(ix: ConfigIndex, rule: PreparedConfigRule, when: unknown): boolean {
  // A fact the preparation found it reads is a var or missing: no need to walk it again.
  if (rule.uses.when.length > 0 || readsAnything(when)) return false;
  if (!rule.when({})) return false;
  return rule.when({ qty: 1, term: 1, attributes: {}, selected: ix.everySelected(), sku: '', quote: {} });
}

function readsAnything(expr: unknown): boolean {
  const stack: unknown[] = [expr];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) stack.push(node[i]);
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const op = soleKey(node);
    if (op === undefined) continue;
    if (op === 'var' || op === 'missing' || op === 'missing_some') return true;
    stack.push((node as Record<string, unknown>)[op]);
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// 5. setQty cycles.

const NO_READS: readonly FactRead[] = [];

interface Edge {
  from: number;
  to: number;
  rule: number;
}

/**
 * Cycles through setQty rules, found on a graph of facts: for each SKU, whether it is selected
 * (`p`) and its quantity (`q`). A setQty rule writes `q` of its targets, autoSelect and hide
 * rules write `p` of theirs; each reads `p` (a condition on `selected.S`) or `p` and `q`
 * (`selected.S` as a number) of what its `when` and `qty` name. A cycle with a setQty edge
 * is reported once, at that rule, for each group of products that share their rules.
 * Computed names (`{"var": {"cat": …}}`, `selected` as a whole) are left to run time, as are
 * pure autoSelect/hide cycles.
 */
function findSetQtyCycles(ix: ConfigIndex): Map<number, string[]> {
  const { cat } = ix;
  const out = new Map<number, string[]>();
  const kinds = new Set(['setQty', 'autoSelect', 'hide']);
  const relevant = cat.configRules.map((_, k) => k).filter((k) => kinds.has(cat.configRules[k]!.kind));
  if (!relevant.some((k) => cat.configRules[k]!.kind === 'setQty')) return out;
  // Group the bundles by the restricted rules that apply to them.
  const restricted = new Map<string, number[]>();
  for (const k of relevant) {
    const roots = ix.roots(cat.configRules[k]!);
    if (!roots) continue;
    for (const sku of roots) {
      if (!ix.isBundle(sku)) continue;
      const list = restricted.get(sku);
      if (list) list.push(k);
      else restricted.set(sku, [k]);
    }
  }
  const global = relevant.filter((k) => !cat.configRules[k]!.products);
  const groups = new Map<string, number[]>();
  if (global.length > 0 && [...cat.products.values()].some((p) => p.features.length > 0 && !restricted.has(p.sku))) groups.set('', global);
  for (const list of restricted.values()) {
    const key = list.join(',');
    if (!groups.has(key)) groups.set(key, [...global, ...list].sort((a, b) => a - b));
  }
  const seen = new Set<string>();
  for (const rules of groups.values()) {
    for (const cycle of cyclesOf(ix, rules)) {
      const key = [...new Set(cycle)].sort((a, b) => a - b).join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      const at = cycle.find((k) => cat.configRules[k]!.kind === 'setQty')!;
      const ids = cycle.map((k) => cat.configRules[k]!.id);
      const message = `setQty rules form a cycle: ${[...ids, ids[0]!].join(' → ')}; their quantities would never settle`;
      const list = out.get(at);
      if (list) list.push(message);
      else out.set(at, [message]);
    }
  }
  return out;
}

/** The cycles (as rule indices, in order, starting at a setQty rule) among these rules. */
function cyclesOf(ix: ConfigIndex, rules: number[]): number[][] {
  const { cat, productIndex } = ix;
  const nodes = new Map<string, number>();
  const node = (aspect: 'p' | 'q', sku: string): number => {
    const key = `${aspect}\u0000${sku}`;
    let n = nodes.get(key);
    if (n === undefined) {
      n = nodes.size;
      nodes.set(key, n);
    }
    return n;
  };
  const edges: Edge[] = [];
  for (const k of rules) {
    const rule = cat.configRules[k]!;
    const from = new Set<number>();
    const whenReads = rule.uses.when;
    const qtyReads = rule.kind === 'setQty' ? rule.uses.qty : NO_READS;
    for (let j = 0; j < whenReads.length + qtyReads.length; j++) {
      const { name, use } = j < whenReads.length ? whenReads[j]! : qtyReads[j - whenReads.length]!;
      if (name === undefined || !name.startsWith('selected.')) continue;
      const rest = name.slice('selected.'.length);
      const sku = productIndex.has(rest) ? rest : rest.split('.')[0]!;
      from.add(node('p', sku));
      if (use === 'value') from.add(node('q', sku));
    }
    if (from.size === 0) continue;
    const aspect = rule.kind === 'setQty' ? 'q' : 'p';
    for (const target of new Set(rule.targets)) {
      const to = node(aspect, target);
      for (const f of from) edges.push({ from: f, to, rule: k });
    }
  }
  if (edges.length === 0) return [];
  // A cycle through a setQty edge leaves that edge's target by another edge: when no setQty
  // target is the source of any edge, no component can hold one, and the search is skipped
  // (the usual case: conditions test options for being selected, not their quantities).
  const sources = new Set<number>();
  for (const e of edges) sources.add(e.from);
  if (!edges.some((e) => cat.configRules[e.rule]!.kind === 'setQty' && sources.has(e.to))) return [];
  const out: number[][] = [];
  for (const component of stronglyConnected(nodes.size, edges)) {
    const inside = edges.filter((e) => component.has(e.from) && component.has(e.to));
    const start = inside.filter((e) => cat.configRules[e.rule]!.kind === 'setQty').sort((a, b) => a.rule - b.rule)[0];
    if (!start) continue;
    const path = pathBetween(inside, start.to, start.from);
    const cycle = [start.rule];
    for (const e of path) if (cycle[cycle.length - 1] !== e.rule) cycle.push(e.rule);
    while (cycle.length > 1 && cycle[cycle.length - 1] === cycle[0]) cycle.pop();
    out.push(cycle);
  }
  return out;
}

/** Strongly connected components that hold a cycle (two nodes or more, or a self-loop). */
function stronglyConnected(n: number, edges: Edge[]): Set<number>[] {
  const next: number[][] = Array.from({ length: n }, () => []);
  const selfLoop = new Set<number>();
  for (const e of edges) {
    next[e.from]!.push(e.to);
    if (e.from === e.to) selfLoop.add(e.from);
  }
  // Tarjan's algorithm with an explicit stack.
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const out: Set<number>[] = [];
  let counter = 0;
  for (let s = 0; s < n; s++) {
    if (index[s] !== -1) continue;
    const work: [number, number][] = [[s, 0]];
    index[s] = low[s] = counter++;
    stack.push(s);
    onStack[s] = true;
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const [v, i] = top;
      const succ = next[v]!;
      if (i < succ.length) {
        top[1]++;
        const w = succ[i]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          work.push([w, 0]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, index[w]!);
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const component = new Set<number>();
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          component.add(w);
        } while (w !== v);
        if (component.size > 1 || selfLoop.has(v)) out.push(component);
      }
    }
  }
  return out;
}

/** The edges of a shortest path from `from` to `to` (empty when they are the same node). */
function pathBetween(edges: Edge[], from: number, to: number): Edge[] {
  if (from === to) return [];
  const via = new Map<number, Edge>();
  const queue = [from];
  const seen = new Set([from]);
  for (let h = 0; h < queue.length; h++) {
    const v = queue[h]!;
    for (const e of edges) {
      if (e.from !== v || seen.has(e.to)) continue;
      seen.add(e.to);
      via.set(e.to, e);
      if (e.to === to) {
        const path: Edge[] = [];
        for (let x = to; x !== from;) {
          const step = via.get(x)!;
          path.unshift(step);
          x = step.from;
        }
        return path;
      }
      queue.push(e.to);
    }
  }
  return [];
}
