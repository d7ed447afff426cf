import { isRecord, own, soleKey } from '../../core/object.js';
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
    if (logicOk(r, when)) checkSelected(r, ix, when, rp, 'when');
    else logic(r, when, at(rp, 'when'));
    const targets = own(rule, 'targets');
    if ((kind !== 'validate' || targets !== undefined) && !knownSkuList(ix, targets)) {
      skuList(r, ix, targets, at(rp, 'targets'), kind !== undefined && kind !== 'validate', true);
    }
    const severity = own(rule, 'severity');
    if (severity !== undefined && severity !== 'error' && severity !== 'warning') oneOf(r, severity, at(rp, 'severity'), ['error', 'warning']);
    const qty = own(rule, 'qty');
    if (kind === 'setQty' || qty !== undefined) {
      if (logicOk(r, qty)) checkSelected(r, ix, qty, rp, 'qty');
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

/** Operators whose later arguments see each element of the first as their data, not the facts. */
const SCOPED = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);

/**
 * Report `{"var": "selected.<SKU>"}` (and `missing`) names that match no product. Runs only on
 * expressions checkLogic accepted, and walks them with an explicit stack, so depth is no risk.
 */
function checkSelected(r: Report, ix: CatalogIndex, expr: unknown, rp: string, field: string): void {
  if (!ix.productsKnown) return;
  const path = new LazyPath(rp, field);
  // SKUs reported for this expression; made for the first one (most rules have none).
  let reported: Set<string> | undefined;
  const stack: unknown[] = [expr];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let k = node.length - 1; k >= 0; k--) stack.push(node[k]);
      continue;
    }
    if (!isRecord(node)) continue;
    const op = soleKey(node);
    if (op === undefined) continue;
    const arg = node[op];
    if (op === 'var') {
      const name: unknown = Array.isArray(arg) ? arg[0] : arg;
      if (typeof name === 'string') reported = checkSelectedName(r, ix, name, path, reported);
      else stack.push(name);
    } else if (op === 'missing') {
      const names: unknown[] = Array.isArray(arg) ? arg : [arg];
      for (let k = 0; k < names.length; k++) {
        const name = names[k];
        if (typeof name === 'string') reported = checkSelectedName(r, ix, name, path, reported);
        else stack.push(name);
      }
    } else if (op === 'missing_some' && Array.isArray(arg) && Array.isArray(arg[1])) {
      const names: unknown[] = arg[1];
      for (let k = 0; k < names.length; k++) {
        const name = names[k];
        if (typeof name === 'string') reported = checkSelectedName(r, ix, name, path, reported);
      }
    } else if (SCOPED.has(op) && Array.isArray(arg)) {
      stack.push(arg[0]);
    } else {
      stack.push(arg);
    }
  }
}

/** Report a `selected.<SKU>` name whose SKU no product has (once per SKU); returns the reported set. */
/** `at(rp, field)`, made when the first problem is reported. */
class LazyPath {
  private text: string | undefined;
  constructor(private readonly rp: string, private readonly field: string) {}
  toString(): string {
    return (this.text ??= at(this.rp, this.field));
  }
}

function checkSelectedName(r: Report, ix: CatalogIndex, name: string, path: LazyPath, reported: Set<string> | undefined): Set<string> | undefined {
  if (!name.startsWith('selected.')) return reported;
  const rest = name.slice('selected.'.length);
  const dot = rest.indexOf('.');
  const sku = dot < 0 ? rest : rest.slice(0, dot);
  if (ix.skus.has(sku) || ix.skus.has(rest) || reported?.has(sku)) return reported;
  (reported ??= new Set()).add(sku);
  r.error(path.toString(), `unknown SKU in rule: ${quote(name)} refers to ${quote(sku)}, and no product has that SKU${skuHint(ix, sku)}`);
  return reported;
}
