// The real quote service for the browser tests, in a process of its own (started by
// quote-service.mjs under tsx): `createQuoteService` on an in-memory SQLite store under
// `/api/cpq`, the demo catalogs published, and bearer tokens for the seeded users of tenant
// acme. Prints one JSON line `{ url, tokens }` once it listens; exits when its parent goes
// (its stdin closes), so a killed test runner leaves no service behind.
import { COMPRESSOR, CRM, JWT_SECRET, LEVELS, SHARE_SECRET, userToken } from '../../support/service.js';
import { createQuoteService, createSqliteStore } from '../../../src/server/index.js';

const store = await createSqliteStore({ file: ':memory:' });
const app = await createQuoteService({
  store, auth: { secret: JWT_SECRET }, shareLinks: { secret: SHARE_SECRET }, approvalLevels: LEVELS,
  timeZone: 'UTC', prefix: '/api/cpq', limits: { perMinute: 1_000_000 },
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });

// Long enough for a watch session; the seeded users as test/support/service.ts names them.
const tokens = {
  s1: await userToken('s1', ['seller'], { expiresIn: '12h' }),
  s2: await userToken('s2', ['seller'], { expiresIn: '12h' }),
  m1: await userToken('m1', ['approver'], { levels: ['manager'], expiresIn: '12h' }),
  dir: await userToken('dir', ['approver'], { levels: ['director'], expiresIn: '12h' }),
  f1: await userToken('f1', ['approver'], { levels: ['finance'], expiresIn: '12h' }),
  admin: await userToken('ad', ['admin'], { expiresIn: '12h' }),
};
for (const catalog of [CRM(), COMPRESSOR()]) {
  const r = await app.inject({ method: 'POST', url: '/api/cpq/catalogs', headers: { authorization: `Bearer ${tokens.admin}` }, payload: catalog });
  if (r.statusCode !== 201 && r.statusCode !== 200) throw new Error(`publishing ${catalog.id} failed: ${r.body}`);
}
process.stdout.write(`${JSON.stringify({ url, tokens })}\n`);

const stop = () => void app.close().finally(() => process.exit(0));
process.stdin.on('end', stop).on('close', stop).resume();
process.once('SIGTERM', stop);
