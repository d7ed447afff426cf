// <cpq-line-editor> on an amendment quote (issue 16, item 6), in Chromium: a contract made by
// cpq-kit/contract (createContract), amended mid-term with +30 seats and a cancellation (a
// credit), and a ramp deal (rampLines) added. Locked subscriptions are read-only and marked, the
// change shows its quantity change and the service period pricing counted, the credit is tagged,
// the ramp is one row whose schedule opens by keyboard; zh-CN and en, axe, and a 390 px phone.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { Dec } from '../../src/core/decimal.js';
import '../../src/index.js';
import type { CpqLineEditor } from '../../src/components/line-editor/line-editor.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import { amend, cancelSubscription, changeQuantity, checkAgainstContract, createContract, rampLines, type Contract } from '../../src/contract/index.js';
import { priceQuote } from '../../src/pricing/index.js';
import type { Catalog, Quote } from '../../src/types.js';

const catalog: Catalog = {
  id: 'seats', currency: 'CNY', locale: 'en', taxes: [{ code: 'V13', rate: '13' }], defaultTaxCode: 'V13',
  subscriptions: { proration: { method: 'actual-days' } },
  products: [
    // A configurable product (an add-on nobody chose), so that a change of it could offer Configure.
    { sku: 'SEAT', name: { en: 'CRM seat', 'zh-CN': 'CRM 席位' }, term: { unit: 'month', min: '1', max: '60', default: '12' }, price: { model: 'flat', list: '65.00' },
      features: [{ id: 'extras', name: { en: 'Extras', 'zh-CN': '附加' }, min: 0, max: 1, options: [{ sku: 'ARCHIVE' }] }] },
    { sku: 'ARCHIVE', name: { en: 'Archive', 'zh-CN': '归档' }, price: { model: 'flat', list: '5.00' } },
    { sku: 'SSO', name: { en: 'SSO', 'zh-CN': '单点登录' }, term: { unit: 'month', default: '12' }, price: { model: 'flat', list: '10.00' } },
  ],
};

const ok = <T>(r: { ok: true; value: T } | { ok: false; errors: unknown[] }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};

/** 100 seats at 60.00 and 20 SSO from 2026-01-01. */
function contractOf(): Contract {
  const first: Quote = { id: 'Q1', date: '2025-12-20', lines: [
    { id: 'L1', sku: 'SEAT', qty: '100', term: '12', discount: { unitPrice: '60.00' } },
    { id: 'L2', sku: 'SSO', qty: '20', term: '12' },
  ] };
  return ok(createContract(catalog, first, priceQuote(catalog, first), { id: 'K1', start: '2026-01-01' }));
}

/** The contract amended from 2026-02-12: +30 seats, SSO cancelled, a ramp from March. */
function amendment(): Quote {
  const contract = contractOf();
  let q = ok(amend(contract, { effectiveDate: '2026-02-12' }));
  q = ok(changeQuantity(q, 'K1:L1', '130'));
  q = ok(cancelSubscription(q, 'K1:L2'));
  const ramp = ok(rampLines({ id: 'R1', sku: 'SEAT' }, '2026-03-01', [{ term: 4, qty: 10 }, { term: 6, qty: 20, discount: { unitPrice: '55.00' } }]));
  return { ...q, lines: [...q.lines, ...ramp] };
}

interface Mounted { el: CpqQuote; editor: CpqLineEditor; root: ShadowRoot }

async function mount(locale: string, width = '1000px'): Promise<Mounted> {
  const box = await fixture<HTMLElement>(html`<div style="width: ${width}">
    <cpq-quote .catalog=${catalog} .quote=${amendment()} mode="sales" locale=${locale}><cpq-line-editor></cpq-line-editor></cpq-quote></div>`);
  const el = box.querySelector('cpq-quote') as CpqQuote;
  const editor = el.querySelector('cpq-line-editor') as CpqLineEditor;
  await el.updateComplete;
  await editor.updateComplete;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  await editor.updateComplete;
  return { el, editor, root: editor.shadowRoot! };
}

const row = (m: Mounted, id: string) => m.root.querySelector<HTMLElement>(`tr[data-line="${id}"]`)!;
const text = (e: Element) => e.textContent!.replace(/\s+/g, ' ').trim();

