/**
 * `cpq-kit deliveries list|retry|replay`, spawned as an operator runs it, against the store of a
 * running service (a SQLite file, and a fresh PostgreSQL database): deliveries made by real
 * orders through the service's API in two tenants — delivered to a local subscriber that
 * answers 204, dead-lettered at one that answers 500 — and one pending delivery put in the
 * outbox through the store, due in ten days. The table and the JSON against the admin API's own
 * list; every filter; the exit codes (0 ok, 1 nothing matched or refused, 2 usage or a store that
 * cannot be opened) with their messages; and a retry or replay from the command line makes the
 * service's dispatcher deliver them.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createPostgresStore, createSqliteStore, type DispatchOptions, type QuoteStore } from '../src/server/index.js';
import type { DeliveryRow } from '../src/server/store/types.js';
import { expectStatus, freshPgDatabase, publishDemo, serviceOn, tokens, walk, type StoreKind, type TestService } from './support/service.js';
import { startSubscriber, type WebhookSubscriber } from './support/webhook-subscriber.js';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `cpq-kit …` from the sources as a process of its own (asynchronously: the service in this process keeps dispatching). */
function cli(...args: string[]): Promise<Run> {
  const env = { ...process.env };
  delete env.CPQ_STORE;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs at most `n` at once (the machine has two cores). */
async function pool<T, R>(items: T[], n: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  }));
  return out;
}

/** Fast dispatch: 50 ms polls, two attempts 20 ms apart, then dead. */
const DISPATCH: DispatchOptions = { intervalMs: 50, timeoutMs: 1000, leaseMs: 5000, maxAttempts: 2, backoff: { baseMs: 20, capMs: 40 }, random: () => 0.5 };

