import { Dec } from '../../core/decimal.js';
import { localize } from '../../core/text.js';
import type { PreparedCatalog, PreparedConfigRule } from '../prepare-catalog.js';
import type { ConfigMessage, ConfigReason, ConfigRuleKind } from '../../types.js';
import { productOf, say } from './messages.js';
import { isOne, lineNumber, ONE, type OptionNode, type Tree } from './tree.js';

/** Rounds of autoSelect / setQty / hide before the engine gives up (a cycle is caught earlier). */
export const MAX_ROUNDS = 64;

/** What the rules said about one state of the selection. */
export interface Outcome {
  /** 1 where the option is selected (a byte mask: cheap to copy between rounds). */
  selected: Uint8Array;
  qty: Dec[];
  lineQty: Dec[];
  hiddenBy: (PreparedConfigRule[] | undefined)[];
  excludedBy: (PreparedConfigRule[] | undefined)[];
  autoBy: (PreparedConfigRule[] | undefined)[];
  qtyBy: (PreparedConfigRule | undefined)[];
  /** Whether each rule's `when` held on this state, by rule index (requires and validate are read from it). */
  held: Uint8Array;
  /**
   * The options whose selection or quantity may differ from the base (the targets of the rules
   * that held). In a tree without nested bundles, nothing else can differ.
   */
  touched: number[];
  /** After `explain`: the options some excludes or autoSelect rule targets, in key order. */
  flagged: number[];
  facts: Facts;
  messages: ConfigMessage[];
  /**
   * Set when the rules never settled: the state shows the last round, and the resolved
   * selection is the user's own, so that configuring it again runs the same rounds.
   */
  cycle?: true;
}

export interface Facts {
  qty: number;
  term: number | undefined;
  attributes: Record<string, string>;
  selected: Record<string, number>;
  sku: string;
  quote: unknown;
}

export interface SolveInput {
  cat: PreparedCatalog;
  locale: string;
  tree: Tree;
  rootQty: Dec;
  term: Dec | undefined;
  attributes: Record<string, string>;
  quote: unknown;
  /** The rules that apply to this product (by the `products` extension), in catalog order. */
  rules: readonly PreparedConfigRule[];
  /** Which of those rules read which option's selection. */
  index: RuleIndex;
}

/**
 * Run the rules to a fixed point. Each round evaluates every rule on the facts of the current
 * selection; the next selection is the user's choice plus required options plus what
 * autoSelect rules add, minus hidden options, with setQty quantities. The first round whose
 * result equals its input is the answer; a result seen before is a cycle, reported with the
 * rules whose outcome changed, never looped on.
 */
export function solve(input: SolveInput): Outcome {
  const { tree, rules } = input;
  // What every round starts from: the user's choice with required options, at the user's quantities.
  const base: Base = { selected: tree.baseSelected, qty: tree.baseQty, lineQty: baseLines(input) };
  let selected = tree.nested ? closeUnderParents(tree, base.selected.slice()) : base.selected;
  let lineQty = base.lineQty;
  const results: RuleResults = { held: new Uint8Array(rules.length), qty: new Array(rules.length) };
  let facts = makeFacts(input, selected, lineQty);
  runRules(input.rules, facts, results, null);
  let outcome = settle(input, base, facts, results);
  const seen = new Map<string, number>();
  const history: Outcome[] = [];
  // What the state the outcome came from may have changed against the base (nothing, at first).
  let touched: number[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // The options whose selection or line quantity changed (equal line quantities mean equal
    // quantities: a parent's line quantity is never zero). None: this outcome is the fixed point.
    const changed = tree.nested ? changedNodes(tree.nodes, selected, lineQty, outcome) : changedKeys(tree, selected, lineQty, outcome, touched);
    if (changed.length === 0) return unchosenAtDefault(input, explain(input, outcome));
    // Between rounds only the rules that read a changed option run again; when none of them
    // changes its result, the next round would give this outcome again: it is the fixed point.
    patchSelected(input, facts.selected, changed, outcome.selected, outcome.lineQty);
    if (!runRules(input.rules, facts, results, dirtyRules(input.index, changed))) {
      outcome.facts = facts;
      return unchosenAtDefault(input, explain(input, outcome));
    }
    // Another round is needed: a state seen before means the rules go round in a cycle. A
    // cycle takes at least two states, so recording starts with the second round.
    if (round > 0) {
      const key = stateKey(outcome.selected, outcome.qty);
      const before = seen.get(key);
      if (before !== undefined) return cycle(input, outcome, history.slice(before));
      seen.set(key, history.length);
    }
    history.push(outcome);
    selected = outcome.selected;
    lineQty = outcome.lineQty;
    touched = outcome.touched;
    outcome = settle(input, base, facts, results);
  }
  return cycle(input, history[history.length - 1]!, history);
}

