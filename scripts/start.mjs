#!/usr/bin/env node
// `npm start`: the demo's quote service and the demo pages, in one process. The service
// (scripts/demo-service.mjs) runs on SQLite in .cache/demo/cpq.sqlite, mounted under /api/cpq,
// seeded with the demo catalogs, users, sample quotes and one quote already sent to a customer;
// the demo's Vite server proxies /api to it, so the pages reach it same-origin (CSP connect-src
// 'self'). Run with `node --import tsx` (the service is the kit's own TypeScript).
//   --preview   serve the built demo (demo-dist/, `npm run build:demo`) instead of the dev server
//   --reset     start from an empty database (the secrets in .cache/demo/secrets.json are kept)
//   PORT, CPQ_SERVICE_PORT   the demo's and the service's ports (5173 or 4173, and 8787)
//   CPQ_JWT_SECRET, CPQ_SHARE_SECRET   the secrets (default: generated once, kept in .cache/demo/)
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, preview } from 'vite';
import { DEMO_DIR, PREFIX, startDemoService, USERS } from './demo-service.mjs';

if (process.argv.includes('--reset')) {
  for (const file of ['cpq.sqlite', 'cpq.sqlite-wal', 'cpq.sqlite-shm']) rmSync(join(DEMO_DIR, file), { force: true });
}
const servicePort = Number(process.env.CPQ_SERVICE_PORT ?? 8787);
const service = await startDemoService({ port: servicePort, log: (line) => console.log(`service: ${line}`) });
// vite.demo.config.ts reads the port when it is loaded, i.e. by createServer()/preview() below.
process.env.CPQ_SERVICE_PORT = new URL(service.url).port;
console.log(`service: ${service.url}${PREFIX} (SQLite ${join(DEMO_DIR, 'cpq.sqlite')}; OpenAPI at ${PREFIX}/openapi.json)`);
console.log(`service: sign in as ${USERS.filter((u) => u.id !== 'admin').map((u) => `${u.id} (${u.name})`).join(', ')}`);

const configFile = new URL('../vite.demo.config.ts', import.meta.url).pathname;
const port = process.env.PORT ? Number(process.env.PORT) : undefined;
const server = process.argv.includes('--preview')
  ? await preview({ configFile, preview: { port } })
  : await (await createServer({ configFile, server: { port } })).listen();
server.printUrls();
const base = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
console.log(`  ➜  portal: ${new URL(`portal.html#share=${service.seed.shared.token}`, base).href}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await server.close();
    await service.close();
    process.exit(0);
  });
}
