/**
 * The command line's input and output: "-" reads standard input (once per run), `pdf --out -`
 * writes the PDF to standard output, dates that do not exist are usage errors, a failed read or
 * write (an unreadable file, a full disk, a closed pipe) exits 2 with a plain message and no
 * stack, and `verify` reads what the quote service stores and returns (an order from
 * GET /orders/:id, a list of them) beside plain events, arrays and JSON lines. Spawned as a user
 * runs it where the operating system is part of the test, else through `run` with a fake Io.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, type Io } from '../src/cli/run.js';
import { toOrderEvent, type OrderEvent } from '../src/quote/index.js';
import { acceptedOrder, discountedQuote } from './fixtures/order-flow.js';
import { CRM, expectStatus, walk, type TestService, demoService } from './support/service.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let dir: string;
let event: OrderEvent;
let pdfAvailable = false;
const file = (name: string) => join(dir, name);

function cli(args: string[], options: { input?: string | Buffer; stdout?: number } = {}): { code: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root, timeout: 60_000, input: options.input ?? '', stdio: ['pipe', options.stdout ?? 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout ?? Buffer.alloc(0), stderr: r.stderr.toString('utf8') };
}

/** A run through `run` with a fake Io: what it wrote, and the exit code. */
async function fake(args: string[], stdin?: string | (() => Uint8Array), out?: (data: string | Uint8Array) => void) {
  const chunks: (string | Uint8Array)[] = [];
  let err = '';
  const io: Io = {
    out: out ?? ((data) => void chunks.push(data)),
    err: (text) => void (err += text),
    ...(stdin === undefined ? {} : { stdin: typeof stdin === 'function' ? stdin : () => new TextEncoder().encode(stdin) }),
  };
  const code = await run(args, io);
  return { code, out: chunks.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString('latin1'))).join(''), bytes: chunks, err };
}

