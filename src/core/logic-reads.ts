import { isRecord, soleKey } from './object.js';

/**
 * Which `selected.<SKU>` facts a JsonLogic expression can read, found by walking it once.
 * Returns null when it may read any of them: a `var` of `selected` itself, of a computed
 * name, of the whole data (`""`), or a path inside an array operation's own scope that
 * cannot be known statically. Other facts (qty, term, attributes, sku, quote) do not change
 * while one product is configured, so they are not tracked.
 */
export function selectedReads(exprs: readonly unknown[]): ReadonlySet<string> | null {
  const out = new Set<string>();
  for (const e of exprs) if (!walk(e, out, 0, name)) return null;
  return out;
}

/**
 * Every fact path (`var` name, as written) a JsonLogic expression can read, or null when it
 * may read any (a computed name, the whole data `""`, an array operation's scope).
 */
export function factReads(exprs: readonly unknown[]): ReadonlySet<string> | null {
  const out = new Set<string>();
  for (const e of exprs) if (!walk(e, out, 0, anyName)) return null;
  return out;
}

type Namer = (path: unknown, out: Set<string>) => boolean;

function anyName(path: unknown, out: Set<string>): boolean {
  if (typeof path === 'number') {
    out.add(String(path));
    return true;
  }
  if (typeof path !== 'string' || path === '') return false;
  out.add(path);
  return true;
}

const PREFIX = 'selected.';

function name(path: unknown, out: Set<string>): boolean {
  if (typeof path === 'number') return true;
  if (typeof path !== 'string') return false;
  if (path === '' || path === 'selected') return false;
  if (path.startsWith(PREFIX)) {
    const rest = path.slice(PREFIX.length);
    // Dotted SKUs are ambiguous with paths: treat `selected.A.B` as reading `A.B` and `A`.
    out.add(rest);
    const dot = rest.indexOf('.');
    if (dot >= 0) out.add(rest.slice(0, dot));
  }
  return true;
}

// Plain loops rather than `every` with a closure: this runs once per condition when a catalog
// is prepared, before anything is optimized. `every` skips the holes of a sparse array; so do these.
function walk(e: unknown, out: Set<string>, depth: number, name: Namer): boolean {
  if (depth > 64) return false;
  if (Array.isArray(e)) {
    for (let i = 0; i < e.length; i++) {
      const x: unknown = e[i];
      if ((x !== undefined || i in e) && !walk(x, out, depth + 1, name)) return false;
    }
    return true;
  }
  if (!isRecord(e)) return true;
  const op = soleKey(e);
  if (op === undefined) return true;
  const arg = e[op];
  if (op === 'var') {
    const path = Array.isArray(arg) ? arg[0] : arg;
    if (Array.isArray(arg) && arg.length > 1 && !walk(arg[1], out, depth + 1, name)) return false;
    return name(path, out);
  }
  if (op === 'missing' || op === 'missing_some') {
    const list = op === 'missing_some' && Array.isArray(arg) ? arg[1] : arg;
    if (op === 'missing_some' && Array.isArray(arg) && !walk(arg[0], out, depth + 1, name)) return false;
    if (!Array.isArray(list)) return name(list, out);
    for (let i = 0; i < list.length; i++) {
      const n: unknown = list[i];
      if ((n !== undefined || i in list) && !name(n, out)) return false;
    }
    return true;
  }
  if (op === 'filter' || op === 'map' || op === 'reduce' || op === 'all' || op === 'none' || op === 'some') {
    // The body runs on each element, not on the facts: only the collection reads the facts.
    const args = Array.isArray(arg) ? arg : [arg];
    return walk(args[0], out, depth + 1, name) && (op !== 'reduce' || walk(args[2], out, depth + 1, name));
  }
  return walk(arg, out, depth + 1, name);
}

/**
 * How a rule reads a fact. In a condition, `selected.<SKU>` is only ever tested for being
 * there (an option's quantity is above zero): a setQty rule that changes that quantity does
 * not change the test. Read as a value (compared, added, returned by `qty`), the quantity
 * matters too.
 */
export type Use = 'truth' | 'value';

export interface FactRead {
  /** The fact's name; undefined when it is computed (`{"var": {"cat": …}}`). */
  name: string | undefined;
  use: Use;
}

/** What `factUses` finds in one walk of an expression. */
export interface FactUses {
  /** The facts read, each with how it is used, in the walk's order (see `factUses`). */
  reads: FactRead[];
  /** `selectedReads([expr])`: the option SKUs whose selection it reads, or null for any. */
  selected: Set<string> | null;
}

