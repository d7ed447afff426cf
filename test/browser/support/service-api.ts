/**
 * Direct calls to the test quote service (test/browser/support/quote-service.mjs) for set-up and
 * checks: a user's token from the test server (kept per user), and a request as a user or with a
 * share token.
 */
const tokens = new Map<string, string>();

/** The bearer token of a seeded user (s1 seller, m1 manager, dir director, …). */
export async function token(user: string): Promise<string> {
  if (!tokens.has(user)) tokens.set(user, ((await (await fetch(`/__cpq/token/${user}`)).json()) as { token: string }).token);
  return tokens.get(user)!;
}

/** A request to the service as `who` (a user id, or a share token), with a JSON body if any. */
export async function call(method: string, path: string, who: string | { share: string }, body?: unknown): Promise<{ status: number; body: any }> {
  const bearer = typeof who === 'string' ? await token(who) : who.share;
  const res = await fetch(`/api/cpq/${path}`, {
    method, headers: { Authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}
