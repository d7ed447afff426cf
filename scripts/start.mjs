#!/usr/bin/env node
// `npm start`: the reference order receiver and the demo, in one process. The receiver verifies
// orders against the bundled sample catalogs and stores them in .cache/demo-orders.jsonl; the
// demo's Vite server proxies /api to it, so the pages reach it same-origin (CSP connect-src
// 'self'). Run with `node --import tsx` (the receiver is the kit's own TypeScript).
//   --preview   serve the built demo (demo-dist/, `npm run build:demo`) instead of the dev server
//   PORT, RECEIVER_PORT   the demo's and the receiver's ports (5173 or 4173, and 8787)
import { createServer, preview } from 'vite';
import { startOrderReceiver } from '../src/server/index.ts';
import { demoCatalogs } from './demo-server.mjs';

const receiverPort = Number(process.env.RECEIVER_PORT ?? 8787);
const catalogs = demoCatalogs();

const receiver = await startOrderReceiver({
  catalogs,
  store: new URL('../.cache/demo-orders.jsonl', import.meta.url).pathname,
  port: receiverPort,
  onRequest: ({ method, path, status, id, differences }) =>
    console.log(`receiver: ${method} ${path} → ${status}${id ? ` ${id}` : ''}${differences ? ` (${differences} differences)` : ''}`),
});
console.log(`receiver: ${receiver.url} (verifies against ${Object.keys(catalogs).join(', ')}; ${receiver.store.all().length} orders stored)`);

const configFile = new URL('../vite.demo.config.ts', import.meta.url).pathname;
const port = process.env.PORT ? Number(process.env.PORT) : undefined;
const server = process.argv.includes('--preview')
  ? await preview({ configFile, preview: { port } })
  : await (await createServer({ configFile, server: { port } })).listen();
server.printUrls();

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await server.close();
    await receiver.close();
    process.exit(0);
  });
}
