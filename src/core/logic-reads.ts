import { isRecord } from './object.js';

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
  const keys = Object.keys(e);
  if (keys.length !== 1) return true;
  const op = keys[0]!;
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
