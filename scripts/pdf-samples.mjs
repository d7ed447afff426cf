#!/usr/bin/env node
// Sample quote documents from the demo catalogs, page 1 rendered by poppler for the README:
//   docs/quote-zh-CN.png  the air-compressor quote (demo/quotes/compressor-55kw-full.json), zh-CN,
//                         Noto Sans SC subset, tax-inclusive prices, a nested bundle, a logo
//   docs/quote-en.png     the CRM quote (demo/quotes/crm-pro-120.json) in English with an
//                         optional training line, no font passed (the built-in Arimo, embedded)
//   docs/quote-pending-zh-CN.png  the same CRM quote in zh-CN with 30 % off the quote: it needs the
//                         sales manager and the director, so every page carries 待审批 (the
//                         diagonal watermark and the header mark) until they approve
// Run: node --import tsx scripts/pdf-samples.mjs [--pdf <dir>]   (--pdf also keeps the PDFs)
// Needs pdftoppm (poppler-utils) and @expo-google-fonts/noto-sans-sc (a devDependency).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { loadNotoSansSC, renderQuotePdf } from '../src/pdf/index.ts';
import { priceQuote } from '../src/pricing/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const json = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const pdfDir = process.argv.includes('--pdf') ? process.argv[process.argv.indexOf('--pdf') + 1] : undefined;
const work = pdfDir ?? mkdtempSync(join(tmpdir(), 'cpq-pdf-samples-'));
mkdirSync(work, { recursive: true });

/** A small PNG logo (a rounded mark in the accent colour), so the sample shows logo placement. */
function logoPng(size = 96, [r, g, b] = [10, 125, 90]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const rows = [];
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    const row = [0];
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c + 0.5, y - c + 0.5);
      // A ring with a notch on the right: a "C" for cpq.
      const ring = d < size * 0.46 && d > size * 0.26 && !(x > c && Math.abs(y - c) < size * 0.12);
      row.push(...(ring ? [r, g, b, 255] : [255, 255, 255, 0]));
    }
    rows.push(Buffer.from(row));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]));
}

async function sample(file, pricedQuote, options) {
  const pdf = await renderQuotePdf(pricedQuote, { creationDate: pricedQuote.date, ...options });
  const pdfPath = join(work, file.replace(/\.png$/, '.pdf'));
  writeFileSync(pdfPath, pdf);
  const base = join(root, 'docs', file.replace(/\.png$/, ''));
  execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', pdfPath, base]);
  console.log(`docs/${file}  (${(pdf.length / 1024).toFixed(1)} KB PDF${pdfDir ? `, ${pdfPath}` : ''})`);
}

const compressor = json('demo/catalogs/air-compressor.json');
await sample('quote-zh-CN.png', priceQuote(compressor, json('demo/quotes/compressor-55kw-full.json')), {
  font: await loadNotoSansSC(),
  catalog: compressor,
  accentColor: '#0a7d5a',
  seller: {
    name: '苏州恒压机电设备有限公司', logo: logoPng(),
    address: '江苏省苏州市吴中区东吴北路 88 号', taxId: '91320506MA1N8C2K4R',
    contact: '陈工（销售工程师）', phone: '0512-6555 1234', bank: '中国工商银行苏州吴中支行 1102 0211 0900 1234 567',
  },
  paymentTerms: '合同签订后预付 30%，发货前付 60%，安装调试验收合格后付 10%。',
  terms: ['以上价格含 13% 增值税（货物）及 6% 增值税（服务），开具增值税专用发票。', '交货期：收到预付款后 25 个工作日，送货至需方厂区。', '质保期：整机 12 个月，主机头 24 个月，自调试验收合格之日起计算。'],
});

const crm = json('demo/catalogs/crm-saas.json');
const groups = { 软件订阅: 'Subscriptions', 实施与支持: 'Services' };
const crmQuote = json('demo/quotes/crm-pro-120.json');
const enQuote = {
  ...crmQuote, locale: 'en',
  customer: { ...crmQuote.customer, name: 'Suzhou Ruida Precision Manufacturing Co., Ltd.' },
  lines: [...crmQuote.lines.map((l) => ({ ...l, group: groups[l.group] ?? l.group })), { id: 'L4', sku: 'TRAIN-DAY', qty: '2', optional: true, group: 'Services' }],
};
await sample('quote-en.png', priceQuote(crm, enQuote, { locale: 'en' }), {
  locale: 'en',
  catalog: crm,
  seller: { name: 'Yunce Software Co., Ltd.', address: '5F, Building 3, 90 Wensan Road, Hangzhou, China', taxId: '91330106MA2H3K7Q5X', contact: 'Xiaoming Wang', email: 'sales@yunce.example.cn' },
  paymentTerms: '100 % within 30 days of the invoice date.',
  terms: 'Subscriptions start on the go-live date and renew for 12 months unless cancelled in writing 30 days before the end of the term.',
});

// A quote still waiting for its approvals: the status comes from the priced quote (approvals
// needed, no lifecycle decision yet), not from an option.
const pendingQuote = { ...crmQuote, discount: { percent: '30' } };
await sample('quote-pending-zh-CN.png', priceQuote(crm, pendingQuote), {
  font: await loadNotoSansSC(),
  catalog: crm,
  seller: { name: '杭州云策软件有限公司', address: '浙江省杭州市西湖区文三路 90 号 3 号楼 5 层', taxId: '91330106MA2H3K7Q5X', contact: '王晓明', phone: '0571-8888 6666', email: 'sales@yunce.example.cn' },
  paymentTerms: '合同签订后 5 个工作日内支付 100% 款项。',
  terms: ['以上价格不含增值税，软件订阅按 13%、服务按 6% 另计，开具增值税专用发票。', '订阅自上线之日起计算，期满前 30 日未书面通知终止的，自动续订 12 个月。'],
});
