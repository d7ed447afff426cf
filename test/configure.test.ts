/**
 * Table tests of `configure` against the contract (../shared/CONTRACT.md, "Configuration rules
 * and state") and the engine's documented semantics (src/rules/configure.ts).
 *
 * Each case is `[name, catalog, sku, selection, expected, options?]`. `expected` is matched
 * partially: only the keys written are compared. `errors` and `warnings` default to `[]` and
 * are matched as multisets (every expected entry matches a different actual one, the counts
 * are equal), each entry partially; a `message` may be a string (exact) or a RegExp. `options`
 * is keyed by the option's path in the tree (`"C"`, `"SUB/N2"`); `selected` lists the paths of
 * every selected option in tree order. Every case also checks the invariants of every state
 * (see `checkInvariants`), including idempotence when the selection had no input errors.
 *
 * Run: node --import tsx --test test/configure.test.ts
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { configure, validateCatalog } from '../src/rules/index.js';
import type { ConfigState, ConfigureOptions, OptionState } from '../src/types.js';
import { match } from './support/match.js';
import {
  color, configCatalog, configCatalogZh, notSel, protoCatalog, rule, sel, type JsonObject,
} from './fixtures/config-catalogs.js';

type Msg = { message?: string | RegExp; [key: string]: unknown };

interface Expected {
  complete?: boolean;
  qty?: string;
  term?: string | undefined;
  name?: string;
  /** Paths of all selected options, in tree order. */
  selected?: string[];
  /** Partial option states by path. */
  options?: Record<string, Partial<Record<keyof OptionState, unknown>>>;
  attributes?: Record<string, unknown>[];
  errors?: Msg[];
  /** Instead of `errors`: these must be among the errors (others allowed). */
  someErrors?: Msg[];
  warnings?: Msg[];
  selection?: unknown;
  /** Extra assertions. */
  check?: (s: ConfigState) => void;
  /**
   * A known engine bug in idempotence: the case runs without the idempotence check, and a
   * separate test marked todo with this text checks it.
   */
  todoIdempotent?: string;
  /** Any other top-level field of the state, matched partially. */
  [key: string]: unknown;
}

type Case = [name: string, catalog: unknown, sku: unknown, selection: unknown, expected: Expected, options?: ConfigureOptions];

// ---------------------------------------------------------------------------------------
// Matching helpers


function matches(actual: unknown, expected: unknown): boolean {
  try {
    match(actual, expected, '');
    return true;
  } catch {
    return false;
  }
}

/** Every expected message matches a distinct actual one; with `exact`, nothing else is there. */
function matchMessages(actual: readonly unknown[], expected: readonly Msg[], what: string, exact: boolean): void {
  const left = [...actual];
  for (const e of expected) {
    const i = left.findIndex((a) => matches(a, e));
    assert.ok(i >= 0, `${what}: no entry matches ${show(e)}\nactual: ${JSON.stringify(actual, null, 1)}`);
    left.splice(i, 1);
  }
  if (exact) assert.equal(left.length, 0, `${what}: unexpected entries ${JSON.stringify(left, null, 1)}`);
}

function show(v: unknown): string {
  return JSON.stringify(v, (_, x) => (x instanceof RegExp ? String(x) : x));
}

/** Every option state in the tree, by path (`"SUB/N1"`), in tree order. */
export function optionsByPath(s: ConfigState): Map<string, OptionState> {
  const out = new Map<string, OptionState>();
  const walk = (features: ConfigState['features'], prefix: string) => {
    for (const f of features) {
      for (const o of f.options) {
        out.set(prefix + o.sku, o);
        if (o.features) walk(o.features, `${prefix}${o.sku}/`);
      }
    }
  };
  walk(s.features, '');
  return out;
}

/** A copy without the keys whose value is undefined. */
function withoutUndefined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutUndefined);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, withoutUndefined(x)]));
  }
  return v;
}

/** What holds for every state. */
function checkInvariants(s: ConfigState, rerun: ((selection: unknown) => ConfigState) | null): void {
  // Plain JSON (keys whose value is undefined, such as an attribute without a value, aside).
  assert.deepEqual(JSON.parse(JSON.stringify(s)), withoutUndefined(s), 'the state is plain JSON');
  assert.equal(s.complete, s.errors.length === 0, 'complete ⇔ no errors');
  for (const e of s.errors) assert.equal(e.severity, 'error');
  for (const w of s.warnings) assert.equal(w.severity, 'warning');
  for (const [path, o] of optionsByPath(s)) {
    if (o.hidden) assert.equal(o.selected, false, `${path} is hidden and selected`);
    if (o.auto) assert.equal(o.selected, true, `${path} has auto but is not selected`);
    if (o.features) assert.equal(o.selected, true, `${path} shows features but is not selected`);
    if (!o.available) assert.ok(o.reasons.length > 0, `${path} is unavailable without a reason`);
  }
  // Idempotent: configuring the resolved selection gives the same state (input errors, which
  // carry a path, are not reproduced by the resolved selection, so those cases are skipped).
  if (rerun && !s.errors.some((e) => e.path !== undefined)) {
    assert.deepEqual(rerun(s.selection), s, 'configure(state.selection) gives the same state');
  }
}

function runCase([name, catalog, sku, selection, expected, options]: Case): void {
  const s = configure(catalog, sku, selection, options);
  const { errors = [], warnings = [], someErrors, options: opts, selected, check, todoIdempotent: _todo, ...rest } = expected;
  match(s, rest, 'state');
  if (someErrors) matchMessages(s.errors, someErrors, `${name}: errors`, false);
  else matchMessages(s.errors, errors, `${name}: errors`, true);
  matchMessages(s.warnings, warnings, `${name}: warnings`, true);
  const byPath = optionsByPath(s);
  if (selected) assert.deepEqual([...byPath].filter(([, o]) => o.selected).map(([p]) => p), selected, 'selected options');
  for (const [path, want] of Object.entries(opts ?? {})) {
    const o = byPath.get(path);
    assert.ok(o, `option ${path} is in the state`);
    match(o, want, `option ${path}`);
  }
  check?.(s);
  checkInvariants(s, expected.todoIdempotent ? null : (sel2) => configure(catalog, sku, sel2, options));
}

/** The idempotence check alone (for the cases with a known bug there). */
function runIdempotence([, catalog, sku, selection, , options]: Case): void {
  const s = configure(catalog, sku, selection, options);
  assert.deepEqual(configure(catalog, sku, s.selection, options), s, 'configure(state.selection) gives the same state');
}

const table = (title: string, cases: Case[]) =>
  describe(title, () => {
    for (const c of cases) {
      it(c[0], () => runCase(c));
      if (c[4].todoIdempotent) it(`${c[0]} — idempotent`, { todo: c[4].todoIdempotent }, () => runIdempotence(c));
    }
  });

// ---------------------------------------------------------------------------------------
// Shorthands

const cat = (...rules: JsonObject[]) => configCatalog(rules);
const opt = (sku: string, qty?: string, options?: unknown[]) => ({ sku, ...(qty !== undefined ? { qty } : {}), ...(options ? { options } : {}) });
const ids = (...skus: string[]) => skus.map((s) => opt(s));

const cNeedsD = rule('c-needs-d', 'requires', { when: sel('C'), targets: ['D'] }, { en: 'C needs D', zh: 'C 需要 D' });
const cExclD = rule('c-excl-d', 'excludes', { when: sel('C'), targets: ['D'] }, { en: 'D cannot go with C', zh: 'D 不能与 C 同选' });
const cAutoE = rule('c-auto-e', 'autoSelect', { when: sel('C'), targets: ['E'] });
const blueHidesC = rule('blue-hides-c', 'hide', { when: color('blue'), targets: ['C'] }, { en: 'Blue has no C', zh: '蓝色没有 C' });

