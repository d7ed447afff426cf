import { appendFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';

/**
 * The floor of the order receiver: a bare node:http server that reads the body, parses the JSON
 * and appends one line per request (`{ id, receivedAt, event }`, as the kit's store writes one
 * per order), then answers 201 — with no content-type or Idempotency-Key check, no
 * verification (no re-pricing, no digest), no de-duplication and no write queue. It is what the
 * reference receiver costs at the least, on the same loopback, to store the same bytes.
 */
export async function startFloorReceiver(file: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let event: { id?: unknown };
      try {
        event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: unknown };
      } catch {
        res.writeHead(400).end();
        return;
      }
      appendFile(file, `${JSON.stringify({ id: event.id, receivedAt: new Date().toISOString(), event })}\n`, 'utf8').then(
        () => {
          const body = JSON.stringify({ id: event.id, status: 'stored' });
          res.writeHead(201, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }).end(body);
        },
        () => res.writeHead(500).end(),
      );
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/api/orders`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
