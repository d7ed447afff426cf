/**
 * validateCatalog's configuration checks (src/rules/validate-config.ts): what rules and bundles
 * do, checked once the catalog is well-formed. A table of mutations of the minimal catalog,
 * each with the path, message and severity it must produce; mutations that must stay clean;
 * and the sample catalogs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { validateCatalog } from '../src/rules/index.js';
import type { ValidationResult } from '../src/types.js';
import { catalogMin } from './fixtures/catalog-min.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
type Mutation = (c: Any) => void;
type Case = [description: string, mutation: Mutation, path: string, message: string, severity: 'error' | 'warning'];

/*
 * catalogMin(): products[0] CRM-PRO (attribute deploy; feature modules: ADDON-CPQ, ADDON-SSO,
 * SUPPORT), [1] ADDON-CPQ, [2] ADDON-SSO, [3] STORAGE, [4] SUPPORT, [5] HARDWARE; rules[0]
 * sso-needs-cpq (requires, CRM-PRO), [1] big-deal (validate), [2] cpq-qty (setQty).
 */
function mutated(m: Mutation): Any {
  const c = catalogMin();
  m(c);
  return c;
}

function show(r: ValidationResult): string {
  return r.errors.map((e) => `  ${e.severity ?? 'error'} ${e.path}: ${e.message}`).join('\n');
}

const addRule = (rule: Any): Mutation => (c) => c.rules.push(rule);
const sel = (sku: string) => ({ '!!': { var: `selected.${sku}` } });

/** Make ADDON-CPQ a bundle of its own, with STORAGE and HARDWARE as options. */
function cpqBundle(c: Any, feature: Any = {}): void {
  c.products[1].features = [{ id: 'extras', name: { en: 'Extras' }, min: 0, max: 2, options: [{ sku: 'STORAGE' }, { sku: 'HARDWARE' }], ...feature }];
}

/** A second bundle, BNDL2 (products[6]), offering ADDON-CPQ and SUPPORT. */
function secondBundle(c: Any): void {
  c.products.push({
    sku: 'BNDL2', name: 'Second bundle', price: { model: 'flat', list: '10' },
    features: [{ id: 'f', min: 0, max: 2, options: [{ sku: 'ADDON-CPQ' }, { sku: 'SUPPORT' }] }],
  });
}

