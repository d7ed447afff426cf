import { compileLogic, truthy } from './compile-logic.js';
import { isRecord, soleKey } from './object.js';

/** Deepest JsonLogic expression accepted; deeper ones are refused before evaluation. */
export const MAX_LOGIC_DEPTH = 64;

/** A condition compiled once per catalog: returns true/false, never throws. */
export type Condition = (facts: unknown) => boolean;

/** Check that a value is well-formed JsonLogic with known operators; returns a message or null. */
export function checkLogic(rule: unknown, depth = 0): string | null {
  if (depth > MAX_LOGIC_DEPTH) return `is nested deeper than ${MAX_LOGIC_DEPTH} levels`;
  if (Array.isArray(rule)) {
    // An indexed loop, not for…of: no iterator results to collect on a catalog's first use.
    // Holes read as undefined, as the iterator gives them.
    for (let i = 0; i < rule.length; i++) {
      const m = checkLogic(rule[i], depth + 1);
      if (m) return m;
    }
    return null;
  }
  if (!isRecord(rule)) return null;
  const op = soleKey(rule);
  if (op === undefined) {
    return `must be a JsonLogic expression with exactly one operator, found ${Object.keys(rule).length} keys`;
  }
  if (!KNOWN_OPS.has(op)) return `uses the unknown JsonLogic operator ${JSON.stringify(op)}`;
  return checkLogic(rule[op], depth + 1);
}

/**
 * json-logic-js's standard operators and control structures. `method` (calls any method of
 * the data) and `log` (writes to the console) are left out on purpose: catalogs are untrusted.
 */
const KNOWN_OPS = new Set([
  '==', '===', '!=', '!==', '>', '>=', '<', '<=', '!!', '!', '%', 'in', 'cat', 'substr',
  '+', '*', '-', '/', 'min', 'max', 'merge', 'var', 'missing', 'missing_some', 'if', '?:',
  'and', 'or', 'filter', 'map', 'reduce', 'all', 'none', 'some',
]);

/**
 * Compile a condition. Absent (`undefined`) means "always". A rule that fails `checkLogic`
 * never holds. Evaluation errors (for example a rule comparing against missing data) count
 * as "does not hold". Otherwise the condition holds when the rule's value is truthy in
 * json-logic-js's sense (an empty array is false). The rule is compiled once into closures
 * (src/core/compile-logic.ts) that give exactly json-logic-js's `apply` results.
 *
 * `checked`: expressions `checkLogic` has just accepted (by the validation that prepares the
 * catalog), which are not checked again.
 */
export function compileCondition(rule: unknown, checked?: ReadonlySet<unknown>): Condition {
  if (rule === undefined) return () => true;
  if (!checked?.has(rule) && checkLogic(rule) !== null) return () => false;
  const compiled = compileLogic(rule);
  return (facts) => {
    try {
      return truthy(compiled(facts));
    } catch {
      return false;
    }
  };
}

/**
 * Compile a value expression (for example a `setQty` rule's `qty`): the rule's value as
 * json-logic-js's `apply` gives it. Absent gives undefined; a rule that fails `checkLogic`
 * always gives undefined, and so does an evaluation that throws.
 */
export function compileExpression(rule: unknown, checked?: ReadonlySet<unknown>): (facts: unknown) => unknown {
  if (rule === undefined || (!checked?.has(rule) && checkLogic(rule) !== null)) return () => undefined;
  const compiled = compileLogic(rule);
  return (facts) => {
    try {
      return compiled(facts);
    } catch {
      return undefined;
    }
  };
}
