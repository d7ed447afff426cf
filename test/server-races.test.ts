// Writes that race for one row: on PostgreSQL (READ COMMITTED) two requests can both read "no
// such row" and both insert it; the loser's unique-key refusal must not come out as a 500 (the
// HTTP fuzz found one: two publications of one new catalog id at once). The service does the
// loser's write again, which then reads what the winner committed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { toApiError } from '../src/server/service.js';
import { StoreConflictError } from '../src/server/store/types.js';
import { CRM, startService, tokens, type StoreKind, type TestService, type Tokens } from './support/service.js';

const AT_ONCE = 8;

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`writes racing for one row (${kind})`, () => {
    let s: TestService;
    let t: Tokens;
    before(async () => {
      s = await startService(kind, { dispatch: false });
      t = await tokens();
    });
    after(() => s.close());

    it(`${AT_ONCE} publications of the same new catalog at once: one creates version 1, the others find it (200), none fails`, async () => {
      for (let round = 0; round < 5; round++) {
        const catalog = { ...CRM(), id: `race-same-${round}` };
        const answers = await Promise.all(Array.from({ length: AT_ONCE }, () => s.call('POST', '/catalogs', t.admin, catalog)));
        assert.deepEqual(answers.map((a) => a.status).sort(), [...Array<number>(AT_ONCE - 1).fill(200), 201], JSON.stringify(answers.map((a) => a.body)));
        assert.deepEqual(answers.map((a) => a.body.version), Array<number>(AT_ONCE).fill(1));
        assert.equal(answers.filter((a) => a.body.created === true).length, 1);
        assert.equal(new Set(answers.map((a) => a.body.digest)).size, 1);
      }
    });

    it(`${AT_ONCE} different versions of one new catalog at once (with and without Idempotency-Keys): versions 1 to ${AT_ONCE}, each once, the newest readable`, async () => {
      for (let round = 0; round < 3; round++) {
        const id = `race-versions-${round}`;
        const answers = await Promise.all(Array.from({ length: AT_ONCE }, (_, k) => {
          const catalog = { ...CRM(), id, name: { 'zh-CN': `版本 ${k}`, en: `Version ${k}` } };
          return s.call('POST', '/catalogs', t.admin, catalog, k % 2 ? { 'idempotency-key': `race-${round}-${k}` } : {});
        }));
        assert.deepEqual(answers.map((a) => a.status), Array<number>(AT_ONCE).fill(201), JSON.stringify(answers.map((a) => a.body)));
        assert.deepEqual(answers.map((a) => a.body.version as number).sort((a, b) => a - b), Array.from({ length: AT_ONCE }, (_, k) => k + 1));
        const newest = answers.find((a) => a.body.version === AT_ONCE)!;
        const read = await s.call('GET', `/catalogs/${id}`, t.admin);
        assert.equal(read.status, 200);
        assert.equal(read.body.version, AT_ONCE);
        assert.equal(read.body.digest, newest.body.digest);
        // A replayed key answers what its request was answered, not another version.
        const replay = await s.call('POST', '/catalogs', t.admin, { ...CRM(), id, name: { 'zh-CN': '版本 1', en: 'Version 1' } }, { 'idempotency-key': `race-${round}-1` });
        assert.equal(replay.status, 201);
        assert.equal(replay.headers['idempotent-replayed'], 'true');
        assert.equal(replay.body.version, answers[1]!.body.version);
      }
    });
  });
}

describe('a unique-row conflict that outlives the retries', () => {
  it('is a 409 in the service\'s shape saying nothing was changed, not a 500', () => {
    const e = toApiError(new StoreConflictError('catalogs_pk', new Error('duplicate key value violates unique constraint "catalogs_pk"')));
    assert.equal(e.status, 409);
    const body = e.body();
    assert.equal(body.error.type, 'conflict');
    assert.equal(body.error.code, 'concurrent-change');
    assert.match(body.error.message, /nothing was changed/);
    assert.doesNotMatch(JSON.stringify(body), /catalogs_pk|duplicate/);
  });
});
