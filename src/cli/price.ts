/// <reference types="node" />
import { parseArgs } from 'node:util';
import { isIsoDate } from '../core/dates.js';
import { priceQuote } from '../pricing/price-quote.js';
import { digestContent } from '../quote/digest.js';
import { validateCatalog } from '../rules/validate-catalog.js';
import type { PricedQuote } from '../types.js';
import { PRICE_HELP } from './help.js';
import { EXIT, type Io, readJson, show, stdinOnce, UsageError } from './io.js';

/** `cpq-kit price <catalog> <quote>...`: price quotes, print them, report their issues. */
export function priceCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      locale: { type: 'string' }, today: { type: 'string' }, expect: { type: 'string' },
      strict: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(PRICE_HELP);
    return EXIT.ok;
  }
  const [catalogFile, ...quoteFiles] = positionals;
  if (!catalogFile || quoteFiles.length === 0) throw new UsageError('price: give a catalog file and at least one quote file (cpq-kit price --help)');
  if (values.expect !== undefined && quoteFiles.length !== 1) throw new UsageError('price: --expect compares one quote; give exactly one quote file');
  stdinOnce([catalogFile, ...quoteFiles, values.expect]);
  // A calendar date that exists: 2026-13-45 is refused here, not priced as something else.
  if (values.today !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(values.today) && isIsoDate(values.today))) {
    throw new UsageError(`price: --today must be a date such as 2026-11-28 (YYYY-MM-DD, a day that exists), got ${show(values.today)}`);
  }

  const catalog = loadCatalog(catalogFile, io);
  let problems = false;
  const results: PricedQuote[] = [];
  for (const file of quoteFiles) {
    const priced = priceQuote(catalog, readJson(file, io), {
      ...(values.locale !== undefined ? { locale: values.locale } : {}),
      ...(values.today !== undefined ? { today: values.today } : {}),
    });
    results.push(priced);
    const errors = priced.issues.filter((i) => i.severity === 'error').length;
    io.err(`${file}: ${priced.quoteId} v${priced.version} total ${priced.totals.total} ${priced.currency}, `
      + `${priced.orderable ? 'orderable' : 'not orderable'}, ${errors} errors, ${priced.issues.length - errors} warnings, ${priced.approvals.length} approvals\n`);
    for (const i of priced.issues) io.err(`${file}: ${i.severity} ${i.code}${i.path ? ` at ${i.path}` : ''}: ${i.message}\n`);
    if (errors > 0 || (values.strict && priced.issues.length > 0)) problems = true;
    if (values.expect !== undefined) {
      const differences = diff(digestContent(readJson(values.expect, io)), digestContent(priced), '');
      for (const d of differences) io.err(`${file}: differs from ${values.expect} at ${d}\n`);
      if (differences.length > 0) problems = true;
    }
  }
  io.out(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
  return problems ? EXIT.problems : EXIT.ok;
}

/** Read and validate a catalog; an invalid one is bad input (exit 2), its warnings are shown. */
export function loadCatalog(file: string, io: Io): unknown {
  const catalog = readJson(file, io);
  const { ok, errors } = validateCatalog(catalog);
  for (const e of errors) io.err(`${file}: ${e.severity ?? 'error'} at ${e.path || '(root)'}: ${e.message}\n`);
  if (!ok) throw new UsageError(`${file}: the catalog is not valid`);
  return catalog;
}

/** Differences between two JSON values, as `path: expected X, got Y` lines. */
function diff(expected: unknown, actual: unknown, path: string): string[] {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const n = Math.max(expected.length, actual.length);
    return Array.from({ length: n }, (_, i) => diff(expected[i], actual[i], `${path}[${i}]`)).flat();
  }
  if (isObject(expected) && isObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
    return keys.flatMap((k) => diff(expected[k], actual[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(expected) === JSON.stringify(actual) ? [] : [`${path || '(root)'}: expected ${show(expected)}, got ${show(actual)}`];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
