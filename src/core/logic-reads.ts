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
  selected = new Set<string>();
  // The stacks are shared by every call (the walk never re-enters itself): nothing to allocate
  // or grow per expression. `top` is their height; entries above it are stale.
  const nodes = stackNodes;
  const uses = stackUses;
  nodes[0] = expr;
  uses[0] = use;
  top = 1;
  while (top > 0) {
    top--;
    const node = nodes[top];
    const u = uses[top]!;
    nodes[top] = undefined;
    if (Array.isArray(node)) {
      // An array literal: its elements are values, whatever the array is used for.
      for (let i = 0; i < node.length; i++) push(node[i], 'value');
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const op = soleKey(node);
    if (op === undefined) continue;
    const arg = (node as Record<string, unknown>)[op];
    // The arguments: `arg` itself when it is not an array (read as a list of one), without making that list.
    const list = Array.isArray(arg) ? (arg as unknown[]) : undefined;
    const n = list ? list.length : 1;
    switch (op) {
      case 'var': {
        const name = list ? list[0] : arg;
        selectedName(name);
        readName(out, name, u);
        if (n > 1) push(list![1], u);
        break;
      }
      case 'missing':
        selectedList(arg);
        // `missing` only asks whether the names are there.
        for (let i = 0; i < n; i++) {
          const a: unknown = list ? list[i] : arg;
          if (Array.isArray(a)) for (let j = 0; j < a.length; j++) readName(out, a[j], 'truth');
          else readName(out, a, 'truth');
        }
        break;
      case 'missing_some': {
        selectedList(list ? list[1] : arg);
        push(list ? list[0] : arg, 'value');
        const names: unknown = list ? list[1] : undefined;
        if (Array.isArray(names)) for (let j = 0; j < names.length; j++) readName(out, names[j], 'truth');
        else readName(out, names, 'truth');
        break;
      }
      case '!!':
      case '!':
        for (let i = 0; i < n; i++) push(list ? list[i] : arg, 'truth');
        break;
      case 'and':
      case 'or':
        for (let i = 0; i < n; i++) push(list ? list[i] : arg, u);
        break;
      case 'if':
      case '?:':
        for (let i = 0; i < n; i++) push(list ? list[i] : arg, i % 2 === 0 && i < n - 1 ? 'truth' : u);
        break;
      default:
        if (SCOPED.has(op)) {
          // The body runs on each element, not on the facts: only the collection reads the facts.
          push(list ? list[0] : arg, 'value');
          if (op === 'reduce' && n > 2) push(list![2], 'value');
        } else {
          for (let i = 0; i < n; i++) push(list ? list[i] : arg, 'value');
        }
    }
  }
  const found = selected;
  selected = null;
  return { reads: out, selected: found };
}

/** `factUses`'s stacks (nodes and their uses, in parallel) and their height. */
const stackNodes: unknown[] = [];
const stackUses: Use[] = [];
let top = 0;

function push(node: unknown, use: Use): void {
  stackNodes[top] = node;
  stackUses[top] = use;
  top++;
}

/** The selected SKUs the running `factUses` has found; null once the expression may read any. */
let selected: Set<string> | null = null;

/** `name` (selectedReads) of one `var` path: a selected SKU, nothing, or "any". */
function selectedName(path: unknown): void {
  if (selected !== null && !name(path, selected)) selected = null;
}

/** `selectedReads` of a `missing` list (or `missing_some`'s second argument). */
function selectedList(list: unknown): void {
  if (selected === null) return;
  if (!Array.isArray(list)) {
    selectedName(list);
    return;
  }
  for (let i = 0; i < list.length; i++) {
    const n: unknown = list[i];
    if ((n !== undefined || i in list) && !name(n, selected)) {
      selected = null;
      return;
    }
  }
}

/** One name a `var` or `missing` reads; a computed one is read as a value, and walked. */
function readName(out: FactRead[], n: unknown, u: Use): void {
  if (typeof n === 'string') out.push({ name: n, use: u });
  else if (typeof n === 'number') out.push({ name: String(n), use: u });
  else if (n !== null && n !== undefined) {
    out.push({ name: undefined, use: u });
    push(n, 'value');
  }
}
