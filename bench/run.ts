// Runs every bench/*.bench.ts module's default export (an async function), in file-name order.
import { readdirSync } from 'node:fs';
import { cpus } from 'node:os';

const dir = new URL('./', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  // BENCH=browser,pricing runs only those files (bench/<name>.bench.ts).
  .filter((f) => !process.env.BENCH || process.env.BENCH.split(',').includes(f.replace(/\.bench\.ts$/, '')))
  .sort();

const cpu = cpus();
console.log(`cpq-kit bench · Node ${process.version} · ${cpu[0]?.model ?? 'unknown CPU'} (${cpu.length} cores) · ${process.platform}-${process.arch}`);

if (files.length === 0) console.log('No bench/*.bench.ts files yet.');

for (const file of files) {
  const mod = (await import(new URL(file, dir).href)) as { default?: unknown };
  if (typeof mod.default !== 'function') {
    console.error(`${file}: no default export function, skipped`);
    process.exitCode = 1;
    continue;
  }
  console.log(`\n## ${file}`);
  await (mod.default as () => Promise<void>)();
}
