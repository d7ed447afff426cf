import type { Catalog, ConfigMessage, ConfigState, FeatureState, OptionState, PricedLine, PricedQuote, Product, Quote, SelectedOption, TaxMode } from '../../types.js';
import type { Effects } from './effects.js';
import { lineChanges } from '../quote/line-changes.js';

/**
 * Pure helpers of `<cpq-configurator>`: editing a resolved selection at any bundle level, and
 * reading option amounts from priced quotes. An option is found by its *key*: the SKUs of the
 * bundles above it and its own, joined by `/` (as in priced child line ids: `L1/TANK-AIR/TANK-2M3`).
 */

/** What `<cpq-configurator>` shows for one line in one state (made once per state object). */
export interface View {
  lineId: string;
  config: ConfigState;
  product: Product | undefined;
  /** Amounts of the selected options (their priced lines), by option key. */
  amounts: Map<string, string>;
  /** What choosing each option not chosen would change (priced lazily, shared by the elements showing the view). */
  effects: Effects;
  total: string | undefined;
  /** Feature messages by `bundle SKU|feature id`; the others go to the top. */
  byFeature: Map<string, ConfigMessage[]>;
  top: ConfigMessage[];
}

const productMaps = new WeakMap<Catalog, Map<string, Product>>();

/** The catalog's products by SKU (one map per catalog object). */
export function productsOf(catalog: Catalog | undefined): Map<string, Product> {
  if (!catalog) return new Map();
  let map = productMaps.get(catalog);
  if (!map) productMaps.set(catalog, (map = new Map(catalog.products.map((p) => [p.sku, p]))));
  return map;
}

/** The view of line `lineId` (configured as `config`) in a quote and its priced quote, but its price effects (effects.ts). */
export function buildView(quote: Quote, priced: PricedQuote | undefined, catalog: Catalog | undefined, lineId: string, config: ConfigState, sum: Sum): Omit<View, 'effects'> {
  const products = productsOf(catalog);
  const { amounts, total } = lineAmounts(priced, lineId, sum);
  const byFeature = new Map<string, ConfigMessage[]>();
  const top: ConfigMessage[] = [];
  for (const m of [...config.errors, ...config.warnings]) {
    const key = `${m.sku ?? config.sku}|${m.featureId}`;
    if (m.featureId === undefined) top.push(m);
    else byFeature.set(key, [...(byFeature.get(key) ?? []), m]);
  }
  return { lineId, config, product: products.get(config.sku), amounts, total, byFeature, top };
}

/** The key of `sku` under the bundle path `path` (`''` at the top level). */
export const keyOf = (path: string, sku: string): string => (path ? `${path}/${sku}` : sku);

/** A line's amount on the catalog's price basis: gross with 含税 (inclusive) list prices, else net. */
export const amountOf = (line: PricedLine, taxMode: TaxMode): string => (taxMode === 'inclusive' ? line.total : line.netAmount);

/** Exact addition of decimal strings (`CpqApi.sum`: the core's decimal arithmetic). */
export type Sum = (amounts: Iterable<string>) => string | undefined;

/** A decimal string with the other sign (what `Sum` subtracts with). */
export const negate = (v: string): string => (v.startsWith('-') ? v.slice(1) : `-${v}`);

/**
 * Where each line's priced lines are (`id` itself and the ids under `id/`), by line id, found on
 * first use; one per list of priced lines, shared with the next list when every line the next
 * changed (lineChanges) has the same id at its position — the pricing worker's answer to an edit
 * or a quote discount — so a 10,000-line quote is scanned once per line asked, not on every update.
 */
interface Layout { spots: Map<string, number[]> }
const layouts = new WeakMap<readonly PricedLine[], Layout>();

function layoutOf(lines: readonly PricedLine[]): Layout {
  let layout = layouts.get(lines);
  if (layout) return layout;
  const change = lineChanges(lines);
  const before = change && layouts.get(change.previous);
  const previous = change?.previous;
  layout = before && previous!.length === lines.length && change.changed.every((i) => lines[i]?.id === previous![i]?.id) ? before : { spots: new Map() };
  layouts.set(lines, layout);
  return layout;
}

