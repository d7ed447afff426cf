/**
 * Display names (issue 14, item 5): the catalog's `approvalLevels`, `categories` and approval
 * rules' `name` (extensions) — validated, withheld from the customer where they are the seller's,
 * and used instead of codes; pricing's messages in words a rep understands (no rule ids, no
 * priorities, no SKUs where the product has a name).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { approvalRuleName, categoryName, levelName, priceRuleName, validateCatalog } from '../src/rules/index.js';
import { priceQuote } from '../src/pricing/index.js';
import { catalogForCustomer } from '../src/quote/redact.js';
import type { Catalog, Quote } from '../src/types.js';

const demo = (file: string) => JSON.parse(readFileSync(new URL(`../demo/catalogs/${file}`, import.meta.url), 'utf8')) as Catalog;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/quotes/${name}.json`, import.meta.url), 'utf8')) as Quote;
const crm = demo('crm-saas.json');

describe('display names in the catalog', () => {
  it('the demo catalogs name every level, category and approval rule in both languages, with no warning', () => {
    for (const c of [crm, demo('air-compressor.json')]) {
      const r = validateCatalog(c);
      assert.deepEqual(r.errors, [], c.id);
      const levels = new Set((c.approvalRules ?? []).map((a) => a.level));
      for (const l of levels) assert.ok(c.approvalLevels!.some((x) => x.id === l && typeof x.name === 'object' && x.name['zh-CN'] && x.name.en), l);
      for (const p of c.products) assert.ok(c.categories!.some((x) => x.id === p.category && typeof x.name === 'object' && x.name['zh-CN'] && x.name.en), p.category);
      for (const a of c.approvalRules ?? []) assert.ok(typeof a.name === 'object' && a.name['zh-CN'] && a.name.en, a.id);
    }
  });

  const cases: [string, (c: Catalog & Record<string, unknown>) => void, string, string, 'error' | 'warning'][] = [
    ['a level without a name', (c) => (c.approvalLevels = [{ id: 'manager' }, ...c.approvalLevels!.slice(1)]), 'approvalLevels[0]', 'has no "name": people are shown the code "manager"', 'warning'],
    ['a rule\'s level not listed', (c) => (c.approvalLevels = c.approvalLevels!.filter((l) => l.id !== 'finance')), 'approvalRules[2].level', 'level "finance" is not in approvalLevels, so it has no display name', 'warning'],
    ['a level listed twice', (c) => c.approvalLevels!.push({ id: 'manager', name: 'x' }), 'approvalLevels[3].id', 'duplicate id "manager": approvalLevels[0] already has it', 'error'],
    ['a category not listed', (c) => (c.categories = c.categories!.filter((x) => x.id !== 'hardware')), 'categories', 'the product category "hardware" is not listed, so it has no display name', 'warning'],
    ['a name that is no text', (c) => ((c.categories![0] as unknown as Record<string, unknown>).name = 42), 'categories[0].name', 'must be a string, or an object by language tag such as {"en": "…", "zh-CN": "…"}, got 42', 'error'],
    ['an unknown field', (c) => ((c.categories![0] as unknown as Record<string, unknown>).label = 'x'), 'categories[0].label', 'unknown field "label"', 'warning'],
    ['not a list', (c) => ((c as Record<string, unknown>).approvalLevels = { manager: 'x' }), 'approvalLevels', 'must be a list (JSON array) of approval levels', 'error'],
    ['an approval rule name that is no text', (c) => ((c.approvalRules![0] as unknown as Record<string, unknown>).name = []), 'approvalRules[0].name', 'must be a string, or an object by language tag', 'error'],
  ];
  for (const [what, change, path, message, severity] of cases) {
    it(`validation: ${what}`, () => {
      const c = structuredClone(crm) as Catalog & Record<string, unknown>;
      change(c);
      const found = validateCatalog(c).errors.filter((e) => e.path === path);
      assert.ok(found.some((e) => e.message.startsWith(message) && e.severity === severity), JSON.stringify(found));
    });
  }

  it('names in the reader\'s language; the kit\'s own names for its default levels; a code only where nothing names it', () => {
    const table: [string, string][] = [
      [levelName(crm, 'manager', 'zh-CN'), '销售经理'], [levelName(crm, 'finance', 'en'), 'Finance'],
      [levelName(undefined, 'director', 'zh-CN'), '销售总监'], [levelName(undefined, 'vp', 'en'), 'Sales VP'], [levelName(crm, 'board', 'en'), 'board'],
      [categoryName(crm, 'addon', 'zh-CN'), '增值模块'], [categoryName(crm, 'license', 'en'), 'Licences'], [categoryName(crm, 'usage', 'en'), 'usage'],
      [approvalRuleName(crm, 'disc-15', 'zh-CN'), '整单折扣超过 15%'], [approvalRuleName(crm, 'below-floor', 'en'), 'Below the floor price'], [approvalRuleName(crm, 'nope', 'en'), ''],
      [priceRuleName(crm, 'ai-enterprise', 'zh-CN'), '大客户专享：智能销售助手 88折'], [priceRuleName(crm, 'nope', 'en'), 'nope'],
    ];
    for (const [actual, expected] of table) assert.equal(actual, expected);
  });

  it('the customer\'s copy keeps the categories\' names and drops the approval levels', () => {
    const copy = catalogForCustomer(crm);
    assert.deepEqual(copy.categories, crm.categories);
    assert.equal('approvalLevels' in copy, false);
  });
});

describe('pricing messages in plain words', () => {
  const conflict = fixture('conflict');
  it('a price-rule conflict names the product and the offers, not rule ids or priorities', () => {
    const zh = priceQuote(crm, { ...conflict, locale: 'zh-CN' }).issues.find((i) => i.code === 'price-rule-conflict')!;
    assert.equal(zh.message, '智能销售助手同时符合“年终促销：智能销售助手 85折”和“大客户专享：智能销售助手 88折”，这些优惠不能同时使用：请选择适用的一项。');
    assert.deepEqual(zh.ruleIds, ['promo-yearend-ai', 'ai-enterprise']);
    const en = priceQuote(crm, { ...conflict, locale: 'en' }).issues.find((i) => i.code === 'price-rule-conflict')!;
    assert.equal(en.message, 'AI sales assistant qualifies for “Year-end promotion: AI sales assistant 15 % off” and “Enterprise accounts: AI sales assistant 12 % off”, which cannot be combined: choose the one that applies.');
    for (const m of [zh.message, en.message]) assert.doesNotMatch(m, /promo-yearend-ai|ai-enterprise|优先级|priority|ADDON-SFA-AI|\bL\d/);
  });

  it('a line below its floor price is named by its product', () => {
    const q = fixture('crm-pro-120');
    const priced = priceQuote(crm, { ...q, discount: { percent: '35' } });
    const floor = priced.issues.find((i) => i.code === 'below-floor')!;
    assert.equal(floor.message, '报价管理（CPQ）的净单价 12.35 低于底价 14.00。');
    assert.equal(priced.approvals.find((a) => a.ruleId === 'below-floor')!.message, floor.message);
  });

  it('zh-CN messages use full-width punctuation only', () => {
    const q = fixture('crm-pro-120');
    const quotes: Quote[] = [{ ...conflict, locale: 'zh-CN' }, { ...q, discount: { percent: '35' } }, { ...q, lines: [{ ...q.lines[1]!, term: '12' }] }];
    for (const quote of quotes) {
      for (const i of priceQuote(crm, quote).issues) assert.doesNotMatch(i.message, /[\u4e00-\u9fff][,:;()!?]|[,:;()!?][\u4e00-\u9fff]/, i.message);
    }
  });
});
