/**
 * The floor of bench/dispatch.bench.ts, and its webhook subscriber.
 *
 * The subscriber: a node:http server in a process of its own that reads each request's body and
 * answers 204 (nothing verified, nothing stored: the least a subscriber can do), counting what
 * it received. Run as:
 *   node --import tsx bench/dispatch-floor.ts --subscriber
 * It prints "dispatch-subscriber: listening on <url>"; SIGTERM stops it.
 *
 * The floor: the least a dispatcher must do to deliver the same events — for each, the same
 * body with the same headers (the CloudEvent in structured mode, `webhook-id`,
 * `webhook-timestamp`, and `webhook-signature` signed with the `standardwebhooks` library, as
 * the kit signs: the signature is part of the work), POSTed with the same HTTP client (Node's
 * fetch) and the same number of requests in flight, each answer read. Nothing is claimed, stored
 * or recorded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';

/** An event as the floor sends it: its id and its structured-mode body. */
export interface FloorEvent {
  id: string;
  body: string;
}

/**
 * POST every event to `url`, `concurrency` at a time, each signed with `secret` at the time it
 * is sent; resolves once every answer is read (rejects on one that is not 2xx).
 */
export async function floorDeliver(url: string, secret: string, events: readonly FloorEvent[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < events.length) {
      const e = events[next++]!;
      const timestamp = new Date(Math.floor(Date.now() / 1000) * 1000);
      const signature = new Webhook(secret).sign(e.id, timestamp, e.body);
      const res = await fetch(url, {
        method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(10_000),
        headers: {
          'content-type': 'application/cloudevents+json; charset=utf-8', 'webhook-id': e.id,
          'webhook-timestamp': String(timestamp.getTime() / 1000), 'webhook-signature': signature, 'user-agent': 'cpq-kit-webhooks/1',
        },
        body: e.body,
      });
      await res.text();
      if (res.status < 200 || res.status >= 300) throw new Error(`floor: ${e.id} answered ${res.status}`);
    }
  }));
}

export interface SubscriberProcess {
  url: string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

/** Start the subscriber in a process of its own; resolves once it listens. */
export async function startSubscriberProcess(): Promise<SubscriberProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--subscriber'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then(() => reject(new Error('the bench subscriber exited before listening')));
  });
  return {
    url, child,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (process.argv.includes('--subscriber')) {
  let received = 0;
  const ids = new Set<string>();
  const server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      received++;
      ids.add(String(req.headers['webhook-id']));
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`dispatch-subscriber: listening on http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks\n`);
  });
  process.once('SIGTERM', () => {
    if (process.env.BENCH_VERBOSE) process.stderr.write(`dispatch-subscriber: ${received} requests received, ${ids.size} webhook-ids\n`);
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
