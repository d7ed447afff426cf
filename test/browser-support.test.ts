/**
 * The guard for browsers without custom states (docs-site/guide/stability.md): `<cpq-quote>`'s
 * form value and validity are kept whether `ElementInternals.states` is missing (Safari < 17.4,
 * Firefox < 126), throws on a plain name (Chrome 90–124 knew `--name` only) or works.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setCustomState, syncInternals } from '../src/components/quote/quote-status.js';
import { FormValue } from '../src/components/quote/form-value.js';
import type { Quote } from '../src/types.js';

function fakeInternals(states: unknown) {
  const seen: { value?: string; validity?: object; message?: string } = {};
  const internals = {
    states,
    setFormValue: (v: string) => (seen.value = v),
    setValidity: (validity: object, message?: string) => Object.assign(seen, { validity, message }),
  };
  return { internals: internals as unknown as ElementInternals, seen };
}

const quote = { id: 'Q-1', lines: [] } as unknown as Quote;
const catalogError = [{ path: 'currency', message: 'Currency code is required' }];
const flags = (internals: ElementInternals) => ({ selfService: true, readonly: false, value: new FormValue(internals, () => 'quote'), lazyFormValueFrom: 2_000 });

test('without custom states: no error, the form value and validity are set', () => {
  const { internals, seen } = fakeInternals(undefined);
  assert.doesNotThrow(() => syncInternals(internals, quote, 'en', catalogError, undefined, flags(internals)));
  assert.equal(seen.value, JSON.stringify(quote));
  assert.deepEqual(seen.validity, { customError: true });
  assert.match(seen.message ?? '', /Currency code is required/);
});

test('custom states that refuse plain names (the old `--name` syntax): no error', () => {
  const refuse = () => {
    throw new DOMException("Failed to execute 'add' on 'CustomStateSet'", 'SyntaxError');
  };
  const { internals, seen } = fakeInternals({ add: refuse, delete: refuse });
  assert.doesNotThrow(() => syncInternals(internals, quote, 'en', catalogError, undefined, flags(internals)));
  assert.deepEqual(seen.validity, { customError: true });
});

test('with custom states: invalid and self-service are set, the others cleared', () => {
  const set = new Set<string>(['readonly']);
  const { internals } = fakeInternals(set);
  syncInternals(internals, quote, 'en', catalogError, undefined, flags(internals));
  assert.deepEqual([...set].sort(), ['invalid', 'self-service']);
});

// `<cpq-quote>` sets `updating` while a change is being priced: before it went through the guard,
// a browser without custom states threw on the first edit (and the demo showed "Could not load").
// scripts/e2e-engines.mjs runs the whole element that way in Chromium, Firefox and WebKit.
const guardCases: Array<[string, unknown, string[]]> = [
  ['missing', undefined, []],
  ['refusing plain names', { add: () => { throw new DOMException('x', 'SyntaxError'); }, delete: () => { throw new DOMException('x', 'SyntaxError'); } }, []],
  ['working', new Set<string>(), ['updating']],
];
for (const [label, states, want] of guardCases) {
  test(`setCustomState with states ${label}: on then off, no error`, () => {
    const { internals } = fakeInternals(states);
    assert.doesNotThrow(() => setCustomState(internals, 'updating', true));
    if (states instanceof Set) assert.deepEqual([...states], want);
    assert.doesNotThrow(() => setCustomState(internals, 'updating', false));
    if (states instanceof Set) assert.deepEqual([...states], []);
  });
}