it('every fixture catalog passes validateCatalog', () => {
  for (const c of [cat(), cat(cNeedsD, cExclD, cAutoE, blueHidesC), configCatalogZh(), protoCatalog()]) {
    const v = validateCatalog(c);
    assert.deepEqual(v.errors.filter((e) => e.severity !== 'warning'), []);
    assert.equal(v.ok, true);
  }
});

// ---------------------------------------------------------------------------------------
// Defaults, exactly-these, features and quantities

table('selection: defaults, exactly these, features, quantities', [
  ['no options → the defaults (A) and the required option (R)', cat(), 'BNDL', {}, {
    complete: true, qty: '2', term: '12', name: 'Bundle', selected: ['A', 'R'],
    options: {
      A: { selected: true, default: true, qty: '1', lineQty: '2', available: true, hidden: false, reasons: [], auto: undefined, qtyPer: 'parent' },
      B: { selected: false, available: true },
      R: { selected: true, required: true, qty: '1', lineQty: '1', qtyPer: 'fixed' },
      C: { selected: false, qtyRange: { min: '1', max: '3' } },
    },
    selection: { qty: '2', term: '12', attributes: { color: 'red' }, options: [{ sku: 'A', qty: '1' }, { sku: 'R', qty: '1' }] },
  }],
  ['options [] → nothing but the required option; core below its min', cat(), 'BNDL', { options: [] }, {
    complete: false, selected: ['R'],
    errors: [{ featureId: 'core', sku: 'BNDL', message: 'Core module: choose at least 1 (chosen: 0).' }],
    selection: { options: [{ sku: 'R', qty: '1' }] },
  }],
  ['exactly these: B and C, the default A is not added', cat(), 'BNDL', { qty: '2', options: [opt('B'), opt('C', '2')] }, {
    complete: true, selected: ['B', 'C', 'R'],
    options: { A: { selected: false }, B: { lineQty: '2' }, C: { qty: '2', lineQty: '4' } },
    selection: { options: [{ sku: 'B', qty: '1' }, { sku: 'C', qty: '2' }, { sku: 'R', qty: '1' }] },
  }],
  ['the required option listed with its own quantity keeps it', cat(), 'BNDL', { options: [opt('A'), opt('R', '3')] }, {
    complete: true, selected: ['A', 'R'], options: { R: { qty: '3', lineQty: '3' } },
  }],
  ['too many in a feature (A and B in core, max 1) → error with featureId', cat(), 'BNDL', { options: ids('A', 'B') }, {
    complete: false, selected: ['A', 'B', 'R'],
    errors: [{ severity: 'error', featureId: 'core', sku: 'BNDL', message: 'Core module: choose at most 1 (chosen: 2).' }],
  }],
  ['too many extras (C, D, E; max 2)', cat(), 'BNDL', { options: ids('A', 'C', 'D', 'E') }, {
    errors: [{ featureId: 'extras', message: 'Extras: choose at most 2 (chosen: 3).' }],
  }],
  ['option qty above its range → error with the path of the qty', cat(), 'BNDL', { options: [opt('A'), opt('C', '5')] }, {
    errors: [{ sku: 'C', path: 'options[1].qty', message: 'The quantity of C name (5) is outside 1–3.' }],
    options: { C: { selected: true, qty: '5', lineQty: '10' } },
  }],
  ['option qty below its range', cat(), 'BNDL', { options: [opt('A'), opt('D', '0.5')] }, {
    errors: [{ sku: 'D', path: 'options[1].qty', message: 'The quantity of D name (0.5) is outside 1–10.' }],
  }],
  ['option qty zero or not a number → error, the default quantity is used', cat(), 'BNDL', { options: [opt('A', 'abc'), opt('C', '0')] }, {
    errors: [
      { sku: 'A', path: 'options[0].qty', message: /^The quantity of A / },
      { sku: 'C', path: 'options[1].qty', message: 'The quantity of C "0"; it must be a decimal greater than zero.' },
    ],
    options: { A: { qty: '1' }, C: { selected: true, qty: '1', lineQty: '2' } },
  }],
  ['qtyPer parent: lineQty = option qty × parent qty; fixed: lineQty = qty', cat(), 'BNDL', { qty: '4', options: [opt('A', '2'), opt('C', '3'), opt('D', '7')] }, {
    complete: true, qty: '4',
    options: { A: { qty: '2', lineQty: '8' }, C: { qty: '3', lineQty: '12' }, D: { qty: '7', lineQty: '7' }, R: { lineQty: '1' } },
    selection: { qty: '4', options: [{ sku: 'A', qty: '2' }, { sku: 'C', qty: '3' }, { sku: 'D', qty: '7' }, { sku: 'R', qty: '1' }] },
  }],
  ['a numeric (safe integer) option qty is accepted', cat(), 'BNDL', { options: [{ sku: 'A', qty: 3 }] }, {
    complete: true, options: { A: { qty: '3', lineQty: '6' } },
  }],
  ['unknown option SKU → error at options[i].sku, the rest still applies', cat(), 'BNDL', { options: [opt('A'), opt('ZZZ')] }, {
    errors: [{ path: 'options[1].sku', message: 'ZZZ is not an option of BNDL.' }],
    selected: ['A', 'R'], selection: { options: [{ sku: 'A', qty: '1' }, { sku: 'R', qty: '1' }] },
  }],
  ['a product of the catalog that is not an option of this bundle', cat(), 'BNDL', { options: [opt('A'), opt('F')] }, {
    errors: [{ path: 'options[1].sku', message: 'F is not an option of BNDL.' }],
  }],
  ['an entry without a SKU, and a non-object entry', cat(), 'BNDL', { options: [opt('A'), { qty: '1' }, 42] }, {
    errors: [
      { path: 'options[1].sku', message: 'An option needs its "sku".' },
      { path: 'options[2]', message: /^An option must be an object .*got 42\.$/ },
    ],
  }],
  ['the same option chosen twice → error; the first entry counts', cat(), 'BNDL', { options: [opt('A'), opt('A', '2')] }, {
    errors: [{ sku: 'A', path: 'options[1].sku', message: 'A name is chosen twice.' }],
    options: { A: { selected: true, qty: '1' } },
  }],
  ['options is a string → error at "options"; nothing but required is chosen', cat(), 'BNDL', { options: 'x' }, {
    selected: ['R'],
    errors: [{ path: 'options', message: 'options must be a list, got "x".' }, { featureId: 'core' }],
  }],
  ['options is an object', cat(), 'BNDL', { options: { sku: 'A' } }, {
    errors: [{ path: 'options', message: 'options must be a list, got an object.' }, { featureId: 'core' }],
  }],
  ['options null counts as absent → defaults', cat(), 'BNDL', { options: null }, { complete: true, selected: ['A', 'R'] }],
]);

// ---------------------------------------------------------------------------------------
// Each rule kind

