// The quote's own words through the quote service (issue 14, item 4): section and note lines,
// line descriptions, notes, terms and payment terms are accepted on create and edit, kept by the
// store, priced as no money (the server's figures), shown to the customer's share link, and bad
// text is refused located (400, body.…) before anything is stored.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { customerQuote, editableFields } from '../src/components/service/client.js';
import { demo, expectStatus, quoteInput, type TestService, useDemoService, type Tokens } from './support/service.js';

const WORDS = {
  notes: '感谢您的信任！如有疑问，请联系客户经理。',
  terms: '1. 本报价含税。\n2. 交付后 30 日内付款。',
  paymentTerms: { code: 'NET30', days: 30, text: '发票日后 30 天付款' },
};

describe('quote service: the quote’s own words', () => {
  let s: TestService;
  let t: Tokens;
  useDemoService('sqlite', {}, (d) => ({ s, t } = d));

  const withWords = () => {
    const input = quoteInput(demo('quotes/crm-pro-120.json'), 'demo-crm-2026');
    const [first, ...rest] = input.lines;
    input.lines = [
      { id: 'S1', kind: 'section', text: '软件许可' },
      { ...first, description: '含 2 次上门培训。' },
      { id: 'N1', kind: 'note', text: '按年计费。' },
      ...rest,
    ];
    return { ...input, ...WORDS };
  };

  it('create and edit keep them; the server prices them as no money; the customer sees the document’s words', async () => {
    const plain = expectStatus(await s.call('POST', '/quotes', t.seller, quoteInput(demo('quotes/crm-pro-120.json'), 'demo-crm-2026')), 201);
    const q = expectStatus(await s.call('POST', '/quotes', t.seller, withWords()), 201);
    assert.deepEqual(q.priced.totals, plain.priced.totals);
    const firstId = q.priced.lines[0].id;
    assert.deepEqual(q.priced.textLines, [
      { id: 'S1', kind: 'section', text: '软件许可', after: null },
      { id: 'N1', kind: 'note', text: '按年计费。', after: firstId },
    ]);
    assert.equal(q.priced.lines[0].description, '含 2 次上门培训。');
    assert.equal(q.priced.notes, WORDS.notes);
    assert.deepEqual(q.priced.paymentTerms, WORDS.paymentTerms);

    // The store round trip: read back as written.
    const read = expectStatus(await s.call('GET', `/quotes/${q.quoteId}`, t.seller), 200);
    assert.deepEqual(read.quote.lines.map((l: { id: string }) => l.id), ['S1', firstId, 'N1', ...read.quote.lines.slice(3).map((l: { id: string }) => l.id)]);
    assert.equal(read.quote.terms, WORDS.terms);
    assert.deepEqual(read.priced, q.priced);

    // An edit moves the note first and drops the terms.
    const path = `/quotes/${q.quoteId}/versions/1`;
    const { terms: _t, catalogId: _c, ...edit } = withWords();
    edit.lines = [edit.lines[2], ...edit.lines.filter((l: { id: string }) => l.id !== 'N1')];
    const edited = expectStatus(await s.call('PUT', path, t.seller, { ...edit, baseRevision: read.revision }), 200);
    assert.equal(edited.priced.textLines[0].after, null);
    assert.equal(edited.priced.textLines[0].id, 'N1');
    assert.equal(edited.priced.terms, undefined);

    // Through to the customer: submitted, approved level by level, sent.
    let v = expectStatus(await s.call('POST', `${path}/submit`, t.seller, {}), 200);
    const byLevel: Record<string, string> = { manager: t.manager, director: t.director, finance: t.finance };
    while (v.state === 'approval-pending') {
      const current = v.approval.levels.find((l: { status: string }) => l.status === 'current');
      v = expectStatus(await s.call('POST', `${path}/approve`, byLevel[current.level]!, { digest: v.digest }), 200);
    }
    const sent = expectStatus(await s.call('POST', `${path}/send`, t.seller, {}), 200);
    const view = expectStatus(await s.call('GET', '/share', sent.shareLink.token), 200);
    assert.equal(view.notes, WORDS.notes);
    assert.deepEqual(view.paymentTerms, WORDS.paymentTerms);
    assert.deepEqual(view.lines[0], { id: 'N1', kind: 'note', text: '按年计费。' });
    assert.equal(view.lines[2].description, '含 2 次上门培训。');
    assert.deepEqual(view.priced.textLines, edited.priced.textLines);
    assert.equal(JSON.stringify(view).includes('"cost"'), false);
  });

  it('the elements’ service client sends the words and reads them back from the customer’s view', async () => {
    const { catalogId: _c, ...input } = withWords();
    const body = editableFields({ id: 'local', ...input } as never);
    for (const key of ['notes', 'terms', 'paymentTerms'] as const) assert.deepEqual(body[key], WORDS[key]);
    const q = expectStatus(await s.call('POST', '/quotes', t.seller, { catalogId: 'demo-crm-2026', ...body }), 201);
    assert.equal(q.quote.notes, WORDS.notes);
    const view = { quoteId: q.quoteId, version: 1, state: 'sent', digest: q.digest, catalog: { id: 'demo-crm-2026', version: 1 }, allowOrder: false, priced: q.priced, lines: q.quote.lines, ...WORDS };
    const local = customerQuote(view as never);
    assert.equal(local.notes, WORDS.notes);
    assert.deepEqual(local.paymentTerms, WORDS.paymentTerms);
    assert.equal(local.lines[0]!.kind, 'section');
  });

  it('refuses bad words located, and stores nothing', async () => {
    const cases: [string, (b: any) => void, RegExp][] = [
      ['a note over 1,000 characters', (b) => { b.lines[2].text = '字'.repeat(1001); }, /^body\.lines\[2\]\.text/],
      ['a control character in a description', (b) => { b.lines[1].description = 'a\u0007b'; }, /^body\.lines\[1\]\.description/],
      ['a section with a SKU', (b) => { b.lines[0].sku = 'CRM-PRO'; }, /^body\.lines\[0\]/],
      ['an unknown kind', (b) => { b.lines[0].kind = 'heading'; }, /^body\.lines\[0\]\.kind/],
      ['notes that are not text', (b) => { b.notes = ['x']; }, /^body\.notes/],
      ['terms over 20,000 characters', (b) => { b.terms = 'x'.repeat(20001); }, /^body\.terms/],
    ];
    const before = expectStatus(await s.call('GET', '/quotes', t.seller), 200);
    for (const [what, spoil, param] of cases) {
      const body = withWords();
      spoil(body);
      const r = await s.call('POST', '/quotes', t.seller, body);
      assert.equal(r.status, 400, what);
      assert.match(r.body.error.param, param, what);
    }
    const afterList = expectStatus(await s.call('GET', '/quotes', t.seller), 200);
    assert.deepEqual(afterList, before);
  });
});
