import { factUses, type FactUses } from '../../core/logic-reads.js';
import type { Severity, ValidationError, ValidationResult } from '../../types.js';

/** Most problems listed in one result; the rest are counted in a final entry. */
export const MAX_REPORTED = 1000;

/**
 * Collects problems in the order they are found. Past `MAX_REPORTED` entries it only counts, so a
 * catalog with a million mistakes costs no more memory than one with a thousand.
 */
export class Report {
  private readonly entries: ValidationError[] = [];
  /**
   * JsonLogic expressions (objects and arrays) that `logic` accepted in this validation: the
   * catalog's preparation, which runs inside the same validation, need not check them again.
   */
  readonly logicOk = new Set<unknown>();
  /**
   * What the configuration rules' accepted expressions read (`factUses`), found once by the
   * structural check of their SKUs and taken by the catalog's preparation, which needs the same:
   * one walk of each expression where there were two. By use: `truth` for `when`, `value` for `qty`.
   */
  readonly uses = { truth: new Map<unknown, FactUses>(), value: new Map<unknown, FactUses>() };
  private omitted = 0;
  private omittedErrors = 0;
  private failed = false;

  /** `factUses(expr, use)`, kept for the preparation (see `uses`). */
  factUses(expr: unknown, use: 'truth' | 'value'): FactUses {
    const kept = this.uses[use];
    let found = kept.get(expr);
    if (!found) kept.set(expr, (found = factUses(expr, use)));
    return found;
  }

  /** Record an error: the catalog cannot be used until it is fixed. */
  error(path: string, message: string): void {
    this.failed = true;
    this.add(path, message, 'error');
  }

  /** Record a warning: likely a mistake, but the catalog still works. */
  warn(path: string, message: string): void {
    this.add(path, message, 'warning');
  }

  /** The entries in the order found, plus one counting any left out. */
  result(): ValidationResult {
    const errors = this.entries.slice();
    if (this.omitted > 0) {
      const what = this.omittedErrors > 0
        ? `${this.omittedErrors} error${this.omittedErrors === 1 ? '' : 's'} and ${this.omitted - this.omittedErrors} warning${this.omitted - this.omittedErrors === 1 ? '' : 's'}`
        : `${this.omitted} warning${this.omitted === 1 ? '' : 's'}`;
      errors.push({
        path: '',
        message: `${this.omitted} more problem${this.omitted === 1 ? ' was' : 's were'} found but not listed (${what}); only the first ${MAX_REPORTED} are shown`,
        severity: this.omittedErrors > 0 ? 'error' : 'warning',
      });
    }
    return { ok: !this.failed, errors };
  }

  private add(path: string, message: string, severity: Severity): void {
    if (this.entries.length < MAX_REPORTED) {
      this.entries.push({ path, message, severity });
      return;
    }
    this.omitted++;
    if (severity === 'error') this.omittedErrors++;
  }
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
/** Keys already seen to be identifiers: the contract's few field names, tested once each. */
const IDENTS = new Set<string>();

/** The path of a property: `a.b`, or `a["odd key"]` when the key is not an identifier. */
export function at(path: string, key: string): string {
  if (IDENTS.has(key) || (IDENT.test(key) && (IDENTS.size < 500 ? IDENTS.add(key) : true))) {
    return path === '' ? key : `${path}.${key}`;
  }
  return `${path}[${JSON.stringify(key)}]`;
}

/** The path of an array element: `a[3]`. */
export function item(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** Quote a string for a message, shortened like `describe` does. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
}

/** "a", "a or b", "a, b or c" with each quoted. */
export function choices(values: readonly string[]): string {
  const q = values.map((v) => JSON.stringify(v));
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}
