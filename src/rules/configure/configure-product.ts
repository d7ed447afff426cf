import type { Dec } from '../../core/decimal.js';
import { atLeast } from '../../core/money.js';
import { isRecord, own } from '../../core/object.js';
import { localize } from '../../core/text.js';
import type { PreparedCatalog, PreparedConfigRule, PreparedProduct } from '../prepare-catalog.js';
import type { AttributeState, ConfigMessage, ConfigReason, ConfigState, FeatureState, OptionState, SelectedOption } from '../../types.js';
import { productList, productOf, say } from './messages.js';
import { indexRules, reason, ruleText, solve, type Outcome, type RuleIndex } from './solve.js';
import { buildTree, lineText, ONE, pathOf, qtyText, readAmount, readAttributes, type BundleNode, type OptionNode, type ReadContext, type Tree } from './tree.js';

export interface ConfigureInput {
  locale: string;
  quote: unknown;
}

/**
 * Configure one product of a prepared catalog: read the selection, run the rules to a fixed
 * point, check features and quantities, and describe every option's state and why.
 */
export function configureProduct(cat: PreparedCatalog, product: PreparedProduct, selection: unknown, input: ConfigureInput): ConfigState {
  const { locale } = input;
  const { rootQty, term, attributes, tree, outcome, errors, warnings } = run(cat, product, selection, input);
  const name = (text: unknown, fallback: string) => localize(text, locale, cat.locale) || fallback;
  const state: ConfigState = {
    sku: product.sku,
    name: name(product.name, product.sku),
    qty: rootQty.toString(),
    attributes: [...product.attributes.values()].map((a): AttributeState => ({
      id: a.id,
      name: name(a.name, a.id),
      value: attributes[a.id] ?? null,
      required: a.required,
      values: [...a.values.values()].map((v) => (v.delta ? { id: v.id, name: name(v.name, v.id), priceDelta: atLeast(v.delta, 2) } : { id: v.id, name: name(v.name, v.id) })),
    })),
    features: features(cat, locale, tree.root, outcome),
    errors,
    warnings,
    complete: errors.length === 0,
    selection: { qty: rootQty.toString(), attributes: { ...attributes }, options: resolved(tree, tree.root, outcome) },
  };
  if (term) {
    state.term = term.toString();
    state.selection.term = term.toString();
  }
  return state;
}

interface Run {
  rootQty: Dec;
  term: Dec | undefined;
  attributes: Record<string, string>;
  tree: Tree;
  outcome: Outcome;
  errors: ConfigMessage[];
  warnings: ConfigMessage[];
}

/** How many times `run` starts again from the resolved selection (see there); a bound, never reached by a real catalog. */
const MAX_AGAIN = 3;

/**
 * Read the selection, run the rules to a fixed point and check the result: all but the state.
 *
 * A required option that a hide rule took out is put back by every run's base, and the resolved
 * selection (`resolved`) lists it, with every option autoSelect rules added: configuring that
 * selection starts from another state than this run did, and rules that read the hidden option
 * (`hide Z when Z or X is not selected`, X added by a rule) can settle on another fixed point from
 * there. The state is then the one the resolved selection gives, so that configuring a state's
 * selection again gives that state again (what a quote line stores is priced as it was shown).
 * Only for a selection read without errors (an error in it is the user's to see, with its path).
 */
function run(cat: PreparedCatalog, product: PreparedProduct, selection: unknown, input: ConfigureInput, withWarnings = true, again = 0, before?: Uint8Array): Run {
  const { locale } = input;
  const ctx: ReadContext = { cat, locale, errors: [] };
  const sel = isRecord(selection) ? selection : {};
  const rootQty = readAmount(ctx, own(sel, 'qty'), product.qty, 'qty');
  const term = product.term ? readAmount(ctx, own(sel, 'term'), product.term, 'term') : undefined;
  const attributes = readAttributes(ctx, product, own(sel, 'attributes'));
  const tree = buildTree(ctx, product, sel);
  const { rules, index, hiddenRequired } = applicableRules(cat, product, tree);
  const outcome = solve({ cat, locale, tree, rootQty, term, attributes, quote: input.quote, rules, index });
  // Not again when this run settled where the one before did (a rule that always hides a required option).
  if (again < MAX_AGAIN && ctx.errors.length === 0 && !outcome.cycle && hidesRequired(tree, hiddenRequired, outcome) && !sameMask(before, outcome.selected)) {
    const options = resolved(tree, tree.root, outcome);
    const next: Record<string, unknown> = { qty: rootQty.toString(), attributes: { ...attributes }, options };
    if (term) next.term = term.toString();
    return run(cat, product, next, input, withWarnings, again + 1, outcome.selected);
  }

  const errors: ConfigMessage[] = [...ctx.errors, ...outcome.messages.filter((m) => m.severity === 'error')];
  // Without warnings (the catalog check of a default configuration reads only the errors), rule warnings are not written.
  const warnings: ConfigMessage[] = withWarnings ? outcome.messages.filter((m) => m.severity === 'warning') : [];
  checkRules(cat, locale, rules, outcome, tree, errors, withWarnings ? warnings : null);
  checkOptions(cat, locale, outcome, tree, tree.root, errors);
  return { rootQty, term, attributes, tree, outcome, errors, warnings };
}