/** Every option whose selection or line quantity differs between a state and the outcome. */
function changedNodes(nodes: readonly OptionNode[], selected: Uint8Array, lineQty: Dec[], outcome: Outcome): string[] {
  const changed: string[] = [];
  for (const node of nodes) {
    if (selected[node.key] !== outcome.selected[node.key] || !sameQty(lineQty[node.key]!, outcome.lineQty[node.key]!)) changed.push(node.sku);
  }
  return changed;
}

/**
 * The same, without nested bundles: both states equal the base outside what each one touched,
 * so only those options are compared (a SKU may be listed twice; readers take sets).
 */
function changedKeys(tree: Tree, selected: Uint8Array, lineQty: Dec[], outcome: Outcome, before: number[]): string[] {
  const changed: string[] = [];
  for (const list of [before, outcome.touched]) {
    for (const key of list) {
      if (selected[key] !== outcome.selected[key] || !sameQty(lineQty[key]!, outcome.lineQty[key]!)) changed.push(tree.nodes[key]!.sku);
    }
  }
  return changed;
}

interface Base {
  selected: Uint8Array;
  qty: Dec[];
  lineQty: Dec[];
}


/** An empty per-option list, read (never written) when no setQty rule applies. */
const NO_RULES: (PreparedConfigRule | undefined)[] = [];

/** Each rule's last result: whether `when` held, and for setQty the value of its `qty`. */
interface RuleResults {
  held: Uint8Array;
  qty: unknown[];
}

/** For each option SKU, the rules (by index) that read its selection; and those that may read any. */
export interface RuleIndex {
  readers: Map<string, number[]>;
  any: number[];
  /** Each rule's targets as node keys of the product's tree. */
  targets: number[][];
  /** Rule indices by kind, in catalog order. */
  byKind: Record<ConfigRuleKind, number[]>;
}

export function indexRules(rules: readonly PreparedConfigRule[], tree: Tree): RuleIndex {
  const readers = new Map<string, number[]>();
  const any: number[] = [];
  const targets: number[][] = [];
  const byKind: RuleIndex['byKind'] = { requires: [], excludes: [], validate: [], autoSelect: [], hide: [], setQty: [] };
  // Plain loops: this runs once per product, on its first configuration, before anything is optimized.
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const keys: number[] = [];
    for (let t = 0; t < rule.targets.length; t++) {
      const nodes = tree.bySku.get(rule.targets[t]!);
      if (nodes) for (let n = 0; n < nodes.length; n++) keys.push(nodes[n]!.key);
    }
    targets.push(keys);
    byKind[rule.kind].push(i);
    if (rule.reads === null) {
      any.push(i);
      continue;
    }
    for (const sku of rule.reads) {
      const list = readers.get(sku);
      if (list) list.push(i);
      else readers.set(sku, [i]);
    }
  }
  return { readers, any, targets, byKind };
}

function dirtyRules(index: RuleIndex, changed: string[]): number[] {
  const dirty = new Set<number>(index.any);
  for (const sku of changed) for (const i of index.readers.get(sku) ?? []) dirty.add(i);
  return [...dirty];
}

/** Bring `selected` facts up to date for the options that changed (the object is reused). */
function patchSelected(input: SolveInput, out: Record<string, number>, changed: string[], selected: Uint8Array, lineQty: Dec[]): void {
  for (const sku of new Set(changed)) {
    let total = 0;
    let any = false;
    for (const node of input.tree.bySku.get(sku) ?? []) {
      if (!selected[node.key]) continue;
      any = true;
      total += lineNumber(node, lineQty[node.key]!);
    }
    if (any) out[sku] = total;
    else delete out[sku];
  }
}

