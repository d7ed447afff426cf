/**
 * Counterexamples fast-check found in configure.property.test.ts, kept as plain tests
 * (test/fixtures/config-regressions.json holds the shrunk inputs).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { configure } from '../src/rules/index.js';
import type { OptionState, FeatureState } from '../src/types.js';

const cases = JSON.parse(readFileSync(new URL('./fixtures/config-regressions.json', import.meta.url), 'utf8'));
const DECIMAL = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;

function options(features: FeatureState[]): OptionState[] {
  return features.flatMap((f) => f.options.flatMap((o) => [o, ...options(o.features ?? [])]));
}

describe('configure() regressions', () => {
  it('a setQty rule that multiplies its own quantity every round stops at the cap: a cycle error, decimal quantities', () => {
    const { catalog, sku, selection } = cases.runawaySetQty;
    const state = configure(catalog, sku, selection);
    assert.ok(state.errors.some((e) => /never settle/.test(e.message) && e.ruleId === 'r0'), JSON.stringify(state.errors));
    for (const o of options(state.features)) {
      assert.match(o.qty, DECIMAL, `${o.sku}.qty`);
      assert.match(o.lineQty, DECIMAL, `${o.sku}.lineQty`);
    }
    for (const e of state.errors) assert.ok(!/e\+/.test(e.message), e.message);
  });

  it('a required bundle hidden by a rule keeps the user\'s nested choice: configuring the resolved selection gives the same state', () => {
    const { catalog, sku, selection } = cases.hiddenRequiredBundle;
    const s1 = configure(catalog, sku, selection);
    const s0 = s1.features.flatMap((f) => f.options).find((o) => o.sku === 'S0')!;
    assert.equal(s0.hidden, true);
    assert.equal(s0.selected, false);
    const s2 = configure(catalog, sku, s1.selection);
    assert.deepEqual(s2, s1);
    assert.deepEqual(configure(catalog, sku, s2.selection), s2);
  });

  // A hide rule reading the option it hides (and one an autoSelect rule adds) has two fixed points:
  // from the user's selection, Z goes before X comes and stays out; from the resolved selection
  // (X listed, required Z put back), Z stays. The state is the second, and its selection gives it again.
  const hideZ = {
    id: 'hide-z', currency: 'CNY', locale: 'en', taxes: [{ code: 'V', rate: '13' }], defaultTaxCode: 'V',
    products: [
      { sku: 'B', name: 'Bundle', price: { model: 'flat', list: '10.00' }, features: [{ id: 'f', name: 'F', min: 0, options: [{ sku: 'Y', required: true }, { sku: 'Z', required: true }, { sku: 'X' }] }] },
      ...['X', 'Y', 'Z'].map((sku) => ({ sku, name: sku, price: { model: 'flat', list: '1.00' } })),
    ],
    rules: [
      { id: 'auto-x', kind: 'autoSelect', when: { '!!': { var: 'selected.Y' } }, targets: ['X'] },
      { id: 'hide-z', kind: 'hide', when: { or: [{ '!': { var: 'selected.Z' } }, { '!': { var: 'selected.X' } }] }, targets: ['Z'] },
    ],
  };

  it('a hide rule that reads the required option it hides: the state is the one its resolved selection gives (fast-check, 70,000 runs)', () => {
    for (const [name, { catalog, sku, selection }] of [['hand-made', { catalog: hideZ, sku: 'B', selection: {} }], ['found', cases.hideReadsHiddenRequired]] as const) {
      const s1 = configure(catalog, sku, selection);
      assert.deepEqual(s1.errors, [], name);
      const s2 = configure(catalog, sku, s1.selection);
      assert.deepEqual(s2, s1, `${name}: configuring the resolved selection gives the same state`);
      assert.deepEqual(configure(catalog, sku, s2.selection), s2, name);
    }
    const z = configure(hideZ, 'B', {}).features[0]!.options.find((o) => o.sku === 'Z')!;
    assert.deepEqual([z.selected, z.hidden], [true, false], 'with X added, the rule that hides Z does not hold');
  });

  it('a rule that always hides a required option: hidden, and its selection gives the same state', () => {
    const always = { ...hideZ, rules: [{ id: 'hide-z', kind: 'hide', when: { '!!': { var: 'selected.Y' } }, targets: ['Z'] }] };
    const s1 = configure(always, 'B', {});
    const z = s1.features[0]!.options.find((o) => o.sku === 'Z')!;
    assert.deepEqual([z.selected, z.hidden], [false, true]);
    assert.deepEqual(configure(always, 'B', s1.selection), s1);
  });
});
