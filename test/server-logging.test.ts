// What the operator of `cpq-kit serve` sees when the service cannot complete a request: the
// PostgreSQL database it runs on is dropped under it. Every request still gets an answer in the
// service's error shape (no stack, no database message), the process stays up, and stderr says
// why — one JSON line per failed request, with the error and the request's method and URL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServiceProcess, type ServiceProcess } from './support/service-process.js';
import { freshPgDatabase, tokens } from './support/service.js';

describe('cpq-kit serve: a request it cannot complete is logged to stderr', () => {
  let service: ServiceProcess;
  let db: Awaited<ReturnType<typeof freshPgDatabase>>;
  before(async () => {
    db = await freshPgDatabase();
    service = await startServiceProcess(db.url);
  });
  after(async () => {
    await service.stop();
    await db.drop();
  });

  it('quiet while requests succeed or are refused; the database gone: 5xx in the service\'s shape, one error line each on stderr, the process up', async () => {
    const t = await tokens();
    const get = (path: string, token?: string) => fetch(`${service.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    assert.equal((await get('/health')).status, 200);
    assert.equal((await get('/quotes', t.seller)).status, 200);
    assert.equal((await get('/quotes')).status, 401);
    assert.equal((await get('/quotes/Q-2026-99999', t.seller)).status, 404);
    assert.equal(service.stderr(), '', 'nothing on stderr for answers that are not failures');

    await db.drop();
    const answers = await Promise.all([get('/quotes', t.seller), get('/health'), get('/catalogs', t.admin)]);
    for (const a of answers) {
      assert.ok(a.status >= 500, `a 5xx, got ${a.status}`);
      const body = await a.json() as { error?: { type?: string; message?: string } };
      assert.ok(body.error?.type, 'the service\'s error shape');
      assert.doesNotMatch(JSON.stringify(body), /cpq_test_|does not exist|\bat \S+\.(ts|js):\d+/, 'neither the database\'s words nor a stack for the client');
    }
    const lines = service.stderr().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message?: string; stack?: string }; method?: string; url?: string; status?: number });
    assert.ok(lines.length >= 3, `one line per failed request at least, got ${lines.length}: ${service.stderr().slice(0, 500)}`);
    for (const l of lines) {
      assert.equal(l.level, 50, 'at error level');
      assert.equal(l.msg, 'request failed');
      assert.ok(l.err?.message && l.err.stack, 'the error with its stack');
      assert.equal(l.method, 'GET');
      assert.ok(l.status !== undefined && l.status >= 500, 'the status answered');
    }
    const urls = lines.map((l) => l.url ?? '').join(' ');
    for (const path of ['/quotes', '/health', '/catalogs']) assert.ok(urls.includes(path), `${path} named in the log: ${urls}`);
    assert.doesNotMatch(service.stderr(), /Bearer|eyJ/, 'no token in the log');
    assert.equal(service.child.exitCode, null, 'the process is still up');
  });
});
