/**
 * The bundled demo catalogs and sample quotes: valid, bilingual everywhere a person reads
 * text, every configurable product complete by default, and the sample quotes price as their
 * README says (orderable, or not orderable for the ones made to show errors).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { priceQuote } from '../src/pricing/index.js';
import { prepareWith } from '../src/catalog/prepare-with.js';
import { pricePrepared } from '../src/pricing/price-quote.js';
import { configure, validateCatalog } from '../src/rules/index.js';

const load = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const catalogs: [string, Record<string, any>][] = [
  ['crm-saas', load('../demo/catalogs/crm-saas.json')],
  ['air-compressor', load('../demo/catalogs/air-compressor.json')],
];

function bilingual(text: unknown): boolean {
  return typeof text === 'object' && text !== null && typeof (text as any)['zh-CN'] === 'string' && typeof (text as any).en === 'string'
    && (text as any)['zh-CN'] !== '' && (text as any).en !== '';
}

for (const [name, catalog] of catalogs) {
  describe(`demo catalog ${name}`, () => {
    it('validates with no errors and no warnings', () => {
      assert.deepEqual(validateCatalog(catalog), { ok: true, errors: [] });
    });
    it('has zh-CN and en text for every product, unit, feature, rule, approval and tax name', () => {
      const missing: string[] = [];
      catalog.products.forEach((p: any, i: number) => {
        if (!bilingual(p.name)) missing.push(`products[${i}].name`);
        if (p.unit !== undefined && !bilingual(p.unit)) missing.push(`products[${i}].unit`);
        (p.features ?? []).forEach((f: any, j: number) => { if (!bilingual(f.name)) missing.push(`products[${i}].features[${j}].name`); });
        (p.attributes ?? []).forEach((a: any, j: number) => {
          if (!bilingual(a.name)) missing.push(`products[${i}].attributes[${j}].name`);
          a.values.forEach((v: any, k: number) => { if (!bilingual(v.name)) missing.push(`products[${i}].attributes[${j}].values[${k}].name`); });
        });
      });
      (catalog.rules ?? []).forEach((r: any, i: number) => { if (!bilingual(r.message)) missing.push(`rules[${i}].message`); });
      (catalog.approvalRules ?? []).forEach((r: any, i: number) => { if (!bilingual(r.message)) missing.push(`approvalRules[${i}].message`); });
      (catalog.priceRules ?? []).forEach((r: any, i: number) => { if (!bilingual(r.name)) missing.push(`priceRules[${i}].name`); });
      catalog.taxes.forEach((t: any, i: number) => { if (!bilingual(t.name)) missing.push(`taxes[${i}].name`); });
      assert.deepEqual(missing, []);
    });
    it('configures every product with features completely by default, in both languages', () => {
      for (const p of catalog.products.filter((x: any) => x.features?.length)) {
        for (const locale of ['zh-CN', 'en']) {
          const state = configure(catalog, p.sku, {}, { locale });
          assert.equal(state.complete, true, `${p.sku} ${locale}: ${state.errors.map((e) => e.message).join('; ')}`);
          assert.equal(state.features.length, p.features.length);
        }
      }
    });
  });
}

describe('rule messages come in the requested language', () => {
  const crm = catalogs[0]![1];
  const air = catalogs[1]![1];
  const cases: [string, Record<string, any>, string, Record<string, unknown>, string][] = [
    ['CRM-STD with SSO (excludes)', crm, 'CRM-STD', { options: [{ sku: 'ADDON-SSO' }] }, 'sso-not-std'],
    ['compressor at 440 V with 37 kW (validate)', air, 'AC-SCREW', { attributes: { voltage: '440V' } }, 'v440-not-37'],
    ['compressor with heat recovery, air-cooled (requires)', air, 'AC-SCREW', { options: [{ sku: 'MOTOR-37' }, { sku: 'COOL-AIR' }, { sku: 'MOUNT-SKID' }, { sku: 'DRYER-REF' }, { sku: 'HRU-HEAT' }] }, 'hru-needs-water'],
  ];
  for (const [name, catalog, sku, selection, ruleId] of cases) {
    for (const locale of ['zh-CN', 'en']) {
      it(`${name}, ${locale}`, () => {
        const rule = catalog.rules.find((r: any) => r.id === ruleId);
        const state = configure(catalog, sku, selection, { locale });
        const error = state.errors.find((e) => e.ruleId === ruleId);
        assert.ok(error, `no error from ${ruleId}: ${JSON.stringify(state.errors)}`);
        assert.ok(error.message.includes(rule.message[locale]), `${error.message} does not carry ${rule.message[locale]}`);
      });
    }
  }
});

describe('sample quotes', () => {
  const crm = catalogs[0]![1];
  const air = catalogs[1]![1];
  const cases: [string, Record<string, any>, boolean][] = [
    ['crm-pro-120.json', crm, true],
    ['partner-gold.json', crm, true],
    ['conflict.json', crm, false],
    ['compressor-55kw-full.json', air, true],
    ['compressor-75kw-export.json', air, true],
    ['compressor-rule-errors.json', air, false],
  ];
  for (const [file, catalog, orderable] of cases) {
    it(`${file} prices ${orderable ? 'orderable' : 'with the errors it was made to show'}`, () => {
      const priced = priceQuote(catalog, load(`./fixtures/quotes/${file}`));
      assert.equal(priced.orderable, orderable, JSON.stringify(priced.issues.filter((i) => i.severity === 'error').slice(0, 3)));
      assert.ok(priced.lines.length > 0);
      assert.ok(!priced.issues.some((i) => i.code === 'invalid-catalog' || i.code === 'internal-error'));
      if (!orderable) assert.ok(priced.issues.some((i) => i.code === 'price-rule-conflict' || i.code === 'config-invalid'));
    });
  }
  it('pricePrepared on a prepared catalog gives what priceQuote gives, and onConfigure sees every bundle line', () => {
    for (const [file, catalog] of cases) {
      const quote = load(`./fixtures/quotes/${file}`);
      const prepared = prepareWith(validateCatalog, catalog);
      assert.ok(prepared.ok);
      const seen: Record<string, boolean> = {};
      const direct = pricePrepared(prepared.catalog, quote, { onConfigure: (id, state) => (seen[id] = state.complete) });
      assert.deepEqual(direct, priceQuote(catalog, quote), file);
      const bundles = quote.lines.filter((l: any) => catalog.products.find((p: any) => p.sku === l.sku)?.features?.length).map((l: any) => l.id);
      assert.deepEqual(Object.keys(seen), bundles, file);
      for (const id of bundles) assert.equal(seen[id], configure(catalog, quote.lines.find((l: any) => l.id === id).sku, quote.lines.find((l: any) => l.id === id), { locale: quote.locale, quote }).complete);
    }
  });
  it('the compressor configuration errors name their rules', () => {
    const priced = priceQuote(air, load('./fixtures/quotes/compressor-rule-errors.json'));
    const rules = priced.issues.filter((i) => i.code === 'config-invalid').flatMap((i) => i.ruleIds ?? []).sort();
    assert.deepEqual(rules, ['des-needs-filter', 'hru-needs-water', 'v440-needs-export', 'v440-not-37']);
  });
});
