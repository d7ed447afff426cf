/**
 * JsonLogic compiled once into nested closures, with json-logic-js 2.0.5's semantics.
 *
 * `compileLogic(rule)(data)` deep-equals `jsonLogic.apply(rule, data)` for every rule and
 * data, and throws where `apply` throws. The rule is walked once: operators are resolved,
 * `var` paths split and constant arguments captured at compile time, so evaluating is a
 * chain of plain calls with no string lookups and, for fixed-arity operators, no arrays.
 * No code is generated (no eval, no Function constructor): the kit runs under a strict CSP.
 *
 * How each operator is reproduced (see node_modules/json-logic-js/logic.js):
 * - arguments are evaluated eagerly, left to right, before the operator runs (including the
 *   ones an operator ignores), except for `if`/`?:`, `and`, `or` and the array operators,
 *   which evaluate lazily exactly as `apply` does;
 * - coercions are JavaScript's own (`==`, `<`, `-a`, `parseFloat`, `Math.min`, `String`),
 *   applied to the same values in the same order, so results and errors are the same;
 * - `var` does the same `data[segment]` lookups `apply` does, prototype chain included
 *   (`__proto__`, `constructor`, …): nothing more, nothing less;
 * - arrays in a rule evaluate each element (a fresh array every time), objects that are not
 *   logic (not exactly one key) pass through by reference, as in `apply`.
 *
 * Anything else falls back to `jsonLogic.apply` on that sub-tree, which is always correct:
 * unknown operators (which throw "Unrecognized operation …"), dotted operator names, `log`
 * and `method` (refused by the kit's `checkLogic` anyway), operations added with
 * `jsonLogic.add_operation`, and rare arities (for example `==` with three arguments,
 * `var` with none, `*` with none).
 */
import jsonLogic from 'json-logic-js';
import { soleKey } from './object.js';

/** A compiled JsonLogic expression: the value `jsonLogic.apply(rule, data)` would give. */
export type Compiled = (data: unknown) => unknown;

/**
 * A value coerced by JavaScript's own operators (`==`, `<`, `-`, `%`, indexing), exactly as
 * json-logic-js does with its untyped arguments.
 */
type Loose = any;

type Make = (args: unknown[], depth: number) => Compiled | undefined;

const apply = jsonLogic.apply as (logic: unknown, data?: unknown) => unknown;
const isArray = Array.isArray;

/**
 * Nesting beyond which a sub-tree is left to `jsonLogic.apply` (which recurses just as
 * deep). Checked rules nest at most 64 levels, well inside this.
 */
const MAX_COMPILE_DEPTH = 512;

/** json-logic-js's `truthy`: JavaScript truthiness, except that an empty array is false. */
export function truthy(value: unknown): boolean {
  return isArray(value) && value.length === 0 ? false : !!value;
}

/** Compile a JsonLogic rule (any JSON value) into a closure over the data. */
export function compileLogic(rule: unknown): Compiled {
  return compile(rule, 0);
}

function compile(node: unknown, depth: number): Compiled {
  if (isArray(node)) return compileArray(node, depth);
  // json-logic-js's `is_logic` (a non-array object with exactly one own enumerable key), with
  // the keys read once: compiling runs on a catalog's first use, before anything is optimized.
  if (typeof node !== 'object' || node === null) return () => node;
  const op = soleKey(node);
  if (op === undefined) return () => node;
  if (depth > MAX_COMPILE_DEPTH) return fallback(node);
  const raw = (node as Record<string, unknown>)[op];
  const args: unknown[] = isArray(raw) ? raw : [raw];
  const make = OPS.get(op);
  return (make && make(args, depth + 1)) ?? fallback(node);
}

/** Values `apply` returns unchanged and that need no coercion to capture. */
function isPrimitive(x: unknown): x is string | number | boolean | null | undefined | bigint | symbol {
  return x === null || (typeof x !== 'object' && typeof x !== 'function');
}

function fallback(node: unknown): Compiled {
  return (data) => apply(node, data);
}

function compileArray(node: unknown[], depth: number): Compiled {
  const n = node.length;
  for (let i = 0; i < n; i++) if (!(i in node)) return fallback(node); // sparse: keep map's holes
  if (depth > MAX_COMPILE_DEPTH) return fallback(node);
  const fs = node.map((x) => compile(x, depth + 1));
  if (n === 0) return () => [];
  return (data) => {
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = fs[i]!(data);
    return out;
  };
}

