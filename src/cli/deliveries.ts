/// <reference types="node" />
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DeliveryRow, DeliveryStatus, QuoteStore } from '../server/store/types.js';
import { DELIVERIES_HELP } from './help.js';
import { errorCode, EXIT, type Io, show, UsageError } from './io.js';
import { openStore } from './serve.js';

/**
 * `cpq-kit deliveries list|retry|replay`: the outbox's deliveries, seen and driven again from the
 * command line. The command opens the store itself (the same `--store` as `cpq-kit serve`), so
 * an operator can look while the service is down; a retry or replay only makes the rows due now,
 * and a running dispatcher (any instance on that store) sends them on its next poll.
 */

const STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'dead'];
/** As the service makes them and its API takes them (src/server/routes/subscribers.ts, src/server/auth.ts). */
const SUBSCRIBER_ID = /^sub_[A-Za-z0-9_-]{1,60}$/;
const EVENT_ID = /^[A-Za-z0-9%._~!$&'()*+,;=:@-]{1,300}$/;
const TENANT = /^[\w.@:+-]{1,128}$/;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 10_000;

/** A delivery as the command shows it (`--json`): the API's view of it, with its tenant. */
interface DeliveryView {
  tenant: string;
  eventId: string;
  subscriberId: string;
  status: DeliveryStatus;
  attempts: number;
  /** When a pending delivery is next tried (ISO 8601); null once it is delivered or dead. */
  nextAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

const view = (d: DeliveryRow): DeliveryView => ({
  tenant: d.tenant, eventId: d.eventId, subscriberId: d.subscriberId, status: d.status, attempts: d.attempts,
  nextAt: d.status === 'pending' ? new Date(d.nextAt).toISOString() : null,
  lastStatus: d.lastStatus, lastError: d.lastError, createdAt: d.createdAt, updatedAt: d.updatedAt,
});

/** `cpq-kit deliveries <list|retry|replay> …`. */
export async function deliveriesCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined) {
    io.err(DELIVERIES_HELP);
    return EXIT.usage;
  }
  if (sub === '-h' || sub === '--help' || sub === 'help') {
    io.out(DELIVERIES_HELP);
    return EXIT.ok;
  }
  if (sub !== 'list' && sub !== 'retry' && sub !== 'replay') throw new UsageError(`deliveries: unknown command ${show(sub)}: list, retry or replay (cpq-kit deliveries --help)`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      store: { type: 'string' }, tenant: { type: 'string' }, subscriber: { type: 'string' }, status: { type: 'string' }, limit: { type: 'string' },
      json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(DELIVERIES_HELP);
    return EXIT.ok;
  }
  // Every argument is checked before the store is opened.
  const only = (names: string[]) => {
    for (const name of ['status', 'limit', 'subscriber'] as const) {
      if (values[name] !== undefined && !names.includes(name)) throw new UsageError(`deliveries ${sub}: --${name} is not an option of ${sub} (cpq-kit deliveries --help)`);
    }
  };
  const tenant = values.tenant;
  if (tenant !== undefined && !TENANT.test(tenant)) throw new UsageError(`deliveries ${sub}: --tenant must be a tenant id (letters, digits, _ . @ : + -, up to 128), got ${show(tenant)}`);
  const subscriber = values.subscriber;
  if (subscriber !== undefined && !SUBSCRIBER_ID.test(subscriber)) throw new UsageError(`deliveries ${sub}: --subscriber must be a subscriber id (sub_…), got ${show(subscriber)}`);
  const spec = values.store ?? process.env.CPQ_STORE ?? 'sqlite:./data/cpq.sqlite';

  if (sub === 'list') {
    only(['status', 'limit', 'subscriber']);
    if (positionals.length > 0) throw new UsageError(`deliveries list: takes no arguments, got ${show(positionals[0])} (filter with --status, --subscriber, --tenant)`);
    const status = values.status;
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw new UsageError(`deliveries list: --status must be pending, delivered or dead, got ${show(status)}`);
    const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
    if (!/^[1-9]\d{0,4}$/.test(values.limit ?? '1') || limit > MAX_LIMIT) throw new UsageError(`deliveries list: --limit must be a whole number from 1 to ${MAX_LIMIT}, got ${show(values.limit)}`);
    return withStore(spec, (store) => list(store, io, { tenant, subscriber, status: status as DeliveryStatus | undefined, limit, json: values.json === true }));
  }
  if (sub === 'retry') {
    only([]);
    if (positionals.length !== 2) throw new UsageError(`deliveries retry: give an event id and a subscriber id (cpq-kit deliveries retry <eventId> <subscriberId>), got ${positionals.length} argument${positionals.length === 1 ? '' : 's'}`);
    const [eventId, subscriberId] = positionals as [string, string];
    if (!EVENT_ID.test(eventId)) throw new UsageError(`deliveries retry: ${show(eventId)} is not an event id`);
    if (!SUBSCRIBER_ID.test(subscriberId)) throw new UsageError(`deliveries retry: ${show(subscriberId)} is not a subscriber id (sub_…)`);
    return withStore(spec, (store) => retry(store, io, { tenant, eventId, subscriberId, json: values.json === true }));
  }
  only(['subscriber']);
  if (positionals.length > 0) throw new UsageError(`deliveries replay: takes no arguments, got ${show(positionals[0])} (one subscriber's: --subscriber <id>)`);
  return withStore(spec, (store) => replay(store, io, { tenant, subscriber, json: values.json === true }));
}

