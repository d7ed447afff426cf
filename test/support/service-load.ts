/**
 * The loopback load driver of the quote service, shared by test/server-crash.test.ts and
 * test/server-scale-out.test.ts: plain `fetch` to `cpq-kit serve` processes on 127.0.0.1.
 *
 * `runServiceLoad` runs `clients` concurrent clients; each walks quotes along their whole
 * lifecycle (create, 1–3 edits, sometimes a revision, submit, every approval level asked for,
 * send, the customer's acceptance through the share link, the order), one write at a time, every
 * write with an `Idempotency-Key` of its own. A write is ACKNOWLEDGED when a 2xx answer arrives;
 * the first such answer is kept. A network error or a 5xx is retried with the same key (on
 * another live endpoint when there are several: what a load balancer does when an instance
 * dies), or, with `stopOnNetworkError`, left pending for the caller to retry after a restart.
 * Duplicates are injected: a share of the acknowledged writes is sent again with the same key
 * (to another endpoint when there is one), and a share is sent to two endpoints at once.
 * Races too (different keys, one possible winner, through both endpoints): two edits on one
 * revision, and the seller's order beside the customer's self-service order; the loser must get
 * a 409 and store nothing (`raceOutcomes`).
 *
 * The run is bounded: at most `writes` writes are started (a shared budget), and no write is
 * started after `deadlineMs`. `verifyLoad` then checks the outcome against the service: every
 * acknowledged write replayed (same status, same bytes, `Idempotent-Replayed: true`), every
 * quote's move log holding exactly one move per acknowledged write, and the final states.
 */
import { randomBytes } from 'node:crypto';
import { userToken } from './service.js';

/** A small seeded generator (mulberry32): the same seed, the same sequence. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** One HTTP answer as the client saw it; status 0 is a network error (no answer). */
export interface Sent {
  status: number;
  /** The body exactly as received. */
  text: string;
  json: any;
  replayed: boolean;
  endpoint: string;
  error?: string;
}

/** A write: what was sent, with which key, and what came back. */
export interface Write {
  serial: number;
  client: number;
  action: 'create' | 'edit' | 'revise' | 'submit' | 'approve' | 'send' | 'accept' | 'order';
  method: 'POST' | 'PUT';
  path: string;
  token: string;
  body: unknown;
  key: string;
  /** The quote and version the write acts on (a create learns its id from its answer). */
  quoteId?: string;
  version?: number;
  /** The first 2xx answer received: the acknowledgement. */
  ack?: Sent;
  /** Every answer received for this key (including network errors), in order. */
  answers: Sent[];
  /** Sent again with the same key after the acknowledgement (or at once, to two endpoints). */
  repeats: Sent[];
  /** Left without an answer when the run stopped on a network error. */
  pending?: boolean;
  /** Sent at once with another write (another key) of which only one can win: the group's name. */
  race?: string;
  /** The 409 a write that lost its race got (it stored nothing). */
  lost?: Sent;
}

/** Send one HTTP request (JSON), with an optional Idempotency-Key. */
export async function request(base: string, method: string, path: string, token: string | undefined, body?: unknown, key?: string, timeoutMs = 15_000): Promise<Sent> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (key) headers['idempotency-key'] = key;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(`${base}${path}`, {
      method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    // Parsed when read (a repeat or a replay is compared by its bytes alone).
    let parsed: { value: unknown } | undefined;
    return {
      status: res.status, text, replayed: res.headers.get('idempotent-replayed') === 'true', endpoint: base,
      get json(): any {
        if (!parsed) {
          try {
            parsed = { value: text === '' ? undefined : JSON.parse(text) };
          } catch {
            parsed = { value: undefined };
          }
        }
        return parsed.value;
      },
    };
  } catch (e) {
    const err = e as { message?: string; cause?: { code?: string; message?: string } };
    return { status: 0, text: '', json: undefined, replayed: false, endpoint: base, error: err.cause?.code ?? err.cause?.message ?? err.message ?? String(e) };
  }
}

/** Send a write again with its key (optionally with another body). */
export function resend(base: string, w: Write, body: unknown = w.body): Promise<Sent> {
  return request(base, w.method, w.path, w.token, body, w.key);
}

/** The users of a load: one seller per client, an approver per level, the admin. */
export interface LoadUsers {
  admin: string;
  sellers: string[];
  /** Approver token by level id. */
  approvers: Record<string, string>;
}