/** Each argument compiled; a hole in a sparse argument list is `undefined`, as in `fn.apply`. */
function compileAll(args: unknown[], depth: number): Compiled[] {
  const n = args.length;
  const out = new Array<Compiled>(n);
  for (let i = 0; i < n; i++) out[i] = compile(args[i], depth);
  return out;
}

/** Evaluate every argument, in order, into a fresh array (as `values.map(apply)` does). */
function evalAll(fs: Compiled[], data: unknown): unknown[] {
  const n = fs.length;
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = fs[i]!(data);
  return out;
}

// ---------------------------------------------------------------------------------------
// var

/** json-logic-js's `var`, for a path and default known only at evaluation time. */
function varLookup(a: unknown, b: unknown, data: unknown): unknown {
  const notFound = b === undefined ? null : b;
  if (a === undefined || a === '' || a === null) return data;
  return walk(String(a).split('.'), notFound, data);
}

/** `var` for a path split at compile time and a constant default. */
function getter(segs: string[], notFound: unknown): Compiled {
  const n = segs.length;
  if (n === 1) {
    const k0 = segs[0]!;
    return (data) => {
      if (data === null || data === undefined) return notFound;
      const v = (data as Loose)[k0];
      return v === undefined ? notFound : v;
    };
  }
  if (n === 2) {
    const k0 = segs[0]!;
    const k1 = segs[1]!;
    return (data) => {
      if (data === null || data === undefined) return notFound;
      let v: Loose = (data as Loose)[k0];
      if (v === null || v === undefined) return notFound;
      v = v[k1];
      return v === undefined ? notFound : v;
    };
  }
  if (n === 3) {
    const k0 = segs[0]!;
    const k1 = segs[1]!;
    const k2 = segs[2]!;
    return (data) => {
      if (data === null || data === undefined) return notFound;
      let v: Loose = (data as Loose)[k0];
      if (v === null || v === undefined) return notFound;
      v = v[k1];
      if (v === null || v === undefined) return notFound;
      v = v[k2];
      return v === undefined ? notFound : v;
    };
  }
  return (data) => walk(segs, notFound, data);
}

function walk(segs: string[], notFound: unknown, data: unknown): unknown {
  let v: Loose = data;
  for (let i = 0; i < segs.length; i++) {
    if (v === null || v === undefined) return notFound;
    v = v[segs[i]!];
    if (v === undefined) return notFound;
  }
  return v;
}

/** The getter for a constant `var` path (`""`, `null` → the whole data). */
function constVar(path: unknown, notFound: unknown): Compiled {
  if (path === undefined || path === '' || path === null) return (data) => data;
  return getter(String(path).split('.'), notFound);
}

const compileVar: Make = (args, depth) => {
  if (args.length !== 1 && args.length !== 2) return undefined;
  const pathNode = args[0];
  const defNode = args[1];
  if (isPrimitive(pathNode)) {
    if (isPrimitive(defNode)) return constVar(pathNode, defNode === undefined ? null : defNode);
    const fb = compile(defNode, depth);
    if (pathNode === undefined || pathNode === '' || pathNode === null) {
      return (data) => {
        fb(data);
        return data;
      };
    }
    const segs = String(pathNode).split('.');
    return (data) => {
      const b = fb(data);
      return walk(segs, b === undefined ? null : b, data);
    };
  }
  const fa = compile(pathNode, depth);
  if (args.length === 1) return (data) => varLookup(fa(data), undefined, data);
  const fb = compile(defNode, depth);
  return (data) => {
    const a = fa(data);
    return varLookup(a, fb(data), data);
  };
};

// ---------------------------------------------------------------------------------------
// missing, missing_some

/** `missing` over keys known at evaluation time (each key looked up as `{"var": key}`). */
function missingOf(keys: ArrayLike<unknown>, data: unknown): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = isPrimitive(key) ? varLookup(key, undefined, data) : apply({ var: key }, data);
    if (value === null || value === '') out.push(key);
  }
  return out;
}

