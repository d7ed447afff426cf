import { isRecord, own } from '../../core/object.js';
import { describe } from '../../core/parse.js';
import { knownSkuList, skuHint, skuList, type CatalogIndex } from './catalog-index.js';
import { fields, knownKeys, list, localized, localizedOk, logic, logicOk, oneOf, text, uniqueId } from './fields.js';
import { at, item, quote, type Report } from './report.js';

const RULE = fields('id', 'kind', 'products', 'when', 'targets', 'severity', 'qty', 'message');
const KINDS = ['requires', 'excludes', 'validate', 'autoSelect', 'hide', 'setQty'] as const;
const APPROVAL = fields('id', 'name', 'level', 'when', 'message');

/** Check configuration rules (`rules`). */
export function checkConfigRules(r: Report, ix: CatalogIndex, value: unknown): void {
  const items = list(r, value, 'rules', 'configuration rules such as {"id": "…", "kind": "requires", "when": {…}, "targets": ["…"]}');
  const seen = new Map<string, number>();
  items?.forEach((rule, i) => {
    const rp = item('rules', i);
    if (!isRecord(rule)) {
      r.error(rp, `must be a rule object {"id", "kind", …}, got ${describe(rule)}`);
      return;
    }
    knownKeys(r, rule, rp, RULE);
    // Each field that is plainly right is passed without making its path: a catalog has a
    // thousand rules, checked once, before anything is optimized. The rest are checked in full.
    const id = own(rule, 'id');
    if (typeof id === 'string' && id !== '' && !seen.has(id)) seen.set(id, i);
    else uniqueId(r, seen, id, at(rp, 'id'), i, 'rules', 'rule id');
    const rawKind = own(rule, 'kind');
    const kind = typeof rawKind === 'string' && (KINDS as readonly string[]).includes(rawKind)
      ? (rawKind as (typeof KINDS)[number])
      : oneOf(r, rawKind, at(rp, 'kind'), KINDS, true);
    const products = own(rule, 'products');
    if (products !== undefined) skuList(r, ix, products, at(rp, 'products'), false, true);
    const when = own(rule, 'when');
    if (logicOk(r, when)) checkSelected(r, ix, when, rp, 'when', 'truth');
    else logic(r, when, at(rp, 'when'));
    const targets = own(rule, 'targets');
    if ((kind !== 'validate' || targets !== undefined) && !knownSkuList(ix, targets)) {
      skuList(r, ix, targets, at(rp, 'targets'), kind !== undefined && kind !== 'validate', true);
    }
    const severity = own(rule, 'severity');
    if (severity !== undefined && severity !== 'error' && severity !== 'warning') oneOf(r, severity, at(rp, 'severity'), ['error', 'warning']);
    const qty = own(rule, 'qty');
    if (kind === 'setQty' || qty !== undefined) {
      if (logicOk(r, qty)) checkSelected(r, ix, qty, rp, 'qty', 'value');
      else logic(r, qty, at(rp, 'qty'), kind === 'setQty');
      if (qty !== undefined && kind !== undefined && kind !== 'setQty') r.warn(at(rp, 'qty'), `is only used by setQty rules; this rule's kind is ${quote(kind)}`);
    }
    const message = own(rule, 'message');
    if (!localizedOk(message)) localized(r, message, at(rp, 'message'));
    if (kind === 'validate' && message === undefined) r.warn(at(rp, 'message'), 'a validate rule should have a message: it is what the person configuring sees');
  });
}

/** Check approval rules (`approvalRules`). */
export function checkApprovalRules(r: Report, value: unknown): void {
  const items = list(r, value, 'approvalRules', 'approval rules such as {"id": "…", "level": "manager", "when": {…}}');
  const seen = new Map<string, number>();
  items?.forEach((rule, i) => {
    const rp = item('approvalRules', i);
    if (!isRecord(rule)) {
      r.error(rp, `must be an approval rule object {"id", "level", "when", "message"?}, got ${describe(rule)}`);
      return;
    }
    knownKeys(r, rule, rp, APPROVAL);
    uniqueId(r, seen, own(rule, 'id'), at(rp, 'id'), i, 'approvalRules', 'approval rule id');
    text(r, own(rule, 'level'), at(rp, 'level'), true);
    logic(r, own(rule, 'when'), at(rp, 'when'), true);
    localized(r, own(rule, 'message'), at(rp, 'message'));
    localized(r, own(rule, 'name'), at(rp, 'name'));
  });
}

/**
 * Report `{"var": "selected.<SKU>"}` (and `missing`, `missing_some`) names that match no product.
 * Runs only on expressions checkLogic accepted, over the names `factUses` finds in them (every
 * name the expression reads, computed ones' parts and defaults included), which the catalog's
 * preparation takes from the report: the expression is walked once for both.
 */
function checkSelected(r: Report, ix: CatalogIndex, expr: unknown, rp: string, field: string, use: 'truth' | 'value'): void {
  const { reads } = r.factUses(expr, use);
  if (!ix.productsKnown) return;
  // SKUs reported for this expression; made for the first one (most rules have none).
  let reported: Set<string> | undefined;
  for (let k = 0; k < reads.length; k++) {
    const name = reads[k]!.name;
    if (name !== undefined) reported = checkSelectedName(r, ix, name, rp, field, reported);
  }
}

/** Report a `selected.<SKU>` name whose SKU no product has (once per SKU, at `rp`.`field`); returns the reported set. */
function checkSelectedName(r: Report, ix: CatalogIndex, name: string, rp: string, field: string, reported: Set<string> | undefined): Set<string> | undefined {
  if (!name.startsWith('selected.')) return reported;
  const rest = name.slice('selected.'.length);
  const dot = rest.indexOf('.');
  const sku = dot < 0 ? rest : rest.slice(0, dot);
  if (ix.skus.has(sku) || ix.skus.has(rest) || reported?.has(sku)) return reported;
  (reported ??= new Set()).add(sku);
  r.error(at(rp, field), `unknown SKU in rule: ${quote(name)} refers to ${quote(sku)}, and no product has that SKU${skuHint(ix, sku)}`);
  return reported;
}