export async function loadUsers(clients: number): Promise<LoadUsers> {
  const sellers: string[] = [];
  for (let i = 0; i < clients; i++) sellers.push(await userToken(`seller${i}`, ['seller']));
  return {
    admin: await userToken('ad', ['admin']),
    sellers,
    approvers: {
      manager: await userToken('m1', ['approver'], { levels: ['manager'] }),
      director: await userToken('dir', ['approver'], { levels: ['director'] }),
      finance: await userToken('f1', ['approver'], { levels: ['finance'] }),
    },
  };
}

/** Publish the demo catalogs over HTTP (as `publishDemo` does in process). */
export async function publishDemoHttp(base: string, adminToken: string, catalogs: unknown[]): Promise<void> {
  for (const catalog of catalogs) {
    const r = await request(base, 'POST', '/catalogs', adminToken, catalog);
    if (r.status !== 201 && r.status !== 200) throw new Error(`publish failed: ${r.status} ${r.text.slice(0, 300)}`);
  }
}

/** A CRM quote input: an edition for 1–400 users, implementation, support; a quote discount from none to 35 %. */
function crmInput(r: Rng, n: number): Record<string, unknown> {
  const sku = pick(r, ['CRM-STD', 'CRM-PRO', 'CRM-PRO', 'CRM-ENT'] as const);
  const options = sku === 'CRM-ENT' ? [] : [{ sku: 'ADDON-CPQ', qty: '1' }];
  const input: Record<string, unknown> = {
    catalogId: 'demo-crm-2026',
    customer: { id: `C-${10000 + n}`, name: pick(r, ['苏州瑞达精密制造股份有限公司', '杭州云帆科技有限公司', 'Müller & Söhne GmbH 🛠️']), segment: 'enterprise' },
    lines: [
      { id: 'L1', sku, qty: String(int(r, sku === 'CRM-ENT' ? 5 : 1, 400)), term: pick(r, ['12', '12', '24', '36']), attributes: { deploy: 'cloud' }, options, optional: false, group: '软件订阅' },
      { id: 'L2', sku: 'IMPL-STD', qty: '1', optional: false, group: '实施与支持' },
    ],
  };
  if (r() < 0.5) (input.lines as unknown[]).push({ id: 'L3', sku: 'SUPPORT-PREMIUM', qty: '1', optional: false, group: '实施与支持' });
  const discount = pick(r, ['0', '5', '10', '10', '18', '20', '25', '35']);
  if (discount !== '0') input.discount = { percent: discount };
  return input;
}

/** The input with another quantity on the first line (what an edit changes). */
function edited(r: Rng, input: Record<string, unknown>): Record<string, unknown> {
  const { catalogId: _c, ...rest } = input;
  const lines = (rest.lines as Record<string, unknown>[]).map((l) => ({ ...l }));
  lines[0]!.qty = String(int(r, lines[0]!.sku === 'CRM-ENT' ? 5 : 1, 400));
  return { ...rest, lines };
}

export interface LoadOptions {
  /** The service endpoints (`http://127.0.0.1:port`); client i starts on endpoint i mod n. */
  endpoints: string[];
  users: LoadUsers;
  clients: number;
  /** How many writes to start at most (shared by all clients; a write that lost a race gives its place back). */
  writes: number;
  /** No write is started after this long (ms). */
  deadlineMs: number;
  seed: number;
  /** Share of acknowledged writes sent again with the same key afterwards (to another endpoint when there is one). */
  repeatShare?: number;
  /** Share of writes sent to two endpoints at once (first attempt). */
  concurrentShare?: number;
  /** Stop a client at its first network error, leaving the write pending (for a crash and restart). Default: retry elsewhere. */
  stopOnNetworkError?: boolean;
  /** Attempts per write before it counts as failed. Default 40. */
  maxAttempts?: number;
}

/** What a run did, counted on the client side. */
export interface LoadRun {
  /** Every key of the run starts with `load-<runId>-`. */
  runId: string;
  writes: Write[];
  /** Writes started, acknowledged, pending (no answer when the run stopped), refused (a final 4xx). */
  counts: { started: number; acknowledged: number; pending: number; refused: number; raced: number; retried: number; serverErrors: number; networkErrors: number; repeats: number };
  /** Final 4xx answers and writes given up: each one is a failure of the run. */
  failures: string[];
  /** Quotes the run created, with the writes on each, in order. */
  quotes: Map<string, Write[]>;
  elapsedMs: number;
}