/** `missing` over constant primitive keys, each path split once. */
function constMissing(list: readonly unknown[]): (data: unknown) => unknown[] {
  const keys = Array.from(list); // holes → undefined, as they reach `missing`
  const gets = keys.map((k) => constVar(k, null));
  const n = keys.length;
  return (data) => {
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const value = gets[i]!(data);
      if (value === null || value === '') out.push(keys[i]);
    }
    return out;
  };
}

function isPrimitiveArray(x: unknown): x is unknown[] {
  return isArray(x) && x.every(isPrimitive);
}

const compileMissing: Make = (args, depth) => {
  if (args.length === 1 && isPrimitiveArray(args[0])) return constMissing(args[0]);
  if (args.every(isPrimitive)) return constMissing(args);
  const fs = compileAll(args, depth);
  return (data) => {
    const vals = evalAll(fs, data);
    return missingOf(isArray(vals[0]) ? vals[0] : vals, data);
  };
};

const compileMissingSome: Make = (args, depth) => {
  if (args.length !== 2) return undefined;
  const fn = compile(args[0], depth);
  const optionsNode = args[1];
  if (isPrimitiveArray(optionsNode)) {
    const options = optionsNode.slice();
    const missing = constMissing(options);
    return (data) => {
      const need: Loose = fn(data);
      const areMissing = missing(data);
      return options.length - areMissing.length >= need ? [] : areMissing;
    };
  }
  const fo = compile(optionsNode, depth);
  return (data) => {
    const need: Loose = fn(data);
    const options: Loose = fo(data);
    // `apply({missing: options})` re-applies `options`: only plain keys may skip it.
    const areMissing = (isPrimitiveArray(options) ? missingOf(options, data) : apply({ missing: options }, data)) as unknown[];
    return options.length - areMissing.length >= need ? [] : areMissing;
  };
};

// ---------------------------------------------------------------------------------------
// comparisons

type Cmp = 'eq' | 'seq' | 'ne' | 'sne' | 'gt' | 'ge' | 'lt' | 'le';

/** Both sides evaluated (left first), then compared with JavaScript's operator. */
function cmpGeneral(op: Cmp, fa: Compiled, fb: Compiled): Compiled {
  switch (op) {
    case 'eq': return (d) => { const a: Loose = fa(d); return a == fb(d); };
    case 'seq': return (d) => { const a: Loose = fa(d); return a === fb(d); };
    case 'ne': return (d) => { const a: Loose = fa(d); return a != fb(d); };
    case 'sne': return (d) => { const a: Loose = fa(d); return a !== fb(d); };
    case 'gt': return (d) => { const a: Loose = fa(d); return a > (fb(d) as Loose); };
    case 'ge': return (d) => { const a: Loose = fa(d); return a >= (fb(d) as Loose); };
    case 'lt': return (d) => { const a: Loose = fa(d); return a < (fb(d) as Loose); };
    case 'le': return (d) => { const a: Loose = fa(d); return a <= (fb(d) as Loose); };
  }
}

/** The right side a constant. */
function cmpRight(op: Cmp, fa: Compiled, k: Loose): Compiled {
  switch (op) {
    case 'eq': return (d) => (fa(d) as Loose) == k;
    case 'seq': return (d) => fa(d) === k;
    case 'ne': return (d) => (fa(d) as Loose) != k;
    case 'sne': return (d) => fa(d) !== k;
    case 'gt': return (d) => (fa(d) as Loose) > k;
    case 'ge': return (d) => (fa(d) as Loose) >= k;
    case 'lt': return (d) => (fa(d) as Loose) < k;
    case 'le': return (d) => (fa(d) as Loose) <= k;
  }
}

/** The left side a constant. */
function cmpLeft(op: Cmp, k: Loose, fb: Compiled): Compiled {
  switch (op) {
    case 'eq': return (d) => k == fb(d);
    case 'seq': return (d) => k === fb(d);
    case 'ne': return (d) => k != fb(d);
    case 'sne': return (d) => k !== fb(d);
    case 'gt': return (d) => k > (fb(d) as Loose);
    case 'ge': return (d) => k >= (fb(d) as Loose);
    case 'lt': return (d) => k < (fb(d) as Loose);
    case 'le': return (d) => k <= (fb(d) as Loose);
  }
}

