// The layers of the kit (../shared/STYLE.md): core → catalog → rules → pricing → quote → pdf,
// then server, components and cli on top. A module imports only its own layer and the layers
// below it; this test reads every import of src/ and fails on one that points up (or sideways
// between the top layers).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src', import.meta.url));
const ORDER = ['core', 'catalog', 'rules', 'pricing', 'contract', 'quote', 'pdf'];
/** What each layer may import besides itself. */
const ALLOWED: Record<string, string[]> = {
  core: [],
  catalog: ['core'],
  rules: ['core', 'catalog'],
  pricing: ['core', 'catalog', 'rules'],
  contract: ['core', 'catalog', 'rules', 'pricing'],
  quote: ['core', 'catalog', 'rules', 'pricing', 'contract'],
  pdf: ['core', 'catalog', 'rules', 'pricing', 'contract', 'quote'],
  server: [...ORDER],
  components: [...ORDER],
  cli: [...ORDER, 'server'],
  index: ['components', ...ORDER],
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The layer of a file under src/: its first folder; src/types.ts belongs to core, src/index.ts is the entry. */
function layerOf(file: string): string {
  const parts = relative(src, file).split(sep);
  if (parts.length === 1) return /^types\.(ts|js)$/.test(parts[0]!) ? 'core' : 'index';
  return parts[0]!;
}

describe('layers', () => {
  it('every import in src/ points to its own layer or one below', () => {
    const wrong: string[] = [];
    let imports = 0;
    for (const file of files(src)) {
      const from = layerOf(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
        imports++;
        const to = layerOf(resolve(dirname(file), m[1]!));
        if (to !== from && !(ALLOWED[from] ?? []).includes(to)) wrong.push(`${relative(src, file)} (${from}) imports ${m[1]} (${to})`);
      }
    }
    assert.ok(imports > 300, `read ${imports} imports`);
    assert.deepEqual(wrong, []);
  });

  it('the check finds an upward import (it can fail)', () => {
    assert.equal(layerOf(join(src, 'catalog', 'x.ts')), 'catalog');
    assert.ok(!ALLOWED.catalog!.includes('pricing'));
  });
});