/** Operators whose later arguments see each element of the first, not the facts. */
const SCOPED = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);

/**
 * The facts an expression reads with how each is used (`use`: how the whole expression is
 * used), and at the same time what `selectedReads` gives for it: one walk of the expression
 * where a catalog's preparation and its configuration checks walked it twice. Walks with an
 * explicit stack (depth is no risk), in plain loops over parallel stacks: this runs once per
 * rule on a catalog's first use, before anything is optimized, so every allocation counts.
 * The order of `reads` is the stack's (the configuration checks report in that order).
 */
export function factUses(expr: unknown, use: Use): FactUses {
  const out: FactRead[] = [];
  const acc: SelectedAcc = { selected: new Set<string>() };
  const nodes: unknown[] = [expr];
  const uses: Use[] = [use];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const u = uses.pop()!;
    if (Array.isArray(node)) {
      // An array literal: its elements are values, whatever the array is used for.
      for (let i = 0; i < node.length; i++) {
        nodes.push(node[i]);
        uses.push('value');
      }
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const op = soleKey(node);
    if (op === undefined) continue;
    const arg = (node as Record<string, unknown>)[op];
    const args = Array.isArray(arg) ? arg : [arg];
    const n = args.length;
    switch (op) {
      case 'var':
        selectedName(acc, args[0]);
        readName(out, nodes, uses, args[0], u);
        if (n > 1) {
          nodes.push(args[1]);
          uses.push(u);
        }
        break;
      case 'missing':
        selectedList(acc, arg);
        // `missing` only asks whether the names are there.
        for (let i = 0; i < n; i++) {
          const a: unknown = args[i];
          if (Array.isArray(a)) for (let j = 0; j < a.length; j++) readName(out, nodes, uses, a[j], 'truth');
          else readName(out, nodes, uses, a, 'truth');
        }
        break;
      case 'missing_some': {
        selectedList(acc, Array.isArray(arg) ? arg[1] : arg);
        nodes.push(args[0]);
        uses.push('value');
        const list: unknown = args[1];
        if (Array.isArray(list)) for (let j = 0; j < list.length; j++) readName(out, nodes, uses, list[j], 'truth');
        else readName(out, nodes, uses, list, 'truth');
        break;
      }
      case '!!':
      case '!':
        for (let i = 0; i < n; i++) {
          nodes.push(args[i]);
          uses.push('truth');
        }
        break;
      case 'and':
      case 'or':
        for (let i = 0; i < n; i++) {
          nodes.push(args[i]);
          uses.push(u);
        }
        break;
      case 'if':
      case '?:':
        for (let i = 0; i < n; i++) {
          nodes.push(args[i]);
          uses.push(i % 2 === 0 && i < n - 1 ? 'truth' : u);
        }
        break;
      default:
        if (SCOPED.has(op)) {
          // The body runs on each element, not on the facts: only the collection reads the facts.
          nodes.push(args[0]);
          uses.push('value');
          if (op === 'reduce' && n > 2) {
            nodes.push(args[2]);
            uses.push('value');
          }
        } else {
          for (let i = 0; i < n; i++) {
            nodes.push(args[i]);
            uses.push('value');
          }
        }
    }
  }
  return { reads: out, selected: acc.selected };
}

/** The selected SKUs read so far; null once the expression may read any. */
interface SelectedAcc {
  selected: Set<string> | null;
}

/** `name` (selectedReads) of one `var` path: a selected SKU, nothing, or "any". */
function selectedName(acc: SelectedAcc, path: unknown): void {
  if (acc.selected !== null && !name(path, acc.selected)) acc.selected = null;
}

/** `selectedReads` of a `missing` list (or `missing_some`'s second argument). */
function selectedList(acc: SelectedAcc, list: unknown): void {
  if (acc.selected === null) return;
  if (!Array.isArray(list)) {
    selectedName(acc, list);
    return;
  }
  for (let i = 0; i < list.length; i++) {
    const n: unknown = list[i];
    if ((n !== undefined || i in list) && !name(n, acc.selected)) {
      acc.selected = null;
      return;
    }
  }
}

/** One name a `var` or `missing` reads; a computed one is read as a value, and walked. */
function readName(out: FactRead[], nodes: unknown[], uses: Use[], n: unknown, u: Use): void {
  if (typeof n === 'string') out.push({ name: n, use: u });
  else if (typeof n === 'number') out.push({ name: String(n), use: u });
  else if (n !== null && n !== undefined) {
    out.push({ name: undefined, use: u });
    nodes.push(n);
    uses.push('value');
  }
}
