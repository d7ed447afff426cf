/**
 * The command line, spawned as a user runs it: `cpq-kit price|verify|pdf`, help, and the
 * stable exit codes (0 ok, 1 pricing errors or differences, 2 usage or bad input).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toOrderEvent, type OrderEvent } from '../src/quote/index.js';
import { catalogMin } from './fixtures/catalog-min.js';
import { acceptedOrder, discountedQuote } from './fixtures/order-flow.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let dir: string;
let event: OrderEvent;
const file = (name: string) => join(dir, name);

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cpq-cli-'));
  const { catalog, quote, priced } = acceptedOrder();
  event = toOrderEvent(catalog, priced, { quote });
  const tampered = structuredClone(event);
  tampered.data.lines[0]!.netUnitPrice = '1.00';
  const json = (name: string, value: unknown) => writeFileSync(file(name), JSON.stringify(value, null, 2));
  json('catalog.json', catalog);
  json('quote.json', discountedQuote());
  json('priced.json', priced);
  json('event.json', event);
  json('tampered.json', tampered);
  writeFileSync(file('orders.jsonl'), `${JSON.stringify(event)}\n${JSON.stringify(tampered)}\n`);
  json('bad-quote.json', { ...discountedQuote(), lines: [{ id: 'L1', sku: 'NOPE' }] });
  json('warning-quote.json', { ...discountedQuote(), date: undefined });
  const other = structuredClone(priced);
  other.totals.total = '1.00';
  json('other-priced.json', other);
  json('bad-catalog.json', { id: 'x', products: 'none' });
  writeFileSync(file('not-json.json'), '{ "id": ');
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('cpq-kit', () => {
  test('--help and no arguments', () => {
    const help = cli('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /cpq-kit price +<catalog\.json>/);
    assert.match(help.stdout, /Exit codes/);
    const none = cli();
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Usage:/);
    assert.equal(cli('frobnicate').code, 2);
  });

  test('price: the priced quote on stdout, a summary on stderr, exit 0', () => {
    const r = cli('price', file('catalog.json'), file('quote.json'));
    assert.equal(r.code, 0, r.stderr);
    const priced = JSON.parse(r.stdout);
    assert.equal(priced.quoteId, 'Q-ORDER-1');
    assert.equal(priced.orderable, true);
    assert.match(r.stderr, /Q-ORDER-1 v1 total \d+\.\d{2} CNY, orderable, 0 errors, 0 warnings, 1 approvals/);
  });

  test('price: several quotes give an array; a quote with errors exits 1 with its issues', () => {
    const r = cli('price', file('catalog.json'), file('quote.json'), file('bad-quote.json'), '--locale', 'zh-CN');
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout).length, 2);
    assert.match(r.stderr, /bad-quote\.json: error unknown-sku at lines\[0\]\.sku: 第 L1 行：产品 NOPE 不在目录中。/);
  });

  test('price --strict: warnings count; --expect: a difference from a saved priced quote counts', () => {
    assert.equal(cli('price', file('catalog.json'), file('warning-quote.json'), '--today', '2026-11-28').code, 0);
    assert.equal(cli('price', file('catalog.json'), file('warning-quote.json'), '--today', '2026-11-28', '--strict').code, 1);
    assert.equal(cli('price', file('catalog.json'), file('quote.json'), '--expect', file('priced.json')).code, 0);
    const r = cli('price', file('catalog.json'), file('quote.json'), '--expect', file('other-priced.json'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /differs from .*other-priced\.json at totals\.total: expected "1\.00", got "\d+\.\d{2}"/);
  });

  test('price: usage errors and bad input exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['price', file('catalog.json')], /at least one quote file/],
      [['price', file('catalog.json'), file('missing.json')], /missing\.json: cannot read the file \(ENOENT\)/],
      [['price', file('catalog.json'), file('not-json.json')], /not-json\.json: not valid JSON/],
      [['price', file('bad-catalog.json'), file('quote.json')], /the catalog is not valid/],
      [['price', file('catalog.json'), file('quote.json'), '--colour'], /Unknown option '--colour'/],
      [['price', file('catalog.json'), file('quote.json'), '--today', 'tomorrow'], /--today must be a date/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  });

  test('verify: an untouched event exits 0, a tampered one 1 with each difference', () => {
    const good = cli('verify', file('catalog.json'), file('event.json'));
    assert.equal(good.code, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /event\.json: order:Q-ORDER-1:v1 verified/);
    const bad = cli('verify', file('catalog.json'), file('tampered.json'));
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /1 differences\n {2}data\.lines\[0\]\.netUnitPrice: expected "\d+\.\d+", got "1\.00"/);
  });

  test('verify: JSON lines, --json output, --accepted-digest', () => {
    const r = cli('verify', file('catalog.json'), file('orders.jsonl'), '--json');
    assert.equal(r.code, 1);
    const results = JSON.parse(r.stdout);
    assert.deepEqual(results.map((o: { ok: boolean; index: number }) => [o.index, o.ok]), [[0, true], [1, false]]);
    assert.equal(cli('verify', file('catalog.json'), file('event.json'), '--accepted-digest', event.data.digest).code, 0);
    assert.equal(cli('verify', file('catalog.json'), file('event.json'), '--accepted-digest', `sha-256:${'0'.repeat(64)}`).code, 1);
    assert.equal(cli('verify', file('catalog.json'), file('event.json'), '--accepted-digest', 'md5:x').code, 2);
    assert.equal(cli('verify', file('catalog.json'), file('not-json.json')).code, 2);
  });

  test('pdf: renders when the build has renderQuotePdf, else says so with exit 2', async () => {
    const pdf = (await import('../src/pdf/index.js').catch(() => ({}))) as Record<string, unknown>;
    assert.equal(cli('pdf', '--help').code, 0);
    const r = cli('pdf', file('catalog.json'), file('quote.json'), '--out', file('quote.pdf'), '--locale', 'en');
    if (typeof pdf.renderQuotePdf !== 'function') {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /pdf: not available yet/);
      return;
    }
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(file('quote.pdf')).subarray(0, 5).toString('latin1'), '%PDF-');
    const badFont = cli('pdf', file('catalog.json'), file('quote.json'), '--out', file('x.pdf'), '--font', file('quote.json'));
    assert.equal(badFont.code, 2);
    assert.match(badFont.stderr, /options\.font/);
    assert.equal(cli('pdf', file('catalog.json'), file('bad-quote.json'), '--out', file('y.pdf')).code, 1);
  });

  test('catalogMin is what the CLI reads (the fixture is not stale)', () => {
    assert.deepEqual(JSON.parse(readFileSync(file('catalog.json'), 'utf8')), catalogMin());
  });
});
