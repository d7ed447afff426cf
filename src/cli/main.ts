#!/usr/bin/env node
/// <reference types="node" />
/**
 * `cpq-kit` command line (Node only): price quotes, render quote PDFs, verify order events, run
 * the quote service, see and re-drive its order event deliveries (`cpq-kit deliveries`).
 * Exit codes are stable: 0 ok, 1 pricing errors or differences found (deliveries: nothing
 * matched, or refused), 2 usage or bad input, a store that cannot be opened, or output that
 * cannot be written (a full disk, a closed pipe).
 */
import { readFileSync } from 'node:fs';
import { errorCode, EXIT } from './io.js';
import { run } from './run.js';

// A write to stdout fails asynchronously (EPIPE when the reader went away, ENOSPC on a full
// disk): say so once, plainly, exit 2, and write nothing more.
let outputFailed = false;
process.stdout.on('error', (e: Error) => {
  if (outputFailed) return;
  outputFailed = true;
  const code = errorCode(e);
  process.stderr.write(`cpq-kit: cannot write to standard output${code ? ` (${code})` : ''}\n`);
  process.exitCode = EXIT.usage;
});
// Nowhere is left to report a failing stderr; the exit code says it.
process.stderr.on('error', () => {
  process.exitCode = EXIT.usage;
});

run(process.argv.slice(2), {
  out: (data) => {
    if (!outputFailed) process.stdout.write(data);
  },
  err: (text) => {
    process.stderr.write(text);
  },
  stdin: () => new Uint8Array(readFileSync(0)),
}).then(
  (code) => {
    process.exitCode = outputFailed ? EXIT.usage : code;
  },
  (e: unknown) => {
    // run() answers every expected failure itself; this is a bug, reported as a problem.
    process.stderr.write(`cpq-kit: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = EXIT.problems;
  },
);