table('rules: requires, excludes, validate', [
  ['requires satisfied', cat(cNeedsD), 'BNDL', { options: ids('A', 'C', 'D') }, { complete: true, selected: ['A', 'C', 'D', 'R'] }],
  ['requires unsatisfied → error with the rule id and message; no silent adding', cat(cNeedsD), 'BNDL', { options: ids('A', 'C') }, {
    complete: false, selected: ['A', 'C', 'R'],
    errors: [{ severity: 'error', ruleId: 'c-needs-d', message: 'C needs D' }],
    options: { D: { selected: false, available: true } },
  }],
  ['requires not holding', cat(cNeedsD), 'BNDL', { options: ids('A', 'D') }, { complete: true }],
  ['requires without a message → generic message naming the missing targets only', cat(rule('c-needs-de', 'requires', { when: sel('C'), targets: ['D', 'E'] })), 'BNDL', { options: ids('A', 'C', 'D') }, {
    errors: [{ ruleId: 'c-needs-de', message: 'Choose E name as well.' }],
  }],
  ['requires naming the root product is satisfied (the root is in selected)', cat(rule('c-needs-root', 'requires', { when: sel('C'), targets: ['BNDL'] })), 'BNDL', { options: ids('A', 'C') }, { complete: true }],
  ['requires naming another product (not the root) is not', cat(rule('c-needs-other', 'requires', { when: sel('C'), targets: ['OTHER'] })), 'BNDL', { options: ids('A', 'C') }, {
    errors: [{ ruleId: 'c-needs-other', message: 'Choose Other bundle as well.' }],
  }],
  ['excludes holding → target unavailable with the rule as reason, no error', cat(cExclD), 'BNDL', { options: ids('A', 'C') }, {
    complete: true,
    options: { D: { selected: false, available: false, hidden: false, reasons: [{ ruleId: 'c-excl-d', kind: 'excludes', message: 'D cannot go with C' }] } },
  }],
  ['excludes holding and the target selected → error naming the rule', cat(cExclD), 'BNDL', { options: ids('A', 'C', 'D') }, {
    complete: false,
    errors: [{ ruleId: 'c-excl-d', sku: 'D', path: 'options[2]', message: 'D name is not available: D cannot go with C' }],
    options: { D: { selected: true, available: false, reasons: [{ ruleId: 'c-excl-d', kind: 'excludes' }] } },
  }],
  ['excludes not holding → available', cat(cExclD), 'BNDL', { options: ids('A', 'D') }, {
    complete: true, options: { D: { selected: true, available: true, reasons: [] } },
  }],
  ['excludes without a message → generic reason', cat(rule('c-excl-d2', 'excludes', { when: sel('C'), targets: ['D'] })), 'BNDL', { options: ids('A', 'C') }, {
    options: { D: { available: false, reasons: [{ ruleId: 'c-excl-d2', kind: 'excludes', message: 'D name cannot be chosen with this configuration.' }] } },
  }],
  ['excludes of the root product → error', cat(rule('no-blue', 'excludes', { when: color('blue'), targets: ['BNDL'] }, { en: 'No blue bundles', zh: '没有蓝色套餐' })), 'BNDL', { attributes: { color: 'blue' } }, {
    complete: false, errors: [{ ruleId: 'no-blue', sku: 'BNDL', message: 'No blue bundles' }],
  }],
  ['excludes of the root product, not holding', cat(rule('no-blue', 'excludes', { when: color('blue'), targets: ['BNDL'] })), 'BNDL', { attributes: { color: 'red' } }, { complete: true }],
  ['validate error holding', cat(rule('big', 'validate', { when: { '>': [{ var: 'qty' }, 50] } }, { en: 'Too big', zh: '太大' })), 'BNDL', { qty: '60' }, {
    complete: false, errors: [{ severity: 'error', ruleId: 'big', message: 'Too big' }],
  }],
  ['validate error not holding', cat(rule('big', 'validate', { when: { '>': [{ var: 'qty' }, 50] } }, { en: 'Too big', zh: '太大' })), 'BNDL', { qty: '50' }, { complete: true }],
  ['validate warning → warning, still complete', cat(rule('small', 'validate', { when: { '<': [{ var: 'qty' }, 5] }, severity: 'warning' }, { en: 'Few seats', zh: '用户少' })), 'BNDL', {}, {
    complete: true, warnings: [{ severity: 'warning', ruleId: 'small', message: 'Few seats' }],
  }],
  ['validate reading term, without a message → generic message', cat(rule('long', 'validate', { when: { '>=': [{ var: 'term' }, 24] } })), 'BNDL', { term: '24' }, {
    term: '24', errors: [{ ruleId: 'long', message: 'This combination is not offered.' }],
  }],
  ['validate reading quote facts (options.quote)', cat(rule('vip', 'validate', { when: { '==': [{ var: 'quote.customer.segment' }, 'smb'] }, severity: 'warning' }, { en: 'SMB', zh: '小客户' })), 'BNDL', {}, {
    warnings: [{ ruleId: 'vip', message: 'SMB' }],
  }, { quote: { customer: { segment: 'smb' } } }],
  ['a rule reading sku', cat(rule('is-bndl', 'validate', { when: { '==': [{ var: 'sku' }, 'BNDL'] }, severity: 'warning' }, { en: 'It is BNDL', zh: '是 BNDL' })), 'BNDL', {}, {
    warnings: [{ ruleId: 'is-bndl' }],
  }],
  ['a rule reading an option line quantity from selected', cat(rule('many-c', 'validate', { when: { '>=': [{ var: 'selected.C' }, 6] } }, { en: 'Too many C', zh: 'C 太多' })), 'BNDL', { qty: '3', options: [opt('A'), opt('C', '2')] }, {
    errors: [{ ruleId: 'many-c', message: 'Too many C' }],
  }],
]);