const CASES: Case[] = [
  // 1. Targets a restricted rule can never affect, and facts a rule cannot read
  ['hide target that is no option of the listed product', addRule({ id: 'no-storage', kind: 'hide', products: ['CRM-PRO'], targets: ['STORAGE'] }),
    'rules[3].targets[0]', '"STORAGE" is not an option of CRM-PRO; the rule can never affect it', 'warning'],
  ['autoSelect: the second target is no option', addRule({ id: 'auto-hw', kind: 'autoSelect', products: ['CRM-PRO'], when: sel('ADDON-SSO'), targets: ['ADDON-CPQ', 'HARDWARE'] }),
    'rules[3].targets[1]', '"HARDWARE" is not an option of CRM-PRO', 'warning'],
  ['setQty on a product that is no option of the listed ones', (c) => { c.rules[2].products = ['CRM-PRO']; c.rules[2].targets = ['HARDWARE']; },
    'rules[2].targets[0]', '"HARDWARE" is not an option of CRM-PRO', 'warning'],
  ['excludes, restricted to a plain product', addRule({ id: 'x', kind: 'excludes', products: ['STORAGE', 'HARDWARE'], when: sel('SUPPORT'), targets: ['SUPPORT'] }),
    'rules[3].targets[0]', 'is not an option of any of STORAGE, HARDWARE', 'warning'],
  ['a rule restricted to a plain option does not apply in its bundle', (c) => {
    cpqBundle(c);
    c.rules.push({ id: 'h', kind: 'hide', products: ['STORAGE'], when: sel('STORAGE'), targets: ['HARDWARE'] });
  }, 'rules[3].targets[0]', '"HARDWARE" is not an option of STORAGE; the rule can never affect it', 'warning'],
  ['a var of "features.<id>"', (c) => { c.rules[1].when = { '>': [{ var: 'features.modules' }, 1] }; },
    'rules[1].when', 'reads "features.modules", but the facts of a configuration rule are qty, term, attributes, selected, sku, quote', 'warning'],
  ['"features" hint', (c) => { c.rules[1].when = { '!!': { var: 'features.modules' } }; },
    'rules[1].when', 'features are not facts: test their options with "selected.<SKU>"', 'warning'],
  ['a misspelt fact root', (c) => { c.rules[1].when = { '>': [{ var: 'qyt' }, 1000] }; },
    'rules[1].when', 'reads "qyt"', 'warning'],
  ['a fact root with a did-you-mean', (c) => { c.rules[1].when = { '>': [{ var: 'Qty' }, 1000] }; },
    'rules[1].when', 'did you mean "qty"?', 'warning'],
  ['a price-rule fact (line.qty)', (c) => { c.rules[1].when = { '>': [{ var: 'line.qty' }, 1000] }; },
    'rules[1].when', '"line" is a price-rule fact', 'warning'],
  ['customer outside quote', (c) => { c.rules[1].when = { '==': [{ var: 'customer.segment' }, 'smb'] }; },
    'rules[1].when', 'the customer is "quote.customer" here', 'warning'],
  ['an unknown root in a missing list', (c) => { c.rules[1].when = { missing: ['selected.SUPPORT', 'options.SUPPORT'] }; },
    'rules[1].when', 'reads "options.SUPPORT"', 'warning'],
  ['an unknown root in setQty qty', (c) => { c.rules[2].qty = { '*': [{ var: 'seats' }, 1] }; },
    'rules[2].qty', 'reads "seats"', 'warning'],
  ['an attribute no product has', (c) => { c.rules[1].when = { '==': [{ var: 'attributes.deplyo' }, 'onprem'] }; },
    'rules[1].when', 'no product has the attribute "deplyo"; did you mean "deploy"?', 'warning'],
  ['an attribute of another product than the listed one', (c) => {
    c.products[3].attributes = [{ id: 'region', default: 'cn', values: [{ id: 'cn' }, { id: 'us' }] }];
    c.rules[0].when = { and: [sel('ADDON-SSO'), { '==': [{ var: 'attributes.region' }, 'us'] }] };
  }, 'rules[0].when', 'no product this rule applies to (CRM-PRO) has the attribute "region"', 'warning'],

  // 3. The default configuration of every configurable product is complete
  ['a requires rule broken by the defaults (English message in a zh-CN catalog)', (c) => { c.products[0].features[0].options[1].default = true; },
    'products[0]', 'the default configuration of CRM-PRO is not complete: rule "sso-needs-cpq" (requires): SSO needs the CPQ module', 'error'],
  ['a requires rule with a Chinese message only', (c) => {
    c.products[0].features[0].options[1].default = true;
    c.rules[0].message = { 'zh-CN': '单点登录需要CPQ模块' };
  }, 'products[0]', 'rule "sso-needs-cpq" (requires): Choose CPQ module as well.', 'error'],
  ['a requires rule without a message', (c) => {
    c.products[0].features[0].options[1].default = true;
    delete c.rules[0].message;
  }, 'products[0]', 'rule "sso-needs-cpq" (requires): Choose CPQ module as well.', 'error'],
  ['a feature min no default meets', (c) => { c.products[0].features[0].min = 1; },
    'products[0].features[0]', 'the default configuration of CRM-PRO is not complete: feature "modules": Modules: choose at least 1 (chosen: 0)', 'error'],
  ['more defaults than a feature max', (c) => {
    c.products[0].features[0].max = 1;
    c.products[0].features[0].options[0].default = true;
    c.products[0].features[0].options[2].default = true;
  }, 'products[0].features[0]', 'choose at most 1 (chosen: 2)', 'error'],
  ['a nested bundle whose feature min is not met', (c) => {
    cpqBundle(c, { min: 1 });
    c.products[0].features[0].options[0].default = true;
  }, 'products[1].features[0]', 'the default configuration of CRM-PRO is not complete: feature "extras" of option ADDON-CPQ: Extras: choose at least 1', 'error'],
  ['a nested bundle configured on its own', (c) => cpqBundle(c, { min: 1 }),
    'products[1].features[0]', 'the default configuration of ADDON-CPQ is not complete: feature "extras"', 'error'],
  ['a required attribute without a default', (c) => { delete c.products[0].attributes[0].default; },
    'products[0].attributes[0]', 'the default configuration of CRM-PRO is not complete: attribute "deploy": Attribute deploy is required.', 'error'],
  ['a product without features named by a rule', (c) => {
    c.products[3].attributes = [{ id: 'region', required: true, values: [{ id: 'cn' }, { id: 'us' }] }];
    c.rules.push({ id: 'storage-us', kind: 'validate', products: ['STORAGE'], when: { '==': [{ var: 'attributes.region' }, 'us'] }, severity: 'warning', message: 'US storage' });
  }, 'products[3].attributes[0]', 'the default configuration of STORAGE is not complete: attribute "region"', 'error'],
  ['a default option an excludes rule always removes', (c) => {
    c.products[0].features[0].options[2].default = true;
    c.rules.push({ id: 'no-support', kind: 'excludes', products: ['CRM-PRO'], targets: ['SUPPORT'], message: { en: 'Support is sold separately' } });
  }, 'products[0]', 'the default configuration of CRM-PRO is not complete: rule "no-support" (excludes): Premium support is not available: Support is sold separately', 'error'],
  ['a product excluding itself', addRule({ id: 'no-storage', kind: 'excludes', products: ['STORAGE'], targets: ['STORAGE'], message: 'Storage is retired' }),
    'products[3]', 'the default configuration of STORAGE is not complete: rule "no-storage" (excludes): Storage is retired', 'error'],
  ['a setQty quantity outside the option range', (c) => {
    c.products[0].features[0].options[0].default = true;
    c.rules[2].qty = 5;
  }, 'products[0]', 'rule "cpq-qty" (setQty): The quantity of CPQ module (5) is outside 1–1.', 'error'],
  ['a setQty rule giving no quantity', (c) => {
    c.products[0].features[0].options[0].default = true;
    c.rules[2].qty = { var: 'quote.seats' };
  }, 'products[0]', 'rule "cpq-qty" (setQty): Rule cpq-qty gives CPQ module the quantity null; a quantity must be a number greater than zero', 'error'],
  ['an autoSelect of a hidden option', (c) => {
    c.rules.push({ id: 'auto-sso', kind: 'autoSelect', when: { '>': [{ var: 'qty' }, 5] }, targets: ['ADDON-SSO'] });
    c.rules.push({ id: 'hide-sso', kind: 'hide', when: { '==': [{ var: 'attributes.deploy' }, 'cloud'] }, targets: ['ADDON-SSO'] });
  }, 'products[0]', 'rule "auto-sso" (autoSelect): Rule auto-sso selects Single sign-on, which rule hide-sso hides.', 'error'],

  // 4. Options that can never be chosen
  ['a hide rule without when', addRule({ id: 'no-sso', kind: 'hide', targets: ['ADDON-SSO'] }),
    'rules[3].targets[0]', 'option "ADDON-SSO" of product "CRM-PRO" can never be chosen: rule "no-sso" always hides it', 'warning'],
  ['an excludes rule with when true', addRule({ id: 'no-sso', kind: 'excludes', when: true, targets: ['STORAGE', 'ADDON-SSO'] }),
    'rules[3].targets[1]', 'option "ADDON-SSO" of product "CRM-PRO" can never be chosen: rule "no-sso" always excludes it', 'warning'],
  ['a hide rule with when {"!!": true}', addRule({ id: 'h', kind: 'hide', products: ['CRM-PRO'], when: { '!!': true }, targets: ['SUPPORT'] }),
    'rules[3].targets[0]', 'option "SUPPORT" of product "CRM-PRO" can never be chosen', 'warning'],
  ['a hide rule with a non-empty string as when', addRule({ id: 'h', kind: 'hide', when: 'yes', targets: ['SUPPORT'] }),
    'rules[3].targets[0]', 'rule "h" always hides it', 'warning'],
  ['a hide rule with a constant comparison', addRule({ id: 'h', kind: 'hide', when: { '==': [1, 1] }, targets: ['ADDON-CPQ'] }),
    'rules[3].targets[0]', 'option "ADDON-CPQ" of product "CRM-PRO" can never be chosen', 'warning'],
  ['an option of two bundles always hidden', (c) => {
    secondBundle(c);
    c.rules.push({ id: 'h', kind: 'hide', when: 1, targets: ['SUPPORT'] });
  }, 'rules[3].targets[0]', 'option "SUPPORT" of products "CRM-PRO", "BNDL2" can never be chosen', 'warning'],
  ['an option of a nested bundle always hidden', (c) => {
    cpqBundle(c);
    c.rules.push({ id: 'h', kind: 'hide', products: ['CRM-PRO'], targets: ['STORAGE'] });
  }, 'rules[3].targets[0]', 'option "STORAGE" of product "CRM-PRO" can never be chosen', 'warning'],

  // 5. setQty cycles
  ['two setQty rules reading each other', (c) => {
    c.rules.push({ id: 'cpq-from-support', kind: 'setQty', targets: ['ADDON-CPQ'], qty: { '+': [{ var: 'selected.SUPPORT' }, 1] } });
    c.rules.push({ id: 'support-from-cpq', kind: 'setQty', targets: ['SUPPORT'], qty: { var: 'selected.ADDON-CPQ' } });
  }, 'rules[3]', 'setQty rules form a cycle: cpq-from-support → support-from-cpq → cpq-from-support; their quantities would never settle', 'error'],
  ['a setQty rule reading its own target\'s quantity', (c) => { c.rules[2].qty = { '*': [{ var: 'selected.ADDON-CPQ' }, 2] }; },
    'rules[2]', 'setQty rules form a cycle: cpq-qty → cpq-qty', 'error'],
  ['a setQty rule whose when compares its own target\'s quantity', (c) => { c.rules[2].when = { '<': [{ var: 'selected.ADDON-CPQ' }, 100] }; },
    'rules[2]', 'cpq-qty → cpq-qty', 'error'],
  ['setQty and autoSelect through a quantity', (c) => {
    c.rules.push({ id: 'big-cpq-support', kind: 'autoSelect', when: { '>': [{ var: 'selected.ADDON-CPQ' }, 5] }, targets: ['SUPPORT'] });
    c.rules.push({ id: 'support-cpq', kind: 'setQty', when: sel('SUPPORT'), targets: ['ADDON-CPQ'], qty: 10 });
  }, 'rules[4]', 'setQty rules form a cycle: support-cpq → big-cpq-support → support-cpq', 'error'],
  ['setQty and hide through a quantity', (c) => {
    c.rules.push({ id: 'hide-sso', kind: 'hide', when: { '>=': [{ var: 'selected.SUPPORT' }, 2] }, targets: ['ADDON-SSO'] });
    c.rules.push({ id: 'support-qty', kind: 'setQty', when: { '!': { var: 'selected.ADDON-SSO' } }, targets: ['SUPPORT'], qty: 3 });
  }, 'rules[4]', 'support-qty → hide-sso → support-qty', 'error'],
  ['a cycle read through missing_some and an if', (c) => {
    c.rules.push({ id: 'a', kind: 'setQty', targets: ['ADDON-CPQ'], qty: { if: [{ missing_some: [1, ['selected.SUPPORT']] }, 1, { var: 'selected.SUPPORT' }] } });
    c.rules.push({ id: 'b', kind: 'setQty', targets: ['SUPPORT'], qty: { max: [{ var: 'selected.ADDON-CPQ' }, 1] } });
  }, 'rules[3]', 'a → b → a', 'error'],
  ['a cycle among rules restricted to the same bundle', (c) => {
    c.rules.push({ id: 'a', kind: 'setQty', products: ['CRM-PRO'], targets: ['ADDON-CPQ'], qty: { var: 'selected.SUPPORT' } });
    c.rules.push({ id: 'b', kind: 'setQty', products: ['CRM-PRO'], targets: ['SUPPORT'], qty: { var: 'selected.ADDON-CPQ' } });
  }, 'rules[3]', 'a → b → a', 'error'],
];

