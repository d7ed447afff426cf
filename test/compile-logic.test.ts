import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { compileLogic, truthy } from '../src/core/compile-logic.js';
import { checkLogic, compileCondition, compileExpression } from '../src/core/logic.js';
import { factUses, selectedReads, type FactRead, type Use } from '../src/core/logic-reads.js';

const apply = jsonLogic.apply as (rule: unknown, data?: unknown) => unknown;

type Outcome = { threw: false; value: unknown } | { threw: true; error: unknown };
function outcome(f: () => unknown): Outcome {
  try {
    return { threw: false, value: f() };
  } catch (error) {
    return { threw: true, error };
  }
}

/**
 * The compiled rule against json-logic-js on the same data: deep-equal values (NaN equals
 * NaN, -0 differs from 0), or both throw an error of the same class and message.
 */
function assertSame(rule: unknown, data: unknown): void {
  const expected = outcome(() => apply(rule, data));
  const actual = outcome(() => compileLogic(rule)(data));
  const on = () => `rule ${safeJson(rule)} on ${safeJson(data)}`;
  if (expected.threw) {
    if (!actual.threw) assert.fail(`json-logic-js throws but the compiled rule returns ${safeJson(actual.value)}: ${on()}`);
    const e = expected.error as Error;
    const a = actual.error as Error;
    if (a?.constructor !== e?.constructor || a?.message !== e?.message) {
      assert.fail(`json-logic-js throws ${String(e)} but the compiled rule throws ${String(a)}: ${on()}`);
    }
  } else {
    if (actual.threw) assert.fail(`the compiled rule throws ${String(actual.error)}: ${on()}`);
    try {
      assert.deepStrictEqual(actual.value, expected.value);
    } catch (err) {
      assert.fail(`${(err as Error).message}\n${on()}`);
    }
  }
}

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return '[unprintable]';
  }
}

// ---------------------------------------------------------------------------------------
// 1. Conformance

// test/fixtures/jsonlogic-tests.json is a copy of JsonLogic's shared test suite (tests.json
// from jsonlogic.com, MIT licence), as kept in ../shared/conformance/jsonlogic-tests.json.
const suite = JSON.parse(readFileSync(new URL('./fixtures/jsonlogic-tests.json', import.meta.url), 'utf8')) as unknown[];

