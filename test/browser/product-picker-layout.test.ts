// <cpq-product-picker> in a narrow container (issue 14): product names wrap by words, never a
// letter a line, and the price goes under the name; wide, the price stays beside it.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import { crmCatalog } from './support/catalogs.js';

async function mount(width: string, locale: string) {
  const box = await fixture<HTMLElement>(html`<div style="width: ${width}">
    <cpq-quote .catalog=${await crmCatalog()} .quote=${{ id: 'Q', date: '2026-11-28', lines: [] }} mode="self-service" locale=${locale}>
      <cpq-product-picker></cpq-product-picker></cpq-quote></div>`);
  const picker = box.querySelector('cpq-product-picker')!;
  await (box.querySelector('cpq-quote') as CpqQuote).updateComplete;
  await (picker as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return { picker, root: picker.shadowRoot! };
}

/** Latin words of the product names broken across lines. */
function splitWords(root: ShadowRoot): string[] {
  const out: string[] = [];
  const it = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = it.nextNode(); n; n = it.nextNode()) {
    const node = n as Text;
    if (!node.parentElement?.matches('[part~=name]')) continue;
    for (const m of node.data.matchAll(/[A-Za-z0-9][A-Za-z0-9'’.,]*[A-Za-z0-9]/g)) {
      const range = document.createRange();
      range.setStart(node, m.index!);
      range.setEnd(node, m.index! + m[0].length);
      if (new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top / 3))).size > 1) out.push(m[0]);
    }
  }
  return out;
}

describe('<cpq-product-picker> layout', () => {
  for (const [width, locale] of [['260px', 'en'], ['300px', 'zh-CN'], ['900px', 'en']] as const) {
    it(`${width}, ${locale}: names wrap by words, every price and button inside`, async () => {
      const { picker, root } = await mount(width, locale);
      const box = picker.getBoundingClientRect();
      expect(splitWords(root)).to.deep.equal([]);
      const narrow = parseInt(width, 10) < 400;
      for (const li of root.querySelectorAll('[part~=result]')) {
        const name = li.querySelector('[part~=name]')!.getBoundingClientRect();
        const price = li.querySelector('[part~=price]')!.getBoundingClientRect();
        const add = li.querySelector('[part~=add]')!.getBoundingClientRect();
        for (const r of [name, price, add]) expect(r.left >= box.left - 0.5 && r.right <= box.right + 0.5).to.equal(true);
        // Narrow: the name keeps the row's width, the price is under it.
        if (narrow && price.width > 0) expect(price.top).to.be.greaterThan(name.top);
        if (!narrow && price.width > 0) expect(price.top).to.be.below(name.bottom);
        expect(name.width, 'the name is not squeezed').to.be.greaterThan(narrow ? box.width / 2 : 100);
      }
      await expect(picker).to.be.accessible();
    });
  }
});
