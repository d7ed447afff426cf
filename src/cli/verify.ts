/// <reference types="node" />
import { parseArgs } from 'node:util';
import { own } from '../core/object.js';
import { DIGEST_PATTERN } from '../quote/digest.js';
import type { OrderDifference } from '../quote/order-types.js';
import { verifyOrder, type VerifyResult } from '../quote/verify-order.js';
import { VERIFY_HELP } from './help.js';
import { EXIT, type Io, type LoadedEvent, readEvents, show, stdinOnce, UsageError } from './io.js';
import { loadCatalog } from './price.js';

interface Outcome {
  file: string;
  index: number;
  /** The event's identity: (source, id). */
  source: unknown;
  id: unknown;
  ok: boolean;
  differences: OrderDifference[];
}

/** `cpq-kit verify <catalog> <events>...`: verify order events, one line per event and per difference. */
export function verifyCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'accepted-digest': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.out(VERIFY_HELP);
    return EXIT.ok;
  }
  const [catalogFile, ...eventFiles] = positionals;
  if (!catalogFile || eventFiles.length === 0) throw new UsageError('verify: give a catalog file and at least one event file (cpq-kit verify --help)');
  stdinOnce([catalogFile, ...eventFiles]);
  const acceptedDigest = values['accepted-digest'];
  if (acceptedDigest !== undefined && !DIGEST_PATTERN.test(acceptedDigest)) {
    throw new UsageError(`verify: --accepted-digest must be "sha-256:" and 64 hex digits, got ${show(acceptedDigest)}`);
  }
  const catalog = loadCatalog(catalogFile, io);
  // Every file is read before anything is verified: an unreadable one is a usage error, reported alone.
  const batches = eventFiles.map((file) => ({ file, events: readEvents(file, io) }));

  const outcomes: Outcome[] = [];
  for (const { file, events } of batches) {
    for (const [index, loaded] of events.entries()) {
      const result = verifyOrder(catalog, loaded.event, acceptedDigest === undefined ? {} : { acceptedDigest });
      const differences = [...result.differences, ...checkOrder(loaded, result)];
      const id = own(loaded.event, 'id');
      outcomes.push({ file, index, source: own(loaded.event, 'source') ?? null, id: id ?? null, ok: differences.length === 0, differences });
    }
  }
  if (values.json) io.out(`${JSON.stringify(outcomes, null, 2)}\n`);
  else {
    for (const o of outcomes) {
      const where = `${o.file}${outcomes.filter((x) => x.file === o.file).length > 1 ? `#${o.index + 1}` : ''}`;
      io.out(`${where}: ${typeof o.id === 'string' ? o.id : '(no id)'} ${o.ok ? 'verified' : `${o.differences.length} differences`}\n`);
      for (const d of o.differences) io.out(`  ${d.path || '(event)'}: expected ${show(d.expected)}, got ${show(d.actual)}\n`);
    }
  }
  return outcomes.every((o) => o.ok) ? EXIT.ok : EXIT.problems;
}

/**
 * A stored order (`GET /orders/:id`) must be the record of its event: the same id, quote and
 * version, and the total and currency the catalog gives (not merely what the event says).
 */
function checkOrder({ event, order }: LoadedEvent, result: VerifyResult): OrderDifference[] {
  if (!order) return [];
  const out: OrderDifference[] = [];
  const data = own(event, 'data');
  const expect = (field: string, expected: unknown) => {
    if (expected !== undefined && order[field] !== expected) out.push({ path: `order.${field}`, expected, actual: order[field] ?? null });
  };
  expect('id', own(event, 'id'));
  expect('quoteId', own(data, 'quoteId'));
  expect('version', own(data, 'version'));
  if ('total' in order) expect('total', result.priced?.totals.total);
  if ('currency' in order) expect('currency', result.priced?.currency);
  return out;
}