describe('JsonLogic shared test suite (280 cases)', () => {
  const sections: { title: string; cases: [unknown, unknown, unknown][] }[] = [];
  for (const entry of suite) {
    if (typeof entry === 'string') sections.push({ title: entry.replace(/^#\s*/, ''), cases: [] });
    else {
      if (sections.length === 0) sections.push({ title: '(untitled)', cases: [] });
      sections[sections.length - 1]!.cases.push(entry as [unknown, unknown, unknown]);
    }
  }
  it('has 280 cases', () => assert.equal(sections.reduce((n, s) => n + s.cases.length, 0), 280));
  for (const { title, cases } of sections) {
    describe(title, () => {
      cases.forEach(([rule, data, expected], i) => {
        it(`#${i + 1} ${JSON.stringify(rule)}`, () => {
          assert.deepStrictEqual(apply(rule, data), expected, 'json-logic-js itself');
          assert.deepStrictEqual(compileLogic(rule)(data), expected);
        });
      });
    });
  }
});

// ---------------------------------------------------------------------------------------
// 2. Differential property test

const PATHS = [
  '', 'a', 'b', 'c', 'x', 'qty', '0', '1', 'a.b', 'a.0', 'a.1', 'b.c', 'b.1.c', 'c.0.a', 'x.y.z', 'missing',
  'missing.deep', 'length', 'a.length', 'current', 'accumulator', 'current.a', '__proto__', 'constructor',
  'prototype', 'toString', 'constructor.name', '__proto__.constructor', 'a.__proto__', 'constructor.prototype',
];
const KEYS = ['a', 'b', 'c', 'x', 'y', 'z', 'qty', '0', '1', '', 'length', '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'a.b'];
const STRINGS = ['', '0', '1', '1.5', '-2', ' 3 ', '1e3', 'Infinity', '0x10', 'abc', 'a', 'b', 'A', 'ab', '12px', 'null'];

const primitive = fc.oneof(
  fc.integer({ min: -5, max: 12 }),
  fc.double({ noDefaultInfinity: false }),
  fc.constantFrom(0, -0, 0.5, -1.5, 1e21, NaN, Infinity),
  fc.constantFrom(...STRINGS),
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.constant(null),
);

/** Data: numbers, (numeric) strings, booleans, null, arrays and objects, with awkward keys. */
const { data } = fc.letrec<{ data: unknown }>((tie) => ({
  data: fc.oneof(
    { depthSize: 'small' },
    primitive,
    fc.array(tie('data'), { maxLength: 4 }),
    // Object.fromEntries defines own properties, as JSON.parse does (an own "__proto__" too).
    fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('data')), { maxLength: 5 }).map((e) => Object.fromEntries(e)),
  ),
}));
const dataObject = fc
  .array(fc.tuple(fc.constantFrom(...KEYS), data), { maxLength: 8 })
  .map((e) => Object.fromEntries(e) as unknown);
const anyData = fc.oneof({ weight: 6, arbitrary: dataObject }, { weight: 1, arbitrary: data });

const ruleConstant = fc.oneof(
  { weight: 6, arbitrary: primitive },
  { weight: 1, arbitrary: fc.array(primitive, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom({}, { a: 1, b: 2 }) },
);

const exprCache = new Map<number, fc.Arbitrary<unknown>>();
/** JsonLogic expressions over every compiled operator, nested up to `depth` levels. */
function expr(depth: number): fc.Arbitrary<unknown> {
  const cached = exprCache.get(depth);
  if (cached) return cached;
  const path = fc.constantFrom(...PATHS);
  const varArb = fc.oneof(
    path.map((p) => ({ var: p })),
    path.map((p) => ({ var: [p] })),
    fc.tuple(path, ruleConstant).map(([p, d]) => ({ var: [p, d] })),
    fc.constantFrom({ var: null }, { var: [null, 5] }, { var: 0 }, { var: 1 }, { var: [] }, { var: true }),
  );
  if (depth <= 0) {
    const leaf = fc.oneof({ weight: 3, arbitrary: varArb }, { weight: 2, arbitrary: ruleConstant });
    exprCache.set(depth, leaf);
    return leaf;
  }
  const sub = expr(depth - 1);
  const args = (min: number, max: number) => fc.array(sub, { minLength: min, maxLength: max });
  const op = (names: string[], min: number, max: number) =>
    fc.tuple(fc.constantFrom(...names), args(min, max)).map(([o, a]) => ({ [o]: a }));
  const unaryBare = (names: string[]) => fc.tuple(fc.constantFrom(...names), sub).map(([o, a]) => ({ [o]: a }));
  const paths = fc.array(path, { maxLength: 4 });
  const arb = fc.oneof(
    { weight: 4, arbitrary: varArb },
    { weight: 2, arbitrary: ruleConstant },
    // comparisons, mostly binary; `<`/`<=` between; odd arities fall back
    { weight: 6, arbitrary: op(['==', '===', '!=', '!==', '>', '>=', '<', '<='], 2, 2) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('<', '<='), ruleConstant, sub, ruleConstant).map(([o, a, b, c]) => ({ [o]: [a, b, c] })) },
    { weight: 1, arbitrary: op(['==', '===', '!=', '!==', '>', '>=', '<', '<='], 0, 4) },
    // logic and control
    { weight: 3, arbitrary: op(['!', '!!'], 1, 1) },
    { weight: 1, arbitrary: unaryBare(['!', '!!', 'var', '-', 'if', 'and', 'or', 'cat', 'missing']) },
    { weight: 1, arbitrary: op(['!', '!!'], 0, 2) },
    { weight: 4, arbitrary: op(['and', 'or'], 0, 4) },
    { weight: 3, arbitrary: op(['if', '?:'], 0, 6) },
    // arithmetic
    { weight: 3, arbitrary: op(['+', '*', '-', '/', '%', 'min', 'max'], 0, 4) },
    { weight: 2, arbitrary: op(['+', '*', '-', '/', '%', 'min', 'max'], 2, 2) },
    // strings and arrays
    { weight: 2, arbitrary: op(['in'], 2, 2) },
    { weight: 1, arbitrary: fc.tuple(sub, fc.array(fc.constantFrom(...STRINGS, 1, 2, 0, null, true), { maxLength: 4 })).map(([a, l]) => ({ in: [a, l] })) },
    { weight: 1, arbitrary: fc.tuple(sub, fc.constantFrom(...STRINGS)).map(([a, s]) => ({ in: [a, s] })) },
    { weight: 2, arbitrary: op(['cat', 'merge'], 0, 4) },
    { weight: 2, arbitrary: fc.tuple(sub, fc.integer({ min: -6, max: 6 }), fc.option(fc.integer({ min: -6, max: 6 }), { nil: undefined })).map(([s, a, b]) => ({ substr: b === undefined ? [s, a] : [s, a, b] })) },
    { weight: 1, arbitrary: op(['substr'], 0, 4) },
    { weight: 1, arbitrary: args(0, 4) },
    // missing, missing_some
    { weight: 1, arbitrary: paths.map((p) => ({ missing: p })) },
    { weight: 1, arbitrary: paths.map((p) => ({ missing: [p] })) },
    { weight: 1, arbitrary: op(['missing'], 0, 3) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 4 }), paths).map(([n, p]) => ({ missing_some: [n, p] })) },
    { weight: 1, arbitrary: op(['missing_some'], 0, 3) },
    // array operators, with the scoped data
    { weight: 3, arbitrary: op(['filter', 'map', 'all', 'none', 'some'], 2, 2) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('filter', 'map', 'all', 'none', 'some'), fc.array(primitive, { maxLength: 4 }), sub).map(([o, l, s]) => ({ [o]: [l, s] })) },
    { weight: 2, arbitrary: op(['reduce'], 2, 3) },
    { weight: 1, arbitrary: fc.tuple(fc.array(primitive, { maxLength: 4 }), sub, ruleConstant).map(([l, s, i]) => ({ reduce: [l, { '+': [{ var: 'accumulator' }, s] }, i] })) },
    { weight: 1, arbitrary: op(['filter', 'map', 'all', 'none', 'some', 'reduce'], 0, 3) },
    // logic in `var`'s own arguments; unknown and dotted operators (both throw)
    { weight: 1, arbitrary: args(1, 2).map((a) => ({ var: a })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('nope', 'toString', '__proto__', 'a.b', 'var.x', 'hasOwnProperty'), args(0, 2)).map(([o, a]) => ({ [o]: a })) },
  );
  exprCache.set(depth, arb);
  return arb;
}

