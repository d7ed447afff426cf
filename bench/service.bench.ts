/**
 * A 50-line quote edit through the quote service (issue 11): PUT /quotes/:id/versions/1 — the
 * body validated against the route schema, the quote re-priced on the server with its pinned
 * catalog, the version row, its move and the head stored in one transaction, the seller's view
 * answered — from 20 concurrent clients over real HTTP (keep-alive) to `cpq-kit serve` in a
 * process of its own, on SQLite (a file: WAL, synchronous=FULL) and on PostgreSQL (a fresh
 * database). Each client edits its own quote, the quantities changing on every request.
 *
 * Beside it, measured in the same run on the same database: the floor (bench/service-floor.ts),
 * the same framework with the same body schema and token check writing the same row with JSON of
 * the same sizes, without pricing. The two run in alternating rounds (kit, floor, kit, floor, …)
 * so both see the same machine; after a warm-up, `EDITS` edits per client each.
 * Targets: p99 < 50 ms, and the kit's mean ≤ 3× the floor's. BENCH_VERBOSE=1 prints every round.
 *
 * Then, on the same two processes (issue 15, item 5): a 1,000-line quote edited by one client,
 * one line's quantity changing on every request (a value not priced before), `BIG_EDITS` edits
 * after `BIG_WARM`, kit and floor in alternating rounds. What counts is the server's time, which
 * both answer in a Server-Timing header (the kit with `serverTiming: true`): from the request's
 * headers to its answer, so the body read, the checks, the work, the store and the answer's text
 * — not the client's own parsing and queueing. The floor does the same for this body: parse and
 * validate it with the same schema, load the row, write a row of the same size, answer as large.
 * Target: the kit's p99 ≤ 30 ms server time.
 *
 * BENCH_BEFORE=<checkout> also runs the service from another checkout of the kit (with its own
 * node_modules, e.g. a `git worktree` of the commit before a change) on the same store, as a
 * fourth target (`before`) in the same alternating rounds: a change's before and after measured
 * on the same machine state.
 *
 * BENCH_INSTANCES=2 runs the kit (and the floor) on PostgreSQL as two processes, the clients spread
 * over them, as several instances behind a load balancer would be (the dispatcher in the first only).
 *
 * For a quicker look: BENCH_STORES=sqlite (or postgres) measures one store; BENCH_SERVICE=big
 * only the 1,000-line edit, BENCH_SERVICE=clients only the 20 clients.
 * Everything it starts is stopped and removed at the end, failed or not: both processes, the
 * SQLite file's folder, the PostgreSQL database. Without a PostgreSQL server (CPQ_TEST_PG, else
 * 127.0.0.1:5432) that half is skipped, saying so.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { CRM, freshPgDatabase, JWT_SECRET, userToken } from '../test/support/service.js';
import { startServiceProcess, type ServiceProcess } from '../test/support/service-process.js';
import { startFloorProcess } from './service-floor.js';

const CLIENTS = 20;
/**
 * Service processes (and floor processes) the 20 clients are spread over on PostgreSQL, as several
 * instances behind a load balancer: BENCH_INSTANCES, default 1. SQLite is one process's store (README).
 */
const PG_INSTANCES = Math.max(1, Math.trunc(Number(process.env.BENCH_INSTANCES ?? 1)) || 1);
const LINES = 50;
const WARM = 20;
const EDITS = 200;
const ROUNDS = 4;
const TARGET_P99_MS = 50;
const TARGET_RATIO = 3;
const BIG_LINES = 1000;
/** The line whose quantity each edit of the 1,000-line quote changes. */
const BIG_EDITED = 500;
const BIG_WARM = 20;
const BIG_EDITS = 200;
const BIG_TARGET_P99_MS = 30;

/** SKUs of the demo CRM catalog a line may hold (ADDON-STORAGE comes in steps of 10). */
const SKUS = ['CRM-PRO', 'ADDON-SFA-AI', 'ADDON-SSO', 'ADDON-BI', 'ADDON-API', 'ADDON-STORAGE', 'TRAIN-DAY', 'HW-SCANNER', 'CRM-STD', 'CRM-ENT'];

