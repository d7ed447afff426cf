import { applySelection } from '../../quote/edit.js';
import type { ConfigState, FeatureState, PricedQuote, Quote, SelectedOption } from '../../types.js';
import { amountOf, choose, editLevel, keyOf, negate, userOptions, type Sum } from './selection.js';

/**
 * The price effect of an option the user could choose: how the total would change if it were
 * chosen instead of the current choice. Each is priced exactly, as the click would commit it —
 * the same selection edit (`choose`), the whole quote priced again with it (`api.preview`), so
 * rules that select, exclude or set quantities, tiered prices, line and quote price rules and
 * the quote discount's share all count — and compared with the quote priced as it is.
 *
 * The total compared is the quote's, on the price basis the configurator shows (before tax, or
 * 含税 with tax-inclusive list prices), so a motor whose choice lowers the total reads −¥47,040.00
 * whatever else it brings; for an optional line (left out of the quote's totals) it is the
 * line's own total with its options.
 *
 * Candidates are grouped by top-level feature: the configurator prices only the groups in view
 * (an IntersectionObserver), a few per task, and each figure once per state.
 *
 * A quote of more than `WHOLE_QUOTE_MAX` lines is not priced whole for every choice (each pricing
 * would take tens of milliseconds at 1,000 lines, hundreds at 10,000): there the choices are priced
 * on the configured line alone, with the quote's own fields and its percent discount (an amount
 * off the whole quote would fall on this line alone, so it is left out), and the figure is the
 * change in the line's own total — the configurator says so.
 */

/** Above this many lines, price effects are the line's own (see above). */
export const WHOLE_QUOTE_MAX = 100;

/** One choice the user could make: choosing an option, or "none" in an optional radio group. */
export interface Candidate {
  /** `o:<option key>` or `n:<feature key>` (the "none" choice). */
  id: string;
  /** The line's options after the click. */
  options: () => SelectedOption[];
}

/** The price effects of one view (one state, one line): candidates by top-level feature, figures once priced. */
export interface Effects {
  groups: Candidate[][];
  /** By candidate id: the signed change (a decimal string), or null when it could not be priced. */
  done: Map<string, string | null>;
  /** The compared total of the quote as it is (undefined until priced; null when it cannot be). */
  baseline: string | null | undefined;
  /** `quote`: the quote total (an optional line's own); `line`: the line's own total, priced alone (a long quote). */
  scope: 'quote' | 'line';
}

export const optionCandidate = (key: string): string => `o:${key}`;
export const noneCandidate = (featureKey: string): string => `n:${featureKey}`;

/** Every choice the user could make on line `lineId`, grouped by top-level feature. */
export function effectsOf(quote: Quote, lineId: string, config: ConfigState): Effects {
  const raw = quote.lines.find((l) => l.id === lineId)?.options as SelectedOption[] | undefined;
  let mine: SelectedOption[] | undefined;
  const base = () => (mine ??= userOptions(config.selection.options, config.features, raw));
  const groups = config.features.map((top) => {
    const out: Candidate[] = [];
    const walk = (f: FeatureState, path: string): void => {
      const at = path ? path.split('/') : [];
      const radio = f.max === 1;
      for (const o of f.options) {
        if (o.selected) {
          for (const nested of o.features ?? []) walk(nested, keyOf(path, o.sku));
        } else if (o.available && !o.hidden) {
          out.push({ id: optionCandidate(keyOf(path, o.sku)), options: () => editLevel(base(), at, (level) => choose(level, f, o.sku, true, radio)) });
        }
      }
      if (radio && f.min === 0 && f.options.some((o) => o.selected)) {
        out.push({ id: noneCandidate(keyOf(path, f.id)), options: () => editLevel(base(), at, (level) => choose(level, f, null, false, radio)) });
      }
    };
    walk(top, '');
    return out;
  });
  return { groups, done: new Map(), baseline: undefined, scope: quote.lines.length > WHOLE_QUOTE_MAX ? 'line' : 'quote' };
}

/** The total a choice is compared on: the quote's (on the price basis), or an optional line's own. */
export function comparedTotal(priced: PricedQuote | undefined, lineId: string, optional: boolean, sum: Sum): string | undefined {
  if (!priced) return undefined;
  if (!optional) return priced.taxMode === 'inclusive' ? priced.totals.total : priced.totals.net;
  const prefix = `${lineId}/`;
  return sum(priced.lines.filter((l) => l.id === lineId || l.id.startsWith(prefix)).map((l) => amountOf(l, priced.taxMode)));
}

/** The quote with only this line: its own fields, and its discount when a percent. */
function alone(quote: Quote, line: Quote['lines'][number]): Quote {
  const { discount, ...rest } = quote;
  return { ...rest, lines: [line], ...(discount && 'percent' in discount ? { discount } : {}) };
}


/**
 * The what-ifs stay out of the memo of incremental re-pricing: a choice priced once per state
 * would otherwise fill it and push out the lines of the quote being edited (a 10,000-line quote
 * fills one of its two generations), making the next real edit a cold pricing.
 */
const NO_MEMO = { memo: false } as const;

/** What the configurator prices with. */
export interface Pricer {
  preview(quote: Quote, options?: { memo?: boolean }): PricedQuote | undefined;
  sum: Sum;
}

/**
 * Price the candidates of `groups` (indexes into `effects.groups`) that have no figure yet, until
 * `deadline` (a `performance.now()` time) passes; true when all of them are done.
 */
export function priceSome(effects: Effects, groups: Iterable<number>, whole: Quote, lineId: string, config: ConfigState, api: Pricer, deadline: number): boolean {
  const line = whole.lines.find((l) => l.id === lineId);
  const quote = effects.scope === 'line' && line ? alone(whole, line) : whole;
  const optional = line?.optional === true || effects.scope === 'line';
  for (const g of groups) {
    for (const c of effects.groups[g] ?? []) {
      if (effects.done.has(c.id)) continue;
      if (performance.now() > deadline) return false;
      if (effects.baseline === undefined) effects.baseline = comparedTotal(api.preview(quote, NO_MEMO), lineId, optional, api.sum) ?? null;
      const after = effects.baseline === null ? undefined
        : comparedTotal(api.preview(applySelection(quote, lineId, { ...config.selection, options: c.options() }), NO_MEMO), lineId, optional, api.sum);
      effects.done.set(c.id, after === undefined || effects.baseline === null ? null : (api.sum([after, negate(effects.baseline)]) ?? null));
    }
  }
  return true;
}
