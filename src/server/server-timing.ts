import type { FastifyInstance } from 'fastify';

/**
 * `Server-Timing: app;dur=<ms>` on every answer: the time from the request's first hook (its
 * headers just read) to its answer. The service adds it with `serverTiming`; the bench's floor
 * adds the same, so that both are timed alike (bench/service.bench.ts reads it).
 */
export function addServerTiming(app: FastifyInstance): void {
  const started = new WeakMap<object, number>();
  app.addHook('onRequest', async (req) => void started.set(req, performance.now()));
  app.addHook('onSend', async (req, reply, payload) => {
    const at = started.get(req);
    if (at !== undefined) reply.header('server-timing', `app;dur=${(performance.now() - at).toFixed(2)}`);
    return payload;
  });
}
