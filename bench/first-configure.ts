// One sample of the first configure() call: run in a fresh process by configure.bench.ts
// (a first call is paid once per process, so one process gives one sample). Prints JSON.
import { generated } from './configure.bench.js';
import { configure } from '../src/rules/configure.js';

const catalog = generated();
const t = performance.now();
const state = configure(catalog, 'BIG', { qty: '20', attributes: { voltage: '380V' } });
const ms = performance.now() - t;
if (state.features.length !== 20) throw new Error(`the bench catalog does not configure: ${state.errors[0]?.message}`);
console.log(JSON.stringify({ ms }));
