/**
 * The configurator's amounts of a configured line (selection.ts `lineAmounts`): positions found
 * once per line and carried to the next list of priced lines when the lines it changed
 * (line-changes.ts, recorded by the pricing worker's side) keep their ids. After any sequence of
 * changes the result is what a scan of every line gives (the code before this cache).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { lineAmounts, spotsOf } from '../src/components/configurator/selection.js';
import { changedPositions, recordLineChanges } from '../src/components/quote/line-changes.js';
import type { PricedLine, PricedQuote } from '../src/types.js';

const sum = (xs: Iterable<string>) => String([...xs].reduce((a, b) => a + Number(b), 0));

/** The scan of every line (lineAmounts as it was). */
function scan(lines: readonly PricedLine[], lineId: string) {
  const amounts = new Map<string, string>();
  const all: string[] = [];
  for (const line of lines) {
    if (line.id !== lineId && !line.id.startsWith(`${lineId}/`)) continue;
    if (line.id !== lineId) amounts.set(line.id.slice(lineId.length + 1), line.netAmount);
    all.push(line.netAmount);
  }
  return { amounts, total: all.length ? sum(all) : undefined };
}

const ids = ['L1', 'L1/A', 'L1/B', 'L1/A/X', 'L2', 'L2/A', 'L10', 'L10/A', 'L1x'];
const lineOf = (id: string, amount: number) => ({ id, netAmount: String(amount), total: String(amount) }) as unknown as PricedLine;
const priced = (lines: PricedLine[]) => ({ lines, taxMode: 'exclusive' }) as unknown as PricedQuote;

type Step = { kind: 'figures'; at: number[]; amount: number } | { kind: 'rename'; at: number; id: string } | { kind: 'grow'; id: string } | { kind: 'shrink' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('figures' as const), at: fc.array(fc.nat(30), { maxLength: 6 }), amount: fc.integer({ min: 0, max: 99 }) }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(30), id: fc.constantFrom(...ids) }),
  fc.record({ kind: fc.constant('grow' as const), id: fc.constantFrom(...ids) }),
  fc.record({ kind: fc.constant('shrink' as const) }),
);

test('lineAmounts after random changes of the priced lines: as a scan of every line (property)', () => {
  fc.assert(fc.property(fc.array(fc.constantFrom(...ids), { minLength: 1, maxLength: 20 }), fc.array(step, { maxLength: 12 }), fc.constantFrom(...ids), (start, steps, asked) => {
    let lines = start.map((id, i) => lineOf(id, i));
    for (const s of steps) {
      const before = lines;
      lines = lines.slice();
      if (s.kind === 'figures') for (const i of s.at) { if (lines[i]) lines[i] = lineOf(lines[i]!.id, s.amount); }
      else if (s.kind === 'rename') { if (lines[s.at]) lines[s.at] = lineOf(s.id, 1); }
      else if (s.kind === 'grow') lines.push(lineOf(s.id, 2));
      else lines.pop();
      // As the worker's side records them: same length only.
      if (lines.length === before.length) recordLineChanges(lines, before, changedPositions(lines, before));
      // The configurator asks about the line on every list (as it does on every update).
      const got = lineAmounts(priced(lines), asked, sum);
      assert.deepEqual(got, scan(lines, asked));
    }
  }), { numRuns: 1000 });
});

test('a 10,000-line list whose changed lines keep their ids: the positions are not looked for again', () => {
  let lines = Array.from({ length: 10_000 }, (_, i) => lineOf(i === 5000 ? 'L5000' : i === 5001 ? 'L5000/A' : `L${i}`, 1));
  const first = spotsOf(lines, 'L5000');
  assert.deepEqual(first, [5000, 5001]);
  // A quote discount: every line a new object with new figures, the same ids.
  const before = lines;
  lines = lines.map((l) => lineOf(l.id, 2));
  recordLineChanges(lines, before, changedPositions(lines, before));
  assert.equal(spotsOf(lines, 'L5000'), first, 'the same positions object: no scan');
  assert.deepEqual(lineAmounts(priced(lines), 'L5000', sum), { amounts: new Map([['A', '2']]), total: '4' });
  // A line added: any other length, a scan.
  const grown = [...lines, lineOf('L5000/B', 3)];
  assert.deepEqual(spotsOf(grown, 'L5000'), [5000, 5001, 10_000]);
});