/**
 * What the catalog check of a default configuration needs (src/rules/validate-config.ts):
 * `configureProduct`'s errors, and the SKUs its state shows selected (the product, and every
 * selected option whose bundle is selected), without building the state of every option nor
 * writing the rules' warnings.
 */
export function configureErrors(cat: PreparedCatalog, product: PreparedProduct, selection: unknown, input: ConfigureInput): { errors: ConfigMessage[]; selected: Set<string> } {
  const { tree, outcome, errors } = run(cat, product, selection, input, false);
  const selected = new Set<string>([product.sku]);
  const stack: BundleNode[] = [tree.root];
  while (stack.length > 0) {
    const bundle = stack.pop()!;
    for (const node of bundle.options) {
      if (outcome.selected[node.key] !== 1) continue;
      selected.add(node.sku);
      if (node.bundle) stack.push(node.bundle);
    }
  }
  return { errors, selected };
}

/** A product's rules and their index, and the required options a hide rule targets (node keys: the tree's skeleton is kept per product). */
interface Applicable {
  rules: PreparedConfigRule[];
  index: RuleIndex;
  hiddenRequired: number[];
}
const applicable = new WeakMap<PreparedProduct, Applicable>();

/** Rules restricted by `products` apply when the product or a bundle in its tree is listed. */
function applicableRules(cat: PreparedCatalog, product: PreparedProduct, tree: Tree): Applicable {
  let hit = applicable.get(product);
  if (!hit) {
    const bundles = tree.nodes.filter((n) => n.bundle).map((n) => n.sku);
    const rules = cat.configRules.filter((r) => !r.products || r.products.has(product.sku) || bundles.some((sku) => r.products!.has(sku)));
    const index = indexRules(rules, tree);
    const hideable = new Set<number>();
    for (const i of index.byKind.hide) for (const key of index.targets[i]!) if (tree.nodes[key]!.option.required) hideable.add(key);
    applicable.set(product, (hit = { rules, index, hiddenRequired: [...hideable] }));
  }
  return hit;
}

function checkRules(cat: PreparedCatalog, locale: string, rules: readonly PreparedConfigRule[], outcome: Outcome, tree: Tree, errors: ConfigMessage[], warnings: ConfigMessage[] | null): void {
  for (let i = 0; i < rules.length; i++) {
    if (!outcome.held[i]) continue;
    const rule = rules[i]!;
    if (rule.kind === 'requires') {
      const missing = rule.targets.filter((t) => !Object.prototype.hasOwnProperty.call(outcome.facts.selected, t));
      if (missing.length > 0) errors.push({ severity: 'error', ruleId: rule.id, message: ruleText(cat, locale, rule) || say(locale, 'requires', { targets: productList(cat, locale, missing) }) });
    } else if (rule.kind === 'validate') {
      const list = rule.severity === 'warning' ? warnings : errors;
      if (list) list.push({ severity: rule.severity, ruleId: rule.id, message: ruleText(cat, locale, rule) || say(locale, 'validate') });
    } else if (rule.kind === 'excludes' && rule.targets.includes(outcome.facts.sku)) {
      // Excluding the configured product itself: the configuration as a whole is not allowed.
      errors.push({ severity: 'error', ruleId: rule.id, sku: outcome.facts.sku, message: ruleText(cat, locale, rule) || say(locale, 'excludes', { product: productOf(cat, locale, outcome.facts.sku) }) });
    }
  }
  // Only options an excludes or autoSelect rule targets can be excluded or auto-selected.
  for (const key of outcome.flagged) {
    const node = tree.nodes[key]!;
    const excluded = outcome.excludedBy[node.key];
    if (excluded && outcome.selected[node.key]) {
      const rule = excluded[0]!;
      errors.push({ severity: 'error', ruleId: rule.id, sku: node.sku, path: pathOf(tree, node), message: say(locale, 'excluded', { product: productOf(cat, locale, node.sku), reason: reason(cat, locale, rule, node).message }) });
    }
    const auto = outcome.autoBy[node.key];
    const hidden = outcome.hiddenBy[node.key];
    if (auto && hidden && (!node.parent.node || outcome.selected[node.parent.node.key])) {
      errors.push({ severity: 'error', ruleId: auto[0]!.id, sku: node.sku, message: say(locale, 'auto-hidden', { rule: auto[0]!.id, product: productOf(cat, locale, node.sku), other: hidden[0]!.id }) });
    }
  }
}

