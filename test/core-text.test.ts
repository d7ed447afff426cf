/**
 * The locale test every formatter runs (src/core/text.ts `isChinese`): "zh" in either case at the
 * start, and nothing else — a table, and a property against the lower-cased prefix it replaces.
 * Run: node --import tsx --test test/core-text.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isChinese } from '../src/core/text.js';

test('isChinese: a table', () => {
  const cases: [string, boolean][] = [
    ['zh-CN', true], ['zh', true], ['ZH-cn', true], ['Zh-Hant-TW', true], ['zH', true],
    ['en', false], ['en-US', false], ['', false], ['z', false], ['h', false], ['xh', false], ['zz', false], ['hz', false], ['ż', false], [' zh', false],
  ];
  for (const [locale, expected] of cases) assert.equal(isChinese(locale), expected, locale);
});

test('isChinese: the same as lower-casing and looking for "zh" first, for any string', () => {
  fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('zh', 'ZH', 'Zh', 'zH').chain((p) => fc.string().map((s) => p + s))), (s) => {
    assert.equal(isChinese(s), s.slice(0, 2).toLowerCase() === 'zh');
  }));
});