describe('compiled rules against json-logic-js (differential)', () => {
  it('gives the same value, or throws the same error, for random rules and data (4,000 runs)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4 }).chain(expr), anyData, (rule, d) => assertSame(rule, d)), {
      numRuns: 4000,
    });
  });
  it('the same for each rule on several data objects (1,000 rules × 5 data)', () => {
    fc.assert(
      fc.property(expr(3), fc.array(anyData, { minLength: 5, maxLength: 5 }), (rule, ds) => {
        for (const d of ds) assertSame(rule, d);
      }),
      { numRuns: 1000 },
    );
  });

  it('the same on values JSON cannot carry: sparse arrays, null prototypes, bigints, boxed values (2,000 runs)', () => {
    const odd = fc.anything({
      withNullPrototype: true, withBigInt: true, withSparseArray: true, withBoxedValues: true, withObjectString: true,
      maxDepth: 3, key: fc.constantFrom(...KEYS),
    });
    const ops = ['==', '<', '<=', '+', '*', '-', '/', '%', 'min', 'max', 'cat', 'in', 'substr', 'var', 'missing', 'missing_some',
      'if', '?:', 'and', 'or', '!', '!!', '!=', 'filter', 'map', 'reduce', 'all', 'some', 'none', 'merge'];
    const { rule } = fc.letrec<{ rule: unknown }>((tie) => ({
      rule: fc.oneof(
        { depthSize: 'small' },
        odd,
        fc.tuple(fc.constantFrom(...ops), fc.oneof(tie('rule'), fc.array(tie('rule'), { maxLength: 4 }), fc.sparseArray(tie('rule'), { maxLength: 4 })))
          .map(([o, a]) => ({ [o]: a })),
      ),
    }));
    fc.assert(fc.property(fc.oneof(rule, expr(3)), fc.oneof(odd, dataObject), (r, d) => assertSame(r, d)), { numRuns: 2000 });
  });

  const cases: [string, unknown, unknown][] = [
    ['`*` of -0 re-parses -0 as 0', { '*': [{ var: 'a' }, 0, 5] }, { a: -1 }],
    ['`*` of -0 with two arguments', { '*': [{ var: 'a' }, 0] }, { a: -1 }],
    ['`*` of one argument returns it unparsed', { '*': [{ var: 'a' }] }, { a: '5' }],
    ['`*` of none throws', { '*': [] }, {}],
    ['`+` of -0', { '+': [{ var: 'a' }] }, { a: -0 }],
    ['`+` of numeric strings', { '+': ['1.5', { var: 'a' }, ' 2x'] }, { a: '3' }],
    ['`-` with a null second argument', { '-': [5, { var: 'missing' }] }, {}],
    ['`<` with a missing third argument is a between (null)', { '<': [1, 2, { var: 'missing' }] }, {}],
    ['`<=` between with var in the middle', { '<=': [1, { var: 'a' }, 3] }, { a: '2' }],
    ['`var` path into a string', { var: 'a.length' }, { a: 'hello' }],
    ['`var` numeric path into an array', { var: 'a.1.b' }, { a: [{ b: 1 }, { b: 2 }] }],
    ['`var` to null with a default', { var: ['a', 7] }, { a: null }],
    ['`var` through null with a default', { var: ['a.b', 7] }, { a: null }],
    ['`var` of the whole data when undefined', { var: '' }, undefined],
    ['`var` "__proto__"', { var: '__proto__' }, {}],
    ['`var` own "__proto__" key', { var: '__proto__.x' }, JSON.parse('{"__proto__": {"x": 1}}')],
    ['`var` "constructor.name"', { var: 'constructor.name' }, {}],
    ['`var` "constructor.prototype.constructor"', { var: 'constructor.prototype.constructor' }, {}],
    ['`var` whose path is logic', { var: { cat: ['a', '.', 'b'] } }, { a: { b: 3 } }],
    ['`var` whose path is an array', { var: [['a', 'b']] }, { 'a,b': 4 }],
    ['`var` with a logic default', { var: ['missing', { '+': [1, 2] }] }, {}],
    ['`in` on an object with a non-function indexOf throws', { in: ['a', { var: 'o' }] }, { o: { indexOf: 1 } }],
    ['`cat` of an object whose toString is not a function throws', { cat: ['x', { var: 'o' }] }, { o: { toString: 1 } }],
    ['`cat` of arrays and null', { cat: [[1, [2, null]], null, 'x'] }, {}],
    ['`missing` on data that looks like logic', { missing: { merge: [{ var: 'k' }] } }, { k: [{ var: 'a' }], a: 1 }],
    ['`missing` with an array key', { missing: [[['a', 'b']]] }, { a: null }],
    ['`missing_some` with a computed option list', { missing_some: [1, { merge: ['a', { var: 'k' }] }] }, { k: 'b', b: 1 }],
    ['`missing_some` with no options throws', { missing_some: [1, { var: 'nothing' }] }, null],
    ['`reduce` without initial value', { reduce: [{ var: 'a' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }] }, { a: [1, 2, 3] }],
    ['`reduce` over a non-array returns the initial value', { reduce: [{ var: 'a' }, 1, [1, 2]] }, {}],
    ['`all` of an empty array', { all: [[], true] }, {}],
    ['`none`/`some` on a string', { some: ['abc', true] }, {}],
    ['arrays of logic evaluate each element', [{ var: 'a' }, 1, [{ var: 'b' }]], { a: 1, b: 2 }],
    ['objects that are not logic pass through', { if: [true, { a: 1, b: 2 }] }, {}],
    ['empty `and` and `or`', [{ and: [] }, { or: [] }], {}],
    ['`if` with no else', { if: [false, 1] }, {}],
    ['`if` with one argument', { if: { var: 'a' } }, { a: 3 }],
    ['unknown operator throws', { nope: [1] }, {}],
    ['unknown operator inside compiled ones throws', { and: [true, { '==': [1, { nope: 2 }] }] }, {}],
    ['dotted operator throws', { 'a.b': [1] }, {}],
    ['operator named after Object.prototype throws', { hasOwnProperty: ['x'] }, {}],
    ['`==` with three arguments evaluates all (falls back)', { '==': [1, 1, { nope: 1 }] }, {}],
    ['`!` with no arguments', { '!': [] }, {}],
    ['`!!` of an empty array is false', { '!!': [[]] }, {}],
    ['holes in an argument list are undefined', { '*': [, ,] }, {}],
    ['holes in a `missing` key list', { missing: [['a', , 'b']] }, { a: 1 }],
  ];
  for (const [name, rule, d] of cases) it(name, () => assertSame(rule, d));

  it('an unknown operator throws "Unrecognized operation X" at evaluation, not at compile time', () => {
    const f = compileLogic({ and: [{ var: 'a' }, { frobnicate: [1] }] });
    assert.equal(f({ a: 0 }), 0);
    assert.throws(() => f({ a: 1 }), /Unrecognized operation frobnicate/);
  });

  it('`log` and `method` are not compiled: they go to json-logic-js (and checkLogic refuses them)', () => {
    assert.notEqual(checkLogic({ log: 1 }), null);
    assert.notEqual(checkLogic({ method: ['a', 'toUpperCase'] }), null);
    assertSame({ method: [{ var: 'a' }, 'toUpperCase'] }, { a: 'x' });
  });

  it('compiles and evaluates the deepest rules checkLogic accepts (64 levels), of every kind', () => {
    const wraps: [string, unknown, (r: unknown) => unknown][] = [
      ['!', { var: 'a' }, (r) => ({ '!': r })],
      ['and', { '==': [{ var: 'a' }, 1] }, (r) => ({ and: [true, r] })],
      ['if', { var: 'a' }, (r) => ({ if: [{ var: 'a' }, r, 0] })],
      ['arrays', { var: 'a' }, (r) => [r]],
      ['var of var', 'a', (r) => ({ var: r })],
    ];
    for (const [name, leaf, wrap] of wraps) {
      let rule = leaf;
      let levels = 0;
      while (checkLogic(wrap(rule)) === null) {
        rule = wrap(rule);
        levels++;
      }
      assert.ok(levels >= 20, `${name}: ${levels} levels`);
      assertSame(rule, { a: 1 });
      assertSame(rule, { a: 0 });
      assertSame(rule, { a: 'a', 1: 'a' });
    }
  });

  it('does not overflow the stack compiling far deeper rules (the deep part is left to json-logic-js)', () => {
    const nest = (n: number) => {
      let rule: unknown = { var: 'a' };
      for (let i = 0; i < n; i++) rule = { '!': [rule] };
      return rule;
    };
    assert.doesNotThrow(() => compileLogic(nest(20_000)));
    const rule = nest(1000);
    assert.equal(compileLogic(rule)({ a: 1 }), apply(rule, { a: 1 }));
  });

  it('compiles 1,000 typical conditions, each agreeing with json-logic-js', () => {
    const rules = Array.from({ length: 1000 }, (_, i) => ({
      and: [
        { '>=': [{ var: 'qty' }, i % 50] },
        { '!!': { var: `selected.OPT-${i % 100}` } },
        { or: [{ in: [{ var: 'attributes.voltage' }, ['380V', '400V']] }, { '<=': [1, { var: 'term' }, 36] }] },
      ],
    }));
    // Speed is the bench's job (npm run bench, target ≤ 20 ms); here every rule compiles and agrees.
    const facts = { qty: 20, term: 12, attributes: { voltage: '380V' }, selected: { 'OPT-3': 1 } };
    for (const r of rules) assert.deepEqual(compileLogic(r)(facts), jsonLogic.apply(r as jsonLogic.RulesLogic, facts));
  });
});