function comparison(op: Cmp): Make {
  const between = op === 'lt' || op === 'le';
  return (args, depth) => {
    if (args.length === 3 && between) return compileBetween(op === 'le', args, depth);
    if (args.length !== 2) return undefined;
    const x = args[0];
    const y = args[1];
    const xk = isPrimitive(x);
    const yk = isPrimitive(y);
    if (xk && yk) {
      const k = cmpRight(op, () => x, y);
      return () => k(undefined);
    }
    if (yk) return cmpRight(op, compile(x, depth), y);
    if (xk) return cmpLeft(op, x, compile(y, depth));
    return cmpGeneral(op, compile(x, depth), compile(y, depth));
  };
}

/** `<` and `<=` with three arguments: `c === undefined ? a < b : a < b && b < c`. */
function compileBetween(orEqual: boolean, args: unknown[], depth: number): Compiled {
  const x = args[0];
  const y = args[1];
  const z = args[2];
  if (isPrimitive(x) && isPrimitive(z) && z !== undefined) {
    const a: Loose = x;
    const c: Loose = z;
    const fb = compile(y, depth);
    return orEqual
      ? (d) => { const b: Loose = fb(d); return a <= b && b <= c; }
      : (d) => { const b: Loose = fb(d); return a < b && b < c; };
  }
  const fa = compile(x, depth);
  const fb = compile(y, depth);
  const fc = compile(z, depth);
  return orEqual
    ? (d) => {
        const a: Loose = fa(d);
        const b: Loose = fb(d);
        const c: Loose = fc(d);
        return c === undefined ? a <= b : a <= b && b <= c;
      }
    : (d) => {
        const a: Loose = fa(d);
        const b: Loose = fb(d);
        const c: Loose = fc(d);
        return c === undefined ? a < b : a < b && b < c;
      };
}

// ---------------------------------------------------------------------------------------
// logic and control

const compileNot = (negate: boolean): Make => (args, depth) => {
  if (args.length !== 1) return undefined;
  const f = compile(args[0], depth);
  return negate ? (d) => !truthy(f(d)) : (d) => truthy(f(d));
};

const compileIf: Make = (args, depth) => {
  const fs = compileAll(args, depth);
  const n = fs.length;
  if (n === 0) return () => null;
  if (n === 1) return fs[0];
  if (n === 2) {
    const c = fs[0]!;
    const t = fs[1]!;
    return (d) => (truthy(c(d)) ? t(d) : null);
  }
  if (n === 3) {
    const c = fs[0]!;
    const t = fs[1]!;
    const e = fs[2]!;
    return (d) => (truthy(c(d)) ? t(d) : e(d));
  }
  return (d) => {
    let i = 0;
    for (; i < n - 1; i += 2) if (truthy(fs[i]!(d))) return fs[i + 1]!(d);
    return n === i + 1 ? fs[i]!(d) : null;
  };
};

const compileAndOr = (isAnd: boolean): Make => (args, depth) => {
  const fs = compileAll(args, depth);
  const n = fs.length;
  if (n === 0) return undefined;
  if (n === 1) return fs[0];
  if (n === 2) {
    const f0 = fs[0]!;
    const f1 = fs[1]!;
    return isAnd
      ? (d) => { const v = f0(d); return truthy(v) ? f1(d) : v; }
      : (d) => { const v = f0(d); return truthy(v) ? v : f1(d); };
  }
  return isAnd
    ? (d) => {
        let v: unknown;
        for (let i = 0; i < n; i++) if (!truthy((v = fs[i]!(d)))) return v;
        return v;
      }
    : (d) => {
        let v: unknown;
        for (let i = 0; i < n; i++) if (truthy((v = fs[i]!(d)))) return v;
        return v;
      };
};

// ---------------------------------------------------------------------------------------
// array operators: the second argument is evaluated against each element

type Scoped = (fs: Compiled, fl: Compiled, d: unknown) => unknown;

function scoped(run: Scoped): Make {
  return (args, depth) => {
    if (args.length < 2) return undefined;
    const fs = compile(args[0], depth);
    const fl = compile(args[1], depth);
    return (d) => run(fs, fl, d);
  };
}

const compileFilter = scoped((fs, fl, d) => {
  const items = fs(d);
  if (!isArray(items)) return [];
  return items.filter((x) => truthy(fl(x)));
});