describe('<cpq-line-editor> on an amendment', () => {
  it('shows locked subscriptions read-only and out of the totals, the change with its period, the credit tagged (en)', async () => {
    const m = await mount('en');
    const p = m.el.priced!;
    expect(p.issues.filter((i) => i.severity === 'error')).to.deep.equal([]);
    const seats = row(m, 'K1:L1');
    expect(seats.classList.contains('locked')).to.equal(true);
    expect(text(seats)).to.contain('Existing subscription').and.contain('Contracted net unit price ¥60.00 / months')
      .and.contain('Service 2026-02-12 to 2026-12-31, charged for 10 months + 17/28 of a month').and.contain('Existing, not charged');
    // A locked line's one control: its quantity from the effective date (the contracted one ± the change).
    for (const [id, qty] of [['K1:L1', '130'], ['K1:L2', '0']] as const) {
      const controls = [...row(m, id).querySelectorAll<HTMLInputElement>('input, select, button, [tabindex]')];
      expect(controls.map((e) => e.dataset.control), id).to.deep.equal(['sub-qty']);
      expect(controls[0]!.value, id).to.equal(qty);
      expect(controls[0]!.getAttribute('aria-label'), id).to.match(/^Quantity from 2026-02-12 K1:L/);
    }
    // The change: +30 seats over the same period as pricing counted it (the waterfall's label).
    const add = row(m, 'K1:L1:add');
    const label = p.lines.find((l) => l.id === 'K1:L1:add')!.proration!.label;
    expect(label).to.equal('10 months + 17/28 of a month');
    expect(text(add)).to.contain('Change').and.contain('Quantity change +30').and.contain(`Service 2026-02-12 to 2026-12-31, charged for ${label}`);
    expect(text(add)).to.contain('¥19,092.86');
    // The cancellation: a credit of all 20 SSO.
    const credit = row(m, 'K1:L2:credit');
    expect(text(credit)).to.contain('Credit').and.contain('Quantity change −20');
    expect(credit.querySelector('.tag.credit')).to.not.equal(null);
    // The totals are pricing's: the change, the credit and the ramp, never the locked lines.
    expect(p.lines.filter((l) => l.locked).map((l) => l.id)).to.deep.equal(['K1:L1', 'K1:L2']);
    // No group heading for the ramp's group, nor an "Ungrouped" one for the other lines.
    expect(m.root.querySelector('tr.group')).to.equal(null);
    // Select all: the change and the credit, never a locked line or a ramp segment.
    const all = m.root.querySelector<HTMLInputElement>('[data-bulk="select-all"]')!;
    all.click();
    await m.editor.updateComplete;
    expect(text(m.root.querySelector('#bulk-count')!)).to.equal('2 selected');
    expect(all.checked).to.equal(true);
    await expect(m.editor).to.be.accessible();
  });

  it('changes an existing subscription from its quantity field; a change or credit row offers no clone or move (en)', async () => {
    const m = await mount('en');
    // The change and the credit: remove only (no configure — the configuration is the subscription's —
    // no clone, no ↑ ↓), and Alt+↑ on their fields moves nothing.
    for (const id of ['K1:L1:add', 'K1:L2:credit']) {
      const controls = [...row(m, id).querySelectorAll<HTMLElement>('button[data-control]')].map((b) => b.dataset.control);
      expect(controls, id).to.deep.equal(['remove']);
    }
    const order = () => m.el.quote.lines.map((l) => l.id);
    const before = order();
    row(m, 'K1:L2:credit').querySelector<HTMLInputElement>('[data-control=qty]')!.focus();
    await sendKeys({ down: 'Alt' });
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ up: 'Alt' });
    await m.editor.updateComplete;
    expect(order()).to.deep.equal(before);
    // An ordinary line still has them (the ramp aside, the amendment has none: add one).
    (m.el as unknown as { cpq: { api: { addProduct(sku: string): void } } }).cpq.api.addProduct('SSO');
    await m.el.updateComplete;
    await m.editor.updateComplete;
    const added = m.el.quote.lines.at(-1)!;
    expect([...row(m, added.id).querySelectorAll<HTMLElement>('button[data-control]')].map((b) => b.dataset.control)).to.deep.equal(['clone', 'make-ramp', 'up', 'down', 'remove']);
    // A product sold by term added to an amendment is co-terminated with the contract, as
    // cpq-kit/contract's addProduct does, and the contract check (the quote service's) accepts it.
    expect(added.period).to.deep.equal({ start: '2026-02-12', end: '2026-12-31' });
    expect(m.el.priced!.lines.find((l) => l.id === added.id)!.proration!.label).to.equal('10 months + 17/28 of a month');
    // Lines counted by their period show what was counted where the term would be, not a term field.
    for (const id of ['K1:L1:add', added.id]) {
      const cell = row(m, id).querySelector<HTMLElement>('.c-term')!;
      expect(cell.querySelector('input'), id).to.equal(null);
      expect(text(cell), id).to.equal(m.el.priced!.lines.find((l) => l.id === id)!.proration!.label);
    }
    // (The fixture's ramp segments, which start later, are the check's business, not this test's.)
    const at = `lines[${m.el.quote.lines.indexOf(added)}]`;
    const problems = (q: Quote) => checkAgainstContract(catalog, contractOf(), q).map((e) => e.path).filter((p) => p.startsWith(at));
    expect(problems(m.el.quote)).to.deep.equal([]);
    expect(problems({ ...m.el.quote, lines: m.el.quote.lines.map((l) => (l.id === added.id ? { ...l, period: undefined } : l)) })).to.deep.equal([`${at}.period`]);

    // 150 seats from the effective date: the change is +50, priced as pricing prices changeQuantity's quote.
    const seats = row(m, 'K1:L1').querySelector<HTMLInputElement>('[data-control=sub-qty]')!;
    const type = async (value: string) => {
      seats.focus();
      seats.select();
      await sendKeys({ type: value });
      await sendKeys({ press: 'Enter' });
      await m.el.updateComplete;
      await m.editor.updateComplete;
    };
    await type('150');
    const expected = priceQuote(catalog, ok(changeQuantity(m.el.quote, 'K1:L1', '150')));
    const add = m.el.priced!.lines.find((l) => l.id === 'K1:L1:add')!;
    expect([add.qty, add.netAmount]).to.deep.equal(['50', expected.lines.find((l) => l.id === 'K1:L1:add')!.netAmount]);
    // 50 seats × ¥60.00 × (10 + 17/28) months, rounded once.
    expect(add.netAmount).to.equal(new Dec(60).times(50).times(new Dec(297).div(28)).toFixed(2));
    expect(text(row(m, 'K1:L1:add'))).to.contain('Quantity change +50');
    expect(m.root.activeElement).to.equal(seats);
    // Back to the contracted 100: no change line; 90: a credit of 10.
    await type('100');
    expect(m.el.quote.lines.some((l) => l.id.startsWith('K1:L1:'))).to.equal(false);
    expect(row(m, 'K1:L1:add')).to.equal(null);
    await type('90');
    expect(text(row(m, 'K1:L1:credit'))).to.contain('Credit').and.contain('Quantity change −10');
    // Editing the credit's own quantity shows in the subscription's field.
    const creditQty = row(m, 'K1:L1:credit').querySelector<HTMLInputElement>('[data-control=qty]')!;
    creditQty.focus();
    creditQty.select();
    await sendKeys({ type: '25' });
    await sendKeys({ press: 'Enter' });
    await m.el.updateComplete;
    await m.editor.updateComplete;
    expect(row(m, 'K1:L1').querySelector<HTMLInputElement>('[data-control=sub-qty]')!.value).to.equal('75');
    await expect(m.editor).to.be.accessible();
  });

  it('shows a ramp deal as one row whose schedule opens from the keyboard, each segment\'s quantity a field (zh-CN)', async () => {
    const m = await mount('zh-CN');
    const p = m.el.priced!;
    expect(m.root.querySelectorAll('tr[data-line^="R1"]').length).to.equal(1);
    const ramp = row(m, 'R1');
    expect(text(ramp)).to.contain('CRM 席位').and.contain('分段计价').and.contain('10 → 20');
    const [s1, s2] = ['R1:r1', 'R1:r2'].map((id) => p.lines.find((l) => l.id === id)!);
    const panel = ramp.querySelector<HTMLElement>('[part~=schedule]')!;
    expect(getComputedStyle(panel).display).to.equal('none');
    const button = ramp.querySelector<HTMLButtonElement>('button.schedule-trigger')!;
    expect(button.getAttribute('aria-controls')).to.equal(panel.id);
    // Reached by Tab from the last control before it, opened by Enter, closed by Space.
    const before = row(m, 'K1:L2:credit').querySelector<HTMLButtonElement>('[data-control=remove]')!;
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(m.root.activeElement).to.equal(button);
    await sendKeys({ press: 'Enter' });
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(getComputedStyle(panel).display).to.not.equal('none');
    const cells = [...panel.querySelectorAll(':scope table > tbody > tr')].map((r) => [...r.querySelectorAll('td')].map((td) => td.querySelector('input')?.value ?? text(td)));
    expect(cells).to.deep.equal([
      // Sales mode: each segment's price (its discount, here none and a net unit price) and its Remove.
      ['2026-03-01 – 2026-06-30', '10', '', '¥65.00', '¥2,600.00', '删除'],
      ['2026-07-01 – 2026-12-31', '20', '55.00', '¥55.00', '¥6,600.00', '删除'],
    ]);
    expect([s1!.netAmount, s2!.netAmount]).to.deep.equal(['2600.00', '6600.00']);
    expect(text(ramp)).to.contain('¥9,200.00');
    await expect(m.editor).to.be.accessible();
    // Each segment's quantity is a field: year 2 at 25 seats is priced as that segment alone changed.
    const seg2 = panel.querySelector<HTMLInputElement>('input[data-id="R1:r2"]')!;
    expect(seg2.getAttribute('aria-label')).to.equal('数量 第 2 段 CRM 席位');
    // Segment 1's quantity, price kind, price and Remove come first.
    for (let i = 0; i < 5; i++) await sendKeys({ press: 'Tab' });
    expect(m.root.activeElement).to.equal(seg2);
    seg2.select();
    await sendKeys({ type: '25' });
    await sendKeys({ press: 'Enter' });
    await m.el.updateComplete;
    await m.editor.updateComplete;
    const again = priceQuote(catalog, { ...amendment(), lines: amendment().lines.map((l) => (l.id === 'R1:r2' ? { ...l, qty: '25' } : l)) });
    const r2 = m.el.priced!.lines.find((l) => l.id === 'R1:r2')!;
    expect([r2.qty, r2.netAmount]).to.deep.equal(['25', again.lines.find((l) => l.id === 'R1:r2')!.netAmount]);
    expect(r2.netAmount).to.equal(new Dec(25).times('55.00').times(6).toFixed(2));
    expect(m.el.priced!.lines.find((l) => l.id === 'R1:r1')!.netAmount).to.equal('2600.00');
    expect(text(row(m, 'R1'))).to.contain('10 → 25').and.contain('¥10,850.00');
    // The schedule stays open, the focus on the field; Alt+↑ there moves no segment.
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(m.root.activeElement).to.equal(seg2);
    const ids = m.el.quote.lines.map((l) => l.id);
    await sendKeys({ down: 'Alt' });
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ up: 'Alt' });
    await m.editor.updateComplete;
    expect(m.el.quote.lines.map((l) => l.id)).to.deep.equal(ids);
    await expect(m.editor).to.be.accessible();
    button.focus();
    await sendKeys({ press: 'Space' });
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    // A read-only quote: the quantities as text.
    m.el.readonly = true;
    await m.el.updateComplete;
    await m.editor.updateComplete;
    expect(row(m, 'R1').querySelectorAll('[part~=schedule] input').length).to.equal(0);
    expect(text(row(m, 'R1').querySelector('[part~=schedule] tbody')!)).to.contain('25');
    m.el.readonly = false;
    await m.el.updateComplete;
    await m.editor.updateComplete;
    expect(text(row(m, 'K1:L1'))).to.contain('现有订阅').and.contain('服务期 2026-02-12 至 2026-12-31');
    expect(text(row(m, 'K1:L2:credit'))).to.contain('贷项').and.contain('数量变更 −20');
  });

  it('keeps the schedule readable on a 390 px phone', async () => {
    await setViewport({ width: 390, height: 844 });
    try {
      const m = await mount('zh-CN', '370px');
      const ramp = row(m, 'R1');
      ramp.querySelector<HTMLButtonElement>('button.schedule-trigger')!.click();
      await m.editor.updateComplete;
      const panel = ramp.querySelector<HTMLElement>('[part~=schedule]')!;
      const box = m.editor.getBoundingClientRect();
      for (const cell of panel.querySelectorAll('td, th')) {
        const r = cell.getBoundingClientRect();
        // The column headings are not shown on a phone: each cell says what it is (data-label).
        if (getComputedStyle(cell.closest('thead') ?? cell).display === 'none') continue;
        expect(r.right, text(cell)).to.be.at.most(box.right + 0.5);
        expect(r.left, text(cell)).to.be.at.least(box.left - 0.5);
      }
      await expect(m.editor).to.be.accessible();
    } finally {
      await setViewport({ width: 1400, height: 900 });
    }
  });
});
