import { localize } from '../core/text.js';
import type { Catalog, LocalizedText } from '../types.js';

/**
 * Display names for the codes a catalog uses — approval levels, product categories, approval and
 * price rules — in the reader's language (the catalog's own names, `approvalLevels`, `categories`
 * and each rule's `name`, are extensions). A code is shown only where nothing names it.
 */

/** Names for the approval levels the quote service knows by default (manager < director < vp) and finance. */
const LEVELS: Record<string, Record<'zh-CN' | 'en', string>> = {
  manager: { 'zh-CN': '销售经理', en: 'Sales manager' },
  director: { 'zh-CN': '销售总监', en: 'Sales director' },
  vp: { 'zh-CN': '销售副总裁', en: 'Sales VP' },
  finance: { 'zh-CN': '财务', en: 'Finance' },
};

/** The rule pricing adds for a line below its floor price (it has no catalog entry). */
const BELOW_FLOOR: Record<'zh-CN' | 'en', string> = { 'zh-CN': '低于底价', en: 'Below the floor price' };

const lang = (locale: string): 'zh-CN' | 'en' => (/^zh\b/i.test(locale) ? 'zh-CN' : 'en');

function named(list: readonly { id: string; name?: LocalizedText }[] | undefined, id: string, catalog: Catalog | undefined, locale: string): string {
  const entry = Array.isArray(list) ? list.find((e) => e?.id === id) : undefined;
  return entry?.name !== undefined ? localize(entry.name, locale, catalog?.locale) : '';
}

/** An approval level's name: the catalog's `approvalLevels`, else the kit's own for its default levels, else the code. */
export function levelName(catalog: Catalog | undefined, level: string, locale: string): string {
  return named(catalog?.approvalLevels, level, catalog, locale) || LEVELS[level]?.[lang(locale)] || level;
}

/** A product category's name: the catalog's `categories`, else the code. */
export function categoryName(catalog: Catalog | undefined, category: string, locale: string): string {
  return named(catalog?.categories, category, catalog, locale) || category;
}

/** An approval rule's name (`below-floor` included); '' when the catalog gives it none. */
export function approvalRuleName(catalog: Catalog | undefined, ruleId: string, locale: string): string {
  if (ruleId === 'below-floor') return BELOW_FLOOR[lang(locale)];
  return named(catalog?.approvalRules, ruleId, catalog, locale);
}

/** A price rule's name, else its id. */
export function priceRuleName(catalog: Catalog | undefined, ruleId: string, locale: string): string {
  return named(catalog?.priceRules, ruleId, catalog, locale) || ruleId;
}
