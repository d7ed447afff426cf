/// <reference types="node" />
import { parseArgs } from 'node:util';
import { validateCatalog } from '../rules/validate-catalog.js';
import { VALIDATE_HELP } from './help.js';
import { EXIT, type Io, readJson, stdinOnce, UsageError } from './io.js';

/**
 * `cpq-kit validate <catalog.json>...`: check catalogs with the kit's own validator (what the
 * elements and pricing accept), one located line per error and warning on stdout, then a summary
 * per file. Exit 1 when a catalog has errors (with --strict: or warnings); 2 for usage, an
 * unreadable file or invalid JSON.
 */
export function validateCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { strict: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.out(VALIDATE_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('validate: give at least one catalog file (cpq-kit validate --help)');
  stdinOnce(positionals);
  let problems = false;
  const reports = [];
  for (const file of positionals) {
    const { ok, errors } = validateCatalog(readJson(file, io));
    const found = errors.map((e) => ({ severity: e.severity ?? 'error', path: e.path, message: e.message }));
    const errorCount = found.filter((e) => e.severity === 'error').length;
    const warningCount = found.length - errorCount;
    if (!ok || errorCount > 0 || (values.strict && warningCount > 0)) problems = true;
    reports.push({ file, valid: ok, errors: errorCount, warnings: warningCount, problems: found });
    if (values.json) continue;
    for (const e of found) io.out(`${file}: ${e.severity} at ${e.path || '(root)'}: ${e.message}\n`);
    io.out(`${file}: ${ok ? 'valid' : 'NOT valid'}, ${errorCount} ${errorCount === 1 ? 'error' : 'errors'}, ${warningCount} ${warningCount === 1 ? 'warning' : 'warnings'}\n`);
  }
  if (values.json) io.out(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
  return problems ? EXIT.problems : EXIT.ok;
}
