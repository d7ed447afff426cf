// A scriptable order receiver for the outbox tests, served by web-test-runner's dev server
// (koa middleware). Each test uses its own bucket:
//   POST /__orders/<bucket>          the endpoint: accepts an event once per Idempotency-Key
//                                    (201), answers 409 to a key it holds, or what the script says
//   POST /__orders/<bucket>/script   {"answers": [500, "drop", 201, …]}: the next answers, in order
//                                    ("drop" closes the connection without an answer)
//   GET  /__orders/<bucket>/log      {"requests": [{key, answer, type}], "orders": [ids]}
const buckets = new Map();

function bucket(name) {
  if (!buckets.has(name)) buckets.set(name, { answers: [], requests: [], orders: new Map() });
  return buckets.get(name);
}

async function body(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

/** The koa middleware. */
export function orderEndpoint() {
  return async (ctx, next) => {
    const m = /^\/__orders\/([\w-]+)(\/script|\/log)?$/.exec(ctx.path);
    if (!m) return next();
    const b = bucket(m[1]);
    if (m[2] === '/log') {
      ctx.body = { requests: b.requests, orders: [...b.orders.keys()] };
      return;
    }
    if (ctx.method !== 'POST') {
      ctx.status = 405;
      return;
    }
    const text = await body(ctx.req);
    if (m[2] === '/script') {
      b.answers.push(...JSON.parse(text).answers);
      ctx.status = 204;
      return;
    }
    const key = ctx.get('Idempotency-Key');
    const scripted = b.answers.shift();
    const held = b.orders.has(key);
    const answer = scripted === undefined || (typeof scripted === 'number' && scripted < 300) ? (held ? 409 : 201) : scripted;
    b.requests.push({ key, answer, type: ctx.get('Content-Type') });
    if (answer === 'drop') {
      // The order arrives, the answer never does (a connection lost on the way back).
      if (!held) b.orders.set(key, JSON.parse(text));
      ctx.status = 200; // for the dev server's request log, which would call it a 404
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    if (answer === 201) b.orders.set(key, JSON.parse(text));
    ctx.status = answer;
    ctx.body = answer === 201 ? { id: key } : { error: `scripted ${answer}` };
  };
}