table('rules: autoSelect, hide, setQty', [
  ['autoSelect holding → target selected, auto reasons, in the resolved selection', cat(cAutoE), 'BNDL', { options: ids('A', 'C') }, {
    complete: true, selected: ['A', 'C', 'E', 'R'],
    options: { E: { selected: true, auto: [{ ruleId: 'c-auto-e', kind: 'autoSelect', message: 'E name comes with this choice.' }] }, C: { auto: undefined } },
    selection: { options: [{ sku: 'A', qty: '1' }, { sku: 'C', qty: '1' }, { sku: 'E', qty: '1' }, { sku: 'R', qty: '1' }] },
  }],
  ['autoSelect not holding', cat(cAutoE), 'BNDL', { options: ids('A') }, { selected: ['A', 'R'], options: { E: { selected: false, auto: undefined } } }],
  ['autoSelect with its own message; the target already chosen keeps auto', cat(rule('c-auto-e', 'autoSelect', { when: sel('C'), targets: ['E'] }, { en: 'C brings E', zh: 'C 自带 E' })), 'BNDL', { options: ids('A', 'C', 'E') }, {
    options: { E: { selected: true, auto: [{ ruleId: 'c-auto-e', kind: 'autoSelect', message: 'C brings E' }] } },
  }],
  ['autoSelect pushing a feature over its max → feature error', cat(cAutoE), 'BNDL', { options: ids('A', 'C', 'D') }, {
    selected: ['A', 'C', 'D', 'E', 'R'], errors: [{ featureId: 'extras', message: 'Extras: choose at most 2 (chosen: 3).' }],
  }],
  ['hide holding → hidden, not selected although chosen, no error', cat(blueHidesC), 'BNDL', { attributes: { color: 'blue' }, options: ids('A', 'C') }, {
    complete: true, selected: ['A', 'R'],
    options: { C: { selected: false, hidden: true, available: false, reasons: [{ ruleId: 'blue-hides-c', kind: 'hide', message: 'Blue has no C' }] } },
    selection: { attributes: { color: 'blue' }, options: [{ sku: 'A', qty: '1' }, { sku: 'R', qty: '1' }] },
  }],
  ['hide of an option chosen with its own quantity: dropped without error', cat(blueHidesC), 'BNDL', { attributes: { color: 'blue' }, options: [opt('A'), opt('C', '3')] }, {
    // The dropped choice's quantity goes with it: C shows its default quantity.
    complete: true, selected: ['A', 'R'], options: { C: { selected: false, hidden: true, qty: '1', lineQty: '2' } },
    selection: { options: [{ sku: 'A', qty: '1' }, { sku: 'R', qty: '1' }] },
  }],
  ['hide of an option chosen with its own quantity that a setQty rule also sets', cat(
    rule('blue-hides-d', 'hide', { when: color('blue'), targets: ['D'] }),
    rule('d-five', 'setQty', { targets: ['D'], qty: 5 }),
  ), 'BNDL', { attributes: { color: 'blue' }, options: [opt('A'), opt('D', '3')] }, {
    complete: true, selected: ['A', 'R'], options: { D: { selected: false, hidden: true } },
  }],
  ['a hidden option the user chose, whose setQty gives no quantity: no error (it is not selected)', cat(
    rule('blue-hides-d', 'hide', { when: color('blue'), targets: ['D'] }),
    rule('d-from-c', 'setQty', { targets: ['D'], qty: { var: 'selected.C' } }),
  ), 'BNDL', { attributes: { color: 'blue' }, options: [opt('A'), opt('D', '3')] }, {
    // Found by the idempotence property: the error once came from the round before the hide applied.
    complete: true, selected: ['A', 'R'], options: { D: { selected: false, hidden: true } },
  }],
  ['hide not holding', cat(blueHidesC), 'BNDL', { attributes: { color: 'red' }, options: ids('A', 'C') }, {
    selected: ['A', 'C', 'R'], options: { C: { hidden: false, available: true, reasons: [] } },
  }],
  ['hide a default option → the default is dropped; the feature min then fails', cat(rule('blue-hides-a', 'hide', { when: color('blue'), targets: ['A'] })), 'BNDL', { attributes: { color: 'blue' } }, {
    selected: ['R'], options: { A: { hidden: true, reasons: [{ ruleId: 'blue-hides-a', kind: 'hide', message: 'A name is not offered with this configuration.' }] } },
    errors: [{ featureId: 'core' }],
  }],
  ['autoSelect of a hidden option → error naming both rules; hidden wins', cat(cAutoE, rule('blue-hides-e', 'hide', { when: color('blue'), targets: ['E'] })), 'BNDL', { attributes: { color: 'blue' }, options: ids('A', 'C') }, {
    selected: ['A', 'C', 'R'],
    errors: [{ ruleId: 'c-auto-e', sku: 'E', message: 'Rule c-auto-e selects E name, which rule blue-hides-e hides.' }],
  }],
  ['setQty with a constant', cat(rule('d-five', 'setQty', { when: sel('D'), targets: ['D'], qty: 5 })), 'BNDL', { options: [opt('A'), opt('D', '9')] }, {
    complete: true, options: { D: { qty: '5', lineQty: '5' } },
    selection: { options: [{ sku: 'A', qty: '1' }, { sku: 'D', qty: '5' }, { sku: 'R', qty: '1' }] },
  }],
  ['setQty with an expression on qty (qty 2 → 1 per unit)', cat(rule('c-by-qty', 'setQty', { when: sel('C'), targets: ['C'], qty: { if: [{ '>=': [{ var: 'qty' }, 3] }, 2, 1] } })), 'BNDL', { qty: '2', options: ids('A', 'C') }, {
    complete: true, options: { C: { qty: '1', lineQty: '2' } },
  }],
  ['setQty with an expression on qty (qty 4 → 2 per unit)', cat(rule('c-by-qty', 'setQty', { when: sel('C'), targets: ['C'], qty: { if: [{ '>=': [{ var: 'qty' }, 3] }, 2, 1] } })), 'BNDL', { qty: '4', options: ids('A', 'C') }, {
    complete: true, options: { C: { qty: '2', lineQty: '8' } },
  }],
  ['setQty giving a decimal string', cat(rule('d-str', 'setQty', { targets: ['D'], qty: '2.5' })), 'BNDL', { options: ids('A', 'D') }, {
    complete: true, options: { D: { qty: '2.5', lineQty: '2.5' } },
  }],
  ['setQty giving 0 → error; the quantity stays', cat(rule('d-zero', 'setQty', { when: sel('D'), targets: ['D'], qty: 0 })), 'BNDL', { options: ids('A', 'D') }, {
    complete: false, options: { D: { qty: '2' } },
    errors: [{ ruleId: 'd-zero', sku: 'D', message: 'Rule d-zero gives D name the quantity 0; a quantity must be a number greater than zero.' }],
  }],
  ['setQty giving a negative number → error', cat(rule('d-neg', 'setQty', { when: sel('D'), targets: ['D'], qty: { '-': [0, 3] } })), 'BNDL', { options: ids('A', 'D') }, {
    errors: [{ ruleId: 'd-neg', sku: 'D', message: 'Rule d-neg gives D name the quantity -3; a quantity must be a number greater than zero.' }],
  }],
  ['setQty giving a string → error', cat(rule('d-str', 'setQty', { when: sel('D'), targets: ['D'], qty: 'lots' })), 'BNDL', { options: ids('A', 'D') }, {
    errors: [{ ruleId: 'd-str', sku: 'D', message: 'Rule d-str gives D name the quantity "lots"; a quantity must be a number greater than zero.' }],
  }],
  ['setQty giving null → error', cat(rule('d-null', 'setQty', { when: sel('D'), targets: ['D'], qty: { var: 'quote.none' } })), 'BNDL', { options: ids('A', 'D') }, {
    errors: [{ ruleId: 'd-null', sku: 'D', message: 'Rule d-null gives D name the quantity null; a quantity must be a number greater than zero.' }],
  }],
  ['setQty outside the option range → qty range error naming the rule', cat(rule('d-big', 'setQty', { when: sel('D'), targets: ['D'], qty: 20 })), 'BNDL', { options: ids('A', 'D') }, {
    options: { D: { qty: '20' } },
    errors: [{ ruleId: 'd-big', sku: 'D', path: 'options[1].qty', message: 'The quantity of D name (20) is outside 1–10.' }],
  }],
  ['setQty not holding → the user quantity stays', cat(rule('d-five', 'setQty', { when: sel('C'), targets: ['D'], qty: 5 })), 'BNDL', { options: [opt('A'), opt('D', '9')] }, {
    options: { D: { qty: '9' } },
  }],
]);