/** The seller's input of a 50-line quote; `n` moves every quantity (the edit). */
export function benchInput(n: number, count = LINES): Record<string, unknown> {
  const lines = Array.from({ length: count }, (_, i) => {
    const sku = SKUS[i % SKUS.length]!;
    const step = sku === 'ADDON-STORAGE' ? 10 : 1;
    const line: Record<string, unknown> = { id: `L${i + 1}`, sku, qty: String((5 + i + ((n + i) % 9)) * step), group: i < count / 2 ? '软件订阅' : '实施与支持' };
    if (sku.startsWith('CRM-')) Object.assign(line, { term: '12', attributes: { deploy: 'cloud' }, options: [{ sku: 'ADDON-CPQ', qty: '1' }] });
    if (i % 7 === 3) line.discount = { percent: '5' };
    // Two price rules tie on the AI add-on for an enterprise customer: the seller picks one.
    if (sku === 'ADDON-SFA-AI') line.priceRule = 'promo-yearend-ai';
    return line;
  });
  return {
    customer: { id: 'C-10088', name: '苏州瑞达精密制造股份有限公司', segment: 'enterprise' },
    lines, discount: { percent: '3' },
  };
}

/** The seller's input of the 1,000-line quote after edit `n`: line BIG_EDITED's quantity is 1 + n (every other line stays). */
export function bigInput(n: number): Record<string, unknown> {
  const input = benchInput(0, BIG_LINES);
  const lines = input.lines as Record<string, unknown>[];
  const step = lines[BIG_EDITED]!.sku === 'ADDON-STORAGE' ? 10 : 1;
  lines[BIG_EDITED] = { ...lines[BIG_EDITED], qty: String((1 + n) * step) };
  return input;
}

interface Sent {
  status: number;
  ms: number;
  /** The server's own time (its Server-Timing header), ms; NaN without one. */
  server: number;
  bytes: number;
  body: string;
}

function send(agent: http.Agent, base: string, method: string, path: string, token: string, body: unknown, retry = true, key?: string): Promise<Sent> {
  const url = new URL(base);
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = http.request({
      host: url.hostname, port: url.port, method, path, agent,
      headers: {
        authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': String(payload.length),
        ...(key !== undefined ? { 'idempotency-key': key } : {}),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks);
        const ms = performance.now() - t;
        const timing = /(?:^|,)\s*app;dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''));
        resolve({ status: res.statusCode ?? 0, ms, server: timing ? Number(timing[1]) : Number.NaN, bytes: text.length, body: text.toString('utf8') });
      });
    });
    req.on('error', (e) => {
      // A kept-alive connection the server closed while idle (the other side's round took longer
      // than its keep-alive timeout): send once more, on a new connection.
      if (retry && req.reusedSocket && (e as NodeJS.ErrnoException).code === 'ECONNRESET') resolve(send(agent, base, method, path, token, body, false, key));
      else reject(e);
    });
    req.end(payload);
  });
}

interface Target {
  name: 'kit' | 'kit+key' | 'floor' | 'before' | 'before+key';
  /** The first instance: where the bench sets up its quotes and sends the one-client 1,000-line edits. */
  base: string;
  /** Every instance's address (BENCH_INSTANCES): client c sends to bases[c % bases.length]. */
  bases: string[];
  agent: http.Agent;
  /** Send a fresh Idempotency-Key with every edit, as the elements do (the service stores the answer with it). */
  keyed?: boolean;
}