/** Feature min/max in every selected bundle, and each chosen option's quantity range. */
function checkOptions(cat: PreparedCatalog, locale: string, outcome: Outcome, tree: Tree, bundle: BundleNode, errors: ConfigMessage[]): void {
  bundle.product.features.forEach((feature, f) => {
    const nodes = bundle.byFeature[f]!;
    let count = 0;
    for (const n of nodes) count += outcome.selected[n.key]!;
    const label = localize(feature.name, locale, cat.locale) || feature.id;
    if (count < feature.min) errors.push({ severity: 'error', featureId: feature.id, sku: bundle.sku, message: say(locale, 'feature-min', { feature: label, min: feature.min, count }) });
    if (count > feature.max) errors.push({ severity: 'error', featureId: feature.id, sku: bundle.sku, message: say(locale, 'feature-max', { feature: label, max: feature.max, count }) });
  });
  for (const node of bundle.options) {
    if (!outcome.selected[node.key]) continue;
    const q = outcome.qty[node.key]!;
    const { min, max } = node.option.qty;
    if ((min && q.lt(min)) || (max && q.gt(max))) {
      const ruleId = outcome.qtyBy[node.key]?.id;
      errors.push({
        severity: 'error', sku: node.sku, path: `${pathOf(tree, node)}.qty`, ...(ruleId ? { ruleId } : {}),
        message: say(locale, 'option-qty-range', { product: productOf(cat, locale, node.sku), value: q.toString(), min: min?.toString() ?? '0', max: max?.toString() ?? '∞' }),
      });
    }
    if (node.bundle) checkOptions(cat, locale, outcome, tree, node.bundle, errors);
  }
}

function features(cat: PreparedCatalog, locale: string, bundle: BundleNode, outcome: Outcome): FeatureState[] {
  return bundle.product.features.map((f, i) => ({
    id: f.id,
    name: localize(f.name, locale, cat.locale) || f.id,
    min: f.min,
    max: f.max,
    options: bundle.byFeature[i]!.map((node) => optionState(cat, locale, node, outcome)),
  }));
}

const NO_RANGE: OptionState['qtyRange'] = Object.freeze({});

/** An option's quantity range never changes: one frozen object per option, shared by states. */
function qtyRange(node: OptionNode): OptionState['qtyRange'] {
  if (!node.range) {
    const { min, max, step } = node.option.qty;
    // Most options have no range: they share one frozen empty object.
    if (!min && !max && !step) return (node.range = NO_RANGE);
    const r: OptionState['qtyRange'] = {};
    if (node.option.qty.min) r.min = node.option.qty.min.toString();
    if (node.option.qty.max) r.max = node.option.qty.max.toString();
    if (node.option.qty.step) r.step = node.option.qty.step.toString();
    node.range = Object.freeze(r);
  }
  return node.range;
}

/** Option names by locale, kept on the (per-product, reused) tree node. */
function productName(cat: PreparedCatalog, locale: string, node: OptionNode): string {
  const hit = node.name;
  if (hit && hit.locale === locale) return hit.name;
  const name = localize(node.product?.name, locale, cat.locale) || node.sku;
  node.name = { locale, name };
  return name;
}

/** Most options have no reasons: one frozen empty list serves them all. */
const NO_REASONS: ConfigReason[] = Object.freeze([]) as unknown as ConfigReason[];