// ---------------------------------------------------------------------------------------
// 3. compileCondition / compileExpression

describe('compileCondition', () => {
  it('absent → always true', () => {
    const c = compileCondition(undefined);
    assert.equal(c({}), true);
    assert.equal(c(null), true);
  });
  it('a rule failing checkLogic → always false', () => {
    for (const bad of [{ nope: [1] }, { log: 'x' }, { method: [{ var: 'a' }, 'toString'] }, { a: 1, b: 2 }, { '==': [1, 1], '!=': [1, 2] }]) {
      assert.equal(compileCondition(bad)({ a: 'x' }), false, JSON.stringify(bad));
    }
    let deep: unknown = true;
    for (let i = 0; i < 70; i++) deep = { '!!': [deep] };
    assert.equal(compileCondition(deep)({}), false);
  });
  it('evaluation errors → false', () => {
    assert.equal(compileCondition({ in: ['a', { var: 'o' }] })({ o: { indexOf: 1 } }), false);
    assert.equal(compileCondition({ cat: [{ var: 'o' }] })({ o: { toString: 1 } }), false);
    assert.equal(compileCondition({ '*': [] })({}), false);
    assert.equal(compileCondition({ missing_some: [1, { var: 'x' }] })(null), false);
  });
  it('truthiness is json-logic-js truthy', () => {
    const value = compileCondition({ var: 'v' });
    const cases: [unknown, boolean][] = [
      [[], false], [[0], true], ['0', true], ['', false], [0, false], [-0, false], [NaN, false], [1, true],
      ['false', true], [null, false], [{}, true], [true, true], [false, false],
    ];
    for (const [v, expected] of cases) {
      assert.equal(value({ v }), expected, JSON.stringify(v));
      assert.equal(truthy(v), jsonLogic.truthy(v), JSON.stringify(v));
    }
    assert.equal(value({}), false, 'missing');
  });
  it('agrees with truthy(json-logic-js apply) on typical conditions', () => {
    const rule = { and: [{ '>=': [{ var: 'qty' }, 10] }, { '!!': { var: 'selected.SSO' } }] };
    const c = compileCondition(rule);
    for (const facts of [{ qty: 12, selected: { SSO: 1 } }, { qty: 9, selected: { SSO: 1 } }, { qty: 12, selected: {} }, { qty: '12', selected: { SSO: 0 } }, {}]) {
      assert.equal(c(facts), jsonLogic.truthy(apply(rule, facts)), JSON.stringify(facts));
    }
  });
});