type Tokens = Awaited<ReturnType<typeof tokens>>;
/** A delivery as `--json` prints it. */
interface Shown {
  tenant: string; eventId: string; subscriberId: string; status: string; attempts: number; nextAt: string | null;
  lastStatus: number | null; lastError: string | null; createdAt: string; updatedAt: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every delivery of both tenants, newest first, straight from the store. */
async function allDeliveries(store: QuoteStore): Promise<DeliveryRow[]> {
  return [...await store.read.listDeliveries('acme', { limit: 1000 }), ...await store.read.listDeliveries('globex', { limit: 1000 })];
}

/** Until no delivery is pending but the one due in ten days. */
async function settled(store: QuoteStore, what: string): Promise<void> {
  const start = Date.now();
  for (;;) {
    const pending = (await allDeliveries(store)).filter((d) => d.status === 'pending' && d.nextAt < Date.now() + 86_400_000);
    if (pending.length === 0) return;
    if (Date.now() - start > 30_000) throw new Error(`${what}: still pending after 30 s: ${JSON.stringify(pending)}`);
    await sleep(50);
  }
}

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`cpq-kit deliveries (${kind})`, () => {
    let s: TestService;
    let t: Tokens;
    let spec: string;
    const undo: (() => Promise<unknown> | unknown)[] = [];
    const orders: { acme: string[]; globex: string[] } = { acme: [], globex: [] };
    let ok: WebhookSubscriber, failing: WebhookSubscriber, failingB: WebhookSubscriber;
    let okId: string, failingId: string, failingBId: string;
    const later = 'order:Q-LATER:v1';
    const json = async (...args: string[]): Promise<Shown[]> => {
      const r = await cli('deliveries', 'list', '--store', spec, '--json', '--limit', '1000', ...args);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as Shown[];
    };

    before(async () => {
      let store: QuoteStore;
      if (kind === 'sqlite') {
        const dir = mkdtempSync(join(tmpdir(), 'cpq-cli-deliveries-'));
        undo.push(() => rmSync(dir, { recursive: true, force: true }));
        spec = `sqlite:${join(dir, 'cpq.sqlite')}`;
        store = await createSqliteStore({ file: join(dir, 'cpq.sqlite') });
      } else {
        const db = await freshPgDatabase();
        undo.push(db.drop);
        spec = db.url;
        store = await createPostgresStore({ connection: db.url, maxConnections: 5 });
      }
      s = await serviceOn(store, { dispatch: DISPATCH });
      undo.push(() => s.close());
      t = await tokens();
      await publishDemo(s, t.admin);
      await publishDemo(s, t.adminB);
      ok = await startSubscriber(() => 204);
      failing = await startSubscriber(() => 500);
      failingB = await startSubscriber(() => 503);
      for (const sub of [ok, failing, failingB]) undo.push(() => sub.close());
      const subscribe = async (token: string, url: string) => expectStatus(await s.call('POST', '/subscribers', token, { url }), 201, 'subscribe').id as string;
      okId = await subscribe(t.admin, ok.url);
      failingId = await subscribe(t.admin, failing.url);
      failingBId = await subscribe(t.adminB, failingB.url);
      const globex = { ...t, seller: t.sellerB, manager: t.managerB, director: t.managerB, finance: t.managerB } as Tokens;
      for (let i = 0; i < 3; i++) orders.acme.push(((await walk(s, t, 'ordered', '5')) as any).order.id);
      orders.globex.push(((await walk(s, globex, 'ordered', '5')) as any).order.id);
      await settled(store, 'the orders\' deliveries');
      // One more event, put in the outbox through the store: pending, due in ten days.
      const event = JSON.parse((await store.read.getEvent('acme', orders.acme[0]!))!.body);
      const now = Date.now();
      await store.transaction(async (tx) => {
        await tx.insertEvent({ tenant: 'acme', id: later, source: event.source, type: event.type, body: JSON.stringify({ ...event, id: later }), createdAt: new Date(now).toISOString() });
        await tx.insertDeliveries([{
          tenant: 'acme', eventId: later, subscriberId: okId, status: 'pending', attempts: 0, nextAt: now + 10 * 86_400_000,
          lastStatus: null, lastError: null, createdAt: new Date(now).toISOString(), startedAt: now, updatedAt: new Date(now).toISOString(),
        }]);
      });
    });
    after(async () => {
      for (const step of undo.reverse()) await step();
    });

    it('the deliveries are what the orders made: 3 delivered and 3 dead in acme, 1 dead in globex, 1 pending', async () => {
      const rows = await allDeliveries(s.store);
      const count = (tenant: string, subscriberId: string, status: string) => rows.filter((d) => d.tenant === tenant && d.subscriberId === subscriberId && d.status === status).length;
      assert.deepEqual([count('acme', okId, 'delivered'), count('acme', failingId, 'dead'), count('globex', failingBId, 'dead'), count('acme', okId, 'pending')], [3, 3, 1, 1]);
      assert.equal(rows.length, 8);
    });

    it('list --json: every tenant\'s deliveries, newest first, as the admin API shows each tenant\'s', async () => {
      const shown = await json();
      assert.equal(shown.length, 8);
      for (const [tenant, admin] of [['acme', t.admin], ['globex', t.adminB]] as const) {
        const api = expectStatus(await s.call('GET', '/deliveries?limit=100', admin), 200).data;
        assert.deepEqual(shown.filter((d) => d.tenant === tenant).map(({ tenant: _, ...d }) => d), api, tenant);
      }
      const created = shown.map((d) => d.createdAt);
      assert.deepEqual(created, [...created].sort().reverse(), 'newest first');
      const dead = shown.find((d) => d.status === 'dead' && d.tenant === 'acme')!;
      assert.deepEqual({ attempts: dead.attempts, nextAt: dead.nextAt, lastStatus: dead.lastStatus }, { attempts: 2, nextAt: null, lastStatus: 500 });
      assert.match(dead.lastError!, /^HTTP 500: no \(500\)$/);
      const pending = shown.find((d) => d.eventId === later)!;
      assert.equal(pending.status, 'pending');
      assert.ok(Date.parse(pending.nextAt!) > Date.now() + 9 * 86_400_000);
    });

    it('list: a table with a header and one row per delivery', async () => {
      const r = await cli('deliveries', 'list', '--store', spec);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^TENANT +EVENT +SUBSCRIBER +STATUS +ATTEMPTS +NEXT ATTEMPT +LAST ERROR$/);
      assert.equal(lines.length, 9);
      const cols = (line: string) => line.split(/ {2,}/);
      const deadRows = lines.slice(1).filter((l) => cols(l)[3] === 'dead');
      assert.equal(deadRows.length, 4);
      for (const l of deadRows) assert.match(l, /  —  +HTTP 50[03]: no \(50[03]\)$/);
      const later_ = lines.find((l) => l.includes(later))!;
      assert.deepEqual(cols(later_).slice(0, 5), ['acme', later, okId, 'pending', '0']);
      assert.match(cols(later_)[5]!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
      assert.equal(cols(later_)[6], '—');
      const delivered = lines.find((l) => l.includes(orders.acme[1]!) && l.includes(okId))!;
      assert.deepEqual(cols(delivered).slice(3), ['delivered', '1', '—', 'HTTP 204']);
      // Columns line up: each header starts where its cells start.
      const at = lines[0]!.indexOf('STATUS');
      for (const l of lines.slice(1)) assert.match(l.slice(at), /^(pending|delivered|dead) /);
    });

    it('list filters: status, subscriber, tenant, limit, and their combinations', async () => {
      const all = await json();
      const cases: [string[], (d: Shown) => boolean][] = [
        [['--status', 'dead'], (d) => d.status === 'dead'],
        [['--status', 'delivered'], (d) => d.status === 'delivered'],
        [['--status', 'pending'], (d) => d.status === 'pending'],
        [['--subscriber', okId], (d) => d.subscriberId === okId],
        [['--tenant', 'globex'], (d) => d.tenant === 'globex'],
        [['--tenant', 'acme', '--status', 'dead'], (d) => d.tenant === 'acme' && d.status === 'dead'],
        [['--subscriber', failingBId, '--status', 'dead'], (d) => d.subscriberId === failingBId && d.status === 'dead'],
        [['--subscriber', failingBId, '--tenant', 'globex'], (d) => d.tenant === 'globex'],
      ];
      const got = await pool(cases, 3, ([args]) => json(...args));
      cases.forEach(([args, keep], i) => {
        const expected = all.filter(keep);
        assert.ok(expected.length > 0, `${args.join(' ')} matches something`);
        assert.deepEqual(got[i], expected, args.join(' '));
      });

      const limited = await cli('deliveries', 'list', '--store', spec, '--json', '--limit', '3');
      assert.equal(limited.code, 0);
      assert.deepEqual(JSON.parse(limited.stdout), all.slice(0, 3));
      assert.match(limited.stderr, /the 3 newest shown; more match \(raise --limit\)/);
      const exact = await cli('deliveries', 'list', '--store', spec, '--json', '--limit', '8');
      assert.equal(exact.stderr, '', 'exactly as many as match: nothing more to say');
    });

    it('list: nothing matched is exit 1 with the filters named (and [] for --json)', async () => {
      const cases: [string[], RegExp][] = [
        [['--status', 'dead', '--subscriber', okId], new RegExp(`no delivery matches \\(status dead, subscriber ${okId}\\)`)],
        [['--tenant', 'initech'], /no delivery matches \(tenant initech\)/],
        [['--tenant', 'globex', '--subscriber', okId], new RegExp(`\\(subscriber ${okId}, tenant globex\\)`)],
      ];
      for (const [args, message] of cases) {
        const table = await cli('deliveries', 'list', '--store', spec, ...args);
        assert.equal(table.code, 1, args.join(' '));
        assert.equal(table.stdout, '');
        assert.match(table.stderr, message);
      }
      const asJson = await cli('deliveries', 'list', '--store', spec, '--json', '--tenant', 'initech');
      assert.equal(asJson.code, 1);
      assert.deepEqual(JSON.parse(asJson.stdout), []);
    });

    it('retry: an unknown delivery is refused (exit 1), naming it and the tenants searched', async () => {
      const cases: [string[], RegExp][] = [
        [['order:Q-NONE:v1', okId], new RegExp(`the delivery of "order:Q-NONE:v1" to "${okId}" does not exist in any tenant \\(acme, globex\\)`)],
        [[orders.acme[1]!, failingBId], /does not exist in any tenant/],
        [[orders.acme[0]!, failingId, '--tenant', 'globex'], /does not exist in tenant globex/],
      ];
      for (const [args, message] of cases) {
        const r = await cli('deliveries', 'retry', '--store', spec, ...args);
        assert.equal(r.code, 1, args.join(' '));
        assert.match(r.stderr, message);
        assert.equal(r.stdout, '');
      }
      assert.equal((await allDeliveries(s.store)).filter((d) => d.status === 'dead').length, 4, 'nothing changed');
    });

    it('retry: a dead delivery, and a pending one not yet due, are delivered by the running dispatcher', async () => {
      failing.answer(() => 204);
      const event = orders.acme[2]!;
      const before = failing.received.length;
      const r = await cli('deliveries', 'retry', '--store', spec, event, failingId);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${event} → ${failingId} (tenant acme): pending, due now (was dead, 2 attempts)\n`);
      await failing.until(() => failing.acknowledged().has(event), 20_000, 'the retried delivery acknowledged');
      await settled(s.store, 'the retry');
      assert.equal(failing.received.length, before + 1, 'only the retried delivery was sent');
      const d = (await json('--subscriber', failingId)).find((x) => x.eventId === event)!;
      assert.deepEqual({ status: d.status, attempts: d.attempts, lastStatus: d.lastStatus, lastError: d.lastError }, { status: 'delivered', attempts: 1, lastStatus: 204, lastError: null });

      const asJson = await cli('deliveries', 'retry', '--store', spec, '--json', '--tenant', 'acme', later, okId);
      assert.equal(asJson.code, 0, asJson.stderr);
      const shown = JSON.parse(asJson.stdout) as Shown;
      assert.deepEqual({ tenant: shown.tenant, eventId: shown.eventId, status: shown.status, attempts: shown.attempts }, { tenant: 'acme', eventId: later, status: 'pending', attempts: 0 });
      assert.ok(Math.abs(Date.parse(shown.nextAt!) - Date.now()) < 60_000, 'due now');
      await ok.until(() => ok.acknowledged().has(later), 20_000, 'the pending delivery acknowledged');
      const received = ok.acknowledged().get(later)![0]!;
      assert.equal(received.verifiedWith, -1, 'the test subscriber holds no secret; the signature is checked in server-webhooks');
      assert.equal(JSON.parse(received.body.toString('utf8')).id, later);
    });

    it('replay: one subscriber\'s dead letters, then every tenant\'s; then nothing is left (exit 1)', async () => {
      const unknown = await cli('deliveries', 'replay', '--store', spec, '--subscriber', 'sub_nobody');
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /the subscriber "sub_nobody" does not exist/);

      const one = await cli('deliveries', 'replay', '--store', spec, '--subscriber', failingId);
      assert.equal(one.code, 0, one.stderr);
      assert.equal(one.stdout, '2 dead deliveries pending again, due now (acme 2)\n');
      for (const id of orders.acme.slice(0, 2)) await failing.until(() => failing.acknowledged().has(id), 20_000, `${id} replayed`);
      await settled(s.store, 'the replay');
      assert.deepEqual((await json('--status', 'dead')).map((d) => [d.tenant, d.subscriberId]), [['globex', failingBId]], 'globex\'s is still dead');

      failingB.answer(() => 204);
      const all = await cli('deliveries', 'replay', '--store', spec, '--json');
      assert.equal(all.code, 0, all.stderr);
      assert.deepEqual(JSON.parse(all.stdout), { replayed: 1, tenants: { globex: 1 } });
      await failingB.until(() => failingB.acknowledged().has(orders.globex[0]!), 20_000, 'globex replayed');
      await settled(s.store, 'the second replay');
      assert.deepEqual((await json()).filter((d) => d.status !== 'delivered'), [], 'everything delivered');

      const again = await cli('deliveries', 'replay', '--store', spec);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /no dead delivery to replay/);
      assert.equal(again.stdout, '');
    });
  });
}

describe('cpq-kit deliveries: usage', () => {
  let dir: string;
  let spec: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cpq-cli-deliveries-'));
    const store = await createSqliteStore({ file: join(dir, 'cpq.sqlite') });
    await store.close();
    spec = `sqlite:${join(dir, 'cpq.sqlite')}`;
    writeFileSync(join(dir, 'not-a-db.sqlite'), 'this is not a database');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('help: cpq-kit --help names the command; deliveries --help and each command\'s --help print its options (exit 0)', async () => {
    const main = await cli('--help');
    assert.equal(main.code, 0);
    assert.match(main.stdout, /cpq-kit deliveries list\|retry\|replay/);
    for (const args of [['deliveries', '--help'], ['deliveries', 'help'], ['deliveries', 'list', '--help'], ['deliveries', 'retry', '-h']]) {
      const r = await cli(...args);
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.stdout, /^Usage: cpq-kit deliveries <command>/);
      assert.match(r.stdout, /--status <s> +pending, delivered or dead/);
    }
  });

  it('bad arguments: exit 2 with the message, before the store is opened', async () => {
    const missing = join(dir, 'missing', 'cpq.sqlite');
    const cases: [string[], RegExp][] = [
      [[], /^Usage: cpq-kit deliveries <command>/],
      [['frobnicate'], /deliveries: unknown command "frobnicate": list, retry or replay/],
      [['list', '--status', 'lost'], /--status must be pending, delivered or dead, got "lost"/],
      [['list', '--status'], /--status/],
      [['list', '--limit', '0'], /--limit must be a whole number from 1 to 10000, got "0"/],
      [['list', '--limit', 'ten'], /--limit must be a whole number from 1 to 10000, got "ten"/],
      [['list', '--limit', '10001'], /--limit must be a whole number/],
      [['list', '--limit', '1e3'], /--limit must be a whole number/],
      [['list', '--limit', '-5'], /--limit/],
      [['list', '--subscriber', 'webhook-1'], /--subscriber must be a subscriber id \(sub_…\), got "webhook-1"/],
      [['list', '--tenant', 'a b'], /--tenant must be a tenant id .*, got "a b"/],
      [['list', 'dead'], /deliveries list: takes no arguments, got "dead"/],
      [['list', '--colour'], /Unknown option '--colour'/],
      [['retry'], /give an event id and a subscriber id .*got 0 arguments/],
      [['retry', 'order:Q-1:v1'], /got 1 argument$/m],
      [['retry', 'order:Q-1:v1', 'sub_a', 'sub_b'], /got 3 arguments/],
      [['retry', 'order Q 1', 'sub_a'], /"order Q 1" is not an event id/],
      [['retry', 'order:Q-1:v1', 'a'], /"a" is not a subscriber id/],
      [['retry', 'order:Q-1:v1', 'sub_a', '--status', 'dead'], /--status is not an option of retry/],
      [['replay', '--limit', '5'], /--limit is not an option of replay/],
      [['replay', 'sub_a'], /deliveries replay: takes no arguments, got "sub_a" \(one subscriber's: --subscriber <id>\)/],
      [['list', '--store', 'mysql://db/cpq'], /--store must be sqlite:<file> or postgres:\/\/…, got "mysql:\/\/db\/cpq"/],
      [['list', '--store', `sqlite:${missing}`], new RegExp(`sqlite:${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no such store \\(ENOENT\\)`)],
      [['list', '--store', 'sqlite::memory:'], /names no file to read/],
      [['list', '--store', `sqlite:${join(dir, 'not-a-db.sqlite')}`], /not-a-db\.sqlite: cannot open the store \(.+\)/],
      [['list', '--store', 'postgres://cpq:hunter2@127.0.0.1:1/cpq'], /^cpq-kit: postgres:\/\/cpq:\*\*\*@127\.0\.0\.1:1\/cpq: cannot open the store \(ECONNREFUSED\)$/m],
    ];
    const runs = await pool(cases, 3, ([args]) => cli('deliveries', ...(args.length && !args.includes('--store') && args[0] !== 'frobnicate' ? [...args, '--store', spec] : args)));
    cases.forEach(([args, message], i) => {
      const r = runs[i]!;
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.ok(!r.stderr.includes('hunter2'), 'no password in a message');
      assert.ok(!/\n\s+at /.test(r.stderr), 'no stack');
    });
    assert.equal(existsSync(missing), false, 'nothing was created where the store was missing');
  });

  it('a store with no subscribers: list and replay match nothing (exit 1), retry finds nothing (exit 1)', async () => {
    const list = await cli('deliveries', 'list', '--store', spec);
    assert.deepEqual([list.code, list.stdout], [1, '']);
    assert.match(list.stderr, /no delivery matches$/m);
    const retry = await cli('deliveries', 'retry', '--store', spec, 'order:Q-1:v1', 'sub_a');
    assert.equal(retry.code, 1);
    assert.match(retry.stderr, /does not exist \(the store has no subscribers\)/);
    const replay = await cli('deliveries', 'replay', '--store', spec);
    assert.equal(replay.code, 1);
    assert.match(replay.stderr, /no dead delivery to replay/);
  });

  it('CPQ_STORE names the store when --store is absent', async () => {
    const r = await new Promise<Run>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'deliveries', 'list'], { cwd: root, env: { ...process.env, CPQ_STORE: `sqlite:${join(dir, 'nope.sqlite')}` }, encoding: 'utf8' }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: unknown }).code) : 0, stdout, stderr });
      });
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nope\.sqlite: no such store/);
  });
});