/** `count` edits per client, all clients at once; the latencies and the wall time. */
async function phase(target: Target, quotes: { id: string; token: string }[], from: number, count: number): Promise<{ ms: number[]; wall: number; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  const start = performance.now();
  await Promise.all(quotes.map(async (q, c) => {
    const base = target.bases[c % target.bases.length]!;
    for (let i = from; i < from + count; i++) {
      const r = await send(target.agent, base, 'PUT', `/quotes/${q.id}/versions/1`, q.token, benchInput(i));
      if (r.status !== 200) throw new Error(`${target.name}: edit ${i} of ${q.id} answered ${r.status}: ${r.body.slice(0, 300)}`);
      ms.push(r.ms);
      bytes = r.bytes;
    }
  }));
  return { ms, wall: performance.now() - start, bytes };
}

/** `count` edits of the 1,000-line quote, one at a time: the server's times (and the client's). */
async function bigPhase(target: Target, q: { id: string; token: string }, from: number, count: number): Promise<{ server: number[]; client: number[]; bytes: number }> {
  const server: number[] = [];
  const client: number[] = [];
  let bytes = 0;
  for (let i = from; i < from + count; i++) {
    const key = target.keyed ? `bench-${process.pid}-${target.name}-${q.id}-${i}` : undefined;
    const r = await send(target.agent, target.base, 'PUT', `/quotes/${q.id}/versions/1`, q.token, bigInput(i), true, key);
    if (r.status !== 200) throw new Error(`${target.name}: edit ${i} of the ${BIG_LINES}-line quote answered ${r.status}: ${r.body.slice(0, 300)}`);
    if (!Number.isFinite(r.server)) throw new Error(`${target.name}: no Server-Timing header in the answer`);
    server.push(r.server);
    client.push(r.ms);
    bytes = r.bytes;
  }
  return { server, client, bytes };
}

/** startServiceProcess writes the config into a folder of its own (cpq-serve-*): removed once the process is gone. */
function removeConfig(p: ServiceProcess): void {
  const args = p.child.spawnargs;
  const at = args.indexOf('--config');
  const folder = at >= 0 ? dirname(args[at + 1]!) : undefined;
  if (folder && basename(folder).startsWith('cpq-serve-')) rmSync(folder, { recursive: true, force: true });
}

const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}

interface Result {
  mean: number;
  p50: number;
  p99: number;
  perSecond: number;
  bytes: number;
}

interface BigResult {
  p50: number;
  p99: number;
  max: number;
  clientP50: number;
  bytes: number;
}