describe('compileExpression', () => {
  it('gives the value of the expression', () => {
    assert.equal(compileExpression({ var: 'qty' })({ qty: 120 }), 120);
    assert.equal(compileExpression({ '*': [{ var: 'qty' }, 2] })({ qty: '3' }), 6);
    assert.equal(compileExpression({ if: [{ '>': [{ var: 'qty' }, 100] }, 10, 1] })({ qty: 120 }), 10);
    assert.equal(compileExpression(5)({}), 5);
    assert.deepEqual(compileExpression([{ var: 'a' }, 2])({ a: 1 }), [1, 2]);
    assert.equal(compileExpression({ var: 'missing' })({}), null);
  });
  it('absent → undefined; failing checkLogic → undefined', () => {
    assert.equal(compileExpression(undefined)({}), undefined);
    assert.equal(compileExpression({ nope: 1 })({}), undefined);
    assert.equal(compileExpression({ log: 5 })({}), undefined);
  });
  it('evaluation errors → undefined', () => {
    assert.equal(compileExpression({ in: ['a', { var: 'o' }] })({ o: { indexOf: 1 } }), undefined);
    assert.equal(compileExpression({ '*': [] })({}), undefined);
  });
});

// ---------------------------------------------------------------------------------------
// 4. No code generation (strict CSP)