function sameRules(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * An option's state. Most options do not change from one click to the next: an option that is
 * not a bundle gets back its previous (frozen) state object when everything it is made from is
 * the same, as immutable data shares unchanged parts.
 */
function optionState(cat: PreparedCatalog, locale: string, node: OptionNode, outcome: Outcome): OptionState {
  const hidden = outcome.hiddenBy[node.key];
  const excluded = outcome.excludedBy[node.key];
  const auto = outcome.autoBy[node.key];
  const selected = outcome.selected[node.key] === 1;
  const qty = outcome.qty[node.key]!;
  const line = outcome.lineQty[node.key]!;
  const last = node.last;
  if (
    last && !node.bundle && last.locale === locale && last.selected === selected && last.qty === qty && last.line === line &&
    sameRules(last.hidden, hidden) && sameRules(last.excluded, excluded) && sameRules(last.auto, auto)
  ) {
    return last.state;
  }
  const state = buildOptionState(cat, locale, node, outcome, hidden, excluded, auto);
  if (!node.bundle) {
    // Shared between calls, so frozen through: a host that writes to a state fails loudly.
    Object.freeze(state.reasons);
    if (state.auto) Object.freeze(state.auto);
    node.last = { state: Object.freeze(state), locale, selected, qty, line, hidden, excluded, auto };
  }
  return state;
}

function buildOptionState(
  cat: PreparedCatalog, locale: string, node: OptionNode, outcome: Outcome,
  hidden: PreparedConfigRule[] | undefined, excluded: PreparedConfigRule[] | undefined, auto: PreparedConfigRule[] | undefined,
): OptionState {
  const o = node.option;
  const state: OptionState = {
    sku: node.sku,
    name: productName(cat, locale, node),
    selected: outcome.selected[node.key] === 1,
    qty: qtyText(node, outcome.qty[node.key]!),
    lineQty: lineText(node, outcome.lineQty[node.key]!),
    available: !hidden && !excluded,
    hidden: hidden !== undefined,
    reasons: hidden || excluded ? [...(hidden ?? []), ...(excluded ?? [])].map((r) => reason(cat, locale, r, node)) : NO_REASONS,
    required: o.required,
    included: o.included,
    default: o.isDefault,
    qtyPer: o.qtyPer,
    qtyRange: qtyRange(node),
  };
  if (auto && state.selected) state.auto = auto.map((r) => reason(cat, locale, r, node));
  if (node.bundle && state.selected) state.features = features(cat, locale, node.bundle, outcome);
  return state;
}

/** Whether a hide rule keeps a required option out of the outcome (the resolved selection then starts elsewhere: `run`). */
function hidesRequired(tree: Tree, hiddenRequired: readonly number[], outcome: Outcome): boolean {
  for (const key of hiddenRequired) {
    if (outcome.selected[key] !== 1 && outcome.hiddenBy[key] !== undefined && inSelected(tree.nodes[key]!, outcome)) return true;
  }
  return false;
}

/** Two selections of one product's options (node keys are the same from one run to the next: the skeleton is kept). */
function sameMask(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether every bundle above an option is selected (the resolved selection lists only what is under them). */
function inSelected(node: OptionNode, outcome: Outcome): boolean {
  for (let up = node.parent.node; up; up = up.parent.node) if (outcome.selected[up.key] !== 1) return false;
  return true;
}

/**
 * The selection that reproduces this state: every selected option, explicitly, in catalog order.
 * After a cycle, the user's own choice is given back instead (configuring it again runs the
 * same rounds). A required option that a rule hides keeps the user's entry for it: the engine
 * adds required options back, and its nested choice must come back with it.
 */
function resolved(tree: Tree, bundle: BundleNode, outcome: Outcome, asChosen = outcome.cycle === true): SelectedOption[] {
  const out: SelectedOption[] = [];
  for (const node of bundle.options) {
    const userChoice = tree.userSelected[node.key] === 1 || node.option.required;
    const keep = !asChosen && !outcome.selected[node.key] && node.option.required && outcome.hiddenBy[node.key] !== undefined;
    const chosen = asChosen || keep ? userChoice : outcome.selected[node.key];
    if (!chosen) continue;
    const q = asChosen || keep ? (tree.picks[node.key]?.qty ?? node.option.qty.default ?? ONE) : outcome.qty[node.key]!;
    const entry: SelectedOption = { sku: node.sku, qty: qtyText(node, q) };
    if (node.bundle) entry.options = resolved(tree, node.bundle, outcome, asChosen || keep);
    const rule = own(tree.picks[node.key]?.entry, 'priceRule');
    if (typeof rule === 'string') entry.priceRule = rule;
    out.push(entry);
  }
  return out;
}