async function measure(kind: 'sqlite' | 'postgres', part: string | undefined): Promise<{ kit: Result; floor: Result; before?: Result; big: { kit: BigResult; keyed: BigResult; floor: BigResult; before?: BigResult; beforeKeyed?: BigResult } }> {
  const undo: (() => Promise<unknown> | void)[] = [];
  try {
    let store: string;
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'cpq-bench-'));
      undo.push(() => rmSync(dir, { recursive: true, force: true }));
      store = `sqlite:${join(dir, 'cpq.sqlite')}`;
    } else {
      const db = await freshPgDatabase();
      undo.push(db.drop);
      store = db.url;
    }
    const instances = kind === 'postgres' ? PG_INSTANCES : 1;
    const kitProcesses: ServiceProcess[] = [];
    for (let n = 0; n < instances; n++) {
      const p = await startServiceProcess(store, { config: { serverTiming: true, ...(n > 0 ? { dispatcher: false } : {}) } });
      undo.push(() => removeConfig(p));
      undo.push(() => p.stop());
      kitProcesses.push(p);
    }
    const kitBases = kitProcesses.map((p) => p.url);
    const kit: Target = { name: 'kit', base: kitBases[0]!, bases: kitBases, agent: new http.Agent({ keepAlive: true, maxSockets: CLIENTS }) };
    undo.push(() => kit.agent.destroy());

    const admin = await userToken('ad', ['admin']);
    const published = await send(kit.agent, kit.base, 'POST', '/catalogs', admin, CRM());
    if (published.status !== 201) throw new Error(`publish: ${published.status} ${published.body.slice(0, 300)}`);
    const quotes: { id: string; token: string }[] = [];
    for (let c = 0; c < CLIENTS; c++) {
      const token = await userToken(`s${c}`, ['seller']);
      const r = await send(kit.agent, kit.base, 'POST', '/quotes', token, { catalogId: 'demo-crm-2026', ...benchInput(0) });
      if (r.status !== 201) throw new Error(`create: ${r.status} ${r.body.slice(0, 300)}`);
      const view = JSON.parse(r.body) as { quoteId: string; priced: { issues: { severity: string; code: string }[] } };
      const errors = view.priced.issues.filter((i) => i.severity === 'error');
      if (errors.length) throw new Error(`the bench quote does not price cleanly: ${JSON.stringify(errors)}`);
      quotes.push({ id: view.quoteId, token });
    }
    const bigToken = await userToken('s-big', ['seller']);
    const created = await send(kit.agent, kit.base, 'POST', '/quotes', bigToken, { catalogId: 'demo-crm-2026', ...bigInput(0) });
    if (created.status !== 201) throw new Error(`create the ${BIG_LINES}-line quote: ${created.status} ${created.body.slice(0, 300)}`);
    const big = { id: (JSON.parse(created.body) as { quoteId: string }).quoteId, token: bigToken };
    // The floor copies the kit's version rows (same sizes) into its own table of the same database.
    const floorBases: string[] = [];
    for (let n = 0; n < instances; n++) {
      const p = await startFloorProcess(store, { CPQ_JWT_SECRET: JWT_SECRET, ...(n > 0 ? { FLOOR_KEEP_TABLE: '1' } : {}) });
      undo.push(() => p.stop());
      floorBases.push(p.url);
    }
    const floor: Target = { name: 'floor', base: floorBases[0]!, bases: floorBases, agent: new http.Agent({ keepAlive: true, maxSockets: CLIENTS }) };
    undo.push(() => floor.agent.destroy());

    // The same quote edited with an Idempotency-Key on each edit, as the elements send them; the edits numbered on past the others' (every quantity new).
    const keyed: Target = { ...kit, name: 'kit+key', keyed: true };
    // BENCH_BEFORE: the service of another checkout, on the same store and quotes.
    let before: Target | undefined;
    if (process.env.BENCH_BEFORE) {
      const beforeProcess = await startServiceProcess(store, { config: { serverTiming: true }, root: process.env.BENCH_BEFORE });
      undo.push(() => removeConfig(beforeProcess));
      undo.push(() => beforeProcess.stop());
      before = { name: 'before', base: beforeProcess.url, bases: [beforeProcess.url], agent: new http.Agent({ keepAlive: true, maxSockets: CLIENTS }) };
      undo.push(() => before!.agent.destroy());
    }
    const beforeKeyed: Target | undefined = before && { ...before, name: 'before+key', keyed: true };
    const runs = { kit: { ms: [] as number[], wall: 0, bytes: 0 }, floor: { ms: [] as number[], wall: 0, bytes: 0 }, before: { ms: [] as number[], wall: 0, bytes: 0 } };
    const per = EDITS / ROUNDS;
    const clients = part !== 'big';
    if (clients) {
      await phase(kit, quotes, 1, WARM);
      if (before) await phase(before, quotes, 1, WARM);
      await phase(floor, quotes, 1, WARM);
    }
    for (let round = 0; round < (clients ? ROUNDS : 0); round++) {
      for (const target of before ? [kit, before, floor] : [kit, floor]) {
        const r = await phase(target, quotes, 1 + WARM + round * per, per);
        if (process.env.BENCH_VERBOSE) console.log(`  ${kind} ${target.name} round ${round + 1}: mean ${mean(r.ms).toFixed(1)} ms, p99 ${quantile(r.ms, 0.99).toFixed(1)} ms, ${((r.ms.length / r.wall) * 1000).toFixed(0)}/s`);
        const into = runs[target === kit ? 'kit' : target === before ? 'before' : 'floor'];
        into.ms.push(...r.ms);
        into.wall += r.wall;
        into.bytes = r.bytes;
      }
    }
    const result = (r: typeof runs.kit): Result => ({
      mean: mean(r.ms), p50: quantile(r.ms, 0.5), p99: quantile(r.ms, 0.99), perSecond: (r.ms.length / r.wall) * 1000, bytes: r.bytes,
    });

    // The 1,000-line quote, one client; the edits numbered on from the warm-up, so every quantity is new.
    const bigToo = part !== 'clients';
    if (bigToo) {
      await bigPhase(kit, big, 1, BIG_WARM);
      await bigPhase(keyed, big, 1 + BIG_WARM + BIG_EDITS, BIG_WARM);
      if (before && beforeKeyed) {
        await bigPhase(before, big, 1, BIG_WARM);
        await bigPhase(beforeKeyed, big, 1 + BIG_WARM + BIG_EDITS, BIG_WARM);
      }
      await bigPhase(floor, big, 1, BIG_WARM);
    }
    const bigRun = () => ({ server: [] as number[], client: [] as number[], bytes: 0 });
    const bigRuns = { kit: bigRun(), 'kit+key': bigRun(), floor: bigRun(), before: bigRun(), 'before+key': bigRun() };
    const bigPer = BIG_EDITS / ROUNDS;
    for (let round = 0; round < (bigToo ? ROUNDS : 0); round++) {
      for (const target of before && beforeKeyed ? [kit, keyed, before, beforeKeyed, floor] : [kit, keyed, floor]) {
        const from = 1 + BIG_WARM + round * bigPer + (target.keyed ? BIG_WARM + BIG_EDITS : 0);
        const r = await bigPhase(target, big, from, bigPer);
        if (process.env.BENCH_VERBOSE) console.log(`  ${kind} ${BIG_LINES} lines ${target.name} round ${round + 1}: server p50 ${quantile(r.server, 0.5).toFixed(1)} ms, p99 ${quantile(r.server, 0.99).toFixed(1)} ms`);
        const into = bigRuns[target.name];
        into.server.push(...r.server);
        into.client.push(...r.client);
        into.bytes = r.bytes;
      }
    }
    const bigResult = (r: typeof bigRuns.kit): BigResult => ({
      p50: quantile(r.server, 0.5), p99: quantile(r.server, 0.99), max: Math.max(...r.server), clientP50: quantile(r.client, 0.5), bytes: r.bytes,
    });
    return {
      kit: result(runs.kit), floor: result(runs.floor), ...(before && clients ? { before: result(runs.before) } : {}),
      big: {
        kit: bigResult(bigRuns.kit), keyed: bigResult(bigRuns['kit+key']), floor: bigResult(bigRuns.floor),
        ...(before && bigToo ? { before: bigResult(bigRuns.before), beforeKeyed: bigResult(bigRuns['before+key']) } : {}),
      },
    };
  } finally {
    for (const step of undo.reverse()) await step();
  }
}

