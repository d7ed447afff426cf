// custom-elements.json is generated from the elements' JSDoc; this keeps the committed copy in
// step with the sources (a stale manifest misleads every IDE and docs tool that reads it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

test('custom-elements.json is what `npm run manifest` makes from the sources', () => {
  // The analyzer takes its outdir relative to the working directory, whatever it is given.
  mkdirSync(join(root, '.cache'), { recursive: true });
  const out = mkdtempSync(join(root, '.cache', 'cem-'));
  try {
    const run = spawnSync(process.execPath, [join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--litelement'], { cwd: root, encoding: 'utf8', env: { ...process.env, CEM_OUTDIR: relative(root, out) } });
    assert.equal(run.status, 0, run.stderr);
    const fresh = JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8'));
    const committed = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
    assert.deepEqual(committed, fresh, 'custom-elements.json is stale: run `npm run manifest`');
    const tags = fresh.modules.flatMap((m: { declarations?: { tagName?: string }[] }) => (m.declarations ?? []).map((d) => d.tagName).filter(Boolean)).sort();
    assert.deepEqual(tags, ['cpq-configurator', 'cpq-line-editor', 'cpq-product-picker', 'cpq-quote', 'cpq-quote-actions', 'cpq-quote-fields', 'cpq-quote-summary']);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