table('rules: chains to a fixed point and cycles', [
  ['autoSelect chain: C → S1 (second rule) → S2 (first rule)', cat(
    rule('s1-auto-s2', 'autoSelect', { when: sel('S1'), targets: ['S2'] }),
    rule('c-auto-s1', 'autoSelect', { when: sel('C'), targets: ['S1'] }),
  ), 'BNDL', { options: ids('A', 'C') }, {
    complete: true, selected: ['A', 'C', 'R', 'S1', 'S2'],
    options: { S1: { auto: [{ ruleId: 'c-auto-s1' }] }, S2: { auto: [{ ruleId: 's1-auto-s2' }] } },
    selection: { options: [{ sku: 'A', qty: '1' }, { sku: 'C', qty: '1' }, { sku: 'R', qty: '1' }, { sku: 'S1', qty: '1' }, { sku: 'S2', qty: '1' }] },
  }],
  ['chain undone: without C nothing is auto-selected', cat(
    rule('s1-auto-s2', 'autoSelect', { when: sel('S1'), targets: ['S2'] }),
    rule('c-auto-s1', 'autoSelect', { when: sel('C'), targets: ['S1'] }),
  ), 'BNDL', { options: ids('A') }, { selected: ['A', 'R'] }],
  ['setQty, then a rule reading the new quantity (qty 2 → S1 4 → warning)', cat(
    rule('s1-big', 'validate', { when: { '>=': [{ var: 'selected.S1' }, 4] }, severity: 'warning' }, { en: 'Many S1', zh: 'S1 很多' }),
    rule('s1-double', 'setQty', { when: sel('S1'), targets: ['S1'], qty: { '*': [{ var: 'qty' }, 2] } }),
  ), 'BNDL', { qty: '2', options: ids('A', 'S1') }, {
    complete: true, options: { S1: { qty: '4', lineQty: '4' } }, warnings: [{ ruleId: 's1-big', message: 'Many S1' }],
  }],
  ['setQty, then a rule reading the new quantity (qty 1 → S1 2 → no warning)', cat(
    rule('s1-big', 'validate', { when: { '>=': [{ var: 'selected.S1' }, 4] }, severity: 'warning' }, { en: 'Many S1', zh: 'S1 很多' }),
    rule('s1-double', 'setQty', { when: sel('S1'), targets: ['S1'], qty: { '*': [{ var: 'qty' }, 2] } }),
  ), 'BNDL', { qty: '1', options: ids('A', 'S1') }, { options: { S1: { qty: '2' } }, warnings: [] }],
  ['setQty on S1 then autoSelect reading it: S1 ≥ 3 selects S3', cat(
    rule('s1-auto-s3', 'autoSelect', { when: { '>=': [{ var: 'selected.S1' }, 3] }, targets: ['S3'] }),
    rule('s1-three', 'setQty', { when: sel('S1'), targets: ['S1'], qty: 3 }),
  ), 'BNDL', { options: ids('A', 'S1') }, { selected: ['A', 'R', 'S1', 'S3'], options: { S1: { qty: '3' }, S3: { auto: [{ ruleId: 's1-auto-s3' }] } } }],
  ['autoSelect then setQty on the auto-selected option', cat(
    rule('c-auto-s1', 'autoSelect', { when: sel('C'), targets: ['S1'] }),
    rule('s1-seven', 'setQty', { when: sel('S1'), targets: ['S1'], qty: 7 }),
  ), 'BNDL', { options: ids('A', 'C') }, { selected: ['A', 'C', 'R', 'S1'], options: { S1: { qty: '7', lineQty: '7' } } }],
  ['autoSelect then requires on the auto-selected option', cat(
    rule('c-auto-s1', 'autoSelect', { when: sel('C'), targets: ['S1'] }),
    rule('s1-needs-s2', 'requires', { when: sel('S1'), targets: ['S2'] }, { en: 'S1 needs S2', zh: 'S1 需要 S2' }),
  ), 'BNDL', { options: ids('A', 'C') }, { errors: [{ ruleId: 's1-needs-s2', message: 'S1 needs S2' }] }],
  ['autoSelect then excludes of the auto-selected target', cat(
    rule('c-auto-s1', 'autoSelect', { when: sel('C'), targets: ['S1'] }),
    rule('c-excl-s1', 'excludes', { when: sel('C'), targets: ['S1'] }),
  ), 'BNDL', { options: ids('A', 'C') }, {
    options: { S1: { selected: true, available: false } },
    errors: [{ ruleId: 'c-excl-s1', sku: 'S1', message: /^S1 name is not available: / }],
  }],
  // The cycles only start when C is chosen (or the colour is blue): a catalog whose default
  // configuration is not complete does not pass validateCatalog.
  ['cycle: autoSelect S1 when not S2, autoSelect S2 when not S1 → error naming both, no hang', cat(
    rule('cyc-a', 'autoSelect', { when: { and: [sel('C'), notSel('S2')] }, targets: ['S1'] }),
    rule('cyc-b', 'autoSelect', { when: { and: [sel('C'), notSel('S1')] }, targets: ['S2'] }),
  ), 'BNDL', { options: ids('A', 'C') }, {
    complete: false,
    someErrors: [{ ruleId: 'cyc-a', message: "Rules cyc-a, cyc-b keep changing each other's result and never settle." }],
  }],
  ['cycle: hide A when A is selected, A default → error naming the rule', cat(rule('hide-a', 'hide', { when: { and: [sel('A'), color('blue')] }, targets: ['A'] })), 'BNDL', { attributes: { color: 'blue' } }, {
    complete: false, someErrors: [{ ruleId: 'hide-a', message: /^Rules hide-a keep changing/ }],
  }],
  // validateCatalog rejects a setQty cycle it can see (next case); a computed fact name hides it
  // from validation, so the engine's own guard has to stop it.
  ['runaway setQty (S1 := S1 + 1, through a computed name) is stopped and reported', cat(rule('s1-grow', 'setQty', { when: sel('S1'), targets: ['S1'], qty: { '+': [{ var: { cat: ['selected.', 'S1'] } }, 1] } })), 'BNDL', { options: ids('A', 'S1') }, {
    complete: false, someErrors: [{ ruleId: 's1-grow', message: "Rules s1-grow keep changing each other's result and never settle." }],
  }],
  ['a setQty cycle validation can see → the catalog is not valid', cat(rule('s1-grow', 'setQty', { when: sel('S1'), targets: ['S1'], qty: { '+': [{ var: 'selected.S1' }, 1] } })), 'BNDL', { options: ids('A', 'S1') }, {
    complete: false, features: [], someErrors: [{ message: /^The catalog is not valid at rules\[0\]: .*s1-grow/ }],
  }],
  ['two autoSelects that agree converge (no false cycle)', cat(
    rule('c-auto-s1', 'autoSelect', { when: sel('C'), targets: ['S1'] }),
    rule('s1-auto-c', 'autoSelect', { when: sel('S1'), targets: ['C'] }),
  ), 'BNDL', { options: ids('A', 'S1') }, { complete: true, selected: ['A', 'C', 'R', 'S1'] }],
]);

// ---------------------------------------------------------------------------------------
// Nested bundles

const nested = (...rules: JsonObject[]) => configCatalog(rules);

