// Scale-out (issue 11): two `cpq-kit serve` processes on one fresh PostgreSQL database, 2,000
// writes (creates, edits, revisions, submits, approvals at every level asked for, sends, the
// customers' acceptances, orders) from 20 concurrent clients spread over both. A share of the
// writes is repeated with its Idempotency-Key through the other process (a client retrying
// through the load balancer), a share is sent to both at once, some writes race with another
// key through the other process (two edits on one revision; the seller's order beside the
// customer's self-service order: one wins, the other is a 409), and one process is killed with
// kill -9 part way: its clients go to the survivor and retry with the same keys. Then: nothing
// lost, nothing done twice, every repeat and replay the identical answer, and the same key with
// another body a 422.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { consistency, loadUsers, pool, publishDemoHttp, raceOutcomes, request, resend, runServiceLoad, verifyLoad, verifyRows, type LoadRun, type LoadUsers } from './support/service-load.js';
import { startServiceProcess, type ServiceProcess } from './support/service-process.js';
import { COMPRESSOR, CRM, freshPgDatabase } from './support/service.js';

const CLIENTS = 20;
const WRITES = 2000;
/** The instance is killed once this many writes were acknowledged. */
const KILL_AT = 1200;

describe('scale-out: two processes on one PostgreSQL database, one killed with kill -9', () => {
  let db: Awaited<ReturnType<typeof freshPgDatabase>>;
  let a: ServiceProcess;
  let b: ServiceProcess;
  let users: LoadUsers;
  let run: LoadRun;
  let client: pg.Client;
  const query = async (sql: string) => (await client.query(sql)).rows as Record<string, unknown>[];

  before(async () => {
    db = await freshPgDatabase();
    // Both start (and migrate) at once.
    [a, b] = await Promise.all([startServiceProcess(db.url), startServiceProcess(db.url)]);
    users = await loadUsers(CLIENTS);
    await publishDemoHttp(a.url, users.admin, [CRM(), COMPRESSOR()]);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  after(async () => {
    await client?.end();
    await a?.kill();
    await b?.stop();
    await db?.drop();
  });

  it(`runs ${WRITES} writes from ${CLIENTS} clients over both, survives kill -9 of one, and loses or repeats nothing`, { timeout: 120_000 }, async () => {
    const load = runServiceLoad({
      endpoints: [a.url, b.url], users, clients: CLIENTS, writes: WRITES, deadlineMs: 50_000, seed: 11,
      repeatShare: 0.2, concurrentShare: 0.08,
    });
    await load.whenAcknowledged(KILL_AT);
    const killedAt = load.acknowledged();
    await a.kill();
    load.down(a.url);
    run = await load.done;

    const interrupted = run.writes.filter((w) => w.answers.some((s) => s.status === 0));
    const committedUnanswered = interrupted.filter((w) => w.ack?.replayed);
    console.log(`  scale-out: ${run.counts.acknowledged} writes acknowledged (${run.counts.started} sent, ${run.counts.raced} lost a race) in ${run.elapsedMs} ms over ${run.quotes.size} quotes; `
      + `kill -9 after ${killedAt}; ${interrupted.length} writes interrupted by it and retried on the survivor (${committedUnanswered.length} had committed: replayed); `
      + `${run.counts.repeats} repeats with the same key; ${run.counts.serverErrors} 5xx`);
    const races = raceOutcomes(run);
    console.log(`  scale-out: ${races.groups} races of two keys through both processes (two edits on one revision; the seller's and the customer's order): the losers got ${JSON.stringify(races.lostCodes)}`);
    assert.deepEqual(run.failures, []);
    assert.deepEqual(races.problems, []);
    assert.ok(races.lostCodes['stale-revision']! > 0 && races.lostCodes['already-ordered']! > 0);
    assert.equal(run.counts.acknowledged, WRITES, 'the whole budget of writes was acknowledged before the deadline');
    assert.equal(run.counts.started, WRITES + run.counts.raced);
    assert.ok(interrupted.length > 0, 'the kill interrupted writes in flight');
    assert.equal(run.counts.serverErrors, 0, 'no 5xx answer');
    assert.ok(run.writes.some((w) => w.action === 'order' && w.ack) && run.writes.some((w) => w.action === 'revise' && w.ack));
    assert.ok(run.counts.repeats >= WRITES / 5, `many writes repeated (${run.counts.repeats})`);
  });

  it('replays every acknowledged write identically (status, bytes, Idempotent-Replayed: true), during the load or after it on the survivor', async () => {
    assert.ok(run, 'the load ran');
    // The writes not already repeated during the load are replayed now: each one at least once.
    const check = await verifyLoad(b.url, run, users, { perQuote: false, replay: 'unrepeated' });
    console.log(`  scale-out: ${check.repeatsChecked} repeats during the load and ${check.replaysChecked} replays after it checked; ${check.mismatched.length} differed`);
    assert.deepEqual(check.mismatched, []);
    const repeated = run.writes.filter((w) => w.repeats.some((s) => s.status !== 0)).length;
    assert.equal(repeated + check.replaysChecked, run.counts.acknowledged);
    assert.ok(check.repeatsChecked >= WRITES / 5);
  });

  it('has lost nothing and done nothing twice: the rows are exactly those of the acknowledged writes', async () => {
    assert.ok(run, 'the load ran');
    const check = await verifyRows(query, run);
    console.log(`  scale-out: rows ${JSON.stringify(check.rows)}; lost ${check.lost.length}, duplicated ${check.duplicated.length}`);
    assert.deepEqual(check.lost, []);
    assert.deepEqual(check.duplicated, []);
    // The database's own view: one order per quote version, one version row per (quote, version); the store's invariants
    // (move logs gapless, appended under the version's row lock; revisions that are their moves; no claim left unanswered).
    assert.deepEqual(await query('select quote_id, version, count(*) from orders group by quote_id, version having count(*) > 1'), []);
    assert.deepEqual(await query('select quote_id, version, count(*) from quote_versions group by quote_id, version having count(*) > 1'), []);
    assert.deepEqual(await consistency(query), []);
    const ordered = run.writes.filter((w) => w.action === 'order' && w.ack).length;
    assert.equal(check.rows.orders, ordered);
    assert.equal(check.rows.keys, run.counts.acknowledged, 'a key for each acknowledged write, none for a race lost');
  });

  it('refuses the same key with another body (or on another route) with a 422, and changes nothing', async () => {
    assert.ok(run, 'the load ran');
    const sample = run.writes.filter((w) => w.ack && (w.action === 'create' || w.action === 'edit' || w.action === 'approve')).filter((_, i) => i % 10 === 0).slice(0, 40);
    assert.ok(sample.length >= 20);
    const before = await query('select count(*) as n from moves');
    const answers = await pool(sample, 8, async (w) => {
      const body = w.action === 'approve'
        ? { ...(w.body as object), reason: 'another reason' }
        : { ...(w.body as Record<string, unknown>), lines: ((w.body as { lines: Record<string, unknown>[] }).lines).map((l, i) => (i === 0 ? { ...l, qty: String(Number(l.qty) + 1) } : l)) };
      return { w, other: await resend(b.url, w, body) };
    });
    for (const { w, other } of answers) {
      assert.equal(other.status, 422, `${w.action} ${w.key}: ${other.text.slice(0, 200)}`);
      assert.equal(other.json.error.code, 'idempotency-key-reused');
      assert.equal(other.json.error.param, 'Idempotency-Key');
    }
    // The key of a submit sent to the approve route of the same version.
    const submit = run.writes.find((w) => w.action === 'submit' && w.ack)!;
    const moved = await request(b.url, 'POST', submit.path.replace(/\/submit$/, '/expire'), submit.token, {}, submit.key);
    assert.equal(moved.status, 422);
    assert.equal(moved.json.error.code, 'idempotency-key-reused');
    assert.deepEqual(await query('select count(*) as n from moves'), before);
  });

  it('the survivor answers normally after it all', async () => {
    const health = await request(b.url, 'GET', '/health', undefined);
    assert.equal(health.status, 200);
    assert.deepEqual(health.json, { ok: true, store: 'postgres' });
    const list = await request(b.url, 'GET', '/quotes?limit=5&state=ordered', users.sellers[0]);
    assert.equal(list.status, 200);
    assert.equal(list.json.data.length, 5);
  });
});