function makeFacts(input: SolveInput, selected: Uint8Array, lineQty: Dec[]): Facts {
  return {
    qty: input.rootQty.toNumber(),
    term: input.term?.toNumber(),
    attributes: input.attributes,
    selected: selectedFacts(input, selected, lineQty),
    sku: input.tree.root.sku,
    quote: input.quote,
  };
}

/** Evaluate the rules at `indices` (all when null); true when some result changed. */
function runRules(rules: readonly PreparedConfigRule[], facts: Facts, results: RuleResults, indices: number[] | null): boolean {
  let changed = false;
  const count = indices ? indices.length : rules.length;
  for (let k = 0; k < count; k++) {
    const i = indices ? indices[k]! : k;
    const rule = rules[i]!;
    const holds = rule.when(facts);
    const qty = holds && rule.kind === 'setQty' && rule.qty ? rule.qty(facts) : undefined;
    const bit = holds ? 1 : 0;
    if (bit !== results.held[i] || !Object.is(qty, results.qty[i])) changed = true;
    results.held[i] = bit;
    results.qty[i] = qty;
  }
  return changed;
}

/** What the rules' results make of the selection: hidden, excluded, auto-selected, quantities. */
function settle(input: SolveInput, base: Base, facts: Facts, results: RuleResults): Outcome {
  const { tree, rules, locale } = input;
  // Most catalogs set few quantities: the array is made when a setQty rule first applies.
  let qtyBy: Outcome['qtyBy'] = NO_RULES;
  let nextQty = base.qty;
  const messages: ConfigMessage[] = [];
  const bad: { rule: PreparedConfigRule; node: OptionNode; value: unknown }[] = [];
  const touched: number[] = [];
  const { byKind, targets } = input.index;
  for (const i of byKind.setQty) {
    if (!results.held[i]) continue;
    const rule = rules[i]!;
    const q = toQty(results.qty[i]);
    for (const key of targets[i]!) {
      if (!q) {
        bad.push({ rule, node: tree.nodes[key]!, value: results.qty[i] });
        continue;
      }
      if (nextQty === base.qty) nextQty = base.qty.slice();
      if (qtyBy === NO_RULES) qtyBy = new Array(tree.nodes.length);
      nextQty[key] = q;
      qtyBy[key] = rule;
      touched.push(key);
    }
  }
  const quantified = touched.length;
  // The next selection: the user's and required options, plus autoSelect targets, minus hidden ones.
  const next = base.selected.slice();
  for (const i of byKind.autoSelect) if (results.held[i]) for (const key of targets[i]!) touched.push(key), (next[key] = 1);
  for (const i of byKind.hide) if (results.held[i]) for (const key of targets[i]!) touched.push(key), (next[key] = 0);
  closeUnderParents(tree, next);
  // A bad setQty quantity matters only for an option this outcome keeps selected.
  for (const { rule, node, value } of bad) {
    if (next[node.key]) messages.push({ severity: 'error', ruleId: rule.id, sku: node.sku, message: say(locale, 'setqty-bad', { rule: rule.id, product: productOf(input.cat, locale, node.sku), what: describeValue(value) }) });
  }
  const nextLineQty = nextQty === base.qty ? base.lineQty : tree.nested ? lineQuantities(input, nextQty) : patchLines(input, base.lineQty, nextQty, touched.slice(0, quantified));
  // Which rules hide, exclude or select each option is worked out for the final outcome only.
  return { selected: next, qty: nextQty, lineQty: nextLineQty, hiddenBy: [], excludedBy: [], autoBy: [], qtyBy, held: results.held.slice(), touched, flagged: [], facts, messages };
}