table('nested bundles (NEST → SUB → N1/N2/N3)', [
  ['defaults inside the nested bundle; lineQty multiplies down the tree', nested(), 'NEST', {}, {
    complete: true, qty: '3', selected: ['SUB', 'SUB/N1'],
    options: {
      SUB: { selected: true, qty: '2', lineQty: '6', features: [{ id: 'sub', name: 'Sub options', min: 1, max: 2 }] },
      'SUB/N1': { selected: true, qty: '1', lineQty: '6' },
      'SUB/N3': { selected: false },
      F: { selected: false, features: undefined },
    },
    selection: { qty: '3', attributes: {}, options: [{ sku: 'SUB', qty: '2', options: [{ sku: 'N1', qty: '1' }] }] },
  }],
  ['nested bundle listed without options → its defaults', nested(), 'NEST', { options: [opt('SUB')] }, { selected: ['SUB', 'SUB/N1'] }],
  ['nested options: exactly these inside the bundle', nested(), 'NEST', { qty: '5', options: [opt('SUB', '1', [opt('N2', '2'), opt('N3', '4')]), opt('F')] }, {
    complete: true, selected: ['SUB', 'SUB/N2', 'SUB/N3', 'F'],
    options: { SUB: { lineQty: '5' }, 'SUB/N1': { selected: false }, 'SUB/N2': { qty: '2', lineQty: '10' }, 'SUB/N3': { qty: '4', lineQty: '4' } },
    selection: { qty: '5', options: [{ sku: 'SUB', qty: '1', options: [{ sku: 'N2', qty: '2' }, { sku: 'N3', qty: '4' }] }, { sku: 'F', qty: '1' }] },
  }],
  ['nested feature below its min → error with the nested featureId', nested(), 'NEST', { options: [opt('SUB', '1', [])] }, {
    errors: [{ featureId: 'sub', sku: 'SUB', message: 'Sub options: choose at least 1 (chosen: 0).' }],
  }],
  ['nested feature above its max', nested(), 'NEST', { options: [opt('SUB', '1', ids('N1', 'N2', 'N3'))] }, {
    errors: [{ featureId: 'sub', sku: 'SUB', message: 'Sub options: choose at most 2 (chosen: 3).' }],
  }],
  ['nested option qty out of range → path inside the nested list', nested(), 'NEST', { options: [opt('SUB', '1', [opt('N2', '3')])] }, {
    errors: [{ sku: 'N2', path: 'options[0].options[0].qty', message: 'The quantity of N2 name (3) is outside 1–2.' }],
  }],
  ['unknown option inside the nested bundle', nested(), 'NEST', { options: [opt('SUB', '1', [opt('N1'), opt('A')])] }, {
    errors: [{ path: 'options[0].options[1].sku', message: 'A is not an option of SUB.' }],
  }],
  ['nested options not a list', nested(), 'NEST', { options: [{ sku: 'SUB', options: 'N1' }] }, {
    errors: [{ path: 'options[0].options', message: 'options must be a list, got "N1".' }, { featureId: 'sub' }],
  }],
  ['the nested bundle not chosen → no nested features, no nested selection', nested(), 'NEST', { options: ids('F') }, {
    selected: ['F'], options: { SUB: { selected: false, features: undefined } },
    errors: [{ featureId: 'main', message: 'Main: choose at least 1 (chosen: 0).' }],
    selection: { options: [{ sku: 'F', qty: '1' }] },
  }],
  ['a rule auto-selecting an option inside the nested bundle', nested(rule('n3-auto', 'autoSelect', { when: { '>=': [{ var: 'qty' }, 5] }, targets: ['N3'] })), 'NEST', { qty: '5' }, {
    complete: true, selected: ['SUB', 'SUB/N1', 'SUB/N3'],
    options: { 'SUB/N3': { auto: [{ ruleId: 'n3-auto', kind: 'autoSelect' }] } },
    selection: { options: [{ sku: 'SUB', qty: '2', options: [{ sku: 'N1', qty: '1' }, { sku: 'N3', qty: '1' }] }] },
  }],
  ['a rule excluding an option chosen inside the nested bundle → error with its nested path', nested(rule('f-excl-n2', 'excludes', { when: sel('F'), targets: ['N2'] })), 'NEST', { options: [opt('SUB', '1', ids('N2')), opt('F')] }, {
    errors: [{ ruleId: 'f-excl-n2', sku: 'N2', path: 'options[0].options[0]', message: 'N2 name is not available: N2 name cannot be chosen with this configuration.' }],
  }],
  ['a rule reading a nested line quantity (N1 = 1 × SUB 2 × 3)', nested(rule('n1-six', 'validate', { when: { '==': [{ var: 'selected.N1' }, 6] }, severity: 'warning' }, { en: 'Six N1', zh: '六个 N1' })), 'NEST', {}, {
    warnings: [{ ruleId: 'n1-six' }],
  }],
  ['requires from inside the nested bundle', nested(rule('n2-needs-f', 'requires', { when: sel('N2'), targets: ['F'] })), 'NEST', { options: [opt('SUB', '1', ids('N2'))] }, {
    errors: [{ ruleId: 'n2-needs-f', message: 'Choose F name as well.' }],
  }],
  ['hiding the nested bundle drops its options from the facts too', nested(
    rule('big-hides-sub', 'hide', { when: { '>=': [{ var: 'qty' }, 10] }, targets: ['SUB'] }),
    rule('n1-check', 'validate', { when: sel('N1'), severity: 'warning' }, { en: 'N1 on', zh: 'N1 已选' }),
  ), 'NEST', { qty: '10', options: [opt('SUB'), opt('F')] }, {
    selected: ['F'], options: { SUB: { hidden: true, selected: false, features: undefined } },
    errors: [{ featureId: 'main' }], warnings: [],
  }],
  ['setQty inside the nested bundle multiplies by the nested parent line', nested(rule('n1-two', 'setQty', { targets: ['N1'], qty: 2 })), 'NEST', { qty: '3' }, {
    options: { SUB: { lineQty: '6' }, 'SUB/N1': { qty: '2', lineQty: '12' } },
  }],
  ['the nested product configured on its own', nested(), 'SUB', {}, { complete: true, qty: '1', selected: ['N1'], options: { N1: { lineQty: '1' } } }],
]);

// ---------------------------------------------------------------------------------------
// products restriction, localization, attributes, quantities

const onlyBndl = rule('only-bndl', 'validate', { products: ['BNDL'] }, { en: 'Bundle rule', zh: '套餐规则' });
const onlySub = rule('only-sub', 'validate', { products: ['SUB'], severity: 'warning' }, { en: 'Sub rule', zh: '子套餐规则' });

table('products restriction', [
  ['a rule restricted to BNDL fires on BNDL', cat(onlyBndl), 'BNDL', {}, { errors: [{ ruleId: 'only-bndl', message: 'Bundle rule' }] }],
  ['a rule restricted to BNDL does not fire on OTHER', cat(onlyBndl), 'OTHER', {}, { complete: true, errors: [] }],
  ['a restricted autoSelect does not act on OTHER (A is an option of both)', cat(rule('bndl-auto-b', 'autoSelect', { products: ['BNDL'], when: sel('C'), targets: ['B'] })), 'OTHER', { options: ids('A') }, {
    selected: ['A'], options: { B: { selected: false, auto: undefined } },
  }],
  ['a rule restricted to SUB fires on NEST (SUB is a bundle in its tree)', cat(onlySub), 'NEST', {}, { warnings: [{ ruleId: 'only-sub', message: 'Sub rule' }] }],
  ['a rule restricted to SUB does not fire on BNDL', cat(onlySub), 'BNDL', {}, { warnings: [] }],
]);

table('localization', [
  ['rule message in zh-CN', cat(cNeedsD), 'BNDL', { options: ids('A', 'C') }, {
    name: '套餐', errors: [{ ruleId: 'c-needs-d', message: 'C 需要 D' }],
    options: { A: { name: 'A（中）' } },
    check: (s) => assert.equal(s.features[0]!.name, '核心模块'),
  }, { locale: 'zh-CN' }],
  ['rule message in en', cat(cNeedsD), 'BNDL', { options: ids('A', 'C') }, {
    name: 'Bundle', errors: [{ ruleId: 'c-needs-d', message: 'C needs D' }], options: { A: { name: 'A name' } },
  }, { locale: 'en' }],
  ['en-GB falls back to the en message', cat(cNeedsD), 'BNDL', { options: ids('A', 'C') }, {
    errors: [{ ruleId: 'c-needs-d', message: 'C needs D' }],
  }, { locale: 'en-GB' }],
  ['generic messages in zh-CN when the rule has none', cat(rule('c-needs-d', 'requires', { when: sel('C'), targets: ['D'] })), 'BNDL', { options: ids('C') }, {
    errors: [
      { ruleId: 'c-needs-d', message: '还需要选择D（中）。' },
      { featureId: 'core', message: '核心模块：至少选择 1 项（已选 0 项）。' },
    ],
  }, { locale: 'zh-CN' }],
  ['the catalog default locale (zh-CN) applies without options.locale', configCatalogZh([cExclD]), 'BNDL', { options: ids('A', 'C', 'D') }, {
    errors: [{ ruleId: 'c-excl-d', message: 'D（中）不可选：D 不能与 C 同选' }],
    options: { D: { reasons: [{ ruleId: 'c-excl-d', kind: 'excludes', message: 'D 不能与 C 同选' }] } },
  }],
  ['reasons and auto in zh-CN', cat(blueHidesC, cAutoE), 'BNDL', { attributes: { color: 'blue' }, options: ids('A', 'D') }, {
    options: { C: { reasons: [{ ruleId: 'blue-hides-c', kind: 'hide', message: '蓝色没有 C' }] } },
  }, { locale: 'zh-CN' }],
  ['generic auto reason in zh-CN', cat(cAutoE), 'BNDL', { options: ids('A', 'C') }, {
    options: { E: { auto: [{ ruleId: 'c-auto-e', kind: 'autoSelect', message: '此选择会同时包含E（中）。' }] } },
  }, { locale: 'zh-CN' }],
  ['selection errors in zh-CN', cat(), 'BNDL', { options: [opt('A'), opt('ZZZ'), opt('A')] }, {
    errors: [
      { path: 'options[1].sku', message: 'ZZZ 不是 BNDL 的可选项。' },
      { path: 'options[2].sku', message: 'A（中）被重复选择。' },
    ],
  }, { locale: 'zh-CN' }],
]);

