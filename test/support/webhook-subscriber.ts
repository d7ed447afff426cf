// A webhook subscriber for the tests: a node:http server on 127.0.0.1 that records every request
// (raw body, headers, when) and answers as the test says — a status, a hang (the dispatcher's
// timeout), or a dropped connection — and verifies each request with the `standardwebhooks`
// library itself, against the secrets the test gives it.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** How to answer one request: a status, never (`hang`: until the server closes), or `drop` the connection. */
export type Behaviour = number | 'hang' | 'drop';

export interface Received {
  /** The n-th request (0-based) this subscriber received. */
  n: number;
  at: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** webhook-id. */
  id: string;
  /** What it was answered (`hang` and `drop`: no answer). */
  answer: Behaviour;
  /** Which of the subscriber's secrets `standardwebhooks` verified it with (-1: none). */
  verifiedWith: number;
}

export interface WebhookSubscriber {
  url: string;
  received: Received[];
  /** Set how each request is answered (from the next one on). */
  answer: (behaviour: (r: Omit<Received, 'answer'>) => Behaviour) => void;
  /** The secrets `standardwebhooks` tries, in order, on every request. */
  secrets: string[];
  /** The requests answered 2xx, by webhook-id. */
  acknowledged: () => Map<string, Received[]>;
  /** Resolve once `predicate` holds (checked on each request and every 20 ms), or reject after `ms`. */
  until: (predicate: () => boolean, ms?: number, what?: string) => Promise<void>;
  close: () => Promise<void>;
}

export async function startSubscriber(behaviour: (r: Omit<Received, 'answer'>) => Behaviour = () => 200): Promise<WebhookSubscriber> {
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let answerWith = behaviour;
  const sub: WebhookSubscriber = {
    url: '', received, secrets: [],
    answer: (b) => (answerWith = b),
    acknowledged: () => {
      const m = new Map<string, Received[]>();
      for (const r of received) {
        if (typeof r.answer === 'number' && r.answer >= 200 && r.answer < 300) m.set(r.id, [...(m.get(r.id) ?? []), r]);
      }
      return m;
    },
    until: async (predicate, ms = 20_000, what = 'the condition') => {
      const start = Date.now();
      while (!predicate()) {
        if (Date.now() - start > ms) throw new Error(`${what}: not within ${ms} ms (${received.length} requests received)`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = req.headers;
      const base = { n: received.length, at: Date.now(), headers, body, id: String(headers['webhook-id'] ?? ''), verifiedWith: -1 };
      base.verifiedWith = sub.secrets.findIndex((secret) => {
        try {
          new Webhook(secret).verify(body, headers as Record<string, string>);
          return true;
        } catch {
          return false;
        }
      });
      const answer = answerWith(base);
      received.push({ ...base, answer });
      if (answer === 'drop') req.socket.destroy();
      else if (answer === 'hang') hanging.add(res);
      else res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer >= 200 && answer < 300 ? 'ok' : `no (${answer})`);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/cpq`;
  return sub;
}
