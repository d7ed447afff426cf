// The configuration engine and its JsonLogic compiler run unchanged in Chromium, with the same
// states as in Node, on the bundled air-compressor catalog (every rule kind, a nested bundle).
import { expect } from '@open-wc/testing';
import { configure, validateCatalog } from '../../src/rules/index.js';
import { priceQuote } from '../../src/pricing/index.js';

async function catalog(): Promise<Record<string, unknown>> {
  const res = await fetch(new URL('../../demo/catalogs/air-compressor.json', import.meta.url));
  return (await res.json()) as Record<string, unknown>;
}

describe('configure() in the browser', () => {
  it('validates the catalog and configures the default machine completely', async () => {
    const cat = await catalog();
    expect(validateCatalog(cat)).to.deep.equal({ ok: true, errors: [] });
    const state = configure(cat, 'AC-SCREW', {}, { locale: 'zh-CN' });
    expect(state.complete).to.equal(true);
    const motor = state.features.find((f) => f.id === 'motor')!;
    expect(motor.options.filter((o) => o.selected).map((o) => o.sku)).to.deep.equal(['MOTOR-37']);
  });

  it('75 kW auto-selects the base frame and hides the skid, with the rules as reasons', async () => {
    const cat = await catalog();
    const state = configure(cat, 'AC-SCREW', { options: [{ sku: 'MOTOR-75' }, { sku: 'COOL-AIR' }, { sku: 'DRYER-REF' }] }, { locale: 'en' });
    const mounting = state.features.find((f) => f.id === 'mounting')!;
    const frame = mounting.options.find((o) => o.sku === 'MOUNT-FRAME')!;
    const skid = mounting.options.find((o) => o.sku === 'MOUNT-SKID')!;
    expect(frame.selected).to.equal(true);
    expect(frame.auto?.map((r) => r.ruleId)).to.deep.equal(['motor75-frame']);
    expect(skid.hidden).to.equal(true);
    expect(skid.reasons.map((r) => r.ruleId)).to.include('motor75-frame-only');
    expect(state.complete).to.equal(true);
    // Configuring the resolved selection again gives the same state.
    expect(configure(cat, 'AC-SCREW', state.selection, { locale: 'en' })).to.deep.equal(state);
  });

  it('prices a configured line with its options as child lines, the rule-chosen one marked', async () => {
    const cat = await catalog();
    const priced = priceQuote(cat, {
      id: 'Q-B', date: '2026-11-28',
      lines: [{ id: 'L1', sku: 'AC-SCREW', qty: '1', options: [{ sku: 'MOTOR-75' }, { sku: 'COOL-AIR' }, { sku: 'DRYER-REF' }] }],
    });
    expect(priced.orderable).to.equal(true);
    const frame = priced.lines.find((l) => l.sku === 'MOUNT-FRAME')!;
    expect(frame.parentId).to.equal('L1');
    expect(frame.auto).to.equal(true);
  });
});
