// The real quote service behind web-test-runner's dev server (koa middleware), for the service
// mode of <cpq-quote>. The service runs in a child process (quote-service-server.ts under tsx,
// started on the first request that needs it, so other test files never wait for it); this
// middleware proxies the page's same-origin calls to it through a fault injector:
//   /api/cpq/…                 the service (any method), as the demo mounts it
//   GET  /__cpq/token/<user>   a bearer token of a seeded user: s1, s2 (sellers), m1 (manager),
//                              dir (director), f1 (finance), admin
//   POST /__cpq/faults         {"match": "POST /api/cpq/…/order", "answers": [503, "after:503"]}:
//                              the next requests whose "METHOD path" contains `match` get these
//                              answers in order — a status N answered by the proxy without
//                              reaching the service, or "after:N": the service does the work,
//                              then its answer is lost and N arrives instead
//   GET  /__cpq/log            [{ method, path, key, status, replayed, fault }] of every call
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const FORWARDED = ['authorization', 'content-type', 'idempotency-key', 'accept', 'user-agent', 'webhook-id', 'webhook-timestamp', 'webhook-signature'];

let started;
const faults = [];
const log = [];

/** The child service: `{ url, tokens }` once it listens. */
function service() {
  started ??= new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/browser/support/quote-service-server.ts'], {
      cwd: root, stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`the test quote service exited (${code}) before listening`)));
    // The child also exits when its stdin closes (this process gone, however it went).
    process.once('exit', () => child.kill());
  });
  return started;
}

async function body(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const json = (ctx, status, value) => {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = value;
};

const injected = (status) => ({ error: { type: status === 429 ? 'rate_limit' : 'unavailable', code: 'injected', message: `Injected ${status} (test proxy)` } });

/** The koa middleware. */
export function quoteService() {
  return async (ctx, next) => {
    if (ctx.path.startsWith('/__cpq/')) {
      const token = /^\/__cpq\/token\/(\w+)$/.exec(ctx.path);
      if (token) {
        const t = (await service()).tokens[token[1]];
        return t ? json(ctx, 200, { token: t }) : json(ctx, 404, { error: `no seeded user ${token[1]}` });
      }
      if (ctx.path === '/__cpq/faults' && ctx.method === 'POST') {
        faults.push(JSON.parse(String(await body(ctx.req))));
        return json(ctx, 200, { ok: true });
      }
      if (ctx.path === '/__cpq/log') return json(ctx, 200, log);
      return json(ctx, 404, { error: 'no such test route' });
    }
    if (!ctx.path.startsWith('/api/cpq/')) return next();
    const { url } = await service();
    const payload = ctx.method === 'GET' || ctx.method === 'HEAD' ? undefined : await body(ctx.req);
    const what = `${ctx.method} ${ctx.path}`;
    const rule = faults.find((f) => what.includes(f.match) && f.answers.length > 0);
    const fault = rule?.answers.shift();
    const entry = { method: ctx.method, path: ctx.path, key: ctx.get('Idempotency-Key') || undefined, fault };
    log.push(entry);
    if (typeof fault === 'number') {
      entry.status = fault;
      return json(ctx, fault, injected(fault));
    }
    const headers = {};
    for (const h of FORWARDED) if (ctx.get(h)) headers[h] = ctx.get(h);
    const res = await fetch(`${url}${ctx.url}`, { method: ctx.method, headers, body: payload });
    const text = await res.text();
    entry.replayed = res.headers.get('idempotent-replayed') === 'true';
    if (typeof fault === 'string' && fault.startsWith('after:')) {
      const status = Number(fault.slice(6));
      entry.status = status;
      entry.served = res.status;
      return json(ctx, status, injected(status));
    }
    entry.status = res.status;
    ctx.status = res.status;
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Type', res.headers.get('content-type') ?? 'application/json');
    if (entry.replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.body = text;
  };
}