table('attributes, qty and term', [
  ['attribute defaults are filled in', cat(), 'BNDL', {}, {
    attributes: [{ id: 'color', name: 'Color', value: 'red', required: false, values: [{ id: 'red', name: 'Red' }, { id: 'blue', name: 'Blue' }] }],
    selection: { attributes: { color: 'red' } },
  }],
  ['a chosen attribute value', cat(), 'BNDL', { attributes: { color: 'blue' } }, { attributes: [{ id: 'color', value: 'blue' }], selection: { attributes: { color: 'blue' } } }],
  ['unknown attribute → error with attributeId', cat(), 'BNDL', { attributes: { size: 'L' } }, {
    errors: [{ attributeId: 'size', path: 'attributes.size', message: 'BNDL has no attribute size.' }],
    selection: { attributes: { color: 'red' } },
  }],
  ['bad attribute value → error; the default stays', cat(), 'BNDL', { attributes: { color: 'green' } }, {
    attributes: [{ id: 'color', value: 'red' }],
    errors: [{ attributeId: 'color', path: 'attributes.color', message: 'Attribute color cannot be "green"; choose one of red, blue.' }],
  }],
  ['non-string attribute value', cat(), 'BNDL', { attributes: { color: 5 } }, {
    errors: [{ attributeId: 'color', message: 'Attribute color cannot be 5; choose one of red, blue.' }],
  }],
  ['attributes not an object', cat(), 'BNDL', { attributes: 'blue' }, {
    errors: [{ path: 'attributes', message: 'attributes must be an object, got "blue".' }],
  }],
  ['required attribute missing → error with attributeId', cat(), 'REQATTR', {}, {
    complete: false, attributes: [{ id: 'region', value: null, required: true }],
    errors: [{ attributeId: 'region', path: 'attributes', message: 'Attribute region is required.' }],
  }],
  ['required attribute given', cat(), 'REQATTR', { attributes: { region: 'cn' } }, { complete: true, features: [], selection: { attributes: { region: 'cn' }, options: [] } }],
  ['qty above the product range → error at "qty"', cat(), 'BNDL', { qty: '500' }, {
    qty: '500', errors: [{ path: 'qty', message: 'Quantity 500 is outside 1–100.' }],
  }],
  ['qty zero → error at "qty", the default is used', cat(), 'BNDL', { qty: '0' }, {
    qty: '2', errors: [{ path: 'qty', message: 'The quantity "0"; it must be a decimal greater than zero.' }],
  }],
  ['qty not a multiple of the step', cat(), 'BNDL', { qty: '1.5' }, { errors: [{ path: 'qty', message: '1.5 is not a multiple of the step 1.' }] }],
  ['qty as a safe integer number', cat(), 'BNDL', { qty: 5 }, { complete: true, qty: '5', selection: { qty: '5' } }],
  ['qty as an unsafe number / float → error', cat(), 'BNDL', { qty: 2.5 }, { errors: [{ path: 'qty' }] }],
  ['term above the range → error at "term"', cat(), 'BNDL', { term: '40' }, { term: '40', errors: [{ path: 'term', message: 'Term 40 is outside 1–36.' }] }],
  ['term not a number → error at "term"', cat(), 'BNDL', { term: 'long' }, { term: '12', errors: [{ path: 'term', message: /^The term / }] }],
  ['a product without a term has no term in the state', cat(), 'NEST', { term: '12' }, { term: undefined, selection: { term: undefined } }],
]);

// ---------------------------------------------------------------------------------------
// Bad input never throws

const protoSelection = JSON.parse('{"qty":"2","attributes":{"__proto__":"x","constructor":"red"},"options":[{"sku":"__proto__"},{"sku":"constructor"},{"sku":"A","__proto__":{"qty":"9"}}]}');

table('bad input never throws', [
  ['selection null → defaults', cat(), 'BNDL', null, { complete: true, selected: ['A', 'R'] }],
  ['selection 42 → defaults', cat(), 'BNDL', 42, { complete: true, selected: ['A', 'R'] }],
  ['selection "x" → defaults', cat(), 'BNDL', 'x', { complete: true, selected: ['A', 'R'] }],
  ['selection [] → defaults', cat(), 'BNDL', [], { complete: true, selected: ['A', 'R'] }],
  ['selection undefined → defaults', cat(), 'BNDL', undefined, { complete: true, selected: ['A', 'R'] }],
  ['unknown product → error, empty state', cat(), 'NOPE', {}, {
    complete: false, sku: 'NOPE', features: [], errors: [{ message: 'Product NOPE is not in the catalog.' }],
  }],
  ['product SKU not a string', cat(), 42, {}, { complete: false, errors: [{ message: 'Product 42 is not in the catalog.' }] }],
  ['invalid catalog ({}) → errors naming where', {}, 'BNDL', {}, {
    complete: false, features: [],
    check: (s) => {
      assert.ok(s.errors.length > 0);
      for (const e of s.errors) assert.match(e.message, /^The catalog is not valid at /);
    },
    someErrors: [{ message: /^The catalog is not valid at id: / }],
  }],
  ['catalog null', null, 'BNDL', {}, { complete: false, someErrors: [{ message: /^The catalog is not valid at \(root\): / }] }],
  ['catalog a string', 'catalog', 'BNDL', {}, { complete: false, someErrors: [{ message: /not valid/ }] }],
  ['catalog with an invalid rule (unknown kind)', configCatalog([{ id: 'x', kind: 'explode', targets: ['A'] }]), 'BNDL', {}, {
    complete: false, someErrors: [{ message: /^The catalog is not valid at rules\[0\]\.kind: / }],
  }],
  ['__proto__ / constructor as option SKUs and attribute keys pollute nothing', cat(), 'BNDL', protoSelection, {
    errors: [
      { attributeId: '__proto__', path: 'attributes.__proto__', message: 'BNDL has no attribute __proto__.' },
      { attributeId: 'constructor', path: 'attributes.constructor', message: 'BNDL has no attribute constructor.' },
      { path: 'options[0].sku', message: '__proto__ is not an option of BNDL.' },
      { path: 'options[1].sku', message: 'constructor is not an option of BNDL.' },
    ],
    selected: ['A', 'R'], options: { A: { qty: '1' } },
    check: (s) => {
      assert.equal(({} as Record<string, unknown>).x, undefined);
      assert.equal(({} as Record<string, unknown>).qty, undefined);
      assert.equal(Object.getPrototypeOf(s.selection.attributes), Object.prototype);
      assert.deepEqual(Object.keys(s.selection.attributes), ['color']);
      assert.equal(s.selection.attributes.color, 'red');
    },
  }],
  ['SKUs named constructor / toString are plain names in the rule facts (selected)', protoCatalog(), 'HOST', {}, {
    complete: true, selected: ['constructor', 'toString'], options: { toString: { auto: [{ ruleId: 'ctor-auto' }] } },
  }],
  ['selected.constructor is not inherited when constructor is not chosen', protoCatalog(), 'HOST', { options: [] }, {
    complete: true, selected: [], options: { toString: { selected: false, auto: undefined } },
  }],
]);

