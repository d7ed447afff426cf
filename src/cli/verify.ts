/// <reference types="node" />
import { parseArgs } from 'node:util';
import { own } from '../core/object.js';
import { DIGEST_PATTERN } from '../quote/digest.js';
import type { OrderDifference } from '../quote/order-types.js';
import { verifyOrder } from '../quote/verify-order.js';
import { VERIFY_HELP } from './help.js';
import { EXIT, readEvents, show, UsageError } from './io.js';
import { loadCatalog } from './price.js';
import type { Io } from './run.js';

interface Outcome {
  file: string;
  index: number;
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
  const acceptedDigest = values['accepted-digest'];
  if (acceptedDigest !== undefined && !DIGEST_PATTERN.test(acceptedDigest)) {
    throw new UsageError(`verify: --accepted-digest must be "sha-256:" and 64 hex digits, got ${show(acceptedDigest)}`);
  }
  const catalog = loadCatalog(catalogFile, io);
  // Every file is read before anything is verified: an unreadable one is a usage error, reported alone.
  const batches = eventFiles.map((file) => ({ file, events: readEvents(file) }));

  const outcomes: Outcome[] = [];
  for (const { file, events } of batches) {
    for (const [index, event] of events.entries()) {
      const result = verifyOrder(catalog, event, acceptedDigest === undefined ? {} : { acceptedDigest });
      outcomes.push({ file, index, id: own(event, 'id') ?? null, ok: result.ok, differences: result.differences });
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
