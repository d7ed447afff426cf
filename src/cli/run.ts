/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { deliveriesCommand } from './deliveries.js';
import { MAIN_HELP } from './help.js';
import { errorCode, EXIT, type Io, UsageError } from './io.js';
import { pdfCommand } from './pdf.js';
import { priceCommand } from './price.js';
import { serveCommand } from './serve.js';
import { validateCommand } from './validate.js';
import { verifyCommand } from './verify.js';

export type { Io } from './io.js';

/** Run the CLI with `args` (without `node` and the script); resolves to the exit code. */
export async function run(args: string[], io: Io): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'price':
        return priceCommand(rest, io);
      case 'validate':
        return validateCommand(rest, io);
      case 'verify':
        return verifyCommand(rest, io);
      case 'pdf':
        return await pdfCommand(rest, io);
      case 'serve':
        return await serveCommand(rest, io);
      case 'deliveries':
        return await deliveriesCommand(rest, io);
      case '-h':
      case '--help':
      case 'help':
        io.out(MAIN_HELP);
        return EXIT.ok;
      case '-v':
      case '--version':
        io.out(`${version()}\n`);
        return EXIT.ok;
      case undefined:
        io.err(MAIN_HELP);
        return EXIT.usage;
      default:
        io.err(`cpq-kit: unknown command ${JSON.stringify(command)}\n\n${MAIN_HELP}`);
        return EXIT.usage;
    }
  } catch (e) {
    // parseArgs reports unknown or malformed options with a code; both are usage errors, and
    // so is a failed read or write (a system error: ENOENT, EACCES, ENOSPC, EPIPE).
    const code = (e as { code?: unknown } | null)?.code;
    const usage = e instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) || errorCode(e) !== undefined;
    io.err(`cpq-kit: ${message(e)}\n`);
    return usage ? EXIT.usage : EXIT.problems;
  }
}

/** What went wrong: the message, never a stack. */
function message(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'an unreadable error';
  }
}

/** The package version: package.json is found upwards from this file (src/cli or dist). */
function version(): string {
  // Written so that bundlers do not take `new URL('…', import.meta.url)` for an asset to copy.
  let dir = new URL(import.meta.url);
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cpq-kit' && pkg.version) return pkg.version;
    } catch {
      // Not here: one level up.
    }
    dir = new URL('..', dir);
  }
  return 'unknown';
}