describe('validateCatalog configuration checks: one problem at a time', () => {
  assert.ok(CASES.length >= 20);
  for (const [name, m, path, message, severity] of CASES) {
    it(name, () => {
      const r = validateCatalog(mutated(m));
      const hit = r.errors.find((e) => e.path === path && e.message.includes(message));
      assert.ok(hit, `expected ${severity} ${path}: …${message}…, got\n${show(r)}`);
      assert.equal(hit.severity ?? 'error', severity, show(r));
      if (severity === 'error') assert.equal(r.ok, false);
      assert.equal(r.ok, !r.errors.some((e) => e.severity !== 'warning'));
      assert.ok(!hit.message.startsWith(path), `the message repeats the path: ${hit.message}`);
    });
  }
});

describe('validateCatalog configuration checks: what stays clean', () => {
  const clean: [string, Mutation][] = [
    ['the base catalog (a setQty rule that tests its own target only for being there)', () => {}],
    ['a restricted rule targeting an option of a nested bundle', (c) => {
      cpqBundle(c);
      c.rules.push({ id: 'h', kind: 'hide', products: ['CRM-PRO'], when: sel('SUPPORT'), targets: ['STORAGE'] });
    }],
    ['a rule restricted to a nested bundle targeting an option of its parent', (c) => {
      cpqBundle(c);
      c.rules.push({ id: 'h', kind: 'hide', products: ['ADDON-CPQ'], when: sel('STORAGE'), targets: ['ADDON-SSO'] });
    }],
    ['an excludes rule targeting the product itself, when it holds only sometimes', (c) => {
      c.rules.push({ id: 'x', kind: 'excludes', products: ['STORAGE'], when: { '>': [{ var: 'qty' }, 50] }, targets: ['STORAGE'] });
    }],
    ['a requires rule whose target is no option (requires demands, it does not act)', (c) => { c.rules[0].targets.push('HARDWARE'); }],
    ['every fact root, quote fields and known attributes', (c) => {
      c.rules[1].when = { and: [
        { '>': [{ var: 'qty' }, 1000] }, { '>': [{ var: 'term' }, 0] }, { '==': [{ var: 'attributes.deploy' }, 'onprem'] },
        { '!!': { var: 'selected.ADDON-SSO' } }, { '==': [{ var: 'sku' }, 'CRM-PRO'] }, { '==': [{ var: 'quote.customer.segment' }, 'smb'] },
        { '!!': { var: '' } }, { some: [{ var: 'quote.lines' }, { '==': [{ var: 'whatever' }, 1] }] },
      ] };
    }],
    ['a validate rule that always fails (the author\'s own check of the user\'s input)', (c) => {
      c.rules[1] = { id: 'always', kind: 'validate', message: 'Check' };
    }],
    ['a hide rule whose when reads a fact', addRule({ id: 'h', kind: 'hide', when: { '!': { var: 'quote.customer' } }, targets: ['ADDON-SSO'] })],
    ['a hide rule that never holds', addRule({ id: 'h', kind: 'hide', when: false, targets: ['ADDON-SSO'] })],
    ['a hide rule with "missing" (reads the facts)', addRule({ id: 'h', kind: 'hide', when: { missing: ['quote.customer'] }, targets: ['ADDON-SSO'] })],
    ['an always-hide rule on a SKU that is no option anywhere', addRule({ id: 'h', kind: 'hide', targets: ['HARDWARE'] })],
    ['setQty rules restricted to different bundles that would cycle if combined', (c) => {
      secondBundle(c);
      c.rules.push({ id: 'a', kind: 'setQty', products: ['CRM-PRO'], targets: ['ADDON-CPQ'], qty: { max: [{ var: 'selected.SUPPORT' }, 1] } });
      c.rules.push({ id: 'b', kind: 'setQty', products: ['BNDL2'], targets: ['SUPPORT'], qty: { max: [{ var: 'selected.ADDON-CPQ' }, 1] } });
    }],
    ['setQty rules that read each other only in conditions', (c) => {
      c.rules.push({ id: 'a', kind: 'setQty', when: sel('SUPPORT'), targets: ['ADDON-CPQ'], qty: 1 });
      c.rules.push({ id: 'b', kind: 'setQty', when: { and: [sel('ADDON-CPQ'), { '!': { var: 'selected.ADDON-SSO' } }] }, targets: ['SUPPORT'], qty: 2 });
    }],
    ['a pure autoSelect cycle (left to run time)', (c) => {
      c.rules.push({ id: 'a', kind: 'autoSelect', when: { '>': [{ var: 'selected.ADDON-SSO' }, 1] }, targets: ['SUPPORT'] });
      c.rules.push({ id: 'b', kind: 'autoSelect', when: { '>': [{ var: 'selected.SUPPORT' }, 1] }, targets: ['ADDON-SSO'] });
    }],
    ['a setQty rule reading a quantity inside a map (element scope)', (c) => {
      c.rules[2].qty = { reduce: [{ var: 'quote.lines' }, { '+': [{ var: 'current.selected.ADDON-CPQ' }, { var: 'accumulator' }] }, 1] };
    }],
    ['a product with a required attribute and no default, but no features and no rule naming it', (c) => {
      c.products[3].attributes = [{ id: 'region', required: true, values: [{ id: 'cn' }, { id: 'us' }] }];
    }],
  ];
  for (const [name, m] of clean) {
    it(`reports nothing for ${name}`, () => {
      const r = validateCatalog(mutated(m));
      assert.deepEqual(r, { ok: true, errors: [] }, show(r));
    });
  }
});