/** The positions in `lines` of line `lineId` and of its option lines. */
export function spotsOf(lines: readonly PricedLine[], lineId: string): readonly number[] {
  const layout = layoutOf(lines);
  let spots = layout.spots.get(lineId);
  if (spots) return spots;
  spots = [];
  const prefix = `${lineId}/`;
  for (let i = 0; i < lines.length; i++) {
    const id = lines[i]!.id;
    if (id === lineId || id.startsWith(prefix)) spots.push(i);
  }
  layout.spots.set(lineId, spots);
  return spots;
}

/** Amounts of a configured line's option lines (by key) and the line's total with them. */
export function lineAmounts(priced: PricedQuote | undefined, lineId: string, sum: Sum): { amounts: Map<string, string>; total: string | undefined } {
  const amounts = new Map<string, string>();
  if (!priced) return { amounts, total: undefined };
  const prefix = `${lineId}/`;
  const all: string[] = [];
  for (const i of spotsOf(priced.lines, lineId)) {
    const line = priced.lines[i]!;
    const amount = amountOf(line, priced.taxMode);
    if (line.id !== lineId) amounts.set(line.id.slice(prefix.length), amount);
    all.push(amount);
  }
  return { amounts, total: all.length > 0 ? sum(all) : undefined };
}

/** The option states of one bundle level, by SKU. */
function byKey(features: readonly FeatureState[]): Map<string, OptionState> {
  const map = new Map<string, OptionState>();
  for (const f of features) for (const o of f.options) map.set(o.sku, o);
  return map;
}

/**
 * The resolved options without those a rule added that the user did not choose (not in the
 * line's own options): the engine adds them again while the rule holds, and drops them after.
 */
export function userOptions(options: readonly SelectedOption[], features: readonly FeatureState[], raw: readonly SelectedOption[] | undefined): SelectedOption[] {
  const states = byKey(features);
  const out: SelectedOption[] = [];
  for (const o of options) {
    const state = states.get(o.sku);
    const mine = raw?.find((r) => r.sku === o.sku);
    if (state?.auto && !mine) continue;
    out.push(o.options && state?.features ? { ...o, options: userOptions(o.options, state.features, mine?.options) } : o);
  }
  return out;
}

/** The feature `featureId` of the bundle at `path` (SKUs from the top). */
export function featureAt(features: readonly FeatureState[], path: readonly string[], featureId: string): FeatureState | undefined {
  let level: readonly FeatureState[] | undefined = features;
  for (const sku of path) level = level && byKey(level).get(sku)?.features;
  return level?.find((f) => f.id === featureId);
}

/** `options` with the list at bundle path `path` replaced by `edit(list)`. */
export function editLevel(options: readonly SelectedOption[], path: readonly string[], edit: (level: readonly SelectedOption[]) => SelectedOption[]): SelectedOption[] {
  if (path.length === 0) return edit(options);
  const [head, ...rest] = path;
  return options.map((o) => (o.sku === head ? { ...o, options: editLevel(o.options ?? [], rest, edit) } : o));
}

/**
 * Choose (`sku`), or clear (`null`), in one feature of a level: a radio group replaces the
 * feature's other options; a checkbox adds or removes just `sku`.
 */
export function choose(level: readonly SelectedOption[], feature: FeatureState, sku: string | null, on: boolean, radio: boolean): SelectedOption[] {
  const option = sku === null ? undefined : feature.options.find((o) => o.sku === sku);
  const kept = radio ? level.filter((o) => !feature.options.some((f) => f.sku === o.sku)) : level.filter((o) => o.sku !== sku);
  return on && option ? [...kept, { sku: option.sku, qty: option.qty }] : kept;
}

/** `level` with the quantity of `sku` set to `qty`. */
export const withQty = (level: readonly SelectedOption[], sku: string, qty: string): SelectedOption[] =>
  level.map((o) => (o.sku === sku ? { ...o, qty } : o));