describe('bad input: more junk never throws', () => {
  it('odd catalogs, SKUs, selections and options', () => {
    const catalogs: unknown[] = [undefined, null, 0, 'x', [], {}, { products: 'x' }, cat(), configCatalog([rule('v', 'validate', { when: { var: '' } })])];
    const skus: unknown[] = [undefined, null, 'BNDL', 'NEST', 'A', 42, {}, '__proto__'];
    const selections: unknown[] = [undefined, null, {}, [], 'x', { options: [null, 1, 'A', [], {}] }, { qty: {}, term: [], attributes: [] }, { options: [{ sku: 'SUB', options: [{ sku: 'N1', options: 'x' }] }] }];
    const opts: unknown[] = [undefined, {}, { locale: 5 }, { locale: 'zh-CN', quote: 'x' }];
    for (const c of catalogs) for (const s of skus) for (const sel2 of selections) for (const o of opts) {
      const state = configure(c, s, sel2, o as ConfigureOptions);
      assert.equal(typeof state.complete, 'boolean');
      assert.equal(state.complete, state.errors.length === 0);
      assert.deepEqual(JSON.parse(JSON.stringify(state)), withoutUndefined(state));
    }
  });
});

// ---------------------------------------------------------------------------------------
// The sample catalogs in demo/catalogs

const demoDir = new URL('../demo/catalogs/', import.meta.url);
const demoFiles = existsSync(demoDir) ? readdirSync(demoDir).filter((f) => f.endsWith('.json')).sort() : [];
const loadDemo = (file: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(file, demoDir), 'utf8'));

describe('demo catalogs: the default configuration of every product with features is complete', () => {
  for (const file of demoFiles) {
    it(file, () => {
      const catalog = loadDemo(file);
      const v = validateCatalog(catalog);
      assert.deepEqual(v.errors.filter((e) => e.severity !== 'warning'), [], `${file} is valid`);
      const products = (catalog.products as { sku: string; features?: unknown[] }[]).filter((p) => (p.features?.length ?? 0) > 0);
      assert.ok(products.length > 0, `${file} has configurable products`);
      for (const p of products) {
        for (const locale of ['zh-CN', 'en']) {
          const s = configure(catalog, p.sku, {}, { locale });
          assert.deepEqual(s.errors, [], `${file} ${p.sku} (${locale}) default configuration has errors`);
          assert.equal(s.complete, true);
          checkInvariants(s, (sel2) => configure(catalog, p.sku, sel2, { locale }));
        }
      }
    });
  }
});

const crm = () => loadDemo('crm-saas.json');

table('demo catalog crm-saas.json: realistic selections', [
  ['CRM-STD with ADDON-SSO → error from sso-not-std', crm(), 'CRM-STD', { qty: '20', options: [opt('ADDON-SSO', '1')] }, {
    complete: false,
    errors: [{ ruleId: 'sso-not-std', sku: 'ADDON-SSO', path: 'options[0]', message: '单点登录（SSO）不可选：标准版不支持单点登录，请选择专业版或企业版' }],
    options: { 'ADDON-SSO': { available: false, reasons: [{ ruleId: 'sso-not-std', kind: 'excludes' }] } },
  }],
  ['CRM-STD without SSO: SSO shown unavailable, complete', crm(), 'CRM-STD', {}, {
    complete: true, options: { 'ADDON-SSO': { selected: false, available: false, reasons: [{ ruleId: 'sso-not-std', message: 'Single sign-on is not available with Standard; choose Professional or Enterprise' }] } },
  }, { locale: 'en' }],
  ['CRM-PRO with ADDON-SSO is fine (the rule is restricted to CRM-STD)', crm(), 'CRM-PRO', { options: [opt('ADDON-SSO')] }, { complete: true }],
  ['CRM-PRO with the AI assistant but no BI → sfa-ai-needs-bi', crm(), 'CRM-PRO', { qty: '30', options: [opt('ADDON-SFA-AI')] }, {
    errors: [{ ruleId: 'sfa-ai-needs-bi', message: 'The AI sales assistant needs the business intelligence module; select it too' }],
  }, { locale: 'en' }],
  ['CRM-PRO with AI and BI → complete, per-seat lineQty', crm(), 'CRM-PRO', { qty: '30', options: [opt('ADDON-SFA-AI'), opt('ADDON-BI')] }, {
    complete: true, options: { 'ADDON-SFA-AI': { lineQty: '30' }, 'ADDON-BI': { lineQty: '30' } },
  }],
  ['CRM-ENT with AI: BI is required (included) → complete', crm(), 'CRM-ENT', { qty: '50', options: [opt('ADDON-SFA-AI')] }, {
    complete: true, selected: ['ADDON-SSO', 'ADDON-BI', 'ADDON-SFA-AI'],
  }],
  ['CRM-ENT with 3 seats → ent-min-seats warning', crm(), 'CRM-ENT', { qty: '3' }, {
    complete: true, warnings: [{ ruleId: 'ent-min-seats', message: '企业版建议至少购买 5 个用户；用户较少时专业版更合适' }],
  }],
  ['CRM-PRO private cloud hides storage even when chosen', crm(), 'CRM-PRO', { attributes: { deploy: 'private' }, options: [opt('ADDON-STORAGE')] }, {
    complete: true, selected: [], options: { 'ADDON-STORAGE': { hidden: true, selected: false, reasons: [{ ruleId: 'private-no-storage' }] } },
  }],
  ['CRM-PRO storage qty below its min', crm(), 'CRM-PRO', { options: [opt('ADDON-STORAGE', '5')] }, {
    errors: [{ sku: 'ADDON-STORAGE', path: 'options[0].qty' }],
  }],
]);

const airFile = demoFiles.includes('air-compressor.json') ? 'air-compressor.json' : undefined;
const air = () => loadDemo('air-compressor.json');

describe('demo catalog air-compressor.json: realistic selections', { skip: airFile ? false : 'demo/catalogs/air-compressor.json does not exist' }, () => {
  const cases: Case[] = airFile ? [
    ['75 kW: the frame is auto-selected and the skid hidden', air(), 'AC-SCREW', { options: [opt('MOTOR-75'), opt('COOL-AIR'), opt('DRYER-REF')] }, {
      complete: true,
      options: {
        'MOUNT-FRAME': { selected: true, auto: [{ ruleId: 'motor75-frame' }] },
        'MOUNT-SKID': { selected: false, hidden: true, reasons: [{ ruleId: 'motor75-frame-only' }] },
      },
    }],
    ['desiccant dryer without a precision filter → des-needs-filter', air(), 'AC-SCREW', { options: [opt('MOTOR-37'), opt('COOL-AIR'), opt('MOUNT-SKID'), opt('DRYER-DES')] }, {
      complete: false, errors: [{ ruleId: 'des-needs-filter' }],
    }],
    ['desiccant dryer with a filter → 2 filters per compressor (setQty)', air(), 'AC-SCREW', { qty: '2', options: [opt('MOTOR-37'), opt('COOL-AIR'), opt('MOUNT-SKID'), opt('DRYER-DES'), opt('FILTER-PREC')] }, {
      complete: true, options: { 'FILTER-PREC': { qty: '2', lineQty: '4' } },
    }],
    ['both dryers → excluded and selected → errors', air(), 'AC-SCREW', { options: [opt('MOTOR-37'), opt('COOL-AIR'), opt('MOUNT-SKID'), opt('DRYER-REF'), opt('DRYER-DES'), opt('FILTER-PREC')] }, {
      complete: false, someErrors: [{ ruleId: 'ref-excludes-des' }, { ruleId: 'des-excludes-ref' }],
    }],
    ['440 V with the 37 kW motor and no export pack → two rule errors', air(), 'AC-SCREW', { attributes: { voltage: '440V' } }, {
      complete: false, someErrors: [{ ruleId: 'v440-needs-export' }, { ruleId: 'v440-not-37' }],
    }],
  ] : [];
  for (const c of cases) it(c[0], () => runCase(c));
});

