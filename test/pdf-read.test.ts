/**
 * readQuoteFromPdf on PDFs it cannot read (issue 13, item 6): an encrypted PDF — with a user
 * password or only an owner password, made by `qpdf --encrypt` — is a located error, never
 * "no quote"; damaged PDFs are located errors too; and nothing is printed (pdf-lib writes its
 * parser warnings with console.warn and its Flate decoder's with console.log), checked in
 * this process and, for stdout, in a process of its own.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { PdfInputError, readQuoteFromPdf, renderQuotePdf } from '../src/pdf/index.js';
import { bigQuote, priced } from './fixtures/pdf-quotes.js';
import { save, tool } from './fixtures/pdf-tools.js';

const plain = await renderQuotePdf(priced(bigQuote(3, 'en')), { locale: 'en', creationDate: '2026-10-15T09:30:00Z' });
const plainPath = save(plain, 'plain');

/** qpdf --encrypt <user> <owner> <bits> [flags] --: each way a PDF is encrypted in practice. */
const ENCRYPTIONS: [string, string[]][] = [
  ['owner password only, AES-256', ['', 'owner', '256']],
  ['user and owner passwords, AES-256', ['user', 'owner', '256']],
  ['owner password only, AES-128', ['', 'owner', '128', '--use-aes=y']],
  ['owner password only, RC4 40-bit', ['', 'owner', '40']],
  ['owner password only, printing forbidden, no object streams', ['', 'owner', '256', '--print=none']],
];

function encrypt(args: string[], extra: string[] = []): string {
  const out = `${plainPath}.${args.join('_').replace(/\W/g, '')}.pdf`;
  tool('qpdf', ['--allow-weak-crypto', ...extra, '--encrypt', ...args, '--', plainPath, out]);
  return out;
}