const compileMap = scoped((fs, fl, d) => {
  const items = fs(d);
  if (!isArray(items)) return [];
  return items.map((x) => fl(x));
});

const compileAllOp = scoped((fs, fl, d) => {
  const items = fs(d);
  if (!isArray(items) || !items.length) return false;
  for (let i = 0; i < items.length; i++) if (!truthy(fl(items[i]))) return false;
  return true;
});

const compileNone = scoped((fs, fl, d) => {
  const items = fs(d);
  if (!isArray(items) || !items.length) return true;
  for (let i = 0; i < items.length; i++) if (truthy(fl(items[i]))) return false;
  return true;
});

const compileSome = scoped((fs, fl, d) => {
  const items = fs(d);
  if (!isArray(items) || !items.length) return false;
  for (let i = 0; i < items.length; i++) if (truthy(fl(items[i]))) return true;
  return false;
});

const compileReduce: Make = (args, depth) => {
  if (args.length < 2) return undefined;
  const fs = compile(args[0], depth);
  const fl = compile(args[1], depth);
  const fi = args[2] !== undefined ? compile(args[2], depth) : () => null;
  return (d) => {
    const items = fs(d);
    const initial = fi(d);
    if (!isArray(items)) return initial;
    return items.reduce((accumulator: unknown, current: unknown) => fl({ current, accumulator }), initial);
  };
};

// ---------------------------------------------------------------------------------------
// arithmetic

const compileArith = (op: '-' | '/' | '%'): Make => (args, depth) => {
  if (op === '-' && args.length === 1) {
    const fa = compile(args[0], depth);
    return (d) => -(fa(d) as Loose);
  }
  if (args.length !== 2) return undefined;
  const fa = compile(args[0], depth);
  if (op === '-') {
    const y = args[1];
    if (isPrimitive(y) && y !== undefined) {
      const k: Loose = y;
      return (d) => (fa(d) as Loose) - k;
    }
    const fb = compile(y, depth);
    return (d) => {
      const a: Loose = fa(d);
      const b: Loose = fb(d);
      return b === undefined ? -a : a - b;
    };
  }
  const fb = compile(args[1], depth);
  return op === '/'
    ? (d) => { const a: Loose = fa(d); return a / (fb(d) as Loose); }
    : (d) => { const a: Loose = fa(d); return a % (fb(d) as Loose); };
};

/** `+`: reduce with `parseFloat(acc) + parseFloat(x)` from 0. The sum is never -0, so `parseFloat(acc)` is `acc`. */
const compilePlus: Make = (args, depth) => {
  const fs = compileAll(args, depth);
  const n = fs.length;
  if (n === 0) return () => 0;
  if (n === 1) {
    const f0 = fs[0]!;
    return (d) => 0 + parseFloat(f0(d) as string);
  }
  if (n === 2) {
    const f0 = fs[0]!;
    const f1 = fs[1]!;
    return (d) => {
      const a = f0(d);
      const b = f1(d);
      return 0 + parseFloat(a as string) + parseFloat(b as string);
    };
  }
  return (d) => {
    const vals = evalAll(fs, d);
    let acc = 0;
    for (let i = 0; i < n; i++) acc = acc + parseFloat(vals[i] as string);
    return acc;
  };
};

/** `*`: reduce with no initial value: one argument comes back as is; -0 becomes 0 on re-parsing. */
const compileTimes: Make = (args, depth) => {
  const fs = compileAll(args, depth);
  const n = fs.length;
  if (n === 0) return undefined;
  if (n === 1) return fs[0];
  if (n === 2) {
    const f0 = fs[0]!;
    const f1 = fs[1]!;
    return (d) => {
      const a = f0(d);
      const b = f1(d);
      return parseFloat(a as string) * parseFloat(b as string);
    };
  }
  return (d) => {
    const vals = evalAll(fs, d);
    let acc = parseFloat(vals[0] as string) * parseFloat(vals[1] as string);
    for (let i = 2; i < n; i++) acc = (acc === 0 ? 0 : acc) * parseFloat(vals[i] as string);
    return acc;
  };
};