/** No stack trace in what a user sees. */
function plain(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at .+:\d+:\d+/, stderr);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cpq-cli-io-'));
  const { catalog, quote, priced } = acceptedOrder();
  event = toOrderEvent(catalog, priced, { quote });
  writeFileSync(file('catalog.json'), JSON.stringify(catalog));
  writeFileSync(file('quote.json'), JSON.stringify(discountedQuote()));
  writeFileSync(file('event.json'), JSON.stringify(event));
  const pdf = (await import('../src/pdf/index.js').catch(() => ({}))) as Record<string, unknown>;
  pdfAvailable = typeof pdf.renderQuotePdf === 'function';
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('standard input and output (spawned)', () => {
  test('price: "-" reads the quote from standard input', () => {
    const r = cli(['price', file('catalog.json'), '-'], { input: readFileSync(file('quote.json')) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout.toString('utf8')).quoteId, 'Q-ORDER-1');
    assert.match(r.stderr, /^-: Q-ORDER-1 v1 total/m);
  });

  test('verify: "-" reads events (JSON lines) from standard input', () => {
    const r = cli(['verify', file('catalog.json'), '-'], { input: `${JSON.stringify(event)}\n${JSON.stringify(event)}\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.toString('utf8'), `-#1: ${event.id} verified\n-#2: ${event.id} verified\n`);
  });

  test('pdf: the catalog from standard input, --out - writes the PDF to standard output', { skip: false }, (t) => {
    if (!pdfAvailable) return t.skip('this build has no renderQuotePdf');
    const r = cli(['pdf', '-', file('quote.json'), '--out', '-', '--locale', 'en'], { input: readFileSync(file('catalog.json')) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(r.stdout.subarray(-6).toString('latin1').trim(), '%%EOF');
    assert.match(r.stderr, /wrote the PDF to standard output \((\d+) bytes\)/);
    assert.equal(Number(/\((\d+) bytes\)/.exec(r.stderr)![1]), r.stdout.length);
    assert.equal(existsSync(join(root, '-')), false, 'no file named "-"');
  });

  test('a full disk (/dev/full) exits 2 with a plain message', (t) => {
    if (!existsSync('/dev/full')) return t.skip('no /dev/full here');
    const full = openSync('/dev/full', 'w');
    try {
      const r = cli(['price', file('catalog.json'), file('quote.json')], { stdout: full });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /cpq-kit: cannot write to standard output \(ENOSPC\)\n/);
      plain(r.stderr);
    } finally {
      closeSync(full);
    }
  });

  test('a reader that went away (EPIPE) exits 2 with a plain message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'verify', file('catalog.json'), file('event.json')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 2, stderr);
    assert.match(stderr, /cpq-kit: cannot write to standard output \(EPIPE\)\n/);
    assert.equal(stderr.match(/cannot write/g)!.length, 1, 'said once');
    plain(stderr);
  });

  test('--today 2026-13-45 is a usage error', () => {
    const r = cli(['price', file('catalog.json'), file('quote.json'), '--today', '2026-13-45']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'cpq-kit: price: --today must be a date such as 2026-11-28 (YYYY-MM-DD, a day that exists), got "2026-13-45"\n');
    assert.equal(r.stdout.length, 0);
  });
});

describe('standard input, dates and I/O failures (run with a fake Io)', () => {
  test('dates that do not exist, or are not YYYY-MM-DD, are refused; real ones are taken', async () => {
    for (const today of ['2026-13-45', '2026-02-30', '2025-02-29', '2026-00-10', '2026-2-3', 'tomorrow', '2026-11-28T10:00:00Z', '20261128', '']) {
      const r = await fake(['price', file('catalog.json'), file('quote.json'), '--today', today]);
      assert.equal(r.code, 2, today);
      assert.match(r.err, /--today must be a date such as 2026-11-28/, today);
      assert.equal(r.out, '', today);
    }
    for (const today of ['2026-11-28', '2024-02-29']) assert.equal((await fake(['price', file('catalog.json'), file('quote.json'), '--today', today])).code, 0, today);
  });

  test('standard input once per run; none, an empty one or one that fails to read is a usage error', async () => {
    const quote = readFileSync(file('quote.json'), 'utf8');
    const cases: [string[], string | (() => Uint8Array) | undefined, RegExp][] = [
      [['price', '-', '-'], quote, /standard input can be read only once/],
      [['price', file('catalog.json'), '-', '--expect', '-'], quote, /standard input can be read only once/],
      [['price', file('catalog.json'), '-'], undefined, /there is no standard input to read here/],
      [['price', file('catalog.json'), '-'], '', /standard input is empty/],
      [['price', file('catalog.json'), '-'], () => { throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, read'), { code: 'EAGAIN' }); }, /-: cannot read standard input \(EAGAIN\)/],
      [['price', file('catalog.json'), '-'], '{ "id": ', /-: not valid JSON/],
      [['verify', file('catalog.json'), '-', '-'], JSON.stringify(event), /only once/],
      [['pdf', file('catalog.json'), '-'], quote, /give --out <file\.pdf> \(or --out - for standard output\)/],
    ];
    for (const [args, stdin, message] of cases) {
      const r = await fake(args, stdin);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message, args.join(' '));
      plain(r.err);
    }
    const bom = await fake(['price', file('catalog.json'), '-'], `\uFEFF${quote}`);
    assert.equal(bom.code, 0, bom.err);
  });

  test('a PDF that cannot be written, and an output that fails under the CLI, exit 2 with a plain message', async (t) => {
    if (!pdfAvailable) return t.skip('this build has no renderQuotePdf');
    const r = await fake(['pdf', file('catalog.json'), file('quote.json'), '--out', file('no/such/dir/q.pdf')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /no\/such\/dir\/q\.pdf: cannot write the PDF \(ENOENT\)/);
    const epipe = () => {
      throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' });
    };
    const w = await fake(['pdf', file('catalog.json'), file('quote.json'), '--out', '-'], undefined, epipe);
    assert.equal(w.code, 2);
    assert.equal(w.err, 'cpq-kit: write EPIPE\n');
    const v = await fake(['verify', file('catalog.json'), file('event.json')], undefined, epipe);
    assert.equal(v.code, 2);
    plain(v.err);
  });

  test('pdf --out -: the PDF\'s bytes go to the output as bytes, the report to stderr', async (t) => {
    if (!pdfAvailable) return t.skip('this build has no renderQuotePdf');
    const r = await fake(['pdf', file('catalog.json'), '-', '--out', '-'], readFileSync(file('quote.json'), 'utf8'));
    assert.equal(r.code, 0, r.err);
    assert.equal(r.bytes.length, 1);
    assert.ok(r.bytes[0] instanceof Uint8Array);
    assert.match(r.out, /^%PDF-/);
    assert.match(r.err, /^-: wrote the PDF to standard output/);
  });
});

describe('verify reads what the quote service stores', () => {
  let s: TestService;
  let order: Record<string, unknown>;
  let list: { data: Record<string, unknown>[]; hasMore: boolean };

  before(async () => {
    const made = await demoService('sqlite');
    s = made.s;
    const t = made.t;
    const r = await walk(s, t, 'ordered', '20');
    const id = (r as { order: { id: string } }).order.id;
    order = expectStatus(await s.call('GET', `/orders/${encodeURIComponent(id)}`, t.seller), 200);
    list = expectStatus(await s.call('GET', '/orders', t.seller), 200);
    writeFileSync(file('crm.json'), JSON.stringify(CRM()));
  });
  after(async () => s.close());

  const verify = async (value: unknown, ...more: string[]) => {
    writeFileSync(file('stored.json'), typeof value === 'string' ? value : JSON.stringify(value));
    return fake(['verify', file('crm.json'), file('stored.json'), ...more]);
  };

  test('an order as GET /orders/:id returns it: its event verified, and the order record checked against it', async () => {
    assert.equal(typeof order.event, 'object');
    const r = await verify(order);
    assert.equal(r.code, 0, r.out + r.err);
    assert.equal(r.out, `${file('stored.json')}: ${order.id} verified\n`);
    const json = JSON.parse((await verify(order, '--json')).out);
    assert.deepEqual(json.map((o: { id: string; source: string; ok: boolean }) => [o.id, o.source, o.ok]), [[order.id, (order.event as OrderEvent).source, true]]);
  });

  test('a list { data: [...] } of orders with their events, an array, JSON lines, a stored row (event as JSON text)', async () => {
    const row = { ...order, event: JSON.stringify(order.event) };
    for (const value of [{ data: [order, order], hasMore: false }, [order, order.event], `${JSON.stringify(order)}\n${JSON.stringify(row)}\n`]) {
      const r = await verify(value);
      assert.equal(r.code, 0, r.out + r.err);
      assert.equal(r.out.match(/ verified\n/g)!.length, 2, r.out);
    }
  });

  test('a list as GET /orders returns it (no events) is a usage error that says what to save instead', async () => {
    assert.ok(list.data.length > 0 && !('event' in list.data[0]!));
    const r = await verify(list);
    assert.equal(r.code, 2);
    assert.match(r.err, /stored\.json#1: the order order:.+ comes without its event \(GET \/orders lists orders without events\); save GET \/orders\/order%3A.+ instead/);
  });

  test('an order record that does not match its event, or the catalog\'s pricing, is a difference', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...order, total: '1.00' }, 'order.total'],
      [{ ...order, currency: 'USD' }, 'order.currency'],
      [{ ...order, id: 'order:other:v1' }, 'order.id'],
      [{ ...order, quoteId: 'Q-OTHER' }, 'order.quoteId'],
      [{ ...order, version: 2 }, 'order.version'],
    ];
    for (const [value, path] of cases) {
      const r = await verify(value);
      assert.equal(r.code, 1, path);
      assert.match(r.out, new RegExp(`^  ${path.replace('.', '\\.')}: expected .+, got .+$`, 'm'), r.out);
    }
    const tampered = structuredClone(order) as { event: OrderEvent };
    tampered.event.data.lines[0]!.netUnitPrice = '1.00';
    const r = await verify(tampered);
    assert.equal(r.code, 1);
    assert.match(r.out, /data\.lines\[0\]\.netUnitPrice/);
  });

  test('an order whose stored event is not JSON is a usage error', async () => {
    const r = await verify({ ...order, event: '{"specversion":' });
    assert.equal(r.code, 2);
    assert.match(r.err, /stored\.json#1: the order's event is not valid JSON/);
  });
});
