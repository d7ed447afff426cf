// One PDF rendered in a process of its own, for its peak memory: `node --import tsx
// bench/pdf-memory.ts kit|bare|none [lines]` prints { maxRssMiB, heapPeakMiB, ms, bytes } as JSON.
// "none" loads the same modules, font and quote and renders nothing: the floor the others stand on.
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { loadNotoSansSC, renderQuotePdf } from '../src/pdf/index.js';
import { bigQuote, crmCatalog, priced, sellerZh } from '../test/fixtures/pdf-quotes.js';
import { bare, cells } from './pdf.bench.js';

const [kind = 'kit', lines = '1000'] = process.argv.slice(2);
const font = await loadNotoSansSC();
const q = priced(bigQuote(Number(lines), 'zh-CN'));
let heapPeak = getHeapStatistics().used_heap_size;
// The heap is sampled while the render runs (every 5 ms; rendering yields often enough).
const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size)), 5);
const t = performance.now();
const bytes =
  kind === 'kit' ? await renderQuotePdf(q, { font, seller: sellerZh, catalog: crmCatalog, creationDate: '2026-10-15' })
  : kind === 'bare' ? await bare(cells(q), font, q)
  : new Uint8Array();
const ms = performance.now() - t;
clearInterval(sampler);
heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
const mib = (n: number): number => Math.round((n / 1024 / 1024) * 10) / 10;
/**
 * This process's peak resident set, bytes: Linux's VmHWM (its own address space's high-water mark).
 * Not getrusage's maxRSS there: Linux keeps that across exec, so a process started by a bench run
 * that has grown (the browser bench before it) reports the parent's size, whatever it renders.
 */
function peakRss(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // Not Linux: getrusage's figure.
  }
  return process.resourceUsage().maxRSS * 1024;
}
console.log(JSON.stringify({ kind, lines: q.lines.length, maxRssMiB: mib(peakRss()), heapPeakMiB: mib(heapPeak), ms: Math.round(ms), bytes: bytes.length }));