/** Run `task` with every console method and process.stdout.write recorded (and silenced). */
async function recording<T>(task: () => Promise<T>): Promise<{ result: T | Error; printed: string[] }> {
  const printed: string[] = [];
  const methods = ['log', 'warn', 'info', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  const write = process.stdout.write;
  for (const m of methods) console[m] = (...args: unknown[]) => void printed.push(`console.${m}: ${args.join(' ')}`);
  process.stdout.write = ((chunk: unknown) => (printed.push(`stdout: ${String(chunk)}`), true)) as typeof process.stdout.write;
  try {
    return { result: await task().catch((e: Error) => e), printed };
  } finally {
    methods.forEach((m, i) => (console[m] = saved[i]!));
    process.stdout.write = write;
  }
}

function assertEncryptedError(result: unknown): void {
  assert.ok(result instanceof PdfInputError, `a PdfInputError, got ${String(result)}`);
  assert.equal(result.path, 'bytes');
  assert.match(result.message, /^readQuoteFromPdf: bytes: the PDF is encrypted .*qpdf --decrypt/);
}

describe('readQuoteFromPdf: encrypted PDFs', () => {
  for (const [name, args] of ENCRYPTIONS) {
    it(`${name}: a located error, nothing printed`, async () => {
      const extra = name.includes('no object streams') ? ['--object-streams=disable'] : [];
      const path = encrypt(args, extra);
      assert.match(tool('qpdf', ['--show-encryption', '--password=owner', path]), /R = \d/, 'qpdf says the file is encrypted');
      const { result, printed } = await recording(() => readQuoteFromPdf(new Uint8Array(readFileSync(path))));
      assertEncryptedError(result);
      assert.deepEqual(printed, []);
    });
  }

  it('the same file decrypted reads back: the encryption was the only obstacle', async () => {
    const path = encrypt(['', 'owner', '256']);
    const decrypted = `${path}.decrypted.pdf`;
    tool('qpdf', ['--decrypt', path, decrypted]);
    assert.equal((await readQuoteFromPdf(new Uint8Array(readFileSync(decrypted))))?.quoteId, 'Q-2026-0003');
  });

  it('encrypted after linearizing, as a signing tool might write it', async () => {
    const path = encrypt(['', 'owner', '256'], ['--linearize']);
    assertEncryptedError((await recording(() => readQuoteFromPdf(new Uint8Array(readFileSync(path))))).result);
  });

  it('stdout of a process reading every encrypted file holds only what it prints itself', () => {
    const paths = ENCRYPTIONS.map(([, args]) => encrypt(args));
    const script = `
      import { readFileSync } from 'node:fs';
      import { readQuoteFromPdf } from './src/pdf/index.ts';
      const out = [];
      for (const p of ${JSON.stringify(paths)}) out.push(await readQuoteFromPdf(new Uint8Array(readFileSync(p))).then(() => 'read', (e) => e.name));
      process.stdout.write(JSON.stringify(out));`;
    const root = fileURLToPath(new URL('..', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, JSON.stringify(paths.map(() => 'PdfInputError')));
  });
});

describe('readQuoteFromPdf: damaged PDFs, quietly', () => {
  const latin1 = Buffer.from(plain).toString('latin1');
  const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
  const cases: [string, Uint8Array, RegExp][] = [
    ['a header and nothing else', bytes('%PDF-1.7\n'), /^readQuoteFromPdf: bytes: the PDF cannot be read: it has no document catalog/],
    ['an /Encrypt entry pointing nowhere', bytes('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R /Encrypt 5 0 R >>\n%%EOF'), /the PDF is encrypted/],
    ['an object header broken', bytes(latin1.replace(/ 0 obj/g, (m, at: number) => (at > 2000 && at < 2100 ? ' 0 obz' : m))), /^readQuoteFromPdf: bytes: /],
    ['the attachment\'s Flate data garbled', (() => {
      const b = Buffer.from(plain);
      const at = latin1.indexOf('stream', latin1.indexOf('/EmbeddedFile')) + 20;
      b.fill(0x41, at, at + 40);
      return new Uint8Array(b);
    })(), /^readQuoteFromPdf: bytes: the cpq-quote\.json attachment cannot be decoded/],
  ];
  for (const [name, input, expected] of cases) {
    it(name, async () => {
      const { result, printed } = await recording(() => readQuoteFromPdf(input));
      if (result instanceof Error) {
        assert.ok(result instanceof PdfInputError, `a PdfInputError, got ${String(result)}`);
        assert.match(result.message, expected);
      } else {
        assert.ok(!/encrypted/.test(String(expected)), `an error expected, got ${JSON.stringify(result)?.slice(0, 80)}`);
      }
      assert.deepEqual(printed, []);
    });
  }

  /** An encrypted file with its /Encrypt entries blanked: pdf-lib parses the ciphertext, and warns. */
  const cutOut = (): Uint8Array => {
    const damaged = Buffer.from(readFileSync(encrypt(['', 'owner', '256'])));
    for (const m of damaged.toString('latin1').matchAll(/\/Encrypt \d+ 0 R/g)) damaged.fill(0x20, m.index, m.index + m[0].length);
    return new Uint8Array(damaged);
  };

  it('an encrypted PDF with its /Encrypt entry cut out: pdf-lib warns while parsing the ciphertext, the reader prints nothing', async () => {
    const damaged = cutOut();
    // The control: pdf-lib itself prints on this file (so the check below can fail).
    const control = await recording(() => PDFDocument.load(new Uint8Array(damaged), { ignoreEncryption: true, throwOnInvalidObject: false }));
    assert.ok(control.printed.some((p) => /Trying to parse invalid object/.test(p)), control.printed.join('\n'));
    const { result, printed } = await recording(() => readQuoteFromPdf(new Uint8Array(damaged)));
    assert.deepEqual(printed, []);
    assert.ok(result === null || result instanceof PdfInputError, String(result));
  });

  it('an /Encrypt key elsewhere (a plain dictionary, a stream\'s data) is not encryption', async () => {
    const doc = await PDFDocument.load(plain);
    const dict = doc.context.register(doc.context.obj({ Encrypt: PDFRef.of(5) }));
    const stream = doc.context.register(doc.context.stream('/Encrypt 5 0 R'));
    doc.catalog.set(PDFName.of('CpqTestDict'), dict);
    doc.catalog.set(PDFName.of('CpqTestStream'), stream);
    const bytes = await doc.save({ useObjectStreams: false });
    assert.ok(Buffer.from(bytes).toString('latin1').includes('/Encrypt 5 0 R'));
    assert.equal((await readQuoteFromPdf(bytes))?.quoteId, 'Q-2026-0003');
  });

  it('only pdf-lib\'s messages are dropped: the host\'s own logging meanwhile passes, and console is put back', async () => {
    const damaged = cutOut();
    const seen: string[] = [];
    let filtered = 0;
    const mine = (...args: unknown[]) => void seen.push(args.join(' '));
    const [savedLog, savedWarn] = [console.log, console.warn];
    console.log = mine;
    console.warn = mine;
    try {
      // Microtask steps interleave with pdf-lib's parsing (its awaits); the host logs at each one.
      const host = (async () => {
        for (let i = 0; i < 20; i++) {
          await null;
          if (console.log !== mine) filtered++;
          console.log(`host ${i}`);
        }
      })();
      await Promise.all([readQuoteFromPdf(damaged).catch(() => undefined), readQuoteFromPdf(plain), host]);
      assert.deepEqual(seen, Array.from({ length: 20 }, (_, i) => `host ${i}`));
      assert.ok(filtered > 0, 'some host messages went through the filter while pdf-lib was parsing');
      assert.equal(console.log, mine);
      assert.equal(console.warn, mine);
    } finally {
      console.log = savedLog;
      console.warn = savedWarn;
    }
  });
});
