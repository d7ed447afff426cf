// The catalog and quote JSON Schemas (schemas/*.schema.json, generated from src/types.ts by
// `npm run schemas`) and `cpq-kit validate` (issue 17): the committed schemas are fresh; the demo
// catalogs and quotes pass them (and name them in `$schema`, for editors); bad catalogs fail the
// schema and the kit's validator at the same place, and the CLI says where, with exit 1.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { makeSchemas } from '../scripts/schemas.mjs';
import { run } from '../src/cli/run.js';
import { validateCatalog } from '../src/rules/validate-catalog.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const catalogSchema = read('schemas/catalog.schema.json');
const quoteSchema = read('schemas/quote.schema.json');
const ajv = new Ajv({ allErrors: true, strict: false });
const checkCatalog = ajv.compile(catalogSchema);
const checkQuote = ajv.compile(quoteSchema);

/** The CLI in-process, its output collected. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { out: (d) => void (out += typeof d === 'string' ? d : new TextDecoder().decode(d)), err: (t) => void (err += t), stdin: () => new Uint8Array() });
  return { code, out, err };
}

test('the committed schemas are what `npm run schemas` makes from src/types.ts', () => {
  for (const [file, text] of Object.entries(makeSchemas())) {
    assert.equal(readFileSync(join(root, 'schemas', file), 'utf8'), text, `schemas/${file} is stale: run \`npm run schemas\``);
  }
  assert.equal(catalogSchema.$id, 'urn:cpq-kit:schema:catalog:1');
  assert.equal(quoteSchema.$id, 'urn:cpq-kit:schema:quote:1');
});

describe('demo data', () => {
  for (const file of readdirSync(join(root, 'demo/catalogs')).filter((f) => f.endsWith('.json'))) {
    test(`catalogs/${file}: valid by the schema it names, and by the kit`, async () => {
      const catalog = read(`demo/catalogs/${file}`);
      assert.equal(catalog.$schema, '../../schemas/catalog.schema.json');
      assert.ok(checkCatalog(catalog), ajv.errorsText(checkCatalog.errors));
      const r = await cli('validate', join(root, 'demo/catalogs', file));
      assert.equal(r.code, 0, r.out + r.err);
      assert.match(r.out, /: valid, 0 errors, 0 warnings\n$/);
    });
  }
  for (const file of readdirSync(join(root, 'demo/quotes')).filter((f) => f.endsWith('.json'))) {
    test(`quotes/${file}: valid by the quote schema`, () => {
      assert.ok(checkQuote(read(`demo/quotes/${file}`)), ajv.errorsText(checkQuote.errors));
    });
  }
});

describe('bad catalogs: the schema and the kit refuse them at the same place', () => {
  const good = read('demo/catalogs/crm-saas.json');
  const { currency: _c, ...noCurrency } = good;
  const cases: { name: string; catalog: unknown; schemaPath: string; kitPath: string }[] = [
    { name: 'no currency', catalog: noCurrency, schemaPath: '', kitPath: 'currency' },
    { name: 'a string', catalog: 'oops', schemaPath: '', kitPath: '' },
    { name: 'products not a list', catalog: { ...good, products: 'x' }, schemaPath: '/products', kitPath: 'products' },
    { name: 'an unknown price model', catalog: { ...good, products: [{ ...good.products[0], price: { model: 'auction', list: '1' } }, ...good.products.slice(1)] }, schemaPath: '/products/0/price', kitPath: 'products[0].price.model' },
    { name: 'a tax without a rate', catalog: { ...good, taxes: [{ id: 'vat' }] }, schemaPath: '/taxes/0', kitPath: 'taxes[0].rate' },
  ];
  for (const { name, catalog, schemaPath, kitPath } of cases) {
    test(name, async () => {
      assert.equal(checkCatalog(catalog), false);
      assert.ok(checkCatalog.errors!.some((e) => e.instancePath === schemaPath), `schema errors at ${checkCatalog.errors!.map((e) => e.instancePath || '(root)').join(', ')}`);
      const kit = validateCatalog(catalog);
      assert.equal(kit.ok, false);
      assert.ok(kit.errors.some((e) => e.path === kitPath && e.severity !== 'warning'), JSON.stringify(kit.errors));
      const dir = mkdtempSync(join(tmpdir(), 'cpq-validate-'));
      try {
        writeFileSync(join(dir, 'catalog.json'), JSON.stringify(catalog));
        const r = await cli('validate', join(dir, 'catalog.json'));
        assert.equal(r.code, 1);
        assert.ok(r.out.includes(`catalog.json: error at ${kitPath || '(root)'}: `), r.out);
        assert.match(r.out, /NOT valid, \d+ errors?, \d+ warnings?\n$/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('cpq-kit validate', () => {
  test('warnings are shown and pass; --strict makes them problems; --json reports them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpq-validate-'));
    try {
      const good = read('demo/catalogs/crm-saas.json');
      const typo = { ...good, products: [{ ...good.products[0], descripton: 'x' }, ...good.products.slice(1)] };
      const file = join(dir, 'typo.json');
      writeFileSync(file, JSON.stringify(typo));
      const plain = await cli('validate', file);
      assert.equal(plain.code, 0);
      assert.match(plain.out, /typo\.json: warning at products\[0\]\.descripton: unknown field "descripton"; did you mean "description"\?\n/);
      assert.equal((await cli('validate', '--strict', file)).code, 1);
      const json = JSON.parse((await cli('validate', '--json', file)).out);
      assert.deepEqual({ valid: json.valid, errors: json.errors, warnings: json.warnings }, { valid: true, errors: 0, warnings: 1 });
      assert.equal(json.problems[0].path, 'products[0].descripton');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('usage and unreadable input are exit 2', async () => {
    assert.equal((await cli('validate')).code, 2);
    assert.equal((await cli('validate', join(tmpdir(), 'no-such-catalog.json'))).code, 2);
  });
});