/** The rules behind each option's state (hidden, excluded, auto-selected), in catalog order. */
function explain(input: SolveInput, outcome: Outcome): Outcome {
  const { rules } = input;
  const { byKind, targets } = input.index;
  const flagged = new Set<number>();
  const mark = (slots: (PreparedConfigRule[] | undefined)[], list: number[], flag: boolean) => {
    for (const i of list) {
      if (!outcome.held[i]) continue;
      const rule = rules[i]!;
      for (const key of targets[i]!) {
        (slots[key] ??= []).push(rule);
        if (flag) flagged.add(key);
      }
    }
  };
  const n = input.tree.nodes.length;
  outcome.hiddenBy = new Array(n);
  outcome.excludedBy = new Array(n);
  outcome.autoBy = new Array(n);
  mark(outcome.hiddenBy, byKind.hide, false);
  mark(outcome.excludedBy, byKind.excludes, true);
  mark(outcome.autoBy, byKind.autoSelect, true);
  outcome.flagged = [...flagged].sort((a, b) => a - b);
  return outcome;
}

/**
 * An option the user chose with a quantity but that ended unselected (a rule hid it) shows its
 * default quantity: the chosen one is dropped with it, as the resolved selection drops it.
 */
function unchosenAtDefault(input: SolveInput, outcome: Outcome): Outcome {
  const { tree } = input;
  if (!tree.anyUserQty) return outcome;
  let qty: Dec[] | undefined;
  for (const node of tree.nodes) {
    // A setQty result stands: it comes from the facts, not from the dropped choice.
    if (outcome.selected[node.key] || tree.picks[node.key]?.qty === undefined || outcome.qtyBy[node.key]) continue;
    qty ??= outcome.qty.slice();
    qty[node.key] = node.option.qty.default ?? ONE;
  }
  if (qty) {
    outcome.qty = qty;
    outcome.lineQty = lineQuantities(input, qty);
  }
  return outcome;
}

/** An option inside a bundle is selected only while its bundle is. */
function closeUnderParents(tree: Tree, selected: Uint8Array): Uint8Array {
  if (!tree.nested) return selected;
  for (const node of tree.nodes) {
    const parent = node.parent.node;
    if (parent && !selected[parent.key]) selected[node.key] = 0;
  }
  return selected;
}

/** The base's line quantities; those of the default quantities are kept per product and root quantity. */
function baseLines(input: SolveInput): Dec[] {
  const { tree, rootQty } = input;
  if (tree.baseQty !== tree.defaultQty) return lineQuantities(input, tree.baseQty);
  const cache = tree.defaultLines;
  if (cache.rootQty !== rootQty || !cache.lineQty) {
    cache.lineQty = lineQuantities(input, tree.defaultQty);
    cache.rootQty = rootQty;
  }
  return cache.lineQty;
}

function lineQuantities(input: SolveInput, qty: Dec[]): Dec[] {
  const out: Dec[] = [];
  const nodes = input.tree.nodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    // Parents come before their options in the node list, so a parent's line is known here.
    out.push(lineOf(node, qty[i]!, node.parent.node ? out[node.parent.node.key]! : input.rootQty));
  }
  return out;
}

/** Line quantities without nested bundles: the base's, recomputed where a rule set a quantity. */
function patchLines(input: SolveInput, from: Dec[], qty: Dec[], keys: number[]): Dec[] {
  const out = from.slice();
  for (const key of keys) {
    const node = input.tree.nodes[key]!;
    out[key] = lineOf(node, qty[key]!, input.rootQty);
  }
  return out;
}

/** An option's line quantity: per parent unit times the parent's line, or its own quantity. */
function lineOf(node: OptionNode, q: Dec, parentLine: Dec): Dec {
  if (node.option.qtyPer !== 'parent') return q;
  return isOne(node, q) ? parentLine : q.times(parentLine);
}

function selectedFacts(input: SolveInput, selected: Uint8Array, lineQty: Dec[]): Record<string, number> {
  // No prototype: `selected.constructor` must be undefined unless an option has that SKU,
  // and a SKU such as "__proto__" is stored as an ordinary key.
  const out = Object.create(null) as Record<string, number>;
  out[input.tree.root.sku] = input.rootQty.toNumber();
  for (const node of input.tree.nodes) {
    if (!selected[node.key]) continue;
    const prior = out[node.sku];
    out[node.sku] = (prior ?? 0) + lineNumber(node, lineQty[node.key]!);
  }
  return out;
}