describe('validateCatalog configuration checks: when they run', () => {
  it('feature min > max is reported once, by the structural check', () => {
    const r = validateCatalog(mutated((c) => Object.assign(c.products[0].features[0], { min: 3, max: 1 })));
    const hits = r.errors.filter((e) => e.path.startsWith('products[0].features[0]'));
    assert.equal(hits.length, 1, show(r));
    assert.equal(hits[0]!.path, 'products[0].features[0].max');
    assert.match(hits[0]!.message, /must not be less than min \(3\), got 1/);
  });

  it('does not run when the structural checks found an error', () => {
    const r = validateCatalog(mutated((c) => {
      c.currency = 'XYZ';
      c.products[0].features[0].min = 1; // the default configuration would be incomplete
      c.rules.push({ id: 'h', kind: 'hide', targets: ['ADDON-SSO'] }); // and an option always hidden
    }));
    assert.equal(r.ok, false);
    assert.deepEqual(r.errors.map((e) => e.path), ['currency'], show(r));
  });

  it('runs when the structural checks found only warnings', () => {
    const r = validateCatalog(mutated((c) => {
      c.products[0].prise = '1';
      c.products[0].features[0].min = 1;
    }));
    assert.deepEqual(r.errors.map((e) => [e.path, e.severity]), [['products[0].prise', 'warning'], ['products[0].features[0]', 'error']], show(r));
  });

  it('reports a catalog the engine cannot prepare at the root', () => {
    const c = catalogMin();
    const price = c.products[5].price;
    Object.defineProperty(c.products[5], 'price', {
      enumerable: true,
      get() {
        if (new Error().stack?.includes('assembleCatalog')) throw new Error('price unreadable');
        return price;
      },
    });
    const r = validateCatalog(c);
    assert.deepEqual(r.errors, [{ path: '', message: 'could not be prepared: price unreadable', severity: 'error' }], show(r));
  });

  it('configures only products with features or named by a rule', () => {
    const c = catalogMin();
    for (let i = 0; i < 2000; i++) {
      c.products.push({ sku: `P-${i}`, name: 'x', price: { model: 'flat', list: '1' }, attributes: [{ id: 'a', required: true, values: [{ id: 'v' }] }] });
    }
    const r = validateCatalog(c);
    assert.deepEqual(r, { ok: true, errors: [] }, show(r));
  });

  it('lists a setQty cycle once, however many bundles share the rules', () => {
    const r = validateCatalog(mutated((c) => {
      secondBundle(c);
      c.rules.push({ id: 'a', kind: 'setQty', targets: ['ADDON-CPQ'], qty: { var: 'selected.SUPPORT' } });
      c.rules.push({ id: 'b', kind: 'setQty', targets: ['SUPPORT'], qty: { var: 'selected.ADDON-CPQ' } });
      c.rules.push({ id: 'only-pro', kind: 'validate', products: ['CRM-PRO'], when: false, message: 'x' });
    }));
    const cycles = r.errors.filter((e) => e.message.startsWith('setQty rules form a cycle'));
    assert.deepEqual(cycles.map((e) => [e.path, e.message]), [['rules[3]', 'setQty rules form a cycle: a → b → a; their quantities would never settle']], show(r));
  });

  it('is deterministic and leaves the catalog unchanged', () => {
    const c = mutated((x) => {
      x.products[0].features[0].options[1].default = true;
      x.rules.push({ id: 'h', kind: 'hide', targets: ['SUPPORT'] });
    });
    const before = JSON.stringify(c);
    const a = validateCatalog(c);
    assert.equal(JSON.stringify(c), before);
    assert.deepEqual(validateCatalog(JSON.parse(before)), a);
  });
});

describe('validateCatalog configuration checks: the sample catalogs', () => {
  for (const name of ['crm-saas', 'air-compressor']) {
    const file = new URL(`../demo/catalogs/${name}.json`, import.meta.url);
    it(`demo/catalogs/${name}.json validates ok`, { skip: !existsSync(file) && `${name}.json is not there` }, () => {
      const r = validateCatalog(JSON.parse(readFileSync(file, 'utf8')));
      assert.equal(r.ok, true, show(r));
      assert.deepEqual(r.errors.filter((e) => e.severity !== 'warning'), [], show(r));
    });
  }
});