const compileMinMax = (isMin: boolean): Make => (args, depth) => {
  const fs = compileAll(args, depth);
  const m = isMin ? Math.min : Math.max;
  if (fs.length === 2) {
    const f0 = fs[0]!;
    const f1 = fs[1]!;
    return (d) => {
      const a = f0(d);
      return m(a as number, f1(d) as number);
    };
  }
  return (d) => m(...(evalAll(fs, d) as number[]));
};

// ---------------------------------------------------------------------------------------
// strings and arrays

/** `Array.prototype.join`'s view of one element. */
function joinPart(v: unknown): string {
  return v === null || v === undefined ? '' : `${v as string}`;
}

const compileCat: Make = (args, depth) => {
  const fs = compileAll(args, depth);
  if (fs.length === 1) {
    const f0 = fs[0]!;
    return (d) => joinPart(f0(d));
  }
  if (fs.length === 2) {
    const f0 = fs[0]!;
    const f1 = fs[1]!;
    return (d) => {
      const a = f0(d);
      const b = f1(d);
      return joinPart(a) + joinPart(b);
    };
  }
  return (d) => {
    const vals = evalAll(fs, d);
    let s = '';
    for (let i = 0; i < vals.length; i++) s += joinPart(vals[i]);
    return s;
  };
};

function substr(source: unknown, start: Loose, end: Loose): string {
  if (end < 0) {
    const temp = String(source).substr(start);
    return temp.substr(0, temp.length + end);
  }
  return String(source).substr(start, end);
}

const compileSubstr: Make = (args, depth) => {
  if (args.length !== 2 && args.length !== 3) return undefined;
  const fs = compileAll(args, depth);
  const fa = fs[0]!;
  const fb = fs[1]!;
  const fc: Compiled | undefined = fs[2];
  if (fc === undefined) return (d) => {
    const a = fa(d);
    return substr(a, fb(d), undefined);
  };
  return (d) => {
    const a = fa(d);
    const b = fb(d);
    return substr(a, b, fc(d));
  };
};

const compileIn: Make = (args, depth) => {
  if (args.length !== 2) return undefined;
  const fa = compile(args[0], depth);
  const y = args[1];
  // A constant list (or string) of primitives: searched in place, never rebuilt.
  if ((isPrimitiveArray(y) && y.length > 0) || (typeof y === 'string' && y !== '')) {
    const list = isArray(y) ? y.slice() : y;
    return (d) => list.indexOf(fa(d) as string) !== -1;
  }
  const fb = compile(y, depth);
  return (d) => {
    const a = fa(d);
    const b: Loose = fb(d);
    if (!b || typeof b.indexOf === 'undefined') return false;
    return b.indexOf(a) !== -1;
  };
};

const compileMerge: Make = (args, depth) => {
  const fs = compileAll(args, depth);
  return (d) => {
    const vals = evalAll(fs, d);
    let out: unknown[] = [];
    for (let i = 0; i < vals.length; i++) out = out.concat(vals[i]);
    return out;
  };
};

// ---------------------------------------------------------------------------------------

/** The operators compiled here; everything else is left to `jsonLogic.apply`. */
const OPS = new Map<string, Make>([
  ['==', comparison('eq')],
  ['===', comparison('seq')],
  ['!=', comparison('ne')],
  ['!==', comparison('sne')],
  ['>', comparison('gt')],
  ['>=', comparison('ge')],
  ['<', comparison('lt')],
  ['<=', comparison('le')],
  ['!!', compileNot(false)],
  ['!', compileNot(true)],
  ['%', compileArith('%')],
  ['in', compileIn],
  ['cat', compileCat],
  ['substr', compileSubstr],
  ['+', compilePlus],
  ['*', compileTimes],
  ['-', compileArith('-')],
  ['/', compileArith('/')],
  ['min', compileMinMax(true)],
  ['max', compileMinMax(false)],
  ['merge', compileMerge],
  ['var', compileVar],
  ['missing', compileMissing],
  ['missing_some', compileMissingSome],
  ['if', compileIf],
  ['?:', compileIf],
  ['and', compileAndOr(true)],
  ['or', compileAndOr(false)],
  ['filter', compileFilter],
  ['map', compileMap],
  ['reduce', compileReduce],
  ['all', compileAllOp],
  ['none', compileNone],
  ['some', compileSome],
]);