describe('src/core/compile-logic.ts under a strict CSP', () => {
  it('contains no eval( / new Function / Function(', () => {
    const src = readFileSync(new URL('../src/core/compile-logic.ts', import.meta.url), 'utf8');
    assert.doesNotMatch(src, /\beval\s*\(/);
    assert.doesNotMatch(src, /new\s+Function\b/);
    assert.doesNotMatch(src, /\bFunction\s*\(/);
  });
});

// ---------------------------------------------------------------------------------------
// factUses: one walk giving what the configuration checks read and what selectedReads gives

/** The configuration checks' own walk before factUses replaced it (src/rules/validate-config.ts), kept as the oracle. */
function oldReads(expr: unknown, use: Use): FactRead[] {
  const SCOPED = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);
  const out: FactRead[] = [];
  const stack: [unknown, Use][] = [[expr, use]];
  const readName = (n: unknown, u: Use) => {
    if (typeof n === 'string') out.push({ name: n, use: u });
    else if (typeof n === 'number') out.push({ name: String(n), use: u });
    else if (n !== null && n !== undefined) {
      out.push({ name: undefined, use: u });
      stack.push([n, 'value']);
    }
  };
  while (stack.length > 0) {
    const [node, u] = stack.pop()!;
    if (Array.isArray(node)) {
      for (const x of node) stack.push([x, 'value']);
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const keys = Object.keys(node);
    if (keys.length !== 1) continue;
    const op = keys[0]!;
    const arg = (node as Record<string, unknown>)[op];
    const args = Array.isArray(arg) ? arg : [arg];
    const n = args.length;
    if (op === 'var') {
      readName(args[0], u);
      if (n > 1) stack.push([args[1], u]);
    } else if (op === 'missing') {
      for (const a of args) if (Array.isArray(a)) for (const x of a) readName(x, 'truth'); else readName(a, 'truth');
    } else if (op === 'missing_some') {
      stack.push([args[0], 'value']);
      const list: unknown = args[1];
      if (Array.isArray(list)) for (const x of list) readName(x, 'truth'); else readName(list, 'truth');
    } else if (op === '!!' || op === '!') for (const a of args) stack.push([a, 'truth']);
    else if (op === 'and' || op === 'or') for (const a of args) stack.push([a, u]);
    else if (op === 'if' || op === '?:') args.forEach((a, i) => stack.push([a, i % 2 === 0 && i < n - 1 ? 'truth' : u]));
    else if (SCOPED.has(op)) {
      stack.push([args[0], 'value']);
      if (op === 'reduce' && n > 2) stack.push([args[2], 'value']);
    } else for (const a of args) stack.push([a, 'value']);
  }
  return out;
}

/** Some of the generated names made `selected` ones, as configuration rules read them. */
function withSelected(x: unknown): unknown {
  const names: Record<string, string> = { a: 'selected.A', b: 'selected', 'a.b': 'selected.A.B', 'b.c': 'selected.B.C', c: 'selected.C', x: 'selected.' };
  if (typeof x === 'string') return names[x] ?? x;
  if (Array.isArray(x)) return x.map(withSelected);
  if (x !== null && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) Object.defineProperty(out, k, { value: withSelected(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return x;
}

const sorted = (s: ReadonlySet<string> | null) => (s === null ? null : [...s].sort());

describe('factUses', () => {
  it('reads what the configuration checks read, in the same order, and selectedReads\'s answer (3,000 runs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }).chain(expr).map(withSelected), fc.constantFrom<Use>('truth', 'value'), (rule, use) => {
        const got = factUses(rule, use);
        assert.deepEqual(got.reads, oldReads(rule, use));
        assert.deepEqual(sorted(got.selected), sorted(selectedReads([rule])));
      }),
      { numRuns: 3000 },
    );
  });
  it('the cases where reads and selectedReads differ: missing lists, computed and whole-data names', () => {
    for (const rule of [
      { missing: [['selected.A', 'selected.B']] },
      { missing_some: 'selected.A' },
      { missing_some: [1, ['selected.A', null]] },
      { var: null },
      { var: [] },
      { var: { cat: ['selected.', 'A'] } },
      { var: ['selected.A', { var: 'selected.B' }] },
      { some: [{ var: 'selected.A' }, { var: '' }] },
      { reduce: [{ var: 'selected.A' }, { var: 'selected' }, { var: 'selected.C' }] },
      { '!!': { var: 'selected.A.B' } },
    ]) {
      const got = factUses(rule, 'truth');
      assert.deepEqual(got.reads, oldReads(rule, 'truth'), JSON.stringify(rule));
      assert.deepEqual(sorted(got.selected), sorted(selectedReads([rule])), JSON.stringify(rule));
    }
  });
});
