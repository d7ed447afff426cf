// One sample of the first configure() call: run in a fresh process by configure.bench.ts
// (a first call is paid once per process, so one process gives one sample). Prints JSON:
// the wall time and the process's CPU time of the call, in ms.
import { generated } from './configure.bench.js';
import { configure } from '../src/rules/configure.js';

const catalog = generated();
const cpu0 = process.cpuUsage();
const t = performance.now();
const state = configure(catalog, 'BIG', { qty: '20', attributes: { voltage: '380V' } });
const ms = performance.now() - t;
// CPU time of the process over the call (all its threads, so GC helpers and compilers too):
// unlike the wall time, it does not grow when other processes take the CPU away.
const used = process.cpuUsage(cpu0);
const cpu = (used.user + used.system) / 1000;
if (state.features.length !== 20) throw new Error(`the bench catalog does not configure: ${state.errors[0]?.message}`);
console.log(JSON.stringify({ ms, cpu }));
