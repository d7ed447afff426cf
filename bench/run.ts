// Runs every bench/*.bench.ts module's default export (an async function), in file-name order,
// each in a Node process of its own: one bench's heap (the pricing bench's 10,000-line quotes,
// the browser bench's builds) would otherwise slow the next one — the service bench's 20 clients
// run in this process, and a full run's service tail latencies doubled beside a 900 MB heap left
// by the benches before it.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const dir = new URL('./', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  // BENCH=browser,pricing runs only those files (bench/<name>.bench.ts).
  .filter((f) => !process.env.BENCH || process.env.BENCH.split(',').includes(f.replace(/\.bench\.ts$/, '')))
  .sort();

/** Set in the process that runs one bench file (BENCH_FILE): it runs that file here. */
const only = process.env.BENCH_FILE;

if (only) {
  const mod = (await import(new URL(only, dir).href)) as { default?: unknown };
  if (typeof mod.default !== 'function') {
    console.error(`${only}: no default export function, skipped`);
    process.exitCode = 1;
  } else {
    console.log(`\n## ${only}`);
    await (mod.default as () => Promise<void>)();
  }
} else {
  const cpu = cpus();
  console.log(`cpq-kit bench · Node ${process.version} · ${cpu[0]?.model ?? 'unknown CPU'} (${cpu.length} cores) · ${process.platform}-${process.arch}`);
  if (files.length === 0) console.log('No bench/*.bench.ts files yet.');
  for (const file of files) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_FILE: file },
      stdio: 'inherit',
    });
    if (child.status !== 0) {
      console.error(`${file}: the bench exited with ${child.status ?? child.signal}`);
      process.exitCode = 1;
    }
  }
}
