import { isRecord, own } from '../../core/object.js';
import { describe } from '../../core/parse.js';
import type { CatalogIndex } from './catalog-index.js';
import { fields, knownKeys, list, localized, uniqueId } from './fields.js';
import { at, item, quote, type Report } from './report.js';

/**
 * The display-name lists of the catalog (extensions): `approvalLevels` and `categories`, each
 * `[{ id, name? }]`. When a list is given, a code the catalog uses but the list leaves out is a
 * warning: the elements would have to show that code to people.
 */

const NAMED = fields('id', 'name');

/** Check a `[{ id, name? }]` list; the ids it names (undefined when the list is absent or not a list). */
function namedCodes(r: Report, value: unknown, path: string, what: string): Set<string> | undefined {
  const items = list(r, value, path, `${what} such as {"id": "…", "name": {"zh-CN": "…", "en": "…"}}`);
  if (!items) return undefined;
  const seen = new Map<string, number>();
  items.forEach((entry, i) => {
    const p = item(path, i);
    if (!isRecord(entry)) {
      r.error(p, `must be an object {"id", "name"?}, got ${describe(entry)}`);
      return;
    }
    knownKeys(r, entry, p, NAMED);
    uniqueId(r, seen, own(entry, 'id'), at(p, 'id'), i, path);
    localized(r, own(entry, 'name'), at(p, 'name'));
    if (own(entry, 'name') === undefined) r.warn(p, `has no "name": people are shown the code ${quote(String(own(entry, 'id') ?? ''))}`);
  });
  return new Set(seen.keys());
}

/** `approvalLevels`: every level an approval rule (or `pricing.floorApprovalLevel`) names should be listed. */
export function checkApprovalLevels(r: Report, value: unknown, rules: unknown, floorLevel: unknown): void {
  const known = namedCodes(r, value, 'approvalLevels', 'approval levels');
  if (!known) return;
  const unnamed = (level: unknown, path: string) => {
    if (typeof level === 'string' && level !== '' && !known.has(level)) r.warn(path, `level ${quote(level)} is not in approvalLevels, so it has no display name`);
  };
  if (Array.isArray(rules)) rules.forEach((rule, i) => unnamed(own(rule, 'level'), at(item('approvalRules', i), 'level')));
  unnamed(floorLevel, 'pricing.floorApprovalLevel');
}

/** `categories`: every product category should be listed. */
export function checkCategories(r: Report, ix: CatalogIndex, value: unknown): void {
  const known = namedCodes(r, value, 'categories', 'product categories');
  if (!known) return;
  for (const category of ix.categories) {
    if (!known.has(category)) r.warn('categories', `the product category ${quote(category)} is not listed, so it has no display name`);
  }
}
