/**
 * `<cpq-quote>`'s lazy form value (form-value.ts): a big quote's JSON is written only when the
 * form's entry list is built, and the entry the stale JSON made is replaced in its place. The
 * Chromium side (real submission, `new FormData(form)`) is in test/browser/quote.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FormValue, replaceEntry } from '../src/components/quote/form-value.js';
import type { Quote } from '../src/types.js';

const quoteOf = (n: number) => ({ id: 'Q-1', lines: Array.from({ length: n }, (_, i) => ({ id: `L${i}`, sku: 'A', qty: String(i + 1) })) }) as unknown as Quote;

/** A stand-in form: `formdata` is listened to on it. */
function setup() {
  const set: string[] = [];
  const form = new EventTarget();
  const value = new FormValue({ setFormValue: (v) => set.push(v as string) }, () => 'quote');
  value.attach(form as unknown as HTMLFormElement);
  /** What building the form's entry list gives: the submission value in place, then the `formdata` listeners. */
  const read = (before: [string, string][] = [], after: [string, string][] = []) => {
    const data = new FormData();
    for (const [k, v] of [...before, ['quote', set.at(-1)!] as [string, string], ...after]) data.append(k, v);
    const event = Object.assign(new Event('formdata'), { formData: data });
    form.dispatchEvent(event);
    return [...data.entries()];
  };
  return { set, value, read, form };
}

test('a small quote: the first is written at once, a later one as background work after it (once per quote object), or when the form is read first', async () => {
  const { set, value, read } = setup();
  const q = quoteOf(3);
  value.set(q, false);
  value.set(q, false);
  assert.deepEqual(set, [JSON.stringify(q)]);
  assert.equal(value.writes, 1);
  // A change: not written in its own task…
  const next = quoteOf(4);
  value.set(next, false);
  assert.equal(value.writes, 1);
  // …but in a task after it (no frames in Node: background.ts's plain task).
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(set, [JSON.stringify(q), JSON.stringify(next)]);
  assert.equal(value.writes, 2);
  // Read before that task: the read writes it, and the task writes nothing again.
  const last = quoteOf(5);
  value.set(last, false);
  assert.deepEqual(read().find(([k]) => k === 'quote')?.[1], JSON.stringify(last));
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(value.writes, 3);
});

test('a big quote: the first value is written, later ones only when the form is read, once each', () => {
  const { set, value, read } = setup();
  const first = quoteOf(5);
  value.set(first, true);
  assert.equal(value.writes, 1);
  const edits = [quoteOf(6), quoteOf(7), quoteOf(8)];
  for (const q of edits) value.set(q, true);
  assert.equal(value.writes, 1, 'commits write nothing');
  const entries = read([['a', '1']], [['b', '2']]);
  assert.deepEqual(entries, [['a', '1'], ['quote', JSON.stringify(edits[2])], ['b', '2']]);
  assert.equal(value.writes, 2);
  assert.equal(set.at(-1), JSON.stringify(edits[2]), 'the submission value is the current quote from then on');
  // Read again without a change: nothing written, the entry as it is.
  assert.deepEqual(read(), [['quote', JSON.stringify(edits[2])]]);
  assert.equal(value.writes, 2);
});

test('formdata of another form, or with no entry of the element (disabled): nothing replaced', () => {
  const { value, form } = setup();
  value.set(quoteOf(1), true);
  value.set(quoteOf(2), true);
  const other = new FormData();
  other.append('quote', 'x');
  const event = Object.assign(new Event('formdata'), { formData: other });
  new EventTarget().dispatchEvent(event);
  assert.deepEqual([...other.entries()], [['quote', 'x']]);
  form.dispatchEvent(event);
  assert.deepEqual([...other.entries()], [['quote', 'x']], 'no entry with the stale value: left alone');
});

test('attach(null) stops following the form', () => {
  const { value, read } = setup();
  value.set(quoteOf(1), true);
  value.attach(null);
  value.set(quoteOf(2), true);
  assert.deepEqual(read(), [['quote', JSON.stringify(quoteOf(1))]]);
  assert.equal(value.writes, 1);
});

test('replaceEntry: only the first matching entry changes, every entry keeps its place (property)', () => {
  const entry = fc.tuple(fc.constantFrom('quote', 'a', 'b'), fc.constantFrom('old', 'x', 'y'));
  fc.assert(fc.property(fc.array(entry, { maxLength: 12 }), (entries) => {
    const data = new FormData();
    for (const [k, v] of entries) data.append(k, v);
    const at = entries.findIndex(([k, v]) => k === 'quote' && v === 'old');
    const done = replaceEntry(data, 'quote', 'old', 'new');
    const want = entries.map(([k, v], i) => (i === at ? [k, 'new'] : [k, v]));
    assert.equal(done, at >= 0);
    assert.deepEqual([...data.entries()], want);
  }), { numRuns: 500 });
});
