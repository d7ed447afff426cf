#!/usr/bin/env node
/// <reference types="node" />
/**
 * `cpq-kit` command line (Node only): price quotes, render quote PDFs, verify order events.
 * Exit codes are stable: 0 ok, 1 pricing errors or differences found, 2 usage or bad input.
 */
import { run } from './run.js';

run(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // run() answers every expected failure itself; this is a bug, reported as a problem.
    process.stderr.write(`cpq-kit: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
