import assert from 'node:assert/strict';

/**
 * Partial deep match for table tests: only the keys written in `expected` are compared;
 * arrays must have the same length; a RegExp matches a string; a key whose expected value is
 * `undefined` must be absent (or undefined).
 */
export function match(actual: unknown, expected: unknown, path: string): void {
  if (expected instanceof RegExp) {
    assert.ok(typeof actual === 'string' && expected.test(actual), `${path}: ${JSON.stringify(actual)} does not match ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: length (actual ${JSON.stringify(actual)})`);
    expected.forEach((e, i) => match(actual[i], e, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path}: expected an object, got ${JSON.stringify(actual)}`);
    const a = actual as Record<string, unknown>;
    for (const [k, v] of Object.entries(expected)) {
      if (v === undefined) assert.equal(a[k], undefined, `${path}.${k}: expected absent, got ${JSON.stringify(a[k])}`);
      else match(a[k], v, `${path}.${k}`);
    }
    return;
  }
  assert.equal(actual, expected, path);
}
