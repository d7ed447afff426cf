#!/usr/bin/env node
// JSON Schemas of the catalog and the quote, generated from their TypeScript types in
// src/types.ts (`npm run schemas`; test/schemas.test.ts fails when the committed copies are
// stale). Editors use them to complete and check catalog files (`"$schema":
// "…/schemas/catalog.schema.json"`); the kit's own validator (`validateCatalog`,
// `npx cpq-kit validate`) remains the authority: it also checks what a schema cannot say (SKUs
// that exist, rules that can match, decimal strings' values). Unknown fields are allowed, as the
// validator allows them (a warning, not an error).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const root = fileURLToPath(new URL('..', import.meta.url));

const SCHEMAS = [
  { type: 'Catalog', file: 'catalog.schema.json', id: 'urn:cpq-kit:schema:catalog:1', title: 'cpq-kit catalog (data contract version 1)' },
  { type: 'Quote', file: 'quote.schema.json', id: 'urn:cpq-kit:schema:quote:1', title: 'cpq-kit quote (data contract version 1)' },
];

/** The schemas as JSON texts, by file name. */
export function makeSchemas() {
  const out = {};
  for (const { type, file, id, title } of SCHEMAS) {
    const generator = createGenerator({
      path: join(root, 'src/types.ts'), tsconfig: join(root, 'tsconfig.json'), type,
      skipTypeCheck: true, additionalProperties: true, expose: 'export', topRef: true, jsDoc: 'extended', sortProps: true,
    });
    const { $schema, ...schema } = generator.createSchema(type);
    out[file] = `${JSON.stringify({ $schema, $id: id, title, ...schema }, null, 2)}\n`;
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [file, text] of Object.entries(makeSchemas())) writeFileSync(join(root, 'schemas', file), text);
  console.log(`schemas: ${SCHEMAS.map((s) => s.file).join(', ')}`);
}
