import { isRecord, own } from '../../core/object.js';
import { describe } from '../../core/parse.js';
import { skuHint, skuList, type CatalogIndex } from './catalog-index.js';
import { fields, knownKeys, list, localized, logic, oneOf, text, uniqueId } from './fields.js';
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
    uniqueId(r, seen, own(rule, 'id'), at(rp, 'id'), i, 'rules', 'rule id');
    const kind = oneOf(r, own(rule, 'kind'), at(rp, 'kind'), KINDS, true);
    const products = own(rule, 'products');
    if (products !== undefined) skuList(r, ix, products, at(rp, 'products'), false, true);
    const when = own(rule, 'when');
    if (when !== undefined) {
      const wp = at(rp, 'when');
      if (logic(r, when, wp)) checkSelected(r, ix, when, wp);
    }
    const targets = own(rule, 'targets');
    if (kind !== 'validate' || targets !== undefined) {
      skuList(r, ix, targets, at(rp, 'targets'), kind !== undefined && kind !== 'validate', true);
    }
    oneOf(r, own(rule, 'severity'), at(rp, 'severity'), ['error', 'warning']);
    const qty = own(rule, 'qty');
    if (kind === 'setQty' || qty !== undefined) {
      const qp = at(rp, 'qty');
      if (logic(r, qty, qp, kind === 'setQty')) checkSelected(r, ix, qty, qp);
      if (qty !== undefined && kind !== undefined && kind !== 'setQty') r.warn(at(rp, 'qty'), `is only used by setQty rules; this rule's kind is ${quote(kind)}`);
    }
    const message = own(rule, 'message');
    localized(r, message, at(rp, 'message'));
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
function checkSelected(r: Report, ix: CatalogIndex, expr: unknown, path: string): void {
  if (!ix.productsKnown) return;
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
    const keys = Object.keys(node);
    if (keys.length !== 1) continue;
    const op = keys[0]!;
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
function checkSelectedName(r: Report, ix: CatalogIndex, name: string, path: string, reported: Set<string> | undefined): Set<string> | undefined {
  if (!name.startsWith('selected.')) return reported;
  const rest = name.slice('selected.'.length);
  const dot = rest.indexOf('.');
  const sku = dot < 0 ? rest : rest.slice(0, dot);
  if (ix.skus.has(sku) || ix.skus.has(rest) || reported?.has(sku)) return reported;
  (reported ??= new Set()).add(sku);
  r.error(path, `unknown SKU in rule: ${quote(name)} refers to ${quote(sku)}, and no product has that SKU${skuHint(ix, sku)}`);
  return reported;
}