export default async function serviceBench(): Promise<void> {
  const part = process.env.BENCH_SERVICE;
  console.log(`\nquote edit through the service: ${LINES}-line quote, PUT /quotes/:id/versions/1, ${CLIENTS} clients × ${EDITS} edits each (after ${WARM} warm-up), over HTTP to a service process`);
  console.log(`targets: p99 < ${TARGET_P99_MS} ms; kit mean ≤ ${TARGET_RATIO.toFixed(2)}× the floor's (same Fastify, body schema, token check and row write, no pricing)`);
  if (PG_INSTANCES > 1) console.log(`on PostgreSQL: ${PG_INSTANCES} kit processes and ${PG_INSTANCES} floor processes, client c sending to instance c mod ${PG_INSTANCES} (BENCH_INSTANCES)`);
  console.log('store      server   mean ms   p50 ms   p99 ms   edits/s   answer');
  const bigRows: string[] = [];
  const stores = (['sqlite', 'postgres'] as const).filter((k) => !process.env.BENCH_STORES || process.env.BENCH_STORES.split(',').includes(k));
  for (const kind of stores) {
    let measured: Awaited<ReturnType<typeof measure>>;
    try {
      measured = await measure(kind, part);
    } catch (e) {
      if (kind === 'postgres' && (e as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
        console.log(`${kind.padEnd(9)}  skipped: no PostgreSQL server answers (${(e as Error).message})`);
        continue;
      }
      throw e;
    }
    const { kit, floor } = measured;
    if (part !== 'big') {
      const row = (name: string, r: Result) => console.log(`${kind.padEnd(9)}  ${name.padEnd(6)} ${r.mean.toFixed(1).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.perSecond.toFixed(0).padStart(9)}   ${(r.bytes / 1024).toFixed(1)} KiB`);
      row('kit', kit);
      if (measured.before) row('before', measured.before);
      row('floor', floor);
      const ratio = kit.mean / floor.mean;
      if (measured.before) console.log(`${kind.padEnd(9)}  before/floor (means) ${(measured.before.mean / floor.mean).toFixed(2)}×, kit/before ${(kit.mean / measured.before.mean).toFixed(2)}×`);
      console.log(`${kind.padEnd(9)}  kit/floor (means) ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO.toFixed(2)}×: ${ratio <= TARGET_RATIO ? 'met' : 'MISSED'}); kit p99 ${kit.p99.toFixed(1)} ms (target < ${TARGET_P99_MS}: ${kit.p99 < TARGET_P99_MS ? 'met' : 'MISSED'})`);
    }
    if (part !== 'clients') {
      const big = (name: string, r: BigResult) => bigRows.push(`${kind.padEnd(9)}  ${name.padEnd(7)} ${r.p50.toFixed(1).padStart(13)} ${r.p99.toFixed(1).padStart(13)} ${r.max.toFixed(1).padStart(8)} ${r.clientP50.toFixed(1).padStart(13)}   ${(r.bytes / 1024).toFixed(0)} KiB`);
      big('kit', measured.big.kit);
      big('kit+key', measured.big.keyed);
      if (measured.big.before) big('before', measured.big.before);
      if (measured.big.beforeKeyed) big('bef+key', measured.big.beforeKeyed);
      big('floor', measured.big.floor);
      const { kit: k, keyed: kk, floor: f, before: b } = measured.big;
      if (b) bigRows.push(`${kind.padEnd(9)}  before/floor (server p50) ${(b.p50 / f.p50).toFixed(2)}×, (server p99) ${(b.p99 / f.p99).toFixed(2)}×; kit/before (server p50) ${(k.p50 / b.p50).toFixed(2)}×`);
      bigRows.push(`${kind.padEnd(9)}  kit/floor (server p50) ${(k.p50 / f.p50).toFixed(2)}×, (server p99) ${(k.p99 / f.p99).toFixed(2)}×; kit p99 ${k.p99.toFixed(1)} ms (target ≤ ${BIG_TARGET_P99_MS}: ${k.p99 <= BIG_TARGET_P99_MS ? 'met' : 'MISSED'}); with an Idempotency-Key p99 ${kk.p99.toFixed(1)} ms (${kk.p99 <= BIG_TARGET_P99_MS ? 'met' : 'MISSED'})`);
    }
  }
  if (part === 'clients') return;
  console.log(`\n${BIG_LINES}-line quote edit through the service: one client, line ${BIG_EDITED + 1}'s quantity changed on each of ${BIG_EDITS} edits (after ${BIG_WARM} warm-up), server time (Server-Timing: headers in → answer out)`);
  console.log(`target: kit p99 ≤ ${BIG_TARGET_P99_MS} ms server time; floor: the same body parsed and validated, the row loaded and a row of the same size written, no pricing`);
  console.log('kit+key: the kit with a fresh Idempotency-Key on every edit, as the elements send them (the answer stored with the key)');
  console.log('store      server   server p50 ms  server p99 ms   max ms  client p50 ms   answer');
  for (const row of bigRows) console.log(row);
}