/** Open the store `spec` names, run `work`, close it; a store that cannot be opened is an I/O error (exit 2). */
async function withStore(spec: string, work: (store: QuoteStore) => Promise<number>): Promise<number> {
  const shown = redact(spec);
  if (spec.startsWith('sqlite:')) {
    // Opening a SQLite file that is not there would make an empty store: a mistyped path says so instead.
    const file = spec.slice('sqlite:'.length);
    if (file === '' || file === ':memory:') throw new UsageError(`deliveries: --store ${shown} names no file to read`);
    if (!existsSync(file)) throw new UsageError(`${shown}: no such store (ENOENT)`);
  } else if (!/^postgres(ql)?:\/\//.test(spec)) {
    throw new UsageError(`deliveries: --store must be sqlite:<file> or postgres://…, got ${show(shown)}`);
  }
  let store: QuoteStore;
  try {
    store = await openStore(spec);
  } catch (e) {
    throw new UsageError(`${shown}: cannot open the store (${reason(e)})`);
  }
  try {
    return await work(store);
  } finally {
    await store.close().catch(() => undefined);
  }
}

/** Why a store could not be opened, in one line: a system error's code (through the causes), else the message. */
function reason(e: unknown): string {
  for (let err = e as { cause?: unknown; errors?: unknown[] } | null | undefined, depth = 0; err && depth < 5; err = err.cause as typeof err, depth++) {
    const code = errorCode(err) ?? errorCode(err.errors?.[0]);
    if (code) return code;
  }
  const message = (e as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? redact(message).replace(/\s+/g, ' ').slice(0, 300) : 'unknown error';
}

/** A store URL without its password. */
function redact(spec: string): string {
  return spec.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}

/** The tenants to look in: the one asked for, or every tenant with a subscriber. */
async function tenantsOf(store: QuoteStore, tenant: string | undefined): Promise<string[]> {
  return tenant !== undefined ? [tenant] : store.read.listSubscriberTenants();
}

async function list(store: QuoteStore, io: Io, o: { tenant?: string; subscriber?: string; status?: DeliveryStatus; limit: number; json: boolean }): Promise<number> {
  const rows: DeliveryRow[] = [];
  for (const t of await tenantsOf(store, o.tenant)) {
    rows.push(...await store.read.listDeliveries(t, { limit: o.limit + 1, status: o.status, subscriberId: o.subscriber }));
  }
  // Newest first across tenants. Each tenant's rows come in the store's order (created, then
  // event and subscriber id in the database's collation); a stable sort by creation time, ties
  // between tenants by tenant, keeps it.
  rows.sort((a, b) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.tenant === b.tenant ? 0 : a.tenant < b.tenant ? -1 : 1));
  const shown = rows.slice(0, o.limit).map(view);
  const more = rows.length > o.limit;
  if (o.json) io.out(`${JSON.stringify(shown, null, 2)}\n`);
  else if (shown.length > 0) io.out(table(shown));
  if (shown.length === 0) {
    io.err(`cpq-kit: deliveries list: no delivery matches${describe(o)}\n`);
    return EXIT.problems;
  }
  if (more) io.err(`cpq-kit: deliveries list: the ${o.limit} newest shown; more match (raise --limit)\n`);
  return EXIT.ok;
}

