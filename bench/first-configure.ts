// One sample of the first configure() call: run in a fresh process by configure.bench.ts
// (a first call is paid once per process, so one process gives one sample). Prints JSON:
// the wall time, the process's CPU time and the main thread's CPU time of the call, in ms.
import { readFileSync } from 'node:fs';
import { generated } from './configure.bench.js';
import { configure } from '../src/rules/configure.js';

/**
 * The CPU time of this process's main (JS) thread so far, in ns, from Linux's schedstat (the
 * thread's id is the process's); null elsewhere. Unlike process.cpuUsage() it leaves out the
 * GC helper and compiler threads, which run beside the call on other cores when they are free.
 */
function mainThreadNs(): number | null {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

const catalog = generated();
// `--no-rules`: the same catalog without its 1,000 rules (its 1,001 products alone), for the
// share of the first call that the products take (see configure.bench.ts).
if (process.argv.includes('--no-rules')) catalog.rules = [];
// The first read of the global `performance` loads Node's perf_hooks: done here, outside the timed call.
performance.now();
const main0 = mainThreadNs();
const cpu0 = process.cpuUsage();
const t = performance.now();
const state = configure(catalog, 'BIG', { qty: '20', attributes: { voltage: '380V' } });
const ms = performance.now() - t;
// CPU time of the process over the call (all its threads, so GC helpers and compilers too):
// unlike the wall time, it does not grow when other processes take the CPU away.
const used = process.cpuUsage(cpu0);
const main1 = mainThreadNs();
const cpu = (used.user + used.system) / 1000;
if (state.features.length !== 20) throw new Error(`the bench catalog does not configure: ${state.errors[0]?.message}`);
const main = main0 === null || main1 === null ? null : (main1 - main0) / 1e6;
console.log(JSON.stringify({ ms, cpu, main }));