/** A running load: wait for it, or for a number of acknowledged writes (to kill a process then). */
export interface LoadHandle {
  done: Promise<LoadRun>;
  acknowledged: () => number;
  whenAcknowledged: (n: number) => Promise<void>;
  /** Take an endpoint out (its process was killed): clients go to the others. */
  down: (endpoint: string) => void;
}

/** Start a load; see the file's comment. */
export function runServiceLoad(options: LoadOptions): LoadHandle {
  const runId = randomBytes(4).toString('hex');
  const alive = new Set(options.endpoints);
  const writes: Write[] = [];
  const failures: string[] = [];
  const quotes = new Map<string, Write[]>();
  const counts = { started: 0, acknowledged: 0, pending: 0, refused: 0, raced: 0, retried: 0, serverErrors: 0, networkErrors: 0, repeats: 0 };
  const waiters: { n: number; resolve: () => void }[] = [];
  const repeatShare = options.repeatShare ?? 0;
  const concurrentShare = options.concurrentShare ?? 0;
  const maxAttempts = options.maxAttempts ?? 40;
  const start = Date.now();
  let budget = options.writes;
  let stopped = false;

  const acknowledged = (w: Write, s: Sent) => {
    if (w.ack) return;
    w.ack = s;
    counts.acknowledged++;
    for (const waiter of waiters.filter((x) => counts.acknowledged >= x.n)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const endpointFor = (client: number, attempt: number, not?: string): string | undefined => {
    const live = options.endpoints.filter((e) => alive.has(e));
    if (live.length === 0) return undefined;
    const others = live.filter((e) => e !== not);
    const from = others.length > 0 ? others : live;
    return from[(client + attempt) % from.length];
  };

  async function client(c: number): Promise<void> {
    const r = seeded(options.seed * 1000 + c);
    const seller = options.users.sellers[c % options.users.sellers.length]!;
    let serial = 0;
    let last: Write | undefined;

    /**
     * One write, retried with its key until a 2xx or a final 4xx; undefined when it did not go
     * through. A write in a `race` that gets a 409 lost it (another key won): no failure.
     */
    const write = async (action: Write['action'], method: Write['method'], path: string, token: string, body: unknown, quote?: { quoteId: string; version: number },
      race?: { group: string; offset: number }): Promise<any> => {
      if (stopped || budget <= 0 || Date.now() - start > options.deadlineMs) return undefined;
      budget--;
      counts.started++;
      const w: Write = { serial: serial++, client: c, action, method, path, token, body, key: `load-${runId}-c${c}-${serial}`, answers: [], repeats: [], ...quote };
      if (race) w.race = race.group;
      writes.push(w);
      last = w;
      if (w.quoteId) quotes.get(w.quoteId)?.push(w);
      for (let attempt = 0; attempt < maxAttempts; attempt++) {
        const target = endpointFor(c + (race?.offset ?? 0), attempt);
        if (!target) break;
        let answers: Sent[];
        if (attempt === 0 && r() < concurrentShare && alive.size > 0) {
          // The same request twice at once (a client that retried too early; two load balancer paths).
          const second = endpointFor(c, attempt, target) ?? target;
          answers = await Promise.all([resend(target, w), resend(second, w)]);
          counts.repeats++;
        } else {
          answers = [await resend(target, w)];
        }
        if (attempt > 0) counts.retried++;
        w.answers.push(...answers);
        const ok = answers.filter((s) => s.status >= 200 && s.status < 300);
        if (ok.length > 0) {
          // The acknowledgement is the answer that did the work (the other one replays it).
          acknowledged(w, ok.find((s) => !s.replayed) ?? ok[0]!);
          w.repeats.push(...answers.filter((s) => s !== w.ack));
          break;
        }
        const final = answers.find((s) => s.status >= 400 && s.status < 500 && s.status !== 429 && s.status !== 408);
        if (final && race && final.status === 409) {
          w.lost = final;
          counts.raced++;
          // A lost race does not count against the budget: `writes` is what is acknowledged.
          budget++;
          return undefined;
        }
        if (final) {
          counts.refused++;
          failures.push(`${w.action} ${w.path} (key ${w.key}) refused: ${final.status} ${final.text.slice(0, 300)}`);
          return undefined;
        }
        for (const s of answers) {
          if (s.status === 0) counts.networkErrors++;
          else counts.serverErrors++;
        }
        if (answers.some((s) => s.status === 0) && options.stopOnNetworkError) {
          w.pending = true;
          counts.pending++;
          stopped = true;
          return undefined;
        }
        for (const s of answers) if (s.status === 0 && s.error === 'ECONNREFUSED') alive.delete(s.endpoint);
        await new Promise((res) => setTimeout(res, Math.min(500, 10 * 2 ** Math.min(attempt, 6))));
      }
      if (!w.ack) {
        failures.push(`${w.action} ${w.path} (key ${w.key}) got no 2xx answer in ${maxAttempts} attempts: ${w.answers.map((s) => s.status || s.error).join(', ')}`);
        return undefined;
      }
      if (repeatShare > 0 && r() < repeatShare && !stopped) {
        // A client that did not see the answer retries, through the load balancer, with the same key.
        const target = endpointFor(c, 1, w.ack.endpoint);
        if (target) {
          const again = await resend(target, w);
          if (again.status !== 0) {
            w.repeats.push(again);
            counts.repeats++;
          }
        }
      }
      return w.ack.json;
    };

    for (let n = 0; !stopped && budget > 0 && Date.now() - start < options.deadlineMs; n++) {
      const input = crmInput(r, c * 1000 + n);
      const created = await write('create', 'POST', '/quotes', seller, input);
      if (!created) return;
      const quoteId = created.quoteId as string;
      const createWrite = last!;
      createWrite.quoteId = quoteId;
      createWrite.version = 1;
      quotes.set(quoteId, [createWrite]);
      let q = created;
      let version = 1;
      const at = () => ({ quoteId, version });
      const base = () => `/quotes/${quoteId}/versions/${version}`;
      if (r() < 0.2) {
        // Two edits on the same revision at once, through both endpoints: one is saved, the other is a 409 (stale revision).
        const group = `c${c}-q${n}-edit`;
        const [x, y] = await Promise.all([
          write('edit', 'PUT', base(), seller, { ...edited(r, input), baseRevision: q.revision }, at(), { group, offset: 0 }),
          write('edit', 'PUT', base(), seller, { ...edited(r, input), baseRevision: q.revision }, at(), { group, offset: 1 }),
        ]);
        q = x ?? y;
        if (!q) return;
      }
      for (let e = int(r, 1, 3); e > 0; e--) {
        q = await write('edit', 'PUT', base(), seller, { ...edited(r, input), baseRevision: q.revision }, at());
        if (!q) return;
      }
      if (r() < 0.15) {
        q = await write('revise', 'POST', `${base()}/revise`, seller, { reason: '客户要求调整数量 🙏' }, at());
        if (!q) return;
        version = q.version;
        q = await write('edit', 'PUT', base(), seller, { ...edited(r, input), baseRevision: q.revision }, at());
        if (!q) return;
      }
      q = await write('submit', 'POST', `${base()}/submit`, seller, {}, at());
      if (!q) return;
      while (q.state === 'approval-pending') {
        const level = (q.approval.levels as { level: string; status: string }[]).find((l) => l.status === 'current')!.level;
        q = await write('approve', 'POST', `${base()}/approve`, options.users.approvers[level]!, { digest: q.digest, reason: `同意 (${level})` }, at());
        if (!q) return;
      }
      const selfService = r() < 0.25;
      const sent = await write('send', 'POST', `${base()}/send`, seller, { digest: q.digest, ...(selfService ? { allowOrder: true } : {}) }, at());
      if (!sent) return;
      const accepted = await write('accept', 'POST', '/share/accept', sent.shareLink.token, { name: '李采购', digest: sent.quote.digest, poReference: `PO-${c}-${n}` }, at());
      if (!accepted) return;
      if (selfService) {
        // The seller and the customer order at once, through both endpoints: one order is made, the other is a 409.
        const group = `c${c}-q${n}-order`;
        const [x, y] = await Promise.all([
          write('order', 'POST', `${base()}/order`, seller, {}, at(), { group, offset: 0 }),
          write('order', 'POST', '/share/order', sent.shareLink.token, { name: '李采购' }, at(), { group, offset: 1 }),
        ]);
        if (!x && !y) return;
      } else {
        const ordered = await write('order', 'POST', `${base()}/order`, seller, {}, at());
        if (!ordered) return;
      }
    }
  }

  const done = (async (): Promise<LoadRun> => {
    await Promise.all(Array.from({ length: options.clients }, (_, c) => client(c)));
    for (const waiter of waiters.splice(0)) waiter.resolve();
    return { runId, writes, counts, failures, quotes, elapsedMs: Date.now() - start };
  })();
  return {
    done,
    acknowledged: () => counts.acknowledged,
    whenAcknowledged: (n) => new Promise<void>((resolve) => {
      if (counts.acknowledged >= n) resolve();
      else waiters.push({ n, resolve });
    }),
    down: (endpoint) => alive.delete(endpoint),
  };
}

/** Retry the writes left pending by a crash, with their keys, on `base` (after the restart): each must now be acknowledged. */
export async function retryPending(base: string, run: LoadRun): Promise<{ retried: number; replayed: number; failures: string[] }> {
  let retried = 0;
  let replayed = 0;
  const failures: string[] = [];
  for (const w of run.writes.filter((x) => x.pending)) {
    retried++;
    const s = await resend(base, w);
    w.answers.push(s);
    if (w.race && s.status === 409) {
      // It lost its race (the other write of its group was done).
      w.lost = s;
      w.pending = false;
    } else if (s.status >= 200 && s.status < 300) {
      w.ack = s;
      w.pending = false;
      if (s.replayed) replayed++;
      if (w.action === 'create' && !w.quoteId) {
        w.quoteId = s.json.quoteId;
        w.version = 1;
        run.quotes.set(w.quoteId!, [w]);
      }
    } else {
      failures.push(`pending ${w.action} ${w.path} (key ${w.key}) after the restart: ${s.status} ${s.text.slice(0, 300)}`);
    }
  }
  return { retried, replayed, failures };
}

/** Map `items` through `fn` with at most `n` at once. */
export async function pool<T, U>(items: readonly T[], n: number, fn: (item: T) => Promise<U>): Promise<U[]> {
  const out: U[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

/** What `verifyLoad` found. */
export interface LoadCheck {
  /** Acknowledged writes checked. */
  acknowledged: number;
  /** Replays sent after the run (same key): all identical? */
  replaysChecked: number;
  /** Repeats sent during the run (same key, after or beside the first answer). */
  repeatsChecked: number;
  /** Acknowledged writes whose effect is missing (lost), and effects beyond the acknowledged writes (duplicated). */
  lost: string[];
  duplicated: string[];
  /** Replays that differed from the acknowledged answer. */
  mismatched: string[];
}

/** The order id an acknowledged order write answered (the seller's route: `order.id`; the customer's: `orderId`). */
const orderId = (w: Write): string => w.ack!.json.order?.id ?? w.ack!.json.orderId;

/**
 * The races of a run: each group of writes sent at once (different keys, one winner possible)
 * must have exactly one acknowledged write, and every other one a 409.
 */
export function raceOutcomes(run: LoadRun): { groups: number; problems: string[]; lostCodes: Record<string, number> } {
  const groups = new Map<string, Write[]>();
  for (const w of run.writes) if (w.race) groups.set(w.race, [...(groups.get(w.race) ?? []), w]);
  const problems: string[] = [];
  const lostCodes: Record<string, number> = {};
  for (const [group, ws] of groups) {
    const winners = ws.filter((w) => w.ack);
    if (winners.length !== 1) problems.push(`race ${group}: ${winners.length} writes acknowledged of ${ws.length}`);
    for (const w of ws.filter((x) => !x.ack)) {
      if (w.lost?.status !== 409) problems.push(`race ${group}: ${w.action} ${w.path} neither acknowledged nor refused with a 409 (${w.answers.map((s) => s.status || s.error).join(', ')})`);
      else lostCodes[w.lost.json?.error?.code] = (lostCodes[w.lost.json?.error?.code] ?? 0) + 1;
    }
  }
  return { groups: groups.size, problems, lostCodes };
}

/** The moves in the log that a write leaves: (version, action) pairs. */
function movesOf(w: Write): string[] {
  switch (w.action) {
    case 'revise': return [`v${w.version}:supersede`, `v${w.ack?.json?.version ?? w.version! + 1}:revise`];
    default: return [`v${w.version}:${w.action}`];
  }
}

/**
 * Check a finished run against the service at `base` (every write acknowledged by then): each
 * acknowledged write replayed with its key gives the identical answer; each quote's move log
 * holds exactly the moves of the acknowledged writes (none missing: lost; none extra:
 * duplicated); each quote's newest state and revision are those of its last acknowledged write.
 */
export async function verifyLoad(base: string | string[], run: LoadRun, users: LoadUsers, options: { concurrency?: number; perQuote?: boolean; replay?: 'all' | 'unrepeated' } = {}): Promise<LoadCheck> {
  const concurrency = options.concurrency ?? 10;
  const bases = Array.isArray(base) ? base : [base];
  const check: LoadCheck = { acknowledged: 0, replaysChecked: 0, repeatsChecked: 0, lost: [], duplicated: [], mismatched: [] };
  const acked = run.writes.filter((w) => w.ack);
  check.acknowledged = acked.length;

  const same = (w: Write, s: Sent, what: string) => {
    const a = w.ack!;
    if (s.status !== a.status || s.text !== a.text || !s.replayed) {
      check.mismatched.push(`${what} ${w.action} ${w.path} (key ${w.key}): ${a.status} → ${s.status}, replayed ${s.replayed}, ${s.text === a.text ? 'same body' : `body differs: ${s.text.slice(0, 200)}`}`);
    }
  };
  // Repeats sent during the run: every one with an answer replays the acknowledged one.
  for (const w of acked) {
    for (const s of w.repeats) {
      if (s.status === 0) continue;
      check.repeatsChecked++;
      same(w, s, 'repeat');
    }
  }
  // Replays now: of every acknowledged write, or (`unrepeated`) of those not already repeated during the run.
  const replays = options.replay === 'unrepeated' ? acked.filter((w) => !w.repeats.some((s) => s.status !== 0)) : acked;
  await pool(replays, concurrency, async (w) => {
    const s = await resend(bases[w.serial % bases.length]!, w);
    check.replaysChecked++;
    same(w, s, 'replay');
  });

  if (options.perQuote === false) return check;
  // The effects: each quote's move log against its acknowledged writes.
  const seller = users.sellers[0]!;
  await pool([...run.quotes.entries()], concurrency, async ([quoteId, ws]) => {
    const b = bases[0]!;
    const log = await request(b, 'GET', `/quotes/${encodeURIComponent(quoteId)}/moves`, seller);
    if (log.status !== 200) {
      check.lost.push(`quote ${quoteId}: ${log.status} ${log.text.slice(0, 200)}`);
      return;
    }
    const have = new Map<string, number>();
    for (const m of log.json.data as { version: number; action: string }[]) have.set(`v${m.version}:${m.action}`, (have.get(`v${m.version}:${m.action}`) ?? 0) + 1);
    const want = new Map<string, number>();
    for (const w of ws.filter((x) => x.ack)) for (const m of movesOf(w)) want.set(m, (want.get(m) ?? 0) + 1);
    for (const [m, n] of want) if ((have.get(m) ?? 0) < n) check.lost.push(`quote ${quoteId}: ${n} × ${m} acknowledged, ${have.get(m) ?? 0} in the log`);
    for (const [m, n] of have) if (n > (want.get(m) ?? 0)) check.duplicated.push(`quote ${quoteId}: ${n} × ${m} in the log, ${want.get(m) ?? 0} acknowledged`);
    // The newest state and revision are those the last acknowledged write answered.
    const last = ws.filter((x) => x.ack).at(-1)!;
    const answered = last.ack!.json;
    // send and order answer { quote: view, … }; the customer's accept answers the customer view; the rest the seller view.
    const view = last.action === 'send' || last.action === 'order' ? answered.quote : answered;
    const now = await request(b, 'GET', `/quotes/${encodeURIComponent(quoteId)}`, seller);
    if (now.status !== 200) {
      check.lost.push(`quote ${quoteId}: GET ${now.status}`);
      return;
    }
    if (now.json.state !== view.state || now.json.version !== view.version) {
      check.lost.push(`quote ${quoteId}: last acknowledged ${last.action} left v${view.version} ${view.state}, the store has v${now.json.version} ${now.json.state}`);
    }
    if (typeof view.revision === 'number' && now.json.revision !== view.revision) {
      check.lost.push(`quote ${quoteId}: last acknowledged ${last.action} left revision ${view.revision}, the store has ${now.json.revision}`);
    }
    const order = ws.find((x) => x.action === 'order' && x.ack);
    if (order && now.json.orderId !== orderId(order)) check.lost.push(`quote ${quoteId}: order ${orderId(order)} acknowledged, the quote names ${now.json.orderId}`);
  });
  return check;
}

/** A query on the service's database, straight (not through the service): rows as objects. */
export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** What `verifyRows` found in the database. */
export interface RowCheck {
  lost: string[];
  duplicated: string[];
  /** Rows of the run: quotes, versions, moves, orders, share links, idempotency keys. */
  rows: { quotes: number; versions: number; moves: number; orders: number; shareLinks: number; keys: number };
}

const tally = (rows: Record<string, unknown>[], key: (r: Record<string, unknown>) => string, n = (r: Record<string, unknown>) => Number(r.n)) => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + n(r));
  return m;
};

/** Compare counts: fewer than wanted is lost, more is duplicated. */
function compare(what: string, want: Map<string, number>, have: Map<string, number>, check: RowCheck): void {
  for (const [k, n] of want) if ((have.get(k) ?? 0) < n) check.lost.push(`${what} ${k}: ${n} acknowledged, ${have.get(k) ?? 0} stored`);
  for (const [k, n] of have) if (n > (want.get(k) ?? 0)) check.duplicated.push(`${what} ${k}: ${n} stored, ${want.get(k) ?? 0} acknowledged`);
}

/**
 * Check a finished run (every write acknowledged by then) against the rows of the database
 * itself, tenant `acme`, which only the run wrote to: one quote per acknowledged create, one
 * version row per version, exactly the moves, share links and orders of the acknowledged writes
 * (no more: nothing done twice; no fewer: nothing lost), one order per ordered version, one
 * completed idempotency key per write, and each quote's newest version in the state and
 * revision its last acknowledged write answered. With `exact: false` (writes a crash left
 * unanswered may or may not have committed) only what is missing counts: `duplicated` is then
 * not meaningful, and the newest version must be at least at the acknowledged revision.
 */
export async function verifyRows(query: Query, run: LoadRun, options: { exact?: boolean } = {}): Promise<RowCheck> {
  const exact = options.exact ?? true;
  const check: RowCheck = { lost: [], duplicated: [], rows: { quotes: 0, versions: 0, moves: 0, orders: 0, shareLinks: 0, keys: 0 } };
  const acked = run.writes.filter((w) => w.ack);
  const count = (items: string[]) => tally(items.map((k) => ({ k, n: 1 })), (r) => String(r.k));
  const qv = (r: Record<string, unknown>) => `${String(r.quote_id)} v${Number(r.version)}`;

  const quotes = await query("select quote_id from quotes where tenant = 'acme'");
  check.rows.quotes = quotes.length;
  compare('quote', count(acked.filter((w) => w.action === 'create').map((w) => w.ack!.json.quoteId as string)), count(quotes.map((r) => String(r.quote_id))), check);

  const versions = await query("select quote_id, version, count(*) as n from quote_versions where tenant = 'acme' group by quote_id, version");
  check.rows.versions = versions.reduce((a, r) => a + Number(r.n), 0);
  const wantVersions = acked.flatMap((w) => (w.action === 'create' ? [`${w.ack!.json.quoteId} v1`] : w.action === 'revise' ? [`${w.quoteId} v${w.ack!.json.version}`] : []));
  compare('version', count(wantVersions), tally(versions, qv), check);

  const moves = await query("select quote_id, version, action, count(*) as n from moves where tenant = 'acme' group by quote_id, version, action");
  check.rows.moves = moves.reduce((a, r) => a + Number(r.n), 0);
  const wantMoves = acked.flatMap((w) => {
    const quoteId = w.action === 'create' ? w.ack!.json.quoteId : w.quoteId;
    return movesOf({ ...w, quoteId, version: w.version ?? 1 }).map((m) => `${quoteId} ${m}`);
  });
  compare('move', count(wantMoves), tally(moves, (r) => `${String(r.quote_id)} v${Number(r.version)}:${String(r.action)}`), check);

  const orders = await query("select quote_id, version, id from orders where tenant = 'acme'");
  check.rows.orders = orders.length;
  const orderWrites = acked.filter((w) => w.action === 'order');
  compare('order', count(orderWrites.map((w) => `${w.quoteId} v${w.version} ${orderId(w)}`)), count(orders.map((r) => `${qv(r)} ${String(r.id)}`)), check);

  const links = await query("select quote_id, version, count(*) as n from share_links where tenant = 'acme' group by quote_id, version");
  check.rows.shareLinks = links.reduce((a, r) => a + Number(r.n), 0);
  compare('share link', count(acked.filter((w) => w.action === 'send').map((w) => `${w.quoteId} v${w.version}`)), tally(links, qv), check);

  // Customer keys are scoped by their link, the others by the tenant: match on the key alone.
  const keys = await query(`select key, status from idempotency_keys where key like 'load-${run.runId}-%'`);
  check.rows.keys = keys.length;
  compare('idempotency key', count(acked.map((w) => `${w.key} ${w.ack!.status}`)), count(keys.map((r) => `${String(r.key)} ${Number(r.status)}`)), check);

  const newest = await query("select q.quote_id, q.latest_version, v.state, v.revision from quotes q join quote_versions v on v.tenant = q.tenant and v.quote_id = q.quote_id and v.version = q.latest_version where q.tenant = 'acme'");
  const byQuote = new Map(newest.map((r) => [String(r.quote_id), r]));
  for (const [quoteId, ws] of run.quotes) {
    const last = ws.filter((w) => w.ack).at(-1);
    const row = byQuote.get(quoteId);
    if (!last || !row) continue;
    const answered = last.ack!.json;
    const view = last.action === 'send' || last.action === 'order' ? answered.quote : answered;
    // Not exact (writes left unanswered by a crash may have committed): at least the acknowledged version and revision.
    const behind = exact
      ? row.state !== view.state || Number(row.latest_version) !== view.version || (typeof view.revision === 'number' && Number(row.revision) !== view.revision)
      : Number(row.latest_version) < view.version || (Number(row.latest_version) === view.version && typeof view.revision === 'number' && Number(row.revision) < view.revision);
    if (behind) {
      check.lost.push(`quote ${quoteId}: its last acknowledged ${last.action} left v${view.version} ${view.state} revision ${view.revision ?? '?'}, the store has v${Number(row.latest_version)} ${String(row.state)} revision ${Number(row.revision)}`);
    }
  }
  return check;
}

/**
 * The store's own consistency, whatever the load was: each quote's versions 1..latest present,
 * each version's move log gapless from an opening move (create or revise) at seq 0, each
 * version's revision the count of the moves that changed it (the row and its move committed
 * together), an order exactly for each ordered version, no idempotency key left claimed but
 * unanswered. Returns the problems found.
 */
export async function consistency(query: Query): Promise<string[]> {
  const problems: string[] = [];
  const none = async (what: string, sql: string) => {
    const rows = await query(sql);
    if (rows.length > 0) problems.push(`${what}: ${JSON.stringify(rows.slice(0, 5))}`);
  };
  await none('a head without its newest version', `select q.quote_id from quotes q left join quote_versions v
    on v.tenant = q.tenant and v.quote_id = q.quote_id and v.version = q.latest_version where v.quote_id is null`);
  await none('versions not 1..latest', `select v.quote_id from quote_versions v join quotes q on q.tenant = v.tenant and q.quote_id = v.quote_id
    group by v.tenant, v.quote_id, q.latest_version having count(*) <> q.latest_version or max(v.version) <> q.latest_version`);
  await none('a move log with gaps', 'select quote_id, version from moves group by tenant, quote_id, version having min(seq) <> 0 or max(seq) <> count(*) - 1');
  await none('a version without its opening move', `select v.quote_id, v.version from quote_versions v left join moves m
    on m.tenant = v.tenant and m.quote_id = v.quote_id and m.version = v.version and m.seq = 0
    where m.quote_id is null or m.action not in ('create', 'revise')`);
  // Moves that write the version row: all but the opening ones, hand-overs and a 会签 member's partial sign-off.
  await none('a revision that is not its moves', `select v.quote_id, v.version, v.revision, count(m.seq) as changes from quote_versions v
    left join moves m on m.tenant = v.tenant and m.quote_id = v.quote_id and m.version = v.version
      and m.action not in ('create', 'revise', 'handover') and not (m.action = 'approve' and m.detail like '%"complete":false%')
    group by v.tenant, v.quote_id, v.version, v.revision having v.revision <> count(m.seq) + 1`);
  await none('an order of a version that is not ordered', `select o.id, v.state from orders o join quote_versions v
    on v.tenant = o.tenant and v.quote_id = o.quote_id and v.version = o.version where v.state <> 'ordered'`);
  await none('an ordered version without its order', `select v.quote_id, v.version from quote_versions v left join orders o
    on o.tenant = v.tenant and o.quote_id = v.quote_id and o.version = v.version where v.state = 'ordered' and o.id is null`);
  await none('an idempotency key claimed, never answered', 'select key from idempotency_keys where status = 0');
  return problems;
}