/** The filters, for a message: " (status dead, subscriber sub_…, tenant acme)". */
function describe(o: { tenant?: string; subscriber?: string; status?: string }): string {
  const parts = [o.status && `status ${o.status}`, o.subscriber && `subscriber ${o.subscriber}`, o.tenant && `tenant ${o.tenant}`].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

async function retry(store: QuoteStore, io: Io, o: { tenant?: string; eventId: string; subscriberId: string; json: boolean }): Promise<number> {
  const tenants = await tenantsOf(store, o.tenant);
  const found: DeliveryRow[] = [];
  for (const t of tenants) {
    const d = await store.read.getDelivery(t, o.eventId, o.subscriberId);
    if (d) found.push(d);
  }
  const what = `the delivery of ${show(o.eventId)} to ${show(o.subscriberId)}`;
  if (found.length === 0) {
    io.err(`cpq-kit: deliveries retry: ${what} does not exist${o.tenant !== undefined ? ` in tenant ${o.tenant}` : tenants.length ? ` in any tenant (${tenants.join(', ')})` : ' (the store has no subscribers)'}\n`);
    return EXIT.problems;
  }
  if (found.length > 1) {
    io.err(`cpq-kit: deliveries retry: ${what} exists in several tenants (${found.map((d) => d.tenant).join(', ')}): name one with --tenant\n`);
    return EXIT.problems;
  }
  const tenant = found[0]!.tenant;
  const now = Date.now();
  const after = await store.transaction(async (tx) => {
    await tx.redriveDeliveries(tenant, { eventId: o.eventId, subscriberId: o.subscriberId }, now, new Date(now).toISOString());
    return tx.getDelivery(tenant, o.eventId, o.subscriberId);
  });
  const subscriber = await store.read.getSubscriber(tenant, o.subscriberId);
  const shown = view(after!);
  if (o.json) io.out(`${JSON.stringify(shown, null, 2)}\n`);
  else io.out(`${clean(o.eventId)} → ${clean(o.subscriberId)} (tenant ${clean(tenant)}): pending, due now (was ${found[0]!.status}, ${found[0]!.attempts} attempt${found[0]!.attempts === 1 ? '' : 's'})\n`);
  if (subscriber && !subscriber.enabled) io.err(`cpq-kit: deliveries retry: note: the subscriber ${o.subscriberId} is disabled (${clean(subscriber.disabledReason ?? 'no reason given')}); the delivery waits until it is enabled\n`);
  return EXIT.ok;
}

async function replay(store: QuoteStore, io: Io, o: { tenant?: string; subscriber?: string; json: boolean }): Promise<number> {
  const tenants = await tenantsOf(store, o.tenant);
  let targets = tenants;
  if (o.subscriber !== undefined) {
    targets = [];
    for (const t of tenants) if (await store.read.getSubscriber(t, o.subscriber)) targets.push(t);
    if (targets.length === 0) {
      io.err(`cpq-kit: deliveries replay: the subscriber ${show(o.subscriber)} does not exist${o.tenant !== undefined ? ` in tenant ${o.tenant}` : ''}\n`);
      return EXIT.problems;
    }
  }
  const now = Date.now();
  const at = new Date(now).toISOString();
  const byTenant: Record<string, number> = {};
  let replayed = 0;
  for (const t of targets) {
    const n = await store.transaction((tx) => tx.redriveDeliveries(t, o.subscriber === undefined ? { dead: true } : { dead: true, subscriberId: o.subscriber }, now, at));
    if (n > 0) byTenant[t] = n;
    replayed += n;
  }
  if (o.json) io.out(`${JSON.stringify({ replayed, tenants: byTenant }, null, 2)}\n`);
  if (replayed === 0) {
    io.err(`cpq-kit: deliveries replay: no dead delivery to replay${describe({ subscriber: o.subscriber, tenant: o.tenant })}\n`);
    return EXIT.problems;
  }
  if (!o.json) {
    const where = Object.entries(byTenant).map(([t, n]) => `${clean(t)} ${n}`).join(', ');
    io.out(`${replayed} dead deliver${replayed === 1 ? 'y' : 'ies'} pending again, due now (${where})\n`);
  }
  return EXIT.ok;
}

/**
 * Text for a terminal: a subscriber's answer (in `lastError`) is another party's text, so control
 * characters (an escape sequence that would move the cursor or retitle the window) become `?`.
 */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}

/** A time as the table shows it: ISO 8601 in UTC to the second. */
const time = (iso: string | null) => (iso === null ? '—' : `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`);

/** The readable table: one row per delivery, the last column (the last error) cut at 80 characters. */
function table(rows: DeliveryView[]): string {
  const head = ['TENANT', 'EVENT', 'SUBSCRIBER', 'STATUS', 'ATTEMPTS', 'NEXT ATTEMPT', 'LAST ERROR'];
  const cells = rows.map((d) => {
    const error = d.lastError === null ? (d.lastStatus === null ? '—' : `HTTP ${d.lastStatus}`) : clean(d.lastError);
    return [clean(d.tenant), clean(d.eventId), clean(d.subscriberId), d.status, String(d.attempts), time(d.nextAt), error.length > 80 ? `${error.slice(0, 79)}…` : error];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `${c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]!))).join('  ')}\n`;
  return line(head) + cells.map(line).join('');
}