/** A setQty result as a quantity: a finite number or decimal string above zero. */
function toQty(value: unknown): Dec | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  // The same result gives the same decimal instance, so that round comparisons and the
  // per-option caches see an unchanged quantity as unchanged.
  let q = setQuantities.get(value);
  if (q === undefined && !setQuantities.has(value)) {
    q = parseSetQty(value);
    if (setQuantities.size >= 256) setQuantities.clear();
    setQuantities.set(value, q);
  }
  return q;
}

const setQuantities = new Map<number | string, Dec | undefined>();

/** The largest quantity a rule may set, as pricing accepts (MAX_QTY there): runaway rules stop here. */
const MAX_SET_QTY = 1e12;

function parseSetQty(value: number | string): Dec | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0 || value > MAX_SET_QTY) return undefined;
    // Quantities from arithmetic in JsonLogic can carry float noise (0.1 + 0.2); keep 6 decimals.
    return new Dec(Number.isSafeInteger(value) ? value : value.toPrecision(15)).toDecimalPlaces(6);
  }
  if (/^(?:0|[1-9]\d*)(?:\.\d+)?$/.test(value) && value.length <= 40) {
    const d = new Dec(value);
    return d.gt(0) && d.lte(MAX_SET_QTY) ? d : undefined;
  }
  return undefined;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value)?.slice(0, 40) ?? String(value);
  } catch {
    return String(value);
  }
}

function stateKey(selected: Uint8Array, qty: Dec[]): string {
  let key = '';
  for (let i = 0; i < selected.length; i++) if (selected[i]) key += `${i}:${qty[i]!.toString()},`;
  return key;
}

function sameQty(a: Dec, b: Dec): boolean {
  return a === b || a.eq(b);
}


/** The rules whose results differ across the repeating rounds are the cycle. */
function cycle(input: SolveInput, last: Outcome, rounds: Outcome[]): Outcome {
  const ids = new Set<string>();
  const { tree } = input;
  input.rules.forEach((rule, i) => {
    if (rule.kind !== 'autoSelect' && rule.kind !== 'setQty' && rule.kind !== 'hide') return;
    const held = new Set(rounds.map((o) => o.held[i]));
    // A setQty rule that always holds but keeps changing its targets' quantity is in the cycle too.
    const quantities = rule.kind === 'setQty'
      ? new Set(rounds.map((o) => rule.targets.map((t) => (tree.bySku.get(t) ?? []).map((n) => o.qty[n.key]!.toString()).join('/')).join(',')))
      : new Set([0]);
    if (held.size > 1 || quantities.size > 1) ids.add(rule.id);
  });
  const list = [...ids];
  const rules = list.join(', ') || input.rules.filter((r) => r.kind === 'autoSelect' || r.kind === 'setQty').map((r) => r.id).join(', ');
  const message: ConfigMessage = { severity: 'error', message: say(input.locale, 'cycle', { rules }) };
  if (list[0] !== undefined) message.ruleId = list[0];
  last.messages.push(message);
  last.cycle = true;
  return explain(input, last);
}

/** A rule's reason for `node`, with the rule's own message or a generic one. */
export function reason(cat: PreparedCatalog, locale: string, rule: PreparedConfigRule, node: OptionNode): ConfigReason {
  const own = ruleText(cat, locale, rule);
  if (own) {
    // The same rule gives every option the same reason: one frozen object per rule and locale.
    const cache = rule.text!;
    return (cache.reason ??= Object.freeze({ ruleId: rule.id, kind: rule.kind, message: own }));
  }
  const kind = rule.kind as 'excludes' | 'hide' | 'autoSelect' | 'setQty';
  return { ruleId: rule.id, kind: rule.kind, message: say(locale, kind, { product: productOf(cat, locale, node.sku) }) };
}

/** A rule's own message in `locale` ('' when it has none), cached on the prepared rule. */
export function ruleText(cat: PreparedCatalog, locale: string, rule: PreparedConfigRule): string {
  if (rule.text?.locale !== locale) rule.text = { locale, message: localize(rule.message, locale, cat.locale), reason: undefined };
  return rule.text.message;
}
