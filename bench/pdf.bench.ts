import { execFileSync } from 'node:child_process';
import { PDFDocument, rgb } from 'pdf-lib';
import { create } from '../src/pdf/fontkit-import.js';
import type { FkFont } from '../src/pdf/fontkit-types.js';
import { loadNotoSansSC, renderQuotePdf } from '../src/pdf/index.js';
import type { PricedQuote } from '../src/types.js';
import { bigQuote, crmCatalog, priced, sellerZh } from '../test/fixtures/pdf-quotes.js';

function median(times: number[]): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The cells the kit's table prints for each line, as plain strings. */
export function cells(q: PricedQuote): string[][] {
  return q.lines.map((l, i) => [String(i + 1), l.sku, l.name, l.qty, l.unit ?? '', l.listUnitPrice, l.discountPercent, l.netUnitPrice, l.netAmount]);
}

const X = [36, 60, 124, 285, 327, 365, 419, 451, 505];

/**
 * The ~30-line adapter ../shared/TOOLCHAIN.md describes, as a host using bare pdf-lib would
 * write it: fontkit 2's `create`, and a subset's `encode()` behind `encodeStream()`.
 */
const plainFontkit = {
  create(bytes: Uint8Array): FkFont {
    const font = create(bytes) as FkFont;
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      return Object.assign(subset, {
        encodeStream() {
          const handlers: Record<string, (v?: unknown) => void> = {};
          const stream = {
            on(event: string, fn: (v?: unknown) => void) {
              handlers[event] = fn;
              return stream;
            },
          };
          void Promise.resolve().then(() => {
            handlers.data?.(subset.encode());
            handlers.end?.();
          });
          return stream;
        },
      });
    };
    return font;
  },
};

/**
 * The peer: bare pdf-lib drawing the same table (header repeated per page, one text run per
 * cell, totals) with the same font, subset through the same fontkit 2 route (pdf-lib's own
 * @pdf-lib/fontkit draws CJK wrong), then saved.
 */
export async function bare(rows: string[][], fontBytes: Uint8Array, q: PricedQuote): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(plainFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const font = await doc.embedFont(fontBytes, { subset: true });
  const head = ['序号', '编码', '名称 / 规格', '数量', '单位', '目录单价', '折扣', '成交单价', '金额（不含税）'];
  let page = doc.addPage([595.28, 841.89]);
  let y = 800;
  const drawRow = (r: string[], size: number): void => {
    r.forEach((text, i) => {
      if (text) page.drawText(text, { x: X[i]!, y, size, font, color: rgb(0.13, 0.13, 0.13) });
    });
    y -= 14;
  };
  drawRow(head, 7);
  for (const r of rows) {
    if (y < 60) {
      page = doc.addPage([595.28, 841.89]);
      y = 800;
      drawRow(head, 7);
    }
    drawRow(r, 7.5);
  }
  for (const t of [q.totals.list, q.totals.discount, q.totals.net, q.totals.tax, q.totals.total]) drawRow(['', '', '', '', '', '', '', '', t], 8);
  return doc.save();
}

/**
 * A 300-line zh-CN quote rendered in Node beside bare pdf-lib with the same font; size of the PDF.
 * Then the peak memory of a 1,000-line quote.
 */
export default async function pdfBench(): Promise<void> {
  const font = await loadNotoSansSC();
  const q = priced(bigQuote(300, 'zh-CN'));
  const rows = cells(q);
  const kit = (): Promise<Uint8Array> => renderQuotePdf(q, { font, seller: sellerZh, catalog: crmCatalog, creationDate: '2026-10-15' });
  const peer = (): Promise<Uint8Array> => bare(rows, font, q);
  for (let i = 0; i < 3; i++) {
    await kit();
    await peer();
  }
  const tk: number[] = [];
  const tp: number[] = [];
  let size = 0;
  let peerSize = 0;
  for (let i = 0; i < 11; i++) {
    let t = performance.now();
    size = (await kit()).length;
    tk.push(performance.now() - t);
    t = performance.now();
    peerSize = (await peer()).length;
    tp.push(performance.now() - t);
  }
  const [k, p] = [median(tk), median(tp)];
  console.log(`\nrenderQuotePdf, ${q.lines.length} priced lines (300 quote lines + options), zh-CN, Noto Sans SC subset (median ms; target ratio ≤ 1.50, size ≤ 400 KB)`);
  console.log('kit ms   bare pdf-lib ms   ratio   kit size   bare size');
  console.log(`${k.toFixed(1).padStart(6)}  ${p.toFixed(1).padStart(16)}  ${(k / p).toFixed(2).padStart(5)}×  ${(size / 1024).toFixed(1).padStart(6)} KB  ${(peerSize / 1024).toFixed(1).padStart(6)} KB`);

  // Peak memory of a 1,000-line document, each render in a fresh process (bench/pdf-memory.ts):
  // the peak resident set and the peak JS heap, beside bare pdf-lib and a process that renders nothing.
  console.log('\n1,000-line zh-CN quote (priced lines with options), peak memory of one render in a fresh process (MiB; ms of that one cold render)');
  console.log('          lines   max RSS   heap peak       ms     size');
  for (const kind of ['none', 'kit', 'bare']) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', new URL('./pdf-memory.ts', import.meta.url).pathname, kind, '1000'], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { lines: number; maxRssMiB: number; heapPeakMiB: number; ms: number; bytes: number };
    const name = { none: 'no render', kit: 'kit', bare: 'bare' }[kind]!;
    console.log(`${name.padEnd(10)}${String(r.lines).padStart(5)}  ${r.maxRssMiB.toFixed(1).padStart(8)}  ${r.heapPeakMiB.toFixed(1).padStart(10)}  ${String(r.ms).padStart(7)}  ${(r.bytes / 1024).toFixed(0).padStart(5)} KB`);
  }
}
